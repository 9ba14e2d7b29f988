/* ts-order-window.h — one order as the caller's outlet may see it (P5): its
 * purchaser and recipient, its tickets, payments and totals, and the way to
 * refund, exchange or move tickets (S6), and to print them, save them as
 * PDF, reprint them and print the receipt (F1, F5) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_ORDER_WINDOW (ts_order_window_get_type ())
G_DECLARE_FINAL_TYPE (TsOrderWindow, ts_order_window, TS, ORDER_WINDOW, GtkWindow)

/* Properties: "order-id", "load-count" (0 until the order has loaded, one
 * more each time it loads again), "message" (the line under the order),
 * "items" and "payments" (the lines listed, TsJsonItem rows).  Actions:
 * "order.refund", "order.exchange", "order.change-seats", "order.name-patron",
 * "order.print-tickets" (also Ctrl+P), "order.save-pdf",
 * "order.print-receipt", "order.reprint". */
TsOrderWindow *ts_order_window_new (TsApiClient *client,
                                    gint64       order_id);

G_END_DECLS
