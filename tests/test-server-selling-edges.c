/* test-server-selling-edges.c — the selling rules at their edges, on the demo
 * season (`--demo-season`), through the API as agents of the owning outlet
 * (UTH), a permitted selling outlet (ATH) and a third outlet (TIX) would use
 * it: general admission sold from a cart, a selling outlet and S3, letter and
 * default holds, maps in use, true availability messages, other outlets'
 * objects in messages, and seat moves across outlets (rules S1, S3, S6, S9,
 * T2, M1, M4, M8, E1–E5, P5)
 *
 * After every test the ledgers and running counts are audited (A1, A2). */
#include <string.h>

#include "ts-demo-season.h"
#include "ts-test-client.h"

static TsTestServer *server;
static char *uth_manager, *uth_boxoffice, *ath_boxoffice, *tix_boxoffice;
static gint64 uth, ath;
static gint64 jazz, jazz_map, volleyball;
static gint64 adult, student, senior, press, ath_general;
static gint64 ada, grace;
static guint key_counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static char *
next_key (void)
{
  return g_strdup_printf ("edge-order-%05u", ++key_counter);
}

static char *
new_cart (const char *token)
{
  g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", token, "{}", 201);

  return g_strdup (ts_test_member_string (cart, "id"));
}

static void
release_cart (const char *token,
              const char *cart)
{
  g_autofree char *body = g_strdup_printf ("{\"cart_id\": \"%s\"}", cart);

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/release", token, body, 200));
}

static gint64
demo_id (const char *sql)
{
  return ts_test_owner_int (server, "%s", sql);
}

/* Places taken on the club's standing floor (carts and sales). */
static gint64
floor_taken (void)
{
  return ts_test_owner_int (server, "SELECT coalesce ((SELECT taken FROM performance_ga WHERE performance_id = %"
                            G_GINT64_FORMAT " AND area_key = 'Floor#1'), 0)", jazz);
}

static gint64
cart_places (const char *cart)
{
  return ts_test_owner_int (server, "SELECT coalesce (sum (quantity), 0) FROM cart_ga WHERE cart_id = '%s'", cart);
}

/* S1: general admission held in a cart, then sold from it — all of it, part
 * of it, and more than it holds — by the owning outlet and by another, one
 * item per place (as the Sales page sends them) or with a quantity. */
static void
test_ga_from_cart (void)
{
  const struct {
    char       **token;
    gint64       held;
    gint64       bought;
    gboolean     quantity;
  } cases[] = {
    { &uth_boxoffice, 3, 3, FALSE }, { &uth_boxoffice, 3, 2, FALSE }, { &uth_boxoffice, 2, 3, FALSE },
    { &ath_boxoffice, 3, 3, TRUE }, { &ath_boxoffice, 3, 2, FALSE }, { &ath_boxoffice, 2, 3, TRUE },
    { &uth_boxoffice, 1, 1, TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char *token = *cases[c].token;
      g_autofree char *cart = new_cart (token);
      g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                               " \"ga\": [{\"area\": \"Floor#1\", \"quantity\": %" G_GINT64_FORMAT "}]}",
                                               cart, jazz, cases[c].held);
      g_autoptr(GString) items = g_string_new ("[");
      g_autofree char *key = next_key ();
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) order = NULL;
      gint64 before = floor_taken ();
      gint64 left_in_cart = MAX (cases[c].held - cases[c].bought, 0);

      json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", token, hold, 200));
      g_assert_cmpint (floor_taken (), ==, before + cases[c].held);
      if (cases[c].quantity)
        g_string_append_printf (items, "{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"quantity\": %"
                                G_GINT64_FORMAT ", \"ticket_type_id\": %" G_GINT64_FORMAT "}", jazz, cases[c].bought, adult);
      else
        for (gint64 i = 0; i < cases[c].bought; i++)
          g_string_append_printf (items, "%s{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\","
                                  " \"ticket_type_id\": %" G_GINT64_FORMAT "}", i > 0 ? ", " : "", jazz, adult);
      g_string_append (items, "]");
      body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"cart_id\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                              " \"items\": %s, \"payments\": [{\"method\": \"cash\", \"amount_cents\": %" G_GINT64_FORMAT "}]}",
                              key, cart, ada, items->str, cases[c].bought * 3000);
      order = ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (order), "items")), ==,
                        (guint) cases[c].bought);
      g_assert_cmpint (ts_test_member_int (order, "total_cents"), ==, cases[c].bought * 3000);
      /* what the cart held beyond the sale stays in it; the rest is sold */
      g_assert_cmpint (cart_places (cart), ==, left_in_cart);
      g_assert_cmpint (floor_taken (), ==, before + cases[c].bought + left_in_cart);
      ts_test_assert_ledgers (server);
      release_cart (token, cart);
      g_assert_cmpint (floor_taken (), ==, before + cases[c].bought);
      ts_test_assert_ledgers (server);
    }
}

/* A new performance of Late Night Jazz (UTH) in the club, on sale at the
 * box office and to every other outlet, Adult offered to them (E2, E3, T5). */
static gint64
new_jazz_performance (int days)
{
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, jazz);
  gint64 id = ts_test_owner_int (server,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
      " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
      " now () + interval '%d days', 168, 168, now () - interval '1 day', now () - interval '1 day', true)"
      " RETURNING id", event, uth, days);
  gint64 redemption = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id)"
                                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                         ") RETURNING id", uth, adult, id);

  ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES"
                      " (%" G_GINT64_FORMAT ", 'Standing', 3000), (%" G_GINT64_FORMAT ", 'Balcony', 4000)",
                      redemption, redemption);
  return id;
}

/* The k-th seat of the club's balcony. */
static char *
balcony_seat (guint k)
{
  return ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                             " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", jazz_map, k);
}

/* An order body for one item ("seat": … or "area": …) at 30.00 or 40.00. */
static char *
order_body (gint64      performance,
            const char *place,
            gint64      cents,
            gboolean    override)
{
  g_autofree char *key = next_key ();

  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ",%s"
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %" G_GINT64_FORMAT "}]}",
                          key, ada, override ? " \"override\": {\"reason\": \"Friend of the band\"}," : "",
                          performance, place, adult, cents);
}

/* S3, E2–E5: a selling outlet sells only a scheduled performance that is not
 * past, in its own window, and never with an override — whichever way it
 * claims places: an order, a cart, a letter hold released into its cart.
 * The owning outlet needs an explicit override for the same. */
