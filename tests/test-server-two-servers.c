/* test-server-two-servers.c — two tessera-server instances on one PostgreSQL,
 * as behind a load balancer (issue 15; docs/architecture.md, "Several servers
 * on one database"): a session made on one is good on the other, a sale on
 * one reaches a live-feed client of the other, agents selling the same seats
 * through both sell each once (S1, S2, A1, A2), expired carts are released
 * once though both sweep (S1, R1), bad passwords count across both (C6), and
 * the payments sweepers never ask the provider for one thing at once (S4, S6),
 * and the storefront's waiting room is one line.
 *
 * Both servers run in this process, each with its own port, pools, LISTEN
 * connection, cart sweeper, mail sender and payments sweeper; nothing but the
 * database is shared, as between two machines. */
#include <string.h>

#include <libsoup/soup.h>

#include "ts-cart-sweeper.h"
#include "ts-server-config.h"
#include "ts-test-client.h"
#include "ts-test-visitor.h"

#define N_SEATS  8
#define N_AGENTS 6       /* half through each server */
#define N_CARTS  6

static TsTestServer *first, *second;
static gint64 perf, adult, patron, map_id;
static char *seats[N_SEATS];      /* the seats agents race for */

/* A live-feed client of one server ------------------------------------------ */

typedef struct
{
  SoupWebsocketConnection *ws;
  GQueue                   messages;   /* char*, oldest first */
} Watcher;

static void
watcher_message (SoupWebsocketConnection *ws,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  g_queue_push_tail (&((Watcher *) user_data)->messages, g_strndup (data, size));
}

static gboolean
watcher_has_message (gpointer data)
{
  return !g_queue_is_empty (&((Watcher *) data)->messages);
}

/* The next message within 5 s; fails the test otherwise. */
static char *
watcher_next (Watcher *watcher)
{
  if (!ts_test_wait_until (watcher_has_message, watcher, 5000))
    g_error ("No message on the live feed within 5 s");
  return g_queue_pop_head (&watcher->messages);
}

static Watcher *
watcher_new (TsTestServer *server,
             SoupSession  *session,
             const char   *token)
{
  Watcher *watcher = g_new0 (Watcher, 1);

  watcher->ws = ts_test_live_connect (session, server, token);
  g_queue_init (&watcher->messages);
  g_signal_connect (watcher->ws, "message", G_CALLBACK (watcher_message), watcher);
  return watcher;
}

static void
watcher_free (Watcher *watcher)
{
  g_signal_handlers_disconnect_by_data (watcher->ws, watcher);
  soup_websocket_connection_close (watcher->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (watcher->ws);
  g_queue_clear_full (&watcher->messages, g_free);
  g_free (watcher);
}

/* Selling ------------------------------------------------------------------- */

static char *
order_body (const char *key,
            const char *seat)
{
  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4200}]}",
                          key, patron, perf, seat, adult);
}

