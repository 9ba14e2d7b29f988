/* test-server-schema.c — the schema the migrations and the functions files
 * make: a new database and one built before issue 10 and upgraded end up the
 * same; two servers starting at once take turns; every function body is
 * checked (docs/architecture.md, "Migrations") */
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <libpq-fe.h>

#include "ts-demo-data.h"
#include "ts-error.h"
#include "ts-level.h"
#include "ts-migrations.h"
#include "ts-pg.h"
#include "ts-pg-cluster.h"
#include "ts-test-client.h"

static TsTestServer *server;
static TsPgCluster *naming;          /* names the test cluster's roles and databases */

/* A new, empty database of the owner role, made as the bootstrap makes the
 * server's own (ts-pg-cluster.c). */
static void
create_database (const char *name)
{
  g_autofree char *admin = ts_pg_cluster_dup_conninfo (naming, TS_PG_SUPERUSER, "postgres");
  g_autoptr(PGconn) conn = PQconnectdb (admin);
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER " TS_PG_OWNER
                                             " ENCODING 'UTF8' TEMPLATE template0", name);
  g_autofree char *grants = g_strdup_printf ("REVOKE ALL ON DATABASE %s FROM PUBLIC;"
                                             "GRANT CONNECT ON DATABASE %s TO " TS_PG_APP, name, name);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_true (ts_pg_exec_simple (conn, "SET client_min_messages = warning", &error));
  g_assert_true (ts_pg_exec_simple (conn, drop, &error));
  g_assert_true (ts_pg_exec_simple (conn, create, &error));
  g_assert_true (ts_pg_exec_simple (conn, grants, &error));
  g_assert_no_error (error);
}

static PGconn *
owner_connect (const char *database)
{
  g_autofree char *conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, database);
  PGconn *conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static char *
sql_at (const char *database,
        const char *sql)
{
  g_autofree char *conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, database);

  return ts_test_sql_at (conninfo, sql);
}

static void
migrate (const char *database,
         guint      *out_applied)
{
  g_autoptr(PGconn) owner = owner_connect (database);
  g_autoptr(GError) error = NULL;

  g_assert_true (ts_migrations_apply (owner, out_applied, &error));
  g_assert_no_error (error);
}

/* pg_dump of the same major version as the cluster's initdb (Debian keeps
 * them in /usr/lib/postgresql/N/bin, as ts-pg-cluster.c looks for them). */
static char *
find_pg_dump (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  const char *name;
  int best_version = 0;
  char *best = NULL;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = g_build_filename ("/usr/lib/postgresql", name, "bin", "pg_dump", NULL);

      if (atoi (name) > best_version && g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_free (best);
          best = g_steal_pointer (&candidate);
          best_version = atoi (name);
        }
    }
  return best != NULL ? best : g_find_program_in_path ("pg_dump");
}

/* The schema of a database as pg_dump writes it (every table, column,
 * constraint, index, trigger, policy, view, function with its body, grant
 * and comment), cut into its objects by their "-- Name: …" headers: object
 * name → text, so that what differs is named. */
static GHashTable *
dump_schema (const char *database)
{
  g_autofree char *pg_dump = find_pg_dump ();
  g_autofree char *conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, database);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) parts = NULL;
  GHashTable *objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int status = 0;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pg_dump);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pg_dump, (char *) "--schema-only", (char *) "--dbname",
                                                  conninfo, NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pg_dump failed: %s", err);

  parts = g_strsplit (out, "\n--\n-- Name: ", -1);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *end = strchr (parts[i], '\n');
      GString *text = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;

      g_assert_nonnull (end);
      /* pg_dump's own session key (\restrict, \unrestrict) changes every run */
      lines = g_strsplit (end + 1, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        if (lines[l][0] != '\\')
          g_string_append_printf (text, "%s\n", lines[l]);
      g_hash_table_insert (objects, g_strndup (parts[i], end - parts[i]), g_string_free (text, FALSE));
    }
  g_assert_cmpuint (g_hash_table_size (objects), >, 100);
  return objects;
}

