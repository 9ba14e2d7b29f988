/* ts-faces-tab.c — the Ticket Faces tab of season setup: the outlet's faces
 * with their size and how many events print with each; New and Edit open
 * TsFaceEditorWindow, Make Default and Delete ask the server, whose refusal
 * (the default face, a face an event uses) goes to the page's message line
 *
 * Faces are never shared (F1): a Box Office Manager lists his outlet's own;
 * the Master User lists every outlet's, each with its outlet's name, and
 * copies one for another outlet (TsOutletCopyDialog).  A new face starts
 * as a copy of its outlet's default face, so it has a size and a barcode
 * box from the first keystroke. */
#include <glib/gi18n.h>
#include <math.h>

#include "ts-api-client.h"
#include "ts-api-faces.h"
#include "ts-outlet-copy-dialog.h"
#include "ts-face-editor-window.h"
#include "ts-json-item.h"
#include "ts-season-common.h"
#include "ts-faces-tab.h"

#define OUTLET_COLUMN 1        /* the second column */

struct _TsFacesTab
{
  TsSeasonTab         parent_instance;

  GtkColumnView      *view;
  GtkSingleSelection *selection;
  GtkWidget          *duplicate_button;

  GHashTable         *outlet_names;      /* the Master User's: id → name */
  gint64              want_face;         /* to choose once a reload arrives */
  gboolean            watching;          /* the client's writes, once it is given */
};

G_DEFINE_FINAL_TYPE (TsFacesTab, ts_faces_tab, TS_TYPE_SEASON_TAB)

