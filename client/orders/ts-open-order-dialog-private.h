/* ts-open-order-dialog-private.h — what the tests type into "Open Order…" */
#pragma once

#include "ts-open-order-dialog.h"

G_BEGIN_DECLS

/* Types the number, as a person would (then ts_test_ui_submit). */
void _ts_open_order_dialog_type (TsOpenOrderDialog *self,
                                 const char        *number);

G_END_DECLS
