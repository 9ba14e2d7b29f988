/* ts-server.c — wires the embedded cluster, migrations, the pool and libsoup
 *
 * Request flow (see docs/architecture.md): libsoup calls api_handler on the
 * main thread; it matches the route, parses the body and pauses the message;
 * a database worker runs run_request (transaction, session, outlet context,
 * handler); request_done puts the answer on the message and unpauses it.
 */
#include <string.h>

#include <libsoup/soup.h>

#include "ts-cart-sweeper.h"
#include "ts-mail-queue.h"
#include "ts-db.h"
#include "ts-demo-data.h"
#include "ts-demo-history.h"
#include "ts-demo-season.h"
#include "ts-error.h"
#include "ts-http-error.h"
#include "ts-http-front.h"
#include "ts-json-reader.h"
#include "ts-live.h"
#include "ts-proxy-trust.h"
#include "ts-migrations.h"
#include "ts-pg.h"
#include "ts-pg-cluster.h"
#include "ts-pg-supervisor.h"
#include "ts-request.h"
#include "ts-router.h"
#include "ts-server.h"
#include "ts-payments.h"
#include "ts-shop.h"
#include "ts-shop-page-account-form.h"
#include "ts-sign-in-limiter.h"
#include "ts-validate.h"

#define API_PREFIX "/api/v1"
#define LISTEN_BACKLOG 512
/* How long a client over its allowance of password checks waits for its 429. */
#define REFUSAL_DELAY_MS 1000
/* Password checks waiting for the sign-in pool, per connection, before 503. */
#define SIGN_IN_QUEUE_PER_CONNECTION 32

struct _TsServer
{
  GObject         parent_instance;

  TsServerConfig *config;
  TsPgCluster    *cluster;
  TsPgSupervisor *supervisor;      /* restarts the embedded cluster if it dies */
  TsDb           *db;
  TsDb           *sign_in_db;      /* a small pool of its own for bcrypt (C6) */
  TsLive         *live;            /* LISTEN tessera_seats, the WebSocket fan-out */
  TsCartSweeper  *sweeper;         /* releases expired carts every minute (S1) */
  TsMailQueue    *mail;            /* sends the mail_queue over SMTP */
  TsSignInLimiter *sign_in_limiter; /* password checks each address may ask for (C6) */
  TsProxyTrust   *proxy_trust;     /* trusted-proxies: whose X-Forwarded-For names the client */
  SoupServer     *http;
  TsHttpFront    *front;           /* accepts connections, holds them to the limits */
  TsShop         *shop;            /* the web storefront: /shop/… and mapped host names */
  TsPayments     *payments;        /* its card payments: the provider, /payments/… */
  guint           port;
  gboolean        https;
  gboolean        fast_unsafe;
};

G_DEFINE_FINAL_TYPE (TsServer, ts_server, G_TYPE_OBJECT)

typedef struct
{
  TsServer          *server;
  SoupServerMessage *msg;
  TsRequest         *request;
  gint64             started_us;
  gulong             disconnected_id;
  gboolean           gone;         /* libsoup dropped the message meanwhile */
} Pending;

static void
ts_server_dispose (GObject *object)
{
  TsServer *self = TS_SERVER (object);

  ts_server_stop (self);
  G_OBJECT_CLASS (ts_server_parent_class)->dispose (object);
}

static void
ts_server_finalize (GObject *object)
{
  TsServer *self = TS_SERVER (object);

  g_clear_pointer (&self->config, ts_server_config_free);
  G_OBJECT_CLASS (ts_server_parent_class)->finalize (object);
}

static void
ts_server_class_init (TsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_server_dispose;
  object_class->finalize = ts_server_finalize;
}

static void
ts_server_init (TsServer *self)
{
}

TsServer *
ts_server_new (TsServerConfig *config)
{
  TsServer *self = g_object_new (TS_TYPE_SERVER, NULL);

  self->config = config;
  return self;
}

/* Database side ------------------------------------------------------------ */

