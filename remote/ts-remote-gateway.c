/* ts-remote-gateway.c — tessera-remote's HTTP side: the sign-in page, the
 * sessions' paths, and the proxy between a browser and its Broadway display
 * (docs/architecture.md, "Remote outlets") */
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ts-remote-gateway.h"
#include "ts-remote-page.h"
#include "ts-remote-session.h"

#define COOKIE_NAME       "ts_remote"
#define MAX_FORM_BYTES    16384
#define SHUTDOWN_GRACE_S  5
#define BROWSER_KEEPALIVE_S 30

struct _TsRemoteGateway
{
  GObject           parent_instance;

  TsRemoteSettings  settings;
  SoupServer       *server;
  SoupSession      *api;          /* to the Tessera server */
  GHashTable       *sessions;     /* id → TsRemoteSession */
  GHashTable       *links;        /* id → Link: the browser's WebSocket and the display's */
  GBytes           *broadway_js;  /* the displays' script, the same for all: fetched once */
  guint             starting;     /* sessions being started, counted against max-sessions */
  guint             sign_outs;    /* sign-outs at the server still out */
  guint             idle_check;
  gboolean          stopping;
};

G_DEFINE_FINAL_TYPE (TsRemoteGateway, ts_remote_gateway, G_TYPE_OBJECT)

/* Answers ------------------------------------------------------------------ */

static void
respond_html (SoupServerMessage *msg,
              guint              status,
              char              *html)     /* taken */
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html, strlen (html));
}

static void
respond_message (SoupServerMessage *msg,
                 guint              status,
                 const char        *title,
                 const char        *text)
{
  const char *lang = ts_remote_page_language (msg);

  respond_html (msg, status, ts_remote_page_message (lang, ts_remote_tr (lang, title), ts_remote_tr (lang, text)));
}

static void
respond_not_found (SoupServerMessage *msg)
{
  /* an unknown session and another person's answer alike */
  respond_message (msg, SOUP_STATUS_NOT_FOUND, N_("Not found"),
                   N_("There is no remote desktop here. Sign in to open yours."));
}

/* The browser's own page: no Origin (a plain navigation), or this host. */
static gboolean
same_origin (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autoptr(GUri) uri = NULL;
  g_autofree char *origin_host = NULL;

  if (origin == NULL)
    return TRUE;
  uri = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || host == NULL)
    return FALSE;
  {
    /* an IPv6 address is bracketed in Host ("[::1]:8090"), not in GUri's host */
    const char *name = g_uri_get_host (uri);
    g_autofree char *bracketed = strchr (name, ':') != NULL ? g_strdup_printf ("[%s]", name) : g_strdup (name);

    origin_host = g_uri_get_port (uri) > 0 ? g_strdup_printf ("%s:%d", bracketed, g_uri_get_port (uri))
                                           : g_steal_pointer (&bracketed);
  }
  return g_ascii_strcasecmp (origin_host, host) == 0;
}

/* Sessions ------------------------------------------------------------------ */

static void
signed_out (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TsRemoteGateway) self = user_data;
  g_autoptr(GBytes) ignored = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  self->sign_outs--;
}

/* The Tessera session ends with the desktop, whatever ended it: the token
 * the gateway was given no longer works. */
