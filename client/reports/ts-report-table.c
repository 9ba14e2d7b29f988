/* ts-report-table.c — a report's table built from its columns, with its totals line */
#include <glib/gi18n.h>

#include "ts-json-item.h"
#include "ts-report-columns.h"
#include "ts-report-table.h"

#define TOTAL_MEMBER "__total"   /* marks the totals line among the rows */
#define FIRST_MEMBER "__first"   /* the totals line's first column, which says "Total" */

struct _TsReportTable
{
  GtkWidget           parent_instance;

  GtkWidget          *scrolled;
  GtkColumnView      *column_view;

  GListStore         *rows;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (TsReportTable, ts_report_table, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ROWS, PROP_SELECTED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ROW_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  char *key;
  char *kind;
} Column;

static void
column_free (gpointer  data,
             GClosure *closure)
{
  Column *column = data;

  g_free (column->key);
  g_free (column->kind);
  g_free (column);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            Column                   *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* never cut: a column is as wide as its widest cell (the table scrolls) */
  gtk_label_set_xalign (GTK_LABEL (label), ts_report_kind_is_numeric (column->kind) ? 1 : 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Column                   *column)
{
  JsonObject *row = ts_json_item_get_object (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);
  gboolean total = ts_report_table_is_total (row);
  g_autofree char *text = NULL;

  if (total && !json_object_has_member (row, column->key))
    text = g_strdup (g_strcmp0 (json_object_get_string_member_with_default (row, FIRST_MEMBER, ""), column->key) == 0
                     ? _("Total") : "");
  else
    text = ts_report_cell_text (row, column->key, column->kind);
  gtk_label_set_text (GTK_LABEL (label), text);
  /* the totals line reads as one */
  if (total)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
remove_columns (TsReportTable *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

static void
build_columns (TsReportTable *self,
               JsonArray     *columns)
{
  remove_columns (self);
  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      JsonObject *spec = json_array_get_object_element (columns, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      Column *column = g_new0 (Column, 1);
      g_autoptr(GtkColumnViewColumn) view_column = NULL;

      column->key = g_strdup (json_object_get_string_member_with_default (spec, "key", ""));
      column->kind = g_strdup (json_object_get_string_member_with_default (spec, "kind", "text"));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), column);
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell), column, column_free, 0);
      view_column = gtk_column_view_column_new (ts_report_column_label (column->key), factory);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      /* the first column (what each line is) takes the room left */
      gtk_column_view_column_set_expand (view_column, i == 0);
      gtk_column_view_append_column (self->column_view, view_column);
    }
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The rows, then the totals line when the report sums a column shown. */
static void
fill_rows (TsReportTable *self,
           JsonObject    *report)
{
  JsonArray *columns = array_member (report, "columns");
  JsonArray *rows = array_member (report, "rows");
  JsonNode *node = report != NULL ? json_object_get_member (report, "totals") : NULL;
  JsonObject *totals = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  gboolean summed = FALSE;

  g_list_store_remove_all (self->rows);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      g_autoptr(TsJsonItem) item = ts_json_item_new (json_array_get_object_element (rows, i));

      g_list_store_append (self->rows, item);
    }
  for (guint i = 0; columns != NULL && totals != NULL && i < json_array_get_length (columns); i++)
    summed |= json_object_has_member (totals, json_object_get_string_member (json_array_get_object_element (columns, i), "key"));
  /* nothing to add up: no totals line of zeros */
  if (summed && rows != NULL && json_array_get_length (rows) > 0)
    {
      g_autoptr(JsonObject) line = json_object_new ();
      g_autoptr(TsJsonItem) item = NULL;
      g_autoptr(GList) members = json_object_get_members (totals);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (line, l->data, json_node_copy (json_object_get_member (totals, l->data)));
      json_object_set_boolean_member (line, TOTAL_MEMBER, TRUE);
      json_object_set_string_member (line, FIRST_MEMBER,
                                     json_object_get_string_member (json_array_get_object_element (columns, 0), "key"));
      item = ts_json_item_new (line);
      g_list_store_append (self->rows, item);
    }
}

static void
on_activate (TsReportTable *self,
             guint          position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (item != NULL && !ts_report_table_is_total (ts_json_item_get_object (item)))
    g_signal_emit (self, signals[ROW_ACTIVATED], 0, ts_json_item_get_object (item));
}

static void
on_selection_changed (TsReportTable *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* Type ------------------------------------------------------------------------------------- */

/* The focus given to the table goes to its rows. */
static gboolean
ts_report_table_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TS_REPORT_TABLE (widget)->column_view));
}

static void
ts_report_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TsReportTable *self = TS_REPORT_TABLE (object);

  switch (prop_id)
    {
    case PROP_ROWS:
      g_value_set_object (value, self->rows);
      break;
    case PROP_SELECTED:
      g_value_set_boxed (value, ts_report_table_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_report_table_dispose (GObject *object)
{
  TsReportTable *self = TS_REPORT_TABLE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REPORT_TABLE);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  G_OBJECT_CLASS (ts_report_table_parent_class)->dispose (object);
}

static void
ts_report_table_class_init (TsReportTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_report_table_get_property;
  object_class->dispose = ts_report_table_dispose;

  properties[PROP_ROWS] = g_param_spec_object ("rows", NULL, NULL, G_TYPE_LIST_MODEL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] = g_param_spec_boxed ("selected", NULL, NULL, JSON_TYPE_OBJECT,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[ROW_ACTIVATED] = g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  widget_class->grab_focus = ts_report_table_grab_focus;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-report-table.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportTable, scrolled);
  gtk_widget_class_bind_template_child (widget_class, TsReportTable, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
}

static void
ts_report_table_init (TsReportTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (on_selection_changed), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
ts_report_table_new (void)
{
  return g_object_new (TS_TYPE_REPORT_TABLE, NULL);
}

void
ts_report_table_set_report (TsReportTable *self,
                            JsonObject    *report)
{
  g_return_if_fail (TS_IS_REPORT_TABLE (self));
  build_columns (self, array_member (report, "columns"));
  fill_rows (self, report);
}

JsonObject *
ts_report_table_get_selected (TsReportTable *self)
{
  TsJsonItem *item;

  g_return_val_if_fail (TS_IS_REPORT_TABLE (self), NULL);
  item = gtk_single_selection_get_selected_item (self->selection);
  if (item == NULL || ts_report_table_is_total (ts_json_item_get_object (item)))
    return NULL;
  return ts_json_item_get_object (item);
}

gboolean
ts_report_table_select_where (TsReportTable *self,
                              const char    *member,
                              gint64         value)
{
  g_return_val_if_fail (TS_IS_REPORT_TABLE (self), FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      JsonObject *row = ts_json_item_get_object (item);

      if (!ts_report_table_is_total (row) && json_object_get_int_member_with_default (row, member, 0) == value)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ts_report_table_is_total (JsonObject *row)
{
  return row != NULL && json_object_get_boolean_member_with_default (row, TOTAL_MEMBER, FALSE);
}
