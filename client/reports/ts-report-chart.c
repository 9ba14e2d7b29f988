/* ts-report-chart.c — a report's series as a line or bars, drawn with cairo
 *
 * One drawing function serves the screen, the PDF export and printing; the
 * widget keeps what it drew as one render node, made again only when the
 * series, its size or the theme's colours change.  Ticks fall on round
 * values (money through ts-format, in whole units where the amounts allow),
 * x labels that would overlap are thinned, and a screen reader hears what
 * the chart shows (its accessible label). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-json.h"
#include "ts-report-chart-private.h"

/* Room around the plot and between labels, in pixels. */
#define PAD 8.0
#define LABEL_GAP 10.0
/* Dots on the line while they are this few; beyond, only the line. */
#define MAX_DOTS 60
/* A tooltip finds a point of the line this near, in pixels. */
#define NEAR 24.0

typedef struct
{
  char   *label;        /* under the x axis */
  char   *long_label;   /* in the tooltip and for screen readers */
  double  x;            /* position: a day, a number, or the row's place */
  gint64  value;
} Point;

typedef struct
{
  GdkRGBA ink;          /* text and the zero line */
  GdkRGBA grid;
  GdkRGBA series;
} Palette;

/* Where the plot was last laid out, for the tooltip. */
typedef struct
{
  double left, top, right, bottom;
  double x_min, x_max;  /* the positions at left and right (LINE) */
  double slot;          /* one bar's room (BARS) */
  double lo, hi;        /* the values at bottom and top */
} Plot;

struct _TsReportChart
{
  GtkWidget          parent_instance;

  TsReportChartKind  kind;
  GArray            *points;        /* Point */
  gboolean           cents;
  char              *summary;       /* the accessible label */
  GskRenderNode     *node;          /* the chart as last drawn on screen */
  int                node_width, node_height;
  Palette            node_palette;
  Plot               plot;          /* of that drawing */
  GArray            *label_boxes;   /* graphene_rect_t: the x labels of the last drawing */
};

G_DEFINE_FINAL_TYPE (TsReportChart, ts_report_chart, GTK_TYPE_WIDGET)

static const Palette paper = {
  { 0.12, 0.12, 0.14, 1 },
  { 0.12, 0.12, 0.14, 0.15 },
  { 0.11, 0.44, 0.85, 1 },           /* a blue that prints in grey as a mid tone */
};

static void
point_clear (gpointer data)
{
  Point *point = data;

  g_free (point->label);
  g_free (point->long_label);
}

