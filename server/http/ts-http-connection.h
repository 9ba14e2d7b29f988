/* ts-http-connection.h — one accepted HTTP connection: the stream libsoup
 * serves, and the limits the server holds it to
 *
 * TsHttpFront accepts the socket (and does the TLS handshake) itself and
 * hands this stream to libsoup with soup_server_accept_iostream(), so that it
 * still owns the connection and can end it: when the peer leaves while the
 * connection is idle (ts-guarded-input-stream.h says why libsoup 3.2 would
 * not), after idle-timeout seconds between requests, when a request's
 * headers and body have not all arrived request-timeout seconds after it
 * began, when its answer, once made, stops going out for request-timeout
 * seconds (a client that reads nothing), when a body grows past the route's limit (413, chunked or
 * not: reading stops there), and when all the bodies being received
 * together would hold more memory than allowed (503).  A WebSocket taken over from libsoup is left to
 * its own keep-alive. */
#pragma once

#include <libsoup/soup.h>

#include "ts-server-config.h"

G_BEGIN_DECLS

typedef enum
{
  TS_HTTP_CONNECTION_HANDSHAKE,   /* TLS handshake, before libsoup has it */
  TS_HTTP_CONNECTION_READING,     /* a request is arriving */
  TS_HTTP_CONNECTION_HANDLING,    /* read whole: the answer is being made */
  TS_HTTP_CONNECTION_WRITING,     /* the answer is being sent */
  TS_HTTP_CONNECTION_IDLE,        /* kept alive between requests */
  TS_HTTP_CONNECTION_UPGRADED,    /* a WebSocket now, no longer HTTP */
  TS_HTTP_CONNECTION_CLOSING,     /* refused: answering, then closing */
  TS_HTTP_CONNECTION_CLOSED,
} TsHttpConnectionState;

/* The largest body, in bytes, that msg (its headers read) may have. */
typedef goffset (*TsHttpBodyLimitFunc) (SoupServerMessage *msg,
                                        gpointer           user_data);

#define TS_TYPE_HTTP_CONNECTION (ts_http_connection_get_type ())
G_DECLARE_FINAL_TYPE (TsHttpConnection, ts_http_connection, TS, HTTP_CONNECTION, GIOStream)

/* certificate: serve TLS on it (NULL: plain HTTP).  config is read each
 * time a timer starts (tests shorten timeouts on a running server) and must
 * outlive the connection.  bodies_held counts the request bodies held in
 * memory by all connections (max-body-memory-mb); the connection keeps its
 * share up to date. */
TsHttpConnection     *ts_http_connection_new          (GSocketConnection   *socket,
                                                       GTlsCertificate     *certificate,
                                                       const TsServerConfig *config,
                                                       TsHttpBodyLimitFunc  body_limit,
                                                       gpointer             body_limit_data,
                                                       goffset             *bodies_held,
                                                       GError             **error);
/* The key libsoup gives back for each of this connection's messages
 * (soup_server_message_get_remote_address() returns this very object). */
GSocketAddress       *ts_http_connection_get_remote_address (TsHttpConnection *self);
TsHttpConnectionState ts_http_connection_get_state    (TsHttpConnection    *self);
/* Handshakes (TLS) and hands the connection to http.  "closed" is emitted
 * once, however the connection ends. */
void                  ts_http_connection_serve        (TsHttpConnection    *self,
                                                       SoupServer          *http);

/* libsoup's progress on this connection's messages (from SoupServer's
 * request-started, request-read, request-finished and request-aborted). */
void                  ts_http_connection_request_started  (TsHttpConnection  *self,
                                                           SoupServerMessage *msg);
void                  ts_http_connection_request_read     (TsHttpConnection  *self,
                                                           SoupServerMessage *msg);
void                  ts_http_connection_request_finished (TsHttpConnection  *self,
                                                           SoupServerMessage *msg);

/* Shutdown: an idle connection closes at once, a busy one after its answer
 * (which says "Connection: close"). */
void                  ts_http_connection_drain        (TsHttpConnection    *self);
/* Ends it now, from the main loop (never from inside libsoup). */
void                  ts_http_connection_close_soon   (TsHttpConnection    *self);
/* Closes the socket at once, whatever the state (the server is stopping). */
void                  ts_http_connection_abort        (TsHttpConnection    *self);

G_END_DECLS
