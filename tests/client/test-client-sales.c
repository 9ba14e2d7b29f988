/* test-client-sales.c — the Sales section against a real server, under X:
 * choose a performance, hold seats in the cart, see another outlet's sale
 * arrive live, sell, the tooltips each outlet may see (M6), "find other
 * seats in this order" (M7), a seat taken meanwhile, holds by letter (M8),
 * general-admission places sold from the cart (S1), the owning outlet's
 * override of a closed box-office window (S3), another outlet's tickets paid
 * with real money only (S4).  The page is driven as a person drives it: its
 * actions (the buttons and the map's menu) and its parts' properties; every
 * page, with its cart, map, performance list and checkout, is freed when its
 * window closes. */
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-main-window.h"
#include "ts-cart-private.h"
#include "ts-checkout-private.h"
#include "ts-override-dialog-private.h"
#include "ts-patron-window.h"
#include "ts-patron-tab-private.h"
#include "ts-patron-window-private.h"
#include "ts-money.h"
#include "ts-sales-map-private.h"
#include "ts-sales-page-private.h"
#include "ts-seat-legend-private.h"
#include "ts-seat-map-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"
#include "ts-will-call-window.h"

static TsTestServer *server;
static gint64 perf, adult, comp, patron, friend_patron, season_seat, season;
static char *seats[6];

typedef struct
{
  TsSalesPage *page;
  guint        seat;
  TsSeatState  state;
} SeatWait;

static TsSeatMap *
seat_map (TsSalesPage *page)
{
  return ts_sales_map_get_seat_map (_ts_sales_page_get_sales_map (page));
}

static gboolean
page_busy (TsSalesPage *page)
{
  gboolean busy;

  g_object_get (page, "busy", &busy, NULL);
  return busy;
}

static char *
page_message (TsSalesPage *page)
{
  char *message;

  g_object_get (page, "message", &message, NULL);
  return message;
}

/* " sold: " of "Order %s sold: %s.", as the reader's language writes it */
static const char *
sold_piece (void)
{
  g_auto(GStrv) parts = g_strsplit (ts_test_ui_tr ("Order %s sold: %s."), "%s", -1);

  return g_intern_string (parts[1]);
}

/* " · order " of a seat's tooltip ("%s · %s · order %s": ticket type,
 * price, order number), in the reader's language */
static const char *
order_piece (void)
{
  g_auto(GStrv) parts = g_strsplit (ts_test_ui_tr ("%s · %s · order %s"), "%s", -1);

  return g_intern_string (parts[2]);
}

/* The message line says this (a piece of it). */
static void
assert_message (TsSalesPage *page,
                const char  *piece)
{
  g_autofree char *message = page_message (page);

  if (strstr (message, piece) == NULL)
    g_printerr ("The page says: %s\n", message);
  g_assert_nonnull (strstr (message, piece));
}

static guint
cart_size (TsSalesPage *page)
{
  guint size;

  g_object_get (_ts_sales_page_get_cart (page), "size", &size, NULL);
  return size;
}

static gint64
cart_total (TsSalesPage *page)
{
  gint64 total;

  g_object_get (_ts_sales_page_get_cart (page), "total-cents", &total, NULL);
  return total;
}

/* S3: the reason of the override going with the cart, or NULL. */
static char *
override_reason (TsSalesPage *page)
{
  char *reason;

  g_object_get (_ts_sales_page_get_cart (page), "override-reason", &reason, NULL);
  return reason;
}

static gboolean
idle_page (gpointer data)
{
  return !page_busy (data);
}

static gboolean
has_plan (gpointer data)
{
  return ts_seat_map_get_plan (seat_map (data)) != NULL && !page_busy (data);
}

static gboolean
seat_in_state (gpointer data)
{
  SeatWait *w = data;

  return ts_seat_map_get_seat_state (seat_map (w->page), w->seat) == w->state;
}

static gboolean
has_message (gpointer data)
{
  g_autofree char *message = page_message (data);

  return *message != '\0' && !page_busy (data);
}

/* What a click on the button of a page's action does: the buttons say
 * nothing while a request is under way, so the person waits for that. */
static void
click (TsSalesPage *page,
       const char  *action)
{
  ts_test_ui_wait_until (idle_page, page, action);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
}

static void
choose_patron (TsSalesPage *page,
               gint64       patron_id,
               const char  *name)
{
  _ts_checkout_set_patron (_ts_sales_page_get_checkout (page), patron_id, name);
}

static void
pay_by (TsSalesPage *page,
        const char  *method)
{
  g_object_set (_ts_sales_page_get_checkout (page), "payment-method", method, NULL);
}

/* Closes the page's window: the page and each of its parts are freed. */
static void
close_page (GtkWindow   *window,
            TsSalesPage *page)
{
  GObject *parts[] = {
    g_object_ref (G_OBJECT (page)),
    g_object_ref (G_OBJECT (_ts_sales_page_get_picker (page))),
    g_object_ref (G_OBJECT (_ts_sales_page_get_sales_map (page))),
    g_object_ref (G_OBJECT (_ts_sales_page_get_cart (page))),
    g_object_ref (G_OBJECT (_ts_sales_page_get_checkout (page))),
  };

  gtk_window_destroy (window);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_assert_finalize_object (parts[i]);
}

static void
wait_for_seat (TsSalesPage *page,
               const char  *guid,
               TsSeatState  state,
               const char  *what)
{
  SeatWait w = { page, 0, state };
  int index = ts_seat_map_find_seat (seat_map (page), guid);

  g_assert_cmpint (index, >=, 0);
  w.seat = (guint) index;
  ts_test_ui_wait_until (seat_in_state, &w, what);
}

static TsSalesPage *
open_page_at (const char  *outlet,
              gint64       performance,
              GtkWindow  **out_window)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, outlet, "boxoffice");
  TsSalesPage *page = ts_sales_page_new (client);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1280, 760);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_until (idle_page, page, "the performances");
  g_object_set (page, "performance-id", performance, NULL);
  ts_test_ui_wait_until (has_plan, page, "the seat map");
  *out_window = window;
  return page;
}

static TsSalesPage *
open_page (const char  *outlet,
           GtkWindow  **out_window)
{
  return open_page_at (outlet, perf, out_window);
}

static void
select_seat (TsSalesPage *page,
             const char  *guid)
{
  int index = ts_seat_map_find_seat (seat_map (page), guid);

  g_assert_cmpint (index, >=, 0);
  _ts_seat_map_toggle_selected (seat_map (page), (guint) index);
}

static gboolean
cart_has_two (gpointer data)
{
  return cart_size (data) == 2 && !page_busy (data);
}

/* Another outlet sells a seat through the API. */
static void
ath_sells (const char *guid)
{
  g_autofree char *token = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %"
      G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4000}]}", key, patron, perf, guid, adult);

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201));
}

