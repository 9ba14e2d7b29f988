/* ts-unlock.c — unlocking a login from the command line (C6, R1) */
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-unlock.h"

typedef struct
{
  const char *outlet_code;
  const char *login;
  char       *via;
  char       *summary;
} Unlock;

/* What the unlock cleared, in words, from ts_sign_in_unlock's answer. */
static char *
describe (const char *login,
          PGresult   *result)
{
  GString *text = g_string_new (NULL);

  g_string_printf (text, "Unlocked “%s”:", login);
  if (g_str_equal (ts_pg_value (result, 0, 0), "t"))
    g_string_append (text, " its administrator's lock is lifted;");
  if (ts_pg_value (result, 0, 1) != NULL)
    g_string_append_printf (text, " its lock-out until %s is over;", ts_pg_value (result, 0, 1));
  if (!g_str_equal (ts_pg_value (result, 0, 2), "0"))
    g_string_append_printf (text, " %s bad passwords forgotten;", ts_pg_value (result, 0, 2));
  if (!g_str_equal (ts_pg_value (result, 0, 3), "0"))
    g_string_append_printf (text, " strangers' wait after %s bad passwords ended;", ts_pg_value (result, 0, 3));
  if (text->str[text->len - 1] == ':')
    g_string_append (text, " it was neither locked nor throttled;");
  text->str[text->len - 1] = '.';
  return g_string_free (text, FALSE);
}

static gboolean
unlock_in_worker (PGconn   *conn,
                  gpointer  data,
                  GError  **error)
{
  Unlock *u = data;
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) unlocked = NULL;

  /* The Master User's context: the operator is above every outlet. */
  if (!ts_db_begin (conn, error)
      || !ts_pg_exec_simple (conn, "SELECT set_config ('tessera.master', 'on', true)", error))
    return FALSE;
  found = ts_pg_exec (conn,
      "SELECT e.id FROM employee e LEFT JOIN outlet o ON o.id = e.outlet_id"
      " WHERE CASE WHEN $1::text IS NULL THEN e.outlet_id IS NULL ELSE o.code = upper ($1) END"
      "   AND lower (e.login) = lower ($2)",
      2, (const char *[]) { u->outlet_code, u->login }, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0)
    {
      if (u->outlet_code != NULL)
        g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No login “%s” at outlet %s", u->login, u->outlet_code);
      else
        g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND,
                     "The Master User's login is not “%s” (an outlet's employee needs --outlet CODE)", u->login);
      return FALSE;
    }
  unlocked = ts_pg_exec (conn,
      "SELECT u ->> 'locked', to_char ((u ->> 'locked_until')::timestamptz AT TIME ZONE 'UTC',"
      "                               'YYYY-MM-DD HH24:MI \"UTC\"'),"
      "       u ->> 'failed_attempts', u ->> 'unfamiliar_failures'"
      "  FROM ts_sign_in_unlock ($1::integer, $2) u",
      2, (const char *[]) { ts_pg_value (found, 0, 0), u->via }, error);
  if (unlocked == NULL || !ts_pg_exec_simple (conn, "COMMIT", error))
    return FALSE;
  u->summary = describe (u->login, unlocked);
  return TRUE;
}

gboolean
ts_unlock_login (TsDb        *db,
                 const char  *outlet_code,
                 const char  *login,
                 const char  *operator,
                 char       **out_summary,
                 GError     **error)
{
  Unlock u = { outlet_code, login, g_strdup_printf ("command line, by %s", operator), NULL };
  gboolean ok;

  g_return_val_if_fail (TS_IS_DB (db), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  ok = ts_db_run_sync (db, unlock_in_worker, &u, error);
  if (ok && out_summary != NULL)
    *out_summary = g_steal_pointer (&u.summary);
  g_free (u.summary);
  g_free (u.via);
  return ok;
}
