/* test-server-outlets.c — consortium administration: the outlet directory,
 * creating outlets, the licence count and the hard maximum, outlet
 * preferences and who may read or change them, and their audit
 * (rules C1, C2, C7, R1).
 *
 * One server for the whole binary.  The tests run in registration order; the
 * only state they share on purpose is the number of outlets: the licence
 * tests come last, and the last one fills the consortium to 20 outlets. */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_admin, *uth_manager, *uth_boxoffice, *uth_staff, *ath_admin;
static gint64 uth, ath, tix;

/* Helpers ------------------------------------------------------------------ */

static char *
outlet_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT, id);
}

static gint64
sql_int (const char *sql)
{
  g_autofree char *n = ts_test_owner_sql (server, sql);

  g_assert_nonnull (n);
  return g_ascii_strtoll (n, NULL, 10);
}

static gint64
outlet_count (void)
{
  return sql_int ("SELECT count (*) FROM outlet");
}

/* What a refused outlet creation must leave alone: outlets, their first
 * administrators and the people behind them. */
static char *
world (void)
{
  return ts_test_owner_sql (server,
                            "SELECT (SELECT count (*) FROM outlet) || '/' || (SELECT count (*) FROM employee)"
                            " || '/' || (SELECT count (*) FROM patron)");
}

static gint64
licence_count (void)
{
  return sql_int ("SELECT licence_count FROM system_setting");
}

/* The outlet as the Master User sees it, serialised: compared before and
 * after a refusal to show that nothing changed. */
static char *
outlet_snapshot (gint64 id)
{
  g_autofree char *path = outlet_path (id);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, master, NULL, 200);

  return json_to_string (answer, FALSE);
}

static char *
new_outlet_body (const char *code,
                 const char *name)
{
  return g_strdup_printf ("{\"code\": \"%s\", \"name\": \"%s\", \"administrator\": {\"login\": \"admin\","
                          " \"password\": \"first-admin-pw\", \"first_name\": \"Ann\", \"last_name\": \"Admin\"}}",
                          code, name);
}

static gboolean
directory_has_code (const char *code)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200);
  JsonArray *outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");

  for (guint i = 0; i < json_array_get_length (outlets); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (outlets, i), "code"), code))
      return TRUE;
  return FALSE;
}

/* The number as a whole word: "4" in "allows 4 outlets", not in "14". */
static gboolean
mentions_number (const char *text,
                 gint64      number)
{
  g_autofree char *pattern = g_strdup_printf ("\\b%" G_GINT64_FORMAT "\\b", number);

  return g_regex_match_simple (pattern, text, 0, 0);
}

/* Directory (sign-in dialog) ------------------------------------------------ */

/* Anyone may list the outlets to sign in to, but sees only id, code and name. */
static void
test_directory (void)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200);
  JsonArray *outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
  const char *demo[] = { "UTH", "ATH", "TIX" };
  const char *previous_name = "";

  g_assert_cmpint (json_array_get_length (outlets), ==, outlet_count ());
  for (guint d = 0; d < G_N_ELEMENTS (demo); d++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (outlets); i++)
        found = found || g_str_equal (json_object_get_string_member (json_array_get_object_element (outlets, i),
                                                                     "code"), demo[d]);
      g_assert_true (found);
    }
  for (guint i = 0; i < json_array_get_length (outlets); i++)
    {
      JsonObject *o = json_array_get_object_element (outlets, i);

      /* only the three public members: no phone, address, logo… */
      g_assert_cmpuint (json_object_get_size (o), ==, 3);
      g_assert_true (json_object_has_member (o, "id"));
      g_assert_true (json_object_has_member (o, "code"));
      g_assert_true (json_object_has_member (o, "name"));
      /* sorted by name */
      g_assert_cmpint (g_utf8_collate (previous_name, json_object_get_string_member (o, "name")), <=, 0);
      previous_name = json_object_get_string_member (o, "name");
    }
}

/* Creating outlets (C2) ----------------------------------------------------- */

/* C2: only the Master User creates outlets; C4: each comes with its first
 * administrator, who can sign in to it at once. */
static void
test_create_outlet (void)
{
  g_autofree char *body = new_outlet_body ("STU", "Studio Theatre");
  g_autofree char *before = world ();
  g_autofree char *after = NULL;
  g_autofree char *token = NULL;
  g_autofree char *employees = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) staff_list = NULL;
  JsonObject *outlet, *administrator;
  gint64 id;

  /* C2: an outlet administrator, a staff member or nobody cannot */
  ts_test_expect_error (server, "POST", "/api/v1/outlets", uth_admin, body, 403, "forbidden", "Only the Master User may create outlets");
  ts_test_expect_error (server, "POST", "/api/v1/outlets", uth_staff, body, 403, "forbidden", NULL);
  ts_test_expect_error (server, "POST", "/api/v1/outlets", NULL, body, 401, "unauthorized", NULL);
  after = world ();
  g_assert_cmpstr (after, ==, before);
  g_assert_false (directory_has_code ("STU"));

  created = ts_test_expect (server, "POST", "/api/v1/outlets", master, body, 201);
  outlet = json_object_get_object_member (json_node_get_object (created), "outlet");
  administrator = json_object_get_object_member (json_node_get_object (created), "administrator");
  g_assert_nonnull (outlet);
  g_assert_nonnull (administrator);
  id = json_object_get_int_member (outlet, "id");
  g_assert_cmpstr (json_object_get_string_member (outlet, "code"), ==, "STU");
  g_assert_cmpstr (json_object_get_string_member (outlet, "name"), ==, "Studio Theatre");
  /* the documented defaults */
  g_assert_cmpstr (json_object_get_string_member (outlet, "time_zone"), ==, "America/Toronto");
  g_assert_cmpstr (json_object_get_string_member (outlet, "currency"), ==, "CAD");
  g_assert_cmpint (json_object_get_int_member (outlet, "default_hold_minutes"), ==, 15);
  g_assert_true (json_object_get_null_member (outlet, "phone"));
  /* C4: the first administrator */
  g_assert_cmpstr (json_object_get_string_member (administrator, "level"), ==, "outlet_admin");
  g_assert_cmpstr (json_object_get_string_member (administrator, "login"), ==, "admin");
  g_assert_cmpint (json_object_get_int_member (administrator, "outlet_id"), ==, id);
  g_assert_false (json_object_has_member (administrator, "password_hash"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (administrator, "person"),
                                                  "last_name"), ==, "Admin");
  g_assert_cmpint (outlet_count (), ==, g_ascii_strtoll (before, NULL, 10) + 1);
  g_assert_true (directory_has_code ("STU"));

  /* …who signs in to the new outlet and manages it */
  token = ts_test_sign_in (server, "STU", "admin", "first-admin-pw");
  me = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);
  g_assert_cmpstr (ts_test_member_string (me, "level"), ==, "outlet_admin");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (me), "outlet"),
                                                  "code"), ==, "STU");
  employees = g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT "/employees", id);
  staff_list = ts_test_expect (server, "GET", employees, token, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (staff_list),
                                                                         "employees")), ==, 1);
  /* the demo administrator of UTH is not an administrator of the new outlet */
  ts_test_expect_error (server, "GET", employees, uth_admin, NULL, 403, "forbidden", NULL);
}

