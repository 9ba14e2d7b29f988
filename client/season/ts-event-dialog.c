/* ts-event-dialog.c — an event: its name, description, theatre map, ticket
 * face, whether the door lets people out and back in (F5), and its partner
 * companies (K1)
 *
 * Any outlet's map will do (M1); the face is one of the owning outlet's own,
 * or its default face (F1, F2); the partners are the owning outlet's own,
 * as many as it has (K1, P4).  The server checks everything; its refusal
 * (a map change once seats are sold, M4) is shown in the dialog, which keeps
 * what was typed. */
#include <glib/gi18n.h>

#include "ts-api-faces.h"
#include "ts-api-maps.h"
#include "ts-api-partners.h"
#include "ts-api-season.h"
#include "ts-error.h"
#include "ts-season-common.h"
#include "ts-event-dialog.h"

struct _TsEventDialog
{
  TsDialog      parent_instance;

  GtkEntry     *name_entry;
  GtkTextView  *description_view;
  GtkDropDown  *map_dropdown;
  GtkDropDown  *face_dropdown;
  GtkCheckButton *reentry_check;
  GtkLabel     *partners_label;
  GtkBox       *partners_box;    /* a check button per partner company */
  GtkLabel     *no_partners_label;

  gint64        outlet_id;
  gint64        event_id;      /* 0 when creating */
  gint64        map_id;        /* the event's map, chosen once the list arrives */
  gint64        face_id;       /* the event's face; 0 for the outlet's default */
  GArray       *partner_ids;   /* the event's partner companies (gint64), checked once the list arrives */
  guint         loading;       /* the lists still to come: maps, faces, partners */
};

G_DEFINE_FINAL_TYPE (TsEventDialog, ts_event_dialog, TS_TYPE_DIALOG)

/* "Opera House — University Theatre": the owner tells same-named maps apart */
static char *
map_label (JsonObject *map)
{
  JsonObject *outlet = json_object_get_object_member (map, "outlet");

  return g_strdup_printf (_("%s — %s"), json_object_get_string_member (map, "name"),
                          outlet ? json_object_get_string_member (outlet, "name") : "");
}

/* The form may be saved once both lists are in. */
static void
list_loaded (TsEventDialog *self)
{
  if (--self->loading == 0)
    ts_dialog_set_ready (TS_DIALOG (self), TRUE);
}

static void
maps_loaded (TsDialog     *dialog,
             JsonNode     *answer,
             const GError *error)
{
  TsEventDialog *self = TS_EVENT_DIALOG (dialog);
  JsonArray *maps;

  if (error != NULL)
    return;
  maps = json_object_get_array_member (json_node_get_object (answer), "maps");
  ts_season_drop_down_fill (self->map_dropdown, maps, NULL, self->map_id);
  if (maps == NULL || json_array_get_length (maps) == 0)
    {
      ts_dialog_set_message (dialog, _("There is no theatre map yet: build or import one in Theatre Maps first."));
      return;
    }
  list_loaded (self);
}

/* F2: the owning outlet's faces only; none chosen prints with its default */
static void
faces_loaded (TsDialog     *dialog,
              JsonNode     *answer,
              const GError *error)
{
  TsEventDialog *self = TS_EVENT_DIALOG (dialog);

  if (error != NULL)
    return;
  ts_season_drop_down_fill (self->face_dropdown, JSON_NODE_HOLDS_ARRAY (answer) ? json_node_get_array (answer) : NULL,
                            _("Default face"), self->face_id);
  list_loaded (self);
}

/* K1: one check button per partner company of the owning outlet, those of
 * the event ticked; the partner's id rides on its button. */
static void
partners_loaded (TsDialog     *dialog,
                 JsonNode     *answer,
                 const GError *error)
{
  TsEventDialog *self = TS_EVENT_DIALOG (dialog);
  JsonArray *partners;
  GtkWidget *first = NULL;

  if (error != NULL)
    return;
  partners = json_object_get_array_member (json_node_get_object (answer), "partner_companies");
  for (guint i = 0; partners != NULL && i < json_array_get_length (partners); i++)
    {
      JsonObject *partner = json_array_get_object_element (partners, i);
      gint64 id = ts_season_get_int (partner, "id", 0);
      GtkWidget *check = gtk_check_button_new_with_label (ts_season_get_string (partner, "name"));

      for (guint j = 0; j < self->partner_ids->len; j++)
        if (g_array_index (self->partner_ids, gint64, j) == id)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data_full (G_OBJECT (check), "partner-company-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_box_append (self->partners_box, check);
      if (first == NULL)
        first = check;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_partners_label), first == NULL);
  if (first != NULL)
    gtk_label_set_mnemonic_widget (self->partners_label, first);
  list_loaded (self);
}