/* What differs between two dumps, one line per object; "" when nothing. */
static char *
schema_differences (GHashTable *a,
                    GHashTable *b)
{
  GString *differences = g_string_new (NULL);
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (a), (GCompareFunc) g_strcmp0);
  g_autoptr(GList) others = g_list_sort (g_hash_table_get_keys (b), (GCompareFunc) g_strcmp0);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *mine = g_hash_table_lookup (a, l->data);
      const char *theirs = g_hash_table_lookup (b, l->data);

      if (theirs == NULL)
        g_string_append_printf (differences, "only in the first: %s\n", (char *) l->data);
      else if (!g_str_equal (mine, theirs))
        g_string_append_printf (differences, "differs: %s\n--- first\n%s--- second\n%s",
                                (char *) l->data, mine, theirs);
    }
  for (GList *l = others; l != NULL; l = l->next)
    if (!g_hash_table_contains (a, l->data))
      g_string_append_printf (differences, "only in the second: %s\n", (char *) l->data);
  return g_string_free (differences, FALSE);
}

/* The fixture: a database built before issue 10 moved the function bodies
 * out of the migrations, by tessera-server at commit 6e7406d (migrations 001
 * to 019 and the seven functions files of then), as
 * `pg_dump --no-owner --inserts` wrote it — `zcat` it to read it.  Two
 * changes make it load through libpq: psql's \restrict lines are left out,
 * and the search path is public rather than empty (pg_dump's empty path
 * cannot create a generated column whose function calls another
 * unqualified). */
static void
load_fixture (const char *database,
              const char *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "schema", fixture, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GConverter) gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(PGconn) owner = owner_connect (database);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);
  stream = g_converter_input_stream_new (raw, gunzip);
  g_assert_cmpint (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error),
                   >, 0);
  g_assert_no_error (error);
  sql = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
  g_assert_true (ts_pg_exec_simple (owner, sql, &error));
  g_assert_no_error (error);
}

/* A database built by today's migrations and functions files, made once. */
static GHashTable *
fresh_schema (void)
{
  static GHashTable *fresh;

  if (fresh == NULL)
    {
      create_database ("schema_fresh");
      migrate ("schema_fresh", NULL);
      fresh = dump_schema ("schema_fresh");
    }
  return fresh;
}

/* Editing landed migrations is safe only because a database built by them
 * before the edit, then upgraded by today's server, has exactly the schema
 * of a new one: the same tables, constraints, indexes, triggers, policies,
 * functions (bodies, settings, grants, comments) — nothing left over,
 * nothing missing. */
static void
test_upgraded_is_like_fresh (void)
{
  g_autoptr(GHashTable) upgraded = NULL;
  g_autofree char *differences = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  create_database ("schema_upgraded");
  load_fixture ("schema_upgraded", "019-before-issue-10.sql.gz");
  before = sql_at ("schema_upgraded", "SELECT max (version) FROM schema_version");
  g_assert_cmpstr (before, ==, "19");
  migrate ("schema_upgraded", NULL);
  after = sql_at ("schema_upgraded", "SELECT max (version) FROM schema_version");
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, ts_migrations_latest ());

  upgraded = dump_schema ("schema_upgraded");
  differences = schema_differences (fresh_schema (), upgraded);
  g_assert_cmpstr (differences, ==, "");
}

typedef struct
{
  GMutex      lock;
  GCond       ready;
  guint       waiting;
  guint       applied[2];
  GHashTable *logged;    /* "Applied migration NNN-…" → how many times */
} Start;

/* The server's messages from both threads, counted (under the lock). */
static void
count_applied (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message,
               gpointer        user_data)
{
  Start *start = user_data;

  if (!g_str_has_prefix (message, "Applied "))
    return;
  g_mutex_lock (&start->lock);
  g_hash_table_insert (start->logged, g_strdup (message),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (start->logged, message)) + 1));
  g_mutex_unlock (&start->lock);
}

