/* test-server-employees.c — employee records: who lists, creates and edits
 * them, one person in two outlets, the last administrator, locks, lock-out,
 * hired and resigned dates, password resets, the audit and the one Master
 * User (rules C2, C3, C4, C5, C6, R1).
 *
 * One server for the whole binary.  Each test signs in the accounts it needs
 * and puts back the demo employees it changes, so the tests also pass one
 * by one (-p); they run in registration order. */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *master;
static gint64 uth, ath;

/* Every password this file uses, so the audit test can check that none of
 * them ever reaches the audit log (R1). */
static const char * const passwords[] = {
  "master-password", "admin-password", "manager-password", "boxoffice-password", "walkup-password",
  "staff-password", "newbie-password", "other-password", "long-enough", "seven77", "moonlight-pw",
  "second-admin", "bad-password", "reset-old-pw", "reset-new-pw", "short7x", "audited-secret-1",
  "audited-secret-2", NULL
};

/* Helpers ------------------------------------------------------------------ */

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
sql_int (const char *sql)
{
  g_autofree char *n = ts_test_owner_sql (server, sql);

  g_assert_nonnull (n);
  return g_ascii_strtoll (n, NULL, 10);
}

/* outlet_code and login are this file's own constants. */
static gint64
employee_id (const char *outlet_code,
             const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT e.id FROM employee e JOIN outlet o ON o.id = e.outlet_id"
                                          " WHERE o.code = '%s' AND e.login = '%s'", outlet_code, login);

  return sql_int (sql);
}

static gint64
person_of (gint64 employee)
{
  g_autofree char *sql = g_strdup_printf ("SELECT patron_id FROM employee WHERE id = %" G_GINT64_FORMAT, employee);

  return sql_int (sql);
}

/* What a refused creation must leave alone: employees and people. */
static char *
world (void)
{
  return ts_test_owner_sql (server,
                            "SELECT (SELECT count (*) FROM employee) || '/' || (SELECT count (*) FROM patron)");
}

static gboolean
login_exists (const char *outlet_code,
              const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM employee e JOIN outlet o ON o.id = e.outlet_id"
                                          " WHERE o.code = '%s' AND lower (e.login) = lower ('%s')",
                                          outlet_code, login);

  return sql_int (sql) > 0;
}

static void
expect_ok (const char *method,
           const char *path,
           const char *token,
           const char *body,
           guint       status)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, method, path, token, body, status);
}

/* The employee as the Master User sees it, serialised: compared before and
 * after a refusal to show that nothing changed. */
static char *
employee_snapshot (gint64 id)
{
  g_autofree char *path = employee_path (id, NULL);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, master, NULL, 200);

  return json_to_string (answer, FALSE);
}

static JsonNode *
employee_as_master (gint64 id)
{
  g_autofree char *path = employee_path (id, NULL);

  return ts_test_expect (server, "GET", path, master, NULL, 200);
}

static char *
sign_in_body (const char *outlet,
              const char *login,
              const char *password)
{
  return g_strdup_printf ("{\"outlet\": \"%s\", \"login\": \"%s\", \"password\": \"%s\"}", outlet, login, password);
}

/* Expects sign-in to be refused with that status and error code. */
static void
sign_in_refused (const char *outlet,
                 const char *login,
                 const char *password,
                 guint       status,
                 const char *code)
{
  g_autofree char *body = sign_in_body (outlet, login, password);

  ts_test_expect_error (server, "POST", "/api/v1/session", NULL, body, status, code, NULL);
}

/* A demo account's token: login "staff" has password "staff-password". */
static char *
sign_in_demo (const char *outlet,
              const char *login)
{
  g_autofree char *password = g_strconcat (login, "-password", NULL);

  return ts_test_sign_in (server, outlet, login, password);
}

/* C6: dates are days in the outlet's time zone (the demo outlets': Toronto). */
static char *
today_in_toronto (int days_ahead)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_ahead);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Listing (C4, C5) ------------------------------------------------------------ */

/* C5: only the outlet's administrators and the Master User list its employees. */
static void
test_listing (void)
{
  g_autofree char *own = employees_path (uth);
  g_autofree char *other = employees_path (ath);
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autofree char *manager = sign_in_demo ("UTH", "manager");
  g_autofree char *staff = sign_in_demo ("UTH", "staff");
  g_autofree char *ath_admin = sign_in_demo ("ATH", "admin");
  const char *logins[] = { "admin", "manager", "boxoffice", "walkup", "staff" };

  {
    g_autoptr(JsonNode) list = ts_test_expect (server, "GET", own, admin, NULL, 200);
    JsonArray *employees = json_object_get_array_member (json_node_get_object (list), "employees");

    for (guint l = 0; l < G_N_ELEMENTS (logins); l++)
      {
        gboolean found = FALSE;

        for (guint i = 0; i < json_array_get_length (employees); i++)
          found = found || g_str_equal (json_object_get_string_member (json_array_get_object_element (employees, i),
                                                                       "login"), logins[l]);
        g_assert_true (found);
      }
    for (guint i = 0; i < json_array_get_length (employees); i++)
      {
        JsonObject *e = json_array_get_object_element (employees, i);

        /* only UTH's, and never a password hash */
        g_assert_cmpint (json_object_get_int_member (e, "outlet_id"), ==, uth);
        g_assert_false (json_object_has_member (e, "password_hash"));
        g_assert_nonnull (json_object_get_object_member (e, "person"));
      }
  }

  /* C5: not another outlet's; C4: not below Outlet Administrator */
  ts_test_expect_error (server, "GET", other, admin, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "GET", own, ath_admin, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "GET", own, manager, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "GET", own, staff, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "GET", own, NULL, NULL, 401, "unauthorized", NULL);

  /* C2: the Master User lists any outlet's */
  {
    g_autoptr(JsonNode) list = ts_test_expect (server, "GET", other, master, NULL, 200);
    JsonArray *employees = json_object_get_array_member (json_node_get_object (list), "employees");

    g_assert_cmpuint (json_array_get_length (employees), >=, 5);
    for (guint i = 0; i < json_array_get_length (employees); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (employees, i), "outlet_id"), ==, ath);
  }
  ts_test_expect_error (server, "GET", "/api/v1/outlets/999999/employees", master, NULL, 404, "not_found", NULL);

  /* one employee: his outlet's administrator yes, a lower level no (403),
   * another outlet's administrator does not even see it (404, P7) */
  {
    gint64 walkup = employee_id ("UTH", "walkup");
    g_autofree char *path = employee_path (walkup, NULL);
    g_autoptr(JsonNode) read = ts_test_expect (server, "GET", path, admin, NULL, 200);

    g_assert_cmpstr (ts_test_member_string (read, "login"), ==, "walkup");
    g_assert_cmpstr (ts_test_member_string (read, "level"), ==, "walkup");
    ts_test_expect_error (server, "GET", path, manager, NULL, 403, "forbidden", NULL);
    ts_test_expect_error (server, "GET", path, ath_admin, NULL, 404, "not_found", NULL);
  }
}

