/* test-server-sales.c — the selling engine over the API, for the owning
 * outlet (UTH), a permitted selling outlet (ATH), an outlet that is not
 * permitted (TIX) and the Master User: holds, orders, payments, refunds,
 * exchanges, letter holds, the sales map, the ledgers (rules S1–S8, T2–T6,
 * E2–E4, M4–M8, P5, A1–A4)
 *
 * The season is set up with SQL as the owner role (the setup API has its own
 * tests); everything sold goes through HTTP.  After every test the ledgers
 * are audited: every entry balances and every pair of outlets mirrors (A1, A2). */
#include <string.h>

#include "ts-test-client.h"
#include "ts-pg.h"
#include "ts-ticket-signer.h"

static TsTestServer *server;
static char *master, *uth_manager, *uth_boxoffice, *uth_walkup, *ath_boxoffice, *ath_manager, *tix_boxoffice;
static gint64 uth, ath, tix;
static gint64 map_id, perf, perf_today, perf_tix_only;
static gint64 adult, student, comp, member, preview, ath_own_type, season_seat, season;
static gint64 patron, friend_patron;
static char *seats[10];
static guint key_counter;



static char *
next_key (void)
{
  return g_strdup_printf ("test-order-%05u", ++key_counter);
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}


static char *
new_cart (const char *token)
{
  g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", token, "{}", 201);

  return g_strdup (ts_test_member_string (cart, "id"));
}

static void
hold (const char *token,
      const char *cart,
      gint64      performance,
      const char *seat,
      guint       expected)
{
  g_autofree char *body = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                           " \"seats\": [\"%s\"]}", cart, performance, seat);

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", token, body, expected));
}

/* Sells one seat (or GA place) with one payment; answers the order. */
static JsonNode *
sell (const char *token,
      gint64      performance,
      const char *place,          /* "seat": "…" or "area": "…" */
      gint64      ticket_type,
      const char *method,
      gint64      amount,
      guint       expected)
{
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"%s\", \"amount_cents\": %" G_GINT64_FORMAT "}]}",
      key, patron, performance, place, ticket_type, method, amount);

  return ts_test_expect (server, "POST", "/api/v1/orders", token, body, expected);
}

static char *
seat_place (guint i)
{
  return g_strdup_printf ("\"seat\": \"%s\"", seats[i]);
}

static JsonObject *
seat_state (JsonNode   *answer,
            const char *guid)
{
  JsonArray *list = json_object_get_array_member (object_of (answer), "seats");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *s = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (s, "seat"), guid))
        return s;
    }
  return NULL;
}

static void
test_sell_own_performance (void)
{
  g_autofree char *cart = new_cart (uth_boxoffice);
  g_autofree char *cart2 = new_cart (uth_manager);
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"cart_id\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"recipient_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      "           {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 5500}]}",
      key, cart, patron, friend_patron, perf, seats[0], adult, perf, seats[1], student);
  g_autoptr(JsonNode) order = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) map = NULL;
  g_autofree char *changed = NULL;
  gint64 order_id;

  hold (uth_boxoffice, cart, perf, seats[0], 200);
  hold (uth_boxoffice, cart, perf, seats[1], 200);
  /* R1: holding in a cart is a write, audited with the owner as subject */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'hold' AND entity = 'cart'"
                                      " AND entity_id = '%s' AND subject_outlet_id = %" G_GINT64_FORMAT, cart, uth), ==, 2);
  /* S1: a seat in somebody's cart is not theirs to take. */
  hold (uth_manager, cart2, perf, seats[0], 409);
  ts_test_expect_error (server, "POST", "/api/v1/carts/hold", uth_boxoffice,
                        "{\"cart_id\": \"not-a-uuid\", \"performance_id\": 1, \"seats\": []}",
                        400, "invalid_input", "cart_id");

  order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  order_id = ts_test_member_int (order, "id");
  g_assert_cmpint (ts_test_member_int (order, "total_cents"), ==, 5500);
  g_assert_true (json_object_get_boolean_member (object_of (order), "gift"));

  /* S2: the same submission again sells nothing twice and answers the same order. */
  again = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  g_assert_cmpint (ts_test_member_int (again, "id"), ==, order_id);
  g_assert_true (json_object_get_boolean_member (object_of (again), "replayed"));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT, order_id), ==, 2);
  /* … and the same key for a different order is refused. */
  changed = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                             " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                             " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                             " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                             key, patron, perf, seats[5], adult);
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, changed, 409, "conflict", "idempotency_key");

  /* M5: sold seats show their display letter. */
  map = ts_test_expect (server, "GET", g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/seats", perf),
                        uth_boxoffice, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (seat_state (map, seats[0]), "state"), ==, "sold");
  g_assert_cmpstr (json_object_get_string_member (seat_state (map, seats[0]), "letter"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (seat_state (map, seats[1]), "letter"), ==, "S");
  g_assert_cmpstr (json_object_get_string_member (seat_state (map, seats[0]), "patron"), ==, "Grace Hopper");

  /* A sold seat cannot be sold again. */
  {
    g_autofree char *place = seat_place (0);
    g_autoptr(JsonNode) taken = sell (uth_boxoffice, perf, place, adult, "cash", 3500, 409);

    g_assert_nonnull (strstr (ts_test_error_message (taken), "Taken meanwhile"));
  }
  /* The cart is released; the seat it still holds is free again. */
  hold (uth_boxoffice, cart, perf, seats[2], 200);
  {
    g_autofree char *release = g_strdup_printf ("{\"cart_id\": \"%s\"}", cart);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/release", uth_boxoffice, release, 200));
    hold (uth_manager, cart2, perf, seats[2], 200);
    release = g_strdup_printf ("{\"cart_id\": \"%s\"}", cart2);
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/release", uth_manager, release, 200));
  }
  ts_test_assert_ledgers (server);
}

static void
test_payment_rules (void)
{
  g_autofree char *place = seat_place (3);
  g_autofree char *key = next_key ();
  g_autofree char *split = NULL;
  g_autoptr(JsonNode) order = NULL;

  /* S4: payments must cover the order exactly; the balance goes on account explicitly. */
  json_node_unref (sell (uth_boxoffice, perf, place, adult, "cash", 3000, 400));
  split = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                           " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                           " \"payments\": [{\"method\": \"card\", \"amount_cents\": 2000, \"reference\": \"VISA 1234\"},"
                           "                {\"method\": \"on_account\", \"amount_cents\": 1500}]}",
                           key, patron, perf, place, adult);
  order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, split, 201);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object_of (order), "payments")), ==, 2);
  /* Bad input is named and changes nothing. */
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice,
                        "{\"idempotency_key\": \"abcdefgh1\", \"purchaser_id\": 1, \"items\": [{\"seat\": 5}]}",
                        400, "invalid_input", "items[0].seat");
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice,
                        "{\"idempotency_key\": \"abcdefgh2\", \"purchaser_id\": 1, \"items\": [], \"bogus\": 1}",
                        400, "invalid_input", "bogus");
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice,
                        "{\"idempotency_key\": \"short\", \"purchaser_id\": 1, \"items\": [{\"ticket_type_id\": 1}]}",
                        400, "invalid_input", "idempotency_key");
  {
    g_autofree char *bad_method = g_strdup_printf (
        "{\"idempotency_key\": \"abcdefgh3\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"bitcoin\", \"amount_cents\": 3500}]}", patron, perf, seats[4], adult);

    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, bad_method, 400, "invalid_input", "payments[0].method");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'", seats[4]), ==, 0);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE idempotency_key LIKE 'abcdefgh%%'"), ==, 0);
  }
  ts_test_assert_ledgers (server);
}

/* C7, S4: an outlet takes only the payment methods its preferences list; a
 * checkout paid by another is refused, naming the payment, and sells
 * nothing.  Every outlet takes them all until its administrator says
 * otherwise. */
static void
test_payment_methods_taken (void)
{
  g_autofree char *outlet = g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT, uth);
  g_autofree char *place = seat_place (4);
  g_autoptr(JsonNode) before = ts_test_expect (server, "GET", outlet, master, NULL, 200);
  g_autoptr(JsonNode) narrowed = NULL;
  g_autoptr(JsonNode) restored = NULL;
  g_autoptr(JsonNode) refused = NULL;
  JsonArray *taken = json_object_get_array_member (object_of (before), "payment_methods");

  g_assert_cmpuint (json_array_get_length (taken), ==, 6);
  narrowed = ts_test_expect (server, "PATCH", outlet, master, "{\"payment_methods\": [\"card\", \"cash\"]}", 200);
  taken = json_object_get_array_member (object_of (narrowed), "payment_methods");
  g_assert_cmpuint (json_array_get_length (taken), ==, 2);

  refused = sell (uth_boxoffice, perf, place, adult, "cheque", 3500, 409);
  g_assert_cmpstr (ts_test_error_code (refused), ==, "conflict");
  g_assert_nonnull (strstr (ts_test_error_message (refused), "payments[0].method"));
  g_assert_nonnull (strstr (ts_test_error_message (refused), "cheque"));
  json_node_unref (sell (uth_boxoffice, perf, place, adult, "gift_certificate", 3500, 409));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'", seats[4]), ==, 0);

  restored = ts_test_expect (server, "PATCH", outlet, master,
                             "{\"payment_methods\": [\"cash\", \"cheque\", \"card\", \"gift_certificate\","
                             " \"pass\", \"on_account\"]}", 200);
  ts_test_assert_ledgers (server);
}

