/* test-client-partners.c — partner companies in the client, against a real
 * server, under X (K1–K4): a Box Office Manager adds a partner in season
 * setup and gives it to an event; the box office sells that event to a
 * patron by keyboard, is asked the partner's question at checkout (Cancel
 * sells nothing; Yes is recorded with the sale) and finds the answer on the
 * patron's Partners tab; a sale with nothing to ask shows no question; the
 * Partners tab lists a partner the patron never booked for only when asked
 * to (K4), and saves an answer given there; a partner an event uses is not
 * deleted, one no event uses is; the Master User sets up the partners of the
 * outlet he chose, and below the Box Office Manager there is no tab (C4). */
#include <string.h>

#include <gtk/gtk.h>

#include "ts-checkout-private.h"
#include "ts-event-dialog.h"
#include "ts-json-item.h"
#include "ts-partner-company-dialog.h"
#include "ts-partner-questions-dialog-private.h"
#include "ts-patron-partners-tab-private.h"
#include "ts-patron-tab-private.h"
#include "ts-patron-window-private.h"
#include "ts-sales-page-private.h"
#include "ts-season-common.h"
#include "ts-season-page-private.h"
#include "ts-seat-map-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"

static TsTestServer *server;
static gint64 uth, partner_event, partner_perf, plain_perf, other_event, other_perf, spare_event, spare_perf, adult;
static gint64 ada, grace;
static char *seats[8];

#define CHILD(widget, type, name) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name)

