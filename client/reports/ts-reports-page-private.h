/* ts-reports-page-private.h — the Reports section's reports and tabs, its
 * list and what it says to a level about what it may not see, for the tests */
#pragma once

#include "ts-reports-page.h"

G_BEGIN_DECLS

/* A report by its id in ts-report-catalog.c (a TsReportView), "till"
 * (TsReportsTillTab) or "outlets" (TsReportsAccountsTab). */
GtkWidget  *_ts_reports_page_get_tab         (TsReportsPage *self,
                                              const char    *name);
/* Whether the list offers it to the caller's level (C4). */
gboolean    _ts_reports_page_has_tab         (TsReportsPage *self,
                                              const char    *name);
/* What the page says is for higher levels; "" when everything is listed. */
const char *_ts_reports_page_get_explanation (TsReportsPage *self);
/* The Master User's choice of outlet; FALSE when it is not offered. */
gboolean    _ts_reports_page_choose_outlet   (TsReportsPage *self,
                                              gint64         outlet_id);
/* The list of reports (each row named as its report). */
GtkListBox *_ts_reports_page_get_list        (TsReportsPage *self);

G_END_DECLS
