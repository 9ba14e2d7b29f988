/* ts-report-pdf.h — a report laid out on paper: the title, the outlet and
 * the period, its chart, then its tables paged, each with its column labels
 * again on every page it runs onto and its totals last.  One drawing
 * function serves the PDF file (cairo) and the printer
 * (GtkPrintOperation), so both show the same. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _TsReportPdf TsReportPdf;

/* Draws a chart in width × height points (ts_report_chart_draw's shape). */
typedef void (*TsReportPdfChartDraw) (gpointer  chart,
                                      cairo_t  *cr,
                                      double    width,
                                      double    height);

/* title and subtitle (outlet, period) as people read them. */
TsReportPdf *ts_report_pdf_new        (const char           *title,
                                       const char           *subtitle);
/* A table: report in the contract's shape, under heading (NULL: none). */
void         ts_report_pdf_add_table  (TsReportPdf          *self,
                                       const char           *heading,
                                       JsonObject           *report);
void         ts_report_pdf_free       (TsReportPdf          *self);
/* A chart drawn above the table on the first page; chart is referenced. */
void         ts_report_pdf_set_chart  (TsReportPdf          *self,
                                       TsReportPdfChartDraw  draw,
                                       GObject              *chart);
/* Lays the report out for pages of width × height points (the area to
 * draw in, margins left out) and answers how many pages it takes. */
guint        ts_report_pdf_paginate   (TsReportPdf          *self,
                                       cairo_t              *cr,
                                       double                width,
                                       double                height);
/* Draws page (from 0) of the last pagination at the origin of cr. */
void         ts_report_pdf_draw_page  (TsReportPdf          *self,
                                       cairo_t              *cr,
                                       guint                 page);
/* A PDF file on the default paper of the locale (Letter or A4). */
gboolean     ts_report_pdf_save       (TsReportPdf          *self,
                                       GFile                *file,
                                       GError              **error);
/* Prints through GtkPrintOperation (action: the print dialog, or
 * GTK_PRINT_OPERATION_ACTION_EXPORT to export_filename, for tests). */
GtkPrintOperationResult ts_report_pdf_print (TsReportPdf              *self,
                                             GtkWindow                *parent,
                                             GtkPrintOperationAction   action,
                                             const char               *export_filename,
                                             GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsReportPdf, ts_report_pdf_free)

G_END_DECLS