/* Every bad creation is refused and creates nothing: no outlet, no
 * administrator, no person. */
static void
test_create_outlet_refused (void)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *code;
    const char *in_message;
  } bad[] = {
    /* C4: every outlet has at least one administrator */
    { "{\"code\": \"NOADM\", \"name\": \"No Admin\"}", 400, "invalid_input", "administrator" },
    { "{\"code\": \"NOADM\", \"name\": \"No Admin\", \"administrator\": null}", 400, "invalid_input", "administrator" },
    /* code: 2–10 capital letters or digits */
    { "{\"code\": \"low\", \"name\": \"Lower Case\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "code" },
    { "{\"code\": \"ABCDEFGHIJK\", \"name\": \"Too Long\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "code" },
    { "{\"code\": \"A\", \"name\": \"Too Short\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "code" },
    { "{\"name\": \"No Code\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "code" },
    /* name required */
    { "{\"code\": \"NONAME\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "name" },
    /* unknown fields, in the outlet and in its administrator */
    { "{\"code\": \"COL\", \"name\": \"Colour\", \"colour\": \"red\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "colour" },
    { "{\"code\": \"LVL\", \"name\": \"Level\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\", \"level\": \"master\"}}", 400, "invalid_input", "level" },
    /* the administrator's own rules */
    { "{\"code\": \"PW\", \"name\": \"Short Password\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"short\", \"last_name\": \"A\"}}", 400, "invalid_input", "password" },
    { "{\"code\": \"LOG\", \"name\": \"Bad Login\", \"administrator\": {\"login\": \"a b\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "login" },
    { "{\"code\": \"LN\", \"name\": \"No Last Name\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\"}}", 400, "invalid_input", "last_name" },
    /* preferences are validated on creation too */
    { "{\"code\": \"MAIL\", \"name\": \"Mail\", \"email\": \"nope\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 400, "invalid_input", "email" },
    /* duplicates: the code, and the name whatever its case */
    { "{\"code\": \"UTH\", \"name\": \"Another Name\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 409, "conflict", NULL },
    { "{\"code\": \"UTX\", \"name\": \"university THEATRE\", \"administrator\": {\"login\": \"a1\","
      " \"password\": \"long-enough\", \"last_name\": \"A\"}}", 409, "conflict", NULL },
  };
  g_autofree char *before = world ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *after = NULL;

      ts_test_expect_error (server, "POST", "/api/v1/outlets", master, bad[i].body, bad[i].status, bad[i].code, bad[i].in_message);
      after = world ();
      g_assert_cmpstr (after, ==, before);
    }
  g_assert_false (directory_has_code ("NOADM"));
  g_assert_false (directory_has_code ("UTX"));
  g_assert_cmpint (sql_int ("SELECT count (*) FROM outlet WHERE code = 'UTH'"), ==, 1);
}

/* Outlet list (C7) ------------------------------------------------------------ */

/* C7: the Master User picks from every outlet; anyone else sees only his own. */
static void
test_outlet_lists (void)
{
  g_autoptr(JsonNode) all = ts_test_expect (server, "GET", "/api/v1/outlets", master, NULL, 200);
  JsonArray *every = json_object_get_array_member (json_node_get_object (all), "outlets");
  const struct { const char *token; gint64 outlet; } own[] = {
    { uth_admin, uth }, { uth_staff, uth }, { ath_admin, ath },
  };

  g_assert_cmpint (json_array_get_length (every), ==, outlet_count ());
  for (guint i = 0; i < json_array_get_length (every); i++)
    /* full preferences, not the directory's three members */
    g_assert_true (json_object_has_member (json_array_get_object_element (every, i), "time_zone"));

  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    {
      g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/outlets", own[i].token, NULL, 200);
      JsonArray *mine = json_object_get_array_member (json_node_get_object (answer), "outlets");

      g_assert_cmpuint (json_array_get_length (mine), ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mine, 0), "id"), ==, own[i].outlet);
    }
  ts_test_expect_error (server, "GET", "/api/v1/outlets", NULL, NULL, 401, "unauthorized", NULL);
}

/* Preferences (C7) ------------------------------------------------------------ */

#define LOGO "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" viewBox=\\\"0 0 10 10\\\">" \
             "<rect width=\\\"10\\\" height=\\\"10\\\"/></svg>"

/* C7: the outlet's administrator edits his own outlet's preferences, and
 * they persist. */
static void
test_preferences_saved (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autoptr(JsonNode) saved = ts_test_expect (server, "PATCH", own, uth_admin,
      "{\"phone\": \"416-555-0000\", \"email\": \"box@uth.example.org\","
      " \"web_site\": \"https://uth.example.org/tickets\", \"time_zone\": \"America/Vancouver\","
      " \"currency\": \"USD\", \"default_hold_minutes\": 20, \"address\": \"1 Main St\\nToronto ON\","
      " \"logo_svg\": \"" LOGO "\"}", 200);
  g_autoptr(JsonNode) by_admin = ts_test_expect (server, "GET", own, uth_admin, NULL, 200);
  g_autoptr(JsonNode) by_staff = ts_test_expect (server, "GET", own, uth_staff, NULL, 200);
  g_autofree char *saved_text = json_to_string (saved, FALSE);
  g_autofree char *admin_text = json_to_string (by_admin, FALSE);
  g_autofree char *staff_text = json_to_string (by_staff, FALSE);
  JsonObject *o = json_node_get_object (by_admin);

  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "UTH");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "University Theatre");
  g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, "416-555-0000");
  g_assert_cmpstr (json_object_get_string_member (o, "email"), ==, "box@uth.example.org");
  g_assert_cmpstr (json_object_get_string_member (o, "web_site"), ==, "https://uth.example.org/tickets");
  g_assert_cmpstr (json_object_get_string_member (o, "time_zone"), ==, "America/Vancouver");
  g_assert_cmpstr (json_object_get_string_member (o, "currency"), ==, "USD");
  g_assert_cmpint (json_object_get_int_member (o, "default_hold_minutes"), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "1 Main St\nToronto ON");
  g_assert_cmpstr (json_object_get_string_member (o, "logo_svg"), ==,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
                   "<rect width=\"10\" height=\"10\"/></svg>");
  /* the PATCH answer is the saved outlet; staff of the outlet read the same */
  g_assert_cmpstr (saved_text, ==, admin_text);
  g_assert_cmpstr (staff_text, ==, admin_text);

  /* a partial PATCH changes only what it names */
  {
    g_autoptr(JsonNode) renamed = ts_test_expect (server, "PATCH", own, uth_admin,
                                                  "{\"name\": \"University Theatre Centre\"}", 200);
    JsonObject *r = json_node_get_object (renamed);

    g_assert_cmpstr (json_object_get_string_member (r, "name"), ==, "University Theatre Centre");
    g_assert_cmpstr (json_object_get_string_member (r, "phone"), ==, "416-555-0000");
    g_assert_cmpstr (json_object_get_string_member (r, "time_zone"), ==, "America/Vancouver");
  }
  {
    g_autoptr(JsonNode) restored = ts_test_expect (server, "PATCH", own, uth_admin,
                                                   "{\"name\": \"University Theatre\"}", 200);
    g_assert_cmpstr (ts_test_member_string (restored, "name"), ==, "University Theatre");
  }
}

/* C7: the payment methods the outlet takes and its receipt texts are saved
 * and read back; a new outlet takes every method (as before they could be
 * chosen), and has no receipt text. */
static void
test_preferences_payments_and_receipts (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autoptr(JsonNode) fresh = ts_test_expect (server, "GET", own, uth_staff, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) read = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonNode) restored = NULL;
  JsonArray *methods = json_object_get_array_member (json_node_get_object (fresh), "payment_methods");
  JsonObject *o;

  g_assert_cmpuint (json_array_get_length (methods), ==, 6);
  g_assert_true (json_object_get_null_member (json_node_get_object (fresh), "receipt_header"));
  g_assert_true (json_object_get_null_member (json_node_get_object (fresh), "receipt_footer"));

  /* kept in the list's own order, whatever order they were sent in */
  saved = ts_test_expect (server, "PATCH", own, uth_admin,
                          "{\"payment_methods\": [\"card\", \"cash\"], \"receipt_header\": \"University Theatre\\nMerci\","
                          " \"receipt_footer\": \"Keep this receipt\"}", 200);
  read = ts_test_expect (server, "GET", own, uth_staff, NULL, 200);
  o = json_node_get_object (read);
  methods = json_object_get_array_member (o, "payment_methods");
  g_assert_cmpuint (json_array_get_length (methods), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (methods, 0), ==, "cash");
  g_assert_cmpstr (json_array_get_string_element (methods, 1), ==, "card");
  g_assert_cmpstr (json_object_get_string_member (o, "receipt_header"), ==, "University Theatre\nMerci");
  g_assert_cmpstr (json_object_get_string_member (o, "receipt_footer"), ==, "Keep this receipt");

  /* an emptied text clears it */
  cleared = ts_test_expect (server, "PATCH", own, uth_admin, "{\"receipt_header\": \"\", \"receipt_footer\": null}", 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (cleared), "receipt_header"));
  g_assert_true (json_object_get_null_member (json_node_get_object (cleared), "receipt_footer"));

  /* below Outlet Administrator nobody changes them (C4) */
  ts_test_expect_error (server, "PATCH", own, uth_manager, "{\"payment_methods\": [\"cash\"]}", 403, "forbidden", NULL);

  restored = ts_test_expect (server, "PATCH", own, uth_admin,
                             "{\"payment_methods\": [\"cash\", \"cheque\", \"card\", \"gift_certificate\","
                             " \"pass\", \"on_account\"]}", 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (restored),
                                                                         "payment_methods")), ==, 6);
}