static SoupMessage *
order_message (TsTestServer *server,
               const char   *token,
               const char   *body)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/orders", ts_test_server_get_url (server));
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  SoupMessage *msg = soup_message_new ("POST", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static char *
free_seat (void)
{
  return ts_test_owner_sqlf (first, "SELECT s.guid FROM map_seat s WHERE s.map_id = %" G_GINT64_FORMAT
                             "   AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = %" G_GINT64_FORMAT
                             "                     AND c.seat_guid = s.guid)"
                             " ORDER BY s.guid LIMIT 1", map_id, perf);
}

/* Tests --------------------------------------------------------------------- */

/* Sessions live in the database: a token made through one server is good on
 * the other, and signing out through either ends it on both — a load
 * balancer needs no sticky sessions. */
static void
test_sessions_anywhere (void)
{
  g_autofree char *token = ts_test_sign_in (first, "UTH", "boxoffice", "boxoffice-password");
  g_autoptr(JsonNode) on_second = ts_test_expect (second, "GET", "/api/v1/session", token, NULL, 200);
  g_autoptr(JsonNode) gone = NULL;

  g_assert_cmpstr (ts_test_member_string (on_second, "login"), ==, "boxoffice");
  g_assert_null (ts_test_expect (second, "DELETE", "/api/v1/session", token, NULL, 204));
  gone = ts_test_expect (first, "GET", "/api/v1/session", token, NULL, 401);
}

/* A sale through the first server reaches a client of the second over its
 * live feed: the selling transaction's NOTIFY goes to every server's LISTEN
 * connection. */
static void
test_live_across_servers (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *seller = ts_test_sign_in (first, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *viewer = ts_test_sign_in (second, "UTH", "manager", "manager-password");
  g_autofree char *seat = free_seat ();
  g_autofree char *body = order_body ("two-servers-live", seat);
  g_autofree char *subscribed = g_strdup_printf ("{\"subscribed\":%" G_GINT64_FORMAT "}", perf);
  g_autofree char *command = g_strdup_printf ("{\"subscribe\": %" G_GINT64_FORMAT "}", perf);
  g_autofree char *answer = NULL;
  g_autofree char *update = NULL;
  g_autoptr(JsonNode) sold = NULL;
  g_autofree char *expected_performance = g_strdup_printf ("\"performance_id\": %" G_GINT64_FORMAT, perf);
  Watcher *watcher = watcher_new (second, session, viewer);

  soup_websocket_connection_send_text (watcher->ws, command);
  answer = watcher_next (watcher);
  g_assert_cmpstr (answer, ==, subscribed);

  sold = ts_test_expect (first, "POST", "/api/v1/orders", seller, body, 201);
  update = watcher_next (watcher);
  g_assert_nonnull (strstr (update, expected_performance));
  g_assert_nonnull (strstr (update, seat));
  g_assert_nonnull (strstr (update, "\"sold\""));
  watcher_free (watcher);
  ts_test_assert_ledgers (first);
}

typedef struct
{
  guint  sold[N_SEATS];
  guint  refused;
  guint  other;
} Tally;

/* Agents of several outlets sell the same seats through both servers at
 * once, each order sent twice (a client's retry, S2): every seat is sold
 * once, the retries are answered with the first sale, and every ledger
 * balances. */
static void
test_no_double_sale (void)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, "max-conns", 64, NULL);
  const char *outlets[] = { "UTH", "ATH", "TIX" };
  g_autoptr(GPtrArray) msgs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sent_seat = g_ptr_array_new ();
  GBytes *bodies[N_AGENTS * N_SEATS * 2];
  Tally tally = { { 0 } };

  {
    g_autofree char *free_seats = ts_test_owner_sqlf (first,
        "SELECT string_agg (guid, ',' ORDER BY guid) FROM (SELECT s.guid FROM map_seat s"
        "  WHERE s.map_id = %" G_GINT64_FORMAT " AND NOT EXISTS (SELECT 1 FROM seat_claim c"
        "    WHERE c.performance_id = %" G_GINT64_FORMAT " AND c.seat_guid = s.guid)"
        "  ORDER BY s.guid LIMIT %d) x", map_id, perf, N_SEATS);
    g_auto(GStrv) list = g_strsplit (free_seats, ",", -1);

    g_assert_cmpuint (g_strv_length (list), ==, N_SEATS);
    for (guint s = 0; s < N_SEATS; s++)
      seats[s] = g_strdup (list[s]);
  }

  for (guint a = 0; a < N_AGENTS; a++)
    {
      TsTestServer *through = a % 2 == 0 ? first : second;
      g_autofree char *token = ts_test_sign_in (through, outlets[a % 3], "boxoffice", "boxoffice-password");

      for (guint s = 0; s < N_SEATS; s++)
        {
          g_autofree char *key = g_strdup_printf ("two-servers-%u-%u", a, s);
          g_autofree char *body = order_body (key, seats[s]);

          /* the retry goes through the other server, as a balancer may send it */
          g_ptr_array_add (msgs, order_message (through, token, body));
          g_ptr_array_add (msgs, order_message (through == first ? second : first, token, body));
          g_ptr_array_add (sent_seat, GUINT_TO_POINTER (s));
          g_ptr_array_add (sent_seat, GUINT_TO_POINTER (s));
        }
    }
  ts_test_send_at_once (session, (SoupMessage **) msgs->pdata, bodies, msgs->len);

  for (guint i = 0; i < msgs->len; i++)
    {
      guint status = soup_message_get_status (g_ptr_array_index (msgs, i));
      const char *text = g_bytes_get_data (bodies[i], NULL);

      if (status == 201 && strstr (text, "\"replayed\"") == NULL)
        tally.sold[GPOINTER_TO_UINT (g_ptr_array_index (sent_seat, i))]++;
      else if (status == 409)
        tally.refused++;
      else if (status != 201)
        {
          g_printerr ("unexpected answer %u: %s\n", status, text);
          tally.other++;
        }
      g_bytes_unref (bodies[i]);
    }
  for (guint s = 0; s < N_SEATS; s++)
    g_assert_cmpuint (tally.sold[s], ==, 1);
  g_assert_cmpuint (tally.other, ==, 0);
  /* as many orders as fresh sales answered: no retry through the other
   * server made one of its own */
  g_assert_cmpint (ts_test_owner_int (first, "SELECT count (*) FROM ticket_order"
                                             " WHERE idempotency_key LIKE 'two-servers-%%-%%'"), ==, N_SEATS);
  for (guint s = 0; s < N_SEATS; s++)
    g_assert_cmpint (ts_test_owner_int (first, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                               " AND seat_guid = '%s' AND status = 'sold'", perf, seats[s]), ==, 1);
  ts_test_assert_ledgers (first);
  g_test_message ("%u sales, %u refused with 409", N_SEATS, tally.refused);
}