/* Waits until as many threads have come here in all; answers this one's
 * arrival (0, 1, …). */
static guint
meet (Start *start,
      guint  all)
{
  guint arrival;

  g_mutex_lock (&start->lock);
  arrival = start->waiting++;
  if (start->waiting == all)
    g_cond_broadcast (&start->ready);
  while (start->waiting < all)
    g_cond_wait (&start->ready, &start->lock);
  g_mutex_unlock (&start->lock);
  return arrival;
}

static gpointer
start_one (gpointer data)
{
  Start *start = data;
  guint self;
  g_autoptr(PGconn) owner = owner_connect ("schema_twice");
  g_autofree char *app_conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_APP, "schema_twice");
  g_autoptr(PGconn) app = NULL;
  g_autoptr(GError) error = NULL;

  /* both connected before either begins */
  self = meet (start, 2);
  g_assert_true (ts_migrations_apply (owner, &start->applied[self], &error));
  g_assert_no_error (error);

  /* then both load the demo consortium at once, as two servers started
   * with --demo-data do: one loads it, the other finds it there */
  app = PQconnectdb (app_conninfo);
  g_assert_cmpint (PQstatus (app), ==, CONNECTION_OK);
  meet (start, 4);
  g_assert_true (ts_demo_data_load (app, 4, &error));
  g_assert_no_error (error);
  return NULL;
}

/* Two servers starting on a new database at once: one migrates and runs the
 * functions files, the other waits for it (the advisory lock, taken before
 * anything else) and then finds nothing to do; the schema is a fresh one,
 * each migration and file logged and recorded once, and the demo consortium
 * loaded once. */
static void
test_two_servers_at_once (void)
{
  Start start = { 0 };
  GThread *threads[2];
  g_autoptr(GHashTable) twice = NULL;
  g_autofree char *differences = NULL;
  g_autofree char *migrations = NULL;
  g_autofree char *files = NULL;

  g_autoptr(GHashTable) logged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *versions = NULL;
  g_autofree char *outlets = NULL;
  GHashTableIter iter;
  gpointer message, times;
  guint migrations_logged = 0, handler;

  start.logged = logged;
  g_mutex_init (&start.lock);
  g_cond_init (&start.ready);
  create_database ("schema_twice");
  handler = g_log_set_handler ("tessera-server", G_LOG_LEVEL_MESSAGE, count_applied, &start);
  threads[0] = g_thread_new ("first", start_one, &start);
  threads[1] = g_thread_new ("second", start_one, &start);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);
  g_log_remove_handler ("tessera-server", handler);
  g_mutex_clear (&start.lock);
  g_cond_clear (&start.ready);

  twice = dump_schema ("schema_twice");
  differences = schema_differences (fresh_schema (), twice);
  migrations = sql_at ("schema_fresh", "SELECT count (*) FROM schema_version");
  g_assert_cmpuint (start.applied[0] + start.applied[1], ==, g_ascii_strtoull (migrations, NULL, 10));
  g_assert_true (start.applied[0] == 0 || start.applied[1] == 0);
  files = sql_at ("schema_twice", "SELECT count (*) FROM schema_function");
  g_assert_cmpint (g_ascii_strtoll (files, NULL, 10), >, 0);
  g_assert_cmpstr (differences, ==, "");
  /* each migration and each functions file ran once: once in the log, one
   * row each */
  g_hash_table_iter_init (&iter, logged);
  while (g_hash_table_iter_next (&iter, &message, &times))
    {
      if (GPOINTER_TO_UINT (times) != 1)
        g_error ("“%s” logged %u times", (char *) message, GPOINTER_TO_UINT (times));
      if (g_str_has_prefix (message, "Applied migration "))
        migrations_logged++;
    }
  g_assert_cmpuint (migrations_logged, ==, g_ascii_strtoull (migrations, NULL, 10));
  versions = sql_at ("schema_twice", "SELECT count (DISTINCT version) FROM schema_version");
  g_assert_cmpstr (versions, ==, migrations);
  outlets = sql_at ("schema_twice", "SELECT count (*) FROM outlet");
  g_assert_cmpstr (outlets, ==, "3");
}

