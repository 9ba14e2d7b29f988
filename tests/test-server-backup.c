/* test-server-backup.c — `tessera-server --backup` while agents sell, and
 * `--restore` into a new data directory: every order committed before the
 * backup began is there, none is half there, the ledgers balance; the
 * refusals (a database that holds data, a path that cannot be written, a
 * damaged or foreign file); point-in-time recovery of the embedded cluster
 * from its WAL archive (docs/architecture.md, "Backups and upgrades") */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-pg-cluster.h"
#include "ts-test-client.h"
#include "ts-test-process.h"

#define SELLERS        4
#define SEATS          400
#define PRICE_CENTS    3500

static char *base_dir;
static char *backup_file;           /* made by /backup/under-load, used by the refusals */

/* Agents selling one seat an order through the HTTP API ---------------------- */

typedef struct
{
  SoupSession  *session;
  guint         next;         /* its next seat: its number, then SELLERS more each time */
  char         *key;          /* the order in flight */
  gboolean      in_flight;
  TsTestAnswer  answer;
} Seller;

typedef struct
{
  TsTestProcess *server;
  char          *token;
  gint64         perf;
  gint64         ticket_type;
  gint64         patron;
  char         **seats;
  Seller         sellers[SELLERS];
  GPtrArray     *committed;   /* keys answered 201, in the order the answers came */
} Sale;

/* A performance of SEATS seats at one price, on sale at UTH's box office. */
static void
set_up_sale (Sale          *sale,
             TsTestProcess *server)
{
  g_autofree char *manager = ts_test_process_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = NULL;
  gint64 uth, map_id, event;

  sale->server = server;
  g_assert_cmpuint (ts_test_process_http (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Backup Hall\", \"size\": {\"width\": 1000, \"height\": 400},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 10, \"seats\": 40,"
      "   \"x\": 20, \"y\": 20, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}",
      &created), ==, 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  uth = ts_test_process_owner_int (server, "SELECT id FROM outlet WHERE code = 'UTH'");
  sale->seats = g_new0 (char *, SEATS + 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT string_agg (guid, ' ' ORDER BY row_label, number::integer)"
                                            "  FROM map_seat WHERE map_id = %" G_GINT64_FORMAT, map_id);
    g_autofree char *guids = ts_test_sql_at (ts_test_process_get_owner_conninfo (server), sql);
    g_auto(GStrv) each = g_strsplit (guids, " ", -1);

    g_assert_cmpuint (g_strv_length (each), ==, SEATS);
    for (guint i = 0; i < SEATS; i++)
      sale->seats[i] = g_strdup (each[i]);
  }
  event = ts_test_process_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                     ", 'Backup', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  sale->perf = ts_test_process_owner_int (server,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '10 days', %d, %d,"
      " now () - interval '1 day') RETURNING id", event, uth, SEATS, SEATS);
  sale->ticket_type = ts_test_process_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                                 " VALUES (%" G_GINT64_FORMAT ", 'Backup Adult', %d) RETURNING id",
                                                 uth, PRICE_CENTS);
  ts_test_process_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                             G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                             uth, sale->ticket_type, sale->perf);
  sale->patron = ts_test_process_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                            " VALUES ('Grace', 'Hopper', %" G_GINT64_FORMAT ") RETURNING id", uth);
  sale->token = ts_test_process_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  sale->committed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < SELLERS; i++)
    {
      sale->sellers[i].next = i;
      sale->sellers[i].session = soup_session_new_with_options ("timeout", 30, NULL);
    }
}

static void
sale_clear (Sale *sale)
{
  for (guint i = 0; i < SELLERS; i++)
    {
      g_clear_object (&sale->sellers[i].session);
      g_free (sale->sellers[i].key);
    }
  g_strfreev (sale->seats);
  g_free (sale->token);
  g_ptr_array_unref (sale->committed);
}

/* The body of an order of one seat, paid in cash. */
static char *
order_body (Sale       *sale,
            const char *key,
            const char *seat)
{
  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %d}]}",
                          key, sale->patron, sale->perf, seat, sale->ticket_type, PRICE_CENTS);
}

