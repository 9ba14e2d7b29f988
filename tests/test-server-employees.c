/* test-server-employees.c — employee records (rules C2, C3, C4, C5, C6, R1) */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_admin, *uth_manager, *uth_staff, *ath_admin;
static gint64 uth, ath;

static char *
employees_path (gint64 outlet)
{
  return g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT "/employees", outlet);
}

static char *
employee_path (gint64      id,
               const char *suffix)
{
  return g_strdup_printf ("/api/v1/employees/%" G_GINT64_FORMAT "%s", id, suffix ? suffix : "");
}

static gint64
employee_id (const char *outlet_code,
             const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT e.id FROM employee e JOIN outlet o ON o.id = e.outlet_id"
                                          " WHERE o.code = '%s' AND e.login = '%s'", outlet_code, login);
  g_autofree char *id = ts_test_owner_sql (server, sql);

  g_assert_nonnull (id);
  return g_ascii_strtoll (id, NULL, 10);
}

static gint64
count_employees (void)
{
  g_autofree char *n = ts_test_owner_sql (server, "SELECT count (*) FROM employee");
  return g_ascii_strtoll (n, NULL, 10);
}

static char *
today_in_toronto (int days_ahead)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_ahead);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* C5: only the outlet's administrators (and the Master User) manage its employees */
static void
test_listing (void)
{
  g_autofree char *own = employees_path (uth);
  g_autofree char *other = employees_path (ath);
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", own, uth_admin, NULL, 200);
  g_autofree char *text = json_to_string (list, FALSE);
  const char *logins[] = { "admin", "manager", "boxoffice", "walkup", "staff", NULL };

  for (guint i = 0; logins[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"login\":\"%s\"", logins[i]);
      g_assert_nonnull (strstr (text, quoted));
    }
  json_node_unref (ts_test_expect (server, "GET", other, uth_admin, NULL, 403));
  json_node_unref (ts_test_expect (server, "GET", own, uth_manager, NULL, 403));
  json_node_unref (ts_test_expect (server, "GET", own, uth_staff, NULL, 403));
  json_node_unref (ts_test_expect (server, "GET", own, NULL, NULL, 401));
  json_node_unref (ts_test_expect (server, "GET", other, master, NULL, 200));
}