static void
test_selling_outlet_has_no_override (void)
{
  gint64 x = new_jazz_performance (6);
  g_autofree char *seat = balcony_seat (0);
  g_autofree char *held = balcony_seat (1);
  g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seat);
  g_autofree char *holds_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds", x);
  g_autofree char *release_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds/release", x);
  g_autofree char *hold_c = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\"]}", held);
  g_autofree char *cart = new_cart (ath_boxoffice);
  g_autofree char *into = g_strdup_printf ("{\"seats\": [\"%s\"], \"into_cart\": \"%s\"}", held, cart);
  g_autofree char *ga_hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                              " \"ga\": [{\"area\": \"Floor#1\", \"quantity\": 1}]}", cart, x);
  const struct {
    const char *what;
    const char *change;
    const char *owner_refusal;           /* NULL: the owner sells without an override */
    const char *owner_code;              /* S3: "override_needed" where the owner may override */
  } states[] = {
    { "past", "starts_at = now () - interval '3 days'", "past", "override_needed" },
    { "cancelled", "status = 'cancelled'", "cancelled", "conflict" },
    { "postponed", "status = 'postponed'", "postponed", "override_needed" },
    { "other outlets' window over", "outlets_off_sale = now () - interval '1 minute'", NULL, NULL },
    { "other outlets' window not open", "outlets_on_sale = now () + interval '1 day'", NULL, NULL },
  };

  json_node_unref (ts_test_expect (server, "POST", holds_path, uth_boxoffice, hold_c, 200));
  /* S3: never an override from a selling outlet, even where nothing needs one */
  {
    g_autofree char *body = order_body (x, place, 4000, TRUE);
    g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                             " \"seats\": [\"%s\"], \"override\": {\"reason\": \"VIP\"}}", cart, x, seat);

    ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, body, 403, "forbidden", "can never override");
    ts_test_expect_error (server, "POST", "/api/v1/carts/hold", ath_boxoffice, hold, 403, "forbidden", "can never override");
  }

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *body = order_body (x, place, 4000, FALSE);
      g_autofree char *overridden = order_body (x, place, 4000, TRUE);
      g_autofree char *saved = ts_test_owner_sqlf (server, "SELECT row_to_json (p)::text FROM performance p WHERE id = %"
                                                   G_GINT64_FORMAT, x);
      gint64 claimed = ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, x);

      g_test_message ("the performance is %s", states[i].what);
      ts_test_owner_sqlf (server, "UPDATE performance SET %s WHERE id = %" G_GINT64_FORMAT, states[i].change, x);
      /* E4: outside its window the selling outlet does not see it at all */
      ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, body, 404, "not_found", "that you may sell");
      ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, overridden, 404, "not_found", "that you may sell");
      ts_test_expect_error (server, "POST", "/api/v1/carts/hold", ath_boxoffice, ga_hold, 404, "not_found", "that you may sell");
      ts_test_expect_error (server, "POST", release_path, ath_boxoffice, into, 404, "not_found", NULL);
      g_assert_cmpint (ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, x), ==, claimed);
      /* S3: the owning outlet needs an explicit override for what is closed to it */
      if (states[i].owner_refusal != NULL)
        {
          g_autofree char *again = order_body (x, place, 4000, FALSE);

          ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, again, 409, states[i].owner_code,
                                states[i].owner_refusal);
        }
      /* the performance as it was */
      ts_test_owner_sqlf (server, "UPDATE performance p SET starts_at = s.starts_at, status = s.status,"
                          " outlets_on_sale = s.outlets_on_sale, outlets_off_sale = s.outlets_off_sale"
                          " FROM json_populate_record (NULL::performance, '%s') s WHERE p.id = %" G_GINT64_FORMAT, saved, x);
    }
  /* open again: the selling outlet sells, and takes the letter hold the owner lets it release (M8) */
  {
    g_autofree char *body = order_body (x, place, 4000, FALSE);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, body, 201));
    json_node_unref (ts_test_expect (server, "POST", release_path, ath_boxoffice, into, 200));
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", ath_boxoffice, ga_hold, 200));
  }
  release_cart (ath_boxoffice, cart);
  ts_test_assert_ledgers (server);
}

/* The order as its seller sees it, less the seat of one line and its barcode
 * version (a move voids the old paper, F5): what a move of that line must
 * leave as it was (S5, S9). */
static char *
order_but_seat (const char *path,
                gint64      item)
{
  g_autoptr(JsonNode) order = ts_test_expect (server, "GET", path, ath_boxoffice, NULL, 200);
  JsonArray *items = json_object_get_array_member (object_of (order), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *line = json_array_get_object_element (items, i);

      if (json_object_get_int_member (line, "id") == item)
        {
          json_object_remove_member (line, "seat");
          json_object_remove_member (line, "seat_name");
          json_object_remove_member (line, "barcode_version");
        }
    }
  return json_to_string (order, FALSE);
}

static char *
seat_of (gint64 item)
{
  return ts_test_owner_sqlf (server, "SELECT seat_guid FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
}

static gint64
claimed_of (gint64 performance);

/* S9 (S5, S6): moving seats is an exchange.  The owning outlet moves the
 * seat of a ticket to its performance on an order another outlet sold; the
 * selling outlet moves what it sold; neither changes the order's other
 * lines, payments, patron or ledgers, and the seat stays the seller's sale.
 * A third outlet, or the owner on a line it does not see, is refused as for
 * an unknown id.  Like any sale (S3, E4), a move needs the performance open
 * to the mover: the owner may override, the selling outlet never. */
static void
test_moves_across_outlets (void)
{
  gint64 z = new_jazz_performance (9);
  g_autofree char *b1 = balcony_seat (16), *b2 = balcony_seat (17), *b3 = balcony_seat (18), *b4 = balcony_seat (19);
  g_autofree char *b5 = balcony_seat (20), *b6 = balcony_seat (21);
  g_autofree char *studio_seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                                     " WHERE e.name = 'Varsity Volleyball' ORDER BY s.guid DESC OFFSET 1 LIMIT 1");
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"recipient_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 8000}, {\"method\": \"card\", \"amount_cents\": 1500}]}",
      key, ada, grace, z, b1, adult, z, b2, adult, volleyball, studio_seat, ath_general);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, body, 201);
  gint64 id = ts_test_member_int (order, "id");
  JsonArray *items = json_object_get_array_member (object_of (order), "items");
  gint64 first = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  gint64 second = json_object_get_int_member (json_array_get_object_element (items, 1), "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, id);
  g_autofree char *move_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/move", id);
  g_autofree char *owner_move = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}", first, b3);
  g_autofree char *seller_move = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}", second, b4);
  g_autofree char *before = order_but_seat (path, first);
  g_autofree char *after = NULL;
  gint64 ledger_lines = ts_test_owner_int (server, "SELECT count (*) FROM ledger_line");
  gint64 claimed = claimed_of (z);

  /* the owning outlet moves a ticket another outlet sold (S6, S9) */
  {
    g_autoptr(JsonNode) moved = ts_test_expect (server, "POST", move_path, uth_boxoffice, owner_move, 200);

    g_assert_true (json_object_get_boolean_member (object_of (moved), "partial"));        /* P5 */
    g_assert_false (json_object_has_member (object_of (moved), "payments"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (moved), "items")), ==, 2);
  }
  g_assert_cmpstr (seat_of (first), ==, b3);
  g_assert_cmpstr (seat_of (second), ==, b2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT outlet_id FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND order_item_id = %" G_GINT64_FORMAT, z, b3, first), ==, ath);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s'", z, b1), ==, 0);
  after = order_but_seat (path, first);
  g_assert_cmpstr (after, ==, before);                          /* S5: lines, payments, patron as they were */
  /* F5: the moved ticket's old barcode stops admitting; the other line's stays. */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %" G_GINT64_FORMAT, first), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %" G_GINT64_FORMAT, second), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ledger_line"), ==, ledger_lines);
  g_assert_cmpint (claimed_of (z), ==, claimed);

  /* the selling outlet moves what it sold */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = order_but_seat (path, second);
  json_node_unref (ts_test_expect (server, "POST", move_path, ath_boxoffice, seller_move, 200));
  g_assert_cmpstr (seat_of (second), ==, b4);
  after = order_but_seat (path, second);
  g_assert_cmpstr (after, ==, before);

  /* a third outlet does not see the order at all */
  ts_test_expect_error (server, "POST", move_path, tix_boxoffice, seller_move, 404, "not_found", "No such order");

  /* S3, E4: the performance is past — the owner needs an override, the seller may not */
  ts_test_owner_sqlf (server, "UPDATE performance SET starts_at = now () - interval '3 days' WHERE id = %" G_GINT64_FORMAT, z);
  {
    g_autofree char *seller_back = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}",
                                                    second, b5);
    g_autofree char *seller_override = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}],"
                                                        " \"override\": {\"reason\": \"Patron asked\"}}", second, b5);
    g_autofree char *owner_back = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}",
                                                   first, b6);
    g_autofree char *owner_override = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}],"
                                                       " \"override\": {\"reason\": \"Sight line\"}}", first, b6);

    ts_test_expect_error (server, "POST", move_path, ath_boxoffice, seller_back, 404, "not_found", "that you may sell");
    ts_test_expect_error (server, "POST", move_path, ath_boxoffice, seller_override, 404, "not_found", "that you may sell");
    ts_test_expect_error (server, "POST", move_path, uth_boxoffice, owner_back, 409, "override_needed", "an override is needed");
    json_node_unref (ts_test_expect (server, "POST", move_path, uth_boxoffice, owner_override, 200));
    g_assert_cmpstr (seat_of (first), ==, b6);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'move' AND entity_id = '%"
                                        G_GINT64_FORMAT "' AND after -> 'override' ->> 'reason' = 'Sight line'", first), ==, 1);
  }
  ts_test_owner_sqlf (server, "UPDATE performance SET starts_at = now () + interval '9 days' WHERE id = %" G_GINT64_FORMAT, z);
  ts_test_assert_ledgers (server);
}

