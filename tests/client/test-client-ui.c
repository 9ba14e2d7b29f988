/* test-client-ui.c — the real client windows against a real server, under X
 *
 * The sign-in dialog signs in (and says what went wrong when it cannot), the
 * main window shows the sections of each level, and the administration
 * windows load their data.  With TESSERA_SCREENSHOTS=DIR set, each window is
 * also saved as a PNG there, to be looked at. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ts-address-editor-private.h"
#include "ts-application-private.h"
#include "ts-employee-editor-dialog.h"
#include "ts-employees-dialog-private.h"
#include "ts-format.h"

#include "ts-json-item.h"
#include "ts-seat-plan-pretix.h"
#include "ts-main-window.h"
#include "ts-map-window.h"
#include "ts-map-window-private.h"
#include "ts-maps-page-private.h"
#include "ts-connection-banner.h"
#include "ts-sales-page.h"
#include "ts-order-window.h"
#include "ts-outlet-list-window-private.h"
#include "ts-outlet-new-dialog-private.h"
#include "ts-outlet-preferences-dialog-private.h"
#include "ts-patron-new-dialog-private.h"
#include "ts-patron-window.h"
#include "ts-patron-tab-private.h"
#include "ts-patron-window-private.h"
#include "ts-patrons-page.h"
#include "ts-patrons-page-private.h"
#include "ts-reports-page.h"
#include "ts-seat-map-private.h"
#include "ts-seat-plan-pretix.h"
#include "ts-sign-in-dialog-private.h"
#include "ts-system-settings-dialog-private.h"
#include "ts-test-client.h"
#include "ts-test-ui.h"
#include "ts-window-state.h"

static TsTestServer *server;


static gboolean
outlets_ready (gpointer data)
{
  return _ts_sign_in_dialog_outlets_ready (data);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_sign_in_dialog (void)
{
  TsSignInDialog *dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  gint64 uth = ts_test_outlet_id (server, "UTH");
  g_autoptr(TsApiClient) client = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (outlets_ready, dialog, "the outlet list");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "sign-in.png");

  /* a wrong password says so */
  _ts_sign_in_dialog_fill (dialog, NULL, uth, "admin", "not-the-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the wrong-password message");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), ts_test_ui_tr ("Wrong outlet, login or password. Check them and try again.")));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "sign-in-error.png");

  /* the right one signs in */
  ts_test_ui_keep_signed_in (GTK_WINDOW (dialog), &client);
  _ts_sign_in_dialog_fill (dialog, NULL, uth, "admin", "admin-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_signed_in (&client, "signing in");
  g_assert_cmpint (ts_api_client_get_level (client), ==, TS_LEVEL_ADMIN);
  g_assert_cmpint (ts_api_client_get_outlet_id (client), ==, uth);
  g_assert_cmpstr (ts_api_client_get_outlet_name (client), ==, "University Theatre");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* C6: a locked login is told so, not that the password is wrong */
static void
test_sign_in_locked (void)
{
  TsSignInDialog *dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  g_autofree char *x = ts_test_owner_sql (server,
      "UPDATE employee SET locked = true WHERE login = 'walkup'"
      " AND outlet_id = (SELECT id FROM outlet WHERE code = 'TIX')");

  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (outlets_ready, dialog, "the outlet list");
  _ts_sign_in_dialog_fill (dialog, NULL, ts_test_outlet_id (server, "TIX"), "walkup", "wrong-one");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the first message");
  _ts_sign_in_dialog_fill (dialog, NULL, ts_test_outlet_id (server, "TIX"), "walkup", "walkup-password");
  ts_test_ui_submit (dialog);
  /* the old message went when the dialog sent the new attempt */
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the locked message");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==,
                   ts_test_ui_tr ("This login is locked by an administrator. Ask your administrator to unlock it."));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
bad_password_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ts_api_client_sign_in_finish (TS_API_CLIENT (source), result, &error));
  g_assert_nonnull (error);
  *(gboolean *) user_data = TRUE;
}

/* C6: five bad passwords lock the login for a while; the dialog says until
 * when, in local time, rather than repeating "wrong password". */
static void
test_sign_in_locked_out (void)
{
  gint64 ath = ts_test_outlet_id (server, "ATH");
  TsSignInDialog *dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  g_autoptr(TsApiClient) client = ts_api_client_new (ts_test_server_get_url (server));
  const char *message;

  /* from a place this login signs in from (elsewhere it would only wait) */
  g_free (ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password"));
  for (int i = 0; i < 5; i++)
    {
      gboolean done = FALSE;

      ts_api_client_sign_in_async (client, ath, "boxoffice", "not-the-password", NULL, bad_password_done, &done);
      ts_test_ui_wait_until (flag_set, &done, "a refused sign-in");
    }

  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (outlets_ready, dialog, "the outlet list");
  _ts_sign_in_dialog_fill (dialog, NULL, ath, "boxoffice", "boxoffice-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the lock-out message");
  message = ts_dialog_get_message (TS_DIALOG (dialog));
  {
    /* the sentence around the time of day, in the reader's language */
    g_auto(GStrv) around = g_strsplit (ts_test_ui_tr ("This login is locked until %s after too many bad passwords. "
                                                      "Wait until then, or ask your administrator to unlock it."), "%s", 2);
    g_autofree char *until = NULL;

    g_assert_true (g_str_has_prefix (message, around[0]));
    g_assert_true (g_str_has_suffix (message, around[1]));
    until = g_strndup (message + strlen (around[0]), strlen (message) - strlen (around[0]) - strlen (around[1]));
    g_assert_true (g_regex_match_simple ("^[0-2]?[0-9]( h |:)[0-5][0-9]$", until, 0, 0));
  }
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "sign-in-locked.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_free (ts_test_owner_sql (server,
      "UPDATE employee SET locked_until = NULL, failed_attempts = 0 WHERE login = 'boxoffice'"
      " AND outlet_id = (SELECT id FROM outlet WHERE code = 'ATH')"));
}

/* C6 from a place the login never signed in from: bad passwords make it
 * wait rather than lock; the dialog says how long, in the person's words. */
static void
test_sign_in_throttled (void)
{
  gint64 tix = ts_test_outlet_id (server, "TIX");
  TsSignInDialog *dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  g_autoptr(TsApiClient) client = ts_api_client_new (ts_test_server_get_url (server));
  const char *message;

  for (int i = 0; i < 5; i++)
    {
      gboolean done = FALSE;

      ts_api_client_sign_in_async (client, tix, "manager", "not-the-password", NULL, bad_password_done, &done);
      ts_test_ui_wait_until (flag_set, &done, "a refused sign-in");
    }

  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (outlets_ready, dialog, "the outlet list");
  _ts_sign_in_dialog_fill (dialog, NULL, tix, "manager", "manager-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the throttled message");
  message = ts_dialog_get_message (TS_DIALOG (dialog));
  {
    /* the one number it says, in the sentence of the reader's language */
    g_autoptr(GRegex) number_regex = g_regex_new ("[0-9]+", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *number = NULL;
    g_autofree char *expected = NULL;
    guint count;

    g_assert_true (g_regex_match_simple ("^[^0-9]*[0-9]+[^0-9]*$", message, 0, 0));
    g_assert_true (g_regex_match (number_regex, message, 0, &match));
    number = g_match_info_fetch (match, 0);
    count = (guint) g_ascii_strtoull (number, NULL, 10);
    expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many failed sign-ins. Try again in %u second.",
                                             "Too many failed sign-ins. Try again in %u seconds.", count), count);
    g_assert_cmpstr (message, ==, expected);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_free (ts_test_owner_sql (server, "DELETE FROM sign_in_throttle WHERE login_key = 'manager'"));
}

