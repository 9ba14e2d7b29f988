/* ts-shop.h — the web storefront's dispatcher: /shop/… and the host names
 * mapped onto a storefront, each request parsed, checked (CSRF), run as its
 * page's steps in database workers with the storefront's context, and
 * answered with the storefront's security headers */
#pragma once

#include <libsoup/soup.h>

#include "ts-db.h"
#include "ts-proxy-trust.h"
#include "ts-server-config.h"

G_BEGIN_DECLS

#define TS_SHOP_MAX_FORM_BYTES (64 * 1024)

#define TS_TYPE_SHOP (ts_shop_get_type ())
G_DECLARE_FINAL_TYPE (TsShop, ts_shop, TS, SHOP, GObject)

/* https: the server is on TLS (Secure cookies); verbose: log each request. */
TsShop   *ts_shop_new          (TsDb               *db,
                                gboolean            https,
                                gboolean            verbose);
/* The proxies whose X-Forwarded-For names a visitor (trusted-proxies); NULL: none. */
void      ts_shop_set_proxy_trust (TsShop          *self,
                                   TsProxyTrust    *trust);
/* Serves /shop on http.  fallback answers a request for a host name that
 * maps onto no storefront (the server's own "not found"). */
void      ts_shop_attach       (TsShop             *self,
                                SoupServer         *http,
                                SoupServerCallback  fallback,
                                gpointer            fallback_data);
/* The settings the storefront reads at each request (shop-active-limit: the
 * waiting room, docs/architecture.md "The on-sale rush"); config outlives
 * the shop. */
void      ts_shop_set_config   (TsShop               *self,
                                const TsServerConfig *config);
/* From the server's default handler: a request outside /api and /shop,
 * which is a storefront's when its Host is that storefront's web_host
 * (else fallback answers it). */
void      ts_shop_handle_host  (TsShop             *self,
                                SoupServerMessage  *msg,
                                const char         *path,
                                GHashTable         *query);
/* Stops starting new work (the server stops). */
void      ts_shop_stop         (TsShop             *self);

G_END_DECLS
