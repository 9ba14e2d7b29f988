/* ts-reports-page-private.h — the Reports section's tabs and what it says
 * to a level without them, for the tests */
#pragma once

#include "ts-reports-page.h"

G_BEGIN_DECLS

/* "till" (TsReportsTillTab) or "outlets" (TsReportsAccountsTab). */
GtkWidget  *_ts_reports_page_get_tab         (TsReportsPage *self,
                                              const char    *name);
/* Whether the caller's level may use that tab (C4). */
gboolean    _ts_reports_page_has_tab         (TsReportsPage *self,
                                              const char    *name);
/* Why a level has no reports, or no accounts between outlets; "" when
 * everything shown may be used. */
const char *_ts_reports_page_get_explanation (TsReportsPage *self);

G_END_DECLS
