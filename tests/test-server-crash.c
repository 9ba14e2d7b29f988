/* test-server-crash.c — the tessera-server program and its embedded
 * PostgreSQL killed with SIGKILL: the server adopts and owns again the
 * cluster it left running, restarts a cluster that died, and clients that
 * retry with their idempotency keys lose no order and sell none twice (S2) */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-test-client.h"
#include "ts-test-process.h"

/* The real server program, in a process of its own ------------------------- */

typedef struct
{
  char          *base_dir;
  char          *data_dir;     /* --data-dir */
  char          *pgdata;
  const char    *owner_conninfo;
  const char    *url;          /* a fixed port, so that clients find it again after a restart */
  TsTestProcess *process;
} Server;

static void
server_init (Server *server)
{
  server->base_dir = ts_test_process_make_dir ("tessera-crash");
  server->data_dir = g_build_filename (server->base_dir, "db", NULL);
  server->pgdata = g_build_filename (server->data_dir, "pgdata", NULL);
  server->process = ts_test_process_new (server->data_dir);
  server->owner_conninfo = ts_test_process_get_owner_conninfo (server->process);
  server->url = ts_test_process_get_url (server->process);
}

static void
server_clear (Server *server)
{
  g_autofree char *said = ts_test_process_dup_output (server->process);

  g_test_message ("what the server said:\n%s", said);
  g_clear_pointer (&server->process, ts_test_process_free);
  ts_test_process_remove_tree (server->base_dir);
  g_free (server->base_dir);
  g_free (server->data_dir);
  g_free (server->pgdata);
}

static gboolean
server_said (Server     *server,
             const char *text)
{
  return ts_test_process_times_said (server->process, text) > 0;
}

static void
wait_for_output (Server     *server,
                 const char *text,
                 guint       count,
                 guint       timeout_ms)
{
  ts_test_process_wait_for_output (server->process, text, count, timeout_ms);
}

/* Starts it and waits until it listens. */
static void
server_start (Server             *server,
              const char * const *extra)
{
  ts_test_process_start (server->process, extra);
}

/* kill -9: no chance to stop anything. */
static void
server_kill (Server *server)
{
  ts_test_process_kill (server->process);
}

/* SIGTERM: a clean stop, exit status 0. */
static void
server_stop (Server *server)
{
  ts_test_process_stop (server->process);
}

static GPid
postmaster_pid (Server *server)
{
  g_autofree char *path = g_build_filename (server->pgdata, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  return (GPid) g_ascii_strtoll (contents, NULL, 10);
}

/* Any process at work in the data directory: the postmaster and every
 * PostgreSQL process it started work there. */
static guint
postgres_processes (Server *server)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *pgdata = realpath (server->pgdata, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (pgdata);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *cwd_link = g_build_filename ("/proc", name, "cwd", NULL);
      g_autofree char *cwd = NULL;

      if (!g_ascii_isdigit (name[0]))
        continue;
      cwd = g_file_read_link (cwd_link, NULL);
      if (cwd != NULL && g_str_equal (cwd, pgdata))
        {
          g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
          g_autofree char *cmdline = NULL;

          g_file_get_contents (cmdline_path, &cmdline, NULL, NULL);
          g_test_message ("at work in %s: pid %s, %s", pgdata, name, cmdline ? cmdline : "?");
          count++;
        }
    }
  return count;
}

static gboolean
process_alive (GPid pid)
{
  g_autofree char *cwd_link = g_strdup_printf ("/proc/%d/cwd", (int) pid);
  g_autofree char *cwd = g_file_read_link (cwd_link, NULL);

  return cwd != NULL;         /* a zombie has none */
}

/* pg_ctl stop returns once postmaster.pid is gone, a moment before the
 * postmaster's process has ended: give it that moment. */
static void
assert_no_postgres_left (Server *server,
                         GPid    pid)
{
  for (int i = 0; i < 100 && (process_alive (pid) || postgres_processes (server) > 0); i++)
    g_usleep (50 * 1000);
  g_assert_false (process_alive (pid));
  g_assert_cmpint (postmaster_pid (server), ==, 0);
  g_assert_cmpuint (postgres_processes (server), ==, 0);
}

