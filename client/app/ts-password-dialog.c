/* ts-password-dialog.c — current, new and confirmed password */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-validate.h"
#include "ts-password-dialog.h"

struct _TsPasswordDialog
{
  GtkWindow    parent_instance;

  GtkPasswordEntry *current_entry;
  GtkPasswordEntry *new_entry;
  GtkPasswordEntry *confirm_entry;
  GtkButton   *change_button;
  GtkLabel    *message_label;

  TsApiClient *client;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TsPasswordDialog, ts_password_dialog, GTK_TYPE_WINDOW)

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsPasswordDialog *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), TRUE);
  if (error != NULL)
    {
      gtk_label_set_text (self->message_label, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_change_clicked (TsPasswordDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!ts_validate_password (_("New password"), text_of (self->new_entry), &error))
    {
      gtk_label_set_text (self->message_label, error->message);
      return;
    }
  if (g_strcmp0 (text_of (self->new_entry), text_of (self->confirm_entry)) != 0)
    {
      gtk_label_set_text (self->message_label, _("The new password and its confirmation differ."));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
  ts_api_client_change_password_async (self->client, text_of (self->current_entry), text_of (self->new_entry),
                                       self->cancellable, changed, self);
}

static void
ts_password_dialog_dispose (GObject *object)
{
  TsPasswordDialog *self = TS_PASSWORD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_PASSWORD_DIALOG);
  G_OBJECT_CLASS (ts_password_dialog_parent_class)->dispose (object);
}

static void
ts_password_dialog_class_init (TsPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_password_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, current_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, new_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_password_dialog_init (TsPasswordDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsPasswordDialog *
ts_password_dialog_new (GtkWindow   *parent,
                        TsApiClient *client)
{
  TsPasswordDialog *self = g_object_new (TS_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  return self;
}