static gint64
claimed_of (gint64 performance)
{
  return ts_test_owner_int (server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, performance);
}

/* S1, T2, M8: a letter hold names each seat once — a seat named twice is
 * refused, naming it, and counts nothing; M1: a map's default hold is one
 * of the hold letters, whichever way the plan is changed. */
static void
test_holds_count_each_seat_once (void)
{
  g_autofree char *a = balcony_seat (2);
  g_autofree char *b = balcony_seat (3);
  g_autofree char *holds_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds", jazz);
  g_autofree char *release_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds/release", jazz);
  g_autofree char *twice = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\", \"%s\", \"%s\"]}", a, b, a);
  g_autofree char *once = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\", \"%s\"]}", a, b);
  g_autofree char *release_twice = g_strdup_printf ("{\"seats\": [\"%s\", \"%s\", \"%s\"]}", a, b, b);
  g_autofree char *release = g_strdup_printf ("{\"seats\": [\"%s\", \"%s\"]}", a, b);
  g_autofree char *a_name = ts_test_owner_sqlf (server, "SELECT ts_seat_name (%" G_GINT64_FORMAT ", '%s')", jazz_map, a);
  g_autofree char *b_name = ts_test_owner_sqlf (server, "SELECT ts_seat_name (%" G_GINT64_FORMAT ", '%s')", jazz_map, b);
  g_autofree char *cart = new_cart (uth_boxoffice);
  g_autofree char *cart_twice = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                                 " \"seats\": [\"%s\", \"%s\"]}", cart, jazz, b, b);
  gint64 claimed = claimed_of (jazz);

  ts_test_expect_error (server, "POST", holds_path, uth_manager, twice, 400, "invalid_input", a_name);
  ts_test_expect_error (server, "POST", "/api/v1/carts/hold", uth_boxoffice, cart_twice, 400, "invalid_input", b_name);
  g_assert_cmpint (claimed_of (jazz), ==, claimed);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid IN ('%s', '%s')", jazz, a, b), ==, 0);
  json_node_unref (ts_test_expect (server, "POST", holds_path, uth_manager, once, 200));
  g_assert_cmpint (claimed_of (jazz), ==, claimed + 2);
  ts_test_expect_error (server, "POST", release_path, uth_manager, release_twice, 400, "invalid_input", b_name);
  json_node_unref (ts_test_expect (server, "POST", release_path, uth_manager, release, 200));
  g_assert_cmpint (claimed_of (jazz), ==, claimed);
  release_cart (uth_boxoffice, cart);
  ts_test_assert_ledgers (server);

  /* M1, M8: a default hold is a defined hold letter */
  {
    g_autofree char *map_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, jazz_map);
    g_autofree char *plan_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/plan", jazz_map);
    g_autofree char *export_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", jazz_map);
    g_autofree char *undefined = g_strdup_printf ("{\"seats\": [{\"guid\": \"%s\", \"hold\": \"q\"}]}", a);
    g_autofree char *defined = g_strdup_printf ("{\"seats\": [{\"guid\": \"%s\", \"hold\": \"h\"}]}", a);
    g_autofree char *cleared = g_strdup_printf ("{\"seats\": [{\"guid\": \"%s\", \"hold\": null}]}", a);
    g_autofree char *in_message = g_strdup_printf ("%s: “q”", a_name);
    g_autoptr(JsonNode) exported = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GString) plan = NULL;
    g_autofree char *body = NULL;
    g_autofree char *seat_key = g_strdup_printf ("\"seat_guid\":\"%s\"", a);
    char *at;

    ts_test_expect_error (server, "PATCH", map_path, uth_manager, undefined, 400, "invalid_input", in_message);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                        " AND default_hold IS NOT NULL", jazz_map), ==, 0);
    /* the same through a whole plan: an import carries the mark in its extension */
    json_node_unref (ts_test_expect (server, "PATCH", map_path, uth_manager, defined, 200));
    exported = ts_test_expect (server, "GET", export_path, uth_manager, NULL, 200);
    text = json_to_string (exported, FALSE);
    plan = g_string_new (text);
    at = strstr (plan->str, seat_key);
    g_assert_nonnull (at);
    at = strstr (at, "\"hold\":\"h\"");
    g_assert_nonnull (at);
    at[8] = 'q';
    body = g_strdup_printf ("{\"format\": \"pretix\", \"plan\": %s}", plan->str);
    ts_test_expect_error (server, "PUT", plan_path, uth_manager, body, 400, "invalid_input", in_message);
    g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT default_hold FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                         " AND guid = '%s'", jazz_map, a), ==, "h");
    json_node_unref (ts_test_expect (server, "PATCH", map_path, uth_manager, cleared, 200));
  }
}

/* The club's plan as exported, less the balcony's row C or the standing
 * floor: what a re-import edited elsewhere would send. */
static char *
club_plan_without (gboolean row_c,
                   gboolean floor)
{
  g_autofree char *export_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", jazz_map);
  g_autoptr(JsonNode) plan = ts_test_expect (server, "GET", export_path, uth_manager, NULL, 200);
  JsonArray *zones = json_object_get_array_member (object_of (plan), "zones");
  g_autofree char *text = NULL;

  for (guint z = 0; z < json_array_get_length (zones); z++)
    {
      JsonObject *zone = json_array_get_object_element (zones, z);
      const char *name = json_object_get_string_member (zone, "name");

      if (row_c && g_str_equal (name, "Balcony"))
        {
          JsonArray *rows = json_object_get_array_member (zone, "rows");

          for (guint r = 0; r < json_array_get_length (rows); r++)
            if (g_str_equal (json_object_get_string_member (json_array_get_object_element (rows, r), "row_number"), "C"))
              json_array_remove_element (rows, r--);
        }
      if (floor && g_str_equal (name, "Floor"))
        json_object_set_array_member (zone, "areas", json_array_new ());
    }
  text = json_to_string (plan, FALSE);
  return g_strdup_printf ("{\"format\": \"pretix\", \"plan\": %s}", text);
}

