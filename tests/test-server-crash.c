/* test-server-crash.c — the tessera-server program and its embedded
 * PostgreSQL killed with SIGKILL: the server adopts and owns again the
 * cluster it left running, restarts a cluster that died, and clients that
 * retry with their idempotency keys lose no order and sell none twice (S2) */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-pg-cluster.h"
#include "ts-test-client.h"

static char *server_path;

/* The real server program, in a process of its own ------------------------- */

typedef struct
{
  char        *base_dir;
  char        *data_dir;     /* --data-dir */
  char        *pgdata;
  char        *owner_conninfo;
  guint        port;         /* fixed, so that clients find it again after a restart */
  char        *url;
  GSubprocess *process;
  GThread     *reader;
  GMutex       lock;
  GString     *output;       /* everything it printed, across restarts */
} Server;

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
server_init (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TsPgCluster) naming = NULL;

  server->base_dir = g_dir_make_tmp ("tessera-crash-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (server->base_dir, 0755);     /* as root, PostgreSQL runs as another account */
  server->data_dir = g_build_filename (server->base_dir, "db", NULL);
  server->pgdata = g_build_filename (server->data_dir, "pgdata", NULL);
  naming = ts_pg_cluster_new (server->data_dir, NULL, NULL);
  server->owner_conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, TS_PG_DATABASE);
  server->port = free_port ();
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  server->output = g_string_new (NULL);
  g_mutex_init (&server->lock);
  ts_test_watch_cluster (server->data_dir);
}

static void
server_clear (Server *server)
{
  const char *argv[] = { "rm", "-rf", server->base_dir, NULL };

  g_assert_null (server->process);
  g_test_message ("what the server said:\n%s", server->output->str);
  if (g_getenv ("TESSERA_TEST_KEEP") == NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (server->base_dir);
  g_free (server->data_dir);
  g_free (server->pgdata);
  g_free (server->owner_conninfo);
  g_free (server->url);
  g_string_free (server->output, TRUE);
  g_mutex_clear (&server->lock);
}

static gpointer
read_output (gpointer data)
{
  Server *server = data;
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
    {
      g_mutex_lock (&server->lock);
      g_string_append_printf (server->output, "%s\n", line);
      g_mutex_unlock (&server->lock);
      g_free (line);
    }
  return NULL;
}

static gboolean
server_said (Server     *server,
             const char *text)
{
  gboolean said;

  g_mutex_lock (&server->lock);
  said = strstr (server->output->str, text) != NULL;
  g_mutex_unlock (&server->lock);
  return said;
}

static guint
times_said (Server     *server,
            const char *text)
{
  guint count = 0;

  g_mutex_lock (&server->lock);
  for (const char *at = server->output->str; (at = strstr (at, text)) != NULL; at += strlen (text))
    count++;
  g_mutex_unlock (&server->lock);
  return count;
}

static void
wait_for_output (Server     *server,
                 const char *text,
                 guint       count,
                 guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (times_said (server, text) < count)
    {
      if (g_get_monotonic_time () > end)
        {
          g_mutex_lock (&server->lock);
          g_error ("The server did not say “%s” (×%u) within %u ms; it said:\n%s",
                   text, count, timeout_ms, server->output->str);
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
}

/* A test that aborts must not leave the server running: it dies with us.
 * (Runs in the child between fork and exec.) */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts it and waits until it listens. */
static void
server_start (Server             *server,
              const char * const *extra)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint listening = times_said (server, "listening on ");

  g_ptr_array_add (argv, g_strdup (server_path));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (server->data_dir));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", server->port));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_assert_null (server->process);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  server->reader = g_thread_new ("server-output", read_output, server);
  wait_for_output (server, "listening on ", listening + 1, 60000);
}

static void
server_reaped (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&server->reader));
}

