/* bench-seat-map.c — drawing a seat map at 1920×1080: the 60,000-seat demo
 * stadium, or the plan in a file
 *
 * Figures, for the cairo renderer and for GL where it can be realized, each
 * in a process of its own: the first frame of the whole venue (the view
 * painted — areas, section outlines and their names, every seat — then
 * rendered), a hover frame (the painted view blitted, the hover drawn on
 * top), and the same two close in, seats 24 pixels across with their
 * numbers and the row labels; against a baseline measured once in the same
 * run: one plain colour rendered to a new texture of the widget's size.
 * Then the cost of one hit test through the spatial index, against a linear
 * scan of every seat in the same run.  The widget is asked for 1920×1080
 * and the figures say the size it got; run it on a screen that large.
 *
 *   xvfb-run -a -s '-screen 0 1920x1080x24' bench-seat-map [--frames 20]
 *     [--lookups 1000000] [PLAN-FILE (pretix or seats.io JSON, or a CSV grid)]
 */
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-bench-stats.h"
#include "ts-seat-map-private.h"
#include "ts-seat-plan-csv.h"
#include "ts-seat-plan-format.h"
#include "ts-seat-plan-generator.h"
#include "ts-seat-plan-pretix.h"
#include "ts-seat-plan-seatsio.h"

#define WIDTH 1920
#define HEIGHT 1080

static int frames = 20;
static int lookups = 1000000;

