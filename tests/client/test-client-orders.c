/* test-client-orders.c — the order window, its refund and exchange dialogs
 * and the reports page against a real server, under X
 *
 * The season is set up with SQL as the owner role, as in
 * tests/test-server-sales.c, and sold through the API: one order by the
 * owning outlet (UTH), one by a permitted selling outlet (ATH).  Then the
 * windows are used as a person would, and what they did is checked through
 * the API: the seller sees the whole order and the owner only its lines
 * (P5); a refund from the dialog shows in the till (S7, A4); an exchange
 * from the dialog (S6), a seat taken meanwhile refused inline; a settlement
 * recorded from the reports page clears the pair's balances (A3); a seat
 * change within the price zone and an open comp seated in another zone,
 * after a change refused for a seat taken meanwhile; the owning outlet's
 * override (S3) of a closed box-office window from the seat-change and
 * exchange dialogs, never offered to a selling outlet.  With
 * TESSERA_SCREENSHOTS=DIR set, each window is saved there as a PNG (in
 * French with TESSERA_TEST_LOCALE=fr_CA.UTF-8, see ts-test-ui.h). */
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-exchange-dialog-private.h"
#include "ts-json-item.h"
#include "ts-main-window.h"
#include "ts-open-order-dialog-private.h"
#include "ts-order-patron-dialog-private.h"
#include "ts-order-window-private.h"
#include "ts-patron-tab-private.h"
#include "ts-patron-window-private.h"
#include "ts-refund-dialog-private.h"
#include "ts-error.h"
#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-outlet-preferences-dialog-private.h"
#include "ts-override-dialog-private.h"
#include "ts-reports-accounts-tab-private.h"
#include "ts-reports-page.h"
#include "ts-reports-page-private.h"
#include "ts-seat-change-dialog-private.h"
#include "ts-test-client.h"
#include "ts-test-ui.h"
#include "ts-live-client.h"
#include "ts-will-call-window.h"

static TsTestServer *server;
static gint64 uth, ath, map_id, perf, adult, student, patron, friend_patron;
static gint64 uth_order, ath_order;
static char *seats[10];
static char *uth_boxoffice, *ath_boxoffice, *uth_manager, *ath_manager;
static guint key_counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static gboolean
window_of_type (gpointer data)
{
  return ts_test_ui_find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

/* What the order window shows, through its properties. */
static guint
load_count (TsOrderWindow *window)
{
  guint count = 0;

  g_object_get (window, "load-count", &count, NULL);
  return count;
}

static gint64
order_id_of (TsOrderWindow *window)
{
  gint64 id = 0;

  g_object_get (window, "order-id", &id, NULL);
  return id;
}

/* "items" or "payments": the window keeps the list. */
static GListModel *
listed (TsOrderWindow *window,
        const char    *which)
{
  g_autoptr(GListModel) list = NULL;

  g_object_get (window, which, &list, NULL);
  return list;
}

static gboolean
order_loaded (gpointer data)
{
  return load_count (data) > 0;
}

typedef struct
{
  TsOrderWindow *window;
  guint          count;
} Reload;

static gboolean
order_reloaded (gpointer data)
{
  Reload *reload = data;

  return load_count (reload->window) > reload->count;
}

static TsOrderWindow *
open_order (TsApiClient *client,
            gint64       id)
{
  TsOrderWindow *window = ts_order_window_new (client, id);

  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_until (order_loaded, window, "the order");
  return window;
}

/* The item of an order, as the server answers it now. */
static JsonObject *
server_item (JsonNode *order,
             gint64    item_id)
{
  JsonArray *items = json_object_get_array_member (object_of (order), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == item_id)
      return json_array_get_object_element (items, i);
  g_assert_not_reached ();
}

static JsonNode *
get_order (const char *token,
           gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, id);

  return ts_test_expect (server, "GET", path, token, NULL, 200);
}

static gboolean
strv_has (const char * const *strv,
          const char         *value)
{
  return strv != NULL && g_strv_contains (strv, value);
}

/* P5 in the client: the seller's whole order; the owner's lines only. */
static void
test_order_window (void)
{
  g_autoptr(TsApiClient) uth_client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) ath_client = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  TsOrderWindow *own, *partial, *seller, *looker;

  own = open_order (uth_client, uth_order);
  g_assert_cmpuint (g_list_model_get_n_items (listed (own, "items")), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (listed (own, "payments")), ==, 1);
  g_assert_true (_ts_order_window_shows_payments (own));
  g_assert_cmpstr (_ts_order_window_get_notice (own), ==, "");
  {
    g_autofree char *paid = ts_format_money (5500);
    g_autofree char *nothing = ts_format_money (0);
    g_autofree char *totals = g_strdup_printf (ts_test_ui_tr ("Total %s · Paid %s · Balance due %s"), paid, paid, nothing);

    g_assert_nonnull (strstr (_ts_order_window_get_totals (own), totals));
  }
  g_assert_true (_ts_order_window_can_refund (own));
  ts_test_ui_screenshot (GTK_WIDGET (own), "order-window.png");

  /* the owning outlet looks at ATH's sale of its ticket */
  partial = open_order (uth_client, ath_order);
  g_assert_true (json_object_get_boolean_member (_ts_order_window_get_order (partial), "partial"));
  g_assert_cmpuint (g_list_model_get_n_items (listed (partial, "items")), ==, 1);
  g_assert_false (_ts_order_window_shows_payments (partial));
  g_assert_cmpuint (g_list_model_get_n_items (listed (partial, "payments")), ==, 0);
  {
    g_autofree char *notice = g_strdup_printf (ts_test_ui_tr ("%s sold this order. You see only its tickets to your own events: its other tickets, "
                                                              "its payments and its totals belong to the selling outlet."),
                                               "Athletic Centre");

    g_assert_cmpstr (_ts_order_window_get_notice (partial), ==, notice);
  }
  g_assert_true (_ts_order_window_can_refund (partial));      /* S6: the owner may refund its tickets */
  ts_test_ui_screenshot (GTK_WIDGET (partial), "order-window-partial.png");

  /* the seller sees its payment, with the reference */
  seller = open_order (ath_client, ath_order);
  g_assert_true (_ts_order_window_shows_payments (seller));
  g_assert_cmpuint (g_list_model_get_n_items (listed (seller, "payments")), ==, 1);
  {
    g_autoptr(TsJsonItem) payment = g_list_model_get_item (listed (seller, "payments"), 0);

    g_assert_cmpstr (json_object_get_string_member (ts_json_item_get_object (payment), "reference"), ==, "VISA 1234");
  }

  /* C4: Staff may look, not refund, and is told why */
  looker = open_order (staff, uth_order);
  g_assert_false (_ts_order_window_can_refund (looker));
  g_assert_cmpstr (_ts_order_window_get_refund_tip (looker), ==,
                   ts_test_ui_tr ("Refunds and exchanges need the Box Office level or above."));
  ts_test_ui_screenshot (GTK_WIDGET (looker), "order-window-staff.png");

  /* closed, each window is freed with what it showed */
  {
    TsOrderWindow *windows[] = { own, partial, seller, looker };

    for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
      {
        g_object_ref (windows[i]);
        gtk_window_destroy (GTK_WINDOW (windows[i]));
        g_assert_finalize_object (windows[i]);
      }
  }
}

/* S6, S7: a refund from the dialog, paid from the refunder's till; S4: the
 * methods follow whose tickets they are. */
