/* ts-api-audit.c — reading the audit log (R1, R2) */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-sql-json.h"

gboolean
ts_api_audit_list (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  const char *limit_text = ts_request_query (req, "limit");
  const char *before_text = ts_request_query (req, "before_id");
  gint64 limit = 100;
  gint64 before = 0;
  g_autofree char *limit_param = NULL;
  g_autofree char *before_param = NULL;
  g_autofree char *outlet = ts_policy_outlet_param (req);
  JsonNode *node;

  if (!ts_policy_require_level (req, TS_LEVEL_ADMIN,
                                "The audit log is for Outlet Administrators and the Master User", error))  /* C4 */
    return FALSE;
  if (limit_text != NULL
      && (!g_ascii_string_to_signed (limit_text, 10, 1, 500, &limit, NULL)))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "limit: must be a whole number from 1 to 500");
      return FALSE;
    }
  if (before_text != NULL
      && (!g_ascii_string_to_signed (before_text, 10, 1, G_MAXINT64, &before, NULL)))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "before_id: must be a positive whole number");
      return FALSE;
    }
  limit_param = g_strdup_printf ("%" G_GINT64_FORMAT, limit);
  before_param = before > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, before) : NULL;

  /* R2: the caller's own outlet's work, and the Master User's or the
   * system's on its data; never another outlet's activity, even on shared
   * or own data.  Row-level security applies the same rule again
   * (ts_audit_sees, migration 018) and ts_audit_entry a third time, since
   * only it reads what the rows held (P7). */
  node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("entries", "ts_audit_entry (a.id)", "a.id DESC")
      "  FROM (SELECT id FROM audit_log"
      "         WHERE ($2::bigint IS NULL OR id < $2::bigint)"
      "           AND ($3::integer IS NULL"
      "                OR (actor_outlet_id = $3::integer"
      "                    AND (subject_outlet_id IS NULL OR subject_outlet_id = $3::integer"
      "                         OR action NOT IN ('insert', 'update', 'delete')))"
      "                OR (actor_outlet_id IS NULL AND subject_outlet_id = $3::integer))"
      "         ORDER BY id DESC LIMIT $1::integer) a",
      3, (const char *[]) { limit_param, before_param, outlet }, error);
  return ts_request_answer (req, 200, node);
}

/* The history of one patron's record (R1), for administrators: each outlet
 * sees its own employees' entries about it — its edits of the shared record
 * and its own data (P4) — and nothing another outlet did (R2, P1). */
gboolean
ts_api_patron_audit (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  JsonNode *node;

  if (!ts_policy_require_level (req, TS_LEVEL_ADMIN,
                                "A patron's history is for Outlet Administrators and the Master User", error)  /* C4 */
      || !ts_patron_store_exists (conn, id, error))
    return FALSE;
  node = ts_pg_exec_json (conn, "SELECT jsonb_build_object ('entries', ts_patron_audit ($1::bigint))",
                          1, (const char *[]) { id }, error);
  return ts_request_answer (req, 200, node);
}