static void
test_sign_in_unreachable (void)
{
  TsSignInDialog *dialog = ts_sign_in_dialog_new (NULL, "http://127.0.0.1:1");

  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (outlets_ready, dialog, "the outlet list");
  _ts_sign_in_dialog_fill (dialog, NULL, 0, "master", "master-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the unreachable message");
  {
    /* why, in our words: nothing listens on port 1 (GIO's "Connection
     * refused", or its French, says nothing to an agent) */
    g_autofree char *said = g_strdup_printf (ts_test_ui_tr ("Cannot reach the server at %s: %s"), "http://127.0.0.1:1",
                                             ts_test_ui_tr ("nothing answers at that address; is the server running?"));

    g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, said);
  }
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "sign-in-unreachable.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}


static void
assert_sections (TsMainWindow *window,
                 const char   *expected)
{
  g_auto(GStrv) sections = NULL;
  g_autofree char *joined = NULL;

  g_object_get (window, "sections", &sections, NULL);
  joined = g_strjoinv (",", sections);
  g_assert_cmpstr (joined, ==, expected);
}

/* C4: the main window's sections follow the level. */
static void
test_main_window_sections (void)
{
  const struct { const char *outlet; const char *login; const char *sections; } cases[] = {
    { NULL, "master", "sales,patrons,events,reports,administration" },
    { "UTH", "admin", "sales,patrons,events,reports,administration" },
    { "UTH", "manager", "sales,patrons,events,reports" },
    { "UTH", "boxoffice", "sales,patrons,reports" },
    { "UTH", "walkup", "sales,patrons,reports" },
    { "UTH", "staff", "patrons,reports" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, cases[i].outlet, cases[i].login);
      TsMainWindow *window = ts_main_window_new (NULL, client);

      gtk_window_present (GTK_WINDOW (window));
      assert_sections (window, cases[i].sections);
      if (i < 2)
        {
          g_autofree char *name = g_strdup_printf ("main-window-%s.png", cases[i].login);

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "administration"));
          ts_test_ui_screenshot (GTK_WIDGET (window), name);
        }
      /* administration actions exist only where the level allows them */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.change-password", NULL));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static gboolean
model_filled (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
test_administration_windows (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "admin");
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  gint64 uth = ts_test_outlet_id (server, "UTH");
  TsEmployeesDialog *employees = ts_employees_dialog_new (NULL, admin, uth, "University Theatre");
  TsOutletPreferencesDialog *preferences = ts_outlet_preferences_dialog_new (NULL, admin, uth);
  TsOutletListWindow *outlets = ts_outlet_list_window_new (NULL, master);
  GListModel *rows;
  gboolean found_staff = FALSE;

  gtk_window_present (GTK_WINDOW (employees));
  gtk_window_present (GTK_WINDOW (preferences));
  gtk_window_present (GTK_WINDOW (outlets));

  rows = _ts_employees_dialog_get_model (employees);
  ts_test_ui_wait_until (model_filled, rows, "the employees");
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (rows, i);

      if (g_str_equal (json_object_get_string_member (ts_json_item_get_object (item), "login"), "staff"))
        found_staff = TRUE;
    }
  g_assert_true (found_staff);
  ts_test_ui_screenshot (GTK_WIDGET (employees), "employees.png");

  ts_test_ui_wait_until (ts_test_ui_dialog_idle, preferences, "the outlet preferences");
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_name (preferences), ==, "University Theatre");
  ts_test_ui_screenshot (GTK_WIDGET (preferences), "outlet-preferences.png");

  ts_test_ui_wait_until (model_filled, _ts_outlet_list_window_get_model (outlets), "the outlet list");
  g_assert_cmpuint (g_list_model_get_n_items (_ts_outlet_list_window_get_model (outlets)), ==, 3);
  ts_test_ui_screenshot (GTK_WIDGET (outlets), "outlet-list.png");

  gtk_window_destroy (GTK_WINDOW (employees));
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (outlets));
}

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

static gboolean
employees_filled (gpointer data)
{
  return g_list_model_get_n_items (_ts_employees_dialog_get_model (data)) > 0;
}

/* C7 from the main window: an administrator goes straight to his own
 * outlet's preferences, the Master User to the outlet list; the Master User
 * alone has the system settings (C1, C2). */
static void
test_main_window_administration (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "admin");
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TsMainWindow *window = ts_main_window_new (NULL, admin);
  GtkWindow *preferences, *employees, *outlets, *system;

  gtk_window_present (GTK_WINDOW (window));
  /* the page says what the preferences hold, the web storefront too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "administration"));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (window),
                                           ts_test_ui_tr ("Identity and logo, time zone, payment methods, receipts, holds "
                                                          "and the web storefront.")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.outlet-preferences", NULL));
  preferences = find_window (TS_TYPE_OUTLET_PREFERENCES_DIALOG);
  g_assert_nonnull (preferences);
  g_assert_null (find_window (TS_TYPE_OUTLET_LIST_WINDOW));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, preferences, "the own outlet's preferences");
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_name (TS_OUTLET_PREFERENCES_DIALOG (preferences)), ==,
                   "University Theatre");
  gtk_window_destroy (preferences);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.employees", NULL));
  employees = find_window (TS_TYPE_EMPLOYEES_DIALOG);
  g_assert_nonnull (employees);
  ts_test_ui_wait_until (employees_filled, employees, "the own outlet's employees");
  {
    GListModel *rows = _ts_employees_dialog_get_model (TS_EMPLOYEES_DIALOG (employees));
    g_autoptr(TsJsonItem) first = g_list_model_get_item (rows, 0);
    TsEmployeeEditorDialog *editor = NULL;

    /* the editor of an employee, for a look */
    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(TsJsonItem) item = g_list_model_get_item (rows, i);

        if (g_str_equal (json_object_get_string_member (ts_json_item_get_object (item), "login"), "boxoffice"))
          editor = ts_employee_editor_dialog_new (employees, admin, ts_api_client_get_outlet_id (admin),
                                                  ts_json_item_get_object (item));
      }
    g_assert_nonnull (first);
    g_assert_nonnull (editor);
    gtk_window_present (GTK_WINDOW (editor));
    ts_test_ui_screenshot (GTK_WIDGET (editor), "employee-editor.png");
    gtk_window_destroy (GTK_WINDOW (editor));
  }
  gtk_window_destroy (employees);
  gtk_window_destroy (GTK_WINDOW (window));

  window = ts_main_window_new (NULL, master);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.outlet-preferences", NULL));
  g_assert_null (find_window (TS_TYPE_OUTLET_PREFERENCES_DIALOG));
  outlets = find_window (TS_TYPE_OUTLET_LIST_WINDOW);
  g_assert_nonnull (outlets);
  ts_test_ui_wait_until (model_filled, _ts_outlet_list_window_get_model (TS_OUTLET_LIST_WINDOW (outlets)), "the outlet list");
  gtk_window_destroy (outlets);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.system-settings", NULL));
  system = find_window (TS_TYPE_SYSTEM_SETTINGS_DIALOG);
  g_assert_nonnull (system);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, system, "the system settings");
  g_assert_cmpint (_ts_system_settings_dialog_get_licence_count (TS_SYSTEM_SETTINGS_DIALOG (system)), >=, 3);
  ts_test_ui_screenshot (GTK_WIDGET (system), "system-settings.png");
  gtk_window_destroy (system);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* C1: a licence count below the outlets that exist is refused, and the
 * dialog says so and stays open. */
