/* test-common.c — unit tests of common/: levels and grant rules, money,
 * validation, JSON helpers, error names */
#include <string.h>

#include "tessera-common.h"

static void
test_levels_order_and_names (void)
{
  TsLevel level;

  /* C4: each level can do everything below it */
  g_assert_cmpint (TS_LEVEL_STAFF, <, TS_LEVEL_WALKUP);
  g_assert_cmpint (TS_LEVEL_WALKUP, <, TS_LEVEL_BOX_OFFICE);
  g_assert_cmpint (TS_LEVEL_BOX_OFFICE, <, TS_LEVEL_MANAGER);
  g_assert_cmpint (TS_LEVEL_MANAGER, <, TS_LEVEL_ADMIN);
  g_assert_cmpint (TS_LEVEL_ADMIN, <, TS_LEVEL_MASTER);

  for (guint i = 0; i <= TS_LEVEL_LAST; i++)
    {
      g_assert_true (ts_level_from_string (ts_level_to_string (i), &level));
      g_assert_cmpint (level, ==, i);
      g_assert_nonnull (ts_level_display_name (i));
    }
  g_assert_false (ts_level_from_string ("superuser", &level));
  g_assert_false (ts_level_from_string (NULL, &level));
  g_assert_cmpstr (ts_level_to_string (TS_LEVEL_MANAGER), ==, "box_office_manager");
}

static void
test_levels_grant_rules (void)
{
  /* C5: at or below one's own level; C2: only the Master User grants Outlet
   * Administrator, nobody grants Master */
  g_assert_true (ts_level_can_grant (TS_LEVEL_ADMIN, TS_LEVEL_MANAGER));
  g_assert_true (ts_level_can_grant (TS_LEVEL_ADMIN, TS_LEVEL_STAFF));
  g_assert_true (ts_level_can_grant (TS_LEVEL_ADMIN, TS_LEVEL_NO_ACCESS));
  g_assert_false (ts_level_can_grant (TS_LEVEL_ADMIN, TS_LEVEL_ADMIN));
  g_assert_false (ts_level_can_grant (TS_LEVEL_ADMIN, TS_LEVEL_MASTER));
  g_assert_true (ts_level_can_grant (TS_LEVEL_MASTER, TS_LEVEL_ADMIN));
  g_assert_false (ts_level_can_grant (TS_LEVEL_MASTER, TS_LEVEL_MASTER));
  /* C4.5: managing employees is the administrator's job */
  g_assert_false (ts_level_can_grant (TS_LEVEL_MANAGER, TS_LEVEL_STAFF));
  g_assert_false (ts_level_can_grant (TS_LEVEL_STAFF, TS_LEVEL_STAFF));

  g_assert_true (ts_level_can_manage (TS_LEVEL_ADMIN, TS_LEVEL_BOX_OFFICE));
  g_assert_false (ts_level_can_manage (TS_LEVEL_ADMIN, TS_LEVEL_ADMIN));
  g_assert_false (ts_level_can_manage (TS_LEVEL_ADMIN, TS_LEVEL_MASTER));
  g_assert_true (ts_level_can_manage (TS_LEVEL_MASTER, TS_LEVEL_ADMIN));
  g_assert_false (ts_level_can_manage (TS_LEVEL_MASTER, TS_LEVEL_MASTER));
  g_assert_false (ts_level_can_manage (TS_LEVEL_BOX_OFFICE, TS_LEVEL_STAFF));
}