/* One round: every answer that came is taken (a 201 is a committed order),
 * and every idle agent sends its next order while seats remain. */
static void
sale_step (Sale     *sale,
           gboolean  send_more)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < SELLERS; i++)
    {
      Seller *seller = &sale->sellers[i];

      if (seller->in_flight)
        {
          if (!seller->answer.answered)
            continue;
          seller->in_flight = FALSE;
          g_assert_no_error (seller->answer.error);
          if (seller->answer.status != 201)
            g_error ("order %s answered %u", seller->key, seller->answer.status);
          g_ptr_array_add (sale->committed, g_steal_pointer (&seller->key));
        }
      if (send_more && seller->next < SEATS - SELLERS)
        {
          g_autofree char *body = NULL;

          seller->key = g_strdup_printf ("backup-sale-%03u", seller->next);
          body = order_body (sale, seller->key, sale->seats[seller->next]);
          seller->next += SELLERS;
          seller->in_flight = TRUE;
          ts_test_process_post_async (sale->server, seller->session, "/api/v1/orders", sale->token, body,
                                      &seller->answer);
        }
    }
}

static gboolean
sale_in_flight (Sale *sale)
{
  for (guint i = 0; i < SELLERS; i++)
    if (sale->sellers[i].in_flight)
      return TRUE;
  return FALSE;
}

static void
sell_until (Sale  *sale,
            guint  committed)
{
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (sale->committed->len < committed)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      sale_step (sale, TRUE);
      g_usleep (1000);
    }
}

static void
backup_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* The tests ------------------------------------------------------------------ */

/* Four agents sell at UTH's box office while `tessera-server --backup`
 * runs on the same data directory as the server, whose PostgreSQL it
 * shares.  The backup, restored with `--restore` into a new data
 * directory and served by a new server, has every order committed before
 * the backup began, and each order it has whole (its ticket and its
 * payment); the ledgers balance; the seats it sold cannot be sold again,
 * and a new sale goes through.  Both are in the audit log. */
