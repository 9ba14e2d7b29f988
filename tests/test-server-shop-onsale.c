/* test-server-shop-onsale.c — what an on-sale rush reads, kept with the map
 * (issue 14, migration 036; S1, M3): best available walks the seats in the
 * plan's order and follows the map when it is edited, plan.json is served
 * from memory yet never stale, and the price zones follow the map's seats */
#include <string.h>

#include "ts-test-client.h"
#include "ts-test-visitor.h"

static TsTestServer *server;
static char *uth_manager;
static gint64 uth, map_id, event_id, adult;

/* Front (Regular, rows A–C of 12: "A-10" sorts before "A-2", so an order
 * by name is not the plan's) then Back (Cheap, rows J–K of 8); order
 * "back-first" lists Back's block first, and colour is Regular's. */
static char *
map_description (gboolean    back_first,
                 const char *colour)
{
  const char *front = "{\"kind\": \"straight\", \"zone\": \"Front\", \"category\": \"Regular\", \"rows\": 3, \"seats\": 12,"
                      " \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}";
  const char *back = "{\"kind\": \"straight\", \"zone\": \"Back\", \"category\": \"Cheap\", \"rows\": 2, \"seats\": 8,"
                     " \"x\": 40, \"y\": 200, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"J\"}";

  return g_strdup_printf ("{\"format\": \"generator\", \"description\": {\"name\": \"Rush Hall\","
                          " \"size\": {\"width\": 400, \"height\": 300},"
                          " \"categories\": [{\"name\": \"Regular\", \"color\": \"%s\"}, {\"name\": \"Cheap\", \"color\": \"#2ec27e\"},"
                          "  {\"name\": \"Unused\", \"color\": \"#000000\"}],"
                          " \"blocks\": [%s, %s]}}", colour, back_first ? back : front, back_first ? front : back);
}

static gint64
new_performance (int day)
{
  gint64 perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale, internet_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                   " now () + interval '%d days', 100, 100, now () - interval '1 day', now () - interval '1 day')"
                                   " RETURNING id", event_id, uth, day);
  gint64 r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, perf);

  ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                      G_GINT64_FORMAT ", 'Cheap', 1500)", r);
  return perf;
}

static char *
seat (const char *row,
      int         number)
{
  return ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                             " AND row_label = '%s' AND number = '%d'", map_id, row, number);
}

/* A patron's hold from the performance page's form; answers the page. */
static TsTestPage *
hold (TsTestVisitor *v,
      gint64         perf,
      const char    *fields)
{
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
  g_autofree char *rest = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&%s", perf, fields);
  g_autofree char *form = ts_test_page_form (page, rest);

  return ts_test_visitor_visit (v, "POST", "/shop/UTH/cart/hold", form);
}

/* The seats v holds, as "row:first-last" in the plan's order, e.g. "B:3-5". */
static char *
held (TsTestVisitor *v)
{
  g_autofree char *token = ts_test_visitor_cookie (v, "ts_shop");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  return ts_test_owner_sqlf (server, "SELECT string_agg (r, ',' ORDER BY o) FROM (SELECT s.row_label || ':' || min (s.number::integer)"
                             " || '-' || max (s.number::integer) AS r, min (s.seat_order) AS o"
                             " FROM seat_claim c JOIN cart k ON k.id = c.cart_id JOIN web_session w ON w.id = k.web_session_id"
                             " JOIN map_seat s ON s.map_id = %" G_GINT64_FORMAT " AND s.guid = c.seat_guid"
                             " WHERE w.token_hash = '%s' GROUP BY s.row_label) x", map_id, hash);
}

static void
expect_hold (TsTestVisitor *v,
             gint64         perf,
             const char    *fields,
             const char    *seats)
{
  g_autoptr(TsTestPage) page = hold (v, perf, fields);
  g_autofree char *got = NULL;

  g_assert_cmpuint (page->status, ==, 303);
  g_assert_cmpstr (ts_test_page_header (page, "Location"), ==, "/shop/UTH/cart");
  got = held (v);
  g_assert_cmpstr (got, ==, seats);
}

/* S1: best available is the middle of the first free run long enough, rows
 * in the plan's order (nearest the stage first), of the zone asked for;
 * with no run long enough, the first free seats in that order. */