static void
test_sell_from_the_map (void)
{
  GtkWindow *window = NULL;
  GtkWindow *ath_window = NULL;
  TsSalesPage *page = open_page ("UTH", &window);
  TsSalesPage *ath_page = NULL;
  g_autofree char *text = NULL;
  int sold_index;

  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-page.png");

  /* S1: two seats into the cart; they show as in my cart */
  select_seat (page, seats[0]);
  select_seat (page, seats[1]);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_two, page, "two seats in the cart");
  wait_for_seat (page, seats[0], TS_SEAT_STATE_IN_MY_CART, "seat 0 in my cart");
  g_assert_cmpint (cart_total (page), ==, 8000);

  /* another outlet's sale arrives over the live feed */
  ath_sells (seats[3]);
  wait_for_seat (page, seats[3], TS_SEAT_STATE_SOLD, "ATH's sale on the map");

  /* sell the cart */
  choose_patron (page, patron, "Ada Lovelace");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");
  pay_by (page, "card");
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-cart.png");
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the sale");
  assert_message (page, sold_piece ());
  wait_for_seat (page, seats[0], TS_SEAT_STATE_SOLD, "seat 0 sold");
  g_assert_cmpint (cart_size (page), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid IN ('%s', '%s')", perf, seats[0], seats[1]), ==, 2);

  /* M7: the other seat of the order is found from one */
  ts_test_ui_wait_until (idle_page, page, "the map reload");
  sold_index = ts_seat_map_find_seat (seat_map (page), seats[0]);
  _ts_sales_map_find_party (_ts_sales_page_get_sales_map (page), (guint) sold_index);
  ts_test_ui_wait_until (has_message, page, "the party");
  g_assert_true (_ts_seat_map_is_highlighted (seat_map (page),
                                              (guint) ts_seat_map_find_seat (seat_map (page), seats[1])));
  g_assert_false (_ts_seat_map_is_highlighted (seat_map (page),
                                               (guint) ts_seat_map_find_seat (seat_map (page), seats[3])));
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-party.png");

  /* M6: the owner sees price and order for every sale of its performance */
  ts_test_ui_pause (600);
  ts_test_ui_wait_until (idle_page, page, "the tooltips' details");
  text = _ts_sales_map_describe_seat (_ts_sales_page_get_sales_map (page), (guint) ts_seat_map_find_seat (seat_map (page), seats[3]));
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Ada Lovelace"));
  g_assert_nonnull (strstr (text, order_piece ()));
  g_clear_pointer (&text, g_free);

  /* M6: another outlet sees who sits there, not the price or the order */
  ath_page = open_page ("ATH", &ath_window);
  text = _ts_sales_map_describe_seat (_ts_sales_page_get_sales_map (ath_page), (guint) ts_seat_map_find_seat (seat_map (ath_page), seats[0]));
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Ada Lovelace"));
  g_assert_null (strstr (text, order_piece ()));
  g_clear_pointer (&text, g_free);

  /* S1: a seat another agent holds meanwhile is refused, and said so */
  select_seat (ath_page, seats[4]);
  select_seat (page, seats[4]);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (idle_page, page, "UTH's hold");
  wait_for_seat (ath_page, seats[4], TS_SEAT_STATE_IN_OTHER_CART, "UTH's cart seen by ATH");
  click (ath_page, "sales.add-selection");
  ts_test_ui_wait_until (has_message, ath_page, "the refusal");
  assert_message (ath_page, ts_test_ui_tr ("The selected seats are not available."));
  ts_test_ui_screenshot (GTK_WIDGET (ath_window), "sales-refused.png");

  click (page, "sales.release-cart");
  ts_test_ui_wait_until (idle_page, page, "the release");
  wait_for_seat (ath_page, seats[4], TS_SEAT_STATE_AVAILABLE, "the released seat");
  close_page (ath_window, ath_page);
  close_page (window, page);
}

static gboolean
cart_has_one (gpointer data)
{
  return cart_size (data) == 1 && !page_busy (data);
}

/* Where a widget lies outside its parent, or a label was given less room
 * than its text needs (cut, "amlet …"): the first such widget found, described
 * in *problem, walking down from widget.  The children of a scrolled window
 * may be larger than it (that is what it is for); an ellipsized label's
 * minimum is already its shortened width. */
static gboolean
layout_problem (GtkWidget  *widget,
                gboolean    in_scroller,
                char      **problem)
{
  int min_width, min_height, width, height;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_mapped (widget) || GTK_IS_POPOVER (widget))
    return FALSE;
  /* measured with the margins, allocated without */
  width = gtk_widget_get_width (widget) + gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget);
  height = gtk_widget_get_height (widget) + gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
  /* a label's own size is its text's (the others add their CSS boxes to
   * what they measure, but not to their width) */
  if (GTK_IS_LABEL (widget) && (width < min_width || height < min_height))
    {
      g_autoptr(GString) path = g_string_new (NULL);

      for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
        {
          g_string_prepend (path, " > ");
          g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
        }
      *problem = g_strdup_printf ("%s%s \"%s\" is %dx%d, needs %dx%d", path->str, G_OBJECT_TYPE_NAME (widget),
                                  GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "",
                                  width, height, min_width, min_height);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_visible (child) || !gtk_widget_get_mapped (child) || GTK_IS_POPOVER (child))
        continue;
      if (!in_scroller && !GTK_IS_SCROLLED_WINDOW (widget) && !GTK_IS_VIEWPORT (widget)
          && gtk_widget_compute_bounds (child, widget, &bounds)
          && (bounds.origin.x < -0.5 || bounds.origin.y < -0.5
              || bounds.origin.x + bounds.size.width > gtk_widget_get_width (widget) + 0.5
              || bounds.origin.y + bounds.size.height > gtk_widget_get_height (widget) + 0.5))
        {
          *problem = g_strdup_printf ("%s at %g,%g %gx%g lies outside its %s of %dx%d", G_OBJECT_TYPE_NAME (child),
                                      bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                                      G_OBJECT_TYPE_NAME (widget), gtk_widget_get_width (widget),
                                      gtk_widget_get_height (widget));
          return TRUE;
        }
      if (layout_problem (child, in_scroller || GTK_IS_SCROLLED_WINDOW (widget), problem))
        return TRUE;
    }
  return FALSE;
}

/* At the main window's default size (1024×700, as run-demo.sh opens it)
 * nothing overlaps or is cut: the performances, the map column with its
 * title and legend, and the cart each get the room they need, with a cart
 * of two tickets too. */
static void
test_default_size_layout (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsMainWindow *window = ts_main_window_new (NULL, client);
  g_autofree char *problem = NULL;
  TsSalesPage *page;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1024);
  g_assert_cmpint (height, ==, 700);
  gtk_window_present (GTK_WINDOW (window));
  page = TS_SALES_PAGE (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_SALES_PAGE));
  g_assert_nonnull (page);
  ts_test_ui_wait_until (idle_page, page, "the performances");
  g_object_set (page, "performance-id", perf, NULL);
  ts_test_ui_wait_until (has_plan, page, "the seat map");
  ts_test_ui_pause (300);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-default-size.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  if (layout_problem (GTK_WIDGET (page), FALSE, &problem))
    g_error ("At the default size: %s", problem);

  select_seat (page, seats[0]);
  select_seat (page, seats[1]);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_two, page, "two seats in the cart");
  ts_test_ui_pause (300);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-default-size-cart.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  if (layout_problem (GTK_WIDGET (page), FALSE, &problem))
    g_error ("At the default size with a cart: %s", problem);
  click (page, "sales.release-cart");
  ts_test_ui_wait_until (idle_page, page, "the release");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A comp with its reason, given as a gift to another patron (S2). */
