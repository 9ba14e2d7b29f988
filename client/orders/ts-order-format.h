/* ts-order-format.h — how orders, payments and accounts read on screen: the
 * payment methods, item lines and columns shared by the order window, its
 * refund and exchange dialogs and the reports page (money and times: ts-format.h) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"
#include "ts-json-item.h"

G_BEGIN_DECLS

/* "cash" → "Cash", "on_account" → "On account"; unknown methods as they are. */
const char *ts_order_method_name        (const char  *method);
/* A short member of an object, "" when absent or null. */
const char *ts_order_string_member      (JsonObject  *object,
                                         const char  *member);
/* The outlet whose till pays for the caller: its own, or for the Master
 * User the order's selling outlet (the server does the same, S7). */
gint64      ts_order_acting_outlet      (TsApiClient *client,
                                         JsonObject  *order);
/* The methods a refund or payment may use (S4): cash, cheque and card
 * always; with own_only also gift certificate and on account; of those,
 * when takes is not NULL, only the ones it lists (a payment: the methods
 * the outlet's tills take, C7; refunds are not limited so).  Fills the
 * drop-down, keeping its choice when it is still offered, and answers the
 * codes in the order shown (owned by the caller). */
GStrv       ts_order_fill_methods       (GtkDropDown        *dropdown,
                                         gboolean            own_only,
                                         const char * const *takes,
                                         GStrv               previous);
/* The method a refund pays back by unless the person picks another: how
 * the order was paid.  Of the offered methods the order's payments used,
 * the one with the most still paid in (payments less what was paid back by
 * it), which covers the refund if any one does; NULL when the order shows
 * no payment by an offered method (a partial order, P5, or one paid by a
 * method S4 does not offer here). */
const char *ts_order_refund_method      (JsonObject         *order,
                                         const char * const *offered);
/* An open comp: a ticket to a performance with neither seat nor area, free
 * and with its comp reason, seated later by a seat change. */
gboolean    ts_order_item_is_open_comp  (JsonObject  *item);
/* The item's seat or area as the server names it, "Unseated (open comp)"
 * for an open comp, "" for items that are not tickets. */
const char *ts_order_item_seat_name     (JsonObject  *item);
/* Line text for one order item: event, time, seat, ticket type, price. */
char       *ts_order_item_summary       (JsonObject  *item);
/* A column of labels of a list of TsJsonItem, aligned (1.0 for amounts). */
void        ts_order_add_column         (GtkColumnView    *view,
                                         const char       *title,
                                         TsJsonItemFormat  format,
                                         float             xalign,
                                         gboolean          expand);

G_END_DECLS