/* Creating (C2, C4, C5) ------------------------------------------------------- */

static void
test_create (void)
{
  g_autofree char *own = employees_path (uth);
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autofree char *manager = sign_in_demo ("UTH", "manager");
  g_autofree char *ath_admin = sign_in_demo ("ATH", "admin");
  g_autofree char *before = world ();
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) me = NULL;
  JsonObject *person;

  /* an administrator creates a Box Office employee, and a new person with him */
  created = ts_test_expect (server, "POST", own, admin,
      "{\"login\": \"newbie\", \"password\": \"newbie-password\", \"level\": \"box_office\","
      " \"hired_on\": \"2024-09-01\", \"resigned_on\": null,"
      " \"person\": {\"first_name\": \"Nina\", \"last_name\": \"Nouveau\"}}", 201);
  person = json_object_get_object_member (json_node_get_object (created), "person");
  g_assert_cmpstr (ts_test_member_string (created, "login"), ==, "newbie");
  g_assert_cmpstr (ts_test_member_string (created, "level"), ==, "box_office");
  g_assert_cmpint (ts_test_member_int (created, "outlet_id"), ==, uth);
  g_assert_cmpstr (ts_test_member_string (created, "hired_on"), ==, "2024-09-01");
  g_assert_true (json_object_get_null_member (json_node_get_object (created), "resigned_on"));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (created), "locked"));
  g_assert_false (json_object_has_member (json_node_get_object (created), "password"));
  g_assert_false (json_object_has_member (json_node_get_object (created), "password_hash"));
  g_assert_cmpstr (json_object_get_string_member (person, "first_name"), ==, "Nina");
  g_assert_cmpstr (json_object_get_string_member (person, "last_name"), ==, "Nouveau");
  {
    g_autofree char *after = world ();
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                                 g_ascii_strtoll (before, NULL, 10) + 1,
                                                 g_ascii_strtoll (strchr (before, '/') + 1, NULL, 10) + 1);

    g_assert_cmpstr (after, ==, expected);
  }

  /* …who signs in to UTH at once */
  token = ts_test_sign_in (server, "UTH", "newbie", "newbie-password");
  me = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);
  g_assert_cmpstr (ts_test_member_string (me, "level"), ==, "box_office");
  g_assert_cmpstr (ts_test_member_string (me, "display_name"), ==, "Nina Nouveau");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (me), "outlet"),
                                                  "code"), ==, "UTH");

  /* refusals: each changes nothing */
  g_clear_pointer (&before, g_free);
  before = world ();
  {
    static const struct
    {
      const char *login;       /* must not exist afterwards (NULL: not checked) */
      const char *body;
      guint       status;
      const char *code;
      const char *in_message;
    } bad[] = {
      /* C2: only the Master User creates administrators; nobody creates a Master User */
      { "boss2", "{\"login\": \"boss2\", \"password\": \"long-enough\", \"level\": \"outlet_admin\","
        " \"person\": {\"last_name\": \"B\"}}", 403, "forbidden", "Only the Master User may create or edit Outlet Administrator accounts" },
      { "boss3", "{\"login\": \"boss3\", \"password\": \"long-enough\", \"level\": \"master\","
        " \"person\": {\"last_name\": \"B\"}}", 403, "forbidden", "There is exactly one Master User" },
      { "x1", "{\"login\": \"x1\", \"password\": \"long-enough\", \"level\": \"emperor\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "level" },
      { "x1", "{\"login\": \"x1\", \"password\": \"long-enough\", \"person\": {\"last_name\": \"B\"}}",
        400, "invalid_input", "level" },
      /* 7 characters */
      { "x2", "{\"login\": \"x2\", \"password\": \"seven77\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "password" },
      { "x2", "{\"login\": \"x2\", \"level\": \"staff\", \"person\": {\"last_name\": \"B\"}}",
        400, "invalid_input", "password" },
      { NULL, "{\"login\": \"bad login\", \"password\": \"long-enough\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "login" },
      { NULL, "{\"login\": \"semi;colon\", \"password\": \"long-enough\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "login" },
      { NULL, "{\"login\": \"x\", \"password\": \"long-enough\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "login" },
      { "x3", "{\"login\": \"x3\", \"password\": \"long-enough\", \"level\": \"staff\", \"hired_on\": \"2026-05-01\","
        " \"resigned_on\": \"2026-04-01\", \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "resigned_on" },
      { "x4", "{\"login\": \"x4\", \"password\": \"long-enough\", \"level\": \"staff\", \"hired_on\": \"2024-13-01\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "hired_on" },
      { "x4", "{\"login\": \"x4\", \"password\": \"long-enough\", \"level\": \"staff\", \"resigned_on\": \"2024-02-30\","
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "resigned_on" },
      { "x5", "{\"login\": \"x5\", \"password\": \"long-enough\", \"level\": \"staff\","
        " \"person\": {\"first_name\": \"No Last Name\"}}", 400, "invalid_input", "last_name" },
      { "x5", "{\"login\": \"x5\", \"password\": \"long-enough\", \"level\": \"staff\"}", 400, "invalid_input", "person" },
      { "x5", "{\"login\": \"x5\", \"password\": \"long-enough\", \"level\": \"staff\", \"locked\": true,"
        " \"person\": {\"last_name\": \"B\"}}", 400, "invalid_input", "locked" },
      /* logins are unique in an outlet, whatever the case */
      { NULL, "{\"login\": \"NEWBIE\", \"password\": \"long-enough\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"B\"}}", 409, "conflict", NULL },
      { NULL, "{\"login\": \"Admin\", \"password\": \"long-enough\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"B\"}}", 409, "conflict", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *after = NULL;

        ts_test_expect_error (server, "POST", own, admin, bad[i].body, bad[i].status, bad[i].code, bad[i].in_message);
        after = world ();
        g_assert_cmpstr (after, ==, before);
        if (bad[i].login != NULL)
          g_assert_false (login_exists ("UTH", bad[i].login));
      }
  }
  /* C2: not even the Master User creates a second Master User */
  ts_test_expect_error (server, "POST", own, master, "{\"login\": \"boss4\", \"password\": \"long-enough\", \"level\": \"master\","
                " \"person\": {\"last_name\": \"B\"}}", 403, "forbidden", "There is exactly one Master User");
  /* C4: a manager does not manage employees; C5: nor another outlet's administrator */
  ts_test_expect_error (server, "POST", own, manager, "{\"login\": \"x7\", \"password\": \"long-enough\", \"level\": \"staff\","
                " \"person\": {\"last_name\": \"B\"}}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "POST", own, ath_admin, "{\"login\": \"x8\", \"password\": \"long-enough\", \"level\": \"staff\","
                " \"person\": {\"last_name\": \"B\"}}", 403, "forbidden", NULL);
  ts_test_expect_error (server, "POST", own, NULL, "{\"login\": \"x9\", \"password\": \"long-enough\", \"level\": \"staff\","
                " \"person\": {\"last_name\": \"B\"}}", 401, "unauthorized", NULL);
  {
    g_autofree char *after = world ();

    g_assert_cmpstr (after, ==, before);
    g_assert_false (login_exists ("UTH", "boss4"));
    g_assert_false (login_exists ("UTH", "x7"));
    g_assert_false (login_exists ("UTH", "x8"));
    g_assert_false (login_exists ("UTH", "x9"));
  }

  /* the same login in another outlet is another employee */
  {
    g_autofree char *other = employees_path (ath);
    g_autoptr(JsonNode) elsewhere = ts_test_expect (server, "POST", other, master,
        "{\"login\": \"newbie\", \"password\": \"other-password\", \"level\": \"staff\","
        " \"person\": {\"last_name\": \"Other\"}}", 201);
    g_autofree char *ath_token = ts_test_sign_in (server, "ATH", "newbie", "other-password");

    g_assert_cmpint (ts_test_member_int (elsewhere, "outlet_id"), ==, ath);
    /* each signs in to his own outlet with his own password */
    sign_in_refused ("ATH", "newbie", "newbie-password", 401, "wrong_password");
    sign_in_refused ("UTH", "newbie", "other-password", 401, "wrong_password");
  }
}

/* One person, two outlets (C3) ------------------------------------------------ */

/* C3: a person who works for two outlets has two employee records and one
 * person record; never two employee records in one outlet. */
static void
test_one_person_two_outlets (void)
{
  gint64 walkup = employee_id ("UTH", "walkup");
  gint64 person = person_of (walkup);
  g_autofree char *other = employees_path (ath);
  g_autofree char *body = g_strdup_printf ("{\"login\": \"moonlight\", \"password\": \"moonlight-pw\","
                                           " \"level\": \"staff\", \"person_id\": %" G_GINT64_FORMAT "}", person);
  g_autofree char *again = g_strdup_printf ("{\"login\": \"moonlight2\", \"password\": \"long-enough\","
                                            " \"level\": \"staff\", \"person_id\": %" G_GINT64_FORMAT "}", person);
  g_autofree char *both = g_strdup_printf ("{\"login\": \"moonlight3\", \"password\": \"long-enough\","
                                           " \"level\": \"staff\", \"person_id\": %" G_GINT64_FORMAT ","
                                           " \"person\": {\"last_name\": \"Both\"}}", person);
  g_autofree char *uth_walkup_before = employee_snapshot (walkup);
  g_autofree char *before = NULL;
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", other, master, body, 201);
  JsonObject *p = json_object_get_object_member (json_node_get_object (created), "person");
  g_autofree char *token = ts_test_sign_in (server, "ATH", "moonlight", "moonlight-pw");
  g_autoptr(JsonNode) me = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);

  /* the same person, a second employee record, in ATH */
  g_assert_cmpint (ts_test_member_int (created, "outlet_id"), ==, ath);
  g_assert_cmpint (json_object_get_int_member (p, "id"), ==, person);
  g_assert_cmpstr (json_object_get_string_member (p, "first_name"), ==, "Olivier");
  g_assert_cmpstr (json_object_get_string_member (p, "last_name"), ==, "Gagnon");
  g_assert_cmpstr (ts_test_member_string (me, "display_name"), ==, "Olivier Gagnon");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (me), "outlet"),
                                                  "code"), ==, "ATH");
  {
    /* …and the UTH record is untouched */
    g_autofree char *uth_walkup_after = employee_snapshot (walkup);

    g_assert_cmpstr (uth_walkup_after, ==, uth_walkup_before);
  }

  /* refusals, none of which creates anything */
  before = world ();
  ts_test_expect_error (server, "POST", other, master, again, 409, "conflict", NULL);
  {
    g_autofree char *ath_admin = sign_in_demo ("ATH", "admin");

    ts_test_expect_error (server, "POST", other, ath_admin, again, 409, "conflict", NULL);
  }
  ts_test_expect_error (server, "POST", other, master, "{\"login\": \"ghost\", \"password\": \"long-enough\", \"level\": \"staff\","
                " \"person_id\": 999999999}", 400, "invalid_input", "person_id");
  ts_test_expect_error (server, "POST", other, master, both, 400, "invalid_input", "person");
  ts_test_expect_error (server, "POST", other, master, "{\"login\": \"ghost2\", \"password\": \"long-enough\", \"level\": \"staff\","
                " \"person_id\": \"1\"}", 400, "invalid_input", "person_id");
  {
    g_autofree char *after = world ();
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM employee WHERE patron_id = %" G_GINT64_FORMAT,
                                            person);

    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (sql_int (sql), ==, 2);
    g_assert_false (login_exists ("ATH", "moonlight2"));
    g_assert_false (login_exists ("ATH", "moonlight3"));
    g_assert_false (login_exists ("ATH", "ghost"));
  }
}

/* Editing (C2, C4, C5) -------------------------------------------------------- */

/* C5: an administrator edits his outlet's employees below him; C2: only the
 * Master User edits administrators; C4: an outlet keeps an administrator. */
static void
test_edit (void)
{
  gint64 staff = employee_id ("UTH", "staff");
  gint64 admin_id = employee_id ("UTH", "admin");
  g_autofree char *staff_path = employee_path (staff, NULL);
  g_autofree char *admin_path = employee_path (admin_id, NULL);
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autofree char *manager = sign_in_demo ("UTH", "manager");
  g_autofree char *ath_admin = sign_in_demo ("ATH", "admin");
  g_autofree char *staff_before = employee_snapshot (staff);
  g_autofree char *admin_before = NULL;
  gint64 second_admin;

  /* C5: a level up to Walk-up (still below his own), new names and dates */
  {
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", staff_path, admin,
        "{\"level\": \"walkup\", \"hired_on\": \"2021-01-15\", \"resigned_on\": \"2099-12-31\","
        " \"person\": {\"first_name\": \"Hana\", \"last_name\": \"Kowalska\"}}", 200);
    g_autoptr(JsonNode) read = ts_test_expect (server, "GET", staff_path, admin, NULL, 200);
    JsonObject *person = json_object_get_object_member (json_node_get_object (read), "person");
    g_autofree char *edited_text = json_to_string (edited, FALSE);
    g_autofree char *read_text = json_to_string (read, FALSE);

    g_assert_cmpstr (edited_text, ==, read_text);
    g_assert_cmpstr (ts_test_member_string (read, "level"), ==, "walkup");
    g_assert_cmpstr (ts_test_member_string (read, "login"), ==, "staff");
    g_assert_cmpstr (ts_test_member_string (read, "hired_on"), ==, "2021-01-15");
    g_assert_cmpstr (ts_test_member_string (read, "resigned_on"), ==, "2099-12-31");
    g_assert_cmpstr (json_object_get_string_member (person, "first_name"), ==, "Hana");
    g_assert_cmpstr (json_object_get_string_member (person, "last_name"), ==, "Kowalska");
  }

  /* refusals, each leaving the employee as it was */
  g_clear_pointer (&staff_before, g_free);
  staff_before = employee_snapshot (staff);
  admin_before = employee_snapshot (admin_id);
  /* C2: an administrator cannot change an administrator, himself included */
  ts_test_expect_error (server, "PATCH", admin_path, admin, "{\"level\": \"staff\"}", 403, "forbidden", "Only the Master User may change an Outlet Administrator account");
  ts_test_expect_error (server, "PATCH", admin_path, admin, "{\"person\": {\"first_name\": \"Self\"}}", 403, "forbidden", "Only the Master User may change an Outlet Administrator account");
  /* C2: nor make one */
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"level\": \"outlet_admin\"}", 403, "forbidden", "Only the Master User may create or edit Outlet Administrator accounts");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"level\": \"master\"}", 403, "forbidden", "There is exactly one Master User");
  /* C4: a manager manages nobody */
  ts_test_expect_error (server, "PATCH", staff_path, manager, "{\"level\": \"staff\"}", 403, "forbidden", NULL);
  /* P7: another outlet's administrator does not even see the record */
  ts_test_expect_error (server, "PATCH", staff_path, ath_admin, "{\"level\": \"no_access\"}", 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", staff_path, ath_admin, NULL, 404, "not_found", NULL);
  /* bad values */
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"level\": \"emperor\"}", 400, "invalid_input", "level");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"hired_on\": \"2021-02-30\"}", 400, "invalid_input", "hired_on");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"hired_on\": \"2022-01-01\", \"resigned_on\": \"2021-12-31\"}",
                400, "invalid_input", "resigned_on");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"login\": null}", 400, "invalid_input", "login");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"login\": \"manager\"}", 409, "conflict", NULL);
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"password\": \"short7x\"}", 400, "invalid_input", "password");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"outlet_id\": 2}", 400, "invalid_input", "outlet_id");
  ts_test_expect_error (server, "PATCH", staff_path, admin, "{\"person\": {\"last_name\": \"\"}}", 400, "invalid_input", "last_name");
  {
    g_autofree char *staff_after = employee_snapshot (staff);
    g_autofree char *admin_after = employee_snapshot (admin_id);

    g_assert_cmpstr (staff_after, ==, staff_before);
    g_assert_cmpstr (admin_after, ==, admin_before);
  }

  /* C4: the Master User cannot demote, lock or resign the outlet's only
   * administrator… */
  ts_test_expect_error (server, "PATCH", admin_path, master, "{\"level\": \"staff\"}", 409, "conflict", "last active administrator");
  {
    g_autofree char *lock = employee_path (admin_id, "/lock");
    g_autofree char *today = today_in_toronto (0);
    g_autofree char *resign = g_strdup_printf ("{\"resigned_on\": \"%s\"}", today);

    ts_test_expect_error (server, "POST", lock, master, NULL, 409, "conflict", "last active administrator");
    ts_test_expect_error (server, "PATCH", admin_path, master, resign, 409, "conflict", "last active administrator");
  }
  {
    g_autofree char *admin_after = employee_snapshot (admin_id);

    g_assert_cmpstr (admin_after, ==, admin_before);
  }

  /* …until there is a second one (C2: only he creates administrators) */
  {
    g_autofree char *own = employees_path (uth);
    g_autoptr(JsonNode) second = ts_test_expect (server, "POST", own, master,
        "{\"login\": \"admin2\", \"password\": \"second-admin\", \"level\": \"outlet_admin\","
        " \"person\": {\"first_name\": \"Deuxième\", \"last_name\": \"Admin\"}}", 201);
    g_autofree char *second_path = NULL;
    g_autofree char *second_before = NULL;

    g_assert_cmpstr (ts_test_member_string (second, "level"), ==, "outlet_admin");
    second_admin = ts_test_member_int (second, "id");
    second_path = employee_path (second_admin, NULL);
    second_before = employee_snapshot (second_admin);

    /* C2: the first administrator cannot change the second */
    ts_test_expect_error (server, "PATCH", second_path, admin, "{\"level\": \"staff\"}", 403, "forbidden", "Only the Master User may change an Outlet Administrator account");
    {
      g_autofree char *lock = employee_path (second_admin, "/lock");

      ts_test_expect_error (server, "POST", lock, admin, NULL, 403, "forbidden", "Only the Master User may change an Outlet Administrator account");
    }
    {
      g_autofree char *second_after = employee_snapshot (second_admin);

      g_assert_cmpstr (second_after, ==, second_before);
    }

    /* now the first can be demoted */
    {
      g_autoptr(JsonNode) demoted = ts_test_expect (server, "PATCH", admin_path, master,
                                                    "{\"level\": \"box_office_manager\"}", 200);

      g_assert_cmpstr (ts_test_member_string (demoted, "level"), ==, "box_office_manager");
    }
    /* the demoted administrator's own session lost the administrator's rights */
    ts_test_expect_error (server, "GET", own, admin, NULL, 403, "forbidden", NULL);
  }

  /* put everything back: the demo administrator, the demo staff member, and
   * the second administrator out of the way */
  expect_ok ("PATCH", admin_path, master, "{\"level\": \"outlet_admin\"}", 200);
  {
    g_autofree char *second_path = employee_path (second_admin, NULL);

    expect_ok ("PATCH", second_path, master, "{\"level\": \"no_access\"}", 200);
  }
  expect_ok ("PATCH", staff_path, admin,
             "{\"level\": \"staff\", \"hired_on\": \"2020-08-01\", \"resigned_on\": null,"
             " \"person\": {\"first_name\": \"Hannah\", \"last_name\": \"Kowalski\"}}", 200);
  {
    g_autoptr(JsonNode) restored = employee_as_master (staff);

    g_assert_cmpstr (ts_test_member_string (restored, "level"), ==, "staff");
    g_assert_true (json_object_get_null_member (json_node_get_object (restored), "resigned_on"));
  }
}