static void
sign_out (TsRemoteGateway *self,
          const char      *token)
{
  g_autofree char *url = g_strconcat (self->settings.server_url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) request = soup_message_new ("DELETE", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

  if (request == NULL)
    return;
  soup_message_headers_replace (soup_message_get_request_headers (request), "Authorization", auth);
  self->sign_outs++;
  soup_session_send_and_read_async (self->api, request, G_PRIORITY_DEFAULT, NULL, signed_out, g_object_ref (self));
}

static void
session_ended (TsRemoteSession *session,
               TsRemoteGateway *self)
{
  g_autofree char *id = g_strdup (ts_remote_session_get_id (session));

  g_message ("Remote session %.8s… ended", id);
  sign_out (self, ts_remote_session_get_token (session));
  g_hash_table_remove (self->links, id);
  g_hash_table_remove (self->sessions, id);
}

static gboolean
check_idle (gpointer user_data)
{
  TsRemoteGateway *self = user_data;
  gint64 limit = g_get_monotonic_time () - (gint64) self->settings.idle_timeout_s * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (ts_remote_session_get_last_used (value) < limit)
      g_ptr_array_add (idle, g_object_ref (value));
  for (guint i = 0; i < idle->len; i++)
    {
      g_message ("Remote session %.8s… idle for %u s: ending it",
                 ts_remote_session_get_id (g_ptr_array_index (idle, i)), self->settings.idle_timeout_s);
      ts_remote_session_end (g_ptr_array_index (idle, i));
    }
  return G_SOURCE_CONTINUE;
}

/* The WebSocket proxy ------------------------------------------------------------ */

typedef struct
{
  TsRemoteGateway         *self;
  TsRemoteSession         *session;
  SoupWebsocketConnection *browser;
  SoupWebsocketConnection *display;    /* NULL until connected */
  GPtrArray               *waiting;    /* the browser's messages before then (GBytes) */
  GArray                  *waiting_types;
  GCancellable            *cancellable;
} Link;

static void
close_connection (SoupWebsocketConnection *connection,
                  gpointer                 link)
{
  if (connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (connection, link);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (connection);
}

static void
link_free (Link *link)
{
  g_cancellable_cancel (link->cancellable);
  g_object_unref (link->cancellable);
  close_connection (link->browser, link);
  close_connection (link->display, link);
  g_ptr_array_unref (link->waiting);
  g_array_unref (link->waiting_types);
  g_object_unref (link->session);
  g_free (link);
}

static void
from_browser (SoupWebsocketConnection *connection,
              SoupWebsocketDataType    type,
              GBytes                  *message,
              Link                    *link)
{
  /* what the person does (keys, pointer) keeps the session alive */
  ts_remote_session_touch (link->session);
  if (link->display == NULL)
    {
      g_array_append_val (link->waiting_types, type);
      g_ptr_array_add (link->waiting, g_bytes_ref (message));
      return;
    }
  if (soup_websocket_connection_get_state (link->display) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_message (link->display, type, message);
}

static void
from_display (SoupWebsocketConnection *connection,
              SoupWebsocketDataType    type,
              GBytes                  *message,
              Link                    *link)
{
  if (soup_websocket_connection_get_state (link->browser) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_message (link->browser, type, message);
}

/* Either side gone: the other goes too.  The desktop stays, for the same
 * person to come back to (reloading the page) until the idle timeout. */
static void
link_closed (SoupWebsocketConnection *connection,
             Link                    *link)
{
  TsRemoteGateway *self = link->self;

  g_hash_table_remove (self->links, ts_remote_session_get_id (link->session));
}

static void
display_connected (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Link *link = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *display = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (display == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot reach the session's display: %s", error->message);
      g_hash_table_remove (link->self->links, ts_remote_session_get_id (link->session));
      return;
    }
  link->display = display;
  /* the display's frames carry whole textures: no limit of ours on them */
  soup_websocket_connection_set_max_incoming_payload_size (display, 0);
  g_signal_connect (display, "message", G_CALLBACK (from_display), link);
  g_signal_connect (display, "closed", G_CALLBACK (link_closed), link);
  for (guint i = 0; i < link->waiting->len; i++)
    soup_websocket_connection_send_message (display, g_array_index (link->waiting_types, SoupWebsocketDataType, i),
                                            g_ptr_array_index (link->waiting, i));
  g_ptr_array_set_size (link->waiting, 0);
  g_array_set_size (link->waiting_types, 0);
}

static TsRemoteSession *
session_of_path (TsRemoteGateway   *self,
                 const char        *path,
                 const char       **rest)
{
  const char *id_start = path + strlen ("/s/");
  const char *slash;
  g_autofree char *id = NULL;

  if (!g_str_has_prefix (path, "/s/") || (slash = strchr (id_start, '/')) == NULL)
    return NULL;
  id = g_strndup (id_start, slash - id_start);
  *rest = slash + 1;
  return g_hash_table_lookup (self->sessions, id);
}

static void
browser_connected (SoupServer              *server,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *connection,
                   gpointer                 user_data)
{
  TsRemoteGateway *self = user_data;
  const char *rest = NULL;
  TsRemoteSession *session = session_of_path (self, path, &rest);
  g_autoptr(SoupMessage) request = NULL;
  const char *protocols[] = { "broadway", NULL };
  Link *link;

  if (session == NULL || ts_remote_session_is_ended (session))
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }
  link = g_new0 (Link, 1);
  link->self = self;
  link->session = g_object_ref (session);
  link->browser = g_object_ref (connection);
  link->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  link->waiting_types = g_array_new (FALSE, FALSE, sizeof (SoupWebsocketDataType));
  link->cancellable = g_cancellable_new ();
  /* one browser at a time: a second tab (or a reload) takes the desktop over */
  g_hash_table_replace (self->links, g_strdup (ts_remote_session_get_id (session)), link);
  soup_websocket_connection_set_keepalive_interval (connection, BROWSER_KEEPALIVE_S);
  g_signal_connect (connection, "message", G_CALLBACK (from_browser), link);
  g_signal_connect (connection, "closed", G_CALLBACK (link_closed), link);
  ts_remote_session_touch (session);

  request = soup_message_new ("GET", "http://localhost/socket");
  soup_session_websocket_connect_async (ts_remote_session_get_display (session), request, NULL,
                                        (char **) protocols, G_PRIORITY_DEFAULT, link->cancellable,
                                        display_connected, link);
}

/* broadway.js, from the display ------------------------------------------- */

typedef struct
{
  TsRemoteGateway   *self;
  SoupServerMessage *msg;
} Pending;

static void
respond_script (SoupServerMessage *msg,
                GBytes            *script)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/javascript; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (script, NULL), g_bytes_get_size (script));
}

static void
broadway_js_fetched (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) script = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *request = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  if (script != NULL && soup_message_get_status (request) == SOUP_STATUS_OK)
    {
      if (pending->self->broadway_js == NULL)
        pending->self->broadway_js = g_bytes_ref (script);
      respond_script (pending->msg, script);
    }
  else
    respond_message (pending->msg, SOUP_STATUS_BAD_GATEWAY, N_("Not available"),
                     N_("The remote desktop did not answer. Sign in again."));
  soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_object_unref (pending->self);
  g_free (pending);
}