static void
test_system_settings_refused (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TsSystemSettingsDialog *dialog = ts_system_settings_dialog_new (NULL, master);

  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the system settings");
  _ts_system_settings_dialog_fill (dialog, 1);
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "cannot be lower than the 3 outlets"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "system-settings-refused.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* C1: with the licence count reached, the new-outlet dialog shows the
 * server's refusal, which names the count, and stays open. */
static void
test_outlet_new_licence_reached (void)
{
  g_autofree char *token = ts_test_sign_in (server, NULL, "master", "master-password");
  g_autoptr(JsonNode) limited = ts_test_expect (server, "PATCH", "/api/v1/system", token,
                                                "{\"licence_count\": 3}", 200);
  g_autoptr(JsonNode) restored = NULL;
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TsOutletNewDialog *dialog = ts_outlet_new_dialog_new (NULL, master);

  gtk_window_present (GTK_WINDOW (dialog));
  /* checked in the dialog first: nothing is sent */
  _ts_outlet_new_dialog_fill (dialog, "lower-case!", "Salle Bourgie", "Anne", "Roy", "admin", "long-enough-1");
  ts_test_ui_submit (dialog);
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), ts_test_ui_tr ("Code")));
  g_assert_false (ts_dialog_get_busy (TS_DIALOG (dialog)));

  _ts_outlet_new_dialog_fill (dialog, "BRG", "Salle Bourgie", "Anne", "Roy", "admin", "long-enough-1");
  ts_test_ui_submit (dialog);
  g_assert_true (ts_dialog_get_busy (TS_DIALOG (dialog)));
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");
  g_assert_false (ts_dialog_get_busy (TS_DIALOG (dialog)));
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "The licence allows 3 outlets"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "outlet-new-refused.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  restored = ts_test_expect (server, "PATCH", "/api/v1/system", token, "{\"licence_count\": 20}", 200);
}

/* An administrator's preferences dialog refuses another outlet's (C7): the
 * server's message is shown and nothing loads. */
static void
test_other_outlet_preferences_refused (void)
{
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "staff");
  TsOutletPreferencesDialog *preferences = ts_outlet_preferences_dialog_new (NULL, admin, ts_test_outlet_id (server, "ATH"));
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  gtk_window_present (GTK_WINDOW (preferences));
  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  g_assert_false (ts_test_ui_get_boolean (preferences, "ready"));
  g_assert_true (ts_test_ui_dialog_says (preferences));
  g_assert_cmpstr (_ts_outlet_preferences_dialog_get_name (preferences), ==, "");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The rows a tab of the record shows. */
static guint
rows_in (TsPatronWindow *window,
         const char     *tab)
{
  return _ts_patron_tab_get_n_rows (_ts_patron_window_get_tab (window, tab));
}

/* Closing the record frees it and each of its tabs: nothing keeps them. */
static void
close_record (TsPatronWindow *record)
{
  const char *names[] = { "contact", "orders", "vouchers", "notes", "tags", "donations", "memberships",
                          "preferences", "mailing-lists", "history" };
  GObject *tabs[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    tabs[i] = g_object_ref (G_OBJECT (_ts_patron_window_get_tab (record, names[i])));
  g_object_ref (record);
  gtk_window_close (GTK_WINDOW (record));
  g_assert_finalize_object (record);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_finalize_object (tabs[i]);
}

static void
show_tab (TsPatronWindow *window,
          const char     *tab)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "patron.show-tab", "s", tab));
}

/* The search results, as the page lists them. */
static GListModel *
patrons_of (TsPatronsPage *page)
{
  g_autoptr(GListModel) patrons = NULL;

  g_object_get (page, "patrons", &patrons, NULL);
  return patrons;   /* the page keeps it */
}

/* P6 and P4 in the client: search shows the shared directory; the record
 * shows this outlet's own data only. */
static void
test_patrons (void)
{
  g_autofree char *uth = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/patrons", uth,
      "{\"first_name\": \"Béatrice\", \"last_name\": \"Ouimet\", \"contact_points\": ["
      " {\"kind\": \"email\", \"value\": \"bea@example.org\"},"
      " {\"kind\": \"address\", \"line1\": \"8 Rue Ste-Catherine\", \"city\": \"Montréal\", \"postal_code\": \"H2X 1Z5\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *notes = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/notes", id);
  g_autoptr(JsonNode) note = ts_test_expect (server, "POST", notes, uth, "{\"body\": \"Prefers the balcony\"}", 201);
  g_autoptr(TsApiClient) same = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) other = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  TsMainWindow *window = ts_main_window_new (NULL, same);
  TsPatronsPage *page = ts_patrons_page_new (same);
  TsPatronWindow *record, *elsewhere;

  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  _ts_patrons_page_search (page, "beatrice ouim");
  ts_test_ui_wait_property (page, "busy", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (patrons_of (page)), >, 0);
  {
    g_autoptr(GObject) first = g_list_model_get_item (patrons_of (page), 0);
    g_assert_cmpint (ts_json_item_get_id (TS_JSON_ITEM (first)), ==, id);
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "patrons.png");

  record = ts_patron_window_new (GTK_WINDOW (window), same, id);
  gtk_window_present (GTK_WINDOW (record));
  ts_test_ui_wait_property (record, "loaded", TRUE);
  g_assert_cmpuint (rows_in (record, "contact"), ==, 2);
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron.png");

  /* another outlet sees the same person, without UTH's note */
  elsewhere = ts_patron_window_new (NULL, other, id);
  gtk_window_present (GTK_WINDOW (elsewhere));
  ts_test_ui_wait_property (elsewhere, "loaded", TRUE);
  {
    gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
  }
  g_assert_cmpuint (rows_in (record, "notes"), ==, 1);
  g_assert_cmpuint (rows_in (elsewhere, "notes"), ==, 0);
  g_assert_cmpuint (rows_in (elsewhere, "contact"), ==, 2);
  /* every tab, to be looked at */
  {
    const char *tabs[] = { "orders", "vouchers", "notes", "tags", "donations", "memberships", "preferences",
                           "mailing-lists" };

    for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
      {
        g_autofree char *name = g_strdup_printf ("patron-tab-%s.png", tabs[i]);

        show_tab (record, tabs[i]);
        ts_test_ui_screenshot (GTK_WIDGET (record), name);
      }
  }

  close_record (elsewhere);
  close_record (record);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What is on screen, found as a person finds it: by its label or placeholder. */
typedef gboolean (*Match) (GtkWidget *widget, const char *text);

