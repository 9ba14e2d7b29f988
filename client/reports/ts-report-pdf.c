/* ts-report-pdf.c — a report on paper, one drawing for the PDF export and for printing */
#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "ts-report-columns.h"
#include "ts-report-pdf.h"

#define MARGIN        36.0      /* points: half an inch around a PDF page */
#define PADDING        4.0      /* points between columns, each side */
#define CHART_HEIGHT 200.0

struct _TsReportPdf
{
  JsonObject           *report;
  char                 *title;
  char                 *subtitle;
  TsReportPdfChartDraw  chart_draw;
  GObject              *chart;

  /* the last pagination */
  double                width;
  double                height;
  double                row_height;
  double                head_height;   /* title and subtitle */
  double                chart_height;
  GArray               *widths;        /* double, one per column */
  GArray               *page_starts;   /* guint: the first row of each page */
  guint                 n_rows;        /* rows, with the totals line */
};

static JsonArray *
columns_of (TsReportPdf *self)
{
  JsonNode *node = json_object_get_member (self->report, "columns");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static guint
n_columns (TsReportPdf *self)
{
  JsonArray *columns = columns_of (self);

  return columns != NULL ? json_array_get_length (columns) : 0;
}

static const char *
column_member (TsReportPdf *self,
               guint        c,
               const char  *member)
{
  return json_object_get_string_member (json_array_get_object_element (columns_of (self), c), member);
}

static JsonObject *
totals_of (TsReportPdf *self)
{
  JsonNode *node = json_object_get_member (self->report, "totals");
  JsonObject *totals = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  for (guint c = 0; totals != NULL && c < n_columns (self); c++)
    if (json_object_has_member (totals, column_member (self, c, "key")))
      return totals;
  return NULL;
}

static guint
n_data_rows (TsReportPdf *self)
{
  JsonNode *node = json_object_get_member (self->report, "rows");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

/* The text of row r (the totals line after the last row) in column c. */
static char *
cell_text (TsReportPdf *self,
           guint        r,
           guint        c)
{
  const char *key = column_member (self, c, "key");
  const char *kind = column_member (self, c, "kind");

  if (r < n_data_rows (self))
    return ts_report_cell_text (json_array_get_object_element (json_object_get_array_member (self->report, "rows"), r),
                                key, kind);
  if (json_object_has_member (totals_of (self), key))
    return ts_report_cell_text (totals_of (self), key, kind);
  return g_strdup (c == 0 ? _("Total") : "");
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  /* one user unit is one point, in the PDF and in the print context alike */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, description);
  return layout;
}

static double
text_width (PangoLayout *layout,
            const char  *text)
{
  int width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

static double
text_height (PangoLayout *layout,
             const char  *text)
{
  int height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Columns as wide as their widest cell, all narrowed in proportion when
 * the table is wider than the page (cells are then cut with an ellipsis). */
static void
measure_columns (TsReportPdf *self,
                 cairo_t     *cr)
{
  g_autoptr(PangoLayout) body = new_layout (cr, "Sans 8");
  g_autoptr(PangoLayout) bold = new_layout (cr, "Sans Bold 8");
  double total = 0;

  g_array_set_size (self->widths, 0);
  for (guint c = 0; c < n_columns (self); c++)
    {
      double width = text_width (bold, ts_report_column_label (column_member (self, c, "key")));

      for (guint r = 0; r < self->n_rows; r++)
        {
          g_autofree char *text = cell_text (self, r, c);

          width = MAX (width, text_width (r < n_data_rows (self) ? body : bold, text));
        }
      width += 2 * PADDING;
      g_array_append_val (self->widths, width);
      total += width;
    }
  if (total > self->width)
    for (guint c = 0; c < self->widths->len; c++)
      g_array_index (self->widths, double, c) *= self->width / total;
  self->row_height = text_height (body, "Ag") + 4;
}

static void
draw_cell (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       width,
           gboolean     right)
{
  double inner = MAX (width - 2 * PADDING, 1);

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (inner * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  cairo_move_to (cr, x + PADDING, y + 2);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_column_labels (TsReportPdf *self,
                    cairo_t     *cr,
                    PangoLayout *bold,
                    double       y)
{
  double x = 0;

  for (guint c = 0; c < n_columns (self); c++)
    {
      double width = g_array_index (self->widths, double, c);

      draw_cell (cr, bold, ts_report_column_label (column_member (self, c, "key")), x, y, width,
                 ts_report_kind_is_numeric (column_member (self, c, "kind")));
      x += width;
    }
  cairo_move_to (cr, 0, y + self->row_height);
  cairo_line_to (cr, self->width, y + self->row_height);
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
}

/* Type ------------------------------------------------------------------------------------- */

TsReportPdf *
ts_report_pdf_new (JsonObject *report,
                   const char *title,
                   const char *subtitle)
{
  TsReportPdf *self = g_new0 (TsReportPdf, 1);

  self->report = json_object_ref (report);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->widths = g_array_new (FALSE, TRUE, sizeof (double));
  self->page_starts = g_array_new (FALSE, TRUE, sizeof (guint));
  return self;
}

void
ts_report_pdf_free (TsReportPdf *self)
{
  if (self == NULL)
    return;
  json_object_unref (self->report);
  g_free (self->title);
  g_free (self->subtitle);
  g_clear_object (&self->chart);
  g_array_unref (self->widths);
  g_array_unref (self->page_starts);
  g_free (self);
}

void
ts_report_pdf_set_chart (TsReportPdf          *self,
                         TsReportPdfChartDraw  draw,
                         GObject              *chart)
{
  self->chart_draw = draw;
  g_set_object (&self->chart, chart);
}

guint
ts_report_pdf_paginate (TsReportPdf *self,
                        cairo_t     *cr,
                        double       width,
                        double       height)
{
  g_autoptr(PangoLayout) title = new_layout (cr, "Sans Bold 14");
  g_autoptr(PangoLayout) subtitle = new_layout (cr, "Sans 10");
  double available;
  guint row = 0;

  self->width = width;
  self->height = height;
  self->n_rows = n_data_rows (self) + (totals_of (self) != NULL ? 1 : 0);
  measure_columns (self, cr);
  self->head_height = text_height (title, self->title) + text_height (subtitle, self->subtitle) + 12;
  self->chart_height = self->chart_draw != NULL ? MIN (CHART_HEIGHT, height / 3) + 12 : 0;

  g_array_set_size (self->page_starts, 0);
  available = height - self->head_height - self->chart_height;
  do
    {
      /* at least one row a page, whatever the paper */
      guint fits = MAX ((guint) ((available - self->row_height) / self->row_height), 1);

      g_array_append_val (self->page_starts, row);
      row += fits;
      available = height;
    }
  while (row < self->n_rows);
  return self->page_starts->len;
}

void
ts_report_pdf_draw_page (TsReportPdf *self,
                         cairo_t     *cr,
                         guint        page)
{
  g_autoptr(PangoLayout) body = new_layout (cr, "Sans 8");
  g_autoptr(PangoLayout) bold = new_layout (cr, "Sans Bold 8");
  guint first, last;
  double y = 0;

  g_return_if_fail (page < self->page_starts->len);
  first = g_array_index (self->page_starts, guint, page);
  last = page + 1 < self->page_starts->len ? g_array_index (self->page_starts, guint, page + 1) : self->n_rows;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (page == 0)
    {
      g_autoptr(PangoLayout) title = new_layout (cr, "Sans Bold 14");
      g_autoptr(PangoLayout) subtitle = new_layout (cr, "Sans 10");

      pango_layout_set_text (title, self->title, -1);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, title);
      y = text_height (title, self->title);
      pango_layout_set_text (subtitle, self->subtitle, -1);
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, subtitle);
      y = self->head_height;
      if (self->chart_draw != NULL)
        {
          cairo_save (cr);
          cairo_translate (cr, 0, y);
          self->chart_draw (self->chart, cr, self->width, self->chart_height - 12);
          cairo_restore (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          y += self->chart_height;
        }
    }
  draw_column_labels (self, cr, bold, y);
  y += self->row_height;
  for (guint r = first; r < last; r++)
    {
      double x = 0;
      gboolean total = r >= n_data_rows (self);

      if (total)
        {
          cairo_move_to (cr, 0, y);
          cairo_line_to (cr, self->width, y);
          cairo_stroke (cr);
        }
      for (guint c = 0; c < n_columns (self); c++)
        {
          g_autofree char *text = cell_text (self, r, c);
          double width = g_array_index (self->widths, double, c);

          draw_cell (cr, total ? bold : body, text, x, y, width, ts_report_kind_is_numeric (column_member (self, c, "kind")));
          x += width;
        }
      y += self->row_height;
    }
  cairo_restore (cr);
}

gboolean
ts_report_pdf_save (TsReportPdf  *self,
                    GFile        *file,
                    GError      **error)
{
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (NULL);   /* the locale's: Letter or A4 */
  double width = gtk_paper_size_get_width (paper, GTK_UNIT_POINTS);
  double height = gtk_paper_size_get_height (paper, GTK_UNIT_POINTS);
  g_autofree char *path = g_file_get_path (file);
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint pages;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a file on this computer."));
      return FALSE;
    }
  surface = cairo_pdf_surface_create (path, width, height);
  cr = cairo_create (surface);
  cairo_translate (cr, MARGIN, MARGIN);
  pages = ts_report_pdf_paginate (self, cr, width - 2 * MARGIN, height - 2 * MARGIN);
  for (guint page = 0; page < pages; page++)
    {
      ts_report_pdf_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                TsReportPdf       *self)
{
  guint pages = ts_report_pdf_paginate (self, gtk_print_context_get_cairo_context (context),
                                        gtk_print_context_get_width (context), gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, (int) pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              TsReportPdf       *self)
{
  ts_report_pdf_draw_page (self, gtk_print_context_get_cairo_context (context), (guint) page);
}

GtkPrintOperationResult
ts_report_pdf_print (TsReportPdf              *self,
                     GtkWindow                *parent,
                     GtkPrintOperationAction   action,
                     const char               *export_filename,
                     GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();

  /* the same points as the PDF: one drawing for both */
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, self->title);
  if (export_filename != NULL)
    gtk_print_operation_set_export_filename (operation, export_filename);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), self);
  return gtk_print_operation_run (operation, action, parent, error);
}
