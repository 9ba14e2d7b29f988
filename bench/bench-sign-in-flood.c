/* bench-sign-in-flood.c — does a flood of bad sign-ins slow down the agents
 * who are already signed in?  (C6; docs/architecture.md, "Sessions and
 * passwords")
 *
 * One signed-in agent works as agents do, one request after another (a
 * patron search, then "who am I"), while 16 threads post bad sign-ins as fast
 * as the server answers them.  Passwords are bcrypt at the production cost
 * (10), not the tests' 4.  Three rounds, each measuring the agent's latency:
 *
 *   quiet      no flood: the baseline, measured in the same run;
 *   one        the attack: 16 streams from one address against the
 *              Master User (the address allowance and the login's throttle
 *              answer most of them without hashing);
 *   many       16 streams from 16 addresses, each on logins that do not
 *              exist, with the address allowance lifted: every attempt is
 *              hashed, as a botnet would make it — what is left is the
 *              separate sign-in pool keeping bcrypt off the request pool.
 *
 * It prints the agent's p50/p95 in each round, what the flood got (checked
 * and refused attempts per second), and the ratio of each round's p95 to the
 * quiet one.  Before the sign-in pool existed, the issue measured 2.5 ms
 * quiet and 227 ms under 16 streams.
 *
 *   bench-sign-in-flood [--seconds 8] [--streams 16]
 */
#include <locale.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ts-test-client.h"

static int seconds = 8;
static int n_streams = 16;

typedef struct
{
  const char *url;           /* the sign-in URL */
  char       *local;         /* the client address to bind */
  const char *login;         /* NULL: a new unknown login at each attempt */
  int         index;
  gint       *stop;
  gint        done;
  guint       checked;       /* answered 401 (the password was hashed) */
  guint       refused;       /* answered 429 */
  guint       other;
} Stream;

static gpointer
flood (gpointer data)
{
  Stream *s = data;
  g_autoptr(GInetSocketAddress) local = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string (s->local, 0));
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, "local-address", local, NULL);

  for (guint n = 0; !g_atomic_int_get (s->stop); n++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", s->url);
      g_autofree char *body = s->login
        ? g_strdup_printf ("{\"login\": \"%s\", \"password\": \"guess-%u\"}", s->login, n)
        : g_strdup_printf ("{\"outlet\": \"UTH\", \"login\": \"nobody-%d-%u\", \"password\": \"guess\"}", s->index, n);
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) answer = NULL;

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      switch ((guint) soup_message_get_status (msg))
        {
        case 401: s->checked++; break;
        case 429: s->refused++; break;
        default: s->other++; break;
        }
    }
  g_atomic_int_set (&s->done, 1);
  return NULL;
}

typedef struct
{
  TsTestServer *server;
  const char   *token;
  GArray       *latencies_us;
  guint         failures;
} Agent;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, (guint) (p * (values->len - 1))) / 1000.0;
}

/* The agent's requests for `duration_us`, one at a time, on this thread
 * (which also serves them: the server is in-process). */
static void
agent_work (Agent  *agent,
            gint64  duration_us)
{
  static const char *paths[] = { "/api/v1/patrons?q=smith", "/api/v1/session" };
  gint64 end = g_get_monotonic_time () + duration_us;

  for (guint i = 0; g_get_monotonic_time () < end; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      guint status = 0;
      g_autoptr(JsonNode) answer = ts_test_call (agent->server, "GET", paths[i % G_N_ELEMENTS (paths)],
                                                 agent->token, NULL, &status);
      gint64 elapsed = g_get_monotonic_time () - t0;

      if (status != 200)
        agent->failures++;
      g_array_append_val (agent->latencies_us, elapsed);
    }
}

typedef struct
{
  double p50, p95;
  guint  requests;
  double checked_per_s, refused_per_s;
  guint  other;
} Round;