static void
test_refund (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) before = get_order (uth_boxoffice, uth_order);
  gint64 student_item = ts_test_item_at_seat (before, seats[1]);
  TsOrderWindow *window = open_order (client, uth_order);
  TsRefundDialog *dialog;
  Reload reload = { window, 0 };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.refund", NULL));
  dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_nonnull (dialog);
  /* UTH's own tickets sold by UTH: on account and gift certificates too */
  g_assert_true (strv_has (_ts_refund_dialog_get_methods (dialog), "on_account"));
  g_assert_true (strv_has (_ts_refund_dialog_get_methods (dialog), "gift_certificate"));
  g_assert_true (_ts_refund_dialog_choose_item (dialog, student_item, TRUE));
  g_assert_cmpint (_ts_refund_dialog_get_amount (dialog), ==, 2000);

  /* the reason is required: said in the dialog, nothing sent */
  g_assert_true (_ts_refund_dialog_fill (dialog, "cash", ""));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the missing reason");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, ts_test_ui_tr ("Say why the tickets are refunded."));

  g_assert_true (_ts_refund_dialog_fill (dialog, "cash", "Cannot come"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "refund-dialog.png");
  reload.count = load_count (window);
  g_object_ref (dialog);
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (order_reloaded, &reload, "the order after the refund");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_finalize_object (dialog);        /* closed once refunded, and freed */
  {
    g_autofree char *twenty = ts_format_money (2000);
    g_autofree char *refunded = g_strdup_printf (ts_test_ui_tr ("Refunded %s."), twenty);
    g_autofree char *total = ts_format_money (3500);
    g_auto(GStrv) totals = g_strsplit (ts_test_ui_tr ("Total %s · Paid %s · Balance due %s"), "%s", -1);
    g_autofree char *total_text = g_strconcat (totals[0], total, totals[1], NULL);

    g_assert_cmpstr (ts_test_ui_get_string (window, "message"), ==, refunded);
    g_assert_true (g_str_has_prefix (_ts_order_window_get_totals (window), total_text));
  }
  g_assert_cmpuint (g_list_model_get_n_items (listed (window, "payments")), ==, 2);
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-refunded.png");

  /* through the API: the item is refunded, and the till shows it (A4) */
  {
    g_autoptr(JsonNode) after = get_order (uth_boxoffice, uth_order);
    g_autoptr(JsonNode) till = ts_test_expect (server, "GET", "/api/v1/accounts/till", uth_manager, NULL, 200);
    JsonArray *employees = json_object_get_array_member (object_of (till), "employees");
    gboolean found = FALSE;

    g_assert_cmpstr (json_object_get_string_member (server_item (after, student_item), "status"), ==, "refunded");
    for (guint i = 0; i < json_array_get_length (employees); i++)
      {
        JsonObject *row = json_array_get_object_element (employees, i);

        if (json_object_get_int_member (row, "employee_id") != ts_api_client_get_employee_id (client))
          continue;
        found = TRUE;
        g_assert_cmpint (json_object_get_int_member (row, "refunds_cents"), ==, 2000);
        g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "by_method"), "cash"),
                         ==, 5500 - 2000);
        g_assert_true (json_object_get_boolean_member (row, "balanced"));
      }
    g_assert_true (found);
  }

  /* S4: the owner refunding ATH's sale pays back in real money only */
  {
    TsOrderWindow *partial = open_order (client, ath_order);
    const char * const *methods;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (partial), "order.refund", NULL));
    dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
    g_assert_nonnull (dialog);
    methods = _ts_refund_dialog_get_methods (dialog);
    g_assert_cmpuint (g_strv_length ((char **) methods), ==, 3);
    g_assert_true (strv_has (methods, "cash") && strv_has (methods, "cheque") && strv_has (methods, "card"));
    g_assert_false (strv_has (methods, "on_account"));
    ts_test_ui_screenshot (GTK_WIDGET (dialog), "refund-dialog-other-outlet.png");
    gtk_window_close (GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (partial));
  }
  /* the window that refunded, and its dialog gone, is freed once closed */
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

typedef struct
{
  gint64 original;
} NewOrder;

static gboolean
new_order_window (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TS_IS_ORDER_WINDOW (window)
          && order_id_of (TS_ORDER_WINDOW (window)) != ((NewOrder *) data)->original
          && load_count (TS_ORDER_WINDOW (window)) > 0)
        return TRUE;
    }
  return FALSE;
}

/* S6: an exchange is a refund plus a sale in one transaction; a seat taken
 * meanwhile is refused inline and nothing changes; the same dialog then
 * succeeds with another seat. */
static void
test_exchange (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) before = get_order (uth_boxoffice, uth_order);
  gint64 adult_item = ts_test_item_at_seat (before, seats[0]);
  TsOrderWindow *window = open_order (client, uth_order);
  TsExchangeDialog *dialog;
  NewOrder wanted = { uth_order };
  gint64 new_id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.exchange", NULL));
  dialog = TS_EXCHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_EXCHANGE_DIALOG));
  g_assert_nonnull (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performances, offer and map");
  /* the only ticket left is chosen already */
  g_assert_true (_ts_exchange_dialog_choose_item (dialog, adult_item, TRUE));
  g_assert_true (_ts_exchange_dialog_choose_performance (dialog, perf));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performance");
  /* 10 seats, less the 2 sold (UTH's adult, ATH's), plus the one given back */
  g_assert_cmpuint (_ts_exchange_dialog_count_free_seats (dialog), ==, 9);
  g_assert_true (_ts_exchange_dialog_choose_ticket_type (dialog, student));
  g_assert_true (_ts_exchange_dialog_choose_seat (dialog, seats[4]));
  g_assert_cmpint (_ts_exchange_dialog_get_difference (dialog), ==, 2000 - 3500);
  g_assert_cmpuint (g_strv_length ((char **) _ts_exchange_dialog_get_methods (dialog)), ==, 3);
  g_assert_true (_ts_exchange_dialog_fill (dialog, "cash", "Wants a student ticket"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "exchange-dialog.png");

  /* somebody sells that seat meanwhile: refused, shown, nothing changed */
  {
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"client-orders-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", ++key_counter, patron, perf, seats[4], adult);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201));
  }
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "Taken"));
  /* the list shows what is free now, and the taken seat is no longer chosen */
  g_assert_cmpuint (_ts_exchange_dialog_count_free_seats (dialog), ==, 8);
  g_assert_cmpint (_ts_exchange_dialog_get_difference (dialog), ==, -3500);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "exchange-dialog-refused.png");
  {
    g_autoptr(JsonNode) unchanged = get_order (uth_boxoffice, uth_order);

    g_assert_cmpstr (json_object_get_string_member (server_item (unchanged, adult_item), "status"), ==, "sold");
  }

  /* another seat, the same dialog (and idempotency key) */
  g_assert_true (_ts_exchange_dialog_choose_seat (dialog, seats[3]));
  g_assert_true (_ts_exchange_dialog_fill (dialog, "cash", "Wants a student ticket"));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (new_order_window, &wanted, "the new order's window");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_EXCHANGE_DIALOG));

  new_id = ts_test_owner_int (server, "SELECT id FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT, uth_order);
  {
    g_autoptr(JsonNode) old = get_order (uth_boxoffice, uth_order);
    g_autoptr(JsonNode) created = get_order (uth_boxoffice, new_id);
    JsonObject *item = json_array_get_object_element (json_object_get_array_member (object_of (created), "items"), 0);

    g_assert_cmpstr (json_object_get_string_member (server_item (old, adult_item), "status"), ==, "refunded");
    g_assert_cmpint (json_object_get_int_member (object_of (created), "exchange_of"), ==, uth_order);
    g_assert_cmpint (json_object_get_int_member (object_of (created), "purchaser_id"), ==, patron);
    g_assert_cmpint (json_object_get_int_member (object_of (created), "recipient_id"), ==, friend_patron);
    g_assert_cmpstr (json_object_get_string_member (item, "seat"), ==, seats[3]);
    g_assert_cmpint (json_object_get_int_member (item, "ticket_type_id"), ==, student);
    g_assert_cmpint (json_object_get_int_member (object_of (created), "total_cents"), ==, 2000);
    g_assert_cmpint (json_object_get_int_member (object_of (created), "paid_cents"), ==, 2000);
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT
                                      " AND method = 'cash' AND amount_cents = -1500", new_id), ==, 1);
  {
    GtkWindow *next = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (TS_IS_ORDER_WINDOW (w) && order_id_of (TS_ORDER_WINDOW (w)) == new_id)
          next = GTK_WINDOW (w);
      }
    g_assert_nonnull (next);
    ts_test_ui_screenshot (GTK_WIDGET (next), "order-window-exchanged.png");
    gtk_window_destroy (next);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  ts_test_assert_ledgers (server);
}

/* The tab of the Reports page (see ts-reports-page-private.h). */
static GObject *
reports_tab (TsReportsPage *page,
             const char    *name)
{
  return G_OBJECT (_ts_reports_page_get_tab (page, name));
}

static JsonObject *
settlement_of (TsReportsPage *page)
{
  g_autoptr(JsonObject) settlement = NULL;

  g_object_get (reports_tab (page, "outlets"), "settlement", &settlement, NULL);
  return settlement;      /* the tab keeps it */
}

static const char *
accounts_message (TsReportsPage *page)
{
  g_autofree char *message = NULL;

  g_object_get (reports_tab (page, "outlets"), "message", &message, NULL);
  return g_intern_string (message);
}

static gboolean
page_settlement (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy") && settlement_of (data) != NULL;
}

static gboolean
page_recorded (gpointer data)
{
  g_auto(GStrv) recorded = g_strsplit (ts_test_ui_tr ("Settlement recorded: %s paid us %s."), "%s", 2);

  return !ts_test_ui_get_boolean (data, "busy") && g_str_has_prefix (accounts_message (data), recorded[0]);
}

static gboolean
page_has_message (gpointer data)
{
  return *accounts_message (data) != '\0';
}

/* Asks for the settlement report, as the form and Show Report would. */
static gboolean
show_settlement (TsReportsPage *page,
                 gint64         counterparty_id,
                 const char    *from,
                 const char    *to)
{
  TsReportsAccountsTab *tab = TS_REPORTS_ACCOUNTS_TAB (reports_tab (page, "outlets"));
  gboolean found = _ts_reports_accounts_tab_choose (tab, counterparty_id, from, to);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tab), "accounts.show-report", NULL));
  return found;
}

static GListModel *
reports_list (TsReportsPage *page,
              const char    *tab,
              const char    *property)
{
  g_autoptr(GListModel) list = NULL;

  g_object_get (reports_tab (page, tab), property, &list, NULL);
  return list;      /* the tab keeps it */
}

static TsReportsPage *
open_reports (TsApiClient *client,
              GtkWindow  **out_window)
{
  TsReportsPage *page = ts_reports_page_new (client);

  *out_window = ts_test_ui_show_page (GTK_WIDGET (page), 1100, 640);
  return page;
}

/* Closing the window frees the page and both its tabs. */
static void
close_reports (GtkWindow     *window,
               TsReportsPage *page)
{
  GObject *till = g_object_ref (reports_tab (page, "till"));
  GObject *accounts = g_object_ref (reports_tab (page, "outlets"));

  g_object_ref (page);
  gtk_window_destroy (window);
  g_assert_finalize_object (page);
  g_assert_finalize_object (till);
  g_assert_finalize_object (accounts);
}