/* Locks, lock-out, dates (C6) ------------------------------------------------- */

/* C6: an administrator locks a login; the lock ends its sessions and refuses
 * sign-in until unlocked. */
static void
test_lock (void)
{
  gint64 staff = employee_id ("UTH", "staff");
  gint64 admin_id = employee_id ("UTH", "admin");
  g_autofree char *lock = employee_path (staff, "/lock");
  g_autofree char *unlock = employee_path (staff, "/unlock");
  g_autofree char *self_lock = employee_path (admin_id, "/lock");
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autofree char *ath_admin = sign_in_demo ("ATH", "admin");
  g_autofree char *token = sign_in_demo ("UTH", "staff");
  g_autofree char *boxoffice = sign_in_demo ("UTH", "boxoffice");

  expect_ok ("GET", "/api/v1/session", token, NULL, 200);
  {
    g_autoptr(JsonNode) locked = ts_test_expect (server, "POST", lock, admin, NULL, 200);
    g_autoptr(JsonNode) read = employee_as_master (staff);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (locked), "locked"));
    g_assert_true (json_object_get_boolean_member (json_node_get_object (read), "locked"));
  }
  /* the lock ends the open session and refuses sign-in, even with the right password */
  ts_test_expect_error (server, "GET", "/api/v1/session", token, NULL, 401, "unauthorized", NULL);
  sign_in_refused ("UTH", "staff", "staff-password", 403, "locked");

  {
    g_autoptr(JsonNode) unlocked = ts_test_expect (server, "POST", unlock, admin, NULL, 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (unlocked), "locked"));
  }
  {
    g_autofree char *again = sign_in_demo ("UTH", "staff");

    expect_ok ("GET", "/api/v1/session", again, NULL, 200);
  }

  /* an administrator cannot lock himself; nothing changes */
  {
    g_autofree char *before = employee_snapshot (admin_id);
    g_autofree char *after = NULL;

    ts_test_expect_error (server, "POST", self_lock, admin, NULL, 400, "invalid_input", NULL);
    after = employee_snapshot (admin_id);
    g_assert_cmpstr (after, ==, before);
    expect_ok ("GET", "/api/v1/session", admin, NULL, 200);
  }
  /* C4: below Outlet Administrator nobody locks; C5: nor another outlet */
  {
    g_autofree char *before = employee_snapshot (staff);
    g_autofree char *after = NULL;

    ts_test_expect_error (server, "POST", lock, boxoffice, NULL, 403, "forbidden", NULL);
    ts_test_expect_error (server, "POST", lock, ath_admin, NULL, 404, "not_found", NULL);
    ts_test_expect_error (server, "POST", lock, NULL, NULL, 401, "unauthorized", NULL);
    after = employee_snapshot (staff);
    g_assert_cmpstr (after, ==, before);
  }
}

