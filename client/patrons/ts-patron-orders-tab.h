/* ts-patron-orders-tab.h — the patron record's Orders tab: this outlet's
 * orders for the patron (P4, P5) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_ORDERS_TAB (ts_patron_orders_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronOrdersTab, ts_patron_orders_tab, TS, PATRON_ORDERS_TAB, TsPatronTab)

G_END_DECLS