static void
test_comp_as_gift (void)
{
  GtkWindow *window = NULL;
  TsSalesPage *page = open_page ("UTH", &window);
  g_autofree char *seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                              " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                                              " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                                              " ORDER BY s.guid DESC LIMIT 1", perf);

  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "one seat in the cart");
  g_assert_true (_ts_cart_set_line_ticket_type (_ts_sales_page_get_cart (page), 0, comp));
  g_assert_cmpint (cart_total (page), ==, 0);
  choose_patron (page, patron, "Ada Lovelace");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");
  _ts_checkout_set_recipient (_ts_sales_page_get_checkout (page), friend_patron, "Grace Hopper");
  /* without a reason the server refuses, and the page says why */
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the refusal");
  assert_message (page, "comp_reason");
  g_object_set (_ts_sales_page_get_cart (page), "comp-reason", "Critic, Le Devoir", NULL);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-comp-gift.png");
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the sale");
  assert_message (page, sold_piece ());
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                      " WHERE i.seat_guid = '%s' AND i.comp_reason = 'Critic, Le Devoir'"
                                      " AND o.purchaser_id = %" G_GINT64_FORMAT " AND o.recipient_id = %" G_GINT64_FORMAT,
                                      seat, patron, friend_patron), ==, 1);
  close_page (window, page);
}

/* The "Add Places" button of a general-admission area, found as a person
 * finds it: on the page, beside the area's quantity. */
static GtkWidget *
find_ga_button (GtkWidget  *widget,
                const char *area)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "area"), area) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_ga_button (child, area);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
cart_has_three (gpointer data)
{
  return cart_size (data) == 3 && !page_busy (data);
}

static gboolean
has_ga_button (gpointer data)
{
  GtkWidget *button = find_ga_button (data, "Floor#1");

  return button != NULL && gtk_widget_get_mapped (button) && !page_busy (data);
}

/* S1: three places on the standing floor, chosen with the area's quantity
 * and "Add Places", sold from the cart; the order is said and recorded with
 * its three places, and nothing is left held. */
static void
test_general_admission (void)
{
  GtkWindow *window = NULL;
  TsSalesPage *page = open_page ("UTH", &window);
  gint64 taken = ts_test_owner_int (server, "SELECT coalesce ((SELECT taken FROM performance_ga WHERE performance_id = %"
                                    G_GINT64_FORMAT " AND area_key = 'Floor#1'), 0)", perf);
  GtkWidget *add;
  GtkSpinButton *spin;
  g_autofree char *order = NULL;
  g_autofree char *said = NULL;

  ts_test_ui_wait_until (has_ga_button, page, "the standing floor's places");
  add = find_ga_button (GTK_WIDGET (page), "Floor#1");
  spin = g_object_get_data (G_OBJECT (add), "spin");
  gtk_spin_button_set_value (spin, 3);
  gtk_widget_activate (add);
  ts_test_ui_wait_until (cart_has_three, page, "three places in the cart");
  g_assert_cmpint (cart_total (page), ==, 3 * 2000);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT coalesce (sum (quantity), 0) FROM cart_ga WHERE performance_id = %"
                                      G_GINT64_FORMAT, perf), ==, 3);
  choose_patron (page, patron, "Ada Lovelace");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");
  pay_by (page, "cash");
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the sale");
  order = ts_test_owner_sqlf (server, "SELECT max (order_id) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                              " AND area_key = 'Floor#1'", perf);
  said = g_strdup_printf (ts_test_ui_tr ("Order %s sold: %s."), order, "");
  said[strlen (said) - 1] = '\0';   /* without the total's closing stop */
  assert_message (page, said);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-general-admission.png");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %s"
                                      " AND area_key = 'Floor#1' AND status = 'sold'", order), ==, 3);
  g_assert_cmpint (cart_size (page), ==, 0);
  ts_test_ui_wait_until (idle_page, page, "the cart's release");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM cart_ga WHERE performance_id = %" G_GINT64_FORMAT, perf),
                   ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT taken FROM performance_ga WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND area_key = 'Floor#1'", perf), ==, taken + 3);
  ts_test_assert_ledgers (server);
  close_page (window, page);
}

static gboolean
will_call_loaded (gpointer data)
{
  gboolean loading;

  g_object_get (data, "loading", &loading, NULL);
  return !loading;
}

/* T3: staff reserve a subscriber's open voucher on the subscriber's behalf;
 * the will-call list shows who has tickets waiting. */
static void
test_voucher_and_will_call (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                           " \"payments\": [{\"method\": \"card\", \"amount_cents\": 12000}]}",
                                           key, friend_patron, season);
  gint64 voucher;
  GtkWindow *window = NULL;
  TsSalesPage *page = NULL;
  g_autofree char *seat = NULL;
  TsWillCallWindow *will_call;
  guint count, again;

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201));
  voucher = ts_test_owner_int (server, "SELECT min (id) FROM voucher WHERE patron_id = %" G_GINT64_FORMAT, friend_patron);
  page = open_page ("UTH", &window);
  seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                             " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                             " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                             " ORDER BY s.guid LIMIT 1", perf);
  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "one seat in the cart");
  choose_patron (page, friend_patron, "Grace Hopper");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");
  g_assert_true (_ts_cart_set_line_ticket_type (_ts_sales_page_get_cart (page), 0, -voucher));
  g_assert_cmpint (cart_total (page), ==, 0);
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the reservation");
  assert_message (page, sold_piece ());
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT status FROM voucher WHERE id = %" G_GINT64_FORMAT, voucher), ==, "reserved");

  click (page, "sales.will-call");
  will_call = TS_WILL_CALL_WINDOW (ts_test_ui_find_window (TS_TYPE_WILL_CALL_WINDOW));
  g_assert_nonnull (will_call);
  ts_test_ui_wait_until (will_call_loaded, will_call, "the will-call list");
  g_object_get (will_call, "count", &count, NULL);
  g_assert_cmpuint (count, >=, 3);
  ts_test_ui_screenshot (GTK_WIDGET (will_call), "will-call.png");
  /* Reload asks again, and the list comes back the same */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (will_call), "will-call.reload", NULL));
  g_assert_true (!will_call_loaded (will_call));
  ts_test_ui_wait_until (will_call_loaded, will_call, "the will-call list again");
  g_object_get (will_call, "count", &again, NULL);
  g_assert_cmpuint (again, ==, count);
  /* closed, it is freed */
  g_object_ref (will_call);
  gtk_window_destroy (GTK_WINDOW (will_call));
  g_assert_finalize_object (will_call);
  close_page (window, page);
}

typedef struct
{
  TsSeatLegend *legend;
  const char   *piece;
} LegendWait;

