/* ts-http-connection.c — one HTTP connection handed to libsoup, with its
 * timeouts, body limit and the ways the server ends it */
#include <string.h>

#include <gio/gnetworking.h>

#include "ts-error.h"
#include "ts-guarded-input-stream.h"
#include "ts-http-connection.h"
#include "ts-http-error.h"

/* After a refusal the answer is sent and what the client still sends is read
 * and dropped for this long, so that the client sees the answer rather than
 * a reset (closing with unread data resets the connection). */
#define LINGER_SECONDS 2
#define DRAIN_BUFFER   16384

struct _TsHttpConnection
{
  GIOStream              parent_instance;

  GSocketConnection     *socket;
  GIOStream             *base;          /* the socket, or TLS over it */
  TsGuardedInputStream  *input;
  GSocketAddress        *remote;
  GSocketAddress        *local;
  const TsServerConfig  *config;
  SoupServer            *http;
  TsHttpBodyLimitFunc    body_limit;
  gpointer               body_limit_data;

  TsHttpConnectionState  state;
  SoupServerMessage     *msg;           /* the latest message: libsoup's handle on us */
  gboolean               owned_by_libsoup;
  gboolean               taking_back;
  gboolean               close_after;   /* shutting down: close after this request */
  goffset                limit;         /* msg's largest body */
  goffset                body_read;     /* of msg's body, counted in *bodies_held */
  goffset               *bodies_held;   /* by all connections: the front's count */
  gboolean               answer_stuck;  /* handling: the answer was ready at the last tick */
  GSource               *timer;
  GSource               *soon;          /* a close or a refusal, from the main loop */
  GCancellable          *cancellable;   /* TLS handshake, the refusal's I/O */
  GBytes                *refusal;       /* the answer written before closing */
  guint8                *drain_buffer;
};

enum
{
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TsHttpConnection, ts_http_connection, G_TYPE_IO_STREAM)

static void close_now (TsHttpConnection *self);

/* Timers ------------------------------------------------------------------- */

static void
disarm (TsHttpConnection *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

/* msg's body is no longer held (answered, refused or gone). */
static void
release_body (TsHttpConnection *self)
{
  *self->bodies_held -= self->body_read;
  self->body_read = 0;
}

static GBytes *
answer_bytes (guint        status,
              TsErrorCode  code,
              const char  *message)
{
  g_autoptr(GError) error = g_error_new_literal (TS_ERROR, code, message);
  g_autoptr(JsonNode) body = ts_http_error_body (error);
  g_autofree char *json = json_to_string (body, FALSE);
  char *text = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                "Content-Type: application/json; charset=utf-8\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                "Cache-Control: no-store\r\n"
                                "X-Content-Type-Options: nosniff\r\n"
                                "Connection: close\r\n"
                                "\r\n%s",
                                status, soup_status_get_phrase (status), strlen (json), json);

  return g_bytes_new_take (text, strlen (text));
}

static void refuse (TsHttpConnection *self,
                    guint             status,
                    TsErrorCode       code,
                    const char       *message);
static void arm    (TsHttpConnection *self,
                    guint             seconds);

