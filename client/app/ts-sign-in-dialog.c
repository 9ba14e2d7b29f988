/* ts-sign-in-dialog.c — signing in, with errors that say what went wrong
 *
 * The outlet list comes from the server (GET /outlets/directory) whenever the
 * server address changes; the address, outlet and login are remembered in
 * GSettings for the next time.  A server whose certificate this computer
 * does not trust yet is asked about (TsTrustServerDialog) before anything is
 * sent to it: neither the list's request nor the password leaves before the
 * person trusts it. */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-format.h"
#include "ts-sign-in-dialog-private.h"
#include "ts-trust-server-dialog.h"

struct _TsSignInDialog
{
  TsDialog      parent_instance;

  GtkEntry     *server_entry;
  GtkDropDown  *outlet_dropdown;
  GtkEntry     *login_entry;
  GtkPasswordEntry *password_entry;

  GSettings    *settings;
  GtkStringList *outlet_names;
  GArray       *outlet_ids;        /* gint64, parallel to outlet_names; 0 = Master User */
  GCancellable *directory_cancellable;
  TsApiClient  *client;            /* the one signing in */
  TsApiClient  *probe;             /* the one asking for the outlet list */
  GtkWindow    *trust_dialog;      /* open while a certificate is asked about (weak) */
  gboolean      sign_in_trusted;   /* signing in waits for the trust dialog */
  guint         directory_timeout;
  gint64        wanted_outlet;
  gboolean      outlets_ready;
};

G_DEFINE_FINAL_TYPE (TsSignInDialog, ts_sign_in_dialog, TS_TYPE_DIALOG)

enum { SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
select_outlet (TsSignInDialog *self,
               gint64          outlet_id)
{
  for (guint i = 0; i < self->outlet_ids->len; i++)
    if (g_array_index (self->outlet_ids, gint64, i) == outlet_id)
      {
        gtk_drop_down_set_selected (self->outlet_dropdown, i);
        return;
      }
}

static void
reset_outlets (TsSignInDialog *self)
{
  gint64 master = 0;

  gtk_string_list_splice (self->outlet_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->outlet_names)),
                          (const char *[]) { _("Master User (no outlet)"), NULL });
  g_array_set_size (self->outlet_ids, 0);
  g_array_append_val (self->outlet_ids, master);
}

static gboolean load_directory (gpointer user_data);
static void     submit         (TsDialog *dialog);

static void
on_trusted (TsSignInDialog *self)
{
  /* the list the certificate stopped, then the sign-in it stopped */
  g_clear_handle_id (&self->directory_timeout, g_source_remove);
  load_directory (self);
  if (self->sign_in_trusted)
    {
      self->sign_in_trusted = FALSE;
      submit (TS_DIALOG (self));
    }
}

/* The last request of client was refused for a certificate not trusted:
 * asks the person about it (one dialog at a time).  FALSE when it was not. */
static gboolean
ask_trust (TsSignInDialog *self,
           TsApiClient    *client)
{
  const char *host_port = NULL;
  GTlsCertificate *certificate = client ? ts_api_client_get_untrusted_certificate (client, &host_port) : NULL;
  TsTrustServerDialog *dialog;

  if (certificate == NULL || host_port == NULL)
    return FALSE;
  if (self->trust_dialog != NULL)
    {
      gtk_window_present (self->trust_dialog);
      return TRUE;
    }
  dialog = ts_trust_server_dialog_new (GTK_WINDOW (self), host_port, certificate);
  self->trust_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->trust_dialog);
  g_signal_connect_object (dialog, "trusted", G_CALLBACK (on_trusted), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
directory_loaded (TsDialog     *dialog,
                  JsonNode     *answer,
                  const GError *error)
{
  TsSignInDialog *self = TS_SIGN_IN_DIALOG (dialog);
  JsonArray *outlets;

  reset_outlets (self);
  if (answer == NULL)
    {
      self->outlets_ready = TRUE;
      ask_trust (self, self->probe);
      return;
    }
  ts_dialog_set_message (dialog, NULL);
  outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);
      gint64 id = json_object_get_int_member (outlet, "id");

      gtk_string_list_append (self->outlet_names, json_object_get_string_member (outlet, "name"));
      g_array_append_val (self->outlet_ids, id);
    }
  select_outlet (self, self->wanted_outlet);
  self->outlets_ready = TRUE;
}

