/* ts-reports-till-tab.h — the Reports section's Till tab: each employee's
 * money taken, sales and refunds for a day, and whether they balance (A4) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORTS_TILL_TAB (ts_reports_till_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsReportsTillTab, ts_reports_till_tab, TS, REPORTS_TILL_TAB, GtkBox)

/* Properties: "busy" (a request under way), "date" (the day shown: the
 * outlet's today until another is chosen), "till" (one TsJsonItem per
 * employee).  Action: "till.show" (the day typed). */

/* Whose till the caller may read follows from client's level (C4). */
void ts_reports_till_tab_set_client (TsReportsTillTab *self,
                                     TsApiClient      *client);
/* The outlet whose books are read (the Master User's choice; others read
 * their own), then the day typed, or the outlet's today. */
void ts_reports_till_tab_load       (TsReportsTillTab *self,
                                     gint64            outlet_id);
/* Says why the till could not be loaded. */
void ts_reports_till_tab_show_error (TsReportsTillTab *self,
                                     const char       *message);

G_END_DECLS
