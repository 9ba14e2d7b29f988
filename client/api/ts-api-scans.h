/* ts-api-scans.h — typed calls for scanning at the door (docs/api.md,
 * "Scans"): Scanner level and up, for the own outlet's performances (C4,
 * F4).  Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* POST /scans: scan is the document as sent ({"code"} or {"item_id"},
 * "door", "nonce", "performance_id", "direction", "scanned_at"); a retry of
 * the same scan sends the same nonce, and the server answers its first
 * answer again (F4: a ticket is admitted once). */
void ts_api_client_scan_async                (TsApiClient         *self,
                                              JsonNode            *scan,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* POST /scans/batch: scans (an array of ≤ 500 documents as above, made
 * offline) → {"results": […]} in the same order. */
void ts_api_client_scan_batch_async          (TsApiClient         *self,
                                              JsonNode            *scans,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* GET /scans/performances: the own outlet's, from yesterday to a week ahead */
void ts_api_client_list_scan_performances_async (TsApiClient      *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* GET /performances/{id}/door-list: its tickets and the owning outlet's
 * public key, for deciding at the door while the server cannot be reached */
void ts_api_client_get_door_list_async       (TsApiClient         *self,
                                              gint64               performance_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* GET /performances/{id}/attendance: sold, admitted, inside, by door */
void ts_api_client_get_attendance_async      (TsApiClient         *self,
                                              gint64               performance_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

G_END_DECLS
