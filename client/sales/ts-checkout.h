/* ts-checkout.h — the Sales page's patron and payment (S2, S4, S8): the
 * purchaser found or added, a gift's recipient, the payment method and its
 * reference, a walk-up sale's check-in, and Sell
 *
 * Properties: "patron-id" (the purchaser, 0 for none; notified whenever one
 * is chosen, the same again included, since that asks for their vouchers
 * again), "recipient-id" (a gift's recipient, 0: the purchaser),
 * "payment-method" (its API name: "cash", "cheque", "card",
 * "gift_certificate", "pass" or "on_account", of those the outlet's tills
 * take, C7; NULL when none may be offered), "walk-up-offered", "walk-up"
 * (a walk-up sale: offered and ticked; it needs no patron, S8).
 * The patron is found with a TsPatronPicker, which says itself when a
 * search finds nobody or fails.
 * Its Sell button is the page's "sales.sell" action. */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_CHECKOUT (ts_checkout_get_type ())
G_DECLARE_FINAL_TYPE (TsCheckout, ts_checkout, TS, CHECKOUT, GtkWidget)

/* The client patrons are found and added with. */
void         ts_checkout_set_client         (TsCheckout  *self,
                                             TsApiClient *client);
gint64       ts_checkout_get_patron_id      (TsCheckout  *self);
gint64       ts_checkout_get_recipient_id   (TsCheckout  *self);
const char  *ts_checkout_get_payment_method (TsCheckout  *self);
/* S4: another outlet's tickets are paid by cash, cheque or card only: with
 * TRUE only those (that the outlet takes) are offered. */
void         ts_checkout_set_real_money_only (TsCheckout *self,
                                              gboolean    real_money_only);
/* The payment's reference ("" for none). */
const char  *ts_checkout_get_reference      (TsCheckout  *self);
/* S8: whether a walk-up sale (checked in now, no patron needed) is
 * offered, and whether this is one (offered and ticked). */
void         ts_checkout_set_walk_up_offered (TsCheckout *self,
                                              gboolean    offered);
gboolean     ts_checkout_get_walk_up        (TsCheckout  *self);
/* Puts the keyboard focus on what the sale needs next: the patron search
 * while there is no patron (and the sale is not a walk-up), else the
 * payment. */
void         ts_checkout_focus_next         (TsCheckout  *self);
/* After a sale: no patron, no gift, no reference. */
void         ts_checkout_reset              (TsCheckout  *self);

G_END_DECLS
