/* ts-refund-dialog.h — refund chosen tickets of an order from the caller's
 * own till (S6, S7), by a method rule S4 allows */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_REFUND_DIALOG (ts_refund_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsRefundDialog, ts_refund_dialog, TS, REFUND_DIALOG, TsDialog)

/* order: the order as GET /orders/{id} answered it.  Emits "refunded"
 * (gint64 amount_cents) and closes when the server has refunded. */
TsRefundDialog     *ts_refund_dialog_new         (GtkWindow      *parent,
                                                  TsApiClient    *client,
                                                  JsonObject     *order);

/* For tests, as a person would: tick an item, pick a method and type the
 * reason (then press Refund: ts_test_ui_submit). */
gboolean            ts_refund_dialog_choose_item (TsRefundDialog *self,
                                                  gint64          item_id,
                                                  gboolean        chosen);
/* The method codes offered now, in order (S4). */
const char * const *ts_refund_dialog_get_methods (TsRefundDialog *self);
gboolean            ts_refund_dialog_fill        (TsRefundDialog *self,
                                                  const char     *method,
                                                  const char     *reason);
gint64              ts_refund_dialog_get_amount  (TsRefundDialog *self);

G_END_DECLS
