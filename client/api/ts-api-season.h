/* ts-api-season.h — typed calls for season setup (docs/api.md, "Events and
 * pricing"): events, performances, redemptions, commission tables, ticket
 * types.  An outlet_id of 0 leaves the parameter out (the caller's own).
 * Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /events?outlet_id=: the outlet's season (E1) */
void ts_api_client_list_events_async             (TsApiClient         *self,
                                                  gint64               outlet_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /events/{id}: with its performances */
void ts_api_client_get_event_async               (TsApiClient         *self,
                                                  gint64               event_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /events; event: {"name", "description", "map_id", "outlet_id"} */
void ts_api_client_create_event_async            (TsApiClient         *self,
                                                  JsonNode            *event,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PATCH /events/{id} */
void ts_api_client_patch_event_async             (TsApiClient         *self,
                                                  gint64               event_id,
                                                  JsonNode            *changes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /events/{id}/performances (E2) */
void ts_api_client_create_performance_async      (TsApiClient         *self,
                                                  gint64               event_id,
                                                  JsonNode            *performance,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PATCH /performances/{id} */
void ts_api_client_patch_performance_async       (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  JsonNode            *changes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* DELETE /performances/{id}: refused (409) once sold or held (E5) */
void ts_api_client_delete_performance_async      (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /performances/{id}/redemptions (T2) */
void ts_api_client_list_redemptions_async        (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /performances/{id}/redemptions */
void ts_api_client_create_redemption_async       (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  JsonNode            *redemption,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PATCH /redemptions/{id} */
void ts_api_client_patch_redemption_async        (TsApiClient         *self,
                                                  gint64               redemption_id,
                                                  JsonNode            *changes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* DELETE /redemptions/{id} */
void ts_api_client_delete_redemption_async       (TsApiClient         *self,
                                                  gint64               redemption_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /commission-tables?outlet_id= (T6) */
void ts_api_client_list_commission_tables_async  (TsApiClient         *self,
                                                  gint64               outlet_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /commission-tables */
void ts_api_client_create_commission_table_async (TsApiClient         *self,
                                                  JsonNode            *table,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PATCH /commission-tables/{id} */
void ts_api_client_patch_commission_table_async  (TsApiClient         *self,
                                                  gint64               table_id,
                                                  JsonNode            *changes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /ticket-types?outlet_id= (T1) */
void ts_api_client_list_ticket_types_async       (TsApiClient         *self,
                                                  gint64               outlet_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /ticket-types */
void ts_api_client_create_ticket_type_async      (TsApiClient         *self,
                                                  JsonNode            *type,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PATCH /ticket-types/{id} */
void ts_api_client_patch_ticket_type_async       (TsApiClient         *self,
                                                  gint64               type_id,
                                                  JsonNode            *changes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

G_END_DECLS
