/* ts-seat-selection-list.c — the accessible mirror of a seat map's selection */
#include <glib/gi18n.h>

#include "ts-json-item.h"
#include "ts-seat-selection-list.h"

/* A list of tens of thousands of rows helps nobody: the first ones stand for all. */
#define MAX_ROWS 2000

struct _TsSeatSelectionList
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkLabel      *summary;
  GListStore    *store;
};

G_DEFINE_FINAL_TYPE (TsSeatSelectionList, ts_seat_selection_list, GTK_TYPE_WIDGET)

static void
selection_changed (TsSeatMap           *map,
                   TsSeatSelectionList *self)
{
  g_autoptr(GArray) selection = ts_seat_map_get_selection (map);
  TsSeatPlan *plan = ts_seat_map_get_plan (map);
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

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ts_seat_selection_list_parent_class)->dispose (object);
}

static void
ts_seat_selection_list_class_init (TsSeatSelectionListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_seat_selection_list_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
ts_seat_selection_list_init (TsSeatSelectionList *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkSingleSelection *selection;
  GtkColumnView *view;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "heading");
  self->store = g_list_store_new (TS_TYPE_JSON_ITEM);
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  ts_json_item_add_column (view, _("Section"), "zone", NULL, TRUE);
  ts_json_item_add_column (view, _("Row"), "row", NULL, FALSE);
  ts_json_item_add_column (view, _("Seat"), "number", NULL, FALSE);
  ts_json_item_add_column (view, _("Category"), "category", NULL, FALSE);
  ts_json_item_add_column (view, _("Hold"), "hold", NULL, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected seats"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->summary));
  gtk_box_append (GTK_BOX (self->box), scrolled);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

TsSeatSelectionList *
ts_seat_selection_list_new (TsSeatMap *map)
{
  TsSeatSelectionList *self = g_object_new (TS_TYPE_SEAT_SELECTION_LIST, NULL);

  g_signal_connect_object (map, "selection-changed", G_CALLBACK (selection_changed), self, 0);
  selection_changed (map, self);
  return self;
}
