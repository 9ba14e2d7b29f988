/* test-client-admin.c — the administrator's windows as an administrator and
 * the Master User use them, against a real server, under X: an outlet's
 * preferences page by page (C7, M8) and its web storefront (F3), a theatre map duplicated for an
 * outlet (M2), and an employee who is a patron already (C3).  With TESSERA_SCREENSHOTS=DIR set, each state is saved as a
 * PNG there, to be looked at. */
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-employee-editor-dialog-private.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-outlet-copy-dialog-private.h"
#include "ts-maps-page-private.h"
#include "ts-outlet-preferences-dialog-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"

static TsTestServer *server;

static void
on_saved (TsDialog   *dialog,
          JsonObject *answer,
          gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static char *
outlet_sql (const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM outlet WHERE code = 'UTH'", column);

  return ts_test_owner_sql (server, sql);
}

/* C7: the administrator picks the time zone from a searched list (never
 * typed), the payment methods the tills take, the receipt texts and the
 * hold letters other outlets may release (M8), each on its page; all of it
 * is saved at once. */
static void
test_preferences_pages (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "admin");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  TsOutletPreferencesDialog *preferences = ts_outlet_preferences_dialog_new (NULL, admin, uth);
  gboolean saved = FALSE;
  guint shown;

  /* signed in: Toronto's times (19:30 UTC is 15:30 there in July) */
  {
    g_autofree char *toronto = ts_format_time ("2026-07-01T19:30:00Z", TS_TIME_ENTRY);

    g_assert_cmpstr (toronto, ==, "2026-07-01 15:30");
    g_assert_cmpuint (g_strv_length ((char **) ts_api_client_get_payment_methods (admin)), ==, 6);
  }

  g_signal_connect (preferences, "saved", G_CALLBACK (on_saved), &saved);
  gtk_window_present (GTK_WINDOW (preferences));
  ts_test_ui_wait_property (preferences, "ready", TRUE);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, preferences, "the outlet preferences");
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_name (preferences), ==, "University Theatre");
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_time_zone (preferences), ==, "America/Toronto");
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-identity.png");

  /* the time zone: searched by city, in any case, spaces for underscores */
  _ts_outlet_preferences_dialog_show_page (preferences, "time-zone");
  _ts_outlet_preferences_dialog_search_time_zone (preferences, "st johns");
  shown = _ts_outlet_preferences_dialog_pick_time_zone (preferences, 0);
  g_assert_cmpuint (shown, ==, 1);
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_time_zone (preferences), ==, "America/St_Johns");
  /* a search that hides the chosen zone does not change it */
  _ts_outlet_preferences_dialog_search_time_zone (preferences, "zzz");
  g_assert_cmpuint (_ts_outlet_preferences_dialog_pick_time_zone (preferences, 0), ==, 0);
  _ts_outlet_preferences_dialog_search_time_zone (preferences, "VANCOUVER");
  g_assert_cmpuint (_ts_outlet_preferences_dialog_pick_time_zone (preferences, G_MAXUINT), ==, 1);
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_time_zone (preferences), ==, "America/St_Johns");
  _ts_outlet_preferences_dialog_pick_time_zone (preferences, 0);
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_time_zone (preferences), ==, "America/Vancouver");
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-time-zone.png");

  /* payment methods: none at all is refused, on their page */
  _ts_outlet_preferences_dialog_show_page (preferences, "identity");
  for (guint i = 0; i < 6; i++)
    {
      static const char * const methods[] = { "cash", "cheque", "card", "gift_certificate", "pass", "on_account" };

      _ts_outlet_preferences_dialog_set_method (preferences, methods[i], FALSE);
    }
  ts_test_ui_submit (preferences);
  g_assert_true (ts_test_ui_dialog_says (preferences));
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_page (preferences), ==, "payments");
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-payments-refused.png");
  g_assert_false (saved);
  _ts_outlet_preferences_dialog_set_method (preferences, "cash", TRUE);
  _ts_outlet_preferences_dialog_set_method (preferences, "card", TRUE);

  /* receipts */
  _ts_outlet_preferences_dialog_show_page (preferences, "receipts");
  _ts_outlet_preferences_dialog_set_receipt (preferences, "University Theatre\nBox office", "Keep this receipt");
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-receipts.png");

  /* holds: only the letters in use can be switched on */
  _ts_outlet_preferences_dialog_show_page (preferences, "holds");
  g_assert_true (_ts_outlet_preferences_dialog_letter_usable (preferences, 'c'));
  g_assert_true (_ts_outlet_preferences_dialog_letter_usable (preferences, 'p'));
  g_assert_false (_ts_outlet_preferences_dialog_letter_usable (preferences, 'z'));
  _ts_outlet_preferences_dialog_set_letter (preferences, 'c', TRUE);
  _ts_outlet_preferences_dialog_set_letter (preferences, 'p', TRUE);
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-holds.png");

  g_object_ref (preferences);
  ts_test_ui_submit (preferences);
  ts_test_ui_wait_until (flag_set, &saved, "the preferences saved");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (preferences)), ==, "");
  {
    g_autofree char *zone = outlet_sql ("time_zone");
    g_autofree char *methods = outlet_sql ("payment_methods::text");
    g_autofree char *header = outlet_sql ("receipt_header");
    g_autofree char *footer = outlet_sql ("receipt_footer");
    g_autofree char *letters = outlet_sql ("releasable_hold_letters");

    g_assert_cmpstr (zone, ==, "America/Vancouver");
    g_assert_cmpstr (methods, ==, "{cash,card}");
    g_assert_cmpstr (header, ==, "University Theatre\nBox office");
    g_assert_cmpstr (footer, ==, "Keep this receipt");
    g_assert_cmpstr (letters, ==, "cp");
  }
  /* C7: the administrator's own outlet, so times on screen are Vancouver's
   * from now on and the tills offer cash and card, without signing out */
  {
    g_autofree char *vancouver = ts_format_time ("2026-07-01T19:30:00Z", TS_TIME_ENTRY);
    const char * const *methods = ts_api_client_get_payment_methods (admin);

    g_assert_cmpstr (vancouver, ==, "2026-07-01 12:30");
    g_assert_nonnull (methods);
    g_assert_cmpuint (g_strv_length ((char **) methods), ==, 2);
    g_assert_cmpstr (methods[0], ==, "cash");
    g_assert_cmpstr (methods[1], ==, "card");
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_finalize_object (preferences);

  /* what was saved comes back when the window is opened again */
  {
    TsOutletPreferencesDialog *again = ts_outlet_preferences_dialog_new (NULL, admin, uth);

    gtk_window_present (GTK_WINDOW (again));
    ts_test_ui_wait_property (again, "ready", TRUE);
    g_assert_cmpstr (_ts_outlet_preferences_dialog_get_time_zone (again), ==, "America/Vancouver");
    _ts_outlet_preferences_dialog_show_page (again, "payments");
    ts_test_ui_screenshot (GTK_WIDGET (again), "preferences-payments.png");
    gtk_window_destroy (GTK_WINDOW (again));
  }
  g_free (ts_test_owner_sql (server, "UPDATE outlet SET time_zone = 'America/Toronto', releasable_hold_letters = '',"
                                     " payment_methods = DEFAULT, receipt_header = NULL, receipt_footer = NULL"
                                     " WHERE code = 'UTH'"));
}

