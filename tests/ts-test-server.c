/* ts-test-server.c — a real server on a throwaway PostgreSQL cluster */
#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ts-pg-cluster.h"
#include "ts-test-server.h"

struct _TsTestServer
{
  char        *base_dir;
  TsPgCluster *cluster;      /* external mode: the database the server does not own */
  TsServer    *server;
  char     *url;
  char     *owner_conninfo;
  char     *app_conninfo;
};

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

/* A test that aborts cannot stop its cluster; a small watchdog process does
 * it when this process is gone, so no PostgreSQL outlives a failed test. */
void
ts_test_watch_cluster (const char *data_dir)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *pgdata = g_build_filename (data_dir, "pgdata", NULL);
  g_autofree char *script = NULL;
  const char *runner = geteuid () == 0 ? "runuser -u postgres -- " : "";
  const char *bindirs[] = { "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
                            "/usr/lib/postgresql/15/bin", NULL };
  const char *bindir = "";
  g_autoptr(GError) error = NULL;

  for (guint i = 0; bindirs[i] != NULL; i++)
    if (g_file_test (bindirs[i], G_FILE_TEST_IS_DIR))
      {
        bindir = bindirs[i];
        break;
      }
  script = g_strdup_printf ("while kill -0 %s 2>/dev/null; do sleep 1; done; "
                            "if [ -f '%s/postmaster.pid' ]; then %s'%s/pg_ctl' stop -D '%s' -m immediate; fi",
                            pid, pgdata, runner, bindir, pgdata);
  if (!g_spawn_async (NULL, (char *[]) { (char *) "/bin/sh", (char *) "-c", script, NULL }, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, &error))
    g_warning ("No watchdog for the test cluster: %s", error->message);
}

/* external: the test starts the database and gives it to the server as an
 * administrator's; app_conninfo (with owner_conninfo): the test made the
 * database itself, elsewhere. */
static TsTestServer *
test_server_new (gboolean          external,
                 const char       *app_conninfo,
                 const char       *owner_conninfo,
                 TsTestServerSetup setup,
                 gpointer          setup_data)
{
  TsTestServer *self = g_new0 (TsTestServer, 1);
  TsServerConfig *config = ts_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TsPgCluster) naming = NULL;

  /* the build's French catalogue, as an installed server has its own (a
   * missing one is a warning, which fails a test) */
  if (g_getenv ("TESSERA_LOCALEDIR") == NULL)
    g_setenv ("TESSERA_LOCALEDIR", TS_TEST_LOCALEDIR, TRUE);

  /* /tmp and not the build tree: the cluster's account needs to reach it, and
   * Unix socket paths must stay short. */
  self->base_dir = g_dir_make_tmp ("tessera-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (self->base_dir, 0755);   /* as root, PostgreSQL runs as another account */

  g_free (config->data_dir);
  config->data_dir = g_build_filename (self->base_dir, "db", NULL);
  g_free (config->listen_address);
  config->listen_address = g_strdup ("127.0.0.1");
  config->port = 0;
  config->pool_size = 4;
  config->demo_data = TRUE;
  config->bcrypt_cost = 4;       /* the rules are the same; tests just run faster */
  /* nobody waits in line but in server-shop-waiting-room, which sets it */
  config->shop_active_limit = 0;
  config->verbose = g_getenv ("TESSERA_TEST_VERBOSE") != NULL;

  naming = ts_pg_cluster_new (config->data_dir, NULL, NULL);
  self->owner_conninfo = owner_conninfo != NULL ? g_strdup (owner_conninfo)
                                                : ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, TS_PG_DATABASE);
  self->app_conninfo = app_conninfo != NULL ? g_strdup (app_conninfo)
                                            : ts_pg_cluster_dup_conninfo (naming, TS_PG_APP, TS_PG_DATABASE);
  if (app_conninfo != NULL)
    {
      config->database = g_strdup (self->app_conninfo);
      config->owner_database = g_strdup (self->owner_conninfo);
    }
  else if (external)
    {
      /* The same cluster, started here: the server connects to it as to any
       * database of its administrator's (--database), and does not own it. */
      self->cluster = ts_pg_cluster_new (config->data_dir, NULL, NULL);
      ts_pg_cluster_set_durable (self->cluster, FALSE);
      if (!ts_pg_cluster_start (self->cluster, &error))
        g_error ("Cannot start the test database: %s", error->message);
      config->database = g_strdup (self->app_conninfo);
      config->owner_database = g_strdup (self->owner_conninfo);
    }

  if (setup != NULL)
    setup (config, setup_data);
  self->server = ts_server_new (config);
  ts_server_set_durable (self->server, FALSE);
  if (!ts_server_start (self->server, &error))
    g_error ("Cannot start the test server: %s", error->message);

  if (app_conninfo == NULL)
    ts_test_watch_cluster (config->data_dir);
  self->url = ts_server_dup_base_url (self->server);
  return self;
}