static void
test_under_load (void)
{
  g_autofree char *a_dir = g_build_filename (base_dir, "a", NULL);
  g_autofree char *b_dir = g_build_filename (base_dir, "b", NULL);
  g_autofree char *partial = NULL;
  g_autoptr(TsTestProcess) a = ts_test_process_new (a_dir);
  g_autoptr(TsTestProcess) b = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *said = NULL;
  g_autofree char *restored_said = NULL;
  const char *demo[] = { "--demo-data", "--demo-season", NULL };
  Sale sale = { 0 };
  gboolean done = FALSE;
  guint during;
  gint64 started, backup_us, restore_us, restored;
  struct stat file_info;

  ts_test_process_start (a, demo);
  set_up_sale (&sale, a);
  sell_until (&sale, 40);

  /* What is committed now must be in the backup */
  for (guint i = 0; i < sale.committed->len; i++)
    g_ptr_array_add (before, g_strdup (g_ptr_array_index (sale.committed, i)));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  started = g_get_monotonic_time ();
  backup = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TESSERA_SERVER"), "--data-dir", a_dir,
                                        "--backup", backup_file, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (backup, NULL, backup_exited, &done);
  while (!done)
    {
      sale_step (&sale, TRUE);
      g_usleep (1000);
    }
  backup_us = g_get_monotonic_time () - started;
  during = sale.committed->len - before->len;
  sell_until (&sale, sale.committed->len + 20);
  while (sale_in_flight (&sale))
    sale_step (&sale, FALSE);
  {
    g_autoptr(GBytes) output = NULL;

    g_subprocess_communicate (backup, NULL, NULL, &output, NULL, &error);
    g_assert_no_error (error);
    said = g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output));
  }
  g_test_message ("backup: %s", said);
  g_assert_cmpint (g_subprocess_get_exit_status (backup), ==, 0);
  g_assert_nonnull (strstr (said, "Backed up the embedded database in"));
  g_assert_nonnull (strstr (said, "sharing it"));            /* the running server's PostgreSQL */
  g_test_message ("%u orders before the backup began, %u answered while it ran (%.2f s), %u in all",
                  before->len, during, backup_us / 1e6, sale.committed->len);
  g_assert_cmpuint (during, >, 0);            /* it was under load: sales went on while it ran */
  /* whole, and only for its owner: it holds personal data */
  g_assert_cmpint (g_stat (backup_file, &file_info), ==, 0);
  g_assert_cmpint (file_info.st_mode & 0777, ==, 0600);
  partial = g_strconcat (backup_file, ".partial", NULL);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  /* R1: who made it, of what, where */
  g_assert_cmpint (ts_test_process_owner_int (a, "SELECT count (*) FROM audit_log WHERE action = 'backup'"
                                                 " AND after ->> 'file' = '%s' AND after ->> 'via' LIKE 'command line, by %%'",
                                              backup_file), ==, 1);

  /* A new data directory; a new server on it */
  {
    const char *restore[] = { "--data-dir", b_dir, "--restore", backup_file, NULL };

    started = g_get_monotonic_time ();
    g_assert_cmpint (ts_test_process_run (restore, &restored_said), ==, 0);
    restore_us = g_get_monotonic_time () - started;
  }
  g_assert_nonnull (strstr (restored_said, "Restored"));
  g_test_message ("backup %.2f s, restore (initdb included) %.2f s", backup_us / 1e6, restore_us / 1e6);
  b = ts_test_process_new (b_dir);
  ts_test_process_start (b, NULL);

  /* every order committed before the backup began */
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpint (ts_test_process_owner_int (b, "SELECT count (*) FROM ticket_order WHERE idempotency_key = '%s'",
                                                (char *) g_ptr_array_index (before, i)), ==, 1);
  restored = ts_test_process_owner_int (b, "SELECT count (*) FROM ticket_order WHERE idempotency_key LIKE 'backup-sale-%%'");
  g_assert_cmpint (restored, >=, before->len);
  g_assert_cmpint (restored, <=, before->len + during);
  /* none half there: its one ticket and its payment with it */
  g_assert_cmpint (ts_test_process_owner_int (b,
      "SELECT count (*) FROM ticket_order o WHERE o.idempotency_key LIKE 'backup-sale-%%'"
      "   AND ((SELECT count (*) FROM order_item i WHERE i.order_id = o.id AND i.status = 'sold') <> 1"
      "        OR (SELECT coalesce (sum (amount_cents), 0) FROM payment p WHERE p.order_id = o.id) <> %d"
      "        OR NOT EXISTS (SELECT 1 FROM order_item i JOIN seat_claim c"
      "                         ON c.performance_id = i.performance_id AND c.seat_guid = i.seat_guid"
      "                       WHERE i.order_id = o.id))", PRICE_CENTS), ==, 0);
  g_assert_cmpint (ts_test_process_owner_int (b, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, sale.perf),
                   ==, restored);
  /* the demo season came along whole */
  g_assert_cmpint (ts_test_process_owner_int (b, "SELECT count (*) FROM patron"), ==,
                   ts_test_process_owner_int (a, "SELECT count (*) FROM patron"));
  g_assert_cmpint (ts_test_process_owner_int (b, "SELECT count (*) FROM ticket_order WHERE idempotency_key NOT LIKE 'backup-sale-%%'"),
                   ==, ts_test_process_owner_int (a, "SELECT count (*) FROM ticket_order WHERE idempotency_key NOT LIKE 'backup-sale-%%'"));
  ts_test_assert_ledgers_at (ts_test_process_get_owner_conninfo (b));
  g_assert_cmpint (ts_test_process_owner_int (b, "SELECT count (*) FROM audit_log WHERE action = 'restore'"
                                                 " AND after ->> 'file' = '%s'", backup_file), ==, 1);

  /* it sells: not a seat sold before the backup, another one yes */
  {
    g_autofree char *token = ts_test_process_sign_in (b, "UTH", "boxoffice", "boxoffice-password");
    g_autofree char *again = order_body (&sale, "after-restore-again", sale.seats[0]);
    g_autofree char *fresh = order_body (&sale, "after-restore-fresh", sale.seats[SEATS - 1]);
    g_autoptr(JsonNode) refused = NULL;

    g_assert_cmpuint (ts_test_process_http (b, "POST", "/api/v1/orders", token, again, &refused), ==, 409);
    g_assert_cmpuint (ts_test_process_http (b, "POST", "/api/v1/orders", token, fresh, NULL), ==, 201);
    ts_test_assert_ledgers_at (ts_test_process_get_owner_conninfo (b));
  }

  /* A database that holds data is never restored over: refused, unchanged */
  {
    const char *over[] = { "--data-dir", a_dir, "--restore", backup_file, NULL };
    g_autofree char *refusal = NULL;
    gint64 orders = ts_test_process_owner_int (a, "SELECT count (*) FROM ticket_order");

    g_assert_cmpint (ts_test_process_run (over, &refusal), ==, 1);
    g_assert_nonnull (strstr (refusal, "is not empty"));
    g_assert_nonnull (strstr (refusal, "Nothing was changed"));
    g_assert_cmpint (ts_test_process_owner_int (a, "SELECT count (*) FROM ticket_order"), ==, orders);
    g_assert_cmpint (ts_test_process_owner_int (a, "SELECT count (*) FROM audit_log WHERE action = 'restore'"), ==, 0);
  }

  /* A backup to where it cannot be written fails, and says where */
  {
    const char *nowhere[] = { "--data-dir", a_dir, "--backup", "/nonexistent-tessera-dir/backup.dump", NULL };
    g_autofree char *refusal = NULL;

    g_assert_cmpint (ts_test_process_run (nowhere, &refusal), ==, 1);
    g_assert_nonnull (strstr (refusal, "Cannot write the backup to /nonexistent-tessera-dir/backup.dump"));
  }

  ts_test_process_stop (b);
  ts_test_process_stop (a);
  sale_clear (&sale);
}

