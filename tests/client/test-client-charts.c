/* test-client-charts.c — the reports' charts as people see them (issue 13):
 * a line that rises with the sales, the tallest bar for the largest
 * amount, the empty state, and the heat map that colours a sold-out price
 * zone hot and an empty one cold, checked on the pixels that
 * ts_report_chart_draw and ts_zone_heat_map_draw (the screen's, the PDF's
 * and the printer's drawing) put on a page; the 60,000-seat stadium on the
 * heat map in a real window */
#include <math.h>

#include <gtk/gtk.h>

#include "ts-format.h"
#include "ts-report-chart-private.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-generator.h"
#include "ts-seat-plan-seatsio.h"
#include "ts-test-ui.h"
#include "ts-zone-heat-map-private.h"

#define WIDTH 480
#define HEIGHT 280

static void
wait_for_draw (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static JsonArray *
rows_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

/* A drawing on white paper, as a PDF page or a printed sheet has. */
static cairo_surface_t *
draw_chart (TsReportChart *chart,
            int            width,
            int            height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  ts_report_chart_draw (chart, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The paper drawing as DIR/name when TESSERA_SCREENSHOTS=DIR is set, to
 * be looked at as the screenshots are. */
static void
save_drawing (cairo_surface_t *surface,
              const char      *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       GdkRGBA         *out)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 value = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);

  *out = (GdkRGBA) { ((value >> 16) & 0xff) / 255.0, ((value >> 8) & 0xff) / 255.0, (value & 0xff) / 255.0, 1 };
}

static gboolean
near_color (const GdkRGBA *a,
            const GdkRGBA *b,
            double         tolerance)
{
  return fabs (a->red - b->red) <= tolerance && fabs (a->green - b->green) <= tolerance
         && fabs (a->blue - b->blue) <= tolerance;
}

/* The topmost pixel of the series' colour in each column, -1 where none. */
static int *
series_tops (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface), height = cairo_image_surface_get_height (surface);
  int *tops = g_new (int, width);
  GdkRGBA series, seen;

  _ts_report_chart_paper_series (&series);
  for (int x = 0; x < width; x++)
    {
      tops[x] = -1;
      for (int y = 0; y < height && tops[x] < 0; y++)
        {
          pixel (surface, x, y, &seen);
          if (near_color (&seen, &series, 0.04))
            tops[x] = y;
        }
    }
  return tops;
}

/* Cumulative tickets by day before a performance: the line climbs from
 * left to right, days placed at their distance apart. */
static void
test_line_rises (void)
{
  g_autoptr(JsonArray) rows = rows_from ("["
    "{\"date\": \"2026-12-01\", \"cumulative_tickets\": 2},"
    "{\"date\": \"2026-12-03\", \"cumulative_tickets\": 5},"
    "{\"date\": \"2026-12-04\", \"cumulative_tickets\": 9},"
    "{\"date\": \"2026-12-10\", \"cumulative_tickets\": 40}]");
  GtkWidget *chart = g_object_ref_sink (ts_report_chart_new (TS_REPORT_CHART_LINE));
  cairo_surface_t *surface;
  g_autofree int *tops = NULL;
  int first = -1, last = -1, left_top = -1, right_top = -1;
  double along;

  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "date", "cumulative_tickets", FALSE);
  surface = draw_chart (TS_REPORT_CHART (chart), WIDTH, HEIGHT);
  save_drawing (surface, "paper-line.png");
  tops = series_tops (surface);
  for (int x = 0; x < WIDTH; x++)
    if (tops[x] >= 0)
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (last - first, >, WIDTH / 2);            /* the line spans the plot */
  left_top = tops[first + 6];
  right_top = tops[last - 6];
  g_assert_cmpint (right_top, <, left_top - HEIGHT / 3);    /* and rises: 2 tickets to 40 */
  /* days at their distance apart: three quarters of the way along (the
   * 7th, between the 4th's 9 tickets and the 10th's 40) the line is
   * already two thirds up; drawn a row per place it would be a third */
  along = (double) (left_top - tops[first + (int) ((last - first) * 0.75)]) / (left_top - right_top);
  g_assert_cmpfloat (along, >, 0.55);
  g_assert_nonnull (strstr (_ts_report_chart_get_summary (TS_REPORT_CHART (chart)), "40"));
  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* The same sales by days before the performance (30, 28, 27, 21), as the
 * rows come: the first row stays on the left, so the line still rises. */
