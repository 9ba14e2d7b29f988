/* test-server-outlets.c — consortium administration: outlets, the licence
 * count, outlet preferences (rules C1, C2, C7, R1) */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_admin, *uth_staff, *uth_boxoffice, *ath_admin;
static gint64 uth, ath;

static char *
outlet_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT, id);
}

static gint64
outlet_count (void)
{
  g_autofree char *n = ts_test_owner_sql (server, "SELECT count (*) FROM outlet");
  return g_ascii_strtoll (n, NULL, 10);
}

static const char *
error_message (JsonNode *answer)
{
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (answer), "error"),
                                        "message");
}

static char *
new_outlet_body (const char *code,
                 const char *name)
{
  return g_strdup_printf ("{\"code\": \"%s\", \"name\": \"%s\", \"administrator\": {\"login\": \"admin\","
                          " \"password\": \"first-admin-pw\", \"first_name\": \"Ann\", \"last_name\": \"Admin\"}}",
                          code, name);
}

static void
test_directory (void)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200);
  JsonArray *outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");

  g_assert_cmpuint (json_array_get_length (outlets), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (json_object_get_size (json_array_get_object_element (outlets, i)), ==, 3);
}

/* C2: only the Master User creates outlets; every outlet gets its first administrator */
static void
test_create_outlet (void)
{
  g_autofree char *body = new_outlet_body ("STU", "Studio Theatre");
  gint64 before = outlet_count ();
  g_autoptr(JsonNode) refused_admin = ts_test_expect (server, "POST", "/api/v1/outlets", uth_admin, body, 403);
  g_autoptr(JsonNode) refused_staff = ts_test_expect (server, "POST", "/api/v1/outlets", uth_staff, body, 403);
  g_autoptr(JsonNode) refused_anon = ts_test_expect (server, "POST", "/api/v1/outlets", NULL, body, 401);
  g_autoptr(JsonNode) created = NULL;
  JsonObject *administrator;
  g_autofree char *token = NULL;

  g_assert_cmpint (outlet_count (), ==, before);
  created = ts_test_expect (server, "POST", "/api/v1/outlets", master, body, 201);
  administrator = json_object_get_object_member (json_node_get_object (created), "administrator");
  g_assert_cmpstr (json_object_get_string_member (administrator, "level"), ==, "outlet_admin");
  g_assert_cmpint (outlet_count (), ==, before + 1);
  token = ts_test_sign_in (server, "STU", "admin", "first-admin-pw");
  g_assert_nonnull (token);
}

static void
test_create_outlet_bad_input (void)
{
  gint64 before = outlet_count ();
  const char *bad[] = {
    "{\"code\": \"BAD\", \"name\": \"No Admin\"}",
    "{\"code\": \"bad\", \"name\": \"Lower\", \"administrator\": {\"login\": \"a1\", \"password\": \"longenough\", \"last_name\": \"A\"}}",
    "{\"code\": \"TOOLONGCODE1\", \"name\": \"Long\", \"administrator\": {\"login\": \"a1\", \"password\": \"longenough\", \"last_name\": \"A\"}}",
    "{\"code\": \"OK1\", \"name\": \"Short pw\", \"administrator\": {\"login\": \"a1\", \"password\": \"short\", \"last_name\": \"A\"}}",
    "{\"code\": \"OK2\", \"name\": \"Colour\", \"colour\": \"red\", \"administrator\": {\"login\": \"a1\", \"password\": \"longenough\", \"last_name\": \"A\"}}",
    "{\"code\": \"OK3\", \"name\": \"Mail\", \"email\": \"nope\", \"administrator\": {\"login\": \"a1\", \"password\": \"longenough\", \"last_name\": \"A\"}}",
    NULL
  };
  g_autofree char *same_code = new_outlet_body ("UTH", "Another Name");
  g_autofree char *same_name = new_outlet_body ("UTX", "university THEATRE");

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/outlets", master, bad[i], 400);
      g_assert_cmpstr (ts_test_error_code (refused), ==, "invalid_input");
    }
  {
    g_autoptr(JsonNode) a = ts_test_expect (server, "POST", "/api/v1/outlets", master, same_code, 409);
    g_autoptr(JsonNode) b = ts_test_expect (server, "POST", "/api/v1/outlets", master, same_name, 409);
  }
  g_assert_cmpint (outlet_count (), ==, before);
}

