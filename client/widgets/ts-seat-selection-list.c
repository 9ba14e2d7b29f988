/* ts-seat-selection-list.c — the accessible mirror of a seat map's selection */
#include <glib/gi18n.h>

#include "ts-json-item.h"
#include "ts-seat-selection-list.h"

/* A list of tens of thousands of rows helps nobody: the first ones stand for all. */
#define MAX_ROWS 2000

struct _TsSeatSelectionList
{
  GtkWidget      parent_instance;

  TsSeatMap     *map;            /* not owned: the list goes with the map's page */
  GListStore    *store;

  GtkWidget     *box;
  GtkLabel      *summary;
  GtkColumnView *view;
};

G_DEFINE_FINAL_TYPE (TsSeatSelectionList, ts_seat_selection_list, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_MAP, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
selection_changed (TsSeatMap           *map,
                   TsSeatSelectionList *self)
{
  g_autoptr(GArray) selection = map ? ts_seat_map_get_selection (map) : g_array_new (FALSE, FALSE, sizeof (guint));
  TsSeatPlan *plan = map ? ts_seat_map_get_plan (map) : NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *summary = NULL;

  for (guint i = 0; plan != NULL && i < selection->len && i < MAX_ROWS; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, g_array_index (selection, guint, i));
      g_autoptr(JsonObject) object = json_object_new ();
      char hold[2] = { seat->hold, 0 };

      json_object_set_string_member (object, "zone", seat->zone ? seat->zone : "");
      json_object_set_string_member (object, "row", seat->row ? seat->row : "");
      json_object_set_string_member (object, "number", seat->number ? seat->number : "");
      json_object_set_string_member (object, "category", seat->category ? seat->category : "");
      json_object_set_string_member (object, "hold", hold);
      json_object_set_string_member (object, "guid", seat->guid);
      g_ptr_array_add (items, ts_json_item_new (object));
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u seat selected", "%u seats selected", selection->len),
                             selection->len);
  gtk_label_set_text (self->summary, summary);
}

GListModel *
ts_seat_selection_list_get_model (TsSeatSelectionList *self)
{
  return G_LIST_MODEL (self->store);
}

static void
ts_seat_selection_list_dispose (GObject *object)
{
  TsSeatSelectionList *self = TS_SEAT_SELECTION_LIST (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_weak_pointer (&self->map);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SEAT_SELECTION_LIST);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ts_seat_selection_list_parent_class)->dispose (object);
}

static void
ts_seat_selection_list_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TsSeatSelectionList *self = TS_SEAT_SELECTION_LIST (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The "map" property: the seat map followed (not owned), or NULL. */
static void
set_map (TsSeatSelectionList *self,
         TsSeatMap           *map)
{
  g_return_if_fail (TS_IS_SEAT_SELECTION_LIST (self));
  g_return_if_fail (map == NULL || TS_IS_SEAT_MAP (map));

  if (map == self->map)
    return;
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_weak_pointer (&self->map);
  if (map != NULL)
    {
      g_set_weak_pointer (&self->map, map);
      g_signal_connect_object (map, "selection-changed", G_CALLBACK (selection_changed), self, 0);
    }
  selection_changed (self->map, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}
static void
ts_seat_selection_list_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TsSeatSelectionList *self = TS_SEAT_SELECTION_LIST (object);

  switch (prop_id)
    {
    case PROP_MAP:
      set_map (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_seat_selection_list_class_init (TsSeatSelectionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_seat_selection_list_dispose;
  object_class->get_property = ts_seat_selection_list_get_property;
  object_class->set_property = ts_seat_selection_list_set_property;

  /* The seat map whose selection the list follows. */
  properties[PROP_MAP] = g_param_spec_object ("map", NULL, NULL, TS_TYPE_SEAT_MAP,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-seat-selection-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeatSelectionList, box);
  gtk_widget_class_bind_template_child (widget_class, TsSeatSelectionList, summary);
  gtk_widget_class_bind_template_child (widget_class, TsSeatSelectionList, view);
}

static void
ts_seat_selection_list_init (TsSeatSelectionList *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->store = g_list_store_new (TS_TYPE_JSON_ITEM);
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  ts_json_item_add_column (self->view, _("Section"), "zone", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Row"), "row", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Seat"), "number", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Category"), "category", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Hold"), "hold", NULL, FALSE);
  selection_changed (NULL, self);             /* "0 seats selected" until there is a map */
}

TsSeatSelectionList *
ts_seat_selection_list_new (TsSeatMap *map)
{
  return g_object_new (TS_TYPE_SEAT_SELECTION_LIST, "map", map, NULL);
}

