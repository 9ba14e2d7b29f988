/* test-server-session.c — sign-in, sessions, lock-out and password (C3, C4, C6) */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;

static JsonNode *
sign_in_answer (const char *outlet,
                const char *login,
                const char *password,
                guint       expected)
{
  g_autofree char *body = outlet
    ? g_strdup_printf ("{\"outlet\": \"%s\", \"login\": \"%s\", \"password\": \"%s\"}", outlet, login, password)
    : g_strdup_printf ("{\"login\": \"%s\", \"password\": \"%s\"}", login, password);

  return ts_test_expect (server, "POST", "/api/v1/session", NULL, body, expected);
}

static void
test_every_demo_level_signs_in (void)
{
  const char *logins[][2] = {
    { "admin", "outlet_admin" }, { "manager", "box_office_manager" }, { "boxoffice", "box_office" },
    { "walkup", "walkup" }, { "staff", "staff" }, { "door", "scanner" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *password = g_strconcat (logins[i][0], "-password", NULL);
      g_autoptr(JsonNode) answer = sign_in_answer ("ATH", logins[i][0], password, 201);
      JsonObject *me = json_object_get_object_member (json_node_get_object (answer), "me");
      const char *token = ts_test_member_string (answer, "token");
      g_autoptr(JsonNode) again = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);

      g_assert_cmpuint (strlen (token), ==, 64);
      g_assert_cmpstr (json_object_get_string_member (me, "level"), ==, logins[i][1]);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (me, "outlet"), "code"), ==, "ATH");
      g_assert_cmpstr (ts_test_member_string (again, "login"), ==, logins[i][0]);
    }

  /* C4: the demo's door attendant may only validate tickets (F4). */
  {
    g_autoptr(JsonNode) answer = sign_in_answer ("ATH", "door", "door-password", 201);
    const char *token = ts_test_member_string (answer, "token");

    json_node_unref (ts_test_expect (server, "GET", "/api/v1/scans/performances", token, NULL, 200));
    ts_test_expect_error (server, "GET", "/api/v1/patrons?q=smith", token, NULL, 403, "forbidden", NULL);
    ts_test_expect_error (server, "GET", "/api/v1/events", token, NULL, 403, "forbidden", NULL);
  }
}

static void
test_master_signs_in_without_outlet (void)
{
  g_autoptr(JsonNode) answer = sign_in_answer (NULL, "master", "master-password", 201);
  JsonObject *me = json_object_get_object_member (json_node_get_object (answer), "me");

  g_assert_cmpstr (json_object_get_string_member (me, "level"), ==, "master");
  g_assert_true (json_object_get_null_member (me, "outlet"));

  /* the outlet's "admin" is not the Master User, and vice versa */
  g_clear_pointer (&answer, json_node_unref);
  answer = sign_in_answer (NULL, "admin", "admin-password", 401);
  g_clear_pointer (&answer, json_node_unref);
  answer = sign_in_answer ("UTH", "master", "master-password", 401);
}

static void
test_outlet_by_id_or_code (void)
{
  gint64 id = ts_test_outlet_id (server, "TIX");
  g_autofree char *body = g_strdup_printf ("{\"outlet\": %" G_GINT64_FORMAT ", \"login\": \"staff\", \"password\": \"staff-password\"}", id);
  g_autoptr(JsonNode) by_id = ts_test_expect (server, "POST", "/api/v1/session", NULL, body, 201);
  g_autoptr(JsonNode) by_code = sign_in_answer ("tix", "staff", "staff-password", 201);
  g_autoptr(JsonNode) bad_type = ts_test_expect (server, "POST", "/api/v1/session", NULL,
                                                 "{\"outlet\": true, \"login\": \"a\", \"password\": \"b\"}", 400);
}

static void
test_wrong_credentials_look_alike (void)
{
  /* Unknown outlet, unknown login and wrong password give the same answer,
   * so probing reveals nothing. */
  g_autoptr(JsonNode) a = sign_in_answer ("UTH", "staff", "wrong-password", 401);
  g_autoptr(JsonNode) b = sign_in_answer ("UTH", "nobody", "wrong-password", 401);
  g_autoptr(JsonNode) c = sign_in_answer ("XYZ", "staff", "staff-password", 401);
  JsonObject *ea = json_object_get_object_member (json_node_get_object (a), "error");
  JsonObject *eb = json_object_get_object_member (json_node_get_object (b), "error");
  JsonObject *ec = json_object_get_object_member (json_node_get_object (c), "error");

  g_assert_cmpstr (json_object_get_string_member (ea, "code"), ==, "wrong_password");
  g_assert_cmpstr (json_object_get_string_member (ea, "message"), ==, json_object_get_string_member (eb, "message"));
  g_assert_cmpstr (json_object_get_string_member (ea, "message"), ==, json_object_get_string_member (ec, "message"));

  {
    g_autoptr(JsonNode) missing = ts_test_expect (server, "POST", "/api/v1/session", NULL, "{\"login\": \"staff\"}", 400);
    g_assert_cmpstr (ts_test_error_code (missing), ==, "invalid_input");
  }
  /* a successful sign-in resets the count: the earlier bad password does not add up */
  {
    g_autoptr(JsonNode) ok = sign_in_answer ("UTH", "staff", "staff-password", 201);
  }
}