static guint
http (Server     *server,
      const char *method,
      const char *path,
      const char *token,
      const char *body,
      JsonNode  **out_answer)
{
  return ts_test_process_http (server->process, method, path, token, body, out_answer);
}

/* The tests ------------------------------------------------------------------ */

/* A server killed with SIGKILL leaves its PostgreSQL running.  The next
 * one adopts it, and owns it like one it started: SIGTERM stops it, and no
 * PostgreSQL is left working in the data directory. */
static void
test_owns_cluster_after_own_crash (void)
{
  Server server = { 0 };
  GPid pid;

  server_init (&server);
  server_start (&server, NULL);
  g_assert_cmpuint (http (&server, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);
  pid = postmaster_pid (&server);
  g_assert_cmpint (pid, >, 0);

  server_kill (&server);
  g_assert_true (process_alive (pid));            /* an orphan now */

  server_start (&server, NULL);
  g_assert_true (server_said (&server, "Adopting the embedded PostgreSQL"));
  g_assert_cmpint (postmaster_pid (&server), ==, pid);
  g_assert_cmpuint (http (&server, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);

  server_stop (&server);
  assert_no_postgres_left (&server, pid);
  server_clear (&server);
}

/* A postmaster.pid naming a pid that is now another program (here: this
 * test) is stale: the server neither adopts that program nor signals it on
 * stop, and PostgreSQL starts. */
static void
test_stale_postmaster_pid (void)
{
  Server server = { 0 };
  g_autofree char *pid_file = NULL;
  g_autofree char *run_dir = NULL;
  g_autofree char *fake = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  server_init (&server);
  server_start (&server, NULL);
  server_stop (&server);

  pid_file = g_build_filename (server.pgdata, "postmaster.pid", NULL);
  run_dir = g_build_filename (server.data_dir, "run", NULL);
  fake = g_strdup_printf ("%d\n%s\n1700000000\n5432\n%s\n\n", (int) getpid (), server.pgdata, run_dir);
  g_assert_true (g_file_set_contents (pid_file, fake, -1, &error));

  server_start (&server, NULL);
  g_assert_true (server_said (&server, "Removing the stale"));
  g_assert_false (server_said (&server, "Adopting"));
  g_assert_cmpint (postmaster_pid (&server), !=, getpid ());
  pid = postmaster_pid (&server);
  g_assert_cmpuint (http (&server, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);
  server_stop (&server);
  assert_no_postgres_left (&server, pid);
  server_clear (&server);
}

/* Polls GET /health until it answers 200 after having answered 503; every
 * answer meanwhile is one or the other.  Answers how many 503s there were. */
static guint
health_through_outage (Server *server)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint unavailable = 0;

  for (;;)
    {
      g_autoptr(JsonNode) answer = NULL;
      guint status = http (server, "GET", "/api/v1/health", NULL, NULL, &answer);

      if (status == 200 && unavailable > 0)
        return unavailable;
      if (status == 503)
        {
          unavailable++;
          g_assert_cmpstr (ts_test_error_code (answer), ==, "unavailable");
          g_assert_null (strstr (ts_test_error_message (answer), server->base_dir));
        }
      else
        g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50 * 1000);
    }
}

/* The embedded PostgreSQL dies (kill -9 of the postmaster): the server
 * notices, says so in its log, starts it again, and meanwhile answers 503
 * `unavailable`, then 200, without being restarted itself.  When it dies
 * again soon after, the server waits a little before the next start. */
static void
test_restarts_dead_cluster (void)
{
  Server server = { 0 };
  GPid first, second, third;

  server_init (&server);
  server_start (&server, NULL);
  g_assert_cmpuint (http (&server, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);
  first = postmaster_pid (&server);
  g_assert_cmpint (first, >, 0);

  g_assert_cmpint (kill (first, SIGKILL), ==, 0);
  g_assert_cmpuint (health_through_outage (&server), >, 0);
  wait_for_output (&server, "The embedded PostgreSQL in", 1, 10000);
  g_assert_true (server_said (&server, "is not running (killed, crashed or stopped by hand)"));
  wait_for_output (&server, "The embedded PostgreSQL is running again", 1, 10000);
  /* the pool's own account of the outage */
  g_assert_true (server_said (&server, "The database is unavailable ("));
  wait_for_output (&server, "The database is available again", 1, 10000);
  second = postmaster_pid (&server);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (second, !=, first);

  /* again, at once: back-off */
  g_assert_cmpint (kill (second, SIGKILL), ==, 0);
  g_assert_cmpuint (health_through_outage (&server), >, 0);
  wait_for_output (&server, "The embedded PostgreSQL is running again", 2, 10000);
  g_assert_true (server_said (&server, "after a pause"));
  third = postmaster_pid (&server);
  g_assert_cmpint (third, >, 0);
  g_assert_cmpint (third, !=, second);

  server_stop (&server);
  assert_no_postgres_left (&server, third);
  server_clear (&server);
}

/* Selling while the server is killed ----------------------------------------- */

#define SELLERS          4
#define ORDERS_EACH      10
#define KILLS            4

typedef struct
{
  Server      *server;
  SoupSession *session;
  const char  *token;
  guint        index;
  guint        sold;           /* orders answered 201 */
  char        *key;            /* the order being submitted, until it is answered 201 */
  char        *body;
  gboolean     in_flight;
  TsTestAnswer answer;
  gint64       retry_at_us;
} Seller;

typedef struct
{
  gint64   perf;
  gint64   adult;
  gint64   patron;
  char   **seats;
  guint    count[600];         /* answers by status */
  guint    cut;                /* requests that got no answer: the server was killed */
} Sale;

static void
seller_send (Seller *seller)
{
  seller->in_flight = TRUE;
  ts_test_process_post_async (seller->server->process, seller->session, "/api/v1/orders", seller->token,
                              seller->body, &seller->answer);
}

/* One round for every seller: an answer is counted; 201 moves on to the
 * next order; 503, or no answer at all, retries the same order with the
 * same key a little later, as a client should (S2). */
static void
sale_step (Sale   *sale,
           Seller *sellers)
{
  gint64 now = g_get_monotonic_time ();

  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < SELLERS; i++)
    {
      Seller *seller = &sellers[i];

      if (seller->in_flight)
        {
          if (!seller->answer.answered)
            continue;
          seller->in_flight = FALSE;
          if (seller->answer.error != NULL)
            {
              sale->cut++;
              g_clear_error (&seller->answer.error);
              seller->retry_at_us = now + 100 * 1000;
            }
          else
            {
              sale->count[MIN (seller->answer.status, 599)]++;
              if (seller->answer.status == 201)
                {
                  seller->sold++;
                  g_clear_pointer (&seller->key, g_free);
                }
              else
                seller->retry_at_us = now + 100 * 1000;
            }
          continue;
        }
      if (seller->sold == ORDERS_EACH || now < seller->retry_at_us)
        continue;
      if (seller->key == NULL)
        {
          guint seat = seller->sold * SELLERS + seller->index;

          g_free (seller->body);
          seller->key = g_strdup_printf ("crash-sale-%u-%u", seller->index, seller->sold);
          seller->body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                          seller->key, sale->patron, sale->perf, sale->seats[seat], sale->adult);
        }
      seller_send (seller);
    }
}