static void
test_line_by_days_before (void)
{
  g_autoptr(JsonArray) rows = rows_from ("["
    "{\"days_before\": 30, \"cumulative_tickets\": 2},"
    "{\"days_before\": 28, \"cumulative_tickets\": 5},"
    "{\"days_before\": 27, \"cumulative_tickets\": 9},"
    "{\"days_before\": 21, \"cumulative_tickets\": 40}]");
  GtkWidget *chart = g_object_ref_sink (ts_report_chart_new (TS_REPORT_CHART_LINE));
  cairo_surface_t *surface;
  g_autofree int *tops = NULL;
  int first = -1, last = -1;

  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "days_before", "cumulative_tickets", FALSE);
  surface = draw_chart (TS_REPORT_CHART (chart), WIDTH, HEIGHT);
  save_drawing (surface, "paper-days-before.png");
  tops = series_tops (surface);
  for (int x = 0; x < WIDTH; x++)
    if (tops[x] >= 0)
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpint (tops[last - 6], <, tops[first + 6] - HEIGHT / 3);
  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* Net by channel: three bars, the tallest the largest amount, and the
 * tooltip over a bar says its channel and amount in money. */
static void
test_tallest_bar (void)
{
  g_autoptr(JsonArray) rows = rows_from ("["
    "{\"channel\": \"box_office\", \"net_cents\": 50000},"
    "{\"channel\": \"phone\", \"net_cents\": 120050},"
    "{\"channel\": \"internet\", \"net_cents\": 30000}]");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = ts_report_chart_new (TS_REPORT_CHART_BARS);
  cairo_surface_t *surface;
  g_autofree int *tops = NULL;
  g_autofree char *money = ts_format_money (120050), *expected = NULL, *tooltip = NULL;
  int bars = 0, tallest = -1, tallest_top = G_MAXINT;

  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "channel", "net_cents", TRUE);
  surface = draw_chart (TS_REPORT_CHART (chart), WIDTH, HEIGHT);
  save_drawing (surface, "paper-bars.png");
  tops = series_tops (surface);
  for (int x = 0; x < WIDTH; x++)
    {
      if (tops[x] < 0 || (x > 0 && tops[x - 1] >= 0))
        continue;
      /* a bar starts here: its top where it is highest */
      {
        int end = x, top = G_MAXINT;

        for (; end < WIDTH && tops[end] >= 0; end++)
          top = MIN (top, tops[end]);
        if (top < tallest_top)
          {
            tallest_top = top;
            tallest = bars;
          }
        bars++;
      }
    }
  g_assert_cmpint (bars, ==, 3);
  g_assert_cmpint (tallest, ==, 1);
  cairo_surface_destroy (surface);

  /* on screen, the tooltip over the second bar */
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (chart);
  ts_test_ui_screenshot (window, "chart-bars.png");
  tooltip = _ts_report_chart_dup_tooltip (TS_REPORT_CHART (chart), gtk_widget_get_width (chart) / 2.0,
                                          gtk_widget_get_height (chart) / 2.0);
  expected = g_strdup_printf (ts_test_ui_tr ("%s: %s"), "phone", money);
  g_assert_cmpstr (tooltip, ==, expected);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing sold: the chart says so, in the reader's language, and draws no
 * series; a screen reader hears the same. */