/* C6: five bad passwords in a row lock the login for a while; the right
 * password does not get in until the administrator unlocks it. */
static void
test_lock_out (void)
{
  gint64 walkup = employee_id ("UTH", "walkup");
  g_autofree char *unlock = employee_path (walkup, "/unlock");
  g_autofree char *admin = sign_in_demo ("UTH", "admin");

  /* start from a clean count, from a place the login signs in from (C6) */
  expect_ok ("POST", unlock, admin, NULL, 200);
  g_free (sign_in_demo ("UTH", "walkup"));
  for (int i = 1; i <= 4; i++)
    sign_in_refused ("UTH", "walkup", "bad-password", 401, "wrong_password");
  {
    g_autofree char *body = sign_in_body ("UTH", "walkup", "bad-password");
    g_autoptr(JsonNode) fifth = ts_test_expect (server, "POST", "/api/v1/session", NULL, body, 403);

    g_assert_cmpstr (ts_test_error_code (fifth), ==, "locked");
    g_assert_nonnull (strstr (ts_test_error_message (fifth), "until"));
  }
  sign_in_refused ("UTH", "walkup", "walkup-password", 403, "locked");
  {
    g_autoptr(JsonNode) read = employee_as_master (walkup);
    JsonObject *e = json_node_get_object (read);

    /* a lock-out, not an administrator's lock */
    g_assert_false (json_object_get_null_member (e, "locked_until"));
    g_assert_false (json_object_get_boolean_member (e, "locked"));
  }

  /* the administrator unlocks it: the right password works again */
  {
    g_autoptr(JsonNode) unlocked = ts_test_expect (server, "POST", unlock, admin, NULL, 200);
    JsonObject *e = json_node_get_object (unlocked);
    g_autofree char *token = NULL;

    g_assert_true (json_object_get_null_member (e, "locked_until"));
    g_assert_cmpint (json_object_get_int_member (e, "failed_attempts"), ==, 0);
    token = sign_in_demo ("UTH", "walkup");
    expect_ok ("GET", "/api/v1/session", token, NULL, 200);
  }
}

