/* bench-scans.c — door throughput: tickets admitted per second through POST /scans, one
 * door at a time and with 8 doors at once, beside pgbench running the same SQL (session,
 * context, ts_scan_decide) with 1 and 8 connections in the same run: the database's own
 * limit.  Prints each figure and the ratios.
 *
 *   bench-scans [--tickets 4000] [--doors 8]
 *
 * Each performance has `tickets` tickets; every scan admits a ticket not yet admitted
 * (the row lock of the ticket, the counter of its performance and the scan row: the
 * whole write).  The API's figure includes what the SQL's does not: HTTP, JSON and the
 * Ed25519 check of each code (rule F5). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "ts-test-client.h"
#include "ts-ticket-code.h"

static int n_tickets = 4000;
static int n_doors = 8;

typedef struct
{
  TsTestServer *server;
  char         *auth;
  char        **codes;
  gint64        performance;
  int           next;
  int           last;        /* scans codes[next … last - 1] */
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
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  InFlight *f = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  gint64 elapsed = g_get_monotonic_time () - f->t0;

  if (body == NULL || soup_message_get_status (f->msg) != 200
      || g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\"result\":\"admitted\"") == NULL)
    {
      if (f->run->failures++ < 3 && body != NULL)
        g_printerr ("scan failed (%u): %.*s\n", soup_message_get_status (f->msg),
                    (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
    }
  g_array_append_val (f->run->latencies_us, elapsed);
  f->run->finished++;
  g_object_unref (f->msg);
  if (f->run->next < f->run->last)
    send_next (f->run, f->session);
  g_free (f);
}

static void
send_next (Run         *run,
           SoupSession *session)
{
  InFlight *f = g_new0 (InFlight, 1);
  int n = run->next++;
  g_autofree char *url = g_strdup_printf ("%s/api/v1/scans", ts_test_server_get_url (run->server));
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"Door %d\", \"nonce\": \"bench-http-%06d\","
                                           " \"performance_id\": %" G_GINT64_FORMAT "}",
                                           run->codes[n], n % 8, n, run->performance);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));

  f->run = run;
  f->session = session;
  f->msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (f->msg), "Authorization", run->auth);
  soup_message_set_request_body_from_bytes (f->msg, "application/json", bytes);
  f->t0 = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, f->msg, G_PRIORITY_DEFAULT, NULL, scan_done, f);
}

