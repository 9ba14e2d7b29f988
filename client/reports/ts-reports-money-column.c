/* ts-reports-money-column.c — the amount columns the till and the balances
 * between outlets share (money is integer cents, formatted once) */
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-order-format.h"
#include "ts-reports-money-column.h"

typedef struct
{
  char     *member;     /* an amount member, or a method of "by_method" */
  gboolean  method;
} MoneyColumn;

static void
money_column_free (gpointer  data,
                   GClosure *closure)
{
  MoneyColumn *column = data;

  g_free (column->member);
  g_free (column);
}

static void
setup_money (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_list_item_set_child (item, label);
}

static void
bind_money (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  MoneyColumn *column = user_data;
  JsonObject *row = ts_json_item_get_object (gtk_list_item_get_item (item));
  JsonObject *source = row;
  g_autofree char *text = NULL;

  if (column->method)
    source = json_object_get_member (row, "by_method") != NULL && JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "by_method"))
             ? json_object_get_object_member (row, "by_method") : NULL;
  if (source != NULL && json_object_has_member (source, column->member))
    text = ts_format_money (json_object_get_int_member (source, column->member));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "—");
}

GtkColumnViewColumn *
ts_reports_money_column_new (const char *title,
                             const char *member,
                             gboolean    method)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  MoneyColumn *column = g_new0 (MoneyColumn, 1);
  GtkColumnViewColumn *view_column;

  column->member = g_strdup (member);
  column->method = method;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_money), NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_money), column, money_column_free, 0);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  return view_column;
}

void
ts_reports_money_column_append (GtkColumnView *view,
                                const char    *title,
                                const char    *member)
{
  g_autoptr(GtkColumnViewColumn) column = ts_reports_money_column_new (title, member, FALSE);

  gtk_column_view_append_column (view, column);
}