/* C6: hired and resigned dates bound sign-in, in the outlet's own days;
 * No Access never signs in. */
static void
test_dates_and_no_access (void)
{
  gint64 boxoffice = employee_id ("UTH", "boxoffice");
  g_autofree char *path = employee_path (boxoffice, NULL);
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autofree char *token = sign_in_demo ("UTH", "boxoffice");
  g_autofree char *today = today_in_toronto (0);
  g_autofree char *tomorrow = today_in_toronto (1);
  g_autofree char *yesterday = today_in_toronto (-1);
  g_autofree char *resign_today = g_strdup_printf ("{\"resigned_on\": \"%s\"}", today);
  g_autofree char *resign_tomorrow = g_strdup_printf ("{\"resigned_on\": \"%s\"}", tomorrow);
  g_autofree char *hired_future = g_strdup_printf ("{\"resigned_on\": null, \"hired_on\": \"%s\"}", tomorrow);
  g_autofree char *hired_today = g_strdup_printf ("{\"hired_on\": \"%s\"}", today);
  g_autofree char *resign_before_hired = g_strdup_printf ("{\"resigned_on\": \"%s\"}", yesterday);

  /* resigning tomorrow: still works today */
  expect_ok ("PATCH", path, admin, resign_tomorrow, 200);
  expect_ok ("GET", "/api/v1/session", token, NULL, 200);
  g_free (sign_in_demo ("UTH", "boxoffice"));

  /* resigned today: refused, and the open session ends */
  {
    g_autoptr(JsonNode) resigned = ts_test_expect (server, "PATCH", path, admin, resign_today, 200);

    g_assert_cmpstr (ts_test_member_string (resigned, "resigned_on"), ==, today);
  }
  sign_in_refused ("UTH", "boxoffice", "boxoffice-password", 403, "resigned");
  ts_test_expect_error (server, "GET", "/api/v1/session", token, NULL, 401, "unauthorized", NULL);

  /* hired tomorrow: not yet */
  expect_ok ("PATCH", path, admin, hired_future, 200);
  sign_in_refused ("UTH", "boxoffice", "boxoffice-password", 403, "resigned");
  /* hired today: yes */
  expect_ok ("PATCH", path, admin, hired_today, 200);
  g_free (sign_in_demo ("UTH", "boxoffice"));

  /* a resignation before the hiring date stored earlier is refused and
   * changes nothing.  (The database's check constraint refuses it; its
   * message does not name the field yet, so only the code is checked.) */
  {
    g_autofree char *before = employee_snapshot (boxoffice);
    g_autofree char *after = NULL;

    ts_test_expect_error (server, "PATCH", path, admin, resign_before_hired, 400, "invalid_input", NULL);
    after = employee_snapshot (boxoffice);
    g_assert_cmpstr (after, ==, before);
  }

  /* C4: No Access cannot sign in, whatever the dates */
  expect_ok ("PATCH", path, admin, "{\"hired_on\": \"2020-08-01\", \"level\": \"no_access\"}", 200);
  sign_in_refused ("UTH", "boxoffice", "boxoffice-password", 403, "no_access");
  /* a wrong password still answers wrong_password: No Access reveals nothing */
  sign_in_refused ("UTH", "boxoffice", "bad-password", 401, "wrong_password");

  /* put the demo employee back */
  expect_ok ("PATCH", path, admin, "{\"level\": \"box_office\"}", 200);
  {
    g_autofree char *unlock = employee_path (boxoffice, "/unlock");

    expect_ok ("POST", unlock, admin, NULL, 200);     /* clears the bad-password count */
  }
  g_free (sign_in_demo ("UTH", "boxoffice"));
}