/* C7 and C2: who may read and who may change an outlet's preferences. */
static void
test_preferences_who (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autofree char *other = outlet_path (ath);
  g_autofree char *third = outlet_path (tix);
  g_autofree char *uth_before = outlet_snapshot (uth);
  g_autofree char *ath_before = outlet_snapshot (ath);

  /* reading: any employee of the outlet; not another outlet's administrator */
  {
    g_autoptr(JsonNode) staff = ts_test_expect (server, "GET", own, uth_staff, NULL, 200);
    g_autoptr(JsonNode) manager = ts_test_expect (server, "GET", own, uth_manager, NULL, 200);

    g_assert_cmpint (ts_test_member_int (staff, "id"), ==, uth);
    g_assert_cmpint (ts_test_member_int (manager, "id"), ==, uth);
  }
  ts_test_expect_error (server, "GET", own, ath_admin, NULL, 403, "forbidden", "Another outlet's settings are private to it");
  ts_test_expect_error (server, "GET", other, uth_admin, NULL, 403, "forbidden", NULL);
  /* …answered exactly as an outlet that does not exist: nothing tells them apart */
  {
    g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", own, ath_admin, NULL, 403);
    g_autoptr(JsonNode) none = ts_test_expect (server, "GET", "/api/v1/outlets/999999", ath_admin, NULL, 403);
    g_autoptr(JsonNode) theirs_patch = ts_test_expect (server, "PATCH", own, ath_admin, "{\"receipt_footer\": \"x\"}", 403);
    g_autoptr(JsonNode) none_patch = ts_test_expect (server, "PATCH", "/api/v1/outlets/999999", ath_admin,
                                                     "{\"receipt_footer\": \"x\"}", 403);
    g_autofree char *a = json_to_string (theirs, FALSE);
    g_autofree char *b = json_to_string (none, FALSE);
    g_autofree char *c = json_to_string (theirs_patch, FALSE);
    g_autofree char *d = json_to_string (none_patch, FALSE);

    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (c, ==, d);
  }
  ts_test_expect_error (server, "GET", own, NULL, NULL, 401, "unauthorized", NULL);

  /* changing: C7 an administrator only his own outlet's… */
  ts_test_expect_error (server, "PATCH", other, uth_admin, "{\"phone\": \"416-555-9999\"}", 403, "forbidden", NULL);
  /* …and below Outlet Administrator nobody (C4) */
  ts_test_expect_error (server, "PATCH", own, uth_staff, "{\"phone\": \"416-555-9999\"}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", own, uth_boxoffice, "{\"phone\": \"416-555-9999\"}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", own, uth_manager, "{\"phone\": \"416-555-9999\"}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", own, ath_admin, "{\"phone\": \"416-555-9999\"}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", own, NULL, "{\"phone\": \"416-555-9999\"}", 401, "unauthorized", NULL);
  {
    g_autofree char *uth_after = outlet_snapshot (uth);
    g_autofree char *ath_after = outlet_snapshot (ath);

    g_assert_cmpstr (uth_after, ==, uth_before);
    g_assert_cmpstr (ath_after, ==, ath_before);
  }

  /* C2: the Master User changes any outlet */
  {
    g_autoptr(JsonNode) changed = ts_test_expect (server, "PATCH", third, master,
                                                  "{\"phone\": \"416-555-7777\", \"default_hold_minutes\": 30}", 200);
    g_autoptr(JsonNode) read = ts_test_expect (server, "GET", third, master, NULL, 200);

    g_assert_cmpstr (ts_test_member_string (read, "phone"), ==, "416-555-7777");
    g_assert_cmpint (ts_test_member_int (read, "default_hold_minutes"), ==, 30);
    g_assert_cmpstr (ts_test_member_string (read, "code"), ==, "TIX");
  }
}

