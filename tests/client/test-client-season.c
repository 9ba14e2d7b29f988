/* test-client-season.c — season setup in the real client against a real
 * server, under X: a Box Office Manager creates an event, a performance with
 * its sales windows and permitted outlets, a commission table, a ticket type
 * and an offer of it with a zone price, all through the dialogs, and each is
 * checked through the API; refusals (T5, E5) are shown where they happened.
 * With TESSERA_SCREENSHOTS=DIR set, the page and each dialog are saved as PNGs
 * there, to be looked at. */
#include <string.h>

#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-commission-table-dialog.h"
#include "ts-event-dialog.h"
#include "ts-json-item.h"
#include "ts-main-window.h"
#include "ts-performance-dialog-private.h"
#include "ts-redemption-dialog.h"
#include "ts-season-common.h"
#include "ts-season-page.h"
#include "ts-season-page-private.h"
#include "ts-ticket-type-dialog.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"

static TsTestServer *server;


static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static GtkWindow *
wait_for_window (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWindow *window;

  while ((window = find_window (type)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for a %s", g_type_name (type));
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return window;
}

static gboolean
window_gone (gpointer data)
{
  return find_window (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
wait_closed (GType type)
{
  ts_test_ui_wait_until (window_gone, GSIZE_TO_POINTER (type), g_type_name (type));
}

/* Season helpers ------------------------------------------------------------------ */

#define CHILD(widget, type, name) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name)

/* Chooses the drop-down's row of this id, as a person picks it. */
static gboolean
choose_row (GtkDropDown *dropdown,
            gint64       id)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (model, i);

      if (ts_json_item_get_id (item) == id)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
type_in (GObject    *editable,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* A dialog's default button, which may be pressed (the dialog is ready and
 * not busy). */
static void
save (gpointer dialog)
{
  g_assert_true (ts_test_ui_dialog_idle (dialog));
  ts_test_ui_submit (dialog);
}

/* Until the page's requests are all answered. */
static void
wait_idle (TsSeasonPage *page)
{
  ts_test_ui_wait_property (page, "busy", FALSE);
}

/* A list of a tab (GtkSingleSelection of TsJsonItem: choosing a row there
 * is choosing it on screen). */
static GListModel *
season_list (TsSeasonPage *page,
             const char   *tab,
             const char   *property)
{
  g_autoptr(GListModel) list = NULL;

  g_object_get (_ts_season_page_get_tab (page, tab), property, &list, NULL);
  return list;      /* the tab keeps it */
}

/* Chooses the row of id in list, as a click would. */
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

/* A tab's action, as its button would. */
static gboolean
act (TsSeasonPage *page,
     const char   *tab,
     const char   *action)
{
  return gtk_widget_activate_action (_ts_season_page_get_tab (page, tab), action, NULL);
}

/* Closing the window frees the page and each of its tabs. */
static void
close_page (GtkWidget    *holder,
            TsSeasonPage *page)
{
  const char *names[] = { "events", "ticket-types", "commission-tables", "maps" };
  GObject *tabs[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    tabs[i] = g_object_ref (G_OBJECT (_ts_season_page_get_tab (page, names[i])));
  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (holder));
  g_assert_finalize_object (page);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_finalize_object (tabs[i]);
}

static void
show_tab (TsSeasonPage *page,
          const char   *tab)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.show-tab", "s", tab));
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

static void
wait_count (GListModel *list,
            guint       count,
            const char *what)
{
  Count wanted = { list, count };

  ts_test_ui_wait_until (has_count, &wanted, what);
}

static gint64
id_of (GListModel *list,
       guint       position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (list, position);

  return ts_json_item_get_id (item);
}

/* The first descendant of root that answers TRUE. */
typedef gboolean (*Match) (GtkWidget *widget, const char *text);

static GtkWidget *
find_widget (GtkWidget  *root,
             Match       match,
             const char *text)
{
  if (match (root, text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* text as the sources write it (or data, which translates to itself),
 * compared with what the reader sees */
static gboolean
is_check_labelled (GtkWidget  *widget,
                   const char *text)
{
  return GTK_IS_CHECK_BUTTON (widget)
         && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), ts_test_ui_tr (text)) == 0;
}

static gboolean
is_label (GtkWidget  *widget,
          const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), ts_test_ui_tr (text)) == 0;
}

static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *text)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), ts_test_ui_tr (text)) == 0;
}

