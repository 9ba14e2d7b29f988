/* test-server-race.c — twenty outlets' agents, several clients each, race
 * over real HTTP for the same seats and the last general-admission places
 * (rules S1, S2, A1, A2)
 *
 * Afterwards: no seat is sold twice, general admission never exceeds its
 * capacity, every refusal is a clean 409, and every ledger balances. */
#include <libsoup/soup.h>
#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  g_test_add_func ("/race/twenty-outlets", test_race);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
