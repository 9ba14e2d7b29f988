/* test-server-race.c — twenty outlets' agents, several clients each, race
 * over real HTTP for the same seats and the last general-admission places;
 * and a burst of agents holding free seats while carts that span several
 * performances expire under them and two sweepers run at once (rules S1,
 * S2, A1, A2)
 *
 * Afterwards: no seat is sold twice, general admission never exceeds its
 * capacity, every refusal is a clean 409, no hold of a free seat is refused
 * (no deadlock: locks are taken in one global order), and every ledger
 * balances. */
#include <libsoup/soup.h>
#include <string.h>

#include "ts-cart-sweeper.h"
#include "ts-test-client.h"

#define N_OUTLETS          20
#define CLIENTS_PER_OUTLET 3
#define N_SEATS            10
#define GA_CAPACITY        5

static TsTestServer *server;

typedef struct
{
  guint pending;
  guint seat_sold[N_SEATS];
  guint seat_refused;
  guint ga_sold;
  guint ga_refused;
  guint other;
  guint replayed;
} Race;

typedef struct
{
  Race  *race;
  int    seat;          /* -1: a GA place */
  char  *key;
} Attempt;



static void
attempt_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Attempt *attempt = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = msg ? soup_message_get_status (msg) : 0;

  if (error != NULL)
    g_printerr ("request failed: %s\n", error->message);
  if (status == 201 && body != NULL)
    {
      gsize size;
      const char *text = g_bytes_get_data (body, &size);

      if (g_strstr_len (text, size, "\"replayed\"") != NULL)
        attempt->race->replayed++;
      else if (attempt->seat >= 0)
        attempt->race->seat_sold[attempt->seat]++;
      else
        attempt->race->ga_sold++;
    }
  else if (status == 409)
    {
      if (attempt->seat >= 0)
        attempt->race->seat_refused++;
      else
        attempt->race->ga_refused++;
    }
  else
    {
      g_printerr ("unexpected answer %u: %.*s\n", status,
                  body ? (int) g_bytes_get_size (body) : 0, body ? (const char *) g_bytes_get_data (body, NULL) : "");
      attempt->race->other++;
    }
  attempt->race->pending--;
  g_free (attempt->key);
  g_free (attempt);
}

static void
send_order (SoupSession *session,
            const char  *token,
            Race        *race,
            int          seat,
            const char  *key,
            const char  *body_json)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/orders", ts_test_server_get_url (server));
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body_json, strlen (body_json));
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->race = race;
  attempt->seat = seat;
  attempt->key = g_strdup (key);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  race->pending++;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, attempt_done, attempt);
}