/* A4, A2, A3: the till, the balances between outlets, and a settlement
 * recorded from the page. */
static void
test_reports (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autofree char *today = ts_test_owner_sqlf (server, "SELECT to_char (now () AT TIME ZONE 'America/Toronto', 'YYYY-MM-DD')");
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  GListModel *balances = reports_list (page, "outlets", "balances");
  gboolean with_ath = FALSE;
  GtkDialog *confirm;

  g_assert_true (_ts_reports_page_has_tab (page, "till"));
  g_assert_true (_ts_reports_page_has_tab (page, "outlets"));
  /* the outlet's today, every employee's till */
  {
    g_autofree char *date = NULL;

    g_object_get (reports_tab (page, "till"), "date", &date, NULL);
    g_assert_cmpstr (date, ==, today);
  }
  g_assert_cmpuint (g_list_model_get_n_items (reports_list (page, "till", "till")), >=, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", "till"));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-till.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", "outlets"));
  for (guint i = 0; i < g_list_model_get_n_items (balances); i++)
    {
      g_autoptr(TsJsonItem) row = g_list_model_get_item (balances, i);

      if (json_object_get_int_member (ts_json_item_get_object (row), "outlet_id") == ath)
        with_ath = TRUE;
    }
  g_assert_true (with_ath);

  /* a period that is not one is refused in the page */
  g_assert_true (show_settlement (page, ath, "2026-13-01", today));
  ts_test_ui_wait_until (page_has_message, page, "the date check");
  g_assert_nonnull (strstr (accounts_message (page), ts_test_ui_tr ("From")));

  g_assert_true (show_settlement (page, ath, today, today));
  ts_test_ui_wait_until (page_settlement, page, "the settlement report");
  /* ATH holds UTH's ticket money (35.00), less its commission (1.00 + 10 %) */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (settlement_of (page),
                                                                              "outstanding"), "net_due_to_us_cents"),
                   ==, 3500 - 450);
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-outlets.png");

  g_assert_true (gtk_widget_activate_action (_ts_reports_page_get_tab (page, "outlets"), "accounts.record-settlement", NULL));
  ts_test_ui_wait_until (window_of_type, GSIZE_TO_POINTER (GTK_TYPE_MESSAGE_DIALOG), "the confirmation");
  confirm = GTK_DIALOG (ts_test_ui_find_window (GTK_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (confirm), "reference-entry")), "Cheque 1001");
  ts_test_ui_screenshot (GTK_WIDGET (confirm), "reports-settlement-confirm.png");
  gtk_dialog_response (confirm, GTK_RESPONSE_ACCEPT);
  ts_test_ui_wait_until (page_recorded, page, "the settlement");
  ts_test_ui_wait_until (page_settlement, page, "the report after the settlement");
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-settled.png");

  /* through the API: nothing is owed either way now, and it is recorded once */
  {
    g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", "/api/v1/accounts/balances", ath_manager, NULL, 200);
    JsonArray *list = json_object_get_array_member (object_of (theirs), "balances");

    for (guint i = 0; i < json_array_get_length (list); i++)
      if (json_object_get_int_member (json_array_get_object_element (list, i), "outlet_id") == uth)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, i), "net_due_to_us_cents"), ==, 0);
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM settlement WHERE reference = 'Cheque 1001'"
                                      " AND payer_outlet_id = %" G_GINT64_FORMAT " AND payee_outlet_id = %" G_GINT64_FORMAT,
                                      ath, uth), ==, 1);
  close_reports (window, page);
  ts_test_assert_ledgers (server);
}

/* C4: Walk-up Sales sees its own till only; Staff the reports without the
 * till, and why; the main window's Reports section is this page. */
