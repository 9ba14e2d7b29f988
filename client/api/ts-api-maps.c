/* ts-api-maps.c — the typed calls for theatre maps and hold letters */
#include "ts-api-route.h"
#include "ts-api-maps.h"

void
ts_api_client_list_maps_async (TsApiClient         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_MAPS_LIST, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_create_map_async (TsApiClient         *self,
                                JsonNode            *map,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_MAPS_CREATE, 0, NULL, map, cancellable, callback, user_data);
}

void
ts_api_client_patch_map_async (TsApiClient         *self,
                               gint64               map_id,
                               JsonNode            *changes,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_MAP_PATCH, map_id, NULL, changes, cancellable, callback, user_data);
}

void
ts_api_client_export_map_async (TsApiClient         *self,
                                gint64               map_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_MAP_EXPORT, map_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_map_compact_async (TsApiClient         *self,
                                     gint64               map_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_MAP_COMPACT, map_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_duplicate_map_async (TsApiClient         *self,
                                   gint64               map_id,
                                   gint64               outlet_id,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_int_member (members, "outlet_id", outlet_id);
  if (name != NULL && *name != '\0')
    json_object_set_string_member (members, "name", name);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_MAP_DUPLICATE, map_id, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_list_hold_letters_async (TsApiClient         *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_HOLD_LETTERS_LIST, 0, NULL, NULL, cancellable, callback, user_data);
}
