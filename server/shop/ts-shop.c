/* ts-shop.c — the web storefront's request flow (docs/architecture.md, "The
 * web storefront"): libsoup calls handle on the main thread; it parses the
 * path, the cookies, the language and the form, checks CSRF on a POST, and
 * pauses the message; a database worker resolves the storefront and the
 * visitor, sets the context (channel internet, P7) and runs the page's step;
 * a step may ask for work in a thread and another step after its commit
 * (ts_shop_request_then); the answer carries the security headers. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-catalog.h"
#include "ts-error.h"
#include "ts-http-error.h"
#include "ts-pg.h"
#include "ts-shop.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"
#include "ts-shop-session.h"
#include "ts-shop-static.h"
#include "ts-shop-waiting-room.h"

#define SHOP_PREFIX "/shop"
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
#define ONE_YEAR_S (365 * 24 * 3600)

struct _TsShop
{
  GObject             parent_instance;

  TsDb               *db;
  const TsServerConfig *config;    /* shop-active-limit, read at each request */
  TsProxyTrust       *proxy_trust;  /* whose X-Forwarded-For names the visitor */
  gboolean            https;
  gboolean            verbose;
  gboolean            stopped;
  SoupServer         *http;
  SoupServerCallback  fallback;
  gpointer            fallback_data;
};

G_DEFINE_FINAL_TYPE (TsShop, ts_shop, G_TYPE_OBJECT)

typedef enum
{
  KIND_PAGE,        /* a page of one storefront */
  KIND_INDEX,       /* /shop/: the list of storefronts */
} Kind;

typedef struct
{
  TsShop            *shop;
  SoupServerMessage *msg;
  TsShopRequest     *req;
  Kind               kind;
  const TsShopPage  *page;
  gboolean           mapped;       /* reached through a mapped host name */
  gboolean           no_storefront; /* the worker found none: 404 (or the fallback) */
  gboolean           first_step_done;
  char              *soup_path;    /* as libsoup gave it, for the fallback */
  GHashTable        *soup_query;
  gint64             started_us;
  gulong             disconnected_id;
  gboolean           gone;
} Pending;

static void run_next (Pending *pending);

static void
pending_free (Pending *pending)
{
  g_signal_handler_disconnect (pending->msg, pending->disconnected_id);
  g_object_unref (pending->msg);
  g_object_unref (pending->shop);
  ts_shop_request_free (pending->req);
  g_free (pending->soup_path);
  g_clear_pointer (&pending->soup_query, g_hash_table_unref);
  g_free (pending);
}

/* Cookies ------------------------------------------------------------------- */

/* The value of cookie name in the request, or NULL. */
static char *
request_cookie (SoupServerMessage *msg,
                const char        *name)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto(GStrv) parts = NULL;
  guint i;

  if (header == NULL)
    return NULL;
  parts = g_strsplit (header, ";", -1);
  for (i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      const char *eq = strchr (part, '=');

      if (eq != NULL && (gsize) (eq - part) == strlen (name) && strncmp (part, name, eq - part) == 0
          && eq[1] != '\0' && strlen (eq + 1) <= 200)
        return g_strdup (eq + 1);
    }
  return NULL;
}

/* Language ------------------------------------------------------------------ */

static const char *
pick_language (SoupServerMessage *msg)
{
  g_autofree char *cookie = request_cookie (msg, TS_SHOP_LANG_COOKIE);
  const char *accept;

  if (g_strcmp0 (cookie, "fr") == 0)
    return "fr";
  if (g_strcmp0 (cookie, "en") == 0)
    return "en";
  accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Accept-Language");
  if (accept != NULL)
    {
      /* the first language named wins: fr, fr-CA, fr-FR… */
      while (*accept == ' ')
        accept++;
      if (g_ascii_strncasecmp (accept, "fr", 2) == 0 && (accept[2] == '\0' || strchr ("-;, ", accept[2]) != NULL))
        return "fr";
    }
  return "en";
}

/* Answers -------------------------------------------------------------------- */