static void
test_reports_levels (void)
{
  g_autoptr(TsApiClient) walkup = ts_test_ui_sign_in (server, "UTH", "walkup");
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  GtkWindow *window;
  TsReportsPage *page;
  TsMainWindow *main_window;

  page = open_reports (walkup, &window);
  g_assert_true (_ts_reports_page_has_tab (page, "till"));
  g_assert_false (_ts_reports_page_has_tab (page, "outlets"));
  g_assert_cmpuint (g_list_model_get_n_items (reports_list (page, "till", "till")), ==, 0);   /* sold nothing today */
  g_assert_cmpstr (_ts_reports_page_get_explanation (page), ==,
                   ts_test_ui_tr ("The accounts between outlets are for Box Office Managers and up."));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-walkup.png");
  close_reports (window, page);

  /* Staff run the reports (C4), but have no till */
  page = open_reports (staff, &window);
  g_assert_false (_ts_reports_page_has_tab (page, "till"));
  g_assert_true (_ts_reports_page_has_tab (page, "sales"));
  g_assert_cmpstr (_ts_reports_page_get_explanation (page), ==,
                   ts_test_ui_tr ("The till is for Walk-up Sales and up, and the accounts between outlets for Box Office Managers and up."));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-staff.png");
  close_reports (window, page);

  main_window = ts_main_window_new (NULL, manager);
  gtk_window_present (GTK_WINDOW (main_window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-section", "s", "reports"));
  ts_test_ui_pause (500);
  ts_test_ui_screenshot (GTK_WIDGET (main_window), "main-window-reports.png");
  gtk_window_destroy (GTK_WINDOW (main_window));
}

/* The item of an order with no seat and no area: the open comp. */
static gint64
open_comp_item (JsonNode *order)
{
  JsonArray *items = json_object_get_array_member (object_of (order), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (ts_order_item_is_open_comp (json_array_get_object_element (items, i)))
      return json_object_get_int_member (json_array_get_object_element (items, i), "id");
  g_assert_not_reached ();
}

static char *
seat_of_zone (gint64      map,
              const char *zone,
              guint       n)
{
  return ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT " AND zone = '%s'"
                             " ORDER BY number::integer OFFSET %u LIMIT 1", map, zone, n);
}

static JsonNode *sell (const char *token, const char *items, const char *payments, gint64 recipient);

/* S6: a seat change keeps the price zone; an open comp, free, is seated in
 * any zone.  On a two-zone map: a party of two in the stalls and an open
 * comp.  A change refused for a seat taken meanwhile is shown in the dialog
 * and changes nothing; the next one moves one ticket within the stalls and
 * seats the comp in the balcony, in one request. */
static void
test_seat_change (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Studio\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Premium\", \"color\": \"#e5a50a\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 1, \"seats\": 4,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"straight\", \"zone\": \"Balcony\", \"category\": \"Premium\", \"rows\": 1, \"seats\": 3,"
      "   \"x\": 40, \"y\": 150, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 studio = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  g_autofree char *a1 = seat_of_zone (studio, "Stalls", 0);
  g_autofree char *a2 = seat_of_zone (studio, "Stalls", 1);
  g_autofree char *a3 = seat_of_zone (studio, "Stalls", 2);
  g_autofree char *b1 = seat_of_zone (studio, "Balcony", 0);
  g_autofree char *b2 = seat_of_zone (studio, "Balcony", 1);
  gint64 event, tempest, comp, r;
  gint64 order_id, moved_item, other_item, comp_item;
  g_autoptr(JsonNode) order = NULL;
  TsOrderWindow *window, *looker;
  TsSeatChangeDialog *dialog;
  Reload reload;

  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'The Tempest', %" G_GINT64_FORMAT ") RETURNING id", uth, studio);
  tempest = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                               " box_office_on_sale, outlets_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                               ", now () + interval '12 days', 7, 7, now () - interval '1 day', now () - interval '1 day')"
                               " RETURNING id", event, uth);
  comp = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                            " VALUES (%" G_GINT64_FORMAT ", 'Guest', 'comp', 0, 'G') RETURNING id", uth);
  r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, tempest);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                              G_GINT64_FORMAT ", 'Premium', 5000)", r));
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, comp, tempest));
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"ticket_type_id\": %" G_GINT64_FORMAT ", \"open\": true,"
        "  \"comp_reason\": \"Director's guest\"}]",
        tempest, a1, adult, tempest, a2, adult, tempest, comp);

    order = sell (uth_boxoffice, items, "[{\"method\": \"cash\", \"amount_cents\": 7000}]", patron);
  }
  order_id = json_object_get_int_member (object_of (order), "id");
  moved_item = ts_test_item_at_seat (order, a1);
  other_item = ts_test_item_at_seat (order, a2);
  comp_item = open_comp_item (order);
  g_assert_cmpstr (json_object_get_string_member (server_item (order, moved_item), "price_zone"), ==, "Regular");

  /* C4: Staff sees the order, not the way to change its seats, and why */
  looker = open_order (staff, order_id);
  g_assert_false (_ts_order_window_can_change_seats (looker));
  g_assert_cmpstr (_ts_order_window_get_seats_tip (looker), ==,
                   ts_test_ui_tr ("Seat changes need the Box Office level or above."));
  gtk_window_destroy (GTK_WINDOW (looker));

  window = open_order (client, order_id);
  g_assert_true (_ts_order_window_can_change_seats (window));
  g_assert_cmpuint (g_list_model_get_n_items (listed (window, "items")), ==, 3);
  {
    g_autoptr(TsJsonItem) row = g_list_model_get_item (listed (window, "items"), 2);

    g_assert_cmpint (json_object_get_int_member (ts_json_item_get_object (row), "id"), ==, comp_item);
    g_assert_cmpstr (ts_order_item_seat_name (ts_json_item_get_object (row)), ==, ts_test_ui_tr ("Unseated (open comp)"));
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-open-comp.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.change-seats", NULL));
  dialog = TS_SEAT_CHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_SEAT_CHANGE_DIALOG));
  g_assert_nonnull (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the free seats");
  g_assert_true (_ts_seat_change_dialog_lists_item (dialog, moved_item));
  g_assert_true (_ts_seat_change_dialog_lists_item (dialog, other_item));
  g_assert_true (_ts_seat_change_dialog_lists_item (dialog, comp_item));
  g_assert_cmpstr (_ts_seat_change_dialog_get_current_seat (dialog, comp_item), ==, ts_test_ui_tr ("Unseated (open comp)"));
  g_assert_cmpstr (_ts_seat_change_dialog_get_current_seat (dialog, moved_item), ==, "Stalls row A seat 1");
  /* the stalls' two free seats for a stalls ticket; any free seat for the comp */
  g_assert_cmpuint (_ts_seat_change_dialog_count_choices (dialog, moved_item), ==, 2);
  g_assert_false (_ts_seat_change_dialog_offers_seat (dialog, moved_item, b1));
  g_assert_false (_ts_seat_change_dialog_offers_seat (dialog, moved_item, a2));
  g_assert_cmpuint (_ts_seat_change_dialog_count_choices (dialog, comp_item), ==, 2 + 3);
  g_assert_true (_ts_seat_change_dialog_offers_seat (dialog, comp_item, b1));

  /* nothing chosen: said in the dialog, nothing sent */
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the missing choice");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, ts_test_ui_tr ("Choose a new seat for at least one ticket."));

  g_assert_true (_ts_seat_change_dialog_choose_seat (dialog, moved_item, a3));
  g_assert_true (_ts_seat_change_dialog_choose_seat (dialog, comp_item, b1));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "seat-change-dialog.png");

  /* somebody sells the comp's new seat meanwhile: refused, shown, nothing changed */
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
        tempest, b1, adult);

    json_node_unref (sell (uth_boxoffice, items, "[{\"method\": \"cash\", \"amount_cents\": 5000}]", friend_patron));
  }
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "Taken: Balcony row A seat 1"));
  /* the lists show what is free now: the taken seat is no longer chosen, the other choice stays */
  g_assert_false (_ts_seat_change_dialog_offers_seat (dialog, comp_item, b1));
  g_assert_null (_ts_seat_change_dialog_get_chosen_seat (dialog, comp_item));
  g_assert_cmpstr (_ts_seat_change_dialog_get_chosen_seat (dialog, moved_item), ==, a3);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "seat-change-dialog-refused.png");
  {
    g_autoptr(JsonNode) unchanged = get_order (uth_boxoffice, order_id);

    g_assert_cmpstr (json_object_get_string_member (server_item (unchanged, moved_item), "seat"), ==, a1);
    g_assert_true (ts_order_item_is_open_comp (server_item (unchanged, comp_item)));
  }

  /* the comp to another balcony seat, the same dialog */
  g_assert_true (_ts_seat_change_dialog_choose_seat (dialog, comp_item, b2));
  reload = (Reload) { window, load_count (window) };
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (order_reloaded, &reload, "the order after the seat change");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_SEAT_CHANGE_DIALOG));
  {
    g_autofree char *moved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Seats changed: %u ticket moved.",
                                                           "Seats changed: %u tickets moved.", 2), 2);

    g_assert_cmpstr (ts_test_ui_get_string (window, "message"), ==, moved);
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-seats-changed.png");

  /* through the API: one ticket moved within its zone, the comp seated in
   * another, the other ticket where it was; the claims follow */
  {
    g_autoptr(JsonNode) after = get_order (uth_boxoffice, order_id);
    JsonObject *seated = server_item (after, comp_item);

    g_assert_cmpstr (json_object_get_string_member (server_item (after, moved_item), "seat"), ==, a3);
    g_assert_cmpstr (json_object_get_string_member (server_item (after, moved_item), "price_zone"), ==, "Regular");
    g_assert_cmpstr (json_object_get_string_member (server_item (after, other_item), "seat"), ==, a2);
    g_assert_cmpstr (json_object_get_string_member (seated, "seat"), ==, b2);
    g_assert_cmpstr (json_object_get_string_member (seated, "seat_name"), ==, "Balcony row A seat 2");
    g_assert_cmpstr (json_object_get_string_member (seated, "price_zone"), ==, "Premium");
    g_assert_cmpint (json_object_get_int_member (seated, "price_cents"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (object_of (after), "total_cents"), ==, 7000);
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s'", tempest, a1), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT order_item_id FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND kind = 'sold'", tempest, a3), ==, moved_item);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT order_item_id FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND seat_guid = '%s' AND kind = 'sold'", tempest, b2), ==, comp_item);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'move' AND entity_id IN ('%"
                                      G_GINT64_FORMAT "', '%" G_GINT64_FORMAT "')", moved_item, comp_item), ==, 2);
  /* nothing is unseated any more: the window names the comp's seat */
  {
    g_autoptr(TsJsonItem) row = g_list_model_get_item (listed (window, "items"), 2);

    g_assert_cmpstr (ts_order_item_seat_name (ts_json_item_get_object (row)), ==, "Balcony row A seat 2");
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* general admission keeps its area: nothing to move, and the window says so */
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"quantity\": 1, \"ticket_type_id\": %"
        G_GINT64_FORMAT "}]", perf, adult);
    g_autoptr(JsonNode) standing = sell (uth_boxoffice, items, "[{\"method\": \"cash\", \"amount_cents\": 1500}]", patron);

    window = open_order (client, json_object_get_int_member (object_of (standing), "id"));
    g_assert_false (_ts_order_window_can_change_seats (window));
    g_assert_cmpstr (_ts_order_window_get_seats_tip (window), ==,
                     ts_test_ui_tr ("This order has no sold seat or open comp to move: general-admission tickets keep their area."));
    g_assert_true (_ts_order_window_can_refund (window));
    gtk_window_destroy (GTK_WINDOW (window));
  }
  ts_test_assert_ledgers (server);
}

/* S3 -------------------------------------------------------------------------------------- */

static gboolean
override_shown (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG) != NULL;
}

static gboolean
override_gone (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG) == NULL;
}

/* Another performance of Hamlet on the Black Box, on sale at UTH's box
 * office and at ATH (E2, E3), Adult offered to both at 35.00. */
static gint64
new_hamlet (void)
{
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
  gint64 id = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                 " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT
                                 ", %" G_GINT64_FORMAT ", now () + interval '20 days', 13, 13, now () - interval '1 day',"
                                 " now () - interval '1 day', true) RETURNING id", event, uth);

  g_free (ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                              ", %" G_GINT64_FORMAT ")", id, ath));
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, id));
  return id;
}

static JsonNode *
sell_seat (const char *token,
           gint64      performance,
           const char *guid)
{
  g_autofree char *items = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                            " \"ticket_type_id\": %" G_GINT64_FORMAT "}]", performance, guid, adult);

  return sell (token, items, "[{\"method\": \"cash\", \"amount_cents\": 3500}]", patron);
}

/* S3: an override is offered on the server's "override_needed" only, and
 * only to the owning outlet at Box Office level and up (or the Master
 * User): never to a selling outlet, nor to Walk-up Sales or Staff. */
static void
test_override_offered (void)
{
  g_autoptr(GError) needed = g_error_new_literal (TS_ERROR, TS_ERROR_OVERRIDE_NEEDED, "The box-office sales window has closed");
  g_autoptr(GError) conflict = g_error_new_literal (TS_ERROR, TS_ERROR_CONFLICT, "Taken: Stalls row A seat 1");
  const struct {
    const char *outlet;
    const char *login;
    gboolean    offered;           /* for UTH's performance */
  } people[] = {
    { "UTH", "boxoffice", TRUE }, { "UTH", "manager", TRUE }, { NULL, "master", TRUE },
    { "UTH", "walkup", FALSE }, { "UTH", "staff", FALSE }, { "ATH", "boxoffice", FALSE }, { "ATH", "manager", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, people[i].outlet, people[i].login);

      g_test_message ("%s at %s", people[i].login, people[i].outlet ? people[i].outlet : "-");
      g_assert_cmpint (ts_override_dialog_offered (client, needed, uth), ==, people[i].offered);
      g_assert_false (ts_override_dialog_offered (client, conflict, uth));
      g_assert_false (ts_override_dialog_offered (client, NULL, uth));
      /* UTH's agents are not offered an override of ATH's rules */
      if (g_strcmp0 (people[i].outlet, "UTH") == 0)
        g_assert_false (ts_override_dialog_offered (client, needed, ath));
    }
}

/* S3 in the Seat Change dialog: the owning outlet's agent moves a ticket of
 * a performance whose box-office window has closed.  Refused, with the
 * choice to override: cancelled, nothing moves; with a reason, the move is
 * done and the reason is in the audit log.  The selling outlet, whose own
 * window is open, moves its ticket with no override, and is never offered
 * one — not when the performance is past either, which it cannot sell. */
