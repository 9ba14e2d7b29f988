/* ts-map-duplicate-dialog.c — the Master User copies a theatre map and gives
 * the copy to an outlet, which may then change it freely (M2); the outlets
 * come from the server, the copy is made by POST /maps/{id}/duplicate. */
#include <glib/gi18n.h>

#include "ts-api-maps.h"
#include "ts-error.h"
#include "ts-validate.h"
#include "ts-map-duplicate-dialog-private.h"

struct _TsMapDuplicateDialog
{
  TsDialog       parent_instance;

  GtkLabel      *map_label;
  GtkDropDown   *outlet_dropdown;
  GtkEntry      *name_entry;

  gint64         map_id;
  GArray        *outlet_ids;       /* gint64, in the drop-down's order */
  GPtrArray     *outlet_codes;
};

G_DEFINE_FINAL_TYPE (TsMapDuplicateDialog, ts_map_duplicate_dialog, TS_TYPE_DIALOG)

static void
outlets_loaded (TsDialog     *dialog,
                JsonNode     *answer,
                const GError *error)
{
  TsMapDuplicateDialog *self = TS_MAP_DUPLICATE_DIALOG (dialog);
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
  TsMapDuplicateDialog *self = TS_MAP_DUPLICATE_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  guint chosen = gtk_drop_down_get_selected (self->outlet_dropdown);

  if (chosen == GTK_INVALID_LIST_POSITION || chosen >= self->outlet_ids->len)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->outlet_dropdown), _("Outlet: choose the outlet the copy is for."));
      return;
    }
  if (!ts_validate_required (_("Name"), name, 200, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), error->message);
      return;
    }
  ts_api_client_duplicate_map_async (ts_dialog_get_client (dialog), self->map_id,
                                     g_array_index (self->outlet_ids, gint64, chosen), name,
                                     ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                     ts_dialog_submission (dialog, NULL));
}

static void
ts_map_duplicate_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_MAP_DUPLICATE_DIALOG);
  G_OBJECT_CLASS (ts_map_duplicate_dialog_parent_class)->dispose (object);
}

static void
ts_map_duplicate_dialog_finalize (GObject *object)
{
  TsMapDuplicateDialog *self = TS_MAP_DUPLICATE_DIALOG (object);

  g_array_unref (self->outlet_ids);
  g_ptr_array_unref (self->outlet_codes);
  G_OBJECT_CLASS (ts_map_duplicate_dialog_parent_class)->finalize (object);
}

static void
ts_map_duplicate_dialog_class_init (TsMapDuplicateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_map_duplicate_dialog_dispose;
  object_class->finalize = ts_map_duplicate_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-map-duplicate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsMapDuplicateDialog, map_label);
  gtk_widget_class_bind_template_child (widget_class, TsMapDuplicateDialog, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsMapDuplicateDialog, name_entry);
}

static void
ts_map_duplicate_dialog_init (TsMapDuplicateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->outlet_codes = g_ptr_array_new_with_free_func (g_free);
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
}

TsMapDuplicateDialog *
ts_map_duplicate_dialog_new (GtkWindow   *parent,
                             TsApiClient *client,
                             gint64       map_id,
                             const char  *map_name)
{
  TsMapDuplicateDialog *self = g_object_new (TS_TYPE_MAP_DUPLICATE_DIALOG, "transient-for", parent,
                                             "client", client, NULL);

  self->map_id = map_id;
  gtk_label_set_text (self->map_label, map_name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), map_name);
  ts_api_client_list_outlets_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                    ts_dialog_call (TS_DIALOG (self), outlets_loaded));
  return self;
}

gboolean
_ts_map_duplicate_dialog_choose_outlet (TsMapDuplicateDialog *self,
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
_ts_map_duplicate_dialog_set_name (TsMapDuplicateDialog *self,
                                   const char           *name)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}
