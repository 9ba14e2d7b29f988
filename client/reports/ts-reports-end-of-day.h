/* ts-reports-end-of-day.h — the Reports section's End of Day: each
 * employee's till for a day, balanced and closed or not, Close Till…, and
 * the outlet's summary of the day; printable (A4) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORTS_END_OF_DAY (ts_reports_end_of_day_get_type ())
G_DECLARE_FINAL_TYPE (TsReportsEndOfDay, ts_reports_end_of_day, TS, REPORTS_END_OF_DAY, GtkBox)

/* Properties: "busy" (a request under way), "message", "date" (the day
 * shown, the outlet's today until another is chosen).  Actions:
 * "eod.show" (the day typed), "eod.close-till" (the till chosen, or the
 * caller's own), "eod.print", "eod.export-pdf". */

/* The client, and the outlet read (the Master User's choice; 0: the
 * caller's own) with its name for the printout; loads the day. */
void ts_reports_end_of_day_load (TsReportsEndOfDay *self,
                                 TsApiClient       *client,
                                 gint64             outlet_id,
                                 const char        *outlet_name);

G_END_DECLS