static GtkWidget *
find_widget (GtkWidget  *root,
             Match       match,
             const char *text)
{
  if (gtk_widget_get_visible (root) && match (root, text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gtk_widget_get_visible (child) ? find_widget (child, match, text) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_drop_down (GtkWidget  *widget,
              const char *unused)
{
  return GTK_IS_DROP_DOWN (widget);
}

static gboolean
is_notebook (GtkWidget  *widget,
             const char *unused)
{
  return GTK_IS_NOTEBOOK (widget);
}

/* The tab shown in the patron record. */
static GtkWidget *
shown_tab (TsPatronWindow *window)
{
  GtkNotebook *notebook = GTK_NOTEBOOK (find_widget (GTK_WIDGET (window), is_notebook, NULL));

  return gtk_notebook_get_nth_page (notebook, gtk_notebook_get_current_page (notebook));
}

static void
type_into (TsPatronWindow *window,
           const char     *placeholder,
           const char     *text)
{
  GtkWidget *entry = ts_test_ui_find_entry_by_placeholder (shown_tab (window), placeholder);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
press (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = ts_test_ui_find_button_by_label (root, label);

  if (button == NULL)
    g_error ("no button %s", label);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static const char *
record_message (TsPatronWindow *window)
{
  return ts_test_ui_get_string (window, "message");
}

static void
wait_rows (TsPatronWindow *window,
           const char     *tab,
           guint           rows)
{
  ts_test_ui_wait_property (_ts_patron_window_get_tab (window, tab), "n-rows", rows);
}

static gboolean
is_list_box (GtkWidget  *widget,
             const char *unused)
{
  return GTK_IS_LIST_BOX (widget);
}

/* The labels of a widget, outside its buttons, one line each. */
static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_BUTTON (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* The index of the first row of the tab shown whose labels have text in
 * them, or -1. */
static int
row_saying_both (TsPatronWindow *window,
                 const char     *text,
                 const char     *also)
{
  GtkListBox *list = GTK_LIST_BOX (find_widget (shown_tab (window), is_list_box, NULL));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      g_autoptr(GString) labels = g_string_new (NULL);

      collect_labels (GTK_WIDGET (row), labels);
      if (strstr (labels->str, text) != NULL && (also == NULL || strstr (labels->str, also) != NULL))
        return i;
    }
  return -1;
}

static int
row_saying (TsPatronWindow *window,
            const char     *tab,
            const char     *text)
{
  return row_saying_both (window, text, NULL);
}

static gboolean
number_gone (gpointer data)
{
  return row_saying (data, "contact", "418-555-0123") < 0;
}

static gboolean
phone_primary (gpointer data)
{
  return row_saying_both (data, "418-555-0100", ts_test_ui_tr (" · primary for us")) >= 0;
}

typedef struct
{
  TsPatronWindow *window;
  const char     *tab;
  const char     *text;
} RowSays;

static gboolean
row_says (gpointer data)
{
  RowSays *wanted = data;

  return row_saying (wanted->window, wanted->tab, wanted->text) >= 0;
}

static void
wait_row_says (TsPatronWindow *window,
               const char     *tab,
               const char     *text)
{
  RowSays wanted = { window, tab, text };

  ts_test_ui_wait_until (row_says, &wanted, text);
}

static gboolean
record_has_message (gpointer data)
{
  return *record_message (data) != '\0';
}

/* The row's own button (Edit, Remove…) in the contact list. */
static void
press_in_row (TsPatronWindow *window,
              const char     *text,
              const char     *label)
{
  GtkListBox *list = GTK_LIST_BOX (find_widget (shown_tab (window), is_list_box, NULL));
  int index = row_saying (window, "contact", text);

  g_assert_cmpint (index, >=, 0);
  press (GTK_WIDGET (gtk_list_box_get_row_at_index (list, index)), label);
}

static gboolean
record_has_rows_in_history (gpointer data)
{
  return rows_in (data, "history") > 0;
}

/* P1–P4 in the record's tabs: each form writes through the API and its
 * list shows the result; a bad value is named before anything is sent. */
static void
test_patron_tabs (void)
{
  g_autofree char *uth = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/patrons", uth,
      "{\"first_name\": \"Rosalie\", \"last_name\": \"Gagnon\", \"contact_points\": ["
      " {\"kind\": \"email\", \"value\": \"rosalie@example.org\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autoptr(TsApiClient) admin = ts_test_ui_sign_in (server, "UTH", "admin");
  TsPatronWindow *record = ts_patron_window_new (NULL, admin, id);
  GtkWidget *dropdown;

  gtk_window_present (GTK_WINDOW (record));
  ts_test_ui_wait_property (record, "loaded", TRUE);
  wait_rows (record, "contact", 1);

  /* contact: a phone number that is not one is refused before sending */
  type_into (record, "Number, e-mail or web address", "not a number");
  press (shown_tab (record), "_Add Contact");
  ts_test_ui_wait_until (record_has_message, record, "the phone check");
  g_assert_nonnull (strstr (record_message (record), ts_test_ui_tr ("Phone")));
  type_into (record, "Number, e-mail or web address", "418-555-0199");
  press (shown_tab (record), "_Add Contact");
  wait_rows (record, "contact", 2);
  wait_row_says (record, "contact", "418-555-0199");
  g_assert_cmpstr (record_message (record), ==, "");
  /* edited in place; a second number made primary for us; the first removed (P1, P2) */
  press_in_row (record, "418-555-0199", "Edit");
  type_into (record, "Number, e-mail or web address", "418-555-0123");
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-contact-editing.png");
  press (shown_tab (record), "Save _Changes");
  g_assert_nonnull (ts_test_ui_find_button_by_label (shown_tab (record), "_Add Contact"));
  wait_row_says (record, "contact", "418-555-0123");
  type_into (record, "Number, e-mail or web address", "418-555-0100");
  press (shown_tab (record), "_Add Contact");
  wait_row_says (record, "contact", "418-555-0100");
  press_in_row (record, "418-555-0100", "Make Primary for Us");
  ts_test_ui_wait_until (phone_primary, record, "the number primary for us");
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-contact-primary.png");
  press_in_row (record, "418-555-0123", "Remove");
  ts_test_ui_wait_until (number_gone, record, "the number removed");

  /* notes (P4: this outlet's own) */
  show_tab (record, "notes");
  type_into (record, "A note for our outlet only", "Sits on the aisle");
  press (shown_tab (record), "Add _Note");
  wait_rows (record, "notes", 1);
  wait_row_says (record, "notes", "Sits on the aisle");
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-notes-added.png");

  /* tags */
  show_tab (record, "tags");
  type_into (record, "VIP, board, subscriber…", "VIP, board");
  press (shown_tab (record), "Save _Tags");
  wait_rows (record, "tags", 2);

  /* donations: an amount that is not one is named */
  show_tab (record, "donations");
  type_into (record, "Amount", "lots");
  type_into (record, "YYYY-MM-DD", "2026-01-15");
  type_into (record, "Fund", "Annual appeal");
  press (shown_tab (record), "Record _Donation");
  ts_test_ui_wait_until (record_has_message, record, "the amount check");
  type_into (record, "Amount", "25.00");
  dropdown = find_widget (shown_tab (record), is_drop_down, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);     /* Card */
  press (shown_tab (record), "Record _Donation");
  wait_rows (record, "donations", 1);
  wait_row_says (record, "donations", "Annual appeal · card");
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-donations-added.png");

  /* memberships */
  show_tab (record, "memberships");
  type_into (record, "Level", "Gold");
  type_into (record, "Starts YYYY-MM-DD", "2026-01-01");
  type_into (record, "Ends YYYY-MM-DD", "2026-12-31");
  press (shown_tab (record), "Add _Membership");
  wait_rows (record, "memberships", 1);
  wait_row_says (record, "memberships", "Gold");

  /* preferences (P4): what was saved comes back into the form */
  show_tab (record, "preferences");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ts_test_ui_find_check_by_label (shown_tab (record), "M_ail")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ts_test_ui_find_check_by_label (shown_tab (record), "_E-mail")), TRUE);
  type_into (record, "Consent YYYY-MM-DD", "2026-01-02");
  press (shown_tab (record), "Save _Preferences");
  {
    g_autofree char *saved = g_strdup_printf (ts_test_ui_tr ("Mail: %s · E-mail: %s · Phone: %s"),
                                              ts_test_ui_tr ("yes"), ts_test_ui_tr ("yes"), ts_test_ui_tr ("no"));

    wait_row_says (record, "preferences", saved);
  }
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (ts_test_ui_find_check_by_label (shown_tab (record), "M_ail"))));
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-preferences-saved.png");

  /* through the API: each write landed once */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/donations", id);
    g_autoptr(JsonNode) donations = ts_test_expect (server, "GET", path, uth, NULL, 200);
    JsonArray *list = json_object_get_array_member (json_node_get_object (donations), "donations");

    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "amount_cents"), ==, 2500);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "method"), ==, "card");
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/tags", id);
    g_autoptr(JsonNode) tags = ts_test_expect (server, "GET", path, uth, NULL, 200);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (tags), "tags")), ==, 2);
  }

  /* the Administrator sees the record's history (R1) */
  show_tab (record, "history");
  ts_test_ui_wait_until (record_has_rows_in_history, record, "the history");
  /* its times are the outlet's, written for people, not the server's ISO 8601 */
  {
    g_autofree char *row = _ts_patron_tab_get_row_text (_ts_patron_window_get_tab (record, "history"), 0);
    g_autoptr(GTimeZone) toronto = g_time_zone_new_identifier ("America/Toronto");
    g_autoptr(GDateTime) now = g_date_time_new_now (toronto);
    g_autofree char *today = ts_format_with_pattern (now, "%-d %b %Y");

    g_assert_false (g_regex_match_simple ("\\d{4}-\\d{2}-\\d{2}T", row, 0, 0));
    g_assert_nonnull (strstr (row, today));
  }
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-history.png");
  close_record (record);
}

