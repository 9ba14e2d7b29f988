/* ts-patron-orders-tab.c — the patron's orders with this outlet; activating
 * one opens it in its order window
 *
 * P5: an order another outlet sold shows only this outlet's lines, so its
 * row has no total and names the outlet that sold it. */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-order-window.h"
#include "ts-patron-orders-tab.h"

struct _TsPatronOrdersTab
{
  TsPatronTab parent_instance;
};

G_DEFINE_FINAL_TYPE (TsPatronOrdersTab, ts_patron_orders_tab, TS_TYPE_PATRON_TAB)

static char *
order_title (TsPatronTab *tab,
             JsonObject  *row,
             char       **detail)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "id"));
  g_autofree char *date = ts_format_time (json_object_get_string_member_with_default (row, "created_at", ""),
                                          TS_TIME_DATE);
  gint64 tickets = json_object_get_int_member_with_default (row, "tickets", 0);

  if (json_object_has_member (row, "total_cents"))
    {
      g_autofree char *total = ts_format_money (json_object_get_int_member (row, "total_cents"));

      /* Translators: order number, date, number of tickets, total */
      *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d ticket · %s", "%s · %d tickets · %s",
                                              (gulong) tickets), date, (int) tickets, total);
    }
  else
    *detail = g_strdup_printf (_("%s · sold by %s: only this outlet’s tickets are shown"), date,
                               json_object_get_string_member_with_default (row, "outlet", ""));
  return g_strdup_printf (_("Order %s — %s"), number, json_object_get_string_member_with_default (row, "events", ""));
}

static void
order_activated (GtkListBox        *list,
                 GtkListBoxRow     *row,
                 TsPatronOrdersTab *self)
{
  JsonObject *order = g_object_get_data (G_OBJECT (row), "object");
  gint64 id = order != NULL ? json_object_get_int_member_with_default (order, "id", 0) : 0;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsOrderWindow *window;

  if (id == 0)
    return;
  window = ts_order_window_new (ts_patron_tab_get_client (TS_PATRON_TAB (self)), id);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
ts_patron_orders_tab_class_init (TsPatronOrdersTabClass *klass)
{
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_orders_async;
  tab_class->reload_on_change = "orders";
  tab_class->member = "orders";
  tab_class->row_title = order_title;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/tessera/Tessera/ui/ts-patron-orders-tab.ui");
}

static void
ts_patron_orders_tab_init (TsPatronOrdersTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (ts_patron_tab_get_list (TS_PATRON_TAB (self)), "row-activated", G_CALLBACK (order_activated), self);
}
