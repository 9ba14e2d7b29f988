/* ts-shop-static.h — the storefront's own assets (data/shop/: shop.css,
 * shop.js, seatmap.js), served from the server's resources under
 * /shop/static/<file>?v=<hash> */
#pragma once

#include "ts-shop-request.h"

G_BEGIN_DECLS

/* "/shop/static/shop.css?v=0123456789ab"; NULL for a file we do not have. */
char     *ts_shop_static_url     (const char    *file);
/* Answers req with the file (cacheable for a year when v is its hash), or
 * FALSE when there is no such file. */
gboolean  ts_shop_static_respond (TsShopRequest *req,
                                  const char    *file);

G_END_DECLS
