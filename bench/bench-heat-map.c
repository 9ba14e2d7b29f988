/* bench-heat-map.c — drawing the sales heat map (TsZoneHeatMap) of the
 * 60,000-seat demo stadium, against the same seats on the sales seat map
 * (TsSeatMap) measured in the same run
 *
 * Figures, each the median of --frames runs, in a window of WIDTH×HEIGHT:
 * the heat map's frame after new figures (its one render node made again:
 * every seat painted, then rendered), its frame with nothing changed (the
 * cached node rendered), and its drawing alone into an image surface (what
 * PDF export and printing call); the seat map's frame after a seat changed
 * state (its view painted again) and its cached frame.  The ratio is heat
 * map ÷ seat map for the frame after a change: the heat map should cost
 * about what the map people sell from costs, as it paints through the same
 * painter.
 *
 *   xvfb-run -a -s '-screen 0 1920x1080x24' bench-heat-map [--frames 20]
 */
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-bench-stats.h"
#include "ts-seat-map-private.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-generator.h"
#include "ts-zone-heat-map-private.h"

#define WIDTH 1280
#define HEIGHT 800

static int frames = 20;

/* One frame, as GTK makes it: the widget's snapshot, rendered. */
static double
frame_ms (GskRenderer *renderer,
          GtkWidget   *widget)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gint64 t0 = g_get_monotonic_time ();
  GskRenderNode *node;
  GdkTexture *texture;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_object_unref (texture);
  gsk_render_node_unref (node);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static GtkWidget *
show (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (widget);
  return window;
}

/* Figures for the stadium's price zones, shifted by k so that each run
 * brings new ones. */
static JsonArray *
zone_rows (TsSeatPlan *plan,
           int         k)
{
  JsonArray *rows = json_array_new ();

  for (guint c = 0; c < plan->categories->len; c++)
    {
      TsPlanCategory *category = g_ptr_array_index (plan->categories, c);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "price_zone", category->name);
      json_object_set_int_member (row, "capacity", 20000);
      json_object_set_int_member (row, "sold", (c * 7000 + k * 13) % 20000);
      json_object_set_int_member (row, "held", 0);
      json_object_set_double_member (row, "percent_sold", ((c * 7000 + k * 13) % 20000) / 200.0);
      json_array_add_object_element (rows, row);
    }
  return rows;
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames measured per figure", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the heat map against the seat map");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) description = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(JsonNode) compact = NULL;
  g_autoptr(GArray) heat_new = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) heat_cached = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) heat_paper = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) map_new = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) map_cached = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *heat, *map, *heat_window, *map_window;
  GskRenderer *renderer;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("no display\n");
      return 77;
    }
  _ts_application_register_resources ();
  frames = MAX (frames, 3);
  description = json_from_string (ts_seat_plan_demo_venue (TS_DEMO_VENUE_STADIUM), NULL);
  plan = ts_seat_plan_generate (description, &error);
  if (plan == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  compact = ts_seat_plan_to_compact (plan);

  heat = ts_zone_heat_map_new ();
  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (heat), json_node_get_object (compact));
  heat_window = show (heat);
  map = GTK_WIDGET (ts_seat_map_new ());
  ts_seat_map_set_plan (TS_SEAT_MAP (map), ts_seat_plan_from_compact (compact, NULL));
  map_window = show (map);
  renderer = gtk_native_get_renderer (GTK_NATIVE (heat_window));
  g_print ("%u seats, %d×%d, renderer %s, %d frames per figure\n", plan->seats->len,
           gtk_widget_get_width (heat), gtk_widget_get_height (heat), G_OBJECT_TYPE_NAME (renderer), frames);

  for (int i = 0; i < frames; i++)
    {
      g_autoptr(JsonArray) rows = zone_rows (plan, i);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
      cairo_t *cr = cairo_create (surface);
      gint64 t0;
      double ms;

      ts_zone_heat_map_set_zones (TS_ZONE_HEAT_MAP (heat), rows);
      ms = frame_ms (renderer, heat);
      g_array_append_val (heat_new, ms);
      ms = frame_ms (renderer, heat);
      g_array_append_val (heat_cached, ms);
      t0 = g_get_monotonic_time ();
      ts_zone_heat_map_draw (TS_ZONE_HEAT_MAP (heat), cr, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (heat_paper, ms);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);

      /* the seat map's view painted again, as after a sale */
      ts_seat_map_set_seat_state (TS_SEAT_MAP (map), (guint) i,
                                  ts_seat_map_get_seat_state (TS_SEAT_MAP (map), (guint) i) == TS_SEAT_STATE_SOLD
                                  ? TS_SEAT_STATE_AVAILABLE : TS_SEAT_STATE_SOLD);
      ms = frame_ms (renderer, map);
      g_array_append_val (map_new, ms);
      ms = frame_ms (renderer, map);
      g_array_append_val (map_cached, ms);
    }

  g_print ("  heat map, frame after new figures   median %7.1f ms\n", ts_bench_median (heat_new));
  g_print ("  heat map, frame unchanged (cached)  median %7.1f ms\n", ts_bench_median (heat_cached));
  g_print ("  heat map, drawn for PDF or print    median %7.1f ms\n", ts_bench_median (heat_paper));
  g_print ("  seat map, frame after a seat change median %7.1f ms   (baseline)\n", ts_bench_median (map_new));
  g_print ("  seat map, frame unchanged (cached)  median %7.1f ms\n", ts_bench_median (map_cached));
  g_print ("  ratio heat map / seat map after a change: %.2f\n", ts_bench_median (heat_new) / ts_bench_median (map_new));

  gtk_window_destroy (GTK_WINDOW (heat_window));
  gtk_window_destroy (GTK_WINDOW (map_window));
  return 0;
}