static void
test_lock_out_after_bad_passwords (void)
{
  g_autofree char *admin = ts_test_sign_in (server, "TIX", "admin", "admin-password");
  g_autofree char *before = ts_test_owner_sql (server, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'");
  g_autofree char *after = NULL;
  g_autofree char *walkup_id = ts_test_owner_sql (server,
      "SELECT e.id FROM employee e JOIN outlet o ON o.id = e.outlet_id WHERE o.code = 'TIX' AND e.login = 'walkup'");
  g_autofree char *unlock = g_strdup_printf ("/api/v1/employees/%s/unlock", walkup_id);

  /* C6: five bad passwords in a row from where the login signs in lock it
   * (from elsewhere they only make strangers wait: test-server-sign-in.c) */
  g_free (ts_test_sign_in (server, "TIX", "walkup", "walkup-password"));
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) refused = sign_in_answer ("TIX", "walkup", "bad-password", 401);
    }
  {
    g_autoptr(JsonNode) fifth = sign_in_answer ("TIX", "walkup", "bad-password", 403);
    g_assert_cmpstr (ts_test_error_code (fifth), ==, "locked");
  }
  /* …even the right password is refused now */
  {
    g_autoptr(JsonNode) locked = sign_in_answer ("TIX", "walkup", "walkup-password", 403);
    JsonObject *error = json_object_get_object_member (json_node_get_object (locked), "error");

    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "locked");
    g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "until"));
  }
  /* every attempt was audited */
  after = ts_test_owner_sql (server, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'");
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10) - g_ascii_strtoll (before, NULL, 10), ==, 5);

  /* the outlet's administrator unlocks it */
  {
    g_autoptr(JsonNode) unlocked = ts_test_expect (server, "POST", unlock, admin, NULL, 200);
    g_autoptr(JsonNode) ok = sign_in_answer ("TIX", "walkup", "walkup-password", 201);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (unlocked), "locked"));
  }
}

static void
test_lock_out_expires (void)
{
  g_autofree char *ignored = NULL;

  g_free (ts_test_sign_in (server, "TIX", "manager", "manager-password"));   /* a familiar place (C6) */
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) refused = sign_in_answer ("TIX", "manager", "bad-password", i < 4 ? 401 : 403);
    }
  {
    g_autoptr(JsonNode) locked = sign_in_answer ("TIX", "manager", "manager-password", 403);
  }
  /* "for a while": pretend the 15 minutes have passed */
  ignored = ts_test_owner_sql (server,
      "UPDATE employee SET locked_until = now () - interval '1 second'"
      " WHERE login = 'manager' AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");
  {
    g_autoptr(JsonNode) ok = sign_in_answer ("TIX", "manager", "manager-password", 201);
  }
}

static void
test_resigned_and_not_yet_hired (void)
{
  g_autofree char *x = NULL;

  /* C6: the dates are days in the outlet's own time zone */
  x = ts_test_owner_sql (server,
      "UPDATE employee SET resigned_on = (now () AT TIME ZONE 'America/Toronto')::date"
      " WHERE login = 'boxoffice' AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");
  {
    g_autoptr(JsonNode) refused = sign_in_answer ("TIX", "boxoffice", "boxoffice-password", 403);
    g_assert_cmpstr (ts_test_error_code (refused), ==, "resigned");
  }
  g_free (x);
  x = ts_test_owner_sql (server,
      "UPDATE employee SET resigned_on = NULL, hired_on = (now () AT TIME ZONE 'America/Toronto')::date + 1"
      " WHERE login = 'boxoffice' AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");
  {
    g_autoptr(JsonNode) refused = sign_in_answer ("TIX", "boxoffice", "boxoffice-password", 403);
    g_assert_cmpstr (ts_test_error_code (refused), ==, "resigned");
  }
  g_free (x);
  x = ts_test_owner_sql (server,
      "UPDATE employee SET hired_on = (now () AT TIME ZONE 'America/Toronto')::date"
      " WHERE login = 'boxoffice' AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");
  {
    g_autoptr(JsonNode) ok = sign_in_answer ("TIX", "boxoffice", "boxoffice-password", 201);
  }
}

