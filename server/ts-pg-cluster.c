/* ts-pg-cluster.c — initdb, pg_ctl start/stop, roles and database creation */
#include <errno.h>
#include <stdlib.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-pg-cluster.h"

struct _TsPgCluster
{
  GObject   parent_instance;

  char     *base_dir;
  char     *data_dir;
  char     *socket_dir;
  char     *log_file;
  char     *bindir;
  char     *run_as_user;
  uid_t     run_uid;
  gid_t     run_gid;
  gboolean  drop_privileges;
  gboolean  durable;
  gboolean  started_by_us;
};

G_DEFINE_FINAL_TYPE (TsPgCluster, ts_pg_cluster, G_TYPE_OBJECT)

static void
ts_pg_cluster_finalize (GObject *object)
{
  TsPgCluster *self = TS_PG_CLUSTER (object);

  if (self->started_by_us)
    ts_pg_cluster_stop (self, NULL);

  g_free (self->base_dir);
  g_free (self->data_dir);
  g_free (self->socket_dir);
  g_free (self->log_file);
  g_free (self->bindir);
  g_free (self->run_as_user);

  G_OBJECT_CLASS (ts_pg_cluster_parent_class)->finalize (object);
}

static void
ts_pg_cluster_class_init (TsPgClusterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_pg_cluster_finalize;
}

static void
ts_pg_cluster_init (TsPgCluster *self)
{
  self->durable = TRUE;
}

/* Debian puts the server binaries outside PATH, one directory per major version. */
static char *
find_bindir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int best_version = 0;
  char *best = NULL;
  g_autofree char *on_path = g_find_program_in_path ("initdb");

  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int version = atoi (name);
      g_autofree char *candidate = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      g_autofree char *initdb = g_build_filename (candidate, "initdb", NULL);

      if (version > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_free (best);
          best = g_steal_pointer (&candidate);
          best_version = version;
        }
    }
  if (best != NULL)
    return best;
  if (on_path != NULL)
    return g_path_get_dirname (on_path);
  return NULL;
}

TsPgCluster *
ts_pg_cluster_new (const char *base_dir,
                   const char *bindir,
                   const char *run_as_user)
{
  TsPgCluster *self = g_object_new (TS_TYPE_PG_CLUSTER, NULL);

  self->base_dir = g_strdup (base_dir);
  self->data_dir = g_build_filename (base_dir, "pgdata", NULL);
  self->socket_dir = g_build_filename (base_dir, "run", NULL);
  self->log_file = g_build_filename (base_dir, "postgresql.log", NULL);
  self->bindir = bindir ? g_strdup (bindir) : find_bindir ();
  self->run_as_user = g_strdup (run_as_user ? run_as_user : "postgres");
  return self;
}

void
ts_pg_cluster_set_durable (TsPgCluster *self,
                           gboolean     durable)
{
  g_return_if_fail (TS_IS_PG_CLUSTER (self));
  self->durable = durable;
}

const char *
ts_pg_cluster_get_base_dir (TsPgCluster *self)
{
  return self->base_dir;
}

char *
ts_pg_cluster_dup_conninfo (TsPgCluster *self,
                            const char  *role,
                            const char  *dbname)
{
  /* Single quotes protect paths with spaces; conninfo escapes ' and \ with \. */
  g_autoptr(GString) host = g_string_new (NULL);

  for (const char *p = self->socket_dir; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (host, '\\');
      g_string_append_c (host, *p);
    }
  return g_strdup_printf ("host='%s' port=5432 user=%s dbname=%s connect_timeout=10",
                          host->str, role, dbname);
}

static void
drop_privileges (gpointer user_data)
{
  TsPgCluster *self = user_data;

  /* Runs in the child between fork and exec: only async-signal-safe calls. */
  if (setgroups (0, NULL) != 0 || setgid (self->run_gid) != 0 || setuid (self->run_uid) != 0)
    _exit (126);
}

