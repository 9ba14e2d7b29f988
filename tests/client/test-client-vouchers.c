/* test-client-vouchers.c — a subscriber's vouchers in the patron record and
 * their reservation on the patron's behalf (T3, C4), against a real server,
 * under X
 *
 * The season is set up with SQL as the owner role, as in
 * tests/test-server-sales.c: a map, an event with three performances (one
 * taking season vouchers, one taking them with its box-office window not yet
 * open, one not taking them at all), a bundle-component ticket type and a
 * two-voucher subscription, sold to a patron through the API.  Then UTH's
 * Staff open the patron window, see the two open vouchers, and reserve
 * them from the dialog: a seat sold meanwhile and the closed sales window
 * are refused inline and change nothing; a free seat, then a
 * general-admission place, are reserved at no charge.  The owning outlet's
 * Box Office then books another subscriber before on-sale, overriding the
 * closed window with a reason (S3).  What the windows did is checked with
 * owner SQL.  With TESSERA_SCREENSHOTS=DIR set, the tab
 * and the dialog are saved there as PNGs. */
#include <string.h>

#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-override-dialog-private.h"
#include "ts-patron-window.h"
#include "ts-patron-window-private.h"
#include "ts-patron-tab-private.h"
#include "ts-test-client.h"
#include "ts-test-ui.h"
#include "ts-voucher-reserve-dialog-private.h"

static TsTestServer *server;
static gint64 uth, map_id, perf, perf_closed, perf_plain, adult, season_seat, season, patron, friend_patron;
static gint64 vouchers[2];
static char *seats[10];
static char *uth_boxoffice, *uth_manager;
static guint key_counter;

/* "… · reserved: EVENT", as the reader's language writes a reserved
 * voucher ("Voucher %s · reserved: %s · …"). */
static const char *
reserved_for (const char *event)
{
  g_auto(GStrv) parts = g_strsplit (ts_test_ui_tr ("Voucher %s · reserved: %s · %s · %s · order %s"), "%s", -1);
  g_autofree char *text = g_strconcat (parts[1], event, NULL);

  return g_intern_string (text);
}

static gboolean
no_dialog (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_VOUCHER_RESERVE_DIALOG) == NULL;
}

static TsPatronTab *
vouchers_tab (TsPatronWindow *window)
{
  return _ts_patron_window_get_tab (window, "vouchers");
}

/* How many times the Vouchers tab has loaded. */
static guint
voucher_loads (TsPatronWindow *window)
{
  guint loads;

  g_object_get (vouchers_tab (window), "loads", &loads, NULL);
  return loads;
}

static gboolean
can_reserve (TsPatronWindow *window)
{
  gboolean can;

  g_object_get (vouchers_tab (window), "can-reserve", &can, NULL);
  return can;
}

typedef struct
{
  TsPatronWindow *window;
  guint           loads;
} Loads;

static gboolean
vouchers_reloaded (gpointer data)
{
  Loads *loads = data;

  return voucher_loads (loads->window) > loads->loads;
}

static void
wait_orders (TsPatronWindow *window,
             guint           rows)
{
  ts_test_ui_wait_property (_ts_patron_window_get_tab (window, "orders"), "n-rows", rows);
}

static char *
voucher_status (gint64 voucher)
{
  return ts_test_owner_sqlf (server, "SELECT status FROM voucher WHERE id = %" G_GINT64_FORMAT, voucher);
}

static void
sell_seat_meanwhile (gint64      performance,
                     const char *seat)
{
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"client-vouchers-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
      ++key_counter, friend_patron, performance, seat, adult);

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201));
}

