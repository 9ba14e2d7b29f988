/* test-server-database.c — the database layer on its own: row-level security
 * as the second privacy layer (P7), roles, migrations, restarts */
#include <string.h>

#include <libpq-fe.h>

#include "ts-error.h"
#include "ts-migrations.h"
#include "ts-pg.h"
#include "ts-test-client.h"

static TsTestServer *server;

static PGconn *
app_connection (void)
{
  PGconn *conn = PQconnectdb (ts_test_server_get_app_conninfo (server));

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static char *
scalar (PGconn     *conn,
        const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = ts_pg_exec (conn, sql, 0, NULL, &error);

  g_assert_no_error (error);
  return g_strdup (ts_pg_value (result, 0, 0));
}

static void
expect_sql_error (PGconn     *conn,
                  const char *sql,
                  int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  g_assert_true (ts_pg_exec_simple (conn, "SAVEPOINT s", NULL));
  result = ts_pg_exec (conn, sql, 0, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, TS_ERROR, code);
  g_assert_true (ts_pg_exec_simple (conn, "ROLLBACK TO SAVEPOINT s", NULL));
}

/* P7: without the policy layer, a query under outlet B's context gets none of
 * outlet A's rows, and cannot write them. */
static void
test_row_level_security_alone (void)
{
  g_autoptr(PGconn) conn = app_connection ();
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 ath = ts_test_outlet_id (server, "ATH");
  g_autofree char *set_ath = g_strdup_printf ("SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true)", ath);
  g_autofree char *count_uth = g_strdup_printf ("SELECT count (*) FROM employee WHERE outlet_id = %" G_GINT64_FORMAT, uth);
  g_autofree char *update_uth = g_strdup_printf ("UPDATE employee SET locked = true WHERE outlet_id = %" G_GINT64_FORMAT, uth);
  g_autofree char *audit_uth = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE subject_outlet_id = %" G_GINT64_FORMAT
                                                " OR actor_outlet_id = %" G_GINT64_FORMAT, uth, uth);
  g_autofree char *insert_uth = g_strdup_printf ("INSERT INTO employee (outlet_id, patron_id, login, level, password_hash)"
                                                 " VALUES (%" G_GINT64_FORMAT ", 1, 'sneaky', 'outlet_admin', 'x')", uth);
  g_autofree char *update_outlet = g_strdup_printf ("UPDATE outlet SET phone = '000' WHERE id = %" G_GINT64_FORMAT, uth);
  g_autofree char *v = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) updated = NULL;

  /* no context at all: no per-outlet row is visible */
  g_assert_true (ts_pg_exec_simple (conn, "BEGIN", NULL));
  v = scalar (conn, "SELECT count (*) FROM employee");
  g_assert_cmpstr (v, ==, "0");
  g_clear_pointer (&v, g_free);
  v = scalar (conn, "SELECT count (*) FROM audit_log");
  g_assert_cmpstr (v, ==, "0");
  g_clear_pointer (&v, g_free);

  /* outlet B's context */
  v = scalar (conn, set_ath);
  g_clear_pointer (&v, g_free);
  v = scalar (conn, "SELECT count (*) FROM employee");
  g_assert_cmpint (g_ascii_strtoll (v, NULL, 10), >=, 5);
  g_clear_pointer (&v, g_free);
  v = scalar (conn, count_uth);
  g_assert_cmpstr (v, ==, "0");
  g_clear_pointer (&v, g_free);
  v = scalar (conn, audit_uth);
  g_assert_cmpstr (v, ==, "0");
  g_clear_pointer (&v, g_free);

  updated = ts_pg_exec (conn, update_uth, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQcmdTuples (updated), ==, "0");
  g_clear_pointer (&updated, PQclear);
  updated = ts_pg_exec (conn, update_outlet, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQcmdTuples (updated), ==, "0");

  expect_sql_error (conn, insert_uth, TS_ERROR_FORBIDDEN);
  /* creating outlets is for the Master User context only */
  expect_sql_error (conn, "INSERT INTO outlet (code, name) VALUES ('RLS', 'Sneaky')", TS_ERROR_FORBIDDEN);
  /* the application role never reads password hashes or sessions */
  expect_sql_error (conn, "SELECT password_hash FROM employee", TS_ERROR_FORBIDDEN);
  expect_sql_error (conn, "SELECT * FROM session", TS_ERROR_FORBIDDEN);
  expect_sql_error (conn, "DELETE FROM audit_log", TS_ERROR_FORBIDDEN);
  /* system settings are the Master User's: the row is not even updatable */
  g_clear_pointer (&updated, PQclear);
  updated = ts_pg_exec (conn, "UPDATE system_setting SET licence_count = 1", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQcmdTuples (updated), ==, "0");

  g_assert_true (ts_pg_exec_simple (conn, "ROLLBACK", NULL));
}