static void
test_create (void)
{
  g_autofree char *own = employees_path (uth);
  gint64 before = count_employees ();
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", own, uth_admin,
      "{\"login\": \"newbie\", \"password\": \"newbie-password\", \"level\": \"box_office\","
      " \"hired_on\": \"2026-09-01\", \"person\": {\"first_name\": \"Nina\", \"last_name\": \"Nouveau\"}}", 201);
  g_autofree char *token = ts_test_sign_in (server, "UTH", "newbie", "newbie-password");

  g_assert_cmpstr (ts_test_member_string (created, "level"), ==, "box_office");
  g_assert_cmpint (count_employees (), ==, before + 1);

  /* refusals: each changes nothing */
  before = count_employees ();
  {
    const struct { const char *body; guint status; } bad[] = {
      /* C2: only the Master User creates administrators; nobody creates a Master User */
      { "{\"login\": \"boss2\", \"password\": \"long-enough\", \"level\": \"outlet_admin\", \"person\": {\"last_name\": \"B\"}}", 403 },
      { "{\"login\": \"boss3\", \"password\": \"long-enough\", \"level\": \"master\", \"person\": {\"last_name\": \"B\"}}", 403 },
      { "{\"login\": \"x1\", \"password\": \"long-enough\", \"level\": \"emperor\", \"person\": {\"last_name\": \"B\"}}", 400 },
      { "{\"login\": \"x2\", \"password\": \"seven77\", \"level\": \"staff\", \"person\": {\"last_name\": \"B\"}}", 400 },
      { "{\"login\": \"bad login\", \"password\": \"long-enough\", \"level\": \"staff\", \"person\": {\"last_name\": \"B\"}}", 400 },
      { "{\"login\": \"x3\", \"password\": \"long-enough\", \"level\": \"staff\", \"hired_on\": \"2026-05-01\","
        " \"resigned_on\": \"2026-04-01\", \"person\": {\"last_name\": \"B\"}}", 400 },
      { "{\"login\": \"x4\", \"password\": \"long-enough\", \"level\": \"staff\", \"hired_on\": \"2024-13-01\","
        " \"person\": {\"last_name\": \"B\"}}", 400 },
      /* logins are unique in an outlet, whatever the case */
      { "{\"login\": \"NEWBIE\", \"password\": \"long-enough\", \"level\": \"staff\", \"person\": {\"last_name\": \"B\"}}", 409 },
      { "{\"login\": \"x5\", \"password\": \"long-enough\", \"level\": \"staff\", \"person_id\": 999999999}", 400 },
      { "{\"login\": \"x6\", \"password\": \"long-enough\", \"level\": \"staff\", \"person_id\": 1,"
        " \"person\": {\"last_name\": \"B\"}}", 400 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      json_node_unref (ts_test_expect (server, "POST", own, uth_admin, bad[i].body, bad[i].status));
    /* a manager does not manage employees (C4.5) */
    json_node_unref (ts_test_expect (server, "POST", own, uth_manager,
        "{\"login\": \"x7\", \"password\": \"long-enough\", \"level\": \"staff\", \"person\": {\"last_name\": \"B\"}}", 403));
  }
  g_assert_cmpint (count_employees (), ==, before);

  /* the same login in another outlet is another employee */
  {
    g_autofree char *other = employees_path (ath);
    json_node_unref (ts_test_expect (server, "POST", other, master,
        "{\"login\": \"newbie\", \"password\": \"other-password\", \"level\": \"staff\", \"person\": {\"last_name\": \"Other\"}}", 201));
  }
}

/* C3: one person, two outlets, two employee records; never two in one outlet */
static void
test_one_person_two_outlets (void)
{
  g_autofree char *sql = g_strdup_printf ("SELECT patron_id FROM employee WHERE id = %" G_GINT64_FORMAT,
                                          employee_id ("UTH", "walkup"));
  g_autofree char *person = ts_test_owner_sql (server, sql);
  g_autofree char *body = g_strdup_printf ("{\"login\": \"moonlight\", \"password\": \"long-enough\","
                                           " \"level\": \"staff\", \"person_id\": %s}", person);
  g_autofree char *body2 = g_strdup_printf ("{\"login\": \"moonlight2\", \"password\": \"long-enough\","
                                            " \"level\": \"staff\", \"person_id\": %s}", person);
  g_autofree char *other = employees_path (ath);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", other, ath_admin, body, 201);
  g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", other, ath_admin, body2, 409);
  JsonObject *p = json_object_get_object_member (json_node_get_object (created), "person");

  g_assert_cmpstr (json_object_get_string_member (p, "last_name"), ==, "Gagnon");
  g_assert_cmpstr (ts_test_error_code (refused), ==, "conflict");
}

/* C5 and C2: who may change whom */
static void
test_edit (void)
{
  gint64 staff = employee_id ("UTH", "staff");
  gint64 admin = employee_id ("UTH", "admin");
  g_autofree char *staff_path = employee_path (staff, NULL);
  g_autofree char *admin_path = employee_path (admin, NULL);
  g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", staff_path, uth_admin,
      "{\"level\": \"walkup\", \"hired_on\": \"2021-01-15\", \"person\": {\"first_name\": \"Hana\"}}", 200);
  g_autoptr(JsonNode) read = ts_test_expect (server, "GET", staff_path, uth_admin, NULL, 200);

  g_assert_cmpstr (ts_test_member_string (read, "level"), ==, "walkup");
  g_assert_cmpstr (ts_test_member_string (read, "hired_on"), ==, "2021-01-15");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (read), "person"),
                                                  "first_name"), ==, "Hana");

  /* an administrator cannot change an administrator, himself included (C2) */
  json_node_unref (ts_test_expect (server, "PATCH", admin_path, uth_admin, "{\"level\": \"staff\"}", 403));
  /* nor grant one */
  json_node_unref (ts_test_expect (server, "PATCH", staff_path, uth_admin, "{\"level\": \"outlet_admin\"}", 403));
  /* another outlet's administrator does not even see the record (P7) */
  json_node_unref (ts_test_expect (server, "PATCH", staff_path, ath_admin, "{\"level\": \"no_access\"}", 404));
  json_node_unref (ts_test_expect (server, "GET", staff_path, ath_admin, NULL, 404));
  {
    g_autoptr(JsonNode) unchanged = ts_test_expect (server, "GET", staff_path, master, NULL, 200);
    g_assert_cmpstr (ts_test_member_string (unchanged, "level"), ==, "walkup");
  }

  /* C4: the Master User cannot demote an outlet's only administrator… */
  json_node_unref (ts_test_expect (server, "PATCH", admin_path, master, "{\"level\": \"staff\"}", 409));
  /* …until there is a second one */
  {
    g_autofree char *own = employees_path (uth);
    g_autoptr(JsonNode) second = ts_test_expect (server, "POST", own, master,
        "{\"login\": \"admin2\", \"password\": \"second-admin\", \"level\": \"outlet_admin\", \"person\": {\"last_name\": \"Deux\"}}", 201);
    g_autoptr(JsonNode) demoted = ts_test_expect (server, "PATCH", admin_path, master, "{\"level\": \"box_office_manager\"}", 200);
    g_autoptr(JsonNode) restored = ts_test_expect (server, "PATCH", admin_path, master, "{\"level\": \"outlet_admin\"}", 200);
  }
}