static gboolean
legend_says (gpointer data)
{
  LegendWait *w = data;

  for (guint i = 0; i < _ts_seat_legend_get_n_entries (w->legend); i++)
    {
      const char *label;

      _ts_seat_legend_get_entry (w->legend, i, NULL, NULL, &label, NULL);
      if (strstr (label, w->piece) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* M5, T4: the map's legend lists the categories with their prices for this
 * performance (Regular at the Adult price, Standing at its zone price; the
 * comp is no price of a category), then every state and mark the map
 * draws. */
static void
test_map_legend (void)
{
  GtkWindow *window = NULL;
  TsSalesPage *page = open_page ("UTH", &window);
  TsSeatLegend *legend = _ts_sales_map_get_legend (_ts_sales_page_get_sales_map (page));
  g_autofree char *forty = ts_money_format_local (4000);
  g_autofree char *twenty = ts_money_format_local (2000);
  g_autofree char *regular = g_strdup_printf (_("%s · %s"), "Regular", forty);
  g_autofree char *standing = g_strdup_printf (_("%s · %s"), "Standing", twenty);
  LegendWait w = { legend, regular };
  guint states = 0, overlays = 0, categories = 0;

  ts_test_ui_wait_until (legend_says, &w, "the prices on the legend");
  w.piece = standing;
  g_assert_true (legend_says (&w));
  for (guint i = 0; i < _ts_seat_legend_get_n_entries (legend); i++)
    {
      int which;

      switch (_ts_seat_legend_get_entry (legend, i, &which, NULL, NULL, NULL))
        {
        case TS_SEAT_LEGEND_CATEGORY: categories++; break;
        case TS_SEAT_LEGEND_STATE: states |= 1u << which; break;
        case TS_SEAT_LEGEND_OVERLAY: overlays |= 1u << which; break;
        default: g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (categories, ==, 2);
  g_assert_cmpuint (states, ==, (1u << TS_SEAT_STATE_IN_MY_CART) | (1u << TS_SEAT_STATE_IN_OTHER_CART)
                                | (1u << TS_SEAT_STATE_HELD) | (1u << TS_SEAT_STATE_SOLD));
  g_assert_cmpuint (overlays, ==, (1u << TS_SEAT_OVERLAY_SELECTED) | (1u << TS_SEAT_OVERLAY_PARTY));
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-legend.png");
  close_page (window, page);
}

/* The map's right-click menu as it shows: the texts of its items on view. */
static void
collect_items (GtkWidget *widget,
               GString   *texts)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") && gtk_widget_get_mapped (widget))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      g_string_append_printf (texts, "%s|", text);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_items (child, texts);
}

static GtkWidget *
context_menu (TsSeatMap *map)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (map)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return child;
  return NULL;
}

static gboolean
menu_shown (gpointer data)
{
  return gtk_widget_get_mapped (context_menu (data));
}

/* The page has settled: the map fitted to its final size (the legend's
 * prices arrive with the offer and may take another line). */
static void
wait_for_prices (TsSalesPage *page)
{
  g_autofree char *forty = ts_money_format_local (4000);
  LegendWait w = { _ts_sales_map_get_legend (_ts_sales_page_get_sales_map (page)), forty };

  ts_test_ui_wait_until (legend_says, &w, "the prices on the legend");
  ts_test_ui_wait_until (idle_page, page, "the page");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (seat_map (page)));
}

/* Right-clicks the seat (a real click) and says what the menu offers, as
 * "text|text|…" (GtkModelButton's texts, without their mnemonics). */
static char *
right_click (TsSalesPage *page,
             const char  *guid)
{
  TsSeatMap *map = seat_map (page);
  TsPlanSeat *seat = g_ptr_array_index (ts_seat_map_get_plan (map)->seats, ts_seat_map_find_seat (map, guid));
  g_autoptr(GString) texts = g_string_new (NULL);
  double x, y;

  _ts_seat_map_plan_to_widget (map, seat->x, seat->y, &x, &y);
  ts_test_input_click (GTK_WIDGET (map), x, y, 3);
  ts_test_ui_wait_until (menu_shown, map, "the seat's menu");
  /* drawn, and a moment for a person to read it (GTK settles its grab) */
  gtk_test_widget_wait_for_draw (context_menu (map));
  ts_test_ui_pause (250);
  collect_items (context_menu (map), texts);
  return g_strdup (texts->str);
}

static GtkWidget *
find_item (GtkWidget  *widget,
           const char *text)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") && gtk_widget_get_mapped (widget))
    {
      g_autofree char *here = NULL;

      g_object_get (widget, "text", &here, NULL);
      if (g_strcmp0 (here, text) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_item (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks "Hold With Letter" in the open menu (a real click). */
static void
open_hold_letters (TsSalesPage *page)
{
  g_autoptr(GString) label = g_string_new (_("_Hold With Letter"));
  const char *plain_hold;
  GtkWidget *item;

  g_string_replace (label, "_", "", 0);
  plain_hold = label->str;
  item = find_item (context_menu (seat_map (page)), plain_hold);

  g_assert_nonnull (item);
  ts_test_input_click (item, gtk_widget_get_width (item) / 2.0, gtk_widget_get_height (item) / 2.0, 1);
  ts_test_ui_pause (300);
}

/* Closes the map's menu or its information with Escape, as a person does. */
static void
close_menu (TsSalesPage *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (seat_map (page))); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && gtk_widget_get_mapped (child))
      ts_test_input_key (GDK_KEY_Escape, FALSE);
  ts_test_ui_pause (100);
}

static void
assert_offers (const char *items,
               const char *item,
               gboolean    offered)
{
  g_autoptr(GString) plain = g_string_new (item);

  g_string_replace (plain, "_", "", 0);
  if ((strstr (items, plain->str) != NULL) != offered)
    g_error ("the menu (%s) %s “%s”", items, offered ? "lacks" : "offers", plain->str);
}

/* The right-click menu offers only what applies to the seat and the person
 * (M7, M8): on a sold seat, its order's other seats and its information, not
 * a hold or the cart; on a free seat the cart and, for the owning outlet
 * only, a hold with the letters the person may set; another outlet never
 * holds (M8). "Seat Information" says the seat, its price for the
 * performance and who sits there (M6).  Real right-clicks (XTEST). */
static void
test_map_menu (void)
{
  GtkWindow *window = NULL;
  TsSalesPage *page = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *sold = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                              " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                                              " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                                              " ORDER BY s.guid DESC OFFSET 4 LIMIT 1", perf);
  g_autofree char *free_seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                                   " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                                                   " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                                                   " ORDER BY s.guid DESC OFFSET 5 LIMIT 1", perf);
  g_autofree char *items = NULL;
  g_autofree char *forty = ts_money_format_local (4000);
  const char *info;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  ath_sells (sold);
  page = open_page ("UTH", &window);
  wait_for_seat (page, sold, TS_SEAT_STATE_SOLD, "the sold seat");
  wait_for_prices (page);

  items = right_click (page, sold);
  assert_offers (items, _("_Find Other Seats in This Order"), TRUE);
  assert_offers (items, _("Seat _Information"), TRUE);
  assert_offers (items, _("_Hold With Letter"), FALSE);
  assert_offers (items, _("_Add to Cart"), FALSE);
  assert_offers (items, _("Re_lease Hold"), FALSE);
  assert_offers (items, _("_Clear Selection"), FALSE);
  ts_test_ui_screenshot (context_menu (seat_map (page)), "sales-menu-sold.png");
  /* Seat Information, from the menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seat_map (page)), "seatmap.seat-info", NULL));
  gtk_popover_popdown (GTK_POPOVER (context_menu (seat_map (page))));
  info = _ts_seat_map_get_info_text (seat_map (page));
  g_assert_nonnull (info);
  g_assert_nonnull (strstr (info, _("sold")));
  g_assert_nonnull (strstr (info, forty));
  g_assert_nonnull (strstr (info, "Ada Lovelace"));
  /* read as a person reads it */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (seat_map (page))); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && !GTK_IS_POPOVER_MENU (child))
      {
        gtk_test_widget_wait_for_draw (child);
        ts_test_ui_pause (250);
        ts_test_ui_screenshot (child, "sales-seat-info.png");
      }
  close_menu (page);

  g_clear_pointer (&items, g_free);
  items = right_click (page, free_seat);
  assert_offers (items, _("_Add to Cart"), TRUE);
  assert_offers (items, _("_Hold With Letter"), TRUE);
  assert_offers (items, _("_Find Other Seats in This Order"), FALSE);
  assert_offers (items, _("Re_lease Hold"), FALSE);
  /* M8: the letters a box-office agent may set, not the manager's */
  open_hold_letters (page);
  {
    g_autoptr(GString) letters = g_string_new (NULL);

    collect_items (context_menu (seat_map (page)), letters);
    assert_offers (letters->str, "c — Company", TRUE);
    assert_offers (letters->str, "p — Press", TRUE);
    assert_offers (letters->str, "h — House seats", FALSE);
    assert_offers (letters->str, "k — Kill (not sold)", FALSE);
  }
  close_menu (page);
  close_page (window, page);

  /* another outlet selling the performance: never a hold (M8) */
  page = open_page ("ATH", &window);
  wait_for_prices (page);
  g_clear_pointer (&items, g_free);
  items = right_click (page, free_seat);
  assert_offers (items, _("_Add to Cart"), TRUE);
  assert_offers (items, _("_Hold With Letter"), FALSE);
  ts_test_ui_screenshot (context_menu (seat_map (page)), "sales-menu-seller.png");
  close_menu (page);
  close_page (window, page);
}

