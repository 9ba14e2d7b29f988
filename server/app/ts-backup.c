/* ts-backup.c — backups and restores with pg_dump and pg_restore (custom format) */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ts-backup.h"
#include "ts-db.h"
#include "ts-error.h"
#include "ts-migrations.h"
#include "ts-pg.h"
#include "ts-pg-cluster.h"

/* The database a backup reads or a restore writes, reached as the owner
 * role: the embedded cluster's (started for the while and stopped after,
 * or shared with the server that runs it, which keeps it), or the one the
 * configuration names. */
typedef struct
{
  TsPgCluster *cluster;          /* NULL: a database of the administrator's */
  char        *owner_conninfo;
  char        *bindir;           /* pg_dump and pg_restore of the cluster's version */
  char        *where;            /* for the operator: which database */
} Target;

static void
target_clear (Target *target)
{
  if (target->cluster != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* only a cluster started here is stopped: a running server's stays */
      if (!ts_pg_cluster_stop (target->cluster, &error))
        g_warning ("Cannot stop the embedded PostgreSQL: %s", error->message);
      g_clear_object (&target->cluster);
    }
  g_clear_pointer (&target->owner_conninfo, g_free);
  g_clear_pointer (&target->bindir, g_free);
  g_clear_pointer (&target->where, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* pg_dump and pg_restore must be of the cluster's own version (a newer
 * server's archive is refused by an older pg_restore, and an older pg_dump
 * refuses a newer server): --pg-bindir, else the newest installed. */
static char *
find_bindir (TsServerConfig  *config,
             GError         **error)
{
  char *bindir = config->pg_bindir != NULL ? g_strdup (config->pg_bindir) : ts_pg_cluster_find_bindir ();

  if (bindir == NULL)
    g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                 "PostgreSQL's programs (pg_dump, pg_restore) were not found: install the "
                 "postgresql package, or give their directory with --pg-bindir");
  return bindir;
}

/* A connection string as the operator may read it: host, port and
 * database, never the password. */
static char *
describe_conninfo (const char *conninfo)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &message);
  const char *host = NULL, *port = NULL, *dbname = NULL;
  char *text;

  if (options == NULL)
    {
      PQfreemem (message);
      return g_strdup ("the database of --owner-database");
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
    }
  text = g_strdup_printf ("the database %s on %s%s%s", dbname ? dbname : "(default)",
                          host ? host : "(default host)", port ? ":" : "", port ? port : "");
  PQconninfoFree (options);
  return text;
}

/* As root, TsPgCluster would make the data directory the cluster's
 * account's (pg-user, postgres): right for a directory root made, wrong for
 * the state directory of an installed server, whose own account runs it
 * and its PostgreSQL (tessera-server.service).  A backup or a restore of
 * that one runs as that account. */
static gboolean
check_account (TsServerConfig  *config,
               GError         **error)
{
  struct passwd *runner;
  struct passwd *owner;
  struct stat dir;

  if (geteuid () != 0 || g_stat (config->data_dir, &dir) != 0 || dir.st_uid == 0)
    return TRUE;
  runner = getpwnam (config->pg_user != NULL ? config->pg_user : "postgres");
  if (runner != NULL && runner->pw_uid == dir.st_uid)
    return TRUE;
  owner = getpwuid (dir.st_uid);
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "%s belongs to the account %s, which runs its server and its PostgreSQL: run this as that "
               "account (runuser -u %s -- tessera-server …), not as root, which would hand the directory "
               "to another", config->data_dir, owner != NULL ? owner->pw_name : "?",
               owner != NULL ? owner->pw_name : "ACCOUNT");
  return FALSE;
}

