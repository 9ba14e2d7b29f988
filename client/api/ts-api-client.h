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

/* Signal "changed::AREA" (const char *path): a write from this client (any
 * method but GET) went through, on a path whose first segment is AREA:
 * "changed::orders" after a sale, refund or exchange, "changed::contact-points"
 * after an address edit.  Views that show what it changes load again (the
 * till, a patron's orders, patron search results), whichever window did it.
 * Property "time-zone" (the signed-in outlet's, ts-format.h): notified when
 * an administrator saves another one for it here, so that views showing
 * times write them again (C7). */

/* Any API call: path is relative to /api/v1 ("/outlets/3"); body may be NULL.
 * Error answers become TS_ERROR errors carrying the server's message; a
 * server that cannot be reached is TS_ERROR_UNREACHABLE.  The client's own
 * code calls the typed functions instead, which send their route from the
 * table in ts-api-route.c. */
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

/* A GET that answers a file (a PDF), not JSON: its bytes written to file,
 * replacing it.  Finishes with ts_api_client_request_finish, which answers
 * NULL; an error answer is taken as any other's. */
void         ts_api_client_download_async  (TsApiClient         *self,
                                            const char          *path,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

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
/* The API names of the payment methods the outlet's tills take (C7), as
 * the session (or this workstation's last save of the outlet) said; NULL
 * when not known (the Master User): any. */
const char * const *ts_api_client_get_payment_methods (TsApiClient *self);
const char  *ts_api_client_get_display_name (TsApiClient        *self);
const char  *ts_api_client_get_login       (TsApiClient         *self);
gint64       ts_api_client_get_employee_id (TsApiClient         *self);
/* The session's bearer token, NULL when signed out: for the live-updates
 * WebSocket (TsLiveClient), which authenticates the same way. */
const char  *ts_api_client_get_token       (TsApiClient         *self);
/* Property "reachable": FALSE from a request the server never answered
 * (TS_ERROR_UNREACHABLE, or the live feed's connection failing) until the
 * next answered one; the main window's banner says so and asks again
 * (ts_api_client_get_health_async) until it is back. */
gboolean     ts_api_client_get_reachable   (TsApiClient         *self);
/* Another connection of the client's to the server got no answer. */
void         ts_api_client_note_unreachable (TsApiClient        *self);
/* Every connection to an https:// server whose certificate the system does
 * not trust (self-signed) asks this, during its TLS handshake: TRUE when
 * the certificate is the one pinned for the server (ts-known-servers.h).
 * Otherwise the connection is refused before anything is sent, its request
 * fails as TS_ERROR_UNREACHABLE saying why, and the certificate is kept:
 * ts_api_client_get_untrusted_certificate answers it (and *out_host_port,
 * the server it is for, NULL for an address that is not https) until a
 * request is answered again.  The sign-in dialog asks the person to trust
 * an unknown one (TsTrustServerDialog); a changed one is refused. */
gboolean     ts_api_client_accept_certificate (TsApiClient      *self,
                                               GUri             *uri,
                                               GTlsCertificate  *certificate);
GTlsCertificate *ts_api_client_get_untrusted_certificate (TsApiClient  *self,
                                                          const char  **out_host_port);

/* Typed calls, one per route of docs/api.md.  Each finishes with
 * ts_api_client_request_finish() and answers the route's JSON (ts-api-call.h
 * hands that to a widget).  The session's and the administration's are
 * here; the others by area: ts-api-sales.h, ts-api-orders.h,
 * ts-api-patrons.h, ts-api-season.h, ts-api-maps.h, ts-api-accounts.h,
 * ts-api-scans.h. */

/* GET /session; also refreshes the account above. */
void ts_api_client_get_me_async               (TsApiClient         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* POST /session/password; answers NULL (204). */
void ts_api_client_change_password_async      (TsApiClient         *self,
                                               const char          *current_password,
                                               const char          *new_password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* GET /health: anyone; answered at all means the server is reachable. */
void ts_api_client_get_health_async           (TsApiClient         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* GET /outlets/directory: anyone, for the sign-in dialog */
void ts_api_client_get_outlet_directory_async (TsApiClient         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_get_system_async           (TsApiClient         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* PATCH /system (Master User, C1) */
void ts_api_client_set_licence_count_async    (TsApiClient         *self,
                                               int                  licence_count,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_list_outlets_async         (TsApiClient         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* outlet: the Outlet fields plus "administrator" */
void ts_api_client_create_outlet_async        (TsApiClient         *self,
                                               JsonNode            *outlet,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_get_outlet_async           (TsApiClient         *self,
                                               gint64               outlet_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_patch_outlet_async         (TsApiClient         *self,
                                               gint64               outlet_id,
                                               JsonNode            *changes,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_list_employees_async       (TsApiClient         *self,
                                               gint64               outlet_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_create_employee_async      (TsApiClient         *self,
                                               gint64               outlet_id,
                                               JsonNode            *employee,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void ts_api_client_patch_employee_async       (TsApiClient         *self,
                                               gint64               employee_id,
                                               JsonNode            *changes,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* POST /employees/{id}/lock or /unlock (C6) */
void ts_api_client_set_employee_locked_async  (TsApiClient         *self,
                                               gint64               employee_id,
                                               gboolean             locked,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

G_END_DECLS