/* The entry a label (a price zone's name) is the mnemonic label of. */
static GObject *
entry_for (GtkWidget  *root,
           const char *label_text)
{
  GtkWidget *label = find_widget (root, is_label, label_text);

  g_assert_nonnull (label);
  return G_OBJECT (gtk_label_get_mnemonic_widget (GTK_LABEL (label)));
}

static gboolean
page_has_message (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy") && *ts_test_ui_get_string (data, "message") != '\0';
}

static void
assert_same_instant (const char *iso8601,
                     int         year,
                     int         month,
                     int         day,
                     int         hour,
                     int         minute)
{
  g_autoptr(GDateTime) stored = NULL;
  /* typed in the outlet's time (UTH: Toronto), whatever the computer's */
  g_autoptr(GTimeZone) outlet = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GDateTime) typed = g_date_time_new (outlet, year, month, day, hour, minute, 0);

  g_assert_nonnull (iso8601);
  stored = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpint (g_date_time_compare (stored, typed), ==, 0);
}

/* The whole season, as a manager would set it up ------------------------------------ */

static void
test_season_setup (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) built = ts_test_expect (server, "POST", "/api/v1/maps", token,
                                              "{\"format\": \"generator\", \"demo\": \"opera\"}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (built), "map"), "id");
  gint64 ath = ts_test_outlet_id (server, "ATH");
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  TsSeasonPage *page = ts_season_page_new (client);
  GtkWidget *holder = gtk_window_new ();
  GListModel *events = season_list (page, "events", "events");
  GListModel *performances = season_list (page, "events", "performances");
  GListModel *types = season_list (page, "ticket-types", "ticket-types");
  GListModel *tables = season_list (page, "commission-tables", "commission-tables");
  gint64 event_id, performance_id, table_id, type_id;
  GtkWindow *dialog;

  gtk_window_set_title (GTK_WINDOW (holder), "Tessera");
  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (holder), 1000, 640);
  gtk_window_present (GTK_WINDOW (holder));
  wait_idle (page);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 0);

  /* an event, through its dialog */
  g_assert_true (act (page, "events", "season.new-event"));
  dialog = wait_for_window (TS_TYPE_EVENT_DIALOG);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the map list");
  type_in (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "name_entry"), "Les Misérables");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "description_view"))),
                            "The musical, in English, with surtitles.", -1);
  g_assert_true (choose_row (GTK_DROP_DOWN (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "map_dropdown")), map_id));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "event-dialog.png");
  save (dialog);
  wait_closed (TS_TYPE_EVENT_DIALOG);
  wait_count (events, 1, "the new event in the list");
  wait_idle (page);
  event_id = id_of (events, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, event_id);
    g_autoptr(JsonNode) event = ts_test_expect (server, "GET", path, token, NULL, 200);

    g_assert_cmpstr (ts_test_member_string (event, "name"), ==, "Les Misérables");
    g_assert_cmpstr (ts_test_member_string (event, "description"), ==, "The musical, in English, with surtitles.");
    g_assert_cmpint (ts_test_member_int (event, "map_id"), ==, map_id);
  }

  /* a performance with two sales windows, sold at one other outlet (E2, E3, E5) */
  g_assert_true (act (page, "events", "season.new-performance"));
  dialog = wait_for_window (TS_TYPE_PERFORMANCE_DIALOG);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the outlets");
  /* the house defaults to the map's 2,000 seats */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "capacity_spin"))),
                   ==, 2000);
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "starts_entry"), "2030-05-01 19:30");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "capacity_spin")), 1800);
  /* the advance limit followed the capacity; now hold 100 house seats back */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "advance_spin"))),
                   ==, 1800);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "advance_spin")), 1700);
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "box_office_on_entry"), "2030-01-15 10:00");
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "box_office_off_entry"), "2030-05-01 19:00");
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "internet_on_entry"), "2030-02-01 10:00");
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "outlets_on_entry"), "2030-03-01 9:00");
  /* F3: sold online at other outlets' storefronts only once they may sell it */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "online_check"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "allow_check")), TRUE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "online_check"))));
  {
    GtkWidget *online = find_widget (GTK_WIDGET (dialog), is_check_labelled, "Sold o_nline by other outlets’ storefronts");

    g_autofree char *reason = NULL;

    g_assert_true ((GObject *) online == CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "online_check"));
    if (ts_test_input_available (&reason))
      {
        guint keyval = GDK_KEY_VoidSymbol;

        /* by its mnemonic, as at the keyboard (keys go to the window under the pointer) */
        for (GtkWidget *child = gtk_widget_get_first_child (online); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          if (GTK_IS_LABEL (child))
            keyval = gtk_label_get_mnemonic_keyval (GTK_LABEL (child));
        ts_test_input_move (online, 3, 3);
        ts_test_input_key_with (keyval, GDK_ALT_MASK);
        ts_test_ui_pause (50);
      }
    else
      gtk_check_button_set_active (GTK_CHECK_BUTTON (online), TRUE);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (online)));
  }
  {
    GtkWidget *athletic = find_widget (GTK_WIDGET (dialog), is_check_labelled, "Athletic Centre (ATH)");

    g_assert_nonnull (athletic);
    /* the owner always sells its own: it is not listed */
    g_assert_null (find_widget (GTK_WIDGET (dialog), is_check_labelled, "University Theatre (UTH)"));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (athletic), TRUE);
  }
  /* a time that is not one is named before anything is sent */
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "internet_off_entry"), "2030-02-30 10:00");
  save (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the check of the times");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), ts_test_ui_tr ("Internet off sale")));
  type_in (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "internet_off_entry"), "");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "performance-dialog-new.png");
  save (dialog);
  wait_closed (TS_TYPE_PERFORMANCE_DIALOG);
  wait_count (performances, 1, "the new performance in the list");
  wait_idle (page);
  performance_id = id_of (performances, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT, performance_id);
    g_autoptr(JsonNode) performance = ts_test_expect (server, "GET", path, token, NULL, 200);
    JsonObject *object = json_node_get_object (performance);
    JsonArray *permitted = json_object_get_array_member (object, "permitted_outlets");

    assert_same_instant (ts_test_member_string (performance, "starts_at"), 2030, 5, 1, 19, 30);
    assert_same_instant (ts_test_member_string (performance, "box_office_on_sale"), 2030, 1, 15, 10, 0);
    assert_same_instant (ts_test_member_string (performance, "box_office_off_sale"), 2030, 5, 1, 19, 0);
    assert_same_instant (ts_test_member_string (performance, "internet_on_sale"), 2030, 2, 1, 10, 0);
    assert_same_instant (ts_test_member_string (performance, "outlets_on_sale"), 2030, 3, 1, 9, 0);
    g_assert_true (json_object_get_null_member (object, "internet_off_sale"));
    g_assert_true (json_object_get_null_member (object, "outlets_off_sale"));
    g_assert_cmpint (ts_test_member_int (performance, "capacity"), ==, 1800);
    g_assert_cmpint (ts_test_member_int (performance, "advance_limit"), ==, 1700);
    g_assert_cmpstr (ts_test_member_string (performance, "status"), ==, "scheduled");
    g_assert_true (json_object_get_boolean_member (object, "allow_other_outlets"));
    g_assert_true (json_object_get_boolean_member (object, "online_at_other_outlets"));
    g_assert_cmpuint (json_array_get_length (permitted), ==, 1);
    g_assert_cmpint (json_array_get_int_element (permitted, 0), ==, ath);
  }
  ts_test_ui_screenshot (GTK_WIDGET (holder), "season-events.png");

  /* a commission table: $1.50 plus 12.5 % (T6), typed the French way */
  show_tab (page, "commission-tables");
  g_assert_true (act (page, "commission-tables", "season.new-commission-table"));
  dialog = wait_for_window (TS_TYPE_COMMISSION_TABLE_DIALOG);
  type_in (CHILD (dialog, TS_TYPE_COMMISSION_TABLE_DIALOG, "name_entry"), "Standard");
  type_in (CHILD (dialog, TS_TYPE_COMMISSION_TABLE_DIALOG, "amount_entry"), "1,50 $");
  type_in (CHILD (dialog, TS_TYPE_COMMISSION_TABLE_DIALOG, "percent_entry"), "12,5 %");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "commission-table-dialog.png");
  save (dialog);
  wait_closed (TS_TYPE_COMMISSION_TABLE_DIALOG);
  wait_count (tables, 1, "the new commission table");
  wait_idle (page);
  table_id = id_of (tables, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/commission-tables?outlet_id=%" G_GINT64_FORMAT,
                                             ts_test_outlet_id (server, "UTH"));
    g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, token, NULL, 200);
    JsonObject *table = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer),
                                                                                     "commission_tables"), 0);

    g_assert_cmpstr (json_object_get_string_member (table, "name"), ==, "Standard");
    g_assert_cmpint (json_object_get_int_member (table, "amount_cents"), ==, 150);
    g_assert_cmpint (json_object_get_int_member (table, "percent_bp"), ==, 1250);
  }
  ts_test_ui_screenshot (GTK_WIDGET (holder), "season-commission-tables.png");

  /* a ticket type for other outlets without a commission table: the
   * server's refusal (T5) is shown in the dialog, which keeps everything */
  show_tab (page, "ticket-types");
  g_assert_true (act (page, "ticket-types", "season.new-ticket-type"));
  dialog = wait_for_window (TS_TYPE_TICKET_TYPE_DIALOG);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the commission tables");
  type_in (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "name_entry"), "Adult");
  type_in (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "price_entry"), "35");
  type_in (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "letter_entry"), "a");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "other_outlets_check")), TRUE);
  save (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)),
                            "needs a commission table"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "price_entry"))), ==, "35");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "letter_entry"))), ==, "A");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "ticket-type-refused.png");
  g_assert_true (choose_row (GTK_DROP_DOWN (CHILD (dialog, TS_TYPE_TICKET_TYPE_DIALOG, "commission_dropdown")), table_id));
  save (dialog);
  wait_closed (TS_TYPE_TICKET_TYPE_DIALOG);
  wait_count (types, 1, "the new ticket type");
  wait_idle (page);
  type_id = id_of (types, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/ticket-types/%" G_GINT64_FORMAT, type_id);
    g_autoptr(JsonNode) type = ts_test_expect (server, "GET", path, token, NULL, 200);

    g_assert_cmpstr (ts_test_member_string (type, "name"), ==, "Adult");
    g_assert_cmpstr (ts_test_member_string (type, "category"), ==, "regular");
    g_assert_cmpint (ts_test_member_int (type, "price_cents"), ==, 3500);
    g_assert_cmpstr (ts_test_member_string (type, "display_letter"), ==, "A");
    g_assert_cmpint (ts_test_member_int (type, "commission_table_id"), ==, table_id);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (type), "other_outlets"));
    g_assert_true (json_object_get_boolean_member (json_node_get_object (type), "active"));
  }
  ts_test_ui_screenshot (GTK_WIDGET (holder), "season-ticket-types.png");

  /* the type offered at the performance, with a cap, a most per order,
   * promo codes and a Premium zone price (T2, T4) */
  show_tab (page, "events");
  g_assert_true (choose (performances, performance_id));
  g_assert_true (act (page, "events", "season.edit-performance"));
  dialog = wait_for_window (TS_TYPE_PERFORMANCE_DIALOG);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the performance's offers");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "starts_entry"))), ==,
                   "2030-05-01 19:30");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (CHILD (dialog, TS_TYPE_PERFORMANCE_DIALOG, "online_check"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_widget (GTK_WIDGET (dialog), is_check_labelled,
                                                                             "Athletic Centre (ATH)"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "performance.add-redemption", NULL));
  {
    GtkWindow *offer = wait_for_window (TS_TYPE_REDEMPTION_DIALOG);

    ts_test_ui_wait_until (ts_test_ui_dialog_idle, offer, "the ticket types and zones");
    g_assert_true (choose_row (GTK_DROP_DOWN (CHILD (offer, TS_TYPE_REDEMPTION_DIALOG, "type_dropdown")), type_id));
    type_in (CHILD (offer, TS_TYPE_REDEMPTION_DIALOG, "cap_entry"), "100");
    type_in (CHILD (offer, TS_TYPE_REDEMPTION_DIALOG, "max_entry"), "8");
    type_in (CHILD (offer, TS_TYPE_REDEMPTION_DIALOG, "promo_entry"), "Spring30, members");
    type_in (CHILD (offer, TS_TYPE_REDEMPTION_DIALOG, "end_entry"), "2030-05-01 18:00");
    type_in (entry_for (GTK_WIDGET (offer), "Premium"), "80");
    ts_test_ui_screenshot (GTK_WIDGET (offer), "redemption-dialog.png");
    save (offer);
    wait_closed (TS_TYPE_REDEMPTION_DIALOG);
  }
  wait_count (_ts_performance_dialog_get_redemptions (TS_PERFORMANCE_DIALOG (dialog)), 1, "the offer in the list");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "performance-dialog.png");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/redemptions", performance_id);
    g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, token, NULL, 200);
    JsonObject *offer = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer),
                                                                                     "redemptions"), 0);
    JsonArray *codes = json_object_get_array_member (offer, "promo_codes");
    JsonArray *prices = json_object_get_array_member (offer, "prices");
    JsonObject *premium = json_array_get_object_element (prices, 0);

    g_assert_cmpint (json_object_get_int_member (offer, "ticket_type_id"), ==, type_id);
    g_assert_cmpint (json_object_get_int_member (offer, "cap"), ==, 100);
    g_assert_cmpint (json_object_get_int_member (offer, "min_per_order"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (offer, "max_per_order"), ==, 8);
    g_assert_true (json_object_get_null_member (offer, "sales_start"));
    assert_same_instant (json_object_get_string_member (offer, "sales_end"), 2030, 5, 1, 18, 0);
    g_assert_cmpuint (json_array_get_length (codes), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (codes, 0), ==, "spring30");
    g_assert_cmpstr (json_array_get_string_element (codes, 1), ==, "members");
    g_assert_cmpuint (json_array_get_length (prices), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (premium, "category"), ==, "Premium");
    g_assert_cmpint (json_object_get_int_member (premium, "price_cents"), ==, 8000);
  }
  gtk_window_close (dialog);
  wait_closed (TS_TYPE_PERFORMANCE_DIALOG);

  /* E5: a performance with a hold cannot be deleted; the page says so and
   * the performance stays */
  {
    g_autofree char *map_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, map_id);
    g_autoptr(JsonNode) map = ts_test_expect (server, "GET", map_path, token, NULL, 200);
    JsonObject *plan = json_object_get_object_member (json_node_get_object (map), "plan");
    JsonObject *zone = json_array_get_object_element (json_object_get_array_member (plan, "zones"), 0);
    JsonObject *row = json_array_get_object_element (json_object_get_array_member (zone, "rows"), 0);
    JsonObject *seat = json_array_get_object_element (json_object_get_array_member (row, "seats"), 0);
    g_autofree char *hold_path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds", performance_id);
    g_autofree char *hold = g_strdup_printf ("{\"letter\": \"h\", \"seats\": [\"%s\"]}",
                                             json_object_get_string_member (seat, "seat_guid"));
    g_autoptr(JsonNode) held = ts_test_expect (server, "POST", hold_path, token, hold, 200);
    g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT, performance_id);
    g_autoptr(JsonNode) still = NULL;
    GtkWindow *question;

    g_assert_true (choose (performances, performance_id));
    g_assert_true (act (page, "events", "season.delete-performance"));
    question = wait_for_window (GTK_TYPE_MESSAGE_DIALOG);
    ts_test_ui_screenshot (GTK_WIDGET (question), "delete-performance-question.png");
    gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
    ts_test_ui_wait_until (page_has_message, page, "the refusal");
    g_assert_nonnull (strstr (ts_test_ui_get_string (page, "message"), "cannot be deleted, cancel it instead"));
    ts_test_ui_screenshot (GTK_WIDGET (holder), "season-delete-refused.png");
    still = ts_test_expect (server, "GET", path, token, NULL, 200);
  }

  /* one without sales goes */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT "/performances", event_id);
    g_autoptr(JsonNode) spare = ts_test_expect (server, "POST", path, token,
                                                "{\"starts_at\": \"2030-05-02T14:00:00Z\"}", 201);
    gint64 spare_id = ts_test_member_int (spare, "id");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.reload", NULL));
    wait_idle (page);
    wait_count (performances, 2, "the second performance");
    g_assert_true (choose (performances, spare_id));
    g_assert_true (act (page, "events", "season.delete-performance"));
    gtk_dialog_response (GTK_DIALOG (wait_for_window (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
    wait_count (performances, 1, "the deletion");
    g_assert_cmpint (id_of (performances, 0), ==, performance_id);
    g_assert_cmpstr (ts_test_ui_get_string (page, "message"), ==, "");
  }

  show_tab (page, "maps");
  ts_test_ui_screenshot (GTK_WIDGET (holder), "season-maps.png");
  close_page (holder, page);
}

/* An event being edited keeps its values; the map cannot change while
 * its performances hold seats (M4), and the dialog says so. */
static void
test_event_edit_refused (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) built = ts_test_expect (server, "POST", "/api/v1/maps", token,
                                              "{\"format\": \"generator\", \"demo\": \"studio\"}", 201);
  gint64 studio = json_object_get_int_member (json_object_get_object_member (json_node_get_object (built), "map"), "id");
  g_autoptr(JsonNode) events = ts_test_expect (server, "GET", "/api/v1/events", token, NULL, 200);
  JsonObject *event = json_array_get_object_element (json_object_get_array_member (json_node_get_object (events),
                                                                                   "events"), 0);
  gint64 event_id = json_object_get_int_member (event, "id");
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  TsSeasonPage *page = ts_season_page_new (client);
  GtkWidget *holder = gtk_window_new ();
  GtkWindow *dialog;

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (holder), 1000, 640);
  gtk_window_present (GTK_WINDOW (holder));
  wait_idle (page);
  g_assert_true (choose (season_list (page, "events", "events"), event_id));
  g_assert_true (act (page, "events", "season.edit-event"));
  dialog = wait_for_window (TS_TYPE_EVENT_DIALOG);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the map list");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "name_entry"))), ==,
                   "Les Misérables");
  g_assert_cmpint (ts_season_drop_down_get_id (GTK_DROP_DOWN (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "map_dropdown"))), ==,
                   json_object_get_int_member (event, "map_id"));
  g_assert_true (choose_row (GTK_DROP_DOWN (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "map_dropdown")), studio));
  save (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "so the map cannot change"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "event-dialog-refused.png");
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (holder));
}

