/* ts-db.h — the database connection pool
 *
 * A fixed set of worker threads, each owning one libpq connection, runs
 * blocking database work off the main loop (see docs/architecture.md for why
 * threads rather than async libpq).  Results come back on the caller's main
 * context through GTask.
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define TS_DB_OUTCOME_UNKNOWN_MESSAGE \
  "The connection to the database was lost during the commit: the outcome is unknown. " \
  "Check before repeating the request; an order submitted again with the same " \
  "idempotency_key is never sold twice"  /* S2 */

/* Runs in a worker thread with a connection of its own. */
typedef gboolean (*TsDbWorkFunc) (PGconn   *conn,
                                  gpointer  data,
                                  GError  **error);

#define TS_TYPE_DB (ts_db_get_type ())
G_DECLARE_FINAL_TYPE (TsDb, ts_db, TS, DB, GObject)

TsDb     *ts_db_new        (const char          *conninfo,
                            guint                size,
                            GError             **error);
void      ts_db_run_async  (TsDb                *self,
                            TsDbWorkFunc         func,
                            gpointer             data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
gboolean  ts_db_run_finish (TsDb                *self,
                            GAsyncResult        *result,
                            GError             **error);
/* A connection of its own, with the pool's defaults (connect timeout,
 * keepalives, a primary among the hosts listed: target_session_attrs
 * read-write) under what conninfo says.  For start-up work and threads of
 * their own: the error carries libpq's reason, for the administrator. */
PGconn   *ts_db_connect    (const char          *conninfo,
                            GError             **error);
/* The same, named application_name in pg_stat_activity. */
PGconn   *ts_db_connect_as (const char          *conninfo,
                            const char          *application_name,
                            GError             **error);
/* For start-up work and command-line tools: blocks the calling thread. */
gboolean  ts_db_run_sync   (TsDb                *self,
                            TsDbWorkFunc         func,
                            gpointer             data,
                            GError             **error);
/* BEGIN, reconnecting once first if the database restarted meanwhile. */
gboolean  ts_db_begin      (PGconn              *conn,
                            GError             **error);
/* COMMIT.  When the connection is lost during it, the outcome is unknown:
 * the error says so (TS_DB_OUTCOME_UNKNOWN_MESSAGE), still 503. */
gboolean  ts_db_commit     (PGconn              *conn,
                            GError             **error);
guint     ts_db_get_size   (TsDb                *self);
/* Lets the jobs already handed over finish, then closes every connection;
 * whatever comes later is refused (503, "The server is stopping").  The
 * server closes its pools before it stops the database under them, whoever
 * still holds a reference. */
void      ts_db_close      (TsDb                *self);
/* Jobs waiting for a free connection. */
guint     ts_db_get_queued (TsDb                *self);

G_END_DECLS
