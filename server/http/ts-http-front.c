/* ts-http-front.c — accepting connections for libsoup and keeping them in
 * hand (see the header) */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ts-error.h"
#include "ts-http-error.h"
#include "ts-http-front.h"

struct _TsHttpFront
{
  GObject               parent_instance;

  SoupServer           *http;
  const TsServerConfig *config;
  GTlsCertificate      *certificate;
  TsHttpBodyLimitFunc   body_limit;
  gpointer              body_limit_data;
  GSocketService       *service;
  GSocket              *placeholder_peer;
  GHashTable           *connections;    /* its remote GSocketAddress → TsHttpConnection */
  goffset               bodies_held;    /* request bodies in memory, all connections */
  GTask                *drain;
  gboolean              draining;
  gboolean              stopped;
};

G_DEFINE_FINAL_TYPE (TsHttpFront, ts_http_front, G_TYPE_OBJECT)

/* libsoup gives each message the remote address object the connection was
 * accepted with: that object is the connection's key. */
static TsHttpConnection *
connection_of (TsHttpFront       *self,
               SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_hash_table_lookup (self->connections, remote) : NULL;
}

static void
request_started (SoupServer        *http,
                 SoupServerMessage *msg,
                 TsHttpFront       *self)
{
  TsHttpConnection *connection = connection_of (self, msg);

  if (connection != NULL)
    ts_http_connection_request_started (connection, msg);
}

static void
request_read (SoupServer        *http,
              SoupServerMessage *msg,
              TsHttpFront       *self)
{
  TsHttpConnection *connection = connection_of (self, msg);

  if (connection != NULL)
    ts_http_connection_request_read (connection, msg);
}

static void
request_finished (SoupServer        *http,
                  SoupServerMessage *msg,
                  TsHttpFront       *self)
{
  TsHttpConnection *connection = connection_of (self, msg);

  if (connection != NULL)
    ts_http_connection_request_finished (connection, msg);
}

static guint
count_http_connections (TsHttpFront *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (ts_http_connection_get_state (value) != TS_HTTP_CONNECTION_UPGRADED)
      n++;
  return n;
}

static void
check_drained (TsHttpFront *self)
{
  if (self->drain != NULL && count_http_connections (self) == 0)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->drain);

      g_task_return_boolean (task, TRUE);
    }
}

static void
connection_closed (TsHttpConnection *connection,
                   TsHttpFront      *self)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  g_hash_table_remove (self->connections, ts_http_connection_get_remote_address (connection));
  check_drained (self);
}

/* Over the limit: a short 503 on the new connection, and close it (a fresh
 * socket's buffer always takes these few bytes at once). */
static void
refuse_connection (TsHttpFront       *self,
                   GSocketConnection *socket)
{
  g_autoptr(GError) error = g_error_new (TS_ERROR, TS_ERROR_UNAVAILABLE,
                                         "The server has %u connections open; try again shortly",
                                         self->config->max_connections);
  g_autoptr(JsonNode) body = ts_http_error_body (error);
  g_autofree char *json = json_to_string (body, FALSE);
  g_autofree char *text = g_strdup_printf ("HTTP/1.1 503 Service Unavailable\r\n"
                                           "Content-Type: application/json; charset=utf-8\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Retry-After: 5\r\nConnection: close\r\n\r\n%s",
                                           strlen (json), json);

  if (self->certificate == NULL)
    g_socket_send_with_blocking (g_socket_connection_get_socket (socket), text, strlen (text),
                                 FALSE, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (socket), NULL, NULL);
}

static gboolean
incoming (GSocketService    *service,
          GSocketConnection *socket,
          GObject           *source_object,
          gpointer           user_data)
{
  TsHttpFront *self = user_data;
  g_autoptr(TsHttpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  if (self->draining || self->stopped)
    {
      g_io_stream_close (G_IO_STREAM (socket), NULL, NULL);
      return TRUE;
    }
  if (g_hash_table_size (self->connections) >= self->config->max_connections)
    {
      refuse_connection (self, socket);
      return TRUE;
    }
  connection = ts_http_connection_new (socket, self->certificate, self->config,
                                       self->body_limit, self->body_limit_data, &self->bodies_held,
                                       &error);
  if (connection == NULL)
    {
      g_message ("Refused a connection: %s", error->message);
      g_io_stream_close (G_IO_STREAM (socket), NULL, NULL);
      return TRUE;
    }
  g_hash_table_insert (self->connections, ts_http_connection_get_remote_address (connection),
                       g_object_ref (connection));
  g_signal_connect (connection, "closed", G_CALLBACK (connection_closed), self);
  ts_http_connection_serve (connection, self->http);
  return TRUE;
}

/* libsoup keeps a connection alive after a request only while it has a
 * listener of its own (soup-server.c, request_finished).  It gets one that
 * never accepts anything: one end of a socket pair nobody writes to. */
static gboolean
add_placeholder_listener (TsHttpFront  *self,
                          GError      **error)
{
  int fds[2];
  g_autoptr(GSocket) placeholder = NULL;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "socketpair: %s", g_strerror (errno));
      return FALSE;
    }
  placeholder = g_socket_new_from_fd (fds[0], error);
  if (placeholder == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  self->placeholder_peer = g_socket_new_from_fd (fds[1], error);
  if (self->placeholder_peer == NULL)
    {
      close (fds[1]);
      return FALSE;
    }
  return soup_server_listen_socket (self->http, placeholder, 0, error);
}