static void
test_seat_change_override (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) seller = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  gint64 late = new_hamlet ();
  g_autoptr(JsonNode) own = sell_seat (uth_boxoffice, late, seats[2]);
  g_autoptr(JsonNode) theirs = sell_seat (ath_boxoffice, late, seats[3]);
  gint64 own_id = json_object_get_int_member (object_of (own), "id");
  gint64 own_item = ts_test_item_at_seat (own, seats[2]);
  gint64 their_id = json_object_get_int_member (object_of (theirs), "id");
  gint64 their_item = ts_test_item_at_seat (theirs, seats[3]);
  TsOrderWindow *window;
  TsSeatChangeDialog *dialog;
  TsOverrideDialog *override;
  Reload reload;

  /* E2: UTH's box office stopped selling it at curtain, ATH's window is open */
  ts_test_owner_sqlf (server, "UPDATE performance SET box_office_off_sale = now () - interval '1 minute' WHERE id = %"
                      G_GINT64_FORMAT, late);
  window = open_order (client, own_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.change-seats", NULL));
  dialog = TS_SEAT_CHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_SEAT_CHANGE_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the free seats");
  g_assert_true (_ts_seat_change_dialog_choose_seat (dialog, own_item, seats[7]));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (override_shown, NULL, "the choice to override");
  override = TS_OVERRIDE_DIALOG (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  g_assert_nonnull (strstr (_ts_override_dialog_get_refusal (override), "has closed"));
  g_assert_nonnull (strstr (_ts_override_dialog_get_refusal (override), "an override is needed"));
  /* an override says why: nothing to press without a reason */
  g_assert_false (gtk_widget_get_sensitive (gtk_window_get_default_widget (GTK_WINDOW (override))));
  ts_test_ui_screenshot (GTK_WIDGET (override), "override-dialog.png");

  /* Escape: no override, nothing moved, the refusal stays in view */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (override), "window.close", NULL));
  ts_test_ui_wait_until (override_gone, NULL, "the choice closed");
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "has closed"));
  g_assert_cmpstr (_ts_seat_change_dialog_get_chosen_seat (dialog, own_item), ==, seats[7]);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "seat-change-dialog-override-cancelled.png");
  {
    g_autoptr(JsonNode) unchanged = get_order (uth_boxoffice, own_id);

    g_assert_cmpstr (json_object_get_string_member (server_item (unchanged, own_item), "seat"), ==, seats[2]);
  }

  /* again, and this time override, with a reason */
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (override_shown, NULL, "the choice to override again");
  override = TS_OVERRIDE_DIALOG (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  _ts_override_dialog_set_reason (override, "   ");
  g_assert_false (gtk_widget_get_sensitive (gtk_window_get_default_widget (GTK_WINDOW (override))));
  ts_test_ui_submit (override);                  /* Enter does nothing yet */
  g_assert_nonnull (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  _ts_override_dialog_set_reason (override, "Subscriber's usual seat");
  g_assert_true (gtk_widget_get_sensitive (gtk_window_get_default_widget (GTK_WINDOW (override))));
  ts_test_ui_screenshot (GTK_WIDGET (override), "override-dialog-reason.png");
  reload = (Reload) { window, load_count (window) };
  ts_test_ui_submit (override);
  ts_test_ui_wait_until (order_reloaded, &reload, "the order after the overridden move");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_SEAT_CHANGE_DIALOG));
  g_assert_null (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  {
    g_autoptr(JsonNode) moved = get_order (uth_boxoffice, own_id);

    g_assert_cmpstr (json_object_get_string_member (server_item (moved, own_item), "seat"), ==, seats[7]);
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'move' AND entity_id = '%"
                                      G_GINT64_FORMAT "' AND after -> 'override' ->> 'reason' = 'Subscriber''s usual seat'",
                                      own_item), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));

  /* the selling outlet: its window is open, it moves what it sold, never asked to override */
  window = open_order (seller, their_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.change-seats", NULL));
  dialog = TS_SEAT_CHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_SEAT_CHANGE_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the seller's free seats");
  g_assert_true (_ts_seat_change_dialog_choose_seat (dialog, their_item, seats[8]));
  reload = (Reload) { window, load_count (window) };
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (order_reloaded, &reload, "the seller's order after the move");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'move' AND entity_id = '%"
                                      G_GINT64_FORMAT "' AND after ? 'override'", their_item), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));

  /* past: the seller may not sell it (E4) and is told so, with no choice to override */
  ts_test_owner_sqlf (server, "UPDATE performance SET starts_at = now () - interval '3 days' WHERE id = %" G_GINT64_FORMAT, late);
  window = open_order (seller, their_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.change-seats", NULL));
  dialog = TS_SEAT_CHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_SEAT_CHANGE_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_settled, dialog, "the seller's refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "that you may sell"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "seat-change-dialog-seller-past.png");
  ts_test_ui_submit (dialog);
  ts_test_ui_pause (300);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  ts_test_assert_ledgers (server);
}

/* S3 in the Exchange dialog: the new tickets are for a performance whose
 * box-office window has closed; the owning outlet's agent overrides, with a
 * reason, and the exchange is done in one go. */
static void
test_exchange_override (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  gint64 late = new_hamlet ();
  g_autoptr(JsonNode) order = sell_seat (uth_boxoffice, perf, seats[9]);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  gint64 item = ts_test_item_at_seat (order, seats[9]);
  TsOrderWindow *window = open_order (client, order_id);
  NewOrder wanted = { order_id };
  TsExchangeDialog *dialog;
  TsOverrideDialog *override;
  gint64 new_id;

  ts_test_owner_sqlf (server, "UPDATE performance SET box_office_off_sale = now () - interval '1 minute' WHERE id = %"
                      G_GINT64_FORMAT, late);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.exchange", NULL));
  dialog = TS_EXCHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_EXCHANGE_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performances");
  g_assert_true (_ts_exchange_dialog_choose_item (dialog, item, TRUE));
  g_assert_true (_ts_exchange_dialog_choose_performance (dialog, late));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the closed performance");
  g_assert_true (_ts_exchange_dialog_choose_ticket_type (dialog, adult));
  g_assert_true (_ts_exchange_dialog_choose_seat (dialog, seats[6]));
  g_assert_cmpint (_ts_exchange_dialog_get_difference (dialog), ==, 0);
  g_assert_true (_ts_exchange_dialog_fill (dialog, NULL, "Another night"));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (override_shown, NULL, "the choice to override");
  override = TS_OVERRIDE_DIALOG (ts_test_ui_find_window (TS_TYPE_OVERRIDE_DIALOG));
  g_assert_nonnull (strstr (_ts_override_dialog_get_refusal (override), "has closed"));
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "has closed"));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT,
                                      order_id), ==, 0);
  _ts_override_dialog_set_reason (override, "Late change approved by the manager");
  ts_test_ui_screenshot (GTK_WIDGET (override), "override-dialog-exchange.png");
  ts_test_ui_submit (override);
  ts_test_ui_wait_until (new_order_window, &wanted, "the new order's window");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_EXCHANGE_DIALOG));

  new_id = ts_test_owner_int (server, "SELECT id FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT, order_id);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                      " AND performance_id = %" G_GINT64_FORMAT " AND seat_guid = '%s' AND overridden",
                                      new_id, late, seats[6]), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'sell' AND entity_id = '%"
                                      G_GINT64_FORMAT "' AND after -> 'override' ->> 'reason' ="
                                      " 'Late change approved by the manager'", new_id), ==, 1);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i - 1);

        if (TS_IS_ORDER_WINDOW (w))
          gtk_window_destroy (GTK_WINDOW (w));
      }
  }
  ts_test_assert_ledgers (server);
}

static JsonNode *
sell (const char *token,
      const char *items,
      const char *payments,
      gint64      recipient)
{
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"client-orders-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"recipient_id\": %" G_GINT64_FORMAT ", \"items\": %s, \"payments\": %s}",
                                           ++key_counter, patron, recipient, items, payments);

  return ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
}

/* A refund defaults to how the order was paid: the card ATH took, not the
 * first method of the list; of several payments the one that covers the
 * refund, again after part was paid back by it; a method the person picked
 * stays picked; S4 still limits the owning outlet refunding ATH's sale. */
