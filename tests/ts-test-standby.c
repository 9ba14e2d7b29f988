/* ts-test-standby.c — a primary and its synchronous streaming standby */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <pwd.h>

#include <glib/gstdio.h>

#include "ts-pg-cluster.h"
#include "ts-test-client.h"
#include "ts-test-server.h"
#include "ts-test-standby.h"

/* What the standby calls itself to the primary (primary_conninfo), and what
 * synchronous_standby_names names. */
#define STANDBY_NAME "tessera_standby"
#define REPLICATION_ROLE "tessera_replica"

struct _TsTestStandby
{
  char        *base_dir;
  TsPgCluster *primary;
  TsPgCluster *standby;
  char        *primary_dir;     /* <base>/primary: pgdata, run (the socket) */
  char        *standby_dir;
};

static char *
socket_dir (const char *cluster_dir)
{
  return g_build_filename (cluster_dir, "run", NULL);
}

static char *
superuser_conninfo (TsPgCluster *cluster)
{
  return ts_pg_cluster_dup_conninfo (cluster, TS_PG_SUPERUSER, "postgres");
}

/* Runs a PostgreSQL client program as the account PostgreSQL runs as (as
 * root, postgres: the data directory it writes must be that account's). */
static void
run_as_postgres (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *std_err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, (char *) "runuser");
      g_ptr_array_add (argv, (char *) "-u");
      g_ptr_array_add (argv, (char *) "postgres");
      g_ptr_array_add (argv, (char *) "--");
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync ("/", (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &std_err, &status, &error))
    g_error ("%s: %s", args[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", args[0], std_err);
}

/* A directory the account PostgreSQL runs as may write in. */
static void
make_postgres_dir (const char *path,
                   int         mode)
{
  g_assert_cmpint (g_mkdir_with_parents (path, mode), ==, 0);
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      g_assert_nonnull (pw);
      g_assert_cmpint (chown (path, pw->pw_uid, pw->pw_gid), ==, 0);
    }
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static gboolean
replication_is (TsTestStandby *self,
                const char    *wanted)
{
  g_autofree char *state = ts_test_standby_dup_sync_state (self);

  return g_strcmp0 (state, wanted) == 0;
}

static void
wait_for_replication (TsTestStandby *self,
                      const char    *wanted)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!replication_is (self, wanted))
    {
      if (g_get_monotonic_time () > end)
        g_error ("The standby is not %s after 30 s", wanted);
      g_usleep (50 * 1000);
    }
}

TsTestStandby *
ts_test_standby_new (void)
{
  TsTestStandby *self = g_new0 (TsTestStandby, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *primary_admin = NULL;
  g_autofree char *primary_socket = NULL;
  g_autofree char *source = NULL;
  g_autofree char *standby_data = NULL;

  /* /tmp: the clusters' account reaches it, and socket paths stay short */
  self->base_dir = g_dir_make_tmp ("tessera-standby-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (self->base_dir, 0755);
  self->primary_dir = g_build_filename (self->base_dir, "primary", NULL);
  self->standby_dir = g_build_filename (self->base_dir, "standby", NULL);

  /* The primary, as the server makes its embedded one: PostgreSQL 15's
   * defaults already stream (wal_level replica, max_wal_senders 10), and
   * initdb's pg_hba.conf lets local connections replicate. */
  self->primary = ts_pg_cluster_new (self->primary_dir, NULL, NULL);
  ts_pg_cluster_set_durable (self->primary, FALSE);
  if (!ts_pg_cluster_start (self->primary, &error))
    g_error ("Cannot start the primary: %s", error->message);
  ts_test_watch_cluster (self->primary_dir);
  primary_admin = superuser_conninfo (self->primary);
  g_free (ts_test_sql_at (primary_admin, "CREATE ROLE " REPLICATION_ROLE " LOGIN REPLICATION"));

  /* The standby: a base backup of the primary that streams from it. */
  primary_socket = socket_dir (self->primary_dir);
  source = g_strdup_printf ("host=%s port=5432 user=" REPLICATION_ROLE " application_name=" STANDBY_NAME,
                            primary_socket);
  standby_data = g_build_filename (self->standby_dir, "pgdata", NULL);
  g_assert_cmpint (g_mkdir_with_parents (self->standby_dir, 0755), ==, 0);
  make_postgres_dir (standby_data, 0700);
  run_as_postgres ((const char *[]) { "pg_basebackup", "--pgdata", standby_data, "--dbname", source,
                                      "--write-recovery-conf", "--wal-method=stream",
                                      "--checkpoint=fast", "--no-sync", NULL });
  self->standby = ts_pg_cluster_new (self->standby_dir, NULL, NULL);
  ts_pg_cluster_set_durable (self->standby, FALSE);
  if (!ts_pg_cluster_start (self->standby, &error))
    g_error ("Cannot start the standby: %s", error->message);
  ts_test_watch_cluster (self->standby_dir);
  wait_for_replication (self, "async");

  /* Synchronous only now: set before the base backup, the standby would
   * have a copy, and once promoted would wait for a standby of its own. */
  g_free (ts_test_sql_at (primary_admin, "ALTER SYSTEM SET synchronous_standby_names = '" STANDBY_NAME "'"));
  g_free (ts_test_sql_at (primary_admin, "SELECT pg_reload_conf ()"));
  wait_for_replication (self, "sync");
  return self;
}

char *
ts_test_standby_dup_conninfo (TsTestStandby *self,
                              const char    *role,
                              gboolean       read_write)
{
  g_autofree char *primary = socket_dir (self->primary_dir);
  g_autofree char *standby = socket_dir (self->standby_dir);

  /* One port for both: their sockets are in directories of their own. */
  return g_strdup_printf ("host=%s,%s port=5432,5432 user=%s dbname=" TS_PG_DATABASE "%s",
                          primary, standby, role, read_write ? " target_session_attrs=read-write" : "");
}

char *
ts_test_standby_dup_standby_socket_dir (TsTestStandby *self)
{
  return socket_dir (self->standby_dir);
}

char *
ts_test_standby_dup_sync_state (TsTestStandby *self)
{
  g_autofree char *primary_admin = superuser_conninfo (self->primary);

  return ts_test_sql_at (primary_admin, "SELECT sync_state FROM pg_stat_replication"
                                        " WHERE application_name = '" STANDBY_NAME "' AND state = 'streaming'");
}

void
ts_test_standby_kill_primary (TsTestStandby *self)
{
  GPid pid = ts_pg_cluster_get_postmaster_pid (self->primary);
  g_autofree char *proc = g_strdup_printf ("/proc/%d", (int) pid);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  /* gone once reaped; its backends notice and end on their own */
  while (g_file_test (proc, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (10 * 1000);
    }
}

void
ts_test_standby_promote (TsTestStandby *self)
{
  g_autofree char *standby_admin = superuser_conninfo (self->standby);
  /* waits (up to 60 s) until the standby has replayed what it received and
   * accepts writes */
  g_autofree char *promoted = ts_test_sql_at (standby_admin, "SELECT pg_promote (true, 60)");

  g_assert_cmpstr (promoted, ==, "t");
}

static void
remove_tree (const char *path)
{
  const char *args[] = { "rm", "-rf", path, NULL };

  g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

void
ts_test_standby_free (TsTestStandby *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->standby);    /* stops them, if still running */
  g_clear_object (&self->primary);
  if (g_getenv ("TESSERA_TEST_KEEP") == NULL)
    remove_tree (self->base_dir);
  g_free (self->primary_dir);
  g_free (self->standby_dir);
  g_free (self->base_dir);
  g_free (self);
}