/* Windows --------------------------------------------------------------------------------- */

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
window_shown (gpointer data)
{
  return find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
window_gone (gpointer data)
{
  return find_window (GPOINTER_TO_SIZE (data)) == NULL;
}

static GtkWindow *
wait_for_window (GType type)
{
  ts_test_ui_wait_until (window_shown, GSIZE_TO_POINTER (type), g_type_name (type));
  return find_window (type);
}

static void
wait_closed (GType type)
{
  ts_test_ui_wait_until (window_gone, GSIZE_TO_POINTER (type), g_type_name (type));
}

/* The first descendant of root that is a check button reading text (data:
 * it translates to itself). */
static GtkWidget *
find_check (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_CHECK_BUTTON (root) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_check (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
key (guint           keyval,
     GdkModifierType modifiers)
{
  ts_test_input_key_with (keyval, modifiers);
  ts_test_ui_pause (50);
}

/* The key of a label's mnemonic, in the language the test runs in. */
static guint
mnemonic_key (const char *msgid)
{
  const char *underline = strchr (ts_test_ui_tr (msgid), '_');

  g_assert_nonnull (underline);
  return gdk_unicode_to_keyval (g_unichar_tolower (g_utf8_get_char (underline + 1)));
}

/* Season setup ---------------------------------------------------------------------------- */

static GListModel *
tab_list (TsSeasonPage *page,
          const char   *tab,
          const char   *property)
{
  g_autoptr(GListModel) list = NULL;

  g_object_get (_ts_season_page_get_tab (page, tab), property, &list, NULL);
  return list;      /* the tab keeps it */
}

static gboolean
choose (GListModel *list,
        gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (list, i);

      if (ts_json_item_get_id (item) == id)
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (list), i);
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  GListModel *list;
  guint       count;
} Count;

static gboolean
has_count (gpointer data)
{
  Count *wanted = data;

  return g_list_model_get_n_items (wanted->list) == wanted->count;
}

/* A Box Office Manager adds "Maple Touring" in Partner Companies and gives
 * it to the event in the event dialog; answers the partner's id. */
static gint64
set_up_partner_in_season (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  TsSeasonPage *page = ts_season_page_new (client);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GListModel *partners;
  TsPartnerCompanyDialog *dialog;
  TsEventDialog *event_dialog;
  GtkWidget *check;
  Count one;
  gint64 partner_id;

  gtk_window_set_default_size (window, 1024, 700);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_property (page, "busy", FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.show-tab", "s", "partners"));
  partners = tab_list (page, "partners", "partner-companies");
  g_assert_cmpuint (g_list_model_get_n_items (partners), ==, 0);

  /* New Partner…: the name is the only field required */
  g_assert_true (gtk_widget_activate_action (_ts_season_page_get_tab (page, "partners"), "season.new-partner", NULL));
  dialog = TS_PARTNER_COMPANY_DIALOG (wait_for_window (TS_TYPE_PARTNER_COMPANY_DIALOG));
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the name refused");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, ts_test_ui_tr ("Name: a partner company needs a name."));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PARTNER_COMPANY_DIALOG, "name_entry")), "Maple Touring");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (CHILD (dialog, TS_TYPE_PARTNER_COMPANY_DIALOG,
                                                                            "description_view"))),
                            "Maple Touring brings chamber music to small towns.", -1);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "partners-dialog.png");
  ts_test_ui_submit (dialog);
  wait_closed (TS_TYPE_PARTNER_COMPANY_DIALOG);
  one = (Count) { partners, 1 };
  ts_test_ui_wait_until (has_count, &one, "the partner listed");
  ts_test_ui_wait_property (page, "busy", FALSE);
  {
    g_autoptr(TsJsonItem) item = g_list_model_get_item (partners, 0);

    partner_id = ts_json_item_get_id (item);
  }
  {
    g_autofree char *saved = ts_test_owner_sqlf (server, "SELECT name || ' ' || collect_preferences"
                                                 " FROM partner_company WHERE id = %" G_GINT64_FORMAT, partner_id);

    g_assert_cmpstr (saved, ==, "Maple Touring true");
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "partners-tab.png");

  /* the event dialog: a check per partner of the outlet (K1) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.show-tab", "s", "events"));
  g_assert_true (choose (tab_list (page, "events", "events"), partner_event));
  g_assert_true (gtk_widget_activate_action (_ts_season_page_get_tab (page, "events"), "season.edit-event", NULL));
  event_dialog = TS_EVENT_DIALOG (wait_for_window (TS_TYPE_EVENT_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, event_dialog, "the event dialog's lists");
  check = find_check (GTK_WIDGET (event_dialog), "Maple Touring");
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  ts_test_ui_screenshot (GTK_WIDGET (event_dialog), "partners-event-dialog.png");
  ts_test_ui_submit (event_dialog);
  wait_closed (TS_TYPE_EVENT_DIALOG);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM event_partner_company WHERE event_id = %" G_GINT64_FORMAT
                                      " AND partner_company_id = %" G_GINT64_FORMAT, partner_event, partner_id), ==, 1);
  ts_test_ui_wait_property (page, "busy", FALSE);

  /* edited again, the event shows its partner ticked */
  g_assert_true (choose (tab_list (page, "events", "events"), partner_event));
  g_assert_true (gtk_widget_activate_action (_ts_season_page_get_tab (page, "events"), "season.edit-event", NULL));
  event_dialog = TS_EVENT_DIALOG (wait_for_window (TS_TYPE_EVENT_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, event_dialog, "the event dialog's lists again");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_check (GTK_WIDGET (event_dialog), "Maple Touring"))));
  gtk_window_destroy (GTK_WINDOW (event_dialog));
  gtk_window_destroy (window);
  return partner_id;
}

/* Selling ------------------------------------------------------------------------------------ */

static gboolean
page_idle (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy");
}

static gboolean
has_plan (gpointer data)
{
  return ts_seat_map_get_plan (ts_sales_map_get_seat_map (_ts_sales_page_get_sales_map (data))) != NULL
         && page_idle (data);
}

static guint
cart_size (TsSalesPage *page)
{
  guint size;

  g_object_get (_ts_sales_page_get_cart (page), "size", &size, NULL);
  return size;
}

static gboolean
cart_has_one (gpointer data)
{
  return cart_size (data) == 1 && page_idle (data);
}

static gboolean
sold (gpointer data)
{
  return cart_size (data) == 0 && page_idle (data);
}

/* The Sales page in a window of its own, a seat of the performance in its
 * cart and the patron chosen, the pointer over it for the keys. */
