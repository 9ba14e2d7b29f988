/* ts-event-dialog.c — an event: its name, description and theatre map
 *
 * Any outlet's map will do (M1).  The server checks everything; its refusal
 * (a map change once seats are sold, M4) is shown in the dialog, which keeps
 * what was typed. */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-season-common.h"
#include "ts-event-dialog.h"

struct _TsEventDialog
{
  GtkWindow     parent_instance;

  GtkEntry     *name_entry;
  GtkTextView  *description_view;
  GtkDropDown  *map_dropdown;
  GtkLabel     *message_label;
  GtkButton    *save_button;

  TsApiClient  *client;
  GCancellable *cancellable;
  gint64        outlet_id;
  gint64        event_id;      /* 0 when creating */
  gint64        map_id;        /* the event's map, chosen once the list arrives */
  gboolean      ready;
};

G_DEFINE_FINAL_TYPE (TsEventDialog, ts_event_dialog, GTK_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_message (TsEventDialog *self,
             const char    *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
}

/* "Opera House — University Theatre": the owner tells same-named maps apart */
static char *
map_label (JsonObject *map)
{
  JsonObject *outlet = json_object_get_object_member (map, "outlet");

  return g_strdup_printf (_("%s — %s"), json_object_get_string_member (map, "name"),
                          outlet ? json_object_get_string_member (outlet, "name") : "");
}

static void
maps_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsEventDialog *self = user_data;
  JsonArray *maps;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  maps = json_object_get_array_member (json_node_get_object (answer), "maps");
  ts_season_drop_down_fill (self->map_dropdown, maps, NULL, self->map_id);
  if (maps == NULL || json_array_get_length (maps) == 0)
    {
      set_message (self, _("There is no theatre map yet: build or import one in Theatre Maps first."));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  self->ready = TRUE;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsEventDialog *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, json_node_get_object (answer));
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_clicked (TsEventDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autofree char *description = NULL;
  g_autofree char *path = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  gint64 map_id = ts_season_drop_down_get_id (self->map_dropdown);

  if (*name == '\0')
    {
      set_message (self, _("Name: an event needs a name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }
  if (map_id == 0)
    {
      set_message (self, _("Theatre map: choose the map the event is played on."));
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
  if (self->event_id == 0)
    {
      /* the Master User names the owning outlet; anyone else may name his own */
      json_builder_set_member_name (builder, "outlet_id");
      json_builder_add_int_value (builder, self->outlet_id);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  set_message (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  if (self->event_id == 0)
    ts_api_client_request_async (self->client, "POST", "/events", body, self->cancellable, saved, self);
  else
    {
      path = g_strdup_printf ("/events/%" G_GINT64_FORMAT, self->event_id);
      ts_api_client_request_async (self->client, "PATCH", path, body, self->cancellable, saved, self);
    }
}

static void
ts_event_dialog_dispose (GObject *object)
{
  TsEventDialog *self = TS_EVENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_EVENT_DIALOG);
  G_OBJECT_CLASS (ts_event_dialog_parent_class)->dispose (object);
}

static void
ts_event_dialog_class_init (TsEventDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_event_dialog_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-event-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, map_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsEventDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_event_dialog_init (TsEventDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_season_drop_down_init (self->map_dropdown, map_label);
}

TsEventDialog *
ts_event_dialog_new (GtkWindow   *parent,
                     TsApiClient *client,
                     gint64       outlet_id,
                     JsonObject  *event)
{
  TsEventDialog *self = g_object_new (TS_TYPE_EVENT_DIALOG, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  self->outlet_id = outlet_id;
  if (event != NULL)
    {
      const char *description = ts_season_get_string (event, "description");

      self->event_id = ts_season_get_int (event, "id", 0);
      self->outlet_id = ts_season_get_int (event, "outlet_id", outlet_id);
      self->map_id = ts_season_get_int (event, "map_id", 0);
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), ts_season_get_string (event, "name") ?: "");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), description ? description : "", -1);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Event"));
    }
  ts_api_client_request_async (client, "GET", "/maps", NULL, self->cancellable, maps_loaded, self);
  return self;
}

gboolean
ts_event_dialog_is_ready (TsEventDialog *self)
{
  return self->ready;
}

const char *
ts_event_dialog_get_message (TsEventDialog *self)
{
  return gtk_label_get_text (self->message_label);
}
