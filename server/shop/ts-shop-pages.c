/* ts-shop-pages.c — the table of storefront pages (paths inside one
 * storefront; docs/api.md, "Storefront pages"): one row per page */
#include <string.h>

#include "ts-shop-pages.h"

static const TsShopPage pages[] = {
  /* core */
  { "GET",  "/",                               ts_shop_page_list,         TS_SHOP_PAGE_FLAGS },
  { "GET",  "/brand.css",                      ts_shop_page_brand_css,    TS_SHOP_PAGE_FLAGS },
  { "GET",  "/logo",                           ts_shop_page_logo,         TS_SHOP_PAGE_FLAGS },
  { "GET",  "/performances/{id}",              ts_shop_page_performance,  TS_SHOP_PAGE_FLAGS },
  { "GET",  "/performances/{id}/plan.json",    ts_shop_page_plan_json,    TS_SHOP_PAGE_FLAGS },
  { "GET",  "/performances/{id}/seats.json",   ts_shop_page_seats_json,   TS_SHOP_PAGE_FLAGS },
  { "GET",  "/cart",                           ts_shop_page_cart,         TS_SHOP_PAGE_FLAGS },
  { "POST", "/cart/hold",                      ts_shop_page_cart_hold,    TS_SHOP_PAGE_FLAGS },
  { "POST", "/cart/release",                   ts_shop_page_cart_release, TS_SHOP_PAGE_FLAGS },
  { "POST", "/cart/types",                     ts_shop_page_cart_types,   TS_SHOP_PAGE_FLAGS },
  /* payments */
  { "GET",  "/checkout",                       ts_shop_page_checkout,        TS_SHOP_PAGE_FLAGS },
  { "POST", "/checkout",                       ts_shop_page_checkout_post,   TS_SHOP_PAGE_FLAGS },
  { "GET",  "/checkout/return",                ts_shop_page_checkout_return, TS_SHOP_PAGE_FLAGS },
  { "GET",  "/orders/{token}",                 ts_shop_page_order,           TS_SHOP_PAGE_FLAGS },
  { "GET",  "/orders/{token}/tickets.pdf",     ts_shop_page_order_pdf,       TS_SHOP_PAGE_FLAGS },
  /* accounts */
  { "GET",  "/account/sign-up",                ts_shop_page_account_sign_up,      TS_SHOP_PAGE_FLAGS },
  { "POST", "/account/sign-up",                ts_shop_page_account_sign_up_post, TS_SHOP_PAGE_FLAGS },
  { "GET",  "/account/confirm/{token}",        ts_shop_page_account_confirm,      TS_SHOP_PAGE_FLAGS },
  { "POST", "/account/confirm/{token}",        ts_shop_page_account_confirm_post, TS_SHOP_PAGE_FLAGS },
  { "GET",  "/account/sign-in",                ts_shop_page_account_sign_in,      TS_SHOP_PAGE_FLAGS },
  { "POST", "/account/sign-in",                ts_shop_page_account_sign_in_post, TS_SHOP_PAGE_FLAGS },
  { "POST", "/account/sign-out",               ts_shop_page_account_sign_out,     TS_SHOP_PAGE_FLAGS },
  { "GET",  "/account/forgot",                 ts_shop_page_account_forgot,       TS_SHOP_PAGE_FLAGS },
  { "POST", "/account/forgot",                 ts_shop_page_account_forgot_post,  TS_SHOP_PAGE_FLAGS },
  { "GET",  "/account/reset/{token}",          ts_shop_page_account_reset,        TS_SHOP_PAGE_FLAGS },
  { "POST", "/account/reset/{token}",          ts_shop_page_account_reset_post,   TS_SHOP_PAGE_FLAGS },
  { "GET",  "/account",                        ts_shop_page_account,              TS_SHOP_SIGNED_IN },
  { "GET",  "/account/orders/{id}",            ts_shop_page_account_order,        TS_SHOP_SIGNED_IN },
  { "POST", "/account/orders/{id}/cancel",     ts_shop_page_account_order_cancel, TS_SHOP_SIGNED_IN },
  { "POST", "/account/orders/{id}/exchange",   ts_shop_page_account_order_exchange, TS_SHOP_SIGNED_IN },
  { "GET",  "/account/details",                ts_shop_page_account_details,      TS_SHOP_SIGNED_IN },
  { "POST", "/account/details",                ts_shop_page_account_details_post, TS_SHOP_SIGNED_IN },
  { "GET",  "/account/preferences",            ts_shop_page_account_preferences,  TS_SHOP_SIGNED_IN },
  { "POST", "/account/preferences",            ts_shop_page_account_preferences_post, TS_SHOP_SIGNED_IN },
  { "GET",  "/account/vouchers",               ts_shop_page_account_vouchers,     TS_SHOP_SIGNED_IN },
};

/* A positive 32-bit integer, as the API's {id}. */
static gboolean
parse_id (const char *text,
          gint64     *out)
{
  guint64 value;
  char *end = NULL;

  if (*text < '1' || *text > '9' || strlen (text) > 10)
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value > G_MAXINT32)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static gboolean
pattern_matches (const char    *pattern,
                 const char    *path,
                 TsShopRequest *req)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  guint i;

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;
  if (req != NULL)
    {
      req->n_ids = 0;
      g_clear_pointer (&req->tail, g_free);
    }
  for (i = 0; want[i] != NULL; i++)
    {
      gint64 id;

      if (g_str_equal (want[i], "{id}"))
        {
          if (!parse_id (have[i], &id))
            return FALSE;
          if (req != NULL && req->n_ids < TS_SHOP_MAX_IDS)
            req->ids[req->n_ids++] = id;
        }
      else if (g_str_equal (want[i], "{token}"))
        {
          if (*have[i] == '\0' || strlen (have[i]) > 200)
            return FALSE;
          if (req != NULL)
            {
              g_free (req->tail);
              req->tail = g_strdup (have[i]);
            }
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }
  return TRUE;
}

const TsShopPage *
ts_shop_pages_match (const char    *method,
                     const char    *path,
                     TsShopRequest *req,
                     gboolean      *method_mismatch)
{
  gsize i;

  if (g_str_equal (method, "HEAD"))
    method = "GET";
  *method_mismatch = FALSE;
  for (i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (!pattern_matches (pages[i].pattern, path, NULL))
        continue;
      if (!g_str_equal (pages[i].method, method))
        {
          *method_mismatch = TRUE;
          continue;
        }
      pattern_matches (pages[i].pattern, path, req);
      *method_mismatch = FALSE;
      return &pages[i];
    }
  return NULL;
}

const TsShopPage *
ts_shop_pages_all (gsize *n_pages)
{
  *n_pages = G_N_ELEMENTS (pages);
  return pages;
}
