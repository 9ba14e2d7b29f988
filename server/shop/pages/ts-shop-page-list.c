/* ts-shop-page-list.c — a storefront's home page: what it sells online (F3, E2, E3) */
#include <glib/gi18n-lib.h>

#include "ts-shop-layout.h"
#include "ts-shop-pages.h"

gboolean
ts_shop_page_list (TsShopRequest  *req,
                   PGconn         *conn,
                   GError        **error)
{
  TsHtml *h = ts_html_new ();

  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Performances")));
  if (req->outlet.intro != NULL && *req->outlet.intro != '\0')
    ts_html_printf (h, "<p class=\"intro\">%s</p>\n", req->outlet.intro);
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}