/* An administrator sets another employee's password: the old password and
 * the employee's open sessions end; a bad-password lock-out is cleared. */
static void
test_password_reset (void)
{
  g_autofree char *own = employees_path (uth);
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", own, admin,
      "{\"login\": \"resetme\", \"password\": \"reset-old-pw\", \"level\": \"walkup\","
      " \"person\": {\"first_name\": \"Rita\", \"last_name\": \"Reset\"}}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *path = employee_path (id, NULL);
  g_autofree char *token = ts_test_sign_in (server, "UTH", "resetme", "reset-old-pw");

  expect_ok ("GET", "/api/v1/session", token, NULL, 200);
  /* a too-short password is refused and the old one still works */
  ts_test_expect_error (server, "PATCH", path, admin, "{\"password\": \"short7x\"}", 400, "invalid_input", "password");
  expect_ok ("GET", "/api/v1/session", token, NULL, 200);

  {
    g_autoptr(JsonNode) changed = ts_test_expect (server, "PATCH", path, admin, "{\"password\": \"reset-new-pw\"}", 200);

    g_assert_false (json_object_has_member (json_node_get_object (changed), "password"));
    g_assert_false (json_object_has_member (json_node_get_object (changed), "password_hash"));
  }
  ts_test_expect_error (server, "GET", "/api/v1/session", token, NULL, 401, "unauthorized", NULL);
  sign_in_refused ("UTH", "resetme", "reset-old-pw", 401, "wrong_password");
  {
    g_autofree char *fresh = ts_test_sign_in (server, "UTH", "resetme", "reset-new-pw");

    expect_ok ("GET", "/api/v1/session", fresh, NULL, 200);
  }

  /* setting the password also clears a bad-password lock-out */
  for (int i = 1; i <= 5; i++)
    sign_in_refused ("UTH", "resetme", "bad-password", i < 5 ? 401 : 403, i < 5 ? "wrong_password" : "locked");
  sign_in_refused ("UTH", "resetme", "reset-new-pw", 403, "locked");
  expect_ok ("PATCH", path, admin, "{\"password\": \"reset-old-pw\"}", 200);
  g_free (ts_test_sign_in (server, "UTH", "resetme", "reset-old-pw"));
}