static void
test_ticket_type_rules (void)
{
  g_autofree char *place = seat_place (5);
  g_autofree char *key = next_key ();
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) err = NULL;

  /* T2: a type with no redemption for the performance is not sold. */
  err = sell (uth_boxoffice, perf, place, member, "cash", 2500, 403);   /* subscribers only (T3) */
  g_assert_nonnull (strstr (ts_test_error_message (err), "subscribers only"));
  /* Comps need a reason. */
  json_node_unref (sell (uth_boxoffice, perf, place, comp, "cash", 0, 400));
  body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT ","
                          " \"comp_reason\": \"Reviewer, Globe and Mail\"}]}", key, patron, perf, place, comp);
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201));
  /* Walk-up level may not give comps. */
  /* Promo codes are case-insensitive, whole words (T2). */
  {
    g_autofree char *p6 = seat_place (6);
    g_autofree char *k1 = next_key ();
    g_autofree char *k2 = next_key ();
    g_autofree char *wrong = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT ","
        " \"promo_code\": \"EARLY\"}], \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3000}]}",
        k1, patron, perf, p6, preview);
    g_autofree char *right = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT ","
        " \"promo_code\": \" EarlyBird \"}], \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3000}]}",
        k2, patron, perf, p6, preview);

    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, wrong, 403, "forbidden", "promo_code");
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, right, 201));
  }
  /* T2: cap and maximum per order (student: cap 2, max 2 per order; one sold already). */
  {
    g_autofree char *k = next_key ();
    g_autofree char *three = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": ["
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4000}]}",
        k, patron, perf, seats[7], student, perf, seats[8], student);
    g_autoptr(JsonNode) capped = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, three, 409);

    g_assert_nonnull (strstr (ts_test_error_message (capped), "left"));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT sold FROM redemption WHERE ticket_type_id = %" G_GINT64_FORMAT, student), ==, 1);
  }
  ts_test_assert_ledgers (server);
}

static void
test_cross_outlet_sale (void)
{
  g_autofree char *place = NULL;
  g_autoptr(JsonNode) order = NULL;
  g_autoptr(JsonNode) balances = NULL;
  gint64 commission;

  place = g_strdup_printf ("\"area\": \"Floor#1\"");
  /* S4: another outlet's tickets are paid with real money, never on account. */
  json_node_unref (sell (ath_boxoffice, perf, place, adult, "on_account", 1500, 403));
  /* T5: only regular types offered to other outlets, with a commission
   * table; the others do not exist for them (P7, E4), named or not. */
  {
    g_autoptr(JsonNode) not_offered = sell (ath_boxoffice, perf, place, student, "cash", 2000, 400);
    g_autoptr(JsonNode) a_comp = sell (ath_boxoffice, perf, place, comp, "cash", 0, 400);

    g_assert_cmpstr (ts_test_error_message (not_offered), ==, "items[0].ticket_type_id: no such ticket type");
    g_assert_cmpstr (ts_test_error_message (a_comp), ==, "items[0].ticket_type_id: no such ticket type");
  }
  /* E3: TIX is not on the performance's list of permitted outlets. */
  json_node_unref (sell (tix_boxoffice, perf, place, adult, "cash", 1500, 404));
  /* S3: a selling outlet never overrides the owner's rules. */
  {
    g_autofree char *k = next_key ();
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"override\": {\"reason\": \"VIP\"},"
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 1500}]}", k, patron, perf, place, adult);

    ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, body, 403, "forbidden", "can never override");
  }

  /* The GA price for the Standing zone is 15.00 (T4); commission 1.00 + 10 % (T6). */
  order = sell (ath_boxoffice, perf, place, adult, "cash", 1500, 201);
  commission = json_object_get_int_member (json_array_get_object_element (
                 json_object_get_array_member (object_of (order), "items"), 0), "commission_cents");
  g_assert_cmpint (commission, ==, 250);

  balances = ts_test_expect (server, "GET", "/api/v1/accounts/balances", ath_manager, NULL, 200);
  {
    JsonArray *list = json_object_get_array_member (object_of (balances), "balances");
    JsonObject *with_uth = json_array_get_object_element (list, 0);

    g_assert_cmpint (json_array_get_length (list), ==, 1);
    g_assert_cmpint (json_object_get_int_member (with_uth, "outlet_id"), ==, uth);
    g_assert_cmpint (json_object_get_int_member (with_uth, "ticket_due_to_cents"), ==, 1500);
    g_assert_cmpint (json_object_get_int_member (with_uth, "commission_due_from_cents"), ==, 250);
  }
  ts_test_expect_error (server, "GET", "/api/v1/accounts/balances", ath_boxoffice, NULL, 403, "forbidden", NULL);
  ts_test_assert_ledgers (server);
}

static void
test_order_visibility (void)
{
  g_autofree char *place = seat_place (9);
  g_autoptr(JsonNode) order = sell (ath_boxoffice, perf, place, adult, "card", 3500, 201);
  gint64 id = ts_test_member_int (order, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) seller = ts_test_expect (server, "GET", path, ath_boxoffice, NULL, 200);
  g_autoptr(JsonNode) owner = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
  g_autoptr(JsonNode) all = ts_test_expect (server, "GET", path, master, NULL, 200);
  g_autofree char *seats_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/seats", perf);
  g_autoptr(JsonNode) ath_map = ts_test_expect (server, "GET", seats_path, ath_boxoffice, NULL, 200);
  JsonObject *own_sale, *uth_sale;

  /* P5: the owner sees its own lines only: no payments, no totals. */
  g_assert_true (json_object_has_member (object_of (seller), "payments"));
  g_assert_false (json_object_has_member (object_of (owner), "payments"));
  g_assert_false (json_object_has_member (object_of (owner), "total_cents"));
  g_assert_true (json_object_get_boolean_member (object_of (owner), "partial"));
  g_assert_true (json_object_has_member (object_of (all), "payments"));
  ts_test_expect_error (server, "GET", path, tix_boxoffice, NULL, 404, "not_found", NULL);

  /* M6: the seller sees who sits in the owner's seats, not the price; its own sale in full. */
  uth_sale = seat_state (ath_map, seats[0]);
  own_sale = seat_state (ath_map, seats[9]);
  g_assert_cmpstr (json_object_get_string_member (uth_sale, "patron"), ==, "Grace Hopper");
  g_assert_false (json_object_has_member (uth_sale, "price_cents"));
  g_assert_false (json_object_has_member (uth_sale, "order_id"));
  g_assert_cmpint (json_object_get_int_member (own_sale, "price_cents"), ==, 3500);
  /* TIX may not even view the map (E3, E4). */
  ts_test_expect_error (server, "GET", seats_path, tix_boxoffice, NULL, 404, "not_found", NULL);

  /* M7: "find other seats in this order", for any outlet allowed to sell. */
  {
    g_autofree char *party_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/party?seat=%s", perf, seats[1]);
    g_autoptr(JsonNode) party = ts_test_expect (server, "GET", party_path, ath_boxoffice, NULL, 200);
    JsonArray *list = json_object_get_array_member (object_of (party), "seats");

    g_assert_cmpint (json_array_get_length (list), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (uth_sale, "party"), ==,
                     json_object_get_string_member (seat_state (ath_map, seats[1]), "party"));
  }
  ts_test_assert_ledgers (server);
}

static void
test_refunds (void)
{
  g_autofree char *place = seat_place (4);
  g_autoptr(JsonNode) order = sell (ath_boxoffice, perf, place, adult, "cash", 3500, 201);
  gint64 id = ts_test_member_int (order, "id");
  gint64 item = json_object_get_int_member (json_array_get_object_element (
                  json_object_get_array_member (object_of (order), "items"), 0), "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", id);
  g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Cannot come\","
                                           " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", item);
  g_autofree char *on_account = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"x\","
                                                 " \"payments\": [{\"method\": \"on_account\", \"amount_cents\": 3500}]}", item);
  gint64 commission_before = ts_test_owner_int (server, "SELECT coalesce (sum (amount_cents), 0) FROM ledger_line"
                                      " WHERE outlet_id = %" G_GINT64_FORMAT " AND account = 'commission_receivable'", ath);
  g_autoptr(JsonNode) refunded = NULL;

  /* S6: no third outlet refunds; Walk-up level does not refund at all. */
  ts_test_expect_error (server, "POST", path, tix_boxoffice, body, 404, "not_found", NULL);
  ts_test_expect_error (server, "POST", path, uth_walkup, body, 403, "forbidden", NULL);
  ts_test_expect_error (server, "POST", path, uth_boxoffice, on_account, 403, "forbidden", "paid by cash, cheque or card");
  /* S6, S7: the owner refunds a ticket another outlet sold, from its own
   * till; the commission is cleared; the seller still owes the ticket money. */
  refunded = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
  g_assert_cmpint (ts_test_member_int (refunded, "amount_cents"), ==, 3500);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT coalesce (sum (amount_cents), 0) FROM ledger_line WHERE outlet_id = %" G_GINT64_FORMAT
                            " AND account = 'commission_receivable'", ath), ==, commission_before - 450);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT sum (amount_cents) FROM payment WHERE refund_id IS NOT NULL AND outlet_id = %" G_GINT64_FORMAT,
                            uth), ==, -3500);
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT status FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, "refunded");
  /* Refunded items are cancelled, never deleted, and cannot be refunded twice. */
  ts_test_expect_error (server, "POST", path, uth_boxoffice, body, 409, "conflict", "already refunded");
  /* The seat is free again. */
  {
    g_autofree char *cart = new_cart (uth_boxoffice);
    g_autofree char *release = g_strdup_printf ("{\"cart_id\": \"%s\"}", cart);

    hold (uth_boxoffice, cart, perf, seats[4], 200);
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/release", uth_boxoffice, release, 200));
  }
  ts_test_assert_ledgers (server);
}

