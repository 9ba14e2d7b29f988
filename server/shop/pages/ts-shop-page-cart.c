/* ts-shop-page-cart.c — the visitor's cart: holding, releasing, ticket
 * types and the hold's countdown (S1, T2, T3) */
#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"

gboolean
ts_shop_page_cart (TsShopRequest  *req,
                   PGconn         *conn,
                   GError        **error)
{
  TsHtml *h = ts_html_new ();

  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Cart")));
  {
    g_autofree char *action = ts_shop_url (req, "/cart/release");

    ts_html_printf (h, "<form method=\"post\" action=\"%s\">", action);
    ts_shop_csrf_field (req, h);
    ts_html_raw (h, "</form>\n");
  }
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

gboolean
ts_shop_page_cart_hold (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  ts_shop_redirect (req, "/cart");
  return TRUE;
}

gboolean
ts_shop_page_cart_release (TsShopRequest  *req,
                           PGconn         *conn,
                           GError        **error)
{
  ts_shop_redirect (req, "/cart");
  return TRUE;
}

gboolean
ts_shop_page_cart_types (TsShopRequest  *req,
                         PGconn         *conn,
                         GError        **error)
{
  ts_shop_redirect (req, "/cart");
  return TRUE;
}
