/* ts-patron-new-dialog.c — names and first contact points; when the server
 * finds a likely duplicate it says which, and "Save Anyway" confirms */
#include <glib/gi18n.h>

#include "ts-address-editor.h"
#include "ts-api-patrons.h"
#include "ts-error.h"
#include "ts-validate.h"
#include "ts-patron-new-dialog-private.h"

struct _TsPatronNewDialog
{
  TsDialog     parent_instance;

  GtkEntry    *first_entry;
  GtkEntry    *last_entry;
  GtkEntry    *company_entry;
  GtkEntry    *email_entry;
  GtkEntry    *phone_entry;
  TsAddressEditor *address_editor;
  GtkButton   *save_button;

  gboolean     allow_duplicate;
};

G_DEFINE_FINAL_TYPE (TsPatronNewDialog, ts_patron_new_dialog, TS_TYPE_DIALOG)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static const char *
reason_text (const char *reason)
{
  if (g_str_has_suffix (reason, "phone"))
    return _("the same name and phone");
  if (g_str_has_suffix (reason, "e-mail"))
    return _("the same name and e-mail");
  return _("the same name and postal code");
}

static void
duplicates_listed (TsDialog     *dialog,
                   JsonNode     *answer,
                   const GError *error)
{
  TsPatronNewDialog *self = TS_PATRON_NEW_DIALOG (dialog);
  JsonArray *list;
  g_autofree char *text = NULL;

  list = answer ? json_object_get_array_member (json_node_get_object (answer), "duplicates") : NULL;
  if (list != NULL && json_array_get_length (list) > 0)
    {
      JsonObject *first = json_array_get_object_element (list, 0);
      const char *first_name = json_object_get_string_member_with_default (first, "first_name", NULL);
      const char *last_name = json_object_get_string_member_with_default (first, "last_name", NULL);

      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (first, "id"));

      text = g_strdup_printf (_("This may be patron #%s, %s %s, who has %s. "
                                "Check that record, or press Save Anyway if this is someone else."),
                              number, first_name ? first_name : "",
                              last_name ? last_name : "",
                              reason_text (json_object_get_string_member (first, "reason")));
    }
  else
    text = g_strdup (_("This may be a patron already in the directory. Press Save Anyway if this is someone else."));
  ts_dialog_set_message (dialog, text);
  gtk_button_set_label (self->save_button, _("Save _Anyway"));
  self->allow_duplicate = TRUE;
}

/* The server refused a likely duplicate: ask which, and say it in the
 * person's language. */
static void
show_duplicates (TsPatronNewDialog *self)
{
  g_autofree char *postal_code = ts_address_editor_get_postal_code (self->address_editor);

  ts_api_client_find_duplicate_patrons_async (ts_dialog_get_client (TS_DIALOG (self)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->first_entry)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->last_entry)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->email_entry)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)),
                                              postal_code,
                                              ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                              ts_dialog_call (TS_DIALOG (self), duplicates_listed));
}

static void
created (TsDialog     *dialog,
         JsonNode     *answer,
         const GError *error)
{
  if (g_error_matches (error, TS_ERROR, TS_ERROR_CONFLICT))
    {
      /* not the server's words: which patron, said in the person's */
      ts_dialog_set_message (dialog, NULL);
      show_duplicates (TS_PATRON_NEW_DIALOG (dialog));
    }
  else if (error == NULL)
    g_signal_emit (dialog, signals[CREATED], 0, json_object_get_int_member (json_node_get_object (answer), "id"));
}

static void
add_name (JsonBuilder *builder,
          const char  *member,
          const char  *text)
{
  if (*text == '\0')
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_point (JsonBuilder *builder,
           const char  *kind,
           const char  *key,
           const char  *value)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
}

static void
submit (TsDialog *dialog)
{
  TsPatronNewDialog *self = TS_PATRON_NEW_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *line1 = ts_address_editor_get_line1 (self->address_editor);

  if (*text_of (self->last_entry) == '\0' && *text_of (self->company_entry) == '\0')
    {
      ts_dialog_set_message (dialog, _("A patron needs a last name or a company name."));
      return;
    }
  if (!ts_validate_email (_("E-mail"), text_of (self->email_entry), &error)
      || !ts_validate_phone (_("Phone"), text_of (self->phone_entry), &error))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }
  if (*line1 == '\0' && !ts_address_editor_is_empty (self->address_editor))
    {
      ts_dialog_refuse (dialog, ts_address_editor_get_first_field (self->address_editor),
                        _("An address needs its street line."));
      return;
    }

  json_builder_begin_object (builder);
  add_name (builder, "first_name", text_of (self->first_entry));
  add_name (builder, "last_name", text_of (self->last_entry));
  add_name (builder, "company", text_of (self->company_entry));
  json_builder_set_member_name (builder, "allow_duplicate");
  json_builder_add_boolean_value (builder, self->allow_duplicate);
  json_builder_set_member_name (builder, "contact_points");
  json_builder_begin_array (builder);
  if (*text_of (self->email_entry) != '\0')
    add_point (builder, "email", "value", text_of (self->email_entry));
  if (*text_of (self->phone_entry) != '\0')
    add_point (builder, "phone", "value", text_of (self->phone_entry));
  if (*line1 != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "address");
      ts_address_editor_add_to (self->address_editor, builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ts_api_client_create_patron_async (ts_dialog_get_client (dialog), body, ts_dialog_get_cancellable (dialog),
                                     ts_dialog_answered, ts_dialog_submission (dialog, created));
}

static void
on_changed (TsPatronNewDialog *self)
{
  /* A change after a duplicate warning must be checked again. */
  if (self->allow_duplicate)
    {
      self->allow_duplicate = FALSE;
      gtk_button_set_label (self->save_button, _("_Save"));
    }
}

static void
ts_patron_new_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_PATRON_NEW_DIALOG);
  G_OBJECT_CLASS (ts_patron_new_dialog_parent_class)->dispose (object);
}

static void
ts_patron_new_dialog_class_init (TsPatronNewDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_patron_new_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-new-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, first_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, last_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, company_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, email_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, address_editor);
  gtk_widget_class_bind_template_child (widget_class, TsPatronNewDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
}

static void
ts_patron_new_dialog_init (TsPatronNewDialog *self)
{
  g_type_ensure (TS_TYPE_ADDRESS_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsPatronNewDialog *
ts_patron_new_dialog_new (GtkWindow   *parent,
                          TsApiClient *client)
{
  return g_object_new (TS_TYPE_PATRON_NEW_DIALOG, "transient-for", parent, "client", client, NULL);
}

void
_ts_patron_new_dialog_fill (TsPatronNewDialog *self,
                            const char        *first_name,
                            const char        *last_name,
                            const char        *email,
                            const char        *phone)
{
  gtk_editable_set_text (GTK_EDITABLE (self->first_entry), first_name ? first_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_entry), last_name ? last_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_entry), email ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), phone ? phone : "");
}