static gboolean
load_directory (gpointer user_data)
{
  TsSignInDialog *self = user_data;

  self->directory_timeout = 0;
  g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
  self->directory_cancellable = g_cancellable_new ();
  self->outlets_ready = FALSE;

  g_clear_object (&self->probe);
  self->probe = ts_api_client_new (gtk_editable_get_text (GTK_EDITABLE (self->server_entry)));
  ts_api_client_get_outlet_directory_async (self->probe, self->directory_cancellable, ts_dialog_answered,
                                            ts_dialog_call (TS_DIALOG (self), directory_loaded));
  return G_SOURCE_REMOVE;
}

static void
on_server_changed (TsSignInDialog *self)
{
  /* Wait until the typing pauses before asking the server. */
  g_clear_handle_id (&self->directory_timeout, g_source_remove);
  self->outlets_ready = FALSE;
  self->directory_timeout = g_timeout_add (400, load_directory, self);
}

/* The server says until when a lock-out lasts, in UTC ("… locked until
 * 2026-11-24 14:05 UTC …"); the person at the counter wants the local time.
 * NULL when the login is locked by an administrator, with no end. */
static char *
locked_until_local (const char *server_message)
{
  const char *until = server_message ? strstr (server_message, "until ") : NULL;
  int year, month, day, hour, minute;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (until == NULL
      || sscanf (until, "until %4d-%2d-%2d %2d:%2d UTC", &year, &month, &day, &hour, &minute) != 5)
    return NULL;
  utc = g_time_zone_new_utc ();
  when = g_date_time_new (utc, year, month, day, hour, minute, 0);
  if (when == NULL)
    return NULL;
  return ts_format_date_time (when, TS_TIME_CLOCK);
}

/* The server says when to try again ("… try again in 15 seconds …", "… in 4
 * minutes …"); the person reads it in his own language.  NULL if it does not. */
static char *
throttled_text (const char *server_message)
{
  const char *in = server_message ? strstr (server_message, "try again in ") : NULL;
  unsigned int count;
  char unit[8] = "";

  if (in == NULL || sscanf (in, "try again in %u %7[a-z]", &count, unit) != 2)
    return NULL;
  if (g_str_has_prefix (unit, "minute"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many failed sign-ins. Try again in %u minute.",
                                         "Too many failed sign-ins. Try again in %u minutes.", count), count);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many failed sign-ins. Try again in %u second.",
                                       "Too many failed sign-ins. Try again in %u seconds.", count), count);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  TsDialog *dialog = user_data;
  TsSignInDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ts_api_client_sign_in_finish (TS_API_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      ts_dialog_set_busy (dialog, FALSE);
      /* The server's own words are English; what a person must do next is
       * said here, in the person's language. */
      if (g_error_matches (error, TS_ERROR, TS_ERROR_WRONG_PASSWORD))
        ts_dialog_set_message (dialog, _("Wrong outlet, login or password. Check them and try again."));
      else if (g_error_matches (error, TS_ERROR, TS_ERROR_LOCKED))
        {
          g_autofree char *until = locked_until_local (error->message);
          g_autofree char *text = NULL;

          if (until != NULL)
            /* Translators: %s is a time of day, e.g. 14:05 */
            text = g_strdup_printf (_("This login is locked until %s after too many bad passwords. "
                                      "Wait until then, or ask your administrator to unlock it."), until);
          else
            text = g_strdup (_("This login is locked by an administrator. Ask your administrator to unlock it."));
          ts_dialog_set_message (dialog, text);
        }
      else if (g_error_matches (error, TS_ERROR, TS_ERROR_THROTTLED))
        {
          /* C6: bad passwords from here make this place wait, never lock */
          g_autofree char *text = throttled_text (error->message);

          ts_dialog_set_message (dialog, text != NULL ? text : error->message);
        }
      else if (g_error_matches (error, TS_ERROR, TS_ERROR_RESIGNED))
        ts_dialog_set_message (dialog, _("This employee may not sign in today: outside the hired and resigned dates. "
                                         "Ask your administrator."));
      else if (g_error_matches (error, TS_ERROR, TS_ERROR_NO_ACCESS))
        ts_dialog_set_message (dialog, _("This employee’s level is No Access. Ask your administrator."));
      else
        ts_dialog_set_message (dialog, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      /* nothing was sent: once the person trusts it, sign in again */
      self->sign_in_trusted = ask_trust (self, self->client);
      return;
    }

  ts_dialog_set_busy (dialog, FALSE);
  ts_dialog_set_message (dialog, NULL);
  g_settings_set_string (self->settings, "server-url", ts_api_client_get_base_url (self->client));
  g_settings_set_string (self->settings, "last-login", gtk_editable_get_text (GTK_EDITABLE (self->login_entry)));
  g_settings_set_int64 (self->settings, "last-outlet-id", ts_api_client_get_outlet_id (self->client));
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, self->client);
}