/* Opens the dialog as a person would, from the tab's Reserve… button. */
static TsVoucherReserveDialog *
open_dialog (TsPatronWindow *window)
{
  TsVoucherReserveDialog *dialog;

  g_assert_true (can_reserve (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (vouchers_tab (window)), "patron.reserve-voucher", NULL));
  dialog = TS_VOUCHER_RESERVE_DIALOG (ts_test_ui_find_window (TS_TYPE_VOUCHER_RESERVE_DIALOG));
  g_assert_nonnull (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performances, their offers and free places");
  return dialog;
}

/* C4, T3: Staff reserve a subscriber's vouchers on the patron's behalf. */
static void
test_reserve (void)
{
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  TsPatronWindow *window = ts_patron_window_new (NULL, staff, patron);
  TsVoucherReserveDialog *dialog;
  Loads loads = { window, 0 };
  gint64 item, order;

  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_until (vouchers_reloaded, &loads, "the vouchers");
  wait_orders (window, 1);

  /* the tab: both vouchers open, Reserve… offered */
  g_assert_cmpuint (_ts_patron_tab_get_n_rows (vouchers_tab (window)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = _ts_patron_tab_get_row_text (vouchers_tab (window), i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, vouchers[i]);
      g_autofree char *number = g_strdup_printf (ts_test_ui_tr ("Voucher %s · open: not reserved yet"), id);

      g_assert_nonnull (strstr (text, "Season 2-pack — Season seat"));
      g_assert_nonnull (strstr (text, number));
    }
  g_assert_true (can_reserve (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "patron.show-tab", "s", "vouchers"));

  /* the selected voucher is the one the dialog offers first */
  g_assert_true (_ts_patron_tab_select_row (vouchers_tab (window), 1));
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-vouchers.png");
  dialog = open_dialog (window);
  g_assert_cmpuint (_ts_voucher_reserve_dialog_count_vouchers (dialog), ==, 2);
  g_assert_cmpint (_ts_voucher_reserve_dialog_get_voucher (dialog), ==, vouchers[1]);
  /* only the performances with a redemption for the voucher's type */
  g_assert_cmpuint (_ts_voucher_reserve_dialog_count_performances (dialog), ==, 2);
  g_assert_false (_ts_voucher_reserve_dialog_choose_performance (dialog, perf_plain));
  g_assert_true (_ts_voucher_reserve_dialog_choose_voucher (dialog, vouchers[0]));
  g_assert_true (_ts_voucher_reserve_dialog_choose_performance (dialog, perf));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the free seats");
  g_assert_cmpuint (_ts_voucher_reserve_dialog_count_free_seats (dialog), ==, 10);
  g_assert_true (_ts_voucher_reserve_dialog_choose_seat (dialog, seats[2]));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "voucher-reserve-dialog.png");

  /* somebody sells that seat meanwhile: refused inline, nothing changed */
  sell_seat_meanwhile (perf, seats[2]);
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "Taken meanwhile: Stalls row A seat 3"));
  /* the list shows what is free now, and the taken seat is no longer chosen */
  g_assert_cmpuint (_ts_voucher_reserve_dialog_count_free_seats (dialog), ==, 9);
  g_assert_null (_ts_voucher_reserve_dialog_get_chosen_seat (dialog));
  g_assert_nonnull (ts_test_ui_find_window (TS_TYPE_VOUCHER_RESERVE_DIALOG));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "voucher-reserve-dialog-refused.png");
  {
    g_autofree char *status = voucher_status (vouchers[0]);

    g_assert_cmpstr (status, ==, "open");
  }

  /* E2: the box office has not opened that performance's sales yet */
  g_assert_true (_ts_voucher_reserve_dialog_choose_performance (dialog, perf_closed));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the other performance's free seats");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  g_assert_true (_ts_voucher_reserve_dialog_choose_seat (dialog, seats[0]));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the refusal for the closed window");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "sales window is not open"));
  /* S3: Staff may not override, and are not asked to */
  ts_test_ui_pause (200);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));

  /* another seat, the same dialog (and idempotency key): reserved */
  g_assert_true (_ts_voucher_reserve_dialog_choose_performance (dialog, perf));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the free seats again");
  g_assert_true (_ts_voucher_reserve_dialog_choose_seat (dialog, seats[3]));
  loads.loads = voucher_loads (window);
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (no_dialog, NULL, "the dialog to close");
  ts_test_ui_wait_until (vouchers_reloaded, &loads, "the vouchers after the reservation");

  /* through owner SQL: reserved, at no charge, by Staff, and nothing paid */
  {
    g_autofree char *status = voucher_status (vouchers[0]);

    g_assert_cmpstr (status, ==, "reserved");
  }
  item = ts_test_owner_int (server, "SELECT reserved_item_id FROM voucher WHERE id = %" G_GINT64_FORMAT, vouchers[0]);
  order = ts_test_owner_int (server, "SELECT order_id FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT, order), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT price_cents FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT performance_id FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, perf);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT purchaser_id FROM ticket_order WHERE id = %" G_GINT64_FORMAT, order),
                   ==, patron);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT employee_id FROM ticket_order WHERE id = %" G_GINT64_FORMAT, order),
                   ==, ts_api_client_get_employee_id (staff));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT order_item_id FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND kind = 'sold'", perf, seats[3]), ==, item);
  {
    g_autofree char *status = voucher_status (vouchers[1]);

    g_assert_cmpstr (status, ==, "open");
  }

  /* the tab shows it reserved; the Orders tab has the new order */
  {
    g_autofree char *text = _ts_patron_tab_get_row_text (vouchers_tab (window), 0);
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, order);
    g_auto(GStrv) parts = g_strsplit (ts_test_ui_tr ("Voucher %s · reserved: %s · %s · %s · order %s"), "%s", -1);
    g_autofree char *number = g_strconcat (parts[4], id, NULL);   /* " · order N" */

    g_assert_nonnull (strstr (text, reserved_for ("Hamlet")));
    g_assert_nonnull (strstr (text, "Stalls row A seat 4"));
    g_assert_nonnull (strstr (text, number));
  }
  wait_orders (window, 2);
  g_assert_true (can_reserve (window));
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-vouchers-reserved.png");

  /* the last voucher in the general-admission area: one voucher, nothing to choose */
  dialog = open_dialog (window);
  g_assert_cmpuint (_ts_voucher_reserve_dialog_count_vouchers (dialog), ==, 1);
  g_assert_cmpint (_ts_voucher_reserve_dialog_get_voucher (dialog), ==, vouchers[1]);
  g_assert_true (_ts_voucher_reserve_dialog_choose_performance (dialog, perf));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the free places");
  g_assert_true (_ts_voucher_reserve_dialog_choose_area (dialog, "Floor#1"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "voucher-reserve-dialog-area.png");
  loads.loads = voucher_loads (window);
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (no_dialog, NULL, "the dialog to close");
  ts_test_ui_wait_until (vouchers_reloaded, &loads, "the vouchers after the second reservation");
  {
    g_autofree char *status = voucher_status (vouchers[1]);
    g_autofree char *text = _ts_patron_tab_get_row_text (vouchers_tab (window), 1);

    g_assert_cmpstr (status, ==, "reserved");
    g_assert_nonnull (strstr (text, reserved_for ("Hamlet")));
    g_assert_nonnull (strstr (text, "Standing floor"));          /* the area by its name */
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment p JOIN order_item i ON i.order_id = p.order_id"
                                      " JOIN voucher v ON v.reserved_item_id = i.id WHERE v.patron_id = %" G_GINT64_FORMAT,
                                      patron), ==, 0);
  /* nothing left to reserve, and the button says so */
  g_assert_false (can_reserve (window));
  {
    g_autofree char *tip = NULL;

    g_object_get (vouchers_tab (window), "reserve-tip", &tip, NULL);
    g_assert_cmpstr (tip, ==, ts_test_ui_tr ("The patron has no open voucher with this outlet."));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  ts_test_assert_ledgers (server);
}