static void
test_money (void)
{
  struct { const char *text; gint64 cents; } good[] = {
    { "35", 3500 }, { "35.5", 3550 }, { "35.50", 3550 }, { "0.07", 7 }, { "-2.00", -200 },
    { "$12.34", 1234 }, { "1 234,50", 123450 }, { " 9.99 ", 999 }, { "0", 0 },
    { "$1,440.00", 144000 }, { "1,234,567.89", 123456789 }, { "1.234,50", 123450 },
    { "1\xc2\xa0" "440,00", 144000 }, { "1\xe2\x80\xaf" "440,00", 144000 },
    { "35,00 $", 3500 }, { "1\xc2\xa0" "440,00\xc2\xa0$", 144000 }, { "-7,50$", -750 },
  };
  const char *bad[] = { "", "abc", "1.234", "1.2.3", "12a", "--1", "1e5", "1,23.00", "1,2345.00",
                       ",123.00", "3 $ 5", "$$3", "3 $$", NULL };
  g_autofree char *a = ts_money_format (3550, NULL);
  g_autofree char *b = ts_money_format (-7, "CAD");
  g_autofree char *c = ts_money_format (123456789, "CAD");
  g_autofree char *d = ts_money_format_local (3550);          /* untranslated: English */
  g_autofree char *e = ts_money_format_local (-7);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 cents = -1;
      g_autoptr(GError) error = NULL;

      g_assert_true (ts_money_parse (good[i].text, &cents, &error));
      g_assert_no_error (error);
      g_assert_cmpint (cents, ==, good[i].cents);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      gint64 cents = 42;
      g_autoptr(GError) error = NULL;

      g_assert_false (ts_money_parse (bad[i], &cents, &error));
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      g_assert_cmpint (cents, ==, 42);
    }
  g_assert_cmpstr (a, ==, "$35.50");
  g_assert_cmpstr (b, ==, "-0.07 CAD");
  g_assert_cmpstr (c, ==, "1234567.89 CAD");
  g_assert_cmpstr (d, ==, "$35.50");
  g_assert_cmpstr (e, ==, "-$0.07");
  /* thousands grouped for people, and read back as typed (a total of 32 seats
   * read "$1440.00") */
  for (guint i = 0; i < 4; i++)
    {
      const gint64 amounts[] = { 144000, -123456789, 99999, 100000 };
      const char *written[] = { "$1,440.00", "-$1,234,567.89", "$999.99", "$1,000.00" };
      g_autofree char *text = ts_money_format_local (amounts[i]);
      gint64 back = 0;

      g_assert_cmpstr (text, ==, written[i]);
      g_assert_true (ts_money_parse (text, &back, NULL));
      g_assert_cmpint (back, ==, amounts[i]);
    }
}

typedef gboolean (*Check) (const char *, const char *, GError **);

static void
expect (Check       check,
        const char *value,
        gboolean    valid)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = check ("field", value, &error);

  if (ok != valid)
    g_error ("“%s” should be %s", value ? value : "(null)", valid ? "valid" : "refused");
  if (!valid)
    {
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "field: "));
    }
}