static void
test_empty (void)
{
  g_autoptr(JsonArray) rows = rows_from ("[]");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = ts_report_chart_new (TS_REPORT_CHART_LINE);
  cairo_surface_t *surface;
  g_autofree int *tops = NULL;
  gboolean ink = FALSE;
  GdkRGBA seen;

  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "date", "net_cents", TRUE);
  surface = draw_chart (TS_REPORT_CHART (chart), WIDTH, HEIGHT);
  save_drawing (surface, "paper-empty.png");
  tops = series_tops (surface);
  for (int x = 0; x < WIDTH; x++)
    g_assert_cmpint (tops[x], ==, -1);
  /* the sentence, across the middle */
  for (int x = WIDTH / 3; x < 2 * WIDTH / 3 && !ink; x++)
    for (int y = HEIGHT / 2 - 6; y < HEIGHT / 2 + 6 && !ink; y++)
      {
        pixel (surface, x, y, &seen);
        ink = seen.red < 0.6 && seen.green < 0.6 && seen.blue < 0.6;
      }
  g_assert_true (ink);
  g_assert_cmpstr (_ts_report_chart_get_summary (TS_REPORT_CHART (chart)), ==,
                   ts_test_ui_tr ("No sales in this period"));
  cairo_surface_destroy (surface);

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (chart);
  ts_test_ui_screenshot (window, "chart-empty.png");
  g_assert_null (_ts_report_chart_dup_tooltip (TS_REPORT_CHART (chart), WIDTH / 2.0, HEIGHT / 2.0));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ninety days in a narrow chart: the day labels thin out, none overlaps
 * another or leaves the chart, and the first day keeps its label. */
static void
test_labels_thinned (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 10, 1, 0, 0, 0);
  g_autoptr(JsonArray) rows = NULL;
  GtkWidget *chart = g_object_ref_sink (ts_report_chart_new (TS_REPORT_CHART_LINE));
  cairo_surface_t *surface;
  GArray *boxes;

  for (int i = 0; i < 90; i++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (day, i);
      g_autofree char *date = g_date_time_format (next, "%Y-%m-%d");

      g_string_append_printf (json, "%s{\"date\": \"%s\", \"cumulative_cents\": %d}", i > 0 ? "," : "", date,
                              i * 1500);
    }
  g_string_append (json, "]");
  rows = rows_from (json->str);
  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "date", "cumulative_cents", TRUE);
  surface = draw_chart (TS_REPORT_CHART (chart), 360, 200);
  save_drawing (surface, "paper-ninety-days.png");
  boxes = _ts_report_chart_get_label_boxes (TS_REPORT_CHART (chart));
  g_assert_cmpuint (boxes->len, >=, 3);
  g_assert_cmpuint (boxes->len, <, 30);
  for (guint i = 0; i < boxes->len; i++)
    {
      const graphene_rect_t *box = &g_array_index (boxes, graphene_rect_t, i);

      g_assert_cmpfloat (box->origin.x, >=, 0);
      g_assert_cmpfloat (box->origin.x + box->size.width, <=, 360);
      if (i > 0)
        {
          const graphene_rect_t *before = &g_array_index (boxes, graphene_rect_t, i - 1);

          g_assert_cmpfloat (box->origin.x, >=, before->origin.x + before->size.width + 4);
        }
    }
  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* Sales by event with long names and an event whose refunds outweigh its
 * sales: every bar keeps a label (cut to its room), none overlaps, and the
 * negative bar hangs below the zero line the others stand on. */
static void
test_bars_long_names_and_refunds (void)
{
  g_autoptr(JsonArray) rows = rows_from ("["
    "{\"event\": \"Hamlet, Prince of Denmark (the complete text)\", \"net_cents\": 90000},"
    "{\"event\": \"The Marriage of Figaro, in concert\", \"net_cents\": -25000},"
    "{\"event\": \"A Midsummer Night's Dream for schools\", \"net_cents\": 40000}]");
  GtkWidget *chart = g_object_ref_sink (ts_report_chart_new (TS_REPORT_CHART_BARS));
  cairo_surface_t *surface;
  GArray *boxes;
  GdkRGBA series, seen;
  int middle_of[3], top_of[3], bottom_of[3];

  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "event", "net_cents", TRUE);
  surface = draw_chart (TS_REPORT_CHART (chart), 360, 220);
  save_drawing (surface, "paper-bars-long.png");
  boxes = _ts_report_chart_get_label_boxes (TS_REPORT_CHART (chart));
  g_assert_cmpuint (boxes->len, ==, 3);
  for (guint i = 1; i < boxes->len; i++)
    g_assert_cmpfloat (g_array_index (boxes, graphene_rect_t, i).origin.x, >=,
                       g_array_index (boxes, graphene_rect_t, i - 1).origin.x
                       + g_array_index (boxes, graphene_rect_t, i - 1).size.width);
  /* each bar's extent down its middle column (under its label's middle) */
  _ts_report_chart_paper_series (&series);
  for (int b = 0; b < 3; b++)
    {
      const graphene_rect_t *box = &g_array_index (boxes, graphene_rect_t, b);

      middle_of[b] = (int) (box->origin.x + box->size.width / 2);
      top_of[b] = -1;
      bottom_of[b] = -1;
      for (int y = 0; y < 220; y++)
        {
          pixel (surface, middle_of[b], y, &seen);
          if (!near_color (&seen, &series, 0.04))
            continue;
          if (top_of[b] < 0)
            top_of[b] = y;
          bottom_of[b] = y;
        }
      g_assert_cmpint (top_of[b], >=, 0);
    }
  g_assert_cmpint (top_of[0], <, top_of[2]);                 /* $900 above $400 */
  g_assert_cmpint (top_of[1], >=, bottom_of[0] - 1);         /* -$250 below the zero line */
  g_assert_cmpint (ABS (bottom_of[0] - bottom_of[2]), <=, 1); /* both stand on it */
  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

