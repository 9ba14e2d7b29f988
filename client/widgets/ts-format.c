/* ts-format.c — money, dates and times as people read them */
#include <glib/gi18n.h>

#include "ts-money.h"
#include "ts-format.h"

/* NULL: this computer's zone.  Set from the main thread only. */
static GTimeZone *outlet_zone;

static const char *
pattern (TsTimeStyle style)
{
  switch (style)
    {
    case TS_TIME_DATE:
      return "%Y-%m-%d";
    case TS_TIME_CLOCK:
      return "%H:%M";
    case TS_TIME_ENTRY:
      return "%Y-%m-%d %H:%M";
    case TS_TIME_LIST:
      return "%a %Y-%m-%d %H:%M";
    case TS_TIME_LONG:
      /* TRANSLATORS: a performance's date and time, as g_date_time_format()
       * writes it; French (Canada): "%a %-d %b %Y, %H h %M" */
      /* xgettext:no-c-format */
      return _("%a %-d %b %Y, %H:%M");
    case TS_TIME_LONG_UNTRANSLATED:
      return "%a %-d %b %Y, %H:%M";
    default:
      g_return_val_if_reached ("%Y-%m-%d %H:%M");
    }
}

void
ts_format_set_time_zone (const char *identifier)
{
  g_clear_pointer (&outlet_zone, g_time_zone_unref);
  if (identifier != NULL && *identifier != '\0')
    outlet_zone = g_time_zone_new_identifier (identifier);
}

GTimeZone *
ts_format_get_time_zone (void)
{
  return outlet_zone != NULL ? g_time_zone_ref (outlet_zone) : g_time_zone_new_local ();
}

GDateTime *
ts_format_now (void)
{
  g_autoptr(GTimeZone) zone = ts_format_get_time_zone ();

  return g_date_time_new_now (zone);
}

char *
ts_format_money (gint64 cents)
{
  return ts_money_format_local (cents);
}

char *
ts_format_time (const char  *iso8601,
                TsTimeStyle  style)
{
  g_autoptr(GDateTime) when = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return g_strdup ("");
  when = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (when == NULL)
    return g_strdup (iso8601);
  return ts_format_date_time (when, style);
}

char *
ts_format_date_time (GDateTime   *when,
                     TsTimeStyle  style)
{
  g_autoptr(GTimeZone) zone = ts_format_get_time_zone ();
  g_autoptr(GDateTime) there = g_date_time_to_timezone (when, zone);

  return g_date_time_format (there, pattern (style));
}

char *
ts_format_today (void)
{
  g_autoptr(GDateTime) now = ts_format_now ();

  return ts_format_date_time (now, TS_TIME_DATE);
}
