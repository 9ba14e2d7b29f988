/* test-client-server-trust.c — a server with a self-signed certificate, as
 * the client meets it: on the first connection the person is asked to trust
 * it, shown its SHA-256 fingerprint, and nothing (no password) is sent
 * before; trusted, it is pinned and later connections (the API's and the
 * live feed's) take it silently; a different certificate for the same
 * server is refused with a warning, and nothing is sent to it either.
 * (docs/security.md, "Certificates the client trusts") */
#include <string.h>

#include <glib/gstdio.h>

#include "ts-api-client.h"
#include "ts-certificate.h"
#include "ts-error.h"
#include "ts-known-servers.h"
#include "ts-live-client.h"
#include "ts-sign-in-dialog-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"
#include "ts-trust-server-dialog-private.h"

static TsTestServer *server;
static char *tls_dir;           /* the server's certificate and key, and another pair */
static char *server_fingerprint;

/* The SHA-256 of a certificate file, as "AB:CD:…", worked out here. */
static char *
fingerprint_of_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &error);
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_object_get (certificate, "certificate", &der, NULL);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, "%s%02X", i ? ":" : "", digest[i]);
  return g_string_free (text, FALSE);
}

static void
make_pair (const char *name)
{
  g_autofree char *certificate = g_strdup_printf ("%s/%s-cert.pem", tls_dir, name);
  g_autofree char *key = g_strdup_printf ("%s/%s-key.pem", tls_dir, name);
  const char *names[] = { "localhost", "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (ts_certificate_generate (certificate, key, names, NULL, &error));
  g_assert_no_error (error);
}

static void
serve_https (TsServerConfig *config,
             gpointer        data)
{
  config->tls_certificate = g_strdup_printf ("%s/server-cert.pem", tls_dir);
  config->tls_key = g_strdup_printf ("%s/server-key.pem", tls_dir);
}

static char *
host_port (void)
{
  g_autoptr(GUri) uri = g_uri_parse (ts_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);

  return ts_known_servers_host_port_of (uri);
}

/* This computer trusts the server's certificate, as the first connection
 * leaves it once the person says so. */
static void
pin_server_certificate (void)
{
  g_autofree char *path = ts_known_servers_path ();
  g_autofree char *file = g_strdup_printf ("%s/server-cert.pem", tls_dir);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (file, NULL);
  g_autofree char *where = host_port ();
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  g_assert_true (ts_known_servers_pin (where, certificate, &error));
  g_assert_no_error (error);
}

static gint64
sessions_made (void)
{
  return ts_test_owner_int (server, "SELECT count(*) FROM session");
}

static gint64
master_failed_attempts (void)
{
  return ts_test_owner_int (server, "SELECT failed_attempts FROM employee WHERE login = 'master' "
                                    "AND outlet_id IS NULL");
}

static gboolean
trust_dialog_shown (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG) != NULL;
}

/* The first connection asks; nothing is sent until the person trusts the
 * certificate, which then signs in. */