static TsSalesPage *
sale_ready (GtkWindow  **out_window,
            gint64       performance,
            const char  *seat,
            gint64       patron,
            const char  *name)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsSalesPage *page = ts_sales_page_new (client);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TsSeatMap *map;
  int index;

  gtk_window_set_default_size (window, 1280, 760);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_until (page_idle, page, "the performances");
  g_object_set (page, "performance-id", performance, NULL);
  ts_test_ui_wait_until (has_plan, page, "the seat map");
  map = ts_sales_map_get_seat_map (_ts_sales_page_get_sales_map (page));
  index = ts_seat_map_find_seat (map, seat);
  g_assert_cmpint (index, >=, 0);
  _ts_seat_map_toggle_selected (map, (guint) index);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.add-selection", NULL));
  ts_test_ui_wait_until (cart_has_one, page, "the seat in the cart");
  _ts_checkout_set_patron (_ts_sales_page_get_checkout (page), patron, name);
  /* K3: the questions are fetched now, while the agent takes the payment */
  ts_test_ui_wait_until (page_idle, page, "the patron's vouchers and questions");
  ts_test_input_move (GTK_WIDGET (page), 5, 5);       /* keys go to the window under the pointer */
  *out_window = window;
  return page;
}

static gint64
orders_of (gint64 patron,
           gint64 performance)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                            " WHERE i.performance_id = %" G_GINT64_FORMAT " AND o.purchaser_id = %" G_GINT64_FORMAT,
                            performance, patron);
}

/* The patron's Partners tab, loaded. */
static TsPatronPartnersTab *
partners_tab (TsPatronWindow *window)
{
  return TS_PATRON_PARTNERS_TAB (_ts_patron_window_get_tab (window, "partners"));
}

static gboolean
row_reads (TsPatronPartnersTab *tab,
           guint                index,
           const char          *piece)
{
  g_autofree char *text = _ts_patron_tab_get_row_text (TS_PATRON_TAB (tab), index);

  return text != NULL && strstr (text, piece) != NULL;
}

/* The row of a partner by its name, or -1. */
static int
row_of (TsPatronPartnersTab *tab,
        const char          *name)
{
  for (guint i = 0; i < _ts_patron_tab_get_n_rows (TS_PATRON_TAB (tab)); i++)
    if (row_reads (tab, i, name))
      return (int) i;
  return -1;
}

static TsPatronWindow *
open_patron (gint64 patron)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsPatronWindow *window = ts_patron_window_new (NULL, client, patron);

  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_property (window, "loaded", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "patron.show-tab", "s", "partners"));
  return window;
}

/* Tests ---------------------------------------------------------------------------------------- */

/* Whether a questions dialog came up since the test began watching. */
static gboolean questions_seen;

static void
on_toplevels_changed (GListModel *toplevels)
{
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TS_IS_PARTNER_QUESTIONS_DIALOG (window))
        questions_seen = TRUE;
    }
}


