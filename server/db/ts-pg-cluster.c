/* ts-pg-cluster.c — initdb, pg_ctl start/stop, roles and database creation */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <pwd.h>
#include <sys/file.h>
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
  char     *wal_archive_dir;  /* archive_mode on, WAL segments copied there; NULL: off */
  uid_t     run_uid;
  gid_t     run_gid;
  gboolean  drop_privileges;
  gboolean  durable;
  gboolean  owned;          /* ours to stop (and to restart): started or adopted */
  int       lock_fd;        /* flock'ed <base>/tessera-server.lock, or -1 */
};

G_DEFINE_FINAL_TYPE (TsPgCluster, ts_pg_cluster, G_TYPE_OBJECT)

static void
ts_pg_cluster_finalize (GObject *object)
{
  TsPgCluster *self = TS_PG_CLUSTER (object);

  if (self->owned)
    ts_pg_cluster_stop (self, NULL);
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  g_free (self->base_dir);
  g_free (self->data_dir);
  g_free (self->socket_dir);
  g_free (self->log_file);
  g_free (self->bindir);
  g_free (self->run_as_user);
  g_free (self->wal_archive_dir);

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
  self->lock_fd = -1;
}

/* Debian puts the server binaries outside PATH, one directory per major version. */
char *
ts_pg_cluster_find_bindir (void)
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
  self->bindir = bindir ? g_strdup (bindir) : ts_pg_cluster_find_bindir ();
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

void
ts_pg_cluster_set_wal_archive_dir (TsPgCluster *self,
                                   const char  *dir)
{
  g_return_if_fail (TS_IS_PG_CLUSTER (self));
  g_free (self->wal_archive_dir);
  self->wal_archive_dir = g_strdup (dir);
}

const char *
ts_pg_cluster_get_base_dir (TsPgCluster *self)
{
  return self->base_dir;
}

const char *
ts_pg_cluster_get_bindir (TsPgCluster *self)
{
  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), NULL);
  return self->bindir;
}

gboolean
ts_pg_cluster_exists (TsPgCluster *self)
{
  g_autofree char *version_file = g_build_filename (self->data_dir, "PG_VERSION", NULL);

  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);
  return g_file_test (version_file, G_FILE_TEST_EXISTS);
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

/* realpath (), or the path itself when it cannot be resolved. */
static char *
resolved_path (const char *path)
{
  char buffer[PATH_MAX];

  return g_strdup (realpath (path, buffer) != NULL ? buffer : path);
}

/* The postmaster.pid lines we rely on (PostgreSQL 10 and later): its pid,
 * its data directory and its first Unix socket directory. */
typedef struct
{
  GPid  pid;
  char *data_dir;
  char *socket_dir;
} PostmasterFile;