static void
test_first_connection (void)
{
  g_autofree char *path = ts_known_servers_path ();
  TsSignInDialog *dialog;
  TsTrustServerDialog *trust;
  g_autoptr(TsApiClient) client = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *where = host_port ();
  gint64 sessions = sessions_made ();

  g_unlink (path);
  dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  gtk_window_present (GTK_WINDOW (dialog));

  /* asked as soon as the outlet list is wanted */
  ts_test_ui_wait_until (trust_dialog_shown, NULL, "the trust dialog");
  trust = TS_TRUST_SERVER_DIALOG (ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG));
  g_assert_false (_ts_trust_server_dialog_is_changed (trust));
  shown = _ts_trust_server_dialog_get_shown_fingerprint (trust);
  g_assert_cmpstr (shown, ==, server_fingerprint);
  heading = g_strdup_printf (ts_test_ui_tr ("First connection to %s"), where);
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (trust), heading));
  /* the safe choice has the focus: Enter does not trust */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (trust))
                 == ts_test_ui_find_button_by_label (GTK_WIDGET (trust), "_Cancel"));
  ts_test_ui_screenshot (GTK_WIDGET (trust), "trust-server.png");

  /* signing in meanwhile sends nothing: the password stays here */
  ts_test_ui_keep_signed_in (GTK_WINDOW (dialog), &client);
  _ts_sign_in_dialog_fill (dialog, NULL, 0, "master", "master-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal while not trusted");
  unknown = g_strdup_printf (ts_test_ui_tr ("Cannot reach the server at %s: %s"), ts_test_server_get_url (server),
                             ts_test_ui_tr ("this computer does not trust its certificate yet"));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, unknown);
  g_assert_cmpint (sessions_made (), ==, sessions);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* still the one dialog, not one per refused request */
  g_assert_true (ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG) == GTK_WINDOW (trust));

  /* trusted: pinned, and the sign-in it stopped goes through */
  ts_test_ui_submit (trust);
  ts_test_ui_wait_signed_in (&client, "signing in once trusted");
  g_assert_cmpint (ts_api_client_get_level (client), ==, TS_LEVEL_MASTER);
  g_assert_cmpint (sessions_made (), ==, sessions + 1);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG));
  {
    g_autoptr(GKeyFile) file = g_key_file_new ();
    g_autofree char *pinned = NULL;

    g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
    pinned = g_key_file_get_string (file, where, "fingerprint", NULL);
    g_assert_cmpstr (pinned, ==, server_fingerprint);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
trust_dialog_gone (gpointer data)
{
  return ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG) == NULL;
}

/* The key of a button's mnemonic, in the language the test runs in. */
static guint
mnemonic_key (const char *msgid)
{
  const char *underline = strchr (ts_test_ui_tr (msgid), '_');

  g_assert_nonnull (underline);
  return gdk_unicode_to_keyval (g_unichar_tolower (g_utf8_get_char (underline + 1)));
}

/* By keys alone: Enter, where the dialog opens, trusts nothing (the focus
 * is on Cancel); the button's mnemonic trusts, and the sign-in goes on. */
static void
test_keyboard (void)
{
  g_autofree char *path = ts_known_servers_path ();
  g_autofree char *reason = NULL;
  g_autoptr(TsApiClient) client = NULL;
  TsSignInDialog *dialog;
  GtkWindow *trust;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  g_unlink (path);
  dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (trust_dialog_shown, NULL, "the trust dialog");
  trust = ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG);
  ts_test_ui_wait_property (trust, "is-active", TRUE);
  ts_test_input_move (GTK_WIDGET (trust), 10, 10);      /* keys go to the window under the pointer */

  ts_test_input_key (GDK_KEY_Return, FALSE);
  ts_test_ui_wait_until (trust_dialog_gone, NULL, "Enter closing the trust dialog");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* signing in asks again; Alt and the mnemonic trust */
  ts_test_ui_keep_signed_in (GTK_WINDOW (dialog), &client);
  _ts_sign_in_dialog_fill (dialog, NULL, 0, "master", "master-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (trust_dialog_shown, NULL, "the trust dialog again");
  trust = ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG);
  ts_test_ui_wait_property (trust, "is-active", TRUE);
  ts_test_input_move (GTK_WIDGET (trust), 10, 10);
  ts_test_input_key_with (mnemonic_key ("_Trust This Server"), GDK_ALT_MASK);
  ts_test_ui_wait_signed_in (&client, "signing in once trusted by keys");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
}

/* Pinned: every later connection, of a new client or of the live feed, is
 * accepted without a question. */
static void
test_pinned_is_silent (void)
{
  g_autoptr(TsApiClient) client = NULL;
  g_autoptr(TsLiveClient) live = NULL;
  TsSignInDialog *dialog;

  pin_server_certificate ();
  client = ts_test_ui_sign_in_at (server, ts_test_server_get_url (server), NULL, "master");
  live = ts_live_client_new (client);
  dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));

  g_assert_true (ts_api_client_is_signed_in (client));
  g_assert_null (ts_api_client_get_untrusted_certificate (client, NULL));

  /* the live feed's WebSocket, another connection, checked the same way */
  ts_live_client_subscribe (live, 1);
  ts_test_ui_wait_property (live, "connected", TRUE);

  /* the sign-in dialog loads the outlets without asking */
  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until ((TsTestCondition) _ts_sign_in_dialog_outlets_ready, dialog, "the outlet list");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  g_assert_null (ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG));
  gtk_window_destroy (GTK_WINDOW (dialog));
  ts_live_client_close (live);
}