static gboolean
carts_gone (gpointer data)
{
  return ts_test_owner_int (first, "SELECT count (*) FROM cart WHERE id = ANY ('%s'::uuid[])", (char *) data) == 0;
}

/* Both servers sweep expired carts every minute; at the same moment, each
 * expired hold is released once: one release in the audit log per cart,
 * every seat free again, the counts right. */
static void
test_carts_expire_once (void)
{
  TsCartSweeper *sweepers[2] = {
    ts_server_get_cart_sweeper (ts_test_server_get_server (first)),
    ts_server_get_cart_sweeper (ts_test_server_get_server (second)),
  };
  g_autoptr(GString) ids = g_string_new ("{");
  g_autofree char *list = NULL;

  for (guint c = 0; c < N_CARTS; c++)
    {
      TsTestServer *through = c % 2 == 0 ? first : second;
      g_autofree char *token = ts_test_sign_in (through, "UTH", "boxoffice", "boxoffice-password");
      g_autoptr(JsonNode) cart = ts_test_expect (through, "POST", "/api/v1/carts", token, "{}", 201);
      const char *id = ts_test_member_string (cart, "id");
      g_autofree char *seat = free_seat ();
      g_autofree char *body = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                               " \"seats\": [\"%s\"]}", id, perf, seat);
      g_autoptr(JsonNode) held = ts_test_expect (through, "POST", "/api/v1/carts/hold", token, body, 200);

      g_string_append_printf (ids, "%s%s", c > 0 ? "," : "", id);
    }
  g_string_append (ids, "}");
  list = g_strdup (ids->str);
  g_assert_cmpint (ts_test_owner_int (first, "SELECT count (*) FROM seat_claim WHERE cart_id = ANY ('%s'::uuid[])", list),
                   ==, N_CARTS);

  ts_test_owner_sqlf (first, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id = ANY ('%s'::uuid[])", list);
  ts_test_owner_sqlf (first, "UPDATE seat_claim SET expires_at = now () - interval '1 second'"
                             " WHERE cart_id = ANY ('%s'::uuid[])", list);
  ts_cart_sweeper_sweep (sweepers[0]);
  ts_cart_sweeper_sweep (sweepers[1]);
  /* a performance one sweep holds is skipped by the other (SKIP LOCKED),
   * so a cart may wait for the next round */
  for (guint round = 0; round < 20 && !carts_gone (list); round++)
    {
      ts_test_wait_until (carts_gone, list, 500);
      ts_cart_sweeper_sweep (sweepers[round % 2]);
    }
  g_assert_true (carts_gone (list));

  g_assert_cmpint (ts_test_owner_int (first, "SELECT count (*) FROM seat_claim WHERE cart_id = ANY ('%s'::uuid[])", list),
                   ==, 0);
  g_assert_cmpint (ts_test_owner_int (first, "SELECT count (*) FROM audit_log WHERE entity = 'cart' AND action = 'release'"
                                             "   AND entity_id = ANY ('%s'::text[])", list), ==, N_CARTS);
  g_assert_cmpint (ts_test_owner_int (first, "SELECT count (DISTINCT entity_id) FROM audit_log WHERE entity = 'cart'"
                                             "   AND action = 'release' AND entity_id = ANY ('%s'::text[])", list),
                   ==, N_CARTS);
  ts_test_assert_ledgers (first);
}

