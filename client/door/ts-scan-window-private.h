/* ts-scan-window-private.h — what only TsScanWindow and its tests use */
#pragma once

#include "ts-door-search.h"
#include "ts-scan-window.h"

G_BEGIN_DECLS

/* What the answer area says under its headline, the counter, the offline
 * line ("" when hidden), and the i-th conflict listed. */
const char *_ts_scan_window_get_detail   (TsScanWindow *self);
const char *_ts_scan_window_get_counter  (TsScanWindow *self);
const char *_ts_scan_window_get_queue_text (TsScanWindow *self);
const char *_ts_scan_window_get_conflict (TsScanWindow *self,
                                          guint         i);
/* The entry the reader types into, the door's name, the patron search. */
GtkEditable  *_ts_scan_window_get_code_entry (TsScanWindow *self);
GtkEditable  *_ts_scan_window_get_door_entry (TsScanWindow *self);
TsDoorSearch *_ts_scan_window_get_search     (TsScanWindow *self);

G_END_DECLS