static void
test_refund_default_method (void)
{
  g_autoptr(TsApiClient) uth_client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) ath_client = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  gint64 show = new_hamlet ();
  g_autofree char *two = g_strdup_printf (
      "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
      show, seats[0], adult, show, seats[1], adult);
  g_autofree char *one = g_strdup_printf (
      "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
      show, seats[2], adult);
  g_autoptr(JsonNode) mixed = sell (uth_boxoffice, two, "[{\"method\": \"card\", \"amount_cents\": 3000},"
                                    " {\"method\": \"cash\", \"amount_cents\": 4000}]", patron);
  g_autoptr(JsonNode) by_card = sell (ath_boxoffice, one, "[{\"method\": \"card\", \"amount_cents\": 3500}]", patron);
  gint64 first = ts_test_item_at_seat (mixed, seats[0]);
  gint64 second = ts_test_item_at_seat (mixed, seats[1]);
  TsOrderWindow *window;
  TsRefundDialog *dialog;
  Reload reload;

  /* ATH's card sale, refunded by ATH: card */
  window = open_order (ath_client, json_object_get_int_member (object_of (by_card), "id"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.refund", NULL));
  dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_cmpstr (_ts_refund_dialog_get_method (dialog), ==, "card");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "refund-dialog-paid-by-card.png");
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  /* S4: UTH, the owner, sees none of ATH's payments (P5) and may pay back
   * only in real money */
  window = open_order (uth_client, json_object_get_int_member (object_of (by_card), "id"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.refund", NULL));
  dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_cmpuint (g_strv_length ((char **) _ts_refund_dialog_get_methods (dialog)), ==, 3);
  g_assert_true (strv_has (_ts_refund_dialog_get_methods (dialog), _ts_refund_dialog_get_method (dialog)));
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  /* card 30.00 and cash 40.00: a 35.00 ticket goes back in cash, which covers it */
  window = open_order (uth_client, json_object_get_int_member (object_of (mixed), "id"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.refund", NULL));
  dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_true (_ts_refund_dialog_choose_item (dialog, first, TRUE));
  g_assert_cmpstr (_ts_refund_dialog_get_method (dialog), ==, "cash");
  /* a method the person picks stays picked while tickets are ticked */
  g_assert_true (_ts_refund_dialog_fill (dialog, "cheque", "Cannot come"));
  g_assert_true (_ts_refund_dialog_choose_item (dialog, second, TRUE));
  g_assert_true (_ts_refund_dialog_choose_item (dialog, second, FALSE));
  g_assert_cmpstr (_ts_refund_dialog_get_method (dialog), ==, "cheque");
  g_assert_true (_ts_refund_dialog_fill (dialog, "cash", "Cannot come"));
  reload = (Reload) { window, load_count (window) };
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (order_reloaded, &reload, "the order after the refund");

  /* cash has 5.00 left, card 30.00: the next goes back on the card */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.refund", NULL));
  dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_true (_ts_refund_dialog_choose_item (dialog, second, TRUE));
  g_assert_cmpstr (_ts_refund_dialog_get_method (dialog), ==, "card");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "refund-dialog-second-payment.png");
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static TsOrderWindow *
order_window_showing (gint64 id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TS_IS_ORDER_WINDOW (window) && order_id_of (TS_ORDER_WINDOW (window)) == id
          && load_count (TS_ORDER_WINDOW (window)) > 0)
        return TS_ORDER_WINDOW (window);
    }
  return NULL;
}

static gboolean
uth_order_showing (gpointer data)
{
  return order_window_showing (uth_order) != NULL;
}

/* What "Open Order…" says for a number, with the number taken out. */
static char *
open_order_answer (TsOpenOrderDialog *dialog,
                   const char        *number)
{
  g_autofree char *said = NULL;
  g_auto(GStrv) parts = NULL;

  _ts_open_order_dialog_type (dialog, number);
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, number);
  said = g_strdup (ts_dialog_get_message (TS_DIALOG (dialog)));
  g_assert_nonnull (strstr (said, number));
  parts = g_strsplit (said, number, -1);
  return g_strjoinv ("#", parts);
}

/* An order opens by its number from any window of the session: the
 * application's "app.open-order" (Ctrl+Shift+O, in the menu), reachable in
 * an order window too.  Another outlet's order and an unknown number answer
 * alike (P5, P7), a typo is said, and the right number opens the window. */
static void
test_open_by_number (void)
{
  g_autoptr(TsApiClient) ath_client = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  g_autoptr(TsApiClient) uth_client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApplication) app = ts_application_new ();
  g_autofree char *own_number = g_strdup_printf ("%" G_GINT64_FORMAT, uth_order);
  g_auto(GStrv) accels = NULL;
  TsMainWindow *main_window;
  TsOrderWindow *order;
  TsOpenOrderDialog *dialog;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_set_default (G_APPLICATION (app));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.open-order");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Shift><Control>o")
                 || g_strv_contains ((const char * const *) accels, "<Control><Shift>o"));

  /* ATH: UTH's own order is no order at all, exactly as one never made */
  main_window = ts_main_window_new (GTK_APPLICATION (app), ath_client);
  gtk_window_present (GTK_WINDOW (main_window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-order", NULL);
  dialog = TS_OPEN_ORDER_DIALOG (ts_test_ui_find_window (TS_TYPE_OPEN_ORDER_DIALOG));
  g_assert_nonnull (dialog);
  {
    g_autofree char *theirs = open_order_answer (dialog, own_number);
    g_autofree char *unknown = open_order_answer (dialog, "987654");
    g_autofree char *huge = open_order_answer (dialog, "98765432109876");

    g_assert_cmpstr (theirs, ==, unknown);
    g_assert_cmpstr (theirs, ==, huge);
    g_assert_null (strstr (theirs, "P5"));      /* no rule numbers on screen */
    ts_test_ui_screenshot (GTK_WIDGET (dialog), "open-order-no-such-order.png");
  }
  _ts_open_order_dialog_type (dialog, "12a");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the typo");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "12a"));
  g_assert_null (order_window_showing (uth_order));
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (main_window));

  /* UTH: from an order window (ATH's sale of its ticket), its own order */
  main_window = ts_main_window_new (GTK_APPLICATION (app), uth_client);
  gtk_window_present (GTK_WINDOW (main_window));
  order = open_order (uth_client, ath_order);
  g_assert_true (gtk_window_get_application (GTK_WINDOW (order)) == GTK_APPLICATION (app));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (order), "app.open-order", NULL));
  dialog = TS_OPEN_ORDER_DIALOG (ts_test_ui_find_window (TS_TYPE_OPEN_ORDER_DIALOG));
  g_assert_nonnull (dialog);
  _ts_open_order_dialog_type (dialog, own_number);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "open-order.png");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (uth_order_showing, NULL, "the order opened by its number");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_OPEN_ORDER_DIALOG));
  gtk_window_destroy (GTK_WINDOW (order_window_showing (uth_order)));
  gtk_window_destroy (GTK_WINDOW (order));
  gtk_window_destroy (GTK_WINDOW (main_window));
  g_application_set_default (NULL);
}

typedef struct
{
  TsReportsPage *page;
  gint64         employee_id;
  gint64         refunds;
} TillRow;

/* The refunds the till tab shows for an employee, -1 when it lists none. */
static gint64
till_refunds (TsReportsPage *page,
              gint64         employee_id)
{
  GListModel *rows = reports_list (page, "till", "till");

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(TsJsonItem) row = g_list_model_get_item (rows, i);
      JsonObject *object = ts_json_item_get_object (row);

      if (json_object_get_int_member_with_default (object, "employee_id", 0) == employee_id)
        return json_object_get_int_member_with_default (object, "refunds_cents", 0);
    }
  return -1;
}

static gboolean
till_shows_refunds (gpointer data)
{
  TillRow *row = data;

  return till_refunds (row->page, row->employee_id) == row->refunds;
}

/* Refunds the order's first sold ticket from its window, in cash. */
static void
refund_first_ticket (TsApiClient *client,
                     JsonNode    *order)
{
  TsOrderWindow *window = open_order (client, json_object_get_int_member (object_of (order), "id"));
  JsonArray *items = json_object_get_array_member (object_of (order), "items");
  TsRefundDialog *dialog;
  Reload reload = { window, load_count (window) };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.refund", NULL));
  dialog = TS_REFUND_DIALOG (ts_test_ui_find_window (TS_TYPE_REFUND_DIALOG));
  g_assert_true (_ts_refund_dialog_choose_item (dialog, json_object_get_int_member (json_array_get_object_element (items, 0),
                                                                                    "id"), TRUE));
  g_assert_true (_ts_refund_dialog_fill (dialog, "cash", "Cannot come"));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (order_reloaded, &reload, "the order after the refund");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The till never needs "Show": a refund made from this workstation shows in
 * it at once while it is on screen, and when it is next shown otherwise. */
static void
test_till_refreshes (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  gint64 show = new_hamlet ();
  g_autoptr(JsonNode) first = sell_seat (uth_boxoffice, show, seats[3]);
  g_autoptr(JsonNode) second = sell_seat (uth_boxoffice, show, seats[4]);
  GtkWindow *window;
  TsReportsPage *page = open_reports (client, &window);
  TillRow row = { page, ts_api_client_get_employee_id (client), 0 };

  /* the till, chosen in the list of reports */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", "till"));
  ts_test_ui_wait_property (page, "busy", FALSE);
  row.refunds = till_refunds (page, row.employee_id);
  g_assert_cmpint (row.refunds, >=, 0);

  refund_first_ticket (client, first);
  row.refunds += 3500;
  ts_test_ui_wait_until (till_shows_refunds, &row, "the till after a refund");

  /* hidden behind another report, it loads again when shown */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", "sales"));
  ts_test_ui_wait_property (page, "busy", FALSE);
  refund_first_ticket (client, second);
  row.refunds += 3500;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", "till"));
  ts_test_ui_wait_until (till_shows_refunds, &row, "the till shown again");
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-till-refreshed.png");
  close_reports (window, page);
}

typedef struct
{
  TsPatronTab *tab;
  const char  *row;              /* the start of the row's text */
  const char  *needle;
} TabText;

/* Whether the tab's row that starts so says needle. */
static gboolean
tab_says (gpointer data)
{
  TabText *text = data;

  for (guint i = 0; i < _ts_patron_tab_get_n_rows (text->tab); i++)
    {
      g_autofree char *row = _ts_patron_tab_get_row_text (text->tab, i);

      if (row != NULL && g_str_has_prefix (row, text->row) && strstr (row, text->needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A patron's Orders tab, open behind the order window, follows a refund made
 * there: the order's row counts one ticket fewer without any reload. */
static void
test_patron_orders_refresh (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  gint64 show = new_hamlet ();
  g_autofree char *two = g_strdup_printf (
      "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
      show, seats[5], adult, show, seats[6], adult);
  g_autoptr(JsonNode) order = sell (uth_boxoffice, two, "[{\"method\": \"cash\", \"amount_cents\": 7000}]", patron);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object_of (order), "id"));
  g_auto(GStrv) order_heading = g_strsplit (ts_test_ui_tr ("Order %s — %s"), "%s", -1);
  g_autofree char *heading = g_strconcat (order_heading[0], id, order_heading[1], NULL);   /* "Order N — " */
  /* " · 2 tickets · ", " · 1 ticket · ": the row's detail without its date and total */
  g_autofree char *two_said = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d ticket · %s", "%s · %d tickets · %s", 2),
                                               "", 2, "");
  g_autofree char *one_said = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d ticket · %s", "%s · %d tickets · %s", 1),
                                               "", 1, "");
  TsPatronWindow *window = ts_patron_window_new (NULL, client, patron);
  TsPatronTab *tab = _ts_patron_window_get_tab (window, "orders");
  TabText two_tickets, one_ticket;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "patron.show-tab", "s", "orders"));
  two_tickets = (TabText) { tab, heading, two_said };
  one_ticket = (TabText) { tab, heading, one_said };
  ts_test_ui_wait_until (tab_says, &two_tickets, "the patron's orders");
  g_assert_false (tab_says (&one_ticket));

  refund_first_ticket (client, order);
  ts_test_ui_wait_until (tab_says, &one_ticket, "the patron's orders after the refund");
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-orders-after-refund.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether a label under root says text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shows;

