/* ts-sales-page-private.h — the Sales page's parts, for its tests: what a
 * person sees as the performance list, the map, the cart and the patron and
 * payment, driven through their own properties and functions; and the
 * page's accelerators, which the keyboard shortcuts window must list */
#pragma once

#include "ts-cart.h"
#include "ts-checkout.h"
#include "ts-performance-picker.h"
#include "ts-sale-offer.h"
#include "ts-sales-map.h"
#include "ts-sales-page.h"

G_BEGIN_DECLS

/* One accelerator of the page ("<Control>Return") and its action ("sales.sell"). */
typedef struct
{
  const char *accelerator;
  const char *action;
} TsSalesShortcut;

TsPerformancePicker *_ts_sales_page_get_picker    (TsSalesPage *self);
TsSalesMap          *_ts_sales_page_get_sales_map (TsSalesPage *self);
TsCart              *_ts_sales_page_get_cart      (TsSalesPage *self);
TsCheckout          *_ts_sales_page_get_checkout  (TsSalesPage *self);
/* The last sale's tickets and receipt offered (F1). */
TsSaleOffer         *_ts_sales_page_get_offer     (TsSalesPage *self);
/* The key of the sale being made (S2): NULL between sales. */
const char          *_ts_sales_page_get_idempotency_key (TsSalesPage *self);
/* The page's accelerators, ending with { NULL, NULL }. */
const TsSalesShortcut *_ts_sales_page_get_shortcuts (void);

G_END_DECLS