/* M4, T2: a plan replaced by the owner may not drop a seat or a
 * general-admission area that an agent holds in a cart (carts count as
 * held), sold or held with a letter for a future performance; the refusal
 * names a few of them and counts the rest, and changes nothing.  A cart
 * that has expired holds nothing. */
static void
test_plan_keeps_seats_in_carts (void)
{
  g_autofree char *plan_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/plan", jazz_map);
  g_autofree char *original = club_plan_without (FALSE, FALSE);
  g_autofree char *no_row_c = club_plan_without (TRUE, FALSE);
  g_autofree char *no_floor = club_plan_without (FALSE, TRUE);
  g_autofree char *cart = new_cart (ath_boxoffice);
  g_autoptr(GString) seats = g_string_new ("");
  g_autofree char *hold = NULL;
  g_autofree char *ga_hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                              " \"ga\": [{\"area\": \"Floor#1\", \"quantity\": 2}]}", cart, jazz);
  g_autoptr(JsonNode) refused = NULL;
  gint64 seats_before = ts_test_owner_int (server, "SELECT count (*) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT, jazz_map);

  for (guint i = 1; i <= 7; i++)
    g_string_append_printf (seats, "%s\"Balcony-C-%u\"", i > 1 ? ", " : "", i);
  hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"seats\": [%s]}",
                          cart, jazz, seats->str);
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", ath_boxoffice, hold, 200));
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", ath_boxoffice, ga_hold, 200));

  refused = ts_test_expect (server, "PUT", plan_path, uth_manager, no_row_c, 409);
  g_test_message ("%s", ts_test_error_message (refused));
  g_assert_nonnull (strstr (ts_test_error_message (refused), "The map is in use"));
  g_assert_nonnull (strstr (ts_test_error_message (refused), "Balcony row C seat 1, Balcony row C seat 2"));
  g_assert_nonnull (strstr (ts_test_error_message (refused), "and 2 more"));
  g_assert_null (strstr (ts_test_error_message (refused), "seat 7"));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT, jazz_map),
                   ==, seats_before);
  ts_test_expect_error (server, "PUT", plan_path, uth_manager, no_floor, 409, "conflict", "Standing floor");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM map_ga_area WHERE map_id = %" G_GINT64_FORMAT, jazz_map),
                   ==, 1);

  /* an expired cart holds nothing: the plan may then change, and change back */
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id = '%s'", cart);
  json_node_unref (ts_test_expect (server, "PUT", plan_path, uth_manager, no_row_c, 200));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT, jazz_map),
                   ==, seats_before - 16);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE cart_id = '%s'", cart), ==, 0);
  json_node_unref (ts_test_expect (server, "PUT", plan_path, uth_manager, original, 200));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT, jazz_map),
                   ==, seats_before);
  ts_test_assert_ledgers (server);
}

static char *
items_of (gint64      performance,
          const char *type_and_place,       /* e.g. "\"area\": \"Floor#1\", \"quantity\": 6" */
          guint       copies,
          gint64      ticket_type,
          guint       first_seat)
{
  GString *items = g_string_new ("[");

  for (guint i = 0; i < copies; i++)
    {
      g_autofree char *seat = type_and_place == NULL ? balcony_seat (first_seat + i) : NULL;

      g_string_append_printf (items, "%s{\"performance_id\": %" G_GINT64_FORMAT ", ", i > 0 ? ", " : "", performance);
      if (seat != NULL)
        g_string_append_printf (items, "\"seat\": \"%s\"", seat);
      else
        g_string_append (items, type_and_place);
      g_string_append_printf (items, ", \"ticket_type_id\": %" G_GINT64_FORMAT "}", ticket_type);
    }
  g_string_append (items, "]");
  return g_string_free (items, FALSE);
}

static void
expect_left (const char *token,
             const char *cart,                 /* or NULL */
             const char *items,
             gint64      cents,
             const char *code,                 /* "override_needed" where the caller may override (S3) */
             const char *in_message)
{
  g_autofree char *key = next_key ();
  g_autofree char *cart_member = cart ? g_strdup_printf (" \"cart_id\": \"%s\",", cart) : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"%s\",%s \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": %s, \"payments\": [{\"method\": \"cash\", \"amount_cents\": %"
                                           G_GINT64_FORMAT "}]}", key, cart_member, ada, items, cents);

  ts_test_expect_error (server, "POST", "/api/v1/orders", token, body, 409, code, in_message);
}

/* T2, S1: a refusal that says how many are left says the truth — as things
 * stood before the request, which changes nothing — for general admission
 * (by cart and by order, with places in the caller's cart), the
 * advance-sales limit and a ticket type's cap (T2's formula). */
static void
test_availability_messages_are_true (void)
{
  gint64 y = new_jazz_performance (8);
  gint64 student_redemption = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id,"
                                                 " cap) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                                 ", 3) RETURNING id", uth, student, y);
  g_autofree char *cart = new_cart (uth_boxoffice);
  g_autofree char *twice = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"ga\":"
                                            " [{\"area\": \"Floor#1\", \"quantity\": 3}, {\"area\": \"Floor#1\", \"quantity\": 3}]}",
                                            cart, y);
  g_autofree char *two = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"ga\":"
                                          " [{\"area\": \"Floor#1\", \"quantity\": 2}]}", cart, y);
  gint64 claimed;

  /* a standing floor of 5 */
  ts_test_owner_sqlf (server, "INSERT INTO performance_ga (performance_id, area_key, capacity) VALUES (%" G_GINT64_FORMAT
                      ", 'Floor#1', 5)", y);
  ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%" G_GINT64_FORMAT
                      ", 'Standing', 2000), (%" G_GINT64_FORMAT ", 'Balcony', 2500)", student_redemption, student_redemption);
  ts_test_expect_error (server, "POST", "/api/v1/carts/hold", uth_boxoffice, twice, 409, "conflict",
                        "Only 5 place(s) left in Standing floor");
  {
    g_autofree char *six = items_of (y, "\"area\": \"Floor#1\", \"quantity\": 6", 1, adult, 0);

    expect_left (uth_boxoffice, NULL, six, 18000, "conflict", "Only 5 place(s) left in Standing floor");
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", uth_boxoffice, two, 200));
    expect_left (uth_boxoffice, cart, six, 18000, "conflict", "Only 3 place(s) left in Standing floor, besides the 2 in your cart");
  }
  release_cart (uth_boxoffice, cart);

  /* the advance-sales limit: two seats left of it, three asked for */
  claimed = claimed_of (y);
  ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = claimed + 2 WHERE id = %" G_GINT64_FORMAT, y);
  {
    g_autofree char *three = items_of (y, NULL, 3, adult, 20);

    expect_left (uth_boxoffice, NULL, three, 12000, "override_needed", "Only 2 seat(s) left under the advance-sales limit");
    expect_left (ath_boxoffice, NULL, three, 12000, "conflict", "Only 2 seat(s) left under the advance-sales limit");
  }
  ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = 168 WHERE id = %" G_GINT64_FORMAT, y);

  /* a type's cap: 3 Students, 1 sold, 3 asked for; then the limit binds first (T2) */
  {
    g_autofree char *one = items_of (y, NULL, 1, student, 24);
    g_autofree char *three = items_of (y, NULL, 3, student, 25);
    g_autofree char *two_more = items_of (y, NULL, 2, student, 25);
    g_autofree char *offer_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/offer", y);
    g_autofree char *key = next_key ();
    g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                             " \"items\": %s, \"payments\": [{\"method\": \"cash\", \"amount_cents\": 2500}]}",
                                             key, ada, one);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201));
    expect_left (uth_boxoffice, NULL, three, 7500, "override_needed", "Only 2 “Student” ticket(s) left");
    ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = claimed + 1 WHERE id = %" G_GINT64_FORMAT, y);
    expect_left (uth_boxoffice, NULL, two_more, 5000, "override_needed", "Only 1 seat(s) left under the advance-sales limit");
    {
      g_autoptr(JsonNode) offer = ts_test_expect (server, "GET", offer_path, uth_boxoffice, NULL, 200);
      JsonArray *types = json_object_get_array_member (object_of (offer), "ticket_types");

      for (guint i = 0; i < json_array_get_length (types); i++)
        {
          JsonObject *t = json_array_get_object_element (types, i);

          /* T2: min (cap − sold, advance limit − all sold and held) */
          if (json_object_get_int_member (t, "ticket_type_id") == student)
            g_assert_cmpint (json_object_get_int_member (t, "seats_left"), ==, 1);
        }
    }
    ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = 168 WHERE id = %" G_GINT64_FORMAT, y);
  }
  g_assert_cmpint (claimed_of (y), ==, claimed + 1);
  ts_test_assert_ledgers (server);
}

