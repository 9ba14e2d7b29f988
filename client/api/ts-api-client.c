/* ts-api-client.c — JSON over libsoup, with errors turned back into GErrors */
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-format.h"
#include "ts-api-client.h"
#include "ts-api-route.h"
#include "ts-known-servers.h"

struct _TsApiClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *token;
  gboolean     reachable;    /* the last request reached the server */

  /* the certificate of the last connection refused as not trusted
   * (ts-known-servers.h), until a request is answered */
  GTlsCertificate *untrusted;
  char            *untrusted_host_port;
  TsServerTrust    untrusted_trust;

  /* the signed-in account */
  TsLevel      level;
  gint64       employee_id;
  gint64       outlet_id;
  char        *outlet_name;
  GStrv        payment_methods;  /* the outlet's tills take (C7); NULL: any */
  char        *time_zone;        /* the outlet's, as the session said; NULL: none */
  char        *display_name;
  char        *login;
};

G_DEFINE_FINAL_TYPE (TsApiClient, ts_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_LEVEL,
  PROP_TIME_ZONE,
  PROP_REACHABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The address as typed, without the trailing slashes that would double the
 * one every path starts with. */
static char *
normalize_base_url (const char *base_url)
{
  char *trimmed = g_strstrip (g_strdup (base_url ? base_url : ""));
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  return trimmed;
}

static void
ts_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TsApiClient *self = TS_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;
    case PROP_TIME_ZONE:
      g_value_set_string (value, self->time_zone);
      break;
    case PROP_REACHABLE:
      g_value_set_boolean (value, self->reachable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TsApiClient *self = TS_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = normalize_base_url (g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_api_client_dispose (GObject *object)
{
  TsApiClient *self = TS_API_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->untrusted);
  G_OBJECT_CLASS (ts_api_client_parent_class)->dispose (object);
}

static void
ts_api_client_finalize (GObject *object)
{
  TsApiClient *self = TS_API_CLIENT (object);

  g_free (self->base_url);
  g_free (self->token);
  g_free (self->untrusted_host_port);
  g_free (self->outlet_name);
  g_strfreev (self->payment_methods);
  g_free (self->time_zone);
  g_free (self->display_name);
  g_free (self->login);
  G_OBJECT_CLASS (ts_api_client_parent_class)->finalize (object);
}

static void
ts_api_client_class_init (TsApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_api_client_dispose;
  object_class->finalize = ts_api_client_finalize;
  object_class->get_property = ts_api_client_get_property;
  object_class->set_property = ts_api_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a TsLevel; changes at sign-in */
  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, TS_LEVEL_NO_ACCESS, TS_LEVEL_MASTER, TS_LEVEL_NO_ACCESS,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the signed-in outlet's time zone (NULL for none); notified when it
   * changes, at sign-in or when this workstation saves the outlet (C7), so
   * that views showing times write them again */
  properties[PROP_TIME_ZONE] =
    g_param_spec_string ("time-zone", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE from a request that got no answer at all (nothing listens, the
   * network is down, it timed out) until one is answered again */
  properties[PROP_REACHABLE] =
    g_param_spec_boolean ("reachable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "changed::AREA" (const char *path): a write from this client went
   * through (any method but GET), on a path whose first segment is AREA
   * ("changed::orders" after a sale, a refund or an exchange): views that
   * show what it may change load again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ts_api_client_init (TsApiClient *self)
{
  /* 10 s: long enough for a busy server over a remote desktop link, short
   * enough that an agent at the counter is told quickly it is down. */
  self->session = soup_session_new_with_options ("timeout", 10, "idle-timeout", 60, NULL);
  self->reachable = TRUE;
}

static void
set_reachable (TsApiClient *self,
               gboolean     reachable)
{
  if (self->reachable == reachable)
    return;
  self->reachable = reachable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
}

TsApiClient *
ts_api_client_new (const char *base_url)
{
  return g_object_new (TS_TYPE_API_CLIENT, "base-url", base_url, NULL);
}

const char *
ts_api_client_get_base_url (TsApiClient *self)
{
  return self->base_url;
}

typedef struct
{
  SoupMessage *msg;
  char        *url;
  char        *base_url;   /* for messages: the address the person typed */
  char        *path;       /* relative to /api/v1 */
  gboolean     writes;     /* not a GET: "changed" follows its success */
  GFile       *file;       /* a download: where a success's bytes go (not JSON) */
  gboolean     untrusted;  /* its connection was refused: a certificate not trusted */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->msg);
  g_clear_object (&call->file);
  g_free (call->url);
  g_free (call->base_url);
  g_free (call->path);
  g_free (call);
}

static void take_outlet (TsApiClient *self,
                         JsonObject  *outlet);

static void
download_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, NULL, NULL);
}

/* Why the server could not be reached, in our words (GIO's own, "Socket
 * I/O timed out" or its French, mean nothing at a box office); another
 * kind of failure keeps the network's words. */
static const char *
unreachable_reason (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return _("it did not answer in time");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return _("nothing answers at that address; is the server running?");
  if (error->domain == G_RESOLVER_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return _("that name is not known on this network");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return _("this computer has no network route to it");
  if (error->domain == G_TLS_ERROR)
    return _("its secure connection could not be checked");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return _("the connection was cut");
  return error->message;
}

/* Why a connection was refused, its certificate not trusted: said to the
 * person (the sign-in dialog asks to trust an unknown one instead). */
static const char *
untrusted_reason (TsServerTrust trust)
{
  if (trust == TS_SERVER_TRUST_CHANGED)
    return _("it presents a different certificate from the one this computer trusted, so someone may be "
             "impersonating it. Nothing was sent to it. Ask your administrator before going on.");
  return _("this computer does not trust its certificate yet");
}

static void
forget_untrusted (TsApiClient *self)
{
  g_clear_object (&self->untrusted);
  g_clear_pointer (&self->untrusted_host_port, g_free);
}

/* The TLS handshake met a certificate the system does not trust (a
 * self-signed one): accepted only when pinned for this server; otherwise
 * the connection fails before a byte of the request (a password) is sent. */
static gboolean
accept_certificate (SoupMessage          *msg,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors,
                    gpointer              user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->untrusted = !ts_api_client_accept_certificate (g_task_get_source_object (task), soup_message_get_uri (msg),
                                                       certificate);
  return !call->untrusted;
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status;
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    {
      TsApiClient *self = g_task_get_source_object (task);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      set_reachable (self, FALSE);
      g_task_return_new_error (task, TS_ERROR, TS_ERROR_UNREACHABLE,
                               _("Cannot reach the server at %s: %s"), call->base_url,
                               call->untrusted ? untrusted_reason (self->untrusted_trust) : unreachable_reason (error));
      return;
    }

  status = soup_message_get_status (call->msg);
  set_reachable (g_task_get_source_object (task), TRUE);
  forget_untrusted (g_task_get_source_object (task));
  if (call->file != NULL && status >= 200 && status < 300)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      /* a download answers its bytes, written whole or not at all */
      g_file_replace_contents_bytes_async (call->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           cancellable, download_written, g_steal_pointer (&task));
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size > 0 && !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    {
      g_task_return_new_error (task, TS_ERROR, TS_ERROR_UNREACHABLE,
                               _("%s does not answer like a Tessera server (HTTP %u)"), call->url, status);
      return;
    }

  if (status >= 200 && status < 300)
    {
      JsonNode *root = size > 0 ? json_parser_get_root (parser) : NULL;

      TsApiClient *self = g_task_get_source_object (task);

      if (call->writes && root != NULL && JSON_NODE_HOLDS_OBJECT (root) && self->outlet_id != 0)
        {
          g_autofree char *own = g_strdup_printf ("/outlets/%" G_GINT64_FORMAT, self->outlet_id);

          /* C7: the signed-in outlet's preferences saved from here (a new
           * time zone, payment methods) apply at once, without signing out */
          if (g_str_equal (call->path, own))
            take_outlet (self, json_node_get_object (root));
        }
      g_task_return_pointer (task, root ? json_node_ref (root) : NULL, (GDestroyNotify) json_node_unref);
      if (call->writes)
        {
          /* the detail is the path's first segment: "orders", "patrons" */
          g_autofree char *area = g_strndup (call->path + 1, strcspn (call->path + 1, "/?"));

          g_signal_emit (g_task_get_source_object (task), signals[CHANGED], g_quark_from_string (area), call->path);
        }
      return;
    }

  {
    JsonNode *root = size > 0 ? json_parser_get_root (parser) : NULL;
    JsonObject *error_object = NULL;
    TsErrorCode code = TS_ERROR_INTERNAL;
    const char *message = NULL;

    if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
      error_object = json_object_get_object_member (json_node_get_object (root), "error");
    if (error_object != NULL)
      {
        ts_error_code_from_string (json_object_get_string_member_with_default (error_object, "code", ""), &code);
        message = json_object_get_string_member_with_default (error_object, "message", NULL);
      }
    if (message == NULL)
      g_task_return_new_error (task, TS_ERROR, code, _("The server answered HTTP %u"), status);
    else
      g_task_return_new_error (task, TS_ERROR, code, "%s", message);
  }
}

static void send_request (TsApiClient         *self,
                          const char          *method,
                          const char          *path,
                          JsonNode            *body,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data);

void
ts_api_client_request_async (TsApiClient         *self,
                             const char          *method,
                             const char          *path,
                             JsonNode            *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  send_request (self, method, path, body, NULL, cancellable, callback, user_data);
}

void
ts_api_client_download_async (TsApiClient         *self,
                              const char          *path,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (G_IS_FILE (file));

  send_request (self, "GET", path, NULL, file, cancellable, callback, user_data);
}

static void
send_request (TsApiClient         *self,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              GFile               *file,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, ts_api_client_request_async);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  call->url = g_strconcat (self->base_url, "/api/v1", path, NULL);
  call->base_url = g_strdup (self->base_url);
  call->path = g_strdup (path);
  call->writes = g_strcmp0 (method, "GET") != 0;
  call->file = file != NULL ? g_object_ref (file) : NULL;
  if (!g_str_has_prefix (self->base_url, "http://") && !g_str_has_prefix (self->base_url, "https://"))
    {
      g_task_return_new_error (task, TS_ERROR, TS_ERROR_UNREACHABLE,
                               _("“%s” is not a server address (expected http://host:port)"), self->base_url);
      g_object_unref (task);
      return;
    }
  call->msg = soup_message_new (method, call->url);
  if (call->msg == NULL)
    {
      g_task_return_new_error (task, TS_ERROR, TS_ERROR_UNREACHABLE,
                               _("“%s” is not a server address (expected http://host:port)"), self->base_url);
      g_object_unref (task);
      return;
    }
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (call->msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }
  g_signal_connect (call->msg, "accept-certificate", G_CALLBACK (accept_certificate), task);
  soup_session_send_and_read_async (self->session, call->msg, G_PRIORITY_DEFAULT, cancellable,
                                    request_done, task);
}

JsonNode *
ts_api_client_request_finish (TsApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What the session keeps of its outlet (Me's "outlet", or the Outlet an
 * administrator just saved): its name, its time zone for every time on
 * screen (ts-format.h) and the payment methods its tills take (C7). */
static void
take_outlet (TsApiClient *self,
             JsonObject  *outlet)
{
  JsonArray *methods = outlet != NULL && json_object_has_member (outlet, "payment_methods")
                       && JSON_NODE_HOLDS_ARRAY (json_object_get_member (outlet, "payment_methods"))
                       ? json_object_get_array_member (outlet, "payment_methods") : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *zone = outlet ? json_object_get_string_member_with_default (outlet, "time_zone", NULL) : NULL;

  g_free (self->outlet_name);
  self->outlet_name = g_strdup (outlet ? json_object_get_string_member_with_default (outlet, "name", "") : NULL);
  /* times on screen are the outlet's, not this computer's (ts-format.h) */
  ts_format_set_time_zone (zone);
  g_clear_pointer (&self->payment_methods, g_strfreev);
  for (guint i = 0; methods != NULL && i < json_array_get_length (methods); i++)
    g_strv_builder_add (builder, json_array_get_string_element (methods, i));
  if (methods != NULL)
    self->payment_methods = g_strv_builder_end (builder);
  if (g_strcmp0 (zone, self->time_zone) != 0)
    {
      g_free (self->time_zone);
      self->time_zone = g_strdup (zone);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
    }
}

static void
take_me (TsApiClient *self,
         JsonObject  *me)
{
  TsLevel old_level = self->level;
  JsonObject *outlet = json_object_get_member (me, "outlet") && !json_object_get_null_member (me, "outlet")
                       ? json_object_get_object_member (me, "outlet") : NULL;

  if (!ts_level_from_string (json_object_get_string_member_with_default (me, "level", ""), &self->level))
    self->level = TS_LEVEL_NO_ACCESS;
  self->employee_id = json_object_get_int_member_with_default (me, "employee_id", 0);
  self->outlet_id = outlet ? json_object_get_int_member_with_default (outlet, "id", 0) : 0;
  take_outlet (self, outlet);
  g_free (self->display_name);
  self->display_name = g_strdup (json_object_get_string_member_with_default (me, "display_name", ""));
  g_free (self->login);
  self->login = g_strdup (json_object_get_string_member_with_default (me, "login", ""));
  if (self->level != old_level)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TsApiClient *self = TS_API_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (self, result, &error);
  JsonObject *object;

  if (answer == NULL)
    {
      if (error == NULL)
        error = g_error_new (TS_ERROR, TS_ERROR_INTERNAL, _("The server gave no answer"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = json_node_get_object (answer);
  g_free (self->token);
  self->token = g_strdup (json_object_get_string_member_with_default (object, "token", NULL));
  take_me (self, json_object_get_object_member (object, "me"));
  g_task_return_boolean (task, TRUE);
}

void
ts_api_client_sign_in_async (TsApiClient         *self,
                             gint64               outlet_id,
                             const char          *login,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  g_task_set_source_tag (task, ts_api_client_sign_in_async);
  if (outlet_id > 0)
    json_object_set_int_member (members, "outlet", outlet_id);
  json_object_set_string_member (members, "login", login);
  json_object_set_string_member (members, "password", password);
  body = ts_api_route_body (members);

  g_clear_pointer (&self->token, g_free);
  ts_api_route_send (self, TS_API_ROUTE_SESSION_CREATE, 0, NULL, body, cancellable, sign_in_done, task);
}

gboolean
ts_api_client_sign_in_finish (TsApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sign_out_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JsonNode) ignored = ts_api_client_request_finish (TS_API_CLIENT (source), result, NULL);
}

void
ts_api_client_sign_out (TsApiClient *self)
{
  if (self->token == NULL)
    return;
  /* Fire and forget: the token is dropped here whatever the server says. */
  ts_api_route_send (self, TS_API_ROUTE_SESSION_DELETE, 0, NULL, NULL, NULL, sign_out_done, NULL);
  g_clear_pointer (&self->token, g_free);
}

gboolean
ts_api_client_is_signed_in (TsApiClient *self)
{
  return self->token != NULL;
}

TsLevel
ts_api_client_get_level (TsApiClient *self)
{
  return self->level;
}

gint64
ts_api_client_get_outlet_id (TsApiClient *self)
{
  return self->outlet_id;
}

const char *
ts_api_client_get_outlet_name (TsApiClient *self)
{
  return self->outlet_name;
}

const char * const *
ts_api_client_get_payment_methods (TsApiClient *self)
{
  return (const char * const *) self->payment_methods;
}

const char *
ts_api_client_get_display_name (TsApiClient *self)
{
  return self->display_name;
}

const char *
ts_api_client_get_login (TsApiClient *self)
{
  return self->login;
}

gint64
ts_api_client_get_employee_id (TsApiClient *self)
{
  return self->employee_id;
}

const char *
ts_api_client_get_token (TsApiClient *self)
{
  return self->token;
}

gboolean
ts_api_client_get_reachable (TsApiClient *self)
{
  return self->reachable;
}

void
ts_api_client_note_unreachable (TsApiClient *self)
{
  set_reachable (self, FALSE);
}

gboolean
ts_api_client_accept_certificate (TsApiClient     *self,
                                  GUri            *uri,
                                  GTlsCertificate *certificate)
{
  g_autofree char *host_port = ts_known_servers_host_port_of (uri);
  TsServerTrust trust = host_port != NULL ? ts_known_servers_check (host_port, certificate, NULL)
                                          : TS_SERVER_TRUST_UNKNOWN;

  if (trust == TS_SERVER_TRUST_PINNED)
    return TRUE;
  g_set_object (&self->untrusted, certificate);
  g_free (self->untrusted_host_port);
  self->untrusted_host_port = g_steal_pointer (&host_port);
  self->untrusted_trust = trust;
  return FALSE;
}

GTlsCertificate *
ts_api_client_get_untrusted_certificate (TsApiClient  *self,
                                         const char  **out_host_port)
{
  if (out_host_port != NULL)
    *out_host_port = self->untrusted_host_port;
  return self->untrusted;
}

/* Typed calls.  Each is one route of docs/api.md; all finish with
 * ts_api_client_request_finish(), so callers handle one kind of answer. */

static void
me_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (answer == NULL)
    {
      if (error == NULL)
        error = g_error_new (TS_ERROR, TS_ERROR_INTERNAL, _("The server gave no answer"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    take_me (TS_API_CLIENT (source), json_node_get_object (answer));
  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
}

void
ts_api_client_get_me_async (TsApiClient         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ts_api_client_get_me_async);
  ts_api_route_send (self, TS_API_ROUTE_SESSION_GET, 0, NULL, NULL, cancellable, me_done, task);
}

void
ts_api_client_change_password_async (TsApiClient         *self,
                                     const char          *current_password,
                                     const char          *new_password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_string_member (members, "current_password", current_password);
  json_object_set_string_member (members, "new_password", new_password);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_SESSION_PASSWORD, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_get_health_async (TsApiClient         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_HEALTH, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_outlet_directory_async (TsApiClient         *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_OUTLETS_DIRECTORY, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_system_async (TsApiClient         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_SYSTEM_GET, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_set_licence_count_async (TsApiClient         *self,
                                       int                  licence_count,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_int_member (members, "licence_count", licence_count);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_SYSTEM_PATCH, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_list_outlets_async (TsApiClient         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_OUTLETS_LIST, 0, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_create_outlet_async (TsApiClient         *self,
                                   JsonNode            *outlet,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_OUTLETS_CREATE, 0, NULL, outlet, cancellable, callback, user_data);
}

void
ts_api_client_get_outlet_async (TsApiClient         *self,
                                gint64               outlet_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_OUTLET_GET, outlet_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_patch_outlet_async (TsApiClient         *self,
                                  gint64               outlet_id,
                                  JsonNode            *changes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_OUTLET_PATCH, outlet_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_employees_async (TsApiClient         *self,
                                    gint64               outlet_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_EMPLOYEES_LIST, outlet_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_create_employee_async (TsApiClient         *self,
                                     gint64               outlet_id,
                                     JsonNode            *employee,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_EMPLOYEES_CREATE, outlet_id, NULL, employee,
                     cancellable, callback, user_data);
}

void
ts_api_client_patch_employee_async (TsApiClient         *self,
                                    gint64               employee_id,
                                    JsonNode            *changes,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_EMPLOYEE_PATCH, employee_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_set_employee_locked_async (TsApiClient         *self,
                                         gint64               employee_id,
                                         gboolean             locked,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ts_api_route_send (self, locked ? TS_API_ROUTE_EMPLOYEE_LOCK : TS_API_ROUTE_EMPLOYEE_UNLOCK, employee_id,
                     NULL, NULL, cancellable, callback, user_data);
}