static gboolean
timer_fired (gpointer user_data)
{
  TsHttpConnection *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  switch (self->state)
    {
    case TS_HTTP_CONNECTION_READING:
      {
        /* slowloris: headers or a body that trickle in are not waited for */
        g_autofree char *message = g_strdup_printf ("The request did not arrive within %u seconds",
                                                    self->config->request_timeout);

        refuse (self, SOUP_STATUS_REQUEST_TIMEOUT, TS_ERROR_INVALID, message);
      }
      break;
    case TS_HTTP_CONNECTION_HANDLING:
      /* The database may take its time (no limit here); but an answer that
       * is made and still not going out a whole period later is stuck
       * behind a client that reads nothing (pipelined answers fill the
       * socket before this one's headers are out). */
      if (soup_server_message_get_status (self->msg) == 0)
        self->answer_stuck = FALSE;
      else if (!self->answer_stuck)
        self->answer_stuck = TRUE;
      else
        {
          close_now (self);
          break;
        }
      arm (self, self->config->request_timeout);
      break;
    case TS_HTTP_CONNECTION_HANDSHAKE:
    case TS_HTTP_CONNECTION_WRITING:   /* the client does not take its answer */
    case TS_HTTP_CONNECTION_IDLE:
    case TS_HTTP_CONNECTION_CLOSING:
      close_now (self);
      break;
    case TS_HTTP_CONNECTION_UPGRADED:
    case TS_HTTP_CONNECTION_CLOSED:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
arm (TsHttpConnection *self,
     guint             seconds)
{
  disarm (self);
  self->timer = g_timeout_source_new_seconds (MAX (seconds, 1));
  g_source_set_callback (self->timer, timer_fired, self, NULL);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
}

/* Ending the connection ---------------------------------------------------- */

static void
finish_closed (TsHttpConnection *self)
{
  if (self->state == TS_HTTP_CONNECTION_CLOSED)
    return;
  self->state = TS_HTTP_CONNECTION_CLOSED;
  self->owned_by_libsoup = FALSE;
  disarm (self);
  if (self->soon != NULL)
    {
      g_source_destroy (self->soon);
      g_clear_pointer (&self->soon, g_source_unref);
    }
  g_cancellable_cancel (self->cancellable);
  if (self->input != NULL)
    ts_guarded_input_stream_disown (self->input);
  release_body (self);
  g_clear_object (&self->msg);
  g_signal_emit (self, signals[CLOSED], 0);
}

/* Closes the socket.  Over TLS the raw socket goes first, so that closing
 * never waits to send close_notify to a client that does not read. */
static void
close_base (TsHttpConnection *self)
{
  if (self->base != G_IO_STREAM (self->socket))
    {
      g_socket_close (g_socket_connection_get_socket (self->socket), NULL);
      g_io_stream_close (self->base, NULL, NULL);
    }
  g_io_stream_close (G_IO_STREAM (self->socket), NULL, NULL);
}

/* Takes the connection back from libsoup, so that it drops its side of it
 * (the only public way: there is no "disconnect" for a server connection). */
static void
take_back (TsHttpConnection *self)
{
  g_autoptr(GIOStream) stolen = NULL;

  if (!self->owned_by_libsoup || self->msg == NULL)
    return;
  self->taking_back = TRUE;
  stolen = soup_server_message_steal_connection (self->msg);
  self->taking_back = FALSE;
  self->owned_by_libsoup = FALSE;
}

static void
close_now (TsHttpConnection *self)
{
  if (self->state == TS_HTTP_CONNECTION_CLOSED)
    return;
  g_object_ref (self);
  take_back (self);
  if (!g_io_stream_is_closed (G_IO_STREAM (self)))
    g_io_stream_close (G_IO_STREAM (self), NULL, NULL);
  finish_closed (self);
  g_object_unref (self);
}

static gboolean
close_from_loop (gpointer user_data)
{
  TsHttpConnection *self = user_data;

  g_clear_pointer (&self->soon, g_source_unref);
  close_now (self);
  return G_SOURCE_REMOVE;
}

void
ts_http_connection_close_soon (TsHttpConnection *self)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  if (self->soon != NULL || self->state == TS_HTTP_CONNECTION_CLOSED)
    return;
  self->soon = g_idle_source_new ();
  g_source_set_priority (self->soon, G_PRIORITY_HIGH);
  g_source_set_callback (self->soon, close_from_loop, self, NULL);
  g_source_attach (self->soon, g_main_context_get_thread_default ());
}

void
ts_http_connection_abort (TsHttpConnection *self)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  close_now (self);
}

/* Refusing: answer, stop reading, close ---------------------------------------- */

static void drain_some (TsHttpConnection *self);

static void
drained (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TsHttpConnection) self = user_data;
  gssize got = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (self->state != TS_HTTP_CONNECTION_CLOSING)
    return;
  if (got > 0)
    drain_some (self);
  else
    close_now (self);
}

static void
drain_some (TsHttpConnection *self)
{
  if (self->drain_buffer == NULL)
    self->drain_buffer = g_malloc (DRAIN_BUFFER);
  g_input_stream_read_async (g_io_stream_get_input_stream (self->base), self->drain_buffer, DRAIN_BUFFER,
                             G_PRIORITY_DEFAULT, self->cancellable, drained, g_object_ref (self));
}

static void
refusal_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TsHttpConnection) self = user_data;
  gboolean written = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);

  if (self->state != TS_HTTP_CONNECTION_CLOSING)
    return;
  if (!written)
    {
      close_now (self);
      return;
    }
  /* no more from us; then read and drop what the client is still sending
   * until it has read the answer and gone, or the linger time is over */
  if (self->base == G_IO_STREAM (self->socket))
    g_socket_shutdown (g_socket_connection_get_socket (self->socket), FALSE, TRUE, NULL);
  drain_some (self);
}

