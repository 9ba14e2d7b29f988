/* ts-migrations.c — the schema from the GResource bundle: numbered migrations
 * and the functions files, interleaved (docs/architecture.md, "Migrations") */
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-migrations.h"
#include "ts-server-resources.h"

#define MIGRATIONS_PATH "/org/tessera/server/migrations"
#define FUNCTIONS_PATH "/org/tessera/server/functions"

/* An arbitrary constant: two servers starting at once take turns. */
#define MIGRATION_LOCK_KEY "7355608"

/* Which build a server is, for the rolling-upgrade rule: the latest
 * migration it has, then its version (meson's project version,
 * MAJOR.MINOR.PATCH).  The functions of a database are those of the newest
 * release that started on it: an older one never puts its own back
 * (docs/architecture.md, "Several servers on one database"). */
typedef struct
{
  guint       migration;
  const char *version;    /* NULL: recorded before releases were (oldest) */
} Release;

/* A functions file (server/functions/NAME.sql): CREATE OR REPLACE only, with
 * the grants and comments of its functions; its opening comment names the
 * migration it runs after ("-- after: 009"). */
typedef struct
{
  char  *name;
  guint  after;
  char  *sql;
  char  *checksum;
} FunctionsFile;

static void
functions_file_free (FunctionsFile *file)
{
  g_free (file->name);
  g_free (file->sql);
  g_free (file->checksum);
  g_free (file);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static int
compare_functions_files (gconstpointer a,
                         gconstpointer b)
{
  const FunctionsFile *x = *(FunctionsFile * const *) a;
  const FunctionsFile *y = *(FunctionsFile * const *) b;

  if (x->after != y->after)
    return x->after < y->after ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

/* The resource bundle lives in a static library: register it explicitly,
 * since nothing else would pull its constructor into the binary. */
static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      g_resources_register (ts_server_resources_get_resource ());
      g_once_init_leave (&registered, 1);
    }
}

/* The .sql files of a resource folder, sorted; numbered ones only when
 * numbered is TRUE. */
static GPtrArray *
list_scripts (const char  *folder,
              gboolean     numbered,
              GError     **error)
{
  g_auto(GStrv) names = NULL;
  GPtrArray *list;

  ensure_resources ();
  names = g_resources_enumerate_children (folder, 0, error);

  if (names == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql") && (!numbered || atoi (names[i]) > 0))
      g_ptr_array_add (list, g_strdup (names[i]));
  g_ptr_array_sort (list, compare_names);
  return list;
}

static GPtrArray *
list_migrations (GError **error)
{
  return list_scripts (MIGRATIONS_PATH, TRUE, error);
}

static char *
read_script (const char  *folder,
             const char  *name,
             GError     **error)
{
  g_autofree char *path = g_strconcat (folder, "/", name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);

  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The "-- after: NNN" line of a functions file's opening comment: the last
 * migration its creation needs (a table whose row type a signature names),
 * before any migration that uses its functions (a trigger, a policy, a
 * generated column).  000 runs it before every migration. */
static gboolean
read_after (const char  *name,
            const char  *sql,
            guint        latest,
            guint       *out_after,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

  for (guint i = 0; lines[i] != NULL && (lines[i][0] == '\0' || g_str_has_prefix (lines[i], "--")); i++)
    {
      const char *number;
      char *end = NULL;
      guint64 after;

      if (!g_str_has_prefix (lines[i], "-- after: "))
        continue;
      number = lines[i] + strlen ("-- after: ");
      after = g_ascii_strtoull (number, &end, 10);
      if (end == number || after > latest)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL,
                       "server/functions/%s runs after migration “%.3s”, which this server does not have",
                       name, number);
          return FALSE;
        }
      *out_after = (guint) after;
      return TRUE;
    }
  g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL,
               "server/functions/%s does not say in its opening comment after which migration it runs "
               "(a line “-- after: NNN”)", name);
  return FALSE;
}

/* Every functions file, in the order they run: by the migration each runs
 * after, then by name. */
static GPtrArray *
load_functions_files (guint    latest,
                      GError **error)
{
  g_autoptr(GPtrArray) names = list_scripts (FUNCTIONS_PATH, FALSE, error);
  g_autoptr(GPtrArray) files = NULL;

  if (names == NULL)
    return NULL;
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) functions_file_free);
  for (guint i = 0; i < names->len; i++)
    {
      FunctionsFile *file = g_new0 (FunctionsFile, 1);

      file->name = g_strdup (g_ptr_array_index (names, i));
      g_ptr_array_add (files, file);
      file->sql = read_script (FUNCTIONS_PATH, file->name, error);
      if (file->sql == NULL || !read_after (file->name, file->sql, latest, &file->after, error))
        return NULL;
      file->checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, file->sql, -1);
    }
  g_ptr_array_sort (files, compare_functions_files);
  return g_steal_pointer (&files);
}