/* Each bad value is refused with 400 naming the field, and changes nothing. */
static void
test_preferences_invalid (void)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *code;
    const char *in_message;
  } bad[] = {
    { "{\"email\": \"nope\"}", 400, "invalid_input", "email" },
    { "{\"phone\": \"12\"}", 400, "invalid_input", "phone" },
    { "{\"web_site\": \"ftp://x\"}", 400, "invalid_input", "web_site" },
    { "{\"time_zone\": \"Mars/Base\"}", 400, "invalid_input", "time_zone" },
    { "{\"time_zone\": null}", 400, "invalid_input", "time_zone" },
    { "{\"currency\": \"cad\"}", 400, "invalid_input", "currency" },
    { "{\"default_hold_minutes\": 0}", 400, "invalid_input", "default_hold_minutes" },
    { "{\"default_hold_minutes\": 1441}", 400, "invalid_input", "default_hold_minutes" },
    { "{\"default_hold_minutes\": \"20\"}", 400, "invalid_input", "default_hold_minutes" },
    { "{\"name\": \"\"}", 400, "invalid_input", "name" },
    { "{\"name\": null}", 400, "invalid_input", "name" },
    { "{\"logo_svg\": \"<svg xmlns=\\\"http://www.w3.org/2000/svg\\\"><script>alert(1)</script></svg>\"}",
      400, "invalid_input", "logo_svg" },
    { "{\"logo_svg\": \"not a picture\"}", 400, "invalid_input", "logo_svg" },
    /* the code never changes, not even to itself */
    /* C7: payment methods are known names, each once, at least one */
    { "{\"payment_methods\": [\"cash\", \"bitcoin\"]}", 400, "invalid_input", "payment_methods" },
    { "{\"payment_methods\": []}", 400, "invalid_input", "payment_methods" },
    { "{\"payment_methods\": [\"cash\", \"cash\"]}", 400, "invalid_input", "payment_methods" },
    { "{\"payment_methods\": \"cash\"}", 400, "invalid_input", "payment_methods" },
    { "{\"payment_methods\": null}", 400, "invalid_input", "payment_methods" },
    { "{\"payment_methods\": [1]}", 400, "invalid_input", "payment_methods" },
    { "{\"payment_methods\": [\"exchange_credit\"]}", 400, "invalid_input", "payment_methods" },
    /* receipt texts: at most 500 characters, no control characters */
    { "{\"receipt_header\": \"bell\\u0007\"}", 400, "invalid_input", "receipt_header" },
    { "{\"receipt_header\": 5}", 400, "invalid_input", "receipt_header" },
    { "{\"time_zone\": \"Europe/Atlantis\"}", 400, "invalid_input", "time_zone" },
    { "{\"time_zone\": \"EST5EDT\"}", 400, "invalid_input", "time_zone" },
    { "{\"code\": \"NEW\"}", 400, "invalid_input", "code" },
    { "{\"code\": \"UTH\"}", 400, "invalid_input", "code" },
    { "{\"colour\": \"red\"}", 400, "invalid_input", "colour" },
    /* a valid field does not carry an invalid one through */
    { "{\"phone\": \"416-555-1212\", \"email\": \"nope\"}", 400, "invalid_input", "email" },
    /* the name is unique, whatever its case */
    { "{\"name\": \"athletic CENTRE\"}", 409, "conflict", NULL },
  };
  g_autofree char *own = outlet_path (uth);
  g_autofree char *before = outlet_snapshot (uth);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *after = NULL;

      ts_test_expect_error (server, "PATCH", own, uth_admin, bad[i].body, bad[i].status, bad[i].code, bad[i].in_message);
      after = outlet_snapshot (uth);
      g_assert_cmpstr (after, ==, before);
    }
  /* the Master User is refused the same way */
  ts_test_expect_error (server, "PATCH", own, master, "{\"email\": \"nope\"}", 400, "invalid_input", "email");
  {
    /* a receipt text longer than 500 characters */
    g_autofree char *long_text = g_strnfill (501, 'x');
    g_autofree char *body = g_strdup_printf ("{\"receipt_footer\": \"%s\"}", long_text);
    g_autofree char *after = NULL;

    ts_test_expect_error (server, "PATCH", own, uth_admin, body, 400, "invalid_input", "receipt_footer");
    after = outlet_snapshot (uth);
    g_assert_cmpstr (after, ==, before);
  }
  {
    g_autofree char *after = outlet_snapshot (uth);
    g_assert_cmpstr (after, ==, before);
  }
}