static gboolean
override_shown (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG) != NULL;
}

/* S3: a subscriber books before the box office opens the performance.  The
 * owning outlet's Box Office agent is refused with the choice to override,
 * gives a reason, and the voucher is reserved; the reason is audited. */
static void
test_reserve_before_on_sale (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsPatronWindow *window;
  TsVoucherReserveDialog *dialog;
  TsOverrideDialog *override;
  gint64 voucher, item;

  /* T3: Grace buys a subscription too */
  {
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"client-vouchers-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"card\", \"amount_cents\": 6000}]}", ++key_counter, friend_patron, season);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201));
  }
  voucher = ts_test_owner_int (server, "SELECT min (id) FROM voucher WHERE patron_id = %" G_GINT64_FORMAT, friend_patron);
  window = ts_patron_window_new (NULL, client, friend_patron);
  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_property (window, "loaded", TRUE);
  ts_test_ui_wait_property (vouchers_tab (window), "can-reserve", TRUE);
  dialog = open_dialog (window);
  g_assert_true (_ts_voucher_reserve_dialog_choose_voucher (dialog, voucher));
  g_assert_true (_ts_voucher_reserve_dialog_choose_performance (dialog, perf_closed));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the free seats before on-sale");
  g_assert_true (_ts_voucher_reserve_dialog_choose_seat (dialog, seats[9]));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (override_shown, NULL, "the choice to override");
  override = TS_OVERRIDE_DIALOG (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  g_assert_nonnull (strstr (_ts_override_dialog_get_refusal (override), "not open yet"));
  {
    g_autofree char *status = voucher_status (voucher);

    g_assert_cmpstr (status, ==, "open");
  }
  _ts_override_dialog_set_reason (override, "Subscriber priority booking");
  ts_test_ui_screenshot (GTK_WIDGET (override), "override-dialog-voucher.png");
  ts_test_ui_submit (override);
  ts_test_ui_wait_until (no_dialog, NULL, "the reservation");
  {
    g_autofree char *status = voucher_status (voucher);

    g_assert_cmpstr (status, ==, "reserved");
  }
  item = ts_test_owner_int (server, "SELECT reserved_item_id FROM voucher WHERE id = %" G_GINT64_FORMAT, voucher);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND performance_id = %" G_GINT64_FORMAT " AND seat_guid = '%s' AND overridden",
                                      item, perf_closed, seats[9]), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log a JOIN order_item i ON i.order_id::text = a.entity_id"
                                      " WHERE i.id = %" G_GINT64_FORMAT " AND a.action = 'sell'"
                                      " AND a.after -> 'override' ->> 'reason' = 'Subscriber priority booking'", item), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  ts_test_assert_ledgers (server);
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
  gint64 event;

  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  /* on sale at the box office; not yet (E2); on sale but without vouchers */
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                            " now () + interval '10 days', 13, 13, now () - interval '1 day') RETURNING id", event, uth);
  perf_closed = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                   " now () + interval '30 days', 13, 13, now () + interval '5 days') RETURNING id", event, uth);
  perf_plain = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                  " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                  " now () + interval '20 days', 13, 13, now () - interval '1 day') RETURNING id", event, uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                             " VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A') RETURNING id", uth);
  season_seat = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                                   " VALUES (%" G_GINT64_FORMAT ", 'Season seat', 'bundle_component', 0, 'S') RETURNING id", uth);
  season = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, qualifies_subscriber,"
                              " bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT ", 'Season 2-pack',"
                              " 'subscription', 6000, true, %" G_GINT64_FORMAT ", 2) RETURNING id", uth, season_seat);
  for (gint64 *p = (gint64[]) { perf, perf_closed, perf_plain, 0 }; *p != 0; p++)
    g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, *p));
  for (gint64 *p = (gint64[]) { perf, perf_closed, 0 }; *p != 0; p++)
    g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, season_seat, *p));
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                              G_GINT64_FORMAT ") RETURNING id", uth);
  friend_patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                     " VALUES ('Grace', 'Hopper', %" G_GINT64_FORMAT ") RETURNING id", uth);

  /* T3: the box office sells the subscription; the patron holds two open vouchers */
  {
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"client-vouchers-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"card\", \"amount_cents\": 6000}]}", ++key_counter, patron, season);
    g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/vouchers", patron);
    g_autoptr(JsonNode) sold = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
    g_autoptr(JsonNode) held = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
    JsonArray *list = json_node_get_array (held);

    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    for (guint i = 0; i < 2; i++)
      vouchers[i] = json_object_get_int_member (json_array_get_object_element (list, i), "id");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  set_up_season ();

  g_test_add_func ("/client/vouchers/reserve", test_reserve);
  g_test_add_func ("/client/vouchers/reserve-before-on-sale", test_reserve_before_on_sale);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_boxoffice);
  g_free (uth_manager);
  ts_test_server_free (server);
  return status;
}