static gboolean
run_tool (TsPgCluster  *self,
          const char   *tool,
          const char  **args,
          GError      **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_build_filename (self->bindir, tool, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (self->base_dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                     self->drop_privileges ? drop_privileges : NULL, self,
                     &std_out, &std_err, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "%s failed: %s%s", tool, std_err ? g_strstrip (std_err) : "",
                   std_out && *std_out ? g_strstrip (std_out) : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_dir (TsPgCluster  *self,
          const char   *path,
          int           mode,
          gboolean      owned_by_runner,
          GError      **error)
{
  if (g_mkdir_with_parents (path, mode) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot create %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (owned_by_runner && self->drop_privileges && chown (path, self->run_uid, self->run_gid) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot give %s to user %s: %s", path, self->run_as_user, g_strerror (saved));
      return FALSE;
    }
  if (g_chmod (path, mode) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot set permissions of %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_account (TsPgCluster  *self,
                 GError      **error)
{
  struct passwd *pw;

  if (geteuid () != 0)
    return TRUE;

  pw = getpwnam (self->run_as_user);
  if (pw == NULL || pw->pw_uid == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "PostgreSQL refuses to run as root, and there is no unprivileged account "
                   "“%s” to run it as. Create one (adduser --system %s), name another with "
                   "--pg-user, or run tessera-server as a normal user.",
                   self->run_as_user, self->run_as_user);
      return FALSE;
    }
  self->run_uid = pw->pw_uid;
  self->run_gid = pw->pw_gid;
  self->drop_privileges = TRUE;
  return TRUE;
}

static gboolean
is_running (TsPgCluster *self)
{
  const char *args[] = { "status", "-D", self->data_dir, NULL };

  return run_tool (self, "pg_ctl", args, NULL);
}

static gboolean
bootstrap_roles (TsPgCluster  *self,
                 GError      **error)
{
  g_autofree char *conninfo = ts_pg_cluster_dup_conninfo (self, TS_PG_SUPERUSER, "postgres");
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);
  g_autoptr(PGresult) roles = NULL;
  g_autoptr(PGresult) dbs = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "Cannot connect to the embedded PostgreSQL: %s", PQerrorMessage (conn));
      return FALSE;
    }

  /* Two roles (P7): the owner runs migrations; the application role owns
   * nothing, is no superuser and has no BYPASSRLS. */
  roles = ts_pg_exec (conn, "SELECT count(*) FROM pg_roles WHERE rolname = 'tessera_app'", 0, NULL, error);
  if (roles == NULL)
    return FALSE;
  if (g_str_equal (ts_pg_value (roles, 0, 0), "0")
      && !ts_pg_exec_simple (conn,
                             "CREATE ROLE " TS_PG_OWNER " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;"
                             "CREATE ROLE " TS_PG_APP " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;",
                             error))
    return FALSE;

  dbs = ts_pg_exec (conn, "SELECT count(*) FROM pg_database WHERE datname = 'tessera'", 0, NULL, error);
  if (dbs == NULL)
    return FALSE;
  if (g_str_equal (ts_pg_value (dbs, 0, 0), "0")
      && (!ts_pg_exec_simple (conn, "CREATE DATABASE " TS_PG_DATABASE " OWNER " TS_PG_OWNER
                              " ENCODING 'UTF8' TEMPLATE template0", error)
          || !ts_pg_exec_simple (conn, "REVOKE ALL ON DATABASE " TS_PG_DATABASE " FROM PUBLIC;"
                                 "GRANT CONNECT ON DATABASE " TS_PG_DATABASE " TO " TS_PG_APP ";",
                                 error)))
    return FALSE;

  return TRUE;
}

gboolean
ts_pg_cluster_start (TsPgCluster  *self,
                     GError      **error)
{
  g_autofree char *version_file = g_build_filename (self->data_dir, "PG_VERSION", NULL);
  g_autofree char *options = NULL;

  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);

  if (self->bindir == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "PostgreSQL server programs (initdb, pg_ctl) were not found: install the "
                   "postgresql package, or give their directory with --pg-bindir");
      return FALSE;
    }

  if (!prepare_account (self, error)
      || !make_dir (self, self->base_dir, 0755, FALSE, error)
      || !make_dir (self, self->socket_dir, 0700, TRUE, error))
    return FALSE;

  if (!g_file_test (version_file, G_FILE_TEST_EXISTS))
    {
      const char *initdb_args[] = {
        "-D", self->data_dir, "-U", TS_PG_SUPERUSER, "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8", self->durable ? NULL : "--no-sync", NULL
      };

      if (!make_dir (self, self->data_dir, 0700, TRUE, error))
        return FALSE;
      g_message ("Creating the embedded PostgreSQL cluster in %s", self->data_dir);
      if (!run_tool (self, "initdb", initdb_args, error))
        return FALSE;
    }

  if (is_running (self))
    {
      g_message ("The embedded PostgreSQL in %s is already running; using it", self->data_dir);
    }
  else
    {
      /* The log file must be writable by the account running PostgreSQL. */
      if (!g_file_test (self->log_file, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GError) ignored = NULL;
          g_file_set_contents (self->log_file, "", 0, &ignored);
        }
      if (self->drop_privileges && chown (self->log_file, self->run_uid, self->run_gid) != 0)
        g_warning ("Cannot give %s to %s", self->log_file, self->run_as_user);

      /* Not durable (tests) gives up only what an operating-system crash
       * would take: a commit is still written out before it is answered
       * (synchronous_commit), so killing PostgreSQL loses no answered order. */
      options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories='%s' "
                                 "-c unix_socket_permissions=0700 -c max_connections=100 "
                                 "-c fsync=%s -c synchronous_commit=on -c full_page_writes=%s",
                                 self->socket_dir,
                                 self->durable ? "on" : "off",
                                 self->durable ? "on" : "off");
      {
        const char *start_args[] = {
          "start", "-D", self->data_dir, "-l", self->log_file, "-w", "-t", "60", "-o", options, NULL
        };

        if (!run_tool (self, "pg_ctl", start_args, error))
          {
            g_prefix_error (error, "Cannot start the embedded PostgreSQL (see %s): ", self->log_file);
            return FALSE;
          }
      }
      self->started_by_us = TRUE;
    }

  return bootstrap_roles (self, error);
}

gboolean
ts_pg_cluster_stop (TsPgCluster  *self,
                    GError      **error)
{
  const char *stop_args[] = { "stop", "-D", self->data_dir, "-m", "fast", "-w", "-t", "60", NULL };

  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);

  if (!self->started_by_us)
    return TRUE;
  self->started_by_us = FALSE;
  return run_tool (self, "pg_ctl", stop_args, error);
}