/* Audit (R1) ------------------------------------------------------------------ */

static void
for_each_audit_entry (void      (*fn) (JsonObject *entry, gpointer data),
                      gpointer    data)
{
  gint64 before_id = 0;

  for (;;)
    {
      g_autofree char *path = before_id > 0
        ? g_strdup_printf ("/api/v1/audit?limit=500&before_id=%" G_GINT64_FORMAT, before_id)
        : g_strdup ("/api/v1/audit?limit=500");
      g_autoptr(JsonNode) page = ts_test_expect (server, "GET", path, master, NULL, 200);
      JsonArray *entries = json_object_get_array_member (json_node_get_object (page), "entries");
      g_autofree char *text = json_to_string (page, FALSE);
      g_autofree char *without_marker = NULL;

      if (json_array_get_length (entries) == 0)
        return;

      /* R1: no password hash and no password, anywhere.  The documented
       * "password_hash_changed" marker is the only mention allowed. */
      {
        g_auto(GStrv) parts = g_strsplit (text, "password_hash_changed", -1);

        without_marker = g_strjoinv ("", parts);
      }
      if (strstr (without_marker, "password_hash") != NULL)
        g_error ("The audit log shows a password hash column: %s", text);
      g_assert_null (strstr (text, "$2a$"));
      g_assert_null (strstr (text, "$2b$"));
      for (guint p = 0; passwords[p] != NULL; p++)
        if (strstr (text, passwords[p]) != NULL)
          g_error ("The audit log shows the password “%s”", passwords[p]);

      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);

          before_id = json_object_get_int_member (entry, "id");
          fn (entry, data);
        }
    }
}

typedef struct
{
  char     *id;
  gboolean  inserted;
  gboolean  level_changed;
  gboolean  password_marked;
} Audited;

