/* bench-sales.c — sales throughput: single-seat orders per second through
 * the HTTP API with 20 concurrent clients, beside pgbench running the same
 * SQL statements (session, context, ts_order_submit) with 20 clients in the
 * same run: the database's own limit.  Prints both and the ratio (target at
 * least 0.5).
 *
 *   bench-sales [--orders 2000] [--clients 20]
 *
 * Every order is for another seat of the same performance, so every sale
 * takes the performance's lock (the advance-sales count, T2): this measures
 * the worst case, an on-sale rush on one show. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "ts-test-client.h"

static int n_orders = 2000;
static int n_clients = 20;

typedef struct
{
  TsTestServer *server;
  char         *auth;
  char        **seats;
  guint         n_seats;
  gint64        performance;
  gint64        ticket_type;
  gint64        patron;
  int           started;
  int           finished;
  int           failures;
  GArray       *latencies_us;
} Run;

typedef struct
{
  Run         *run;
  SoupSession *session;
  SoupMessage *msg;
  gint64       t0;
} InFlight;

static void send_next (Run *run, SoupSession *session);

static void
order_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  InFlight *f = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  gint64 elapsed = g_get_monotonic_time () - f->t0;

  if (body == NULL || soup_message_get_status (f->msg) != 201)
    {
      if (f->run->failures++ < 3 && body != NULL)
        g_printerr ("order failed (%u): %.*s\n", soup_message_get_status (f->msg),
                    (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
    }
  g_array_append_val (f->run->latencies_us, elapsed);
  f->run->finished++;
  g_object_unref (f->msg);
  if (f->run->started < n_orders)
    send_next (f->run, f->session);
  g_free (f);
}

static void
send_next (Run         *run,
           SoupSession *session)
{
  InFlight *f = g_new0 (InFlight, 1);
  int n = run->started++;
  g_autofree char *url = g_strdup_printf ("%s/api/v1/orders", ts_test_server_get_url (run->server));
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"bench-http-%06d\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 2500}]}",
      n, run->patron, run->performance, run->seats[n % run->n_seats], run->ticket_type);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));

  f->run = run;
  f->session = session;
  f->msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (f->msg), "Authorization", run->auth);
  soup_message_set_request_body_from_bytes (f->msg, "application/json", bytes);
  f->t0 = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, f->msg, G_PRIORITY_DEFAULT, NULL, order_done, f);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, (guint) (p * (values->len - 1))) / 1000.0;
}

static char *
sqlf (TsTestServer *server,
      const char   *format,
      ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return ts_test_owner_sql (server, sql);
}

static gint64
sql_int (TsTestServer *server,
         const char   *format,
         ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  g_autofree char *value = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  value = ts_test_owner_sql (server, sql);
  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static char *
find_pgbench (void)
{
  char *path = g_find_program_in_path ("pgbench");

  if (path == NULL && g_file_test ("/usr/lib/postgresql/15/bin/pgbench", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/lib/postgresql/15/bin/pgbench");
  return path;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "orders", 'n', 0, G_OPTION_ARG_INT, &n_orders, "Orders per figure (default 2000)", "N" },
    { "clients", 'c', 0, G_OPTION_ARG_INT, &n_clients, "Concurrent clients (default 20)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— sales throughput against pgbench");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *pgbench = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *pgbench_out = NULL;
  g_autofree char *pgbench_err = NULL;
  g_autofree char *transactions = NULL;
  g_autofree char *clients_text = NULL;
  g_autofree char *threads_text = NULL;
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) tps_regex = NULL;
  gint64 uth, map_id, event, perf_http, perf_sql, ticket_type, patron;
  Run run = { 0 };
  gint64 t0, t1;
  double http_rate, sql_rate = 0;
  int status = 0;
  int seats_needed;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  pgbench = find_pgbench ();
  if (pgbench == NULL)
    {
      g_printerr ("pgbench is not installed (Debian: postgresql-15); it is the baseline\n");
      return 2;
    }
  seats_needed = MAX (n_orders, 100);

  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  {
    int rows = (seats_needed + 99) / 100;
    g_autofree char *body = g_strdup_printf (
        "{\"format\": \"generator\", \"description\": {\"name\": \"Bench Hall\", \"size\": {\"width\": 3000, \"height\": %d},"
        " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
        " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Hall\", \"category\": \"Regular\", \"rows\": %d, \"seats\": 100,"
        " \"x\": 20, \"y\": 20, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"1\"}]}}",
        rows * 30 + 100, rows);
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager, body, 201);

    map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  }
  event = sql_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                            ", 'Bench', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf_http = sql_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '30 days', %d, %d, now () - interval '1 day')"
      " RETURNING id", event, uth, seats_needed + 100, seats_needed + 100);
  perf_sql = sql_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '31 days', %d, %d, now () - interval '1 day')"
      " RETURNING id", event, uth, seats_needed + 100, seats_needed + 100);
  ticket_type = sql_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                                  " VALUES (%" G_GINT64_FORMAT ", 'Adult', 2500) RETURNING id", uth);
  sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "), (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        uth, ticket_type, perf_http, uth, ticket_type, perf_sql);
  patron = sql_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Bench', 'Buyer') RETURNING id");
  /* The seats in one fixed order, for both runs. */
  sqlf (server, "CREATE TABLE bench_seat AS SELECT row_number () OVER (ORDER BY guid)::integer AS n, guid"
                " FROM map_seat WHERE map_id = %" G_GINT64_FORMAT, map_id);
  ts_test_owner_sql (server, "ALTER TABLE bench_seat ADD PRIMARY KEY (n);"
                             " CREATE SEQUENCE bench_seq; GRANT SELECT ON bench_seat TO tessera_app;"
                             " GRANT USAGE ON SEQUENCE bench_seq TO tessera_app");
  {
    g_autofree char *all = ts_test_owner_sql (server, "SELECT string_agg (guid, ',' ORDER BY n) FROM bench_seat");

    run.seats = g_strsplit (all, ",", -1);
    run.n_seats = g_strv_length (run.seats);
  }

  /* 1. Through the API: n_clients sessions, each one order at a time. */
  run.server = server;
  run.auth = g_strdup_printf ("Bearer %s", token);
  run.performance = perf_http;
  run.ticket_type = ticket_type;
  run.patron = patron;
  run.latencies_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int c = 0; c < n_clients; c++)
    g_ptr_array_add (sessions, soup_session_new_with_options ("timeout", 120, "max-conns-per-host", 1, NULL));
  t0 = g_get_monotonic_time ();
  for (int c = 0; c < n_clients && run.started < n_orders; c++)
    send_next (&run, g_ptr_array_index (sessions, c));
  while (run.finished < n_orders)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  http_rate = n_orders / ((t1 - t0) / 1e6);

  /* 2. pgbench: the statements the server runs for one order, as the app role. */
  script = g_strdup_printf (
      "BEGIN;\n"
      "SELECT employee_id AS emp, outlet_id AS outl FROM ts_session_resolve ('%s') WHERE employee_id IS NOT NULL \\gset\n"
      "SELECT set_config ('tessera.outlet_id', :outl::text, true), set_config ('tessera.employee_id', :emp::text, true),"
      " set_config ('tessera.master', 'off', true);\n"
      "SELECT ts_order_submit (jsonb_build_object ('idempotency_key', 'bench-sql-' || s.n, 'purchaser_id', %" G_GINT64_FORMAT ","
      " 'items', jsonb_build_array (jsonb_build_object ('performance_id', %" G_GINT64_FORMAT ", 'seat', s.guid,"
      " 'ticket_type_id', %" G_GINT64_FORMAT ")), 'payments', jsonb_build_array (jsonb_build_object ('method', 'cash',"
      " 'amount_cents', 2500)))) FROM bench_seat s WHERE s.n = (SELECT nextval ('bench_seq'));\n"
      "COMMIT;\n",
      token_hash, patron, perf_sql, ticket_type);
  {
    int fd = g_file_open_tmp ("bench-sales-XXXXXX.sql", &script_path, &error);

    if (fd < 0 || !g_file_set_contents (script_path, script, -1, &error))
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    close (fd);
  }
  transactions = g_strdup_printf ("%d", MAX (n_orders / n_clients, 1));
  clients_text = g_strdup_printf ("%d", n_clients);
  threads_text = g_strdup_printf ("%d", MIN (n_clients, (int) g_get_num_processors ()));
  {
    const char *args[] = { pgbench, "-n", "-f", script_path, "-c", clients_text, "-j", threads_text,
                           "-t", transactions, ts_test_server_get_app_conninfo (server), NULL };

    if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                       &pgbench_out, &pgbench_err, &status, &error))
      {
        g_printerr ("pgbench: %s\n", error->message);
        return 1;
      }
  }
  g_unlink (script_path);
  tps_regex = g_regex_new ("tps = ([0-9.]+) \\(without initial connection time\\)", 0, 0, NULL);
  if (g_regex_match (tps_regex, pgbench_out, 0, &match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      sql_rate = g_ascii_strtod (number, NULL);
    }
  if (sql_rate <= 0 || !g_spawn_check_wait_status (status, NULL))
    g_printerr ("pgbench did not report a rate:\n%s\n%s\n", pgbench_out, pgbench_err);

  g_print ("Sales throughput, %d single-seat orders on one performance, %d concurrent clients\n", n_orders, n_clients);
  g_print ("  HTTP API       %8.1f orders/s   p50 %.2f ms   p95 %.2f ms   failures %d\n",
           http_rate, percentile_ms (run.latencies_us, 0.50), percentile_ms (run.latencies_us, 0.95), run.failures);
  g_print ("  pgbench (SQL)  %8.1f orders/s   (same statements, %d connections)\n", sql_rate, n_clients);
  if (sql_rate > 0)
    g_print ("  ratio API / database: %.2f (target ≥ 0.50)\n", http_rate / sql_rate);
  g_print ("  sold: HTTP %s, pgbench %s\n",
           sqlf (server, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, perf_http),
           sqlf (server, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, perf_sql));

  g_strfreev (run.seats);
  g_free (run.auth);
  g_array_unref (run.latencies_us);
  return 0;
}