static void
test_race (void)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Race Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 1, \"seats\": 10,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Regular\", \"capacity\": 5, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  gint64 event, perf, commission, adult, patron;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *seats[N_SEATS] = { NULL };
  Race race = { 0 };
  guint total_seat_sales = 0;

  /* Seventeen more outlets, each with a Box Office agent. */
  for (guint i = 0; i < N_OUTLETS - 3; i++)
    {
      gint64 outlet = ts_test_owner_int (server, "INSERT INTO outlet (code, name) VALUES ('R%02u', 'Race Outlet %02u') RETURNING id", i, i);
      gint64 person = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                               " VALUES ('Agent', 'R%02u', %" G_GINT64_FORMAT ") RETURNING id", i, outlet);

      ts_test_owner_sqlf (server, "INSERT INTO employee (outlet_id, patron_id, login, level, password_hash)"
            " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'boxoffice', 'box_office',"
            " crypt ('boxoffice-password', gen_salt ('bf', 4)))", outlet, person);
    }
  for (guint i = 0; i < N_SEATS; i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                     " ORDER BY number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT ", 'Final', %" G_GINT64_FORMAT
                   ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
                  " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                  " now () + interval '3 days', 15, 15, now () - interval '1 day', now () - interval '1 day', true)"
                  " RETURNING id", event, uth);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                        " VALUES (%" G_GINT64_FORMAT ", 'Flat', 150, 500) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, other_outlets, commission_table_id)"
                   " VALUES (%" G_GINT64_FORMAT ", 'Adult', 4200, true, %" G_GINT64_FORMAT ") RETURNING id", uth, commission);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Fan', 'Atic') RETURNING id");

  /* Several clients per outlet, each a session of its own. */
  {
    g_autofree char *codes = ts_test_owner_sqlf (server, "SELECT string_agg (code, ',' ORDER BY id) FROM outlet");
    g_auto(GStrv) list = g_strsplit (codes, ",", -1);

    g_assert_cmpuint (g_strv_length (list), ==, N_OUTLETS);
    for (guint o = 0; list[o] != NULL; o++)
      for (guint c = 0; c < CLIENTS_PER_OUTLET; c++)
        {
          g_ptr_array_add (tokens, ts_test_sign_in (server, list[o], "boxoffice", "boxoffice-password"));
          g_ptr_array_add (sessions, soup_session_new_with_options ("timeout", 120, "max-conns", 4, NULL));
        }
  }

  /* Every client tries two seats (each seat is wanted by six clients), one
   * GA place, and resends its first order as a client retry would (S2). */
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      SoupSession *session = g_ptr_array_index (sessions, i);

      for (guint k = 0; k < 2; k++)
        {
          int seat = (int) ((i * 2 + k) % N_SEATS);
          g_autofree char *key = g_strdup_printf ("race-%03u-%u", i, k);
          g_autofree char *body = g_strdup_printf (
              "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %"
              G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
              " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4200}]}",
              key, patron, perf, seats[seat], adult);

          send_order (session, token, &race, seat, key, body);
          if (k == 0)
            send_order (session, token, &race, seat, key, body);
        }
      {
        g_autofree char *key = g_strdup_printf ("race-%03u-ga", i);
        g_autofree char *body = g_strdup_printf (
            "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %"
            G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
            " \"payments\": [{\"method\": \"card\", \"amount_cents\": 4200}]}", key, patron, perf, adult);

        send_order (session, token, &race, -1, key, body);
      }
    }
  while (race.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* S1: each seat sold exactly once; GA exactly to capacity. */
  for (guint s = 0; s < N_SEATS; s++)
    {
      g_assert_cmpuint (race.seat_sold[s], ==, 1);
      total_seat_sales += race.seat_sold[s];
    }
  g_assert_cmpuint (race.ga_sold, ==, GA_CAPACITY);
  g_assert_cmpuint (race.other, ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                            " AND kind = 'sold'", perf), ==, N_SEATS);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                            " AND seat_guid IS NOT NULL AND status = 'sold'", perf), ==, total_seat_sales);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT taken FROM performance_ga WHERE performance_id = %" G_GINT64_FORMAT, perf), ==, GA_CAPACITY);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                            " AND area_key IS NOT NULL", perf), ==, GA_CAPACITY);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, perf), ==, N_SEATS + GA_CAPACITY);
  /* S2: a retried order never sold twice. */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM (SELECT outlet_id, idempotency_key FROM ticket_order"
                            " GROUP BY 1, 2 HAVING count (*) > 1) x"), ==, 0);
  /* A1, A2: every entry balances, every pair mirrors. */
  ts_test_assert_ledgers (server);
  g_test_message ("%u seat sales, %u refused; %u GA sales, %u refused; %u retries answered",
                  total_seat_sales, race.seat_refused, race.ga_sold, race.ga_refused, race.replayed);
}

typedef struct
{
  guint pending;
  guint ok;
  guint refused;
  guint sweep_failures;
} Burst;

typedef struct
{
  Burst *burst;
  char  *body;
} Hold;

static void
hold_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Hold *hold = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = msg ? soup_message_get_status (msg) : 0;

  if (status == 200 || status == 201)
    hold->burst->ok++;
  else
    {
      hold->burst->refused++;
      g_printerr ("refused, though it should pass (%u): %s → %.*s\n", status, hold->body,
                  body ? (int) g_bytes_get_size (body) : 0, body ? (const char *) g_bytes_get_data (body, NULL) : "");
    }
  hold->burst->pending--;
  g_free (hold->body);
  g_free (hold);
}

static void
send_json (SoupSession *session,
           const char  *token,
           Burst       *burst,
           const char  *path,
           char        *body_json)           /* taken */
{
  g_autofree char *url = g_strdup_printf ("%s%s", ts_test_server_get_url (server), path);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body_json, strlen (body_json));
  Hold *call = g_new0 (Hold, 1);

  call->burst = burst;
  call->body = body_json;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  burst->pending++;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, hold_done, call);
}

static void
send_hold (SoupSession *session,
           const char  *token,
           Burst       *burst,
           char        *body_json)           /* taken */
{
  send_json (session, token, burst, "/api/v1/carts/hold", body_json);
}