static gboolean
run_request (PGconn   *conn,
             gpointer  data,
             GError  **error)
{
  TsRequest *req = data;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!ts_db_begin (conn, error))
    return FALSE;

  if (!ts_request_resolve_session (req, conn, error))
    return FALSE;

  if (req->route->access == TS_ROUTE_SIGNED_IN && !req->signed_in)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAUTHORIZED,
                   req->token_hash ? "The session has expired or was signed out: sign in again"
                                   : "Sign in first");
      return FALSE;
    }

  /* C4: a Scanner validates tickets at the door and does nothing else */
  if (req->signed_in && req->level == TS_LEVEL_SCANNER && !(req->route->flags & TS_ROUTE_FOR_SCANNER))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_FORBIDDEN, "The Scanner level validates tickets at the door only");
      return FALSE;
    }

  if (!ts_request_apply_context (req, conn, error))
    return FALSE;

  ok = req->route->handler (req, conn, &local_error);
  if (ok || req->commit_on_error)
    {
      g_autoptr(GError) commit_error = NULL;

      if (!ts_db_commit (conn, &commit_error))
        {
          g_propagate_error (error, g_steal_pointer (&commit_error));
          return FALSE;
        }
    }
  else
    ts_pg_exec_simple (conn, "ROLLBACK", NULL);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* HTTP side ----------------------------------------------------------------- */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              char              *text)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  if (text != NULL && status != 204)
    soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                      SOUP_MEMORY_TAKE, text, strlen (text));
  else
    g_free (text);
}

static void
respond_bytes (SoupServerMessage *msg,
               guint              status,
               const char        *content_type,
               GBytes            *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *body)
{
  respond_text (msg, status, body != NULL ? json_to_string (body, FALSE) : NULL);
}

static void
respond_error (SoupServerMessage *msg,
               const GError      *error)
{
  g_autoptr(JsonNode) body = ts_http_error_body (error);

  respond_json (msg, ts_http_error_status (error), body);
}

/* A throttled sign-in (429) says when to come back (C6). */
static void
set_retry_after (SoupServerMessage *msg,
                 guint              seconds)
{
  g_autofree char *text = NULL;

  if (seconds == 0)
    return;
  text = g_strdup_printf ("%u", seconds);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", text);
}

/* The connection ended while the request was in the database (the server
 * stopping, the connection closed under it): libsoup has let the message go,
 * and it must not be answered nor unpaused. */
static void
message_gone (SoupServerMessage *msg,
              Pending           *pending)
{
  pending->gone = TRUE;
}

/* Answers a request whose database work is over (error: its refusal) and
 * lets it go. */
static void
finish_request (Pending      *pending,
                const GError *error)
{
  guint status;

  g_signal_handler_disconnect (pending->msg, pending->disconnected_id);
  if (error != NULL)
    {
      status = ts_http_error_status (error);
      if (!pending->gone)
        {
          respond_error (pending->msg, error);
          set_retry_after (pending->msg, pending->request->retry_after);
        }
      /* An outage is logged once by the pool, not once per request. */
      if (status >= 500 && !g_error_matches (error, TS_ERROR, TS_ERROR_UNAVAILABLE)
          && !g_error_matches (error, TS_ERROR, TS_ERROR_TIMEOUT))
        g_warning ("%s %s: %s", pending->request->method, pending->request->path, error->message);
    }
  else
    {
      status = pending->request->status;
      if (pending->gone)
        ;
      else if (pending->request->response_bytes != NULL)
        respond_bytes (pending->msg, status, pending->request->response_type, pending->request->response_bytes);
      else if (pending->request->response_text != NULL)
        respond_text (pending->msg, status, g_steal_pointer (&pending->request->response_text));
      else
        respond_json (pending->msg, status, pending->request->response);
    }

  if (pending->request->route->flags & TS_ROUTE_CHECKS_PASSWORD)
    {
      g_autofree char *from = ts_request_source (pending->request);

      ts_sign_in_limiter_settle (pending->server->sign_in_limiter, from, status < 400);
    }

  if (pending->server->config->verbose)
    g_message ("%s %s %s → %u (%.1f ms)%s", pending->request->peer ? pending->request->peer : "-",
               pending->request->method, pending->request->path, status,
               (g_get_monotonic_time () - pending->started_us) / 1000.0,
               pending->gone ? ", but the connection had gone" : "");

  if (!pending->gone)
    soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_object_unref (pending->server);
  ts_request_free (pending->request);
  g_free (pending);
}

/* An answer drawn after the commit (ts_request_render_response), in a
 * thread of GTask's: the database's workers are not held by it. */
