/* ts-api-audit.c — reading the audit log (R1, R2) */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-policy.h"

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
  JsonNode *node;

  if (!ts_request_is_master (req) && req->level < TS_LEVEL_ADMIN)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "The audit log is for Outlet Administrators and the Master User (rule C4)");
      return FALSE;
    }
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

  /* Row-level security keeps an administrator to his own outlet's entries. */
  node = ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ('entries', coalesce (jsonb_agg (jsonb_build_object ("
      "         'id', a.id, 'at', a.at, 'outlet_id', a.actor_outlet_id,"
      "         'subject_outlet_id', a.subject_outlet_id, 'employee_id', a.actor_employee_id,"
      "         'login', e.login, 'action', a.action, 'entity', a.entity,"
      "         'entity_id', a.entity_id, 'before', a.before, 'after', a.after) ORDER BY a.id DESC), '[]'))"
      "  FROM (SELECT * FROM audit_log"
      "         WHERE $2::bigint IS NULL OR id < $2::bigint"
      "         ORDER BY id DESC LIMIT $1::integer) a"
      "  LEFT JOIN employee e ON e.id = a.actor_employee_id",
      2, (const char *[]) { limit_param, before_param }, error);
  return ts_request_answer (req, 200, node);
}

/* The history of one patron's record (R1), for administrators: row-level
 * security keeps each outlet to the entries its own employees made or that
 * touch its own data, so another outlet's notes or edits never show (P4). */
gboolean
ts_api_patron_audit (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  JsonNode *node;

  if (!ts_request_is_master (req) && req->level < TS_LEVEL_ADMIN)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "A patron's history is for Outlet Administrators and the Master User (rule C4)");
      return FALSE;
    }
  node = ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ('entries', coalesce (jsonb_agg (jsonb_build_object ("
      "         'id', a.id, 'at', a.at, 'outlet_id', a.actor_outlet_id, 'employee_id', a.actor_employee_id,"
      "         'login', e.login, 'action', a.action, 'entity', a.entity, 'entity_id', a.entity_id,"
      "         'before', a.before, 'after', a.after) ORDER BY a.id DESC), '[]'))"
      "  FROM audit_log a LEFT JOIN employee e ON e.id = a.actor_employee_id"
      " WHERE (a.entity = 'patron' AND a.entity_id = $1)"
      "    OR (a.entity IN ('contact_point', 'contact_primary', 'patron_note', 'patron_tag', 'donation',"
      "                     'membership', 'contact_preference', 'mailing_list_member')"
      "        AND $1 IN (a.after ->> 'patron_id', a.before ->> 'patron_id'))",
      1, (const char *[]) { id }, error);
  return ts_request_answer (req, 200, node);
}