static void
test_exchange_and_move (void)
{
  g_autofree char *place = seat_place (4);
  g_autoptr(JsonNode) order = sell (uth_boxoffice, perf, place, adult, "cash", 3500, 201);
  gint64 id = ts_test_member_int (order, "id");
  gint64 item = json_object_get_int_member (json_array_get_object_element (
                  json_object_get_array_member (object_of (order), "items"), 0), "id");
  g_autofree char *move_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/move", id);
  g_autofree char *move = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}",
                                           item, seats[8]);
  g_autofree char *move_taken = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}",
                                                 item, seats[0]);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/exchange", id);
  g_autofree char *key = next_key ();
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) exchanged = NULL;

  /* A seat change within the order, to a free seat of the same price zone. */
  ts_test_expect_error (server, "POST", move_path, uth_boxoffice, move_taken, 409, "conflict", "Taken");
  json_node_unref (ts_test_expect (server, "POST", move_path, uth_boxoffice, move, 200));
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT seat_guid FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, seats[8]);

  /* S6: an exchange to two GA places (2 × 15.00) pays back 5.00. */
  body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Wants standing\","
                          " \"new\": {\"idempotency_key\": \"%s\", \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ","
                          " \"area\": \"Floor#1\", \"quantity\": 2, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"refund_payments\": [{\"method\": \"cash\", \"amount_cents\": 500}]}}",
                          item, key, perf, adult);
  exchanged = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
  g_assert_cmpint (ts_test_member_int (exchanged, "paid_back_cents"), ==, 500);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'", seats[8]), ==, 0);
  /* The new sale passes every check a new sale would: the floor holds 3, and 1 + 2 are sold. */
  {
    g_autofree char *k = next_key ();
    g_autofree char *again = g_strdup_printf (
        "{\"items\": [], \"reason\": \"x\", \"new\": {\"idempotency_key\": \"%s\", \"items\": ["
        "{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]}}",
        k, perf, adult);

    ts_test_expect_error (server, "POST", path, uth_boxoffice, again, 400, "invalid_input", "items");
  }
  {
    g_autofree char *ga = g_strdup ("\"area\": \"Floor#1\"");
    g_autoptr(JsonNode) full = sell (uth_boxoffice, perf, ga, adult, "cash", 1500, 409);

    g_assert_nonnull (strstr (ts_test_error_message (full), "Standing floor"));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT taken FROM performance_ga WHERE performance_id = %" G_GINT64_FORMAT, perf), ==, 3);
  }
  ts_test_assert_ledgers (server);
}

static void
test_advance_limit_and_override (void)
{
  g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seats[2]);
  g_autofree char *k = next_key ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"override\": {\"reason\": \"Board member\"},"
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", k, patron, perf, place, adult);

  ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = claimed WHERE id = %" G_GINT64_FORMAT, perf);
  {
    g_autoptr(JsonNode) limited = sell (uth_boxoffice, perf, place, adult, "cash", 3500, 409);

    g_assert_nonnull (strstr (ts_test_error_message (limited), "advance-sales limit"));
    g_assert_cmpstr (ts_test_error_code (limited), ==, "override_needed");      /* S3: the owner may */
  }
  /* S3: the owner's Box Office overrides, explicitly and audited; Walk-up cannot. */
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_walkup, body, 403, "forbidden", NULL);
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'sell'"
                            " AND after -> 'override' ->> 'reason' = 'Board member'"), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE overridden"), ==, 1);
  ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = capacity WHERE id = %" G_GINT64_FORMAT, perf);

  /* E2: a closed box-office window refuses the owner's sale unless overridden. */
  ts_test_owner_sqlf (server, "UPDATE performance SET box_office_on_sale = now () + interval '1 day' WHERE id = %" G_GINT64_FORMAT, perf);
  {
    g_autoptr(JsonNode) closed = sell (uth_boxoffice, perf, "\"area\": \"Floor#1\"", adult, "cash", 1500, 409);

    g_assert_nonnull (strstr (ts_test_error_message (closed), "window"));
    g_assert_cmpstr (ts_test_error_code (closed), ==, "override_needed");
  }
  ts_test_owner_sqlf (server, "UPDATE performance SET box_office_on_sale = now () - interval '1 day' WHERE id = %" G_GINT64_FORMAT, perf);
  ts_test_assert_ledgers (server);
}

static void
test_walk_up (void)
{
  g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seats[0]);
  g_autoptr(JsonNode) order = NULL;

  /* C4: Walk-up Sales sells only today's performances; S8: checked in at sale. */
  json_node_unref (sell (uth_walkup, perf, place, adult, "cash", 3500, 403));
  order = sell (uth_walkup, perf_today, place, adult, "cash", 3500, 201);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (
                    json_object_get_array_member (object_of (order), "items"), 0), "checked_in_at")));
  /* The till report balances for the employee (A4). */
  {
    g_autoptr(JsonNode) till = ts_test_expect (server, "GET", "/api/v1/accounts/till", uth_walkup, NULL, 200);
    JsonArray *employees = json_object_get_array_member (object_of (till), "employees");

    g_assert_cmpint (json_array_get_length (employees), ==, 1);          /* Walk-up sees its own till only */
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (employees, 0), "balanced"));
  }
  {
    g_autoptr(JsonNode) till = ts_test_expect (server, "GET", "/api/v1/accounts/till", uth_manager, NULL, 200);
    JsonArray *employees = json_object_get_array_member (object_of (till), "employees");

    g_assert_cmpint (json_array_get_length (employees), >=, 2);
    for (guint i = 0; i < json_array_get_length (employees); i++)
      g_assert_true (json_object_get_boolean_member (json_array_get_object_element (employees, i), "balanced"));
  }
  ts_test_assert_ledgers (server);
}

/* An order body for one seat of today's performance with no purchaser:
 * extra members (after a comma) and the payment method. */
static char *
door_sale_body (guint       seat,
                const char *extra,
                const char *method)
{
  g_autofree char *key = next_key ();

  return g_strdup_printf ("{\"idempotency_key\": \"%s\"%s, \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ","
                          " \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"%s\", \"amount_cents\": 3500}]}",
                          key, extra, perf_today, seats[seat], adult, method);
}

/* S8: a sale at the door needs no patron record — a walk-up sale of
 * tickets paid by cash or card; anything else still names the patron, and
 * a refusal sells nothing. */
static void
test_walk_up_without_patron (void)
{
  g_autofree char *by_walkup = door_sale_body (5, "", "cash");
  g_autofree char *by_box_office = door_sale_body (6, ", \"walk_up\": true", "card");
  g_autofree char *null_purchaser = door_sale_body (7, ", \"purchaser_id\": null, \"walk_up\": true", "cash");
  g_autofree char *gift = g_strdup_printf (", \"walk_up\": true, \"recipient_id\": %" G_GINT64_FORMAT, friend_patron);
  g_autoptr(JsonNode) order = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autofree char *path = NULL;
  struct { const char *token; char *body; const char *piece; } refused[] = {
    /* not a walk-up sale: a box-office sale names its patron */
    { uth_boxoffice, door_sale_body (8, "", "cash"), "purchaser_id" },
    /* a walk-up sale on account is settled with somebody */
    { uth_boxoffice, door_sale_body (8, ", \"walk_up\": true", "on_account"), "purchaser_id" },
    { uth_boxoffice, door_sale_body (8, ", \"walk_up\": true", "cheque"), "walk-up sale" },
    /* a gift has a patron */
    { uth_boxoffice, door_sale_body (8, gift, "cash"), "purchaser_id" },
  };
  g_autofree char *subscription = g_strdup_printf (
      "{\"idempotency_key\": \"door-subscription\", \"walk_up\": true, \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 10000}]}", season);

  /* a Walk-up agent's sale is a walk-up sale: no patron asked */
  order = ts_test_expect (server, "POST", "/api/v1/orders", uth_walkup, by_walkup, 201);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (order), "purchaser_id")));
  g_assert_true (json_object_get_boolean_member (object_of (order), "walk_up_no_patron"));
  g_assert_false (json_object_get_boolean_member (object_of (order), "gift"));
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (
                    json_object_get_array_member (object_of (order), "items"), 0), "checked_in_at")));
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, ts_test_member_int (order, "id"));
  seen = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
  g_assert_true (json_object_get_boolean_member (object_of (seen), "walk_up_no_patron"));
  g_clear_pointer (&order, json_node_unref);

  /* Box Office ticks "walk-up" for today's performance, and pays by card */
  order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, by_box_office, 201);
  g_assert_true (json_object_get_boolean_member (object_of (order), "walk_up_no_patron"));
  g_clear_pointer (&order, json_node_unref);
  /* no patron is said by leaving purchaser_id out */
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, null_purchaser, 400, "invalid_input", "purchaser_id");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      ts_test_expect_error (server, "POST", "/api/v1/orders", refused[i].token, refused[i].body, 400, "invalid_input",
                            refused[i].piece);
      g_free (refused[i].body);
    }
  /* S8: the patron is named later, once, by the seller; another outlet's
   * order answers as an unknown one (P5) */
  {
    gint64 door = ts_test_owner_int (server, "SELECT max (id) FROM ticket_order WHERE purchaser_id IS NULL");
    g_autofree char *name_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/patron", door);
    g_autofree char *name_body = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", patron);
    g_autoptr(JsonNode) named = NULL;

    ts_test_expect_error (server, "POST", name_path, ath_boxoffice, name_body, 404, "not_found", "No such order");
    ts_test_expect_error (server, "POST", name_path, uth_boxoffice, "{\"patron_id\": 999999999}", 400,
                          "invalid_input", "patron_id");
    named = ts_test_expect (server, "POST", name_path, uth_boxoffice, name_body, 200);
    g_assert_cmpint (ts_test_member_int (named, "purchaser_id"), ==, patron);
    g_assert_false (json_object_get_boolean_member (object_of (named), "walk_up_no_patron"));
    ts_test_expect_error (server, "POST", name_path, uth_boxoffice, name_body, 409, "conflict", "has its patron already");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'name_patron'"
                                        " AND entity_id = '%" G_GINT64_FORMAT "'", door), ==, 1);
  }
  /* a subscription is a patron's (T3) */
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_manager, subscription, 400, "invalid_input", "purchaser_id");
  /* nothing of the refusals was sold */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s'", perf_today, seats[8]), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE purchaser_id IS NULL"), ==, 1);
  ts_test_assert_ledgers (server);
}