static GskRenderNode *
snapshot_node (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

/* One frame, as GTK makes it: the widget's snapshot, rendered. */
static double
frame_ms (GskRenderer *renderer,
          GtkWidget   *widget,
          gboolean     invalidate,
          int          hover)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gint64 t0;
  GskRenderNode *node;
  GdkTexture *texture;

  if (invalidate)
    /* a state change: the view is painted again */
    ts_seat_map_set_seat_state (TS_SEAT_MAP (widget), 0,
                                ts_seat_map_get_seat_state (TS_SEAT_MAP (widget), 0) == TS_SEAT_STATE_HELD
                                ? TS_SEAT_STATE_SOLD : TS_SEAT_STATE_HELD);
  _ts_seat_map_set_hover (TS_SEAT_MAP (widget), hover);
  t0 = g_get_monotonic_time ();
  node = snapshot_node (widget);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_object_unref (texture);
  gsk_render_node_unref (node);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* What any frame of this size costs this way: one plain colour rendered to
 * a new texture.  Measured once; a frame's own cost is what it takes above
 * this. */
static double
floor_ms (GskRenderer *renderer,
          int          width,
          int          height)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < frames; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      GskRenderNode *node = gsk_color_node_new (&(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
      GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
      double elapsed;

      g_object_unref (texture);
      gsk_render_node_unref (node);
      elapsed = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  return ts_bench_median (ms);
}

/* The seats about 24 pixels across, the middle of the plan's seats in view. */
static void
close_in (TsSeatMap *map)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (map);
  TsPlanSeat *seat = g_ptr_array_index (plan->seats, plan->seats->len / 2);

  ts_seat_map_fit (map);
  _ts_seat_map_zoom_by (map, 24 / (seat->radius * 1.7) / _ts_seat_map_get_scale (map), 0, 0);
  _ts_seat_map_center_on (map, seat->x, seat->y);
}

static void
print_figure (const char *renderer,
              const char *what,
              GArray     *ms,
              double      target,
              double      floor)
{
  double m = ts_bench_median (ms);

  g_print ("  %-6s %-18s median %7.1f ms   max %7.1f ms   %.1f ms above the baseline   (target < %g)\n",
           renderer, what, m, ts_bench_maximum (ms), m - floor, target);
}

static void
measure (const char  *name,
         GskRenderer *renderer,
         GtkWidget   *widget)
{
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hover = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) close_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) close_hover = g_array_new (FALSE, FALSE, sizeof (double));
  TsSeatMap *map = TS_SEAT_MAP (widget);
  guint n = ts_seat_map_get_plan (map)->seats->len;
  double floor = floor_ms (renderer, gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  for (int i = 0; i < frames; i++)
    {
      double a, b, c, d;

      ts_seat_map_fit (map);
      a = frame_ms (renderer, widget, TRUE, -1);
      b = frame_ms (renderer, widget, FALSE, (int) ((i * 2503u) % n));
      close_in (map);     /* a new view: painted again */
      c = frame_ms (renderer, widget, FALSE, -1);
      d = frame_ms (renderer, widget, FALSE, _ts_seat_map_seat_at (map, WIDTH / 2.0, HEIGHT / 2.0));
      g_array_append_val (first, a);
      g_array_append_val (hover, b);
      g_array_append_val (close_first, c);
      g_array_append_val (close_hover, d);
    }
  g_print ("  %-6s baseline           median %7.1f ms   (one colour to a new %d×%d texture)\n", name, floor,
           gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  print_figure (name, "first frame", first, 50, floor);
  print_figure (name, "hover frame", hover, 2, floor);
  print_figure (name, "close first frame", close_first, 50, floor);
  print_figure (name, "close hover frame", close_hover, 2, floor);
}

static TsSeatPlan *
load_plan (const char  *path,
           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *format;

  if (path == NULL)
    {
      g_autoptr(JsonNode) description = json_from_string (ts_seat_plan_demo_venue (TS_DEMO_VENUE_STADIUM), NULL);

      return ts_seat_plan_generate (description, error);
    }
  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  format = ts_seat_plan_guess_format (path, contents);
  if (g_str_equal (format, "csv"))
    return ts_seat_plan_from_csv (path, contents, error);
  root = json_from_string (contents, error);
  if (root == NULL)
    return NULL;
  if (g_str_equal (format, "seatsio"))
    return ts_seat_plan_from_seatsio (root, NULL, error);
  return ts_seat_plan_from_pretix (root, TRUE, NULL, error);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "frames", 'f', 0, G_OPTION_ARG_INT, &frames, "Frames per figure (default 20)", "N" },
    { "lookups", 'l', 0, G_OPTION_ARG_INT, &lookups, "Hit tests (default 1000000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PLAN-FILE] — seat map drawing and hit testing");
  g_autoptr(GError) error = NULL;
  const char *path;
  GtkWidget *window;
  TsSeatMap *map;
  TsSeatPlan *plan;
  GRand *rand = g_rand_new_with_seed (42);
  gint64 t0;
  double indexed_ns, linear_ns, min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  volatile int sink = 0;
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  path = argc > 1 ? argv[1] : NULL;
  gtk_init ();
  _ts_application_register_resources ();

  plan = load_plan (path, &error);
  if (plan == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 2;
    }
  n = plan->seats->len;
  if (n == 0)
    {
      g_printerr ("%s: the plan has no seats\n", path);
      return 2;
    }
  window = gtk_window_new ();
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  map = ts_seat_map_new ();
  /* the size the figures are for, whatever the screen */
  gtk_widget_set_size_request (GTK_WIDGET (map), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (map));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  if (g_getenv ("TESSERA_BENCH_RENDERER") == NULL)
    {
      g_print ("bench-seat-map: %s, %u seats, %u areas, widget %d×%d%s\n", path ? path : "the demo stadium", n,
               plan->areas->len, gtk_widget_get_width (GTK_WIDGET (map)), gtk_widget_get_height (GTK_WIDGET (map)),
               gtk_widget_get_width (GTK_WIDGET (map)) == WIDTH && gtk_widget_get_height (GTK_WIDGET (map)) == HEIGHT
               ? "" : " (not the 1920×1080 asked for: the figures are for this size)");
    }

  /* The widget keeps its view the way the window's renderer draws fastest,
   * so each renderer is measured in a process of its own (GSK_RENDERER). */
  if (g_getenv ("TESSERA_BENCH_RENDERER") == NULL)
    {
      const char *renderers[] = { "cairo", "gl" };

      for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
        {
          g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
          g_autoptr(GSubprocess) child = NULL;
          g_autofree char *output = NULL;
          g_autofree char *frames_text = g_strdup_printf ("%d", frames);

          g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderers[r], TRUE);
          g_subprocess_launcher_setenv (launcher, "TESSERA_BENCH_RENDERER", renderers[r], TRUE);
          child = g_subprocess_launcher_spawn (launcher, &error, argv[0], "--frames", frames_text, path, NULL);
          if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error))
            g_error ("%s", error->message);
          g_print ("%s", output ? output : "");
        }
    }
  else
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
      const char *name = g_getenv ("TESSERA_BENCH_RENDERER");

      if ((g_str_equal (name, "cairo") && !GSK_IS_CAIRO_RENDERER (renderer))
          || (g_str_equal (name, "gl") && GSK_IS_CAIRO_RENDERER (renderer)))
        g_print ("  %-6s not available here\n", name);
      else
        measure (name, renderer, GTK_WIDGET (map));
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  /* hit testing over the seats' extent: the spatial index against a linear scan */
  for (guint k = 0; k < n; k++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, k);

      min_x = MIN (min_x, seat->x);
      min_y = MIN (min_y, seat->y);
      max_x = MAX (max_x, seat->x);
      max_y = MAX (max_y, seat->y);
    }
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < lookups; i++)
    sink += _ts_seat_map_seat_at_plan (map, g_rand_double_range (rand, min_x, max_x + 1),
                                       g_rand_double_range (rand, min_y, max_y + 1));
  indexed_ns = (g_get_monotonic_time () - t0) * 1000.0 / lookups;
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < 2000; i++)
    {
      double px = g_rand_double_range (rand, min_x, max_x + 1), py = g_rand_double_range (rand, min_y, max_y + 1);

      for (guint k = 0; k < n; k++)
        {
          TsPlanSeat *seat = g_ptr_array_index (plan->seats, k);
          double dx = seat->x - px, dy = seat->y - py;

          if (dx * dx + dy * dy <= seat->radius * seat->radius)
            {
              sink += (int) k;
              break;
            }
        }
    }
  linear_ns = (g_get_monotonic_time () - t0) * 1000.0 / 2000;
  g_print ("  hit test (grid index)  %8.3f µs per lookup   (target < 2)\n", indexed_ns / 1000.0);
  g_print ("  hit test (linear scan) %8.3f µs per lookup   baseline; index is %.0f× faster\n",
           linear_ns / 1000.0, linear_ns / indexed_ns);

  gtk_window_destroy (GTK_WINDOW (window));
  g_rand_free (rand);
  return sink == 42 ? 1 : 0;
}