static void
on_patron_created (TsPatronNewDialog *dialog,
                   gint64             id,
                   gpointer           user_data)
{
  *(gint64 *) user_data = id;
}

static gboolean
id_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* The new-patron dialog warns about a likely duplicate, then saves when told to. */
static void
test_new_patron_duplicate_warning (void)
{
  g_autofree char *uth = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autoptr(JsonNode) first = ts_test_expect (server, "POST", "/api/v1/patrons", uth,
      "{\"first_name\": \"Zoé\", \"last_name\": \"Paradis\","
      " \"contact_points\": [{\"kind\": \"phone\", \"value\": \"418-555-0123\"}]}", 201);
  g_autoptr(TsApiClient) other = ts_test_ui_sign_in (server, "ATH", "staff");
  TsPatronNewDialog *dialog = ts_patron_new_dialog_new (NULL, other);
  gint64 created = 0;

  g_signal_connect (dialog, "created", G_CALLBACK (on_patron_created), &created);
  gtk_window_present (GTK_WINDOW (dialog));
  _ts_patron_new_dialog_fill (dialog, "Zoe", "PARADIS", NULL, "(418) 555-0123");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the duplicate warning");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), ts_test_ui_tr ("the same name and phone")));
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "Paradis"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "patron-duplicate.png");

  /* "Save Anyway" */
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (id_set, &created, "the patron saved anyway");
  g_assert_cmpint (created, !=, ts_test_member_int (first, "id"));
}

typedef struct
{
  GListModel *model;
  const char *name;
} MapNamed;

static gboolean
map_named (gpointer data)
{
  MapNamed *wanted = data;

  for (guint i = 0; i < g_list_model_get_n_items (wanted->model); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (wanted->model, i);

      if (g_strcmp0 (json_object_get_string_member (ts_json_item_get_object (item), "name"), wanted->name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_red_loge (gpointer data)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (data);

  for (guint i = 0; plan != NULL && i < plan->categories->len; i++)
    {
      TsPlanCategory *category = g_ptr_array_index (plan->categories, i);

      if (g_str_equal (category->name, "Loge"))
        return g_ascii_strcasecmp (category->color, "#e01b24") == 0;
    }
  return FALSE;
}

/* Every outlet's maps, as the page lists them. */
static GListModel *
maps_of (TsMapsPage *page)
{
  g_autoptr(GListModel) maps = NULL;

  g_object_get (page, "maps", &maps, NULL);
  return maps;      /* the page keeps it */
}

typedef struct
{
  TsSeatMap *map;
  char       letter;
} HoldWait;

static gboolean
hold_letters_ready (gpointer data)
{
  return _ts_map_window_set_default_hold (data, 'h');
}

/* The first seat of the plan carries the default hold letter after a reload. */
static gboolean
first_seat_held (gpointer data)
{
  HoldWait *wait = data;
  TsSeatPlan *plan = ts_seat_map_get_plan (wait->map);

  return plan != NULL && plan->seats->len > 0 && ((TsPlanSeat *) g_ptr_array_index (plan->seats, 0))->hold == wait->letter;
}

/* M1 in the client: the owner edits, other outlets see the map read-only;
 * the accessible list mirrors the selection. */
static void
test_map_window (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
                                                "{\"format\": \"generator\", \"demo\": \"opera\"}", 201);
  gint64 id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  g_autoptr(TsApiClient) owner = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autoptr(TsApiClient) other = ts_test_ui_sign_in (server, "ATH", "manager");
  TsMapWindow *mine = ts_map_window_new (NULL, owner, id);
  TsMapWindow *theirs = ts_map_window_new (NULL, other, id);
  TsMapsPage *page = g_object_new (TS_TYPE_MAPS_PAGE, "client", owner, NULL);
  GtkWidget *holder = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (holder), 800, 500);
  gtk_window_present (GTK_WINDOW (holder));
  gtk_window_present (GTK_WINDOW (mine));
  gtk_window_present (GTK_WINDOW (theirs));
  ts_test_ui_wait_property (mine, "loaded", TRUE);
  ts_test_ui_wait_property (theirs, "loaded", TRUE);
  ts_test_ui_wait_until (model_filled, maps_of (page), "the map list");
  g_assert_true (ts_test_ui_get_boolean (mine, "editable"));
  g_assert_false (ts_test_ui_get_boolean (theirs, "editable"));

  _ts_seat_map_select_row (_ts_map_window_get_seat_map (mine), 0);
  g_assert_cmpuint (g_list_model_get_n_items (_ts_map_window_get_selected_model (mine)), ==, 40);
  ts_test_ui_screenshot (GTK_WIDGET (mine), "map-window.png");
  ts_test_ui_screenshot (GTK_WIDGET (holder), "maps-page.png");

  /* showing one level drops the selection elsewhere (levels: all,
   * Orchestra, Mezzanine, Balcony) */
  _ts_map_window_show_level (mine, 3);
  g_assert_cmpuint (g_list_model_get_n_items (_ts_map_window_get_selected_model (mine)), ==, 0);
  ts_test_ui_screenshot (GTK_WIDGET (mine), "map-window-level.png");
  _ts_map_window_show_level (mine, 0);

  /* the owner adds a price category with its colour */
  {
    GdkRGBA red = { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0, 1 };

    _ts_seat_map_select_row (_ts_map_window_get_seat_map (mine), 0);
    _ts_map_window_add_category (mine, "Loge", &red);
    ts_test_ui_wait_until (has_red_loge, _ts_map_window_get_seat_map (mine), "the new category");
    /* the reload after the save kept the selection */
    g_assert_cmpuint (g_list_model_get_n_items (_ts_map_window_get_selected_model (mine)), ==, 40);
    ts_test_ui_screenshot (GTK_WIDGET (mine), "map-window-category.png");
  }

  /* M1, M8: the owner marks the selected row as house seats by default */
  {
    HoldWait wait = { _ts_map_window_get_seat_map (mine), 'h' };

    ts_test_ui_wait_until (hold_letters_ready, mine, "the hold letters");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (mine), "map.apply-to-selection", NULL));
    ts_test_ui_wait_until (first_seat_held, &wait, "the default hold");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                        " AND default_hold = 'h'", id), ==, 40);
    ts_test_ui_screenshot (GTK_WIDGET (mine), "map-window-default-hold.png");
  }

  /* the import picks its importer from the file: a seats.io chart, then a
   * CSV grid named after its file */
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "seatplans", "seatsio-sample-sections.json", NULL);
    g_autofree char *chart = NULL;
    MapNamed seatsio = { maps_of (page), "Sample chart with sections" };
    MapNamed grid = { maps_of (page), "Salle Gilles-Vigneault" };

    g_assert_true (g_file_get_contents (path, &chart, NULL, NULL));
    _ts_maps_page_import (page, "seatsio-sample-sections.json", chart);
    ts_test_ui_wait_until (map_named, &seatsio, "the imported seats.io chart");
    _ts_maps_page_import (page, "Salle Gilles-Vigneault.csv", "A, Floor:1, Floor:2, , Floor:3\nB, Floor:1, Floor:2\n");
    ts_test_ui_wait_until (map_named, &grid, "the imported CSV grid");
    ts_test_ui_screenshot (GTK_WIDGET (holder), "maps-page-imported.png");
  }

  /* export writes the map as a pretix plan that imports back the same */
  {
    g_autofree char *dir = g_dir_make_tmp ("tessera-export-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "opera.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(TsSeatPlan) plan = NULL;
    g_autoptr(GError) error = NULL;

    _ts_maps_page_export (page, id, file);
    ts_test_ui_wait_property (page, "busy", FALSE);
    g_assert_true (g_file_query_exists (file, NULL));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    root = json_from_string (contents, &error);
    g_assert_no_error (error);
    plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plan->seats->len, ==, 2000);
    g_unlink (path);
    g_rmdir (dir);
  }

  /* closing a map window frees it, its seat map and its list */
  {
    GObject *map = g_object_ref (G_OBJECT (_ts_map_window_get_seat_map (mine)));

    g_object_ref (mine);
    gtk_window_close (GTK_WINDOW (mine));
    g_assert_finalize_object (mine);
    g_assert_finalize_object (map);
  }
  gtk_window_destroy (GTK_WINDOW (theirs));
  /* closing its window frees the page */
  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (holder));
  g_assert_finalize_object (page);
}

