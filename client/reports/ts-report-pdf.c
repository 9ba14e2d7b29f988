/* ts-report-pdf.c — a report on paper, one drawing for the PDF export and for printing */
#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "ts-report-columns.h"
#include "ts-report-pdf.h"

#define MARGIN        36.0      /* points: half an inch around a PDF page */
#define PADDING        4.0      /* points between columns, each side */
#define CHART_HEIGHT 200.0
#define GAP           12.0      /* points after the subtitle, the chart, a table */

typedef struct
{
  char       *heading;
  JsonObject *report;
  GArray     *widths;           /* double, one per column */
} Table;

typedef enum
{
  LINE_TITLE,
  LINE_CHART,
  LINE_HEADING,
  LINE_LABELS,
  LINE_ROW,                     /* a row, or the totals line after the last */
  LINE_GAP,
} LineKind;

typedef struct
{
  LineKind kind;
  guint    table;
  guint    row;
  double   height;
} Line;

struct _TsReportPdf
{
  char                 *title;
  char                 *subtitle;
  TsReportPdfChartDraw  chart_draw;
  GObject              *chart;
  GPtrArray            *tables;

  /* the last pagination */
  double                width;
  double                row_height;
  GArray               *lines;     /* Line, in order, labels repeated where a table runs onto a page */
  GArray               *pages;     /* guint: each page's first line */
};