static void
error_page (TsShopRequest *req,
            const GError  *error)
{
  guint status = ts_http_error_status (error);
  const char *title, *message;
  g_autofree char *detail = NULL;

  req->status = status;
  switch (status)
    {
    case 404:
      title = N_("Page not found");
      message = N_("There is nothing at this address.");
      /* P4: the same page whatever the storefront, so an unknown and a
       * hidden one answer alike */
      g_clear_pointer (&req->outlet.name, g_free);
      req->outlet.id = 0;
      g_clear_pointer (&req->code, g_free);
      break;
    case 403:
      title = N_("Not allowed");
      message = N_("This form has expired or did not come from this site. Go back, reload the page and try again.");
      break;
    case 400: case 409: case 422:
      title = N_("This could not be done");
      message = N_("Nothing was changed.");
      /* our refusals say what was wrong (in English) */
      if (error->domain == TS_ERROR)
        detail = g_strdup (error->message);
      break;
    case 503:
      title = N_("Busy");
      message = N_("The box office is busy. Try again in a moment.");
      break;
    default:
      title = N_("Something went wrong");
      message = N_("Something went wrong on our side. Try again in a moment.");
      break;
    }
  {
    TsHtml *h = ts_html_new ();

    ts_shop_page_begin (req, h, ts_shop_tr (req, title));
    ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, message));
    if (detail != NULL)
      ts_html_printf (h, "<p class=\"detail\" lang=\"en\">%s</p>\n", detail);
    if (req->outlet.id > 0)
      {
        g_autofree char *home = ts_shop_url (req, "/");

        ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", home, ts_shop_tr (req, N_("See the performances")));
      }
    else
      ts_html_printf (h, "<p><a href=\"/shop/\">%s</a></p>\n", ts_shop_tr (req, N_("Our box offices")));
    ts_shop_page_end (req, h);
    ts_shop_respond_html (req, h);
  }
}

static void
set_security_headers (SoupMessageHeaders *headers)
{
  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "same-origin");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
}

/* Puts req's answer on the message. */
static void
respond (SoupServerMessage *msg,
         TsShopRequest     *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint i;

  set_security_headers (headers);
  if (req->max_age > 0)
    {
      g_autofree char *cache = g_strdup_printf ("public, max-age=%u%s", req->max_age,
                                                req->immutable ? ", immutable" : "");

      soup_message_headers_replace (headers, "Cache-Control", cache);
    }
  else
    soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (req->etag != NULL)
    soup_message_headers_replace (headers, "ETag", req->etag);
  soup_message_headers_replace (headers, "Content-Language", g_strcmp0 (req->lang, "fr") == 0 ? "fr-CA" : "en");
  soup_message_headers_replace (headers, "Vary", "Accept-Language, Cookie");
  for (i = 0; i + 1 < req->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (req->headers, i), g_ptr_array_index (req->headers, i + 1));
  for (i = 0; i < req->cookies->len; i++)
    soup_message_headers_append (headers, "Set-Cookie", g_ptr_array_index (req->cookies, i));
  if (req->filename != NULL)
    {
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", req->filename);

      soup_message_headers_replace (headers, "Content-Disposition", disposition);
    }
  if (req->location != NULL)
    {
      soup_message_headers_replace (headers, "Location", req->location);
      soup_server_message_set_status (msg, req->status >= 300 && req->status < 400 ? req->status : 303, NULL);
      return;
    }

  /* a conditional GET of something that has not changed */
  if (req->etag != NULL)
    {
      const char *match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-None-Match");

      if (match != NULL && g_str_equal (match, req->etag) && req->status == 200)
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
    }
  soup_server_message_set_status (msg, req->status, NULL);
  if (req->body != NULL)
    soup_server_message_set_response (msg, req->content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (req->body, NULL), g_bytes_get_size (req->body));
}

/* An answer made at once, without the database (static files, redirects,
 * refusals before any work). */
static void
respond_now (SoupServerMessage *msg,
             TsShopRequest     *req,
             const GError      *error)
{
  if (error != NULL)
    error_page (req, error);
  respond (msg, req);
}

