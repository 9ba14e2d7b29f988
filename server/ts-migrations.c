/* ts-migrations.c — apply numbered migrations from the GResource bundle */
#include <stdlib.h>

#include <gio/gio.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-migrations.h"
#include "ts-server-resources.h"

#define MIGRATIONS_PATH "/org/tessera/server/migrations"

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

static GPtrArray *
list_migrations (GError **error)
{
  g_auto(GStrv) names = NULL;
  GPtrArray *list;

  ensure_resources ();
  names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, error);

  if (names == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql") && atoi (names[i]) > 0)
      g_ptr_array_add (list, g_strdup (names[i]));
  g_ptr_array_sort (list, compare_names);
  return list;
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
          g_autofree char *path = g_strconcat (MIGRATIONS_PATH "/", name, NULL);
          g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
          g_autofree char *sql = NULL;

          if (bytes == NULL)
            {
              ok = FALSE;
              break;
            }
          sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          ok = ts_migrations_apply_one (conn, name, sql, error);
          if (ok)
            applied++;
        }
    }

  {
    PGresult *r = PQexecParams (conn, "SELECT pg_advisory_unlock ($1::bigint)", 1, NULL,
                                lock_params, NULL, NULL, 0);
    PQclear (r);
  }

  if (out_applied != NULL)
    *out_applied = applied;
  return ok;
}
