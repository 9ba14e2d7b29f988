/* bench-live.c — how soon another client sees a sold seat: from the commit
 * of a sale to the WebSocket message (GET /api/v1/live) that tells a second
 * client, an ATH box office permitted to sell the UTH performance and
 * subscribed to it.  Target: p95 under 100 ms on loopback.
 *
 *   (a) commit → message: the statements the server runs for an order
 *       (session, context, ts_order_submit), sent straight over libpq as the
 *       application role; t0 when COMMIT returns, t1 when the WebSocket
 *       message for that seat arrives.
 *   (b) end to end: POST /api/v1/orders as the UTH box office; t0 when the
 *       request is handed to libsoup, t1 when the WebSocket message arrives
 *       (and whether it came before the HTTP answer).
 *   Baseline, in the same run: the database's own notification latency — a
 *       plain libpq connection LISTENing on tessera_seats, t0 at COMMIT as in
 *       (a), t1 when PQnotifies hands over that seat's payload.
 *
 * Sales are made one at a time, a round of baseline, (a), (b) per seat, each
 * on its own performance of the same map, so drift touches all three alike.
 * Everything runs on this thread's main context (the in-process server, its
 * LISTEN connection, the WebSocket client and the baseline's socket); it is
 * iterated only while waiting, never while a statement runs.
 *
 *   bench-live [--sales 500]
 */
#include <locale.h>
#include <string.h>

#include <glib-unix.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ts-test-client.h"

#define WARMUP     10     /* sales of each kind before measuring */
#define WAIT_MS    5000   /* a message later than this is counted as missing */

static int n_sales = 500;

/* The one sale being waited for. */
typedef struct
{
  gint64      performance;
  const char *guid;
  gint64      t0;
  gint64      ws_t1;          /* 0 until the WebSocket message arrives */
  gint64      listen_t1;      /* 0 until the baseline's LISTEN sees it */
  gint64      http_t1;        /* 0 until the HTTP answer arrives */
  guint       http_status;
} Pending;

typedef struct
{
  Pending                  pending;
  SoupWebsocketConnection *ws;
  GHashTable              *subscribed;   /* gint64* of performances confirmed */
  gboolean                 ws_closed;
  guint                    reloads;
  guint                    ws_errors;
  PGconn                  *listener;
  guint                    listen_failures;
} Bench;

/* Figures ----------------------------------------------------------------- */

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
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, (guint) (p * (values->len - 1))) / 1000.0;
}

static double
max_ms (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, values->len - 1) / 1000.0;
}

static void
print_figure (const char *label,
              GArray     *values,
              guint       missing)
{
  /* padded by characters, not bytes: the labels hold arrows */
  int pad = MAX (0, 36 - (int) g_utf8_strlen (label, -1));

  g_print ("  %s%*s p50 %7.3f ms   p95 %7.3f ms   max %8.3f ms   (%u measured, %u missing)\n",
           label, pad, "", percentile_ms (values, 0.50), percentile_ms (values, 0.95), max_ms (values),
           values->len, missing);
}

/* Matching a published payload to the sale being waited for ----------------- */

/* Whether payload (as migration 009 publishes it) says that guid of
 * performance is now sold. */
static gboolean
payload_sells (const char *payload,
               gsize       length,
               gint64      performance,
               const char *guid)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *seats;

  if (guid == NULL || !json_parser_load_from_data (parser, payload, length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "performance_id", 0) != performance
      || !json_object_has_member (object, "seats"))
    return FALSE;
  seats = json_object_get_array_member (object, "seats");
  for (guint i = 0; i < json_array_get_length (seats); i++)
    {
      JsonObject *seat = json_array_get_object_element (seats, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (seat, "guid", NULL), guid) == 0
          && g_strcmp0 (json_object_get_string_member_with_default (seat, "state", NULL), "sold") == 0)
        return TRUE;
    }
  return FALSE;
}

/* The WebSocket client (ATH box office) ------------------------------------- */