static void
test_validation (void)
{
  expect (ts_validate_email, "box@uth.example.org", TRUE);
  expect (ts_validate_email, NULL, TRUE);
  expect (ts_validate_email, "nope", FALSE);
  expect (ts_validate_email, "a@b", FALSE);
  expect (ts_validate_email, "a@@b.org", FALSE);
  expect (ts_validate_email, "a b@c.org", FALSE);

  expect (ts_validate_phone, "416-555-0100", TRUE);
  expect (ts_validate_phone, "+1 (416) 555-0100 x12", TRUE);
  expect (ts_validate_phone, "555", FALSE);
  expect (ts_validate_phone, "call me", FALSE);

  expect (ts_validate_web_site, "https://uth.example.org", TRUE);
  expect (ts_validate_web_site, "ftp://uth.example.org", FALSE);
  expect (ts_validate_web_site, "uth.example.org", FALSE);

  /* F3: a storefront's host name and colour */
  expect (ts_validate_host_name, "shop.example.org", TRUE);
  expect (ts_validate_host_name, "Tickets-2.UTH.example.org", TRUE);
  expect (ts_validate_host_name, "uth.localhost", TRUE);
  /* the server's own names: never a storefront's */
  expect (ts_validate_host_name, "localhost", FALSE);
  expect (ts_validate_host_name, "LocalHost", FALSE);
  expect (ts_validate_host_name, "127.0.0.1", FALSE);
  expect (ts_validate_host_name, "10.1.2.3", FALSE);
  expect (ts_validate_host_name, NULL, TRUE);
  expect (ts_validate_host_name, "https://shop.example.org", FALSE);
  expect (ts_validate_host_name, "shop.example.org:8443", FALSE);
  expect (ts_validate_host_name, "shop.example.org/uth", FALSE);
  expect (ts_validate_host_name, "-shop.example.org", FALSE);
  expect (ts_validate_host_name, "shop-.example.org", FALSE);
  expect (ts_validate_host_name, "shop..example.org", FALSE);
  expect (ts_validate_host_name, "shop.example.org.", FALSE);
  expect (ts_validate_host_name, "shop example.org", FALSE);
  expect (ts_validate_host_name, "bo\xc3\xaete.example.org", FALSE);
  {
    g_autofree char *a64 = g_strnfill (64, 'a');
    g_autofree char *long_label = g_strdup_printf ("%s.example.org", a64);
    g_autofree char *label_63 = g_strdup_printf ("%s.example.org", a64 + 1);

    expect (ts_validate_host_name, long_label, FALSE);
    expect (ts_validate_host_name, label_63, TRUE);
  }
  expect (ts_validate_colour, "#1d4f91", TRUE);
  expect (ts_validate_colour, "#1D4F91", TRUE);
  expect (ts_validate_colour, "1d4f91", FALSE);
  expect (ts_validate_colour, "#1d4f9", FALSE);
  expect (ts_validate_colour, "#1d4f9g", FALSE);
  expect (ts_validate_colour, "red", FALSE);
  expect (ts_validate_colour, NULL, FALSE);

  expect (ts_validate_time_zone, "America/Toronto", TRUE);
  expect (ts_validate_time_zone, "UTC", TRUE);
  expect (ts_validate_time_zone, "Mars/Base", FALSE);
  expect (ts_validate_time_zone, "+05:00", FALSE);
  expect (ts_validate_time_zone, NULL, FALSE);
  expect (ts_validate_time_zone, "Etc/GMT+5", TRUE);
  expect (ts_validate_time_zone, "America/Argentina/Buenos_Aires", TRUE);
  /* a name, never a file's path (GLib would read the file) */
  expect (ts_validate_time_zone, "/etc/localtime", FALSE);
  expect (ts_validate_time_zone, "../zoneinfo/UTC", FALSE);
  expect (ts_validate_time_zone, "America/../America/Toronto", FALSE);
  expect (ts_validate_time_zone, "America//Toronto", FALSE);

  expect (ts_validate_currency, "CAD", TRUE);
  expect (ts_validate_currency, "cad", FALSE);
  expect (ts_validate_currency, "CADX", FALSE);

  expect (ts_validate_outlet_code, "UTH", TRUE);
  expect (ts_validate_outlet_code, "T20", TRUE);
  expect (ts_validate_outlet_code, "u", FALSE);
  expect (ts_validate_outlet_code, "uth", FALSE);
  expect (ts_validate_outlet_code, "ABCDEFGHIJK", FALSE);

  expect (ts_validate_login, "j.doe-2", TRUE);
  expect (ts_validate_login, "j doe", FALSE);
  expect (ts_validate_login, "x", FALSE);

  expect (ts_validate_password, "eight888", TRUE);
  expect (ts_validate_password, "seven77", FALSE);

  expect (ts_validate_date, "2024-02-29", TRUE);
  expect (ts_validate_date, "2023-02-29", FALSE);
  expect (ts_validate_date, "2024-13-01", FALSE);
  expect (ts_validate_date, "24-01-01", FALSE);
  expect (ts_validate_date, "0001-01-01", TRUE);
  expect (ts_validate_date, "0000-01-01", FALSE);
  /* exactly YYYY-MM-DD: scanf took signs and blanks (found by fuzzing) */
  expect (ts_validate_date, "-026-11-24", FALSE);
  expect (ts_validate_date, "+026-11-24", FALSE);
  expect (ts_validate_date, " 202-11-24", FALSE);
  expect (ts_validate_date, "2026-+1-24", FALSE);
  expect (ts_validate_date, "2026-11- 4", FALSE);
  expect (ts_validate_date, "2026/11/24", FALSE);

  expect (ts_validate_timestamp, "2026-11-24T19:30:00-05:00", TRUE);
  expect (ts_validate_timestamp, "2026-11-24T19:30:00.25Z", TRUE);
  expect (ts_validate_timestamp, "2026-11-24T19:30:00", FALSE);      /* no offset */
  expect (ts_validate_timestamp, "2026-11-24 19:30:00Z", FALSE);
  expect (ts_validate_timestamp, "2026-02-30T19:30:00Z", FALSE);
  expect (ts_validate_timestamp, "2026-W48-2T19:30:00Z", FALSE);
}

