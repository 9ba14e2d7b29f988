/* ts-audit.c — explicit audit events */
#include "ts-pg.h"
#include "ts-audit.h"

gboolean
ts_audit_event (PGconn      *conn,
                const char  *action,
                const char  *entity,
                const char  *entity_id,
                gint64       subject_outlet_id,
                JsonNode    *after,
                GError     **error)
{
  g_autofree char *subject = subject_outlet_id > 0
                             ? g_strdup_printf ("%" G_GINT64_FORMAT, subject_outlet_id) : NULL;
  g_autofree char *after_text = after ? json_to_string (after, FALSE) : NULL;
  const char *params[] = { action, entity, entity_id, subject, after_text };
  g_autoptr(PGresult) result = NULL;

  result = ts_pg_exec (conn, "SELECT ts_audit ($1, $2, $3, $4::integer, NULL, $5::jsonb)",
                       5, params, error);
  return result != NULL;
}
