/* ts-api-tickets.c — the typed calls for an order's tickets: faces, PDF, reprint */
#include "ts-api-route.h"
#include "ts-api-tickets.h"

/* "3,4" for ?items=, NULL (left out) for none. */
static char *
items_value (GArray *item_ids)
{
  GString *text;

  if (item_ids == NULL || item_ids->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < item_ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (item_ids, gint64, i));
  return g_string_free (text, FALSE);
}

void
ts_api_client_get_order_tickets_async (TsApiClient         *self,
                                       gint64               order_id,
                                       GArray              *item_ids,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *items = items_value (item_ids);
  const char *query[] = { "items", items, NULL };

  ts_api_route_send (self, TS_API_ROUTE_ORDER_TICKETS, order_id, query, NULL, cancellable, callback, user_data);
}

void
ts_api_client_save_order_tickets_pdf_async (TsApiClient         *self,
                                            gint64               order_id,
                                            GArray              *item_ids,
                                            const char          *paper,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *items = items_value (item_ids);
  const char *query[] = { "items", items, "paper", paper, NULL };

  ts_api_route_download (self, TS_API_ROUTE_ORDER_TICKETS_PDF, order_id, query, file,
                         cancellable, callback, user_data);
}

void
ts_api_client_reprint_order_tickets_async (TsApiClient         *self,
                                           gint64               order_id,
                                           GArray              *item_ids,
                                           const char          *reason,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  JsonArray *items = json_array_new ();
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; item_ids != NULL && i < item_ids->len; i++)
    json_array_add_int_element (items, g_array_index (item_ids, gint64, i));
  json_object_set_array_member (members, "items", items);
  json_object_set_string_member (members, "reason", reason != NULL ? reason : "");
  if (idempotency_key != NULL)
    json_object_set_string_member (members, "idempotency_key", idempotency_key);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_ORDER_REPRINT, order_id, NULL, body, cancellable, callback, user_data);
}
