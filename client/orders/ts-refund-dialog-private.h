/* ts-refund-dialog-private.h — what the refund dialog's tests do as a person
 * would: tick tickets, pick a method, type the reason, and read the methods
 * offered (S4) and the amount */
#pragma once

#include "ts-refund-dialog.h"

G_BEGIN_DECLS

/* Ticks an item, picks a method and types the reason, as a person would
 * (then presses Refund: ts_test_ui_submit). */
gboolean            _ts_refund_dialog_choose_item (TsRefundDialog *self,
                                                   gint64          item_id,
                                                   gboolean        chosen);
/* The method codes offered now, in order (S4). */
const char * const *_ts_refund_dialog_get_methods (TsRefundDialog *self);
gboolean            _ts_refund_dialog_fill        (TsRefundDialog *self,
                                                   const char     *method,
                                                   const char     *reason);
gint64              _ts_refund_dialog_get_amount  (TsRefundDialog *self);
/* The method code the drop-down shows now. */
const char         *_ts_refund_dialog_get_method  (TsRefundDialog *self);

G_END_DECLS
