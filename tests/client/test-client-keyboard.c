/* test-client-keyboard.c — the client by keyboard alone, under X with real
 * key events (XTEST): the keyboard shortcuts window lists every accelerator
 * the application and its pages have; a whole sale in the main window at its
 * default size, from finding the performance to the sale's receipt, without
 * the mouse — the performance list one stop of the Tab chain, the focus never
 * lost after "Add Selected Seats" (a lost focus made the next Tab change the
 * section), Down from the patron search into the patrons found. */
#include <string.h>

#include <gtk/gtk.h>

#include "ts-application.h"
#include "ts-application-private.h"
#include "ts-main-window.h"
#include "ts-order-window.h"
#include "ts-sales-page-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"

static TsTestServer *server;
static gint64 perf, later_perf, patron;

/* Shortcuts ------------------------------------------------------------------------------- */

/* An accelerator in one spelling ("<Primary>Return" and "<Control>Return" alike). */
static char *
canonical (const char *accelerator)
{
  guint key;
  GdkModifierType mods;

  if (!gtk_accelerator_parse (accelerator, &key, &mods))
    g_error ("not an accelerator: %s", accelerator);
  return gtk_accelerator_name (key, mods);
}

/* The shortcuts window (Ctrl+?) lists every accelerator of the application
 * and of the Sales page, and no other; the keys of the widgets themselves
 * (its "nav_" entries) aside.  GtkApplication found it: it gave its action,
 * win.show-help-overlay, Ctrl+?. */
static void
test_shortcuts_window (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (ts_application_new ());
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/tessera/Tessera/gtk/help-overlay.ui");
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) owned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_auto(GStrv) actions = NULL;
  const TsSalesShortcut *page = _ts_sales_page_get_shortcuts ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  actions = gtk_application_list_action_descriptions (app);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint a = 0; accels[a] != NULL; a++)
        g_hash_table_add (owned, canonical (accels[a]));
    }
  g_assert_true (g_hash_table_contains (owned, "<Control>question"));
  for (guint i = 0; page[i].accelerator != NULL; i++)
    g_hash_table_add (owned, canonical (page[i].accelerator));

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      const char *id = GTK_IS_BUILDABLE (l->data) ? gtk_buildable_get_buildable_id (l->data) : NULL;
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) keys = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data) || (id != NULL && g_str_has_prefix (id, "nav_")))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      keys = g_strsplit (accelerator, " ", -1);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *one = canonical (keys[k]);

          if (!g_hash_table_contains (owned, one))
            g_error ("the shortcuts window lists %s, which nothing has", one);
          g_hash_table_add (listed, g_steal_pointer (&one));
        }
    }
  g_hash_table_iter_init (&iter, owned);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (listed, key))
      g_error ("the shortcuts window does not list %s", (const char *) key);
  gtk_window_present (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  ts_test_ui_screenshot (GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay")), "keyboard-shortcuts.png");
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* A whole sale by keyboard ------------------------------------------------------------------ */

static GtkWidget *
focus_of (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* The focus is on (or in) a widget of this type, within within. */
static void
assert_focus_in (GtkWindow  *window,
                 GType       type,
                 GtkWidget  *within,
                 const char *what)
{
  GtkWidget *focus = focus_of (window);
  GtkWidget *w = focus;

  while (w != NULL && !G_TYPE_CHECK_INSTANCE_TYPE (w, type))
    w = gtk_widget_get_parent (w);
  if (w == NULL || (within != NULL && w != within && !gtk_widget_is_ancestor (w, within)))
    g_error ("%s: the focus is on %s, not a %s%s%s", what, focus ? G_OBJECT_TYPE_NAME (focus) : "nothing",
             g_type_name (type), within ? " in " : "", within ? G_OBJECT_TYPE_NAME (within) : "");
}

static gboolean
page_idle (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy");
}

static gboolean
cart_has_one (gpointer data)
{
  guint size;

  g_object_get (_ts_sales_page_get_cart (data), "size", &size, NULL);
  return size == 1 && page_idle (data);
}

/* A visible list of rows under the widget (the patrons found), or NULL. */
static GtkListBox *
shown_list (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LIST_BOX (widget))
    return gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0) != NULL ? GTK_LIST_BOX (widget) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *list = shown_list (child);

      if (list != NULL)
        return list;
    }
  return NULL;
}