static gboolean
refuse_from_loop (gpointer user_data)
{
  TsHttpConnection *self = user_data;
  gsize length;
  const char *text;

  g_clear_pointer (&self->soon, g_source_unref);
  if (self->state != TS_HTTP_CONNECTION_CLOSING)
    return G_SOURCE_REMOVE;
  take_back (self);
  if (self->msg != NULL)
    soup_message_body_truncate (soup_server_message_get_request_body (self->msg));
  release_body (self);
  arm (self, LINGER_SECONDS);
  text = g_bytes_get_data (self->refusal, &length);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->base), text, length,
                                   G_PRIORITY_DEFAULT, self->cancellable, refusal_written,
                                   g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Answers status and closes.  May be called from inside libsoup (a signal
 * of the message being read): the message is paused at once, so nothing
 * more is read, and the rest happens from the main loop. */
static void
refuse (TsHttpConnection *self,
        guint             status,
        TsErrorCode       code,
        const char       *message)
{
  if (self->state == TS_HTTP_CONNECTION_CLOSING || self->state == TS_HTTP_CONNECTION_CLOSED)
    return;
  if (self->owned_by_libsoup && self->msg != NULL)
    soup_server_message_pause (self->msg);
  self->state = TS_HTTP_CONNECTION_CLOSING;
  self->refusal = answer_bytes (status, code, message);
  disarm (self);
  if (self->soon != NULL)
    {
      g_source_destroy (self->soon);
      g_clear_pointer (&self->soon, g_source_unref);
    }
  self->soon = g_idle_source_new ();
  g_source_set_priority (self->soon, G_PRIORITY_HIGH);
  g_source_set_callback (self->soon, refuse_from_loop, self, NULL);
  g_source_attach (self->soon, g_main_context_get_thread_default ());
}

static void
refuse_too_large (TsHttpConnection *self)
{
  g_autofree char *message = g_strdup_printf ("The request body is larger than %" G_GOFFSET_FORMAT " KiB",
                                              self->limit / 1024);

  refuse (self, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, TS_ERROR_TOO_LARGE, message);
}

/* libsoup's progress ---------------------------------------------------------- */

static gboolean
is_idle (gpointer owner)
{
  TsHttpConnection *self = owner;

  return self->state == TS_HTTP_CONNECTION_IDLE;
}

static void
peer_gone (gpointer owner)
{
  TsHttpConnection *self = owner;

  if (self->state == TS_HTTP_CONNECTION_IDLE)
    close_now (self);
}

/* Bodies are held in memory until answered: past max-body-memory-mb for all
 * connections together, more is refused (503) rather than read. */
static gboolean
over_budget (TsHttpConnection *self,
             goffset           more)
{
  return *self->bodies_held + more > (goffset) self->config->max_body_memory_mb * 1024 * 1024;
}

static void
refuse_busy (TsHttpConnection *self)
{
  refuse (self, SOUP_STATUS_SERVICE_UNAVAILABLE, TS_ERROR_UNAVAILABLE,
          "The server is receiving too much at once; try again shortly");
}

static void
got_headers (SoupServerMessage *msg,
             TsHttpConnection  *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (msg != self->msg || self->state != TS_HTTP_CONNECTION_READING)
    return;
  self->limit = self->body_limit (msg, self->body_limit_data);
  /* refused from the headers alone: the body is never read */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      goffset length = soup_message_headers_get_content_length (headers);

      if (length > self->limit)
        refuse_too_large (self);
      else if (over_budget (self, length))
        refuse_busy (self);
    }
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           TsHttpConnection  *self)
{
  gsize size = g_bytes_get_size (chunk);

  if (msg != self->msg || self->state != TS_HTTP_CONNECTION_READING)
    return;
  /* chunked bodies have no length up front: count, and stop at the limit */
  self->body_read += size;
  *self->bodies_held += size;
  if (self->body_read > self->limit)
    refuse_too_large (self);
  else if (over_budget (self, 0))
    refuse_busy (self);
}

static void
wrote_headers (SoupServerMessage *msg,
               TsHttpConnection  *self)
{
  if (msg != self->msg)
    return;
  if (self->state == TS_HTTP_CONNECTION_READING || self->state == TS_HTTP_CONNECTION_HANDLING)
    {
      self->state = TS_HTTP_CONNECTION_WRITING;
      arm (self, self->config->request_timeout);
    }
}

/* The answer goes out: what counts is that it keeps going (a large export
 * to a slow client may take longer than request-timeout in all). */
static void
wrote_body_data (SoupServerMessage *msg,
                 guint              size,
                 TsHttpConnection  *self)
{
  if (msg == self->msg && self->state == TS_HTTP_CONNECTION_WRITING)
    arm (self, self->config->request_timeout);
}

