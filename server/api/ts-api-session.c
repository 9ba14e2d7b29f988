/* ts-api-session.c — sign in, who am I, sign out, change password (C6) */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-validate.h"

#define TOKEN_BYTES 32

static char *
new_token (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  GString *hex;

  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "No randomness for a session token: %s",
                   g_strerror (errno));
      return NULL;
    }
  hex = g_string_sized_new (TOKEN_BYTES * 2);
  for (guint i = 0; i < TOKEN_BYTES; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static JsonNode *
me_json (TsRequest  *req,
         PGconn     *conn,
         GError    **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, req->employee_id);
  const char *params[] = { id, req->expires_at };
  JsonNode *node;

  node = ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ("
      "  'employee_id', e.id, 'login', e.login, 'level', e.level,"
      "  'display_name', trim (coalesce (p.first_name, '') || ' ' || p.last_name),"
      "  'outlet', CASE WHEN o.id IS NULL THEN NULL"
      "                 ELSE jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name,"
      "                                            'time_zone', o.time_zone,"
      "                                            'payment_methods', to_jsonb (o.payment_methods)) END,"
      "  'expires_at', $2::text)"
      "  FROM employee e JOIN patron p ON p.id = e.patron_id"
      "  LEFT JOIN outlet o ON o.id = e.outlet_id"
      " WHERE e.id = $1",
      2, params, error);
  if (node == NULL && (error == NULL || *error == NULL))
    g_set_error (error, TS_ERROR, TS_ERROR_UNAUTHORIZED, "The account no longer exists");
  return node;
}

/* "outlet" may be an id, a code, or null/absent for the Master User. */
static gboolean
resolve_outlet (JsonObject  *body,
                PGconn      *conn,
                char       **out_outlet_id,
                gboolean    *out_unknown,
                GError     **error)
{
  JsonNode *node = json_object_get_member (body, "outlet");

  *out_outlet_id = NULL;
  *out_unknown = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      /* an id no outlet can have is an unknown outlet, like any other */
      if (json_node_get_int (node) < 1 || json_node_get_int (node) > G_MAXINT32)
        *out_unknown = TRUE;
      else
        *out_outlet_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *params[] = { json_node_get_string (node) };
      g_autoptr(PGresult) result = ts_pg_exec (conn, "SELECT id FROM outlet WHERE code = upper ($1)",
                                               1, params, error);
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) == 0)
        *out_unknown = TRUE;
      else
        *out_outlet_id = g_strdup (ts_pg_value (result, 0, 0));
      return TRUE;
    }
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "outlet: must be an outlet id, an outlet code or null");
  return FALSE;
}

/* "in 15 seconds", "in 4 minutes": when a throttled login may try again. */
static char *
wait_text (guint seconds)
{
  if (seconds < 90)
    return g_strdup_printf ("in %u second%s", seconds, seconds == 1 ? "" : "s");
  return g_strdup_printf ("in %u minutes", (seconds + 59) / 60);
}

/* The refusal for each outcome of ts_sign_in other than "ok".  Who may
 * unlock is said plainly: the Master User has nobody above him but the
 * server's operator (C6). */
static void
refuse (TsRequest   *req,
        const char  *outcome,
        gboolean     master,
        const char  *locked_until,
        const char  *retry_after,
        GError     **error)
{
  const char *who = master ? "The server's operator can unlock it sooner with tessera-server --unlock"
                           : "An administrator can unlock it sooner";

  if (g_strcmp0 (outcome, "throttled") == 0)
    {
      g_autofree char *when = NULL;

      req->retry_after = retry_after ? (guint) g_ascii_strtoull (retry_after, NULL, 10) : 60;
      when = wait_text (req->retry_after);
      g_set_error (error, TS_ERROR, TS_ERROR_THROTTLED,
                   "Too many failed sign-ins for this login: try again %s. %s.", when, who);  /* C6 */
    }
  else if (g_strcmp0 (outcome, "locked") == 0 && locked_until != NULL)
    g_set_error (error, TS_ERROR, TS_ERROR_LOCKED,
                 "Too many bad passwords: this login is locked until %s. %s.", locked_until, who);  /* C6 */
  else if (g_strcmp0 (outcome, "locked") == 0)
    g_set_error (error, TS_ERROR, TS_ERROR_LOCKED,
                 "This login has been locked by an administrator");  /* C6 */
  else if (g_strcmp0 (outcome, "resigned") == 0)
    g_set_error (error, TS_ERROR, TS_ERROR_RESIGNED,
                 "This employee may not sign in today: outside the hired and resigned dates");  /* C6 */
  else if (g_strcmp0 (outcome, "no_access") == 0)
    g_set_error (error, TS_ERROR, TS_ERROR_NO_ACCESS,
                 "This employee's level is No Access");  /* C4 */
  else
    g_set_error (error, TS_ERROR, TS_ERROR_WRONG_PASSWORD, "Wrong outlet, login or password");
}