/* C6: bad passwords for one login count wherever they are typed.  From the
 * login's usual place, five in a row lock it — three through one server and
 * two through the other — and the lock holds on both. */
static void
test_sign_in_counts_are_shared (void)
{
  g_autofree char *usual = ts_test_sign_in (first, "TIX", "staff", "staff-password");
  const char *bad = "{\"outlet\": \"TIX\", \"login\": \"staff\", \"password\": \"typo\"}";
  const char *good = "{\"outlet\": \"TIX\", \"login\": \"staff\", \"password\": \"staff-password\"}";

  for (guint i = 0; i < 4; i++)
    ts_test_expect_error (i % 2 == 0 ? first : second, "POST", "/api/v1/session", NULL, bad, 401,
                          "wrong_password", NULL);
  ts_test_expect_error (first, "POST", "/api/v1/session", NULL, bad, 403, "locked", "until");
  ts_test_expect_error (second, "POST", "/api/v1/session", NULL, good, 403, "locked", "until");
  ts_test_expect_error (first, "POST", "/api/v1/session", NULL, good, 403, "locked", "until");
}

/* The storefront's place in line on the performance page: NULL when let
 * in, else "1", "2"… */
static char *
place_in_line (TsTestVisitor *visitor)
{
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (visitor, "GET", path, NULL, 200);
  const char *at = strstr (page->body, "class=\"queue-place\"");

  if (at == NULL)
    return NULL;
  at = strpbrk (at, "0123456789");
  return g_strndup (at, strspn (at, "0123456789"));
}

static void
set_active_limit (guint limit)
{
  ts_server_get_config (ts_test_server_get_server (first))->shop_active_limit = limit;
  ts_server_get_config (ts_test_server_get_server (second))->shop_active_limit = limit;
}

/* The storefront's waiting room is one line in the database: with room for
 * one shopper, the one let in through the first server keeps the next
 * visitors waiting whichever server they reach, numbered in one order. */
static void
test_one_waiting_line (void)
{
  g_autoptr(TsTestVisitor) in = ts_test_visitor_new (first);
  g_autoptr(TsTestVisitor) next = ts_test_visitor_new (second);
  g_autoptr(TsTestVisitor) last = ts_test_visitor_new (first);
  g_autofree char *admitted = NULL;
  g_autofree char *second_place = NULL;
  g_autofree char *third_place = NULL;
  g_autofree char *again = NULL;

  ts_test_owner_sqlf (first, "UPDATE outlet SET web_enabled = true WHERE code = 'UTH'");
  ts_test_owner_sqlf (first, "UPDATE performance SET internet_on_sale = now () - interval '1 day'"
                             " WHERE id = %" G_GINT64_FORMAT, perf);
  set_active_limit (1);
  admitted = place_in_line (in);
  second_place = place_in_line (next);
  third_place = place_in_line (last);
  again = place_in_line (next);                /* a refresh keeps its place */
  set_active_limit (0);

  g_assert_null (admitted);
  g_assert_cmpstr (second_place, ==, "1");
  g_assert_cmpstr (third_place, ==, "2");
  g_assert_cmpstr (again, ==, "1");
  g_assert_cmpint (ts_test_owner_int (first, "SELECT count (*) FROM waiting_room"), ==, 3);
}

/* A card payment authorised and then left half-way an hour ago (the server
 * stopped between the steps, S4): a payments sweeper voids it. */
static char *
stale_payment (const char *provider,
               const char *reference)
{
  return ts_test_owner_sqlf (first, "INSERT INTO payment_intent (outlet_id, idempotency_key, amount_cents, currency,"
                                    " provider, provider_reference, status, order_request, updated_at)"
                                    " SELECT id, 'stale-%s', 4200, 'CAD', '%s', '%s', 'authorized', '{}',"
                                    "        now () - interval '1 hour' FROM outlet WHERE code = 'UTH' RETURNING id",
                             reference, provider, reference);
}