static void
test_best_available_walks_the_plan (void)
{
  gint64 perf = new_performance (10);
  g_autoptr(TsTestVisitor) blocker = ts_test_visitor_new (server);
  g_autofree char *a3 = seat ("A", 3), *a6 = seat ("A", 6), *a9 = seat ("A", 9);
  g_autofree char *fields = g_strdup_printf ("seat=%s&seat=%s&seat=%s", a3, a6, a9);
  g_autoptr(TsTestPage) blocked = hold (blocker, perf, fields);

  /* row A is free in runs of 2, 2, 2 and 3: 1–2, 4–5, 7–8, 10–12 */
  g_assert_cmpuint (blocked->status, ==, 303);
  {
    /* 3 fit at the end of row A */
    g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);

    expect_hold (v, perf, "best=3&zone=", "A:10-12");
  }
  {
    /* 4 do not fit in row A: the middle of row B */
    g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);

    expect_hold (v, perf, "best=4&zone=", "B:5-8");
  }
  {
    /* 2 fit in row A's first run */
    g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);

    expect_hold (v, perf, "best=2&zone=", "A:1-2");
  }
  {
    /* the cheap zone: the middle of its first row */
    g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);

    expect_hold (v, perf, "best=2&zone=Cheap", "J:4-5");
  }
  {
    /* 10 side by side are nowhere (rows of 8): the first 10 free of the
     * cheap zone, in the plan's order (row J's 6 left, then row K's first 4) */
    g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);

    expect_hold (v, perf, "best=10&zone=Cheap", "J:1-8,K:1-4");
  }
  {
    /* what is left of the zone (4) is fewer than asked: said, nothing held */
    g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
    g_autoptr(TsTestPage) page = hold (v, perf, "best=5&zone=Cheap");

    g_assert_cmpuint (page->status, ==, 303);
    g_assert_true (g_str_has_suffix (ts_test_page_header (page, "Location"), "?problem=none-left"));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim c JOIN map_seat s ON s.map_id = %"
                                        G_GINT64_FORMAT " AND s.guid = c.seat_guid WHERE c.performance_id = %"
                                        G_GINT64_FORMAT " AND s.category = 'Cheap'", map_id, perf), ==, 12);
  }
  ts_test_assert_ledgers (server);
}

/* The map's edits reach the storefront at once: the plan's new order (best
 * available, M3), the zones' new colours in plan.json (kept in memory, but
 * under the map's last change), the zones its seats use. */
static void
test_map_edit_reaches_the_storefront (void)
{
  gint64 perf = new_performance (11);
  g_autofree char *plan_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "/plan.json", perf);
  g_autofree char *put_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/plan", map_id);
  g_autofree char *edited = map_description (TRUE, "#a51d2d");
  g_autofree char *restored = map_description (FALSE, "#3584e4");
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) before = ts_test_visitor_get (v, plan_path, 200);
  g_autoptr(TsTestPage) again = ts_test_visitor_get (v, plan_path, 200);
  g_autoptr(TsTestPage) after = NULL, revalidated = NULL, page = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *etag = g_strdup (ts_test_page_header (before, "ETag"));
  JsonArray *zones;

  /* the same plan twice: the same bytes and tag (the second from memory) */
  g_assert_nonnull (etag);
  g_assert_cmpstr (before->body, ==, again->body);
  g_assert_cmpstr (ts_test_page_header (again, "ETag"), ==, etag);
  node = json_from_string (before->body, NULL);
  zones = json_object_get_array_member (json_node_get_object (node), "zones");
  /* the zones its seats use, in the plan's order, with their colours */
  g_assert_cmpuint (json_array_get_length (zones), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (zones, 0), "name"), ==, "Regular");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (zones, 0), "colour"), ==, "#3584e4");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (zones, 1), "name"), ==, "Cheap");
  g_clear_pointer (&node, json_node_unref);

  /* the manager puts the back block first and changes Regular's colour */
  json_node_unref (ts_test_expect (server, "PUT", put_path, uth_manager, edited, 200));
  after = ts_test_visitor_send (v, "GET", plan_path, NULL, NULL, "If-None-Match", etag, NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpstr (ts_test_page_header (after, "ETag"), !=, etag);
  node = json_from_string (after->body, NULL);
  zones = json_object_get_array_member (json_node_get_object (node), "zones");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (zones, 0), "colour"), ==, "#a51d2d");
  /* a browser that has the new one revalidates for nothing */
  revalidated = ts_test_visitor_send (v, "GET", plan_path, NULL, NULL, "If-None-Match",
                                      ts_test_page_header (after, "ETag"), NULL);
  g_assert_cmpuint (revalidated->status, ==, 304);
  /* best available walks the new order: the back's first row first */
  expect_hold (v, perf, "best=2&zone=", "J:4-5");
  /* the cart prices them at their zone's price */
  page = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  g_assert_nonnull (strstr (page->body, "$15.00"));

  json_node_unref (ts_test_expect (server, "PUT", put_path, uth_manager, restored, 200));
  ts_test_assert_ledgers (server);
}

static void
set_up (void)
{
  g_autofree char *description = map_description (FALSE, "#3584e4");
  g_autoptr(JsonNode) created = NULL;

  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager, description, 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE id = %" G_GINT64_FORMAT, uth);
  event_id = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                ", 'The Rush', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT
                             ", 'Adult', 3500) RETURNING id", uth);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  set_up ();

  g_test_add_func ("/shop-onsale/best-available-walks-the-plan", test_best_available_walks_the_plan);
  g_test_add_func ("/shop-onsale/map-edit-reaches-the-storefront", test_map_edit_reaches_the_storefront);

  status = g_test_run ();
  g_free (uth_manager);
  ts_test_server_free (server);
  return status;
}
