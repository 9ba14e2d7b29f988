/* ts-reports-end-of-day-private.h — the end of day as the tests read it */
#pragma once

#include "ts-reports-end-of-day.h"

G_BEGIN_DECLS

/* The last answer ({"date", "tills", "summary"}), or NULL. */
JsonObject *_ts_reports_end_of_day_get_report (TsReportsEndOfDay *self);
/* Chooses the till of employee_id; FALSE when it is not listed. */
gboolean    _ts_reports_end_of_day_choose     (TsReportsEndOfDay *self,
                                               gint64             employee_id);
/* The printout exported to a PDF file instead of printed. */
gboolean    _ts_reports_end_of_day_print_to   (TsReportsEndOfDay *self,
                                               const char        *filename,
                                               GError           **error);

G_END_DECLS