/* How many payments left half-way a sweeper (holder) may void now. */
static gint64
claimable (const char *provider,
           const char *holder)
{
  g_autofree char *sql = g_strdup_printf ("SELECT jsonb_array_length (ts_shop_payment_sweep_claim ('%s', '%s') -> 'stale')",
                                          provider, holder);
  g_autofree char *count = ts_test_sql_at (ts_test_server_get_app_conninfo (first), sql);

  return g_ascii_strtoll (count, NULL, 10);
}

static gboolean
voided (gpointer data)
{
  g_autofree char *status = ts_test_owner_sqlf (first, "SELECT status FROM payment_intent WHERE id = '%s'",
                                                (char *) data);

  return g_str_equal (status, "voided");
}

/* Both servers' payments sweepers look for card refunds and payments left
 * half-way every 3 s; what one is asking the provider, the other skips (a
 * claim by the idempotency key the provider gets), so a refund or a void is
 * never asked for twice at once.  Its own claim a sweeper renews (a provider
 * that did not answer is asked again); a claim left by a stopped server
 * expires, and another server takes it over. */
static void
test_payments_asked_once (void)
{
  const char *x = "00000000-0000-4000-8000-00000000000a";
  const char *y = "00000000-0000-4000-8000-00000000000b";
  g_autofree char *aside = stale_payment ("elsewhere", "ref-elsewhere");   /* no server's provider */
  g_autofree char *swept = NULL;

  g_assert_cmpint (claimable ("elsewhere", x), ==, 1);
  g_assert_cmpint (claimable ("elsewhere", y), ==, 0);
  g_assert_cmpint (claimable ("elsewhere", x), ==, 1);
  ts_test_owner_sqlf (first, "UPDATE payment_sweep_claim SET until = now () - interval '1 second'"
                             " WHERE claim_key = 'void-%s'", aside);
  g_assert_cmpint (claimable ("elsewhere", y), ==, 1);
  g_assert_cmpint (claimable ("elsewhere", x), ==, 0);

  /* the real sweepers of both servers: one of them voids it, once */
  swept = stale_payment ("test", "ref-swept");
  if (!ts_test_wait_until (voided, swept, 20000))
    g_error ("The payment left half-way was not voided within 20 s");
  /* (that the provider was asked once is what the claims above prove: the
   * test provider of each server keeps its own calls, out of reach here) */
}

/* A map of one row and a performance of it at UTH, offered to every outlet. */
static void
make_season (void)
{
  gint64 uth = ts_test_outlet_id (first, "UTH");
  g_autofree char *manager = ts_test_sign_in (first, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (first, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Two Halls\", \"size\": {\"width\": 800, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 1, \"seats\": 30,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 event, commission;

  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  event = ts_test_owner_int (first, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                    ", 'Twice', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (first, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT
                                   ", %" G_GINT64_FORMAT ", now () + interval '3 days', 30, 30, now () - interval '1 day',"
                                   " now () - interval '1 day', true) RETURNING id", event, uth);
  commission = ts_test_owner_int (first, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                         " VALUES (%" G_GINT64_FORMAT ", 'Flat', 150, 500) RETURNING id", uth);
  adult = ts_test_owner_int (first, "INSERT INTO ticket_type (outlet_id, name, price_cents, other_outlets,"
                                    " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 4200, true, %"
                                    G_GINT64_FORMAT ") RETURNING id", uth, commission);
  ts_test_owner_sqlf (first, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                             ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf);
  patron = ts_test_owner_int (first, "INSERT INTO patron (first_name, last_name) VALUES ('Twice', 'Seen') RETURNING id");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  first = ts_test_server_new_external ();
  second = ts_test_server_new_sibling (first);
  make_season ();

  g_test_add_func ("/two-servers/sessions-anywhere", test_sessions_anywhere);
  g_test_add_func ("/two-servers/live-across-servers", test_live_across_servers);
  g_test_add_func ("/two-servers/no-double-sale", test_no_double_sale);
  g_test_add_func ("/two-servers/carts-expire-once", test_carts_expire_once);
  g_test_add_func ("/two-servers/sign-in-counts-are-shared", test_sign_in_counts_are_shared);
  g_test_add_func ("/two-servers/payments-asked-once", test_payments_asked_once);
  g_test_add_func ("/two-servers/one-waiting-line", test_one_waiting_line);

  status = g_test_run ();
  ts_test_server_free (second);
  ts_test_server_free (first);
  for (guint s = 0; s < N_SEATS; s++)
    g_free (seats[s]);
  return status;
}