/* null clears an optional field; the required ones cannot be cleared. */
static void
test_preferences_null_clears (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autoptr(JsonNode) set = ts_test_expect (server, "PATCH", own, uth_admin,
                                            "{\"phone\": \"416-555-3131\", \"web_site\": \"https://uth.example.org\"}", 200);
  g_autoptr(JsonNode) cleared = ts_test_expect (server, "PATCH", own, uth_admin, "{\"phone\": null}", 200);
  g_autoptr(JsonNode) read = ts_test_expect (server, "GET", own, uth_admin, NULL, 200);
  JsonObject *o = json_node_get_object (read);

  g_assert_cmpstr (ts_test_member_string (set, "phone"), ==, "416-555-3131");
  g_assert_true (json_object_get_null_member (json_node_get_object (cleared), "phone"));
  g_assert_true (json_object_has_member (o, "phone"));
  g_assert_true (json_object_get_null_member (o, "phone"));
  /* only the named field was cleared */
  g_assert_cmpstr (json_object_get_string_member (o, "web_site"), ==, "https://uth.example.org");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "University Theatre");
}

/* F3: an outlet's web storefront is off until its administrator (or the
 * Master User) opens it; its host name and colour are kept in lower case,
 * its welcome texts in both languages, and patrons may cancel online until
 * so many hours before, or never (null). */
static void
test_storefront_settings (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autofree char *other = outlet_path (ath);
  g_autoptr(JsonNode) fresh = ts_test_expect (server, "GET", own, uth_staff, NULL, 200);
  JsonObject *o = json_node_get_object (fresh);

  /* a new outlet's storefront is closed, in the default colour, with no host */
  g_assert_false (json_object_get_boolean_member (o, "web_enabled"));
  g_assert_true (json_object_get_null_member (o, "web_host"));
  g_assert_cmpstr (json_object_get_string_member (o, "web_colour"), ==, "#1d4f91");
  g_assert_cmpstr (json_object_get_string_member (o, "web_intro_en"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (o, "web_intro_fr"), ==, "");
  g_assert_true (json_object_get_null_member (o, "web_cancel_hours"));

  {
    g_autoptr(JsonNode) saved = ts_test_expect (server, "PATCH", own, uth_admin,
        "{\"web_enabled\": true, \"web_host\": \"Tickets.UTH.example.org\", \"web_colour\": \"#A3191F\","
        " \"web_intro_en\": \"Welcome.\\nChoose your seats.\", \"web_intro_fr\": \"Bienvenue à l\u2019Université.\","
        " \"web_cancel_hours\": 48}", 200);
    g_autoptr(JsonNode) read = ts_test_expect (server, "GET", own, uth_manager, NULL, 200);

    for (guint i = 0; i < 2; i++)
      {
        JsonObject *r = json_node_get_object (i == 0 ? saved : read);

        g_assert_true (json_object_get_boolean_member (r, "web_enabled"));
        g_assert_cmpstr (json_object_get_string_member (r, "web_host"), ==, "tickets.uth.example.org");
        g_assert_cmpstr (json_object_get_string_member (r, "web_colour"), ==, "#a3191f");
        g_assert_cmpstr (json_object_get_string_member (r, "web_intro_en"), ==, "Welcome.\nChoose your seats.");
        g_assert_cmpstr (json_object_get_string_member (r, "web_intro_fr"), ==, "Bienvenue à l’Université.");
        g_assert_cmpint (json_object_get_int_member (r, "web_cancel_hours"), ==, 48);
        /* nothing else moved */
        g_assert_cmpstr (json_object_get_string_member (r, "name"), ==, "University Theatre");
      }
  }

  /* a field left out keeps its value; null or "" clears what may be cleared */
  {
    g_autoptr(JsonNode) cleared = ts_test_expect (server, "PATCH", own, uth_admin,
        "{\"web_host\": \"  \", \"web_intro_fr\": null, \"web_cancel_hours\": null}", 200);
    JsonObject *r = json_node_get_object (cleared);

    g_assert_true (json_object_get_boolean_member (r, "web_enabled"));
    g_assert_true (json_object_get_null_member (r, "web_host"));
    g_assert_cmpstr (json_object_get_string_member (r, "web_intro_en"), ==, "Welcome.\nChoose your seats.");
    g_assert_cmpstr (json_object_get_string_member (r, "web_intro_fr"), ==, "");
    g_assert_true (json_object_get_null_member (r, "web_cancel_hours"));
    g_assert_cmpstr (json_object_get_string_member (r, "web_colour"), ==, "#a3191f");
  }

  /* a host name is one outlet's: another's is a conflict naming the field */
  json_node_unref (ts_test_expect (server, "PATCH", own, uth_admin, "{\"web_host\": \"shop.uth.example.org\"}", 200));
  {
    g_autofree char *before = outlet_snapshot (ath);
    g_autofree char *after = NULL;

    ts_test_expect_error (server, "PATCH", other, ath_admin, "{\"web_host\": \"SHOP.uth.example.org\"}",
                          409, "conflict", "web_host");
    after = outlet_snapshot (ath);
    g_assert_cmpstr (after, ==, before);
  }
  /* …and the same outlet may send its own again */
  json_node_unref (ts_test_expect (server, "PATCH", own, uth_admin, "{\"web_host\": \"shop.uth.example.org\"}", 200));

  /* C7: who may: the outlet's administrator and the Master User, nobody below */
  ts_test_expect_error (server, "PATCH", own, uth_manager, "{\"web_enabled\": false}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", own, ath_admin, "{\"web_enabled\": false}", 403, "forbidden", NULL);
  {
    g_autoptr(JsonNode) closed = ts_test_expect (server, "PATCH", own, master,
                                                 "{\"web_enabled\": false, \"web_host\": null}", 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (closed), "web_enabled"));
  }
}

