/* ts-system-settings-dialog.c — the licence count (C1)
 *
 * The spin button allows 1–20, the hard maximum; the server also refuses a
 * count below the number of outlets that exist, and that refusal is shown as
 * it comes. */
#include <glib/gi18n.h>

#include "ts-system-settings-dialog.h"

struct _TsSystemSettingsDialog
{
  GtkWindow      parent_instance;

  GtkSpinButton *licence_spin;
  GtkLabel      *count_label;
  GtkLabel      *message_label;
  GtkButton     *save_button;

  TsApiClient   *client;
  GCancellable  *cancellable;
  gboolean       loaded;
};

G_DEFINE_FINAL_TYPE (TsSystemSettingsDialog, ts_system_settings_dialog, GTK_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_message (TsSystemSettingsDialog *self,
             const char             *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  /* an empty row would leave a gap under the fields */
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL && *text != '\0');
}

static void
show_settings (TsSystemSettingsDialog *self,
               JsonObject             *settings)
{
  int outlets = (int) json_object_get_int_member_with_default (settings, "outlet_count", 0);
  int maximum = (int) json_object_get_int_member_with_default (settings, "max_outlets", 20);
  g_autofree char *text = NULL;

  gtk_spin_button_set_range (self->licence_spin, 1, maximum);
  gtk_spin_button_set_value (self->licence_spin,
                             (double) json_object_get_int_member_with_default (settings, "licence_count", 1));
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%d outlet exists, so the count can be from %d to %d.",
                                       "%d outlets exist, so the count can be from %d to %d.", outlets),
                          outlets, MAX (outlets, 1), maximum);
  gtk_label_set_text (self->count_label, text);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSystemSettingsDialog *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      set_message (self, error ? error->message : NULL);
      return;
    }
  show_settings (self, json_node_get_object (answer));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  self->loaded = TRUE;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSystemSettingsDialog *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (answer == NULL)
    {
      set_message (self, error ? error->message : NULL);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_clicked (TsSystemSettingsDialog *self)
{
  /* a value typed but not yet committed by the spin button counts */
  gtk_spin_button_update (self->licence_spin);
  set_message (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  ts_api_client_set_licence_count_async (self->client, gtk_spin_button_get_value_as_int (self->licence_spin),
                                         self->cancellable, saved, self);
}

static void
ts_system_settings_dialog_dispose (GObject *object)
{
  TsSystemSettingsDialog *self = TS_SYSTEM_SETTINGS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SYSTEM_SETTINGS_DIALOG);
  G_OBJECT_CLASS (ts_system_settings_dialog_parent_class)->dispose (object);
}

static void
ts_system_settings_dialog_class_init (TsSystemSettingsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_system_settings_dialog_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-system-settings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, licence_spin);
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_system_settings_dialog_init (TsSystemSettingsDialog *self)
{
  GtkEditable *text;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter in the spin button saves, as in every other dialog; GTK 4.8 has
   * no such property on GtkSpinButton itself, only on its text. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->licence_spin));
  if (GTK_IS_TEXT (text))
    gtk_text_set_activates_default (GTK_TEXT (text), TRUE);
}

TsSystemSettingsDialog *
ts_system_settings_dialog_new (GtkWindow   *parent,
                               TsApiClient *client)
{
  TsSystemSettingsDialog *self = g_object_new (TS_TYPE_SYSTEM_SETTINGS_DIALOG, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  ts_api_client_get_system_async (client, self->cancellable, loaded, self);
  return self;
}

gboolean
ts_system_settings_dialog_is_loaded (TsSystemSettingsDialog *self)
{
  return self->loaded;
}

int
ts_system_settings_dialog_get_licence_count (TsSystemSettingsDialog *self)
{
  return gtk_spin_button_get_value_as_int (self->licence_spin);
}

const char *
ts_system_settings_dialog_get_message (TsSystemSettingsDialog *self)
{
  return gtk_label_get_text (self->message_label);
}

void
ts_system_settings_dialog_fill (TsSystemSettingsDialog *self,
                                int                     licence_count)
{
  gtk_spin_button_set_value (self->licence_spin, licence_count);
}

void
ts_system_settings_dialog_submit (TsSystemSettingsDialog *self)
{
  gtk_widget_activate (GTK_WIDGET (self->save_button));
}