/* The Master User picks the outlet whose season he sets up. */
static void
test_master_chooses_outlet (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, NULL, "master");
  TsSeasonPage *page = ts_season_page_new (client);
  GtkWidget *holder = gtk_window_new ();
  GtkDropDown *outlets;

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (holder), 1000, 640);
  gtk_window_present (GTK_WINDOW (holder));
  wait_idle (page);
  outlets = GTK_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (find_widget (GTK_WIDGET (page), is_label,
                                                                                  "Se_ason of"))));
  /* the first outlet by name: Athletic Centre, which has no season yet */
  g_assert_cmpint (ts_season_drop_down_get_id (outlets), ==, ts_test_outlet_id (server, "ATH"));
  g_assert_cmpuint (g_list_model_get_n_items (season_list (page, "events", "events")), ==, 0);
  g_assert_true (choose_row (outlets, ts_test_outlet_id (server, "UTH")));
  wait_count (season_list (page, "events", "events"), 1, "University Theatre's events");
  wait_idle (page);
  g_assert_cmpuint (g_list_model_get_n_items (season_list (page, "commission-tables", "commission-tables")), ==, 1);
  ts_test_ui_screenshot (GTK_WIDGET (holder), "season-master.png");
  close_page (holder, page);
}

static gboolean
is_season_page (GtkWidget  *widget,
                const char *unused)
{
  return TS_IS_SEASON_PAGE (widget);
}