static void
run_or_die (const char * const *argv)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A copy cut short, a file that is no backup: refused before anything is
 * made; no database to back up, or one that is another account's, is said
 * so. */
static void
test_damaged_files (void)
{
  g_autofree char *c_dir = g_build_filename (base_dir, "c", NULL);
  g_autofree char *c_pgdata = g_build_filename (c_dir, "pgdata", NULL);
  g_autofree char *cut = g_build_filename (base_dir, "cut.dump", NULL);
  g_autofree char *junk = g_build_filename (base_dir, "junk.dump", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  struct { const char *file; const char *says; } cases[] = {
    { cut, "damaged" },
    { junk, "is not a backup made by tessera-server --backup" },
  };

  /* a failure, not a skip: a missing backup is /backup/under-load's failure */
  if (!g_file_test (backup_file, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: /backup/damaged-files damages the backup /backup/under-load makes (run both)", backup_file);
  g_assert_true (g_file_get_contents (backup_file, &contents, &length, &error));
  /* a copy cut short, in its data: its table of contents reads, its data not */
  g_assert_true (g_file_set_contents (cut, contents, length * 2 / 3, &error));
  g_assert_true (g_file_set_contents (junk, "PGDMP? no: a shopping list\n", -1, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *restore[] = { "--data-dir", c_dir, "--restore", cases[i].file, NULL };
      g_autofree char *refusal = NULL;

      g_assert_cmpint (ts_test_process_run (restore, &refusal), ==, 1);
      if (strstr (refusal, cases[i].says) == NULL)
        g_error ("restoring %s said “%s”, not “%s”", cases[i].file, refusal, cases[i].says);
      g_assert_false (g_file_test (c_pgdata, G_FILE_TEST_EXISTS));
    }

  /* as root, the state directory of an installed server (its own
   * account's) is left to that account */
  if (geteuid () == 0)
    {
      g_autofree char *f_dir = g_build_filename (base_dir, "f", NULL);
      const char *chown_argv[] = { "chown", "nobody", f_dir, NULL };
      const char *backup[] = { "--data-dir", f_dir, "--backup", cut, NULL };
      g_autofree char *refusal = NULL;
      struct stat after;

      g_assert_cmpint (g_mkdir (f_dir, 0700), ==, 0);
      run_or_die (chown_argv);
      g_assert_cmpint (ts_test_process_run (backup, &refusal), ==, 1);
      g_assert_nonnull (strstr (refusal, "belongs to the account nobody"));
      g_assert_nonnull (strstr (refusal, "runuser -u nobody -- tessera-server"));
      g_assert_cmpint (g_stat (f_dir, &after), ==, 0);
      g_assert_cmpint (after.st_mode & 0777, ==, 0700);
    }

  {
    const char *nothing[] = { "--data-dir", c_dir, "--backup", cut, NULL };
    g_autofree char *refusal = NULL;

    g_assert_cmpint (ts_test_process_run (nothing, &refusal), ==, 1);
    g_assert_nonnull (strstr (refusal, "There is no embedded database in"));
  }
}

/* Waits (30 s at most) until the WAL segment is in the archive. */
static void
wait_for_archived (const char *archive,
                   const char *segment)
{
  g_autofree char *archived = g_build_filename (archive, segment, NULL);
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_file_test (archived, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > end)
        g_error ("%s was not archived into %s within 30 s", segment, archive);
      g_usleep (50 * 1000);
    }
}

/* Point-in-time recovery of the embedded cluster, as the operator's guide
 * says it: with wal-archive-dir the cluster archives each finished WAL
 * segment; a base backup (pg_basebackup through its socket), the archive
 * and a target time in its settings bring it back to that moment — the
 * server, started on it, waits for the recovery and serves what was
 * committed before the target and nothing after. */
static void
test_point_in_time (void)
{
  g_autofree char *d_dir = g_build_filename (base_dir, "d", NULL);
  g_autofree char *pgdata = g_build_filename (d_dir, "pgdata", NULL);
  g_autofree char *broken = g_build_filename (d_dir, "pgdata.broken", NULL);
  g_autofree char *base = g_build_filename (base_dir, "base-backup", NULL);
  g_autofree char *socket_dir = g_build_filename (d_dir, "run", NULL);
  g_autofree char *archive = g_build_filename (base_dir, "wal-archive", NULL);
  g_autofree char *config = g_build_filename (base_dir, "archiving.ini", NULL);
  g_autofree char *settings = g_strdup_printf ("[database]\nwal-archive-dir=%s\n", archive);
  g_autofree char *bindir = ts_pg_cluster_find_bindir ();
  g_autofree char *pg_basebackup = g_build_filename (bindir, "pg_basebackup", NULL);
  g_autoptr(TsTestProcess) d = ts_test_process_new (d_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *target = NULL;
  g_autofree char *output = NULL;
  const char *extra[] = { "--config", config, NULL };
  const char *owner;

  g_assert_true (g_file_set_contents (config, settings, -1, &error));
  ts_test_process_start (d, extra);
  owner = ts_test_process_get_owner_conninfo (d);
  {
    g_autofree char *mode = ts_test_sql_at (ts_test_process_get_admin_conninfo (d), "SHOW archive_mode");

    g_assert_cmpstr (mode, ==, "on");
  }
  {
    const char *argv[] = { pg_basebackup, "--host", socket_dir, "--username", "tessera_admin", "--pgdata", base,
                           "--wal-method=none", "--checkpoint=fast", "--no-sync", NULL };

    run_or_die (argv);
  }
  g_free (ts_test_sql_at (owner, "INSERT INTO patron (first_name, last_name) VALUES ('Before', 'Target')"));
  target = ts_test_sql_at (owner, "SELECT now ()");
  g_free (ts_test_sql_at (owner, "INSERT INTO patron (first_name, last_name) VALUES ('After', 'Target')"));
  segment = ts_test_sql_at (ts_test_process_get_admin_conninfo (d), "SELECT pg_walfile_name (pg_switch_wal ())");
  wait_for_archived (archive, segment);
  ts_test_process_stop (d);

  /* the data directory is lost; the base backup takes its place */
  g_assert_cmpint (g_rename (pgdata, broken), ==, 0);
  g_assert_cmpint (g_rename (base, pgdata), ==, 0);
  {
    g_autofree char *signal_file = g_build_filename (pgdata, "recovery.signal", NULL);
    g_autofree char *auto_conf = g_build_filename (pgdata, "postgresql.auto.conf", NULL);
    g_autofree char *was = NULL;
    g_autofree char *recovery = NULL;

    g_assert_true (g_file_get_contents (auto_conf, &was, NULL, &error));
    recovery = g_strdup_printf ("%srestore_command = 'cp %s/%%f %%p'\nrecovery_target_time = '%s'\n"
                                "recovery_target_action = 'promote'\n", was, archive, target);
    g_assert_true (g_file_set_contents (auto_conf, recovery, -1, &error));
    g_assert_true (g_file_set_contents (signal_file, "", 0, &error));
    g_assert_no_error (error);
    if (geteuid () == 0)
      {
        const char *argv[] = { "chown", "-R", "postgres:postgres", pgdata, NULL };

        run_or_die (argv);
      }
  }
  ts_test_process_start (d, extra);
  output = ts_test_process_dup_output (d);
  g_assert_nonnull (strstr (output, "has recovered to its target"));
  g_assert_cmpint (ts_test_process_owner_int (d, "SELECT count (*) FROM patron WHERE first_name = 'Before'"), ==, 1);
  g_assert_cmpint (ts_test_process_owner_int (d, "SELECT count (*) FROM patron WHERE first_name = 'After'"), ==, 0);
  g_assert_cmpint (ts_test_process_owner_int (d, "SELECT count (*) FROM pg_stat_activity WHERE pg_is_in_recovery ()"), ==, 0);
  g_assert_cmpuint (ts_test_process_http (d, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);
  ts_test_process_stop (d);
}

/* A database of the administrator's (--database, --owner-database): the
 * backup is made as the owner role, and restored into a new, empty
 * database the administrator made, once; the copy holds what the
 * original held. */
static void
test_external_database (void)
{
  g_autofree char *e_dir = g_build_filename (base_dir, "e", NULL);
  g_autofree char *file = g_build_filename (base_dir, "external.dump", NULL);
  g_autoptr(TsPgCluster) cluster = ts_pg_cluster_new (e_dir, NULL, NULL);
  g_autoptr(TsTestProcess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *copy_app = NULL;
  g_autofree char *copy_owner = NULL;
  g_autofree char *said = NULL;
  g_autofree char *refusal = NULL;
  const char *tables[] = { "outlet", "employee", "patron", "ticket_order", "order_item", "payment", "ledger_entry", NULL };

  ts_pg_cluster_set_durable (cluster, FALSE);
  g_assert_true (ts_pg_cluster_start (cluster, &error));
  g_assert_no_error (error);
  ts_test_watch_cluster (e_dir);
  app = ts_pg_cluster_dup_conninfo (cluster, TS_PG_APP, TS_PG_DATABASE);
  owner = ts_pg_cluster_dup_conninfo (cluster, TS_PG_OWNER, TS_PG_DATABASE);
  admin = ts_pg_cluster_dup_conninfo (cluster, TS_PG_SUPERUSER, "postgres");
  copy_app = ts_pg_cluster_dup_conninfo (cluster, TS_PG_APP, "tessera_copy");
  copy_owner = ts_pg_cluster_dup_conninfo (cluster, TS_PG_OWNER, "tessera_copy");
  /* as README.md has the administrator make a database for the server */
  g_free (ts_test_sql_at (admin, "CREATE DATABASE tessera_copy OWNER tessera_owner ENCODING 'UTF8' TEMPLATE template0"));
  g_free (ts_test_sql_at (admin, "REVOKE ALL ON DATABASE tessera_copy FROM PUBLIC"));
  g_free (ts_test_sql_at (admin, "GRANT CONNECT ON DATABASE tessera_copy TO tessera_app"));

  server = ts_test_process_new (e_dir);
  {
    const char *extra[] = { "--database", app, "--owner-database", owner, "--demo-data", "--demo-season", NULL };

    ts_test_process_start (server, extra);
  }
  {
    const char *backup[] = { "--database", app, "--owner-database", owner, "--backup", file, NULL };

    g_assert_cmpint (ts_test_process_run (backup, &said), ==, 0);
    g_assert_nonnull (strstr (said, "Backed up the database tessera on "));
  }
  {
    const char *restore[] = { "--database", copy_app, "--owner-database", copy_owner, "--restore", file, NULL };

    g_clear_pointer (&said, g_free);
    g_assert_cmpint (ts_test_process_run (restore, &said), ==, 0);
    g_assert_nonnull (strstr (said, "into the database tessera_copy on "));
    g_assert_cmpint (ts_test_process_run (restore, &refusal), ==, 1);
    g_assert_nonnull (strstr (refusal, "the database tessera_copy on "));
    g_assert_nonnull (strstr (refusal, "is not empty"));
  }
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", tables[i]);
      g_autofree char *original = ts_test_sql_at (owner, sql);
      g_autofree char *copied = ts_test_sql_at (copy_owner, sql);

      g_assert_cmpstr (copied, ==, original);
    }
  ts_test_assert_ledgers_at (copy_owner);
  /* the application role reads the copy through row-level security, as it
   * reads the original: it owns nothing there either */
  {
    g_autofree char *owned = ts_test_sql_at (copy_owner, "SELECT count (*) FROM pg_class c JOIN pg_roles r"
                                                         " ON r.oid = c.relowner WHERE r.rolname = 'tessera_app'");
    g_autofree char *seen = ts_test_sql_at (copy_app, "SELECT count (*) FROM ticket_order");

    g_assert_cmpstr (owned, ==, "0");
    g_assert_cmpstr (seen, ==, "0");      /* no outlet in its context: nothing */
  }

  /* the administrator's own pg_restore takes the backup too, without
   * tessera-server (it made the patron table with an empty search_path,
   * which the name keys' function did not survive) */
  {
    g_autofree char *plain_owner = ts_pg_cluster_dup_conninfo (cluster, TS_PG_OWNER, "tessera_plain");
    g_autofree char *pg_restore = g_build_filename (ts_pg_cluster_get_bindir (cluster), "pg_restore", NULL);
    g_autofree char *target = g_strconcat ("--dbname=", plain_owner, NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *patrons = NULL;
    g_autofree char *keyed = NULL;
    int wait_status = 0;
    const char *argv[] = { pg_restore, "--exit-on-error", "--single-transaction", "--no-owner", target, file, NULL };

    g_free (ts_test_sql_at (admin, "CREATE DATABASE tessera_plain OWNER tessera_owner ENCODING 'UTF8' TEMPLATE template0"));
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (wait_status, NULL))
      g_error ("pg_restore failed: %s", err);
    patrons = ts_test_sql_at (plain_owner, "SELECT count (*) FROM patron");
    keyed = ts_test_sql_at (owner, "SELECT count (*) FROM patron");
    g_assert_cmpstr (patrons, ==, keyed);
    ts_test_assert_ledgers_at (plain_owner);
  }
  ts_test_process_stop (server);
  g_assert_true (ts_pg_cluster_stop (cluster, &error));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  base_dir = ts_test_process_make_dir ("tessera-backup");
  backup_file = g_build_filename (base_dir, "tessera.dump", NULL);
  g_test_add_func ("/backup/under-load", test_under_load);
  g_test_add_func ("/backup/damaged-files", test_damaged_files);
  g_test_add_func ("/backup/point-in-time", test_point_in_time);
  g_test_add_func ("/backup/external-database", test_external_database);
  status = g_test_run ();
  ts_test_process_remove_tree (base_dir);
  return status;
}
