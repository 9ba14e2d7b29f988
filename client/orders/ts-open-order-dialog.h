/* ts-open-order-dialog.h — "Open Order…": the order number typed, its
 * window opened; any order the outlet may not see is "no such order" (P5) */
#pragma once

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_OPEN_ORDER_DIALOG (ts_open_order_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsOpenOrderDialog, ts_open_order_dialog, TS, OPEN_ORDER_DIALOG, TsDialog)

/* Opens the order's TsOrderWindow, transient for parent and in its
 * application, once the server has answered it; says "no such order" and
 * stays open otherwise. */
TsOpenOrderDialog *ts_open_order_dialog_new (GtkWindow   *parent,
                                             TsApiClient *client);

G_END_DECLS