/* The context is transaction-local: it never leaks into the next request
 * that reuses the pooled connection. */
static void
test_context_is_transaction_local (void)
{
  g_autoptr(PGconn) conn = app_connection ();
  g_autofree char *v = NULL;

  g_assert_true (ts_pg_exec_simple (conn, "BEGIN", NULL));
  v = scalar (conn, "SELECT set_config ('tessera.master', 'on', true)");
  g_clear_pointer (&v, g_free);
  v = scalar (conn, "SELECT count (*) > 0 FROM employee");
  g_assert_cmpstr (v, ==, "t");
  g_clear_pointer (&v, g_free);
  g_assert_true (ts_pg_exec_simple (conn, "COMMIT", NULL));
  v = scalar (conn, "SELECT count (*) FROM employee");
  g_assert_cmpstr (v, ==, "0");
}

static void
test_application_role (void)
{
  g_autoptr(PGconn) conn = app_connection ();
  g_autofree char *super = scalar (conn, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user");
  g_autofree char *owned = scalar (conn, "SELECT count (*) FROM pg_class WHERE relowner = "
                                         "(SELECT oid FROM pg_roles WHERE rolname = current_user)");
  g_autofree char *unprotected = scalar (conn,
      "SELECT string_agg (relname, ', ') FROM pg_class"
      " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
      "   AND NOT relrowsecurity AND relname <> 'schema_version'");

  g_assert_cmpstr (super, ==, "f");
  g_assert_cmpstr (owned, ==, "0");
  /* P7: row-level security is on for every table */
  g_assert_null (unprotected);
}

/* P7: a server pointed at a role that could bypass row-level security refuses
 * to start, and says why.  This also runs the --database (existing
 * PostgreSQL) path. */
static void
test_refuses_privileged_role (void)
{
  TsServerConfig *config = ts_server_config_new ();
  g_autoptr(TsServer) other = NULL;
  g_autoptr(GError) error = NULL;

  config->database = g_strdup (ts_test_server_get_owner_conninfo (server));
  config->port = 0;
  other = ts_server_new (config);
  g_assert_false (ts_server_start (other, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "neither SUPERUSER nor BYPASSRLS"));
}

static void
test_external_database_mode (void)
{
  TsServerConfig *config = ts_server_config_new ();
  g_autoptr(TsServer) other = NULL;
  g_autoptr(GError) error = NULL;

  config->database = g_strdup (ts_test_server_get_app_conninfo (server));
  config->owner_database = g_strdup (ts_test_server_get_owner_conninfo (server));
  config->port = 0;
  other = ts_server_new (config);
  g_assert_true (ts_server_start (other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ts_server_get_port (other), >, 0);
  ts_server_stop (other);
}

static void
test_migrations_are_idempotent (void)
{
  g_autoptr(PGconn) owner = PQconnectdb (ts_test_server_get_owner_conninfo (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  guint applied = 99;

  g_assert_true (ts_migrations_apply (owner, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 0);
  version = scalar (owner, "SELECT max (version) FROM schema_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, ts_migrations_latest ());
  /* the function files were applied once, and are not run again while unchanged */
  {
    g_autofree char *before = scalar (owner, "SELECT string_agg (name || ':' || applied_at, ',') FROM schema_function");
    g_autofree char *after = NULL;

    g_assert_nonnull (strstr (before, "selling-orders.sql"));
    g_assert_true (ts_migrations_apply (owner, NULL, &error));
    after = scalar (owner, "SELECT string_agg (name || ':' || applied_at, ',') FROM schema_function");
    g_assert_cmpstr (before, ==, after);
    /* a changed text is applied again */
    g_free (scalar (owner, "UPDATE schema_function SET checksum = 'stale' RETURNING name"));
    g_assert_true (ts_migrations_apply (owner, NULL, &error));
    g_free (after);
    after = scalar (owner, "SELECT checksum FROM schema_function WHERE name = 'selling-orders.sql'");
    g_assert_cmpstr (after, !=, "stale");
  }
}

static void
test_failed_migration_changes_nothing (void)
{
  g_autoptr(PGconn) owner = PQconnectdb (ts_test_server_get_owner_conninfo (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *phone = NULL;

  g_assert_false (ts_migrations_apply_one (owner, "999-broken.sql",
                                           "CREATE TABLE half_done (x integer);"
                                           "UPDATE outlet SET phone = '999-999-9999';"
                                           "SELECT 1 / 0;", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "999-broken.sql"));

  table = scalar (owner, "SELECT count (*) FROM pg_class WHERE relname = 'half_done'");
  recorded = scalar (owner, "SELECT count (*) FROM schema_version WHERE version = 999");
  phone = scalar (owner, "SELECT count (*) FROM outlet WHERE phone = '999-999-9999'");
  g_assert_cmpstr (table, ==, "0");
  g_assert_cmpstr (recorded, ==, "0");
  g_assert_cmpstr (phone, ==, "0");
}

/* Starting a second time on the same data changes nothing. */
static void
test_second_start_changes_nothing (void)
{
  TsServerConfig *config = ts_server_config_new ();
  g_autoptr(TsServer) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = ts_test_owner_sql (server, "SELECT (SELECT count (*) FROM outlet) || '/' || "
                                                       "(SELECT count (*) FROM employee) || '/' || "
                                                       "(SELECT max (version) FROM schema_version)");
  g_autofree char *after = NULL;

  g_free (config->data_dir);
  config->data_dir = g_strdup (ts_server_get_config (ts_test_server_get_server (server))->data_dir);
  config->port = 0;
  config->demo_data = TRUE;
  again = ts_server_new (config);
  g_assert_true (ts_server_start (again, &error));
  g_assert_no_error (error);
  ts_server_stop (again);

  after = ts_test_owner_sql (server, "SELECT (SELECT count (*) FROM outlet) || '/' || "
                                     "(SELECT count (*) FROM employee) || '/' || "
                                     "(SELECT max (version) FROM schema_version)");
  g_assert_cmpstr (before, ==, after);
  /* and the first server's database is still up */
  {
    g_autoptr(JsonNode) health = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);
  }
}

/* The pool reconnects when its connections die (database restart). */
static void
test_reconnects (void)
{
  g_autoptr(PGconn) conn = app_connection ();
  g_autofree char *killed = NULL;

  /* make sure every pooled connection exists first */
  for (int i = 0; i < 8; i++)
    {
      g_autoptr(JsonNode) health = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);
    }
  killed = scalar (conn, "SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity"
                         " WHERE usename = current_user AND pid <> pg_backend_pid ()");
  g_assert_cmpint (g_ascii_strtoll (killed, NULL, 10), >=, 1);
  g_usleep (200 * 1000);

  for (int i = 0; i < 8; i++)
    {
      g_autoptr(JsonNode) health = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);
      g_autoptr(JsonNode) directory = ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();

  g_test_add_func ("/database/rls/alone", test_row_level_security_alone);
  g_test_add_func ("/database/rls/transaction-local", test_context_is_transaction_local);
  g_test_add_func ("/database/roles/application", test_application_role);
  g_test_add_func ("/database/roles/refuse-privileged", test_refuses_privileged_role);
  g_test_add_func ("/database/external", test_external_database_mode);
  g_test_add_func ("/database/migrations/idempotent", test_migrations_are_idempotent);
  g_test_add_func ("/database/migrations/failure", test_failed_migration_changes_nothing);
  g_test_add_func ("/database/second-start", test_second_start_changes_nothing);
  g_test_add_func ("/database/reconnect", test_reconnects);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
