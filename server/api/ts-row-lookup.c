/* ts-row-lookup.c — one row, or not_found */
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-row-lookup.h"

static void
set_not_found (GError     **error,
               const char  *what)
{
  g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such %s", what);
}

PGresult *
ts_row_lookup (PGconn             *conn,
               const char         *what,
               const char         *sql,
               int                 n_params,
               const char * const *params,
               GError            **error)
{
  g_autoptr(PGresult) result = ts_pg_exec (conn, sql, n_params, params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      set_not_found (error, what);
      return NULL;
    }
  return g_steal_pointer (&result);
}

JsonNode *
ts_row_lookup_json (PGconn             *conn,
                    const char         *what,
                    const char         *sql,
                    int                 n_params,
                    const char * const *params,
                    GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = ts_pg_exec_json (conn, sql, n_params, params, &local_error);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (node == NULL)
    set_not_found (error, what);
  return node;
}
