/* ts-outlet-table.h — a table whose every row belongs to one outlet (events,
 * performances, pricing, mailing lists): the caller sees its own outlet's
 * rows, the Master User every outlet's, and another outlet's row answers
 * exactly like an unknown id (E1, P4) */
#pragma once

#include "ts-request.h"

G_BEGIN_DECLS

typedef struct
{
  const char *what;        /* "commission table": not_found says "No such commission table" */
  const char *owner_sql;   /* row $1's outlet when it is outlet $2's (any outlet's when $2 is NULL):
                            * TS_OUTLET_TABLE_OWNER_SQL ("commission_table") */
  const char *json_sql;    /* row $1 as the API shows it (one json/jsonb column), or NULL */
  const char *list_sql;    /* {"<plural>": [...]} of outlet $1's rows (every outlet's when NULL), or NULL */
} TsOutletTable;

/* Every query filters on the caller's outlet as well as relying on
 * row-level security, so privacy holds even if one layer is wrong (P7). */
#define TS_OUTLET_TABLE_OWNER_SQL(table) \
  "SELECT outlet_id FROM " table " WHERE id = $1::integer AND ($2::integer IS NULL OR outlet_id = $2::integer)"

/* The outlet that owns row id, as text; TS_ERROR_NOT_FOUND "No such <what>"
 * for a row the caller may not see. */
char     *ts_outlet_table_owner       (TsRequest            *req,
                                       PGconn               *conn,
                                       const TsOutletTable  *table,
                                       const char           *id,
                                       GError              **error);
/* The same check, for a handler that needs nothing of the row. */
gboolean  ts_outlet_table_check       (TsRequest            *req,
                                       PGconn               *conn,
                                       const TsOutletTable  *table,
                                       const char           *id,
                                       GError              **error);
/* The same check by a query of the handler's own: sql reads row $1 (more
 * columns, a join, FOR UPDATE) under the same filter on outlet $2. */
PGresult *ts_outlet_table_find        (TsRequest            *req,
                                       PGconn               *conn,
                                       const TsOutletTable  *table,
                                       const char           *sql,
                                       const char           *id,
                                       GError              **error);
/* Row id as the API shows it (json_sql); not_found when it is gone. */
JsonNode *ts_outlet_table_json        (PGconn               *conn,
                                       const TsOutletTable  *table,
                                       const char           *id,
                                       GError              **error);
/* Answers the path's row ({id}) as JSON, or not_found as above. */
gboolean  ts_outlet_table_answer_row  (TsRequest            *req,
                                       PGconn               *conn,
                                       const TsOutletTable  *table,
                                       GError              **error);
/* Answers list_sql for the outlet the request lists (ts_policy_list_outlet:
 * the caller's own; the Master User's every outlet, or ?outlet_id=). */
gboolean  ts_outlet_table_answer_list (TsRequest            *req,
                                       PGconn               *conn,
                                       const TsOutletTable  *table,
                                       GError              **error);

G_END_DECLS