/* C1: the licence count, then the hard maximum of 20 */
static void
test_licence_count (void)
{
  gint64 count = outlet_count ();
  g_autofree char *at_count = g_strdup_printf ("{\"licence_count\": %" G_GINT64_FORMAT "}", count);
  g_autofree char *below = g_strdup_printf ("{\"licence_count\": %" G_GINT64_FORMAT "}", count - 1);
  g_autofree char *body = new_outlet_body ("LIC", "Licence Test");
  g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  {
    g_autoptr(JsonNode) a = ts_test_expect (server, "PATCH", "/api/v1/system", uth_admin, at_count, 403);
    g_autoptr(JsonNode) b = ts_test_expect (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 0}", 400);
    g_autoptr(JsonNode) c = ts_test_expect (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 21}", 400);
    g_autoptr(JsonNode) d = ts_test_expect (server, "PATCH", "/api/v1/system", master, below, 409);
    g_autoptr(JsonNode) e = ts_test_expect (server, "PATCH", "/api/v1/system", master, at_count, 200);
    g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/outlets", master, body, 422);

    g_assert_cmpint (ts_test_member_int (e, "licence_count"), ==, count);
    g_assert_cmpstr (ts_test_error_code (refused), ==, "limit_reached");
    g_assert_nonnull (strstr (error_message (refused), count_text));
    g_assert_cmpint (outlet_count (), ==, count);
  }

  /* the hard maximum: 20 outlets, never a 21st */
  {
    g_autoptr(JsonNode) raised = ts_test_expect (server, "PATCH", "/api/v1/system", master, "{\"licence_count\": 20}", 200);

    for (gint64 i = outlet_count (); i < 20; i++)
      {
        g_autofree char *code = g_strdup_printf ("T%02" G_GINT64_FORMAT, i + 1);
        g_autofree char *name = g_strdup_printf ("Venue %" G_GINT64_FORMAT, i + 1);
        g_autofree char *more = new_outlet_body (code, name);
        g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/outlets", master, more, 201);
      }
    g_assert_cmpint (outlet_count (), ==, 20);
    {
      g_autofree char *one_more = new_outlet_body ("T21", "Venue 21");
      g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/outlets", master, one_more, 422);

      g_assert_nonnull (strstr (error_message (refused), "20"));
      g_assert_cmpint (outlet_count (), ==, 20);
    }
  }
}

/* C7: administrators edit their own outlet's preferences; the Master User any */
static void
test_preferences (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autofree char *other = outlet_path (ath);
  g_autofree char *logo = g_strdup ("{\"logo_svg\": \"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>\"}");
  g_autoptr(JsonNode) saved = ts_test_expect (server, "PATCH", own, uth_admin,
      "{\"phone\": \"416-555-0000\", \"email\": \"box@uth.example.org\", \"web_site\": \"https://uth.example.org/tickets\","
      " \"time_zone\": \"America/Vancouver\", \"currency\": \"USD\", \"default_hold_minutes\": 20,"
      " \"address\": \"1 Main St\\nToronto\"}", 200);
  g_autoptr(JsonNode) with_logo = ts_test_expect (server, "PATCH", own, uth_admin, logo, 200);
  g_autoptr(JsonNode) read = ts_test_expect (server, "GET", own, uth_staff, NULL, 200);
  JsonObject *o = json_node_get_object (read);

  g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, "416-555-0000");
  g_assert_cmpstr (json_object_get_string_member (o, "time_zone"), ==, "America/Vancouver");
  g_assert_cmpstr (json_object_get_string_member (o, "currency"), ==, "USD");
  g_assert_cmpint (json_object_get_int_member (o, "default_hold_minutes"), ==, 20);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "logo_svg"), "<svg"));

  /* refusals, none of which changes anything */
  {
    g_autoptr(JsonNode) a = ts_test_expect (server, "PATCH", other, uth_admin, "{\"phone\": \"416-555-9999\"}", 403);
    g_autoptr(JsonNode) b = ts_test_expect (server, "PATCH", own, uth_staff, "{\"phone\": \"416-555-9999\"}", 403);
    g_autoptr(JsonNode) c = ts_test_expect (server, "PATCH", own, uth_boxoffice, "{\"phone\": \"416-555-9999\"}", 403);
    g_autoptr(JsonNode) d = ts_test_expect (server, "GET", own, ath_admin, NULL, 403);
    g_autoptr(JsonNode) e = ts_test_expect (server, "PATCH", other, master, "{\"phone\": \"416-555-7777\"}", 200);
    g_autoptr(JsonNode) f = ts_test_expect (server, "GET", "/api/v1/outlets/999999", master, NULL, 404);
    g_autoptr(JsonNode) g = ts_test_expect (server, "GET", "/api/v1/outlets/abc", master, NULL, 404);
  }
  {
    const char *bad[][2] = {
      { "{\"email\": \"nope\"}", "email" }, { "{\"phone\": \"12\"}", "phone" },
      { "{\"web_site\": \"ftp://x.org\"}", "web_site" }, { "{\"time_zone\": \"Mars/Base\"}", "time_zone" },
      { "{\"currency\": \"cad\"}", "currency" }, { "{\"default_hold_minutes\": 0}", "default_hold_minutes" },
      { "{\"default_hold_minutes\": 1441}", "default_hold_minutes" }, { "{\"name\": \"\"}", "name" },
      { "{\"logo_svg\": \"<svg><script>alert(1)</script></svg>\"}", "logo_svg" },
      { "{\"code\": \"NEW\"}", "code" }, { "{\"colour\": \"red\"}", "colour" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) refused = ts_test_expect (server, "PATCH", own, uth_admin, bad[i][0], 400);
        g_assert_nonnull (strstr (error_message (refused), bad[i][1]));
      }
  }
  {
    g_autoptr(JsonNode) after = ts_test_expect (server, "GET", own, uth_admin, NULL, 200);
    g_autofree char *a = json_to_string (read, FALSE);
    g_autofree char *b = json_to_string (after, FALSE);

    g_assert_cmpstr (a, ==, b);
  }
  /* null clears an optional field */
  {
    g_autoptr(JsonNode) cleared = ts_test_expect (server, "PATCH", own, uth_admin, "{\"phone\": null}", 200);
    g_assert_true (json_object_get_null_member (json_node_get_object (cleared), "phone"));
  }
}

