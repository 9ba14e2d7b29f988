/* ts-performance-dialog.h — create or edit a performance: its time, house,
 * status, sales windows, the outlets allowed to sell it, and the ticket
 * types it offers (E2, E3, E5, T2) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PERFORMANCE_DIALOG (ts_performance_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPerformanceDialog, ts_performance_dialog, TS, PERFORMANCE_DIALOG, GtkWindow)

/* event: the event as GET /events/{id} answers it (its map gives the
 * default capacity and the price zones); performance NULL creates one.
 * "saved" carries the performance. */
TsPerformanceDialog *ts_performance_dialog_new         (GtkWindow           *parent,
                                                        TsApiClient         *client,
                                                        JsonObject          *event,
                                                        JsonObject          *performance);
/* For tests: the outlets (and the offered ticket types) have arrived. */
gboolean             ts_performance_dialog_is_ready    (TsPerformanceDialog *self);
GListModel          *ts_performance_dialog_get_redemptions (TsPerformanceDialog *self);
const char          *ts_performance_dialog_get_message (TsPerformanceDialog *self);

G_END_DECLS