/* The database side ------------------------------------------------------------ */

static gboolean
take_storefront (TsShopRequest *req,
                 JsonNode      *node)
{
  JsonObject *o;
  gboolean fr = g_strcmp0 (req->lang, "fr") == 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  o = json_node_get_object (node);
  req->outlet.id = json_object_get_int_member (o, "id");
  req->outlet.code = g_strdup (json_object_get_string_member (o, "code"));
  req->outlet.name = g_strdup (json_object_get_string_member (o, "name"));
  req->outlet.colour = g_strdup (json_object_get_string_member (o, "colour"));
  req->outlet.intro = g_strdup (json_object_get_string_member (o, fr ? "intro_fr" : "intro_en"));
  req->outlet.has_logo = json_object_get_boolean_member (o, "has_logo");
  req->outlet.cancel_hours = json_object_get_int_member_with_default (o, "cancel_hours", 0);
  req->outlet.currency = g_strdup (json_object_get_string_member (o, "currency"));
  req->outlet.time_zone = g_strdup (json_object_get_string_member (o, "time_zone"));
  return TRUE;
}

/* The list of storefronts, /shop/ (no storefront of its own). */
static gboolean
index_step (TsShopRequest  *req,
            PGconn         *conn,
            GError        **error)
{
  g_autoptr(JsonNode) list = ts_pg_exec_json (conn, "SELECT ts_shop_storefronts ()", 0, NULL, error);
  TsHtml *h;
  JsonArray *array;
  guint i;

  if (list == NULL)
    return FALSE;
  array = json_node_get_array (list);
  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Our box offices")));
  if (json_array_get_length (array) == 0)
    ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("No box office sells online at the moment.")));
  else
    {
      ts_html_raw (h, "<ul class=\"storefronts\">\n");
      for (i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);

          ts_html_printf (h, "<li><a href=\"/shop/%s/\">%s</a></li>\n",
                          json_object_get_string_member (o, "code"), json_object_get_string_member (o, "name"));
        }
      ts_html_raw (h, "</ul>\n");
    }
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

/* The first transaction: who and where, then the page's step. */
static gboolean
first_step (Pending  *pending,
            PGconn   *conn,
            GError  **error)
{
  TsShopRequest *req = pending->req;
  g_autoptr(JsonNode) storefront = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *params[] = { req->code, req->code == NULL ? req->host : NULL };

  if (pending->kind == KIND_INDEX)
    return ts_shop_request_apply_context (req, conn, error) && index_step (req, conn, error);

  storefront = ts_pg_exec_json (conn, "SELECT ts_shop_storefront ($1, $2)", 2, params, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!take_storefront (req, storefront))
    {
      pending->no_storefront = TRUE;
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      return FALSE;
    }
  if (!ts_shop_request_apply_context (req, conn, error)
      || !ts_shop_session_resolve (req, conn, error)
      || !ts_shop_request_apply_context (req, conn, error))
    return FALSE;

  if (pending->page == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      return FALSE;
    }
  if ((pending->page->flags & TS_SHOP_SIGNED_IN) && req->account_id == 0)
    {
      g_autofree char *escaped = g_uri_escape_string (req->path, NULL, FALSE);
      g_autofree char *target = g_strconcat ("/account/sign-in?next=", escaped, NULL);

      ts_shop_redirect (req, target);
      return TRUE;
    }
  /* the on-sale rush (docs/architecture.md, "The on-sale rush") */
  if (pending->shop->config != NULL && pending->shop->config->shop_active_limit > 0
      && ts_shop_waiting_room_guards (req->method, req->path))
    {
      gboolean queued;

      if (!ts_shop_waiting_room_pass (req, conn, pending->shop->config->shop_active_limit, &queued, error))
        return FALSE;
      if (queued)
        return TRUE;
    }
  return pending->page->step (req, conn, error);
}