/* The answer's status, code and message, with the id asked about written
 * {id} (as a whole word, so "rules E1, E3" stays as it is). */
static char *
answer_shape (const char *token,
              const char *method,
              const char *path,
              const char *body,
              const char *id)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = ts_test_call (server, method, path, token, body, &status);
  g_autofree char *pattern = g_strdup_printf ("\\b%s\\b", id);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autofree char *message = NULL;

  g_assert_cmpuint (status, >=, 400);
  g_assert_cmpuint (status, <, 500);
  message = g_regex_replace_literal (regex, ts_test_error_message (answer), -1, 0, "{id}", 0, NULL);
  return g_strdup_printf ("%u %s: %s", status, ts_test_error_code (answer), message);
}

/* The template with every "%s" replaced by the id. */
static char *
fill (const char *template,
      const char *id)
{
  g_auto(GStrv) parts = NULL;

  if (template == NULL)
    return NULL;
  parts = g_strsplit (template, "%s", -1);
  return g_strjoinv (id, parts);
}

/* P7, E1, E4: another outlet's object that the caller may not read answers
 * exactly as an unknown id does.  In path and body, %s stands for the id. */
static void
same_as_unknown (const char *what,
                 const char *token,
                 const char *method,
                 const char *path_format,
                 const char *body_format,
                 const char *theirs,
                 const char *unknown)
{
  g_autofree char *path_a = fill (path_format, theirs);
  g_autofree char *path_b = fill (path_format, unknown);
  g_autofree char *body_a = fill (body_format, theirs);
  g_autofree char *body_b = fill (body_format, unknown);
  g_autofree char *a = answer_shape (token, method, path_a, body_a, theirs);
  g_autofree char *b = answer_shape (token, method, path_b, body_b, unknown);

  g_test_message ("%s: %s", what, a);
  if (g_strcmp0 (a, b) != 0)
    g_error ("%s: another outlet's object answers “%s”, an unknown one “%s”", what, a, b);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* An order body, one item, the ticket type (%s) given by the caller. */
static char *
order_format (gint64      performance,
              const char *place,
              const char *cart)
{
  g_autofree char *key = next_key ();

  return g_strdup_printf ("{\"idempotency_key\": \"%s\",%s%s%s \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\":"
                          " [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %%s}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4000}]}",
                          key, cart ? " \"cart_id\": \"" : "", cart ? cart : "", cart ? "\"," : "", ada,
                          performance, place);
}

/* P7, E1, E4, T5, S6, P5: every selling message about an object the caller
 * may not read — another outlet's ticket types (not offered to it here),
 * carts, vouchers, orders and the lines of an order it sees only in part,
 * performances it may not sell — is exactly the one an unknown id gets. */
static void
test_other_outlets_objects_are_unknown (void)
{
  g_autofree char *seat = balcony_seat (40);
  g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seat);
  g_autofree char *studio_seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                                     " WHERE e.name = 'Varsity Volleyball' ORDER BY s.guid DESC LIMIT 1");
  g_autofree char *senior_id = id_text (senior), *press_id = id_text (press), *student_id = id_text (student);
  g_autofree char *general_id = id_text (ath_general), *adult_id = id_text (adult);
  g_autofree char *ath_cart = new_cart (ath_boxoffice);
  g_autofree char *unknown_cart = g_uuid_string_random ();
  gint64 sessions = demo_id ("SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id"
                             " WHERE e.name = 'The Studio Sessions' ORDER BY p.id LIMIT 1");
  g_autofree char *sessions_id = id_text (sessions);
  g_autoptr(JsonNode) mixed = NULL;
  g_autofree char *mixed_id = NULL, *jazz_item = NULL, *volleyball_item = NULL;

  /* ticket types, in orders */
  {
    g_autofree char *at_jazz = order_format (jazz, place, NULL);
    g_autofree char *at_volleyball = g_strdup_printf ("{\"idempotency_key\": \"edge-vb-%u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                                      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                                      " \"ticket_type_id\": %%s}], \"payments\": [{\"method\": \"cash\","
                                                      " \"amount_cents\": 1500}]}", ++key_counter, ada, volleyball, studio_seat);
    g_autofree char *no_performance = g_strdup_printf ("{\"idempotency_key\": \"edge-np-%u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                                       " \"items\": [{\"ticket_type_id\": %%s}], \"payments\": [{\"method\": \"cash\","
                                                       " \"amount_cents\": 1500}]}", ++key_counter, ada);

    same_as_unknown ("a type not offered to other outlets", ath_boxoffice, "POST", "/api/v1/orders", at_jazz, senior_id, "999999");
    same_as_unknown ("a comp", ath_boxoffice, "POST", "/api/v1/orders", at_jazz, press_id, "999999");
    same_as_unknown ("a regular type kept for the owner", tix_boxoffice, "POST", "/api/v1/orders", at_jazz, student_id, "999999");
    same_as_unknown ("another outlet's type at one's own performance", uth_boxoffice, "POST", "/api/v1/orders", at_jazz,
                     general_id, "999999");
    same_as_unknown ("another outlet's offered type where it is not offered", ath_boxoffice, "POST", "/api/v1/orders",
                     at_volleyball, adult_id, "999999");
    same_as_unknown ("another outlet's type as a subscription", uth_boxoffice, "POST", "/api/v1/orders", no_performance,
                     general_id, "999999");
  }

  /* performances one may not sell */
  {
    g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %%s, \"seats\": [\"x\"]}", ath_cart);
    g_autofree char *order = g_strdup_printf ("{\"idempotency_key\": \"edge-pf-%u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                              " \"items\": [{\"performance_id\": %%s, \"seat\": \"x\", \"ticket_type_id\": %"
                                              G_GINT64_FORMAT "}], \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4500}]}",
                                              ++key_counter, ada, adult);

    same_as_unknown ("a performance kept for the owner, held", ath_boxoffice, "POST", "/api/v1/carts/hold", hold,
                     sessions_id, "999999");
    same_as_unknown ("a performance kept for the owner, sold", ath_boxoffice, "POST", "/api/v1/orders", order,
                     sessions_id, "999999");
    same_as_unknown ("a performance kept for the owner, letter hold", ath_boxoffice, "POST", "/api/v1/performances/%s/holds",
                     "{\"letter\": \"c\", \"seats\": [\"x\"]}", sessions_id, "999999");
    same_as_unknown ("a performance kept for the owner, released", ath_boxoffice, "POST",
                     "/api/v1/performances/%s/holds/release", "{\"seats\": [\"x\"]}", sessions_id, "999999");
    same_as_unknown ("a performance kept for the owner, its map", ath_boxoffice, "GET", "/api/v1/performances/%s/seats", NULL,
                     sessions_id, "999999");
  }

  /* carts */
  {
    g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                             " \"seats\": [\"%s\"]}", jazz, seat);
    g_autofree char *into = g_strdup_printf ("{\"seats\": [\"%s\"], \"into_cart\": \"%%s\"}", seat);
    g_autofree char *release_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds/release", jazz);
    g_autofree char *order = g_strdup_printf ("{\"idempotency_key\": \"edge-ct-%u\", \"cart_id\": \"%%s\", \"purchaser_id\": %"
                                              G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s,"
                                              " \"ticket_type_id\": %" G_GINT64_FORMAT "}], \"payments\": [{\"method\": \"cash\","
                                              " \"amount_cents\": 4000}]}", ++key_counter, ada, jazz, place, adult);

    same_as_unknown ("another outlet's cart, held into", uth_boxoffice, "POST", "/api/v1/carts/hold", hold, ath_cart, unknown_cart);
    same_as_unknown ("another outlet's cart, released", uth_boxoffice, "POST", "/api/v1/carts/release",
                     "{\"cart_id\": \"%s\"}", ath_cart, unknown_cart);
    same_as_unknown ("another outlet's cart, sold from", uth_boxoffice, "POST", "/api/v1/orders", order, ath_cart, unknown_cart);
    same_as_unknown ("another outlet's cart, released into", uth_boxoffice, "POST", release_path, into, ath_cart, unknown_cart);
  }

  /* vouchers: UTH's subscriber's voucher, in ATH's order */
  {
    gint64 component = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents)"
                                          " VALUES (%" G_GINT64_FORMAT ", 'Jazz pass seat', 'bundle_component', 0) RETURNING id", uth);
    gint64 pass = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents,"
                                     " bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT ", 'Jazz pass',"
                                     " 'subscription', 6000, %" G_GINT64_FORMAT ", 2) RETURNING id", uth, component);
    g_autofree char *key = next_key ();
    g_autofree char *sell = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                             " \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                             " \"payments\": [{\"method\": \"card\", \"amount_cents\": 6000}]}", key, ada, pass);
    g_autofree char *voucher = NULL;
    g_autofree char *reserve = g_strdup_printf ("{\"idempotency_key\": \"edge-vo-%u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                                " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"voucher_id\": %%s}]}",
                                                ++key_counter, ada, jazz, place);

    ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                        ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, component, jazz);
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, sell, 201));
    voucher = ts_test_owner_sqlf (server, "SELECT min (id) FROM voucher WHERE patron_id = %" G_GINT64_FORMAT, ada);
    same_as_unknown ("another outlet's voucher", ath_boxoffice, "POST", "/api/v1/orders", reserve, voucher, "999999");
  }

  /* orders, and the lines of an order the owner sees only in part (P5) */
  {
    g_autofree char *key = next_key ();
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": ["
        " {\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 5500}]}",
        key, grace, jazz, place, adult, volleyball, studio_seat, ath_general);
    g_autofree char *refund = NULL, *move = NULL, *exchange = NULL, *order_path = NULL;
    g_autofree char *refund_path = NULL, *move_path = NULL, *exchange_path = NULL;

    mixed = ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, body, 201);
    mixed_id = id_text (ts_test_member_int (mixed, "id"));
    jazz_item = id_text (json_object_get_int_member (json_array_get_object_element (
                           json_object_get_array_member (object_of (mixed), "items"), 0), "id"));
    volleyball_item = id_text (json_object_get_int_member (json_array_get_object_element (
                                 json_object_get_array_member (object_of (mixed), "items"), 1), "id"));
    refund_path = g_strdup_printf ("/api/v1/orders/%s/refund", mixed_id);
    move_path = g_strdup_printf ("/api/v1/orders/%s/move", mixed_id);
    exchange_path = g_strdup_printf ("/api/v1/orders/%s/exchange", mixed_id);
    refund = g_strdup ("{\"items\": [%s], \"reason\": \"Cannot come\","
                       " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 1500}]}");
    move = g_strdup_printf ("{\"moves\": [{\"item_id\": %%s, \"seat\": \"%s\"}]}", studio_seat);
    exchange = g_strdup_printf ("{\"items\": [%%s], \"reason\": \"Other night\", \"new\": {\"idempotency_key\": \"edge-ex-%u\","
                                " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\","
                                " \"ticket_type_id\": %" G_GINT64_FORMAT "}]}}", ++key_counter, jazz, adult);

    /* UTH owns the jazz line only: ATH's volleyball line is not UTH's to see */
    same_as_unknown ("a line of the order the owner does not see, refunded", uth_boxoffice, "POST", refund_path, refund,
                     volleyball_item, "999999");
    same_as_unknown ("a line of the order the owner does not see, moved", uth_boxoffice, "POST", move_path, move,
                     volleyball_item, "999999");
    same_as_unknown ("a line of the order the owner does not see, exchanged", uth_boxoffice, "POST", exchange_path, exchange,
                     volleyball_item, "999999");
    /* TIX sees none of it */
    order_path = g_strdup ("/api/v1/orders/%s");
    same_as_unknown ("an order of others", tix_boxoffice, "GET", order_path, NULL, mixed_id, "999999");
    same_as_unknown ("an order of others, refunded", tix_boxoffice, "POST", "/api/v1/orders/%s/refund",
                     "{\"items\": [1], \"reason\": \"x\"}", mixed_id, "999999");
    same_as_unknown ("an order of others, moved", tix_boxoffice, "POST", "/api/v1/orders/%s/move",
                     "{\"moves\": [{\"item_id\": 1, \"seat\": \"x\"}]}", mixed_id, "999999");
    same_as_unknown ("an order of others, exchanged", tix_boxoffice, "POST", "/api/v1/orders/%s/exchange",
                     "{\"items\": [1], \"reason\": \"x\", \"new\": {\"idempotency_key\": \"edge-ex-tix\", \"items\": []}}",
                     mixed_id, "999999");
  }
  release_cart (ath_boxoffice, ath_cart);
  ts_test_assert_ledgers (server);
}