/* Release versions compared number by number ("0.10.0" after "0.9.2"); a
 * missing number counts as 0, and what follows the numbers is ignored. */
static int
compare_versions (const char *a,
                  const char *b)
{
  while ((a != NULL && *a != '\0') || (b != NULL && *b != '\0'))
    {
      char *end_a = NULL, *end_b = NULL;
      guint64 x = a != NULL ? g_ascii_strtoull (a, &end_a, 10) : 0;
      guint64 y = b != NULL ? g_ascii_strtoull (b, &end_b, 10) : 0;

      if (x != y)
        return x < y ? -1 : 1;
      a = a != NULL && end_a != a && *end_a == '.' ? end_a + 1 : NULL;
      b = b != NULL && end_b != b && *end_b == '.' ? end_b + 1 : NULL;
    }
  return 0;
}

/* By the latest migration first, then the version; an unrecorded release
 * (NULL version) is older than any. */
static int
compare_releases (const Release *a,
                  const Release *b)
{
  if ((a->version == NULL) != (b->version == NULL))
    return a->version == NULL ? -1 : 1;
  if (a->migration != b->migration)
    return a->migration < b->migration ? -1 : 1;
  return compare_versions (a->version, b->version);
}

/* Runs one functions file in its own transaction.  Bodies are not checked
 * against the schema here (check_function_bodies, as pg_restore does): a
 * file may run before the tables its bodies read exist; validate_functions
 * checks every body once all has run. */
static gboolean
apply_functions_file (PGconn         *conn,
                      FunctionsFile  *file,
                      GError        **error)
{
  if (!ts_pg_exec_simple (conn, "BEGIN; SET LOCAL check_function_bodies = off", error)
      || !ts_pg_exec_simple (conn, file->sql, error)
      || !ts_pg_exec_simple (conn, "COMMIT", error))
    {
      PGresult *r = PQexec (conn, "ROLLBACK");

      PQclear (r);
      g_prefix_error (error, "Functions %s failed, the database is unchanged by them: ", file->name);
      return FALSE;
    }
  g_message ("Applied functions %s", file->name);
  return TRUE;
}

/* Checks the body of every function of ours against the schema as it now
 * is (the language's validator, as CREATE FUNCTION would with
 * check_function_bodies on); names the first that does not compile. */
static gboolean
validate_functions (PGconn  *conn,
                    GError **error)
{
  g_autoptr(PGresult) functions = ts_pg_exec (conn,
      "SELECT p.oid, p.oid::regprocedure, l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
      " WHERE p.pronamespace = 'public'::regnamespace AND l.lanname IN ('sql', 'plpgsql')"
      "   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
      "                     AND d.objid = p.oid AND d.deptype = 'e')"
      " ORDER BY p.proname, p.oid", 0, NULL, error);

  if (functions == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (functions); i++)
    {
      const char *sql = g_str_equal (ts_pg_value (functions, i, 2), "sql")
                        ? "SELECT fmgr_sql_validator ($1::oid)" : "SELECT plpgsql_validator ($1::oid)";
      g_autoptr(PGresult) checked = ts_pg_exec (conn, sql, 1,
                                                (const char *[]) { ts_pg_value (functions, i, 0) }, error);

      if (checked == NULL)
        {
          g_prefix_error (error, "The function %s does not compile against the schema: ",
                          ts_pg_value (functions, i, 1));
          return FALSE;
        }
    }
  g_message ("Checked the bodies of %d functions", PQntuples (functions));
  return TRUE;
}

#define RECORD_APPLIED \
  "INSERT INTO schema_function (name, checksum, release_migration, release_version) VALUES ($1, $2, $3, $4)" \
  " ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now ()," \
  "   release_migration = EXCLUDED.release_migration, release_version = EXCLUDED.release_version"
#define RECORD_STAMPED \
  "UPDATE schema_function SET release_migration = $3, release_version = $4 WHERE name = $1 AND checksum = $2"

/* One statement per file of files: sql with the file's name and checksum,
 * and the release. */
