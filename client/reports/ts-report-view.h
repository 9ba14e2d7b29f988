/* ts-report-view.h — one widget for any report in the contract's shape
 * (docs/api.md, "Reports"): the parameters the report takes, the table
 * built from its columns with a totals line, the chart above it, progress
 * and Cancel while it loads, and its exports (CSV, PDF, printing) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORT_VIEW (ts_report_view_get_type ())
G_DECLARE_FINAL_TYPE (TsReportView, ts_report_view, TS, REPORT_VIEW, GtkBox)

/* Properties: "report" (its id in ts-report-catalog.c, construct-only),
 * "busy" (a report loading), "message" (what the last action came to),
 * "rows" (TsJsonItem per row, the totals line last).  Actions:
 * "report.run", "report.cancel", "report.export-csv", "report.export-pdf",
 * "report.print". */
TsReportView *ts_report_view_new        (const char   *report);
/* Enter or a double click on a mailing list opens its members, with their
 * e-mail and address, in a window of their own. */
/* The client, and the outlet whose report it is (the Master User's choice;
 * 0: the caller's own) with its name for the title of a printout. */
void          ts_report_view_set_outlet (TsReportView *self,
                                         TsApiClient  *client,
                                         gint64        outlet_id,
                                         const char   *outlet_name);

/* The members of one mailing list (the "mailing-list" report), named. */
void          ts_report_view_set_mailing_list (TsReportView *self,
                                               gint64        mailing_list_id,
                                               const char   *name);

G_END_DECLS
