/* ts-outlet-table.c — an outlet's own rows, and not_found for the rest */
#include "ts-outlet-table.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"

PGresult *
ts_outlet_table_find (TsRequest            *req,
                      PGconn               *conn,
                      const TsOutletTable  *table,
                      const char           *sql,
                      const char           *id,
                      GError              **error)
{
  g_autofree char *own = ts_policy_outlet_param (req);

  return ts_row_lookup (conn, table->what, sql, 2, (const char *[]) { id, own }, error);
}

char *
ts_outlet_table_owner (TsRequest            *req,
                       PGconn               *conn,
                       const TsOutletTable  *table,
                       const char           *id,
                       GError              **error)
{
  g_autoptr(PGresult) row = ts_outlet_table_find (req, conn, table, table->owner_sql, id, error);

  return row != NULL ? g_strdup (ts_pg_value (row, 0, 0)) : NULL;
}

gboolean
ts_outlet_table_check (TsRequest            *req,
                       PGconn               *conn,
                       const TsOutletTable  *table,
                       const char           *id,
                       GError              **error)
{
  g_autoptr(PGresult) row = ts_outlet_table_find (req, conn, table, table->owner_sql, id, error);

  return row != NULL;
}

JsonNode *
ts_outlet_table_json (PGconn               *conn,
                      const TsOutletTable  *table,
                      const char           *id,
                      GError              **error)
{
  return ts_row_lookup_json (conn, table->what, table->json_sql, 1, (const char *[]) { id }, error);
}

gboolean
ts_outlet_table_answer_row (TsRequest            *req,
                            PGconn               *conn,
                            const TsOutletTable  *table,
                            GError              **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);

  if (!ts_outlet_table_check (req, conn, table, id, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, table, id, error));
}

gboolean
ts_outlet_table_answer_list (TsRequest            *req,
                             PGconn               *conn,
                             const TsOutletTable  *table,
                             GError              **error)
{
  g_autofree char *outlet = NULL;

  if (!ts_policy_list_outlet (req, &outlet, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_pg_exec_json (conn, table->list_sql, 1, (const char *[]) { outlet }, error));
}