static gboolean
open_target (TsServerConfig  *config,
             gboolean         may_create,
             Target          *target,
             GError         **error)
{
  if (config->database == NULL)
    {
      target->cluster = ts_pg_cluster_new (config->data_dir, config->pg_bindir, config->pg_user);
      /* a cluster started here archives as the server's would: no gap in the WAL archive */
      ts_pg_cluster_set_wal_archive_dir (target->cluster, config->wal_archive_dir);
      target->where = g_strdup_printf ("the embedded database in %s", config->data_dir);
      if (!check_account (config, error))
        return FALSE;
      if (!may_create && !ts_pg_cluster_exists (target->cluster))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND,
                       "There is no embedded database in %s (no PostgreSQL cluster in its pgdata): "
                       "nothing to back up. Give the server's own --data-dir, or --database for one of yours.",
                       config->data_dir);
          return FALSE;
        }
      if (ts_pg_cluster_get_bindir (target->cluster) == NULL)
        {
          target->bindir = find_bindir (config, error);   /* says what is missing */
          return FALSE;
        }
      target->bindir = g_strdup (ts_pg_cluster_get_bindir (target->cluster));
      if (!ts_pg_cluster_start (target->cluster, error))
        return FALSE;
      target->owner_conninfo = ts_pg_cluster_dup_conninfo (target->cluster, TS_PG_OWNER, TS_PG_DATABASE);
      return TRUE;
    }

  target->owner_conninfo = g_strdup (config->owner_database != NULL ? config->owner_database : config->database);
  target->where = describe_conninfo (target->owner_conninfo);
  target->bindir = find_bindir (config, error);
  return target->bindir != NULL;
}

/* Appends keyword='value' to a connection string, quoted as libpq reads it. */
static void
append_conninfo (GString    *conninfo,
                 const char *keyword,
                 const char *value)
{
  if (conninfo->len > 0)
    g_string_append_c (conninfo, ' ');
  g_string_append_printf (conninfo, "%s='", keyword);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *p);
    }
  g_string_append_c (conninfo, '\'');
}

/* A launcher for one of PostgreSQL's programs on conninfo's database, and
 * in *out_dbname its --dbname argument.  The password goes in PGPASSWORD,
 * not on the command line, where any local user could read it
 * (/proc/PID/cmdline). */
static GSubprocessLauncher *
pg_launcher (GSubprocessFlags   flags,
             const char        *conninfo,
             char             **out_dbname,
             GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GString) visible = g_string_new (NULL);
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &message);

  if (options == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The connection string is not valid: %s",
                   message ? g_strstrip (message) : "?");
      PQfreemem (message);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "password"))
        g_subprocess_launcher_setenv (launcher, "PGPASSWORD", o->val, TRUE);
      else
        append_conninfo (visible, o->keyword, o->val);
    }
  PQconninfoFree (options);
  /* the primary, as the checks made on it (ts_db_connect): with a list of
   * hosts, pg_dump and psql would otherwise take the first that answers */
  if (strstr (conninfo, "target_session_attrs") == NULL)
    append_conninfo (visible, "target_session_attrs", "read-write");
  *out_dbname = g_strconcat ("--dbname=", visible->str, NULL);
  return g_steal_pointer (&launcher);
}

static GPtrArray *
pg_argv (const char         *bindir,
         const char         *program,
         const char         *dbname,
         const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_build_filename (bindir, program, NULL));
  if (dbname != NULL)
    g_ptr_array_add (argv, g_strdup (dbname));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Its complaint, in an error: stderr's last lines are the reason. */
static void
set_program_error (GError     **error,
                   const char  *program,
                   const char  *err)
{
  g_autofree char *said = g_strstrip (g_strdup (err != NULL ? err : ""));

  g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE, "%s says: %s", program,
               *said != '\0' ? said : "it failed, and said nothing");
}

/* Runs one of PostgreSQL's programs, on conninfo's database or (NULL) on
 * none.  Its standard output goes to stdout_fd when that is not -1 (which
 * it then closes), else to *out_text when asked. */
static gboolean
run_pg_program (const char          *bindir,
                const char          *program,
                const char          *conninfo,
                const char * const  *args,
                int                  stdout_fd,
                char               **out_text,
                GError             **error)
{
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDERR_PIPE
                           | (stdout_fd < 0 && out_text != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : 0)
                           | (stdout_fd < 0 && out_text == NULL ? G_SUBPROCESS_FLAGS_STDOUT_SILENCE : 0);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  launcher = conninfo != NULL ? pg_launcher (flags, conninfo, &dbname, error) : g_subprocess_launcher_new (flags);
  if (launcher == NULL)
    {
      if (stdout_fd >= 0)
        close (stdout_fd);
      return FALSE;
    }
  if (stdout_fd >= 0)
    g_subprocess_launcher_take_stdout_fd (launcher, stdout_fd);
  argv = pg_argv (bindir, program, dbname, args);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, out_text != NULL && stdout_fd < 0 ? &out : NULL,
                                      &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      set_program_error (error, program, err);
      return FALSE;
    }
  if (out_text != NULL)
    *out_text = g_steal_pointer (&out);
  return TRUE;
}

