/* ts-sale-offer.h — after a sale, the sale's tickets and receipt offered
 * to the agent: Print Tickets, Save PDF…, Print Receipt (F1) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_SALE_OFFER (ts_sale_offer_get_type ())
G_DECLARE_FINAL_TYPE (TsSaleOffer, ts_sale_offer, TS, SALE_OFFER, GtkWidget)

/* Properties: "order-id" (the sale offered, 0: none, and the offer
 * hidden).  Signal "show-message" (const char *text, gboolean is_error):
 * what a print became, for the page's message line.  Its buttons carry the
 * page's actions "sales.print-tickets", "sales.save-tickets-pdf" and
 * "sales.print-receipt", which call the functions below. */
void     ts_sale_offer_set_client    (TsSaleOffer *self,
                                      TsApiClient *client);
/* Offers order_id's tickets (0: takes the offer back, and cancels a print
 * being prepared); the keyboard focus goes to Print Tickets, so that Enter
 * prints them. */
void     ts_sale_offer_set_order_id  (TsSaleOffer *self,
                                      gint64       order_id);
gint64   ts_sale_offer_get_order_id  (TsSaleOffer *self);
void     ts_sale_offer_print_tickets (TsSaleOffer *self);
void     ts_sale_offer_save_pdf      (TsSaleOffer *self);
void     ts_sale_offer_print_receipt (TsSaleOffer *self);

G_END_DECLS
