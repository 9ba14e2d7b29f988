/* ts-server.h — the Tessera server: configuration, database, HTTP API */
#pragma once

#include <gio/gio.h>

#include "ts-db.h"
#include "ts-cart-sweeper.h"
#include "ts-live.h"
#include "ts-mail-queue.h"
#include "ts-server-config.h"
#include "ts-sign-in-limiter.h"

G_BEGIN_DECLS

#define TS_TYPE_SERVER (ts_server_get_type ())
G_DECLARE_FINAL_TYPE (TsServer, ts_server, TS, SERVER, GObject)

/* Takes ownership of config. */
TsServer   *ts_server_new          (TsServerConfig  *config);
/* Starts (or creates) the database, applies migrations, optionally loads the
 * demo data and listens.  Blocks until the database is ready. */
gboolean    ts_server_start        (TsServer        *self,
                                    GError         **error);
/* SIGTERM: stops accepting connections at once, closes idle ones and lets
 * requests in flight finish, for at most shutdown-timeout seconds (TRUE if
 * they all did).  Then call ts_server_stop(). */
void        ts_server_drain_async  (TsServer            *self,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean    ts_server_drain_finish (TsServer        *self,
                                    GAsyncResult    *result,
                                    GError         **error);
void        ts_server_stop         (TsServer        *self);
/* The port actually listened on (useful with port 0). */
guint       ts_server_get_port     (TsServer        *self);
/* "http://127.0.0.1:PORT" or "https://…" */
char       *ts_server_dup_base_url (TsServer        *self);
/* Tests: an embedded cluster without fsync (default: durable). */
void        ts_server_set_durable  (TsServer        *self,
                                    gboolean         durable);
/* NULL before start.  For command-line tools and tests. */
TsDb       *ts_server_get_db       (TsServer        *self);
TsLive     *ts_server_get_live     (TsServer        *self);
TsCartSweeper *ts_server_get_cart_sweeper (TsServer   *self);
TsMailQueue *ts_server_get_mail_queue (TsServer     *self);
TsSignInLimiter *ts_server_get_sign_in_limiter (TsServer *self);
TsServerConfig *ts_server_get_config (TsServer      *self);
/* Open client connections, WebSockets included (tests, monitoring). */
guint       ts_server_get_n_connections (TsServer   *self);

G_END_DECLS