static void
message_disconnected (SoupServerMessage *msg,
                      TsHttpConnection  *self)
{
  if (msg != self->msg || self->taking_back || !self->owned_by_libsoup)
    return;
  /* libsoup gave the connection away without closing it: a WebSocket took
   * it over (complete_websocket_upgrade).  It has its own keep-alive. */
  self->owned_by_libsoup = FALSE;
  self->state = TS_HTTP_CONNECTION_UPGRADED;
  disarm (self);
}

void
ts_http_connection_request_started (TsHttpConnection  *self,
                                    SoupServerMessage *msg)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  if (self->state != TS_HTTP_CONNECTION_READING && self->state != TS_HTTP_CONNECTION_IDLE)
    return;
  g_set_object (&self->msg, msg);
  self->state = TS_HTTP_CONNECTION_READING;
  self->limit = G_MAXINT64;
  release_body (self);
  arm (self, self->config->request_timeout);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk), self, 0);
  g_signal_connect_object (msg, "wrote-headers", G_CALLBACK (wrote_headers), self, 0);
  g_signal_connect_object (msg, "wrote-body-data", G_CALLBACK (wrote_body_data), self, 0);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (message_disconnected), self, 0);
}

void
ts_http_connection_request_read (TsHttpConnection  *self,
                                 SoupServerMessage *msg)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  if (msg != self->msg || self->state != TS_HTTP_CONNECTION_READING)
    return;
  /* the answer may take the database a while: the timer only checks that
   * it goes out once made */
  self->state = TS_HTTP_CONNECTION_HANDLING;
  self->answer_stuck = FALSE;
  arm (self, self->config->request_timeout);
  if (self->close_after)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

void
ts_http_connection_request_finished (TsHttpConnection  *self,
                                     SoupServerMessage *msg)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  if (msg != self->msg)
    return;
  if (self->state != TS_HTTP_CONNECTION_READING && self->state != TS_HTTP_CONNECTION_HANDLING
      && self->state != TS_HTTP_CONNECTION_WRITING)
    return;
  /* the message is kept only as libsoup's handle on the connection: let its
   * bodies go now rather than while the connection idles */
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  release_body (self);
  self->state = TS_HTTP_CONNECTION_IDLE;
  arm (self, self->config->idle_timeout);
  /* never from here: libsoup is between two messages of this connection */
  if (self->close_after)
    ts_http_connection_close_soon (self);
}

void
ts_http_connection_drain (TsHttpConnection *self)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  self->close_after = TRUE;
  switch (self->state)
    {
    case TS_HTTP_CONNECTION_HANDSHAKE:
    case TS_HTTP_CONNECTION_IDLE:
      ts_http_connection_close_soon (self);
      break;
    case TS_HTTP_CONNECTION_HANDLING:
      soup_message_headers_replace (soup_server_message_get_response_headers (self->msg),
                                    "Connection", "close");
      break;
    case TS_HTTP_CONNECTION_READING:     /* the header is added once it is read */
    case TS_HTTP_CONNECTION_WRITING:     /* closed when written */
    case TS_HTTP_CONNECTION_UPGRADED:    /* the live feed closes its own */
    case TS_HTTP_CONNECTION_CLOSING:
    case TS_HTTP_CONNECTION_CLOSED:
    default:
      break;
    }
}

/* Handing over to libsoup --------------------------------------------------------- */

static void
hand_over (TsHttpConnection *self,
           SoupServer       *http)
{
  g_autoptr(GError) error = NULL;

  self->owned_by_libsoup = TRUE;
  self->state = TS_HTTP_CONNECTION_READING;
  /* libsoup emits request-started for the first request from in here, so
   * the front already knows this connection by its remote address */
  if (!soup_server_accept_iostream (http, G_IO_STREAM (self), self->local, self->remote, &error))
    {
      g_warning ("Cannot serve a connection: %s", error->message);
      self->owned_by_libsoup = FALSE;
      close_now (self);
    }
}

static void
handshaken (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TsHttpConnection) self = user_data;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, NULL);

  if (self->state != TS_HTTP_CONNECTION_HANDSHAKE)
    return;
  if (!ok)
    close_now (self);
  else
    hand_over (self, self->http);
}

void
ts_http_connection_serve (TsHttpConnection *self,
                          SoupServer       *http)
{
  g_return_if_fail (TS_IS_HTTP_CONNECTION (self));

  if (self->base == G_IO_STREAM (self->socket))
    {
      hand_over (self, http);
      return;
    }
  self->state = TS_HTTP_CONNECTION_HANDSHAKE;
  g_set_object (&self->http, http);
  arm (self, self->config->request_timeout);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (self->base), G_PRIORITY_DEFAULT, self->cancellable,
                                    handshaken, g_object_ref (self));
}

