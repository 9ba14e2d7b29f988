/* test-client-format.c — money, dates and times as the client writes them
 * (client/widgets/ts-format.c), in English and, where the system has the
 * locale, in French (Canada); no display needed */
#include <locale.h>
#include <math.h>

#include <glib/gi18n.h>

#include "ts-format.h"

/* Sat 14 Nov 2026, 19:30 in the test's time zone (UTC) */
#define EVENING "2026-11-14T19:30:00Z"

static void
test_money (void)
{
  g_autofree char *a = ts_format_money (3550);
  g_autofree char *b = ts_format_money (-7);
  g_autofree char *c = ts_format_money (0);

  g_assert_cmpstr (a, ==, "$35.50");
  g_assert_cmpstr (b, ==, "-$0.07");
  g_assert_cmpstr (c, ==, "$0.00");
}

/* Percentages (the reports' percent columns, the heat map) with their
 * decimals, never "nan%". */
static void
test_percent (void)
{
  g_autofree char *a = ts_format_percent (62.5, 1);
  g_autofree char *b = ts_format_percent (100, 0);
  g_autofree char *c = ts_format_percent (NAN, 1);

  g_assert_cmpstr (a, ==, "62.5%");
  g_assert_cmpstr (b, ==, "100%");
  g_assert_cmpstr (c, ==, "0.0%");
}

static void
test_times (void)
{
  static const struct { TsTimeStyle style; const char *text; } expected[] = {
    { TS_TIME_DATE, "2026-11-14" },
    { TS_TIME_CLOCK, "19:30" },
    { TS_TIME_ENTRY, "2026-11-14 19:30" },
    { TS_TIME_LIST, "Sat 2026-11-14 19:30" },
    { TS_TIME_LONG, "Sat 14 Nov 2026, 19:30" },
    { TS_TIME_LONG_UNTRANSLATED, "Sat 14 Nov 2026, 19:30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = ts_format_time (EVENING, expected[i].style);

      g_assert_cmpstr (text, ==, expected[i].text);
    }
}

/* The server's times are shown in this computer's time zone. */
static void
test_local_time (void)
{
  g_autofree char *paris = ts_format_time ("2026-11-14T19:30:00+01:00", TS_TIME_CLOCK);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) morning = g_date_time_new (tokyo, 2026, 11, 15, 7, 5, 0);
  g_autofree char *date = ts_format_date_time (morning, TS_TIME_ENTRY);
  g_autofree char *today = ts_format_today ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected_today = g_date_time_format (now, "%Y-%m-%d");

  g_assert_cmpstr (paris, ==, "18:30");
  g_assert_cmpstr (date, ==, "2026-11-14 22:05");
  g_assert_cmpstr (today, ==, expected_today);
}

/* Times are the signed-in outlet's, whatever this computer's zone: Toronto
 * at 14:30 when it is 19:30 UTC here; the computer's again without one, or
 * for a name GLib does not know. */
static void
test_outlet_zone (void)
{
  g_autofree char *toronto = NULL;
  g_autofree char *toronto_date = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *local = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  ts_format_set_time_zone ("America/Toronto");
  toronto = ts_format_time (EVENING, TS_TIME_CLOCK);
  toronto_date = ts_format_time ("2026-11-15T02:00:00Z", TS_TIME_DATE);
  zone = ts_format_get_time_zone ();
  ts_format_set_time_zone ("Mars/Olympus_Mons");
  unknown = ts_format_time (EVENING, TS_TIME_CLOCK);
  ts_format_set_time_zone (NULL);
  local = ts_format_time (EVENING, TS_TIME_CLOCK);

  g_assert_cmpstr (toronto, ==, "14:30");
  g_assert_cmpstr (toronto_date, ==, "2026-11-14");        /* still the 14th there */
  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, "America/Toronto");
  g_assert_cmpstr (unknown, ==, "19:30");
  g_assert_cmpstr (local, ==, "19:30");
}

/* What the server did not send, or sent as something else, is shown as it is. */
static void
test_not_a_time (void)
{
  g_autofree char *none = ts_format_time (NULL, TS_TIME_LONG);
  g_autofree char *empty = ts_format_time ("", TS_TIME_DATE);
  g_autofree char *text = ts_format_time ("tomorrow", TS_TIME_CLOCK);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (text, ==, "tomorrow");
}

/* French (Canada): the translated forms, and the one that is not. */
static void
test_french (void)
{
  g_autofree char *money = NULL;
  g_autofree char *long_time = NULL;
  g_autofree char *untranslated = NULL;
  g_autofree char *percent = NULL;

  if (setlocale (LC_ALL, "fr_CA.UTF-8") == NULL)
    {
      g_test_skip ("no fr_CA.UTF-8 locale here (localedef -i fr_CA -f UTF-8, and LOCPATH)");
      return;
    }
  money = ts_format_money (123456);
  percent = ts_format_percent (62.5, 1);
  /* the names of the day and month are the client's language's even where
   * the C library would write them in English (LC_TIME left in C, as on a
   * computer run with LANGUAGE=fr_CA only): "Sat 14 Nov" before */
  setlocale (LC_TIME, "C");
  long_time = ts_format_time (EVENING, TS_TIME_LONG);
  untranslated = ts_format_time (EVENING, TS_TIME_LONG_UNTRANSLATED);
  setlocale (LC_ALL, "C");
  g_assert_cmpstr (money, ==, "1\u00a0234,56\u00a0$");     /* thousands grouped; no-break spaces */
  g_assert_cmpstr (percent, ==, "62,5\u202f%");          /* a decimal comma, a narrow no-break space */
  /* the day's and month's names are the client's catalogue's ("sam. 14
   * nov."); the translation puts no-break spaces round "h" */
  g_assert_true (g_str_has_prefix (long_time, "sam. 14 nov. 2026"));
  g_assert_true (g_str_has_suffix (long_time, " 2026, 19\u00a0h\u00a030"));
  g_assert_true (g_str_has_prefix (untranslated, "sam. 14 nov. 2026"));
  g_assert_true (g_str_has_suffix (untranslated, " 2026, 19:30"));
}

int
main (int   argc,
      char *argv[])
{
  /* dates in a known zone; built into GLib, so no time zone data needed */
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C");
  bindtextdomain (GETTEXT_PACKAGE, TS_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/format/money", test_money);
  g_test_add_func ("/client/format/percent", test_percent);
  g_test_add_func ("/client/format/times", test_times);
  g_test_add_func ("/client/format/local-time", test_local_time);
  g_test_add_func ("/client/format/outlet-zone", test_outlet_zone);
  g_test_add_func ("/client/format/not-a-time", test_not_a_time);
  g_test_add_func ("/client/format/french", test_french);
  return g_test_run ();
}