static void
test_validation_text_and_svg (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ts_validate_required ("name", "Théâtre", 10, NULL));
  g_assert_false (ts_validate_required ("name", "   ", 10, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ts_validate_optional ("name", "Théâtre du Nouveau Monde", 10, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ts_validate_optional ("name", "a\001b", 10, &error));
  g_clear_error (&error);
  g_assert_false (ts_validate_optional ("name", "\xff\xfe", 10, &error));
  g_clear_error (&error);

  g_assert_true (ts_validate_svg ("logo", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", 1000, NULL));
  g_assert_false (ts_validate_svg ("logo", "<svg><script>alert(1)</script></svg>", 1000, &error));
  g_clear_error (&error);
  {
    const char *hostile[] = {
      "<svg><ScRiPt>alert(1)</ScRiPt></svg>",
      "<svg onload=\"alert(1)\"></svg>",
      "<svg><rect ONCLICK = 'x()'/></svg>",
      "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
      "<svg><image href=\"http://tracker.example.org/p.png\"/></svg>",
      "<svg><use xlink:href='https://example.org/x.svg#a'/></svg>",
      "<svg><foreignObject></foreignObject></svg>",
      NULL
    };

    for (guint i = 0; hostile[i] != NULL; i++)
      {
        if (ts_validate_svg ("logo", hostile[i], 1000, &error))
          g_error ("accepted a hostile logo: %s", hostile[i]);
        g_clear_error (&error);
      }
    g_assert_true (ts_validate_svg ("logo", "<svg><defs><g id=\"a\"/></defs><use href=\"#a\"/>"
                                    "<image href=\"data:image/png;base64,AAAA\"/><text>Once upon</text></svg>",
                                    1000, &error));
    g_assert_no_error (error);
  }
  g_assert_false (ts_validate_svg ("logo", "<html></html>", 1000, &error));
  g_clear_error (&error);
  g_assert_false (ts_validate_svg ("logo", "<svg></svg>", 5, &error));
  g_clear_error (&error);

  g_assert_true (ts_validate_int_range ("n", 15, 1, 1440, NULL));
  g_assert_false (ts_validate_int_range ("n", 0, 1, 1440, &error));
}

static void
test_json_helpers (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"s\": \"x\", \"i\": 4, \"b\": true, \"n\": null}", NULL);
  JsonObject *o = json_node_get_object (node);
  static const char * const allowed[] = { "s", "i", "b", "n", NULL };
  static const char * const fewer[] = { "s", NULL };
  g_autoptr(GError) error = NULL;
  const char *s;
  gint64 i;
  gboolean b, present;

  g_assert_true (ts_json_get_string (o, "s", TRUE, &s, &present, NULL));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (present);
  g_assert_true (ts_json_get_int (o, "i", TRUE, &i, NULL, NULL));
  g_assert_cmpint (i, ==, 4);
  g_assert_true (ts_json_get_bool (o, "b", TRUE, &b, NULL, NULL));
  g_assert_true (b);

  /* null is "present but empty"; absent is not present */
  g_assert_true (ts_json_get_string (o, "n", FALSE, &s, &present, NULL));
  g_assert_null (s);
  g_assert_true (present);
  g_assert_true (ts_json_get_string (o, "missing", FALSE, &s, &present, NULL));
  g_assert_false (present);
  g_assert_false (ts_json_get_string (o, "missing", TRUE, &s, NULL, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);

  /* wrong types are refused, naming the member */
  g_assert_false (ts_json_get_int (o, "s", TRUE, &i, NULL, &error));
  g_assert_nonnull (strstr (error->message, "s:"));
  g_clear_error (&error);
  g_assert_false (ts_json_get_string (o, "i", TRUE, &s, NULL, &error));
  g_clear_error (&error);

  g_assert_true (ts_json_check_members (o, allowed, NULL));
  g_assert_false (ts_json_check_members (o, fewer, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
}

/* One member read and validated in one call: the steps in one order (null,
 * type and presence, value), so each field words its refusals alike in
 * every route. */
static void
test_json_fields (void)
{
  g_autoptr(JsonNode) node = json_from_string (
    "{\"name\": \"Hall\", \"blank\": \"  \", \"nothing\": null, \"count\": 7, \"zero\": 0,"
    " \"big\": 2147483648, \"text\": \"t\"}", NULL);
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GError) error = NULL;
  const char *s;
  gint64 i;
  gboolean present;

  g_assert_true (ts_json_field_text (o, "name", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 10, &s, NULL, NULL));
  g_assert_cmpstr (s, ==, "Hall");
  g_assert_false (ts_json_field_text (o, "name", TS_JSON_FIELD_OPTIONAL, 3, &s, NULL, &error));
  g_assert_cmpstr (error->message, ==, "name: is longer than 3 characters");
  g_clear_error (&error);
  g_assert_false (ts_json_field_text (o, "blank", TS_JSON_FIELD_NOT_BLANK, 10, &s, NULL, &error));
  g_assert_cmpstr (error->message, ==, "blank: is required");
  g_clear_error (&error);
  g_assert_true (ts_json_field_text (o, "blank", TS_JSON_FIELD_OPTIONAL, 10, &s, NULL, NULL));
  /* null: absent, unless the field cannot be cleared */
  g_assert_true (ts_json_field_text (o, "nothing", TS_JSON_FIELD_NOT_BLANK, 10, &s, &present, NULL));
  g_assert_null (s);
  g_assert_true (present);
  g_assert_false (ts_json_field_text (o, "nothing", TS_JSON_FIELD_REQUIRED, 10, &s, NULL, &error));
  g_assert_cmpstr (error->message, ==, "nothing: is required");
  g_clear_error (&error);
  g_assert_false (ts_json_field_text (o, "nothing", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_NULL, 10, &s, NULL, &error));
  g_assert_cmpstr (error->message, ==, "nothing: cannot be empty");
  g_clear_error (&error);
  g_assert_false (ts_json_field_text (o, "missing", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_NULL, 10, &s, NULL, &error));
  g_assert_cmpstr (error->message, ==, "missing: is required");
  g_clear_error (&error);
  g_assert_false (ts_json_field_text (o, "count", TS_JSON_FIELD_OPTIONAL, 10, &s, NULL, &error));
  g_assert_cmpstr (error->message, ==, "count: must be a string");
  g_clear_error (&error);

  g_assert_true (ts_json_field_int (o, "count", TS_JSON_FIELD_REQUIRED, 1, 10, &i, &present, NULL));
  g_assert_cmpint (i, ==, 7);
  g_assert_false (ts_json_field_int (o, "zero", TS_JSON_FIELD_OPTIONAL, 1, 10, &i, NULL, &error));
  g_assert_cmpstr (error->message, ==, "zero: must be between 1 and 10");
  g_clear_error (&error);
  /* the column's range first, then the field's */
  g_assert_false (ts_json_field_int (o, "big", TS_JSON_FIELD_OPTIONAL, 1, G_MAXINT32, &i, NULL, &error));
  g_assert_cmpstr (error->message, ==, "big: must be a whole number from -2147483648 to 2147483647");
  g_clear_error (&error);
  g_assert_true (ts_json_field_int (o, "big", TS_JSON_FIELD_BIGINT, 1, G_MAXINT64, &i, NULL, NULL));
  g_assert_cmpint (i, ==, G_GINT64_CONSTANT (2147483648));
  /* a null clears: present, 0, and no range to fail */
  g_assert_true (ts_json_field_int (o, "nothing", TS_JSON_FIELD_OPTIONAL, 1, 10, &i, &present, NULL));
  g_assert_true (present);
  g_assert_cmpint (i, ==, 0);
  g_assert_false (ts_json_field_int (o, "nothing", TS_JSON_FIELD_NOT_NULL, 1, 10, &i, NULL, &error));
  g_assert_cmpstr (error->message, ==, "nothing: cannot be empty");
  g_clear_error (&error);
  g_assert_true (ts_json_field_int (o, "missing", TS_JSON_FIELD_NOT_NULL, 1, 10, &i, &present, NULL));
  g_assert_false (present);

  g_assert_true (ts_json_field_id (o, "count", TS_JSON_FIELD_REQUIRED, &i, NULL, NULL));
  g_assert_cmpint (i, ==, 7);
  g_assert_false (ts_json_field_id (o, "zero", TS_JSON_FIELD_OPTIONAL, &i, NULL, &error));
  g_assert_cmpstr (error->message, ==, "zero: must be an id (a whole number from 1 to 2147483647)");
  g_clear_error (&error);
  g_assert_false (ts_json_field_id (o, "nothing", TS_JSON_FIELD_NOT_NULL, &i, NULL, &error));
  g_assert_cmpstr (error->message, ==, "nothing: cannot be empty");
}

/* Issue 9: what PostgreSQL could not take is refused here, naming the
 * member, and no getter logs a critical whatever type it meets. */
static void
test_json_ranges_and_lists (void)
{
  g_autoptr(JsonNode) node = json_from_string (
    "{\"small\": 2147483647, \"big\": 2147483648, \"negative\": -2147483649, \"huge\": 9223372036854775807,"
    " \"zero\": 0, \"list\": [1, \"two\", {}], \"nothing\": null, \"object\": {\"a\": 1}, \"text\": \"t\"}", NULL);
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *object;
  const char *s;
  gint64 i;
  gboolean present;

  /* ids and counts are 32-bit `integer` columns */
  g_assert_true (ts_json_get_int (o, "small", TRUE, &i, NULL, NULL));
  g_assert_cmpint (i, ==, G_MAXINT32);
  g_assert_false (ts_json_get_int (o, "big", TRUE, &i, NULL, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "big: "));
  g_clear_error (&error);
  g_assert_false (ts_json_get_int (o, "negative", TRUE, &i, NULL, &error));
  g_clear_error (&error);
  /* bigint columns take all 64 bits */
  g_assert_true (ts_json_get_int64 (o, "huge", TRUE, &i, NULL, NULL));
  g_assert_cmpint (i, ==, G_MAXINT64);
  g_assert_false (ts_json_get_id (o, "zero", TRUE, &i, NULL, &error));
  g_assert_nonnull (strstr (error->message, "zero: must be an id"));
  g_clear_error (&error);
  g_assert_false (ts_json_get_int_range (o, "small", TRUE, 1, 100, &i, NULL, &error));
  g_assert_nonnull (strstr (error->message, "small: must be a whole number from 1 to 100"));
  g_clear_error (&error);
  g_assert_true (ts_json_get_id (o, "missing", FALSE, &i, &present, NULL));
  g_assert_false (present);

  /* a null is not a list (nor an object): refused, naming the member */
  g_assert_true (ts_json_get_array (o, "list", TRUE, &array, NULL));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_false (ts_json_get_array (o, "nothing", FALSE, &array, &error));
  g_assert_cmpstr (error->message, ==, "nothing: must be a list");
  g_clear_error (&error);
  g_assert_false (ts_json_get_array (o, "text", FALSE, &array, &error));
  g_clear_error (&error);
  g_assert_true (ts_json_get_array (o, "missing", FALSE, &array, NULL));
  g_assert_null (array);
  g_assert_false (ts_json_get_array (o, "missing", TRUE, &array, &error));
  g_clear_error (&error);
  g_assert_true (ts_json_get_object (o, "object", TRUE, &object, NULL));
  g_assert_false (ts_json_get_object (o, "nothing", FALSE, &object, &error));
  g_clear_error (&error);

  /* elements: each names where it is */
  g_assert_true (ts_json_get_array (o, "list", TRUE, &array, NULL));
  g_assert_true (ts_json_element_int (array, 0, "list[0]", 1, 10, &i, NULL));
  g_assert_false (ts_json_element_int (array, 1, "list[1]", 1, 10, &i, &error));
  g_assert_cmpstr (error->message, ==, "list[1]: must be a whole number");
  g_clear_error (&error);
  g_assert_true (ts_json_element_string (array, 1, "list[1]", &s, NULL));
  g_assert_cmpstr (s, ==, "two");
  g_assert_false (ts_json_element_string (array, 2, "list[2]", &s, &error));
  g_clear_error (&error);
  g_assert_true (ts_json_element_object (array, 2, "list[2]", &object, NULL));
  g_assert_false (ts_json_element_object (array, 0, "list[0]", &object, &error));
  g_assert_cmpstr (error->message, ==, "list[0]: must be an object");
}

/* A bad value comes back as its first characters only, never whole. */
static void
test_quote (void)
{
  g_autofree char *long_text = g_strnfill (10000, 'a');
  g_autofree char *quoted_long = ts_validate_quote (long_text);
  g_autofree char *quoted_short = ts_validate_quote ("Floor");
  g_autofree char *quoted_twenty = ts_validate_quote ("12345678901234567890");
  g_autofree char *quoted_control = ts_validate_quote ("a\001b\nc");
  g_autofree char *quoted_bad = ts_validate_quote ("a\xff\xfe");
  g_autofree char *quoted_accents = ts_validate_quote ("Théâtre de l’Œuvre, Montréal, Québec");
  g_autofree char *quoted_null = ts_validate_quote (NULL);
  g_autofree char *made_up = ts_json_member_label (long_text);
  g_autofree char *plain = ts_json_member_label ("outlet_id");
  g_autoptr(JsonNode) node = json_from_string ("{\"x y\": 1}", NULL);
  static const char * const none[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (quoted_long, ==, "“aaaaaaaaaaaaaaaaaaaa…”");
  g_assert_cmpstr (quoted_short, ==, "“Floor”");
  g_assert_cmpstr (quoted_twenty, ==, "“12345678901234567890”");
  g_assert_cmpstr (quoted_control, ==, "“a?b?c”");
  g_assert_cmpstr (quoted_bad, ==, "“a??”");
  g_assert_cmpstr (quoted_accents, ==, "“Théâtre de l’Œuvre, …”");
  g_assert_cmpstr (quoted_null, ==, "“”");
  g_assert_cmpstr (made_up, ==, quoted_long);
  g_assert_cmpstr (plain, ==, "outlet_id");
  g_assert_false (ts_json_check_members (json_node_get_object (node), none, &error));
  g_assert_cmpstr (error->message, ==, "“x y”: is not a known field here");
}

static void
test_error_names (void)
{
  TsErrorCode code;

  for (int c = TS_ERROR_INTERNAL; c <= TS_ERROR_OVERRIDE_NEEDED; c++)
    {
      g_assert_true (ts_error_code_from_string (ts_error_code_to_string (c), &code));
      g_assert_cmpint (code, ==, c);
    }
  g_assert_false (ts_error_code_from_string ("nonsense", &code));
  g_assert_cmpstr (ts_error_code_to_string (TS_ERROR_LIMIT), ==, "limit_reached");
  /* S3: the code a client offers an override on */
  g_assert_cmpstr (ts_error_code_to_string (TS_ERROR_OVERRIDE_NEEDED), ==, "override_needed");
}

/* F5: a door holding the owning outlet's public key tells a real ticket from
 * a made-up or altered one; the text survives a reader that types it in
 * lower case or adds a newline. */
static void
test_ticket_codes (void)
{
  guint8 seed[TS_TICKET_SEED_BYTES], other_seed[TS_TICKET_SEED_BYTES];
  guint8 key[TS_TICKET_KEY_BYTES], other_key[TS_TICKET_KEY_BYTES], decoded[TS_TICKET_KEY_BYTES];
  g_autofree char *code = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *key_text = NULL;
  g_autoptr (GError) error = NULL;
  TsTicketCode parsed = { 0 };

  ts_ticket_seed_new (seed);
  ts_ticket_seed_new (other_seed);
  ts_ticket_key_from_seed (seed, key);
  ts_ticket_key_from_seed (other_seed, other_key);

  code = ts_ticket_code_sign (3, 1042, 2, seed);
  g_assert_true (g_str_has_prefix (code, "TS1-3-1042-2-"));
  g_assert_cmpuint (strlen (code), ==, strlen ("TS1-3-1042-2-") + 103);
  /* QR alphanumeric: upper case, digits and '-' only */
  for (const char *p = code; *p; p++)
    g_assert_true (g_ascii_isupper (*p) || g_ascii_isdigit (*p) || *p == '-');

  g_assert_true (ts_ticket_code_verify (code, key, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parsed.outlet_id, ==, 3);
  g_assert_cmpint (parsed.ticket_number, ==, 1042);
  g_assert_cmpint (parsed.version, ==, 2);

  lower = g_strdup_printf ("  %s\n", code);
  for (char *p = lower; *p; p++)
    *p = g_ascii_tolower (*p);
  g_assert_true (ts_ticket_code_verify (lower, key, NULL, &error));
  g_assert_no_error (error);

  /* another outlet's key: refused, though the shape is right */
  g_assert_false (ts_ticket_code_verify (code, other_key, NULL, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ts_ticket_code_parse (code, &parsed, &error));

  /* another ticket number under the old signature */
  altered = g_strdup (code);
  altered[strlen ("TS1-3-104")] = '3';
  g_assert_false (ts_ticket_code_verify (altered, key, NULL, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  /* a flipped signature character */
  g_free (altered);
  altered = g_strdup (code);
  altered[strlen (altered) - 5] = altered[strlen (altered) - 5] == 'A' ? 'B' : 'A';
  g_assert_false (ts_ticket_code_verify (altered, key, NULL, &error));
  g_clear_error (&error);

  const char *garbage[] = { "", "TS1", "hello", "TS1-3-1042-2", "TS2-3-1042-2-AAAA",
                            "TS1-0-1-1-AAAA", "TS1-03-1-1-AAAA", "TS1-3--1-1-AAAA",
                            "TS1-3-1-1-" "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456", /* 103 characters, bits left over */
                            "TS1-3-1-1-" "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ2345", /* 102 */
                            NULL };
  for (guint i = 0; garbage[i] != NULL; i++)
    {
      g_assert_false (ts_ticket_code_parse (garbage[i], NULL, &error));
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "code"));
      g_clear_error (&error);
    }
  g_assert_false (ts_ticket_code_parse (NULL, NULL, &error));
  g_clear_error (&error);

  key_text = ts_ticket_key_to_base64 (key);
  g_assert_true (ts_ticket_key_from_base64 (key_text, decoded, &error));
  g_assert_cmpmem (decoded, sizeof decoded, key, sizeof key);
  g_assert_false (ts_ticket_key_from_base64 ("AAAA", decoded, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/levels/order-and-names", test_levels_order_and_names);
  g_test_add_func ("/common/levels/grant-rules", test_levels_grant_rules);
  g_test_add_func ("/common/money", test_money);
  g_test_add_func ("/common/validation/fields", test_validation);
  g_test_add_func ("/common/validation/text-and-svg", test_validation_text_and_svg);
  g_test_add_func ("/common/json", test_json_helpers);
  g_test_add_func ("/common/json/ranges-and-lists", test_json_ranges_and_lists);
  g_test_add_func ("/common/json/fields", test_json_fields);
  g_test_add_func ("/common/validation/quote", test_quote);
  g_test_add_func ("/common/errors", test_error_names);
  g_test_add_func ("/common/ticket-codes", test_ticket_codes);

  return g_test_run ();
}
