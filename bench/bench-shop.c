/* bench-shop.c — what a storefront page costs over the database work it
 * needs (issue 14): on-sale rushes are many visitors reading the list and
 * the seat availability at once.
 *
 * Figure 1: GET /shop/UTH/ (the list, 24 performances on sale online) through
 * real HTTP on loopback with N requests in flight; figure 2: GET …/seats.json
 * of one performance.  The baseline, measured in the same run: the very
 * statements the list page runs (BEGIN, the storefront, the context,
 * ts_shop_performances, COMMIT) straight over libpq from as many threads as
 * the server pools connections.  The ratio says how close the page (HTML
 * written, escaped, headers, HTTP) comes to what the database alone does.
 *
 *   bench-shop [--requests 2000] [--concurrency 8]
 */
#include <locale.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ts-test-client.h"

static int n_requests = 2000;
static int concurrency = 8;

typedef struct
{
  SoupSession *session;
  char        *url;
  int          started;
  int          finished;
  int          failures;
  GArray      *latencies_us;
} HttpRun;

typedef struct
{
  HttpRun     *run;
  gint64       t0;
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
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, (guint) (p * (values->len - 1))) / 1000.0;
}

/* requests/s of GET path, with its latencies printed. */
static double
http_figure (TsTestServer *server,
             const char   *label,
             const char   *path)
{
  HttpRun run = { 0 };
  gint64 t0;
  double rate;

  run.session = soup_session_new_with_options ("max-conns", concurrency * 2, "max-conns-per-host", concurrency * 2, NULL);
  run.url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  run.latencies_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < concurrency && run.started < n_requests; i++)
    send_one (&run);
  while (run.finished < n_requests)
    g_main_context_iteration (NULL, TRUE);
  rate = n_requests / ((g_get_monotonic_time () - t0) / 1e6);
  g_print ("  HTTP GET %-28s %8.0f req/s   p50 %.2f ms   p95 %.2f ms   failures %d\n", label, rate,
           percentile (run.latencies_us, 0.50), percentile (run.latencies_us, 0.95), run.failures);
  g_array_unref (run.latencies_us);
  g_free (run.url);
  g_object_unref (run.session);
  return run.failures == 0 ? rate : -1;
}

typedef struct
{
  const char *conninfo;
  int         count;
  int         failures;
} SqlWorker;

static gpointer
sql_worker (gpointer data)
{
  SqlWorker *w = data;
  PGconn *conn = PQconnectdb (w->conninfo);

  for (int i = 0; i < w->count; i++)
    {
      PGresult *r;
      char outlet[32] = "";

      PQclear (PQexec (conn, "BEGIN"));
      r = PQexecParams (conn, "SELECT ts_shop_storefront ($1, NULL) ->> 'id'", 1, NULL, (const char *[]) { "UTH" }, NULL, NULL, 0);
      if (PQresultStatus (r) != PGRES_TUPLES_OK || PQntuples (r) != 1)
        w->failures++;
      else
        g_strlcpy (outlet, PQgetvalue (r, 0, 0), sizeof outlet);
      PQclear (r);
      PQclear (PQexecParams (conn, "SELECT set_config ('tessera.outlet_id', $1, true), set_config ('tessera.employee_id', '', true),"
                                   " set_config ('tessera.master', 'off', true), set_config ('tessera.channel', 'internet', true),"
                                   " set_config ('tessera.web_session', '', true), set_config ('tessera.patron_id', '', true)",
                             1, NULL, (const char *[]) { outlet }, NULL, NULL, 0));
      r = PQexec (conn, "SELECT ts_shop_performances ()");
      if (PQresultStatus (r) != PGRES_TUPLES_OK)
        w->failures++;
      PQclear (r);
      PQclear (PQexec (conn, "COMMIT"));
    }
  PQfinish (conn);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "requests", 'n', 0, G_OPTION_ARG_INT, &n_requests, "Requests per figure (default 2000)", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency, "Requests in flight / threads (default 8)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— storefront pages against the database alone");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *seats_path = NULL;
  g_autoptr(JsonNode) map = NULL;
  gint64 uth, map_id, event, first = 0, t0, sql_us;
  GThread *threads[64];
  SqlWorker workers[64];
  int sql_failures = 0, sql_threads;
  double list_rate, seats_rate, sql_rate;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  concurrency = CLAMP (concurrency, 1, 64);

  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  map = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Hall\", \"size\": {\"width\": 1200, \"height\": 900},"
      " \"categories\": [{\"name\": \"Stalls\", \"color\": \"#3584e4\"}, {\"name\": \"Balcony\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Stalls\", \"rows\": 20, \"seats\": 30,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"straight\", \"zone\": \"Balcony\", \"category\": \"Balcony\", \"rows\": 10, \"seats\": 30,"
      "   \"x\": 40, \"y\": 700, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"M\"}]}}", 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (map), "map"), "id");
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE id = %" G_GINT64_FORMAT, uth);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT ", 'Hamlet', %"
                             G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  for (int t = 0; t < 3; t++)
    ts_test_owner_sqlf (server, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT ", 'Type %d', %d)",
                        uth, t, 2000 + 1000 * t);
  for (int i = 0; i < 24; i++)
    {
      gint64 p = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                    " box_office_on_sale, internet_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                    " now () + interval '%d days', 900, 900, now () - interval '1 day', now () - interval '1 day')"
                                    " RETURNING id", event, uth, 2 + i);

      if (first == 0)
        first = p;
      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id)"
                          " SELECT %" G_GINT64_FORMAT ", id, %" G_GINT64_FORMAT " FROM ticket_type WHERE outlet_id = %" G_GINT64_FORMAT,
                          uth, p, uth);
    }
  /* a third of the first performance's seats sold or held */
  ts_test_owner_sqlf (server, "INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, hold_letter)"
                      " SELECT %" G_GINT64_FORMAT ", guid, 'held', %" G_GINT64_FORMAT ", (SELECT letter FROM hold_letter LIMIT 1)"
                      " FROM map_seat WHERE map_id = %" G_GINT64_FORMAT " AND random () < 0.33", first, uth, map_id);
  seats_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "/seats.json", first);

  /* warm-up: every pooled connection, the catalogue, the plan */
  for (int i = 0; i < 16; i++)
    {
      g_autoptr(JsonNode) warm = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);
    }

  sql_threads = (int) ts_server_get_config (ts_test_server_get_server (server))->pool_size;
  g_print ("bench-shop: %d requests a figure, %d in flight, server pool of %d connections\n",
           n_requests, concurrency, sql_threads);
  list_rate = http_figure (server, "/shop/UTH/ (24 on sale)", "/shop/UTH/");
  seats_rate = http_figure (server, "…/seats.json (900 seats)", seats_path);

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < sql_threads; i++)
    {
      workers[i] = (SqlWorker) { ts_test_server_get_app_conninfo (server), n_requests / sql_threads, 0 };
      threads[i] = g_thread_new ("sql", sql_worker, &workers[i]);
    }
  for (int i = 0; i < sql_threads; i++)
    {
      g_thread_join (threads[i]);
      sql_failures += workers[i].failures;
    }
  sql_us = g_get_monotonic_time () - t0;
  sql_rate = (n_requests / sql_threads * sql_threads) / (sql_us / 1e6);
  g_print ("  the list's SQL over libpq only    %8.0f tx/s    (%d threads, baseline)   failures %d\n",
           sql_rate, sql_threads, sql_failures);
  g_print ("  ratio list page / database alone: %.2f\n", list_rate / sql_rate);
  return list_rate > 0 && seats_rate > 0 && sql_failures == 0 ? 0 : 1;
}
