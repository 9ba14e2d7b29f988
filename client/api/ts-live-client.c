/* ts-live-client.c — the live-updates WebSocket: subscribe, receive,
 * reconnect and subscribe again */
#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-live-client.h"

#define LIVE_PATH         "/api/v1/live"
#define KEEPALIVE_SECONDS 30
#define BACKOFF_FIRST_MS  500
#define BACKOFF_MAX_MS    30000

/* Where each wanted performance stands on the current connection. */
typedef enum
{
  WANT_NEW,         /* asked for, not confirmed yet */
  WANT_AGAIN,       /* was confirmed before a drop: a reload is due when confirmed again */
  WANT_CONFIRMED,
} Want;

struct _TsLiveClient
{
  GObject                  parent_instance;

  TsApiClient             *api;
  SoupSession             *session;
  SoupWebsocketConnection *ws;
  GCancellable            *cancellable;   /* the connection attempt */
  GSource                 *retry;
  guint                    backoff_ms;
  gboolean                 given_up;      /* the session ended: wait for a new subscribe */
  GHashTable              *wanted;        /* performance id → Want */
};

G_DEFINE_FINAL_TYPE (TsLiveClient, ts_live_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  SUBSCRIBED,
  SEATS_CHANGED,
  SUBSCRIPTION_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void ensure_connection (TsLiveClient *self);

static gpointer
performance_key (gint64 performance_id)
{
  return GINT_TO_POINTER ((int) performance_id);
}

static void
send_command (TsLiveClient *self,
              const char   *command,
              gint64        performance_id)
{
  g_autofree char *text = g_strdup_printf ("{\"%s\": %" G_GINT64_FORMAT "}", command, performance_id);

  if (self->ws != NULL && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->ws, text);
}

static void
clear_retry (TsLiveClient *self)
{
  if (self->retry == NULL)
    return;
  g_source_destroy (self->retry);
  g_clear_pointer (&self->retry, g_source_unref);
}

static gboolean
retry_due (gpointer user_data)
{
  TsLiveClient *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  ensure_connection (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (TsLiveClient *self)
{
  if (self->given_up || self->retry != NULL || g_hash_table_size (self->wanted) == 0)
    return;
  self->retry = g_timeout_source_new (self->backoff_ms);
  g_source_set_callback (self->retry, retry_due, self, NULL);
  g_source_attach (self->retry, g_main_context_get_thread_default ());
  self->backoff_ms = MIN (self->backoff_ms * 2, BACKOFF_MAX_MS);
}

static void
handle_answer (TsLiveClient *self,
               JsonObject   *object,
               JsonNode     *root)
{
  gint64 performance_id = json_object_get_int_member_with_default (object, "performance_id", 0);
  gpointer key = performance_key (performance_id);

  if (json_object_has_member (object, "subscribed"))
    {
      gint64 id = json_object_get_int_member_with_default (object, "subscribed", 0);
      gpointer state;

      if (!g_hash_table_lookup_extended (self->wanted, performance_key (id), NULL, &state))
        return;   /* unsubscribed meanwhile */
      g_hash_table_insert (self->wanted, performance_key (id), GINT_TO_POINTER (WANT_CONFIRMED));
      g_signal_emit (self, signals[SUBSCRIBED], 0, id);
      if (GPOINTER_TO_INT (state) == WANT_AGAIN)
        {
          g_autofree char *text = g_strdup_printf ("{\"performance_id\": %" G_GINT64_FORMAT ", \"reload\": true}", id);
          g_autoptr(JsonNode) reload = json_from_string (text, NULL);

          g_signal_emit (self, signals[SEATS_CHANGED], 0, id, reload);
        }
    }
  else if (json_object_has_member (object, "error"))
    {
      const char *message = json_object_get_string_member_with_default (object, "error", "");
      const char *code_name = json_object_get_string_member_with_default (object, "code", "");
      TsErrorCode code = TS_ERROR_INTERNAL;
      g_autoptr(GError) error = NULL;

      ts_error_code_from_string (code_name, &code);
      error = g_error_new_literal (TS_ERROR, code, message);
      if (performance_id > 0 && g_hash_table_remove (self->wanted, key))
        g_signal_emit (self, signals[SUBSCRIPTION_FAILED], 0, performance_id, error);
      else
        g_debug ("live: the server says: %s", message);
    }
  else if (performance_id > 0 && g_hash_table_contains (self->wanted, key))
    g_signal_emit (self, signals[SEATS_CHANGED], 0, performance_id, root);
  /* {"unsubscribed": N} needs nothing */
}

static void
ws_message (SoupWebsocketConnection *ws,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  TsLiveClient *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  JsonNode *root;

  if (type != SOUP_WEBSOCKET_DATA_TEXT
      || !json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("live: ignored a message that is not a JSON object");
      return;
    }
  handle_answer (self, json_node_get_object (root), root);
}

/* Whatever was confirmed must be confirmed again on the next connection. */
static void
forget_confirmations (TsLiveClient *self)
{
  GHashTableIter iter;
  gpointer state;

  g_hash_table_iter_init (&iter, self->wanted);
  while (g_hash_table_iter_next (&iter, NULL, &state))
    if (GPOINTER_TO_INT (state) == WANT_CONFIRMED)
      g_hash_table_iter_replace (&iter, GINT_TO_POINTER (WANT_AGAIN));
}

static void
drop_connection (TsLiveClient *self)
{
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->ws);
  forget_confirmations (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
ws_closed (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  TsLiveClient *self = user_data;

  /* The server closes with "policy violation" when the session has ended:
   * retrying with the same token would only be refused. */
  if (soup_websocket_connection_get_close_code (ws) == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    self->given_up = TRUE;
  drop_connection (self);
  schedule_retry (self);
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) ws = soup_session_websocket_connect_finish (SOUP_SESSION (source),
                                                                                 result, &error);
  TsLiveClient *self;
  GHashTableIter iter;
  gpointer key;

  /* cancelled: self may be gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->cancellable);

  if (ws == NULL)
    {
      if (msg != NULL && soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED)
        self->given_up = TRUE;
      else if (msg == NULL || soup_message_get_status (msg) == SOUP_STATUS_NONE)
        ts_api_client_note_unreachable (self->api);   /* no answer at all: the banner says so */
      g_debug ("live: cannot connect: %s", error->message);
      schedule_retry (self);
      return;
    }

  self->ws = g_steal_pointer (&ws);
  self->backoff_ms = BACKOFF_FIRST_MS;
  soup_websocket_connection_set_keepalive_interval (self->ws, KEEPALIVE_SECONDS);
  g_signal_connect (self->ws, "message", G_CALLBACK (ws_message), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (ws_closed), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);

  g_hash_table_iter_init (&iter, self->wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    send_command (self, "subscribe", GPOINTER_TO_INT (key));
}

/* The feed's connections are checked as the API's: a certificate the
 * system does not trust is accepted only when pinned for the server, before
 * the token is sent (ts_api_client_accept_certificate). */
static gboolean
accept_certificate (SoupMessage          *msg,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors,
                    gpointer              user_data)
{
  TsLiveClient *self = user_data;

  return ts_api_client_accept_certificate (self->api, soup_message_get_uri (msg), certificate);
}

static void
ensure_connection (TsLiveClient *self)
{
  const char *token = ts_api_client_get_token (self->api);
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (self->ws != NULL || self->cancellable != NULL || self->retry != NULL
      || self->given_up || token == NULL)
    return;

  /* libsoup takes the http(s) address and upgrades it */
  url = g_strconcat (ts_api_client_get_base_url (self->api), LIVE_PATH, NULL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_debug ("live: “%s” is not an address", url);
      return;
    }
  auth = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (accept_certificate), self, 0);

  self->cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, connected, self);
}

static void
ts_live_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TsLiveClient *self = TS_LIVE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->ws != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_live_client_dispose (GObject *object)
{
  TsLiveClient *self = TS_LIVE_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_retry (self);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->ws);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (ts_live_client_parent_class)->dispose (object);
}

static void
ts_live_client_finalize (GObject *object)
{
  TsLiveClient *self = TS_LIVE_CLIENT (object);

  g_hash_table_unref (self->wanted);
  G_OBJECT_CLASS (ts_live_client_parent_class)->finalize (object);
}

static void
ts_live_client_class_init (TsLiveClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ts_live_client_get_property;
  object_class->dispose = ts_live_client_dispose;
  object_class->finalize = ts_live_client_finalize;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SUBSCRIBED] =
    g_signal_new ("subscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SEATS_CHANGED] =
    g_signal_new ("seats-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, JSON_TYPE_NODE);
  signals[SUBSCRIPTION_FAILED] =
    g_signal_new ("subscription-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_ERROR);
}

static void
ts_live_client_init (TsLiveClient *self)
{
  /* 10 s to connect, as the API client; an open WebSocket has no timeout
   * (libsoup lifts it) and is kept alive by pings. */
  self->session = soup_session_new_with_options ("timeout", 10, NULL);
  self->backoff_ms = BACKOFF_FIRST_MS;
  self->wanted = g_hash_table_new (NULL, NULL);
}

TsLiveClient *
ts_live_client_new (TsApiClient *api)
{
  TsLiveClient *self;

  g_return_val_if_fail (TS_IS_API_CLIENT (api), NULL);

  self = g_object_new (TS_TYPE_LIVE_CLIENT, NULL);
  self->api = g_object_ref (api);
  return self;
}

void
ts_live_client_subscribe (TsLiveClient *self,
                          gint64        performance_id)
{
  gpointer key = performance_key (performance_id);

  g_return_if_fail (TS_IS_LIVE_CLIENT (self));
  g_return_if_fail (performance_id > 0 && performance_id <= G_MAXINT32);

  if (g_hash_table_contains (self->wanted, key))
    return;
  g_hash_table_insert (self->wanted, key, GINT_TO_POINTER (WANT_NEW));
  /* asked for by the person: perhaps after signing in again */
  self->given_up = FALSE;
  if (self->ws != NULL)
    send_command (self, "subscribe", performance_id);
  else
    {
      /* no need to wait out a back-off that was for an empty list */
      if (self->retry != NULL && g_hash_table_size (self->wanted) == 1)
        clear_retry (self);
      ensure_connection (self);
    }
}

void
ts_live_client_unsubscribe (TsLiveClient *self,
                            gint64        performance_id)
{
  g_return_if_fail (TS_IS_LIVE_CLIENT (self));

  if (g_hash_table_remove (self->wanted, performance_key (performance_id)))
    send_command (self, "unsubscribe", performance_id);
}

gboolean
ts_live_client_is_subscribed (TsLiveClient *self,
                              gint64        performance_id)
{
  gpointer state;

  g_return_val_if_fail (TS_IS_LIVE_CLIENT (self), FALSE);

  return g_hash_table_lookup_extended (self->wanted, performance_key (performance_id), NULL, &state)
         && GPOINTER_TO_INT (state) == WANT_CONFIRMED;
}

void
ts_live_client_close (TsLiveClient *self)
{
  g_return_if_fail (TS_IS_LIVE_CLIENT (self));

  g_hash_table_remove_all (self->wanted);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_retry (self);
  drop_connection (self);
  self->backoff_ms = BACKOFF_FIRST_MS;
}