static guint
sold (Seller *sellers)
{
  guint total = 0;

  for (guint i = 0; i < SELLERS; i++)
    total += sellers[i].sold;
  return total;
}

static char *
sign_in (Server     *server,
         const char *login,
         const char *password)
{
  return ts_test_process_sign_in (server->process, "UTH", login, password);
}

/* A performance of 40 seats on sale at UTH's box office. */
static void
set_up_sale (Server *server,
             Sale   *sale)
{
  g_autofree char *manager = sign_in (server, "manager", "manager-password");
  g_autoptr(JsonNode) created = NULL;
  gint64 uth, map_id, event;

  g_assert_cmpuint (http (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Crash Hall\", \"size\": {\"width\": 600, \"height\": 200},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 20,"
      "   \"x\": 20, \"y\": 20, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}",
      &created), ==, 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  uth = ts_test_process_owner_int (server->process, "SELECT id FROM outlet WHERE code = 'UTH'");
  sale->seats = g_new0 (char *, SELLERS * ORDERS_EACH + 1);
  for (guint i = 0; i < SELLERS * ORDERS_EACH; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                              " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);

      sale->seats[i] = ts_test_sql_at (server->owner_conninfo, sql);
      g_assert_nonnull (sale->seats[i]);
    }
  event = ts_test_process_owner_int (server->process, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                     ", 'Crash', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  sale->perf = ts_test_process_owner_int (server->process, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                          " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                          " now () + interval '10 days', 40, 40, now () - interval '1 day') RETURNING id", event, uth);
  sale->adult = ts_test_process_owner_int (server->process, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT
                           ", 'Adult', 3500) RETURNING id", uth);
  ts_test_process_owner_int (server->process, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
             ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, sale->adult, sale->perf);
  sale->patron = ts_test_process_owner_int (server->process, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES"
                            " ('Ada', 'Lovelace', %" G_GINT64_FORMAT ") RETURNING id", uth);
}

/* Four agents sell forty seats, one order at a time, while the server is
 * killed with SIGKILL four times and started again.  They retry what got no
 * answer (or a 503) with the same idempotency key: no order is lost, none is
 * recorded twice, every seat is sold once, and the ledgers balance (S2, A1,
 * A2). */
static void
test_killed_mid_sale (void)
{
  const char *demo[] = { "--demo-data", NULL };
  Server server = { 0 };
  Sale sale = { 0 };
  Seller sellers[SELLERS] = { { 0 } };
  g_autofree char *token = NULL;
  guint total = SELLERS * ORDERS_EACH;
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  server_init (&server);
  server_start (&server, demo);
  set_up_sale (&server, &sale);
  token = sign_in (&server, "boxoffice", "boxoffice-password");
  for (guint i = 0; i < SELLERS; i++)
    {
      sellers[i].server = &server;
      sellers[i].token = token;
      sellers[i].index = i;
      sellers[i].session = soup_session_new_with_options ("timeout", 30, NULL);
    }

  for (guint kill = 1; kill <= KILLS; kill++)
    {
      /* sell a while, then kill it with orders in flight */
      while (sold (sellers) < kill * total / (KILLS + 1))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          sale_step (&sale, sellers);
          g_usleep (1000);
        }
      sale_step (&sale, sellers);
      server_kill (&server);
      /* the agents meet a closed port meanwhile, and keep trying */
      server_start (&server, demo);
    }
  while (sold (sellers) < total)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      sale_step (&sale, sellers);
      g_usleep (1000);
    }
  g_test_message ("answers: %u × 201, %u × 503, %u cut by a kill", sale.count[201], sale.count[503], sale.cut);

  for (guint status = 0; status < G_N_ELEMENTS (sale.count); status++)
    if (status != 201 && status != 503)
      g_assert_cmpuint (sale.count[status], ==, 0);
  g_assert_cmpuint (sale.count[201], ==, total);
  g_assert_cmpuint (sale.cut, >, 0);
  /* every order once: none lost, none twice */
  g_assert_cmpint (ts_test_process_owner_int (server.process, "SELECT count (*) FROM ticket_order WHERE idempotency_key LIKE 'crash-sale-%%'"), ==, total);
  g_assert_cmpint (ts_test_process_owner_int (server.process, "SELECT count (DISTINCT idempotency_key) FROM ticket_order"
                              " WHERE idempotency_key LIKE 'crash-sale-%%'"), ==, total);
  g_assert_cmpint (ts_test_process_owner_int (server.process, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                              " AND status = 'sold'", sale.perf), ==, total);
  g_assert_cmpint (ts_test_process_owner_int (server.process, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, sale.perf), ==, total);
  ts_test_assert_ledgers_at (server.owner_conninfo);

  {
    GPid pid = postmaster_pid (&server);

    server_stop (&server);
    assert_no_postgres_left (&server, pid);
  }
  for (guint i = 0; i < SELLERS; i++)
    {
      g_clear_object (&sellers[i].session);
      g_free (sellers[i].key);
      g_free (sellers[i].body);
    }
  g_strfreev (sale.seats);
  server_clear (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("TESSERA_SERVER") == NULL)
    g_error ("TESSERA_SERVER must name the tessera-server program");

  g_test_add_func ("/crash/owns-cluster-after-own-crash", test_owns_cluster_after_own_crash);
  g_test_add_func ("/crash/stale-postmaster-pid", test_stale_postmaster_pid);
  g_test_add_func ("/crash/restarts-dead-cluster", test_restarts_dead_cluster);
  g_test_add_func ("/crash/killed-mid-sale", test_killed_mid_sale);

  return g_test_run ();
}
