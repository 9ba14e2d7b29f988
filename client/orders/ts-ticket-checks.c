/* ts-ticket-checks.c — an order's sold tickets as check buttons, shared by
 * the refund and exchange dialogs: a refund or an exchange may take some of
 * an order's tickets (S6), and only sold ones are offered */
#include "ts-order-format.h"
#include "ts-ticket-checks.h"

void
ts_ticket_checks_fill (GPtrArray  *checks,
                       GtkBox     *box,
                       GtkLabel   *heading,
                       JsonObject *order,
                       GCallback   toggled,
                       gpointer    data)
{
  JsonArray *items = json_object_get_array_member (order, "items");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *summary = NULL;
      GtkWidget *check;

      if (g_strcmp0 (ts_order_string_member (item, "status"), "sold") != 0)
        continue;
      summary = ts_order_item_summary (item);
      check = gtk_check_button_new_with_label (summary);
      g_object_set_data_full (G_OBJECT (check), "item", json_object_ref (item), (GDestroyNotify) json_object_unref);
      g_signal_connect_swapped (check, "toggled", toggled, data);
      gtk_box_append (box, check);
      g_ptr_array_add (checks, check);
    }
  if (checks->len > 0)
    gtk_label_set_mnemonic_widget (heading, g_ptr_array_index (checks, 0));
  /* one ticket left: that is the one */
  if (checks->len == 1)
    gtk_check_button_set_active (g_ptr_array_index (checks, 0), TRUE);
}

JsonObject *
ts_ticket_check_get_item (GtkWidget *check)
{
  return g_object_get_data (G_OBJECT (check), "item");
}

guint
ts_ticket_checks_count_chosen (GPtrArray *checks)
{
  guint chosen = 0;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      chosen++;
  return chosen;
}

void
ts_ticket_checks_add_chosen (GPtrArray   *checks,
                             JsonBuilder *builder)
{
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        json_builder_add_int_value (builder, json_object_get_int_member (ts_ticket_check_get_item (check), "id"));
    }
}

gboolean
ts_ticket_checks_choose (GPtrArray *checks,
                         gint64     item_id,
                         gboolean   chosen)
{
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);

      if (json_object_get_int_member (ts_ticket_check_get_item (check), "id") == item_id)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), chosen);
          return TRUE;
        }
    }
  return FALSE;
}