/* What a program says on stderr goes to a file of its own, read once it
 * has ended: two pipes read in turn could fill and stall both programs. */
static gboolean
stderr_to_file (GSubprocessLauncher  *launcher,
                char                **out_path,
                GError              **error)
{
  int fd = g_file_open_tmp ("tessera-restore-XXXXXX.log", out_path, error);

  if (fd < 0)
    return FALSE;
  close (fd);
  g_subprocess_launcher_set_stderr_file_path (launcher, *out_path);
  return TRUE;
}

/* pg_restore's script of the archive, fed to psql in one transaction that
 * stops at the first error: all or nothing.  (Not pg_restore --dbname: a
 * restore runs with an empty search_path, and the functions our generated
 * columns and indexes call — ts_name_key, up to release 0.1 — called
 * others unqualified, so the patron table of such a backup could not be
 * created; an administrator's plain pg_restore takes later ones.  The
 * script's header is given search_path public instead, in a database that
 * was checked to be empty.)  Objects become the owner role's, whatever
 * role owned them where the backup was made; grants to tessera_app stay. */
static gboolean
restore_archive (const char  *bindir,
                 const char  *conninfo,
                 const char  *file,
                 GError     **error)
{
  const char *restore_args[] = { "--no-owner", "--file=-", file, NULL };
  const char *psql_args[] = { "--no-psqlrc", "--quiet", "--no-password", "--single-transaction",
                              "--set=ON_ERROR_STOP=1", "--file=-", NULL };
  g_autoptr(GSubprocessLauncher) reading = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocessLauncher) writing = NULL;
  g_autoptr(GSubprocess) pg_restore = NULL;
  g_autoptr(GSubprocess) psql = NULL;
  g_autoptr(GPtrArray) restore_argv = NULL;
  g_autoptr(GPtrArray) psql_argv = NULL;
  g_autoptr(GDataInputStream) script = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *restore_err = NULL;
  g_autofree char *psql_err = NULL;
  g_autofree char *restore_err_path = NULL;
  g_autofree char *psql_err_path = NULL;
  g_autoptr(GError) copy_error = NULL;
  g_autoptr(GOutputStream) into = NULL;
  static const char public_path[] = "SELECT pg_catalog.set_config('search_path', 'public', false);";
  gboolean ok = FALSE;
  gboolean in_data = FALSE;
  char *line;
  gsize length;

  writing = pg_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, conninfo, &dbname, error);
  if (writing == NULL || !stderr_to_file (reading, &restore_err_path, error)
      || !stderr_to_file (writing, &psql_err_path, error))
    goto out;
  /* psql stops at the first error and closes its input: that is an error
   * to write, not a signal that ends this process */
  signal (SIGPIPE, SIG_IGN);
  psql_argv = pg_argv (bindir, "psql", dbname, psql_args);
  restore_argv = pg_argv (bindir, "pg_restore", NULL, restore_args);
  psql = g_subprocess_launcher_spawnv (writing, (const char * const *) psql_argv->pdata, error);
  if (psql == NULL)
    goto out;
  pg_restore = g_subprocess_launcher_spawnv (reading, (const char * const *) restore_argv->pdata, error);
  if (pg_restore == NULL)
    {
      g_subprocess_force_exit (psql);
      g_subprocess_wait (psql, NULL, NULL);
      goto out;
    }

  script = g_data_input_stream_new (g_subprocess_get_stdout_pipe (pg_restore));
  into = g_buffered_output_stream_new_sized (g_subprocess_get_stdin_pipe (psql), 256 * 1024);
  ok = TRUE;
  while (ok && (line = g_data_input_stream_read_upto (script, "\n", 1, &length, NULL, &copy_error)) != NULL)
    {
      /* the header, before any table's data */
      in_data = in_data || g_str_has_prefix (line, "COPY ");
      if (!in_data && g_str_equal (line, "SELECT pg_catalog.set_config('search_path', '', false);"))
        ok = g_output_stream_write_all (into, public_path, strlen (public_path), NULL, NULL, &copy_error);
      else
        ok = g_output_stream_write_all (into, line, length, NULL, NULL, &copy_error);
      g_free (line);
      if (ok && g_data_input_stream_read_byte (script, NULL, NULL) == '\n')
        ok = g_output_stream_write_all (into, "\n", 1, NULL, NULL, &copy_error);
    }
  /* psql sees the end of its script: it commits, or (ON_ERROR_STOP) it
   * stopped already and rolled back */
  g_output_stream_close (into, NULL, copy_error == NULL ? &copy_error : NULL);
  if (copy_error != NULL)
    g_subprocess_force_exit (pg_restore);

  g_subprocess_wait (pg_restore, NULL, NULL);
  g_subprocess_wait (psql, NULL, NULL);
  g_file_get_contents (restore_err_path, &restore_err, NULL, NULL);
  g_file_get_contents (psql_err_path, &psql_err, NULL, NULL);
  ok = FALSE;
  if (!g_subprocess_get_successful (psql))
    set_program_error (error, "psql", psql_err);
  else if (!g_subprocess_get_successful (pg_restore))
    set_program_error (error, "pg_restore", restore_err);
  else if (copy_error != NULL)
    g_propagate_error (error, g_steal_pointer (&copy_error));
  else
    ok = TRUE;