/* C6: locks, lock-out, resignation, No Access */
static void
test_locks_and_dates (void)
{
  gint64 boxoffice = employee_id ("UTH", "boxoffice");
  g_autofree char *lock = employee_path (boxoffice, "/lock");
  g_autofree char *unlock = employee_path (boxoffice, "/unlock");
  g_autofree char *path = employee_path (boxoffice, NULL);
  g_autofree char *token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *self_lock = employee_path (employee_id ("UTH", "admin"), "/lock");

  {
    g_autoptr(JsonNode) locked = ts_test_expect (server, "POST", lock, uth_admin, NULL, 200);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (locked), "locked"));
  }
  /* a lock ends the open sessions and refuses sign-in */
  json_node_unref (ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 401));
  {
    g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/session", NULL,
        "{\"outlet\": \"UTH\", \"login\": \"boxoffice\", \"password\": \"boxoffice-password\"}", 403);
    g_assert_cmpstr (ts_test_error_code (refused), ==, "locked");
  }
  json_node_unref (ts_test_expect (server, "POST", unlock, uth_admin, NULL, 200));
  g_free (ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password"));
  json_node_unref (ts_test_expect (server, "POST", self_lock, uth_admin, NULL, 400));
  json_node_unref (ts_test_expect (server, "POST", lock, uth_staff, NULL, 403));

  /* resigned today: refused; hired tomorrow: refused */
  {
    g_autofree char *today = today_in_toronto (0);
    g_autofree char *tomorrow = today_in_toronto (1);
    g_autofree char *resign = g_strdup_printf ("{\"resigned_on\": \"%s\"}", today);
    g_autofree char *future = g_strdup_printf ("{\"resigned_on\": null, \"hired_on\": \"%s\"}", tomorrow);
    const char *sign_in = "{\"outlet\": \"UTH\", \"login\": \"boxoffice\", \"password\": \"boxoffice-password\"}";

    json_node_unref (ts_test_expect (server, "PATCH", path, uth_admin, resign, 200));
    {
      g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/session", NULL, sign_in, 403);
      g_assert_cmpstr (ts_test_error_code (refused), ==, "resigned");
    }
    json_node_unref (ts_test_expect (server, "PATCH", path, uth_admin, future, 200));
    {
      g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/session", NULL, sign_in, 403);
      g_assert_cmpstr (ts_test_error_code (refused), ==, "resigned");
    }
    json_node_unref (ts_test_expect (server, "PATCH", path, uth_admin, "{\"hired_on\": \"2020-08-01\", \"level\": \"no_access\"}", 200));
    {
      g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/session", NULL, sign_in, 403);
      g_assert_cmpstr (ts_test_error_code (refused), ==, "no_access");
    }
    json_node_unref (ts_test_expect (server, "PATCH", path, uth_admin, "{\"level\": \"box_office\"}", 200));
  }
}