/* How many audit rows record an override with this reason (S3). */
static gint64
overrides_audited (const char *action,
                   const char *reason)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = '%s'"
                            " AND coalesce (after -> 'override' ->> 'reason', after ->> 'reason') = '%s'", action, reason);
}

/* An exchange of one item for a seat at 40.00, with more members for the new order. */
static char *
exchange_body (gint64      item,
               const char *key,
               gint64      performance,
               const char *seat,
               const char *more)
{
  return g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Other seat\", \"new\": {\"idempotency_key\": \"%s\","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %"
                          G_GINT64_FORMAT "}]%s}}", item, key, performance, seat, adult, more);
}

/* S3: what only an override would allow — a box-office window not open yet
 * or closed, a past or postponed performance (E2, E5), the advance-sales
 * limit, a ticket type's cap or sales window (T2) — is answered 409
 * "override_needed" to whoever may give one: the owning outlet at Box Office
 * level and up, so that its client can offer the override without reading
 * the message.  Anyone else gets what it got before: the owner's Walk-up
 * agent a conflict, a selling outlet a conflict, an unknown type or an
 * unknown performance (E4), never a hint that an override exists.  A
 * cancelled performance sells nothing, override or not.  The same request
 * with an override then goes through — an order, a cart hold, a release
 * into a cart, a seat move, an exchange — and the reason is audited. */
