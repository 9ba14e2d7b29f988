/* test-server-standby.c — the database's primary is lost while agents sell
 * and its streaming standby is promoted: two servers given both hosts find
 * the new primary on their own and sell again within seconds; every order an
 * agent was answered 201 for is on the new primary, none twice (S2: agents
 * retry with their idempotency keys, as the client does), and the ledgers
 * balance (A1, A2); the live feeds listen and mail goes out again.  Synchronous replication is what makes "every answered
 * order survives" true (docs/deployment.md). */
#include <string.h>

#include <libsoup/soup.h>

#include "ts-live.h"
#include "ts-pg-cluster.h"
#include "ts-test-client.h"
#include "ts-test-smtp-sink.h"
#include "ts-test-standby.h"

#define SERVERS            2
#define AGENTS_PER_SERVER  2
#define AGENTS             (SERVERS * AGENTS_PER_SERVER)
#define SEATS              200
#define SOLD_BEFORE        20     /* orders answered before the primary is lost */
#define SOLD_AFTER         5      /* by each agent after the promotion */
#define RETRY_MS           50     /* an agent waits this long after a 503 */
#define DEADLINE_S         30     /* a generous bound on the outage, not a timing */

static TsTestStandby *pair;
static TsTestServer *servers[SERVERS];
static TsTestSmtpSink *sink;
static gboolean failed_over;

/* Both servers send mail to the sink. */
static void
setup_mail (TsServerConfig *config,
            gpointer        data)
{
  config->smtp_host = g_strdup ("127.0.0.1");
  config->smtp_port = ts_test_smtp_sink_get_port (sink);
  config->mail_from = g_strdup ("tickets@uth.example.org");
}

/* Queues a message as a storefront step does, and waits for the sink to
 * have n in all; answers how long it took. */
static double
mail_goes_out (guint n)
{
  gint64 queued = g_get_monotonic_time ();

  g_free (ts_test_owner_sqlf (servers[0], "SELECT ts_mail_enqueue ('ada@example.org', 'Standby %u',"
                                          " 'Mail number %u.', 'en')", n, n));
  ts_test_smtp_sink_wait (sink, n, DEADLINE_S);
  return (double) (g_get_monotonic_time () - queued) / G_USEC_PER_SEC;
}

/* The primary's loss is an outage the servers say in their log; those
 * warnings must not abort the test, any other warning still does. */
static gboolean
outage_warnings_are_expected (const char     *log_domain,
                              GLogLevelFlags  log_level,
                              const char     *message,
                              gpointer        user_data)
{
  return !(strstr (message, "database is unavailable") != NULL
           || strstr (message, "outcome is unknown") != NULL
           || strstr (message, "Releasing expired carts failed") != NULL);
}

/* An agent: a box-office seller at one of the servers, one order at a
 * time, each with its own key until it is answered 201. */
typedef struct
{
  TsTestServer *server;
  SoupSession  *session;
  char         *token;
  guint         index;
  char         *key;           /* the order being submitted */
  char         *body;
  gboolean      in_flight;
  gboolean      answered;
  gint64        sent_at;       /* of the request in flight */
  guint         status;
  char         *error_code;
  gboolean      outcome_unknown; /* the 503 said the COMMIT's outcome is unknown */
  gboolean      replayed;      /* the 201 answered a key already sold */
  gint64        retry_at;
  guint         sold;
  guint         sold_after;    /* answered 201 for a request sent after the promotion */
} Agent;

typedef struct
{
  Agent      agents[AGENTS];
  gint64     perf, adult, patron;
  char     **seats;
  guint      next_seat;
  GPtrArray *answered_keys;    /* every key answered 201 */
  guint      count[600];       /* answers by status */
  guint      outcome_unknown;  /* 503s that said so */
  guint      replayed;         /* 201s for a key already sold */
  gint64     killed_at;        /* monotonic; 0 before */
  gint64     promote_asked_at;
  gint64     promoted_at;
  gint64     first_sale_at;    /* the first 201 for a request sent after the kill */
  gboolean   selling;          /* new orders are started */
} Sale;

static void
agent_answered (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Agent *agent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* the servers run on: every request gets an answer */
  g_assert_no_error (error);
  agent->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  g_clear_pointer (&agent->error_code, g_free);
  agent->outcome_unknown = agent->replayed = FALSE;
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    {
      JsonNode *answer = json_parser_get_root (parser);

      if (agent->status >= 400)
        {
          agent->error_code = g_strdup (ts_test_error_code (answer));
          agent->outcome_unknown = strstr (ts_test_error_message (answer), "outcome is unknown") != NULL;
        }
      else
        agent->replayed = json_object_get_boolean_member_with_default (json_node_get_object (answer),
                                                                       "replayed", FALSE);
    }
  agent->answered = TRUE;
}

