/* ts-reports-page.h — the Reports section: each employee's till for a day
 * (A4), and for Box Office Managers the accounts between outlets, their
 * settlement report and recording a settlement (A2, A3) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORTS_PAGE (ts_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (TsReportsPage, ts_reports_page, TS, REPORTS_PAGE, GtkWidget)

/* Property: "busy" (requests under way, the tabs' included).  Action:
 * "reports.show-tab" ("s": till or outlets). */
TsReportsPage *ts_reports_page_new     (TsApiClient   *client);

G_END_DECLS
