/* ts-migrations.c — apply numbered migrations from the GResource bundle */
#include <stdlib.h>

#include <gio/gio.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-migrations.h"
#include "ts-server-resources.h"

#define MIGRATIONS_PATH "/org/tessera/server/migrations"
#define FUNCTIONS_PATH "/org/tessera/server/functions"

/* An arbitrary constant: two servers starting at once take turns. */
#define MIGRATION_LOCK_KEY "7355608"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
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

/* The function files (server/functions/NAME.sql): CREATE OR REPLACE only, run
 * again whenever their text changes, after the numbered migrations — so a
 * function is changed in one place rather than restated in a migration. */
static gboolean
apply_functions (PGconn  *conn,
                 GError **error)
{
  g_autoptr(GPtrArray) list = list_scripts (FUNCTIONS_PATH, FALSE, error);

  if (list == NULL
      || !ts_pg_exec_simple (conn,
                             "CREATE TABLE IF NOT EXISTS schema_function ("
                             "  name text PRIMARY KEY,"
                             "  checksum text NOT NULL,"
                             "  applied_at timestamptz NOT NULL DEFAULT now ());"
                             /* P7: every table has row-level security; this one is the owner's alone */
                             " ALTER TABLE schema_function ENABLE ROW LEVEL SECURITY",
                             error))
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      const char *name = g_ptr_array_index (list, i);
      g_autofree char *sql = read_script (FUNCTIONS_PATH, name, error);
      g_autofree char *checksum = NULL;
      g_autoptr(PGresult) stored = NULL;
      g_autoptr(PGresult) recorded = NULL;

      if (sql == NULL)
        return FALSE;
      checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, sql, -1);
      stored = ts_pg_exec (conn, "SELECT checksum FROM schema_function WHERE name = $1", 1,
                           (const char *[]) { name }, error);
      if (stored == NULL)
        return FALSE;
      if (PQntuples (stored) > 0 && g_str_equal (ts_pg_value (stored, 0, 0), checksum))
        continue;
      if (!ts_pg_exec_simple (conn, "BEGIN", error)
          || !ts_pg_exec_simple (conn, sql, error)
          || (recorded = ts_pg_exec (conn,
                "INSERT INTO schema_function (name, checksum) VALUES ($1, $2)"
                " ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now ()",
                2, (const char *[]) { name, checksum }, error)) == NULL
          || !ts_pg_exec_simple (conn, "COMMIT", error))
        {
          PGresult *r = PQexec (conn, "ROLLBACK");

          PQclear (r);
          g_prefix_error (error, "Functions %s failed, the database is unchanged by them: ", name);
          return FALSE;
        }
      g_message ("Applied functions %s", name);
    }
  return TRUE;
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

gboolean
ts_migrations_apply (PGconn  *conn,
                     guint   *out_applied,
                     GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PGresult) current = NULL;
  g_autoptr(PGresult) locked = NULL;
  const char *lock_params[] = { MIGRATION_LOCK_KEY };
  int current_version;
  guint applied = 0;
  gboolean ok = TRUE;

  list = list_migrations (error);
  if (list == NULL)
    return FALSE;

  if (!ts_pg_exec_simple (conn, "SET client_min_messages = warning", error)
      || !ts_pg_exec_simple (conn,
                          "CREATE TABLE IF NOT EXISTS schema_version ("
                          "  version integer PRIMARY KEY,"
                          "  name text NOT NULL,"
                          "  applied_at timestamptz NOT NULL DEFAULT now ())",
                          error))
    return FALSE;

  locked = ts_pg_exec (conn, "SELECT pg_advisory_lock ($1::bigint)", 1, lock_params, error);
  if (locked == NULL)
    return FALSE;

  current = ts_pg_exec (conn, "SELECT coalesce (max (version), 0) FROM schema_version", 0, NULL, error);
  if (current == NULL)
    ok = FALSE;
  else
    {
      current_version = atoi (ts_pg_value (current, 0, 0));
      if (current_version > atoi (g_ptr_array_index (list, list->len - 1)))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL,
                       "The database is at schema version %d, newer than this server knows (%d): "
                       "upgrade tessera-server", current_version,
                       atoi (g_ptr_array_index (list, list->len - 1)));
          ok = FALSE;
        }
      for (guint i = 0; ok && i < list->len; i++)
        {
          const char *name = g_ptr_array_index (list, i);

          if (atoi (name) <= current_version)
            continue;
          g_autofree char *sql = read_script (MIGRATIONS_PATH, name, error);

          if (sql == NULL)
            {
              ok = FALSE;
              break;
            }
          ok = ts_migrations_apply_one (conn, name, sql, error);
          if (ok)
            applied++;
        }
    }

  if (ok)
    ok = apply_functions (conn, error);

  {
    PGresult *r = PQexecParams (conn, "SELECT pg_advisory_unlock ($1::bigint)", 1, NULL,
                                lock_params, NULL, NULL, 0);
    PQclear (r);
  }

  if (out_applied != NULL)
    *out_applied = applied;
  return ok;
}