static double
luminance (const GdkRGBA *color)
{
  return 0.3 * color->red + 0.59 * color->green + 0.11 * color->blue;
}

/* The darkest and the lightest pixel of a rectangle of the widget as the
 * screen shows it (its snapshot, rendered). */
static void
widget_extremes (GtkWidget *widget,
                 int        x0,
                 int        y0,
                 int        x1,
                 int        y1,
                 double    *out_darkest,
                 double    *out_lightest)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  GdkRGBA seen;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  *out_darkest = 1;
  *out_lightest = 0;
  for (int x = x0; x < x1; x++)
    for (int y = y0; y < y1; y++)
      {
        pixel (surface, x, y, &seen);
        *out_darkest = MIN (*out_darkest, luminance (&seen));
        *out_lightest = MAX (*out_lightest, luminance (&seen));
      }
  cairo_surface_destroy (surface);
}

/* In a dark theme the chart's words are light on the dark window, while
 * the drawing for paper keeps dark ink on white. */
static void
test_dark_theme (void)
{
  g_autoptr(JsonArray) rows = rows_from ("[]");
  GtkSettings *settings = gtk_settings_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = ts_report_chart_new (TS_REPORT_CHART_BARS);
  cairo_surface_t *surface;
  double darkest, lightest;
  GdkRGBA seen;
  gboolean ink = FALSE;

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  ts_report_chart_set_series (TS_REPORT_CHART (chart), rows, "channel", "net_cents", TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (chart);
  ts_test_ui_screenshot (window, "chart-empty-dark.png");
  widget_extremes (chart, WIDTH / 3, HEIGHT / 2 - 8, 2 * WIDTH / 3, HEIGHT / 2 + 8, &darkest, &lightest);
  /* the window dark, the sentence on it light */
  g_assert_cmpfloat (darkest, <, 0.35);
  g_assert_cmpfloat (lightest, >, 0.55);

  surface = draw_chart (TS_REPORT_CHART (chart), WIDTH, HEIGHT);
  for (int x = WIDTH / 3; x < 2 * WIDTH / 3 && !ink; x++)
    for (int y = HEIGHT / 2 - 6; y < HEIGHT / 2 + 6 && !ink; y++)
      {
        pixel (surface, x, y, &seen);
        ink = luminance (&seen) < 0.6;
      }
  g_assert_true (ink);
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

/* Heat map ---------------------------------------------------------------------------- */

static JsonObject *
compact_of (TsSeatPlan *plan)
{
  g_autoptr(JsonNode) node = ts_seat_plan_to_compact (plan);

  return json_object_ref (json_node_get_object (node));
}

static TsSeatPlan *
sample_plan (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "seatplans",
                                                 "seatsio-sample-theatre-ga.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  TsSeatPlan *plan;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  plan = ts_seat_plan_from_seatsio (root, NULL, &error);
  g_assert_no_error (error);
  return plan;
}

/* The zone-sales rows of a performance where the first category sold
 * out and the second sold nothing. */
static JsonArray *
zone_rows (const char *sold_out,
           const char *empty)
{
  g_autofree char *json = g_strdup_printf ("["
    "{\"price_zone\": \"%s\", \"capacity\": 10, \"sold\": 10, \"held\": 0, \"percent_sold\": 100.0, \"net_cents\": 50000},"
    "{\"price_zone\": \"%s\", \"capacity\": 20, \"sold\": 0, \"held\": 2, \"percent_sold\": 0.0, \"net_cents\": 0}]",
    sold_out, empty);

  return rows_from (json);
}

static void
test_heat_map_colours (void)
{
  g_autoptr(TsSeatPlan) plan = sample_plan ();
  g_autoptr(JsonObject) compact = compact_of (plan);
  const char *hot_zone = NULL, *cold_zone = NULL;
  g_autoptr(JsonArray) rows = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *map = ts_zone_heat_map_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 500);
  cairo_t *cr = cairo_create (surface);
  GdkRGBA hot, cold, seen;
  guint n_hot = 0, n_cold = 0;
  g_autofree char *tooltip = NULL, *percent = NULL, *expected = NULL;

  /* two categories that have seats */
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      if (seat->category == NULL)
        continue;
      if (hot_zone == NULL)
        hot_zone = seat->category;
      else if (cold_zone == NULL && g_strcmp0 (seat->category, hot_zone) != 0)
        cold_zone = seat->category;
    }
  g_assert_nonnull (cold_zone);
  rows = zone_rows (hot_zone, cold_zone);
  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (map), compact);
  ts_zone_heat_map_set_zones (TS_ZONE_HEAT_MAP (map), rows);

  ts_zone_heat_map_draw (TS_ZONE_HEAT_MAP (map), cr, 800, 500);
  cairo_surface_flush (surface);
  save_drawing (surface, "paper-heat-map.png");
  _ts_zone_heat_map_scale_color (100, &hot);
  _ts_zone_heat_map_scale_color (0, &cold);
  /* hot is the light end of the scale, cold the dark: it reads in grey too */
  g_assert_cmpfloat (0.3 * hot.red + 0.59 * hot.green + 0.11 * hot.blue, >,
                     0.3 * cold.red + 0.59 * cold.green + 0.11 * cold.blue + 0.5);
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
      double x, y;

      _ts_zone_heat_map_plan_to_view (TS_ZONE_HEAT_MAP (map), 800, 500, seat->x, seat->y, &x, &y);
      pixel (surface, (int) floor (x), (int) floor (y), &seen);
      if (g_strcmp0 (seat->category, hot_zone) == 0)
        {
          g_assert_true (near_color (&seen, &hot, 0.05));
          n_hot++;
        }
      else if (g_strcmp0 (seat->category, cold_zone) == 0)
        {
          g_assert_true (near_color (&seen, &cold, 0.05));
          n_cold++;
        }
    }
  g_assert_cmpuint (n_hot, >, 0);
  g_assert_cmpuint (n_cold, >, 0);
  /* general admission too, below its name */
  n_hot = n_cold = 0;
  for (guint a = 0; a < plan->areas->len; a++)
    {
      TsPlanArea *area = g_ptr_array_index (plan->areas, a);
      double x, y;

      if (area->capacity == 0 || area->shape != TS_AREA_ELLIPSE || area->rotation != 0)
        continue;
      _ts_zone_heat_map_plan_to_view (TS_ZONE_HEAT_MAP (map), 800, 500, area->x, area->y + area->height / 2, &x, &y);
      pixel (surface, (int) floor (x), (int) floor (y), &seen);
      if (g_strcmp0 (area->category, hot_zone) == 0)
        {
          g_assert_true (near_color (&seen, &hot, 0.05));
          n_hot++;
        }
      else if (g_strcmp0 (area->category, cold_zone) == 0)
        {
          g_assert_true (near_color (&seen, &cold, 0.05));
          n_cold++;
        }
    }
  g_assert_cmpuint (n_hot + n_cold, >, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* on screen: the tooltip of a sold-out seat says its zone's figures */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_set_child (GTK_WINDOW (window), map);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (map);
  ts_test_ui_screenshot (window, "heat-map-sample.png");
  for (guint i = 0; i < plan->seats->len && tooltip == NULL; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
      double x, y;

      if (g_strcmp0 (seat->category, hot_zone) != 0)
        continue;
      _ts_zone_heat_map_plan_to_view (TS_ZONE_HEAT_MAP (map), gtk_widget_get_width (map),
                                      gtk_widget_get_height (map), seat->x, seat->y, &x, &y);
      tooltip = _ts_zone_heat_map_dup_tooltip (TS_ZONE_HEAT_MAP (map), x, y);
    }
  percent = ts_format_percent (100, 1);
  expected = g_strdup_printf (ts_test_ui_tr ("%s: %d of %d sold (%s)"), hot_zone, 10, 10, percent);
  g_assert_cmpstr (tooltip, ==, expected);
  g_assert_nonnull (strstr (_ts_zone_heat_map_get_summary (TS_ZONE_HEAT_MAP (map)), hot_zone));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A map the client cannot read is said in the widget, without a warning;
 * seats whose zone has no figures are grey, off the scale, and the legend
 * says so; the widget goes away whole. */
static void
test_heat_map_unreadable_and_without_figures (void)
{
  g_autoptr(JsonNode) bad = json_from_string ("{\"map\": {\"seats\": 3}}", NULL);
  g_autoptr(TsSeatPlan) plan = sample_plan ();
  g_autoptr(JsonObject) compact = compact_of (plan);
  g_autoptr(JsonArray) none = rows_from ("[]");
  GtkWidget *map = g_object_ref_sink (ts_zone_heat_map_new ());
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 500);
  cairo_t *cr = cairo_create (surface);
  TsPlanSeat *seat = g_ptr_array_index (plan->seats, 0);
  GdkRGBA grey, seen;
  double x, y;

  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (map), json_node_get_object (bad));
  g_assert_null (_ts_zone_heat_map_get_plan (TS_ZONE_HEAT_MAP (map)));
  g_assert_cmpstr (_ts_zone_heat_map_get_summary (TS_ZONE_HEAT_MAP (map)), ==,
                   ts_test_ui_tr ("This seat map cannot be shown."));
  ts_zone_heat_map_draw (TS_ZONE_HEAT_MAP (map), cr, 800, 500);

  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (map), compact);
  ts_zone_heat_map_set_zones (TS_ZONE_HEAT_MAP (map), none);
  g_assert_cmpstr (_ts_zone_heat_map_get_summary (TS_ZONE_HEAT_MAP (map)), ==,
                   ts_test_ui_tr ("Seat map of sales by price zone: no figures"));
  ts_zone_heat_map_draw (TS_ZONE_HEAT_MAP (map), cr, 800, 500);
  cairo_surface_flush (surface);
  save_drawing (surface, "paper-heat-map-no-figures.png");
  _ts_zone_heat_map_no_figures_color (&grey);
  _ts_zone_heat_map_plan_to_view (TS_ZONE_HEAT_MAP (map), 800, 500, seat->x, seat->y, &x, &y);
  pixel (surface, (int) floor (x), (int) floor (y), &seen);
  g_assert_true (near_color (&seen, &grey, 0.05));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_finalize_object (map);
}

