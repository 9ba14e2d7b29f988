/* ts-report-csv.h — a report written as CSV (RFC 4180, UTF-8): the
 * translated column labels, then one line per row and a totals line when
 * the report has totals; cents as 12.34 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* report: the contract's report shape ("columns", "rows", "totals"). */
char     *ts_report_csv_build (JsonObject  *report);
gboolean  ts_report_csv_save  (JsonObject  *report,
                               GFile       *file,
                               GError     **error);

G_END_DECLS
