/* ts-report-chart-private.h — what only TsReportChart and its tests reach */
#pragma once

#include "ts-report-chart.h"

G_BEGIN_DECLS

/* What a screen reader says of the chart (its accessible label), and what
 * the tooltip says at widget point (x, y), or NULL there. */
const char *_ts_report_chart_get_summary (TsReportChart *self);
char       *_ts_report_chart_dup_tooltip (TsReportChart *self,
                                          double         x,
                                          double         y);
/* Where the x labels of the last drawing are (graphene_rect_t). */
GArray     *_ts_report_chart_get_label_boxes (TsReportChart *self);
/* The series colour of paper drawing (ts_report_chart_draw). */
void        _ts_report_chart_paper_series (GdkRGBA      *out_color);

G_END_DECLS