/* F3: the administrator opens the outlet's web storefront, gives it a host
 * name of its own (a mistyped one is refused on its page before anything
 * is sent), its colour, welcome texts in both languages and until when
 * patrons may cancel online; the page shows (and copies) where patrons
 * find it, and what was saved comes back. */
static void
test_storefront_page (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "admin");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  TsOutletPreferencesDialog *preferences = ts_outlet_preferences_dialog_new (NULL, admin, uth);
  g_autofree char *address = g_strdup_printf ("%s/shop/UTH/", ts_api_client_get_base_url (admin));
  gboolean saved = FALSE;
  GtkWidget *open_check, *host_entry;

  g_signal_connect (preferences, "saved", G_CALLBACK (on_saved), &saved);
  gtk_window_present (GTK_WINDOW (preferences));
  ts_test_ui_wait_property (preferences, "ready", TRUE);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, preferences, "the outlet preferences");
  _ts_outlet_preferences_dialog_show_page (preferences, "storefront");
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_storefront_address (preferences), ==, address);
  open_check = ts_test_ui_find_check_by_label (GTK_WIDGET (preferences), "Sell _online at this outlet’s web storefront");
  host_entry = ts_test_ui_find_entry_by_placeholder (GTK_WIDGET (preferences), "shop.example.org (optional)");
  g_assert_nonnull (open_check);
  g_assert_nonnull (host_entry);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (open_check)));
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-storefront-closed.png");

  /* the address is copied as shown */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (preferences));
    GValue copied = G_VALUE_INIT;

    gtk_widget_activate_action (GTK_WIDGET (preferences), "storefront.copy-address", NULL);
    g_value_init (&copied, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &copied, NULL));
    g_assert_cmpstr (g_value_get_string (&copied), ==, address);
    g_value_unset (&copied);
  }

  /* a web address where a host name goes: refused on its page, nothing sent */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (open_check), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (host_entry), "https://tickets.uth.example.org/");
  _ts_outlet_preferences_dialog_show_page (preferences, "identity");
  ts_test_ui_submit (preferences);
  g_assert_true (ts_test_ui_dialog_says (preferences));
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_page (preferences), ==, "storefront");
  g_assert_true (g_str_has_prefix (ts_dialog_get_message (TS_DIALOG (preferences)), ts_test_ui_tr ("Host name")));
  {
    /* the focus in the entry (in its text, as GTK 4 has it) */
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (preferences));

    g_assert_true (focus != NULL && (focus == host_entry || gtk_widget_is_ancestor (focus, host_entry)));
  }
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-storefront-refused.png");
  g_assert_false (saved);
  {
    g_autofree char *enabled = outlet_sql ("web_enabled::text");

    g_assert_cmpstr (enabled, ==, "false");
  }

  /* typed as a person types it; the page shows the second address at once */
  gtk_editable_set_text (GTK_EDITABLE (host_entry), "Tickets.UTH.example.org");
  g_assert_nonnull (strstr (_ts_outlet_preferences_dialog_get_storefront_address (preferences),
                            "//tickets.uth.example.org"));
  _ts_outlet_preferences_dialog_set_storefront (preferences, "#a3191f", "Welcome to the University Theatre.",
                                                "Bienvenue au Théâtre universitaire.", 24);
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-storefront.png");
  g_object_ref (preferences);
  ts_test_ui_submit (preferences);
  ts_test_ui_wait_until (flag_set, &saved, "the storefront saved");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (preferences)), ==, "");
  {
    g_autofree char *row = outlet_sql ("concat_ws ('|', web_enabled, web_host, web_colour, web_intro_en, web_intro_fr,"
                                       " web_cancel_hours)");

    g_assert_cmpstr (row, ==, "t|tickets.uth.example.org|#a3191f|Welcome to the University Theatre."
                              "|Bienvenue au Théâtre universitaire.|24");
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_finalize_object (preferences);

  /* what was saved comes back; cancelling online is switched off again */
  {
    TsOutletPreferencesDialog *again = ts_outlet_preferences_dialog_new (NULL, admin, uth);
    GtkWidget *reopened;

    saved = FALSE;
    g_signal_connect (again, "saved", G_CALLBACK (on_saved), &saved);
    gtk_window_present (GTK_WINDOW (again));
    ts_test_ui_wait_property (again, "ready", TRUE);
    _ts_outlet_preferences_dialog_show_page (again, "storefront");
    reopened = ts_test_ui_find_check_by_label (GTK_WIDGET (again), "Sell _online at this outlet’s web storefront");
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (reopened)));
    g_assert_nonnull (strstr (_ts_outlet_preferences_dialog_get_storefront_address (again), "//tickets.uth.example.org"));
    ts_test_ui_screenshot (GTK_WIDGET (again), "preferences-storefront-saved.png");
    _ts_outlet_preferences_dialog_set_storefront (again, "#a3191f", "Welcome to the University Theatre.", "", 0);
    ts_test_ui_submit (again);
    ts_test_ui_wait_until (flag_set, &saved, "the storefront saved again");
    {
      g_autofree char *row = outlet_sql ("concat_ws ('|', web_enabled, web_intro_fr = '', web_cancel_hours IS NULL)");

      g_assert_cmpstr (row, ==, "t|t|t");
    }
  }
  g_free (ts_test_owner_sql (server, "UPDATE outlet SET web_enabled = false, web_host = NULL, web_colour = DEFAULT,"
                                     " web_intro_en = '', web_intro_fr = '', web_cancel_hours = NULL WHERE code = 'UTH'"));
}

