/* ts-test-visitor.c — a storefront visitor for tests: its own cookies and language, requests as a browser's navigations */
#include <string.h>

#include "ts-test-client.h"
#include "ts-test-visitor.h"

struct _TsTestVisitor
{
  SoupSession   *session;
  SoupCookieJar *jar;
  char          *base;              /* what paths follow */
  char          *origin;            /* scheme://host:port of base */
  GUri          *site;              /* for SameSite cookies */
  char          *accept_language;
  char          *csrf;              /* the CSRF field of the last page that had one */
};

static TsTestVisitor *
visitor_new (SoupSession   *session,
             SoupCookieJar *jar,
             const char    *base_url)
{
  TsTestVisitor *self = g_new0 (TsTestVisitor, 1);
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  self->session = session;
  self->jar = jar;
  self->base = g_strdup (base_url);
  self->origin = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                             "", NULL, NULL);
  self->site = g_uri_parse (self->origin, G_URI_FLAGS_NONE, NULL);
  return self;
}

TsTestVisitor *
ts_test_visitor_new_at (const char *base_url)
{
  SoupSession *session = soup_session_new_with_options ("timeout", 60, NULL);
  SoupCookieJar *jar = soup_cookie_jar_new ();

  soup_session_add_feature (session, SOUP_SESSION_FEATURE (jar));
  return visitor_new (session, jar, base_url);
}

TsTestVisitor *
ts_test_visitor_new (TsTestServer *server)
{
  return ts_test_visitor_new_at (ts_test_server_get_url (server));
}

TsTestVisitor *
ts_test_visitor_new_sharing (TsTestVisitor *other,
                             const char    *base_url)
{
  return visitor_new (g_object_ref (other->session), g_object_ref (other->jar), base_url);
}

void
ts_test_visitor_free (TsTestVisitor *self)
{
  g_object_unref (self->jar);
  g_object_unref (self->session);
  g_free (self->base);
  g_free (self->origin);
  g_uri_unref (self->site);
  g_free (self->accept_language);
  g_free (self->csrf);
  g_free (self);
}

void
ts_test_visitor_set_language (TsTestVisitor *self,
                              const char    *accept_language)
{
  g_free (self->accept_language);
  self->accept_language = g_strdup (accept_language);
}

/* A message as a browser's top-level navigation sends it. */
static SoupMessage *
message_new (TsTestVisitor *self,
             const char    *method,
             const char    *path,
             const char    *body,
             const char    *body_type)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (self->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_site_for_cookies (msg, self->site);
  soup_message_set_is_top_level_navigation (msg, TRUE);
  if (self->accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", self->accept_language);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, body_type != NULL ? body_type : "application/x-www-form-urlencoded",
                                                bytes);
    }
  return msg;
}

/* The answer to a sent message (body: what came, taken); remembers its
 * CSRF field. */
static TsTestPage *
page_new (TsTestVisitor *self,
          SoupMessage   *msg,
          GBytes        *body)
{
  TsTestPage *page = g_new0 (TsTestPage, 1);
  g_autofree char *csrf = NULL;

  page->status = soup_message_get_status (msg);
  page->size = g_bytes_get_size (body);
  page->body = g_malloc (page->size + 1);
  if (page->size > 0)
    memcpy (page->body, g_bytes_get_data (body, NULL), page->size);
  page->body[page->size] = '\0';
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  page->origin = g_strdup (self->origin);
  g_bytes_unref (body);
  csrf = ts_test_page_find_field (page, "csrf");
  if (csrf != NULL)
    {
      g_free (self->csrf);
      self->csrf = g_steal_pointer (&csrf);
    }
  return page;
}

static TsTestPage *
send_message (TsTestVisitor *self,
              SoupMessage   *msg)
{
  return page_new (self, msg, ts_test_send (self->session, msg));
}