enum { PROP_0, PROP_FACES, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void load_faces (TsFacesTab *self);

/* Cells ------------------------------------------------------------------------- */

static char *
format_size (JsonObject *face)
{
  return ts_faces_tab_format_size (json_object_get_double_member_with_default (face, "width_mm", 0),
                                   json_object_get_double_member_with_default (face, "height_mm", 0));
}

/* "events": those that chose the face */
static guint
events_of (JsonObject *face)
{
  JsonArray *events = json_object_has_member (face, "events") ? json_object_get_array_member (face, "events") : NULL;

  return events != NULL ? json_array_get_length (events) : 0;
}

static char *
format_events (JsonObject *face)
{
  return g_strdup_printf ("%u", events_of (face));
}

static char *
format_default (JsonObject *face)
{
  return g_strdup (json_object_get_boolean_member_with_default (face, "is_default", FALSE) ? _("Default") : "");
}

static gboolean
is_master (TsFacesTab *self)
{
  TsApiClient *client = ts_season_tab_get_client (TS_SEASON_TAB (self));

  return client != NULL && ts_api_client_get_level (client) == TS_LEVEL_MASTER;
}

static void reload (TsSeasonTab *tab);

/* A face or an event written from this workstation, in any window: the
 * faces and how many events chose each load again. */
static void
on_changed (TsFacesTab *self)
{
  reload (TS_SEASON_TAB (self));
}

static void
watch_client (TsFacesTab *self)
{
  TsApiClient *client = ts_season_tab_get_client (TS_SEASON_TAB (self));

  if (self->watching || client == NULL)
    return;
  self->watching = TRUE;
  /* disconnected when the tab goes */
  g_signal_connect_object (client, "changed::faces", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "changed::events", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
}

/* Actions --------------------------------------------------------------------------- */

static void
update_actions (TsSeasonTab *tab)
{
  TsFacesTab *self = TS_FACES_TAB (tab);
  GtkWidget *widget = GTK_WIDGET (self);
  JsonObject *face = ts_season_selected_object (self->selection);
  gboolean can = ts_season_tab_can_edit (tab);
  gboolean is_default = face != NULL && json_object_get_boolean_member_with_default (face, "is_default", FALSE);

  gtk_widget_action_set_enabled (widget, "season.new-face", can);
  gtk_widget_action_set_enabled (widget, "season.edit-face", can && face != NULL);
  gtk_widget_action_set_enabled (widget, "season.make-face-default", can && face != NULL && !is_default);
  /* the server refuses the default face too; a face an event uses is
   * refused there, with the reason */
  gtk_widget_action_set_enabled (widget, "season.delete-face", can && face != NULL && !is_default);
  gtk_widget_action_set_enabled (widget, "season.duplicate-face", can && face != NULL && is_master (self));
  /* the page hands the tab its client, then asks for the actions */
  watch_client (self);
  gtk_widget_set_visible (self->duplicate_button, is_master (self));
  {
    g_autoptr(GtkColumnViewColumn) outlet = g_list_model_get_item (gtk_column_view_get_columns (self->view),
                                                                   OUTLET_COLUMN);

    if (outlet != NULL)
      gtk_column_view_column_set_visible (outlet, is_master (self));
  }
}

/* The list answer: GET /faces answers the faces as an array. */
static JsonArray *
faces_of (JsonNode *answer)
{
  if (answer != NULL && JSON_NODE_HOLDS_ARRAY (answer))
    return json_node_get_array (answer);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    return json_object_get_array_member (json_node_get_object (answer), "faces");
  return NULL;
}

static void
faces_loaded (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsFacesTab *self = owner;
  GListStore *store = G_LIST_STORE (gtk_single_selection_get_model (self->selection));
  JsonObject *chosen = ts_season_selected_object (self->selection);
  gint64 keep = self->want_face ? self->want_face : ts_season_get_int (chosen, "id", 0);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *faces;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  faces = faces_of (answer);
  for (guint i = 0; faces != NULL && i < json_array_get_length (faces); i++)
    {
      JsonObject *face = json_array_get_object_element (faces, i);
      const char *outlet = g_hash_table_lookup (self->outlet_names,
                                                GINT_TO_POINTER (ts_season_get_int (face, "outlet_id", 0)));

      /* the Master User's list says whose each face is */
      if (outlet != NULL)
        json_object_set_string_member (face, "outlet_name", outlet);
      g_ptr_array_add (items, ts_json_item_new (face));
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
  gtk_single_selection_set_selected (self->selection, ts_season_position_of (G_LIST_MODEL (store), keep));
  self->want_face = 0;
  update_actions (TS_SEASON_TAB (self));
}

static void
outlets_loaded (gpointer      owner,
                JsonNode     *answer,
                const GError *error)
{
  TsFacesTab *self = owner;
  JsonArray *outlets;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);

      g_hash_table_insert (self->outlet_names, GINT_TO_POINTER (ts_season_get_int (outlet, "id", 0)),
                           g_strdup (ts_season_get_string (outlet, "name")));
    }
  load_faces (self);
}

static void
load_faces (TsFacesTab *self)
{
  TsSeasonTab *tab = TS_SEASON_TAB (self);

  ts_season_tab_request_started (tab);
  /* 0: the Master User's every outlet's, anyone else's own (F1) */
  ts_api_client_list_faces_async (ts_season_tab_get_client (tab), 0, ts_season_tab_get_cancellable (tab),
                                  ts_api_answered, ts_api_call (self, faces_loaded));
}

static void
reload (TsSeasonTab *tab)
{
  TsFacesTab *self = TS_FACES_TAB (tab);

  /* below the Box Office Manager level the tab is not shown (C4) */
  if (!ts_season_tab_is_editable (tab))
    return;
  if (is_master (self) && g_hash_table_size (self->outlet_names) == 0)
    {
      ts_season_tab_request_started (tab);
      ts_api_client_get_outlet_directory_async (ts_season_tab_get_client (tab), ts_season_tab_get_cancellable (tab),
                                                ts_api_answered, ts_api_call (self, outlets_loaded));
      return;
    }
  load_faces (self);
}

static void
face_saved (TsDialog   *dialog,
            JsonObject *face,
            TsFacesTab *self)
{
  /* the list is loading again ("changed::faces"): choose the face saved */
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  self->want_face = face != NULL ? ts_season_get_int (face, "id", 0) : 0;
}

/* The default face of the outlet a new face is for, to start from. */
static gint64
default_face_of (TsFacesTab *self,
                 gint64      outlet_id)
{
  GListModel *faces = gtk_single_selection_get_model (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (faces); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (faces, i);
      JsonObject *face = ts_json_item_get_object (item);

      if (json_object_get_boolean_member_with_default (face, "is_default", FALSE)
          && (outlet_id == 0 || ts_season_get_int (face, "outlet_id", 0) == outlet_id))
        return ts_json_item_get_id (item);
    }
  return 0;
}

static void
present_editor (TsFacesTab          *self,
                TsFaceEditorWindow  *editor)
{
  g_signal_connect_object (editor, "saved", G_CALLBACK (face_saved), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TsFacesTab *self = TS_FACES_TAB (widget);
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  /* the Master User makes it for the outlet whose season is shown */
  gint64 outlet_id = is_master (self) ? ts_season_tab_get_outlet_id (tab) : 0;

  present_editor (self, ts_face_editor_window_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab),
                                                   outlet_id, 0, default_face_of (self, outlet_id)));
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TsFacesTab *self = TS_FACES_TAB (widget);
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  JsonObject *face = ts_season_selected_object (self->selection);

  if (face == NULL)
    return;
  present_editor (self, ts_face_editor_window_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab),
                                                   ts_season_get_int (face, "outlet_id", 0),
                                                   ts_season_get_int (face, "id", 0), 0));
}

static void
written (gpointer      owner,
         JsonNode     *answer,
         const GError *error)
{
  TsFacesTab *self = owner;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    {
      /* what the refusal was about may have changed meanwhile */
      load_faces (self);
      return;
    }
  /* the list loads again on the client's "changed::faces" */
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
}

