/* test-server-faults.c — the database goes away under a running server: every
 * request answers 503 `unavailable` (never 500, never libpq's words), a lost
 * COMMIT says its outcome is unknown, and all is well again when it comes
 * back, orders included (S2) */
#include <signal.h>
#include <string.h>

#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-test-client.h"

static TsTestServer *server;
static char *uth_boxoffice;
static gint64 perf, adult, patron;
static char **seats;                /* guids of the performance's seats, in order */
static guint next_seat;             /* the next one no test has sold */
static guint sweeper_failures;

/* An outage is expected here: the server says so in its log, and those
 * warnings must not abort the test.  Any other warning (a 500 among them)
 * still does.  GLib resets the handler before each test case. */
static gboolean
outage_warnings_are_expected (const char     *log_domain,
                              GLogLevelFlags  log_level,
                              const char     *message,
                              gpointer        user_data)
{
  if (strstr (message, "Releasing expired carts failed") != NULL)
    {
      sweeper_failures++;
      return FALSE;
    }
  return !(strstr (message, "database is unavailable") != NULL
           || strstr (message, "outcome is unknown") != NULL);
}

static void
expect_outage (void)
{
  g_test_log_set_fatal_handler (outage_warnings_are_expected, NULL);
}

/* What a person (or an attacker) may read in a refusal: no path of the
 * server's machine, nothing of libpq's own text. */
static void
assert_unavailable (JsonNode *answer)
{
  const char *message = ts_test_error_message (answer);

  g_assert_cmpstr (ts_test_error_code (answer), ==, "unavailable");
  g_assert_null (strstr (message, "/tmp"));
  g_assert_null (strstr (message, ".s.PGSQL"));
  g_assert_null (strstr (message, "socket"));
  g_assert_null (strstr (message, "connection to server"));
  g_assert_null (strstr (message, "server closed"));
  g_assert_null (strstr (message, "terminating"));
  g_assert_null (strstr (message, "FATAL"));
}

static void
expect_unavailable (const char *method,
                    const char *path,
                    const char *token,
                    const char *body)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, method, path, token, body, 503);

  assert_unavailable (answer);
}

static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer  data,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
  return TRUE;
}

static PGconn *
connect_as (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("test connection: %s", PQerrorMessage (conn));
  return conn;
}

static char *
query (PGconn     *conn,
       const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}

/* Requests sent without waiting for the answer ------------------------------ */

typedef struct
{
  guint     status;
  JsonNode *answer;
  GError   *error;
  gboolean  done;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->answer, json_node_unref);
  g_clear_error (&reply->error);
  reply->done = FALSE;
  reply->status = 0;
}

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  Reply *reply = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  reply->status = soup_message_get_status (msg);
  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
        reply->answer = json_node_ref (json_parser_get_root (parser));
    }
  reply->done = TRUE;
}

static void
send_async (SoupSession *session,
            const char  *method,
            const char  *path,
            const char  *token,
            const char  *body,
            Reply       *reply)
{
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);

  reply_clear (reply);
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
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent, reply);
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

/* The pid of the server's backend that waits on a lock, once there is one. */
typedef struct
{
  PGconn *app;
  char   *pid;
} Waiter;

static gboolean
backend_waits (gpointer data)
{
  Waiter *waiter = data;

  g_free (waiter->pid);
  waiter->pid = query (waiter->app, "SELECT pid FROM pg_stat_activity WHERE application_name = 'tessera-server'"
                                    " AND wait_event_type = 'Lock' LIMIT 1");
  return waiter->pid != NULL;
}

/* Kills (or only cancels the statement of) the server's connection while
 * it waits on a lock the test holds; answers its pid. */
static char *
signal_waiting_backend (const char *function)
{
  g_autoptr(PGconn) app = connect_as (ts_test_server_get_app_conninfo (server));
  Waiter waiter = { app, NULL };
  g_autofree char *sql = NULL;
  g_autofree char *done = NULL;

  /* The application role may signal its own backends. */
  g_assert_true (wait_until (backend_waits, &waiter, 10000));
  sql = g_strdup_printf ("SELECT %s (%s)", function, waiter.pid);
  done = query (app, sql);
  g_assert_cmpstr (done, ==, "t");
  return waiter.pid;
}

static void
terminate_waiting_backend (void)
{
  g_free (signal_waiting_backend ("pg_terminate_backend"));
}

static char *
order_body (const char *key,
            const char *seat)
{
  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                          key, patron, perf, seat, adult);
}

static gint64
orders_with_key (const char *key)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE idempotency_key = '%s'", key);
}

/* The tests ------------------------------------------------------------------ */

/* api.md: the database is unreachable → 503 `unavailable`, on every pooled
 * connection and on the first request of each; then all is well again
 * without restarting the server. */
