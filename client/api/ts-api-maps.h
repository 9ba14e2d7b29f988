/* ts-api-maps.h — typed calls for theatre maps (docs/api.md, "Theatre
 * maps") and the hold letters drawn on them ("Hold letters").  Each
 * finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /maps: every outlet's maps (M1) */
void ts_api_client_list_maps_async         (TsApiClient         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* POST /maps; map: {"format", and the plan, grid or demo it names} */
void ts_api_client_create_map_async        (TsApiClient         *self,
                                            JsonNode            *map,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* PATCH /maps/{id} */
void ts_api_client_patch_map_async         (TsApiClient         *self,
                                            gint64               map_id,
                                            JsonNode            *changes,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* GET /maps/{id}/export: a pretix seating plan with our extensions */
void ts_api_client_export_map_async        (TsApiClient         *self,
                                            gint64               map_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* GET /maps/{id}/compact: the plan as the seat map draws it */
void ts_api_client_get_map_compact_async   (TsApiClient         *self,
                                            gint64               map_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* POST /maps/{id}/duplicate: the Master User's copy of a map for an outlet
 * (M2); name may be NULL (the original's) */
void ts_api_client_duplicate_map_async     (TsApiClient         *self,
                                            gint64               map_id,
                                            gint64               outlet_id,
                                            const char          *name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* GET /hold-letters: their colours and levels (M8) */
void ts_api_client_list_hold_letters_async (TsApiClient         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
