/* ts-reprint-dialog-private.h — what the reprint dialog's tests do as a
 * person would: tick tickets and type the reason */
#pragma once

#include "ts-reprint-dialog.h"

G_BEGIN_DECLS

/* Ticks or unticks the ticket of item_id; FALSE when none is offered. */
gboolean _ts_reprint_dialog_choose_item (TsReprintDialog *self,
                                         gint64           item_id,
                                         gboolean         chosen);
void     _ts_reprint_dialog_set_reason  (TsReprintDialog *self,
                                         const char      *reason);
/* How many tickets are offered. */
guint    _ts_reprint_dialog_count_offered (TsReprintDialog *self);

G_END_DECLS