static gboolean
run_in_worker (PGconn   *conn,
               gpointer  data,
               GError  **error)
{
  Pending *pending = data;
  TsShopRequest *req = pending->req;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!ts_db_begin (conn, error))
    return FALSE;
  if (!pending->first_step_done)
    {
      pending->first_step_done = TRUE;
      ok = first_step (pending, conn, &local_error);
    }
  else
    {
      TsShopStep step = req->step;

      req->step = NULL;
      ok = ts_shop_request_apply_context (req, conn, &local_error) && step (req, conn, &local_error);
    }
  if (ok)
    {
      if (!ts_db_commit (conn, error))
        return FALSE;
      return TRUE;
    }
  ts_pg_exec_simple (conn, "ROLLBACK", NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The main-thread side ----------------------------------------------------------- */

static void
finish (Pending      *pending,
        const GError *error)
{
  TsShopRequest *req = pending->req;
  guint status;

  if (error != NULL && pending->mapped && pending->no_storefront && pending->shop->fallback != NULL)
    {
      /* a host name no storefront has: the server's own "not found" */
      if (!pending->gone)
        {
          pending->shop->fallback (pending->shop->http, pending->msg, pending->soup_path,
                                   pending->soup_query, pending->shop->fallback_data);
          soup_server_message_unpause (pending->msg);
        }
      pending_free (pending);
      return;
    }
  if (error != NULL)
    {
      status = ts_http_error_status (error);
      if (status >= 500 && !g_error_matches (error, TS_ERROR, TS_ERROR_UNAVAILABLE)
          && !g_error_matches (error, TS_ERROR, TS_ERROR_TIMEOUT))
        g_warning ("%s %s: %s", req->method, req->path, error->message);
      /* what a step had answered is not the answer any more, and no
       * cookie of a rolled-back session goes out */
      g_clear_pointer (&req->location, g_free);
      g_ptr_array_set_size (req->cookies, 0);
      g_ptr_array_set_size (req->headers, 0);
      req->max_age = 0;
      g_clear_pointer (&req->etag, g_free);
      g_clear_pointer (&req->filename, g_free);
      error_page (req, error);
    }
  if (pending->shop->verbose)
    g_message ("%s %s %s%s → %u (%.1f ms)", req->peer ? req->peer : "-", req->method,
               req->code != NULL ? req->code : (req->host != NULL ? req->host : ""), req->path,
               req->location != NULL ? 303 : req->status,
               (g_get_monotonic_time () - pending->started_us) / 1000.0);
  if (!pending->gone)
    {
      respond (pending->msg, req);
      soup_server_message_unpause (pending->msg);
    }
  pending_free (pending);
}

static void
worker_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!ts_db_run_finish (TS_DB (source), result, &error))
    {
      finish (pending, error);
      return;
    }
  /* a chain goes on even when the visitor has left: a payment authorised
   * must still become an order (or be voided) */
  if (pending->req->work != NULL || pending->req->step != NULL)
    {
      run_next (pending);
      return;
    }
  finish (pending, NULL);
}

static void
work_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  TsShopRequest *req = data;
  TsShopWork work = req->work;
  GError *error = NULL;

  req->work = NULL;
  if (work (req, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
work_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish (pending, error);
      return;
    }
  if (pending->req->step != NULL)
    {
      run_next (pending);
      return;
    }
  finish (pending, NULL);
}

/* What ts_shop_request_then asked for: the work in a thread, then the step. */
static void
run_next (Pending *pending)
{
  if (pending->req->work != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, work_done, pending);

      g_task_set_task_data (task, pending->req, NULL);
      g_task_run_in_thread (task, work_in_thread);
      return;
    }
  ts_db_run_async (pending->shop->db, run_in_worker, pending, NULL, worker_done, pending);
}

static void
message_gone (SoupServerMessage *msg,
              Pending           *pending)
{
  pending->gone = TRUE;
}

/* Constant time: how long it takes says nothing of where they differ. */
static gboolean
same_secret (const char *a,
             const char *b)
{
  gsize len_a = strlen (a), len_b = strlen (b), i;
  guint diff = len_a != len_b;

  for (i = 0; i < len_a && i < len_b; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];
  return diff == 0;
}