static void
render_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  TsRequest *request = data;
  GError *error = NULL;
  GBytes *bytes = request->render (request->render_data, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes != NULL)
    pending->request->response_bytes = bytes;
  finish_request (pending, error);
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (ts_db_run_finish (TS_DB (source), result, &error) && pending->request->render != NULL && !pending->gone)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, render_done, pending);

      g_task_set_task_data (task, pending->request, NULL);
      g_task_run_in_thread (task, render_in_thread);
      return;
    }
  finish_request (pending, error);
}

/* The body limit of a route: its own when it takes uploads, else the server's. */
static guint
body_limit_kb (TsServer      *self,
               const TsRoute *route)
{
  if (route != NULL && route->max_body_kb > 0)
    return MAX (route->max_body_kb, self->config->max_body_kb);
  return self->config->max_body_kb;
}

static char *
bearer_token_hash (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return NULL;
  auth += 7;
  while (*auth == ' ')
    auth++;
  if (*auth == '\0' || strlen (auth) > 256)
    return NULL;
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, auth, -1);
}

/* A sign-in refusal held back for a moment before it is answered. */
typedef struct
{
  SoupServerMessage *msg;
  gulong             disconnected_id;
  gboolean           gone;
} Refusal;

static gboolean
release_refusal (gpointer data)
{
  Refusal *refusal = data;

  /* libsoup may have let go of the message meanwhile (the client left, the
   * server stops): then there is nothing to unpause. */
  if (!refusal->gone)
    soup_server_message_unpause (refusal->msg);
  return G_SOURCE_REMOVE;
}

static void
refusal_gone (SoupServerMessage *msg,
              gpointer           data)
{
  ((Refusal *) data)->gone = TRUE;
}

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_signal_handler_disconnect (refusal->msg, refusal->disconnected_id);
  g_object_unref (refusal->msg);
  g_free (refusal);
}

/* C6: a password check costs bcrypt, so each address has an allowance of
 * them, asked before the body is even parsed.  FALSE: refused, answered. */
static gboolean
admit_password_check (TsServer          *self,
                      SoupServerMessage *msg,
                      TsRequest         *req)
{
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  guint retry_after = 0;
  Refusal *refusal;

  if (!(req->route->flags & TS_ROUTE_CHECKS_PASSWORD))
    return TRUE;
  /* Beyond what the sign-in pool checks in a second or two, say so at once
   * rather than queue without bound. */
  if (ts_db_get_queued (self->sign_in_db) >= SIGN_IN_QUEUE_PER_CONNECTION * ts_db_get_size (self->sign_in_db))
    {
      error = g_error_new (TS_ERROR, TS_ERROR_UNAVAILABLE,
                           "The server is busy checking other passwords: try again in a moment");
      respond_error (msg, error);
      set_retry_after (msg, 1);
      return FALSE;
    }
  source = ts_request_source (req);
  if (ts_sign_in_limiter_admit (self->sign_in_limiter, source, &retry_after, &error))
    return TRUE;
  respond_error (msg, error);
  set_retry_after (msg, retry_after);
  /* The refusal is answered a second later: a client looping over refused
   * attempts then costs the main loop a few of them a second, not
   * thousands, and a person reading the message loses nothing. */
  refusal = g_new0 (Refusal, 1);
  refusal->msg = g_object_ref (msg);
  refusal->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (refusal_gone), refusal);
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, REFUSAL_DELAY_MS, release_refusal, refusal, refusal_free);
  return FALSE;
}