out:
  if (restore_err_path != NULL)
    g_unlink (restore_err_path);
  if (psql_err_path != NULL)
    g_unlink (psql_err_path);
  return ok;
}

/* What a Tessera database holds, in a few words: "schema 38, 1,234 orders,
 * 56 patrons"; NULL (and no error) when it holds no Tessera database. */
static char *
describe_database (PGconn  *owner,
                   GError **error)
{
  g_autoptr(PGresult) found = ts_pg_exec (owner, "SELECT to_regclass ('public.schema_version') IS NOT NULL",
                                          0, NULL, error);
  g_autoptr(PGresult) counts = NULL;

  if (found == NULL || !g_str_equal (ts_pg_value (found, 0, 0), "t"))
    return NULL;
  counts = ts_pg_exec (owner,
                       "SELECT (SELECT max (version) FROM schema_version),"
                       "       (SELECT count (*) FROM ticket_order), (SELECT count (*) FROM patron)",
                       0, NULL, error);
  if (counts == NULL)
    return NULL;
  return g_strdup_printf ("schema %s, %s orders, %s patrons", ts_pg_value (counts, 0, 0),
                          ts_pg_value (counts, 0, 1), ts_pg_value (counts, 0, 2));
}

/* R1: a row of the audit log says who made a backup or a restore, when and
 * of what.  It is written by the owner role straight into audit_log, whose
 * columns are as old as the first release (a restored database has not had
 * this release's migrations yet), with no outlet or employee: the operator
 * at the machine, named in "via" as --unlock names them. */
static gboolean
audit (PGconn      *owner,
       const char  *action,
       const char  *file,
       gint64       bytes,
       GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (file, NULL);
  g_autofree char *via = g_strdup_printf ("command line, by %s", g_get_user_name ());
  g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, bytes);
  g_autoptr(PGresult) result = ts_pg_exec (owner,
      "INSERT INTO audit_log (action, entity, after)"
      " VALUES ($1, 'database', jsonb_build_object ('file', $2::text, 'bytes', $3::bigint, 'via', $4::text))",
      4, (const char *[]) { action, path, size, via }, error);

  return result != NULL;
}

static char *
seconds (gint64 since_us)
{
  return g_strdup_printf ("%.1f s", (g_get_monotonic_time () - since_us) / 1e6);
}

static char *
file_size (gint64 bytes)
{
  return g_format_size_full ((guint64) bytes, G_FORMAT_SIZE_DEFAULT);
}

/* Backing up -------------------------------------------------------------- */

