/* ts-pg.h — thin, parameterised libpq helpers with GError
 *
 * Every statement goes through PQexecParams: SQL text is never built from input.
 * Database errors become TS_ERROR codes here, in one place.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* What a client is told when the database cannot be reached (503
 * `unavailable`): never libpq's own text, which names paths and hosts. */
#define TS_PG_UNAVAILABLE_MESSAGE "The database is unavailable; try again in a moment"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

PGresult   *ts_pg_exec        (PGconn             *conn,
                               const char         *sql,
                               int                 n_params,
                               const char * const *params,
                               GError            **error);
/* Runs a statement whose single column is json/jsonb; returns the first row's
 * value parsed, or NULL without an error when there is no row. */
JsonNode   *ts_pg_exec_json   (PGconn             *conn,
                               const char         *sql,
                               int                 n_params,
                               const char * const *params,
                               GError            **error);
gboolean    ts_pg_exec_simple (PGconn             *conn,
                               const char         *sql,
                               GError            **error);
const char *ts_pg_value       (PGresult           *result,
                               int                 row,
                               int                 column);
gboolean    ts_pg_conn_is_broken (PGconn          *conn);

G_END_DECLS