/* The Events section of the main window is the season page. */
static void
test_main_window (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  TsMainWindow *window = ts_main_window_new (NULL, client);
  GtkWidget *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "events"));
  page = find_widget (GTK_WIDGET (window), is_season_page, NULL);
  g_assert_nonnull (page);
  wait_idle (TS_SEASON_PAGE (page));
  wait_count (season_list (TS_SEASON_PAGE (page), "events", "events"), 1, "the events");
  ts_test_ui_screenshot (GTK_WIDGET (window), "main-window-season.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Below the Box Office Manager level the page is read-only (C4). */
static void
test_read_only (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsSeasonPage *page = ts_season_page_new (client);
  GtkWidget *holder = gtk_window_new ();
  GtkWidget *button;

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (holder), 1000, 640);
  gtk_window_present (GTK_WINDOW (holder));
  wait_idle (page);
  g_assert_cmpuint (g_list_model_get_n_items (season_list (page, "events", "events")), >, 0);
  button = find_widget (GTK_WIDGET (page), is_button_labelled, "_New Event…");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label,
                                "Read only: season setup needs the Box Office Manager level."));
  g_assert_cmpstr (ts_test_ui_get_string (page, "message"), ==, "");
  ts_test_ui_screenshot (holder, "season-read-only.png");
  close_page (holder, page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();

  /* in this order: each builds on the one before */
  g_test_add_func ("/client/season/setup", test_season_setup);
  g_test_add_func ("/client/season/event-edit-refused", test_event_edit_refused);
  g_test_add_func ("/client/season/master", test_master_chooses_outlet);
  g_test_add_func ("/client/season/main-window", test_main_window);
  g_test_add_func ("/client/season/read-only", test_read_only);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