static void
serve_broadway_js (TsRemoteGateway   *self,
                   TsRemoteSession   *session,
                   SoupServerMessage *msg)
{
  g_autoptr(SoupMessage) request = NULL;
  Pending *pending;

  if (self->broadway_js != NULL)
    {
      respond_script (msg, self->broadway_js);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->msg = g_object_ref (msg);
  request = soup_message_new ("GET", "http://localhost/broadway.js");
  /* a status now, or libsoup would take this GET for a WebSocket
   * handshake (the path's WebSocket handler) and answer 400 itself */
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (ts_remote_session_get_display (session), request, G_PRIORITY_DEFAULT,
                                    NULL, broadway_js_fetched, pending);
}

/* The session's paths: /s/ID/ (the page), /s/ID/broadway.js, /s/ID/socket.
 * Only the browser holding the session's cookie gets any of them; any other
 * request answers as a session that does not exist. */
static gboolean
holds_cookie (SoupServerMessage *msg,
              TsRemoteSession   *session)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_list (headers, "Cookie");
  GHashTable *cookies;
  gboolean found;

  if (header == NULL)
    return FALSE;
  cookies = soup_header_parse_semi_param_list (header);
  found = ts_remote_session_cookie_is (session, g_hash_table_lookup (cookies, COOKIE_NAME));
  soup_header_free_param_list (cookies);
  return found;
}

static void
session_path (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  TsRemoteGateway *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *rest = NULL;
  TsRemoteSession *session = session_of_path (self, path, &rest);

  ts_remote_page_secure (msg);
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      respond_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("Not found"),
                       N_("There is no remote desktop here. Sign in to open yours."));
      return;
    }
  if (session == NULL || ts_remote_session_is_ended (session) || !holds_cookie (msg, session))
    {
      respond_not_found (msg);
      return;
    }
  if (*rest == '\0')
    respond_html (msg, SOUP_STATUS_OK, ts_remote_page_desktop (ts_remote_page_language (msg)));
  else if (strcmp (rest, "broadway.js") == 0)
    serve_broadway_js (self, session, msg);
  else if (strcmp (rest, "socket") == 0)
    {
      /* another site's page may not open this desktop's WebSocket with the
       * person's cookie (the cookie is SameSite=Strict too) */
      if (!same_origin (msg))
        respond_message (msg, SOUP_STATUS_FORBIDDEN, N_("Not found"),
                         N_("There is no remote desktop here. Sign in to open yours."));
      /* else no status: libsoup goes on with the WebSocket handshake */
    }
  else
    respond_not_found (msg);
}