static char *
format_value (TsReportChart *self,
              gint64         value)
{
  if (self->cents)
    return ts_format_money (value);
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* Labels ---------------------------------------------------------------------------- */

/* A date "YYYY-MM-DD" as a day at midnight UTC, or NULL. */
static GDateTime *
parse_date (const char *text)
{
  int year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

/* Reads the rows into points; FALSE when their labels are not all dates,
 * times or numbers that follow each other in one direction (then each row
 * has its own place). */
static gboolean
read_points (TsReportChart *self,
             JsonArray     *rows,
             const char    *label_key,
             const char    *value_key)
{
  gboolean numeric = TRUE;
  int direction = 0;

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = ts_json_lookup_element_object (rows, i);
      JsonNode *label = row != NULL && label_key != NULL ? json_object_get_member (row, label_key) : NULL;
      double value = 0, x = NAN;
      Point point = { NULL, NULL, i, 0 };

      if (row == NULL)
        continue;
      ts_json_lookup_number (row, value_key, &value);
      point.value = isfinite (value) ? (gint64) llround (value) : 0;
      if (label != NULL && JSON_NODE_HOLDS_VALUE (label) && json_node_get_value_type (label) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (label);
          g_autoptr(GDateTime) day = parse_date (text);
          g_autoptr(GDateTime) when = day == NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

          if (day != NULL)
            {
              /* TRANSLATORS: a day under a chart's axis, as
               * g_date_time_format() writes it; French (Canada): "%-d %b" */
              point.label = ts_format_with_pattern (day, _("%b %-d"));
              point.long_label = ts_format_with_pattern (day, "%a %Y-%m-%d");
              x = g_date_time_to_unix (day) / 86400.0;
            }
          else if (when != NULL)
            {
              g_autoptr(GTimeZone) zone = ts_format_get_time_zone ();
              g_autoptr(GDateTime) there = g_date_time_to_timezone (when, zone);

              point.label = ts_format_with_pattern (there, _("%b %-d"));
              point.long_label = ts_format_date_time (when, TS_TIME_LIST);
              x = g_date_time_to_unix (when) / 86400.0;
            }
          else
            point.label = g_strdup (text != NULL ? text : "");
        }
      else if (label != NULL && JSON_NODE_HOLDS_VALUE (label)
               && (json_node_get_value_type (label) == G_TYPE_INT64 || json_node_get_value_type (label) == G_TYPE_DOUBLE))
        {
          x = json_node_get_double (label);
          point.label = g_strdup_printf ("%g", x);
        }
      else
        point.label = g_strdup ("");
      if (point.long_label == NULL)
        point.long_label = g_strdup (point.label);
      if (numeric && isfinite (x) && self->points->len > 0)
        {
          double before = g_array_index (self->points, Point, self->points->len - 1).x;
          int step = x > before ? 1 : x < before ? -1 : 0;

          /* the rows' order is kept: a number that turns back is no axis */
          if (step == 0 || (direction != 0 && step != direction))
            numeric = FALSE;
          direction = step;
        }
      numeric = numeric && isfinite (x);
      point.x = x;
      g_array_append_val (self->points, point);
    }
  return numeric && self->points->len > 0;
}

static void
update_summary (TsReportChart *self)
{
  g_autofree char *high = NULL, *first = NULL, *last = NULL;
  const Point *highest, *start, *end;

  g_free (self->summary);
  if (self->points->len == 0)
    {
      self->summary = g_strdup (_("No sales in this period"));
      goto done;
    }
  highest = start = &g_array_index (self->points, Point, 0);
  end = &g_array_index (self->points, Point, self->points->len - 1);
  for (guint i = 1; i < self->points->len; i++)
    if (g_array_index (self->points, Point, i).value > highest->value)
      highest = &g_array_index (self->points, Point, i);
  high = format_value (self, highest->value);
  first = format_value (self, start->value);
  last = format_value (self, end->value);
  if (self->kind == TS_REPORT_CHART_LINE)
    /* TRANSLATORS: what a screen reader says of a line chart: how many
     * points, the first and the last (label and value), then the highest */
    self->summary = g_strdup_printf (ngettext ("Line chart of %u point, from %s (%s) to %s (%s); highest %s (%s)",
                                               "Line chart of %u points, from %s (%s) to %s (%s); highest %s (%s)",
                                               self->points->len),
                                     self->points->len, start->long_label, first, end->long_label, last,
                                     highest->long_label, high);
  else
    /* TRANSLATORS: what a screen reader says of a bar chart */
    self->summary = g_strdup_printf (ngettext ("Bar chart of %u bar, from %s (%s) to %s (%s); highest %s (%s)",
                                               "Bar chart of %u bars, from %s (%s) to %s (%s); highest %s (%s)",
                                               self->points->len),
                                     self->points->len, start->long_label, first, end->long_label, last,
                                     highest->long_label, high);
done:
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);
}

/* Drawing -------------------------------------------------------------------------- */

/* Round ticks from lo to hi that hold min and max (and zero): 1, 2 or 5
 * times a power of ten, about five of them, never a fraction of a ticket or
 * a cent; amounts of $5 and more tick in whole dollars (a step of 100 cents
 * or more is a multiple of 100). */
static void
nice_range (double  min,
            double  max,
            double *out_lo,
            double *out_hi,
            double *out_step)
{
  double raw, magnitude, norm, step;

  min = MIN (min, 0);
  max = MAX (max, 0);
  if (max - min < 1)
    max = min + 1;
  raw = (max - min) / 5;
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  step = MAX (step, 1);
  *out_step = step;
  *out_lo = floor (min / step) * step;
  *out_hi = ceil (max / step) * step;
  if (*out_hi <= *out_lo)
    *out_hi = *out_lo + step;
}

static PangoLayout *
new_layout (TsReportChart *self,
            cairo_t       *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));

  pango_layout_set_font_description (layout, font);
  return layout;
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *text,
           double         x,
           double         y,
           double         align_x,    /* 0 left, 0.5 centre, 1 right of x */
           double         align_y,
           const GdkRGBA *ink)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - align_x * w), round (y - align_y * h));
  gdk_cairo_set_source_rgba (cr, ink);
  pango_cairo_show_layout (cr, layout);
}

