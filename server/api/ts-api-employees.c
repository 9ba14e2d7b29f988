/* ts-api-employees.c — employee records per outlet (C3, C4, C5, C6) */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

static const char * const person_fields[] = {
  "title", "first_name", "middle_name", "last_name", "suffix", NULL
};

typedef struct
{
  char    *outlet_id;      /* NULL for the Master User's own record */
  gint64   outlet;
  TsLevel  level;
  char    *patron_id;
} Target;

static void
target_clear (Target *target)
{
  g_free (target->outlet_id);
  g_free (target->patron_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

static gboolean
outlet_exists (PGconn      *conn,
               const char  *id,
               GError     **error)
{
  g_autoptr(PGresult) result = ts_row_lookup (conn, "outlet", "SELECT 1 FROM outlet WHERE id = $1::integer",
                                              1, (const char *[]) { id }, error);

  return result != NULL;
}

static JsonNode *
employee_json (PGconn      *conn,
               const char  *id,
               GError     **error)
{
  return ts_row_lookup_json (conn, "employee", "SELECT json FROM employee_api WHERE id = $1::integer",
                             1, (const char *[]) { id }, error);
}

/* Row-level security hides other outlets' employees: for them this answers
 * not_found, which reveals nothing. */
static gboolean
load_target (TsRequest  *req,
             PGconn     *conn,
             const char *id,
             Target     *target,
             GError    **error)
{
  g_autoptr(PGresult) result = ts_row_lookup (conn, "employee",
                                              "SELECT outlet_id, level, patron_id FROM employee WHERE id = $1::integer",
                                              1, (const char *[]) { id }, error);

  if (result == NULL)
    return FALSE;
  target->outlet_id = g_strdup (ts_pg_value (result, 0, 0));
  target->outlet = target->outlet_id ? g_ascii_strtoll (target->outlet_id, NULL, 10) : 0;
  if (!ts_level_from_string (ts_pg_value (result, 0, 1), &target->level))
    target->level = TS_LEVEL_NO_ACCESS;
  target->patron_id = g_strdup (ts_pg_value (result, 0, 2));

  if (target->outlet_id == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "The Master User's account is changed with the change-password call only");
      return FALSE;
    }
  return ts_policy_require_outlet_admin (req, target->outlet, error);
}

static gboolean
read_dates (JsonObject   *body,
            const char  **hired,
            gboolean     *hired_present,
            const char  **resigned,
            gboolean     *resigned_present,
            GError      **error)
{
  if (!ts_json_get_string (body, "hired_on", FALSE, hired, hired_present, error)
      || !ts_json_get_string (body, "resigned_on", FALSE, resigned, resigned_present, error))
    return FALSE;
  if (*hired != NULL && !ts_validate_date ("hired_on", *hired, error))
    return FALSE;
  if (*resigned != NULL && !ts_validate_date ("resigned_on", *resigned, error))
    return FALSE;
  if (*hired != NULL && *resigned != NULL && g_strcmp0 (*resigned, *hired) < 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "resigned_on: cannot be before hired_on");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_person (JsonObject  *person,
             const char  *values[5],
             gboolean     present[5],
             gboolean     creating,
             GError     **error)
{
  if (!ts_json_check_members (person, person_fields, error))
    return FALSE;
  for (guint i = 0; person_fields[i] != NULL; i++)
    {
      gboolean is_last = g_str_equal (person_fields[i], "last_name");
      g_autofree char *field = g_strconcat ("person.", person_fields[i], NULL);

      if (!ts_json_get_string (person, person_fields[i], creating && is_last, &values[i], &present[i], error))
        return FALSE;
      if (is_last && present[i] && !ts_validate_required (field, values[i], 80, error))
        return FALSE;
      if (!ts_validate_optional (field, values[i], is_last || i == 1 || i == 2 ? 80 : 40, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ts_api_employees_list (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  JsonNode *node;

  if (!ts_policy_require_outlet_admin (req, req->ids[0], error) || !outlet_exists (conn, id, error))
    return FALSE;
  node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("employees", "json", "last_name, first_name, id")
      "  FROM employee_api WHERE outlet_id = $1::integer",
      1, (const char *[]) { id }, error);
  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_employees_create (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  static const char * const allowed[] = {
    "login", "password", "level", "hired_on", "resigned_on", "person", "person_id", NULL
  };
  g_autofree char *outlet_id = ts_request_id_string (req, 0);
  g_autofree char *cost = g_strdup_printf ("%u", req->bcrypt_cost);
  g_autofree char *patron_id = NULL;
  JsonObject *body;
  const char *login, *password, *level_name, *hired, *resigned;
  gboolean hired_present, resigned_present, person_id_present;
  gint64 person_id;
  TsLevel level;
  JsonNode *person_node;
  g_autoptr(PGresult) inserted = NULL;

  if (!ts_policy_require_outlet_admin (req, req->ids[0], error)
      || !outlet_exists (conn, outlet_id, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_get_string (body, "login", TRUE, &login, NULL, error)
      || !ts_validate_login ("login", login, error)
      || !ts_json_get_string (body, "password", TRUE, &password, NULL, error)
      || !ts_validate_password ("password", password, error)
      || !ts_json_get_string (body, "level", TRUE, &level_name, NULL, error)
      || !read_dates (body, &hired, &hired_present, &resigned, &resigned_present, error)
      || !ts_json_check_not_null (body, "person_id", error)
      || !ts_json_get_int_range (body, "person_id", FALSE, 1, G_MAXINT64, &person_id, &person_id_present, error))
    return FALSE;

  if (!ts_level_from_string (level_name, &level))
    {
      g_autofree char *quoted = ts_validate_quote (level_name);

      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "level: %s is not a level (no_access, scanner, staff, walkup, box_office, "
                   "box_office_manager, outlet_admin)", quoted);
      return FALSE;
    }
  if (!ts_policy_require_can_grant (req, level, error))
    return FALSE;

  person_node = json_object_get_member (body, "person");
  if ((person_node != NULL) == person_id_present)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "person: give either the person's names (person) or an existing person (person_id)");
      return FALSE;
    }

  if (person_id_present)
    {
      g_autoptr(PGresult) found = NULL;

      patron_id = g_strdup_printf ("%" G_GINT64_FORMAT, person_id);
      found = ts_pg_exec (conn, "SELECT 1 FROM patron WHERE id = $1::bigint",
                          1, (const char *[]) { patron_id }, error);
      if (found == NULL)
        return FALSE;
      if (PQntuples (found) == 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "person_id: no such person");
          return FALSE;
        }
    }
  else
    {
      const char *names[5] = { NULL };
      gboolean present[5] = { FALSE };
      g_autoptr(PGresult) created = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (person_node))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "person: must be an object with names");
          return FALSE;
        }
      if (!read_person (json_node_get_object (person_node), names, present, TRUE, error))
        return FALSE;
      created = ts_pg_exec (conn,
                            "INSERT INTO patron (title, first_name, middle_name, last_name, suffix,"
                            "                    created_by_outlet)"
                            " VALUES ($1, $2, $3, $4, $5, $6::integer) RETURNING id",
                            6, (const char *[]) { names[0], names[1], names[2], names[3], names[4], outlet_id },
                            error);
      if (created == NULL)
        return FALSE;
      patron_id = g_strdup (ts_pg_value (created, 0, 0));
    }

  inserted = ts_pg_exec (conn,
      "INSERT INTO employee (outlet_id, patron_id, login, level, password_hash, hired_on, resigned_on)"
      " VALUES ($1::integer, $2::bigint, $3, $4, crypt ($5, gen_salt ('bf', $6::integer)),"
      "         $7::date, $8::date)"
      " RETURNING id",
      8, (const char *[]) { outlet_id, patron_id, login, ts_level_to_string (level), password, cost,
                            hired, resigned },
      error);
  if (inserted == NULL)
    return FALSE;
  return ts_request_answer (req, 201, employee_json (conn, ts_pg_value (inserted, 0, 0), error));
}