/* The mnemonic key of the label that names target (or is inside it, for a
 * check button), in the language the test runs in. */
static guint
mnemonic_of (GtkWidget *root,
             GtkWidget *target)
{
  if (GTK_IS_LABEL (root)
      && (gtk_label_get_mnemonic_widget (GTK_LABEL (root)) == target || gtk_widget_is_ancestor (root, target)))
    return gtk_label_get_mnemonic_keyval (GTK_LABEL (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      guint keyval = mnemonic_of (child, target);

      if (keyval != GDK_KEY_VoidSymbol)
        return keyval;
    }
  return GDK_KEY_VoidSymbol;
}

static void
key (guint           keyval,
     GdkModifierType modifiers)
{
  ts_test_input_key_with (keyval, modifiers);
  ts_test_ui_pause (50);
}

static gboolean
focus_in (GtkWindow *window,
          GtkWidget *within)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (focus == within || gtk_widget_is_ancestor (focus, within));
}

#define STOREFRONT_CHILD(dialog, name) \
  GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), TS_TYPE_OUTLET_PREFERENCES_DIALOG, name))

/* F3: the storefront page by keys alone: opened with its mnemonic, the
 * host name typed, cancelling online switched on and its hours raised with
 * the arrow, the English welcome typed, and Save. */
