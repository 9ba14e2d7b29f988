/* ts-http-front.h — where connections come in: the server accepts them
 * itself (and does TLS), hands each to libsoup as a TsHttpConnection and
 * keeps it in hand: a connection limit, timeouts, body limits, and a
 * shutdown that lets requests in flight finish
 *
 * libsoup is not left to accept connections because on 3.2 it would lose
 * track of those the client closes between requests (see
 * ts-guarded-input-stream.h); libsoup still parses and answers every
 * request. */
#pragma once

#include <libsoup/soup.h>

#include "ts-http-connection.h"
#include "ts-server-config.h"

G_BEGIN_DECLS

#define TS_TYPE_HTTP_FRONT (ts_http_front_get_type ())
G_DECLARE_FINAL_TYPE (TsHttpFront, ts_http_front, TS, HTTP_FRONT, GObject)

/* certificate: serve HTTPS (NULL: HTTP).  config must outlive the front;
 * body_limit says how large a message's body may be. */
TsHttpFront *ts_http_front_new             (SoupServer            *http,
                                            const TsServerConfig  *config,
                                            GTlsCertificate       *certificate,
                                            TsHttpBodyLimitFunc    body_limit,
                                            gpointer               body_limit_data);
/* Accepts connections on listener, a bound and listening socket. */
gboolean     ts_http_front_listen          (TsHttpFront           *self,
                                            GSocket               *listener,
                                            GError               **error);
/* Stops accepting at once (new connections are refused by the system),
 * closes idle connections, and closes the others once their answer is sent.
 * Completes when no HTTP connection is left (WebSockets are not waited
 * for: the live feed closes them). */
void         ts_http_front_drain_async     (TsHttpFront           *self,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
gboolean     ts_http_front_drain_finish    (TsHttpFront           *self,
                                            GAsyncResult          *result,
                                            GError               **error);
gboolean     ts_http_front_is_draining     (TsHttpFront           *self);
/* Stops accepting and closes every connection now. */
void         ts_http_front_stop            (TsHttpFront           *self);
/* Open connections, WebSockets included (each holds a descriptor). */
guint        ts_http_front_get_n_connections (TsHttpFront         *self);

G_END_DECLS
