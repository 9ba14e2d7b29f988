/* ts-shop-request.c — a storefront request: its form, its links, its answer */
#include <string.h>

#include "ts-catalog.h"
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-request.h"

static void
outlet_clear (TsShopOutlet *outlet)
{
  g_clear_pointer (&outlet->code, g_free);
  g_clear_pointer (&outlet->name, g_free);
  g_clear_pointer (&outlet->colour, g_free);
  g_clear_pointer (&outlet->intro, g_free);
  g_clear_pointer (&outlet->currency, g_free);
  g_clear_pointer (&outlet->time_zone, g_free);
}

TsShopRequest *
ts_shop_request_new (void)
{
  TsShopRequest *req = g_new0 (TsShopRequest, 1);

  req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  req->headers = g_ptr_array_new_with_free_func (g_free);
  req->cookies = g_ptr_array_new_with_free_func (g_free);
  req->status = 200;
  req->lang = "en";
  return req;
}

void
ts_shop_request_free (TsShopRequest *req)
{
  if (req == NULL)
    return;
  if (req->data_free != NULL)
    req->data_free (req->data);
  g_free (req->method);
  g_free (req->path);
  g_free (req->tail);
  g_hash_table_unref (req->query);
  outlet_clear (&req->outlet);
  g_free (req->session_id);
  g_free (req->csrf);
  g_free (req->code);
  g_free (req->host);
  g_free (req->origin);
  g_free (req->peer);
  g_free (req->session_token_hash);
  g_free (req->queue_token_hash);
  g_hash_table_unref (req->form);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->filename);
  g_free (req->location);
  g_free (req->etag);
  g_ptr_array_unref (req->headers);
  g_ptr_array_unref (req->cookies);
  g_free (req);
}

const char *
ts_shop_form_get (TsShopRequest *req,
                  const char    *name)
{
  GPtrArray *values = g_hash_table_lookup (req->form, name);

  return values != NULL && values->len > 0 ? g_ptr_array_index (values, 0) : NULL;
}

GPtrArray *
ts_shop_form_get_all (TsShopRequest *req,
                      const char    *name)
{
  GPtrArray *values = g_hash_table_lookup (req->form, name);

  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (req->form, g_strdup (name), values);
    }
  return values;
}

GList *
ts_shop_form_names (TsShopRequest *req)
{
  return g_hash_table_get_keys (req->form);
}

/* Forms --------------------------------------------------------------------- */

/* Text a person could have typed: valid UTF-8, no control characters but
 * line breaks and tabs. */
gboolean
ts_shop_is_text (const char *text)
{
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
      return FALSE;
  return TRUE;
}

static char *
form_decode (const char *text,
             gsize       len)
{
  g_autofree char *plain = g_strndup (text, len);
  char *p;

  for (p = plain; *p != '\0'; p++)
    if (*p == '+')
      *p = ' ';
  return g_uri_unescape_string (plain, NULL);
}

/* application/x-www-form-urlencoded, repeated fields kept in order. */
gboolean
ts_shop_form_parse (TsShopRequest  *req,
            const char     *body,
            gsize           length,
            GError        **error)
{
  const char *p = body, *end = body + length;

  if (memchr (body, '\0', length) != NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "The form could not be read");
      return FALSE;
    }
  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *stop = amp != NULL ? amp : end;
      const char *eq = memchr (p, '=', stop - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (stop > p)
        {
          name = form_decode (p, (eq != NULL ? eq : stop) - p);
          value = eq != NULL ? form_decode (eq + 1, stop - eq - 1) : g_strdup ("");
          if (name == NULL || value == NULL || !ts_shop_is_text (name) || !ts_shop_is_text (value) || strlen (name) > 200)
            {
              g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "The form could not be read");
              return FALSE;
            }
          g_ptr_array_add (ts_shop_form_get_all (req, name), g_steal_pointer (&value));
        }
      p = stop + 1;
    }
  return TRUE;
}

const char *
ts_shop_query_get (TsShopRequest *req,
                   const char    *name)
{
  return g_hash_table_lookup (req->query, name);
}

char *
ts_shop_url (TsShopRequest *req,
             const char    *path)
{
  if (path == NULL || *path == '\0')
    path = "/";
  if (req->code == NULL)
    return g_strdup (path);
  return g_strconcat ("/shop/", req->code, g_str_equal (path, "/") ? "/" : path, NULL);
}

void
ts_shop_redirect (TsShopRequest *req,
                  const char    *path)
{
  g_free (req->location);
  req->location = ts_shop_url (req, path);
  req->status = 303;
}

void
ts_shop_redirect_to (TsShopRequest *req,
                     const char    *url)
{
  g_free (req->location);
  req->location = g_strdup (url);
  req->status = 303;
}