gboolean
ts_api_session_create (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  static const char * const allowed[] = { "outlet", "login", "password", NULL };
  JsonObject *body = ts_request_body (req, allowed, error);
  const char *login, *password;
  g_autofree char *outlet_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *source = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean unknown_outlet;
  const char *outcome;

  if (body == NULL
      || !ts_json_get_string (body, "login", TRUE, &login, NULL, error)
      || !ts_json_get_string (body, "password", TRUE, &password, NULL, error)
      || !resolve_outlet (body, conn, &outlet_id, &unknown_outlet, error))
    return FALSE;

  if (unknown_outlet || strlen (login) > 40 || strlen (password) > 200)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_WRONG_PASSWORD, "Wrong outlet, login or password");
      return FALSE;
    }

  token = new_token (error);
  if (token == NULL)
    return FALSE;
  token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  hours = g_strdup_printf ("%u", req->session_hours);
  cost = g_strdup_printf ("%u", req->bcrypt_cost);
  source = ts_request_source (req);

  {
    const char *params[] = { outlet_id, login, password, token_hash, hours, source, cost };

    /* Failed attempts, throttles and the lock-out must persist even though we refuse. */
    req->commit_on_error = TRUE;
    result = ts_pg_exec (conn,
        "SELECT result, employee_id,"
        "       to_char (locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'),"
        "       to_char (expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"'),"
        "       retry_after"
        "  FROM ts_sign_in ($1::integer, $2, $3, $4, $5::integer, $6, $7::integer)",
        7, params, error);
  }
  if (result == NULL)
    return FALSE;

  outcome = ts_pg_value (result, 0, 0);
  if (g_strcmp0 (outcome, "ok") != 0)
    {
      refuse (req, outcome, outlet_id == NULL, ts_pg_value (result, 0, 2), ts_pg_value (result, 0, 4), error);
      return FALSE;
    }

  req->commit_on_error = FALSE;
  req->signed_in = TRUE;
  req->employee_id = g_ascii_strtoll (ts_pg_value (result, 0, 1), NULL, 10);
  req->outlet_id = outlet_id ? g_ascii_strtoll (outlet_id, NULL, 10) : 0;
  /* Only "is this the Master User" matters for the context set next. */
  req->level = outlet_id ? TS_LEVEL_STAFF : TS_LEVEL_MASTER;
  g_free (req->expires_at);
  req->expires_at = g_strdup (ts_pg_value (result, 0, 3));
  if (!ts_request_apply_context (req, conn, error))
    return FALSE;

  me = me_json (req, conn, error);
  if (me == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, req->expires_at);
  json_builder_set_member_name (builder, "me");
  json_builder_add_value (builder, g_steal_pointer (&me));
  json_builder_end_object (builder);
  ts_request_take_response (req, 201, json_builder_get_root (builder));
  return TRUE;
}

gboolean
ts_api_session_get (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  return ts_request_answer (req, 200, me_json (req, conn, error));
}

gboolean
ts_api_session_delete (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  const char *params[] = { req->token_hash };
  g_autoptr(PGresult) result = ts_pg_exec (conn, "SELECT ts_sign_out ($1)", 1, params, error);

  return result != NULL && ts_request_answer_no_content (req);
}

gboolean
ts_api_session_password (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  static const char * const allowed[] = { "current_password", "new_password", NULL };
  JsonObject *body = ts_request_body (req, allowed, error);
  const char *current, *replacement;
  g_autoptr(PGresult) checked = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autoptr(PGresult) ended = NULL;
  g_autofree char *cost = g_strdup_printf ("%u", req->bcrypt_cost);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, req->employee_id);

  if (body == NULL
      || !ts_json_get_string (body, "current_password", TRUE, &current, NULL, error)
      || !ts_json_get_string (body, "new_password", TRUE, &replacement, NULL, error)
      || !ts_validate_password ("new_password", replacement, error))
    return FALSE;

  {
    const char *params[] = { current };

    /* a wrong current password is audited (R1), so keep that row */
    req->commit_on_error = TRUE;
    checked = ts_pg_exec (conn, "SELECT ts_check_own_password ($1)", 1, params, error);
  }
  if (checked == NULL)
    return FALSE;
  if (!g_str_equal (ts_pg_value (checked, 0, 0), "t"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_WRONG_PASSWORD, "The current password is wrong");
      return FALSE;
    }
  req->commit_on_error = FALSE;

  {
    const char *params[] = { replacement, cost, id };
    updated = ts_pg_exec (conn,
                          "UPDATE employee SET password_hash = crypt ($1, gen_salt ('bf', $2::integer))"
                          " WHERE id = $3::integer",
                          3, params, error);
  }
  if (updated == NULL)
    return FALSE;

  /* Whoever else held a session opened with the old password (a stolen
   * one, a forgotten terminal) is out; this session goes on. */
  {
    const char *params[] = { req->token_hash };
    ended = ts_pg_exec (conn, "SELECT ts_end_other_sessions ($1)", 1, params, error);
  }
  return ended != NULL && ts_request_answer_no_content (req);
}
