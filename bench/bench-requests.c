/* bench-requests.c — how much the HTTP layer and the worker-thread pool cost
 * over the database work itself.
 *
 * Figure 1: "who am I" requests (GET /api/v1/session) through real HTTP on
 * loopback with N requests in flight, against the in-process server on a
 * throwaway cluster.  Figure 2, the baseline measured in the same run: the very
 * statements such a request runs (BEGIN, session lookup, context, the answer's
 * query, COMMIT), sent straight over libpq from as many threads as the server
 * has pooled connections.  The ratio says how
 * close the server comes to what the database alone can do.
 *
 *   bench-requests [--requests 4000] [--concurrency 8]
 */
#include <locale.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ts-test-client.h"

static int n_requests = 4000;
static int concurrency = 8;

typedef struct
{
  SoupSession *session;
  char        *url;
  char        *auth;
  int          started;
  int          finished;
  int          failures;
  GArray      *latencies_us;
} HttpRun;

typedef struct
{
  HttpRun *run;
  gint64   t0;
  SoupMessage *msg;
} InFlight;

static void send_one (HttpRun *run);

static void
one_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  InFlight *f = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  gint64 elapsed = g_get_monotonic_time () - f->t0;

  if (body == NULL || soup_message_get_status (f->msg) != 200)
    f->run->failures++;
  g_array_append_val (f->run->latencies_us, elapsed);
  f->run->finished++;
  g_object_unref (f->msg);
  if (f->run->started < n_requests)
    send_one (f->run);
  g_free (f);
}

static void
send_one (HttpRun *run)
{
  InFlight *f = g_new0 (InFlight, 1);

  f->run = run;
  f->msg = soup_message_new ("GET", run->url);
  soup_message_headers_replace (soup_message_get_request_headers (f->msg), "Authorization", run->auth);
  f->t0 = g_get_monotonic_time ();
  run->started++;
  soup_session_send_and_read_async (run->session, f->msg, G_PRIORITY_DEFAULT, NULL, one_done, f);
}

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
  guint index;

  g_array_sort (values, compare_gint64);
  index = (guint) (p * (values->len - 1));
  return g_array_index (values, gint64, index) / 1000.0;
}

typedef struct
{
  const char *conninfo;
  const char *token_hash;
  int         count;
  int         failures;
} SqlWorker;

static gpointer
sql_worker (gpointer data)
{
  SqlWorker *w = data;
  PGconn *conn = PQconnectdb (w->conninfo);
  const char *hash[] = { w->token_hash };

  for (int i = 0; i < w->count; i++)
    {
      PGresult *r;
      const char *ctx[3];
      char employee[32];
      char outlet[32];

      r = PQexec (conn, "BEGIN");
      PQclear (r);
      r = PQexecParams (conn, "SELECT employee_id, outlet_id, level, login, display_name, expires_at"
                              "  FROM ts_session_resolve ($1) WHERE employee_id IS NOT NULL",
                        1, NULL, hash, NULL, NULL, 0);
      if (PQresultStatus (r) != PGRES_TUPLES_OK || PQntuples (r) != 1)
        w->failures++;
      g_strlcpy (employee, PQntuples (r) ? PQgetvalue (r, 0, 0) : "0", sizeof employee);
      g_strlcpy (outlet, PQntuples (r) ? PQgetvalue (r, 0, 1) : "", sizeof outlet);
      PQclear (r);
      ctx[0] = outlet;
      ctx[1] = employee;
      ctx[2] = "off";
      r = PQexecParams (conn, "SELECT set_config ('tessera.outlet_id', $1, true),"
                              " set_config ('tessera.employee_id', $2, true), set_config ('tessera.master', $3, true)",
                        3, NULL, ctx, NULL, NULL, 0);
      PQclear (r);
      r = PQexecParams (conn,
          "SELECT jsonb_build_object ('employee_id', e.id, 'login', e.login, 'level', e.level,"
          " 'display_name', trim (coalesce (p.first_name, '') || ' ' || p.last_name),"
          " 'outlet', CASE WHEN o.id IS NULL THEN NULL ELSE jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name) END,"
          " 'expires_at', $2::text)"
          " FROM employee e JOIN patron p ON p.id = e.patron_id LEFT JOIN outlet o ON o.id = e.outlet_id WHERE e.id = $1",
          2, NULL, (const char *[]) { employee, "x" }, NULL, NULL, 0);
      if (PQresultStatus (r) != PGRES_TUPLES_OK)
        w->failures++;
      PQclear (r);
      r = PQexec (conn, "COMMIT");
      PQclear (r);
    }
  PQfinish (conn);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "requests", 'n', 0, G_OPTION_ARG_INT, &n_requests, "Requests per figure (default 4000)", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency, "Requests in flight / threads (default 8)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— HTTP request cost against the database alone");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  HttpRun run = { 0 };
  gint64 t0, http_us, sql_us;
  GThread *threads[64];
  SqlWorker workers[64];
  int sql_failures = 0;
  int sql_threads;
  double http_rate, sql_rate;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  concurrency = CLAMP (concurrency, 1, 64);

  server = ts_test_server_new ();
  token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  /* warm-up: open every pooled connection */
  for (int i = 0; i < 16; i++)
    {
      g_autoptr(JsonNode) warm = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);
    }

  run.session = soup_session_new_with_options ("max-conns", concurrency * 2,
                                               "max-conns-per-host", concurrency * 2, NULL);
  run.url = g_strconcat (ts_test_server_get_url (server), "/api/v1/session", NULL);
  run.auth = g_strconcat ("Bearer ", token, NULL);
  run.latencies_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < concurrency && run.started < n_requests; i++)
    send_one (&run);
  while (run.finished < n_requests)
    g_main_context_iteration (NULL, TRUE);
  http_us = g_get_monotonic_time () - t0;

  sql_threads = (int) ts_server_get_config (ts_test_server_get_server (server))->pool_size;
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < sql_threads; i++)
    {
      workers[i].conninfo = ts_test_server_get_app_conninfo (server);
      workers[i].token_hash = hash;
      workers[i].count = n_requests / sql_threads;
      workers[i].failures = 0;
      threads[i] = g_thread_new ("sql", sql_worker, &workers[i]);
    }
  for (int i = 0; i < sql_threads; i++)
    {
      g_thread_join (threads[i]);
      sql_failures += workers[i].failures;
    }
  sql_us = g_get_monotonic_time () - t0;

  http_rate = n_requests / (http_us / 1e6);
  sql_rate = (n_requests / sql_threads * sql_threads) / (sql_us / 1e6);

  g_print ("bench-requests: %d requests, %d in flight, server pool of %d connections\n",
           n_requests, concurrency, sql_threads);
  g_print ("  HTTP GET /api/v1/session   %8.0f req/s   p50 %.2f ms   p95 %.2f ms   failures %d\n",
           http_rate, percentile (run.latencies_us, 0.50), percentile (run.latencies_us, 0.95), run.failures);
  g_print ("  same SQL over libpq only   %8.0f tx/s    (%d threads, baseline)   failures %d\n",
           sql_rate, sql_threads, sql_failures);
  g_print ("  ratio HTTP / database alone: %.2f\n", http_rate / sql_rate);

  g_array_unref (run.latencies_us);
  g_free (run.url);
  g_free (run.auth);
  g_object_unref (run.session);
  return run.failures == 0 && sql_failures == 0 ? 0 : 1;
}