static void
note_warning (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

/* Functions files are created without checking their bodies (a file may run
 * before the tables they read exist); once all has run, every body is
 * checked against the schema.  One that does not compile stops the start,
 * named, and every file runs and is checked again at the next start until
 * it is mended. */
static void
test_bodies_are_checked (void)
{
  g_autoptr(PGconn) owner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GLogLevelFlags fatal;
  guint handler;

  create_database ("schema_checked");
  migrate ("schema_checked", NULL);
  g_free (sql_at ("schema_checked", "SET check_function_bodies = off;"
                                     "CREATE FUNCTION ts_broken () RETURNS integer LANGUAGE sql"
                                     "  AS 'SELECT count (*)::integer FROM no_such_table'"));
  /* a changed file: it runs again, then every body is checked */
  g_free (sql_at ("schema_checked", "UPDATE schema_function SET checksum = 'changed' WHERE name = 'live.sql'"));

  owner = owner_connect ("schema_checked");
  /* the server's log keeps PostgreSQL's own words (server/db/ts-pg.c): a
   * warning expected here, and the only one */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  handler = g_log_set_handler ("tessera-server", G_LOG_LEVEL_WARNING, note_warning, warnings);
  g_assert_false (ts_migrations_apply (owner, NULL, &error));
  g_log_remove_handler ("tessera-server", handler);
  g_log_set_always_fatal (fatal);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "42P01"));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "ts_broken()"));
  recorded = sql_at ("schema_checked", "SELECT count (*) FROM schema_function");
  g_assert_cmpstr (recorded, ==, "0");

  g_free (sql_at ("schema_checked", "DROP FUNCTION ts_broken ()"));
  g_clear_error (&error);
  g_assert_true (ts_migrations_apply (owner, NULL, &error));
  g_assert_no_error (error);
  g_free (recorded);
  recorded = sql_at ("schema_checked", "SELECT count (*) FROM schema_function WHERE checksum <> 'changed'");
  g_assert_cmpint (g_ascii_strtoll (recorded, NULL, 10), >, 0);
}

/* The body of ts_level_rank as the database has it. */
static char *
level_rank_body (const char *database)
{
  return sql_at (database, "SELECT prosrc FROM pg_proc WHERE proname = 'ts_level_rank'");
}

/* A rolling upgrade: a newer release has installed its functions (here: a
 * body changed by hand, its file recorded with a higher version and another
 * checksum), and a server of this older release starts on the database.  It
 * keeps the newer functions — of that file, and of every other, even one
 * whose text differs from its own — and says so.  Once the release recorded
 * is no newer than its own (an operator going back for good, or a
 * developer's rebuild of one version), it installs its own again. */