static void
agent_send (Agent *agent)
{
  g_autofree char *url = g_strconcat (ts_test_server_get_url (agent->server), "/api/v1/orders", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *auth = g_strconcat ("Bearer ", agent->token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (agent->body, strlen (agent->body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  agent->in_flight = TRUE;
  agent->answered = FALSE;
  agent->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (agent->session, msg, G_PRIORITY_DEFAULT, NULL, agent_answered, agent);
}

static void
agent_take_answer (Agent *agent,
                   Sale  *sale)
{
  gint64 now = g_get_monotonic_time ();

  agent->in_flight = FALSE;
  sale->count[MIN (agent->status, 599)]++;
  if (agent->status != 201)
    {
      /* a lost primary is an outage, said as such: retry the same order,
       * with the same key, a little later */
      g_assert_cmpuint (agent->status, ==, 503);
      g_assert_cmpstr (agent->error_code, ==, "unavailable");
      sale->outcome_unknown += agent->outcome_unknown;
      agent->retry_at = now + RETRY_MS * 1000;
      return;
    }
  agent->sold++;
  sale->replayed += agent->replayed;
  if (sale->promoted_at != 0 && agent->sent_at > sale->promoted_at)
    agent->sold_after++;
  if (sale->killed_at != 0 && agent->sent_at > sale->killed_at && sale->first_sale_at == 0)
    sale->first_sale_at = now;
  g_ptr_array_add (sale->answered_keys, g_steal_pointer (&agent->key));
}

/* One round: answers are taken, and every idle agent sends its order (the
 * one it was refused, or a new one). */
static void
sale_step (Sale *sale)
{
  gint64 now = g_get_monotonic_time ();

  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < AGENTS; i++)
    {
      Agent *agent = &sale->agents[i];

      if (agent->in_flight)
        {
          if (agent->answered)
            agent_take_answer (agent, sale);
          continue;
        }
      if (now < agent->retry_at || (agent->key == NULL && !sale->selling))
        continue;
      if (agent->key == NULL)
        {
          g_assert_cmpuint (sale->next_seat, <, SEATS - 1);   /* the last: the lost answer's */
          g_free (agent->body);
          agent->key = g_strdup_printf ("standby-%u-%u", agent->index, agent->sold);
          agent->body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                         " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                         " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                         " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                         agent->key, sale->patron, sale->perf, sale->seats[sale->next_seat++],
                                         sale->adult);
        }
      agent_send (agent);
    }
  g_usleep (1000);
}

static guint
sale_sold (Sale *sale)
{
  return sale->answered_keys->len;
}

static gboolean
sale_idle (Sale *sale)
{
  for (guint i = 0; i < AGENTS; i++)
    if (sale->agents[i].in_flight || sale->agents[i].key != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
every_agent_sold_after (Sale *sale)
{
  for (guint i = 0; i < AGENTS; i++)
    if (sale->agents[i].sold_after < SOLD_AFTER)
      return FALSE;
  return TRUE;
}

/* A performance of 200 seats on sale at UTH's box office. */
static void
set_up_sale (Sale *sale)
{
  TsTestSale on_sale = { 0 };

  ts_test_sale_set_up (servers[0], "Standby", 10, SEATS / 10, &on_sale);
  sale->perf = on_sale.performance_id;
  sale->adult = on_sale.ticket_type_id;
  sale->patron = on_sale.patron_id;
  sale->seats = g_steal_pointer (&on_sale.seats);
}

/* The promotion runs in a thread of its own, as an administrator's command
 * would in a shell of its own: the agents keep selling meanwhile. */
static gpointer
promote (gpointer data)
{
  ts_test_standby_promote (pair);
  return NULL;
}

static gboolean
every_feed_listens (void)
{
  for (guint i = 0; i < SERVERS; i++)
    if (!ts_live_is_listening (ts_server_get_live (ts_test_server_get_server (servers[i]))))
      return FALSE;
  return TRUE;
}

static void
run_until (Sale     *sale,
           gboolean (*done) (Sale *),
           gint64    end)
{
  while (!done (sale))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      sale_step (sale);
    }
}

static gboolean
enough_before (Sale *sale)
{
  return sale_sold (sale) >= SOLD_BEFORE;
}

static gboolean
feeds_listen (Sale *sale)
{
  sale_step (sale);
  return every_feed_listens ();
}

/* Agents at both servers sell; the primary is killed (SIGKILL, as when its
 * machine is lost) with orders in flight; a second later the standby is
 * promoted.  Until then every order answers 503 `unavailable`; then both
 * servers sell again, through the same conninfo, within seconds, and
 * their live feeds listen again.  An order sold before the loss whose
 * answer its client never saw, sent again with its key afterwards, is
 * answered as the same order. */
static void
test_failover_under_load (void)
{
  Sale sale = { 0 };
  GThread *promoting;
  g_autofree char *keys = NULL;
  g_autofree char *lost_answer = NULL;
  double mail_after;
  g_autofree char *sync_state = ts_test_standby_dup_sync_state (pair);
  gint64 end;
  guint total;

  g_assert_cmpstr (sync_state, ==, "sync");
  g_test_log_set_fatal_handler (outage_warnings_are_expected, NULL);
  set_up_sale (&sale);
  sale.answered_keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < AGENTS; i++)
    {
      Agent *agent = &sale.agents[i];

      agent->index = i;
      agent->server = servers[i % SERVERS];
      agent->token = ts_test_sign_in (agent->server, "UTH", "boxoffice", "boxoffice-password");
      agent->session = soup_session_new_with_options ("timeout", 60, NULL);
    }
  g_assert_true (every_feed_listens ());
  mail_goes_out (1);

  sale.selling = TRUE;
  run_until (&sale, enough_before, g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC);
  /* an order whose answer its client never saw (the network, say): it
   * will send it again after the failover */
  lost_answer = g_strdup_printf ("{\"idempotency_key\": \"standby-lost-answer\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                 " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                 " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                 " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                 sale.patron, sale.perf, sale.seats[SEATS - 1], sale.adult);
  json_node_unref (ts_test_expect (servers[1], "POST", "/api/v1/orders", sale.agents[1].token, lost_answer, 201));
  /* orders in flight as it dies */
  sale_step (&sale);
  ts_test_standby_kill_primary (pair);
  sale.killed_at = g_get_monotonic_time ();

  /* a second of refusals: the old primary is gone, the standby only reads */
  while (g_get_monotonic_time () < sale.killed_at + G_USEC_PER_SEC)
    sale_step (&sale);
  g_assert_cmpuint (sale.count[503], >, 0);
  g_assert_cmpint (sale.first_sale_at, ==, 0);

  sale.promote_asked_at = g_get_monotonic_time ();
  promoting = g_thread_new ("promote", promote, NULL);
  end = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  while (sale.first_sale_at == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      sale_step (&sale);
    }
  g_thread_join (promoting);
  failed_over = TRUE;
  sale.promoted_at = g_get_monotonic_time ();
  run_until (&sale, every_agent_sold_after, end);
  run_until (&sale, feeds_listen, end);
  /* sent again, to the other server: the new primary has it, and answers
   * it as the same order (S2) */
  {
    g_autoptr(JsonNode) again = ts_test_expect (servers[0], "POST", "/api/v1/orders", sale.agents[0].token,
                                                lost_answer, 201);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (again), "replayed"));
    g_assert_cmpint (ts_test_owner_int (servers[0], "SELECT count (*) FROM ticket_order"
                                        " WHERE idempotency_key = 'standby-lost-answer'"), ==, 1);
  }
  sale.selling = FALSE;
  run_until (&sale, sale_idle, end);
  /* the mail senders' connections come back too (they try every 5 s) */
  mail_after = mail_goes_out (2);

  total = sale_sold (&sale);
  g_print ("# standby: the primary killed after %u orders, the promotion asked %.2f s later; "
           "selling again %.2f s after the kill (%.2f s after the promotion was asked); "
           "%u orders in all: %u x 201 (%u replayed), %u x 503 (%u with the outcome unknown); "
           "a mail queued afterwards sent in %.1f s\n",
           SOLD_BEFORE, (double) (sale.promote_asked_at - sale.killed_at) / G_USEC_PER_SEC,
           (double) (sale.first_sale_at - sale.killed_at) / G_USEC_PER_SEC,
           (double) (sale.first_sale_at - sale.promote_asked_at) / G_USEC_PER_SEC,
           total, sale.count[201], sale.replayed, sale.count[503], sale.outcome_unknown, mail_after);

  /* only 201 and 503 (a 409 or a 500 would be a sale the failover broke) */
  for (guint status = 0; status < G_N_ELEMENTS (sale.count); status++)
    if (status != 201 && status != 503)
      g_assert_cmpuint (sale.count[status], ==, 0);

  /* every order answered 201 is on the new primary, once; no other (but
   * the one whose answer was lost) */
  g_ptr_array_add (sale.answered_keys, NULL);
  keys = g_strjoinv ("','", (char **) sale.answered_keys->pdata);
  g_ptr_array_remove_index (sale.answered_keys, sale.answered_keys->len - 1);
  g_assert_cmpint (ts_test_owner_int (servers[0], "SELECT count (DISTINCT idempotency_key) FROM ticket_order"
                                      " WHERE idempotency_key IN ('%s')", keys), ==, total);
  g_assert_cmpint (ts_test_owner_int (servers[0], "SELECT count (*) FROM ticket_order"
                                      " WHERE idempotency_key LIKE 'standby-%%'"), ==, total + 1);
  g_assert_cmpint (ts_test_owner_int (servers[0], "SELECT count (*) FROM order_item WHERE performance_id = %"
                                      G_GINT64_FORMAT " AND status = 'sold'", sale.perf), ==, total + 1);
  g_assert_cmpint (ts_test_owner_int (servers[0], "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT,
                                      sale.perf), ==, total + 1);
  ts_test_assert_ledgers (servers[0]);
  /* and it is the standby that answers: it no longer recovers */
  g_assert_cmpint (ts_test_owner_int (servers[0], "SELECT CASE WHEN pg_is_in_recovery () THEN 1 ELSE 0 END"), ==, 0);

  for (guint i = 0; i < AGENTS; i++)
    {
      g_clear_object (&sale.agents[i].session);
      g_free (sale.agents[i].token);
      g_free (sale.agents[i].key);
      g_free (sale.agents[i].body);
      g_free (sale.agents[i].error_code);
    }
  g_ptr_array_unref (sale.answered_keys);
  g_strfreev (sale.seats);
}