static void
test_storefront_keyboard (void)
{
  g_autoptr(TsApiClient) admin = NULL;
  g_autofree char *reason = NULL;
  TsOutletPreferencesDialog *preferences;
  GtkWidget *open_check, *host, *cancel_check, *cancel_spin, *intro_en, *intro_fr, *save;
  gboolean saved = FALSE;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  admin = ts_test_ui_sign_in (server, "UTH", "admin");
  preferences = ts_outlet_preferences_dialog_new (NULL, admin, ts_test_outlet_id (server, "UTH"));
  g_signal_connect (preferences, "saved", G_CALLBACK (on_saved), &saved);
  gtk_window_present (GTK_WINDOW (preferences));
  ts_test_ui_wait_property (preferences, "ready", TRUE);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, preferences, "the outlet preferences");
  _ts_outlet_preferences_dialog_show_page (preferences, "storefront");
  open_check = STOREFRONT_CHILD (preferences, "web_check");
  host = STOREFRONT_CHILD (preferences, "web_host_entry");
  cancel_check = STOREFRONT_CHILD (preferences, "web_cancel_check");
  cancel_spin = STOREFRONT_CHILD (preferences, "web_cancel_spin");
  intro_en = STOREFRONT_CHILD (preferences, "web_intro_en_view");
  intro_fr = STOREFRONT_CHILD (preferences, "web_intro_fr_view");
  save = gtk_window_get_default_widget (GTK_WINDOW (preferences));
  ts_test_ui_pause (100);
  ts_test_input_move (host, 5, 5);                     /* keys go to the window under the pointer */

  key (mnemonic_of (GTK_WIDGET (preferences), open_check), GDK_ALT_MASK);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (open_check)));
  key (mnemonic_of (GTK_WIDGET (preferences), host), GDK_ALT_MASK);
  g_assert_true (focus_in (GTK_WINDOW (preferences), host));
  ts_test_input_type ("shop.uth.example.org");
  ts_test_ui_pause (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (host)), ==, "shop.uth.example.org");

  key (mnemonic_of (GTK_WIDGET (preferences), intro_en), GDK_ALT_MASK);
  g_assert_true (focus_in (GTK_WINDOW (preferences), intro_en));
  ts_test_input_type ("Hello");
  ts_test_ui_pause (50);

  /* past the French welcome, Tab reaches cancelling online; Space switches
   * it on, and its hours, usable only then, are the next Tab stop */
  key (mnemonic_of (GTK_WIDGET (preferences), intro_fr), GDK_ALT_MASK);
  g_assert_true (focus_in (GTK_WINDOW (preferences), intro_fr));
  key (GDK_KEY_Tab, 0);
  g_assert_true (focus_in (GTK_WINDOW (preferences), cancel_check));
  g_assert_false (gtk_widget_get_sensitive (cancel_spin));
  key (GDK_KEY_space, 0);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (cancel_check)));
  g_assert_true (gtk_widget_get_sensitive (cancel_spin));
  key (GDK_KEY_Tab, 0);
  g_assert_true (focus_in (GTK_WINDOW (preferences), cancel_spin));
  key (GDK_KEY_Up, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (cancel_spin)), ==, 49);
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "preferences-storefront-keyboard.png");

  key (mnemonic_of (save, save), GDK_ALT_MASK);
  ts_test_ui_wait_until (flag_set, &saved, "the storefront saved by keys");
  {
    g_autofree char *row = outlet_sql ("concat_ws ('|', web_enabled, web_host, web_cancel_hours, web_intro_en)");

    g_assert_cmpstr (row, ==, "t|shop.uth.example.org|49|Hello");
  }
  g_free (ts_test_owner_sql (server, "UPDATE outlet SET web_enabled = false, web_host = NULL, web_intro_en = '',"
                                     " web_cancel_hours = NULL WHERE code = 'UTH'"));
}