static gboolean
window_shows (gpointer data)
{
  Shows *shows = data;

  return shows_label (shows->root, shows->text);
}

/* A performance's time as an outlet in zone reads it, in the order window's
 * long form (the reader's language's), without the day of the week. */
static char *
time_in (const char *iso8601,
         const char *zone_name)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (when, zone);
  const char *format = ts_test_ui_tr ("%a %-d %b %Y, %H:%M");

  return ts_format_with_pattern (there, g_str_has_prefix (format, "%a ") ? format + 3 : format);
}

/* Times are the outlet's, not the workstation's: on a computer in Tokyo, a
 * Toronto box office reads its performance and its order in Toronto time. */
static void
test_outlet_time_zone (void)
{
  g_autofree char *saved_tz = g_strdup (g_getenv ("TZ"));
  g_autoptr(TsApiClient) client = NULL;
  g_autoptr(JsonNode) order = get_order (uth_boxoffice, uth_order);
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (object_of (order), "items"), 0);
  const char *starts = json_object_get_string_member (item, "starts_at");
  g_autofree char *toronto = time_in (starts, "America/Toronto");
  g_autofree char *tokyo = time_in (starts, "Asia/Tokyo");
  g_autofree char *sold_toronto = time_in (json_object_get_string_member (object_of (order), "created_at"),
                                           "America/Toronto");
  TsOrderWindow *window;
  Shows shows;

  g_autofree char *zone = ts_test_owner_sqlf (server, "SELECT time_zone FROM outlet WHERE id = %" G_GINT64_FORMAT, uth);
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  window = open_order (client, uth_order);
  shows = (Shows) { GTK_WIDGET (window), toronto };
  ts_test_ui_wait_until (window_shows, &shows, toronto);
  g_assert_false (shows_label (GTK_WIDGET (window), tokyo));
  g_assert_true (shows_label (GTK_WIDGET (window), sold_toronto));
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-in-tokyo.png");
  gtk_window_destroy (GTK_WINDOW (window));
  if (saved_tz != NULL)
    g_setenv ("TZ", saved_tz, TRUE);
  else
    g_unsetenv ("TZ");
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_saved (TsDialog   *dialog,
          JsonObject *answer,
          gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* C7: an administrator who saves another time zone for their own outlet in
 * Outlet Preferences reads the order already open in it at once, without
 * signing out. */
static void
test_time_zone_saved (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "admin");
  g_autoptr(JsonNode) order = get_order (uth_boxoffice, uth_order);
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (object_of (order), "items"), 0);
  const char *starts = json_object_get_string_member (item, "starts_at");
  g_autofree char *toronto = time_in (starts, "America/Toronto");
  g_autofree char *vancouver = time_in (starts, "America/Vancouver");
  TsOrderWindow *window = open_order (admin, uth_order);
  TsOutletPreferencesDialog *preferences;
  gboolean saved = FALSE;
  Shows shows = { GTK_WIDGET (window), toronto };

  ts_test_ui_wait_until (window_shows, &shows, toronto);
  preferences = ts_outlet_preferences_dialog_new (GTK_WINDOW (window), admin, uth);
  g_signal_connect (preferences, "saved", G_CALLBACK (on_saved), &saved);
  gtk_window_present (GTK_WINDOW (preferences));
  ts_test_ui_wait_property (preferences, "ready", TRUE);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, preferences, "the outlet preferences");
  _ts_outlet_preferences_dialog_show_page (preferences, "time-zone");
  _ts_outlet_preferences_dialog_search_time_zone (preferences, "vancouver");
  g_assert_cmpuint (_ts_outlet_preferences_dialog_pick_time_zone (preferences, 0), ==, 1);
  ts_test_ui_submit (preferences);
  ts_test_ui_wait_until (flag_set, &saved, "the preferences saved");

  shows.text = vancouver;
  ts_test_ui_wait_until (window_shows, &shows, vancouver);
  g_assert_false (shows_label (GTK_WIDGET (window), toronto));
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-in-vancouver.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET time_zone = 'America/Toronto' WHERE id = %" G_GINT64_FORMAT, uth));
}

static gboolean
will_call_idle (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "loading");
}

static guint
handed_over (TsWillCallWindow *window)
{
  guint count = 0;

  g_object_get (window, "handed-over", &count, NULL);
  return count;
}

static gboolean
one_handed_over (gpointer data)
{
  return will_call_idle (data) && handed_over (data) == 1;
}

static gboolean
order_window_open (gpointer data)
{
  return order_window_showing (*(gint64 *) data) != NULL;
}

/* Will call (C4 Walk-up): the agent hands an order's tickets over, the list
 * says so (and by whom), a selling outlet sees only its own sale there, and
 * activating an order opens it. */
static void
test_will_call (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "walkup");
  g_autoptr(TsApiClient) seller = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  gint64 show = new_hamlet ();
  g_autoptr(JsonNode) own = sell_seat (uth_boxoffice, show, seats[7]);
  g_autoptr(JsonNode) theirs = sell_seat (ath_boxoffice, show, seats[8]);
  gint64 own_id = json_object_get_int_member (object_of (own), "id");
  TsWillCallWindow *window = ts_will_call_window_new (NULL, client, show, "Hamlet");
  TsWillCallWindow *elsewhere;
  guint count = 0;
  Shows shows;

  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_until (will_call_idle, window, "the will call");
  g_object_get (window, "count", &count, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (handed_over (window), ==, 0);
  g_assert_false (shows_label (GTK_WIDGET (window), ts_api_client_get_display_name (client)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "will-call.hand-over", "x", own_id));
  ts_test_ui_wait_until (one_handed_over, window, "the ticket handed over");
  /* and by whom */
  shows = (Shows) { GTK_WIDGET (window), ts_api_client_get_display_name (client) };
  ts_test_ui_wait_until (window_shows, &shows, "the list saying it");
  {
    g_autofree char *at = ts_test_owner_sqlf (server, "SELECT handed_over_at FROM order_item WHERE order_id = %"
                                              G_GINT64_FORMAT, own_id);

    g_assert_nonnull (at);
    g_assert_cmpstr (at, !=, "");
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "will-call-handed-over.png");

  /* ATH sees its own sale only, still waiting */
  elsewhere = ts_will_call_window_new (NULL, seller, show, "Hamlet");
  gtk_window_present (GTK_WINDOW (elsewhere));
  ts_test_ui_wait_until (will_call_idle, elsewhere, "ATH's will call");
  g_object_get (elsewhere, "count", &count, NULL);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (handed_over (elsewhere), ==, 0);
  gtk_window_destroy (GTK_WINDOW (elsewhere));

  /* an order opens from its row */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "will-call.open-order", "x", own_id));
  ts_test_ui_wait_until (order_window_open, &own_id, "the order from will call");
  gtk_window_destroy (GTK_WINDOW (order_window_showing (own_id)));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

typedef struct
{
  TsWillCallWindow *window;
  guint             count;
} WillCallCount;

static gboolean
will_call_counts (gpointer data)
{
  WillCallCount *wanted = data;
  guint count = 0;

  g_object_get (wanted->window, "count", &count, NULL);
  return will_call_idle (wanted->window) && count == wanted->count;
}

static void
note_subscribed (TsLiveClient *live,
                 gint64        performance_id,
                 gboolean     *subscribed)
{
  *subscribed = TRUE;
}

/* The will call never needs "Reload": a refund made in this client's order
 * window takes the order off the list at once, and a sale made at another
 * workstation (the live feed says the performance's seats changed) puts
 * it on. */