/* M8 from the map's right-click menu: hold a seat with a letter, see its
 * colour and description, release it. */
static void
test_hold_by_letter (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  TsSalesPage *page = ts_sales_page_new (client);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autofree char *seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                              " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                                              " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                                              " ORDER BY s.guid DESC OFFSET 2 LIMIT 1", perf);
  g_autofree char *text = NULL;
  int index;

  gtk_window_set_default_size (window, 1280, 760);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_until (idle_page, page, "the performances");
  g_object_set (page, "performance-id", perf, NULL);
  ts_test_ui_wait_until (has_plan, page, "the seat map");
  select_seat (page, seat);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seat_map (page)), "sales.hold-letter", "s", "c"));
  wait_for_seat (page, seat, TS_SEAT_STATE_HELD, "the company hold");
  ts_test_ui_wait_until (idle_page, page, "the reload");
  ts_test_ui_pause (500);
  ts_test_ui_wait_until (idle_page, page, "the tooltips' details");
  index = ts_seat_map_find_seat (seat_map (page), seat);
  text = _ts_sales_map_describe_seat (_ts_sales_page_get_sales_map (page), (guint) index);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Company"));
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-hold.png");
  select_seat (page, seat);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seat_map (page)), "sales.release-hold", NULL));
  wait_for_seat (page, seat, TS_SEAT_STATE_AVAILABLE, "the release");
  close_page (window, page);
}

static gboolean
orders_listed (gpointer data)
{
  return _ts_patron_tab_get_n_rows (_ts_patron_window_get_tab (data, "orders")) > 0;
}

/* P4, P5: the patron record lists the patron's orders with this outlet. */
static void
test_patron_orders (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsPatronWindow *window = ts_patron_window_new (NULL, client, patron);
  g_autoptr(TsApiClient) tix = ts_test_ui_sign_in (server, "TIX", "boxoffice");
  TsPatronWindow *elsewhere = ts_patron_window_new (NULL, tix, patron);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (elsewhere));
  ts_test_ui_wait_until (orders_listed, window, "the patron's orders");
  ts_test_ui_wait_property (elsewhere, "loaded", TRUE);
  ts_test_ui_pause (300);
  g_assert_cmpuint (_ts_patron_tab_get_n_rows (_ts_patron_window_get_tab (elsewhere, "orders")), ==, 0);
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-orders.png");
  gtk_window_destroy (GTK_WINDOW (elsewhere));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* C4: Walk-up Sales sees today's performances only (the test's are later). */
static void
test_walk_up_list (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "walkup");
  TsSalesPage *page = ts_sales_page_new (client);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_until (has_message, page, "the empty list");
  assert_message (page, ts_test_ui_tr ("No performance is on sale for this outlet right now."));
  close_page (window, page);
}

/* S8: a sale at the door needs no patron record.  For today's performance
 * the checkout offers a walk-up sale; ticked, Sell needs no patron, and the
 * order has none, its tickets checked in. */
static void
test_walk_up_without_patron (void)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
  gint64 today = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                    " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                    " least (now () + interval '20 minutes', ((now () AT TIME ZONE 'America/Toronto')::date + 1)::timestamp"
                                    " AT TIME ZONE 'America/Toronto' - interval '1 minute'), 70, 70, now () - interval '1 day') RETURNING id",
                                    event, uth);
  TsCheckout *checkout;
  TsSalesPage *page;
  GtkWindow *window;

  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, today);
  page = open_page_at ("UTH", today, &window);
  checkout = _ts_sales_page_get_checkout (page);
  ts_test_ui_wait_until (idle_page, page, "the offer");
  g_assert_true (ts_test_ui_get_boolean (checkout, "walk-up-offered"));

  select_seat (page, seats[5]);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "a seat in the cart");
  /* no patron: Sell waits for one, until the sale is a walk-up */
  gtk_widget_activate_action (GTK_WIDGET (page), "sales.sell", NULL);
  ts_test_ui_pause (300);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT,
                                      today), ==, 0);
  g_object_set (checkout, "walk-up", TRUE, NULL);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-walk-up.png");
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the sale");
  /* the receipt said; in any language */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                      " WHERE i.performance_id = %" G_GINT64_FORMAT " AND o.purchaser_id IS NULL"
                                      " AND i.checked_in_at IS NOT NULL", today), ==, 1);
  /* the seat says who sits there: a walk-up */
  wait_for_seat (page, seats[5], TS_SEAT_STATE_SOLD, "the walk-up's seat sold");
  ts_test_ui_pause (600);
  ts_test_ui_wait_until (idle_page, page, "the seats' details");
  {
    g_autofree char *text = _ts_sales_map_describe_seat (_ts_sales_page_get_sales_map (page),
                                                         (guint) ts_seat_map_find_seat (seat_map (page), seats[5]));

    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, _("Seated: a walk-up sale, no patron record")));
  }
  close_page (window, page);
}