static void
postmaster_file_clear (PostmasterFile *file)
{
  g_clear_pointer (&file->data_dir, g_free);
  g_clear_pointer (&file->socket_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PostmasterFile, postmaster_file_clear)

static gboolean
read_postmaster_file (TsPgCluster    *self,
                      PostmasterFile *file)
{
  g_autofree char *path = g_build_filename (self->data_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 pid;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  if (g_strv_length (lines) < 5)
    return FALSE;           /* being written: the postmaster is starting */
  pid = g_ascii_strtoll (lines[0], NULL, 10);
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  file->pid = (GPid) pid;
  file->data_dir = g_strdup (lines[1]);
  file->socket_dir = g_strdup (lines[4]);
  return TRUE;
}

/* Is this pid a live postmaster of our data directory?  A postmaster works
 * in its data directory, so its cwd tells a pid that was reused by another
 * program (or a dead one) from ours. */
static gboolean
is_our_postmaster (TsPgCluster *self,
                   GPid         pid)
{
  g_autofree char *proc_cwd = g_strdup_printf ("/proc/%d/cwd", (int) pid);
  g_autofree char *data_dir = resolved_path (self->data_dir);
  char cwd[PATH_MAX];
  ssize_t length = readlink (proc_cwd, cwd, sizeof cwd - 1);

  if (length >= 0)
    {
      cwd[length] = '\0';
      return g_str_equal (cwd, data_dir);
    }
  /* No such process (a zombie has no cwd either). */
  if (errno == ENOENT && g_file_test ("/proc/self", G_FILE_TEST_IS_DIR))
    return FALSE;
  /* Not allowed to look, or no /proc: at least the pid must be alive. */
  return kill (pid, 0) == 0 || errno == EPERM;
}

/* A postmaster.pid whose pid is now some other live program (after a reboot,
 * or a crash long ago) makes PostgreSQL refuse to start, and would make
 * pg_ctl stop signal that program: when /proc proves it is not our
 * postmaster, the file is stale and goes.  (A dead pid PostgreSQL handles
 * itself.) */
static void
remove_stale_postmaster_file (TsPgCluster *self)
{
  g_auto(PostmasterFile) file = { 0 };
  g_autofree char *path = g_build_filename (self->data_dir, "postmaster.pid", NULL);
  g_autofree char *proc_cwd = NULL;
  g_autofree char *data_dir = resolved_path (self->data_dir);
  char cwd[PATH_MAX];
  ssize_t length;

  if (!read_postmaster_file (self, &file))
    return;
  proc_cwd = g_strdup_printf ("/proc/%d/cwd", (int) file.pid);
  length = readlink (proc_cwd, cwd, sizeof cwd - 1);
  if (length < 0)
    return;
  cwd[length] = '\0';
  if (g_str_equal (cwd, data_dir))
    return;
  g_message ("Removing the stale %s: its pid %d is another program now", path, (int) file.pid);
  if (g_unlink (path) != 0)
    g_warning ("Cannot remove %s: %s", path, g_strerror (errno));
}

GPid
ts_pg_cluster_get_postmaster_pid (TsPgCluster *self)
{
  g_auto(PostmasterFile) file = { 0 };
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;

  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), 0);

  if (!read_postmaster_file (self, &file))
    return 0;
  ours = resolved_path (self->data_dir);
  theirs = resolved_path (file.data_dir);
  if (!g_str_equal (ours, theirs) || !is_our_postmaster (self, file.pid))
    return 0;
  return file.pid;
}

gboolean
ts_pg_cluster_is_owned (TsPgCluster *self)
{
  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);
  return self->owned;
}

/* One tessera-server at a time owns the cluster: it holds an exclusive
 * flock on <base>/tessera-server.lock for as long as it runs, which the
 * kernel releases when it exits, however it exits.  Answers whether we
 * hold it; when another server does, its pid goes to *out_holder. */
static gboolean
take_lock (TsPgCluster  *self,
           char        **out_holder)
{
  g_autofree char *path = g_build_filename (self->base_dir, "tessera-server.lock", NULL);
  g_autofree char *pid = g_strdup_printf ("%d\n", (int) getpid ());

  if (self->lock_fd >= 0)
    return TRUE;
  /* O_CLOEXEC: pg_ctl and the postmaster must not inherit (and keep) it. */
  self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (self->lock_fd < 0)
    {
      g_warning ("Cannot open %s (%s): this server will not own the embedded PostgreSQL",
                 path, g_strerror (errno));
      *out_holder = g_strdup ("?");
      return FALSE;
    }
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_autofree char *holder = NULL;

      g_file_get_contents (path, &holder, NULL, NULL);
      *out_holder = g_strdup (holder != NULL ? g_strstrip (holder) : "?");
      close (self->lock_fd);
      self->lock_fd = -1;
      return FALSE;
    }
  if (ftruncate (self->lock_fd, 0) != 0 || write (self->lock_fd, pid, strlen (pid)) < 0)
    g_debug ("Cannot write the pid into %s", path);
  return TRUE;
}

static void
release_lock (TsPgCluster *self)
{
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  self->lock_fd = -1;
}