static double
point_x (TsReportChart *self,
         const Plot    *plot,
         guint          i)
{
  const Point *point = &g_array_index (self->points, Point, i);

  if (self->kind == TS_REPORT_CHART_BARS)
    return plot->left + (i + 0.5) * plot->slot;
  if (plot->x_max <= plot->x_min)
    return (plot->left + plot->right) / 2;
  return plot->left + (point->x - plot->x_min) / (plot->x_max - plot->x_min) * (plot->right - plot->left);
}

static double
value_y (const Plot *plot,
         double      value)
{
  return plot->bottom - (value - plot->lo) / (plot->hi - plot->lo) * (plot->bottom - plot->top);
}

static void
draw_empty (TsReportChart *self,
            cairo_t       *cr,
            double         width,
            double         height,
            const Palette *palette)
{
  g_autoptr(PangoLayout) layout = new_layout (self, cr);
  GdkRGBA ink = palette->ink;

  ink.alpha *= 0.65;
  show_text (cr, layout, _("No sales in this period"), width / 2, height / 2, 0.5, 0.5, &ink);
}

/* The x labels under their points, each only where it clears the last one
 * drawn (and the edges): many days or channels thin out instead of
 * overlapping. */
static void
draw_x_labels (TsReportChart *self,
               cairo_t       *cr,
               PangoLayout   *layout,
               const Plot    *plot,
               double         width,
               const Palette *palette)
{
  double last_right = -G_MAXDOUBLE;

  g_array_set_size (self->label_boxes, 0);
  if (self->kind == TS_REPORT_CHART_BARS)
    {
      /* a long name (an event's) is cut to its bar's room, "Hamlet, Prince o…",
       * rather than hiding its neighbours'; the tooltip says it whole */
      pango_layout_set_width (layout, (int) MAX (plot->slot - LABEL_GAP, 24) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *point = &g_array_index (self->points, Point, i);
      double x = point_x (self, plot, i), left;
      int w, h;

      pango_layout_set_text (layout, point->label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      left = CLAMP (x - w / 2.0, 0, MAX (0, width - w));
      if (left < last_right + LABEL_GAP)
        continue;
      show_text (cr, layout, point->label, left, plot->bottom + PAD / 2, 0, 0, &palette->ink);
      g_array_append_val (self->label_boxes, GRAPHENE_RECT_INIT (left, plot->bottom + PAD / 2, w, h));
      last_right = left + w;
    }
}

static void
draw_series (TsReportChart *self,
             cairo_t       *cr,
             const Plot    *plot,
             const Palette *palette)
{
  double zero = value_y (plot, 0);

  if (self->kind == TS_REPORT_CHART_BARS)
    {
      double bar = MIN (plot->slot * 0.7, 96);

      cairo_new_path (cr);
      for (guint i = 0; i < self->points->len; i++)
        {
          double x = point_x (self, plot, i), y = value_y (plot, g_array_index (self->points, Point, i).value);

          cairo_rectangle (cr, x - bar / 2, MIN (y, zero), bar, fabs (zero - y));
        }
      gdk_cairo_set_source_rgba (cr, &palette->series);
      cairo_fill (cr);
      return;
    }

  /* the area under the line, faint, then the line and its dots (a new
   * path: the last label left its point) */
  cairo_new_path (cr);
  for (guint i = 0; i < self->points->len; i++)
    cairo_line_to (cr, point_x (self, plot, i), value_y (plot, g_array_index (self->points, Point, i).value));
  cairo_line_to (cr, point_x (self, plot, self->points->len - 1), zero);
  cairo_line_to (cr, point_x (self, plot, 0), zero);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, palette->series.red, palette->series.green, palette->series.blue, 0.15);
  cairo_fill (cr);
  for (guint i = 0; i < self->points->len; i++)
    cairo_line_to (cr, point_x (self, plot, i), value_y (plot, g_array_index (self->points, Point, i).value));
  gdk_cairo_set_source_rgba (cr, &palette->series);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  if (self->points->len <= MAX_DOTS)
    {
      for (guint i = 0; i < self->points->len; i++)
        {
          double x = point_x (self, plot, i), y = value_y (plot, g_array_index (self->points, Point, i).value);

          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
}

static void
paint (TsReportChart *self,
       cairo_t       *cr,
       double         width,
       double         height,
       const Palette *palette,
       Plot          *out_plot)
{
  g_autoptr(PangoLayout) layout = NULL;
  Plot plot = { 0 };
  double min = G_MAXDOUBLE, max = -G_MAXDOUBLE, step, widest = 0;
  int w, h;

  if (out_plot != NULL)
    *out_plot = plot;
  if (width <= 0 || height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  g_array_set_size (self->label_boxes, 0);
  if (self->points->len == 0)
    {
      draw_empty (self, cr, width, height, palette);
      cairo_restore (cr);
      return;
    }
  layout = new_layout (self, cr);
  for (guint i = 0; i < self->points->len; i++)
    {
      min = MIN (min, g_array_index (self->points, Point, i).value);
      max = MAX (max, g_array_index (self->points, Point, i).value);
    }
  nice_range (min, max, &plot.lo, &plot.hi, &step);
  /* the widest tick label makes the left margin */
  for (double v = plot.lo; v <= plot.hi + step / 2; v += step)
    {
      g_autofree char *text = format_value (self, (gint64) llround (v));

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      widest = MAX (widest, w);
    }
  plot.left = PAD + widest + PAD;
  plot.right = width - PAD - (self->kind == TS_REPORT_CHART_LINE ? PAD : 0);
  plot.top = PAD + h / 2.0;
  plot.bottom = height - PAD - h - PAD / 2;
  if (plot.right - plot.left < 20 || plot.bottom - plot.top < 20)
    {
      cairo_restore (cr);
      return;   /* too small to say anything */
    }
  plot.slot = (plot.right - plot.left) / self->points->len;
  plot.x_min = g_array_index (self->points, Point, 0).x;
  plot.x_max = g_array_index (self->points, Point, self->points->len - 1).x;

  /* grid lines at the ticks, their values on the left */
  cairo_set_line_width (cr, 1);
  for (double v = plot.lo; v <= plot.hi + step / 2; v += step)
    {
      g_autofree char *text = format_value (self, (gint64) llround (v));
      double y = round (value_y (&plot, v)) + 0.5;

      cairo_move_to (cr, plot.left, y);
      cairo_line_to (cr, plot.right, y);
      gdk_cairo_set_source_rgba (cr, llround (v) == 0 ? &palette->ink : &palette->grid);
      cairo_stroke (cr);
      show_text (cr, layout, text, plot.left - PAD, y, 1, 0.5, &palette->ink);
    }
  draw_series (self, cr, &plot, palette);
  draw_x_labels (self, cr, layout, &plot, width, palette);
  cairo_restore (cr);
  if (out_plot != NULL)
    *out_plot = plot;
}

/* The widget ---------------------------------------------------------------------------- */

/* The theme's text colour and accent, so that the chart reads in a dark
 * theme as in a light one. */
static void
theme_palette (TsReportChart *self,
               Palette       *out)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (style, &out->ink);
  out->grid = out->ink;
  out->grid.alpha *= 0.18;
  if (!gtk_style_context_lookup_color (style, "accent_color", &out->series)
      && !gtk_style_context_lookup_color (style, "theme_selected_bg_color", &out->series))
    out->series = paper.series;
}

static gboolean
same_palette (const Palette *a,
              const Palette *b)
{
  return gdk_rgba_equal (&a->ink, &b->ink) && gdk_rgba_equal (&a->grid, &b->grid)
         && gdk_rgba_equal (&a->series, &b->series);
}

static void
invalidate (TsReportChart *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ts_report_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TsReportChart *self = TS_REPORT_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  Palette palette;

  if (width <= 0 || height <= 0)
    return;
  theme_palette (self, &palette);
  if (self->node == NULL || self->node_width != width || self->node_height != height
      || !same_palette (&palette, &self->node_palette))
    {
      GtkSnapshot *drawing = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (drawing, &GRAPHENE_RECT_INIT (0, 0, width, height));

      paint (self, cr, width, height, &palette, &self->plot);
      cairo_destroy (cr);
      g_clear_pointer (&self->node, gsk_render_node_unref);
      self->node = gtk_snapshot_free_to_node (drawing);
      self->node_width = width;
      self->node_height = height;
      self->node_palette = palette;
    }
  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
}

static gboolean
ts_report_chart_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip)
{
  g_autofree char *text = _ts_report_chart_dup_tooltip (TS_REPORT_CHART (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
ts_report_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 320;
}

static void
ts_report_chart_finalize (GObject *object)
{
  TsReportChart *self = TS_REPORT_CHART (object);

  g_array_unref (self->points);
  g_array_unref (self->label_boxes);
  g_free (self->summary);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  G_OBJECT_CLASS (ts_report_chart_parent_class)->finalize (object);
}

static void
ts_report_chart_class_init (TsReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ts_report_chart_finalize;
  widget_class->snapshot = ts_report_chart_snapshot;
  widget_class->measure = ts_report_chart_measure;
  widget_class->query_tooltip = ts_report_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "reportchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ts_report_chart_init (TsReportChart *self)
{
  self->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (self->points, point_clear);
  self->label_boxes = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  update_summary (self);
}

/* Public -------------------------------------------------------------------------------- */

GtkWidget *
ts_report_chart_new (TsReportChartKind kind)
{
  TsReportChart *self = g_object_new (TS_TYPE_REPORT_CHART, NULL);

  self->kind = kind;
  update_summary (self);
  return GTK_WIDGET (self);
}

void
ts_report_chart_set_series (TsReportChart *self,
                            JsonArray     *rows,
                            const char    *label_key,
                            const char    *value_key,
                            gboolean       value_is_cents)
{
  g_return_if_fail (TS_IS_REPORT_CHART (self));
  g_return_if_fail (value_key != NULL || rows == NULL);

  g_array_set_size (self->points, 0);
  self->cents = value_is_cents;
  if (!read_points (self, rows, label_key, value_key))
    /* one place per row, in the rows' order */
    for (guint i = 0; i < self->points->len; i++)
      g_array_index (self->points, Point, i).x = i;
  else if (g_array_index (self->points, Point, 0).x > g_array_index (self->points, Point, self->points->len - 1).x)
    /* numbers falling row by row (days before the performance): the first
     * row stays on the left */
    for (guint i = 0; i < self->points->len; i++)
      g_array_index (self->points, Point, i).x = -g_array_index (self->points, Point, i).x;
  update_summary (self);
  invalidate (self);
}

void
ts_report_chart_draw (TsReportChart *self,
                      cairo_t       *cr,
                      double         width,
                      double         height)
{
  g_return_if_fail (TS_IS_REPORT_CHART (self));
  g_return_if_fail (cr != NULL);

  paint (self, cr, width, height, &paper, NULL);
}

/* Private ------------------------------------------------------------------------------- */

const char *
_ts_report_chart_get_summary (TsReportChart *self)
{
  return self->summary;
}

char *
_ts_report_chart_dup_tooltip (TsReportChart *self,
                              double         x,
                              double         y)
{
  const Plot *plot = &self->plot;
  int best = -1;
  double best_distance = NEAR;
  g_autofree char *value = NULL;

  if (self->points->len == 0 || plot->right <= plot->left || y < plot->top - NEAR || y > plot->bottom + NEAR)
    return NULL;
  if (self->kind == TS_REPORT_CHART_BARS)
    {
      if (x >= plot->left && x < plot->right)
        best = MIN ((guint) ((x - plot->left) / plot->slot), self->points->len - 1);
    }
  else
    for (guint i = 0; i < self->points->len; i++)
      {
        double distance = fabs (point_x (self, plot, i) - x);

        if (distance < best_distance)
          {
            best_distance = distance;
            best = i;
          }
      }
  if (best < 0)
    return NULL;
  value = format_value (self, g_array_index (self->points, Point, best).value);
  /* TRANSLATORS: a chart's tooltip: the point's label, then its value */
  return g_strdup_printf (_("%s: %s"), g_array_index (self->points, Point, best).long_label, value);
}

GArray *
_ts_report_chart_get_label_boxes (TsReportChart *self)
{
  return self->label_boxes;
}

void
_ts_report_chart_paper_series (GdkRGBA *out_color)
{
  *out_color = paper.series;
}