static GtkDropDown *
find_drop_down (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_drop_down (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The payment methods the checkout's drop-down shows, as the agent reads
 * them, one a line. */
static char *
methods_shown (TsSalesPage *page)
{
  GtkDropDown *dropdown = find_drop_down (GTK_WIDGET (_ts_sales_page_get_checkout (page)));
  GListModel *model;
  GString *text = g_string_new (NULL);

  g_assert_nonnull (dropdown);
  model = gtk_drop_down_get_model (dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s\n", gtk_string_object_get_string (item));
    }
  return g_string_free (text, FALSE);
}

/* A search entry under the widget, or NULL. */
static GtkEditable *
search_entry_in (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    return GTK_EDITABLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = search_entry_in (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
says_no_match (gpointer data)
{
  return ts_test_ui_find_label (data, ts_test_ui_tr ("No patron matches — check the spelling or create a new one")) != NULL;
}

/* P6: a patron the checkout's search does not find is said to be not
 * found, in words, before the agent thinks of adding them. */
static void
test_checkout_no_match (void)
{
  GtkWindow *window;
  TsSalesPage *page = open_page ("UTH", &window);
  TsCheckout *checkout = _ts_sales_page_get_checkout (page);
  GtkEditable *search = search_entry_in (GTK_WIDGET (checkout));

  g_assert_nonnull (search);
  gtk_editable_set_text (search, "zqxwv");
  ts_test_ui_wait_until (says_no_match, checkout, "the empty answer said");
  g_assert_cmpint (ts_checkout_get_patron_id (checkout), ==, 0);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-checkout-no-match.png");
  close_page (window, page);
}

/* C7: the checkout offers only the payment methods the selling outlet's
 * tills take; for another outlet's tickets only those of them S4 allows. */
static void
test_checkout_methods (void)
{
  TsSalesPage *page;
  GtkWindow *window;

  g_free (ts_test_owner_sql (server, "UPDATE outlet SET payment_methods = '{cash,card}' WHERE code = 'UTH'"));
  g_free (ts_test_owner_sql (server, "UPDATE outlet SET payment_methods = '{cash,card,pass,on_account}' WHERE code = 'ATH'"));

  page = open_page ("UTH", &window);
  {
    g_autofree char *shown = methods_shown (page);
    const char * const *offered = _ts_checkout_get_offered_methods (_ts_sales_page_get_checkout (page));
    g_autofree char *wanted = g_strdup_printf ("%s\n%s\n", _("Cash"), _("Card"));

    g_assert_cmpstr (shown, ==, wanted);
    g_assert_cmpuint (g_strv_length ((char **) offered), ==, 2);
    g_assert_cmpstr (offered[1], ==, "card");
    pay_by (page, "card");
    g_assert_cmpstr (ts_checkout_get_payment_method (_ts_sales_page_get_checkout (page)), ==, "card");
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-checkout-cash-and-card.png");
  close_page (window, page);

  /* ATH selling UTH's performance: of cash, card, pass and on account,
   * real money only */
  page = open_page ("ATH", &window);
  {
    g_autofree char *shown = methods_shown (page);
    g_autofree char *wanted = g_strdup_printf ("%s\n%s\n", _("Cash"), _("Card"));

    g_assert_cmpstr (shown, ==, wanted);
  }
  close_page (window, page);
  g_free (ts_test_owner_sql (server, "UPDATE outlet SET payment_methods = DEFAULT WHERE code IN ('UTH', 'ATH')"));
}

/* A seat of the performance nobody claims, the k-th in the map's order. */
static char *
unclaimed_seat (gint64 performance,
                guint  k)
{
  return ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                             " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                             " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid"
                             "                 AND c.performance_id = p.id)"
                             " ORDER BY s.guid OFFSET %u LIMIT 1", performance, k);
}

/* Another performance of Hamlet that UTH sells, its Adult tickets too. */
static gint64
second_performance (void)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
  gint64 other = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                    " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT
                                    ", %" G_GINT64_FORMAT ", now () + interval '12 days', 70, 70, now () - interval '1 day',"
                                    " now () - interval '1 day', true) RETURNING id", event, uth);

  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, other);
  return other;
}

/* A performance in another venue, with a seat map of its own ("Studio"). */
static gint64
studio_performance (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Studio\", \"size\": {\"width\": 200, \"height\": 120},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Studio\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 20, \"y\": 20, \"seat_spacing\": 26, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                    ", 'Studio Night', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  gint64 other = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                    " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT
                                    ", %" G_GINT64_FORMAT ", now () + interval '14 days', 10, 10, now () - interval '1 day',"
                                    " now () - interval '1 day', true) RETURNING id", event, uth);

  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, other);
  return other;
}

static void
show_performance (TsSalesPage *page,
                  gint64       performance)
{
  g_object_set (page, "performance-id", performance, NULL);
  ts_test_ui_wait_until (has_plan, page, "the seat map");
}

/* The cart belongs to the sale, not to the map: choosing another
 * performance keeps what the cart holds, and one order takes tickets of two
 * performances, listed in the cart under each performance's title. */
static void
test_two_performances (void)
{
  gint64 other = second_performance ();
  g_autofree char *seat = unclaimed_seat (perf, 0);
  GtkWindow *window = NULL;
  TsSalesPage *page = open_page ("UTH", &window);

  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "a seat of the first performance");

  /* another performance: the cart keeps its seat, the server its hold */
  show_performance (page, other);
  g_assert_cmpuint (cart_size (page), ==, 1);
  ts_test_ui_wait_until (idle_page, page, "the other performance");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND kind = 'cart'", perf, seat), ==, 1);
  /* the same seat of this performance is free, not "in my cart" */
  wait_for_seat (page, seat, TS_SEAT_STATE_AVAILABLE, "the same seat free at the other performance");
  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_two, page, "a seat of each performance");
  g_assert_cmpint (cart_total (page), ==, 8000);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-two-performances.png");

  /* back to the first: its seat is still in my cart */
  show_performance (page, perf);
  wait_for_seat (page, seat, TS_SEAT_STATE_IN_MY_CART, "the first performance's seat in my cart");

  /* one order, both performances */
  choose_patron (page, patron, "Ada Lovelace");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the sale");
  /* the receipt said; in any language */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (DISTINCT i.performance_id) FROM order_item i"
                                      " WHERE i.order_id = (SELECT max (order_id) FROM order_item WHERE seat_guid = '%s')",
                                      seat), ==, 2);
  wait_for_seat (page, seat, TS_SEAT_STATE_SOLD, "the first performance's seat sold");
  g_assert_cmpuint (cart_size (page), ==, 0);
  close_page (window, page);
}

/* A way between the client and the server that a test cuts and mends, as
 * a network does: cut, every connection through it drops and new ones are
 * refused; mended, it forwards again on the same port. */
typedef struct
{
  GSocketService *service;
  GCancellable   *cancellable;
  GPtrArray      *streams;         /* the connections through it, both sides */
  guint16         port;
  guint16         server_port;
} Link;

static void
link_spliced (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
link_incoming (GSocketService    *service,
               GSocketConnection *connection,
               GObject           *source,
               Link              *link)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *upstream = g_socket_client_connect_to_host (client, "127.0.0.1", link->server_port, NULL, NULL);

  if (upstream == NULL)
    return FALSE;
  g_ptr_array_add (link->streams, g_object_ref (connection));
  g_ptr_array_add (link->streams, upstream);
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, link->cancellable, link_spliced, NULL);
  return TRUE;
}

static void
link_mend (Link *link)
{
  g_autoptr(GError) error = NULL;

  link->service = g_socket_service_new ();
  link->cancellable = g_cancellable_new ();
  if (link->port == 0)
    link->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (link->service), NULL, &error);
  else
    g_socket_listener_add_inet_port (G_SOCKET_LISTENER (link->service), link->port, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (link->service, "incoming", G_CALLBACK (link_incoming), link);
  g_socket_service_start (link->service);
}

static void
link_cut (Link *link)
{
  g_cancellable_cancel (link->cancellable);
  g_socket_service_stop (link->service);
  g_socket_listener_close (G_SOCKET_LISTENER (link->service));
  for (guint i = 0; i < link->streams->len; i++)
    g_io_stream_close (g_ptr_array_index (link->streams, i), NULL, NULL);
  g_ptr_array_set_size (link->streams, 0);
  g_clear_object (&link->service);
  g_clear_object (&link->cancellable);
}

static Link *
link_new (void)
{
  Link *link = g_new0 (Link, 1);
  g_autoptr(GUri) uri = g_uri_parse (ts_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);

  link->server_port = (guint16) g_uri_get_port (uri);
  link->streams = g_ptr_array_new_with_free_func (g_object_unref);
  link_mend (link);
  return link;
}

static void
link_free (Link *link)
{
  if (link->service != NULL)
    link_cut (link);
  g_ptr_array_unref (link->streams);
  g_free (link);
}