static void
test_asked_at_checkout (void)
{
  g_autofree char *reason = NULL;
  TsPartnerQuestionsDialog *dialog;
  TsPatronWindow *patron_window;
  TsPatronPartnersTab *tab;
  GtkWindow *window;
  TsSalesPage *page;
  gint64 partner_id;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  partner_id = set_up_partner_in_season ();
  page = sale_ready (&window, partner_perf, seats[0], ada, "Ada Lovelace");

  /* Ctrl+Return sells: first the question, one row for the partner */
  key (GDK_KEY_Return, GDK_CONTROL_MASK);
  dialog = TS_PARTNER_QUESTIONS_DIALOG (wait_for_window (TS_TYPE_PARTNER_QUESTIONS_DIALOG));
  g_assert_cmpstr (_ts_partner_questions_dialog_get_answer (dialog, 0), ==, "not_asked");
  g_assert_null (_ts_partner_questions_dialog_get_answer (dialog, 1));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (dialog), "Maple Touring"));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (dialog), "Maple Touring brings chamber music to small towns."));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "partners-questions.png");

  /* Escape goes back to the sale: nothing sold, the seat still in the cart */
  ts_test_input_move (GTK_WIDGET (dialog), 5, 5);
  key (GDK_KEY_Escape, 0);
  wait_closed (TS_TYPE_PARTNER_QUESTIONS_DIALOG);
  ts_test_ui_pause (200);
  g_assert_cmpint (orders_of (ada, partner_perf), ==, 0);
  g_assert_cmpuint (cart_size (page), ==, 1);

  /* again: Alt+Y answers Yes, Enter continues the sale */
  ts_test_input_move (GTK_WIDGET (page), 5, 5);
  key (GDK_KEY_Return, GDK_CONTROL_MASK);
  dialog = TS_PARTNER_QUESTIONS_DIALOG (wait_for_window (TS_TYPE_PARTNER_QUESTIONS_DIALOG));
  ts_test_input_move (GTK_WIDGET (dialog), 5, 5);
  key (mnemonic_key ("_Yes"), GDK_ALT_MASK);
  g_assert_cmpstr (_ts_partner_questions_dialog_get_answer (dialog, 0), ==, "yes");
  key (GDK_KEY_Return, 0);
  wait_closed (TS_TYPE_PARTNER_QUESTIONS_DIALOG);
  ts_test_ui_wait_until (sold, page, "the sale");
  g_assert_cmpint (orders_of (ada, partner_perf), ==, 1);
  /* K2, K3: the purchaser's answer, recorded at checkout by the agent */
  {
    g_autofree char *recorded = ts_test_owner_sqlf (server, "SELECT answer || ' ' || source || ' '"
                                                    " || (employee_id IS NOT NULL) FROM partner_preference"
                                                    " WHERE patron_id = %" G_GINT64_FORMAT
                                                    " AND partner_company_id = %" G_GINT64_FORMAT, ada, partner_id);

    g_assert_cmpstr (recorded, ==, "yes checkout true");
  }
  ts_test_assert_ledgers (server);
  gtk_window_destroy (window);

  /* the patron's Partners tab shows it, with when and where */
  patron_window = open_patron (ada);
  tab = partners_tab (patron_window);
  ts_test_ui_wait_property (tab, "n-rows", 1);
  g_assert_true (row_reads (tab, 0, "Maple Touring"));
  g_assert_true (row_reads (tab, 0, ts_test_ui_tr ("at checkout")));
  g_assert_true (row_reads (tab, 0, ts_test_ui_tr ("booked its events")));
  g_assert_cmpstr (_ts_patron_partners_tab_get_answer (tab, 0), ==, "yes");
  ts_test_ui_screenshot (GTK_WIDGET (patron_window), "partners-patron-tab.png");
  gtk_window_destroy (GTK_WINDOW (patron_window));

  /* K3: once answered, never asked again */
  {
    gulong handler;

    questions_seen = FALSE;
    handler = g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed), NULL);
    page = sale_ready (&window, partner_perf, seats[3], ada, "Ada Lovelace");
    key (GDK_KEY_Return, GDK_CONTROL_MASK);
    ts_test_ui_wait_until (sold, page, "the second sale");
    g_assert_cmpint (orders_of (ada, partner_perf), ==, 2);
    g_assert_false (questions_seen);
    g_signal_handler_disconnect (gtk_window_get_toplevels (), handler);
    gtk_window_destroy (window);
  }
}

/* A sale of an event without partners asks nothing: Ctrl+Return sells. */
static void
test_nothing_to_ask (void)
{
  g_autofree char *reason = NULL;
  GtkWindow *window;
  TsSalesPage *page;
  gulong handler;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  questions_seen = FALSE;
  handler = g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed), NULL);
  page = sale_ready (&window, plain_perf, seats[1], grace, "Grace Hopper");
  key (GDK_KEY_Return, GDK_CONTROL_MASK);
  ts_test_ui_wait_until (sold, page, "the sale");
  g_assert_cmpint (orders_of (grace, plain_perf), ==, 1);
  g_assert_false (questions_seen);
  g_assert_null (find_window (TS_TYPE_PARTNER_QUESTIONS_DIALOG));
  g_signal_handler_disconnect (gtk_window_get_toplevels (), handler);
  gtk_window_destroy (window);
}