static void
ws_message (SoupWebsocketConnection *ws,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  gint64 now = g_get_monotonic_time ();
  Bench *bench = user_data;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  if (bench->pending.ws_t1 == 0
      && payload_sells (data, size, bench->pending.performance, bench->pending.guid))
    {
      bench->pending.ws_t1 = now;
      return;
    }
  /* not the sale awaited: an answer to a subscription, or something wrong */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    if (!json_parser_load_from_data (parser, data, size, NULL)
        || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
      return;
    object = json_node_get_object (json_parser_get_root (parser));
    if (json_object_has_member (object, "subscribed"))
      {
        gint64 *id = g_new (gint64, 1);

        *id = json_object_get_int_member (object, "subscribed");
        g_hash_table_add (bench->subscribed, id);
      }
    else if (json_object_has_member (object, "reload"))
      bench->reloads++;
    else if (json_object_has_member (object, "error"))
      {
        if (bench->ws_errors++ < 3)
          g_printerr ("WebSocket error: %.*s\n", (int) size, data);
      }
  }
}

static void
ws_closed (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  ((Bench *) user_data)->ws_closed = TRUE;
}

static SoupWebsocketConnection *
ws_connect (SoupSession  *session,
            TsTestServer *server,
            const char   *token)
{
  SoupWebsocketConnection *ws = ts_test_live_connect (session, server, token);

  /* one message per sale: keep-alive pings are not wanted mid-measure */
  soup_websocket_connection_set_keepalive_interval (ws, 0);
  return ws;
}

/* The baseline: LISTEN on a plain libpq connection --------------------------- */

static gboolean
listener_ready (int           fd,
                GIOCondition  condition,
                gpointer      user_data)
{
  Bench *bench = user_data;
  PGnotify *notify;

  if (!PQconsumeInput (bench->listener))
    {
      if (bench->listen_failures++ == 0)
        g_printerr ("baseline LISTEN connection: %s", PQerrorMessage (bench->listener));
      return G_SOURCE_REMOVE;
    }
  while ((notify = PQnotifies (bench->listener)) != NULL)
    {
      if (bench->pending.listen_t1 == 0
          && payload_sells (notify->extra, strlen (notify->extra), bench->pending.performance, bench->pending.guid))
        bench->pending.listen_t1 = g_get_monotonic_time ();
      PQfreemem (notify);
    }
  return G_SOURCE_CONTINUE;
}

/* Waiting on the main context ------------------------------------------------ */

typedef struct
{
  gint64 *a, *b;
} Times;

static gboolean
times_arrived (gpointer data)
{
  Times *t = data;

  return *t->a != 0 && (t->b == NULL || *t->b != 0);
}

/* Waits until *a (and *b, when given) are set, at most WAIT_MS. */
static gboolean
wait_for (gint64 *a,
          gint64 *b)
{
  Times t = { a, b };

  return ts_test_wait_until (times_arrived, &t, WAIT_MS);
}

/* Selling ------------------------------------------------------------------- */

typedef struct
{
  TsTestServer *server;
  PGconn       *seller;        /* the direct connection, as the app role */
  SoupSession  *http;          /* the UTH box office's HTTP client */
  char         *auth;          /* "Bearer …" */
  char         *token_hash;
  gint64        patron;
  gint64        ticket_type;
  guint         key;
} Seller;

static char *
order_body (Seller     *s,
            const char *kind,
            gint64      performance,
            const char *guid)
{
  return g_strdup_printf (
      "{\"idempotency_key\": \"bench-live-%s-%06u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 2500}]}",
      kind, ++s->key, s->patron, performance, guid, s->ticket_type);
}

static gboolean
exec_ok (PGconn     *conn,
         PGresult   *result,
         const char *what)
{
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    g_printerr ("%s: %s", what, PQresultErrorMessage (result));
  PQclear (result);
  return ok;
}

/* The statements the server runs for POST /api/v1/orders (ts-request.c,
 * ts-api-orders.c), in one transaction.  Answers the time COMMIT returned,
 * or 0 if the sale failed. */