static void
api_handler (SoupServer        *http,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  TsServer *self = user_data;
  g_autoptr(TsRequest) req = ts_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) route_error = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  gboolean route_found;
  Pending *pending;

  req->method = g_strdup (soup_server_message_get_method (msg));
  req->path = g_strdup (path);
  req->session_hours = self->config->session_hours;
  req->bcrypt_cost = self->config->bcrypt_cost;
  req->report_timeout = self->config->report_timeout;
  req->peer = ts_proxy_trust_client_address (self->proxy_trust, msg);

  if (!g_str_has_prefix (path, API_PREFIX "/"))
    {
      g_autofree char *quoted = ts_validate_quote (path);

      g_set_error (&error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such API endpoint: %s", quoted);
      respond_error (msg, error);
      return;
    }

  route_found = ts_router_match (req->method, path + strlen (API_PREFIX), req, &route_error) != NULL;
  /* throttled sign-ins are refused before anything is parsed or hashed */
  if (route_found && !admit_password_check (self, msg, req))
    return;

  if (body->length > (goffset) body_limit_kb (self, req->route) * 1024)
    {
      g_set_error (&error, TS_ERROR, TS_ERROR_TOO_LARGE,
                   "The request body is larger than %u KiB", body_limit_kb (self, req->route));
      respond_error (msg, error);
      return;
    }
  /* Every body goes through the one strict reader, on every path, before
   * anything else looks at it: json-glib's parser recurses without bound
   * and accepts more than JSON. */
  if (body->length > 0)
    {
      req->body = ts_json_reader_parse ("body", body->data, body->length, &error);
      if (req->body == NULL)
        {
          respond_error (msg, error);
          return;
        }
    }

  if (!route_found)
    {
      respond_error (msg, route_error);
      if (route_error->code == TS_ERROR_INVALID)
        soup_server_message_set_status (msg, 405, NULL);
      return;
    }
  if (req->route->body == TS_ROUTE_NO_BODY && req->body != NULL)
    {
      /* {} is what many clients send for "nothing"; anything more is a
       * mistake the client should hear about */
      if (!JSON_NODE_HOLDS_OBJECT (req->body) || json_object_get_size (json_node_get_object (req->body)) > 0)
        {
          g_set_error (&error, TS_ERROR, TS_ERROR_INVALID,
                       "body: %s " API_PREFIX "%s takes no body (send none, or {})",
                       req->method, req->route->pattern);
          respond_error (msg, error);
          return;
        }
      g_clear_pointer (&req->body, json_node_unref);
    }

  if (!ts_request_take_query (req, query, &error))
    {
      respond_error (msg, error);
      return;
    }
  req->token_hash = bearer_token_hash (msg);

  pending = g_new0 (Pending, 1);
  pending->server = g_object_ref (self);
  pending->msg = g_object_ref (msg);
  pending->request = g_steal_pointer (&req);
  pending->started_us = g_get_monotonic_time ();

  soup_server_message_pause (msg);
  pending->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (message_gone), pending);
  /* bcrypt never occupies the pool that serves everyone else (C6) */
  ts_db_run_async ((pending->request->route->flags & TS_ROUTE_CHECKS_PASSWORD) ? self->sign_in_db : self->db,
                   run_request, pending->request, NULL, request_done, pending);
}

/* The largest body a message may have, asked by the connection once its
 * headers are read; reading stops there (413), chunked or not. */
static goffset
message_body_limit (SoupServerMessage *msg,
                    gpointer           user_data)
{
  TsServer *self = user_data;
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autoptr(TsRequest) probe = ts_request_new ();
  const TsRoute *route = g_str_has_prefix (path, API_PREFIX "/")
                         ? ts_router_match (soup_server_message_get_method (msg), path + strlen (API_PREFIX), probe, NULL)
                         : NULL;

  /* the storefront's forms are small (docs/security.md); a mapped host's
   * are refused by the storefront itself */
  if (g_str_has_prefix (path, "/shop/") || g_str_has_prefix (path, "/payments/"))
    return MIN ((goffset) TS_SHOP_MAX_FORM_BYTES, (goffset) body_limit_kb (self, NULL) * 1024);
  return (goffset) body_limit_kb (self, route) * 1024;
}

static void
not_found_handler (SoupServer        *http,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  g_autoptr(GError) error = g_error_new (TS_ERROR, TS_ERROR_NOT_FOUND,
                                         "Nothing here: the API lives under " API_PREFIX);
  respond_error (msg, error);
}

/* Outside the API: a storefront's page when the Host is its web_host (F3),
 * else not_found_handler. */
static void
default_handler (SoupServer        *http,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  TsServer *self = user_data;

  ts_shop_handle_host (self->shop, msg, path, query);
}

/* Start-up ------------------------------------------------------------------ */