/* Each bad storefront value is refused with 400 naming the field, and
 * changes nothing (F3). */
static void
test_storefront_invalid (void)
{
  static const char * const bad[][2] = {
    { "{\"web_enabled\": null}", "web_enabled" },
    { "{\"web_enabled\": \"yes\"}", "web_enabled" },
    { "{\"web_enabled\": 1}", "web_enabled" },
    { "{\"web_host\": \"https://shop.example.org\"}", "web_host" },
    { "{\"web_host\": \"shop.example.org:8443\"}", "web_host" },
    { "{\"web_host\": \"shop.example.org/uth\"}", "web_host" },
    { "{\"web_host\": \"shop..example.org\"}", "web_host" },
    { "{\"web_host\": \"-shop.example.org\"}", "web_host" },
    { "{\"web_host\": \"bo\u00eete.example.org\"}", "web_host" },
    { "{\"web_host\": 7}", "web_host" },
    { "{\"web_host\": \"localhost\"}", "web_host" },
    { "{\"web_host\": \"127.0.0.1\"}", "web_host" },
    { "{\"web_colour\": null}", "web_colour" },
    { "{\"web_colour\": \"\"}", "web_colour" },
    { "{\"web_colour\": \"red\"}", "web_colour" },
    { "{\"web_colour\": \"#12345\"}", "web_colour" },
    { "{\"web_colour\": \"#12345g\"}", "web_colour" },
    { "{\"web_intro_en\": \"bell\\u0007\"}", "web_intro_en" },
    { "{\"web_intro_fr\": 12}", "web_intro_fr" },
    { "{\"web_cancel_hours\": 0}", "web_cancel_hours" },
    { "{\"web_cancel_hours\": 8761}", "web_cancel_hours" },
    { "{\"web_cancel_hours\": -5}", "web_cancel_hours" },
    { "{\"web_cancel_hours\": 2.5}", "web_cancel_hours" },
    { "{\"web_cancel_hours\": \"48\"}", "web_cancel_hours" },
    /* a valid field does not carry an invalid one through */
    { "{\"web_enabled\": true, \"web_colour\": \"blue\"}", "web_colour" },
  };
  g_autofree char *own = outlet_path (uth);
  g_autofree char *before = outlet_snapshot (uth);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *after = NULL;

      ts_test_expect_error (server, "PATCH", own, uth_admin, bad[i][0], 400, "invalid_input", bad[i][1]);
      after = outlet_snapshot (uth);
      g_assert_cmpstr (after, ==, before);
    }
  {
    g_autofree char *long_text = g_strnfill (2001, 'x');
    g_autofree char *body = g_strdup_printf ("{\"web_intro_fr\": \"%s\"}", long_text);
    g_autofree char *just = g_strdup_printf ("{\"web_intro_fr\": \"%s\"}", long_text + 1);
    g_autofree char *after = NULL;

    ts_test_expect_error (server, "PATCH", own, uth_admin, body, 400, "invalid_input", "web_intro_fr");
    after = outlet_snapshot (uth);
    g_assert_cmpstr (after, ==, before);
    /* 2,000 characters are allowed */
    json_node_unref (ts_test_expect (server, "PATCH", own, uth_admin, just, 200));
    json_node_unref (ts_test_expect (server, "PATCH", own, uth_admin, "{\"web_intro_fr\": \"\"}", 200));
  }
}

