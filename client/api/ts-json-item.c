/* ts-json-item.c — JSON rows for list models and their label columns */
#include "ts-json-item.h"

struct _TsJsonItem
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (TsJsonItem, ts_json_item, G_TYPE_OBJECT)

static void
ts_json_item_finalize (GObject *object)
{
  g_clear_pointer (&TS_JSON_ITEM (object)->object, json_object_unref);
  G_OBJECT_CLASS (ts_json_item_parent_class)->finalize (object);
}

static void
ts_json_item_class_init (TsJsonItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_json_item_finalize;
}

static void
ts_json_item_init (TsJsonItem *self)
{
}

TsJsonItem *
ts_json_item_new (JsonObject *object)
{
  TsJsonItem *self = g_object_new (TS_TYPE_JSON_ITEM, NULL);

  self->object = json_object_ref (object);
  return self;
}

JsonObject *
ts_json_item_get_object (TsJsonItem *self)
{
  return self->object;
}

gint64
ts_json_item_get_id (TsJsonItem *self)
{
  return json_object_get_int_member_with_default (self->object, "id", 0);
}

void
ts_json_item_fill_store (GListStore *store,
                         JsonNode   *answer,
                         const char *member)
{
  JsonArray *array = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    array = json_object_get_array_member (json_node_get_object (answer), member);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (items, ts_json_item_new (json_array_get_object_element (array, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

typedef struct
{
  char             *member;
  TsJsonItemFormat  format;
} Column;

static void
column_free (gpointer  data,
             GClosure *closure)
{
  Column *column = data;

  g_free (column->member);
  g_free (column);
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column *column = user_data;
  TsJsonItem *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (column->format != NULL)
    text = column->format (row->object);
  else if (json_object_has_member (row->object, column->member)
           && !json_object_get_null_member (row->object, column->member))
    {
      JsonNode *node = json_object_get_member (row->object, column->member);

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
}

void
ts_json_item_add_column (GtkColumnView    *view,
                         const char       *title,
                         const char       *member,
                         TsJsonItemFormat  format,
                         gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  Column *column = g_new0 (Column, 1);
  GtkColumnViewColumn *view_column;

  column->member = g_strdup (member);
  column->format = format;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_label), column, column_free, 0);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}