/* C4 with C6: "the last administrator cannot resign today" is judged by the
 * outlet's own day.  A zone whose date differs from UTC's right now makes the
 * difference visible at any hour. */
static void
test_last_admin_resigning_today (void)
{
  g_autofree char *master = ts_test_sign_in (server, NULL, "master", "master-password");
  g_autofree char *zone = ts_test_owner_sql (server,
      "SELECT z FROM unnest (ARRAY['Pacific/Kiritimati', 'Pacific/Pago_Pago']) z"
      " WHERE (now () AT TIME ZONE z)::date <> (now () AT TIME ZONE 'UTC')::date LIMIT 1");
  g_autofree char *set_zone = g_strdup_printf ("UPDATE outlet SET time_zone = '%s' WHERE code = 'TIX'", zone);
  g_autofree char *ahead_sql = g_strdup_printf ("SELECT (now () AT TIME ZONE '%s')::date > (now () AT TIME ZONE 'UTC')::date", zone);
  g_autofree char *ahead = ts_test_owner_sql (server, ahead_sql);
  g_autofree char *today_sql = g_strdup_printf ("SELECT ((now () AT TIME ZONE '%s')::date)::text", zone);
  g_autofree char *tomorrow_sql = g_strdup_printf ("SELECT ((now () AT TIME ZONE '%s')::date + 1)::text", zone);
  g_autofree char *today = ts_test_owner_sql (server, today_sql);
  g_autofree char *tomorrow = ts_test_owner_sql (server, tomorrow_sql);
  g_autofree char *id = ts_test_owner_sql (server,
      "SELECT e.id FROM employee e JOIN outlet o ON o.id = e.outlet_id WHERE o.code = 'TIX' AND e.login = 'admin'");
  g_autofree char *path = g_strdup_printf ("/api/v1/employees/%s", id);
  g_autofree char *x = NULL;

  g_assert_nonnull (zone);
  x = ts_test_owner_sql (server, set_zone);
  if (g_str_equal (ahead, "t"))
    {
      /* the outlet's today is UTC's tomorrow: still today for the outlet */
      g_autofree char *body = g_strdup_printf ("{\"resigned_on\": \"%s\"}", today);
      g_autoptr(JsonNode) refused = ts_test_expect (server, "PATCH", path, master, body, 409);
    }
  else
    {
      /* the outlet's tomorrow is UTC's today: not yet resigned for the outlet */
      g_autofree char *body = g_strdup_printf ("{\"resigned_on\": \"%s\"}", tomorrow);
      g_autoptr(JsonNode) accepted = ts_test_expect (server, "PATCH", path, master, body, 200);
      g_autoptr(JsonNode) undone = ts_test_expect (server, "PATCH", path, master, "{\"resigned_on\": null}", 200);
    }
  g_free (x);
  x = ts_test_owner_sql (server, "UPDATE outlet SET time_zone = 'America/Toronto' WHERE code = 'TIX'");
}

static void
test_no_access_level (void)
{
  g_autofree char *x = ts_test_owner_sql (server,
      "UPDATE employee SET level = 'no_access'"
      " WHERE login = 'staff' AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");
  g_autofree char *before = ts_test_owner_sql (server, "SELECT count (*) FROM audit_log WHERE action = 'sign_in_refused'");
  g_autoptr(JsonNode) refused = sign_in_answer ("TIX", "staff", "staff-password", 403);
  g_autofree char *after = ts_test_owner_sql (server, "SELECT count (*) FROM audit_log WHERE action = 'sign_in_refused'");

  g_assert_cmpstr (ts_test_error_code (refused), ==, "no_access");
  /* R1: the refused attempt is audited too */
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 1);
  g_free (x);
  x = ts_test_owner_sql (server,
      "UPDATE employee SET level = 'staff'"
      " WHERE login = 'staff' AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");
}

static void
test_sign_out_ends_the_session (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autoptr(JsonNode) me = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);
  g_autoptr(JsonNode) out = ts_test_expect (server, "DELETE", "/api/v1/session", token, NULL, 204);
  g_autoptr(JsonNode) gone = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 401);
  g_autoptr(JsonNode) twice = ts_test_expect (server, "DELETE", "/api/v1/session", token, NULL, 401);

  g_assert_null (out);
  g_assert_cmpstr (ts_test_error_code (gone), ==, "unauthorized");
}