/* The k-th seat of the map nobody claims at the main performance. */
static char *
free_seat (guint k)
{
  return ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s WHERE s.map_id = %" G_GINT64_FORMAT
               " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid AND c.performance_id = %" G_GINT64_FORMAT ")"
               " ORDER BY s.guid OFFSET %u LIMIT 1", map_id, perf, k);
}

/* The number of carts GET /carts lists for the caller, and whether one of
 * them is this cart with this many seats. */
static guint
carts_listed (const char *token,
              const char *cart,
              guint      *seats_in_cart)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/carts", token, NULL, 200);
  JsonArray *carts = json_object_get_array_member (object_of (answer), "carts");

  *seats_in_cart = G_MAXUINT;
  for (guint i = 0; i < json_array_get_length (carts); i++)
    {
      JsonObject *k = json_array_get_object_element (carts, i);

      if (g_str_equal (json_object_get_string_member (k, "id"), cart))
        *seats_in_cart = json_array_get_length (json_object_get_array_member (k, "seats"));
    }
  return json_array_get_length (carts);
}

/* S1: a client that lost touch with the server asks which of its carts are
 * still live, with what: its own only, never another employee's or outlet's,
 * and none whose hold expired. */
static void
test_carts_listed (void)
{
  g_autofree char *cart = new_cart (uth_boxoffice);
  g_autofree char *seat = free_seat (0);
  guint seats_in_cart, before;

  hold (uth_boxoffice, cart, perf, seat, 200);
  g_assert_cmpuint (carts_listed (uth_boxoffice, cart, &seats_in_cart), >=, 1);
  g_assert_cmpuint (seats_in_cart, ==, 1);
  /* another employee of the outlet, another outlet: not theirs */
  carts_listed (uth_manager, cart, &seats_in_cart);
  g_assert_cmpuint (seats_in_cart, ==, G_MAXUINT);
  carts_listed (ath_boxoffice, cart, &seats_in_cart);
  g_assert_cmpuint (seats_in_cart, ==, G_MAXUINT);
  /* C4: Staff sell nothing, and have no carts */
  {
    g_autofree char *staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");

    ts_test_expect_error (server, "GET", "/api/v1/carts", staff, NULL, 403, "forbidden", "Walk-up Sales");
  }
  /* a hold that lapsed is not listed */
  before = carts_listed (uth_boxoffice, cart, &seats_in_cart);
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id = '%s'", cart);
  g_assert_cmpuint (carts_listed (uth_boxoffice, cart, &seats_in_cart), ==, before - 1);
  g_assert_cmpuint (seats_in_cart, ==, G_MAXUINT);
  /* what the sweeper would do: the seat is free for the other tests */
  ts_test_owner_sqlf (server, "SELECT ts_expire_carts (%" G_GINT64_FORMAT ")", perf);
  ts_test_assert_ledgers (server);
}

static void
test_letter_holds (void)
{
  g_autofree char *h_seat = free_seat (0);
  g_autofree char *c_seat = free_seat (1);
  g_autofree char *p_seat = free_seat (2);
  g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds", perf);
  g_autofree char *release_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds/release", perf);
  g_autofree char *house = g_strdup_printf ("{\"letter\": \"h\", \"seats\": [\"%s\"]}", h_seat);
  g_autofree char *company = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\"]}", c_seat);
  g_autofree char *press = g_strdup_printf ("{\"letter\": \"p\", \"seats\": [\"%s\"]}", p_seat);
  g_autofree char *release_h = g_strdup_printf ("{\"seats\": [\"%s\"]}", h_seat);
  g_autofree char *release_c = g_strdup_printf ("{\"seats\": [\"%s\"]}", c_seat);
  g_autofree char *release_p = g_strdup_printf ("{\"seats\": [\"%s\"]}", p_seat);
  g_autoptr(JsonNode) map = NULL;

  /* M8: letters by level; only the owning outlet sets holds. */
  ts_test_expect_error (server, "POST", path, uth_boxoffice, house, 403, "forbidden", "Your level may not set hold letter h");
  json_node_unref (ts_test_expect (server, "POST", path, uth_manager, house, 200));
  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, company, 200));
  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, press, 200));
  ts_test_expect_error (server, "POST", path, ath_boxoffice, company, 403, "forbidden", "Other outlets may never set holds");
  ts_test_expect_error (server, "POST", path, uth_boxoffice, "{\"letter\": \"z\", \"seats\": [\"x\"]}", 400, "invalid_input", "letter");

  map = ts_test_expect (server, "GET", g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/seats", perf),
                        ath_boxoffice, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (seat_state (map, h_seat), "state"), ==, "held");
  g_assert_cmpstr (json_object_get_string_member (seat_state (map, h_seat), "letter"), ==, "h");

  /* M8: other outlets release only the letters the owner lists (UTH lists "c"). */
  ts_test_expect_error (server, "POST", release_path, ath_boxoffice, release_p, 403, "forbidden", "You may not release hold letter(s) p");
  {
    g_autofree char *cart = new_cart (ath_boxoffice);
    g_autofree char *into = g_strdup_printf ("{\"seats\": [\"%s\"], \"into_cart\": \"%s\"}", c_seat, cart);
    g_autofree char *release = g_strdup_printf ("{\"cart_id\": \"%s\"}", cart);

    json_node_unref (ts_test_expect (server, "POST", release_path, ath_boxoffice, into, 200));
    g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT kind FROM seat_claim WHERE seat_guid = '%s'", c_seat), ==, "cart");
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/release", ath_boxoffice, release, 200));
  }
  ts_test_expect_error (server, "POST", release_path, uth_boxoffice, release_h, 403, "forbidden", "You may not release hold letter(s) h");
  json_node_unref (ts_test_expect (server, "POST", release_path, uth_manager, release_h, 200));
  json_node_unref (ts_test_expect (server, "POST", release_path, uth_boxoffice, release_p, 200));
  ts_test_expect_error (server, "POST", release_path, uth_boxoffice, release_c, 409, "conflict", "Not held");
  ts_test_assert_ledgers (server);
}

static JsonNode *
post_order (const char *token,
            const char *items,
            const char *payments,
            guint       expected)
{
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": %s, \"payments\": %s}", key, patron, items, payments);

  return ts_test_expect (server, "POST", "/api/v1/orders", token, body, expected);
}

static gint64
first_item (JsonNode *order)
{
  return json_object_get_int_member (json_array_get_object_element (
           json_object_get_array_member (object_of (order), "items"), 0), "id");
}