/* CSRF: double submit (the ts_csrf cookie and the csrf field, equal) and,
 * when the browser names one, our own Origin. */
static gboolean
check_csrf (SoupServerMessage  *msg,
            TsShopRequest      *req,
            GError            **error)
{
  const char *origin = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Origin");
  const char *field = ts_shop_form_get (req, "csrf");

  if (origin != NULL && g_strcmp0 (origin, req->origin) != 0)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_FORBIDDEN, "The form came from another site");
      return FALSE;
    }
  if (req->csrf == NULL || field == NULL || !same_secret (req->csrf, field))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_FORBIDDEN, "The form has expired: reload the page");
      return FALSE;
    }
  return TRUE;
}

/* ?lang=fr|en: the cookie, and the same address without it. */
static gboolean
handle_lang (SoupServerMessage *msg,
             TsShopRequest     *req,
             const char        *full_path,
             GHashTable        *query)
{
  const char *lang = query != NULL ? g_hash_table_lookup (query, "lang") : NULL;
  GHashTableIter iter;
  gpointer key, value;
  GString *target;
  gboolean first = TRUE;

  if (lang == NULL)
    return FALSE;
  if (g_str_equal (lang, "fr") || g_str_equal (lang, "en"))
    {
      ts_shop_set_cookie (req, TS_SHOP_LANG_COOKIE, lang, ONE_YEAR_S, FALSE);
      req->lang = g_str_equal (lang, "fr") ? "fr" : "en";
    }
  /* back to this page, never elsewhere: "//evil.example/" would be another
   * site to the browser */
  target = g_string_new (full_path[0] == '/' && full_path[1] != '/' && full_path[1] != '\\' ? full_path : "/");
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *k = NULL, *v = NULL;

      if (g_str_equal (key, "lang"))
        continue;
      k = g_uri_escape_string (key, NULL, TRUE);
      v = g_uri_escape_string (value, NULL, TRUE);
      g_string_append_printf (target, "%s%s=%s", first ? "?" : "&", k, v);
      first = FALSE;
    }
  req->location = g_string_free (target, FALSE);
  req->status = 303;
  respond (msg, req);
  return TRUE;
}