static gint64
sell_sql (Seller     *s,
          gint64      performance,
          const char *guid)
{
  g_autofree char *body = order_body (s, "sql", performance, guid);
  const char *hash[] = { s->token_hash };
  const char *order[] = { body };
  char employee[32] = "", outlet[32] = "";
  PGresult *r;
  gint64 t0;

  if (!exec_ok (s->seller, PQexec (s->seller, "BEGIN"), "BEGIN"))
    return 0;
  r = PQexecParams (s->seller,
                    "SELECT employee_id, outlet_id, level, login, display_name,"
                    "       to_char (expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
                    "  FROM ts_session_resolve ($1) WHERE employee_id IS NOT NULL",
                    1, NULL, hash, NULL, NULL, 0);
  if (PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) == 1)
    {
      g_strlcpy (employee, PQgetvalue (r, 0, 0), sizeof employee);
      g_strlcpy (outlet, PQgetvalue (r, 0, 1), sizeof outlet);
    }
  if (!exec_ok (s->seller, r, "ts_session_resolve") || employee[0] == '\0')
    goto failed;
  if (!exec_ok (s->seller, PQexecParams (s->seller,
                                        "SELECT set_config ('tessera.outlet_id', $1, true),"
                                        "       set_config ('tessera.employee_id', $2, true),"
                                        "       set_config ('tessera.master', $3, true)",
                                        3, NULL, (const char *[]) { outlet, employee, "off" }, NULL, NULL, 0),
                "set_config"))
    goto failed;
  if (!exec_ok (s->seller, PQexecParams (s->seller, "SELECT ts_order_submit ($1::jsonb)",
                                        1, NULL, order, NULL, NULL, 0),
                "ts_order_submit"))
    goto failed;
  r = PQexec (s->seller, "COMMIT");
  t0 = g_get_monotonic_time ();
  return exec_ok (s->seller, r, "COMMIT") ? t0 : 0;

failed:
  PQclear (PQexec (s->seller, "ROLLBACK"));
  return 0;
}

static void
http_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Bench *bench = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  bench->pending.http_t1 = g_get_monotonic_time ();
  bench->pending.http_status = body != NULL ? soup_message_get_status (msg) : 0;
  if (bench->pending.http_status != 201 && body != NULL)
    g_printerr ("order failed (%u): %.*s\n", bench->pending.http_status,
                (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
}

/* Sends POST /api/v1/orders; answers the time it was handed to libsoup. */
static gint64
sell_http (Seller     *s,
           Bench      *bench,
           gint64      performance,
           const char *guid)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/orders", ts_test_server_get_url (s->server));
  char *body = order_body (s, "http", performance, guid);
  g_autoptr(GBytes) bytes = g_bytes_new_take (body, strlen (body));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  gint64 t0;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", s->auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  t0 = g_get_monotonic_time ();
  soup_session_send_and_read_async (s->http, msg, G_PRIORITY_DEFAULT, NULL, http_done, bench);
  return t0;
}

static void
expect (Bench       *bench,
        gint64       performance,
        const char  *guid)
{
  memset (&bench->pending, 0, sizeof bench->pending);
  bench->pending.performance = performance;
  bench->pending.guid = guid;
}

/* Setup ---------------------------------------------------------------------- */

static gint64
new_performance (TsTestServer *server,
                 gint64        event,
                 gint64        uth,
                 int           days,
                 int           capacity)
{
  return ts_test_owner_int (server,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
      " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
      " now () + interval '%d days', %d, %d, now () - interval '1 day', now () - interval '1 day', true)"
      " RETURNING id", event, uth, days, capacity, capacity);
}

static gboolean
listening (gpointer server)
{
  return ts_live_is_listening (ts_server_get_live (ts_test_server_get_server (server)));
}

static gboolean
subscribed_to_both (gpointer data)
{
  Bench *bench = data;

  return g_hash_table_size (bench->subscribed) >= 2 || bench->ws_closed;
}

