/* ts-performance-dialog.h — create or edit a performance: its time, house,
 * status, sales windows, the outlets allowed to sell it, and the ticket
 * types it offers (E2, E3, E5, T2) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_PERFORMANCE_DIALOG (ts_performance_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPerformanceDialog, ts_performance_dialog, TS, PERFORMANCE_DIALOG, TsDialog)

/* event: the event as GET /events/{id} answers it (its map gives the
 * default capacity and the price zones); performance NULL creates one.
 * "saved" carries the performance.  "ready" once the outlets (and the
 * offered ticket types) have arrived. */
TsPerformanceDialog *ts_performance_dialog_new             (GtkWindow           *parent,
                                                            TsApiClient         *client,
                                                            JsonObject          *event,
                                                            JsonObject          *performance);

G_END_DECLS
