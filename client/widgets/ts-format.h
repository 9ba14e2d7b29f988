/* ts-format.h — how the client writes money, dates and times for people:
 * one place for every screen, in the reader's language and the signed-in
 * outlet's time zone */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Cents as the reader's locale writes money: "$35.00", "-$5.00" in
 * English, « 35,00 $ » in French (Canada).  Never through a double
 * (ts_money_format_local, which the unit tests and the fuzzer check). */
char *ts_format_money     (gint64       cents);

/* How much of a time is written, and how.  Examples are English; the
 * names of days and months are the reader's language's. */
typedef enum
{
  TS_TIME_DATE,                /* 2026-11-14 */
  TS_TIME_CLOCK,               /* 19:30 */
  TS_TIME_ENTRY,               /* 2026-11-14 19:30, as typed into an entry
                                * (ts_season_parse_time reads it back) */
  TS_TIME_LIST,                /* Sat 2026-11-14 19:30, in season lists */
  TS_TIME_LONG,                /* Sat 14 Nov 2026, 19:30, translated:
                                * « sam 14 nov 2026, 19 h 30 » in French */
  TS_TIME_LONG_UNTRANSLATED,   /* Sat 14 Nov 2026, 19:30 in every language:
                                * the performance picker's, as it always
                                * was; TS_TIME_LONG is what it means */
} TsTimeStyle;

/* The zone every time is shown in: the signed-in outlet's (its IANA name,
 * set at sign-in from the session), whatever this computer's own zone; the
 * computer's for NULL (the Master User, signed out) or a name GLib does not
 * know.  A box office in Toronto reads its performances in Toronto time even
 * on a remote desktop in another zone. */
void       ts_format_set_time_zone (const char *identifier);
/* The zone times are shown in now (a new reference), and the time now in it. */
GTimeZone *ts_format_get_time_zone (void);
GDateTime *ts_format_now           (void);

/* An ISO 8601 time from the server, in the outlet's time: "" for NULL or
 * "", the text itself when it is not a time. */
char *ts_format_time      (const char  *iso8601,
                           TsTimeStyle  style);
/* when, in the outlet's time. */
char *ts_format_date_time (GDateTime   *when,
                           TsTimeStyle  style);
/* when as g_date_time_format() writes it in its own zone, but %a and %b
 * (the day's and month's short names) in the client's language, from its
 * catalogue rather than the C library's LC_TIME. */
char *ts_format_with_pattern (GDateTime  *when,
                              const char *pattern);
/* Today's date in the outlet's time, TS_TIME_DATE. */
char *ts_format_today     (void);

/* A percentage (0–100) with that many decimals, as the reader's language
 * writes it: "62.5%" in English, « 62,5 % » in French (Canada). */
char *ts_format_percent   (double       percent,
                           guint        decimals);

G_END_DECLS