/* Signing in ------------------------------------------------------------------ */

typedef struct
{
  TsRemoteGateway   *self;
  SoupServerMessage *msg;
  char              *lang;
  char              *outlet;
  char              *login;
  char              *token;     /* the server's session, once it answered; signed out if no desktop starts */
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  soup_server_message_unpause (sign_in->msg);
  g_object_unref (sign_in->msg);
  g_object_unref (sign_in->self);
  g_free (sign_in->lang);
  g_free (sign_in->outlet);
  g_free (sign_in->login);
  if (sign_in->token != NULL)
    memset (sign_in->token, 0, strlen (sign_in->token));
  g_free (sign_in->token);
  g_free (sign_in);
}

static void
refuse_sign_in (SignIn     *sign_in,
                guint       status,
                const char *problem)
{
  respond_html (sign_in->msg, status,
                ts_remote_page_sign_in (sign_in->lang, sign_in->outlet, sign_in->login,
                                        ts_remote_tr (sign_in->lang, problem)));
}

static void
session_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignIn *sign_in = user_data;
  TsRemoteGateway *self = sign_in->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TsRemoteSession) session = ts_remote_session_start_finish (result, &error);
  g_autofree char *location = NULL;
  g_autofree char *cookie = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (sign_in->msg);

  self->starting--;
  if (session == NULL || self->stopping)
    {
      if (session != NULL)
        ts_remote_session_end (session);
      else
        g_warning ("Cannot start a remote desktop: %s", error->message);
      sign_out (self, sign_in->token);      /* no desktop: the session it was for ends too */
      respond_message (sign_in->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("Not available"),
                       N_("The remote desktop could not be started. Try again in a moment, or ask your administrator."));
      sign_in_free (sign_in);
      return;
    }
  g_hash_table_replace (self->sessions, g_strdup (ts_remote_session_get_id (session)), g_object_ref (session));
  g_signal_connect_object (session, "ended", G_CALLBACK (session_ended), self, 0);
  g_message ("Remote session %.8s… started for %s at %s", ts_remote_session_get_id (session),
             sign_in->login, *sign_in->outlet != '\0' ? sign_in->outlet : "(no outlet)");

  location = g_strdup_printf ("/s/%s/", ts_remote_session_get_id (session));
  /* the cookie goes only to the session's own path, never to script
   * (HttpOnly), never from another site (SameSite=Strict) */
  cookie = g_strdup_printf (COOKIE_NAME "=%s; Path=%s; HttpOnly; SameSite=Strict%s",
                            ts_remote_session_get_cookie (session), location,
                            self->settings.secure_cookies ? "; Secure" : "");
  soup_message_headers_append (headers, "Set-Cookie", cookie);
  soup_message_headers_replace (headers, "Location", location);
  soup_server_message_set_status (sign_in->msg, SOUP_STATUS_SEE_OTHER, NULL);
  sign_in_free (sign_in);
}

static const char *
refusal_text (const char *code)
{
  /* the server's own words are English; what a person must do next is
   * said here, in the person's language (as the client's sign-in dialog) */
  if (g_strcmp0 (code, "wrong_password") == 0)
    return N_("Wrong outlet, login or password. Check them and try again.");
  if (g_strcmp0 (code, "throttled") == 0)
    return N_("Too many sign-in attempts for now. Wait a minute and try again.");
  if (g_strcmp0 (code, "locked") == 0)
    return N_("This login is locked after too many bad passwords, or by an administrator. Ask your administrator.");
  if (g_strcmp0 (code, "resigned") == 0)
    return N_("This employee may not sign in today: outside the hired and resigned dates. Ask your administrator.");
  if (g_strcmp0 (code, "no_access") == 0)
    return N_("This employee’s level is No Access. Ask your administrator.");
  if (g_strcmp0 (code, "invalid_input") == 0)
    return N_("Check the outlet, login and password, and try again.");
  return N_("The Tessera server cannot sign you in just now. Try again in a moment.");
}