/* GIOStream ------------------------------------------------------------------------ */

static GInputStream *
ts_http_connection_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (TS_HTTP_CONNECTION (stream)->input);
}

static GOutputStream *
ts_http_connection_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (TS_HTTP_CONNECTION (stream)->base);
}

/* libsoup closes it when a request ends the connection, a WebSocket when it
 * closes; the server through close_now. */
static gboolean
ts_http_connection_close_fn (GIOStream     *stream,
                             GCancellable  *cancellable,
                             GError       **error)
{
  TsHttpConnection *self = TS_HTTP_CONNECTION (stream);

  g_object_ref (self);
  self->owned_by_libsoup = FALSE;
  g_cancellable_cancel (self->cancellable);
  close_base (self);
  finish_closed (self);
  g_object_unref (self);
  return TRUE;
}

/* The default would close in a thread: close here, at once, as above. */
static void
ts_http_connection_close_async (GIOStream           *stream,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  ts_http_connection_close_fn (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
ts_http_connection_close_finish (GIOStream     *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ts_http_connection_dispose (GObject *object)
{
  TsHttpConnection *self = TS_HTTP_CONNECTION (object);

  disarm (self);
  if (self->soon != NULL)
    {
      g_source_destroy (self->soon);
      g_clear_pointer (&self->soon, g_source_unref);
    }
  if (self->input != NULL)
    ts_guarded_input_stream_disown (self->input);
  g_clear_object (&self->msg);
  g_clear_object (&self->http);
  G_OBJECT_CLASS (ts_http_connection_parent_class)->dispose (object);
}

static void
ts_http_connection_finalize (GObject *object)
{
  TsHttpConnection *self = TS_HTTP_CONNECTION (object);

  g_clear_object (&self->input);
  g_clear_object (&self->base);
  g_clear_object (&self->socket);
  g_clear_object (&self->remote);
  g_clear_object (&self->local);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->refusal, g_bytes_unref);
  g_free (self->drain_buffer);
  G_OBJECT_CLASS (ts_http_connection_parent_class)->finalize (object);
}

static void
ts_http_connection_class_init (TsHttpConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = ts_http_connection_dispose;
  object_class->finalize = ts_http_connection_finalize;
  stream_class->get_input_stream = ts_http_connection_get_input_stream;
  stream_class->get_output_stream = ts_http_connection_get_output_stream;
  stream_class->close_fn = ts_http_connection_close_fn;
  stream_class->close_async = ts_http_connection_close_async;
  stream_class->close_finish = ts_http_connection_close_finish;

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ts_http_connection_init (TsHttpConnection *self)
{
  self->cancellable = g_cancellable_new ();
}

TsHttpConnection *
ts_http_connection_new (GSocketConnection    *socket,
                        GTlsCertificate      *certificate,
                        const TsServerConfig *config,
                        TsHttpBodyLimitFunc   body_limit,
                        gpointer              body_limit_data,
                        goffset              *bodies_held,
                        GError              **error)
{
  g_autoptr(TsHttpConnection) self = g_object_new (TS_TYPE_HTTP_CONNECTION, NULL);

  self->socket = g_object_ref (socket);
  self->base = G_IO_STREAM (g_object_ref (socket));
  self->config = config;
  self->body_limit = body_limit;
  self->body_limit_data = body_limit_data;
  self->bodies_held = bodies_held;
  self->remote = g_socket_connection_get_remote_address (socket, error);
  self->local = g_socket_connection_get_local_address (socket, error);
  if (self->remote == NULL || self->local == NULL)
    return NULL;
  g_socket_set_option (g_socket_connection_get_socket (socket), IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  if (certificate != NULL)
    {
      GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (socket), certificate, error);

      if (tls == NULL)
        return NULL;
      /* a client that just closes is not an error to report */
      g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
      g_object_unref (self->base);
      self->base = tls;
    }
  self->input = ts_guarded_input_stream_new (g_io_stream_get_input_stream (self->base),
                                             is_idle, peer_gone, self);
  return g_steal_pointer (&self);
}

GSocketAddress *
ts_http_connection_get_remote_address (TsHttpConnection *self)
{
  g_return_val_if_fail (TS_IS_HTTP_CONNECTION (self), NULL);

  return self->remote;
}

TsHttpConnectionState
ts_http_connection_get_state (TsHttpConnection *self)
{
  g_return_val_if_fail (TS_IS_HTTP_CONNECTION (self), TS_HTTP_CONNECTION_CLOSED);

  return self->state;
}