/* What the person reads, in the test's language (TESSERA_TEST_LOCALE). */
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

static gboolean
is_address_editor (GtkWidget  *widget,
                   const char *unused)
{
  return TS_IS_ADDRESS_EDITOR (widget);
}

typedef struct
{
  TsPatronsPage *page;
  const char    *city;
} CityShown;

/* Whether the first search result shows the city. */
static gboolean
result_city (gpointer data)
{
  CityShown *shown = data;
  g_autoptr(GObject) first = NULL;

  if (ts_test_ui_get_boolean (shown->page, "busy") || g_list_model_get_n_items (patrons_of (shown->page)) == 0)
    return FALSE;
  first = g_list_model_get_item (patrons_of (shown->page), 0);
  return g_strcmp0 (json_object_get_string_member_with_default (ts_json_item_get_object (TS_JSON_ITEM (first)), "city",
                                                                 ""), shown->city) == 0;
}

/* The newest of the patron's addresses whose first line is line1 (an edit
 * of a point another outlet may use as its primary is a new one, P3). */
static JsonObject *
address_of (JsonNode   *patron,
            const char *line1)
{
  JsonArray *points = json_object_get_array_member (json_node_get_object (patron), "contact_points");
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (point, "line1", NULL), line1) == 0
          && (found == NULL || json_object_get_int_member (point, "id") > json_object_get_int_member (found, "id")))
        found = point;
    }
  g_assert_nonnull (found);
  return found;
}

/* An address has two street lines, city, province or state (a list for
 * Canada and the United States, typed elsewhere), postal code and country,
 * Canada first.  Saved from the patron record, it shows in the record and
 * in the search results behind it, which ask again on their own. */
static void
test_patron_address (void)
{
  g_autofree char *uth = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/patrons", uth,
      "{\"first_name\": \"Léonie\", \"last_name\": \"Bergeron\", \"contact_points\": ["
      " {\"kind\": \"address\", \"line1\": \"8 Rue Ste-Catherine\", \"city\": \"Montréal\","
      " \"postal_code\": \"H2X 1Z5\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT, id);
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TsPatronsPage *page = ts_patrons_page_new (client);
  CityShown shown = { page, "Montréal" };
  TsPatronWindow *record;
  TsAddressEditor *editor;
  guint n_regions = 0;

  gtk_window_set_default_size (window, 900, 500);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  _ts_patrons_page_search (page, "leonie berg");
  ts_test_ui_wait_until (result_city, &shown, "the patron found");

  record = ts_patron_window_new (window, client, id);
  gtk_window_present (GTK_WINDOW (record));
  ts_test_ui_wait_property (record, "loaded", TRUE);
  wait_rows (record, "contact", 1);
  press_in_row (record, "8 Rue Ste-Catherine", T ("Edit"));
  editor = TS_ADDRESS_EDITOR (find_widget (shown_tab (record), is_address_editor, NULL));
  g_assert_nonnull (editor);
  /* no country yet: Canada, with its provinces to choose from */
  g_assert_true (_ts_address_editor_region_is_listed (editor, &n_regions));
  g_assert_cmpuint (n_regions, ==, 13);
  type_into (record, T ("Apartment, suite, unit (optional)"), "Apt 4");
  type_into (record, T ("City"), "Québec");
  type_into (record, T ("Postal code"), "g1r 4p5");
  g_assert_true (_ts_address_editor_choose (editor, "Canada", "QC"));
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-address-editing.png");
  press (shown_tab (record), T ("Save _Changes"));
  wait_row_says (record, "contact", "Apt 4");
  g_assert_cmpint (row_saying_both (record, "Québec, QC, G1R 4P5, Canada", NULL), >=, 0);
  {
    g_autoptr(JsonNode) patron = ts_test_expect (server, "GET", path, uth, NULL, 200);
    JsonObject *address = address_of (patron, "8 Rue Ste-Catherine");

    g_assert_cmpstr (json_object_get_string_member (address, "line2"), ==, "Apt 4");
    g_assert_cmpstr (json_object_get_string_member (address, "region"), ==, "QC");
    g_assert_cmpstr (json_object_get_string_member (address, "postal_code"), ==, "G1R 4P5");
    g_assert_cmpstr (json_object_get_string_member (address, "country"), ==, "Canada");
  }
  /* the search results behind the record follow, without a new search */
  shown.city = "Québec";
  ts_test_ui_wait_until (result_city, &shown, "the results after the edit");

  /* abroad: the region is typed; the United States offers its states */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (shown_tab (record), is_drop_down, NULL)), 2);
  g_assert_true (_ts_address_editor_choose (editor, "United States", "NY"));
  g_assert_true (_ts_address_editor_region_is_listed (editor, &n_regions));
  g_assert_cmpuint (n_regions, ==, 51);
  g_assert_true (_ts_address_editor_choose (editor, "France", "Île-de-France"));
  g_assert_false (_ts_address_editor_region_is_listed (editor, NULL));
  type_into (record, T ("Number and street"), "12 rue de Rivoli");
  type_into (record, T ("City"), "Paris");
  type_into (record, T ("Postal code"), "75004");
  ts_test_ui_screenshot (GTK_WIDGET (record), "patron-address-abroad.png");
  press (shown_tab (record), T ("_Add Contact"));
  wait_row_says (record, "contact", "12 rue de Rivoli");
  {
    g_autoptr(JsonNode) patron = ts_test_expect (server, "GET", path, uth, NULL, 200);
    JsonObject *address = address_of (patron, "12 rue de Rivoli");

    g_assert_cmpstr (json_object_get_string_member (address, "region"), ==, "Île-de-France");
    g_assert_cmpstr (json_object_get_string_member (address, "country"), ==, "France");
    g_assert_cmpstr (json_object_get_string_member (address, "postal_code"), ==, "75004");
  }
  close_record (record);
  gtk_window_destroy (window);
}

/* A new patron's address is typed in the same address editor: a city
 * without a street is refused in the dialog, then the whole address is
 * saved, province and country included. */
