/* bench-seat-map.c — rendering the 60,000-seat stadium at 1920×1080
 *
 * Figures: the first frame (seat node built, then rendered to a texture), a
 * hover-only frame (cached node, hover outline on top), with the cairo
 * renderer and with GL when it can be realized; and the cost of one hit
 * test through the spatial index, against a linear scan of every seat in the
 * same run.  Needs a display (xvfb-run).
 *
 *   xvfb-run -a bench-seat-map [--frames 20] [--lookups 1000000]
 */
#include <gtk/gtk.h>

#include "ts-application.h"
#include "ts-seat-map.h"
#include "ts-seat-plan-generator.h"

static int frames = 20;
static int lookups = 1000000;

static GskRenderNode *
snapshot_node (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static double
frame_ms (GskRenderer *renderer,
          GtkWidget   *widget,
          gboolean     invalidate,
          int          hover)
{
  gint64 t0;
  GskRenderNode *node;
  GdkTexture *texture;

  if (invalidate)
    /* a state change drops the cached seats */
    ts_seat_map_set_seat_state (TS_SEAT_MAP (widget), 0,
                                ts_seat_map_is_selected (TS_SEAT_MAP (widget), 0) ? TS_SEAT_STATE_SOLD : TS_SEAT_STATE_HELD);
  ts_seat_map_set_hover (TS_SEAT_MAP (widget), hover);
  t0 = g_get_monotonic_time ();
  node = snapshot_node (widget);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1920, 1080));
  g_object_unref (texture);
  gsk_render_node_unref (node);
  if (invalidate)
    ts_seat_map_toggle_selected (TS_SEAT_MAP (widget), 0);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* What any 1920×1080 frame costs this way: one plain colour rendered to a
 * new texture.  A frame's own cost is what it takes above this. */
static double
floor_ms (GskRenderer *renderer)
{
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  for (int i = 0; i < frames; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      GskRenderNode *node = gsk_color_node_new (&(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, 1920, 1080));
      GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1920, 1080));
      double elapsed;

      g_object_unref (texture);
      gsk_render_node_unref (node);
      elapsed = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  g_array_sort (ms, compare_double);
  median = g_array_index (ms, double, ms->len / 2);
  g_array_unref (ms);
  return median;
}

static void
measure (const char  *name,
         GskRenderer *renderer,
         GtkWidget   *widget)
{
  GArray *first = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *hover = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < frames; i++)
    {
      double a = frame_ms (renderer, widget, TRUE, -1);
      double b = frame_ms (renderer, widget, FALSE, (i * 2503) % 60000);

      g_array_append_val (first, a);
      g_array_append_val (hover, b);
    }
  g_array_sort (first, compare_double);
  g_array_sort (hover, compare_double);
  g_print ("  %-6s first frame  median %7.1f ms   max %7.1f ms   (target < 150)\n", name,
           g_array_index (first, double, first->len / 2), g_array_index (first, double, first->len - 1));
  g_print ("  %-6s hover frame  median %7.1f ms   max %7.1f ms   (target < 8)\n", name,
           g_array_index (hover, double, hover->len / 2), g_array_index (hover, double, hover->len - 1));
  g_print ("  %-6s any frame    median %7.1f ms   (baseline: one colour to a new 1920×1080 texture; the hover frame "
           "costs %.1f ms above it)\n", name, floor_ms (renderer),
           g_array_index (hover, double, hover->len / 2) - floor_ms (renderer));
  g_array_unref (first);
  g_array_unref (hover);
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
  g_autoptr(GOptionContext) context = g_option_context_new ("— seat map rendering and hit testing");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) description = NULL;
  GtkWidget *window;
  TsSeatMap *map;
  TsSeatPlan *plan;
  GRand *rand = g_rand_new_with_seed (42);
  gint64 t0;
  double indexed_ns, linear_ns;
  volatile int sink = 0;
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  gtk_init ();
  ts_application_register_resources ();

  description = json_from_string (ts_seat_plan_demo_venue (TS_DEMO_VENUE_STADIUM), NULL);
  plan = ts_seat_plan_generate (description, NULL);
  n = plan->seats->len;
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  map = ts_seat_map_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (map));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  if (g_getenv ("TESSERA_BENCH_RENDERER") == NULL)
    g_print ("bench-seat-map: %u seats, widget %d×%d\n", n,
           gtk_widget_get_width (GTK_WIDGET (map)), gtk_widget_get_height (GTK_WIDGET (map)));

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
          child = g_subprocess_launcher_spawn (launcher, &error, argv[0], "--frames", frames_text, NULL);
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

  /* hit testing: the spatial index against a linear scan */
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < lookups; i++)
    sink += ts_seat_map_seat_at_plan (map, g_rand_double_range (rand, 0, 9000), g_rand_double_range (rand, 0, 9000));
  indexed_ns = (g_get_monotonic_time () - t0) * 1000.0 / lookups;
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < 2000; i++)
    {
      double px = g_rand_double_range (rand, 0, 9000), py = g_rand_double_range (rand, 0, 9000);

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