gboolean
ts_api_employee_get (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_auto(Target) target = { 0 };

  if (!load_target (req, conn, id, &target, error))
    return FALSE;
  return ts_request_answer (req, 200, employee_json (conn, id, error));
}

static gboolean
patch_employee (TsRequest  *req,
                PGconn     *conn,
                const char *id,
                Target     *target,
                GError    **error)
{
  static const char * const allowed[] = {
    "login", "password", "level", "hired_on", "resigned_on", "person", NULL
  };
  g_autofree char *cost = g_strdup_printf ("%u", req->bcrypt_cost);
  JsonObject *body;
  const char *login, *password, *level_name, *hired, *resigned;
  gboolean login_present, password_present, level_present, hired_present, resigned_present;
  TsLevel level = target->level;
  JsonNode *person_node;
  g_autoptr(PGresult) updated = NULL;

  if (!ts_policy_require_can_manage (req, target->level, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_get_string (body, "login", FALSE, &login, &login_present, error)
      || (login != NULL && !ts_validate_login ("login", login, error))
      || !ts_json_get_string (body, "password", FALSE, &password, &password_present, error)
      || (password != NULL && !ts_validate_password ("password", password, error))
      || !ts_json_get_string (body, "level", FALSE, &level_name, &level_present, error)
      || !read_dates (body, &hired, &hired_present, &resigned, &resigned_present, error))
    return FALSE;

  if (login_present && login == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "login: cannot be empty");
      return FALSE;
    }
  if (level_name != NULL)
    {
      if (!ts_level_from_string (level_name, &level))
        {
          g_autofree char *quoted = ts_validate_quote (level_name);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "level: %s is not a level", quoted);
          return FALSE;
        }
      if (level != target->level && !ts_policy_require_can_grant (req, level, error))
        return FALSE;
    }

  person_node = json_object_get_member (body, "person");
  if (person_node != NULL)
    {
      const char *names[5] = { NULL };
      gboolean present[5] = { FALSE };
      char *flags[5] = { NULL };
      g_autoptr(PGresult) renamed = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (person_node))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "person: must be an object with names");
          return FALSE;
        }
      if (!read_person (json_node_get_object (person_node), names, present, FALSE, error))
        return FALSE;
      for (guint i = 0; i < 5; i++)
        flags[i] = g_strdup (present[i] ? "t" : "f");
      renamed = ts_pg_exec (conn,
          "UPDATE patron SET"
          "  title = CASE WHEN $2::boolean THEN $3 ELSE title END,"
          "  first_name = CASE WHEN $4::boolean THEN $5 ELSE first_name END,"
          "  middle_name = CASE WHEN $6::boolean THEN $7 ELSE middle_name END,"
          "  last_name = CASE WHEN $8::boolean THEN $9 ELSE last_name END,"
          "  suffix = CASE WHEN $10::boolean THEN $11 ELSE suffix END"
          " WHERE id = $1::bigint"
          /* P6: the person is in the shared directory; resending the same
           * names (the client always sends them) must not stamp the record,
           * or other outlets would see this outlet managing its staff */
          "   AND (title, first_name, middle_name, last_name, suffix) IS DISTINCT FROM"
          "       (CASE WHEN $2::boolean THEN $3 ELSE title END, CASE WHEN $4::boolean THEN $5 ELSE first_name END,"
          "        CASE WHEN $6::boolean THEN $7 ELSE middle_name END, CASE WHEN $8::boolean THEN $9 ELSE last_name END,"
          "        CASE WHEN $10::boolean THEN $11 ELSE suffix END)",
          11, (const char *[]) { target->patron_id, flags[0], names[0], flags[1], names[1],
                                 flags[2], names[2], flags[3], names[3], flags[4], names[4] },
          error);
      for (guint i = 0; i < 5; i++)
        g_free (flags[i]);
      if (renamed == NULL)
        return FALSE;
    }

  updated = ts_pg_exec (conn,
      "UPDATE employee SET"
      "  login = CASE WHEN $2::boolean THEN $3 ELSE login END,"
      "  level = $4,"
      "  hired_on = CASE WHEN $5::boolean THEN $6::date ELSE hired_on END,"
      "  resigned_on = CASE WHEN $7::boolean THEN $8::date ELSE resigned_on END"
      " WHERE id = $1::integer",
      8, (const char *[]) { id, login_present ? "t" : "f", login, ts_level_to_string (level),
                            hired_present ? "t" : "f", hired, resigned_present ? "t" : "f", resigned },
      error);
  if (updated == NULL)
    return FALSE;

  if (password != NULL)
    {
      g_autoptr(PGresult) reset = ts_pg_exec (conn,
          "UPDATE employee SET password_hash = crypt ($2, gen_salt ('bf', $3::integer)),"
          "                    failed_attempts = 0, locked_until = NULL"
          " WHERE id = $1::integer",
          3, (const char *[]) { id, password, cost }, error);
      g_autoptr(PGresult) ended = NULL;

      if (reset == NULL)
        return FALSE;
      /* A password set by an administrator ends the employee's sessions,
       * and strangers' waits with the old one (C6). */
      ended = ts_pg_exec (conn, "SELECT ts_end_sessions ($1::integer), ts_sign_in_throttle_clear ($1::integer)",
                          1, (const char *[]) { id }, error);
      if (ended == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
ts_api_employee_patch (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_auto(Target) target = { 0 };

  if (!load_target (req, conn, id, &target, error) || !patch_employee (req, conn, id, &target, error))
    return FALSE;
  return ts_request_answer (req, 200, employee_json (conn, id, error));
}

static gboolean
set_lock (TsRequest *req,
          PGconn    *conn,
          gboolean   lock,
          GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_auto(Target) target = { 0 };
  g_autoptr(PGresult) updated = NULL;

  if (lock && req->ids[0] == req->employee_id)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "You cannot lock your own login");
      return FALSE;
    }
  if (!load_target (req, conn, id, &target, error)
      || !ts_policy_require_can_manage (req, target.level, error))
    return FALSE;

  if (lock)
    updated = ts_pg_exec (conn, "UPDATE employee SET locked = true WHERE id = $1::integer",
                          1, (const char *[]) { id }, error);
  else
    /* C6: the administrator's lock, the lock-out and strangers' waits, audited */
    updated = ts_pg_exec (conn, "SELECT ts_sign_in_unlock ($1::integer, 'api')",
                          1, (const char *[]) { id }, error);
  if (updated == NULL)
    return FALSE;
  if (lock)
    {
      g_autoptr(PGresult) ended = ts_pg_exec (conn, "SELECT ts_end_sessions ($1::integer)",
                                              1, (const char *[]) { id }, error);
      if (ended == NULL)
        return FALSE;
    }

  return ts_request_answer (req, 200, employee_json (conn, id, error));
}

gboolean
ts_api_employee_lock (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  return set_lock (req, conn, TRUE, error);
}

gboolean
ts_api_employee_unlock (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  return set_lock (req, conn, FALSE, error);
}