/* The 60,000-seat stadium builds and draws in a window (a GTK warning
 * would fail the test), its zones from cold to hot. */
static void
test_heat_map_stadium (void)
{
  g_autoptr(JsonNode) description = json_from_string (ts_seat_plan_demo_venue (TS_DEMO_VENUE_STADIUM), NULL);
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, NULL);
  g_autoptr(JsonObject) compact = compact_of (plan);
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(JsonArray) rows = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *map = ts_zone_heat_map_new ();

  g_assert_cmpuint (plan->seats->len, >=, 60000);
  for (guint c = 0; c < plan->categories->len; c++)
    {
      TsPlanCategory *category = g_ptr_array_index (plan->categories, c);
      int percent = plan->categories->len > 1 ? 100 * c / (plan->categories->len - 1) : 50;

      g_string_append_printf (json, "%s{\"price_zone\": \"%s\", \"capacity\": 1000, \"sold\": %d, \"held\": 0,"
                              " \"percent_sold\": %d}", c > 0 ? "," : "", category->name, percent * 10, percent);
    }
  g_string_append (json, "]");
  rows = rows_from (json->str);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), map);
  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (map), compact);
  ts_zone_heat_map_set_zones (TS_ZONE_HEAT_MAP (map), rows);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (map);
  g_assert_cmpuint (_ts_zone_heat_map_get_plan (TS_ZONE_HEAT_MAP (map))->seats->len, ==, plan->seats->len);
  ts_test_ui_screenshot (window, "heat-map-stadium.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The demo opera house drawn as the Reports page shows it (a few hundred
 * pixels for 2,000 seats): each section reads as one patch of its zone's
 * colour, not as dots on white paper.  Between two neighbours in a row, the
 * paper must not show. */