/* An administrator sets a new password: the old one and the old sessions end */
static void
test_password_reset (void)
{
  gint64 walkup = employee_id ("UTH", "walkup");
  g_autofree char *path = employee_path (walkup, NULL);
  g_autofree char *token = ts_test_sign_in (server, "UTH", "walkup", "walkup-password");

  json_node_unref (ts_test_expect (server, "PATCH", path, uth_admin, "{\"password\": \"brand-new-pw\"}", 200));
  json_node_unref (ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 401));
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/session", NULL,
      "{\"outlet\": \"UTH\", \"login\": \"walkup\", \"password\": \"walkup-password\"}", 401));
  g_free (ts_test_sign_in (server, "UTH", "walkup", "brand-new-pw"));
}

/* R1: inserts and updates are audited with before and after, without hashes */
static void
test_audit (void)
{
  g_autoptr(JsonNode) log = ts_test_expect (server, "GET", "/api/v1/audit?limit=500", master, NULL, 200);
  g_autofree char *text = json_to_string (log, FALSE);
  JsonArray *entries = json_object_get_array_member (json_node_get_object (log), "entries");
  gboolean inserted = FALSE, level_changed = FALSE, password_marked = FALSE;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      JsonObject *after;
      JsonObject *before;

      if (!g_str_equal (json_object_get_string_member (e, "entity"), "employee")
          || json_object_get_null_member (e, "after"))
        continue;
      after = json_object_get_object_member (e, "after");
      before = json_object_get_null_member (e, "before") ? NULL : json_object_get_object_member (e, "before");
      if (g_str_equal (json_object_get_string_member (e, "action"), "insert")
          && g_strcmp0 (json_object_get_string_member (after, "login"), "newbie") == 0)
        inserted = TRUE;
      if (before != NULL && g_strcmp0 (json_object_get_string_member (before, "level"), "staff") == 0
          && g_strcmp0 (json_object_get_string_member (after, "level"), "walkup") == 0)
        level_changed = TRUE;
      if (json_object_has_member (after, "password_hash_changed"))
        password_marked = TRUE;
    }
  g_assert_true (inserted);
  g_assert_true (level_changed);
  g_assert_true (password_marked);
  g_assert_null (strstr (text, "\"password_hash\""));
  g_assert_null (strstr (text, "$2a$"));
  g_assert_null (strstr (text, "brand-new-pw"));
  g_assert_null (strstr (text, "newbie-password"));
}

/* C2: exactly one Master User, also at the database level */
static void
test_one_master (void)
{
  g_autofree char *result = ts_test_owner_sql (server,
      "DO $$ BEGIN"
      "  INSERT INTO employee (outlet_id, patron_id, login, level, password_hash)"
      "  VALUES (NULL, 1, 'second-master', 'master', 'x');"
      "  RAISE EXCEPTION 'a second Master User was accepted';"
      " EXCEPTION WHEN unique_violation THEN NULL;"
      " END $$");
  g_autofree char *count = ts_test_owner_sql (server, "SELECT count (*) FROM employee WHERE level = 'master'");

  g_assert_null (result);
  g_assert_cmpstr (count, ==, "1");
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
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  ath_admin = ts_test_sign_in (server, "ATH", "admin", "admin-password");

  g_test_add_func ("/employees/1-listing", test_listing);
  g_test_add_func ("/employees/2-create", test_create);
  g_test_add_func ("/employees/3-one-person-two-outlets", test_one_person_two_outlets);
  g_test_add_func ("/employees/4-edit", test_edit);
  g_test_add_func ("/employees/5-locks-and-dates", test_locks_and_dates);
  g_test_add_func ("/employees/6-password-reset", test_password_reset);
  g_test_add_func ("/employees/7-audit", test_audit);
  g_test_add_func ("/employees/8-one-master", test_one_master);

  status = g_test_run ();
  g_free (master);
  g_free (uth_admin);
  g_free (uth_manager);
  g_free (uth_staff);
  g_free (ath_admin);
  ts_test_server_free (server);
  return status;
}
