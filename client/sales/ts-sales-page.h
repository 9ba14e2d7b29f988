/* ts-sales-page.h — the Sales section: pick a performance (ours, or another
 * outlet's we may sell), the live seat map, the cart with its hold
 * countdown, ticket types per seat, the patron, the payment, and the sale
 * (rules S1–S4, M5–M8, E4, T5) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"
#include "ts-seat-map.h"

G_BEGIN_DECLS

#define TS_TYPE_SALES_PAGE (ts_sales_page_get_type ())
G_DECLARE_FINAL_TYPE (TsSalesPage, ts_sales_page, TS, SALES_PAGE, GtkWidget)

/* Emits "order-sold" (gint64 order id) after each sale. */
TsSalesPage *ts_sales_page_new                  (TsApiClient *client);

/* For tests and keyboard users: what a click would do. */
void         ts_sales_page_select_performance   (TsSalesPage *self,
                                                 gint64       performance_id);
gint64       ts_sales_page_get_performance_id   (TsSalesPage *self);
TsSeatMap   *ts_sales_page_get_map              (TsSalesPage *self);
/* Holds the seats selected on the map (and GA quantities) in the cart. */
void         ts_sales_page_add_selection        (TsSalesPage *self);
void         ts_sales_page_add_general_admission (TsSalesPage *self,
                                                  const char  *area,
                                                  guint        quantity);
guint        ts_sales_page_get_cart_size        (TsSalesPage *self);
gint64       ts_sales_page_get_total_cents      (TsSalesPage *self);
void         ts_sales_page_set_patron           (TsSalesPage *self,
                                                 gint64       patron_id,
                                                 const char  *name);
/* Chooses the ticket type of a cart line (as its dropdown would); FALSE if
 * the line or the type is not there. */
gboolean     ts_sales_page_set_line_ticket_type (TsSalesPage *self,
                                                 guint        line_index,
                                                 gint64       ticket_type);
void         ts_sales_page_set_comp_reason      (TsSalesPage *self,
                                                 const char  *reason);
/* A gift order's recipient (0: the purchaser). */
void         ts_sales_page_set_recipient        (TsSalesPage *self,
                                                 gint64       patron_id,
                                                 const char  *name);
/* Chooses a payment method by its API name ("cash", "card", …). */
void         ts_sales_page_set_payment_method   (TsSalesPage *self,
                                                 const char  *method);
void         ts_sales_page_sell                 (TsSalesPage *self);
void         ts_sales_page_release_cart         (TsSalesPage *self);
/* M7: highlights the other seats of the order of a sold seat. */
void         ts_sales_page_find_party           (TsSalesPage *self,
                                                 guint        seat);
/* The will-call list of the chosen performance, in a window of its own. */
void         ts_sales_page_open_will_call       (TsSalesPage *self);
const char  *ts_sales_page_get_message          (TsSalesPage *self);
/* S3: the reason of the override going with this cart's holds and sale, or
 * NULL (the agent gave it when the server said only an override would do). */
const char  *ts_sales_page_get_override_reason  (TsSalesPage *self);
/* TRUE while a request is under way. */
gboolean     ts_sales_page_is_busy              (TsSalesPage *self);
/* The tooltip text the map shows for a seat (M6). */
char        *ts_sales_page_describe_seat        (TsSalesPage *self,
                                                 guint        seat);

G_END_DECLS