static void
test_subscriptions (void)
{
  g_autofree char *bundle = g_strdup_printf ("[{\"ticket_type_id\": %" G_GINT64_FORMAT "}]", season);
  g_autofree char *vouchers_path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/vouchers", patron);
  g_autofree char *seat = free_seat (0);
  g_autofree char *member_seat = free_seat (1);
  g_autofree char *member_item = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                                  " \"ticket_type_id\": %" G_GINT64_FORMAT "}]", perf, member_seat, member);
  g_autofree char *no_voucher = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                                 " \"ticket_type_id\": %" G_GINT64_FORMAT "}]", perf, seat, season_seat);
  g_autoptr(JsonNode) subscription = NULL;
  g_autoptr(JsonNode) vouchers = NULL;
  g_autoptr(JsonNode) reserved = NULL;
  g_autofree char *reserve = NULL;
  gint64 voucher, subscription_item, reserved_item;

  /* T5: other outlets never sell subscriptions: to them another outlet's is unknown (P7). */
  json_node_unref (post_order (ath_boxoffice, bundle, "[{\"method\": \"cash\", \"amount_cents\": 9000}]", 400));
  /* T3: buying the bundle holds three open vouchers and qualifies the buyer. */
  subscription = post_order (uth_boxoffice, bundle, "[{\"method\": \"card\", \"amount_cents\": 9000}]", 201);
  subscription_item = first_item (subscription);
  vouchers = ts_test_expect (server, "GET", vouchers_path, uth_boxoffice, NULL, 200);
  g_assert_cmpint (json_array_get_length (json_node_get_array (vouchers)), ==, 3);
  voucher = json_object_get_int_member (json_array_get_object_element (json_node_get_array (vouchers), 0), "id");
  {
    /* P4: another outlet sees none of them. */
    g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", vouchers_path, ath_boxoffice, NULL, 200);

    g_assert_cmpint (json_array_get_length (json_node_get_array (theirs)), ==, 0);
  }
  json_node_unref (post_order (uth_boxoffice, member_item, "[{\"method\": \"cash\", \"amount_cents\": 2500}]", 201));

  /* A bundle component is reserved with a voucher, never sold on its own. */
  json_node_unref (post_order (uth_boxoffice, no_voucher, "[]", 400));
  reserve = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"voucher_id\": %"
                             G_GINT64_FORMAT "}]", perf, seat, voucher);
  reserved = post_order (uth_boxoffice, reserve, "[]", 201);
  reserved_item = first_item (reserved);
  g_assert_cmpint (ts_test_member_int (reserved, "total_cents"), ==, 0);
  json_node_unref (post_order (uth_boxoffice, reserve, "[]", 409));
  json_node_unref (post_order (ath_boxoffice, reserve, "[]", 404));
  /* C4: Staff act on behalf of the patron: they reserve a voucher, and sell nothing */
  {
    g_autofree char *staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
    g_autofree char *second = g_strdup (seats[0]);       /* free at the other performance */
    gint64 other = json_object_get_int_member (json_array_get_object_element (json_node_get_array (vouchers), 1), "id");
    g_autofree char *by_staff = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                                 " \"voucher_id\": %" G_GINT64_FORMAT "}]", perf_tix_only, second, other);
    g_autofree char *sale = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                             " \"ticket_type_id\": %" G_GINT64_FORMAT "}]", perf_tix_only, second, adult);
    g_autoptr(JsonNode) refused = post_order (staff, sale, "[{\"method\": \"cash\", \"amount_cents\": 3500}]", 403);
    g_autoptr(JsonNode) staff_order = NULL;

    g_assert_nonnull (strstr (ts_test_error_message (refused), "vouchers"));
    staff_order = post_order (staff, by_staff, "[]", 201);
    g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT status FROM voucher WHERE id = %" G_GINT64_FORMAT, other), ==, "reserved");
    /* the reservation is undone, for the refund checks below */
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", ts_test_member_int (staff_order, "id"));
      g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Wrong date\"}",
                                               first_item (staff_order));

      json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
    }
    /* C4, S8: Walk-up Sales may do what Staff do, for any date: reserving is not a walk-up sale */
    {
      g_autoptr(JsonNode) walk_up_order = post_order (uth_walkup, by_staff, "[]", 201);
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", ts_test_member_int (walk_up_order, "id"));
      g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Wrong date\"}",
                                               first_item (walk_up_order));

      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (
                       json_object_get_array_member (object_of (walk_up_order), "items"), 0), "checked_in_at")));
      json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
      json_node_unref (post_order (uth_walkup, sale, "[{\"method\": \"cash\", \"amount_cents\": 3500}]", 403));
    }
  }

  /* Refunds: not the subscription while a voucher is reserved; the reserved
   * ticket gives the voucher back; then the subscription cancels them all. */
  {
    g_autofree char *sub_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund",
                                                 ts_test_member_int (subscription, "id"));
    g_autofree char *res_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund",
                                                 ts_test_member_int (reserved, "id"));
    g_autofree char *sub_body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Moving away\","
                                                 " \"payments\": [{\"method\": \"card\", \"amount_cents\": 9000}]}",
                                                 subscription_item);
    g_autofree char *res_body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Other date\"}",
                                                 reserved_item);

    ts_test_expect_error (server, "POST", sub_path, uth_boxoffice, sub_body, 409, "conflict", "refund the tickets reserved with this subscription's vouchers first");
    json_node_unref (ts_test_expect (server, "POST", res_path, uth_boxoffice, res_body, 200));
    g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT status FROM voucher WHERE id = %" G_GINT64_FORMAT, voucher), ==, "open");
    json_node_unref (ts_test_expect (server, "POST", sub_path, uth_boxoffice, sub_body, 200));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM voucher WHERE order_item_id = %" G_GINT64_FORMAT
                              " AND status = 'cancelled'", subscription_item), ==, 3);
  }
  ts_test_assert_ledgers (server);
}

static void
test_history_kept (void)
{
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
  gint64 other = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale)"
                          " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '40 days', 13, 13,"
                          " now () - interval '1 day') RETURNING id", event, uth);
  gint64 redemption = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                               ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, other);
  g_autofree char *place = seat_place (0);
  g_autoptr(JsonNode) order = sell (uth_boxoffice, other, place, adult, "cash", 3500, 201);
  g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", ts_test_member_int (order, "id"));
  g_autofree char *refund = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Changed plans\","
                                             " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                             first_item (order));
  g_autofree char *perf_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT, other);
  g_autofree char *redemption_path = g_strdup_printf ("/api/v1/redemptions/%" G_GINT64_FORMAT, redemption);

  json_node_unref (ts_test_expect (server, "POST", refund_path, uth_boxoffice, refund, 200));
  /* E5, T2: refunded sales are history; the performance and its redemption stay. */
  ts_test_expect_error (server, "DELETE", redemption_path, uth_manager, NULL, 409, "conflict", "Tickets were sold through this redemption");
  ts_test_expect_error (server, "DELETE", perf_path, uth_manager, NULL, 409, "conflict", "cancel it instead");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM performance WHERE id = %" G_GINT64_FORMAT, other), ==, 1);
  ts_test_assert_ledgers (server);
}

static void
test_master_user (void)
{
  g_autofree char *place = NULL;
  g_autofree char *key = next_key ();
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *refund = NULL;
  g_autofree char *free_guid = free_seat (0);
  g_autoptr(JsonNode) order = NULL;
  gint64 id;

  /* C2: the Master User sells for an outlet (the performance's owner unless named) … */
  place = g_strdup_printf ("\"seat\": \"%s\"", free_guid);
  body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", key, patron, perf, place, adult);
  order = ts_test_expect (server, "POST", "/api/v1/orders", master, body, 201);
  id = ts_test_member_int (order, "id");
  g_assert_cmpint (ts_test_member_int (order, "outlet_id"), ==, uth);
  /* … sees every order in full and every performance's map … */
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, id);
  {
    g_autoptr(JsonNode) seen = ts_test_expect (server, "GET", path, master, NULL, 200);

    g_assert_false (json_object_get_boolean_member (object_of (seen), "partial"));
  }
  json_node_unref (ts_test_expect (server, "GET", g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/seats",
                                                                    perf_tix_only), master, NULL, 200));
  /* … and refunds from the selling outlet's till (S7). */
  refund = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Duplicate booking\","
                            " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", first_item (order));
  g_free (path);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", id);
  json_node_unref (ts_test_expect (server, "POST", path, master, refund, 200));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT outlet_id FROM refund WHERE order_id = %" G_GINT64_FORMAT, id), ==, uth);
  /* A selling outlet may not pretend to be another. */
  {
    g_autofree char *k = next_key ();
    g_autofree char *other = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"selling_outlet_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", k, patron, uth, perf, place, adult);

    ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, other, 403, "forbidden", NULL);
  }
  ts_test_assert_ledgers (server);
}

/* M1, M8: the owner marks default holds on its map; each new performance
 * starts with them held, released by letter like any hold. */
static void
test_default_holds (void)
{
  g_autofree char *map_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, map_id);
  g_autofree char *seat = g_strdup (seats[0]);
  g_autofree char *mark = g_strdup_printf ("{\"seats\": [{\"guid\": \"%s\", \"hold\": \"h\"}]}", seat);
  g_autofree char *bad = g_strdup_printf ("{\"seats\": [{\"guid\": \"%s\", \"hold\": \"HH\"}]}", seat);
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
  g_autofree char *create_path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT "/performances", event);
  g_autoptr(JsonNode) created = NULL;
  gint64 fresh;

  ts_test_expect_error (server, "PATCH", map_path, uth_manager, bad, 400, "invalid_input", "hold");
  ts_test_expect_error (server, "PATCH", map_path, ath_manager, mark, 403, "forbidden", "Only the outlet that owns a theatre map may change it");
  json_node_unref (ts_test_expect (server, "PATCH", map_path, uth_manager, mark, 200));
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT default_hold FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                       " AND guid = '%s'", map_id, seat), ==, "h");
  created = ts_test_expect (server, "POST", create_path, uth_manager,
                            "{\"starts_at\": \"2031-05-01T19:30:00-04:00\"}", 201);
  fresh = ts_test_member_int (created, "id");
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT hold_letter FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                       " AND seat_guid = '%s'", fresh, seat), ==, "h");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, fresh), ==, 1);
  /* existing performances are left as they are */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND kind = 'held'", perf, seat), ==, 0);
  /* the export keeps the mark (pretix extension), so a re-import does too */
  {
    g_autofree char *export_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", map_id);
    g_autoptr(JsonNode) exported = ts_test_expect (server, "GET", export_path, uth_manager, NULL, 200);
    g_autofree char *text = json_to_string (exported, FALSE);

    g_assert_nonnull (strstr (text, "\"hold\":\"h\""));
  }
  json_node_unref (ts_test_expect (server, "PATCH", map_path, uth_manager,
                                   g_strdup_printf ("{\"seats\": [{\"guid\": \"%s\", \"hold\": null}]}", seat), 200));
  ts_test_assert_ledgers (server);
}