/* Scans codes[from … to - 1] through the API with `clients` doors; answers scans per second. */
static double
run_http (Run       *run,
          int        from,
          int        to,
          int        clients)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 t0;

  run->next = from;
  run->last = to;
  run->finished = 0;
  for (int c = 0; c < clients; c++)
    g_ptr_array_add (sessions, soup_session_new_with_options ("timeout", 120, "max-conns-per-host", 1, NULL));
  t0 = g_get_monotonic_time ();
  for (int c = 0; c < clients && run->next < run->last; c++)
    send_next (run, g_ptr_array_index (sessions, c));
  while (run->finished < to - from)
    g_main_context_iteration (NULL, TRUE);
  return (to - from) / ((g_get_monotonic_time () - t0) / 1e6);
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
find_pgbench (void)
{
  char *path = g_find_program_in_path ("pgbench");

  if (path == NULL && g_file_test ("/usr/lib/postgresql/15/bin/pgbench", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/lib/postgresql/15/bin/pgbench");
  return path;
}

/* pgbench with the script, `clients` connections, `transactions` each: its rate, or 0. */
static double
run_pgbench (TsTestServer *server,
             const char   *pgbench,
             const char   *script_path,
             int           clients,
             int           transactions)
{
  g_autofree char *clients_text = g_strdup_printf ("%d", clients);
  g_autofree char *threads_text = g_strdup_printf ("%d", MIN (clients, (int) g_get_num_processors ()));
  g_autofree char *transactions_text = g_strdup_printf ("%d", transactions);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) tps_regex = g_regex_new ("tps = ([0-9.]+) \\(without initial connection time\\)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *args[] = { pgbench, "-n", "-f", script_path, "-c", clients_text, "-j", threads_text,
                         "-t", transactions_text, ts_test_server_get_app_conninfo (server), NULL };
  int status = 0;
  double rate = 0;

  if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    {
      g_printerr ("pgbench: %s\n", error->message);
      return 0;
    }
  if (g_regex_match (tps_regex, out, 0, &match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      rate = g_ascii_strtod (number, NULL);
    }
  if (rate <= 0 || !g_spawn_check_wait_status (status, NULL))
    g_printerr ("pgbench did not report a rate:\n%s\n%s\n", out, err);
  return rate;
}

/* A performance of the event with n tickets sold in one order (the owner's
 * SQL: selling is not what is measured here). */
static gint64
performance_with_tickets (TsTestServer *server,
                          gint64        uth,
                          gint64        event,
                          gint64        ticket_type,
                          gint64        patron,
                          int           n,
                          const char   *label)
{
  gint64 perf = ts_test_owner_int (server,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '2 hours', %d, %d, now () - interval '1 day')"
      " RETURNING id", event, uth, n, n);
  gint64 order = ts_test_owner_int (server,
      "INSERT INTO ticket_order (outlet_id, purchaser_id, recipient_id, idempotency_key, request_hash)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'bench-%s', 'bench') RETURNING id",
      uth, patron, patron, label);

  g_free (ts_test_owner_sqlf (server,
      "INSERT INTO order_item (order_id, performance_id, owner_outlet_id, area_key, ticket_type_id, price_cents)"
      " SELECT %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Floor#1', %" G_GINT64_FORMAT ", 2500"
      " FROM generate_series (1, %d)", order, perf, uth, ticket_type, n));
  g_free (ts_test_owner_sqlf (server, "UPDATE performance SET sold = %d, claimed = %d WHERE id = %" G_GINT64_FORMAT,
                              n, n, perf));
  return perf;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &n_tickets, "Tickets per performance (default 4000)", "N" },
    { "doors", 'c', 0, G_OPTION_ARG_INT, &n_doors, "Concurrent doors (default 8)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— door throughput against the same SQL alone");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *pgbench = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *seed_hex = NULL;
  g_autofree char *numbers = NULL;
  g_auto(GStrv) number_list = NULL;
  guint8 seed[TS_TICKET_SEED_BYTES];
  gint64 uth, map_id, event, perf_http, perf_sql, ticket_type, patron;
  Run run = { 0 };
  int half;
  double http_one, http_many, sql_one, sql_many;

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
  n_tickets = MAX (n_tickets, 2 * n_doors);
  n_tickets -= n_tickets % 2;
  half = n_tickets / 2;

  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  {
    g_autofree char *body = g_strdup_printf (
        "{\"format\": \"generator\", \"description\": {\"name\": \"Bench Field\", \"size\": {\"width\": 400, \"height\": 300},"
        " \"categories\": [{\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
        " \"blocks\": [{\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": %d,"
        " \"x\": 40, \"y\": 40, \"width\": 300, \"height\": 200}]}}", n_tickets);
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager, body, 201);

    map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  }
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Bench', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  ticket_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                   " VALUES (%" G_GINT64_FORMAT ", 'Adult', 2500) RETURNING id", uth);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Bench', 'Goer') RETURNING id");
  perf_http = performance_with_tickets (server, uth, event, ticket_type, patron, n_tickets, "http");
  perf_sql = performance_with_tickets (server, uth, event, ticket_type, patron, n_tickets, "sql");

  /* The barcodes, as the owner signs them (its key exists from its first door list). */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/door-list", perf_http);

    json_node_unref (ts_test_expect (server, "GET", path, token, NULL, 200));
  }
  seed_hex = ts_test_owner_sqlf (server, "SELECT encode (seed, 'hex') FROM ticket_key WHERE outlet_id = %" G_GINT64_FORMAT, uth);
  for (guint i = 0; i < TS_TICKET_SEED_BYTES; i++)
    seed[i] = (g_ascii_xdigit_value (seed_hex[2 * i]) << 4) | g_ascii_xdigit_value (seed_hex[2 * i + 1]);
  numbers = ts_test_owner_sqlf (server, "SELECT string_agg (ticket_number::text, ',' ORDER BY ticket_number)"
                                " FROM order_item WHERE performance_id = %" G_GINT64_FORMAT, perf_http);
  number_list = g_strsplit (numbers, ",", -1);
  run.codes = g_new0 (char *, n_tickets + 1);
  for (int i = 0; i < n_tickets; i++)
    run.codes[i] = ts_ticket_code_sign ((int) uth, g_ascii_strtoll (number_list[i], NULL, 10), 1, seed);

  /* 1. Through the API: one door, then n_doors doors at once, each admitting new tickets. */
  run.server = server;
  run.auth = g_strdup_printf ("Bearer %s", token);
  run.performance = perf_http;
  run.latencies_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  http_one = run_http (&run, 0, half, 1);
  {
    g_autoptr(GArray) one = g_array_copy (run.latencies_us);

    g_print ("Door throughput, %d tickets admitted per figure, performance of %d tickets\n", half, n_tickets);
    g_print ("  HTTP API, 1 door      %8.1f scans/s   p50 %.2f ms   p95 %.2f ms\n",
             http_one, percentile_ms (one, 0.50), percentile_ms (one, 0.95));
  }
  g_array_set_size (run.latencies_us, 0);
  http_many = run_http (&run, half, n_tickets, n_doors);

  /* 2. pgbench: the statements the server runs for one scan, as the app role (no HTTP, no JSON
   * parsing in C, no signature check). */
  g_free (ts_test_owner_sqlf (server, "CREATE TABLE bench_ticket AS SELECT row_number () OVER (ORDER BY ticket_number)::integer AS n,"
                              " ticket_number FROM order_item WHERE performance_id = %" G_GINT64_FORMAT, perf_sql));
  g_free (ts_test_owner_sql (server, "ALTER TABLE bench_ticket ADD PRIMARY KEY (n);"
                             " CREATE SEQUENCE bench_seq; GRANT SELECT ON bench_ticket TO tessera_app;"
                             " GRANT USAGE ON SEQUENCE bench_seq TO tessera_app"));
  script = g_strdup_printf (
      "BEGIN;\n"
      "SELECT employee_id AS emp, outlet_id AS outl FROM ts_session_resolve ('%s') WHERE employee_id IS NOT NULL \\gset\n"
      "SELECT set_config ('tessera.outlet_id', :outl::text, true), set_config ('tessera.employee_id', :emp::text, true),"
      " set_config ('tessera.master', 'off', true);\n"
      "SELECT ts_scan_decide (jsonb_build_object ('nonce', 'bench-sql-' || t.n, 'door', 'Door ' || (t.n %% 8),"
      " 'direction', 'in', 'performance_id', %" G_GINT64_FORMAT ", 'subject', 'TS1-bench-' || t.n,"
      " 'outlet_id', %" G_GINT64_FORMAT ", 'ticket_number', t.ticket_number, 'version', 1))"
      " FROM bench_ticket t WHERE t.n = (SELECT nextval ('bench_seq'));\n"
      "COMMIT;\n",
      token_hash, perf_sql, uth);
  {
    int fd = g_file_open_tmp ("bench-scans-XXXXXX.sql", &script_path, &error);

    if (fd < 0 || !g_file_set_contents (script_path, script, -1, &error))
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    close (fd);
  }
  sql_one = run_pgbench (server, pgbench, script_path, 1, half);
  sql_many = run_pgbench (server, pgbench, script_path, n_doors, MAX (half / n_doors, 1));
  g_unlink (script_path);

  g_print ("  HTTP API, %d doors     %8.1f scans/s   p50 %.2f ms   p95 %.2f ms   failures %d\n",
           n_doors, http_many, percentile_ms (run.latencies_us, 0.50), percentile_ms (run.latencies_us, 0.95),
           run.failures);
  g_print ("  SQL alone, 1 conn     %8.1f scans/s   (pgbench: the same statements)\n", sql_one);
  g_print ("  SQL alone, %d conns    %8.1f scans/s\n", n_doors, sql_many);
  if (sql_one > 0 && sql_many > 0)
    g_print ("  ratio API / SQL: %.2f with 1 door, %.2f with %d doors\n", http_one / sql_one, http_many / sql_many,
             n_doors);
  g_print ("  admitted: HTTP %" G_GINT64_FORMAT " of %d, SQL %" G_GINT64_FORMAT " of %d\n",
           ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                              " AND admitted_at IS NOT NULL", perf_http), n_tickets,
           ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                              " AND admitted_at IS NOT NULL", perf_sql), n_tickets);

  g_strfreev (run.codes);
  g_free (run.auth);
  g_array_unref (run.latencies_us);
  return 0;
}