static void
check_outage (int how)      /* 0: pg_ctl stop -m fast, else the signal */
{
  guint pool = ts_db_get_size (ts_server_get_db (ts_test_server_get_server (server)));

  expect_outage ();
  /* every pooled connection is connected and idle */
  for (guint i = 0; i < 2 * pool; i++)
    json_node_unref (ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200));

  if (how != 0)
    ts_test_server_kill_database (server, how);
  else
    ts_test_server_stop_database (server);
  /* each idle connection finds out on its first use, then reconnecting fails */
  for (guint i = 0; i < 2 * pool; i++)
    {
      expect_unavailable ("GET", "/api/v1/health", NULL, NULL);
      expect_unavailable ("GET", "/api/v1/outlets/directory", NULL, NULL);
      expect_unavailable ("GET", "/api/v1/session", uth_boxoffice, NULL);
    }

  ts_test_server_start_database (server);
  for (guint i = 0; i < 2 * pool; i++)
    {
      json_node_unref (ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200));
      /* sessions live in the database: the agent is still signed in */
      json_node_unref (ts_test_expect (server, "GET", "/api/v1/session", uth_boxoffice, NULL, 200));
    }
}

static void
test_stopped_is_503 (void)
{
  check_outage (0);
}

static void
test_crashed_is_503 (void)
{
  check_outage (SIGKILL);
}

/* An immediate shutdown leaves libpq without an SQLSTATE (and still
 * CONNECTION_OK after the failed write): that was a 500 `internal`. */
static void
test_immediate_shutdown_is_503 (void)
{
  check_outage (SIGQUIT);
}

/* The connection dies while a statement runs: 503, and the next request
 * gets a new connection. */
static void
test_lost_mid_query (void)
{
  g_autoptr(PGconn) owner = connect_as (ts_test_server_get_owner_conninfo (server));
  g_autoptr(SoupSession) session = soup_session_new ();
  Reply reply = { 0 };

  expect_outage ();
  g_free (query (owner, "BEGIN; LOCK TABLE outlet IN ACCESS EXCLUSIVE MODE"));
  send_async (session, "GET", "/api/v1/outlets/directory", NULL, NULL, &reply);
  terminate_waiting_backend ();
  g_assert_true (wait_until (reply_done, &reply, 10000));
  g_free (query (owner, "ROLLBACK"));

  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 503);
  assert_unavailable (reply.answer);
  json_node_unref (ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200));
  reply_clear (&reply);
}

/* A statement cancelled (a timeout, an administrator's pg_cancel_backend)
 * is no outage: the answer is a 503 to retry, the connection stays in the
 * pool, and the log has no outage in it (the fatal log handler is the
 * default here: such a warning would fail the test). */
static void
test_cancelled_is_no_outage (void)
{
  g_autoptr(PGconn) owner = connect_as (ts_test_server_get_owner_conninfo (server));
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *pid = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *still = NULL;
  Reply reply = { 0 };

  g_free (query (owner, "BEGIN; LOCK TABLE outlet IN ACCESS EXCLUSIVE MODE"));
  send_async (session, "GET", "/api/v1/outlets/directory", NULL, NULL, &reply);
  pid = signal_waiting_backend ("pg_cancel_backend");
  g_assert_true (wait_until (reply_done, &reply, 10000));
  g_free (query (owner, "ROLLBACK"));

  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 503);
  assert_unavailable (reply.answer);
  sql = g_strdup_printf ("SELECT count (*) FROM pg_stat_activity WHERE pid = %s", pid);
  still = query (owner, sql);
  g_assert_cmpstr (still, ==, "1");
  json_node_unref (ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200));
  reply_clear (&reply);
}

/* The connection dies during COMMIT: nobody can say whether the order was
 * recorded, and the answer must not pretend it was not.  The same key then
 * sells it exactly once (S2). */