/* Day-of-show: a comp left open, with its reason, seated later (S6). */
static void
test_open_comp (void)
{
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %"
      G_GINT64_FORMAT ", \"ticket_type_id\": %" G_GINT64_FORMAT ", \"open\": true, \"comp_reason\": \"Director's guest\"}]}",
      key, patron, perf_tix_only, comp);
  g_autofree char *not_comp = g_strdup_printf (
      "{\"idempotency_key\": \"abcdefgh-open\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %"
      G_GINT64_FORMAT ", \"ticket_type_id\": %" G_GINT64_FORMAT ", \"open\": true}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", patron, perf_tix_only, adult);
  gint64 claimed = ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, perf_tix_only);
  g_autoptr(JsonNode) order = NULL;
  g_autofree char *move_path = NULL;
  g_autofree char *move = NULL;

  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, not_comp, 400, "invalid_input", "open");
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice,
                        "{\"idempotency_key\": \"abcdefgh-o2\", \"purchaser_id\": 1, \"items\": [{\"open\": \"yes\"}]}",
                        400, "invalid_input", "items[0].open");
  order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, perf_tix_only),
                   ==, claimed + 1);
  ts_test_assert_ledgers (server);
  /* seated later, in any zone */
  move_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/move", ts_test_member_int (order, "id"));
  move = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}", first_item (order), seats[5]);
  json_node_unref (ts_test_expect (server, "POST", move_path, uth_boxoffice, move, 200));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, perf_tix_only),
                   ==, claimed + 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND kind = 'sold'", perf_tix_only, seats[5]), ==, 1);
  ts_test_assert_ledgers (server);
}

/* P4, P5: a patron's order history, per outlet. */
static void
test_patron_orders (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/orders", patron);
  g_autoptr(JsonNode) uth_view = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
  g_autoptr(JsonNode) ath_view = ts_test_expect (server, "GET", path, ath_boxoffice, NULL, 200);
  g_autoptr(JsonNode) tix_view = ts_test_expect (server, "GET", path, tix_boxoffice, NULL, 200);
  JsonArray *uth_list = json_object_get_array_member (object_of (uth_view), "orders");
  JsonArray *ath_list = json_object_get_array_member (object_of (ath_view), "orders");
  gboolean uth_sees_partial = FALSE;

  /* UTH sees its own orders in full and ATH's sales of its tickets partially */
  for (guint i = 0; i < json_array_get_length (uth_list); i++)
    {
      JsonObject *o = json_array_get_object_element (uth_list, i);

      if (json_object_get_boolean_member (o, "partial"))
        {
          uth_sees_partial = TRUE;
          g_assert_false (json_object_has_member (o, "total_cents"));
          g_assert_cmpint (json_object_get_int_member (o, "outlet_id"), ==, ath);
        }
      else
        g_assert_cmpint (json_object_get_int_member (o, "outlet_id"), ==, uth);
    }
  g_assert_true (uth_sees_partial);
  /* ATH sees only what it sold, in full */
  for (guint i = 0; i < json_array_get_length (ath_list); i++)
    {
      JsonObject *o = json_array_get_object_element (ath_list, i);

      g_assert_cmpint (json_object_get_int_member (o, "outlet_id"), ==, ath);
      g_assert_true (json_object_has_member (o, "total_cents"));
    }
  g_assert_cmpuint (json_array_get_length (ath_list), >, 0);
  /* TIX sold nothing and owns nothing here: no history at all (P4) */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (tix_view), "orders")), ==, 0);
  ts_test_expect_error (server, "GET", "/api/v1/patrons/999999/orders", uth_boxoffice, NULL, 404, "not_found", NULL);
}

/* E5, T2, M5: more refusals and the display letter taken from the price zone. */
static void
test_more_rules (void)
{
  g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seats[1]);
  g_autofree char *k1 = next_key ();
  g_autofree char *override = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"override\": {\"reason\": \"x\"},"
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", k1, patron, perf_tix_only, place, adult);
  gint64 student_redemption = ts_test_owner_int (server, "SELECT id FROM redemption WHERE ticket_type_id = %" G_GINT64_FORMAT
                                                 " AND performance_id = %" G_GINT64_FORMAT, student, perf_tix_only);

  /* E5: a cancelled performance sells nothing, override or not; a postponed one needs the owner's override */
  ts_test_owner_sqlf (server, "UPDATE performance SET status = 'cancelled' WHERE id = %" G_GINT64_FORMAT, perf_tix_only);
  {
    g_autoptr(JsonNode) refused = sell (uth_boxoffice, perf_tix_only, place, adult, "cash", 3500, 409);

    g_assert_nonnull (strstr (ts_test_error_message (refused), "cancelled"));
  }
  ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, override, 409, "conflict", "cancelled");
  ts_test_owner_sqlf (server, "UPDATE performance SET status = 'postponed' WHERE id = %" G_GINT64_FORMAT, perf_tix_only);
  {
    g_autoptr(JsonNode) refused = sell (uth_boxoffice, perf_tix_only, place, adult, "cash", 3500, 409);

    g_assert_nonnull (strstr (ts_test_error_message (refused), "postponed"));
  }
  ts_test_owner_sqlf (server, "UPDATE performance SET status = 'scheduled' WHERE id = %" G_GINT64_FORMAT, perf_tix_only);

  /* T2: a redemption's sales window and its minimum per order */
  ts_test_owner_sqlf (server, "UPDATE redemption SET sales_end = now () - interval '1 hour' WHERE id = %" G_GINT64_FORMAT,
                      student_redemption);
  {
    g_autoptr(JsonNode) refused = sell (uth_boxoffice, perf_tix_only, place, student, "cash", 2000, 409);

    g_assert_nonnull (strstr (ts_test_error_message (refused), "sales window"));
  }
  ts_test_owner_sqlf (server, "UPDATE redemption SET sales_end = NULL, min_per_order = 2 WHERE id = %" G_GINT64_FORMAT,
                      student_redemption);
  {
    g_autoptr(JsonNode) refused = sell (uth_boxoffice, perf_tix_only, place, student, "cash", 2000, 409);

    g_assert_nonnull (strstr (ts_test_error_message (refused), "per order"));
  }
  ts_test_owner_sqlf (server, "UPDATE redemption SET min_per_order = 1 WHERE id = %" G_GINT64_FORMAT, student_redemption);

  /* M5: a system-wide choice — the sold seat's letter from its price zone */
  ts_test_owner_sql (server, "UPDATE system_setting SET display_letter_source = 'price_zone'");
  {
    g_autoptr(JsonNode) order = sell (uth_boxoffice, perf_tix_only, place, adult, "cash", 3500, 201);
    JsonObject *item = json_array_get_object_element (json_object_get_array_member (object_of (order), "items"), 0);

    g_assert_cmpstr (json_object_get_string_member (item, "display_letter"), ==, "R");     /* "Regular" */
  }
  ts_test_owner_sql (server, "UPDATE system_setting SET display_letter_source = 'ticket_type'");
  ts_test_assert_ledgers (server);
}

static void
test_map_in_use (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/plan", map_id);
  g_autofree char *export_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", map_id);
  g_autoptr(JsonNode) exported = ts_test_expect (server, "GET", export_path, uth_manager, NULL, 200);
  g_autofree char *text = json_to_string (exported, FALSE);
  g_autofree char *sold_seat = ts_test_owner_sqlf (server, "SELECT seat_guid FROM seat_claim WHERE kind = 'sold' AND performance_id = %"
                                     G_GINT64_FORMAT " LIMIT 1", perf);
  g_autofree char *guid_text = g_strdup_printf ("\"%s\"", sold_seat);
  g_autofree char *renamed = NULL;
  g_autofree char *body = NULL;
  char *at;

  /* M4: removing a sold seat from a map in use is refused. */
  at = strstr (text, guid_text);
  g_assert_nonnull (at);
  renamed = g_strdup (text);
  memcpy (renamed + (at - text) + 1, "ZZZZ", 4);
  body = g_strdup_printf ("{\"format\": \"pretix\", \"plan\": %s}", renamed);
  {
    g_autoptr(JsonNode) refused = ts_test_expect (server, "PUT", path, uth_manager, body, 409);

    g_assert_nonnull (strstr (ts_test_error_message (refused), "The map is in use"));
  }
  g_free (body);
  body = g_strdup_printf ("{\"format\": \"pretix\", \"plan\": %s}", text);
  json_node_unref (ts_test_expect (server, "PUT", path, uth_manager, body, 200));
  /* M1: only the owner replaces it. */
  ts_test_expect_error (server, "PUT", path, ath_manager, body, 403, "forbidden", "Only the outlet that owns a theatre map may change it");
}

static gboolean
list_has_id (JsonNode *list,
             gint64    id)
{
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_object_get_int_member (json_array_get_object_element (array, i), "id") == id)
      return TRUE;
  return FALSE;
}

