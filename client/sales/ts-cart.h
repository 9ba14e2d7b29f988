/* ts-cart.h — the Sales page's cart (S1–S3, T2–T4): the seats and
 * general-admission places held for this sale, of any performance, with
 * their countdown, a
 * ticket type (or a subscriber's voucher) per ticket, the total, the
 * override in effect, and the items sent with POST /orders
 *
 * The cart keeps no rule of its own: the page holds and releases with the
 * server and gives the cart the answers; the cart shows them.
 *
 * Properties: "sales-map" (the map whose seats and areas the tickets are
 * of, not owned), "size" (tickets), "total-cents", "override-reason" (S3:
 * the reason given for overriding, NULL for none), "comp-reason",
 * "promo-code".
 * Signals: "changed": the sale the cart describes changed (tickets or
 *   their types), so an earlier attempt to sell it is over;
 *   "line-removed" (gint64 performance_id, const char *seat, const char
 *   *area): the agent took one ticket out (a seat GUID, or one place of an
 *   area);
 *   "expired": the hold ran out and the cart emptied itself (S1);
 *   "show-message" (const char *text, gboolean is_error).
 * Its buttons are the page's "sales.add-selection" and "sales.release-cart". */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-sales-map.h"

G_BEGIN_DECLS

#define TS_TYPE_CART (ts_cart_get_type ())
G_DECLARE_FINAL_TYPE (TsCart, ts_cart, TS, CART, GtkWidget)

/* The cart as POST /carts/hold answered it: a ticket per seat and place,
 * the types chosen so far kept, the countdown from its expiry. */
void         ts_cart_take                 (TsCart      *self,
                                           JsonObject  *cart);
/* The server's last answer for the cart (as taken), or NULL. */
JsonObject  *ts_cart_get_held             (TsCart      *self);
/* The cart's id (POST /carts), or NULL before the first hold. */
const char  *ts_cart_get_id               (TsCart      *self);
void         ts_cart_set_id               (TsCart      *self,
                                           const char  *id);
/* Makes the cart what the server holds (S1): its answer for this cart, or
 * NULL when the server holds no such cart any more.  Answers the names of
 * the tickets that were in the cart and are not held any more. */
GPtrArray   *ts_cart_reconcile            (TsCart      *self,
                                           JsonObject  *cart);
/* Empties the cart and ends its override (after a release or a sale). */
void         ts_cart_clear                (TsCart      *self);
/* GET /performances/{id}/offer of a performance, and its title: the
 * ticket types offered for its tickets, and the heading of its lines. */
void         ts_cart_set_offer            (TsCart      *self,
                                           gint64       performance_id,
                                           const char  *title,
                                           JsonNode    *offer);
/* The sales map shows another performance: its seats in the cart show as
 * "in my cart" once its seats are loaded. */
void         ts_cart_update_map           (TsCart      *self);
/* The purchaser's vouchers (GET /patrons/{id}/vouchers, T3), or NULL for
 * another purchaser: tickets given a voucher go back to a ticket type. */
void         ts_cart_set_vouchers         (TsCart      *self,
                                           JsonNode    *vouchers);
guint        ts_cart_get_size             (TsCart      *self);
gint64       ts_cart_get_total_cents      (TsCart      *self);
const char  *ts_cart_get_override_reason  (TsCart      *self);
void         ts_cart_set_override_reason  (TsCart      *self,
                                           const char  *reason);
/* The performances of the cart's tickets, each once, in no order (gint64;
 * empty for an empty cart): what a sale asks about (K3). */
GArray      *ts_cart_get_performance_ids  (TsCart      *self);
/* Adds the "items" member of POST /orders: every ticket, of every
 * performance. */
void         ts_cart_add_items            (TsCart      *self,
                                           JsonBuilder *builder);

G_END_DECLS