TsTestPage *
ts_test_visitor_send (TsTestVisitor *self,
                      const char    *method,
                      const char    *path,
                      const char    *body,
                      const char    *body_type,
                      ...)
{
  g_autoptr(SoupMessage) msg = message_new (self, method, path, body, body_type);
  va_list args;
  const char *name;

  va_start (args, body_type);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
    }
  va_end (args);
  return send_message (self, msg);
}

TsTestPage *
ts_test_visitor_visit (TsTestVisitor *self,
                       const char    *method,
                       const char    *path,
                       const char    *form)
{
  g_autoptr(SoupMessage) msg = message_new (self, method, path, form, NULL);

  return send_message (self, msg);
}

TsTestPage *
ts_test_visitor_expect (TsTestVisitor *self,
                        const char    *method,
                        const char    *path,
                        const char    *form,
                        guint          status)
{
  TsTestPage *page = ts_test_visitor_visit (self, method, path, form);

  if (page->status != status)
    g_error ("%s %s: %u, not %u:\n%s", method, path, page->status, status, page->body);
  return page;
}

TsTestPage *
ts_test_visitor_get (TsTestVisitor *self,
                     const char    *path,
                     guint          status)
{
  return ts_test_visitor_expect (self, "GET", path, NULL, status);
}

TsTestPage *
ts_test_visitor_submit (TsTestVisitor *self,
                        TsTestPage    *page,
                        const char    *action_path,
                        guint          status,
                        ...)
{
  g_autofree char *csrf = ts_test_page_field (page, "csrf");
  g_autoptr(GString) form = g_string_new (NULL);
  va_list args;
  const char *name;

  g_string_append_printf (form, "csrf=%s", csrf);
  va_start (args, status);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *value = g_uri_escape_string (va_arg (args, const char *), NULL, FALSE);
      g_autofree char *key = g_uri_escape_string (name, NULL, FALSE);

      g_string_append_printf (form, "&%s=%s", key, value);
    }
  va_end (args);
  return ts_test_visitor_expect (self, "POST", action_path, form->str, status);
}

TsTestPage *
ts_test_visitor_follow (TsTestVisitor *self,
                        TsTestPage    *page,
                        guint          status)
{
  const char *to = ts_test_page_location (page);
  g_autofree char *url = g_str_has_prefix (to, "http") ? g_strdup (to) : g_strconcat (self->origin, to, NULL);

  return ts_test_visitor_expect (self, "GET", url, NULL, status);
}

GPtrArray *
ts_test_visitor_send_at_once (TsTestVisitor *self,
                              const char    *method,
                              const char    *path,
                              const char    *form,
                              guint          n)
{
  g_autofree SoupMessage **msgs = g_new0 (SoupMessage *, n);
  g_autofree GBytes **bodies = g_new0 (GBytes *, n);
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_test_page_free);

  for (guint i = 0; i < n; i++)
    msgs[i] = message_new (self, method, path, form, NULL);
  ts_test_send_at_once (self->session, msgs, bodies, n);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (pages, page_new (self, msgs[i], bodies[i]));
      g_object_unref (msgs[i]);
    }
  return pages;
}

const char *
ts_test_visitor_get_csrf (TsTestVisitor *self)
{
  return self->csrf;
}

char *
ts_test_visitor_cookie (TsTestVisitor *self,
                        const char    *name)
{
  GSList *cookies = soup_cookie_jar_all_cookies (self->jar);
  char *value = NULL;

  for (GSList *l = cookies; l != NULL; l = l->next)
    if (value == NULL && g_str_equal (soup_cookie_get_name (l->data), name))
      value = g_strdup (soup_cookie_get_value (l->data));
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  return value;
}

void
ts_test_visitor_add_cookie (TsTestVisitor *self,
                            const char    *name,
                            const char    *value)
{
  SoupCookie *cookie = soup_cookie_new (name, value, g_uri_get_host (self->site), "/", -1);

  soup_cookie_jar_add_cookie_full (self->jar, cookie, self->site, NULL);
}