/* P7: refuse to serve through a role that could bypass row-level security. */
static gboolean
check_app_role (PGconn   *conn,
                gpointer  data,
                GError  **error)
{
  g_autoptr(PGresult) result = ts_pg_exec (conn,
      "SELECT r.rolname, r.rolsuper, r.rolbypassrls,"
      "       (SELECT count (*) FROM pg_class c"
      "         WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace)"
      "  FROM pg_roles r WHERE r.rolname = current_user",
      0, NULL, error);

  if (result == NULL)
    return FALSE;
  if (g_str_equal (ts_pg_value (result, 0, 1), "t")
      || g_str_equal (ts_pg_value (result, 0, 2), "t")
      || !g_str_equal (ts_pg_value (result, 0, 3), "0"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "The server must connect as a role that owns no tables and has neither "
                   "SUPERUSER nor BYPASSRLS; “%s” does not qualify. Connect as "  /* P7 */
                   "tessera_app (see README.md).", ts_pg_value (result, 0, 0));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_demo_data (PGconn   *conn,
                gpointer  data,
                GError  **error)
{
  TsServer *self = data;

  return ts_demo_data_load (conn, self->config->bcrypt_cost, error);
}

static gboolean
start_database (TsServer  *self,
                GError   **error)
{
  g_autofree char *owner_conninfo = NULL;
  g_autofree char *app_conninfo = NULL;
  g_autoptr(PGconn) owner = NULL;
  guint applied = 0;

  if (self->config->database == NULL)
    {
      self->cluster = ts_pg_cluster_new (self->config->data_dir, self->config->pg_bindir,
                                         self->config->pg_user);
      ts_pg_cluster_set_durable (self->cluster, !self->fast_unsafe);
      ts_pg_cluster_set_wal_archive_dir (self->cluster, self->config->wal_archive_dir);
      if (!ts_pg_cluster_start (self->cluster, error))
        return FALSE;
      if (ts_pg_cluster_is_owned (self->cluster))
        self->supervisor = ts_pg_supervisor_new (self->cluster, 1000);
      owner_conninfo = ts_pg_cluster_dup_conninfo (self->cluster, TS_PG_OWNER, TS_PG_DATABASE);
      app_conninfo = ts_pg_cluster_dup_conninfo (self->cluster, TS_PG_APP, TS_PG_DATABASE);
    }
  else
    {
      app_conninfo = g_strdup (self->config->database);
      owner_conninfo = g_strdup (self->config->owner_database ? self->config->owner_database
                                                              : self->config->database);
    }

  /* With a connect timeout: an unreachable database fails the start, it
   * does not hang it. */
  owner = ts_db_connect (owner_conninfo, error);
  if (owner == NULL)
    {
      g_prefix_error (error, "As the owner role, which applies the migrations: ");
      return FALSE;
    }
  if (!ts_migrations_apply (owner, &applied, error))
    return FALSE;

  self->db = ts_db_new (app_conninfo, self->config->pool_size, error);
  if (self->db == NULL)
    return FALSE;
  if (!ts_db_run_sync (self->db, check_app_role, NULL, error))
    return FALSE;
  if (self->config->demo_data && !ts_db_run_sync (self->db, load_demo_data, self, error))
    return FALSE;
  if (self->config->demo_season && !ts_demo_season_load (self->db, error))
    return FALSE;
  /* The history needs the owner role; with one connection string for both
   * roles (an external database) it is left out. */
  if (self->config->demo_season && (self->config->database == NULL || self->config->owner_database != NULL)
      && !ts_demo_history_load (owner, error))
    return FALSE;
  g_clear_pointer (&owner, PQfinish);
  self->sign_in_db = ts_db_new (app_conninfo, self->config->sign_in_pool_size, error);
  if (self->sign_in_db == NULL)
    return FALSE;
  self->sign_in_limiter = ts_sign_in_limiter_new (self->sign_in_db, self->config->sign_in_burst,
                                                  self->config->sign_in_per_minute);
  self->live = ts_live_new (app_conninfo, self->db, self->config->verbose);
  ts_live_set_proxy_trust (self->live, self->proxy_trust);
  self->sweeper = ts_cart_sweeper_new (self->db, 60);
  self->mail = ts_mail_queue_new (app_conninfo,
                                  &(TsSmtpSettings) { self->config->smtp_host, self->config->smtp_port,
                                                      self->config->smtp_user, self->config->smtp_password,
                                                      self->config->smtp_starttls, self->config->mail_from, 30,
                                                      self->config->smtp_ca_file },
                                  self->config->mail_retry_seconds);
  ts_mail_queue_start (self->mail);
  return TRUE;
}

static gboolean
start_http (TsServer  *self,
            GError   **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = NULL;
  gboolean browsers_https;

  if (self->config->tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (self->config->tls_certificate,
                                                      self->config->tls_key, error);
      if (certificate == NULL)
        return FALSE;
      self->https = TRUE;
    }

  /* TLS is done by the front, which owns the sockets (ts-http-front.h) */
  self->http = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "tessera/" TS_VERSION " ",
                             NULL);
  ts_live_attach (self->live, self->http, API_PREFIX "/live");
  soup_server_add_handler (self->http, API_PREFIX, api_handler, self, NULL);
  /* behind a TLS proxy the browsers speak HTTPS to it: the storefront's
   * cookies are Secure and its origin https://, as when it does TLS itself */
  browsers_https = self->https || self->config->behind_tls_proxy;
  self->shop = ts_shop_new (self->db, browsers_https, self->config->verbose);
  ts_shop_account_set_bcrypt_cost (self->config->bcrypt_cost);   /* patrons' passwords (F6) */
  ts_shop_set_config (self->shop, self->config);
  ts_shop_set_proxy_trust (self->shop, self->proxy_trust);
  ts_shop_attach (self->shop, self->http, not_found_handler, self);
  /* S4: the test provider only where it was asked for, or in the demo */
  self->payments = ts_payments_new (self->db, self->config->payment_provider != NULL ? self->config->payment_provider
                                              : self->config->demo_data ? "test" : NULL,
                                    self->config->payment_secret, browsers_https, error);
  if (self->payments == NULL)
    return FALSE;
  ts_payments_set_default (self->payments);
  ts_payments_attach (self->payments, self->http);
  soup_server_add_handler (self->http, NULL, default_handler, self, NULL);
  self->front = ts_http_front_new (self->http, self->config, certificate, message_body_limit, self);

  address = g_inet_address_new_from_string (self->config->listen_address);
  if (address == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "listen: “%s” is not an IP address", self->config->listen_address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, self->config->port);
  /* Our own socket, for a listen backlog that survives an on-sale rush: the
   * default of 10 drops (and then resets) connections when a few dozen
   * agents submit at the same moment. */
  listener = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, socket_address, TRUE, error)
      || !g_socket_listen (listener, error)
      || !ts_http_front_listen (self->front, listener, error))
    return FALSE;

  bound = g_socket_get_local_address (listener, error);
  if (bound == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

gboolean
ts_server_start (TsServer  *self,
                 GError   **error)
{
  g_return_val_if_fail (TS_IS_SERVER (self), FALSE);

  if (!ts_server_config_validate (self->config, error))
    return FALSE;
  self->proxy_trust = ts_proxy_trust_new (self->config->trusted_proxies, error);
  if (self->proxy_trust == NULL)
    return FALSE;
  if (self->config->behind_tls_proxy && !ts_server_config_is_loopback (self->config->listen_address)
      && (self->config->trusted_proxies == NULL || *self->config->trusted_proxies == '\0'))
    g_message ("behind-tls-proxy without trusted-proxies: every request comes from the proxy's address, so all "
               "clients share one sign-in allowance and are familiar to the lock-out rule; name the proxy in "
               "trusted-proxies (docs/deployment.md, section 4.2)");
  if (!start_database (self, error) || !start_http (self, error))
    {
      ts_server_stop (self);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GTask *task;          /* NULL once answered */
  guint  timeout_id;
} Drain;

static void
drained (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Drain *drain = user_data;

  ts_http_front_drain_finish (TS_HTTP_FRONT (source), result, NULL);
  if (drain->task != NULL)
    {
      g_source_remove (drain->timeout_id);
      g_task_return_boolean (drain->task, TRUE);
      g_clear_object (&drain->task);
    }
  g_free (drain);
}

static gboolean
drain_timed_out (gpointer user_data)
{
  Drain *drain = user_data;
  TsServer *self = g_task_get_source_object (drain->task);

  drain->timeout_id = 0;
  g_message ("Stopping: %u connections still busy after %u s; closing them",
             ts_server_get_n_connections (self), self->config->shutdown_timeout);
  g_task_return_boolean (drain->task, FALSE);
  g_clear_object (&drain->task);
  return G_SOURCE_REMOVE;
}

void
ts_server_drain_async (TsServer            *self,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Drain *drain;

  g_return_if_fail (TS_IS_SERVER (self));

  task = g_task_new (self, NULL, callback, user_data);
  if (self->front == NULL || ts_http_front_is_draining (self->front))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  drain = g_new0 (Drain, 1);
  drain->task = g_steal_pointer (&task);
  drain->timeout_id = g_timeout_add_seconds (self->config->shutdown_timeout, drain_timed_out, drain);
  ts_http_front_drain_async (self->front, NULL, drained, drain);
}

gboolean
ts_server_drain_finish (TsServer      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ts_server_stop (TsServer *self)
{
  g_return_if_fail (TS_IS_SERVER (self));

  /* First, so that the cluster stopped below is not started again. */
  if (self->supervisor != NULL)
    ts_pg_supervisor_stop (self->supervisor);
  g_clear_object (&self->supervisor);
  if (self->sweeper != NULL)
    ts_cart_sweeper_stop (self->sweeper);
  g_clear_object (&self->sweeper);
  if (self->mail != NULL)
    ts_mail_queue_stop (self->mail);   /* before the database it uses stops */
  g_clear_object (&self->mail);
  /* WebSockets are stolen from the HTTP server: close them ourselves. */
  if (self->live != NULL)
    ts_live_stop (self->live);
  g_clear_object (&self->live);
  if (self->shop != NULL)
    ts_shop_stop (self->shop);
  if (self->payments != NULL)
    ts_payments_stop (self->payments);
  if (self->front != NULL)
    ts_http_front_stop (self->front);
  g_clear_object (&self->front);
  if (self->http != NULL)
    soup_server_disconnect (self->http);
  g_clear_object (&self->http);
  g_clear_object (&self->shop);
  if (self->payments != NULL)
    ts_payments_set_default (NULL);
  g_clear_object (&self->payments);
  if (self->sign_in_limiter != NULL)
    ts_sign_in_limiter_stop (self->sign_in_limiter);   /* audits the last refusals */
  g_clear_object (&self->sign_in_limiter);
  g_clear_object (&self->proxy_trust);
  /* Closed, not only released: a job still queued (a live check, say) must
   * not run once the database is stopped below. */
  if (self->sign_in_db != NULL)
    ts_db_close (self->sign_in_db);
  g_clear_object (&self->sign_in_db);
  if (self->db != NULL)
    ts_db_close (self->db);            /* waits for running requests' database work */
  g_clear_object (&self->db);
  if (self->cluster != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ts_pg_cluster_stop (self->cluster, &error))
        g_warning ("Stopping the embedded PostgreSQL: %s", error->message);
    }
  g_clear_object (&self->cluster);
}

guint
ts_server_get_port (TsServer *self)
{
  return self->port;
}

char *
ts_server_dup_base_url (TsServer *self)
{
  const char *host = self->config->listen_address;

  if (g_str_equal (host, "0.0.0.0"))
    host = "127.0.0.1";
  else if (g_str_equal (host, "::"))
    host = "[::1]";
  return g_strdup_printf ("%s://%s:%u", self->https ? "https" : "http", host, self->port);
}

TsDb *
ts_server_get_db (TsServer *self)
{
  return self->db;
}

TsLive *
ts_server_get_live (TsServer *self)
{
  return self->live;
}

TsMailQueue *
ts_server_get_mail_queue (TsServer *self)
{
  g_return_val_if_fail (TS_IS_SERVER (self), NULL);
  return self->mail;
}

TsCartSweeper *
ts_server_get_cart_sweeper (TsServer *self)
{
  return self->sweeper;
}

TsSignInLimiter *
ts_server_get_sign_in_limiter (TsServer *self)
{
  return self->sign_in_limiter;
}

TsServerConfig *
ts_server_get_config (TsServer *self)
{
  return self->config;
}

guint
ts_server_get_n_connections (TsServer *self)
{
  g_return_val_if_fail (TS_IS_SERVER (self), 0);

  return self->front != NULL ? ts_http_front_get_n_connections (self->front) : 0;
}

void
ts_server_set_durable (TsServer *self,
                       gboolean  durable)
{
  g_return_if_fail (TS_IS_SERVER (self));
  self->fast_unsafe = !durable;
}
