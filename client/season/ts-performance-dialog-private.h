/* ts-performance-dialog-private.h — what the performance dialog's tests read:
 * the ticket types it offers */
#pragma once

#include "ts-performance-dialog.h"

G_BEGIN_DECLS

/* The offered ticket types (TsJsonItem rows). */
GListModel          *_ts_performance_dialog_get_redemptions (TsPerformanceDialog *self);

G_END_DECLS
