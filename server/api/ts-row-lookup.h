/* ts-row-lookup.h — the one row a handler acts on, or not_found naming what
 * was looked for: one query, one message, for every table */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Runs sql; no row is TS_ERROR_NOT_FOUND "No such <what>" ("No such
 * theatre map").  Row-level security hides another outlet's rows, so a row
 * the caller may not see answers exactly like an unknown id (P7). */
PGresult *ts_row_lookup      (PGconn             *conn,
                              const char         *what,
                              const char         *sql,
                              int                 n_params,
                              const char * const *params,
                              GError            **error);
/* The same for a query whose one column is the row as the API shows it
 * (json/jsonb); a NULL value counts as no row. */
JsonNode *ts_row_lookup_json (PGconn             *conn,
                              const char         *what,
                              const char         *sql,
                              int                 n_params,
                              const char * const *params,
                              GError            **error);

G_END_DECLS
