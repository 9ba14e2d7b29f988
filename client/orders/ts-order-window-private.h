/* ts-order-window-private.h — what the order window's tests read that is
 * not a property: the order as last loaded, and what the window shows of
 * it (P5, S6) */
#pragma once

#include "ts-order-window.h"

G_BEGIN_DECLS

JsonObject *_ts_order_window_get_order        (TsOrderWindow *self);
/* Whether the payments are shown (not for a partial order, P5), and the
 * notice saying why not ("" when there is none). */
gboolean    _ts_order_window_shows_payments   (TsOrderWindow *self);
const char *_ts_order_window_get_notice       (TsOrderWindow *self);
const char *_ts_order_window_get_totals       (TsOrderWindow *self);
/* Whether Refund… and Exchange… may be used, and their tooltip (why not). */
gboolean    _ts_order_window_can_refund       (TsOrderWindow *self);
const char *_ts_order_window_get_refund_tip   (TsOrderWindow *self);
/* Whether Change Seats… may be used, and its tooltip (why not). */
gboolean    _ts_order_window_can_change_seats (TsOrderWindow *self);
const char *_ts_order_window_get_seats_tip    (TsOrderWindow *self);
/* The purchaser as shown, and whether "Name the Patron…" is offered (a
 * walk-up sale made without a patron record, S8). */
const char *_ts_order_window_get_purchaser      (TsOrderWindow *self);
gboolean    _ts_order_window_offers_name_patron (TsOrderWindow *self);
/* Save PDF… once the person has chosen file in the file chooser (F1). */
void        _ts_order_window_save_pdf_to        (TsOrderWindow *self,
                                                 GFile         *file);

G_END_DECLS
