/* ts-api-faces.h — typed calls for ticket faces (docs/api.md, "Ticket
 * faces"): the outlet's faces, one face with its SVG, the sample a preview
 * is filled with, and the Master User's copy of a face for an outlet (F1).
 * Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /faces?outlet_id=: the outlet's faces; 0 leaves the parameter out
 * (the caller's own, the Master User's every outlet's) */
void ts_api_client_list_faces_async       (TsApiClient         *self,
                                           gint64               outlet_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* GET /faces/{id}: the face with its "svg" */
void ts_api_client_get_face_async         (TsApiClient         *self,
                                           gint64               face_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* POST /faces {"name", "svg", "outlet_id"}: outlet_id 0 leaves it out (the
 * caller's own outlet; only the Master User names one) */
void ts_api_client_create_face_async      (TsApiClient         *self,
                                           gint64               outlet_id,
                                           const char          *name,
                                           const char          *svg,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* PATCH /faces/{id} {"name", "svg"}: a NULL member is left as it is */
void ts_api_client_patch_face_async       (TsApiClient         *self,
                                           gint64               face_id,
                                           const char          *name,
                                           const char          *svg,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* PATCH /faces/{id} {"is_default": true}: the outlet's default face from
 * now on, for every event that chose none */
void ts_api_client_make_face_default_async (TsApiClient         *self,
                                            gint64               face_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* DELETE /faces/{id}: 409 for the default face or one an event uses */
void ts_api_client_delete_face_async      (TsApiClient         *self,
                                           gint64               face_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* POST /faces/{id}/duplicate: the Master User's copy of a face, owned by
 * outlet_id; name may be NULL (the original's) */
void ts_api_client_duplicate_face_async   (TsApiClient         *self,
                                           gint64               face_id,
                                           gint64               outlet_id,
                                           const char          *name,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* GET /faces/sample?outlet_id=: {"item_id", "values": {placeholder: text},
 * "barcode"}, the outlet's latest sold ticket, or made-up values; 0 leaves
 * the parameter out (the caller's own; the Master User names one) */
void ts_api_client_get_face_sample_async  (TsApiClient         *self,
                                           gint64               outlet_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

G_END_DECLS
