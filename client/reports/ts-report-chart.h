/* ts-report-chart.h — a report's figures as a chart people look at rather
 * than read (issue 13): a line (tickets or money by day) or bars (money by
 * channel), drawn the same way on screen, in a PDF and on paper */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TS_REPORT_CHART_LINE,
  TS_REPORT_CHART_BARS,
} TsReportChartKind;

#define TS_TYPE_REPORT_CHART (ts_report_chart_get_type ())
G_DECLARE_FINAL_TYPE (TsReportChart, ts_report_chart, TS, REPORT_CHART, GtkWidget)

GtkWidget *ts_report_chart_new        (TsReportChartKind  kind);
/* rows: report rows (the report shape of docs/api.md), in the order drawn
 * left to right; label_key: each row's x label, a date ("2026-12-01"), a
 * time, a whole number (days before) or a text; value_key: its y, a whole
 * number of tickets or, with value_is_cents, of cents.  A line places dates
 * and numbers at their distance apart, texts one per row.  NULL or no rows:
 * "No sales in this period". */
void       ts_report_chart_set_series (TsReportChart     *self,
                                       JsonArray         *rows,
                                       const char        *label_key,
                                       const char        *value_key,
                                       gboolean           value_is_cents);
/* The chart in width × height from cr's origin: the same drawing for the
 * screen, PDF export and printing, in ink for paper (dark on a light page)
 * whatever the screen's theme; the widget draws it in the theme's colours. */
void       ts_report_chart_draw       (TsReportChart     *self,
                                       cairo_t           *cr,
                                       double             width,
                                       double             height);

G_END_DECLS