static gint64 cedar_partner;

static gboolean
lists_cedar (gpointer data)
{
  return row_of (data, "Cedar Players") >= 0;
}

static gboolean
cedar_saved (gpointer data)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM partner_preference WHERE partner_company_id = %"
                            G_GINT64_FORMAT, cedar_partner) == 1;
}

static gboolean
cedar_shows_no (gpointer data)
{
  int row = row_of (data, "Cedar Players");

  return row >= 0 && g_strcmp0 (_ts_patron_partners_tab_get_answer (data, (guint) row), "no") == 0
         && row_reads (data, (guint) row, ts_test_ui_tr ("on the patron record"));
}

/* K4: a partner the patron never booked for shows with the check on, and
 * an answer given there is saved from the patron record. */
static void
test_never_booked (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autofree char *boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autoptr(JsonNode) harbour = ts_test_expect (server, "POST", "/api/v1/partner-companies", manager,
                                                "{\"name\": \"Harbour Opera\"}", 201);
  g_autoptr(JsonNode) cedar = ts_test_expect (server, "POST", "/api/v1/partner-companies", manager,
                                              "{\"name\": \"Cedar Players\", \"collect_preferences\": false}", 201);
  gint64 harbour_id = ts_test_member_int (harbour, "id");
  gint64 cedar_id = ts_test_member_int (cedar, "id");
  g_autofree char *patch = g_strdup_printf ("{\"partner_company_ids\": [%" G_GINT64_FORMAT "]}", harbour_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, other_event);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *order = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %"
      G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3000}]}", key, grace, other_perf, seats[2], adult);
  TsPatronWindow *patron_window;
  TsPatronPartnersTab *tab;
  GtkWidget *all, *save;
  int cedar_row, harbour_row;

  cedar_partner = cedar_id;
  json_node_unref (ts_test_expect (server, "PATCH", path, manager, patch, 200));
  /* the box office may leave a question unanswered (K3) */
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", boxoffice, order, 201));

  patron_window = open_patron (grace);
  tab = partners_tab (patron_window);
  ts_test_ui_wait_property (tab, "n-rows", 1);
  harbour_row = row_of (tab, "Harbour Opera");
  g_assert_cmpint (harbour_row, ==, 0);
  g_assert_true (row_reads (tab, 0, ts_test_ui_tr ("Never answered")));
  g_assert_cmpstr (_ts_patron_partners_tab_get_answer (tab, 0), ==, "not_asked");
  g_assert_cmpint (row_of (tab, "Cedar Players"), ==, -1);

  /* with the check on, every partner company of the outlet */
  all = ts_test_ui_find_check_by_label (GTK_WIDGET (tab), "Show partner companies never _booked for");
  g_assert_nonnull (all);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  ts_test_ui_wait_until (lists_cedar, tab, "the partners never booked for");
  cedar_row = row_of (tab, "Cedar Players");
  g_assert_true (row_reads (tab, (guint) cedar_row, ts_test_ui_tr ("never booked its events")));
  g_assert_true (row_reads (tab, (guint) cedar_row, ts_test_ui_tr ("not asked at checkout")));
  ts_test_ui_screenshot (GTK_WIDGET (patron_window), "partners-never-booked.png");

  /* an answer given on the record is saved, and only what changed */
  g_assert_true (_ts_patron_partners_tab_choose (tab, (guint) cedar_row, "no"));
  save = ts_test_ui_find_button_by_label (GTK_WIDGET (tab), "_Save Partner Answers");
  g_assert_nonnull (save);
  g_signal_emit_by_name (save, "clicked");
  ts_test_ui_wait_until (cedar_saved, NULL, "the answer saved");
  {
    g_autofree char *recorded = ts_test_owner_sqlf (server, "SELECT answer || ' ' || source FROM partner_preference"
                                                    " WHERE patron_id = %" G_GINT64_FORMAT
                                                    " AND partner_company_id = %" G_GINT64_FORMAT, grace, cedar_id);

    g_assert_cmpstr (recorded, ==, "no patron_record");
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_preference WHERE patron_id = %"
                                      G_GINT64_FORMAT " AND partner_company_id = %" G_GINT64_FORMAT, grace, harbour_id),
                   ==, 0);
  ts_test_ui_wait_until (cedar_shows_no, tab, "the record loaded again");
  g_assert_true (row_reads (tab, (guint) row_of (tab, "Cedar Players"), ts_test_ui_tr ("on the patron record")));
  gtk_window_destroy (GTK_WINDOW (patron_window));
}