static void
test_newer_release_keeps_functions (void)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ours = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *checksums = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *stamped = NULL;
  guint applied = 99, handler;
  gboolean noted = FALSE;

  create_database ("schema_rolling");
  migrate ("schema_rolling", NULL);
  ours = level_rank_body ("schema_rolling");
  stamped = sql_at ("schema_rolling", "SELECT count (*) FROM schema_function"
                                      " WHERE release_version IS DISTINCT FROM '" TS_VERSION "'");
  g_assert_cmpstr (stamped, ==, "0");

  g_free (sql_at ("schema_rolling",
                  "CREATE OR REPLACE FUNCTION ts_level_rank (p_level text) RETURNS integer LANGUAGE sql IMMUTABLE"
                  "  AS $$ SELECT coalesce (array_position (ts_levels (), p_level) - 1, 0) /* newer */ $$;"
                  "UPDATE schema_function SET checksum = 'newer', release_version = '999.0.0'"
                  " WHERE name = 'foundation.sql';"
                  "UPDATE schema_function SET checksum = 'other' WHERE name = 'live.sql'"));

  handler = g_log_set_handler ("tessera-server", G_LOG_LEVEL_MESSAGE, note_warning, messages);
  migrate ("schema_rolling", &applied);
  g_log_remove_handler ("tessera-server", handler);
  g_assert_cmpuint (applied, ==, 0);
  for (guint i = 0; i < messages->len; i++)
    {
      const char *message = g_ptr_array_index (messages, i);

      g_assert_false (g_str_has_prefix (message, "Applied functions"));
      if (strstr (message, "999.0.0") != NULL && strstr (message, "newer than this server (" TS_VERSION) != NULL
          && strstr (message, "keeps them") != NULL)
        noted = TRUE;
    }
  g_assert_true (noted);
  kept = level_rank_body ("schema_rolling");
  g_assert_nonnull (strstr (kept, "/* newer */"));
  checksums = sql_at ("schema_rolling", "SELECT string_agg (checksum, ',' ORDER BY name) FROM schema_function"
                                        " WHERE name IN ('foundation.sql', 'live.sql')");
  g_assert_cmpstr (checksums, ==, "newer,other");

  /* the same release (a developer's rebuild): the last one started wins */
  g_free (sql_at ("schema_rolling", "UPDATE schema_function SET release_version = '" TS_VERSION "'"
                                    " WHERE name = 'foundation.sql'"));
  migrate ("schema_rolling", NULL);
  restored = level_rank_body ("schema_rolling");
  g_assert_cmpstr (restored, ==, ours);
  g_free (checksums);
  checksums = sql_at ("schema_rolling", "SELECT count (*) FROM schema_function"
                                        " WHERE checksum IN ('newer', 'other')");
  g_assert_cmpstr (checksums, ==, "0");
}

/* Files an older release recorded (or one from before releases were
 * recorded) whose text is ours become this release's, without running
 * them again; from then on an older server keeps its hands off. */
static void
test_older_release_is_stamped (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *older = NULL;

  create_database ("schema_stamped");
  migrate ("schema_stamped", NULL);
  g_free (sql_at ("schema_stamped", "UPDATE schema_function SET release_version = '0.0.9', release_migration = 1"
                                    " WHERE name = 'live.sql';"
                                    "UPDATE schema_function SET release_version = NULL, release_migration = NULL"
                                    " WHERE name = 'foundation.sql'"));
  before = sql_at ("schema_stamped", "SELECT string_agg (name || ':' || applied_at, ',' ORDER BY name)"
                                     "  FROM schema_function");
  migrate ("schema_stamped", NULL);
  after = sql_at ("schema_stamped", "SELECT string_agg (name || ':' || applied_at, ',' ORDER BY name)"
                                    "  FROM schema_function");
  g_assert_cmpstr (before, ==, after);     /* nothing ran again */
  older = sql_at ("schema_stamped", "SELECT count (*) FROM schema_function"
                                    " WHERE release_version IS DISTINCT FROM '" TS_VERSION "'"
                                    "    OR release_migration IS DISTINCT FROM (SELECT max (version) FROM schema_version)");
  g_assert_cmpstr (older, ==, "0");
}

/* A database a newer release has migrated is one this server does not
 * know: it refuses to start on it, saying so, and changes nothing. */