static void
server_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignIn *sign_in = user_data;
  TsRemoteGateway *self = sign_in->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *request = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  guint status = soup_message_get_status (request);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;
  JsonObject *object = NULL;
  TsRemoteSessionSpec spec = { 0 };
  const char *token;

  self->starting--;
  if (body == NULL)
    {
      g_warning ("The Tessera server at %s did not answer a sign-in: %s", self->settings.server_url, error->message);
      refuse_sign_in (sign_in, SOUP_STATUS_BAD_GATEWAY, N_("The Tessera server cannot be reached. Try again in a moment, or ask your administrator."));
      sign_in_free (sign_in);
      return;
    }
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (status != SOUP_STATUS_CREATED || object == NULL)
    {
      JsonObject *problem = object != NULL && json_object_has_member (object, "error")
                            && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error"))
                            ? json_object_get_object_member (object, "error") : NULL;
      const char *code = problem != NULL ? json_object_get_string_member_with_default (problem, "code", NULL) : NULL;

      refuse_sign_in (sign_in, status >= 400 && status < 500 ? status : SOUP_STATUS_BAD_GATEWAY, refusal_text (code));
      sign_in_free (sign_in);
      return;
    }
  token = json_object_get_string_member_with_default (object, "token", NULL);
  if (token == NULL)
    {
      refuse_sign_in (sign_in, SOUP_STATUS_BAD_GATEWAY, refusal_text (NULL));
      sign_in_free (sign_in);
      return;
    }

  sign_in->token = g_strdup (token);
  if (self->stopping)
    {
      sign_out (self, sign_in->token);
      respond_message (sign_in->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("Not available"),
                       N_("The remote desktop could not be started. Try again in a moment, or ask your administrator."));
      sign_in_free (sign_in);
      return;
    }
  spec.broadwayd = self->settings.broadwayd;
  spec.client = self->settings.client;
  spec.server_url = self->settings.server_url;
  spec.runtime_dir = self->settings.runtime_dir;
  spec.language = sign_in->lang;
  self->starting++;
  ts_remote_session_start_async (&spec, sign_in->token, NULL, session_started, sign_in);
}

/* The server counts sign-in attempts per address and audits each with it:
 * it is told the browser's (after whatever proxies named before us), and
 * believes it only when it lists this gateway in trusted-proxies (the
 * operator's choice; otherwise every remote outlet is this gateway's
 * address). */
static void
forward_address (SoupServerMessage *msg,
                 SoupMessage       *request)
{
  const char *before = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-Forwarded-For");
  const char *remote = soup_server_message_get_remote_host (msg);
  g_autofree char *chain = NULL;

  if (remote == NULL)
    return;
  chain = before != NULL ? g_strdup_printf ("%s, %s", before, remote) : g_strdup (remote);
  soup_message_headers_replace (soup_message_get_request_headers (request), "X-Forwarded-For", chain);
}

static char *
form_field (GHashTable *form,
            const char *name)
{
  const char *value = form != NULL ? g_hash_table_lookup (form, name) : NULL;

  return g_strstrip (g_strdup (value != NULL && g_utf8_validate (value, -1, NULL) ? value : ""));
}

static void
sign_in_posted (TsRemoteGateway   *self,
                SoupServerMessage *msg)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *password = NULL;
  g_autofree char *url = g_strconcat (self->settings.server_url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *json_text = NULL;
  g_autoptr(GBytes) payload = NULL;
  gsize length;
  SignIn *sign_in;

  if (g_bytes_get_size (bytes) > MAX_FORM_BYTES)
    {
      respond_message (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("Not available"),
                       N_("Check the outlet, login and password, and try again."));
      return;
    }
  /* a form posted from another site is refused (login CSRF) */
  if (!same_origin (msg))
    {
      respond_not_found (msg);
      return;
    }
  form = soup_form_decode (text);
  sign_in = g_new0 (SignIn, 1);
  sign_in->self = g_object_ref (self);
  sign_in->msg = g_object_ref (msg);
  sign_in->lang = g_strdup (ts_remote_page_language (msg));
  sign_in->outlet = form_field (form, "outlet");
  sign_in->login = form_field (form, "login");
  password = g_strdup (form != NULL && g_hash_table_lookup (form, "password") ? g_hash_table_lookup (form, "password") : "");
  soup_server_message_pause (msg);

  if (*sign_in->login == '\0' || *password == '\0')
    {
      refuse_sign_in (sign_in, SOUP_STATUS_UNPROCESSABLE_ENTITY, N_("Enter your login and your password."));
      sign_in_free (sign_in);
      return;
    }
  if (self->stopping || g_hash_table_size (self->sessions) + self->starting >= self->settings.max_sessions)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "60");
      refuse_sign_in (sign_in, SOUP_STATUS_SERVICE_UNAVAILABLE,
                      N_("Every remote desktop is in use. Try again in a few minutes, or ask your administrator."));
      sign_in_free (sign_in);
      return;
    }

  /* the server's own sign-in: its rules, its throttles, its audit */
  json_builder_begin_object (builder);
  if (*sign_in->outlet != '\0')
    {
      json_builder_set_member_name (builder, "outlet");
      json_builder_add_string_value (builder, sign_in->outlet);
    }
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, sign_in->login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  json = json_builder_get_root (builder);
  json_text = json_to_string (json, FALSE);
  length = strlen (json_text);
  payload = g_bytes_new_take (g_steal_pointer (&json_text), length);
  request = soup_message_new ("POST", url);
  if (request == NULL)
    {
      refuse_sign_in (sign_in, SOUP_STATUS_BAD_GATEWAY, refusal_text (NULL));
      sign_in_free (sign_in);
      return;
    }
  soup_message_set_request_body_from_bytes (request, "application/json", payload);
  forward_address (msg, request);
  self->starting++;
  soup_session_send_and_read_async (self->api, request, G_PRIORITY_DEFAULT, NULL, server_answered, sign_in);
}

