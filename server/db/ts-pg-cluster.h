/* ts-pg-cluster.h — a private, embedded PostgreSQL cluster
 *
 * Lives in <base>/pgdata, listens only on a Unix socket in <base>/run (no TCP
 * port), logs to <base>/postgresql.log.  Started as root, it runs as an
 * unprivileged account (initdb and postgres refuse root).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TS_PG_SUPERUSER "tessera_admin"
#define TS_PG_OWNER     "tessera_owner"
#define TS_PG_APP       "tessera_app"
#define TS_PG_DATABASE  "tessera"

#define TS_TYPE_PG_CLUSTER (ts_pg_cluster_get_type ())
G_DECLARE_FINAL_TYPE (TsPgCluster, ts_pg_cluster, TS, PG_CLUSTER, GObject)

TsPgCluster *ts_pg_cluster_new          (const char   *base_dir,
                                         const char   *bindir,
                                         const char   *run_as_user);
/* Durable by default; tests turn fsync off for speed (commits still
 * survive PostgreSQL being killed, not the machine crashing). */
void         ts_pg_cluster_set_durable  (TsPgCluster  *self,
                                         gboolean      durable);
/* With a directory, the cluster is started with archive_mode on and copies
 * each finished WAL segment there (created, owned by the cluster's
 * account), for point-in-time recovery. */
void         ts_pg_cluster_set_wal_archive_dir (TsPgCluster *self,
                                                const char  *dir);
/* initdb when there is no cluster yet, start it, create the roles and the
 * database.  A cluster already running (left by a tessera-server that was
 * killed) is adopted and owned like one started here, unless another live
 * tessera-server owns it (then it is only shared). */
gboolean     ts_pg_cluster_start        (TsPgCluster  *self,
                                         GError      **error);
/* Stops it if this one owns it. */
gboolean     ts_pg_cluster_stop         (TsPgCluster  *self,
                                         GError      **error);
/* Whether this one started or adopted it (and so stops and restarts it). */
gboolean     ts_pg_cluster_is_owned     (TsPgCluster  *self);
/* The postmaster's pid if a postmaster of this data directory is running,
 * else 0.  Cheap (a file and /proc): for periodic checks. */
GPid         ts_pg_cluster_get_postmaster_pid (TsPgCluster *self);
/* Starts an owned cluster again after it died; blocks (up to a minute):
 * call it from a thread. */
gboolean     ts_pg_cluster_restart      (TsPgCluster  *self,
                                         GError      **error);
char        *ts_pg_cluster_dup_conninfo (TsPgCluster  *self,
                                         const char   *role,
                                         const char   *dbname);
const char  *ts_pg_cluster_get_base_dir (TsPgCluster  *self);
/* Where its initdb, pg_ctl — and the pg_dump and pg_restore of the same
 * version — are; NULL when none was found. */
const char  *ts_pg_cluster_get_bindir   (TsPgCluster  *self);
/* Whether initdb has made the cluster (its PG_VERSION is there). */
gboolean     ts_pg_cluster_exists       (TsPgCluster  *self);
/* The newest /usr/lib/postgresql/N/bin, else initdb's directory on PATH;
 * NULL when there is none. */
char        *ts_pg_cluster_find_bindir  (void);

G_END_DECLS
