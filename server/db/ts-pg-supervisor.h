/* ts-pg-supervisor.h — keeps the server's own embedded PostgreSQL running
 *
 * Looks every second whether the postmaster of an owned cluster is alive.
 * When it is not (killed, crashed, stopped by hand) it starts it again in a
 * thread, waiting longer between attempts that fail or do not last (1 s
 * doubling to 30 s), and says each step in the log.  Meanwhile the pool
 * answers 503 `unavailable`, and reconnects by itself once it is back.
 */
#pragma once

#include "ts-pg-cluster.h"

G_BEGIN_DECLS

#define TS_TYPE_PG_SUPERVISOR (ts_pg_supervisor_get_type ())
G_DECLARE_FINAL_TYPE (TsPgSupervisor, ts_pg_supervisor, TS, PG_SUPERVISOR, GObject)

/* Checks on the thread-default main context. */
TsPgSupervisor *ts_pg_supervisor_new      (TsPgCluster    *cluster,
                                           guint           interval_ms);
/* Stops checking; waits for a restart under way to finish. */
void            ts_pg_supervisor_stop     (TsPgSupervisor *self);
/* How many times it started the cluster again. */
guint           ts_pg_supervisor_get_restarts (TsPgSupervisor *self);

G_END_DECLS