TsTestServer *
ts_test_server_new (void)
{
  return test_server_new (FALSE, NULL, NULL, NULL, NULL);
}

TsTestServer *
ts_test_server_new_with (TsTestServerSetup setup,
                         gpointer          data)
{
  return test_server_new (FALSE, NULL, NULL, setup, data);
}

TsTestServer *
ts_test_server_new_external (void)
{
  return test_server_new (TRUE, NULL, NULL, NULL, NULL);
}

TsTestServer *
ts_test_server_new_on (const char        *app_conninfo,
                       const char        *owner_conninfo,
                       TsTestServerSetup  setup,
                       gpointer           data)
{
  g_return_val_if_fail (app_conninfo != NULL && owner_conninfo != NULL, NULL);

  return test_server_new (TRUE, app_conninfo, owner_conninfo, setup, data);
}

/* The first's database, as a second machine behind a load balancer would
 * reach it; this server owns no cluster (its data_dir stays empty). */
TsTestServer *
ts_test_server_new_sibling (TsTestServer *first)
{
  g_return_val_if_fail (first != NULL, NULL);

  return test_server_new (TRUE, first->app_conninfo, first->owner_conninfo, NULL, NULL);
}

void
ts_test_server_stop_database (TsTestServer *self)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->cluster);
  if (!ts_pg_cluster_stop (self->cluster, &error))
    g_error ("Cannot stop the test database: %s", error->message);
}

void
ts_test_server_kill_database (TsTestServer *self,
                              int           signal_number)
{
  g_autofree char *pid_file = g_build_filename (self->base_dir, "db", "pgdata", "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *proc = NULL;
  GPid pid;

  g_assert_nonnull (self->cluster);
  g_assert_true (g_file_get_contents (pid_file, &contents, NULL, NULL));
  pid = (GPid) g_ascii_strtoll (contents, NULL, 10);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, signal_number), ==, 0);
  /* Gone once init has reaped it. */
  proc = g_strdup_printf ("/proc/%d", (int) pid);
  for (int i = 0; i < 500 && g_file_test (proc, G_FILE_TEST_EXISTS); i++)
    g_usleep (10 * 1000);
}

void
ts_test_server_start_database (TsTestServer *self)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->cluster);
  /* After a crash its last backends may still hold the shared memory for a
   * moment, and PostgreSQL refuses to start until they are gone. */
  for (int attempt = 0; !ts_pg_cluster_start (self->cluster, &error); attempt++)
    {
      if (attempt == 20)
        g_error ("Cannot start the test database: %s", error->message);
      g_clear_error (&error);
      g_usleep (250 * 1000);
    }
}

const char *
ts_test_server_get_url (TsTestServer *self)
{
  return self->url;
}

TsServer *
ts_test_server_get_server (TsTestServer *self)
{
  return self->server;
}

const char *
ts_test_server_get_owner_conninfo (TsTestServer *self)
{
  return self->owner_conninfo;
}

const char *
ts_test_server_get_app_conninfo (TsTestServer *self)
{
  return self->app_conninfo;
}

void
ts_test_server_free (TsTestServer *self)
{
  if (self == NULL)
    return;
  ts_server_stop (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->cluster);    /* stops the external database */
  if (g_getenv ("TESSERA_TEST_KEEP") == NULL)
    remove_tree (self->base_dir);
  g_free (self->base_dir);
  g_free (self->url);
  g_free (self->owner_conninfo);
  g_free (self->app_conninfo);
  g_free (self);
}