static GListModel *
maps_of (TsMapsPage *page)
{
  g_autoptr(GListModel) maps = NULL;

  g_object_get (page, "maps", &maps, NULL);
  return maps;      /* the page keeps it */
}

static gboolean
model_filled (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

typedef struct
{
  TsMapsPage *page;
  const char *name;
  const char *owner;
} MapWait;

static gint64
find_map (TsMapsPage *page,
          const char *name,
          const char *owner)
{
  GListModel *maps = maps_of (page);

  for (guint i = 0; i < g_list_model_get_n_items (maps); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (maps, i);
      JsonObject *map = ts_json_item_get_object (item);

      if (g_str_equal (json_object_get_string_member (map, "name"), name)
          && g_str_equal (json_object_get_string_member (json_object_get_object_member (map, "outlet"), "code"), owner))
        return ts_json_item_get_id (item);
    }
  return 0;
}

static gboolean
map_listed (gpointer data)
{
  MapWait *wait = data;

  return find_map (wait->page, wait->name, wait->owner) != 0;
}

static guint
position_of (TsMapsPage *page,
             gint64      id)
{
  GListModel *maps = maps_of (page);

  for (guint i = 0; i < g_list_model_get_n_items (maps); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (maps, i);

      if (ts_json_item_get_id (item) == id)
        return i;
    }
  g_assert_not_reached ();
}

static GtkWidget *
page_window (TsMapsPage *page)
{
  GtkWidget *holder = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (holder), 900, 500);
  gtk_window_present (GTK_WINDOW (holder));
  return holder;
}

/* M2: the Master User copies a map and gives the copy to an outlet from the
 * maps page; the copy appears, owned by that outlet.  Nobody else sees the
 * action. */
