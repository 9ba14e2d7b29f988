/* test-client-dialogs.c — what every dialog shares (TsDialog), through real
 * dialogs against a real server, under X
 *
 * The Change Password dialog, the smallest that submits: a mistake found in
 * the dialog is its message and nothing is sent; a submission makes the
 * dialog busy (its button insensitive) and clears the message; the server's
 * refusal becomes the message and the dialog stays open, ready to be
 * submitted again; an answer closes it and frees it.  "busy" and "message"
 * notify, so that bindings and tests can follow them.  An answered
 * submission emits "saved" with what the server answered (the New Outlet
 * dialog: the new outlet).  The System Settings dialog, which loads before
 * it may be saved: not "ready" (its button insensitive, the submit action
 * doing nothing) until the settings have come.  A submission sent with
 * ts_dialog_send is kept, and sent again changed (ts_dialog_send_again, as
 * an override does) only when the dialog could be submitted.  A dialog
 * closed while its request is out is freed at once, and the late answer
 * touches nothing. */
#include <string.h>

#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-outlet-new-dialog-private.h"
#include "ts-password-dialog.h"
#include "ts-system-settings-dialog.h"
#include "ts-test-client.h"
#include "ts-test-ui.h"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static TsTestServer *server;

/* A dialog of the test's own, with no template: its submission is the
 * body it is given, the licence count in it sent to PATCH /system. */
#define TEST_TYPE_RAW_DIALOG (test_raw_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TestRawDialog, test_raw_dialog, TEST, RAW_DIALOG, TsDialog)

struct _TestRawDialog
{
  TsDialog  parent_instance;
  JsonNode *body;
};

G_DEFINE_FINAL_TYPE (TestRawDialog, test_raw_dialog, TS_TYPE_DIALOG)

static void
raw_send (TsDialog            *dialog,
          JsonNode            *body,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             call)
{
  ts_api_client_set_licence_count_async (ts_dialog_get_client (dialog),
                                         (int) json_object_get_int_member (json_node_get_object (body), "licence_count"),
                                         cancellable, callback, call);
}

static void
raw_submit (TsDialog *dialog)
{
  ts_dialog_send (dialog, raw_send, TEST_RAW_DIALOG (dialog)->body, NULL);
}

static void
test_raw_dialog_finalize (GObject *object)
{
  g_clear_pointer (&TEST_RAW_DIALOG (object)->body, json_node_unref);
  G_OBJECT_CLASS (test_raw_dialog_parent_class)->finalize (object);
}

static void
test_raw_dialog_class_init (TestRawDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_raw_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = raw_submit;
}

static void
test_raw_dialog_init (TestRawDialog *self)
{
}

typedef struct
{
  guint busy_changes;
  guint message_changes;
} Notified;

static void
on_notify (GObject    *dialog,
           GParamSpec *pspec,
           Notified   *notified)
{
  if (g_str_equal (pspec->name, "busy"))
    notified->busy_changes++;
  else if (g_str_equal (pspec->name, "message"))
    notified->message_changes++;
}

static void
type_passwords (gpointer    dialog,
                const char *current,
                const char *new_password,
                const char *confirmation)
{
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PASSWORD_DIALOG, "current_entry")), current);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PASSWORD_DIALOG, "new_entry")), new_password);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PASSWORD_DIALOG, "confirm_entry")), confirmation);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_submit (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "staff");
  TsPasswordDialog *dialog = ts_password_dialog_new (NULL, client);
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  Notified notified = { 0, 0 };
  g_autofree char *token = NULL;

  g_signal_connect (dialog, "notify", G_CALLBACK (on_notify), &notified);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (ts_test_ui_get_boolean (dialog, "ready"));
  g_assert_false (ts_dialog_get_busy (TS_DIALOG (dialog)));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  g_assert_true (gtk_widget_get_sensitive (button));
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "password.png");

  /* checked in the dialog: said there, nothing sent */
  type_passwords (dialog, "staff-password", "a-new-password-1", "a-new-password-2");
  ts_test_ui_submit (dialog);
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==,
                   ts_test_ui_tr ("The new password and its confirmation differ."));
  g_assert_cmpuint (notified.message_changes, ==, 1);
  g_assert_cmpuint (notified.busy_changes, ==, 0);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "password-mismatch.png");

  /* sent: busy, the old message gone, the button insensitive until the answer */
  type_passwords (dialog, "not-the-password", "a-new-password-1", "a-new-password-1");
  ts_test_ui_submit (dialog);
  g_assert_true (ts_dialog_get_busy (TS_DIALOG (dialog)));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  g_assert_false (gtk_widget_get_sensitive (button));
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");

  /* refused: the server's words, the dialog open and what was typed kept */
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "The current password is wrong"));
  g_assert_cmpuint (notified.busy_changes, ==, 2);
  g_assert_cmpuint (notified.message_changes, ==, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_PASSWORD_DIALOG, "new_entry"))), ==,
                   "a-new-password-1");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "password-refused.png");

  /* answered: closed, and nothing keeps it */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  type_passwords (dialog, "staff-password", "a-new-password-1", "a-new-password-1");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (pointer_cleared, &dialog, "the dialog to close");
  token = ts_test_sign_in (server, "UTH", "staff", "a-new-password-1");
  g_assert_nonnull (token);
}