static gboolean
listening (gpointer data)
{
  return ts_live_is_listening (ts_server_get_live (ts_test_server_get_server (data)));
}

/* Between machines the lost primary's address does not even refuse: it
 * does not answer (TCP, its machine gone).  A server whose list starts
 * with such a host still starts, sells and gets its live feed: each
 * connection gives that host connect_timeout, then takes the next. */
static void
test_silent_first_host (void)
{
  guint port;
  /* the startup packet is never answered */
  g_autoptr(GSocket) listener = ts_test_silent_listener (&port);
  g_autofree char *standby = ts_test_standby_dup_standby_socket_dir (pair);
  g_autofree char *app = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *token = NULL;
  g_autoptr(TsTestServer) other = NULL;
  gint64 started, end;

  if (!failed_over)
    {
      ts_test_standby_kill_primary (pair);
      ts_test_standby_promote (pair);
      failed_over = TRUE;
    }
  app = g_strdup_printf ("host=127.0.0.1,%s port=%u,5432 connect_timeout=2 user=" TS_PG_APP " dbname=" TS_PG_DATABASE,
                         standby, port);
  owner = g_strdup_printf ("host=127.0.0.1,%s port=%u,5432 connect_timeout=2 user=" TS_PG_OWNER " dbname=" TS_PG_DATABASE,
                           standby, port);

  started = g_get_monotonic_time ();
  other = ts_test_server_new_on (app, owner, NULL, NULL);
  token = ts_test_sign_in (other, "UTH", "boxoffice", "boxoffice-password");
  json_node_unref (ts_test_expect (other, "GET", "/api/v1/session", token, NULL, 200));
  end = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  while (!listening (other))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_print ("# standby: a server whose first host never answers (connect_timeout=2) served and listened %.1f s after it started\n",
           (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *app_read_write = NULL;
  g_autofree char *owner_read_write = NULL;
  g_autofree char *app_default = NULL;
  g_autofree char *owner_default = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  pair = ts_test_standby_new ();
  /* One server as docs/deployment.md writes it; the other leaves
   * target_session_attrs to the server, which asks for read-write itself. */
  app_read_write = ts_test_standby_dup_conninfo (pair, TS_PG_APP, TRUE);
  owner_read_write = ts_test_standby_dup_conninfo (pair, TS_PG_OWNER, TRUE);
  app_default = ts_test_standby_dup_conninfo (pair, TS_PG_APP, FALSE);
  owner_default = ts_test_standby_dup_conninfo (pair, TS_PG_OWNER, FALSE);
  sink = ts_test_smtp_sink_new (0);
  servers[0] = ts_test_server_new_on (app_read_write, owner_read_write, setup_mail, NULL);
  servers[1] = ts_test_server_new_on (app_default, owner_default, setup_mail, NULL);

  g_test_add_func ("/standby/failover-under-load", test_failover_under_load);
  g_test_add_func ("/standby/silent-first-host", test_silent_first_host);

  status = g_test_run ();
  for (guint i = 0; i < SERVERS; i++)
    ts_test_server_free (servers[i]);
  ts_test_standby_free (pair);
  ts_test_smtp_sink_free (sink);
  return status;
}
