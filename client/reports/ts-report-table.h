/* ts-report-table.h — a report's table: the columns the report names
 * (labels from ts-report-columns.c, numbers right aligned, money through
 * ts-format) and its rows, with the totals line last when it sums a column */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_TYPE_REPORT_TABLE (ts_report_table_get_type ())
G_DECLARE_FINAL_TYPE (TsReportTable, ts_report_table, TS, REPORT_TABLE, GtkWidget)

/* Properties: "rows" (TsJsonItem per row, the totals line last, marked by
 * ts_report_table_is_total), "selected" (the row chosen, a JsonObject, or
 * NULL; never the totals line).  Signal: "row-activated" (JsonObject row),
 * Enter or a double click on a row. */
GtkWidget  *ts_report_table_new          (void);
/* report: the contract's shape, or NULL to empty the table. */
void        ts_report_table_set_report   (TsReportTable *self,
                                          JsonObject    *report);
JsonObject *ts_report_table_get_selected (TsReportTable *self);
/* Chooses the first row whose member is value; FALSE when none is. */
gboolean    ts_report_table_select_where (TsReportTable *self,
                                          const char    *member,
                                          gint64         value);
/* Whether row (of "rows") is the totals line. */
gboolean    ts_report_table_is_total     (JsonObject    *row);

G_END_DECLS
