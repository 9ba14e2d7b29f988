/* ts-level.c — employee levels and grant rules
 *
 * C5: an employee grants only levels at or below its own and cannot change an
 * employee above its own level.  C2 narrows that: only the Master User creates
 * or edits Outlet Administrator accounts, and nobody can grant Master.
 */
#include <glib/gi18n-lib.h>

#include "ts-level.h"

static const char *level_names[] = {
  [TS_LEVEL_NO_ACCESS] = "no_access",
  [TS_LEVEL_SCANNER] = "scanner",
  [TS_LEVEL_STAFF] = "staff",
  [TS_LEVEL_WALKUP] = "walkup",
  [TS_LEVEL_BOX_OFFICE] = "box_office",
  [TS_LEVEL_MANAGER] = "box_office_manager",
  [TS_LEVEL_ADMIN] = "outlet_admin",
  [TS_LEVEL_MASTER] = "master",
};

const char *
ts_level_to_string (TsLevel level)
{
  if ((guint) level > TS_LEVEL_LAST)
    return "no_access";
  return level_names[level];
}

gboolean
ts_level_from_string (const char *name,
                      TsLevel    *out_level)
{
  g_return_val_if_fail (out_level != NULL, FALSE);

  for (guint i = 0; name != NULL && i <= TS_LEVEL_LAST; i++)
    {
      if (g_str_equal (level_names[i], name))
        {
          *out_level = (TsLevel) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ts_level_display_name (TsLevel level)
{
  switch (level)
    {
    case TS_LEVEL_NO_ACCESS: return _("No Access");
    case TS_LEVEL_SCANNER: return _("Scanner");
    case TS_LEVEL_STAFF: return _("Staff");
    case TS_LEVEL_WALKUP: return _("Walk-up Sales");
    case TS_LEVEL_BOX_OFFICE: return _("Box Office");
    case TS_LEVEL_MANAGER: return _("Box Office Manager");
    case TS_LEVEL_ADMIN: return _("Outlet Administrator");
    case TS_LEVEL_MASTER: return _("Master User");
    default: return _("No Access");
    }
}

gboolean
ts_level_can_grant (TsLevel actor,
                    TsLevel granted)
{
  if (granted == TS_LEVEL_MASTER)
    return FALSE;                       /* C2: exactly one Master User, never granted */
  if (granted == TS_LEVEL_ADMIN)
    return actor == TS_LEVEL_MASTER;    /* C2 */
  return actor >= TS_LEVEL_ADMIN && granted <= actor;
}

gboolean
ts_level_can_manage (TsLevel actor,
                     TsLevel target)
{
  if (target == TS_LEVEL_MASTER)
    return FALSE;
  if (target == TS_LEVEL_ADMIN)
    return actor == TS_LEVEL_MASTER;    /* C2 */
  return actor >= TS_LEVEL_ADMIN && target <= actor;   /* C4.5, C5 */
}