static void
test_newer_schema_is_refused (void)
{
  TsServerConfig *config = ts_server_config_new ();
  g_autoptr(TsServer) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *untouched = NULL;
  g_autofree char *from_the_future = NULL;
  guint future = ts_migrations_latest () + 1;

  create_database ("schema_future");
  migrate ("schema_future", NULL);
  g_free (sql_at ("schema_future", "CREATE OR REPLACE FUNCTION ts_level_rank (p_level text) RETURNS integer"
                                   "  LANGUAGE sql IMMUTABLE AS $$ SELECT 0 /* future */ $$;"
                                   "UPDATE schema_function SET checksum = 'future' WHERE name = 'foundation.sql'"));
  from_the_future = g_strdup_printf ("INSERT INTO schema_version (version, name)"
                                     " VALUES (%u, '%03u-from-the-future.sql')", future, future);
  g_free (sql_at ("schema_future", from_the_future));

  config->database = ts_pg_cluster_dup_conninfo (naming, TS_PG_APP, "schema_future");
  config->owner_database = ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, "schema_future");
  config->port = 0;
  g_free (config->listen_address);
  config->listen_address = g_strdup ("127.0.0.1");
  old = ts_server_new (config);
  g_assert_false (ts_server_start (old, &error));
  g_assert_nonnull (error);
  expected = g_strdup_printf ("The database is at schema version %u, newer than this server knows (%u): "
                              "upgrade tessera-server", future, future - 1);
  g_assert_cmpstr (error->message, ==, expected);
  untouched = level_rank_body ("schema_future");
  g_assert_nonnull (strstr (untouched, "/* future */"));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* C4 in SQL is checked by name (ts_level_rank ('box_office')), against the
 * ranks of ts_levels (server/functions/foundation.sql): its names are
 * TsLevel's, one for one and in the same order, and so are the levels an
 * employee row may hold.  A level added or moved on one side only fails
 * here. */
static void
test_levels_agree (void)
{
  g_autoptr(GString) expected = g_string_new ("{");
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *levels = ts_test_owner_sql (server, "SELECT ts_levels ()::text");
  g_autofree char *allowed = NULL;
  g_autofree char *expected_allowed = NULL;
  g_autofree char *unknown = NULL;

  for (guint level = 0; level <= TS_LEVEL_LAST; level++)
    {
      const char *name = ts_level_to_string ((TsLevel) level);
      g_autofree char *rank = ts_test_owner_sqlf (server, "SELECT ts_level_rank ('%s')", name);
      TsLevel back;

      g_assert_true (ts_level_from_string (name, &back));
      g_assert_cmpuint (back, ==, level);
      g_assert_cmpint (g_ascii_strtoll (rank, NULL, 10), ==, level);
      g_string_append_printf (expected, "%s%s", level > 0 ? "," : "", name);
      g_ptr_array_add (sorted, (gpointer) name);
    }
  g_string_append (expected, "}");
  g_assert_cmpstr (levels, ==, expected->str);

  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  expected_allowed = g_strjoinv (",", (char **) sorted->pdata);
  allowed = ts_test_owner_sql (server,
      "SELECT string_agg (m[1], ',' ORDER BY m[1])"
      "  FROM pg_constraint c, regexp_matches (pg_get_constraintdef (c.oid), '''([a-z_]+)''', 'g') m"
      " WHERE c.conrelid = 'employee'::regclass AND c.conname = 'employee_level_check'");
  g_assert_cmpstr (allowed, ==, expected_allowed);
  /* a name that is no level ranks as No Access, as it always did */
  unknown = ts_test_owner_sql (server, "SELECT ts_level_rank ('nobody') || '/' || ts_level_rank (NULL)");
  g_assert_cmpstr (unknown, ==, "0/0");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  naming = ts_pg_cluster_new (ts_server_get_config (ts_test_server_get_server (server))->data_dir, NULL, NULL);

  g_test_add_func ("/schema/upgraded-is-like-fresh", test_upgraded_is_like_fresh);
  g_test_add_func ("/schema/two-servers-at-once", test_two_servers_at_once);
  g_test_add_func ("/schema/bodies-are-checked", test_bodies_are_checked);
  g_test_add_func ("/schema/newer-release-keeps-functions", test_newer_release_keeps_functions);
  g_test_add_func ("/schema/older-release-is-stamped", test_older_release_is_stamped);
  g_test_add_func ("/schema/newer-schema-is-refused", test_newer_schema_is_refused);
  g_test_add_func ("/schema/levels-agree", test_levels_agree);

  status = g_test_run ();
  g_object_unref (naming);
  ts_test_server_free (server);
  return status;
}