static void
make_default_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsFacesTab *self = TS_FACES_TAB (widget);
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  JsonObject *face = ts_season_selected_object (self->selection);

  if (face == NULL)
    return;
  ts_season_tab_request_started (tab);
  ts_api_client_make_face_default_async (ts_season_tab_get_client (tab), ts_season_get_int (face, "id", 0),
                                         ts_season_tab_get_cancellable (tab), ts_api_answered,
                                         ts_api_call (self, written));
}

static void
delete_confirmed (gpointer owner)
{
  TsFacesTab *self = owner;
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  JsonObject *face = ts_season_selected_object (self->selection);

  if (face == NULL)
    return;
  ts_season_tab_request_started (tab);
  ts_api_client_delete_face_async (ts_season_tab_get_client (tab), ts_season_get_int (face, "id", 0),
                                   ts_season_tab_get_cancellable (tab), ts_api_answered,
                                   ts_api_call (self, written));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsFacesTab *self = TS_FACES_TAB (widget);
  JsonObject *face = ts_season_selected_object (self->selection);
  g_autofree char *question = NULL;

  if (face == NULL)
    return;
  question = g_strdup_printf (_("Delete the ticket face “%s”?"), ts_season_get_string (face, "name"));
  ts_season_confirm (widget, question, _("Tickets already printed keep their look; no event may be using it."),
                     _("_Delete"), delete_confirmed);
}

static void
duplicated (TsDialog   *dialog,
            JsonObject *face,
            TsFacesTab *self)
{
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  self->want_face = face != NULL ? ts_season_get_int (face, "id", 0) : 0;
}

static void
duplicate_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsFacesTab *self = TS_FACES_TAB (widget);
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  JsonObject *face = ts_season_selected_object (self->selection);
  TsOutletCopyDialog *dialog;

  if (face == NULL)
    return;
  /* F1: the Master User's copy, owned by the outlet chosen */
  dialog = ts_outlet_copy_dialog_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab),
                                      _("Duplicate Ticket Face for an Outlet"), _("Ticket face"),
                                      _("The outlet owns the copy and may change it; the original stays as it is, with its own outlet."),
                                      ts_season_get_int (face, "id", 0), ts_season_get_string (face, "name"),
                                      120, ts_api_client_duplicate_face_async);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (duplicated), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_activated (TsFacesTab *self,
              guint       position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (ts_season_tab_can_edit (TS_SEASON_TAB (self)))
    edit_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
on_selected (TsFacesTab *self)
{
  update_actions (TS_SEASON_TAB (self));
}

static void
ts_faces_tab_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FACES:
      g_value_set_object (value, TS_FACES_TAB (object)->selection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_faces_tab_finalize (GObject *object)
{
  g_hash_table_unref (TS_FACES_TAB (object)->outlet_names);
  G_OBJECT_CLASS (ts_faces_tab_parent_class)->finalize (object);
}

static void
ts_faces_tab_class_init (TsFacesTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsSeasonTabClass *tab_class = TS_SEASON_TAB_CLASS (klass);

  object_class->get_property = ts_faces_tab_get_property;
  object_class->finalize = ts_faces_tab_finalize;
  tab_class->reload = reload;
  tab_class->update_actions = update_actions;

  properties[PROP_FACES] = g_param_spec_object ("faces", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-faces-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsFacesTab, view);
  gtk_widget_class_bind_template_child (widget_class, TsFacesTab, selection);
  gtk_widget_class_bind_template_child (widget_class, TsFacesTab, duplicate_button);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_install_action (widget_class, "season.new-face", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-face", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "season.make-face-default", NULL, make_default_activated);
  gtk_widget_class_install_action (widget_class, "season.delete-face", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "season.duplicate-face", NULL, duplicate_activated);
}

static void
ts_faces_tab_init (TsFacesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->outlet_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  ts_json_item_add_column (self->view, _("Ticket face"), "name", NULL, TRUE);
  /* shown to the Master User only, who lists every outlet's (OUTLET_COLUMN) */
  ts_json_item_add_column (self->view, _("Outlet"), "outlet_name", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Size"), NULL, format_size, FALSE);
  ts_json_item_add_column (self->view, _("Events"), NULL, format_events, FALSE);
  ts_json_item_add_column (self->view, _("Default"), NULL, format_default, FALSE);
  update_actions (TS_SEASON_TAB (self));
}

GListModel *
ts_faces_tab_get_faces (TsFacesTab *self)
{
  g_return_val_if_fail (TS_IS_FACES_TAB (self), NULL);
  return G_LIST_MODEL (self->selection);
}

char *
ts_faces_tab_format_size (double width_mm,
                          double height_mm)
{
  /* whole millimetres: 2 × 5.5 inch stock reads 51 × 140 mm */
  return g_strdup_printf (_("%.0f × %.0f mm"), round (width_mm), round (height_mm));
}