static void
test_tokens_are_stored_hashed_and_expire (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *query_plain = g_strdup_printf ("SELECT count(*) FROM session WHERE token_hash = '%s'", token);
  g_autofree char *query_hash = g_strdup_printf ("SELECT count(*) FROM session WHERE token_hash = '%s'", hash);
  g_autofree char *plain = ts_test_owner_sql (server, query_plain);
  g_autofree char *hashed = ts_test_owner_sql (server, query_hash);
  g_autofree char *expire = g_strdup_printf ("UPDATE session SET expires_at = now () - interval '1 second'"
                                             " WHERE token_hash = '%s'", hash);
  g_autofree char *x = NULL;

  g_assert_cmpstr (plain, ==, "0");
  g_assert_cmpstr (hashed, ==, "1");

  {
    g_autoptr(JsonNode) ok = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);
  }
  x = ts_test_owner_sql (server, expire);
  {
    g_autoptr(JsonNode) expired = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 401);
  }
}

static void
test_change_password (void)
{
  g_autofree char *token = ts_test_sign_in (server, "ATH", "walkup", "walkup-password");
  g_autoptr(JsonNode) wrong = ts_test_expect (server, "POST", "/api/v1/session/password", token,
      "{\"current_password\": \"nope\", \"new_password\": \"a-longer-one\"}", 401);
  g_autoptr(JsonNode) shorter = ts_test_expect (server, "POST", "/api/v1/session/password", token,
      "{\"current_password\": \"walkup-password\", \"new_password\": \"short\"}", 400);
  g_autoptr(JsonNode) done = ts_test_expect (server, "POST", "/api/v1/session/password", token,
      "{\"current_password\": \"walkup-password\", \"new_password\": \"a-longer-one\"}", 204);
  g_autoptr(JsonNode) old = sign_in_answer ("ATH", "walkup", "walkup-password", 401);
  g_autoptr(JsonNode) fresh = sign_in_answer ("ATH", "walkup", "a-longer-one", 201);
  g_autofree char *hash = ts_test_owner_sql (server,
      "SELECT password_hash FROM employee WHERE login = 'walkup'"
      " AND outlet_id = (SELECT id FROM outlet WHERE code = 'ATH')");

  g_assert_cmpstr (ts_test_error_code (wrong), ==, "wrong_password");
  /* a slow, salted hash (bcrypt), never the password */
  g_assert_true (g_str_has_prefix (hash, "$2a$"));
  g_assert_null (strstr (hash, "a-longer-one"));
}

static void
test_password_hashes_never_leave_the_server (void)
{
  g_autofree char *master = ts_test_sign_in (server, NULL, "master", "master-password");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  g_autofree char *employees = g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT "/employees", uth);
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", employees, master, NULL, 200);
  g_autoptr(JsonNode) audit = ts_test_expect (server, "GET", "/api/v1/audit?limit=500", master, NULL, 200);
  g_autofree char *list_text = json_to_string (list, FALSE);
  g_autofree char *audit_text = json_to_string (audit, FALSE);

  g_assert_null (strstr (list_text, "password"));
  g_assert_null (strstr (list_text, "$2a$"));
  g_assert_null (strstr (audit_text, "$2a$"));
  g_assert_null (strstr (audit_text, "password_hash\":"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();

  g_test_add_func ("/session/levels", test_every_demo_level_signs_in);
  g_test_add_func ("/session/master", test_master_signs_in_without_outlet);
  g_test_add_func ("/session/outlet-id-or-code", test_outlet_by_id_or_code);
  g_test_add_func ("/session/wrong-credentials", test_wrong_credentials_look_alike);
  g_test_add_func ("/session/lock-out", test_lock_out_after_bad_passwords);
  g_test_add_func ("/session/lock-out-expires", test_lock_out_expires);
  g_test_add_func ("/session/resigned", test_resigned_and_not_yet_hired);
  g_test_add_func ("/session/no-access", test_no_access_level);
  g_test_add_func ("/session/last-admin-today", test_last_admin_resigning_today);
  g_test_add_func ("/session/sign-out", test_sign_out_ends_the_session);
  g_test_add_func ("/session/tokens", test_tokens_are_stored_hashed_and_expire);
  g_test_add_func ("/session/change-password", test_change_password);
  g_test_add_func ("/session/no-hashes-leak", test_password_hashes_never_leave_the_server);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
