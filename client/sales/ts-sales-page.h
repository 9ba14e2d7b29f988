/* ts-sales-page.h — the Sales section: pick a performance (ours, or another
 * outlet's we may sell), the live seat map, the cart with its hold
 * countdown, ticket types per seat, the patron, the payment, and the sale
 * (rules S1–S4, M5–M8, E4, T5)
 *
 * Properties: "client" (construct-only), "performance-id" (the performance
 * shown, 0 for none; setting it chooses it), "busy" (TRUE while a request
 * is under way), "message" (the message line).
 * Signals: "order-sold" (gint64 order id) after each sale; "open-order"
 * (gint64 order id) when the agent asks for the last sale's order.
 * Actions, as its buttons and the map's menu do them: "sales.reload",
 * "sales.add-selection", "sales.add-to-cart", "sales.release-cart",
 * "sales.sell", "sales.will-call", and after a sale "sales.print-tickets"
 * (Ctrl+P), "sales.save-tickets-pdf", "sales.print-receipt", "sales.open-order" (F1); its sales map adds "sales.find-party",
 * "sales.hold-letter" (s) and "sales.release-hold". */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_SALES_PAGE (ts_sales_page_get_type ())
G_DECLARE_FINAL_TYPE (TsSalesPage, ts_sales_page, TS, SALES_PAGE, GtkWidget)

TsSalesPage *ts_sales_page_new (TsApiClient *client);

G_END_DECLS
