/* test-server-scenario.c — a season set up and sold entirely through the
 * documented API, as several outlets would (docs/api.md): the owner builds
 * a map, a commission table, ticket types, an event, a performance open to
 * one other outlet, offers with a zone price; that outlet sells from a cart;
 * the owner sees its own lines; a third outlet sees nothing; the owner
 * refunds and settles.  The ledgers are audited at the end (A1, A2). */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;

static gint64
created_id (JsonNode *answer)
{
  g_assert_nonnull (answer);
  return json_object_get_int_member (json_node_get_object (answer), "id");
}

/* An ISO 8601 time days from now, with its offset. */
static char *
days_from_now (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format_iso8601 (then);
}

static void
test_scenario (void)
{
  gint64 ath = ts_test_outlet_id (server, "ATH");
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autofree char *uth_box = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *ath_box = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  g_autofree char *ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  g_autofree char *tix_box = ts_test_sign_in (server, "TIX", "boxoffice", "boxoffice-password");
  g_autofree char *starts = days_from_now (7);
  g_autofree char *opened = days_from_now (-1);
  g_autoptr(JsonNode) map = ts_test_expect (server, "POST", "/api/v1/maps", manager,
                                            "{\"format\": \"generator\", \"demo\": \"studio\"}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (map), "map"), "id");
  g_autofree char *map_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, map_id);
  g_autoptr(JsonNode) plan = ts_test_expect (server, "GET", map_path, ath_box, NULL, 200);
  JsonObject *first_seat = NULL;
  gint64 commission, adult, student, event, performance, patron, order;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cart = NULL;

  /* The seat a regular buyer takes: the first of the first row of the plan */
  {
    JsonArray *zones = json_object_get_array_member (json_object_get_object_member (json_node_get_object (plan), "plan"), "zones");
    JsonObject *zone = json_array_get_object_element (zones, 0);
    JsonArray *rows = json_object_get_array_member (zone, "rows");

    first_seat = json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (rows, 0), "seats"), 0);
  }

  /* 1. the owner's season */
  commission = created_id (ts_test_expect (server, "POST", "/api/v1/commission-tables", manager,
                                           "{\"name\": \"Partners\", \"amount_cents\": 100, \"percent_bp\": 1000}", 201));
  body = g_strdup_printf ("{\"name\": \"Adult\", \"price_cents\": 4000, \"display_letter\": \"A\", \"other_outlets\": true,"
                          " \"commission_table_id\": %" G_GINT64_FORMAT "}", commission);
  adult = created_id (ts_test_expect (server, "POST", "/api/v1/ticket-types", manager, body, 201));
  student = created_id (ts_test_expect (server, "POST", "/api/v1/ticket-types", manager,
                                        "{\"name\": \"Student\", \"price_cents\": 2500}", 201));
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"The Tempest\", \"map_id\": %" G_GINT64_FORMAT "}", map_id);
  event = created_id (ts_test_expect (server, "POST", "/api/v1/events", manager, body, 201));
  g_free (body);
  body = g_strdup_printf ("{\"starts_at\": \"%s\", \"box_office_on_sale\": \"%s\", \"outlets_on_sale\": \"%s\","
                          " \"allow_other_outlets\": true, \"permitted_outlets\": [%" G_GINT64_FORMAT "]}",
                          starts, opened, opened, ath);
  path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT "/performances", event);
  performance = created_id (ts_test_expect (server, "POST", path, manager, body, 201));
  g_free (path);
  path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/redemptions", performance);
  g_free (body);
  body = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"prices\": [{\"category\": \"%s\", \"price_cents\": 4500}]}",
                          adult, json_object_get_string_member (first_seat, "category"));
  json_node_unref (ts_test_expect (server, "POST", path, manager, body, 201));
  g_free (body);
  body = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"max_per_order\": 4}", student);
  json_node_unref (ts_test_expect (server, "POST", path, manager, body, 201));
  patron = created_id (ts_test_expect (server, "POST", "/api/v1/patrons", uth_box,
                                       "{\"first_name\": \"Miranda\", \"last_name\": \"Prospero\", \"allow_duplicate\": true}", 201));

  /* 2. the other outlet finds it with E4's fields and sells from a cart */
  {
    g_autoptr(JsonNode) list = ts_test_expect (server, "GET", "/api/v1/sales/performances", ath_box, NULL, 200);
    g_autofree char *text = json_to_string (list, FALSE);
    g_autofree char *offer_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/offer", performance);
    g_autoptr(JsonNode) offer = ts_test_expect (server, "GET", offer_path, ath_box, NULL, 200);
    JsonArray *types = json_object_get_array_member (json_node_get_object (offer), "ticket_types");

    g_assert_nonnull (strstr (text, "The Tempest"));
    g_assert_cmpuint (json_array_get_length (types), ==, 1);              /* T5: Adult only */
  }
  {
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/carts", ath_box, "{}", 201);

    cart = g_strdup (ts_test_member_string (created, "id"));
  }
  g_free (body);
  body = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"seats\": [\"%s\"]}",
                          cart, performance, json_object_get_string_member (first_seat, "seat_guid"));
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", ath_box, body, 200));
  g_free (body);
  body = g_strdup_printf ("{\"idempotency_key\": \"tempest-0001\", \"cart_id\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"card\", \"amount_cents\": 4500}]}",
                          cart, patron, performance, json_object_get_string_member (first_seat, "seat_guid"), adult);
  {
    g_autoptr(JsonNode) sold = ts_test_expect (server, "POST", "/api/v1/orders", ath_box, body, 201);
    JsonObject *item = json_array_get_object_element (json_object_get_array_member (json_node_get_object (sold), "items"), 0);

    order = created_id (sold);
    g_assert_cmpint (json_object_get_int_member (item, "price_cents"), ==, 4500);        /* T4 zone price */
    g_assert_cmpint (json_object_get_int_member (item, "commission_cents"), ==, 550);    /* T6: 1.00 + 10 % */
  }

  /* 3. who sees what (P5, E1) */
  g_free (path);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order);
  {
    g_autoptr(JsonNode) owner_view = ts_test_expect (server, "GET", path, uth_box, NULL, 200);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (owner_view), "partial"));
  }
  ts_test_expect_error (server, "GET", path, tix_box, NULL, 404, "not_found", NULL);
  {
    g_autofree char *event_path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, event);

    ts_test_expect_error (server, "GET", event_path, ath_box, NULL, 404, "not_found", NULL);
  }

  /* 4. the owner refunds from its till; the commission is cleared (S6, S7) */
  {
    g_autoptr(JsonNode) seen = ts_test_expect (server, "GET", path, uth_box, NULL, 200);
    gint64 item = json_object_get_int_member (json_array_get_object_element (
                    json_object_get_array_member (json_node_get_object (seen), "items"), 0), "id");
    g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", order);
    g_autofree char *refund = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Storm warning\","
                                               " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4500}]}", item);
    g_autoptr(JsonNode) balances = NULL;
    JsonObject *with_uth;

    json_node_unref (ts_test_expect (server, "POST", refund_path, uth_box, refund, 200));
    balances = ts_test_expect (server, "GET", "/api/v1/accounts/balances", ath_manager, NULL, 200);
    with_uth = json_array_get_object_element (json_object_get_array_member (json_node_get_object (balances), "balances"), 0);
    g_assert_cmpint (json_object_get_int_member (with_uth, "ticket_due_to_cents"), ==, 4500);
    g_assert_cmpint (json_object_get_int_member (with_uth, "commission_due_from_cents"), ==, 0);
  }

  /* 5. the pair settles (A3) */
  {
    /* "to" a day ahead, so the period ends after today in any time zone */
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autofree char *until = g_date_time_format (tomorrow, "%Y-%m-%d");
    g_autofree char *settle = g_strdup_printf ("{\"counterparty_id\": %" G_GINT64_FORMAT ", \"to\": \"%s\","
                                               " \"reference\": \"EFT 17\"}", ath, until);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/accounts/settlements", manager, settle, 201));
  }
  ts_test_assert_ledgers (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  g_test_add_func ("/scenario/api-only-season", test_scenario);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
