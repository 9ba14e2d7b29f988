/* ts-order-window.h — one order as the caller's outlet may see it (P5): its
 * purchaser and recipient, its tickets, payments and totals, and the way to
 * refund, exchange or move tickets (S6) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_ORDER_WINDOW (ts_order_window_get_type ())
G_DECLARE_FINAL_TYPE (TsOrderWindow, ts_order_window, TS, ORDER_WINDOW, GtkWindow)

TsOrderWindow *ts_order_window_new              (TsApiClient   *client,
                                                 gint64         order_id);
gint64         ts_order_window_get_order_id     (TsOrderWindow *self);

/* For tests: how many times the order has loaded (0 until the first
 * answer), the order as last loaded, the lines and payments shown. */
guint          ts_order_window_get_load_count   (TsOrderWindow *self);
JsonObject    *ts_order_window_get_order        (TsOrderWindow *self);
GListModel    *ts_order_window_get_items        (TsOrderWindow *self);
GListModel    *ts_order_window_get_payments     (TsOrderWindow *self);
gboolean       ts_order_window_shows_payments   (TsOrderWindow *self);
const char    *ts_order_window_get_notice       (TsOrderWindow *self);
const char    *ts_order_window_get_totals       (TsOrderWindow *self);
const char    *ts_order_window_get_message      (TsOrderWindow *self);
/* Whether Refund… and Exchange… may be used, and their tooltip (why not). */
gboolean       ts_order_window_can_refund       (TsOrderWindow *self);
const char    *ts_order_window_get_refund_tip   (TsOrderWindow *self);
/* Whether Change Seats… may be used, and its tooltip (why not). */
gboolean       ts_order_window_can_change_seats (TsOrderWindow *self);
const char    *ts_order_window_get_seats_tip    (TsOrderWindow *self);

G_END_DECLS
