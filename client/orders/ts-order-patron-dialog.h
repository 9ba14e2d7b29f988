/* ts-order-patron-dialog.h — names the patron of a walk-up sale made without
 * a patron record (S8): the patron found with the patron search, then
 * POST /orders/{id}/patron.  Emits TsDialog's "saved" (the order, as the
 * server answers it now) and closes. */
#pragma once

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_ORDER_PATRON_DIALOG (ts_order_patron_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsOrderPatronDialog, ts_order_patron_dialog, TS, ORDER_PATRON_DIALOG, TsDialog)

TsOrderPatronDialog *ts_order_patron_dialog_new (GtkWindow   *parent,
                                                 TsApiClient *client,
                                                 gint64       order_id);

G_END_DECLS
