/* ts-performance-picker.h — the Sales page's list of the performances the
 * outlet may sell now (E2–E4; C4: today's only at Walk-up Sales), with a
 * search
 *
 * Properties: "loading" (TRUE while the list is asked for).
 * Signals: "performance-activated" (gint64 id): a performance was chosen;
 *   "show-message" (const char *text, gboolean is_error): something for the
 *   page's message line (a failed load, an empty list).
 * Its Reload button is the page's "sales.reload" action. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PERFORMANCE_PICKER (ts_performance_picker_get_type ())
G_DECLARE_FINAL_TYPE (TsPerformancePicker, ts_performance_picker, TS, PERFORMANCE_PICKER, GtkWidget)

/* The client the list is asked with (GET /sales/performances); asks for it. */
void        ts_performance_picker_set_client (TsPerformancePicker *self,
                                              TsApiClient         *client);
void        ts_performance_picker_reload     (TsPerformancePicker *self);
/* The performance as the server listed it (id, event, venue, starts_at,
 * map_id, role, outlet_id, outlet, on_sale), or NULL. */
JsonObject *ts_performance_picker_lookup     (TsPerformancePicker *self,
                                              gint64               performance_id);
/* "Event — date — venue", with the owning outlet when it is another's (E4);
 * NULL for a performance not listed. */
char       *ts_performance_picker_dup_title  (TsPerformancePicker *self,
                                              gint64               performance_id);
/* Whether the performance is the outlet's own (TRUE for one not listed:
 * the server decides). */
gboolean    ts_performance_picker_is_own     (TsPerformancePicker *self,
                                              gint64               performance_id);
/* Whether it starts today, in this computer's time (S8). */
gboolean    ts_performance_picker_is_today   (TsPerformancePicker *self,
                                              gint64               performance_id);

/* Puts the keyboard focus on the search of the performances. */
void         ts_performance_picker_focus_search (TsPerformancePicker *self);

G_END_DECLS