/* Before any body is read: only the sign-in form has one, and it is small;
 * a larger (or unannounced) one, or a body anywhere else, is refused
 * without reading it into memory. */
static void
request_headers (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  gboolean sign_in = strcmp (path, "/sign-in") == 0 && soup_server_message_get_method (msg) == SOUP_METHOD_POST;
  goffset allowed = sign_in ? MAX_FORM_BYTES : 0;

  if (encoding == SOUP_ENCODING_NONE
      || (encoding == SOUP_ENCODING_CONTENT_LENGTH && soup_message_headers_get_content_length (headers) == 0 && !sign_in))
    return;
  if (encoding != SOUP_ENCODING_CONTENT_LENGTH || soup_message_headers_get_content_length (headers) > allowed)
    {
      ts_remote_page_secure (msg);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      respond_message (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("Not available"),
                       N_("Check the outlet, login and password, and try again."));
    }
}

static void
front_path (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TsRemoteGateway *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean reading = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;

  ts_remote_page_secure (msg);
  if (strcmp (path, "/") == 0 && reading)
    respond_html (msg, SOUP_STATUS_OK, ts_remote_page_sign_in (ts_remote_page_language (msg), NULL, NULL, NULL));
  else if (strcmp (path, "/sign-in") == 0 && method == SOUP_METHOD_POST)
    sign_in_posted (self, msg);
  else if (strcmp (path, "/static/remote.css") == 0 && reading)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/css; charset=utf-8", SOUP_MEMORY_STATIC,
                                        ts_remote_page_css, strlen (ts_remote_page_css));
    }
  else if (strcmp (path, "/static/remote.js") == 0 && reading)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/javascript; charset=utf-8", SOUP_MEMORY_STATIC,
                                        ts_remote_page_js, strlen (ts_remote_page_js));
    }
  else
    respond_not_found (msg);
}

/* The gateway ------------------------------------------------------------------ */

static void
ts_remote_gateway_dispose (GObject *object)
{
  TsRemoteGateway *self = TS_REMOTE_GATEWAY (object);

  g_clear_handle_id (&self->idle_check, g_source_remove);
  if (self->links != NULL)
    g_hash_table_remove_all (self->links);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (ts_remote_gateway_parent_class)->dispose (object);
}

static void
ts_remote_gateway_finalize (GObject *object)
{
  TsRemoteGateway *self = TS_REMOTE_GATEWAY (object);

  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->broadway_js, g_bytes_unref);
  g_free (self->settings.server_url);
  g_free (self->settings.server_ca);
  g_free (self->settings.client);
  g_free (self->settings.broadwayd);
  g_free (self->settings.runtime_dir);
  G_OBJECT_CLASS (ts_remote_gateway_parent_class)->finalize (object);
}

static void
ts_remote_gateway_class_init (TsRemoteGatewayClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_remote_gateway_dispose;
  G_OBJECT_CLASS (klass)->finalize = ts_remote_gateway_finalize;
}

static void
ts_remote_gateway_init (TsRemoteGateway *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) link_free);
}