/* Unknown outlets are not found; a path that is not an id is no route. */
static void
test_preferences_unknown_outlet (void)
{
  g_autofree char *before = ts_test_owner_sql (server, "SELECT max (updated_at)::text FROM outlet");
  g_autofree char *after = NULL;

  ts_test_expect_error (server, "GET", "/api/v1/outlets/999999", master, NULL, 404, "not_found", NULL);
  ts_test_expect_error (server, "PATCH", "/api/v1/outlets/999999", master, "{\"phone\": \"416-555-1111\"}", 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", "/api/v1/outlets/abc", master, NULL, 404, "not_found", NULL);
  ts_test_expect_error (server, "PATCH", "/api/v1/outlets/abc", master, "{\"phone\": \"416-555-1111\"}", 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", "/api/v1/outlets/0", master, NULL, 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", "/api/v1/outlets/-1", master, NULL, 404, "not_found", NULL);
  after = ts_test_owner_sql (server, "SELECT max (updated_at)::text FROM outlet");
  g_assert_cmpstr (after, ==, before);
}

/* Audit (R1) ------------------------------------------------------------------ */

/* Calls fn on every audit entry the token may see, newest first, following
 * before_id page by page. */
static guint
for_each_audit_entry (const char *token,
                      void      (*fn) (JsonObject *entry, gpointer data),
                      gpointer    data)
{
  gint64 before_id = 0;
  guint seen = 0;

  for (;;)
    {
      g_autofree char *path = before_id > 0
        ? g_strdup_printf ("/api/v1/audit?limit=500&before_id=%" G_GINT64_FORMAT, before_id)
        : g_strdup ("/api/v1/audit?limit=500");
      g_autoptr(JsonNode) page = ts_test_expect (server, "GET", path, token, NULL, 200);
      JsonArray *entries = json_object_get_array_member (json_node_get_object (page), "entries");
      guint n = json_array_get_length (entries);

      if (n == 0)
        return seen;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          gint64 id = json_object_get_int_member (entry, "id");

          g_assert_true (before_id == 0 || id < before_id);
          before_id = id;
          fn (entry, data);
          seen++;
        }
    }
}

typedef struct
{
  const char *old_phone;
  const char *new_phone;
  gboolean    found;
} PhoneChange;

static void
find_phone_change (JsonObject *e,
                   gpointer    data)
{
  PhoneChange *change = data;
  g_autofree char *uth_text = g_strdup_printf ("%" G_GINT64_FORMAT, uth);
  JsonObject *before, *after;

  if (!g_str_equal (json_object_get_string_member (e, "entity"), "outlet")
      || !g_str_equal (json_object_get_string_member (e, "action"), "update")
      || g_strcmp0 (json_object_get_string_member (e, "entity_id"), uth_text) != 0
      || json_object_get_null_member (e, "before") || json_object_get_null_member (e, "after"))
    return;
  before = json_object_get_object_member (e, "before");
  after = json_object_get_object_member (e, "after");
  if (g_strcmp0 (json_object_get_string_member (after, "phone"), change->new_phone) != 0)
    return;
  g_assert_cmpstr (json_object_get_string_member (before, "phone"), ==, change->old_phone);
  /* who: UTH's administrator; whose data: UTH's */
  g_assert_cmpint (json_object_get_int_member (e, "outlet_id"), ==, uth);
  g_assert_cmpint (json_object_get_int_member (e, "subject_outlet_id"), ==, uth);
  g_assert_cmpstr (json_object_get_string_member (e, "login"), ==, "admin");
  g_assert_false (json_object_get_null_member (e, "at"));
  change->found = TRUE;
}

static void
assert_not_uth (JsonObject *e,
                gpointer    data)
{
  guint *own = data;
  const char *fields[] = { "outlet_id", "subject_outlet_id" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (json_object_get_null_member (e, fields[i]))
        continue;
      if (json_object_get_int_member (e, fields[i]) == uth)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), e);
          g_autofree char *text = json_to_string (node, FALSE);

          g_error ("ATH's administrator sees an audit entry of UTH: %s", text);
        }
      if (json_object_get_int_member (e, fields[i]) == ath)
        (*own)++;
    }
}

/* R1: a preferences change is audited with who, before and after; another
 * outlet's administrator sees none of UTH's entries. */
static void
test_audit (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autoptr(JsonNode) current = ts_test_expect (server, "PATCH", own, uth_admin, "{\"phone\": \"416-555-2020\"}", 200);
  g_autoptr(JsonNode) changed = ts_test_expect (server, "PATCH", own, uth_admin, "{\"phone\": \"416-555-4242\"}", 200);
  PhoneChange change = { "416-555-2020", "416-555-4242", FALSE };
  guint ath_own = 0;

  g_assert_cmpstr (ts_test_member_string (changed, "phone"), ==, "416-555-4242");
  for_each_audit_entry (master, find_phone_change, &change);
  g_assert_true (change.found);

  /* ATH's administrator: his own outlet's entries (at least his sign-in), and
   * nothing made by or touching UTH */
  g_assert_cmpuint (for_each_audit_entry (ath_admin, assert_not_uth, &ath_own), >, 0);
  g_assert_cmpuint (ath_own, >, 0);

  /* below Outlet Administrator the audit log is closed (C4) */
  ts_test_expect_error (server, "GET", "/api/v1/audit", uth_staff, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "GET", "/api/v1/audit", uth_manager, NULL, 403, "forbidden", NULL);
}

/* Licence count and the hard maximum (C1) ----------------------------------- */

static void
assert_licence (const char *token,
                gint64      licence)
{
  g_autoptr(JsonNode) settings = ts_test_expect (server, "GET", "/api/v1/system", token, NULL, 200);

  g_assert_cmpint (ts_test_member_int (settings, "licence_count"), ==, licence);
  g_assert_cmpint (ts_test_member_int (settings, "outlet_count"), ==, outlet_count ());
  g_assert_cmpint (ts_test_member_int (settings, "max_outlets"), ==, 20);
  g_assert_cmpint (licence_count (), ==, licence);
}

/* C1: the licence count bounds the outlets; the next one is refused with a
 * message naming the count.  C2: only the Master User changes the licence. */
