/* test-client-admin.c — the administrator's windows as an administrator and
 * the Master User use them, against a real server, under X: an outlet's
 * preferences page by page (C7, M8), and a theatre map duplicated for an
 * outlet (M2).  With TESSERA_SCREENSHOTS=DIR set, each state is saved as a
 * PNG there, to be looked at. */
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-outlet-preferences-dialog-private.h"
#include "ts-test-client.h"
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

int
main (int   argc,
      char *argv[])
{
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: run under xvfb-run\n");
      return 77;
    }
  gtk_test_init (&argc, &argv, NULL);
  ts_test_ui_use_translations ();
  _ts_application_register_resources ();
  server = ts_test_server_new ();

  g_test_add_func ("/client/admin/preferences-pages", test_preferences_pages);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