static void
test_new_patron_address (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autofree char *uth = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  TsPatronNewDialog *dialog = ts_patron_new_dialog_new (NULL, client);
  TsAddressEditor *editor = TS_ADDRESS_EDITOR (find_widget (GTK_WIDGET (dialog), is_address_editor, NULL));
  gint64 created = 0;

  g_assert_nonnull (editor);
  g_signal_connect (dialog, "created", G_CALLBACK (on_patron_created), &created);
  gtk_window_present (GTK_WINDOW (dialog));
  _ts_patron_new_dialog_fill (dialog, "Mathis", "Lavoie-Tremblay", NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (ts_test_ui_find_entry_by_placeholder (GTK_WIDGET (dialog), "City")), "Sherbrooke");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the missing street");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), T ("An address needs its street line.")));
  gtk_editable_set_text (GTK_EDITABLE (ts_test_ui_find_entry_by_placeholder (GTK_WIDGET (dialog), "Number and street")),
                         "2500 boul. de l’Université");
  gtk_editable_set_text (GTK_EDITABLE (ts_test_ui_find_entry_by_placeholder (GTK_WIDGET (dialog), "Postal code")),
                         "j1k2r1");
  g_assert_true (_ts_address_editor_choose (editor, "Canada", "QC"));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "patron-new-address.png");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (id_set, &created, "the patron saved");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT, created);
    g_autoptr(JsonNode) patron = ts_test_expect (server, "GET", path, uth, NULL, 200);
    JsonObject *address = address_of (patron, "2500 boul. de l’Université");

    g_assert_cmpstr (json_object_get_string_member (address, "city"), ==, "Sherbrooke");
    g_assert_cmpstr (json_object_get_string_member (address, "region"), ==, "QC");
    g_assert_cmpstr (json_object_get_string_member (address, "postal_code"), ==, "J1K 2R1");
    g_assert_cmpstr (json_object_get_string_member (address, "country"), ==, "Canada");
  }
}

/* One application for the tests of the session: GLib exports a registered
 * application on the session bus under its id, once per process. */
static TsApplication *
session_application (void)
{
  static TsApplication *app;
  g_autoptr(GError) error = NULL;

  if (app != NULL)
    return app;
  app = ts_application_new ();
  _ts_application_set_server_url (app, ts_test_server_get_url (server));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

/* The windows on screen now, sign-in dialog included (not the hidden
 * shortcuts window GTK keeps beside each main window). */
static guint
n_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint shown = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      shown += gtk_widget_get_visible (window);
    }
  return shown;
}

static gboolean
pointers_cleared (gpointer data)
{
  GtkWindow **windows = data;

  for (guint i = 0; windows[i] != (gpointer) 1; i++)
    if (windows[i] != NULL)
      return FALSE;
  return TRUE;
}

/* P4, P5: Sign Out at a shared workstation leaves nothing of the session on
 * screen for the next agent, who may be another outlet's: not the patron
 * record with its order history, not an order, not the preferences, however
 * they were opened (a patron or order window belongs to no application). */
static void
test_sign_out_closes_every_window (void)
{
  TsApplication *app = session_application ();
  g_autoptr(TsApiClient) uth_client = ts_test_ui_sign_in (server, "UTH", "admin");
  g_autoptr(TsApiClient) ath_client = NULL;
  gint64 patron_id = ts_test_owner_int (server, "SELECT min (id) FROM patron");
  gint64 order_id = ts_test_owner_int (server, "SELECT coalesce (min (id), 1) FROM ticket_order");
  GtkWindow *main_window, *patron_window, *order_window, *preferences, *other;
  GtkWindow *windows[6];
  TsSignInDialog *sign_in;

  _ts_application_open_session (app, uth_client);
  main_window = ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW);
  g_assert_nonnull (main_window);
  patron_window = GTK_WINDOW (ts_patron_window_new (main_window, uth_client, patron_id));
  gtk_window_present (patron_window);
  order_window = GTK_WINDOW (ts_order_window_new (uth_client, order_id));
  gtk_window_present (order_window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.outlet-preferences", NULL));
  preferences = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (window != main_window && window != patron_window && window != order_window
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        preferences = window;
    }
  g_assert_nonnull (preferences);
  /* any other window, even one opened from another window */
  other = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_transient_for (other, patron_window);
  gtk_window_present (other);
  ts_test_ui_screenshot (GTK_WIDGET (patron_window), "sign-out-before.png");

  windows[0] = main_window;
  windows[1] = patron_window;
  windows[2] = order_window;
  windows[3] = preferences;
  windows[4] = other;
  windows[5] = (gpointer) 1;
  for (guint i = 0; i < 5; i++)
    g_object_add_weak_pointer (G_OBJECT (windows[i]), (gpointer *) &windows[i]);

  sign_in = _ts_application_sign_out (TS_APPLICATION (app));
  /* gone, and freed once what they had asked the server is cancelled */
  ts_test_ui_wait_until (pointers_cleared, windows, "every window of the session to be freed");
  g_assert_cmpuint (n_toplevels (), ==, 1);
  g_assert_true (ts_test_ui_find_window (TS_TYPE_SIGN_IN_DIALOG) == GTK_WINDOW (sign_in));
  g_assert_false (ts_api_client_is_signed_in (uth_client));

  /* the next agent, of another outlet, sees only his own main window */
  ath_client = ts_test_ui_sign_in (server, "ATH", "admin");
  _ts_application_open_session (app, ath_client);
  gtk_window_destroy (GTK_WINDOW (sign_in));
  g_assert_cmpuint (n_toplevels (), ==, 1);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_PATRON_WINDOW));
  g_assert_null (ts_test_ui_find_window (TS_TYPE_ORDER_WINDOW));
  main_window = ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW);
  ts_test_ui_screenshot (GTK_WIDGET (main_window), "sign-out-next-agent.png");
  gtk_window_destroy (main_window);
}

/* The first GtkPaned inside widget, depth first. */
static GtkPaned *
first_paned (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPaned *found = GTK_IS_PANED (child) ? GTK_PANED (child) : first_paned (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The main window as the agent left it, size and the Sales page's panes,
 * after a sign-out and the next sign-in; the patron window too. */
static void
test_sign_out_keeps_layout (void)
{
  TsApplication *app = session_application ();
  /* a Box Office agent, whose Sales page is the one with panes; resized in
   * French it met a Gtk-CRITICAL of the legend's sizing before the legend's
   * categories and states flowed apart */
  g_autoptr(TsApiClient) first = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) second = NULL;
  g_autofree char *path = ts_window_state_path ();
  gint64 patron_id = ts_test_owner_int (server, "SELECT min (id) FROM patron");
  GtkWindow *window, *patron_window;
  TsSignInDialog *sign_in;
  GtkPaned *paned;
  int width, height;

  g_unlink (path);
  _ts_application_open_session (app, first);
  window = ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW);
  ts_test_ui_resize_window (window, 1180, 790);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "sales"));
  paned = first_paned (GTK_WIDGET (window));
  g_assert_nonnull (paned);
  gtk_paned_set_position (paned, 333);
  patron_window = GTK_WINDOW (ts_patron_window_new (window, first, patron_id));
  gtk_window_present (patron_window);
  ts_test_ui_resize_window (patron_window, 777, 555);

  sign_in = _ts_application_sign_out (TS_APPLICATION (app));
  second = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  _ts_application_open_session (app, second);
  gtk_window_destroy (GTK_WINDOW (sign_in));

  window = ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW);
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 1180);
  g_assert_cmpint (height, ==, 790);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "sales"));
  g_assert_cmpint (gtk_paned_get_position (first_paned (GTK_WIDGET (window))), ==, 333);
  ts_test_ui_screenshot (GTK_WIDGET (window), "layout-remembered.png");
  patron_window = GTK_WINDOW (ts_patron_window_new (window, second, patron_id));
  gtk_window_get_default_size (patron_window, &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);
  gtk_window_destroy (patron_window);
  gtk_window_destroy (window);
  g_unlink (path);   /* the next tests' windows at their own sizes */
}