gboolean
ts_backup_to_file (TsServerConfig  *config,
                   const char      *file,
                   char           **out_summary,
                   GError         **error)
{
  g_auto(Target) target = { 0 };
  g_autoptr(PGconn) owner = NULL;
  g_autofree char *partial = g_strconcat (file, ".partial", NULL);
  g_autofree char *what = NULL;
  g_autofree char *took = NULL;
  g_autofree char *size = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 started;
  struct stat written;
  int fd, out_fd;
  const char *args[] = {
    "--format=custom", "--no-password",
    /* a migration's exclusive lock (another server starting) is waited
     * for a minute at most; ordinary selling takes none */
    "--lock-wait-timeout=60000", NULL
  };

  g_return_val_if_fail (config != NULL && file != NULL, FALSE);

  if (!open_target (config, FALSE, &target, error))
    return FALSE;
  owner = ts_db_connect (target.owner_conninfo, error);
  if (owner == NULL)
    {
      g_prefix_error (error, "Cannot back up %s: as the owner role: ", target.where);
      return FALSE;
    }
  what = describe_database (owner, &local_error);
  if (what == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND,
                     "%s holds no Tessera database (no schema_version table): nothing to back up", target.where);
      return FALSE;
    }

  /* Written beside the file and renamed once whole, so that a backup cut
   * short never passes for one; 0600, since it holds patrons' personal
   * data and password hashes. */
  fd = open (partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot write the backup to %s: %s", file, g_strerror (saved));
      return FALSE;
    }
  fchmod (fd, 0600);

  started = g_get_monotonic_time ();
  out_fd = dup (fd);              /* pg_dump's standard output; the launcher closes it */
  if (out_fd < 0
      || !run_pg_program (target.bindir, "pg_dump", target.owner_conninfo, args, out_fd, NULL, error)
      || fsync (fd) != 0 || fstat (fd, &written) != 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s", g_strerror (errno));
      g_prefix_error (error, "The backup of %s failed, and %s was not written: ", target.where, file);
      close (fd);
      g_unlink (partial);
      return FALSE;
    }
  close (fd);
  if (g_rename (partial, file) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot name the backup %s: %s", file, g_strerror (saved));
      g_unlink (partial);
      return FALSE;
    }
  took = seconds (started);
  size = file_size (written.st_size);

  /* the backup is made: a failure to say so in the audit log is a warning */
  if (!audit (owner, "backup", file, written.st_size, &audit_error))
    g_warning ("The backup is made, but the audit log could not record it: %s", audit_error->message);
  if (out_summary != NULL)
    *out_summary = g_strdup_printf ("Backed up %s (%s) to %s: %s in %s.", target.where, what, file, size, took);
  return TRUE;
}

/* Restoring --------------------------------------------------------------- */

/* Before anything is touched: file is a custom-format archive with Tessera's
 * tables, and reads whole (every block decompressed, to /dev/null), so
 * that a damaged or truncated copy is refused rather than half restored. */
static gboolean
check_archive (const char  *bindir,
               const char  *file,
               GError     **error)
{
  const char *list_args[] = { "--list", file, NULL };
  const char *read_args[] = { "--file=/dev/null", file, NULL };
  g_autofree char *contents = NULL;
  int fd = open (file, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot read the backup %s: %s", file, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!run_pg_program (bindir, "pg_restore", NULL, list_args, -1, &contents, error))
    {
      g_prefix_error (error, "%s is not a backup made by tessera-server --backup (pg_dump's custom format), "
                      "or it is damaged: ", file);
      return FALSE;
    }
  if (strstr (contents, " TABLE public schema_version ") == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "%s is a PostgreSQL backup, but not of a Tessera database (it has no schema_version table)", file);
      return FALSE;
    }
  if (!run_pg_program (bindir, "pg_restore", NULL, read_args, -1, NULL, error))
    {
      g_prefix_error (error, "%s is damaged or incomplete (was it copied whole?): ", file);
      return FALSE;
    }
  return TRUE;
}

/* A restore goes only into a database with nothing of its own in it: no
 * table, sequence, view, function or type outside an extension.  Anything
 * else is refused, whatever it is, so that a restore never mixes two
 * databases or overwrites one by mistake. */
