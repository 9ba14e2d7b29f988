/* ts-outlet-new-dialog.c — creating an outlet; the server's refusals (the
 * licence count, a duplicate code) are shown as they come */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-validate.h"
#include "ts-outlet-new-dialog-private.h"

struct _TsOutletNewDialog
{
  TsDialog          parent_instance;

  GtkEntry         *code_entry;
  GtkEntry         *name_entry;
  GtkEntry         *first_entry;
  GtkEntry         *last_entry;
  GtkEntry         *login_entry;
  GtkPasswordEntry *password_entry;
};

G_DEFINE_FINAL_TYPE (TsOutletNewDialog, ts_outlet_new_dialog, TS_TYPE_DIALOG)

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
submit (TsDialog *dialog)
{
  TsOutletNewDialog *self = TS_OUTLET_NEW_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *code = g_ascii_strup (text_of (self->code_entry), -1);

  if (!ts_validate_outlet_code (_("Code"), code, &error)
      || !ts_validate_required (_("Name"), text_of (self->name_entry), 120, &error)
      || !ts_validate_required (_("Last name"), text_of (self->last_entry), 80, &error)
      || !ts_validate_login (_("Login"), text_of (self->login_entry), &error)
      || !ts_validate_password (_("Password"), text_of (self->password_entry), &error))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, text_of (self->name_entry));
  json_builder_set_member_name (builder, "administrator");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, text_of (self->login_entry));
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, text_of (self->password_entry));
  json_builder_set_member_name (builder, "first_name");
  json_builder_add_string_value (builder, text_of (self->first_entry));
  json_builder_set_member_name (builder, "last_name");
  json_builder_add_string_value (builder, text_of (self->last_entry));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ts_api_client_create_outlet_async (ts_dialog_get_client (dialog), body, ts_dialog_get_cancellable (dialog),
                                     ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_outlet_new_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OUTLET_NEW_DIALOG);
  G_OBJECT_CLASS (ts_outlet_new_dialog_parent_class)->dispose (object);
}

static void
ts_outlet_new_dialog_class_init (TsOutletNewDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_outlet_new_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-outlet-new-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOutletNewDialog, code_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletNewDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletNewDialog, first_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletNewDialog, last_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletNewDialog, login_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletNewDialog, password_entry);
}

static void
ts_outlet_new_dialog_init (TsOutletNewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsOutletNewDialog *
ts_outlet_new_dialog_new (GtkWindow   *parent,
                          TsApiClient *client)
{
  return g_object_new (TS_TYPE_OUTLET_NEW_DIALOG, "transient-for", parent, "client", client, NULL);
}

void
_ts_outlet_new_dialog_fill (TsOutletNewDialog *self,
                            const char        *code,
                            const char        *name,
                            const char        *first_name,
                            const char        *last_name,
                            const char        *login,
                            const char        *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), code);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  gtk_editable_set_text (GTK_EDITABLE (self->first_entry), first_name);
  gtk_editable_set_text (GTK_EDITABLE (self->last_entry), last_name);
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}