static void
test_outlet_lists (void)
{
  g_autoptr(JsonNode) all = ts_test_expect (server, "GET", "/api/v1/outlets", master, NULL, 200);
  g_autoptr(JsonNode) own = ts_test_expect (server, "GET", "/api/v1/outlets", uth_admin, NULL, 200);
  JsonArray *mine = json_object_get_array_member (json_node_get_object (own), "outlets");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (all), "outlets")), >=, 3);
  g_assert_cmpuint (json_array_get_length (mine), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mine, 0), "id"), ==, uth);
}

/* R1: the change is audited with before and after; another outlet's
 * administrator does not see UTH's entries */
static void
test_audit (void)
{
  g_autofree char *own = outlet_path (uth);
  g_autoptr(JsonNode) changed = ts_test_expect (server, "PATCH", own, uth_admin, "{\"phone\": \"416-555-4242\"}", 200);
  g_autoptr(JsonNode) log = ts_test_expect (server, "GET", "/api/v1/audit?limit=50", master, NULL, 200);
  g_autoptr(JsonNode) ath_log = ts_test_expect (server, "GET", "/api/v1/audit?limit=500", ath_admin, NULL, 200);
  g_autoptr(JsonNode) staff_log = ts_test_expect (server, "GET", "/api/v1/audit", uth_staff, NULL, 403);
  JsonArray *entries = json_object_get_array_member (json_node_get_object (log), "entries");
  JsonArray *ath_entries = json_object_get_array_member (json_node_get_object (ath_log), "entries");
  gboolean found = FALSE;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (e, "entity"), "outlet")
          && g_str_equal (json_object_get_string_member (e, "action"), "update")
          && !json_object_get_null_member (e, "after")
          && g_strcmp0 (json_object_get_string_member (json_object_get_object_member (e, "after"), "phone"), "416-555-4242") == 0)
        {
          g_assert_false (json_object_get_null_member (e, "before"));
          g_assert_cmpstr (json_object_get_string_member (e, "login"), ==, "admin");
          found = TRUE;
        }
    }
  g_assert_true (found);
  for (guint i = 0; i < json_array_get_length (ath_entries); i++)
    {
      JsonObject *e = json_array_get_object_element (ath_entries, i);

      g_assert_true (json_object_get_null_member (e, "outlet_id") || json_object_get_int_member (e, "outlet_id") != uth);
      g_assert_true (json_object_get_null_member (e, "subject_outlet_id")
                     || json_object_get_int_member (e, "subject_outlet_id") != uth);
    }
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
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_admin = ts_test_sign_in (server, "ATH", "admin", "admin-password");

  /* registered in the order they must run: the licence test fills the consortium */
  g_test_add_func ("/outlets/1-directory", test_directory);
  g_test_add_func ("/outlets/2-create", test_create_outlet);
  g_test_add_func ("/outlets/3-create-bad-input", test_create_outlet_bad_input);
  g_test_add_func ("/outlets/4-preferences", test_preferences);
  g_test_add_func ("/outlets/5-lists", test_outlet_lists);
  g_test_add_func ("/outlets/6-audit", test_audit);
  g_test_add_func ("/outlets/7-licence", test_licence_count);

  status = g_test_run ();
  g_free (master);
  g_free (uth_admin);
  g_free (uth_staff);
  g_free (uth_boxoffice);
  g_free (ath_admin);
  ts_test_server_free (server);
  return status;
}