static void
test_sellable_lists (void)
{
  g_autoptr(JsonNode) ath_list = ts_test_expect (server, "GET", "/api/v1/sales/performances", ath_boxoffice, NULL, 200);
  g_autoptr(JsonNode) tix_list = ts_test_expect (server, "GET", "/api/v1/sales/performances", tix_boxoffice, NULL, 200);
  g_autofree char *ath_text = json_to_string (ath_list, FALSE);
  g_autofree char *tix_text = json_to_string (tix_list, FALSE);
  g_autofree char *offer_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/offer", perf);
  g_autoptr(JsonNode) ath_offer = ts_test_expect (server, "GET", offer_path, ath_boxoffice, NULL, 200);
  g_autoptr(JsonNode) uth_offer = ts_test_expect (server, "GET", offer_path, uth_boxoffice, NULL, 200);
  JsonArray *ath_types = json_object_get_array_member (object_of (ath_offer), "ticket_types");

  /* E4: ATH sees the performance with E4's fields only; TIX does not see it. */
  g_assert_nonnull (strstr (ath_text, "\"event\":\"Hamlet\""));
  g_assert_null (strstr (ath_text, "capacity"));
  g_assert_true (list_has_id (ath_list, perf));
  g_assert_false (list_has_id (ath_list, perf_tix_only));
  g_assert_false (list_has_id (tix_list, perf));
  g_assert_true (list_has_id (tix_list, perf_tix_only));
  /* T5: only Adult is offered to ATH, with prices but no caps or counts. */
  g_assert_cmpint (json_array_get_length (ath_types), ==, 1);
  g_assert_false (json_object_has_member (json_array_get_object_element (ath_types, 0), "sold"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object_of (uth_offer), "ticket_types")), >=, 4);
  ts_test_expect_error (server, "GET", offer_path, tix_boxoffice, NULL, 404, "not_found", NULL);
}

static void
test_expired_holds (void)
{
  g_autofree char *cart = new_cart (uth_boxoffice);
  g_autofree char *cart2 = new_cart (ath_boxoffice);

  hold (uth_boxoffice, cart, perf, seats[3], 409);          /* sold in test_payment_rules */
  {
    g_autofree char *free_seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s WHERE s.map_id = %" G_GINT64_FORMAT
                                       " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                                       " ORDER BY s.guid LIMIT 1", map_id);

    hold (uth_boxoffice, cart, perf, free_seat, 200);
    hold (ath_boxoffice, cart2, perf, free_seat, 409);
    /* S1: holds expire; the seat is then free for anyone. */
    ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id = '%s'", cart);
    ts_test_owner_sqlf (server, "UPDATE seat_claim SET expires_at = now () - interval '1 second' WHERE cart_id = '%s'", cart);
    hold (ath_boxoffice, cart2, perf, free_seat, 200);
    /* the expired cart holds nothing; until the sweep deletes it, it says so */
    {
      g_autofree char *again = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                                " \"seats\": [\"%s\"]}", cart, perf, seats[4]);

      ts_test_expect_error (server, "POST", "/api/v1/carts/hold", uth_boxoffice, again, 409, "conflict", "expired");
      g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE cart_id = '%s'", cart), ==, 0);
    }
  }
  /* The server's sweep releases an abandoned cart without anyone selling. */
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id = '%s'", cart2);
  ts_cart_sweeper_sweep (ts_server_get_cart_sweeper (ts_test_server_get_server (server)));
  for (int i = 0; i < 200 && ts_test_owner_int (server, "SELECT count (*) FROM cart WHERE id = '%s'", cart2) > 0; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE cart_id = '%s'", cart2), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM cart WHERE id = '%s'", cart2), ==, 0);
  ts_test_assert_ledgers (server);
}

static void
test_settlement (void)
{
  g_autofree char *today = ts_test_owner_sqlf (server, "SELECT to_char (now () AT TIME ZONE 'America/Toronto', 'YYYY-MM-DD')");
  g_autofree char *report_path = g_strdup_printf ("/api/v1/accounts/settlement?counterparty_id=%" G_GINT64_FORMAT
                                                  "&from=%s&to=%s", ath, today, today);
  g_autoptr(JsonNode) report = ts_test_expect (server, "GET", report_path, uth_manager, NULL, 200);
  JsonObject *outstanding = json_object_get_object_member (object_of (report), "outstanding");
  gint64 net = json_object_get_int_member (outstanding, "net_due_to_us_cents");
  g_autofree char *body = g_strdup_printf ("{\"counterparty_id\": %" G_GINT64_FORMAT ", \"to\": \"%s\","
                                           " \"reference\": \"Cheque 1001\"}", ath, today);
  g_autoptr(JsonNode) recorded = NULL;

  g_assert_cmpint (net, >, 0);             /* ATH holds UTH's ticket money, less commission */
  ts_test_expect_error (server, "GET", report_path, uth_boxoffice, NULL, 403, "forbidden", NULL);
  recorded = ts_test_expect (server, "POST", "/api/v1/accounts/settlements", uth_manager, body, 201);
  g_assert_cmpint (ts_test_member_int (recorded, "net_due_to_us_cents"), ==, net);
  ts_test_expect_error (server, "POST", "/api/v1/accounts/settlements", uth_manager, body, 409, "conflict", NULL);
  {
    g_autoptr(JsonNode) balances = ts_test_expect (server, "GET", "/api/v1/accounts/balances", ath_manager, NULL, 200);
    JsonObject *with_uth = json_array_get_object_element (json_object_get_array_member (object_of (balances), "balances"), 0);

    g_assert_cmpint (json_object_get_int_member (with_uth, "net_due_to_us_cents"), ==, 0);
  }
  ts_test_assert_ledgers (server);
}

/* The will-call items of an answer, by id. */
static JsonObject *
will_call_item (JsonNode *list,
                gint64    item_id)
{
  JsonArray *orders = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonArray *items = json_object_get_array_member (json_array_get_object_element (orders, i), "items");

      for (guint k = 0; k < json_array_get_length (items); k++)
        if (json_object_get_int_member (json_array_get_object_element (items, k), "item_id") == item_id)
          return json_array_get_object_element (items, k);
    }
  return NULL;
}

/* C4 Walk-up: tickets handed over at will call are marked with the time and
 * the employee, audited, and listed as handed over.  The owning outlet hands
 * over any ticket to its performance; a selling outlet only those it sold —
 * the others answer as an unknown id (P5, P7) — and an outlet that may not
 * see the performance gets 404.  Twice is refused; Staff may not; a refusal
 * changes nothing. */
static void
test_will_call_hand_over (void)
{
  g_autofree char *uth_seat = free_seat (0);
  g_autofree char *ath_seat = free_seat (1);
  g_autofree char *uth_place = g_strdup_printf ("\"seat\": \"%s\"", uth_seat);
  g_autofree char *ath_place = g_strdup_printf ("\"seat\": \"%s\"", ath_seat);
  g_autoptr(JsonNode) own = sell (uth_boxoffice, perf, uth_place, adult, "cash", 3500, 201);
  g_autoptr(JsonNode) theirs = sell (ath_boxoffice, perf, ath_place, adult, "cash", 3500, 201);
  gint64 own_item = first_item (own);
  gint64 their_item = first_item (theirs);
  g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/will-call/hand-over", perf);
  g_autofree char *list_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/will-call", perf);
  g_autofree char *give_own = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "]}", own_item);
  g_autofree char *give_theirs = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "]}", their_item);
  g_autofree char *staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) after = NULL;

  /* before: waiting, not handed over */
  listed = ts_test_expect (server, "GET", list_path, uth_boxoffice, NULL, 200);
  g_assert_nonnull (will_call_item (listed, own_item));
  g_assert_true (json_object_get_null_member (will_call_item (listed, own_item), "handed_over_at"));

  /* the refusals: ATH may not hand over UTH's sale (as an unknown id), TIX
   * may not see the performance, Staff is below Walk-up, nothing listed */
  ts_test_expect_error (server, "POST", path, ath_boxoffice, give_own, 400, "invalid_input", "not waiting");
  ts_test_expect_error (server, "POST", path, ath_boxoffice, "{\"items\": [2000000000]}", 400, "invalid_input",
                        "not waiting");
  ts_test_expect_error (server, "POST", path, tix_boxoffice, give_theirs, 404, "not_found", "performance");
  ts_test_expect_error (server, "POST", path, staff, give_own, 403, "forbidden", "Walk-up Sales");  /* C4 */
  ts_test_expect_error (server, "POST", path, uth_boxoffice, "{\"items\": []}", 400, "invalid_input", "items");
  ts_test_expect_error (server, "POST", path, uth_boxoffice, "{\"items\": [\"one\"]}", 400, "invalid_input", "items[0]");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE handed_over_at IS NOT NULL"), ==, 0);

  /* ATH hands over what it sold; UTH, the owner, any ticket to its show */
  after = ts_test_expect (server, "POST", path, ath_boxoffice, give_theirs, 200);
  g_assert_false (json_object_get_null_member (will_call_item (after, their_item), "handed_over_at"));
  g_assert_cmpstr (json_object_get_string_member (will_call_item (after, their_item), "handed_over_by"), !=, "");
  g_assert_null (will_call_item (after, own_item));                 /* P5: not ATH's to see */
  json_node_unref (ts_test_expect (server, "POST", path, uth_walkup, give_own, 200));
  ts_test_expect_error (server, "POST", path, ath_boxoffice, give_theirs, 409, "conflict", "already handed over");
  {
    g_autoptr(JsonNode) owner_view = ts_test_expect (server, "GET", list_path, uth_boxoffice, NULL, 200);

    g_assert_false (json_object_get_null_member (will_call_item (owner_view, own_item), "handed_over_at"));
    g_assert_false (json_object_get_null_member (will_call_item (owner_view, their_item), "handed_over_at"));
  }
  /* audited, with who did it */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'will_call_handed_over'"
                                      " AND entity_id IN ('%" G_GINT64_FORMAT "', '%" G_GINT64_FORMAT "')"
                                      " AND actor_employee_id IS NOT NULL", own_item, their_item), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE handed_over_by IS NOT NULL"), ==, 2);
  ts_test_assert_ledgers (server);
}