static Round
run_round (TsTestServer *server,
           const char   *token,
           int           streams,
           gboolean      many_addresses)
{
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), "/api/v1/session", NULL);
  g_autofree Stream *flooders = g_new0 (Stream, MAX (streams, 1));
  g_autofree GThread **threads = g_new0 (GThread *, MAX (streams, 1));
  Agent agent = { server, token, g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  gint stop = 0;
  Round round = { 0 };

  for (int i = 0; i < streams; i++)
    {
      flooders[i].url = url;
      flooders[i].local = many_addresses ? g_strdup_printf ("127.0.1.%d", i + 1) : g_strdup ("127.0.0.2");
      flooders[i].login = many_addresses ? NULL : "master";
      flooders[i].index = i;
      flooders[i].stop = &stop;
      threads[i] = g_thread_new ("flood", flood, &flooders[i]);
    }
  if (streams > 0)
    g_usleep (G_USEC_PER_SEC / 2);     /* let the flood build up */

  agent_work (&agent, seconds * G_USEC_PER_SEC);
  g_atomic_int_set (&stop, 1);
  /* the flooders' last answers need this thread to serve them */
  for (int i = 0; i < streams; i++)
    {
      while (!g_atomic_int_get (&flooders[i].done))
        g_main_context_iteration (NULL, TRUE);
      g_thread_join (threads[i]);
    }
  for (int i = 0; i < streams; i++)
    {
      round.checked_per_s += flooders[i].checked / (double) seconds;
      round.refused_per_s += flooders[i].refused / (double) seconds;
      round.other += flooders[i].other;
      g_free (flooders[i].local);
    }
  round.requests = agent.latencies_us->len;
  round.p50 = percentile (agent.latencies_us, 0.50);
  round.p95 = percentile (agent.latencies_us, 0.95);
  if (agent.failures > 0)
    g_printerr ("bench-sign-in-flood: %u of the agent's requests failed\n", agent.failures);
  g_array_unref (agent.latencies_us);
  return round;
}

static void
print_round (const char *name,
             Round      *round,
             Round      *quiet)
{
  g_print ("  %-6s agent p50 %7.2f ms  p95 %7.2f ms  (%5u requests)   flood: %6.0f checked/s %7.0f refused/s"
           "   p95 / quiet %6.2f\n",
           name, round->p50, round->p95, round->requests, round->checked_per_s, round->refused_per_s,
           round->p95 / quiet->p95);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "Seconds the agent works in each round (default 8)", "N" },
    { "streams", 'n', 0, G_OPTION_ARG_INT, &n_streams, "Flooding threads (default 16)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— an agent's latency under a flood of bad sign-ins");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  TsServer *ts;
  TsServerConfig *config;
  Round quiet, one, many;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  seconds = CLAMP (seconds, 1, 600);
  n_streams = CLAMP (n_streams, 1, 250);

  server = ts_test_server_new ();
  ts = ts_test_server_get_server (server);
  config = ts_server_get_config (ts);
  /* the production cost, for the demo accounts and for unknown logins */
  config->bcrypt_cost = 10;
  g_free (ts_test_owner_sql (server, "UPDATE employee SET password_hash = crypt (login || '-password', gen_salt ('bf', 10))"));
  token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  for (int i = 0; i < 20; i++)      /* warm-up: every pooled connection */
    {
      g_autoptr(JsonNode) warm = ts_test_expect (server, "GET", "/api/v1/patrons?q=smith", token, NULL, 200);
    }

  quiet = run_round (server, token, 0, FALSE);
  one = run_round (server, token, n_streams, FALSE);
  /* a botnet: every attempt gets hashed */
  ts_sign_in_limiter_set_rate (ts_server_get_sign_in_limiter (ts), 1000000, 1000000);
  many = run_round (server, token, n_streams, TRUE);

  g_print ("bench-sign-in-flood: %d s per round, %d flooding streams, bcrypt cost 10, request pool %u, "
           "sign-in pool %u\n", seconds, n_streams, config->pool_size, config->sign_in_pool_size);
  print_round ("quiet", &quiet, &quiet);
  print_round ("one", &one, &quiet);
  print_round ("many", &many, &quiet);
  if (one.other + many.other > 0)
    g_print ("  other answers to the flood: %u (503 when the sign-in queue is full)\n", one.other + many.other);
  return 0;
}
