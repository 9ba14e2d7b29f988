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

G_END_DECLS