static void
health_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **out = user_data;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, out);

  if (*out == NULL)
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "answered");
}

static gboolean
error_set (gpointer data)
{
  return *(GError **) data != NULL;
}

static gboolean
refused_untrusted (gpointer data)
{
  return ts_api_client_get_untrusted_certificate (data, NULL) != NULL;
}

/* Another certificate pinned for this host and port than the one it shows
 * (as when someone else answers at its address): refused with a warning,
 * nothing sent, and nothing offered to trust. */
static void
test_changed_certificate_refused (void)
{
  g_autofree char *path = ts_known_servers_path ();
  g_autofree char *other_path = g_strdup_printf ("%s/other-cert.pem", tls_dir);
  g_autofree char *other_fingerprint = fingerprint_of_file (other_path);
  g_autoptr(GTlsCertificate) other = g_tls_certificate_new_from_file (other_path, NULL);
  g_autofree char *where = host_port ();
  g_autoptr(TsApiClient) signed_in = NULL;
  g_autoptr(TsLiveClient) live = NULL;
  g_autoptr(TsApiClient) fresh = ts_api_client_new (ts_test_server_get_url (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) pin_error = NULL;
  TsSignInDialog *dialog;
  TsTrustServerDialog *warning;
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 sessions, failures;

  /* signed in while the server's own certificate was trusted… */
  pin_server_certificate ();
  signed_in = ts_test_ui_sign_in_at (server, ts_test_server_get_url (server), NULL, "master");
  live = ts_live_client_new (signed_in);

  /* …and now this computer trusts another one for the server's host:port */
  g_unlink (path);
  g_assert_true (ts_known_servers_pin (where, other, &pin_error));
  g_assert_no_error (pin_error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  sessions = sessions_made ();
  failures = master_failed_attempts ();

  /* a request of a new client: refused, said so */
  ts_api_client_get_health_async (fresh, NULL, health_done, &error);
  ts_test_ui_wait_until (error_set, &error, "the health request");
  g_assert_error (error, TS_ERROR, TS_ERROR_UNREACHABLE);
  changed = g_strdup_printf (ts_test_ui_tr ("Cannot reach the server at %s: %s"), ts_test_server_get_url (server),
                             ts_test_ui_tr ("it presents a different certificate from the one this computer trusted, "
                                            "so someone may be impersonating it. Nothing was sent to it. Ask your "
                                            "administrator before going on."));
  g_assert_cmpstr (error->message, ==, changed);

  /* the live feed of a client signed in before does not connect either */
  ts_live_client_subscribe (live, 1);
  ts_test_ui_wait_until (refused_untrusted, signed_in, "the live feed's refusal");
  g_assert_false (ts_test_ui_get_boolean (live, "connected"));
  ts_live_client_close (live);

  /* the sign-in dialog warns, and a password typed goes nowhere */
  dialog = ts_sign_in_dialog_new (NULL, ts_test_server_get_url (server));
  gtk_window_present (GTK_WINDOW (dialog));
  ts_test_ui_wait_until (trust_dialog_shown, NULL, "the warning");
  warning = TS_TRUST_SERVER_DIALOG (ts_test_ui_find_window (TS_TYPE_TRUST_SERVER_DIALOG));
  g_assert_true (_ts_trust_server_dialog_is_changed (warning));
  shown = _ts_trust_server_dialog_get_shown_fingerprint (warning);
  g_assert_cmpstr (shown, ==, server_fingerprint);
  heading = g_strdup_printf (ts_test_ui_tr ("Warning: %s may not be your server"), where);
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (warning), heading));
  {
    /* the fingerprint trusted before, on two lines as shown */
    g_autofree char *pinned_shown = g_strdup (other_fingerprint);

    pinned_shown[47] = '\n';
    g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (warning), pinned_shown));
  }
  /* nothing to trust it with: no button, and the action does nothing */
  g_assert_null (ts_test_ui_find_button_by_label (GTK_WIDGET (warning), "_Trust This Server"));
  g_assert_nonnull (ts_test_ui_find_button_by_label (GTK_WIDGET (warning), "_Close"));
  gtk_widget_activate_action (GTK_WIDGET (warning), "dialog.submit", NULL);
  ts_test_ui_screenshot (GTK_WIDGET (warning), "trust-server-changed.png");

  _ts_sign_in_dialog_fill (dialog, NULL, 0, "master", "not-the-password");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, changed);
  g_assert_cmpint (sessions_made (), ==, sessions);
  g_assert_cmpint (master_failed_attempts (), ==, failures);

  /* the pin is as it was */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  /* and pinning the new one is refused until an administrator removes the old */
  {
    g_autoptr(GError) refused = NULL;
    g_autoptr(GTlsCertificate) presented = ts_api_client_get_untrusted_certificate (fresh, NULL)
                                           ? g_object_ref (ts_api_client_get_untrusted_certificate (fresh, NULL))
                                           : NULL;

    g_assert_nonnull (presented);
    g_assert_false (ts_known_servers_pin (where, presented, &refused));
    g_assert_error (refused, TS_ERROR, TS_ERROR_CONFLICT);

    /* …which `tessera --forget-server URL` does (the dialog's advice): the
     * old pin is gone, said with its fingerprint, and the new one may be
     * trusted; a second time there is nothing left to forget */
    {
      g_autofree char *url = g_strdup_printf ("https://%s", where);
      const char *argv[] = { TS_CLIENT, "--forget-server", url, NULL };
      const char *not_https[] = { TS_CLIENT, "--forget-server", "http://127.0.0.1:8080", NULL };
      g_autofree char *out = NULL;
      g_autofree char *out_again = NULL;
      g_autofree char *err = NULL;
      g_autofree char *remaining = NULL;
      g_autoptr(GError) spawn_error = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                                   &spawn_error));
      g_assert_no_error (spawn_error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, where));
      g_assert_nonnull (strstr (out, other_fingerprint));
      g_assert_true (g_file_get_contents (path, &remaining, NULL, NULL));
      g_assert_null (strstr (remaining, where));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_again, NULL, &status,
                                   &spawn_error));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_null (strstr (out_again, other_fingerprint));
      g_assert_true (g_spawn_sync (NULL, (char **) not_https, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status,
                                   &spawn_error));
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (err, "http://127.0.0.1:8080"));
      g_assert_true (ts_known_servers_pin (where, presented, &spawn_error));
      g_assert_no_error (spawn_error);
    }
  }

  gtk_window_destroy (GTK_WINDOW (warning));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  tls_dir = g_dir_make_tmp ("tessera-trust-XXXXXX", &error);
  g_assert_no_error (error);
  make_pair ("server");
  make_pair ("other");
  {
    g_autofree char *certificate = g_strdup_printf ("%s/server-cert.pem", tls_dir);

    server_fingerprint = fingerprint_of_file (certificate);
  }
  server = ts_test_server_new_with (serve_https, NULL);
  g_assert_true (g_str_has_prefix (ts_test_server_get_url (server), "https://"));

  g_test_add_func ("/client/server-trust/first-connection", test_first_connection);
  g_test_add_func ("/client/server-trust/pinned-is-silent", test_pinned_is_silent);
  g_test_add_func ("/client/server-trust/changed-certificate-refused", test_changed_certificate_refused);
  g_test_add_func ("/client/server-trust/keyboard", test_keyboard);

  status = g_test_run ();
  ts_test_server_free (server);
  {
    const char *files[] = { "server-cert.pem", "server-key.pem", "other-cert.pem", "other-key.pem" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (tls_dir, files[i], NULL);

        g_unlink (file);
      }
    g_rmdir (tls_dir);
  }
  return status;
}