/* A sweep that fails says so with a warning: counted, not fatal here. */
static gboolean
count_sweep_failures (const char     *domain,
                      GLogLevelFlags  level,
                      const char     *message,
                      gpointer        user_data)
{
  Burst *burst = user_data;

  if (strstr (message, "Releasing expired carts failed") != NULL)
    {
      burst->sweep_failures++;
      g_printerr ("%s\n", message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  TsCartSweeper *sweepers[2];
} Sweepers;

static gboolean
sweep_both (gpointer data)
{
  Sweepers *s = data;

  ts_cart_sweeper_sweep (s->sweepers[0]);
  ts_cart_sweeper_sweep (s->sweepers[1]);
  return G_SOURCE_CONTINUE;
}

#define N_PERFORMANCES 6
#define N_CARTS        40
#define N_AGENTS       12
#define HOLDS_EACH     6
#define ROUNDS         3

/* S1: carts that hold seats at three performances each expire; then twelve
 * agents hold free seats — some of them in those expired carts — at every
 * performance in turn, while two sweepers release expired carts again and
 * again.  Every hold succeeds: claims and expiry take their locks in one
 * global order (docs/architecture.md), so nothing deadlocks. */
static void
test_expiry_under_burst (void)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Expiry Hall\", \"size\": {\"width\": 900, \"height\": 400},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Hall\", \"category\": \"Regular\", \"rows\": 4, \"seats\": 30,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  gint64 event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                    ", 'Expiry', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TsCartSweeper) second = ts_cart_sweeper_new (ts_server_get_db (ts_test_server_get_server (server)), 3600);
  Sweepers sweepers = { { ts_server_get_cart_sweeper (ts_test_server_get_server (server)), second } };
  Burst burst = { 0 };
  guint total = 0;

  g_test_log_set_fatal_handler (count_sweep_failures, &burst);
  for (guint a = 0; a < N_AGENTS; a++)
    {
      g_ptr_array_add (tokens, ts_test_sign_in (server, a % 2 ? "UTH" : "ATH", "boxoffice", "boxoffice-password"));
      g_ptr_array_add (sessions, soup_session_new_with_options ("timeout", 120, "max-conns", 2, NULL));
    }

  for (guint round = 0; round < ROUNDS; round++)
    {
      gint64 perfs[N_PERFORMANCES];
      guint source;

      for (guint p = 0; p < N_PERFORMANCES; p++)
        perfs[p] = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                      " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                                      G_GINT64_FORMAT ", now () + interval '%u days', 120, 120, now () - interval '1 day',"
                                      " now () - interval '1 day', true) RETURNING id", event, uth, 3 + round * 10 + p);
      /* carts spanning three performances each, in both directions of id */
      for (guint c = 0; c < N_CARTS; c++)
        {
          const char *token = g_ptr_array_index (tokens, c % N_AGENTS);
          g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", token, "{}", 201);
          const char *id = ts_test_member_string (cart, "id");
          guint spans[3] = { c % N_PERFORMANCES, (c + 5) % N_PERFORMANCES, (c + 2) % N_PERFORMANCES };

          for (guint k = 0; k < 3; k++)
            {
              g_autofree char *body = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                                       " \"seats\": [\"Hall-%c-%u\"]}", id, perfs[spans[k]], 'A' + c / 30, c % 30 + 1);

              json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", token, body, 200));
            }
        }
      ts_test_owner_sql (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE expires_at > now ()");
      ts_test_owner_sql (server, "UPDATE seat_claim SET expires_at = now () - interval '1 second' WHERE kind = 'cart'");

      /* the burst: each agent holds, at each performance in turn, a seat of
       * an expired cart and a seat nobody ever held — all of them free */
      source = g_timeout_add (5, sweep_both, &sweepers);
      for (guint h = 0; h < HOLDS_EACH; h++)
        for (guint a = 0; a < N_AGENTS; a++)
          {
            const char *token = g_ptr_array_index (tokens, a);
            g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", token, "{}", 201);
            guint q = (a * 5 + h) % N_PERFORMANCES;
            guint expired = a * 3 + h % 3;
            guint fresh = 40 + a * HOLDS_EACH + h;

            send_hold (g_ptr_array_index (sessions, a), token, &burst,
                       g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                        " \"seats\": [\"Hall-%c-%u\", \"Hall-%c-%u\"]}",
                                        ts_test_member_string (cart, "id"), perfs[q],
                                        'A' + expired / 30, expired % 30 + 1, 'A' + fresh / 30, fresh % 30 + 1));
            total++;
          }
      while (burst.pending > 0)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (source);
    }

  /* at rest, one sweep releases every expired cart there is left */
  ts_test_owner_sql (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE expires_at > now ()");
  for (int i = 0; i < 500 && ts_test_owner_int (server, "SELECT count (*) FROM cart") > 0; i++)
    {
      ts_cart_sweeper_sweep (sweepers.sweepers[i % 2]);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM cart"), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE kind = 'cart'"), ==, 0);
  g_test_message ("%u holds of free seats: %u done, %u refused; %u failed sweeps", total, burst.ok, burst.refused,
                  burst.sweep_failures);
  g_assert_cmpuint (burst.ok, ==, total);
  g_assert_cmpuint (burst.refused, ==, 0);
  g_assert_cmpuint (burst.sweep_failures, ==, 0);
  ts_cart_sweeper_stop (second);
  ts_test_assert_ledgers (server);
}

