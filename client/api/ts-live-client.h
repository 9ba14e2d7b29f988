/* ts-live-client.h — live seat-state updates from the server's WebSocket
 * (GET /api/v1/live, docs/api.md "Live updates")
 *
 * Connects when the first performance is subscribed, with the session token
 * of the TsApiClient it was made with; after a drop it reconnects with
 * back-off and subscribes again to everything that was wanted.
 *
 * Signals:
 *   "subscribed" (gint64 performance_id): the server confirmed a
 *     subscription; updates follow from here on, so this is when to load
 *     the performance's sales map.
 *   "seats-changed" (gint64 performance_id, JsonNode *payload): the server's
 *     payload as published, {"performance_id", "seats": […], "ga": […]}, or
 *     {"performance_id", "reload": true} when the client should load the
 *     whole map again.  A reload is also emitted here after a subscription
 *     is restored following a drop, since updates sent meanwhile were lost.
 *   "subscription-failed" (gint64 performance_id, GError *error): refused,
 *     or no longer allowed (TS_ERROR_NOT_FOUND: no such performance, or not
 *     the caller's to view, perhaps any more; TS_ERROR_UNAUTHORIZED: the
 *     session ended).  It is no longer wanted.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_LIVE_CLIENT (ts_live_client_get_type ())
G_DECLARE_FINAL_TYPE (TsLiveClient, ts_live_client, TS, LIVE_CLIENT, GObject)

TsLiveClient *ts_live_client_new             (TsApiClient  *api);
/* Both may be called at any time, connected or not. */
void          ts_live_client_subscribe       (TsLiveClient *self,
                                              gint64        performance_id);
void          ts_live_client_unsubscribe     (TsLiveClient *self,
                                              gint64        performance_id);
/* Confirmed by the server on the current connection. */
gboolean      ts_live_client_is_subscribed   (TsLiveClient *self,
                                              gint64        performance_id);
/* Forgets every subscription and closes the connection (at sign-out). */
void          ts_live_client_close           (TsLiveClient *self);

G_END_DECLS
