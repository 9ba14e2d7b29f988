/* ts-shop-pages.h — the table of storefront pages, and the pages' steps */
#pragma once

#include "ts-shop-request.h"

G_BEGIN_DECLS

typedef enum
{
  TS_SHOP_PAGE_FLAGS = 0,
  TS_SHOP_SIGNED_IN  = 1 << 0,   /* signed out: 303 to /account/sign-in?next=… */
  TS_SHOP_NO_CSRF    = 1 << 1,   /* a POST from elsewhere (a provider's notification) */
} TsShopPageFlags;

typedef struct
{
  const char      *method;    /* "GET" (HEAD too) or "POST" */
  const char      *pattern;   /* "/performances/{id}/seats.json": {id} a positive
                               * 32-bit integer, {token} any other segment */
  TsShopStep       step;
  TsShopPageFlags  flags;
} TsShopPage;

/* NULL when nothing matches; *method_mismatch when the path exists with
 * another method.  Fills req->ids and req->tail. */
const TsShopPage *ts_shop_pages_match (const char    *method,
                                       const char    *path,
                                       TsShopRequest *req,
                                       gboolean      *method_mismatch);
const TsShopPage *ts_shop_pages_all   (gsize         *n_pages);

/* core: server/shop/ and server/shop/pages/ts-shop-page-{list,performance,cart}.c */
gboolean ts_shop_page_brand_css   (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_logo        (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_list        (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_performance (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_plan_json   (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_seats_json  (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_cart        (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_cart_hold   (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_cart_release (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_cart_types  (TsShopRequest *req, PGconn *conn, GError **error);

/* payments: server/shop/pages/ts-shop-page-{checkout,order}.c */
gboolean ts_shop_page_checkout        (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_checkout_post   (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_checkout_return (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_order           (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_ticket_list          (TsShopRequest *req, PGconn *conn, TsHtml *h, JsonArray *lines,
                                      GError **error);
gboolean ts_shop_page_order_pdf       (TsShopRequest *req, PGconn *conn, GError **error);
/* accounts: server/shop/pages/ts-shop-page-account*.c */
gboolean ts_shop_page_account_sign_up      (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_sign_up_post (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_confirm      (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_confirm_post (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_sign_in      (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_sign_in_post (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_sign_out     (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_forgot       (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_forgot_post  (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_reset        (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_reset_post   (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account              (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_order        (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_order_cancel (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_order_exchange (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_details      (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_details_post (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_preferences  (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_preferences_post (TsShopRequest *req, PGconn *conn, GError **error);
gboolean ts_shop_page_account_vouchers     (TsShopRequest *req, PGconn *conn, GError **error);

G_END_DECLS
