/* ts-test-server.h — a real Tessera server for tests: a throwaway PostgreSQL
 * cluster (initdb in a temporary directory), migrations, the demo data, and the
 * HTTP server listening on 127.0.0.1 with a free port, all in this process.
 *
 * Demo accounts (also used by `tessera-server --demo-data`):
 *   Master User:                 login "master",    password "master-password", outlet none
 *   for each outlet UTH, ATH, TIX:
 *     Outlet Administrator       login "admin",     password "admin-password"
 *     Box Office Manager         login "manager",   password "manager-password"
 *     Box Office                 login "boxoffice", password "boxoffice-password"
 *     Walk-up Sales              login "walkup",    password "walkup-password"
 *     Staff                      login "staff",     password "staff-password"
 *     Scanner                    login "door",      password "door-password"
 */
#pragma once

#include "ts-server.h"

G_BEGIN_DECLS

typedef struct _TsTestServer TsTestServer;

/* Starts everything; aborts the test with a message if it cannot.  Runs on the
 * thread-default main context; the caller's main loop must be iterated for
 * requests to be served (g_main_context_iteration or a GMainLoop). */
TsTestServer *ts_test_server_new      (void);
/* The same, but the server is given the database as an administrator's
 * (--database) rather than running its own, so that a test may stop and
 * start PostgreSQL under it. */
TsTestServer *ts_test_server_new_external (void);
/* A second server on first's database (several servers behind a load
 * balancer): its own HTTP port, pools, live feed and sweepers, the same
 * PostgreSQL.  Free it before first, which owns the database. */
TsTestServer *ts_test_server_new_sibling (TsTestServer *first);
/* The same as ts_test_server_new, with the configuration changed by setup
 * first (the mail settings, say). */
typedef void (*TsTestServerSetup) (TsServerConfig *config,
                                   gpointer        data);
TsTestServer *ts_test_server_new_with (TsTestServerSetup setup,
                                       gpointer          data);
/* A server on a database the test made itself (a primary and its standby,
 * tests/ts-test-standby.h): it is given these conninfos as an
 * administrator's --database and --owner-database, and its configuration
 * changed by setup (may be NULL); ts_test_owner_sql and
 * ts_test_assert_ledgers use owner_conninfo. */
TsTestServer *ts_test_server_new_on   (const char       *app_conninfo,
                                       const char       *owner_conninfo,
                                       TsTestServerSetup setup,
                                       gpointer          data);
void          ts_test_server_stop_database  (TsTestServer *self);   /* pg_ctl stop -m fast */
/* Signals the postmaster and waits until it is gone: SIGKILL is a crash,
 * SIGQUIT an immediate shutdown (pg_ctl stop -m immediate). */
void          ts_test_server_kill_database  (TsTestServer *self,
                                             int           signal_number);
void          ts_test_server_start_database (TsTestServer *self);
const char   *ts_test_server_get_url  (TsTestServer *self);   /* "http://127.0.0.1:PORT" */
TsServer     *ts_test_server_get_server (TsTestServer *self);
/* libpq connection string for the owner role (for tests that inspect tables
 * directly, bypassing the server on purpose). */
const char   *ts_test_server_get_owner_conninfo (TsTestServer *self);
const char   *ts_test_server_get_app_conninfo   (TsTestServer *self);
void          ts_test_server_free     (TsTestServer *self);
/* Stops the embedded cluster in data_dir (immediately) once this test
 * process is gone, however it ends: no PostgreSQL outlives a failed test. */
void          ts_test_watch_cluster   (const char   *data_dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestServer, ts_test_server_free)

G_END_DECLS
