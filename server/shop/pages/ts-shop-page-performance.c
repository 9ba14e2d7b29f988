/* ts-shop-page-performance.c — one performance: its seat map, prices, best
 * available and general admission forms (F3, S1) */
#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"

gboolean
ts_shop_page_performance (TsShopRequest  *req,
                          PGconn         *conn,
                          GError        **error)
{
  g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
  return FALSE;
}

gboolean
ts_shop_page_plan_json (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
  return FALSE;
}

gboolean
ts_shop_page_seats_json (TsShopRequest  *req,
                         PGconn         *conn,
                         GError        **error)
{
  g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
  return FALSE;
}