static gboolean
ws_is_closed (gpointer ws)
{
  return soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_CLOSED;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "sales", 'n', 0, G_OPTION_ARG_INT, &n_sales, "Sales per figure (default 500)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— commit to WebSocket message, against LISTEN");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autoptr(SoupSession) ws_session = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *uth_boxoffice = NULL;
  g_autofree char *ath_boxoffice = NULL;
  g_autofree char *all = NULL;
  g_auto(GStrv) seats = NULL;
  g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) direct = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) end_to_end = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) http_answer = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 uth, ath, map_id, event, perf_base, perf_a, perf_b;
  guint missing_base = 0, missing_a = 0, missing_b = 0, failed = 0, ws_first = 0;
  guint n_seats, watch;
  Seller seller = { 0 };
  Bench bench = { 0 };
  gint64 started, elapsed;
  int total;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_sales < 1)
    {
      g_printerr ("--sales must be at least 1\n");
      return 2;
    }
  total = n_sales + WARMUP;

  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");

  /* A map of at least total seats; three performances of it, owned by UTH,
   * that ATH may sell (and so view) now: one per figure. */
  {
    int rows = (total + 99) / 100;
    g_autofree char *body = g_strdup_printf (
        "{\"format\": \"generator\", \"description\": {\"name\": \"Live Hall\", \"size\": {\"width\": 3000, \"height\": %d},"
        " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
        " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Hall\", \"category\": \"Regular\", \"rows\": %d, \"seats\": 100,"
        " \"x\": 20, \"y\": 20, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"1\"}]}}",
        rows * 30 + 100, rows);
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager, body, 201);

    map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  }
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                     ", 'Live bench', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf_base = new_performance (server, event, uth, 30, total + 100);
  perf_a = new_performance (server, event, uth, 31, total + 100);
  perf_b = new_performance (server, event, uth, 32, total + 100);
  seller.ticket_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                                                  " VALUES (%" G_GINT64_FORMAT ", 'Adult', 2500, 'A') RETURNING id", uth);
  for (gint64 *p = (gint64[]) { perf_base, perf_a, perf_b, 0 }; *p != 0; p++)
    {
      ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                                  ", %" G_GINT64_FORMAT ")", *p, ath);
      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                                  ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, seller.ticket_type, *p);
    }
  seller.patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                             " VALUES ('Live', 'Buyer', %" G_GINT64_FORMAT ") RETURNING id", uth);
  all = ts_test_owner_sqlf (server, "SELECT string_agg (guid, ',' ORDER BY guid) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT,
                            map_id);
  seats = g_strsplit (all, ",", -1);
  n_seats = g_strv_length (seats);
  if (n_seats < (guint) total)
    g_error ("the map has %u seats, %d needed", n_seats, total);

  /* The server's own LISTEN connection must be up before anything is sold. */
  if (!ts_test_wait_until (listening, server, 5000))
    g_error ("the server does not LISTEN on tessera_seats");

  /* The second client: ATH's box office, subscribed to (a)'s and (b)'s
   * performances (the baseline's has no subscriber). */
  bench.subscribed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ws_session = soup_session_new_with_options ("timeout", 30, NULL);
  bench.ws = ws_connect (ws_session, server, ath_boxoffice);
  g_signal_connect (bench.ws, "message", G_CALLBACK (ws_message), &bench);
  g_signal_connect (bench.ws, "closed", G_CALLBACK (ws_closed), &bench);
  for (gint64 *p = (gint64[]) { perf_a, perf_b, 0 }; *p != 0; p++)
    {
      g_autofree char *command = g_strdup_printf ("{\"subscribe\": %" G_GINT64_FORMAT "}", *p);

      soup_websocket_connection_send_text (bench.ws, command);
    }
  ts_test_wait_until (subscribed_to_both, &bench, 5000);
  if (g_hash_table_size (bench.subscribed) < 2)
    g_error ("the WebSocket client could not subscribe (%u of 2 confirmed)", g_hash_table_size (bench.subscribed));

  /* The direct connection that sells, and the baseline's listener. */
  seller.server = server;
  seller.token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uth_boxoffice, -1);
  seller.auth = g_strconcat ("Bearer ", uth_boxoffice, NULL);
  seller.http = soup_session_new_with_options ("timeout", 30, "max-conns-per-host", 1, NULL);
  seller.seller = PQconnectdb (ts_test_server_get_app_conninfo (server));
  bench.listener = PQconnectdb (ts_test_server_get_app_conninfo (server));
  if (PQstatus (seller.seller) != CONNECTION_OK || PQstatus (bench.listener) != CONNECTION_OK)
    g_error ("app connection: %s%s", PQerrorMessage (seller.seller), PQerrorMessage (bench.listener));
  PQclear (PQexec (seller.seller, "SET TIME ZONE 'UTC'"));   /* as the server's pool */
  if (!exec_ok (bench.listener, PQexec (bench.listener, "LISTEN tessera_seats"), "LISTEN"))
    return 1;
  watch = g_unix_fd_add (PQsocket (bench.listener), G_IO_IN, listener_ready, &bench);

  /* One round per seat: baseline, (a), (b), each on its own performance. */
  started = g_get_monotonic_time ();
  for (int i = 0; i < total; i++)
    {
      const char *guid = seats[i];
      gboolean measured = i >= WARMUP;
      gint64 t0;

      /* baseline: commit → PQnotifies */
      expect (&bench, perf_base, guid);
      t0 = sell_sql (&seller, perf_base, guid);
      if (t0 == 0)
        failed++;
      else if (wait_for (&bench.pending.listen_t1, NULL))
        {
          if (measured)
            {
              gint64 latency = bench.pending.listen_t1 - t0;
              g_array_append_val (base, latency);
            }
        }
      else if (measured)
        missing_base++;

      /* (a): commit → WebSocket message */
      expect (&bench, perf_a, guid);
      t0 = sell_sql (&seller, perf_a, guid);
      if (t0 == 0)
        failed++;
      else if (wait_for (&bench.pending.ws_t1, NULL))
        {
          if (measured)
            {
              gint64 latency = bench.pending.ws_t1 - t0;
              g_array_append_val (direct, latency);
            }
        }
      else if (measured)
        missing_a++;

      /* (b): POST /api/v1/orders → WebSocket message */
      expect (&bench, perf_b, guid);
      t0 = sell_http (&seller, &bench, perf_b, guid);
      {
        gboolean seen = wait_for (&bench.pending.ws_t1, &bench.pending.http_t1);

        if (bench.pending.http_status != 201)
          failed++;
        else if (!seen)
          {
            if (measured)
              missing_b++;
          }
        else if (measured)
          {
            gint64 latency = bench.pending.ws_t1 - t0;
            gint64 answer = bench.pending.http_t1 - t0;

            g_array_append_val (end_to_end, latency);
            g_array_append_val (http_answer, answer);
            if (bench.pending.ws_t1 < bench.pending.http_t1)
              ws_first++;
          }
      }
      if (bench.ws_closed)
        g_error ("the server closed the WebSocket");
    }
  elapsed = g_get_monotonic_time () - started;
  expect (&bench, 0, NULL);

  g_print ("Live seat updates: a sold seat seen by another client (ATH box office, WebSocket), loopback\n");
  g_print ("  %d single-seat sales per figure, one at a time, after %d of each to warm up (%.1f s)\n",
           n_sales, WARMUP, elapsed / 1e6);
  print_figure ("baseline: COMMIT → LISTEN (libpq)", base, missing_base);
  print_figure ("(a) COMMIT → WebSocket message", direct, missing_a);
  print_figure ("(b) POST /orders → WebSocket message", end_to_end, missing_b);
  print_figure ("    POST /orders → its HTTP answer", http_answer, missing_b);
  g_print ("  (b) WebSocket message before the HTTP answer: %u of %u\n", ws_first, end_to_end->len);
  if (percentile_ms (base, 0.95) > 0)
    g_print ("  ratio (a) p95 / baseline p95: %.2f\n", percentile_ms (direct, 0.95) / percentile_ms (base, 0.95));
  g_print ("  target p95 < 100 ms: %s ((a) %.3f ms, (b) %.3f ms)\n",
           direct->len > 0 && missing_a == 0 && percentile_ms (direct, 0.95) < 100.0
           && end_to_end->len > 0 && missing_b == 0 && percentile_ms (end_to_end, 0.95) < 100.0 ? "met" : "not met",
           percentile_ms (direct, 0.95), percentile_ms (end_to_end, 0.95));
  if (failed > 0 || bench.reloads > 0 || bench.ws_errors > 0)
    g_print ("  failed sales %u, reload messages %u, WebSocket errors %u\n", failed, bench.reloads, bench.ws_errors);
  {
    g_autofree char *sold = ts_test_owner_sqlf (server,
        "SELECT string_agg (sold::text, ' / ' ORDER BY id) FROM performance WHERE id IN (%" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", perf_base, perf_a, perf_b);

    g_print ("  sold: baseline / (a) / (b) %s\n", sold);
  }

  g_source_remove (watch);
  PQfinish (bench.listener);
  PQfinish (seller.seller);
  g_signal_handlers_disconnect_by_data (bench.ws, &bench);
  if (soup_websocket_connection_get_state (bench.ws) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      soup_websocket_connection_close (bench.ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      ts_test_wait_until (ws_is_closed, bench.ws, 1000);
    }
  g_object_unref (bench.ws);
  g_object_unref (seller.http);
  g_hash_table_unref (bench.subscribed);
  g_free (seller.auth);
  g_free (seller.token_hash);
  return 0;
}