static void
submit (TsDialog *dialog)
{
  TsSignInDialog *self = TS_SIGN_IN_DIALOG (dialog);
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  guint selected = gtk_drop_down_get_selected (self->outlet_dropdown);
  gint64 outlet = selected < self->outlet_ids->len ? g_array_index (self->outlet_ids, gint64, selected) : 0;

  if (*login == '\0')
    {
      ts_dialog_set_message (dialog, _("Enter your login name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
      return;
    }
  if (*password == '\0')
    {
      ts_dialog_set_message (dialog, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  g_clear_object (&self->client);
  self->client = ts_api_client_new (gtk_editable_get_text (GTK_EDITABLE (self->server_entry)));
  /* not a ts_dialog_submission: signing in answers no JSON, and the dialog
   * stays open until the application replaces it */
  ts_dialog_set_busy (dialog, TRUE);
  ts_dialog_set_message (dialog, NULL);
  ts_api_client_sign_in_async (self->client, outlet, login, password, ts_dialog_get_cancellable (dialog),
                               signed_in, self);
}

static void
ts_sign_in_dialog_dispose (GObject *object)
{
  TsSignInDialog *self = TS_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->directory_cancellable);
  g_clear_handle_id (&self->directory_timeout, g_source_remove);
  g_clear_object (&self->directory_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->probe);
  g_clear_object (&self->settings);
  if (self->trust_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->trust_dialog), (gpointer *) &self->trust_dialog);
  self->trust_dialog = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SIGN_IN_DIALOG);
  G_OBJECT_CLASS (ts_sign_in_dialog_parent_class)->dispose (object);
}

static void
ts_sign_in_dialog_finalize (GObject *object)
{
  TsSignInDialog *self = TS_SIGN_IN_DIALOG (object);

  g_array_unref (self->outlet_ids);
  G_OBJECT_CLASS (ts_sign_in_dialog_parent_class)->finalize (object);
}

static void
ts_sign_in_dialog_class_init (TsSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_sign_in_dialog_dispose;
  object_class->finalize = ts_sign_in_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, TS_TYPE_API_CLIENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSignInDialog, server_entry);
  gtk_widget_class_bind_template_child (widget_class, TsSignInDialog, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsSignInDialog, login_entry);
  gtk_widget_class_bind_template_child (widget_class, TsSignInDialog, password_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed);
}

static void
ts_sign_in_dialog_init (TsSignInDialog *self)
{
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->outlet_names = gtk_string_list_new (NULL);
  self->settings = g_settings_new (TS_APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->outlet_dropdown, G_LIST_MODEL (self->outlet_names));
  g_object_unref (self->outlet_names);   /* the drop-down holds it */
  reset_outlets (self);
}

TsSignInDialog *
ts_sign_in_dialog_new (GtkApplication *application,
                       const char     *server_url)
{
  TsSignInDialog *self = g_object_new (TS_TYPE_SIGN_IN_DIALOG, "application", application, NULL);
  g_autofree char *remembered = g_settings_get_string (self->settings, "server-url");
  g_autofree char *login = g_settings_get_string (self->settings, "last-login");

  self->wanted_outlet = g_settings_get_int64 (self->settings, "last-outlet-id");
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  /* setting the address loads its outlet list */
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server_url ? server_url : remembered);
  gtk_widget_grab_focus (GTK_WIDGET (*login ? (GtkWidget *) self->password_entry : (GtkWidget *) self->login_entry));
  return self;
}

void
_ts_sign_in_dialog_fill (TsSignInDialog *self,
                         const char     *server_url,
                         gint64          outlet_id,
                         const char     *login,
                         const char     *password)
{
  if (server_url != NULL && g_strcmp0 (server_url, gtk_editable_get_text (GTK_EDITABLE (self->server_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server_url);
  self->wanted_outlet = outlet_id;
  select_outlet (self, outlet_id);
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login ? login : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password ? password : "");
}

gboolean
_ts_sign_in_dialog_outlets_ready (TsSignInDialog *self)
{
  return self->outlets_ready;
}