static void
on_saved (TsDialog    *dialog,
          JsonObject  *answer,
          JsonObject **out)
{
  g_assert_null (*out);
  *out = json_object_ref (answer);
}

static void
test_saved (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TsOutletNewDialog *dialog = ts_outlet_new_dialog_new (NULL, master);
  g_autoptr(JsonObject) answer = NULL;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &answer);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  _ts_outlet_new_dialog_fill (dialog, "BRG", "Salle Bourgie", "Anne", "Roy", "admin", "long-enough-1");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (pointer_cleared, &dialog, "the dialog to close");
  g_assert_nonnull (answer);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "outlet"), "code"), ==, "BRG");
}

static JsonNode *
licence_body (int count)
{
  g_autofree char *text = g_strdup_printf ("{\"licence_count\": %d}", count);

  return json_from_string (text, NULL);
}

static void
test_send_again (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TestRawDialog *dialog = g_object_new (TEST_TYPE_RAW_DIALOG, "client", master, NULL);
  g_autoptr(JsonNode) valid = licence_body (20);
  g_autoptr(JsonObject) answer = NULL;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &answer);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  /* nothing sent yet: nothing to send again */
  g_assert_null (ts_dialog_get_sent (TS_DIALOG (dialog)));
  g_assert_false (ts_dialog_send_again (TS_DIALOG (dialog), valid));
  g_assert_false (ts_dialog_get_busy (TS_DIALOG (dialog)));

  dialog->body = licence_body (0);
  ts_test_ui_submit (dialog);
  g_assert_true (ts_dialog_get_sent (TS_DIALOG (dialog)) == dialog->body);
  /* not while it is out */
  g_assert_false (ts_dialog_send_again (TS_DIALOG (dialog), valid));
  ts_test_ui_wait_until (ts_test_ui_dialog_says, dialog, "the refusal");
  g_assert_nonnull (strstr (ts_dialog_get_message (TS_DIALOG (dialog)), "licence_count"));

  /* refused: the same request again, changed; answered, it closes */
  g_assert_true (ts_dialog_send_again (TS_DIALOG (dialog), valid));
  g_assert_true (ts_dialog_get_busy (TS_DIALOG (dialog)));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  g_assert_true (ts_dialog_get_sent (TS_DIALOG (dialog)) == valid);
  ts_test_ui_wait_until (pointer_cleared, &dialog, "the dialog to close");
  g_assert_nonnull (answer);
  g_assert_cmpint (json_object_get_int_member (answer, "licence_count"), ==, 20);
}

static void
test_ready (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TsSystemSettingsDialog *dialog = ts_system_settings_dialog_new (NULL, master);
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (dialog));

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (ts_test_ui_get_boolean (dialog, "ready"));
  g_assert_false (gtk_widget_get_sensitive (button));
  /* Enter before the settings have come does nothing */
  ts_test_ui_submit (dialog);
  g_assert_false (ts_dialog_get_busy (TS_DIALOG (dialog)));

  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the settings");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_closed_while_loading (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  TsSystemSettingsDialog *dialog = ts_system_settings_dialog_new (NULL, master);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (ts_test_ui_get_boolean (dialog, "ready"));
  /* its request is out: closing cancels it, and it holds no reference */
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
  /* the cancelled answer comes to nothing (G_DEBUG=fatal-criticals) */
  ts_test_ui_pause (300);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();

  g_test_add_func ("/client/dialogs/submit", test_submit);
  g_test_add_func ("/client/dialogs/saved", test_saved);
  g_test_add_func ("/client/dialogs/send-again", test_send_again);
  g_test_add_func ("/client/dialogs/ready", test_ready);
  g_test_add_func ("/client/dialogs/closed-while-loading", test_closed_while_loading);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
