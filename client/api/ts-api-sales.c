/* ts-api-sales.c — the typed calls for selling */
#include "ts-api-route.h"
#include "ts-api-sales.h"

/* {"letter"?, "seats": [GUID…]} */
static JsonNode *
seats_body (const char *letter,
            GPtrArray  *seats)
{
  JsonObject *members = json_object_new ();
  JsonArray *list = json_array_new ();

  if (letter != NULL)
    json_object_set_string_member (members, "letter", letter);
  for (guint i = 0; seats != NULL && i < seats->len; i++)
    json_array_add_string_element (list, g_ptr_array_index (seats, i));
  json_object_set_array_member (members, "seats", list);
  return ts_api_route_body (members);
}

void
ts_api_client_list_sales_performances_async (TsApiClient         *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_SALES_PERFORMANCES, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_performance_offer_async (TsApiClient         *self,
                                           gint64               performance_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_OFFER, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_get_performance_seats_async (TsApiClient         *self,
                                           gint64               performance_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_SEATS, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_get_performance_party_async (TsApiClient         *self,
                                           gint64               performance_id,
                                           const char          *seat,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  const char *query[] = { "seat", seat, NULL };

  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_PARTY, performance_id, query, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_get_will_call_async (TsApiClient         *self,
                                   gint64               performance_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_WILL_CALL, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_hand_over_will_call_async (TsApiClient         *self,
                                         gint64               performance_id,
                                         GArray              *item_ids,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < item_ids->len; i++)
    json_array_add_int_element (items, g_array_index (item_ids, gint64, i));
  json_object_set_array_member (members, "items", items);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_WILL_CALL_HAND_OVER, performance_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_hold_seats_async (TsApiClient         *self,
                                gint64               performance_id,
                                const char          *letter,
                                GPtrArray           *seats,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonNode) body = seats_body (letter, seats);

  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_HOLD, performance_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_release_held_seats_async (TsApiClient         *self,
                                        gint64               performance_id,
                                        GPtrArray           *seats,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonNode) body = seats_body (NULL, seats);

  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_RELEASE, performance_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_carts_async (TsApiClient         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_CARTS_LIST, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_create_cart_async (TsApiClient         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) empty = ts_api_route_body (json_object_new ());   /* the body is {} */

  ts_api_route_send (self, TS_API_ROUTE_CARTS_CREATE, 0, NULL, empty, cancellable, callback, user_data);
}

void
ts_api_client_hold_in_cart_async (TsApiClient         *self,
                                  JsonNode            *hold,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_CARTS_HOLD, 0, NULL, hold, cancellable, callback, user_data);
}

void
ts_api_client_release_from_cart_async (TsApiClient         *self,
                                       JsonNode            *release,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_CARTS_RELEASE, 0, NULL, release, cancellable, callback, user_data);
}