static gboolean
check_empty (PGconn      *owner,
             const char  *where,
             GError     **error)
{
  g_autoptr(PGresult) objects = ts_pg_exec (owner,
      "SELECT (SELECT count (*) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
      "          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
      "                            AND d.objid = c.oid AND d.deptype = 'e'))"
      "     + (SELECT count (*) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace"
      "          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
      "                            AND d.objid = p.oid AND d.deptype = 'e'))",
      0, NULL, error);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = NULL;

  if (objects == NULL)
    return FALSE;
  if (g_str_equal (ts_pg_value (objects, 0, 0), "0"))
    return TRUE;
  what = describe_database (owner, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (what == NULL)
    what = g_strdup_printf ("%s tables, functions and other objects", ts_pg_value (objects, 0, 0));
  g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
               "%s is not empty (it holds %s): a backup is restored only into an empty database, so that "
               "none is overwritten by mistake. Restore into a new --data-dir (or a new, empty database of "
               "yours), then start the server on it. Nothing was changed.", where, what);
  return FALSE;
}

gboolean
ts_backup_restore (TsServerConfig  *config,
                   const char      *file,
                   char           **out_summary,
                   GError         **error)
{
  g_auto(Target) target = { 0 };
  g_autoptr(PGconn) owner = NULL;
  g_autofree char *bindir = NULL;
  g_autofree char *what = NULL;
  g_autofree char *took = NULL;
  g_autofree char *size = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PGresult) version = NULL;
  struct stat archive;
  guint applied = 0;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (config != NULL && file != NULL, FALSE);

  bindir = find_bindir (config, error);
  if (bindir == NULL || !check_archive (bindir, file, error))
    return FALSE;
  if (g_stat (file, &archive) != 0)
    archive.st_size = 0;

  if (!open_target (config, TRUE, &target, error))
    return FALSE;
  owner = ts_db_connect (target.owner_conninfo, error);
  if (owner == NULL)
    {
      g_prefix_error (error, "Cannot restore into %s: as the owner role: ", target.where);
      return FALSE;
    }
  if (!check_empty (owner, target.where, error))
    return FALSE;

  if (!restore_archive (target.bindir, target.owner_conninfo, file, error))
    {
      g_prefix_error (error, "The restore of %s into %s failed, and left it empty: ", file, target.where);
      return FALSE;
    }
  what = describe_database (owner, &local_error);
  if (what == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, TS_ERROR, TS_ERROR_INTERNAL, "the restored database has no schema_version table");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!audit (owner, "restore", file, archive.st_size, &audit_error))
    g_warning ("The restore is done, but the audit log could not record it: %s", audit_error->message);

  /* An older release's backup is brought up to this one's schema now, as
   * a server's start would, so that what cannot be is said here. */
  if (!ts_migrations_apply (owner, &applied, error))
    {
      g_prefix_error (error, "Restored %s (%s) into %s, but it cannot be brought up to this release's schema: ",
                      file, what, target.where);
      return FALSE;
    }
  version = ts_pg_exec (owner, "SELECT max (version) FROM schema_version", 0, NULL, error);
  if (version == NULL)
    return FALSE;
  took = seconds (started);
  size = file_size (archive.st_size);
  if (out_summary != NULL)
    *out_summary = g_strdup_printf ("Restored %s (%s, %s) into %s in %s%s%s%s.", file, size, what, target.where, took,
                                    applied > 0 ? "; brought up to schema " : "",
                                    applied > 0 ? ts_pg_value (version, 0, 0) : "",
                                    applied > 0 ? " by this release's migrations" : "");
  return TRUE;
}

int
ts_backup_command (TsServerConfig *config,
                   const char     *backup_file,
                   const char     *restore_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean ok;

  if (backup_file != NULL && restore_file != NULL)
    {
      g_printerr ("tessera-server: --backup and --restore go one at a time (try --help)\n");
      return 2;
    }
  ok = backup_file != NULL ? ts_backup_to_file (config, backup_file, &summary, &error)
                           : ts_backup_restore (config, restore_file, &summary, &error);
  if (!ok)
    {
      g_printerr ("tessera-server: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", summary);
  return 0;
}