static void
test_duplicate_map (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
                                                "{\"format\": \"generator\", \"demo\": \"studio\", \"name\": \"Studio One\"}", 201);
  gint64 original = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  g_autoptr(TsApiClient) uth_manager = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autoptr(TsApiClient) uth_admin = ts_test_ui_sign_in (server, "UTH", "admin");
  TsMapsPage *page = g_object_new (TS_TYPE_MAPS_PAGE, "client", master, NULL);
  GtkWidget *holder = page_window (page);
  TsOutletCopyDialog *dialog;
  gboolean saved = FALSE;
  MapWait wait = { page, "Studio One for Athletics", "ATH" };

  ts_test_ui_wait_until (model_filled, maps_of (page), "the map list");
  g_assert_true (_ts_maps_page_offers_duplicate (page));

  _ts_maps_page_select (page, position_of (page, original));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "maps.duplicate", NULL));
  dialog = TS_OUTLET_COPY_DIALOG (ts_test_ui_find_window (TS_TYPE_OUTLET_COPY_DIALOG));
  g_assert_nonnull (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  ts_test_ui_wait_property (dialog, "ready", TRUE);
  ts_test_ui_screenshot (GTK_WIDGET (holder), "maps-page-master.png");

  /* a name is needed */
  g_assert_true (_ts_outlet_copy_dialog_choose_outlet (dialog, "ATH"));
  _ts_outlet_copy_dialog_set_name (dialog, "  ");
  ts_test_ui_submit (dialog);
  g_assert_true (ts_test_ui_dialog_says (dialog));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "map-duplicate-refused.png");

  _ts_outlet_copy_dialog_set_name (dialog, "Studio One for Athletics");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "map-duplicate.png");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (flag_set, &saved, "the copy made");
  ts_test_ui_wait_until (map_listed, &wait, "the copy in the list");
  ts_test_ui_screenshot (GTK_WIDGET (holder), "maps-page-copied.png");
  {
    gint64 copy = find_map (page, "Studio One for Athletics", "ATH");
    g_autofree char *sql = g_strdup_printf ("SELECT copied_from FROM theatre_map WHERE id = %" G_GINT64_FORMAT, copy);
    g_autofree char *from = ts_test_owner_sql (server, sql);
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, original);

    g_assert_cmpint (copy, !=, original);
    g_assert_cmpstr (from, ==, expected);
    /* the original is as it was, still UTH's */
    g_assert_cmpint (find_map (page, "Studio One", "UTH"), ==, original);
  }
  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (holder));
  g_assert_finalize_object (page);

  /* nobody else sees it: not a manager, not an outlet's administrator */
  {
    TsApiClient *others[] = { uth_manager, uth_admin };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        TsMapsPage *theirs = g_object_new (TS_TYPE_MAPS_PAGE, "client", others[i], NULL);
        GtkWidget *window = page_window (theirs);

        ts_test_ui_wait_until (model_filled, maps_of (theirs), "the map list");
        _ts_maps_page_select (theirs, 0);
        g_assert_false (_ts_maps_page_offers_duplicate (theirs));
        if (i == 0)
          ts_test_ui_screenshot (window, "maps-page-manager.png");
        gtk_window_destroy (GTK_WINDOW (window));
      }
  }
}

typedef struct
{
  TsEmployeeEditorDialog *editor;
  guint                   answered;
} SearchWait;

static gboolean
people_listed (gpointer data)
{
  SearchWait *wait = data;

  return _ts_employee_editor_dialog_get_searches_answered (wait->editor) > wait->answered
         && _ts_employee_editor_dialog_count_people (wait->editor) > 0;
}

static gint64
sql_int (const char *sql)
{
  g_autofree char *text = ts_test_owner_sql (server, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Opens the new-employee editor of ATH, finds the person by name and
 * links their record; answers the editor, presented. */
static TsEmployeeEditorDialog *
editor_with_person (TsApiClient *admin,
                    gint64       ath,
                    const char  *query,
                    gint64       person,
                    gboolean    *saved)
{
  TsEmployeeEditorDialog *editor = ts_employee_editor_dialog_new (NULL, admin, ath, NULL);
  SearchWait wait = { editor, 0 };

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), saved);
  gtk_window_present (GTK_WINDOW (editor));
  ts_test_ui_screenshot (GTK_WIDGET (editor), "employee-new.png");
  _ts_employee_editor_dialog_search_person (editor, query);
  ts_test_ui_wait_until (people_listed, &wait, "the people found");
  ts_test_ui_screenshot (GTK_WIDGET (editor), "employee-person-found.png");
  g_assert_true (_ts_employee_editor_dialog_choose_person (editor, person));
  g_assert_cmpint (_ts_employee_editor_dialog_get_person (editor), ==, person);
  return editor;
}

static gboolean
searched (gpointer data)
{
  return _ts_employee_editor_dialog_get_searches_answered (data) > 0;
}