static void
signed_in_through_link (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  ts_api_client_sign_in_finish (TS_API_CLIENT (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
live_connected (gpointer data)
{
  return ts_test_ui_get_boolean (ts_sales_map_get_live_client (_ts_sales_page_get_sales_map (data)), "connected");
}

static gboolean
live_lost (gpointer data)
{
  return !live_connected (data);
}

static gboolean
cart_empty_and_said (gpointer data)
{
  g_autofree char *message = page_message (data);

  /* the seat named (by the server, in any language) */
  return cart_size (data) == 0 && strstr (message, "Stalls row") != NULL && !page_busy (data);
}

static gboolean
no_message_and_idle (gpointer data)
{
  g_autofree char *message = page_message (data);

  return *message == '\0' && !page_busy (data);
}

static gboolean
cart_back_with_one (gpointer data)
{
  return cart_size (data) == 1 && !page_busy (data);
}

/* S1 after the server was out of reach: a release that did not reach it
 * leaves nothing stuck (the cart shows the seat again, and Release All
 * tries again); a hold that lapsed meanwhile leaves the cart, and the map,
 * once the server is back, and the agent is told which; the seat can be
 * taken again. */
static void
test_server_comes_back (void)
{
  Link *link = link_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", link->port);
  g_autoptr(TsApiClient) client = ts_api_client_new (url);
  g_autofree char *seat = unclaimed_seat (perf, 0);
  gint64 studio = studio_performance ();      /* known to the page's list from the start */
  gboolean done = FALSE;
  TsSalesPage *page;
  GtkWindow *window;

  ts_api_client_sign_in_async (client, ts_test_outlet_id (server, "UTH"), "boxoffice", "boxoffice-password", NULL,
                               signed_in_through_link, &done);
  ts_test_ui_wait_until (flag_set, &done, "sign-in through the link");
  page = ts_sales_page_new (client);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 760);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_until (idle_page, page, "the performances");
  show_performance (page, perf);
  ts_test_ui_wait_until (live_connected, page, "the live feed");

  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "a seat in the cart");

  /* the server out of reach: Release All cannot let the seat go, and says so */
  link_cut (link);
  ts_test_ui_wait_until (live_lost, page, "the live feed lost");
  click (page, "sales.release-cart");
  ts_test_ui_wait_until (has_message, page, "the failed release");
  g_assert_cmpuint (cart_size (page), ==, 1);            /* not stuck: still in the cart, and said */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'"
                                      " AND performance_id = %" G_GINT64_FORMAT, seat, perf), ==, 1);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-release-failed.png");

  /* back: the cart is what the server holds, and Release All lets it go */
  link_mend (link);
  ts_test_ui_wait_until (live_connected, page, "the live feed back");
  ts_test_ui_wait_until (cart_back_with_one, page, "the seat still in the cart");
  wait_for_seat (page, seat, TS_SEAT_STATE_IN_MY_CART, "the seat in my cart");
  click (page, "sales.release-cart");
  ts_test_ui_wait_until (idle_page, page, "the release");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'"
                                      " AND performance_id = %" G_GINT64_FORMAT, seat, perf), ==, 0);
  wait_for_seat (page, seat, TS_SEAT_STATE_AVAILABLE, "the released seat");
  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "the seat held again");

  /* out of reach again, and the hold lapses meanwhile */
  link_cut (link);
  ts_test_ui_wait_until (live_lost, page, "the live feed lost again");
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second'"
                      " WHERE id = (SELECT cart_id FROM seat_claim WHERE seat_guid = '%s' AND performance_id = %"
                      G_GINT64_FORMAT ")", seat, perf);
  g_assert_cmpuint (cart_size (page), ==, 1);           /* the client cannot know yet */
  link_mend (link);
  ts_test_ui_wait_until (cart_empty_and_said, page, "the lapsed hold said");
  wait_for_seat (page, seat, TS_SEAT_STATE_AVAILABLE, "the lapsed seat free on the map");
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-hold-lapsed.png");

  /* and it can be taken again */
  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "the seat taken again");
  click (page, "sales.release-cart");
  ts_test_ui_wait_until (idle_page, page, "the release");

  /* "cannot reach the server" is said while it is so, and taken back once
   * the server answers again (it stayed on screen after the server returned).
   * A performance of another venue chosen meanwhile shows no seats rather
   * than the Black Box's, and its own map once the server is back (it
   * stayed empty until chosen again). */
  link_cut (link);
  ts_test_ui_wait_until (live_lost, page, "the live feed lost a third time");
  g_object_set (page, "performance-id", studio, NULL);
  ts_test_ui_wait_until (has_message, page, "the unreachable server said");
  g_assert_null (ts_seat_map_get_plan (seat_map (page)));
  link_mend (link);
  ts_test_ui_wait_until (live_connected, page, "the live feed back again");
  ts_test_ui_wait_until (no_message_and_idle, page, "the outage message taken back");
  ts_test_ui_wait_until (has_plan, page, "the Studio's seat map");
  g_assert_cmpstr (ts_seat_map_get_plan (seat_map (page))->name, ==, "Studio");
  g_assert_cmpuint (ts_seat_map_get_plan (seat_map (page))->seats->len, ==, 10);
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-back-with-another-venue.png");
  close_page (window, page);
  link_free (link);
}

static gboolean
override_shown (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG) != NULL;
}

static gboolean
override_gone (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG) == NULL && !page_busy (data);
}

/* S3 on the Sales page: the box office stopped selling a performance at
 * curtain and a latecomer wants a seat.  The owning outlet's agent is
 * refused, with the choice to override; cancelled, nothing is held; with a
 * reason, the seat is held, the override is shown above the cart and goes
 * with the sale, and both are in the audit log.  A selling outlet refused
 * at the advance-sales limit is never offered one. */
static void
test_override (void)
{
  gint64 late = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale, box_office_off_sale, outlets_on_sale, allow_other_outlets)"
                                   " SELECT event_id, outlet_id, now () + interval '12 days', 70, 70, now () - interval '1 day',"
                                   " now () - interval '1 minute', now () - interval '1 day', true FROM performance WHERE id = %"
                                   G_GINT64_FORMAT " RETURNING id", perf);
  GtkWindow *window = NULL, *ath_window = NULL;
  TsSalesPage *page, *ath_page;
  TsOverrideDialog *override;
  char *reason;

  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id)"
                      " SELECT outlet_id, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " FROM performance WHERE id = %"
                      G_GINT64_FORMAT, adult, late, late);
  page = open_page_at ("UTH", late, &window);
  select_seat (page, seats[5]);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (override_shown, NULL, "the choice to override");
  override = TS_OVERRIDE_DIALOG (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  g_assert_nonnull (strstr (_ts_override_dialog_get_refusal (override), "has closed"));
  g_assert_false (gtk_widget_get_sensitive (gtk_window_get_default_widget (GTK_WINDOW (override))));
  g_assert_cmpuint (cart_size (page), ==, 0);
  ts_test_ui_screenshot (GTK_WIDGET (override), "override-dialog-sales.png");

  /* Escape: nothing held, the refusal on the page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (override), "window.close", NULL));
  ts_test_ui_wait_until (override_gone, page, "the choice closed");
  assert_message (page, "has closed");
  g_assert_cmpuint (cart_size (page), ==, 0);
  reason = override_reason (page);
  g_assert_null (reason);

  /* again, overridden with a reason: held, and the override stays in view */
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (override_shown, NULL, "the choice to override again");
  override = TS_OVERRIDE_DIALOG (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  _ts_override_dialog_set_reason (override, "Latecomer at curtain");
  ts_test_ui_submit (override);
  ts_test_ui_wait_until (cart_has_one, page, "the overridden hold");
  reason = override_reason (page);
  g_assert_cmpstr (reason, ==, "Latecomer at curtain");
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'override' AND entity_id = '%"
                                      G_GINT64_FORMAT "' AND after ->> 'reason' = 'Latecomer at curtain'", late), ==, 1);
  choose_patron (page, patron, "Ada Lovelace");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");
  pay_by (page, "cash");
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-override.png");
  click (page, "sales.sell");
  ts_test_ui_wait_until (has_message, page, "the sale");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND overridden", late, seats[5]), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log a JOIN order_item i ON i.order_id::text = a.entity_id"
                                      " WHERE a.action = 'sell' AND i.performance_id = %" G_GINT64_FORMAT
                                      " AND a.after -> 'override' ->> 'reason' = 'Latecomer at curtain'", late), ==, 1);
  /* it went with that sale */
  reason = override_reason (page);
  g_assert_null (reason);
  close_page (window, page);

  /* a selling outlet, at the advance-sales limit: refused, and no choice to override (S3) */
  ts_test_owner_sqlf (server, "UPDATE performance SET advance_limit = claimed WHERE id = %" G_GINT64_FORMAT, late);
  ath_page = open_page_at ("ATH", late, &ath_window);
  select_seat (ath_page, seats[4]);
  click (ath_page, "sales.add-selection");
  ts_test_ui_wait_until (has_message, ath_page, "the seller's refusal");
  assert_message (ath_page, "advance-sales limit");
  ts_test_ui_pause (300);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  reason = override_reason (ath_page);
  g_assert_null (reason);
  g_assert_cmpuint (cart_size (ath_page), ==, 0);
  ts_test_ui_screenshot (GTK_WIDGET (ath_window), "sales-seller-limit.png");
  close_page (ath_window, ath_page);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The page seen from outside: its properties say when they change, its
 * actions do nothing they should not, another outlet's tickets are paid with
 * the seller's own real money only (S4), and a page is freed however it
 * goes, even never shown with its first requests under way. */