static void
test_lost_at_commit (void)
{
  g_autoptr(PGconn) owner = connect_as (ts_test_server_get_owner_conninfo (server));
  g_autoptr(PGconn) blocker = connect_as (ts_test_server_get_owner_conninfo (server));
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *body = order_body ("faults-commit-1", seats[next_seat++]);
  Reply reply = { 0 };

  expect_outage ();
  /* A deferred check runs inside COMMIT: make it wait for the test. */
  g_free (query (owner,
                 "CREATE FUNCTION test_wait_at_commit () RETURNS trigger LANGUAGE plpgsql"
                 " SECURITY DEFINER AS $$ BEGIN PERFORM pg_advisory_xact_lock (4242); RETURN NULL; END $$;"
                 "GRANT EXECUTE ON FUNCTION test_wait_at_commit () TO tessera_app;"
                 "CREATE CONSTRAINT TRIGGER test_wait_at_commit AFTER INSERT ON ticket_order"
                 " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_wait_at_commit ()"));
  g_free (query (blocker, "SELECT pg_advisory_lock (4242)"));

  send_async (session, "POST", "/api/v1/orders", uth_boxoffice, body, &reply);
  terminate_waiting_backend ();
  g_assert_true (wait_until (reply_done, &reply, 10000));
  g_free (query (owner, "DROP TRIGGER test_wait_at_commit ON ticket_order; DROP FUNCTION test_wait_at_commit ()"));
  PQfinish (g_steal_pointer (&blocker));

  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 503);
  assert_unavailable (reply.answer);
  g_assert_nonnull (strstr (ts_test_error_message (reply.answer), "outcome is unknown"));
  g_assert_nonnull (strstr (ts_test_error_message (reply.answer), "idempotency_key"));

  /* The client does what the message says: the same order, the same key. */
  {
    g_autoptr(JsonNode) first = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
    g_autoptr(JsonNode) again = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (again), "replayed"));
  }
  g_assert_cmpint (orders_with_key ("faults-commit-1"), ==, 1);
  ts_test_assert_ledgers (server);
  reply_clear (&reply);
}

/* A database that accepts the connection and never answers (a host gone
 * behind a firewall) fails the start after the connect timeout; it does not
 * hang it. */
static void
test_connect_timeout (void)
{
  guint port;
  /* the startup packet is never answered */
  g_autoptr(GSocket) listener = ts_test_silent_listener (&port);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsServer) other = NULL;
  TsServerConfig *config = ts_server_config_new ();
  gint64 started;

  config->database = g_strdup_printf ("host=127.0.0.1 port=%u dbname=tessera user=tessera_app", port);
  config->port = 0;
  other = ts_server_new (config);
  started = g_get_monotonic_time ();
  g_assert_false (ts_server_start (other, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "timeout"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);
}

static gboolean
listening (gpointer data)
{
  return ts_live_is_listening (ts_server_get_live (ts_test_server_get_server (server)));
}

static gboolean
sweeper_failed (gpointer data)
{
  return sweeper_failures > GPOINTER_TO_UINT (data);
}

static gboolean
cart_gone (gpointer data)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM cart WHERE id = '%s'", (const char *) data) == 0;
}

/* The live feed's own connection and the cart sweeper outlive the outage. */
static void
test_live_and_sweeper_recover (void)
{
  TsCartSweeper *sweeper = ts_server_get_cart_sweeper (ts_test_server_get_server (server));
  g_autoptr(JsonNode) cart = NULL;
  guint failures = sweeper_failures;

  expect_outage ();
  g_assert_true (wait_until (listening, NULL, 15000));
  cart = ts_test_expect (server, "POST", "/api/v1/carts", uth_boxoffice, "{}", 201);
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id = '%s'",
                      ts_test_member_string (cart, "id"));

  ts_test_server_stop_database (server);
  ts_cart_sweeper_sweep (sweeper);
  g_assert_true (wait_until (sweeper_failed, GUINT_TO_POINTER (failures), 10000));
  g_assert_false (listening (NULL));

  ts_test_server_start_database (server);
  ts_cart_sweeper_sweep (sweeper);
  g_assert_true (wait_until (cart_gone, (gpointer) ts_test_member_string (cart, "id"), 10000));
  /* it reconnects with back-off, at most 10 s apart */
  g_assert_true (wait_until (listening, NULL, 15000));
}

/* Under load ------------------------------------------------------------------ */

#define AGENTS           4
#define ORDERS_PER_AGENT 8

typedef struct
{
  SoupSession *session;
  guint        index;
  guint        sold;           /* orders answered 201 */
  char        *key;            /* the order being submitted */
  char        *body;
  Reply        reply;
  gboolean     in_flight;
  gint64       retry_at_us;    /* after a 503, wait a little */
} Agent;

typedef struct
{
  Agent   agents[AGENTS];
  guint   count[600];          /* answers by status */
  guint   first_seat;
} Load;

static void
agent_next (Agent *agent,
            Load  *load)
{
  const char *seat = seats[load->first_seat + agent->sold * AGENTS + agent->index];

  g_free (agent->key);
  g_free (agent->body);
  agent->key = g_strdup_printf ("faults-load-%u-%u-%u", load->first_seat, agent->index, agent->sold);
  agent->body = order_body (agent->key, seat);
}

/* Advances every agent: an answer is counted, a 201 moves on to the next
 * order, a 503 retries the same order with the same key a little later. */