static void
test_heat_map_sections_read_whole (void)
{
  g_autoptr(JsonNode) description = json_from_string (ts_seat_plan_demo_venue (TS_DEMO_VENUE_OPERA), NULL);
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, NULL);
  g_autoptr(JsonObject) compact = compact_of (plan);
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(JsonArray) rows = NULL;
  GtkWidget *map = g_object_ref_sink (ts_zone_heat_map_new ());
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 240);
  cairo_t *cr = cairo_create (surface);
  GdkRGBA hot, seen;
  guint between = 0, covered = 0;

  for (guint c = 0; c < plan->categories->len; c++)
    g_string_append_printf (json, "%s{\"price_zone\": \"%s\", \"capacity\": 100, \"sold\": 100, \"held\": 0,"
                            " \"percent_sold\": 100}", c > 0 ? "," : "",
                            ((TsPlanCategory *) g_ptr_array_index (plan->categories, c))->name);
  g_string_append (json, "]");
  rows = rows_from (json->str);
  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (map), compact);
  ts_zone_heat_map_set_zones (TS_ZONE_HEAT_MAP (map), rows);
  ts_zone_heat_map_draw (TS_ZONE_HEAT_MAP (map), cr, 640, 240);
  cairo_surface_flush (surface);
  save_drawing (surface, "paper-heat-map-opera.png");
  _ts_zone_heat_map_scale_color (100, &hot);
  for (guint i = 1; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i), *before = g_ptr_array_index (plan->seats, i - 1);
      double x, y;

      if (seat->category == NULL || g_strcmp0 (seat->row, before->row) != 0 || g_strcmp0 (seat->zone, before->zone) != 0)
        continue;
      _ts_zone_heat_map_plan_to_view (TS_ZONE_HEAT_MAP (map), 640, 240, (seat->x + before->x) / 2,
                                      (seat->y + before->y) / 2, &x, &y);
      pixel (surface, (int) floor (x), (int) floor (y), &seen);
      between++;
      if (near_color (&seen, &hot, 0.25))
        covered++;
    }
  g_test_message ("%u of %u points between neighbours in the zone's colour", covered, between);
  g_assert_cmpuint (between, >, 1000);
  g_assert_cmpuint (covered, >=, between / 2);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (map);
}

int
main (int   argc,
      char *argv[])
{
  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  g_test_add_func ("/charts/line-rises", test_line_rises);
  g_test_add_func ("/charts/line-by-days-before", test_line_by_days_before);
  g_test_add_func ("/charts/tallest-bar", test_tallest_bar);
  g_test_add_func ("/charts/empty", test_empty);
  g_test_add_func ("/charts/labels-thinned", test_labels_thinned);
  g_test_add_func ("/charts/bars-long-names-and-refunds", test_bars_long_names_and_refunds);
  g_test_add_func ("/charts/dark-theme", test_dark_theme);
  g_test_add_func ("/charts/heat-map-colours", test_heat_map_colours);
  g_test_add_func ("/charts/heat-map-unreadable-and-without-figures", test_heat_map_unreadable_and_without_figures);
  g_test_add_func ("/charts/heat-map-stadium", test_heat_map_stadium);
  g_test_add_func ("/charts/heat-map-sections-read-whole", test_heat_map_sections_read_whole);
  return g_test_run ();
}