static void
test_page_from_outside (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  TsSalesPage *unseen = g_object_ref_sink (ts_sales_page_new (client));
  g_autofree char *seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                              " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                                              " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.seat_guid = s.guid)"
                                              " ORDER BY s.guid LIMIT 1", perf);
  guint performance_notes = 0, busy_notes = 0, method_notes = 0, size_notes = 0;
  g_autofree char *message = NULL;
  TsSalesPage *page;
  GtkWindow *window;
  gint64 shown;

  g_assert_true (page_busy (unseen));
  g_assert_finalize_object (unseen);

  page = ts_sales_page_new (client);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 760);
  gtk_window_set_child (window, GTK_WIDGET (page));
  g_signal_connect (page, "notify::performance-id", G_CALLBACK (count_notify), &performance_notes);
  g_signal_connect (page, "notify::busy", G_CALLBACK (count_notify), &busy_notes);
  g_signal_connect (_ts_sales_page_get_checkout (page), "notify::payment-method", G_CALLBACK (count_notify), &method_notes);
  g_signal_connect (_ts_sales_page_get_cart (page), "notify::size", G_CALLBACK (count_notify), &size_notes);
  gtk_window_present (window);
  ts_test_ui_wait_until (idle_page, page, "the performances");
  g_assert_cmpuint (busy_notes, >=, 1);

  /* no performance, nothing to pick up: Will Call does nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.will-call", NULL));
  g_assert_null (ts_test_ui_find_window (TS_TYPE_WILL_CALL_WINDOW));

  /* choosing a performance is said once; choosing it again changes nothing */
  g_object_set (page, "performance-id", perf, NULL);
  g_object_set (page, "performance-id", perf, NULL);
  g_assert_cmpuint (performance_notes, ==, 1);
  g_object_get (page, "performance-id", &shown, NULL);
  g_assert_cmpint (shown, ==, perf);
  ts_test_ui_wait_until (has_plan, page, "the seat map");

  /* a seat of UTH's performance in ATH's cart, for a patron */
  select_seat (page, seat);
  click (page, "sales.add-selection");
  ts_test_ui_wait_until (cart_has_one, page, "one seat in the cart");
  g_assert_cmpuint (size_notes, ==, 1);
  choose_patron (page, patron, "Ada Lovelace");
  ts_test_ui_wait_until (idle_page, page, "the patron's vouchers");

  /* S4: another outlet's tickets are paid in real money only: "on account"
   * is not even offered, choosing it changes nothing, and no refusal is
   * needed */
  method_notes = 0;
  g_assert_false (g_strv_contains (_ts_checkout_get_offered_methods (_ts_sales_page_get_checkout (page)), "on_account"));
  pay_by (page, "on_account");
  g_assert_cmpuint (method_notes, ==, 0);
  g_assert_cmpstr (ts_checkout_get_payment_method (_ts_sales_page_get_checkout (page)), ==, "cash");
  message = page_message (page);
  g_assert_cmpstr (message, ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-seller-methods.png");
  pay_by (page, "card");
  g_assert_cmpuint (method_notes, ==, 1);

  click (page, "sales.release-cart");
  g_assert_cmpuint (cart_size (page), ==, 0);
  g_assert_cmpuint (size_notes, ==, 2);
  ts_test_ui_wait_until (idle_page, page, "the release");
  close_page (window, page);
}

static void
set_up_season (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"shape\", \"zone\": \"Stalls\", \"shape\": \"rectangle\", \"x\": 40, \"y\": 5, \"width\": 300,"
      "   \"height\": 20, \"text\": \"STAGE\", \"color\": \"#deddda\"},"
      "  {\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 3, \"seats\": 10,"
      "   \"x\": 60, \"y\": 50, \"seat_spacing\": 26, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 40, \"x\": 60, \"y\": 160,"
      "   \"width\": 240, \"height\": 80, \"text\": \"Standing floor\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 event, commission, redemption;

  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", now () + interval '10 days', 70, 70, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 4000, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  redemption = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                  G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                                  uth, adult, perf);
  ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                      G_GINT64_FORMAT ", 'Standing', 2000)", redemption);
  comp = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                            " VALUES (%" G_GINT64_FORMAT ", 'Press Comp', 'comp', 0, 'P') RETURNING id", uth);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, comp, perf);
  friend_patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Grace', 'Hopper')"
                                     " RETURNING id");
  season_seat = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                                   " VALUES (%" G_GINT64_FORMAT ", 'Season seat', 'bundle_component', 0, 'S') RETURNING id", uth);
  season = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, qualifies_subscriber,"
                              " bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT ", 'Season pack', 'subscription',"
                              " 12000, true, %" G_GINT64_FORMAT ", 2) RETURNING id", uth, season_seat);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, season_seat, perf);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                              " VALUES ('Ada', 'Lovelace', %" G_GINT64_FORMAT ") RETURNING id", uth);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();
  set_up_season ();
  g_test_add_func ("/client/sales/default-size-layout", test_default_size_layout);
  g_test_add_func ("/client/sales/map-legend", test_map_legend);
  g_test_add_func ("/client/sales/map-menu", test_map_menu);
  g_test_add_func ("/client/sales/sell-from-the-map", test_sell_from_the_map);
  g_test_add_func ("/client/sales/comp-as-gift", test_comp_as_gift);
  g_test_add_func ("/client/sales/general-admission", test_general_admission);
  g_test_add_func ("/client/sales/voucher-and-will-call", test_voucher_and_will_call);
  g_test_add_func ("/client/sales/hold-by-letter", test_hold_by_letter);
  g_test_add_func ("/client/sales/patron-orders", test_patron_orders);
  g_test_add_func ("/client/sales/walk-up-list", test_walk_up_list);
  g_test_add_func ("/client/sales/walk-up-without-patron", test_walk_up_without_patron);
  g_test_add_func ("/client/sales/checkout-methods", test_checkout_methods);
  g_test_add_func ("/client/sales/checkout-no-match", test_checkout_no_match);
  g_test_add_func ("/client/sales/two-performances", test_two_performances);
  g_test_add_func ("/client/sales/server-comes-back", test_server_comes_back);
  g_test_add_func ("/client/sales/override", test_override);
  g_test_add_func ("/client/sales/from-outside", test_page_from_outside);
  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  ts_test_server_free (server);
  return status;
}
