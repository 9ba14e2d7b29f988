/* ts-reports-page.h — the Reports section: the reports an outlet can act
 * on, listed by section (sales, attendance, patrons, money), each shown
 * with its parameters, table, chart and exports (R2); the till (A4) and, for
 * Box Office Managers, the accounts between outlets (A2, A3) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORTS_PAGE (ts_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (TsReportsPage, ts_reports_page, TS, REPORTS_PAGE, GtkWidget)

/* Property: "busy" (requests under way, the reports' included).  Action:
 * "reports.show-tab" ("s": a report's id, till or outlets). */
TsReportsPage *ts_reports_page_new     (TsApiClient   *client);

G_END_DECLS
