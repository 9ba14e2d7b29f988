/* ts-order-format.c — amounts, methods and dates of orders on screen */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-order-format.h"

const char *
ts_order_method_name (const char *method)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "cash", N_("Cash") },
    { "cheque", N_("Cheque") },
    { "card", N_("Card") },
    { "gift_certificate", N_("Gift certificate") },
    { "pass", N_("Pass") },
    { "on_account", N_("On account") },
    { "exchange_credit", N_("Exchange credit") },
  };

  for (guint i = 0; method != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].code, method))
      return _(names[i].name);
  return method != NULL ? method : "";
}

const char *
ts_order_string_member (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

gint64
ts_order_acting_outlet (TsApiClient *client,
                        JsonObject  *order)
{
  if (ts_api_client_get_level (client) == TS_LEVEL_MASTER)
    return json_object_get_int_member_with_default (order, "outlet_id", 0);
  return ts_api_client_get_outlet_id (client);
}

GStrv
ts_order_fill_methods (GtkDropDown        *dropdown,
                       gboolean            own_only,
                       const char * const *takes,
                       GStrv               previous)
{
  static const char *all[] = { "cash", "cheque", "card", "gift_certificate", "on_account" };
  guint count = own_only ? G_N_ELEMENTS (all) : 3;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *chosen = NULL;
  guint selected = 0;
  GStrv codes;

  if (previous != NULL && gtk_drop_down_get_selected (dropdown) < g_strv_length (previous))
    chosen = previous[gtk_drop_down_get_selected (dropdown)];
  for (guint i = 0, shown = 0; i < count; i++)
    {
      if (takes != NULL && !g_strv_contains (takes, all[i]))
        continue;
      gtk_string_list_append (names, ts_order_method_name (all[i]));
      g_strv_builder_add (builder, all[i]);
      if (g_strcmp0 (chosen, all[i]) == 0)
        selected = shown;
      shown++;
    }
  codes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, selected);
  return codes;
}

const char *
ts_order_refund_method (JsonObject         *order,
                        const char * const *offered)
{
  JsonArray *payments = order != NULL && json_object_has_member (order, "payments")
                        ? json_object_get_array_member (order, "payments") : NULL;
  const char *best = NULL;
  gint64 best_left = 0;

  for (guint m = 0; offered != NULL && offered[m] != NULL; m++)
    {
      gint64 left = 0;

      /* refunds paid back by a method are negative payments by it */
      for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
        {
          JsonObject *payment = json_array_get_object_element (payments, i);

          if (g_strcmp0 (ts_order_string_member (payment, "method"), offered[m]) == 0)
            left += json_object_get_int_member_with_default (payment, "amount_cents", 0);
        }
      /* the largest covers the refund if any one payment does */
      if (left > best_left)
        {
          best = offered[m];
          best_left = left;
        }
    }
  return best;
}

gboolean
ts_order_item_is_open_comp (JsonObject *item)
{
  return json_object_get_int_member_with_default (item, "performance_id", 0) != 0
         && *ts_order_string_member (item, "seat") == '\0'
         && *ts_order_string_member (item, "area") == '\0'
         && json_object_get_int_member_with_default (item, "price_cents", 0) == 0
         && *ts_order_string_member (item, "comp_reason") != '\0';
}

const char *
ts_order_item_seat_name (JsonObject *item)
{
  if (ts_order_item_is_open_comp (item))
    return _("Unseated (open comp)");
  return ts_order_string_member (item, "seat_name");
}

char *
ts_order_item_summary (JsonObject *item)
{
  g_autofree char *when = ts_format_time (ts_order_string_member (item, "starts_at"), TS_TIME_LONG);
  g_autofree char *price = ts_format_money (json_object_get_int_member_with_default (item, "price_cents", 0));
  const char *event = ts_order_string_member (item, "event");
  const char *seat = ts_order_item_seat_name (item);

  if (*event == '\0')          /* a subscription or a non-ticket item */
    return g_strdup_printf ("%s · %s", ts_order_string_member (item, "ticket_type"), price);
  return g_strdup_printf ("%s · %s · %s · %s · %s", event, when, *seat ? seat : _("no seat"),
                          ts_order_string_member (item, "ticket_type"), price);
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (user_data) / 100.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  TsJsonItemFormat format = (TsJsonItemFormat) user_data;
  TsJsonItem *row = gtk_list_item_get_item (item);
  g_autofree char *text = format (ts_json_item_get_object (row));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

void
ts_order_add_column (GtkColumnView    *view,
                     const char       *title,
                     TsJsonItemFormat  format,
                     float             xalign,
                     gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER ((int) (xalign * 100)));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), (gpointer) format);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
}