static void
table_free (gpointer data)
{
  Table *table = data;

  g_free (table->heading);
  json_object_unref (table->report);
  g_array_unref (table->widths);
  g_free (table);
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static guint
n_columns (Table *table)
{
  JsonArray *columns = array_member (table->report, "columns");

  return columns != NULL ? json_array_get_length (columns) : 0;
}

static const char *
column_member (Table      *table,
               guint       c,
               const char *member)
{
  return json_object_get_string_member (json_array_get_object_element (array_member (table->report, "columns"), c), member);
}

static guint
n_data_rows (Table *table)
{
  JsonArray *rows = array_member (table->report, "rows");

  return rows != NULL ? json_array_get_length (rows) : 0;
}

/* The totals when they sum a column shown, else NULL. */
static JsonObject *
totals_of (Table *table)
{
  JsonNode *node = json_object_get_member (table->report, "totals");
  JsonObject *totals = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (n_data_rows (table) == 0)
    return NULL;
  for (guint c = 0; totals != NULL && c < n_columns (table); c++)
    if (json_object_has_member (totals, column_member (table, c, "key")))
      return totals;
  return NULL;
}

static guint
n_rows (Table *table)
{
  return n_data_rows (table) + (totals_of (table) != NULL ? 1 : 0);
}

/* The text of row r (the totals line after the last row) in column c. */
static char *
cell_text (Table *table,
           guint  r,
           guint  c)
{
  const char *key = column_member (table, c, "key");
  const char *kind = column_member (table, c, "kind");

  if (r < n_data_rows (table))
    return ts_report_cell_text (json_array_get_object_element (array_member (table->report, "rows"), r), key, kind);
  if (json_object_has_member (totals_of (table), key))
    return ts_report_cell_text (totals_of (table), key, kind);
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

  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Columns as wide as their widest cell, all narrowed in proportion when
 * the table is wider than the page (cells are then cut with an ellipsis). */
static void
measure_columns (TsReportPdf *self,
                 Table       *table,
                 cairo_t     *cr)
{
  g_autoptr(PangoLayout) body = new_layout (cr, "Sans 8");
  g_autoptr(PangoLayout) bold = new_layout (cr, "Sans Bold 8");
  double total = 0;

  g_array_set_size (table->widths, 0);
  for (guint c = 0; c < n_columns (table); c++)
    {
      double width = text_width (bold, ts_report_column_label (column_member (table, c, "key")));

      for (guint r = 0; r < n_rows (table); r++)
        {
          g_autofree char *text = cell_text (table, r, c);

          width = MAX (width, text_width (r < n_data_rows (table) ? body : bold, text));
        }
      width += 2 * PADDING;
      g_array_append_val (table->widths, width);
      total += width;
    }
  if (total > self->width)
    for (guint c = 0; c < table->widths->len; c++)
      g_array_index (table->widths, double, c) *= self->width / total;
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
rule (TsReportPdf *self,
      cairo_t     *cr,
      double       y)
{
  cairo_move_to (cr, 0, y);
  cairo_line_to (cr, self->width, y);
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
}

static void
push_line (TsReportPdf *self,
           LineKind     kind,
           guint        table,
           guint        row,
           double       height)
{
  Line line = { kind, table, row, height };

  g_array_append_val (self->lines, line);
}

/* Type ------------------------------------------------------------------------------------- */

TsReportPdf *
ts_report_pdf_new (const char *title,
                   const char *subtitle)
{
  TsReportPdf *self = g_new0 (TsReportPdf, 1);

  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->tables = g_ptr_array_new_with_free_func (table_free);
  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  self->pages = g_array_new (FALSE, TRUE, sizeof (guint));
  return self;
}

void
ts_report_pdf_free (TsReportPdf *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->subtitle);
  g_clear_object (&self->chart);
  g_ptr_array_unref (self->tables);
  g_array_unref (self->lines);
  g_array_unref (self->pages);
  g_free (self);
}

void
ts_report_pdf_add_table (TsReportPdf *self,
                         const char  *heading,
                         JsonObject  *report)
{
  Table *table = g_new0 (Table, 1);

  table->heading = g_strdup (heading);
  table->report = json_object_ref (report);
  table->widths = g_array_new (FALSE, TRUE, sizeof (double));
  g_ptr_array_add (self->tables, table);
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
  g_autoptr(PangoLayout) heading = new_layout (cr, "Sans Bold 10");
  g_autoptr(PangoLayout) body = new_layout (cr, "Sans 8");
  g_autoptr(GArray) flow = g_array_new (FALSE, TRUE, sizeof (Line));
  double y = 0;
  guint first = 0;

  self->width = width;
  self->row_height = text_height (body, "Ag") + 4;
  g_array_set_size (self->lines, 0);
  g_array_set_size (self->pages, 0);

  /* everything in order, then cut into pages */
  push_line (self, LINE_TITLE, 0, 0, text_height (title, self->title) + text_height (subtitle, self->subtitle) + GAP);
  if (self->chart_draw != NULL)
    push_line (self, LINE_CHART, 0, 0, MIN (CHART_HEIGHT, height / 3) + GAP);
  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = g_ptr_array_index (self->tables, t);

      measure_columns (self, table, cr);
      if (table->heading != NULL)
        push_line (self, LINE_HEADING, t, 0, text_height (heading, table->heading) + 4);
      push_line (self, LINE_LABELS, t, 0, self->row_height + 2);
      for (guint r = 0; r < n_rows (table); r++)
        push_line (self, LINE_ROW, t, r, self->row_height);
      push_line (self, LINE_GAP, t, 0, GAP);
    }
  g_array_append_vals (flow, self->lines->data, self->lines->len);
  g_array_set_size (self->lines, 0);

  g_array_append_val (self->pages, first);
  for (guint i = 0; i < flow->len; i++)
    {
      Line line = g_array_index (flow, Line, i);
      /* a heading or the labels never end a page: they go with a row */
      double keep = line.kind == LINE_HEADING ? 2 * self->row_height + 2 : line.kind == LINE_LABELS ? self->row_height : 0;

      if (y > 0 && y + line.height + keep > height && line.kind != LINE_GAP)
        {
          guint start = self->lines->len;

          g_array_append_val (self->pages, start);
          y = 0;
          /* a table running onto a new page says its labels again */
          if (line.kind == LINE_ROW)
            {
              push_line (self, LINE_LABELS, line.table, 0, self->row_height + 2);
              y += self->row_height + 2;
            }
        }
      g_array_append_val (self->lines, line);
      y += line.height;
    }
  return self->pages->len;
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

  g_return_if_fail (page < self->pages->len);
  first = g_array_index (self->pages, guint, page);
  last = page + 1 < self->pages->len ? g_array_index (self->pages, guint, page + 1) : self->lines->len;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = first; i < last; i++)
    {
      Line *line = &g_array_index (self->lines, Line, i);
      Table *table = g_ptr_array_index (self->tables, line->table);
      double x = 0;

      switch (line->kind)
        {
        case LINE_TITLE:
          {
            g_autoptr(PangoLayout) title = new_layout (cr, "Sans Bold 14");
            g_autoptr(PangoLayout) subtitle = new_layout (cr, "Sans 10");
            double title_height = text_height (title, self->title);

            cairo_move_to (cr, 0, y);
            pango_cairo_show_layout (cr, title);
            text_height (subtitle, self->subtitle);
            cairo_move_to (cr, 0, y + title_height);
            pango_cairo_show_layout (cr, subtitle);
          }
          break;
        case LINE_CHART:
          cairo_save (cr);
          cairo_translate (cr, 0, y);
          self->chart_draw (self->chart, cr, self->width, line->height - GAP);
          cairo_restore (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          break;
        case LINE_HEADING:
          {
            g_autoptr(PangoLayout) heading = new_layout (cr, "Sans Bold 10");

            text_height (heading, table->heading);
            cairo_move_to (cr, 0, y);
            pango_cairo_show_layout (cr, heading);
          }
          break;
        case LINE_LABELS:
          for (guint c = 0; c < n_columns (table); c++)
            {
              double width = g_array_index (table->widths, double, c);

              draw_cell (cr, bold, ts_report_column_label (column_member (table, c, "key")), x, y, width,
                         ts_report_kind_is_numeric (column_member (table, c, "kind")));
              x += width;
            }
          rule (self, cr, y + self->row_height);
          break;
        case LINE_ROW:
          {
            gboolean total = line->row >= n_data_rows (table);

            if (total)
              rule (self, cr, y);
            for (guint c = 0; c < n_columns (table); c++)
              {
                g_autofree char *text = cell_text (table, line->row, c);
                double width = g_array_index (table->widths, double, c);

                draw_cell (cr, total ? bold : body, text, x, y, width, ts_report_kind_is_numeric (column_member (table, c, "kind")));
                x += width;
              }
          }
          break;
        case LINE_GAP:
          break;
        }
      y += line->height;
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
