/* ts-outlet-copy-dialog.c — the Master User copies a theatre map or a ticket
 * face and gives the copy to an outlet, which may then change it freely (C2,
 * M2, F1); the outlets come from the server, the copy is made by the typed
 * call the caller names (POST /maps/{id}/duplicate, /faces/{id}/duplicate). */
#include <glib/gi18n.h>

#include "ts-api-client.h"
#include "ts-error.h"
#include "ts-validate.h"
#include "ts-outlet-copy-dialog-private.h"

struct _TsOutletCopyDialog
{
  TsDialog       parent_instance;

  GtkLabel      *kind_label;
  GtkLabel      *original_label;
  GtkDropDown   *outlet_dropdown;
  GtkEntry      *name_entry;
  GtkLabel      *note_label;

  gint64            id;
  guint             max_name;
  TsOutletCopyFunc  copy;
  GArray        *outlet_ids;       /* gint64, in the drop-down's order */
  GPtrArray     *outlet_codes;
};

G_DEFINE_FINAL_TYPE (TsOutletCopyDialog, ts_outlet_copy_dialog, TS_TYPE_DIALOG)

static void
outlets_loaded (TsDialog     *dialog,
                JsonNode     *answer,
                const GError *error)
{
  TsOutletCopyDialog *self = TS_OUTLET_COPY_DIALOG (dialog);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonArray *outlets;

  if (error != NULL)
    return;
  outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
  for (guint i = 0; i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);
      gint64 id = json_object_get_int_member (outlet, "id");
      g_autofree char *shown = g_strdup_printf ("%s (%s)", json_object_get_string_member (outlet, "name"),
                                                json_object_get_string_member (outlet, "code"));

      gtk_string_list_append (names, shown);
      g_array_append_val (self->outlet_ids, id);
      g_ptr_array_add (self->outlet_codes, g_strdup (json_object_get_string_member (outlet, "code")));
    }
  gtk_drop_down_set_model (self->outlet_dropdown, G_LIST_MODEL (names));
  ts_dialog_set_ready (dialog, TRUE);
}

static void
submit (TsDialog *dialog)
{
  TsOutletCopyDialog *self = TS_OUTLET_COPY_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  guint chosen = gtk_drop_down_get_selected (self->outlet_dropdown);

  if (chosen == GTK_INVALID_LIST_POSITION || chosen >= self->outlet_ids->len)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->outlet_dropdown), _("Outlet: choose the outlet the copy is for."));
      return;
    }
  if (!ts_validate_required (_("Name"), name, self->max_name, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), error->message);
      return;
    }
  self->copy (ts_dialog_get_client (dialog), self->id, g_array_index (self->outlet_ids, gint64, chosen), name,
              ts_dialog_get_cancellable (dialog), ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_outlet_copy_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OUTLET_COPY_DIALOG);
  G_OBJECT_CLASS (ts_outlet_copy_dialog_parent_class)->dispose (object);
}

static void
ts_outlet_copy_dialog_finalize (GObject *object)
{
  TsOutletCopyDialog *self = TS_OUTLET_COPY_DIALOG (object);

  g_array_unref (self->outlet_ids);
  g_ptr_array_unref (self->outlet_codes);
  G_OBJECT_CLASS (ts_outlet_copy_dialog_parent_class)->finalize (object);
}

static void
ts_outlet_copy_dialog_class_init (TsOutletCopyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_outlet_copy_dialog_dispose;
  object_class->finalize = ts_outlet_copy_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-outlet-copy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOutletCopyDialog, kind_label);
  gtk_widget_class_bind_template_child (widget_class, TsOutletCopyDialog, original_label);
  gtk_widget_class_bind_template_child (widget_class, TsOutletCopyDialog, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsOutletCopyDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletCopyDialog, note_label);
}

static void
ts_outlet_copy_dialog_init (TsOutletCopyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->outlet_codes = g_ptr_array_new_with_free_func (g_free);
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
}

TsOutletCopyDialog *
ts_outlet_copy_dialog_new (GtkWindow        *parent,
                           TsApiClient      *client,
                           const char       *title,
                           const char       *kind,
                           const char       *note,
                           gint64            id,
                           const char       *name,
                           guint             max_name,
                           TsOutletCopyFunc  copy)
{
  TsOutletCopyDialog *self = g_object_new (TS_TYPE_OUTLET_COPY_DIALOG, "transient-for", parent,
                                           "client", client, "title", title, NULL);

  self->id = id;
  self->max_name = max_name;
  self->copy = copy;
  gtk_label_set_text (self->kind_label, kind);
  gtk_label_set_text (self->original_label, name);
  gtk_label_set_text (self->note_label, note);
  gtk_entry_set_max_length (self->name_entry, (int) max_name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  ts_api_client_list_outlets_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                    ts_dialog_call (TS_DIALOG (self), outlets_loaded));
  return self;
}

gboolean
_ts_outlet_copy_dialog_choose_outlet (TsOutletCopyDialog *self,
                                        const char           *code)
{
  for (guint i = 0; i < self->outlet_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->outlet_codes, i), code))
      {
        gtk_drop_down_set_selected (self->outlet_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

void
_ts_outlet_copy_dialog_set_name (TsOutletCopyDialog *self,
                                   const char           *name)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}