TsRemoteGateway *
ts_remote_gateway_new (const TsRemoteSettings  *settings,
                       GError                 **error)
{
  TsRemoteGateway *self = g_object_new (TS_TYPE_REMOTE_GATEWAY, NULL);
  const char *protocols[] = { "broadway", NULL };

  self->settings = *settings;
  self->settings.server_url = g_strdup (settings->server_url);
  /* "http://host:8080/" and "http://host:8080" name the same server */
  while (g_str_has_suffix (self->settings.server_url, "/"))
    self->settings.server_url[strlen (self->settings.server_url) - 1] = '\0';
  self->settings.server_ca = g_strdup (settings->server_ca);
  self->settings.client = g_strdup (settings->client);
  self->settings.broadwayd = g_strdup (settings->broadwayd);
  self->settings.runtime_dir = g_strdup (settings->runtime_dir);
  if (self->settings.max_sessions == 0)
    self->settings.max_sessions = 1;
  if (self->settings.idle_timeout_s == 0)
    self->settings.idle_timeout_s = 1800;

  self->api = soup_session_new_with_options ("timeout", 30, NULL);
  /* a server with a self-signed certificate (tessera-server
   * --generate-certificate): the gateway trusts that one, named by the
   * operator, as well as the system's authorities */
  if (settings->server_ca != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (settings->server_ca, error);

      if (database == NULL)
        {
          g_object_unref (self);
          return NULL;
        }
      soup_session_set_tls_database (self->api, database);
    }
  self->server = soup_server_new ("server-header", "tessera-remote", NULL);
  soup_server_add_handler (self->server, NULL, front_path, self, NULL);
  soup_server_add_handler (self->server, "/s/", session_path, self, NULL);
  /* the path's own entry: libsoup then takes it for this path's handler */
  soup_server_add_handler (self->server, "/sign-in", front_path, self, NULL);
  /* libsoup keeps one entry per path, whose own early handler runs: each
   * path with a handler gets the same one */
  soup_server_add_early_handler (self->server, NULL, request_headers, self, NULL);
  soup_server_add_early_handler (self->server, "/s/", request_headers, self, NULL);
  soup_server_add_early_handler (self->server, "/sign-in", request_headers, self, NULL);
  /* no origin given to libsoup: session_path checks it, with the cookie,
   * before the handshake */
  soup_server_add_websocket_handler (self->server, "/s/", NULL, (char **) protocols,
                                     browser_connected, self, NULL);
  self->idle_check = g_timeout_add_seconds (MAX (1, MIN (30, self->settings.idle_timeout_s / 4)), check_idle, self);
  return self;
}

gboolean
ts_remote_gateway_listen (TsRemoteGateway  *self,
                          GInetAddress     *address,
                          guint             port,
                          GTlsCertificate  *certificate,
                          GError          **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);

  if (certificate != NULL)
    g_object_set (self->server, "tls-certificate", certificate, NULL);
  return soup_server_listen (self->server, socket_address, certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

guint
ts_remote_gateway_get_port (TsRemoteGateway *self)
{
  GSList *uris = soup_server_get_uris (self->server);
  guint port = uris != NULL ? g_uri_get_port (uris->data) : 0;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

guint
ts_remote_gateway_get_n_sessions (TsRemoteGateway *self)
{
  return g_hash_table_size (self->sessions);
}

static gboolean
wake (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
ts_remote_gateway_shutdown (TsRemoteGateway *self)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;
  gboolean expired = FALSE;
  guint deadline;
  gboolean gone = FALSE;

  self->stopping = TRUE;
  soup_server_disconnect (self->server);
  g_hash_table_remove_all (self->links);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sessions, g_object_ref (value));
  for (guint i = 0; i < sessions->len; i++)
    ts_remote_session_end (g_ptr_array_index (sessions, i));

  deadline = g_timeout_add_seconds (SHUTDOWN_GRACE_S, wake, &expired);
  while (!expired && !gone)
    {
      gone = self->sign_outs == 0;
      for (guint i = 0; i < sessions->len; i++)
        gone = gone && ts_remote_session_is_gone (g_ptr_array_index (sessions, i));
      if (!gone)
        g_main_context_iteration (NULL, TRUE);
    }
  if (!expired)
    g_source_remove (deadline);
  for (guint i = 0; i < sessions->len; i++)
    ts_remote_session_kill (g_ptr_array_index (sessions, i));
}
