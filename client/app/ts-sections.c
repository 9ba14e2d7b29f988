/* ts-sections.c — the level → sections rule
 *
 * C4: each level does everything the levels below it can.  Staff: reports and
 * patron work; Walk-up Sales adds day-of-show selling; Box Office Manager adds
 * season setup (events); Outlet Administrator and the Master User add
 * administration.  Scanner and No Access see no section. */
#include <glib/gi18n.h>

#include "ts-sections.h"

guint
ts_sections_for_level (TsLevel level)
{
  guint sections = 0;

  if (level >= TS_LEVEL_STAFF)
    sections |= TS_SECTION_PATRONS | TS_SECTION_REPORTS;
  if (level >= TS_LEVEL_WALKUP)
    sections |= TS_SECTION_SALES;
  if (level >= TS_LEVEL_MANAGER)
    sections |= TS_SECTION_EVENTS;
  if (level >= TS_LEVEL_ADMIN)
    sections |= TS_SECTION_ADMINISTRATION;
  return sections;
}

const char *
ts_section_id (TsSection section)
{
  switch (section)
    {
    case TS_SECTION_SALES: return "sales";
    case TS_SECTION_PATRONS: return "patrons";
    case TS_SECTION_EVENTS: return "events";
    case TS_SECTION_REPORTS: return "reports";
    case TS_SECTION_ADMINISTRATION: return "administration";
    default: return NULL;
    }
}

const char *
ts_section_title (TsSection section)
{
  switch (section)
    {
    case TS_SECTION_SALES: return _("Sales");
    case TS_SECTION_PATRONS: return _("Patrons");
    case TS_SECTION_EVENTS: return _("Events");
    case TS_SECTION_REPORTS: return _("Reports");
    case TS_SECTION_ADMINISTRATION: return _("Administration");
    default: return NULL;
    }
}

const char *
ts_section_icon (TsSection section)
{
  switch (section)
    {
    case TS_SECTION_SALES: return "emblem-documents-symbolic";
    case TS_SECTION_PATRONS: return "system-users-symbolic";
    case TS_SECTION_EVENTS: return "x-office-calendar-symbolic";
    case TS_SECTION_REPORTS: return "x-office-spreadsheet-symbolic";
    case TS_SECTION_ADMINISTRATION: return "preferences-system-symbolic";
    default: return NULL;
    }
}