static gboolean
patrons_found (gpointer data)
{
  return shown_list (GTK_WIDGET (_ts_sales_page_get_checkout (data))) != NULL;
}

/* The receipt on the message line ("Order 12 sold: $30.00."), the cart empty. */
static gboolean
sold (gpointer data)
{
  const char *message = ts_test_ui_get_string (data, "message");
  guint size;

  g_object_get (_ts_sales_page_get_cart (data), "size", &size, NULL);
  return size == 0 && *message != '\0' && strstr (message, "30") != NULL && page_idle (data);
}

static gboolean
is_add_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "sales.add-selection") == 0;
}

/* The button of an action under the widget, or NULL. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

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

/* From finding the performance to the receipt, in the main window at its
 * default size, by keys alone. */
static void
test_whole_sale (void)
{
  g_autoptr(TsApiClient) client = NULL;
  g_autofree char *reason = NULL;
  TsMainWindow *window;
  TsSalesPage *page;
  TsPerformancePicker *picker;
  GtkWidget *stack_page;
  gint64 chosen;
  guint windows_before;
  gboolean opened = FALSE;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  window = ts_main_window_new (NULL, client);
  gtk_window_present (GTK_WINDOW (window));
  page = TS_SALES_PAGE (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_SALES_PAGE));
  g_assert_nonnull (page);
  picker = _ts_sales_page_get_picker (page);
  ts_test_ui_wait_until (page_idle, page, "the performances");
  stack_page = gtk_widget_get_parent (GTK_WIDGET (page));
  ts_test_input_move (GTK_WIDGET (picker), 5, 5);      /* keys go to the window under the pointer */

  /* Ctrl+F: the performances' search; two performances of the quartet */
  key (GDK_KEY_f, GDK_CONTROL_MASK);
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_SEARCH_ENTRY, GTK_WIDGET (picker), "Ctrl+F");
  ts_test_input_type ("quartet");
  ts_test_ui_pause (400);                              /* the search's own delay */

  /* Down from the search goes into the list, Shift+Tab back out of it */
  key (GDK_KEY_Down, 0);
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_LIST_BOX_ROW, GTK_WIDGET (picker), "Down into the list");
  key (GDK_KEY_Tab, GDK_SHIFT_MASK);
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_SEARCH_ENTRY, GTK_WIDGET (picker), "Shift+Tab back to the search");
  /* the list is one stop: Tab in, Tab out, Shift+Tab back */
  key (GDK_KEY_Tab, 0);
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_LIST_BOX_ROW, GTK_WIDGET (picker), "Tab into the list");
  key (GDK_KEY_Tab, 0);
  if (gtk_widget_is_ancestor (focus_of (GTK_WINDOW (window)), GTK_WIDGET (picker)))
    g_error ("Tab walked the performance list instead of leaving it");
  key (GDK_KEY_Tab, GDK_SHIFT_MASK);
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_LIST_BOX_ROW, GTK_WIDGET (picker), "Shift+Tab back to the list");
  /* the arrows move within it, choosing nothing; Enter chooses */
  key (GDK_KEY_Down, 0);
  key (GDK_KEY_Up, 0);
  g_object_get (page, "performance-id", &chosen, NULL);
  g_assert_cmpint (chosen, ==, 0);
  key (GDK_KEY_Return, 0);
  g_object_get (page, "performance-id", &chosen, NULL);
  g_assert_cmpint (chosen, ==, perf);
  ts_test_ui_wait_until (page_idle, page, "the seat map");
  ts_test_ui_screenshot (GTK_WIDGET (window), "keyboard-performance.png");

  /* on to the map: a seat with the arrows and Space */
  for (guint i = 0; i < 6 && !TS_IS_SEAT_MAP (focus_of (GTK_WINDOW (window))); i++)
    key (GDK_KEY_Tab, 0);
  assert_focus_in (GTK_WINDOW (window), TS_TYPE_SEAT_MAP, NULL, "Tab to the map");
  key (GDK_KEY_Right, 0);
  key (GDK_KEY_space, 0);

  /* Tab to Add Selected Seats and press it: the button waits insensitive
   * for the answer, and the focus goes on to the patron, never lost */
  for (guint i = 0; i < 20 && !is_add_button (focus_of (GTK_WINDOW (window))); i++)
    key (GDK_KEY_Tab, 0);
  g_assert_true (is_add_button (focus_of (GTK_WINDOW (window))));
  key (GDK_KEY_Return, 0);
  g_assert_nonnull (focus_of (GTK_WINDOW (window)));
  ts_test_ui_wait_until (cart_has_one, page, "the seat in the cart");
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_SEARCH_ENTRY, GTK_WIDGET (_ts_sales_page_get_checkout (page)),
                   "after Add Selected Seats");
  /* Tab and back: still the Sales section */
  key (GDK_KEY_Tab, 0);
  key (GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (gtk_widget_get_child_visible (stack_page));
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_SEARCH_ENTRY, GTK_WIDGET (_ts_sales_page_get_checkout (page)),
                   "Tab and Shift+Tab from the patron search");

  /* the patron: typed, Down into the patrons found, Enter */
  ts_test_input_type ("lovelace");
  ts_test_ui_wait_until (patrons_found, page, "the patrons found");
  key (GDK_KEY_Down, 0);
  assert_focus_in (GTK_WINDOW (window), GTK_TYPE_LIST_BOX_ROW, GTK_WIDGET (_ts_sales_page_get_checkout (page)),
                   "Down from the patron search");
  key (GDK_KEY_Return, 0);
  ts_test_ui_wait_until (page_idle, page, "the patron's vouchers");
  g_assert_cmpint (ts_checkout_get_patron_id (_ts_sales_page_get_checkout (page)), ==, patron);
  ts_test_ui_screenshot (GTK_WIDGET (window), "keyboard-patron.png");

  /* Ctrl+Return sells, as the Sell button's tooltip says; the receipt is on the message line */
  {
    GtkWidget *sell = find_action_button (GTK_WIDGET (page), "sales.sell");
    g_autofree char *label = gtk_accelerator_get_label (GDK_KEY_Return, GDK_CONTROL_MASK);

    g_assert_nonnull (sell);
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (sell), label));
  }
  windows_before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  key (GDK_KEY_Return, GDK_CONTROL_MASK);
  ts_test_ui_wait_until (sold, page, "the sale");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                      " WHERE i.performance_id = %" G_GINT64_FORMAT " AND o.purchaser_id = %" G_GINT64_FORMAT,
                                      perf, patron), ==, 1);
  g_assert_true (gtk_widget_get_child_visible (stack_page));
  ts_test_ui_screenshot (GTK_WIDGET (window), "keyboard-sold.png");

  /* F1: one keystroke prints the tickets, so nothing takes the focus from
   * Print Tickets: no order window comes up by itself; Open Order brings it */
  ts_test_ui_pause (300);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows_before);
  {
    GtkWidget *focus = focus_of (GTK_WINDOW (window));

    g_assert_true (GTK_IS_BUTTON (focus));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "sales.print-tickets");
  }
  /* The after-sale buttons leave the Sales page within the room the main
   * window gives it at 1024 pixels (about 200 go to the list of sections and
   * the borders), in French too: side by side at equal widths, "Enregistrer
   * en PDF…" and "Imprimer le reçu" made it 830 */
  {
    int min_width = 0;

    gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    g_test_message ("after a sale the Sales page needs %d pixels across", min_width);
    g_assert_cmpint (min_width, <=, 820);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.open-order", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows_before + 1);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (TS_IS_ORDER_WINDOW (toplevel))
        {
          opened = TRUE;
          gtk_window_destroy (GTK_WINDOW (toplevel));
          break;
        }
    }
  g_assert_true (opened);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_up (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Recital Hall\", \"size\": {\"width\": 400, \"height\": 200},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Hall\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 8,"
      "   \"x\": 60, \"y\": 50, \"seat_spacing\": 26, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 event, adult;

  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Keyboard Quartet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                             " VALUES (%" G_GINT64_FORMAT ", 'Adult', 3000, 'A') RETURNING id", uth);
  for (guint i = 0; i < 2; i++)
    {
      gint64 id = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                     " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                     " now () + interval '%u days', 16, 16, now () - interval '1 day') RETURNING id",
                                     event, uth, 10 + i);

      ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                          G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, id);
      if (i == 0)
        perf = id;
      else
        later_perf = id;
    }
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Ada', 'Lovelace') RETURNING id");
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
  g_test_add_func ("/client/keyboard/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/client/keyboard/whole-sale", test_whole_sale);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
