/* ts-patron-store.c — the patron rows that several handlers check or write
 * (patrons, contact points, each outlet's own data, orders), kept here so
 * that handler files depend on it and never on each other */
#include "ts-error.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"

gboolean
ts_patron_store_exists (PGconn      *conn,
                        const char  *patron_id,
                        GError     **error)
{
  g_autoptr(PGresult) result = ts_row_lookup (conn, "patron", "SELECT 1 FROM patron WHERE id = $1::bigint",
                                              1, (const char *[]) { patron_id }, error);

  return result != NULL;
}

JsonNode *
ts_patron_store_json (TsRequest   *req,
                      PGconn      *conn,
                      const char  *patron_id,
                      GError     **error)
{
  g_autofree char *outlet = ts_policy_outlet_param (req);

  return ts_row_lookup_json (conn, "patron", "SELECT ts_patron_json ($1::bigint, $2::integer)",
                             2, (const char *[]) { patron_id, outlet }, error);
}

char *
ts_patron_store_insert_contact_point (TsRequest                  *req,
                                      PGconn                     *conn,
                                      const char                 *patron_id,
                                      const TsContactPointInput  *input,
                                      GError                    **error)
{
  g_autofree char *outlet = ts_policy_outlet_param (req);
  const char *params[11];
  g_autoptr(PGresult) point = NULL;

  params[0] = patron_id;
  params[1] = input->kind;
  ts_contact_point_input_params (input, params + 2);
  params[10] = outlet;
  point = ts_pg_exec (conn,
                      "INSERT INTO contact_point (patron_id, kind, label, value, line1, line2, city,"
                      "                           region, postal_code, country, created_by_outlet)"
                      " VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::integer) RETURNING id",
                      11, params, error);
  if (point == NULL)
    return NULL;
  return g_strdup (ts_pg_value (point, 0, 0));
}

gboolean
ts_patron_store_set_primary (TsRequest   *req,
                             PGconn      *conn,
                             const char  *patron_id,
                             const char  *kind,
                             const char  *point_id,
                             GError     **error)
{
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autoptr(PGresult) result = NULL;

  if (outlet == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "primary: the Master User has no outlet of its own; choose primaries while signed in to an outlet");
      return FALSE;
    }
  result = ts_pg_exec (conn,
                       "INSERT INTO contact_primary (outlet_id, patron_id, kind, contact_point_id)"
                       " VALUES ($1::integer, $2::bigint, $3, $4::bigint)"
                       " ON CONFLICT (outlet_id, patron_id, kind)"
                       " DO UPDATE SET contact_point_id = EXCLUDED.contact_point_id, chosen_at = now ()",
                       4, (const char *[]) { outlet, patron_id, kind, point_id }, error);
  return result != NULL;
}