static void
load_step (Load *load)
{
  gint64 now = g_get_monotonic_time ();

  g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < AGENTS; i++)
    {
      Agent *agent = &load->agents[i];

      if (agent->in_flight)
        {
          if (!agent->reply.done)
            continue;
          agent->in_flight = FALSE;
          g_assert_no_error (agent->reply.error);
          load->count[MIN (agent->reply.status, 599)]++;
          if (agent->reply.status == 201)
            {
              agent->sold++;
              g_clear_pointer (&agent->key, g_free);
            }
          else
            {
              if (agent->reply.status == 503)
                assert_unavailable (agent->reply.answer);
              agent->retry_at_us = now + 50 * 1000;
            }
          reply_clear (&agent->reply);
          continue;
        }
      if (agent->sold == ORDERS_PER_AGENT || now < agent->retry_at_us)
        continue;
      if (agent->key == NULL)
        agent_next (agent, load);
      send_async (agent->session, "POST", "/api/v1/orders", uth_boxoffice, agent->body, &agent->reply);
      agent->in_flight = TRUE;
    }
}

static guint
load_sold (Load *load)
{
  guint sold = 0;

  for (guint i = 0; i < AGENTS; i++)
    sold += load->agents[i].sold;
  return sold;
}

static void
run_load_until (Load  *load,
                guint  sold,
                guint  timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (load_sold (load) < sold)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      load_step (load);
      g_usleep (1000);
    }
}

static void
run_load_for (Load  *load,
              guint  ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      load_step (load);
      g_usleep (1000);
    }
}

/* Agents keep selling while PostgreSQL is stopped, crashes, is shut down
 * at once, and each time started again: they see 201 or 503, never anything else; every order
 * they retried with its key exists exactly once (S2); the ledgers balance
 * (A1, A2). */
static void
test_outage_under_load (void)
{
  Load load = { 0 };
  guint total = AGENTS * ORDERS_PER_AGENT;

  expect_outage ();
  load.first_seat = next_seat;
  g_assert_cmpuint (next_seat + total, <=, g_strv_length (seats));
  next_seat += total;
  for (guint i = 0; i < AGENTS; i++)
    {
      load.agents[i].index = i;
      load.agents[i].session = soup_session_new_with_options ("timeout", 60, NULL);
    }

  run_load_until (&load, total / 4, 30000);
  ts_test_server_stop_database (server);
  run_load_for (&load, 1500);
  ts_test_server_start_database (server);
  run_load_until (&load, total / 2, 30000);
  ts_test_server_kill_database (server, SIGKILL);
  run_load_for (&load, 1500);
  ts_test_server_start_database (server);
  run_load_until (&load, 3 * total / 4, 30000);
  ts_test_server_kill_database (server, SIGQUIT);
  run_load_for (&load, 1500);
  ts_test_server_start_database (server);
  run_load_until (&load, total, 30000);

  g_test_message ("answers: %u × 201, %u × 503", load.count[201], load.count[503]);
  for (guint status = 0; status < G_N_ELEMENTS (load.count); status++)
    if (status != 201 && status != 503)
      g_assert_cmpuint (load.count[status], ==, 0);
  g_assert_cmpuint (load.count[201], ==, total);
  g_assert_cmpuint (load.count[503], >, 0);
  /* no order lost, none twice */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE idempotency_key LIKE 'faults-load-%u-%%'",
                                      load.first_seat), ==, total);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                      " WHERE o.idempotency_key LIKE 'faults-load-%u-%%' AND i.status = 'sold'",
                                      load.first_seat), ==, total);
  ts_test_assert_ledgers (server);

  for (guint i = 0; i < AGENTS; i++)
    {
      g_clear_object (&load.agents[i].session);
      g_free (load.agents[i].key);
      g_free (load.agents[i].body);
      reply_clear (&load.agents[i].reply);
    }
}

/* A performance of 200 seats on sale at UTH's box office. */
static void
set_up_performance (void)
{
  TsTestSale sale = { 0 };

  ts_test_sale_set_up (server, "Faults", 10, 20, &sale);
  perf = sale.performance_id;
  adult = sale.ticket_type_id;
  patron = sale.patron_id;
  seats = g_steal_pointer (&sale.seats);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new_external ();
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  set_up_performance ();

  g_test_add_func ("/faults/stopped-is-503", test_stopped_is_503);
  g_test_add_func ("/faults/crashed-is-503", test_crashed_is_503);
  g_test_add_func ("/faults/immediate-shutdown-is-503", test_immediate_shutdown_is_503);
  g_test_add_func ("/faults/lost-mid-query", test_lost_mid_query);
  g_test_add_func ("/faults/cancelled-is-no-outage", test_cancelled_is_no_outage);
  g_test_add_func ("/faults/lost-at-commit", test_lost_at_commit);
  g_test_add_func ("/faults/connect-timeout", test_connect_timeout);
  g_test_add_func ("/faults/live-and-sweeper-recover", test_live_and_sweeper_recover);
  g_test_add_func ("/faults/outage-under-load", test_outage_under_load);

  status = g_test_run ();
  ts_test_server_free (server);
  g_free (uth_boxoffice);
  g_strfreev (seats);
  return status;
}
