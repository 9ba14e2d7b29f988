/* ts-shop-page-account-form.c — fields, mail and calls shared by the account pages (F6, F7) */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-page-account-form.h"
#include "ts-shop-session.h"

static guint bcrypt_cost = 10;

void
ts_shop_account_set_bcrypt_cost (guint cost)
{
  g_atomic_int_set (&bcrypt_cost, cost);
}

guint
ts_shop_account_get_bcrypt_cost (void)
{
  return (guint) g_atomic_int_get (&bcrypt_cost);
}

char *
ts_shop_account_field_value (TsShopRequest *req,
                             const char    *name)
{
  const char *value = ts_shop_form_get (req, name);

  return g_strstrip (g_strdup (value != NULL ? value : ""));
}

void
ts_shop_account_input (TsShopRequest *req,
                       TsHtml        *h,
                       const char    *id,
                       const char    *label,
                       const char    *type,
                       const char    *value,
                       const char    *autocomplete,
                       gboolean       required,
                       const char    *message)
{
  ts_html_printf (h, "<div class=\"field\">\n<label for=\"%s\">%s</label>\n", id, label);
  ts_html_printf (h, "<input id=\"%s\" name=\"%s\" type=\"%s\"", id, id, type);
  if (value != NULL && !g_str_equal (type, "password"))
    ts_html_printf (h, " value=\"%s\"", value);
  if (autocomplete != NULL)
    ts_html_printf (h, " autocomplete=\"%s\"", autocomplete);
  if (required)
    ts_html_raw (h, " required");
  if (g_str_equal (type, "password"))
    ts_html_raw (h, " minlength=\"10\"");
  if (message != NULL)
    ts_html_printf (h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
  ts_html_raw (h, ">\n");
  if (message != NULL)
    ts_shop_field_error (req, h, id, message);
  ts_html_raw (h, "</div>\n");
}

static char *
fill_valist (const char *text,
             va_list     args)
{
  GString *out = g_string_new (text);
  const char *key;

  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *marker = g_strconcat ("{", key, "}", NULL);

      g_string_replace (out, marker, value != NULL ? value : "", 0);
    }
  return g_string_free (out, FALSE);
}

gboolean
ts_shop_account_mail (TsShopRequest *req,
                      PGconn        *conn,
                      const char    *to,
                      const char    *subject,
                      const char    *body,
                      GError       **error,
                      ...)
{
  g_autofree char *filled_subject = NULL;
  g_autofree char *filled_body = NULL;
  g_autoptr(PGresult) result = NULL;
  va_list args;

  va_start (args, error);
  filled_subject = fill_valist (subject, args);
  va_end (args);
  va_start (args, error);
  filled_body = fill_valist (body, args);
  va_end (args);
  result = ts_pg_exec (conn, "SELECT ts_mail_enqueue ($1, $2, $3, $4)", 4,
                       (const char *[]) { to, filled_subject, filled_body, req->lang }, error);
  return result != NULL;
}

char *
ts_shop_account_link (TsShopRequest *req,
                      const char    *path)
{
  g_autofree char *local = ts_shop_url (req, path);

  return g_strconcat (req->origin != NULL ? req->origin : "", local, NULL);
}

char *
ts_shop_account_new_token (char **out_hash)
{
  char *token = ts_shop_session_new_token ();

  *out_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return token;
}

JsonNode *
ts_shop_account_call (PGconn       *conn,
                      const char   *sql,
                      JsonBuilder  *object,
                      GError      **error)
{
  g_autoptr(JsonNode) root = json_builder_get_root (object);
  g_autofree char *text = json_to_string (root, FALSE);

  return ts_pg_exec_json (conn, sql, 1, (const char *[]) { text }, error);
}

const char *
ts_shop_account_safe_next (const char *next)
{
  /* a path of this storefront only: never another site ("//evil", "/\evil",
   * "https:") */
  if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\'
      || strpbrk (next, "\\\r\n\t ") != NULL || strstr (next, "://") != NULL
      || g_str_has_prefix (next, "/account/sign-in") || g_str_has_prefix (next, "/account/sign-out"))
    return "/account";
  return next;
}

void
ts_shop_account_nav (TsShopRequest *req,
                     TsHtml        *h,
                     const char    *current)
{
  static const struct { const char *path; const char *label; } items[] = {
    { "/account", N_("My orders") },
    { "/account/details", N_("My details") },
    { "/account/preferences", N_("Partner preferences") },
    { "/account/vouchers", N_("Subscription vouchers") },
  };
  g_autofree char *sign_out = ts_shop_url (req, "/account/sign-out");

  ts_html_printf (h, "<nav class=\"account-nav\" aria-label=\"%s\">\n<ul>\n", ts_shop_tr (req, N_("My account")));
  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *href = ts_shop_url (req, items[i].path);

      if (g_strcmp0 (current, items[i].path) == 0)
        ts_html_printf (h, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>\n", href,
                        ts_shop_tr (req, items[i].label));
      else
        ts_html_printf (h, "<li><a href=\"%s\">%s</a></li>\n", href, ts_shop_tr (req, items[i].label));
    }
  ts_html_raw (h, "</ul>\n");
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"sign-out\">", sign_out);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<button type=\"submit\">%s</button></form>\n", ts_shop_tr (req, N_("Sign out")));
  ts_html_raw (h, "</nav>\n");
}