/* P6: a person the search does not find is said to be not found, in
 * words, before the administrator types the names of a new one. */
static void
test_employee_person_no_match (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "ATH", "admin");
  TsEmployeeEditorDialog *editor = ts_employee_editor_dialog_new (NULL, admin, ts_test_outlet_id (server, "ATH"), NULL);

  gtk_window_present (GTK_WINDOW (editor));
  _ts_employee_editor_dialog_search_person (editor, "zqxwv");
  ts_test_ui_wait_until (searched, editor, "the empty answer");
  g_assert_cmpuint (_ts_employee_editor_dialog_count_people (editor), ==, 0);
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (editor), ts_test_ui_tr ("No patron matches — check the spelling or create a new one")));
  ts_test_ui_screenshot (GTK_WIDGET (editor), "employee-person-no-match.png");
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* C3: an administrator adding an employee links the person's existing
 * patron record, found with the patron search: a person employed by two
 * outlets has one patron record and two employee records; never two in
 * one outlet. */
static void
test_employee_person (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "ATH", "admin");
  gint64 ath = ts_test_outlet_id (server, "ATH");
  gint64 person = sql_int ("SELECT e.patron_id FROM employee e JOIN outlet o ON o.id = e.outlet_id"
                           " WHERE o.code = 'UTH' AND e.login = 'walkup'");
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *query = NULL;
  g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM employee WHERE patron_id = %" G_GINT64_FORMAT, person);
  gint64 patrons_before = sql_int ("SELECT count (*) FROM patron");
  TsEmployeeEditorDialog *editor;
  gboolean saved = FALSE;

  {
    g_autofree char *sql = g_strdup_printf ("SELECT first_name FROM patron WHERE id = %" G_GINT64_FORMAT, person);
    g_autofree char *sql2 = g_strdup_printf ("SELECT last_name FROM patron WHERE id = %" G_GINT64_FORMAT, person);

    first = ts_test_owner_sql (server, sql);
    last = ts_test_owner_sql (server, sql2);
    query = g_strdup_printf ("%s %s", first, last);
  }
  g_assert_cmpint (sql_int (count_sql), ==, 1);

  editor = editor_with_person (admin, ath, query, person, &saved);
  _ts_employee_editor_dialog_fill (editor, "moonlighter", "moonlight-password");
  ts_test_ui_screenshot (GTK_WIDGET (editor), "employee-person-linked.png");
  g_object_ref (editor);
  ts_test_ui_submit (editor);
  ts_test_ui_wait_until (flag_set, &saved, "the employee added");
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);

  /* one person, two employee records, no new patron */
  g_assert_cmpint (sql_int (count_sql), ==, 2);
  g_assert_cmpint (sql_int ("SELECT count (*) FROM patron"), ==, patrons_before);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (DISTINCT outlet_id) FROM employee WHERE patron_id = %"
                                            G_GINT64_FORMAT, person);

    g_assert_cmpint (sql_int (sql), ==, 2);
  }

  /* the same person twice in ATH: refused, said in the dialog, which stays */
  saved = FALSE;
  editor = editor_with_person (admin, ath, last, person, &saved);
  _ts_employee_editor_dialog_fill (editor, "moonlighter2", "moonlight-password");
  ts_test_ui_submit (editor);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, editor, "the refusal");
  ts_test_ui_screenshot (GTK_WIDGET (editor), "employee-person-refused.png");
  g_assert_false (saved);
  g_assert_cmpint (sql_int (count_sql), ==, 2);
  gtk_window_destroy (GTK_WINDOW (editor));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();

  g_test_add_func ("/client/admin/preferences-pages", test_preferences_pages);
  g_test_add_func ("/client/admin/storefront", test_storefront_page);
  g_test_add_func ("/client/admin/storefront-keyboard", test_storefront_keyboard);
  g_test_add_func ("/client/admin/duplicate-map", test_duplicate_map);
  g_test_add_func ("/client/admin/employee-person", test_employee_person);
  g_test_add_func ("/client/admin/employee-person-no-match", test_employee_person_no_match);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