/* The page showing the partners tab, settled. */
static TsSeasonPage *
open_season (TsApiClient *client,
             GtkWindow  **out_window)
{
  TsSeasonPage *page = ts_season_page_new (client);

  *out_window = ts_test_ui_show_page (GTK_WIDGET (page), 1024, 700);
  return page;
}

static gboolean
page_says (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy") && *ts_test_ui_get_string (data, "message") != '\0';
}

static void
delete_partner (TsSeasonPage *page,
                gint64        partner_id)
{
  g_assert_true (choose (tab_list (page, "partners", "partner-companies"), partner_id));
  g_assert_true (gtk_widget_activate_action (_ts_season_page_get_tab (page, "partners"), "season.delete-partner", NULL));
  gtk_dialog_response (GTK_DIALOG (wait_for_window (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
}

/* A partner an event uses stays, with the server's reason on the page; one
 * no event uses goes. */
static void
test_delete (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) busy = ts_test_expect (server, "POST", "/api/v1/partner-companies", manager,
                                             "{\"name\": \"Busy Partner\"}", 201);
  g_autoptr(JsonNode) spare = ts_test_expect (server, "POST", "/api/v1/partner-companies", manager,
                                              "{\"name\": \"Spare Partner\"}", 201);
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autofree char *patch = g_strdup_printf ("{\"partner_company_ids\": [%" G_GINT64_FORMAT "]}",
                                            ts_test_member_int (busy, "id"));
  g_autofree char *path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, spare_event);
  GListModel *partners;
  TsSeasonPage *page;
  GtkWindow *window;
  guint before;

  json_node_unref (ts_test_expect (server, "PATCH", path, manager, patch, 200));
  page = open_season (client, &window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.show-tab", "s", "partners"));
  partners = tab_list (page, "partners", "partner-companies");
  before = g_list_model_get_n_items (partners);

  delete_partner (page, ts_test_member_int (busy, "id"));
  ts_test_ui_wait_until (page_says, page, "the refusal on the page");
  ts_test_ui_screenshot (GTK_WIDGET (window), "partners-delete-refused.png");
  g_assert_cmpuint (g_list_model_get_n_items (partners), ==, before);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_company WHERE id = %" G_GINT64_FORMAT,
                                      ts_test_member_int (busy, "id")), ==, 1);

  delete_partner (page, ts_test_member_int (spare, "id"));
  {
    Count fewer = { partners, before - 1 };

    ts_test_ui_wait_until (has_count, &fewer, "the partner deleted");
  }
  ts_test_ui_wait_property (page, "busy", FALSE);
  g_assert_cmpstr (ts_test_ui_get_string (page, "message"), ==, "");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_company WHERE id = %" G_GINT64_FORMAT,
                                      ts_test_member_int (spare, "id")), ==, 0);
  gtk_window_destroy (window);
}

static gboolean
is_outlet_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), ts_test_ui_tr ("Se_ason of")) == 0;
}