static void
test_licence_count (void)
{
  gint64 count = outlet_count ();
  gint64 licence = licence_count ();
  g_autofree char *at_count = g_strdup_printf ("{\"licence_count\": %" G_GINT64_FORMAT "}", count);
  g_autofree char *below = g_strdup_printf ("{\"licence_count\": %" G_GINT64_FORMAT "}", count - 1);
  g_autofree char *body = new_outlet_body ("LIC", "Licence Test");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (count, <, 20);
  assert_licence (uth_staff, licence);

  /* C2: nobody but the Master User */
  ts_test_expect_error (server, "PATCH", "/api/v1/system", uth_admin, at_count, 403, "forbidden", "Only the Master User may edit system-wide settings");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", uth_staff, at_count, 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", "/api/v1/system", NULL, at_count, 401, "unauthorized", NULL);
  assert_licence (master, licence);

  /* 1..20 and never below the outlets that exist */
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 0}", 400, "invalid_input", "licence_count");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 21}", 400, "invalid_input", "licence_count");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": \"5\"}", 400, "invalid_input", "licence_count");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"max_outlets\": 30}", 400, "invalid_input", "max_outlets");
  assert_licence (master, licence);
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, below, 409, "conflict", NULL);
  assert_licence (master, licence);

  /* the licence exactly used up: the next outlet is refused, naming the count */
  {
    g_autoptr(JsonNode) settings = ts_test_expect (server, "PATCH", "/api/v1/system", master, at_count, 200);
    g_autoptr(JsonNode) refused = NULL;

    g_assert_cmpint (ts_test_member_int (settings, "licence_count"), ==, count);
    assert_licence (uth_staff, count);
    before = world ();
    refused = ts_test_expect (server, "POST", "/api/v1/outlets", master, body, 422);
    g_assert_cmpstr (ts_test_error_code (refused), ==, "limit_reached");
    if (!mentions_number (ts_test_error_message (refused), count))
      g_error ("The licence refusal “%s” does not name the count %" G_GINT64_FORMAT,
               ts_test_error_message (refused), count);
    after = world ();
    g_assert_cmpstr (after, ==, before);
    g_assert_false (directory_has_code ("LIC"));
  }

  /* restore the licence, so the tests after this one start from it */
  {
    g_autofree char *restore = g_strdup_printf ("{\"licence_count\": %" G_GINT64_FORMAT "}", licence);
    g_autoptr(JsonNode) restored = ts_test_expect (server, "PATCH", "/api/v1/system", master, restore, 200);

    assert_licence (master, licence);
  }
}

/* C1: whatever the licence, never more than 20 outlets.  Leaves the
 * consortium full, so it runs last. */
static void
test_hard_maximum (void)
{
  g_autoptr(JsonNode) raised = ts_test_expect (server, "PATCH", "/api/v1/system", master,
                                               "{\"licence_count\": 20}", 200);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (ts_test_member_int (raised, "licence_count"), ==, 20);
  for (gint64 i = outlet_count () + 1; i <= 20; i++)
    {
      g_autofree char *code = g_strdup_printf ("T%02" G_GINT64_FORMAT, i);
      g_autofree char *name = g_strdup_printf ("Venue %02" G_GINT64_FORMAT, i);
      g_autofree char *more = new_outlet_body (code, name);
      g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/outlets", master, more, 201);
      JsonObject *outlet = json_object_get_object_member (json_node_get_object (created), "outlet");

      g_assert_cmpstr (json_object_get_string_member (outlet, "code"), ==, code);
    }
  g_assert_cmpint (outlet_count (), ==, 20);
  assert_licence (master, 20);

  /* the 21st */
  before = world ();
  {
    g_autofree char *one_more = new_outlet_body ("T21", "Venue 21");
    g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/outlets", master, one_more, 422);

    g_assert_cmpstr (ts_test_error_code (refused), ==, "limit_reached");
    if (!mentions_number (ts_test_error_message (refused), 20))
      g_error ("The 21st outlet's refusal “%s” does not name 20", ts_test_error_message (refused));
  }
  after = world ();
  g_assert_cmpstr (after, ==, before);
  g_assert_false (directory_has_code ("T21"));

  /* and the licence cannot go above 20 nor below the 20 outlets */
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 21}", 400, "invalid_input", "licence_count");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 19}", 409, "conflict", NULL);
  assert_licence (master, 20);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  tix = ts_test_outlet_id (server, "TIX");
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  ath_admin = ts_test_sign_in (server, "ATH", "admin", "admin-password");

  g_test_add_func ("/outlets/1-directory", test_directory);
  g_test_add_func ("/outlets/2-create", test_create_outlet);
  g_test_add_func ("/outlets/3-create-refused", test_create_outlet_refused);
  g_test_add_func ("/outlets/4-lists", test_outlet_lists);
  g_test_add_func ("/outlets/5-preferences-saved", test_preferences_saved);
  g_test_add_func ("/outlets/5-preferences-payments-and-receipts", test_preferences_payments_and_receipts);
  g_test_add_func ("/outlets/5-preferences-who", test_preferences_who);
  g_test_add_func ("/outlets/5-preferences-invalid", test_preferences_invalid);
  g_test_add_func ("/outlets/5-preferences-null-clears", test_preferences_null_clears);
  g_test_add_func ("/outlets/5-preferences-unknown-outlet", test_preferences_unknown_outlet);
  g_test_add_func ("/outlets/5-storefront-settings", test_storefront_settings);
  g_test_add_func ("/outlets/5-storefront-invalid", test_storefront_invalid);
  g_test_add_func ("/outlets/6-audit", test_audit);
  /* these two change the number of outlets: last */
  g_test_add_func ("/outlets/7-licence-count", test_licence_count);
  g_test_add_func ("/outlets/8-hard-maximum", test_hard_maximum);

  status = g_test_run ();
  g_free (master);
  g_free (uth_admin);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (uth_staff);
  g_free (ath_admin);
  ts_test_server_free (server);
  return status;
}