#define N_EXCHANGES 24

/* S6, S9: exchanges that give back a ticket of a later performance for one
 * of an earlier performance, while other agents sell orders spanning both:
 * each takes every performance's lock in ascending id order, so none is
 * refused.  (On the hall, event and ticket type of the tests above.) */
static void
test_exchanges_across_performances (void)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 event = ts_test_owner_int (server, "SELECT id FROM event WHERE name = 'Expiry'");
  gint64 adult = ts_test_owner_int (server, "SELECT id FROM ticket_type WHERE name = 'Adult' AND outlet_id = %" G_GINT64_FORMAT, uth);
  gint64 patron = ts_test_owner_int (server, "SELECT min (id) FROM patron");
  gint64 early, late;
  gint64 orders[N_EXCHANGES], items[N_EXCHANGES];
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  Burst burst = { 0 };

  early = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                             " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '50 days',"
                             " 120, 120, now () - interval '1 day') RETURNING id", event, uth);
  late = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '51 days',"
                            " 120, 120, now () - interval '1 day') RETURNING id", event, uth);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "), (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                      G_GINT64_FORMAT ")", uth, adult, early, uth, adult, late);
  for (guint a = 0; a < 8; a++)
    {
      g_ptr_array_add (tokens, ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password"));
      g_ptr_array_add (sessions, soup_session_new_with_options ("timeout", 120, "max-conns", 2, NULL));
    }
  for (guint k = 0; k < N_EXCHANGES; k++)
    {
      g_autofree char *body = g_strdup_printf (
          "{\"idempotency_key\": \"to-exchange-%03u\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\":"
          " [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"Hall-A-%u\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4200}]}", k, patron, late, k + 1, adult);
      g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", g_ptr_array_index (tokens, 0), body, 201);

      orders[k] = ts_test_member_int (order, "id");
      items[k] = json_object_get_int_member (json_array_get_object_element (
                   json_object_get_array_member (json_node_get_object (order), "items"), 0), "id");
    }

  for (guint k = 0; k < N_EXCHANGES; k++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/exchange", orders[k]);

      send_json (g_ptr_array_index (sessions, k % 4), g_ptr_array_index (tokens, k % 4), &burst, path,
                 g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Earlier date\", \"new\":"
                                  " {\"idempotency_key\": \"exchanged-%03u\", \"items\": [{\"performance_id\": %"
                                  G_GINT64_FORMAT ", \"seat\": \"Hall-A-%u\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]}}",
                                  items[k], k, early, k + 1, adult));
      send_json (g_ptr_array_index (sessions, 4 + k % 4), g_ptr_array_index (tokens, 4 + k % 4), &burst, "/api/v1/orders",
                 g_strdup_printf ("{\"idempotency_key\": \"both-dates-%03u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                  " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"Hall-C-%u\","
                                  " \"ticket_type_id\": %" G_GINT64_FORMAT "}, {\"performance_id\": %" G_GINT64_FORMAT ","
                                  " \"seat\": \"Hall-C-%u\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                  " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 8400}]}",
                                  k, patron, early, k + 1, adult, late, k + 1, adult));
    }
  while (burst.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%u exchanges and sales across two performances: %u done, %u refused",
                  2 * N_EXCHANGES, burst.ok, burst.refused);
  g_assert_cmpuint (burst.refused, ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND status = 'sold'", early), ==, 2 * N_EXCHANGES);
  ts_test_assert_ledgers (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  g_test_add_func ("/race/twenty-outlets", test_race);
  g_test_add_func ("/race/expiry-under-burst", test_expiry_under_burst);
  g_test_add_func ("/race/exchanges-across-performances", test_exchanges_across_performances);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
