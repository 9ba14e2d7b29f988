/* ts-face-duplicate-dialog.c — the Master User copies a ticket face and
 * gives the copy to an outlet, which then owns it and may change it (F1:
 * faces are never shared, so a copy is how one outlet's face reaches
 * another); the outlets come from the server, the copy is made by
 * POST /faces/{id}/duplicate. */
#include <glib/gi18n.h>

#include "ts-api-client.h"
#include "ts-api-faces.h"
#include "ts-validate.h"
#include "ts-face-duplicate-dialog-private.h"

struct _TsFaceDuplicateDialog
{
  TsDialog       parent_instance;

  GtkLabel      *face_label;
  GtkDropDown   *outlet_dropdown;
  GtkEntry      *name_entry;

  gint64         face_id;
  GArray        *outlet_ids;       /* gint64, in the drop-down's order */
  GPtrArray     *outlet_codes;
};

G_DEFINE_FINAL_TYPE (TsFaceDuplicateDialog, ts_face_duplicate_dialog, TS_TYPE_DIALOG)

static void
outlets_loaded (TsDialog     *dialog,
                JsonNode     *answer,
                const GError *error)
{
  TsFaceDuplicateDialog *self = TS_FACE_DUPLICATE_DIALOG (dialog);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonArray *outlets;

  if (error != NULL)
    return;
  outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
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
  TsFaceDuplicateDialog *self = TS_FACE_DUPLICATE_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  guint chosen = gtk_drop_down_get_selected (self->outlet_dropdown);

  if (chosen == GTK_INVALID_LIST_POSITION || chosen >= self->outlet_ids->len)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->outlet_dropdown), _("Outlet: choose the outlet the copy is for."));
      return;
    }
  if (!ts_validate_required (_("Name"), name, 120, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), error->message);
      return;
    }
  ts_api_client_duplicate_face_async (ts_dialog_get_client (dialog), self->face_id,
                                      g_array_index (self->outlet_ids, gint64, chosen), name,
                                      ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                      ts_dialog_submission (dialog, NULL));
}

static void
ts_face_duplicate_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_FACE_DUPLICATE_DIALOG);
  G_OBJECT_CLASS (ts_face_duplicate_dialog_parent_class)->dispose (object);
}

static void
ts_face_duplicate_dialog_finalize (GObject *object)
{
  TsFaceDuplicateDialog *self = TS_FACE_DUPLICATE_DIALOG (object);

  g_array_unref (self->outlet_ids);
  g_ptr_array_unref (self->outlet_codes);
  G_OBJECT_CLASS (ts_face_duplicate_dialog_parent_class)->finalize (object);
}

static void
ts_face_duplicate_dialog_class_init (TsFaceDuplicateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_face_duplicate_dialog_dispose;
  object_class->finalize = ts_face_duplicate_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-face-duplicate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsFaceDuplicateDialog, face_label);
  gtk_widget_class_bind_template_child (widget_class, TsFaceDuplicateDialog, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsFaceDuplicateDialog, name_entry);
}

static void
ts_face_duplicate_dialog_init (TsFaceDuplicateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->outlet_codes = g_ptr_array_new_with_free_func (g_free);
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
}

TsFaceDuplicateDialog *
ts_face_duplicate_dialog_new (GtkWindow   *parent,
                              TsApiClient *client,
                              gint64       face_id,
                              const char  *face_name)
{
  TsFaceDuplicateDialog *self = g_object_new (TS_TYPE_FACE_DUPLICATE_DIALOG, "transient-for", parent,
                                              "client", client, NULL);

  self->face_id = face_id;
  gtk_label_set_text (self->face_label, face_name ? face_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), face_name ? face_name : "");
  ts_api_client_list_outlets_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                    ts_dialog_call (TS_DIALOG (self), outlets_loaded));
  return self;
}

gboolean
_ts_face_duplicate_dialog_choose_outlet (TsFaceDuplicateDialog *self,
                                         const char            *code)
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
_ts_face_duplicate_dialog_set_name (TsFaceDuplicateDialog *self,
                                    const char            *name)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}