/* F5: every ticket has a number, sequential per owning outlet and never
 * reused, whoever sold it; a seat move raises the barcode version; the
 * barcode is the owner's signature, which its public key checks and no other
 * outlet's does.  Runs last, over every sale the tests before made. */
static void
test_ticket_numbers (void)
{
  g_autofree char *seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s WHERE s.map_id = %" G_GINT64_FORMAT
                                              " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid"
                                              " AND c.performance_id = %" G_GINT64_FORMAT ") ORDER BY s.guid LIMIT 1",
                                              map_id, perf_today);
  g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seat);
  g_autoptr(JsonNode) sold = sell (uth_boxoffice, perf_today, place, adult, "cash", 3500, 201);
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (object_of (sold), "items"), 0);
  gint64 number = json_object_get_int_member (item, "ticket_number");
  g_autoptr(PGconn) app = PQconnectdb (ts_test_server_get_app_conninfo (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *again = NULL;
  guint8 key[TS_TICKET_KEY_BYTES], ath_key[TS_TICKET_KEY_BYTES];
  TsTicketCode parsed;

  g_assert_cmpint (number, ==, ts_test_owner_int (server, "SELECT last_number FROM ticket_counter WHERE outlet_id = %"
                                                  G_GINT64_FORMAT, uth));
  g_assert_cmpint (json_object_get_int_member (item, "barcode_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "reprint_count"), ==, 0);
  /* Each owner's numbers are 1..n, none twice, refunded tickets keeping
   * theirs; items that are not tickets have none. */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM (SELECT owner_outlet_id, count (*) AS n,"
                                      " count (DISTINCT ticket_number) AS d, max (ticket_number) AS top"
                                      " FROM order_item WHERE performance_id IS NOT NULL GROUP BY owner_outlet_id) s"
                                      " JOIN ticket_counter c ON c.outlet_id = s.owner_outlet_id"
                                      " WHERE s.n <> s.d OR s.top <> s.n OR c.last_number <> s.n"), ==, 0);
  /* Tickets ATH sold for UTH's events are numbered in UTH's series. */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                      " WHERE o.outlet_id = %" G_GINT64_FORMAT " AND i.owner_outlet_id = %" G_GINT64_FORMAT
                                      " AND i.ticket_number IS NOT NULL", ath, uth), >, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE status = 'refunded'"
                                      " AND ticket_number IS NOT NULL"), >, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id IS NULL"
                                      " AND ticket_number IS NOT NULL"), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id IS NULL"), >, 0);
  /* A moved seat's old paper stops admitting (test_exchange_and_move). */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i WHERE barcode_version = 2"
                                      " AND EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'move'"
                                      " AND a.entity = 'order_item' AND a.entity_id = i.id::text)"), >, 0);

  /* The barcode: UTH's signature, made with a key created once and kept. */
  g_assert_cmpint (PQstatus (app), ==, CONNECTION_OK);
  code = ts_ticket_signer_code (app, (int) uth, number, 1, &error);
  g_assert_no_error (error);
  again = ts_ticket_signer_code (app, (int) uth, number, 1, &error);
  g_assert_cmpstr (code, ==, again);
  g_assert_true (ts_ticket_signer_public_key (app, (int) uth, key, &error));
  g_assert_true (ts_ticket_code_verify (code, key, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parsed.outlet_id, ==, uth);
  g_assert_cmpint (parsed.ticket_number, ==, number);
  g_assert_true (ts_ticket_signer_public_key (app, (int) ath, ath_key, &error));
  g_assert_false (ts_ticket_code_verify (code, ath_key, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_key WHERE outlet_id IN (%" G_GINT64_FORMAT
                                      ", %" G_GINT64_FORMAT ")", uth, ath), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'ticket_key'"), ==, 2);
  /* The app reads public keys but never a seed, but through the signer. */
  {
    g_autoptr(PGresult) denied = PQexec (app, "SELECT seed FROM ticket_key");

    g_assert_cmpint (PQresultStatus (denied), ==, PGRES_FATAL_ERROR);
  }
}

static void
set_up_season (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 3, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}}", 201);
  gint64 event, commission;

  map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  for (guint i = 0; i < 10; i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                     " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT ", 'Hamlet', %" G_GINT64_FORMAT
                   ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
                  " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                  " now () + interval '10 days', 13, 13, now () - interval '1 day', now () - interval '1 day', true)"
                  " RETURNING id", event, uth);
  perf_today = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale)"
                        " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                        " (date_trunc ('day', now () AT TIME ZONE 'America/Toronto') + interval '23 hours 59 minutes')"
                        "   AT TIME ZONE 'America/Toronto', 13, 13, now () - interval '1 day') RETURNING id", event, uth);
  perf_tix_only = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
                           " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                           " now () + interval '20 days', 13, 13, now () - interval '1 day', now () - interval '1 day', true)"
                           " RETURNING id", event, uth);
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        perf, ath);
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        perf_tix_only, tix);
  ts_test_owner_sqlf (server, "UPDATE outlet SET releasable_hold_letters = 'c' WHERE id = %" G_GINT64_FORMAT, uth);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                        " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets, commission_table_id)"
                   " VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT ") RETURNING id", uth, commission);
  student = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                     " VALUES (%" G_GINT64_FORMAT ", 'Student', 2000, 'S') RETURNING id", uth);
  comp = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                  " VALUES (%" G_GINT64_FORMAT ", 'Press Comp', 'comp', 0, 'P') RETURNING id", uth);
  member = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, subscribers_only)"
                    " VALUES (%" G_GINT64_FORMAT ", 'Member', 2500, true) RETURNING id", uth);
  preview = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                     " VALUES (%" G_GINT64_FORMAT ", 'Preview', 3000) RETURNING id", uth);
  ath_own_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                          " VALUES (%" G_GINT64_FORMAT ", 'Athletics Adult', 1000) RETURNING id", ath);
  for (gint64 *p = (gint64[]) { perf, perf_today, perf_tix_only, 0 }; *p != 0; p++)
    {
      gint64 r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                          ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, *p);

      ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%" G_GINT64_FORMAT ", 'Standing', 1500)", r);
      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id, cap, max_per_order) VALUES (%" G_GINT64_FORMAT
            ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 2, 2)", uth, student, *p);
      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
            ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, comp, *p);
      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
            ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, member, *p);
      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id, promo_codes) VALUES (%" G_GINT64_FORMAT
            ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '{earlybird}')", uth, preview, *p);
    }
  season_seat = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                         " VALUES (%" G_GINT64_FORMAT ", 'Season seat', 'bundle_component', 0, 'S') RETURNING id", uth);
  season = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, qualifies_subscriber,"
                    " bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT ", 'Season 3-pack', 'subscription',"
                    " 9000, true, %" G_GINT64_FORMAT ", 3) RETURNING id", uth, season_seat);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, season_seat, perf);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, season_seat, perf_tix_only);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                    G_GINT64_FORMAT ") RETURNING id", uth);
  friend_patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Grace', 'Hopper', %"
                           G_GINT64_FORMAT ") RETURNING id", uth);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  tix = ts_test_outlet_id (server, "TIX");
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_walkup = ts_test_sign_in (server, "UTH", "walkup", "walkup-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  tix_boxoffice = ts_test_sign_in (server, "TIX", "boxoffice", "boxoffice-password");
  set_up_season ();

  /* In this order: each test builds on the sales of the ones before. */
  g_test_add_func ("/sales/own-performance", test_sell_own_performance);
  g_test_add_func ("/sales/payment-rules", test_payment_rules);
  g_test_add_func ("/sales/payment-methods-taken", test_payment_methods_taken);
  g_test_add_func ("/sales/ticket-type-rules", test_ticket_type_rules);
  g_test_add_func ("/sales/cross-outlet", test_cross_outlet_sale);
  g_test_add_func ("/sales/order-visibility", test_order_visibility);
  g_test_add_func ("/sales/refunds", test_refunds);
  g_test_add_func ("/sales/exchange-and-move", test_exchange_and_move);
  g_test_add_func ("/sales/advance-limit-and-override", test_advance_limit_and_override);
  g_test_add_func ("/sales/walk-up", test_walk_up);
  g_test_add_func ("/sales/walk-up-without-patron", test_walk_up_without_patron);
  g_test_add_func ("/sales/carts-listed", test_carts_listed);
  g_test_add_func ("/sales/letter-holds", test_letter_holds);
  g_test_add_func ("/sales/subscriptions", test_subscriptions);
  g_test_add_func ("/sales/history-kept", test_history_kept);
  g_test_add_func ("/sales/master-user", test_master_user);
  g_test_add_func ("/sales/default-holds", test_default_holds);
  g_test_add_func ("/sales/open-comp", test_open_comp);
  g_test_add_func ("/sales/patron-orders", test_patron_orders);
  g_test_add_func ("/sales/more-rules", test_more_rules);
  g_test_add_func ("/sales/map-in-use", test_map_in_use);
  g_test_add_func ("/sales/sellable-lists", test_sellable_lists);
  g_test_add_func ("/sales/expired-holds", test_expired_holds);
  g_test_add_func ("/sales/settlement", test_settlement);
  g_test_add_func ("/sales/will-call-hand-over", test_will_call_hand_over);
  g_test_add_func ("/sales/ticket-numbers", test_ticket_numbers);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (master);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (uth_walkup);
  g_free (ath_boxoffice);
  g_free (ath_manager);
  g_free (tix_boxoffice);
  ts_test_server_free (server);
  return status;
}