gboolean
ts_http_front_listen (TsHttpFront  *self,
                      GSocket      *listener,
                      GError      **error)
{
  g_return_val_if_fail (TS_IS_HTTP_FRONT (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  if (!add_placeholder_listener (self, error))
    return FALSE;
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), listener, NULL, error))
    return FALSE;
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming), self);
  g_socket_service_start (self->service);
  return TRUE;
}

static void
stop_accepting (TsHttpFront *self)
{
  if (self->service == NULL)
    return;
  g_socket_service_stop (self->service);
  /* closes the listening socket: new connections are refused at once */
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
}

/* The connections, for walking while they may close. */
static GPtrArray *
list_connections (TsHttpFront *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, g_object_ref (value));
  return list;
}

void
ts_http_front_drain_async (TsHttpFront         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_if_fail (TS_IS_HTTP_FRONT (self));
  g_return_if_fail (self->drain == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  self->draining = TRUE;
  stop_accepting (self);
  list = list_connections (self);
  for (guint i = 0; i < list->len; i++)
    ts_http_connection_drain (list->pdata[i]);
  self->drain = g_steal_pointer (&task);
  check_drained (self);
}

gboolean
ts_http_front_drain_finish (TsHttpFront   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ts_http_front_is_draining (TsHttpFront *self)
{
  g_return_val_if_fail (TS_IS_HTTP_FRONT (self), FALSE);

  return self->draining;
}

void
ts_http_front_stop (TsHttpFront *self)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_if_fail (TS_IS_HTTP_FRONT (self));

  self->stopped = TRUE;
  stop_accepting (self);
  list = list_connections (self);
  for (guint i = 0; i < list->len; i++)
    ts_http_connection_abort (list->pdata[i]);
  if (self->placeholder_peer != NULL)
    g_socket_close (self->placeholder_peer, NULL);
  g_clear_object (&self->placeholder_peer);
  check_drained (self);
}

guint
ts_http_front_get_n_connections (TsHttpFront *self)
{
  g_return_val_if_fail (TS_IS_HTTP_FRONT (self), 0);

  return g_hash_table_size (self->connections);
}

static void
ts_http_front_dispose (GObject *object)
{
  TsHttpFront *self = TS_HTTP_FRONT (object);

  if (!self->stopped)
    ts_http_front_stop (self);
  if (self->http != NULL)
    g_signal_handlers_disconnect_by_data (self->http, self);
  g_clear_object (&self->http);
  g_clear_object (&self->certificate);
  G_OBJECT_CLASS (ts_http_front_parent_class)->dispose (object);
}

static void
ts_http_front_finalize (GObject *object)
{
  TsHttpFront *self = TS_HTTP_FRONT (object);

  g_hash_table_unref (self->connections);
  G_OBJECT_CLASS (ts_http_front_parent_class)->finalize (object);
}

static void
ts_http_front_class_init (TsHttpFrontClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_http_front_dispose;
  object_class->finalize = ts_http_front_finalize;
}

static void
ts_http_front_init (TsHttpFront *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

TsHttpFront *
ts_http_front_new (SoupServer           *http,
                   const TsServerConfig *config,
                   GTlsCertificate      *certificate,
                   TsHttpBodyLimitFunc   body_limit,
                   gpointer              body_limit_data)
{
  TsHttpFront *self = g_object_new (TS_TYPE_HTTP_FRONT, NULL);

  self->http = g_object_ref (http);
  self->config = config;
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->body_limit = body_limit;
  self->body_limit_data = body_limit_data;
  g_signal_connect (http, "request-started", G_CALLBACK (request_started), self);
  g_signal_connect (http, "request-read", G_CALLBACK (request_read), self);
  g_signal_connect (http, "request-finished", G_CALLBACK (request_finished), self);
  g_signal_connect (http, "request-aborted", G_CALLBACK (request_finished), self);
  return self;
}