static GtkWidget *
find_outlet_label (GtkWidget *root)
{
  if (is_outlet_label (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_outlet_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The Master User sets up the partners of the outlet he chose (K1); below
 * the Box Office Manager level there is no Partner Companies tab (C4). */
static void
test_master_and_levels (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  g_autoptr(TsApiClient) boxoffice = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  gint64 ath = ts_test_outlet_id (server, "ATH");
  TsPartnerCompanyDialog *dialog;
  GtkDropDown *outlets;
  TsSeasonPage *page;
  GtkWindow *window;
  GtkWidget *tab;
  Count wanted;

  page = open_season (master, &window);
  outlets = GTK_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (find_outlet_label (GTK_WIDGET (page)))));
  g_assert_cmpint (ts_season_drop_down_get_id (outlets), ==, ath);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.show-tab", "s", "partners"));
  wanted = (Count) { tab_list (page, "partners", "partner-companies"),
                     (guint) ts_test_owner_int (server, "SELECT count (*) FROM partner_company WHERE outlet_id = %"
                                                G_GINT64_FORMAT, ath) };
  ts_test_ui_wait_until (has_count, &wanted, "the Athletic Centre's partners");

  g_assert_true (gtk_widget_activate_action (_ts_season_page_get_tab (page, "partners"), "season.new-partner", NULL));
  dialog = TS_PARTNER_COMPANY_DIALOG (wait_for_window (TS_TYPE_PARTNER_COMPANY_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PARTNER_COMPANY_DIALOG, "name_entry")), "Varsity Friends");
  gtk_switch_set_active (GTK_SWITCH (CHILD (dialog, TS_TYPE_PARTNER_COMPANY_DIALOG, "collect_switch")), FALSE);
  ts_test_ui_submit (dialog);
  wait_closed (TS_TYPE_PARTNER_COMPANY_DIALOG);
  wanted.count++;
  ts_test_ui_wait_until (has_count, &wanted, "the new partner listed");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_company WHERE name = 'Varsity Friends'"
                                      " AND outlet_id = %" G_GINT64_FORMAT " AND NOT collect_preferences", ath), ==, 1);
  ts_test_ui_screenshot (GTK_WIDGET (window), "partners-master.png");
  gtk_window_destroy (window);

  /* C4: the box office sees no partner companies in season setup */
  page = open_season (boxoffice, &window);
  tab = _ts_season_page_get_tab (page, "partners");
  g_assert_false (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (tab)), tab)));
  gtk_window_destroy (window);
}

/* Set-up ------------------------------------------------------------------------------------ */

static gint64
add_event (const char *name,
           gint64      map_id,
           gint64     *out_perf)
{
  gint64 event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                    ", '%s', %" G_GINT64_FORMAT ") RETURNING id", uth, name, map_id);

  *out_perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                 " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                 " now () + interval '10 days', 16, 16, now () - interval '1 day') RETURNING id",
                                 event, uth);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, *out_perf);
  return event;
}

static void
set_up (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Partner Hall\", \"size\": {\"width\": 400, \"height\": 200},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Hall\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 8,"
      "   \"x\": 60, \"y\": 50, \"seat_spacing\": 26, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");

  uth = ts_test_outlet_id (server, "UTH");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY guid OFFSET %u LIMIT 1", map_id, i);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                             " VALUES (%" G_GINT64_FORMAT ", 'Adult', 3000, 'A') RETURNING id", uth);
  partner_event = add_event ("Partner Quartet", map_id, &partner_perf);
  add_event ("Plain Recital", map_id, &plain_perf);
  other_event = add_event ("Harbour Gala", map_id, &other_perf);
  spare_event = add_event ("Spare Matinee", map_id, &spare_perf);
  ada = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Ada', 'Lovelace') RETURNING id");
  grace = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Grace', 'Hopper') RETURNING id");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();
  set_up ();
  g_test_add_func ("/client/partners/asked-at-checkout", test_asked_at_checkout);
  g_test_add_func ("/client/partners/nothing-to-ask", test_nothing_to_ask);
  g_test_add_func ("/client/partners/never-booked", test_never_booked);
  g_test_add_func ("/client/partners/delete", test_delete);
  g_test_add_func ("/client/partners/master-and-levels", test_master_and_levels);
  status = g_test_run ();
  ts_test_server_free (server);
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  return status;
}
