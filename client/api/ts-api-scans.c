/* ts-api-scans.c — the typed calls for scanning at the door */
#include "ts-api-scans.h"
#include "ts-api-route.h"

void
ts_api_client_scan_async (TsApiClient         *self,
                          JsonNode            *scan,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_SCANS_CREATE, 0, NULL, scan, cancellable, callback, user_data);
}

void
ts_api_client_scan_batch_async (TsApiClient         *self,
                                JsonNode            *scans,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_member (members, "scans", json_node_copy (scans));
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_SCANS_BATCH, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_list_scan_performances_async (TsApiClient         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_SCANS_PERFORMANCES, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_door_list_async (TsApiClient         *self,
                                   gint64               performance_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_DOOR_LIST, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_get_attendance_async (TsApiClient         *self,
                                    gint64               performance_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_ATTENDANCE, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}