static gboolean
record_each (PGconn         *conn,
             const char     *sql,
             GPtrArray      *files,
             const Release  *release,
             GError        **error)
{
  g_autofree char *migration = g_strdup_printf ("%u", release->migration);

  for (guint i = 0; i < files->len; i++)
    {
      FunctionsFile *file = g_ptr_array_index (files, i);
      g_autoptr(PGresult) recorded = ts_pg_exec (conn, sql, 4,
          (const char *[]) { file->name, file->checksum, migration, release->version }, error);

      if (recorded == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Records the checksums of the functions files run, with this server's
 * release, once every body is known to compile: a file whose functions do
 * not is run (and checked) again at the next start, never taken as done.
 * The files it did not need to run (their text is its own) and that an
 * older release recorded are this release's too from now on (stamped). */
static gboolean
record_functions_files (PGconn         *conn,
                        const Release  *ours,
                        GPtrArray      *applied,
                        GPtrArray      *stamped,
                        GError        **error)
{
  if (!ts_pg_exec_simple (conn, "BEGIN", error))
    return FALSE;
  if (!record_each (conn, RECORD_APPLIED, applied, ours, error)
      || !record_each (conn, RECORD_STAMPED, stamped, ours, error))
    {
      PGresult *r = PQexec (conn, "ROLLBACK");

      PQclear (r);
      return FALSE;
    }
  return ts_pg_exec_simple (conn, "COMMIT", error);
}

guint
ts_migrations_latest (void)
{
  g_autoptr(GPtrArray) list = list_migrations (NULL);

  if (list == NULL || list->len == 0)
    return 0;
  return (guint) atoi (g_ptr_array_index (list, list->len - 1));
}

gboolean
ts_migrations_apply_one (PGconn      *conn,
                         const char  *name,
                         const char  *sql,
                         GError     **error)
{
  g_autofree char *version = g_strdup_printf ("%d", atoi (name));
  g_autoptr(PGresult) recorded = NULL;
  const char *params[2];

  if (!ts_pg_exec_simple (conn, "BEGIN", error))
    return FALSE;
  params[0] = version;
  params[1] = name;
  if (!ts_pg_exec_simple (conn, sql, error)
      || (recorded = ts_pg_exec (conn, "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                                 2, params, error)) == NULL
      || !ts_pg_exec_simple (conn, "COMMIT", error))
    {
      PGresult *r = PQexec (conn, "ROLLBACK");
      PQclear (r);
      g_prefix_error (error, "Migration %s failed, the database is unchanged by it: ", name);
      return FALSE;
    }
  g_message ("Applied migration %s", name);
  return TRUE;
}

/* The newest release recorded with the database's functions files, in
 * newest (its version borrowed from rows); the names and checksums in
 * stored, and in older the names whose row an older release than ours
 * recorded. */
static void
read_recorded (PGresult      *rows,
               const Release *ours,
               GHashTable    *stored,
               GHashTable    *older,
               Release       *newest)
{
  *newest = (Release) { 0, NULL };
  for (int i = 0; i < PQntuples (rows); i++)
    {
      Release recorded = { (guint) atoi (ts_pg_value (rows, i, 2)),
                           PQgetisnull (rows, i, 3) ? NULL : ts_pg_value (rows, i, 3) };

      g_hash_table_insert (stored, g_strdup (ts_pg_value (rows, i, 0)), g_strdup (ts_pg_value (rows, i, 1)));
      if (compare_releases (&recorded, ours) < 0)
        g_hash_table_add (older, g_strdup (ts_pg_value (rows, i, 0)));
      if (compare_releases (&recorded, newest) > 0)
        *newest = recorded;
    }
}

/* Under the lock: the migrations newer than the database, each preceded by
 * the functions files that run before it, then the remaining files; only
 * files whose text changed since they last ran, and none at all when a
 * newer release than ours recorded the database's functions. */
static gboolean
apply_locked (PGconn  *conn,
              guint   *out_applied,
              GError **error)
{
  g_autoptr(GPtrArray) migrations = list_migrations (error);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) applied_files = g_ptr_array_new ();
  g_autoptr(GPtrArray) stamped_files = g_ptr_array_new ();
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) older = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(PGresult) current = NULL;
  g_autoptr(PGresult) checksums = NULL;
  guint current_version, latest, next_file = 0;
  Release ours, newest;
  gboolean keep_newer;

  if (migrations == NULL)
    return FALSE;
  latest = (guint) atoi (g_ptr_array_index (migrations, migrations->len - 1));
  ours = (Release) { latest, TS_VERSION };
  files = load_functions_files (latest, error);
  if (files == NULL
      || !ts_pg_exec_simple (conn,
                             "CREATE TABLE IF NOT EXISTS schema_version ("
                             "  version integer PRIMARY KEY,"
                             "  name text NOT NULL,"
                             "  applied_at timestamptz NOT NULL DEFAULT now ());"
                             "CREATE TABLE IF NOT EXISTS schema_function ("
                             "  name text PRIMARY KEY,"
                             "  checksum text NOT NULL,"
                             "  applied_at timestamptz NOT NULL DEFAULT now ());"
                             /* the release that recorded each file (issue 15: rolling upgrades) */
                             "ALTER TABLE schema_function ADD COLUMN IF NOT EXISTS release_migration integer,"
                             "  ADD COLUMN IF NOT EXISTS release_version text;"
                             /* P7: every table has row-level security; this one is the owner's alone */
                             " ALTER TABLE schema_function ENABLE ROW LEVEL SECURITY",
                             error)
      || (current = ts_pg_exec (conn, "SELECT coalesce (max (version), 0) FROM schema_version",
                                0, NULL, error)) == NULL
      || (checksums = ts_pg_exec (conn, "SELECT name, checksum, coalesce (release_migration, 0), release_version"
                                        "  FROM schema_function", 0, NULL, error)) == NULL)
    return FALSE;

  current_version = (guint) atoi (ts_pg_value (current, 0, 0));
  if (current_version > latest)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL,
                   "The database is at schema version %u, newer than this server knows (%u): "
                   "upgrade tessera-server", current_version, latest);
      return FALSE;
    }
  read_recorded (checksums, &ours, stored, older, &newest);
  /* A newer release runs on this database (a rolling upgrade under way):
   * its functions stay, ours would take back what it changed.  It has the
   * same migrations as ours, or the database would be newer than ours. */
  keep_newer = compare_releases (&newest, &ours) > 0;
  if (keep_newer)
    g_message ("The database's functions are those of tessera-server %s (migration %03u), newer than this "
               "server (%s, migration %03u): it keeps them and installs none of its own",
               newest.version, newest.migration, ours.version, ours.migration);

  for (guint m = 0; m <= migrations->len; m++)
    {
      const char *name = m < migrations->len ? g_ptr_array_index (migrations, m) : NULL;
      guint number = name != NULL ? (guint) atoi (name) : G_MAXUINT;
      g_autofree char *sql = NULL;

      if (name != NULL && number <= current_version)
        continue;
      /* the functions files that run before this migration (all the rest
       * once there is none) */
      for (; next_file < files->len; next_file++)
        {
          FunctionsFile *file = g_ptr_array_index (files, next_file);

          if (file->after >= number)
            break;
          if (keep_newer)
            continue;
          if (g_strcmp0 (g_hash_table_lookup (stored, file->name), file->checksum) == 0)
            {
              if (g_hash_table_contains (older, file->name))
                g_ptr_array_add (stamped_files, file);
              continue;
            }
          if (!apply_functions_file (conn, file, error))
            return FALSE;
          g_ptr_array_add (applied_files, file);
        }
      if (name == NULL)
        break;
      sql = read_script (MIGRATIONS_PATH, name, error);
      if (sql == NULL || !ts_migrations_apply_one (conn, name, sql, error))
        return FALSE;
      (*out_applied)++;
    }

  if (applied_files->len == 0 && *out_applied == 0)
    return stamped_files->len == 0 || record_functions_files (conn, &ours, applied_files, stamped_files, error);
  if (!validate_functions (conn, error))
    {
      /* every file runs, and every body is checked, again at the next start */
      PGresult *r = PQexec (conn, "DELETE FROM schema_function");

      PQclear (r);
      return FALSE;
    }
  return record_functions_files (conn, &ours, applied_files, stamped_files, error);
}

gboolean
ts_migrations_apply (PGconn  *conn,
                     guint   *out_applied,
                     GError **error)
{
  g_autoptr(PGresult) locked = NULL;
  const char *lock_params[] = { MIGRATION_LOCK_KEY };
  guint applied = 0;
  gboolean ok;

  if (!ts_pg_exec_simple (conn, "SET client_min_messages = warning", error))
    return FALSE;
  /* First of all: even creating the bookkeeping tables at once would race
   * (CREATE TABLE IF NOT EXISTS is not safe against a concurrent one). */
  locked = ts_pg_exec (conn, "SELECT pg_advisory_lock ($1::bigint)", 1, lock_params, error);
  if (locked == NULL)
    return FALSE;

  ok = apply_locked (conn, &applied, error);

  {
    PGresult *r = PQexecParams (conn, "SELECT pg_advisory_unlock ($1::bigint)", 1, NULL,
                                lock_params, NULL, NULL, 0);
    PQclear (r);
  }

  if (out_applied != NULL)
    *out_applied = applied;
  return ok;
}
