/* ts-api-client.h — the client's one way to talk to the server */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ts-level.h"

G_BEGIN_DECLS

#define TS_TYPE_API_CLIENT (ts_api_client_get_type ())
G_DECLARE_FINAL_TYPE (TsApiClient, ts_api_client, TS, API_CLIENT, GObject)

TsApiClient *ts_api_client_new             (const char          *base_url);
const char  *ts_api_client_get_base_url    (TsApiClient         *self);

/* Any API call: path is relative to /api/v1 ("/outlets/3"); body may be NULL.
 * Error answers become TS_ERROR errors carrying the server's message; a
 * server that cannot be reached is TS_ERROR_UNREACHABLE. */
void         ts_api_client_request_async   (TsApiClient         *self,
                                            const char          *method,
                                            const char          *path,
                                            JsonNode            *body,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Returns the answer (NULL, without error, for 204 No Content). */
JsonNode    *ts_api_client_request_finish  (TsApiClient         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* outlet_id 0 signs in as the Master User. */
void         ts_api_client_sign_in_async   (TsApiClient         *self,
                                            gint64               outlet_id,
                                            const char          *login,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     ts_api_client_sign_in_finish  (TsApiClient         *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void         ts_api_client_sign_out        (TsApiClient         *self);

/* The signed-in account (valid after sign-in). */
gboolean     ts_api_client_is_signed_in    (TsApiClient         *self);
TsLevel      ts_api_client_get_level       (TsApiClient         *self);
gint64       ts_api_client_get_outlet_id   (TsApiClient         *self);   /* 0: Master User */
const char  *ts_api_client_get_outlet_name (TsApiClient         *self);
const char  *ts_api_client_get_display_name (TsApiClient        *self);
const char  *ts_api_client_get_login       (TsApiClient         *self);
gint64       ts_api_client_get_employee_id (TsApiClient         *self);

G_END_DECLS
