/* ts-api-season.c — the typed calls for season setup */
#include "ts-api-route.h"
#include "ts-api-season.h"

void
ts_api_client_list_events_async (TsApiClient         *self,
                                 gint64               outlet_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_EVENTS_LIST, outlet_id, cancellable, callback, user_data);
}

void
ts_api_client_get_event_async (TsApiClient         *self,
                               gint64               event_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_EVENT_GET, event_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_create_event_async (TsApiClient         *self,
                                  JsonNode            *event,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_EVENTS_CREATE, 0, NULL, event, cancellable, callback, user_data);
}

void
ts_api_client_patch_event_async (TsApiClient         *self,
                                 gint64               event_id,
                                 JsonNode            *changes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_EVENT_PATCH, event_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_create_performance_async (TsApiClient         *self,
                                        gint64               event_id,
                                        JsonNode            *performance,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCES_CREATE, event_id, NULL, performance,
                     cancellable, callback, user_data);
}

void
ts_api_client_patch_performance_async (TsApiClient         *self,
                                       gint64               performance_id,
                                       JsonNode            *changes,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_PATCH, performance_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_delete_performance_async (TsApiClient         *self,
                                        gint64               performance_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PERFORMANCE_DELETE, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_redemptions_async (TsApiClient         *self,
                                      gint64               performance_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_REDEMPTIONS_LIST, performance_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_create_redemption_async (TsApiClient         *self,
                                       gint64               performance_id,
                                       JsonNode            *redemption,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_REDEMPTIONS_CREATE, performance_id, NULL, redemption,
                     cancellable, callback, user_data);
}

void
ts_api_client_patch_redemption_async (TsApiClient         *self,
                                      gint64               redemption_id,
                                      JsonNode            *changes,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_REDEMPTION_PATCH, redemption_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_delete_redemption_async (TsApiClient         *self,
                                       gint64               redemption_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_REDEMPTION_DELETE, redemption_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_commission_tables_async (TsApiClient         *self,
                                            gint64               outlet_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_COMMISSION_TABLES_LIST, outlet_id,
                            cancellable, callback, user_data);
}

void
ts_api_client_create_commission_table_async (TsApiClient         *self,
                                             JsonNode            *table,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_COMMISSION_TABLES_CREATE, 0, NULL, table,
                     cancellable, callback, user_data);
}

void
ts_api_client_patch_commission_table_async (TsApiClient         *self,
                                            gint64               table_id,
                                            JsonNode            *changes,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_COMMISSION_TABLE_PATCH, table_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_ticket_types_async (TsApiClient         *self,
                                       gint64               outlet_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_TICKET_TYPES_LIST, outlet_id, cancellable, callback, user_data);
}

void
ts_api_client_create_ticket_type_async (TsApiClient         *self,
                                        JsonNode            *type,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_TICKET_TYPES_CREATE, 0, NULL, type, cancellable, callback, user_data);
}

void
ts_api_client_patch_ticket_type_async (TsApiClient         *self,
                                       gint64               type_id,
                                       JsonNode            *changes,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_TICKET_TYPE_PATCH, type_id, NULL, changes,
                     cancellable, callback, user_data);
}