/* "partner_company_ids": the whole set ticked (K1). */
static void
add_partner_ids (TsEventDialog *self,
                 JsonBuilder   *builder)
{
  json_builder_set_member_name (builder, "partner_company_ids");
  json_builder_begin_array (builder);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->partners_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gint64 *id = g_object_get_data (G_OBJECT (child), "partner-company-id");

      if (id != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        json_builder_add_int_value (builder, *id);
    }
  json_builder_end_array (builder);
}

static void
submit (TsDialog *dialog)
{
  TsEventDialog *self = TS_EVENT_DIALOG (dialog);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autofree char *description = NULL;
  TsApiClient *client = ts_dialog_get_client (dialog);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  gint64 map_id = ts_season_drop_down_get_id (self->map_dropdown);

  if (*name == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), _("Name: an event needs a name."));
      return;
    }
  if (map_id == 0)
    {
      ts_dialog_set_message (dialog, _("Theatre map: choose the map the event is played on."));
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "map_id");
  json_builder_add_int_value (builder, map_id);
  json_builder_set_member_name (builder, "face_id");
  if (ts_season_drop_down_get_id (self->face_dropdown) == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, ts_season_drop_down_get_id (self->face_dropdown));
  json_builder_set_member_name (builder, "reentry");   /* F5 */
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->reentry_check));
  add_partner_ids (self, builder);
  if (self->event_id == 0)
    {
      /* the Master User names the owning outlet; anyone else may name his own */
      json_builder_set_member_name (builder, "outlet_id");
      json_builder_add_int_value (builder, self->outlet_id);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->event_id == 0)
    ts_api_client_create_event_async (client, body, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                      ts_dialog_submission (dialog, NULL));
  else
    ts_api_client_patch_event_async (client, self->event_id, body, ts_dialog_get_cancellable (dialog),
                                     ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_event_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_EVENT_DIALOG);
  G_OBJECT_CLASS (ts_event_dialog_parent_class)->dispose (object);
}

static void
ts_event_dialog_finalize (GObject *object)
{
  g_array_unref (TS_EVENT_DIALOG (object)->partner_ids);
  G_OBJECT_CLASS (ts_event_dialog_parent_class)->finalize (object);
}

static void
ts_event_dialog_class_init (TsEventDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_event_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = ts_event_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-event-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, map_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, face_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, reentry_check);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, partners_label);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, partners_box);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, no_partners_label);
}

static void
ts_event_dialog_init (TsEventDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
  ts_season_drop_down_init (self->map_dropdown, map_label);
  ts_season_drop_down_init (self->face_dropdown, NULL);
  self->partner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->loading = 3;
}

TsEventDialog *
ts_event_dialog_new (GtkWindow   *parent,
                     TsApiClient *client,
                     gint64       outlet_id,
                     JsonObject  *event)
{
  TsEventDialog *self = g_object_new (TS_TYPE_EVENT_DIALOG, "transient-for", parent, "client", client, NULL);

  self->outlet_id = outlet_id;
  if (event != NULL)
    {
      const char *description = ts_season_get_string (event, "description");

      self->event_id = ts_season_get_int (event, "id", 0);
      self->outlet_id = ts_season_get_int (event, "outlet_id", outlet_id);
      self->map_id = ts_season_get_int (event, "map_id", 0);
      self->face_id = ts_season_get_int (event, "face_id", 0);
      gtk_check_button_set_active (self->reentry_check,
                                   json_object_get_boolean_member_with_default (event, "reentry", FALSE));
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), ts_season_get_string (event, "name") ?: "");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), description ? description : "", -1);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Event"));
      if (json_object_has_member (event, "partner_company_ids"))
        {
          JsonArray *ids = json_object_get_array_member (event, "partner_company_ids");

          for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
            {
              gint64 id = json_array_get_int_element (ids, i);

              g_array_append_val (self->partner_ids, id);
            }
        }
    }
  ts_api_client_list_maps_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)),
                                 ts_dialog_answered, ts_dialog_call (TS_DIALOG (self), maps_loaded));
  /* the Master User's list is the owning outlet's, named */
  ts_api_client_list_faces_async (client, ts_api_client_get_level (client) == TS_LEVEL_MASTER ? self->outlet_id : 0,
                                  ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                  ts_dialog_call (TS_DIALOG (self), faces_loaded));
  /* K1: the owning outlet's partners (the Master User names it) */
  ts_api_client_list_partner_companies_async (client,
                                              ts_api_client_get_level (client) == TS_LEVEL_MASTER ? self->outlet_id : 0,
                                              ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                              ts_dialog_call (TS_DIALOG (self), partners_loaded));
  return self;
}