static void
method_not_allowed (SoupServerMessage *msg,
                    TsShopRequest     *req)
{
  g_autoptr(GError) error = g_error_new_literal (TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");

  error_page (req, error);
  req->status = 405;
  respond (msg, req);
}

/* Everything the main thread knows; then the worker.  code: the storefront
 * in the path, or NULL for a mapped host; inner: the path inside it. */
static void
dispatch (TsShop            *self,
          SoupServerMessage *msg,
          TsShopRequest     *req,
          Kind               kind,
          const char        *inner,
          const char        *soup_path,
          GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  const TsShopPage *page = NULL;
  gboolean method_mismatch = FALSE;
  Pending *pending;

  req->path = g_strdup (inner);
  if (!g_str_equal (req->method, "GET") && !g_str_equal (req->method, "HEAD") && !g_str_equal (req->method, "POST"))
    {
      method_not_allowed (msg, req);
      return;
    }
  if (kind == KIND_PAGE)
    {
      page = ts_shop_pages_match (req->method, inner, req, &method_mismatch);
      if (page == NULL && method_mismatch)
        {
          method_not_allowed (msg, req);
          return;
        }
      if (page == NULL && req->code != NULL)
        {
          /* P4: an unknown page answers at once, as an unknown storefront */
          error = g_error_new_literal (TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
          respond_now (msg, req, error);
          return;
        }
    }
  else if (!g_str_equal (req->method, "GET") && !g_str_equal (req->method, "HEAD"))
    {
      method_not_allowed (msg, req);
      return;
    }

  if (g_str_equal (req->method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

      if (body->length > TS_SHOP_MAX_FORM_BYTES)
        error = g_error_new (TS_ERROR, TS_ERROR_TOO_LARGE, "The form is larger than %u KiB",
                             TS_SHOP_MAX_FORM_BYTES / 1024);
      else if (body->length > 0 && g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
        error = g_error_new_literal (TS_ERROR, TS_ERROR_INVALID, "The form could not be read");
      else if (body->length > 0)
        ts_shop_form_parse (req, body->data, body->length, &error);
      if (error == NULL && (page == NULL || !(page->flags & TS_SHOP_NO_CSRF)))
        check_csrf (msg, req, &error);
      if (error != NULL)
        {
          respond_now (msg, req, error);
          return;
        }
    }

  pending = g_new0 (Pending, 1);
  pending->shop = g_object_ref (self);
  pending->msg = g_object_ref (msg);
  pending->req = req;
  pending->kind = kind;
  pending->page = page;
  pending->mapped = req->code == NULL;
  pending->soup_path = g_strdup (soup_path);
  pending->soup_query = query != NULL ? g_hash_table_ref (query) : NULL;
  pending->started_us = g_get_monotonic_time ();
  soup_server_message_pause (msg);
  pending->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (message_gone), pending);
  ts_db_run_async (self->db, run_in_worker, pending, NULL, worker_done, pending);
}

/* What every request starts with: method, host, origin, cookies, language,
 * query. */
static TsShopRequest *
request_from (TsShop            *self,
              SoupServerMessage *msg,
              GHashTable        *query,
              GError           **error)
{
  TsShopRequest *req = ts_shop_request_new ();
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *host = soup_message_headers_get_one (headers, "Host");
  GHashTableIter iter;
  gpointer key, value;

  req->method = g_strdup (soup_server_message_get_method (msg));
  req->https = self->https;
  if (host == NULL || *host == '\0')
    {
      GUri *uri = soup_server_message_get_uri (msg);

      host = g_uri_get_host (uri);
    }
  if (host != NULL && ts_shop_is_text (host) && strlen (host) < 300)
    {
      const char *colon = host[0] == '[' ? strstr (host, "]:") : strrchr (host, ':');

      req->host = g_ascii_strdown (host, colon != NULL ? (colon - host) + (host[0] == '[' ? 1 : 0) : -1);
      req->origin = g_strconcat (self->https ? "https://" : "http://", host, NULL);
    }
  req->peer = ts_proxy_trust_client_address (self->proxy_trust, msg);
  req->lang = pick_language (msg);
  req->csrf = request_cookie (msg, TS_SHOP_CSRF_COOKIE);
  {
    g_autofree char *token = request_cookie (msg, TS_SHOP_SESSION_COOKIE);

    if (token != NULL)
      req->session_token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  }
  {
    g_autofree char *place = request_cookie (msg, TS_SHOP_QUEUE_COOKIE);

    if (place != NULL)
      req->queue_token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, place, -1);
  }
  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!ts_shop_is_text (key) || !ts_shop_is_text (value))
            {
              g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "The address could not be read");
              return req;
            }
          g_hash_table_replace (req->query, g_strdup (key), g_strdup (value));
        }
    }
  return req;
}

static gboolean
is_outlet_code (const char *code)
{
  gsize len = strlen (code), i;

  if (len < 2 || len > 10)
    return FALSE;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]))
      return FALSE;
  return TRUE;
}

