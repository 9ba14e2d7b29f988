/* ts-cart-sweeper.h — releases expired carts every minute (rule S1)
 *
 * Claims are also expired before any new claim on their performance, so
 * correctness does not depend on this; the sweep makes abandoned holds
 * show as free on every sales map (their release is published like any
 * other seat change) even when nobody sells that performance meanwhile,
 * and deletes the expired carts.  It never waits for a lock: performances
 * somebody is claiming on are left to that claim or the next sweep, so
 * sweeps of several servers and claims never deadlock (ts_expire_carts).
 * The same sweep then deletes expired storefront visits, mailed links and
 * sign-in throttles, a batch a minute (ts_shop_sweep_visits). */
#pragma once

#include "ts-db.h"

G_BEGIN_DECLS

#define TS_TYPE_CART_SWEEPER (ts_cart_sweeper_get_type ())
G_DECLARE_FINAL_TYPE (TsCartSweeper, ts_cart_sweeper, TS, CART_SWEEPER, GObject)

TsCartSweeper *ts_cart_sweeper_new      (TsDb          *db,
                                         guint          interval_seconds);
/* Sweeps now (asynchronously); the next sweep is interval_seconds later. */
void           ts_cart_sweeper_sweep    (TsCartSweeper *self);
void           ts_cart_sweeper_stop     (TsCartSweeper *self);

G_END_DECLS