static void
test_will_call_follows (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsLiveClient) live = ts_live_client_new (client);
  gint64 show = new_hamlet ();
  g_autoptr(JsonNode) first = sell_seat (uth_boxoffice, show, seats[2]);
  g_autoptr(JsonNode) second = sell_seat (uth_boxoffice, show, seats[3]);
  g_autoptr(JsonNode) later = NULL;
  TsWillCallWindow *window = ts_will_call_window_new (NULL, client, show, "Hamlet");
  WillCallCount wanted = { window, 2 };
  gboolean subscribed = FALSE;

  g_signal_connect (live, "subscribed", G_CALLBACK (note_subscribed), &subscribed);
  ts_live_client_subscribe (live, show);
  ts_will_call_window_follow_live (window, live);
  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_until (will_call_counts, &wanted, "the will call");

  /* refunded from the order window of this client: off the list */
  refund_first_ticket (client, first);
  wanted.count = 1;
  ts_test_ui_wait_until (will_call_counts, &wanted, "the will call after a refund");

  /* sold at another workstation: on the list */
  ts_test_ui_wait_until (flag_set, &subscribed, "the live feed");
  later = sell_seat (uth_boxoffice, show, seats[4]);
  wanted.count = 2;
  ts_test_ui_wait_until (will_call_counts, &wanted, "the will call after a sale elsewhere");
  ts_test_ui_screenshot (GTK_WIDGET (window), "will-call-followed.png");
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  ts_live_client_close (live);
}

/* C7: what an exchange leaves to pay goes through the outlet's tills, so
 * only the methods they take are offered; what is paid back is not
 * limited so (the server checks the same). */
static void
test_exchange_outlet_methods (void)
{
  gint64 show = new_hamlet ();
  g_autofree char *items = NULL;
  g_autoptr(JsonNode) order = NULL;
  g_autoptr(TsApiClient) client = NULL;
  TsOrderWindow *window;
  TsExchangeDialog *dialog;
  const char * const *methods;

  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, student, show));
  items = g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %"
                           G_GINT64_FORMAT "}]", show, seats[0], student);
  order = sell (uth_boxoffice, items, "[{\"method\": \"cash\", \"amount_cents\": 2000}]", patron);
  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET payment_methods = '{cash,card}' WHERE id = %" G_GINT64_FORMAT, uth));
  client = ts_test_ui_sign_in (server, "UTH", "boxoffice");

  window = open_order (client, json_object_get_int_member (object_of (order), "id"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.exchange", NULL));
  dialog = TS_EXCHANGE_DIALOG (ts_test_ui_find_window (TS_TYPE_EXCHANGE_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performances, offer and map");
  g_assert_true (_ts_exchange_dialog_choose_item (dialog, ts_test_item_at_seat (order, seats[0]), TRUE));
  g_assert_true (_ts_exchange_dialog_choose_performance (dialog, show));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performance");
  g_assert_true (_ts_exchange_dialog_choose_ticket_type (dialog, adult));
  g_assert_true (_ts_exchange_dialog_choose_seat (dialog, seats[1]));
  g_assert_cmpint (_ts_exchange_dialog_get_difference (dialog), ==, 3500 - 2000);
  methods = _ts_exchange_dialog_get_methods (dialog);
  g_assert_cmpuint (g_strv_length ((char **) methods), ==, 2);
  g_assert_cmpstr (methods[0], ==, "cash");
  g_assert_cmpstr (methods[1], ==, "card");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "exchange-dialog-outlet-methods.png");
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET payment_methods = DEFAULT WHERE id = %" G_GINT64_FORMAT, uth));
}

static gboolean
patrons_listed (gpointer data)
{
  guint found = 0;

  g_object_get (data, "found", &found, NULL);
  return found > 0;
}

/* S8: a walk-up sale made without a patron record says so as its purchaser
 * (not a blank), and the agent names the patron afterwards from the order
 * window, found with the patron search. */
static void
test_walk_up_patron (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  gint64 event = ts_test_owner_int (server, "SELECT event_id FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
  gint64 today = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                    " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                    " least (now () + interval '20 minutes', ((now () AT TIME ZONE 'America/Toronto')::date + 1)::timestamp"
                                    " AT TIME ZONE 'America/Toronto' - interval '1 minute'), 13, 13, now () - interval '1 day') RETURNING id",
                                    event, uth);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) sold = NULL;
  g_autoptr(JsonNode) after = NULL;
  gint64 order_id;
  TsOrderWindow *window;
  TsOrderPatronDialog *dialog;
  Reload reload;

  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, today));
  body = g_strdup_printf ("{\"idempotency_key\": \"client-orders-walk-up-%05u\", \"walk_up\": true,"
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                          ++key_counter, today, seats[0], adult);
  sold = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  order_id = json_object_get_int_member (object_of (sold), "id");
  g_assert_true (json_object_get_boolean_member (object_of (sold), "walk_up_no_patron"));

  window = open_order (client, order_id);
  g_assert_cmpstr (_ts_order_window_get_purchaser (window), ==, _("Walk-up (no patron)"));
  g_assert_true (_ts_order_window_offers_name_patron (window));
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-walk-up.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.name-patron", NULL));
  dialog = TS_ORDER_PATRON_DIALOG (ts_test_ui_find_window (TS_TYPE_ORDER_PATRON_DIALOG));
  g_assert_nonnull (dialog);
  /* nobody chosen yet: Name says what is missing and sends nothing */
  ts_test_ui_submit (dialog);
  g_assert_true (ts_test_ui_dialog_says (dialog));
  _ts_order_patron_dialog_search (dialog, "Lovelace");
  ts_test_ui_wait_until (patrons_listed, dialog, "the patrons found");
  g_assert_true (_ts_order_patron_dialog_choose (dialog, 0));
  g_assert_cmpint (_ts_order_patron_dialog_get_patron_id (dialog), ==, patron);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "order-patron-dialog.png");
  reload = (Reload) { window, load_count (window) };
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (order_reloaded, &reload, "the order with its patron");

  g_assert_cmpstr (_ts_order_window_get_purchaser (window), ==, "Ada Lovelace");
  g_assert_false (_ts_order_window_offers_name_patron (window));
  after = get_order (uth_boxoffice, order_id);
  g_assert_cmpint (json_object_get_int_member (object_of (after), "purchaser_id"), ==, patron);
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-patron-named.png");
  gtk_window_destroy (GTK_WINDOW (window));
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
  gint64 event, commission, r;

  map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", now () + interval '10 days', 13, 13, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                              ", %" G_GINT64_FORMAT ")", perf, ath));
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  student = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                               " VALUES (%" G_GINT64_FORMAT ", 'Student', 2000, 'S') RETURNING id", uth);
  r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, perf);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                              G_GINT64_FORMAT ", 'Standing', 1500)", r));
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, student, perf));
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                              G_GINT64_FORMAT ") RETURNING id", uth);
  friend_patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                     " VALUES ('Grace', 'Hopper', %" G_GINT64_FORMAT ") RETURNING id", uth);

  /* UTH sells its own two tickets as a gift; ATH sells one of UTH's (E3, T5) */
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
        perf, seats[0], adult, perf, seats[1], student);
    g_autoptr(JsonNode) order = sell (uth_boxoffice, items, "[{\"method\": \"cash\", \"amount_cents\": 5500}]", friend_patron);

    uth_order = json_object_get_int_member (object_of (order), "id");
  }
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
        perf, seats[5], adult);
    g_autoptr(JsonNode) order = sell (ath_boxoffice, items,
                                      "[{\"method\": \"card\", \"amount_cents\": 3500, \"reference\": \"VISA 1234\"}]",
                                      patron);

    ath_order = json_object_get_int_member (object_of (order), "id");
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
  ath = ts_test_outlet_id (server, "ATH");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  set_up_season ();

  /* In this order: each test builds on the ones before. */
  g_test_add_func ("/client/orders/window", test_order_window);
  g_test_add_func ("/client/orders/refund", test_refund);
  g_test_add_func ("/client/orders/exchange", test_exchange);
  g_test_add_func ("/client/orders/reports", test_reports);
  g_test_add_func ("/client/orders/reports-levels", test_reports_levels);
  g_test_add_func ("/client/orders/seat-change", test_seat_change);
  g_test_add_func ("/client/orders/override-offered", test_override_offered);
  g_test_add_func ("/client/orders/seat-change-override", test_seat_change_override);
  g_test_add_func ("/client/orders/exchange-override", test_exchange_override);
  g_test_add_func ("/client/orders/refund-default-method", test_refund_default_method);
  g_test_add_func ("/client/orders/open-by-number", test_open_by_number);
  g_test_add_func ("/client/orders/till-refreshes", test_till_refreshes);
  g_test_add_func ("/client/orders/patron-orders-refresh", test_patron_orders_refresh);
  g_test_add_func ("/client/orders/outlet-time-zone", test_outlet_time_zone);
  g_test_add_func ("/client/orders/time-zone-saved", test_time_zone_saved);
  g_test_add_func ("/client/orders/will-call", test_will_call);
  g_test_add_func ("/client/orders/will-call-follows", test_will_call_follows);
  g_test_add_func ("/client/orders/walk-up-patron", test_walk_up_patron);
  g_test_add_func ("/client/orders/exchange-outlet-methods", test_exchange_outlet_methods);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_boxoffice);
  g_free (ath_boxoffice);
  g_free (uth_manager);
  g_free (ath_manager);
  ts_test_server_free (server);
  return status;
}
