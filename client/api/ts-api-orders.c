/* ts-api-orders.c — the typed calls for orders */
#include "ts-api-orders.h"
#include "ts-api-route.h"

void
ts_api_client_create_order_async (TsApiClient         *self,
                                  JsonNode            *order,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_ORDERS_CREATE, 0, NULL, order, cancellable, callback, user_data);
}

void
ts_api_client_get_order_async (TsApiClient         *self,
                               gint64               order_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_ORDER_GET, order_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_refund_order_async (TsApiClient         *self,
                                  gint64               order_id,
                                  JsonNode            *refund,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_ORDER_REFUND, order_id, NULL, refund,
                     cancellable, callback, user_data);
}

void
ts_api_client_exchange_order_async (TsApiClient         *self,
                                    gint64               order_id,
                                    JsonNode            *exchange,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_ORDER_EXCHANGE, order_id, NULL, exchange,
                     cancellable, callback, user_data);
}

void
ts_api_client_move_order_async (TsApiClient         *self,
                                gint64               order_id,
                                JsonNode            *move,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_ORDER_MOVE, order_id, NULL, move, cancellable, callback, user_data);
}

void
ts_api_client_name_order_patron_async (TsApiClient         *self,
                                       gint64               order_id,
                                       gint64               patron_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_int_member (members, "patron_id", patron_id);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_ORDER_PATRON, order_id, NULL, body, cancellable, callback, user_data);
}