static void
test_override_needed (void)
{
  gint64 x = new_jazz_performance (5);
  gint64 x_redemption = ts_test_owner_int (server, "SELECT id FROM redemption WHERE performance_id = %" G_GINT64_FORMAT, x);
  g_autofree char *saved = ts_test_owner_sqlf (server, "SELECT row_to_json (p)::text FROM performance p WHERE id = %"
                                               G_GINT64_FORMAT, x);
  g_autofree char *uth_walkup = ts_test_sign_in (server, "UTH", "walkup", "walkup-password");
  g_autofree char *cart = new_cart (uth_boxoffice);
  const struct {
    const char *what;
    const char *performance;     /* SET on the performance, or NULL */
    const char *redemption;      /* SET on its Adult redemption, or NULL */
    const char *message;         /* in the refusal */
    gboolean    on_holds;        /* a cart hold is refused too */
    guint       seller_status;   /* what a selling outlet gets, without an override */
    const char *seller_code;
  } kinds[] = {
    { "box-office window not open yet", "box_office_on_sale = now () + interval '2 days'", NULL,
      "not open yet", TRUE, 201, NULL },
    { "box-office window never opened", "box_office_on_sale = NULL", NULL, "not open yet", TRUE, 201, NULL },
    { "box-office window closed", "box_office_off_sale = now () - interval '1 minute'", NULL,
      "has closed", TRUE, 201, NULL },
    { "past", "starts_at = now () - interval '3 days'", NULL, "past", TRUE, 404, "not_found" },
    { "postponed", "status = 'postponed'", NULL, "postponed", TRUE, 404, "not_found" },
    { "advance-sales limit reached", "advance_limit = claimed", NULL, "advance-sales limit", TRUE, 409, "conflict" },
    { "Adult's cap reached", NULL, "cap = sold", "“Adult” ticket(s) left", FALSE, 409, "conflict" },
    { "Adult's sales window over", NULL, "sales_end = now () - interval '1 hour'", "outside its sales window", FALSE,
      400, "invalid_input" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *seat = balcony_seat (20 + i);
      g_autofree char *other = balcony_seat (30 + i);
      g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seat);
      g_autofree char *plain = order_body (x, place, 4000, FALSE);
      g_autofree char *overridden = order_body (x, place, 4000, TRUE);
      g_autofree char *by_manager = order_body (x, place, 4000, FALSE);
      g_autofree char *by_seller = g_strdup_printf ("\"seat\": \"%s\"", other);
      g_autofree char *seller_body = order_body (x, by_seller, 4000, FALSE);
      g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                               " \"seats\": [\"%s\"]}", cart, x, other);
      g_autofree char *hold_overridden = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                                          " \"seats\": [\"%s\"], \"override\": {\"reason\": \"Kind %u\"}}",
                                                          cart, x, other, i);
      gint64 claimed, orders;

      g_test_message ("%s", kinds[i].what);
      if (kinds[i].performance != NULL)
        ts_test_owner_sqlf (server, "UPDATE performance SET %s WHERE id = %" G_GINT64_FORMAT, kinds[i].performance, x);
      if (kinds[i].redemption != NULL)
        ts_test_owner_sqlf (server, "UPDATE redemption SET %s WHERE id = %" G_GINT64_FORMAT, kinds[i].redemption,
                            x_redemption);
      claimed = claimed_of (x);
      orders = ts_test_owner_int (server, "SELECT count (*) FROM ticket_order");

      /* the owner's Box Office and its manager are told an override would do */
      ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, plain, 409, "override_needed", kinds[i].message);
      ts_test_expect_error (server, "POST", "/api/v1/orders", uth_manager, by_manager, 409, "override_needed", kinds[i].message);
      if (kinds[i].on_holds)
        ts_test_expect_error (server, "POST", "/api/v1/carts/hold", uth_boxoffice, hold, 409, "override_needed",
                              kinds[i].message);
      /* a selling outlet is told nothing more than before (E4, S3) */
      if (kinds[i].seller_code != NULL)
        ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, seller_body, kinds[i].seller_status,
                              kinds[i].seller_code, NULL);
      g_assert_cmpint (claimed_of (x), ==, claimed);
      g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order"), ==, orders);

      /* the override, explicit and audited */
      json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, overridden, 201));
      g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                          " AND seat_guid = '%s' AND overridden", x, seat), ==, 1);
      if (kinds[i].on_holds)
        {
          g_autofree char *reason = g_strdup_printf ("Kind %u", i);

          json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", uth_boxoffice, hold_overridden, 200));
          g_assert_cmpint (overrides_audited ("override", reason), ==, 1);
        }
      /* a selling outlet that may sell there sells as before, or not at all */
      else if (kinds[i].seller_status == 201)
        json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, seller_body, 201));

      ts_test_owner_sqlf (server, "UPDATE performance p SET starts_at = s.starts_at, status = s.status,"
                          " box_office_on_sale = s.box_office_on_sale, box_office_off_sale = s.box_office_off_sale,"
                          " advance_limit = s.advance_limit"
                          " FROM json_populate_record (NULL::performance, '%s') s WHERE p.id = %" G_GINT64_FORMAT, saved, x);
      ts_test_owner_sqlf (server, "UPDATE redemption SET cap = NULL, sales_end = NULL WHERE id = %" G_GINT64_FORMAT,
                          x_redemption);
    }
  g_assert_cmpint (overrides_audited ("sell", "Friend of the band"), ==, G_N_ELEMENTS (kinds));
  release_cart (uth_boxoffice, cart);

  /* an override says why; a cancelled performance sells nothing, override or not */
  {
    g_autofree char *seat = balcony_seat (40);
    g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seat);
    g_autofree char *plain = order_body (x, place, 4000, FALSE);
    g_autofree char *overridden = order_body (x, place, 4000, TRUE);
    g_autofree char *blank_cart = new_cart (uth_boxoffice);
    g_autofree char *blank = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                              " \"seats\": [\"%s\"], \"override\": {\"reason\": \"  \"}}", blank_cart, x, seat);

    ts_test_expect_error (server, "POST", "/api/v1/carts/hold", uth_boxoffice, blank, 400, "invalid_input", "override.reason");
    release_cart (uth_boxoffice, blank_cart);
    ts_test_owner_sqlf (server, "UPDATE performance SET status = 'cancelled' WHERE id = %" G_GINT64_FORMAT, x);
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, plain, 409, "conflict", "cancelled");
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, overridden, 409, "conflict", "cancelled");
    ts_test_owner_sqlf (server, "UPDATE performance SET status = 'scheduled' WHERE id = %" G_GINT64_FORMAT, x);
  }

  /* the owner's Walk-up agent, who may not override (C4), is told as before */
  {
    gint64 tonight = new_jazz_performance (0);
    g_autofree char *seat = balcony_seat (41);
    g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", seat);
    g_autofree char *plain = order_body (tonight, place, 4000, FALSE);
    g_autofree char *overridden = order_body (tonight, place, 4000, TRUE);

    /* late tonight in the outlet's own time zone: today, not past (S8) */
    ts_test_owner_sqlf (server, "UPDATE performance p SET starts_at = ((now () AT TIME ZONE o.time_zone)::date + time '23:59')"
                        " AT TIME ZONE o.time_zone, box_office_off_sale = now () - interval '1 minute'"
                        " FROM outlet o WHERE o.id = p.outlet_id AND p.id = %" G_GINT64_FORMAT, tonight);
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_walkup, plain, 409, "conflict", "has closed");
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_walkup, overridden, 403, "forbidden", "Overrides need Box Office level");
  }

  /* a closed window: a release into the cart, a seat move and an exchange */
  ts_test_owner_sqlf (server, "UPDATE performance SET box_office_off_sale = now () - interval '1 minute' WHERE id = %"
                      G_GINT64_FORMAT, x);
  {
    g_autofree char *held = balcony_seat (42);
    g_autofree char *into_cart = new_cart (uth_boxoffice);
    g_autofree char *holds_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds", x);
    g_autofree char *release_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds/release", x);
    g_autofree char *hold_c = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\"]}", held);
    g_autofree char *into = g_strdup_printf ("{\"seats\": [\"%s\"], \"into_cart\": \"%s\"}", held, into_cart);
    g_autofree char *into_overridden = g_strdup_printf ("{\"seats\": [\"%s\"], \"into_cart\": \"%s\","
                                                        " \"override\": {\"reason\": \"Subscriber swap\"}}", held, into_cart);
    g_autofree char *no_cart = g_strdup_printf ("{\"seats\": [\"%s\"], \"override\": {\"reason\": \"x\"}}", held);

    json_node_unref (ts_test_expect (server, "POST", holds_path, uth_manager, hold_c, 200));
    ts_test_expect_error (server, "POST", release_path, uth_boxoffice, into, 409, "override_needed", "has closed");
    ts_test_expect_error (server, "POST", release_path, uth_boxoffice, no_cart, 400, "invalid_input", "override");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                        " AND seat_guid = '%s' AND kind = 'held'", x, held), ==, 1);
    json_node_unref (ts_test_expect (server, "POST", release_path, uth_boxoffice, into_overridden, 200));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                        " AND seat_guid = '%s' AND cart_id = '%s'", x, held, into_cart), ==, 1);
    g_assert_cmpint (overrides_audited ("override", "Subscriber swap"), ==, 1);
    release_cart (uth_boxoffice, into_cart);
  }
  {
    g_autofree char *from = balcony_seat (43), *to = balcony_seat (44), *swap = balcony_seat (45);
    g_autofree char *place = g_strdup_printf ("\"seat\": \"%s\"", from);
    g_autofree char *sale = order_body (x, place, 4000, TRUE);
    g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, sale, 201);
    gint64 id = ts_test_member_int (order, "id");
    gint64 item = json_object_get_int_member (json_array_get_object_element (
                                                json_object_get_array_member (object_of (order), "items"), 0), "id");
    g_autofree char *move_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/move", id);
    g_autofree char *exchange_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/exchange", id);
    g_autofree char *move = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}", item, to);
    g_autofree char *move_overridden = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}],"
                                                        " \"override\": {\"reason\": \"Pillar in the way\"}}", item, to);
    g_autofree char *key = next_key ();
    g_autofree char *exchange_plain = exchange_body (item, key, x, swap, "");
    g_autofree char *exchange_overridden = exchange_body (item, key, x, swap, ", \"override\": {\"reason\": \"Patron asked for the aisle\"}");

    ts_test_expect_error (server, "POST", move_path, uth_boxoffice, move, 409, "override_needed", "has closed");
    g_assert_cmpstr (seat_of (item), ==, from);
    json_node_unref (ts_test_expect (server, "POST", move_path, uth_boxoffice, move_overridden, 200));
    g_assert_cmpstr (seat_of (item), ==, to);
    g_assert_cmpint (overrides_audited ("move", "Pillar in the way"), ==, 1);

    ts_test_expect_error (server, "POST", exchange_path, uth_boxoffice, exchange_plain, 409, "override_needed", "has closed");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                        " AND status = 'sold'", item), ==, 1);
    json_node_unref (ts_test_expect (server, "POST", exchange_path, uth_boxoffice, exchange_overridden, 200));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                        " AND seat_guid = '%s' AND status = 'sold' AND overridden", x, swap), ==, 1);
    g_assert_cmpint (overrides_audited ("sell", "Patron asked for the aisle"), ==, 1);
  }
  ts_test_assert_ledgers (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  if (!ts_demo_season_load (ts_server_get_db (ts_test_server_get_server (server)), &error))
    g_error ("The demo season does not load: %s", error->message);
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  tix_boxoffice = ts_test_sign_in (server, "TIX", "boxoffice", "boxoffice-password");
  jazz = demo_id ("SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id WHERE e.name = 'Late Night Jazz'");
  jazz_map = demo_id ("SELECT e.map_id FROM event e WHERE e.name = 'Late Night Jazz'");
  volleyball = demo_id ("SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id WHERE e.name = 'Varsity Volleyball'");
  adult = demo_id ("SELECT id FROM ticket_type WHERE name = 'Adult'");
  student = demo_id ("SELECT id FROM ticket_type WHERE name = 'Student'");
  senior = demo_id ("SELECT id FROM ticket_type WHERE name = 'Senior'");
  press = demo_id ("SELECT id FROM ticket_type WHERE name = 'Press Comp'");
  ath_general = demo_id ("SELECT id FROM ticket_type WHERE name = 'General'");
  ada = demo_id ("SELECT id FROM patron WHERE first_name = 'Ada' AND last_name = 'Lovelace'");
  grace = demo_id ("SELECT id FROM patron WHERE first_name = 'Grace' AND last_name = 'Hopper'");

  g_test_add_func ("/selling-edges/ga-from-cart", test_ga_from_cart);
  g_test_add_func ("/selling-edges/selling-outlet-has-no-override", test_selling_outlet_has_no_override);
  g_test_add_func ("/selling-edges/holds-count-each-seat-once", test_holds_count_each_seat_once);
  g_test_add_func ("/selling-edges/plan-keeps-seats-in-carts", test_plan_keeps_seats_in_carts);
  g_test_add_func ("/selling-edges/availability-messages-are-true", test_availability_messages_are_true);
  g_test_add_func ("/selling-edges/other-outlets-objects-are-unknown", test_other_outlets_objects_are_unknown);
  g_test_add_func ("/selling-edges/moves-across-outlets", test_moves_across_outlets);
  g_test_add_func ("/selling-edges/override-needed", test_override_needed);

  status = g_test_run ();
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (ath_boxoffice);
  g_free (tix_boxoffice);
  ts_test_server_free (server);
  return status;
}