static void
shop_handler (SoupServer        *http,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  TsShop *self = user_data;
  g_autoptr(GError) error = NULL;
  TsShopRequest *req = request_from (self, msg, query, &error);
  const char *rest;
  const char *slash;
  g_autofree char *code = NULL;

  if (error != NULL)
    {
      respond_now (msg, req, error);
      ts_shop_request_free (req);
      return;
    }
  if (handle_lang (msg, req, path, query))
    {
      ts_shop_request_free (req);
      return;
    }
  if (g_str_equal (path, SHOP_PREFIX))
    {
      req->location = g_strdup (SHOP_PREFIX "/");
      req->status = 308;
      respond (msg, req);
      ts_shop_request_free (req);
      return;
    }
  rest = path + strlen (SHOP_PREFIX "/");
  if (*rest == '\0')
    {
      req->code = NULL;
      dispatch (self, msg, req, KIND_INDEX, "/", path, query);
      return;
    }
  if (g_str_has_prefix (rest, "static/"))
    {
      req->path = g_strdup (path);
      if (!g_str_equal (req->method, "GET") && !g_str_equal (req->method, "HEAD"))
        method_not_allowed (msg, req);
      else if (!ts_shop_static_respond (req, rest + strlen ("static/")))
        {
          error = g_error_new_literal (TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
          respond_now (msg, req, error);
        }
      else
        respond (msg, req);
      ts_shop_request_free (req);
      return;
    }
  slash = strchr (rest, '/');
  code = g_strndup (rest, slash != NULL ? (gsize) (slash - rest) : strlen (rest));
  if (!is_outlet_code (code))
    {
      error = g_error_new_literal (TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      respond_now (msg, req, error);
      ts_shop_request_free (req);
      return;
    }
  {
    g_autofree char *upper = g_ascii_strup (code, -1);

    /* the code is case-insensitive; its address is upper case (and a
     * storefront's home page ends with its slash) */
    if (!g_str_equal (upper, code) || slash == NULL)
      {
        g_autofree char *target = g_strconcat (SHOP_PREFIX "/", upper, slash != NULL ? slash : "/", NULL);
        const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));

        req->location = raw != NULL ? g_strconcat (target, "?", raw, NULL) : g_strdup (target);
        req->status = 308;
        respond (msg, req);
        ts_shop_request_free (req);
        return;
      }
  }
  req->code = g_steal_pointer (&code);
  dispatch (self, msg, req, KIND_PAGE, slash, path, query);
}

/* GObject ------------------------------------------------------------------------ */

static void
ts_shop_dispose (GObject *object)
{
  TsShop *self = TS_SHOP (object);

  g_clear_object (&self->db);
  g_clear_object (&self->proxy_trust);
  G_OBJECT_CLASS (ts_shop_parent_class)->dispose (object);
}

static void
ts_shop_class_init (TsShopClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_shop_dispose;
}

static void
ts_shop_init (TsShop *self)
{
}

/* Public ------------------------------------------------------------------------- */

TsShop *
ts_shop_new (TsDb     *db,
             gboolean  https,
             gboolean  verbose)
{
  TsShop *self = g_object_new (TS_TYPE_SHOP, NULL);

  self->db = g_object_ref (db);
  self->https = https;
  self->verbose = verbose;
  /* read now: a missing French catalogue is said once, at start, not at
   * the first French visitor's page */
  (void) ts_catalog_get ("fr");
  return self;
}

void
ts_shop_set_proxy_trust (TsShop       *self,
                         TsProxyTrust *trust)
{
  g_set_object (&self->proxy_trust, trust);
}

void
ts_shop_set_config (TsShop               *self,
                    const TsServerConfig *config)
{
  self->config = config;
}

void
ts_shop_attach (TsShop             *self,
                SoupServer         *http,
                SoupServerCallback  fallback,
                gpointer            fallback_data)
{
  self->http = http;
  self->fallback = fallback;
  self->fallback_data = fallback_data;
  soup_server_add_handler (http, SHOP_PREFIX, shop_handler, self, NULL);
}

/* A host name that could be a storefront's: not an address, not localhost. */
static gboolean
could_be_mapped (const char *host)
{
  if (host == NULL || *host == '\0' || g_str_equal (host, "localhost") || host[0] == '[')
    return FALSE;
  return !g_hostname_is_ip_address (host);
}

void
ts_shop_handle_host (TsShop            *self,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  TsShopRequest *req = request_from (self, msg, query, &error);

  if (self->stopped || error != NULL || !could_be_mapped (req->host))
    {
      ts_shop_request_free (req);
      self->fallback (self->http, msg, path, query, self->fallback_data);
      return;
    }
  if (handle_lang (msg, req, path, query))
    {
      ts_shop_request_free (req);
      return;
    }
  dispatch (self, msg, req, KIND_PAGE, path, path, query);
}

void
ts_shop_stop (TsShop *self)
{
  self->stopped = TRUE;
}
