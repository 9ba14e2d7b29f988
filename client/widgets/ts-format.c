/* ts-format.c — money, dates and times as people read them */
#include <math.h>

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

/* The short names of days and months in the language the client speaks,
 * from its own catalogue: the C library's come from LC_TIME, which may say
 * English ("Sat 14 Nov") in a client that speaks French (LANGUAGE=fr_CA on a
 * computer without the fr_CA locale, or LANG left in English). */
static const char *
weekday_name (int day)                  /* 1 Monday … 7 Sunday */
{
  switch (day)
    {
    case 1: return C_("abbreviated weekday", "Mon");
    case 2: return C_("abbreviated weekday", "Tue");
    case 3: return C_("abbreviated weekday", "Wed");
    case 4: return C_("abbreviated weekday", "Thu");
    case 5: return C_("abbreviated weekday", "Fri");
    case 6: return C_("abbreviated weekday", "Sat");
    default: return C_("abbreviated weekday", "Sun");
    }
}

static const char *
month_name (int month)                  /* 1 January … 12 December */
{
  switch (month)
    {
    case 1: return C_("abbreviated month", "Jan");
    case 2: return C_("abbreviated month", "Feb");
    case 3: return C_("abbreviated month", "Mar");
    case 4: return C_("abbreviated month", "Apr");
    case 5: return C_("abbreviated month", "May");
    case 6: return C_("abbreviated month", "Jun");
    case 7: return C_("abbreviated month", "Jul");
    case 8: return C_("abbreviated month", "Aug");
    case 9: return C_("abbreviated month", "Sep");
    case 10: return C_("abbreviated month", "Oct");
    case 11: return C_("abbreviated month", "Nov");
    default: return C_("abbreviated month", "Dec");
    }
}

/* The pattern with %a and %b written out as names, their own "%" doubled. */
static char *
with_names (const char *format,
            GDateTime  *when)
{
  GString *out = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      const char *name = NULL;

      if (p[0] == '%' && p[1] == 'a')
        name = weekday_name (g_date_time_get_day_of_week (when));
      else if (p[0] == '%' && p[1] == 'b')
        name = month_name (g_date_time_get_month (when));
      else if (p[0] == '%' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);   /* "%%" stays whole */
          p++;
          continue;
        }
      if (name == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      for (const char *n = name; *n != '\0'; n++)
        {
          if (*n == '%')
            g_string_append_c (out, '%');
          g_string_append_c (out, *n);
        }
      p++;
    }
  return g_string_free (out, FALSE);
}

char *
ts_format_date_time (GDateTime   *when,
                     TsTimeStyle  style)
{
  g_autoptr(GTimeZone) zone = ts_format_get_time_zone ();
  g_autoptr(GDateTime) there = g_date_time_to_timezone (when, zone);

  return ts_format_with_pattern (there, pattern (style));
}

char *
ts_format_with_pattern (GDateTime  *when,
                        const char *pattern)
{
  g_autofree char *format = with_names (pattern, when);

  return g_date_time_format (when, format);
}

char *
ts_format_today (void)
{
  g_autoptr(GDateTime) now = ts_format_now ();

  return ts_format_date_time (now, TS_TIME_DATE);
}

char *
ts_format_percent (double percent,
                   guint  decimals)
{
  static const char *const formats[] = { "%.0f", "%.1f", "%.2f" };
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) written = g_string_new (NULL);

  if (!isfinite (percent))
    percent = 0;
  g_ascii_formatd (number, sizeof number, formats[MIN (decimals, 2)], percent);
  /* the decimal sign of the client's language, from its catalogue as money's
   * is, whatever the C library's locale says */
  for (const char *p = number; *p != '\0'; p++)
    if (*p == '.')
      g_string_append (written, C_("decimal sign", "."));
    else
      g_string_append_c (written, *p);
  /* TRANSLATORS: a percentage, its number already written; French
   * (Canada) puts a narrow no-break space before the sign */
  return g_strdup_printf (_("%s%%"), written->str);
}