/* kill -9: no chance to stop anything. */
static void
server_kill (Server *server)
{
  g_subprocess_send_signal (server->process, SIGKILL);
  server_reaped (server);
  g_assert_true (g_subprocess_get_if_signaled (server->process));
  g_clear_object (&server->process);
}

/* SIGTERM: a clean stop, exit status 0. */
static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  server_reaped (server);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
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
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_answer != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      *out_answer = NULL;
      if (g_bytes_get_size (answer) > 0
          && json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
        *out_answer = json_node_ref (json_parser_get_root (parser));
    }
  return soup_message_get_status (msg);
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
  gboolean     answered;
  guint        status;
  GError      *error;
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
seller_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Seller *seller = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &seller->error);

  seller->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  seller->answered = TRUE;
}

static void
seller_send (Seller *seller)
{
  g_autofree char *url = g_strconcat (seller->server->url, "/api/v1/orders", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *auth = g_strconcat ("Bearer ", seller->token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (seller->body, strlen (seller->body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  seller->in_flight = TRUE;
  seller->answered = FALSE;
  soup_session_send_and_read_async (seller->session, msg, G_PRIORITY_DEFAULT, NULL, seller_answered, seller);
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
          if (!seller->answered)
            continue;
          seller->in_flight = FALSE;
          if (seller->error != NULL)
            {
              sale->cut++;
              g_clear_error (&seller->error);
              seller->retry_at_us = now + 100 * 1000;
            }
          else
            {
              sale->count[MIN (seller->status, 599)]++;
              if (seller->status == 201)
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
  g_autofree char *body = g_strdup_printf ("{\"outlet\": \"UTH\", \"login\": \"%s\", \"password\": \"%s\"}",
                                           login, password);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (http (server, "POST", "/api/v1/session", NULL, body, &answer), ==, 201);
  return g_strdup (ts_test_member_string (answer, "token"));
}

static gint64
owner_int (Server     *server,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
owner_int (Server     *server,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  g_autofree char *value = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  value = ts_test_sql_at (server->owner_conninfo, sql);
  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
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
  uth = owner_int (server, "SELECT id FROM outlet WHERE code = 'UTH'");
  sale->seats = g_new0 (char *, SELLERS * ORDERS_EACH + 1);
  for (guint i = 0; i < SELLERS * ORDERS_EACH; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                              " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);

      sale->seats[i] = ts_test_sql_at (server->owner_conninfo, sql);
      g_assert_nonnull (sale->seats[i]);
    }
  event = owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                     ", 'Crash', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  sale->perf = owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                          " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                          " now () + interval '10 days', 40, 40, now () - interval '1 day') RETURNING id", event, uth);
  sale->adult = owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT
                           ", 'Adult', 3500) RETURNING id", uth);
  owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
             ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, sale->adult, sale->perf);
  sale->patron = owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES"
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
  g_assert_cmpint (owner_int (&server, "SELECT count (*) FROM ticket_order WHERE idempotency_key LIKE 'crash-sale-%%'"), ==, total);
  g_assert_cmpint (owner_int (&server, "SELECT count (DISTINCT idempotency_key) FROM ticket_order"
                              " WHERE idempotency_key LIKE 'crash-sale-%%'"), ==, total);
  g_assert_cmpint (owner_int (&server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                              " AND status = 'sold'", sale.perf), ==, total);
  g_assert_cmpint (owner_int (&server, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, sale.perf), ==, total);
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

  server_path = g_strdup (g_getenv ("TESSERA_SERVER"));
  if (server_path == NULL)
    g_error ("TESSERA_SERVER must name the tessera-server program");

  g_test_add_func ("/crash/owns-cluster-after-own-crash", test_owns_cluster_after_own_crash);
  g_test_add_func ("/crash/stale-postmaster-pid", test_stale_postmaster_pid);
  g_test_add_func ("/crash/restarts-dead-cluster", test_restarts_dead_cluster);
  g_test_add_func ("/crash/killed-mid-sale", test_killed_mid_sale);

  return g_test_run ();
}