/* pg_ctl start, waiting until it accepts connections. */
static gboolean
start_postmaster (TsPgCluster  *self,
                  GError      **error)
{
  g_autofree char *options = NULL;
  g_autofree char *archiving = NULL;

  /* The log file must be writable by the account running PostgreSQL. */
  if (!g_file_test (self->log_file, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) ignored = NULL;
      g_file_set_contents (self->log_file, "", 0, &ignored);
    }
  if (self->drop_privileges && chown (self->log_file, self->run_uid, self->run_gid) != 0)
    g_warning ("Cannot give %s to %s", self->log_file, self->run_as_user);

  /* Not durable (tests) gives up only what an operating-system crash would
   * take: a commit is still written out before it is answered
   * (synchronous_commit), so killing PostgreSQL loses no answered order. */
  options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories='%s' "
                             "-c unix_socket_permissions=0700 -c max_connections=100 "
                             "-c fsync=%s -c synchronous_commit=on -c full_page_writes=%s",
                             self->socket_dir,
                             self->durable ? "on" : "off",
                             self->durable ? "on" : "off");
  /* Point-in-time recovery (docs/architecture.md, "Backups and upgrades"):
   * each finished WAL segment is copied into the archive, never over one
   * already there (test ! -f: a second cluster archiving into the same
   * directory by mistake fails loudly rather than mixing histories).  It
   * is copied under another name, flushed to disk, then renamed: a crash
   * during the copy leaves a .part that the next attempt writes over, never
   * a cut segment under the final name (which test ! -f would then refuse
   * for ever).  At most a minute's commits wait for their segment to fill. */
  if (self->wal_archive_dir != NULL)
    {
      archiving = g_strdup_printf ("%s -c archive_mode=on -c archive_timeout=60"
                                   " -c archive_command='test ! -f \"%s/%%f\" && cp %%p \"%s/%%f.part\""
                                   " && sync \"%s/%%f.part\" && mv \"%s/%%f.part\" \"%s/%%f\"'",
                                   options, self->wal_archive_dir, self->wal_archive_dir, self->wal_archive_dir,
                                   self->wal_archive_dir, self->wal_archive_dir);
      g_free (options);
      options = g_steal_pointer (&archiving);
    }
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
  return TRUE;
}

/* A postmaster of our data directory is running: is it one a tessera-server
 * started (our socket, no TCP), and may we own it? */
static gboolean
adopt_running (TsPgCluster  *self,
               GPid          pid,
               gboolean      have_lock,
               const char   *holder,
               GError      **error)
{
  g_auto(PostmasterFile) file = { 0 };
  g_autofree char *socket_dir = resolved_path (self->socket_dir);
  g_autofree char *its_socket_dir = NULL;

  if (!read_postmaster_file (self, &file))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "The embedded PostgreSQL in %s is starting or stopping: try again", self->data_dir);
      return FALSE;
    }
  its_socket_dir = resolved_path (file.socket_dir);
  if (!g_str_equal (socket_dir, its_socket_dir))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "A PostgreSQL (pid %d) is running in %s, but not as tessera-server starts it "
                   "(its socket is in “%s”): stop it (pg_ctl stop -D %s) and start tessera-server again",
                   (int) pid, self->data_dir, file.socket_dir, self->data_dir);
      return FALSE;
    }

  if (have_lock)
    {
      /* No tessera-server holds the lock: the one that started it is gone
       * (killed, or crashed) and left it running.  It is ours now. */
      self->owned = TRUE;
      g_message ("Adopting the embedded PostgreSQL (pid %d) in %s, left running by a tessera-server "
                 "that did not stop it; this server will stop it when it stops",
                 (int) pid, self->data_dir);
    }
  else
    g_message ("Another tessera-server (pid %s) runs the embedded PostgreSQL in %s: sharing it; "
               "that server, not this one, stops and restarts it", holder, self->data_dir);
  return TRUE;
}

/* Point-in-time recovery (recovery.signal and a recovery target in the
 * cluster's settings, docs/architecture.md "Backups and upgrades"):
 * pg_ctl -w returns once the postmaster runs, while it still replays the
 * WAL archive and refuses writes (or every connection).  Wait until it has
 * reached its target and been promoted, however long that takes; if it
 * stops instead (a target past the archive's end), say where to look. */