static GtkWidget *
descendant_where (GtkWidget *root,
                  gboolean (*match) (GtkWidget *widget, gconstpointer data),
                  gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = match (child, data) ? child : descendant_where (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget    *widget,
            gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
acts (GtkWidget    *widget,
      gconstpointer data)
{
  return GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

/* The server stops answering: one banner across the main window says so,
 * what needs the server (selling: Add, Sell; the Setup menu's windows) is
 * greyed out, and all comes back when the server does, by Retry or by
 * itself. */
static void
test_server_down_banner (void)
{
  g_autoptr(TsTestProxy) proxy = ts_test_proxy_new (server);
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in_at (server, ts_test_proxy_get_url (proxy), "UTH", "admin");
  TsMainWindow *window = ts_main_window_new (NULL, client);
  GtkWidget *banner, *page, *add, *sell, *reload, *search;

  gtk_window_present (GTK_WINDOW (window));
  banner = descendant_where (GTK_WIDGET (window), is_of_type, GSIZE_TO_POINTER (TS_TYPE_CONNECTION_BANNER));
  page = descendant_where (GTK_WIDGET (window), is_of_type, GSIZE_TO_POINTER (TS_TYPE_SALES_PAGE));
  add = descendant_where (page, acts, "sales.add-selection");
  sell = descendant_where (page, acts, "sales.sell");
  reload = descendant_where (page, acts, "sales.reload");
  search = descendant_where (page, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (banner);
  g_assert_nonnull (reload);
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_is_sensitive (reload));
  g_assert_true (gtk_widget_is_sensitive (search));
  g_assert_nonnull (add);
  g_assert_nonnull (sell);
  g_assert_false (ts_test_ui_get_boolean (banner, "shown"));
  g_assert_true (gtk_widget_is_sensitive (page));

  /* the agent reloads the performances while the server is gone */
  ts_test_proxy_set_up (proxy, FALSE);
  g_assert_true (gtk_widget_activate_action (page, "sales.reload", NULL));
  ts_test_ui_wait_property (banner, "shown", TRUE);
  g_assert_false (gtk_widget_is_sensitive (page));
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_false (gtk_widget_is_sensitive (sell));
  g_assert_false (gtk_widget_is_sensitive (reload));
  g_assert_false (gtk_widget_is_sensitive (search));
  g_assert_true (gtk_widget_is_sensitive (banner));
  ts_test_ui_screenshot (GTK_WIDGET (window), "server-down.png");

  /* Retry while it is still gone: still said, still greyed out */
  g_assert_true (gtk_widget_activate_action (banner, "banner.retry", NULL));
  ts_test_ui_pause (300);
  g_assert_true (ts_test_ui_get_boolean (banner, "shown"));

  /* back, and Retry */
  ts_test_proxy_set_up (proxy, TRUE);
  g_assert_true (gtk_widget_activate_action (banner, "banner.retry", NULL));
  ts_test_ui_wait_property (banner, "shown", FALSE);
  g_assert_true (gtk_widget_is_sensitive (page));
  g_assert_true (gtk_widget_is_sensitive (reload));
  g_assert_true (gtk_widget_is_sensitive (search));

  /* gone and back again, found by the banner's own asking */
  ts_test_proxy_set_up (proxy, FALSE);
  g_assert_true (gtk_widget_activate_action (page, "sales.reload", NULL));
  ts_test_ui_wait_property (banner, "shown", TRUE);
  ts_test_proxy_set_up (proxy, TRUE);
  ts_test_ui_wait_property (banner, "shown", FALSE);
  g_assert_true (gtk_widget_is_sensitive (page));
  ts_test_ui_screenshot (GTK_WIDGET (window), "server-back.png");

  gtk_window_destroy (GTK_WINDOW (window));
}


/* At its default size (1024 × 700, what a remote desktop often gives) the
 * main window fits whoever signs in, in the test's language: no page makes
 * it wider or taller than that.  In French the maps page's row of buttons
 * held it at 1,118 pixels, wider than the screen it was made for. */
static void
test_main_window_fits_default_size (void)
{
  const struct { const char *outlet; const char *login; } people[] = {
    { "UTH", "boxoffice" }, { "ATH", "admin" }, { "UTH", "manager" }, { NULL, "master" },
  };
  TsApplication *app = session_application ();

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, people[i].outlet, people[i].login);
      GtkWindow *window;
      int min_width = 0, min_height = 0;
      g_auto(GStrv) sections = NULL;

      _ts_application_open_session (app, client);
      window = ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW);
      /* each page is made when first shown: show them all, then measure */
      g_object_get (window, "sections", &sections, NULL);
      for (guint s = 0; sections[s] != NULL; s++)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", sections[s]));
      ts_test_ui_pause (500);                     /* the pages' first answers */
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL, NULL, NULL);
      if (min_width > 1024 || min_height > 700)
        g_error ("%s's main window needs %d × %d, more than 1024 × 700", people[i].login, min_width, min_height);
      gtk_window_destroy (window);
    }
}

/* A section's page is made when it is first shown, not with the window: a
 * session on a terminal server pays only for the pages its agent opens. */
static void
test_main_window_pages_when_shown (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsMainWindow *window = ts_main_window_new (NULL, client);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_SALES_PAGE));
  g_assert_null (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_PATRONS_PAGE));
  g_assert_null (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_REPORTS_PAGE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "patrons"));
  g_assert_nonnull (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_PATRONS_PAGE));
  g_assert_null (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_REPORTS_PAGE));
  /* back and forth: the same page, not a new one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "sales"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "patrons"));
  g_assert_nonnull (ts_test_ui_find_descendant (GTK_WIDGET (window), TS_TYPE_PATRONS_PAGE));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();

  g_test_add_func ("/client/sign-in/dialog", test_sign_in_dialog);
  g_test_add_func ("/client/sign-in/unreachable", test_sign_in_unreachable);
  g_test_add_func ("/client/sign-in/locked", test_sign_in_locked);
  g_test_add_func ("/client/sign-in/locked-out", test_sign_in_locked_out);
  g_test_add_func ("/client/sign-in/throttled", test_sign_in_throttled);
  g_test_add_func ("/client/main-window/sections", test_main_window_sections);
  g_test_add_func ("/client/main-window/pages-when-shown", test_main_window_pages_when_shown);
  g_test_add_func ("/client/main-window/fits-default-size", test_main_window_fits_default_size);
  g_test_add_func ("/client/main-window/administration", test_main_window_administration);
  g_test_add_func ("/client/main-window/sign-out-closes-every-window", test_sign_out_closes_every_window);
  g_test_add_func ("/client/main-window/sign-out-keeps-layout", test_sign_out_keeps_layout);
  g_test_add_func ("/client/main-window/server-down", test_server_down_banner);
  g_test_add_func ("/client/administration/windows", test_administration_windows);
  g_test_add_func ("/client/administration/system-settings-refused", test_system_settings_refused);
  g_test_add_func ("/client/administration/outlet-licence-reached", test_outlet_new_licence_reached);
  g_test_add_func ("/client/administration/other-outlet", test_other_outlet_preferences_refused);
  g_test_add_func ("/client/patrons", test_patrons);
  g_test_add_func ("/client/patrons/tabs", test_patron_tabs);
  g_test_add_func ("/client/patrons/address", test_patron_address);
  g_test_add_func ("/client/maps/window", test_map_window);
  g_test_add_func ("/client/patrons/duplicate-warning", test_new_patron_duplicate_warning);
  g_test_add_func ("/client/patrons/new-with-address", test_new_patron_address);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
