/* ts-test-standby.h — a PostgreSQL primary and its streaming standby for
 * tests: two throwaway clusters on Unix sockets, the standby made with
 * pg_basebackup -R from the primary and streaming from it with synchronous
 * replication (a commit is answered once the standby has it), as
 * docs/deployment.md sets them up on two machines. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TsTestStandby TsTestStandby;

/* Both running, the standby streaming and synchronous; the primary has the
 * roles and the database a tessera-server expects (ts-pg-cluster.h).
 * Aborts the test if it cannot. */
TsTestStandby *ts_test_standby_new            (void);
/* A conninfo naming both, the primary first (host=P,S), as role; with
 * read_write, target_session_attrs=read-write as docs/deployment.md
 * writes it, else left to the server's default. */
char          *ts_test_standby_dup_conninfo   (TsTestStandby *self,
                                               const char    *role,
                                               gboolean       read_write);
/* The directory of the standby's Unix socket (port 5432), for a conninfo
 * of a test's own making. */
char          *ts_test_standby_dup_standby_socket_dir (TsTestStandby *self);
/* The primary's machine is lost: SIGKILL to its postmaster, waited for. */
void           ts_test_standby_kill_primary   (TsTestStandby *self);
/* pg_promote () on the standby, waited for: it is the primary now. */
void           ts_test_standby_promote        (TsTestStandby *self);
/* How the primary sees the standby streaming (pg_stat_replication's
 * sync_state): "sync" once synchronous, NULL when it does not stream. */
char          *ts_test_standby_dup_sync_state (TsTestStandby *self);
void           ts_test_standby_free           (TsTestStandby *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestStandby, ts_test_standby_free)

G_END_DECLS
