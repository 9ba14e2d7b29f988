/* ts-live.h — live seat-state updates: LISTEN on PostgreSQL, fan-out over
 * WebSockets
 *
 * The selling transactions publish each change of seat state with
 * pg_notify ('tessera_seats', payload) (migration 009), and whatever ends a
 * session or changes who may view a performance publishes on
 * 'tessera_access' (migration 018).  TsLive keeps one
 * dedicated, non-blocking libpq connection that LISTENs on both channels,
 * watched on the main loop, and forwards each payload, unchanged, to every
 * WebSocket connection subscribed to the payload's performance.  The
 * WebSocket endpoint (GET /api/v1/live) is served here too: see
 * docs/api.md, "Live updates".
 */
#pragma once

#include <libsoup/soup.h>

#include "ts-db.h"
#include "ts-proxy-trust.h"

G_BEGIN_DECLS

#define TS_LIVE_CHANNEL          "tessera_seats"
/* who may view what changed: {"employee_id": N} or {"performance_id": N}
 * (migration 018) */
#define TS_LIVE_ACCESS_CHANNEL   "tessera_access"
/* application_name of the LISTEN connection, to find it in pg_stat_activity */
#define TS_LIVE_APPLICATION_NAME "tessera-server-live"

#define TS_TYPE_LIVE (ts_live_get_type ())
G_DECLARE_FINAL_TYPE (TsLive, ts_live, TS, LIVE, GObject)

/* conninfo: the application role's (as the pool's); db: the pool, which
 * resolves sessions and asks ts_performance_viewable.  Starts connecting at
 * once without blocking; a connection that cannot be made is retried with
 * back-off.  Sources are attached to the thread-default main context. */
TsLive   *ts_live_new                 (const char  *conninfo,
                                       TsDb        *db,
                                       gboolean     verbose);
/* The proxies whose X-Forwarded-For names a viewer (trusted-proxies); NULL: none. */
void      ts_live_set_proxy_trust     (TsLive       *self,
                                       TsProxyTrust *trust);
/* Serves the WebSocket endpoint at exactly path on http. */
void      ts_live_attach              (TsLive      *self,
                                       SoupServer  *http,
                                       const char  *path);
/* Closes every WebSocket and the LISTEN connection; nothing reconnects after. */
void      ts_live_stop                (TsLive      *self);
/* Closes every WebSocket ("going away") but goes on serving: clients
 * reconnect and subscribe again.  For maintenance, and tests of clients. */
void      ts_live_disconnect_all      (TsLive      *self);

/* Asks again, for every connection, whether its session is still live and
 * may still view what it follows: a session that ended is closed, a
 * performance no longer viewable stops.  Done at once for the connections an
 * access change concerns, when a session expires or a window closes, and
 * every minute for all as a safety net.  Public for tests. */
void      ts_live_recheck             (TsLive      *self);

/* For tests and monitoring. */
gboolean  ts_live_is_listening        (TsLive      *self);
guint     ts_live_get_n_connections   (TsLive      *self);
guint     ts_live_get_n_subscribers   (TsLive      *self,
                                       gint64       performance_id);

G_END_DECLS