const char *
ts_shop_tr (TsShopRequest *req,
            const char    *msgid)
{
  if (g_strcmp0 (req->lang, "fr") != 0)
    return msgid;
  return ts_catalog_lookup (ts_catalog_get ("fr"), msgid);
}

char *
ts_shop_tr_fill (TsShopRequest *req,
                 const char    *msgid,
                 const char    *value)
{
  const char *template = ts_shop_tr (req, msgid);
  const char *at = strstr (template, "%s");
  GString *text = g_string_new (NULL);

  if (at == NULL)
    return g_strdup (template);
  g_string_append_len (text, template, at - template);
  g_string_append (text, value);
  at += 2;
  /* "until 8:45 p.m." ends the sentence once, not "p.m.." */
  if (*at == '.' && g_str_has_suffix (value, "."))
    at++;
  g_string_append (text, at);
  return g_string_free (text, FALSE);
}

static void
take_body (TsShopRequest *req,
           const char    *type,
           GBytes        *bytes)
{
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = bytes;
  g_free (req->content_type);
  req->content_type = g_strdup (type);
}

void
ts_shop_respond_html (TsShopRequest *req,
                      TsHtml        *page)
{
  char *text = ts_html_free_to_string (page);

  take_body (req, "text/html; charset=utf-8", g_bytes_new_take (text, strlen (text)));
}

void
ts_shop_respond_bytes (TsShopRequest *req,
                       const char    *type,
                       GBytes        *bytes,
                       const char    *filename)
{
  take_body (req, type, g_bytes_ref (bytes));
  g_free (req->filename);
  req->filename = g_strdup (filename);
}

void
ts_shop_respond_json (TsShopRequest *req,
                      JsonNode      *node)
{
  char *text = json_to_string (node, FALSE);

  take_body (req, "application/json; charset=utf-8", g_bytes_new_take (text, strlen (text)));
}

void
ts_shop_set_cache (TsShopRequest *req,
                   guint          max_age_s)
{
  req->max_age = max_age_s;
}

void
ts_shop_set_header (TsShopRequest *req,
                    const char    *name,
                    const char    *value)
{
  g_ptr_array_add (req->headers, g_strdup (name));
  g_ptr_array_add (req->headers, g_strdup (value));
}

void
ts_shop_set_cookie (TsShopRequest *req,
                    const char    *name,
                    const char    *value,
                    gint64         max_age_s,
                    gboolean       strict)
{
  ts_shop_set_cookie_at (req, name, value, max_age_s, strict, "/");
}

void
ts_shop_set_cookie_at (TsShopRequest *req,
                       const char    *name,
                       const char    *value,
                       gint64         max_age_s,
                       gboolean       strict,
                       const char    *path)
{
  GString *cookie = g_string_new (NULL);

  g_string_append_printf (cookie, "%s=%s; Path=%s; HttpOnly; SameSite=%s", name,
                          max_age_s < 0 ? "" : value, path, strict ? "Strict" : "Lax");
  if (max_age_s < 0)
    g_string_append (cookie, "; Max-Age=0");
  else if (max_age_s > 0)
    g_string_append_printf (cookie, "; Max-Age=%" G_GINT64_FORMAT, max_age_s);
  if (req->https)
    g_string_append (cookie, "; Secure");
  g_ptr_array_add (req->cookies, g_string_free (cookie, FALSE));
}

void
ts_shop_request_then (TsShopRequest *req,
                      TsShopWork     work,
                      TsShopStep     step)
{
  req->work = work;
  req->step = step;
}

void
ts_shop_request_set_data (TsShopRequest *req,
                          gpointer       data,
                          GDestroyNotify destroy)
{
  if (req->data_free != NULL)
    req->data_free (req->data);
  req->data = data;
  req->data_free = destroy;
}

gpointer
ts_shop_request_get_data (TsShopRequest *req)
{
  return req->data;
}

gboolean
ts_shop_request_apply_context (TsShopRequest *req,
                               PGconn        *conn,
                               GError       **error)
{
  g_autofree char *outlet = g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet.id);
  g_autofree char *patron = req->patron_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, req->patron_id)
                                               : g_strdup ("");
  const char *params[] = { outlet, req->session_id != NULL ? req->session_id : "", patron };
  g_autoptr(PGresult) result = NULL;

  /* P7: the storefront's outlet and no one's employee; the selling
   * functions learn the channel, the visitor and the patron from here. */
  result = ts_pg_exec (conn,
                       "SELECT set_config ('tessera.outlet_id', $1, true),"
                       "       set_config ('tessera.employee_id', '', true),"
                       "       set_config ('tessera.master', 'off', true),"
                       "       set_config ('tessera.channel', 'internet', true),"
                       "       set_config ('tessera.web_session', $2, true),"
                       "       set_config ('tessera.patron_id', $3, true)",
                       3, params, error);
  return result != NULL;
}
