/* ts-password-dialog.c — current, new and confirmed password */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-validate.h"
#include "ts-password-dialog.h"

struct _TsPasswordDialog
{
  TsDialog          parent_instance;

  GtkPasswordEntry *current_entry;
  GtkPasswordEntry *new_entry;
  GtkPasswordEntry *confirm_entry;
};

G_DEFINE_FINAL_TYPE (TsPasswordDialog, ts_password_dialog, TS_TYPE_DIALOG)

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
submit (TsDialog *dialog)
{
  TsPasswordDialog *self = TS_PASSWORD_DIALOG (dialog);
  g_autoptr(GError) error = NULL;

  if (!ts_validate_password (_("New password"), text_of (self->new_entry), &error))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }
  if (g_strcmp0 (text_of (self->new_entry), text_of (self->confirm_entry)) != 0)
    {
      ts_dialog_set_message (dialog, _("The new password and its confirmation differ."));
      return;
    }
  ts_api_client_change_password_async (ts_dialog_get_client (dialog), text_of (self->current_entry),
                                       text_of (self->new_entry), ts_dialog_get_cancellable (dialog),
                                       ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_password_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_PASSWORD_DIALOG);
  G_OBJECT_CLASS (ts_password_dialog_parent_class)->dispose (object);
}

static void
ts_password_dialog_class_init (TsPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_password_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, current_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, new_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPasswordDialog, confirm_entry);
}

static void
ts_password_dialog_init (TsPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsPasswordDialog *
ts_password_dialog_new (GtkWindow   *parent,
                        TsApiClient *client)
{
  return g_object_new (TS_TYPE_PASSWORD_DIALOG, "transient-for", parent, "client", client, NULL);
}
