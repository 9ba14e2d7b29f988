/* ts-demo-history.c — loads demo-history.sql once, after the demo season, as
 * the owner role (see ts-demo-history.h). */
#include <gio/gio.h>

#include "ts-db.h"
#include "ts-demo-data.h"
#include "ts-demo-history.h"
#include "ts-pg.h"

gboolean
ts_demo_history_load (PGconn   *owner,
                      GError  **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/tessera/server/demo/demo-history.sql", 0, error);
  g_autoptr(PGresult) there = NULL;
  g_autofree char *sql = NULL;

  if (bytes == NULL || !ts_pg_exec_simple (owner, "BEGIN", error))
    return FALSE;
  if (!ts_pg_exec_simple (owner, TS_DEMO_LOCK_SQL, error))
    goto failed;
  there = ts_pg_exec (owner, "SELECT EXISTS (SELECT 1 FROM ticket_order WHERE idempotency_key = 'demo-history-1')"
                             " OR NOT EXISTS (SELECT 1 FROM event WHERE name = 'Hamlet')", 0, NULL, error);
  if (there == NULL)
    goto failed;
  if (g_str_equal (ts_pg_value (there, 0, 0), "t"))
    return ts_pg_exec_simple (owner, "COMMIT", error);
  g_message ("Loading the demo history (four weeks of sales, donations, a performance that has happened)");
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!ts_pg_exec_simple (owner, sql, error))
    goto failed;
  return ts_pg_exec_simple (owner, "COMMIT", error);

failed:
  ts_pg_exec_simple (owner, "ROLLBACK", NULL);
  return FALSE;
}
