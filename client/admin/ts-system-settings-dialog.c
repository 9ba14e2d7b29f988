/* ts-system-settings-dialog.c — the licence count (C1)
 *
 * The spin button allows 1–20, the hard maximum; the server also refuses a
 * count below the number of outlets that exist, and that refusal is shown as
 * it comes. */
#include <glib/gi18n.h>

#include "ts-system-settings-dialog-private.h"

struct _TsSystemSettingsDialog
{
  TsDialog       parent_instance;

  GtkSpinButton *licence_spin;
  GtkLabel      *count_label;
  GtkLabel      *message_label;
};

G_DEFINE_FINAL_TYPE (TsSystemSettingsDialog, ts_system_settings_dialog, TS_TYPE_DIALOG)

static void
on_message_changed (TsSystemSettingsDialog *self)
{
  /* an empty row would leave a gap under the fields */
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), *ts_dialog_get_message (TS_DIALOG (self)) != '\0');
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
loaded (TsDialog     *dialog,
        JsonNode     *answer,
        const GError *error)
{
  if (error != NULL)
    return;
  show_settings (TS_SYSTEM_SETTINGS_DIALOG (dialog), json_node_get_object (answer));
  ts_dialog_set_ready (dialog, TRUE);
}

static void
submit (TsDialog *dialog)
{
  TsSystemSettingsDialog *self = TS_SYSTEM_SETTINGS_DIALOG (dialog);

  /* a value typed but not yet committed by the spin button counts */
  gtk_spin_button_update (self->licence_spin);
  ts_api_client_set_licence_count_async (ts_dialog_get_client (dialog),
                                         gtk_spin_button_get_value_as_int (self->licence_spin),
                                         ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                         ts_dialog_submission (dialog, NULL));
}

static void
ts_system_settings_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_SYSTEM_SETTINGS_DIALOG);
  G_OBJECT_CLASS (ts_system_settings_dialog_parent_class)->dispose (object);
}

static void
ts_system_settings_dialog_class_init (TsSystemSettingsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_system_settings_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-system-settings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, licence_spin);
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, TsSystemSettingsDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_message_changed);
}

static void
ts_system_settings_dialog_init (TsSystemSettingsDialog *self)
{
  GtkEditable *text;

  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
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
  TsDialog *self = g_object_new (TS_TYPE_SYSTEM_SETTINGS_DIALOG, "transient-for", parent, "client", client, NULL);

  ts_api_client_get_system_async (client, ts_dialog_get_cancellable (self), ts_dialog_answered,
                                  ts_dialog_call (self, loaded));
  return TS_SYSTEM_SETTINGS_DIALOG (self);
}

int
_ts_system_settings_dialog_get_licence_count (TsSystemSettingsDialog *self)
{
  return gtk_spin_button_get_value_as_int (self->licence_spin);
}

void
_ts_system_settings_dialog_fill (TsSystemSettingsDialog *self,
                                 int                     licence_count)
{
  gtk_spin_button_set_value (self->licence_spin, licence_count);
}
