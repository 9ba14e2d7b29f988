/* ts-order-patron-dialog-private.h — the patron search as the tests use it,
 * as a person does: typed, then one of the patrons found chosen */
#pragma once

#include "ts-order-patron-dialog.h"

G_BEGIN_DECLS

/* Types text in the search; "found" notifies when the answer is listed. */
void     _ts_order_patron_dialog_search (TsOrderPatronDialog *self,
                                         const char          *text);
/* Chooses the index-th patron found; FALSE when there is none. */
gboolean _ts_order_patron_dialog_choose (TsOrderPatronDialog *self,
                                         guint                index);
gint64   _ts_order_patron_dialog_get_patron_id (TsOrderPatronDialog *self);

G_END_DECLS