static void
find_audited (JsonObject *e,
              gpointer    data)
{
  Audited *audited = data;
  JsonObject *before = NULL, *after = NULL;
  const char *action = json_object_get_string_member (e, "action");

  if (!g_str_equal (json_object_get_string_member (e, "entity"), "employee")
      || g_strcmp0 (json_object_get_string_member (e, "entity_id"), audited->id) != 0)
    return;
  if (!json_object_get_null_member (e, "before"))
    before = json_object_get_object_member (e, "before");
  if (!json_object_get_null_member (e, "after"))
    after = json_object_get_object_member (e, "after");

  if (g_str_equal (action, "insert"))
    {
      g_assert_null (before);
      g_assert_nonnull (after);
      g_assert_cmpstr (json_object_get_string_member (after, "login"), ==, "audited");
      g_assert_cmpstr (json_object_get_string_member (after, "level"), ==, "staff");
      /* who: UTH's administrator; whose: UTH's */
      g_assert_cmpint (json_object_get_int_member (e, "outlet_id"), ==, uth);
      g_assert_cmpint (json_object_get_int_member (e, "subject_outlet_id"), ==, uth);
      g_assert_cmpstr (json_object_get_string_member (e, "login"), ==, "admin");
      audited->inserted = TRUE;
    }
  else if (g_str_equal (action, "update") && before != NULL && after != NULL)
    {
      if (g_strcmp0 (json_object_get_string_member (before, "level"), "staff") == 0
          && g_strcmp0 (json_object_get_string_member (after, "level"), "walkup") == 0)
        {
          g_assert_cmpint (json_object_get_int_member (e, "outlet_id"), ==, uth);
          g_assert_cmpstr (json_object_get_string_member (e, "login"), ==, "admin");
          audited->level_changed = TRUE;
        }
      if (json_object_get_boolean_member_with_default (after, "password_hash_changed", FALSE))
        audited->password_marked = TRUE;
    }
}

/* R1: every write is audited — who, what, before and after — and password
 * hashes and passwords never reach the log. */
static void
test_audit (void)
{
  g_autofree char *own = employees_path (uth);
  g_autofree char *admin = sign_in_demo ("UTH", "admin");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", own, admin,
      "{\"login\": \"audited\", \"password\": \"audited-secret-1\", \"level\": \"staff\","
      " \"person\": {\"first_name\": \"Otto\", \"last_name\": \"Audit\"}}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *path = employee_path (id, NULL);
  Audited audited = { g_strdup_printf ("%" G_GINT64_FORMAT, id), FALSE, FALSE, FALSE };

  expect_ok ("PATCH", path, admin, "{\"level\": \"walkup\"}", 200);
  expect_ok ("PATCH", path, admin, "{\"password\": \"audited-secret-2\"}", 200);
  /* refused sign-ins are audited too: they must not record the password tried */
  sign_in_refused ("UTH", "audited", "audited-secret-1", 401, "wrong_password");
  g_free (ts_test_sign_in (server, "UTH", "audited", "audited-secret-2"));

  for_each_audit_entry (find_audited, &audited);
  g_assert_true (audited.inserted);
  g_assert_true (audited.level_changed);
  g_assert_true (audited.password_marked);
  g_free (audited.id);

  /* the audit log is for administrators and the Master User */
  {
    g_autofree char *staff = sign_in_demo ("UTH", "staff");

    ts_test_expect_error (server, "GET", "/api/v1/audit", staff, NULL, 403, "forbidden", NULL);
  }
}

/* One Master User (C2) -------------------------------------------------------- */

/* C2: a second Master User is refused by the database itself, not only by
 * the API (see test_create); and his record is not edited through the API. */
static void
test_one_master (void)
{
  gint64 master_id = sql_int ("SELECT id FROM employee WHERE level = 'master'");
  g_autofree char *master_path = employee_path (master_id, NULL);
  g_autofree char *before = world ();
  g_autofree char *after = NULL;
  /* The block succeeds only when the insert is refused by the one-master
   * index; if it were accepted, RAISE fails the statement and
   * ts_test_owner_sql() aborts the test. */
  g_autofree char *result = ts_test_owner_sql (server,
      "DO $$"
      " DECLARE"
      "   v_patron bigint;"
      "   v_constraint text;"
      " BEGIN"
      "   INSERT INTO patron (first_name, last_name) VALUES ('Second', 'Master') RETURNING id INTO v_patron;"
      "   INSERT INTO employee (outlet_id, patron_id, login, level, password_hash)"
      "   VALUES (NULL, v_patron, 'second-master', 'master', 'x');"
      "   RAISE EXCEPTION 'C2: a second Master User was accepted';"
      " EXCEPTION WHEN unique_violation THEN"
      "   GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;"
      "   IF v_constraint IS DISTINCT FROM 'employee_one_master' THEN"
      "     RAISE EXCEPTION 'refused, but by % and not by the one-master rule', v_constraint;"
      "   END IF;"
      " END $$");

  g_assert_null (result);
  g_assert_cmpint (sql_int ("SELECT count (*) FROM employee WHERE level = 'master'"), ==, 1);
  after = world ();
  g_assert_cmpstr (after, ==, before);

  /* the Master User's record is changed only with the change-password call */
  ts_test_expect_error (server, "GET", master_path, master, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "PATCH", master_path, master, "{\"level\": \"staff\"}", 403, "forbidden", NULL);
  {
    g_autofree char *admin = sign_in_demo ("UTH", "admin");

    ts_test_expect_error (server, "PATCH", master_path, admin, "{\"password\": \"long-enough\"}", 404, "not_found", NULL);
  }
  g_assert_cmpint (sql_int ("SELECT count (*) FROM employee WHERE level = 'master'"), ==, 1);
  g_free (ts_test_sign_in (server, NULL, "master", "master-password"));
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

  g_test_add_func ("/employees/1-listing", test_listing);
  g_test_add_func ("/employees/2-create", test_create);
  g_test_add_func ("/employees/3-one-person-two-outlets", test_one_person_two_outlets);
  g_test_add_func ("/employees/4-edit", test_edit);
  g_test_add_func ("/employees/5-lock", test_lock);
  g_test_add_func ("/employees/6-lock-out", test_lock_out);
  g_test_add_func ("/employees/7-dates-and-no-access", test_dates_and_no_access);
  g_test_add_func ("/employees/8-password-reset", test_password_reset);
  g_test_add_func ("/employees/9-audit", test_audit);
  g_test_add_func ("/employees/10-one-master", test_one_master);

  status = g_test_run ();
  g_free (master);
  ts_test_server_free (server);
  return status;
}