static gboolean
wait_for_recovery (TsPgCluster  *self,
                   GError      **error)
{
  g_autofree char *conninfo = ts_pg_cluster_dup_conninfo (self, TS_PG_SUPERUSER, "postgres");
  gint64 started = g_get_monotonic_time ();

  g_message ("The embedded PostgreSQL in %s is recovering from its WAL archive (recovery.signal): "
             "waiting until it reaches its recovery target (see %s)", self->data_dir, self->log_file);
  for (;;)
    {
      g_autoptr(PGconn) conn = PQconnectdb (conninfo);

      if (PQstatus (conn) == CONNECTION_OK)
        {
          g_autoptr(PGresult) result = PQexec (conn, "SELECT pg_is_in_recovery (), CASE WHEN pg_is_in_recovery ()"
                                                 " THEN pg_get_wal_replay_pause_state () END");

          if (PQresultStatus (result) == PGRES_TUPLES_OK && g_str_equal (PQgetvalue (result, 0, 0), "f"))
            break;
          /* PostgreSQL's own recovery_target_action is pause: at its target
           * it waits for a person, and so would this start, silently */
          if (PQresultStatus (result) == PGRES_TUPLES_OK && g_str_equal (PQgetvalue (result, 0, 1), "paused"))
            {
              g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                           "The embedded PostgreSQL reached its recovery target and paused there, read-only: "
                           "add recovery_target_action = 'promote' beside recovery_target_time in "
                           "%s/postgresql.auto.conf and start again (docs/deployment.md, section 3)", self->data_dir);
              return FALSE;
            }
        }
      if (ts_pg_cluster_get_postmaster_pid (self) == 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                       "The embedded PostgreSQL stopped while recovering from its WAL archive: its log, %s, "
                       "says why (a recovery target the archive does not reach?)", self->log_file);
          return FALSE;
        }
      g_usleep (200 * 1000);
    }
  g_message ("The embedded PostgreSQL has recovered to its target and is writable again (%.1f s)",
             (g_get_monotonic_time () - started) / 1e6);
  return TRUE;
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
  g_autofree char *recovery_file = g_build_filename (self->data_dir, "recovery.signal", NULL);
  g_autofree char *holder = NULL;
  gboolean have_lock;
  gboolean recovering;
  GPid pid;

  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);

  if (self->bindir == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "PostgreSQL server programs (initdb, pg_ctl) were not found: install the "
                   "postgresql package, or give their directory with --pg-bindir");
      return FALSE;
    }

  /* Started as root, PostgreSQL's own account must pass through base_dir;
   * otherwise it is the server's account's alone (tessera-server.service's
   * state directory stays 0700, as tmpfiles.d/tessera.conf makes it). */
  if (!prepare_account (self, error)
      || !make_dir (self, self->base_dir, self->drop_privileges ? 0755 : 0700, FALSE, error)
      || !make_dir (self, self->socket_dir, 0700, TRUE, error))
    return FALSE;

  if (self->wal_archive_dir != NULL)
    {
      /* pg_ctl's command line is run by a shell: a quote or a double quote
       * in the path would end archive_command's quoting. */
      if (strpbrk (self->wal_archive_dir, "'\"\\$`%") != NULL || !g_path_is_absolute (self->wal_archive_dir))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "wal-archive-dir must be an absolute path without quotes, backslashes, $, ` or %%: “%s”",
                       self->wal_archive_dir);
          return FALSE;
        }
      if (!make_dir (self, self->wal_archive_dir, 0700, TRUE, error))
        return FALSE;
    }

  have_lock = take_lock (self, &holder);
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

  pid = ts_pg_cluster_get_postmaster_pid (self);
  if (pid != 0)
    {
      if (!adopt_running (self, pid, have_lock, holder, error))
        return FALSE;
    }
  else
    {
      if (have_lock)
        remove_stale_postmaster_file (self);
      recovering = g_file_test (recovery_file, G_FILE_TEST_EXISTS);
      if (!start_postmaster (self, error))
        return FALSE;
      /* Started while another server holds the lock (its PostgreSQL was
       * down): that server owns it still. */
      self->owned = have_lock;
      if (recovering && !wait_for_recovery (self, error))
        return FALSE;
    }

  return bootstrap_roles (self, error);
}

gboolean
ts_pg_cluster_restart (TsPgCluster  *self,
                       GError      **error)
{
  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);

  if (!self->owned)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "The embedded PostgreSQL in %s belongs to another tessera-server", self->data_dir);
      return FALSE;
    }

  /* Someone started it meanwhile (pg_ctl by hand): that is what we wanted. */
  if (ts_pg_cluster_get_postmaster_pid (self) != 0)
    return TRUE;
  remove_stale_postmaster_file (self);
  return start_postmaster (self, error);
}

gboolean
ts_pg_cluster_stop (TsPgCluster  *self,
                    GError      **error)
{
  const char *stop_args[] = { "stop", "-D", self->data_dir, "-m", "fast", "-w", "-t", "60", NULL };
  gboolean ok = TRUE;

  g_return_val_if_fail (TS_IS_PG_CLUSTER (self), FALSE);

  if (!self->owned)
    return TRUE;
  self->owned = FALSE;
  /* Already gone (it died, or was stopped by hand): nothing to stop. */
  if (ts_pg_cluster_get_postmaster_pid (self) != 0)
    ok = run_tool (self, "pg_ctl", stop_args, error);
  /* Only once it is stopped may another server take it over. */
  release_lock (self);
  return ok;
}
