/* test-client-seat-map.c — the seat-map widget: hit testing through the
 * spatial index, selection, zoom around a point, keyboard reading order
 * (TsSeatIndex), the mouse wheel as X11 sends it (real XTEST events) */
#include <math.h>

#include <gtk/gtk.h>

#include "ts-application.h"
#include "ts-seat-index.h"
#include "ts-seat-map.h"
#include "ts-seat-plan-generator.h"
#include "ts-test-input.h"

static TsSeatPlan *
demo (TsDemoVenue venue)
{
  g_autoptr(JsonNode) description = json_from_string (ts_seat_plan_demo_venue (venue), NULL);

  return ts_seat_plan_generate (description, NULL);
}

static void
wait_for_draw (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_hit_testing (void)
{
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatPlan *plan = demo (TS_DEMO_VENUE_STADIUM);
  guint n = plan->seats->len;

  ts_seat_map_set_plan (map, plan);
  g_object_ref_sink (map);
  /* every seat is found at its own centre, and nothing between rows */
  for (guint i = 0; i < n; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      g_assert_cmpint (ts_seat_map_seat_at_plan (map, seat->x, seat->y), ==, (int) i);
    }
  g_assert_cmpint (ts_seat_map_seat_at_plan (map, -1000, -1000), ==, -1);
  g_assert_cmpint (ts_seat_map_seat_at_plan (map, 4500, 4500), ==, -1);   /* the pitch */
  g_object_unref (map);
}

static void
count_seat (guint    seat,
            gpointer data)
{
  g_hash_table_add (data, GUINT_TO_POINTER (seat + 1));
}

/* The index alone: the reading order goes row by row, left to right; up
 * and down reach the nearest seat of the next row; the seats near a
 * rectangle include every seat inside it. */
static void
test_index (void)
{
  g_autoptr(TsSeatPlan) plan = demo (TS_DEMO_VENUE_STUDIO);
  g_autoptr(TsSeatIndex) index = ts_seat_index_new (plan);
  g_autoptr(GHashTable) near = g_hash_table_new (NULL, NULL);
  guint n = plan->seats->len;
  TsPlanSeat *first, *below;
  int down;

  for (guint k = 0; k < n; k++)
    {
      guint seat = ts_seat_index_in_order (index, k);

      g_assert_cmpuint (ts_seat_index_position (index, seat), ==, k);
      if (k > 0)
        {
          TsPlanSeat *before = g_ptr_array_index (plan->seats, ts_seat_index_in_order (index, k - 1));
          TsPlanSeat *here = g_ptr_array_index (plan->seats, seat);

          /* a later row, or further right in the same row */
          g_assert_true (here->y > before->y + MIN (here->radius, before->radius) - 1e-9 || here->x > before->x);
        }
    }
  first = g_ptr_array_index (plan->seats, ts_seat_index_in_order (index, 0));
  g_assert_cmpstr (first->row, ==, "A");
  g_assert_cmpstr (first->number, ==, "1");
  down = ts_seat_index_vertical_neighbour (index, ts_seat_index_in_order (index, 0), 1);
  g_assert_cmpint (down, >=, 0);
  below = g_ptr_array_index (plan->seats, (guint) down);
  g_assert_cmpstr (below->row, ==, "B");
  g_assert_cmpstr (below->number, ==, "1");
  g_assert_cmpint (ts_seat_index_vertical_neighbour (index, ts_seat_index_in_order (index, 0), -1), ==, -1);

  ts_seat_index_foreach_near (index, first->x - 1, first->y - 1, first->x + 200, first->y + 60, count_seat, near);
  for (guint i = 0; i < n; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      if (seat->x >= first->x - 1 && seat->x <= first->x + 200 && seat->y >= first->y - 1 && seat->y <= first->y + 60)
        g_assert_true (g_hash_table_contains (near, GUINT_TO_POINTER (i + 1)));
    }
  g_assert_cmpint (ts_seat_index_seat_at (index, first->x, first->y, NULL), ==, (int) ts_seat_index_in_order (index, 0));
}

/* With TESSERA_SCREENSHOTS=DIR, the map is saved as a PNG to be looked at. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

/* The widget as drawn: width × height pixels of 4 bytes (B, G, R, A, as
 * GDK_MEMORY_DEFAULT stores them); free with g_free. */
static guchar *
widget_pixels (GtkWidget *widget,
               int       *out_width,
               int       *out_height)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  *out_width = width;
  *out_height = height;
  return pixels;
}

/* How many pixels are within 40 of the colour in each channel. */
static guint
count_color (GtkWidget  *widget,
             const char *color)
{
  int width, height;
  g_autofree guchar *pixels = widget_pixels (widget, &width, &height);
  GdkRGBA rgba;
  guint n = 0;

  g_assert_true (gdk_rgba_parse (&rgba, color));
  for (int i = 0; i < width * height; i++)
    if (ABS (pixels[4 * i + 2] - (int) (rgba.red * 255)) < 40 && ABS (pixels[4 * i + 1] - (int) (rgba.green * 255)) < 40
        && ABS (pixels[4 * i] - (int) (rgba.blue * 255)) < 40)
      n++;
  return n;
}

/* How many pixels of the rectangle (widget coordinates) are darker than
 * light grey: ink of a text or a line. */
static guint
count_ink (GtkWidget *widget,
           double     x0,
           double     y0,
           double     x1,
           double     y1)
{
  int width, height;
  g_autofree guchar *pixels = widget_pixels (widget, &width, &height);
  guint n = 0;

  for (int y = MAX (0, (int) y0); y < MIN (height, (int) y1); y++)
    for (int x = MAX (0, (int) x0); x < MIN (width, (int) x1); x++)
      {
        guchar *p = pixels + 4 * (y * width + x);

        if (p[0] + p[1] + p[2] < 3 * 160)
          n++;
      }
  return n;
}

/* A row of ten seats in a section drawn as an outline with its name, and
 * a text: what a seats.io or pretix plan carries besides its seats. */
static TsSeatPlan *
venue_plan (void)
{
  TsSeatPlan *plan = ts_seat_plan_new ("Venue");
  TsPlanArea *outline, *text;
  const double corners[] = { 0, 0, 300, 0, 300, 60, 0, 60 };

  plan->width = 1000;
  plan->height = 1000;
  ts_seat_plan_add_category (plan, "Cat", "#3584e4");
  ts_seat_plan_add_zone (plan, "Z", "Z");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *guid = g_strdup_printf ("Z-K-%u", i + 1);
      TsPlanSeat *seat = ts_seat_plan_add_seat (plan, guid, "Z", "K", number, 160 + 20 * i, 230);

      seat->radius = 8;
      seat->category = g_strdup ("Cat");
    }
  outline = ts_seat_plan_add_area (plan, TS_AREA_POLYGON);
  outline->zone = g_strdup ("Z");
  outline->x = 100;
  outline->y = 200;
  outline->points = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (outline->points, corners, G_N_ELEMENTS (corners));
  outline->border_color = g_strdup ("#ff00ff");
  outline->text = g_strdup ("Block Z");
  text = ts_seat_plan_add_area (plan, TS_AREA_TEXT);
  text->zone = g_strdup ("Z");
  text->x = 250;
  text->y = 120;
  text->text = g_strdup ("STAGE");
  text->text_size = 20;
  return plan;
}

/* It looks like the venue: section outlines, texts, and each row's label
 * beyond its end seats once the seats are large enough. */
static void
test_venue (void)
{
  GtkWidget *window = gtk_window_new ();
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatPlan *plan = venue_plan ();
  double x, y, first_x, first_y, last_x, last_y, side;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  /* close enough for seats 30 pixels across, the row in the middle */
  ts_seat_map_zoom_by (map, 30.0 / (8 * 1.7) / ts_seat_map_get_scale (map), 0, 0);
  ts_seat_map_center_on (map, 250, 230);
  wait_for_draw (GTK_WIDGET (map));
  side = 8 * 1.7 * ts_seat_map_get_scale (map);
  ts_seat_map_plan_to_widget (map, 160, 230, &first_x, &first_y);
  ts_seat_map_plan_to_widget (map, 340, 230, &last_x, &last_y);
  save_png (GTK_WIDGET (map), "seat-map-venue.png");

  /* the outline in its border colour */
  g_assert_cmpuint (count_color (GTK_WIDGET (map), "#ff00ff"), >, 100);
  /* the row's label "K" beyond its first and its last seat, not over them */
  g_assert_cmpuint (count_ink (GTK_WIDGET (map), first_x - 2.5 * side, first_y - side / 2,
                               first_x - side / 2 - 1, first_y + side / 2), >, 10);
  g_assert_cmpuint (count_ink (GTK_WIDGET (map), last_x + side / 2 + 1, last_y - side / 2,
                               last_x + 2.5 * side, last_y + side / 2), >, 10);
  /* the text */
  ts_seat_map_plan_to_widget (map, 250, 120, &x, &y);
  g_assert_cmpuint (count_ink (GTK_WIDGET (map), x - 3 * side, y - side, x + 3 * side, y + side), >, 50);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The seats' rectangle on screen. */
static graphene_rect_t
seats_on_screen (TsSeatMap *map)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (map);
  graphene_rect_t box = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
      double x, y;

      ts_seat_map_plan_to_widget (map, seat->x, seat->y, &x, &y);
      if (i == 0)
        box = GRAPHENE_RECT_INIT (x, y, 0, 0);
      else
        graphene_rect_expand (&box, &GRAPHENE_POINT_INIT (x, y), &box);
    }
  return box;
}

/* Fits what is drawn: the seats fill the map, not the plan's declared size,
 * in which they are a small block (a race track's stands once showed as
 * slivers); the map fits again when its size changes, until the person
 * zooms. */
static void
test_fit (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *spacer = gtk_label_new (NULL);
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatPlan *plan = venue_plan ();
  graphene_rect_t seats;
  double scale;

  plan->width = 20000;
  plan->height = 20000;
  gtk_widget_set_hexpand (GTK_WIDGET (map), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (map));
  gtk_box_append (GTK_BOX (box), spacer);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), box);
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map)), ==, 800);
  /* the outline (300 wide) fills most of the width, the seats in it */
  seats = seats_on_screen (map);
  g_assert_cmpfloat (seats.size.width, >, 0.5 * 800);
  g_assert_cmpfloat (seats.origin.x, >, 0);
  g_assert_cmpfloat (seats.origin.x + seats.size.width, <, 800);
  save_png (GTK_WIDGET (map), "seat-map-fit.png");

  /* narrower: fitted again */
  gtk_widget_set_size_request (spacer, 400, -1);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map)), ==, 400);
  seats = seats_on_screen (map);
  g_assert_cmpfloat (seats.size.width, >, 0.5 * 400);
  g_assert_cmpfloat (seats.origin.x + seats.size.width, <, 400);

  /* zoomed by the person: the view stays when the size changes */
  ts_seat_map_zoom_by (map, 2, 200, 300);
  scale = ts_seat_map_get_scale (map);
  gtk_widget_set_size_request (spacer, 100, -1);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map)), ==, 700);
  g_assert_cmpfloat (ts_seat_map_get_scale (map), ==, scale);
  /* until it is fitted again */
  ts_seat_map_fit (map);
  gtk_widget_set_size_request (spacer, 500, -1);
  wait_for_draw (GTK_WIDGET (map));
  seats = seats_on_screen (map);
  g_assert_cmpfloat (seats.origin.x + seats.size.width, <, 300);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A widget point over a seat, found by scanning the widget. */
static gboolean
find_seat_point (TsSeatMap *map,
                 double    *out_x,
                 double    *out_y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (map)), height = gtk_widget_get_height (GTK_WIDGET (map));

  for (int y = height / 3; y < height; y += 3)
    for (int x = width / 3; x < width; x += 3)
      if (ts_seat_map_seat_at (map, x, y) >= 0)
        {
          *out_x = x;
          *out_y = y;
          return TRUE;
        }
  return FALSE;
}

/* The wheel as GTK 4.8 gets it on X11 (a scroll event without a position):
 * the map zooms in at the pointer and back out, the view stays finite, and
 * the seats are still drawn (the map used to turn black, issue #11). */
static void
test_wheel (void)
{
  GtkWidget *window;
  TsSeatMap *map;
  g_autofree char *reason = NULL;
  double x = 0, y = 0, before;
  int seat;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  window = gtk_window_new ();
  map = ts_seat_map_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, demo (TS_DEMO_VENUE_STUDIO));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpuint (count_color (GTK_WIDGET (map), "#3584e4"), >, 1000);   /* the Regular seats */

  g_assert_true (find_seat_point (map, &x, &y));
  seat = ts_seat_map_seat_at (map, x, y);
  before = ts_seat_map_get_scale (map);
  ts_test_input_wheel (GTK_WIDGET (map), x, y, 3);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_true (isfinite (ts_seat_map_get_scale (map)));
  g_assert_cmpfloat (ts_seat_map_get_scale (map), >, before * 1.3);
  /* zoomed at the pointer: the same seat is under it */
  g_assert_cmpint (ts_seat_map_seat_at (map, x, y), ==, seat);
  g_assert_cmpuint (count_color (GTK_WIDGET (map), "#3584e4"), >, 1000);
  save_png (GTK_WIDGET (map), "seat-map-wheel.png");

  ts_test_input_wheel (GTK_WIDGET (map), x, y, -3);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpfloat_with_epsilon (ts_seat_map_get_scale (map), before, before * 1e-6);
  g_assert_cmpint (ts_seat_map_seat_at (map, x, y), ==, seat);
  g_assert_cmpuint (count_color (GTK_WIDGET (map), "#3584e4"), >, 1000);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_stadium_window (void)
{
  GtkWidget *window = gtk_window_new ();
  TsSeatMap *map = ts_seat_map_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, demo (TS_DEMO_VENUE_STADIUM));
  for (guint i = 0; i < 60000; i += 7)
    ts_seat_map_set_seat_state (map, i, TS_SEAT_STATE_SOLD);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  save_png (GTK_WIDGET (map), "seat-map-stadium.png");
  ts_seat_map_zoom_by (map, 12, 450, 60);
  ts_seat_map_set_hover (map, ts_seat_map_seat_at (map, 450, 60));
  wait_for_draw (GTK_WIDGET (map));
  gtk_widget_queue_draw (GTK_WIDGET (map));
  wait_for_draw (GTK_WIDGET (map));
  save_png (GTK_WIDGET (map), "seat-map-stadium-zoomed.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window (void)
{
  GtkWidget *window = gtk_window_new ();
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatPlan *plan = demo (TS_DEMO_VENUE_STUDIO);
  TsPlanSeat *first = g_ptr_array_index (plan->seats, 0);
  double before, x, y;
  int at;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  g_assert_cmpstr (first->row, ==, "A");
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));

  /* fitted: the whole plan shows */
  g_assert_cmpfloat (ts_seat_map_get_scale (map), >, 0.5);
  /* the seat under its own centre on screen */
  before = ts_seat_map_get_scale (map);
  x = gtk_widget_get_width (GTK_WIDGET (map)) / 2.0;
  y = gtk_widget_get_height (GTK_WIDGET (map)) / 2.0;
  at = ts_seat_map_seat_at (map, x, y);
  ts_seat_map_zoom_by (map, 2.0, x, y);
  g_assert_cmpfloat_with_epsilon (ts_seat_map_get_scale (map), before * 2, 1e-9);
  /* zooming keeps the point under the pointer */
  g_assert_cmpint (ts_seat_map_seat_at (map, x, y), ==, at);
  ts_seat_map_fit (map);

  ts_seat_map_toggle_selected (map, 0);
  ts_seat_map_toggle_selected (map, 5);
  g_assert_cmpuint (ts_seat_map_count_selected (map), ==, 2);
  ts_seat_map_toggle_selected (map, 5);
  g_assert_true (ts_seat_map_is_selected (map, 0));
  g_assert_cmpuint (ts_seat_map_count_selected (map), ==, 1);
  ts_seat_map_set_seat_state (map, 3, TS_SEAT_STATE_SOLD);

  /* a background under the seats; a broken one is refused with a reason */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ts_seat_map_set_background_svg (map,
        "<svg xmlns='http://www.w3.org/2000/svg' width='620' height='460'><rect width='620' height='460' fill='#c0bfbc'/></svg>",
        &error));
    g_assert_no_error (error);
    wait_for_draw (GTK_WIDGET (map));
    g_assert_false (ts_seat_map_set_background_svg (map, "<svg><unclosed", &error));
    g_assert_nonnull (error);
  }

  /* levels: only the shown level's seats can be picked */
  {
    g_autoptr(JsonNode) description = json_from_string (ts_seat_plan_demo_venue (TS_DEMO_VENUE_OPERA), NULL);
    TsSeatPlan *opera = ts_seat_plan_generate (description, NULL);
    guint balcony = 0;

    ts_seat_map_set_plan (map, opera);
    wait_for_draw (GTK_WIDGET (map));
    ts_seat_map_show_level (map, "Balcony");
    ts_seat_map_select_rectangle (map, -10000, -10000, 10000, 10000);
    for (guint i = 0; i < opera->seats->len; i++)
      {
        TsPlanSeat *seat = g_ptr_array_index (opera->seats, i);

        if (g_str_equal (seat->zone, "Balcony"))
          balcony++;
        g_assert_cmpint (ts_seat_map_is_selected (map, i), ==, g_str_equal (seat->zone, "Balcony"));
      }
    g_assert_cmpuint (ts_seat_map_count_selected (map), ==, balcony);
    g_assert_cmpint (ts_seat_map_seat_at_plan (map, ((TsPlanSeat *) g_ptr_array_index (opera->seats, 0))->x,
                                               ((TsPlanSeat *) g_ptr_array_index (opera->seats, 0))->y), ==, -1);
    ts_seat_map_show_level (map, NULL);
    ts_seat_map_set_plan (map, demo (TS_DEMO_VENUE_STUDIO));
    wait_for_draw (GTK_WIDGET (map));
  }

  /* a fresh copy of the map after a save keeps the view and the selection */
  {
    double scale;

    ts_seat_map_clear_selection (map);
    ts_seat_map_toggle_selected (map, 7);
    ts_seat_map_toggle_selected (map, 42);
    ts_seat_map_zoom_by (map, 3.0, 10, 10);
    scale = ts_seat_map_get_scale (map);
    ts_seat_map_replace_plan (map, demo (TS_DEMO_VENUE_STUDIO));
    g_assert_cmpfloat (ts_seat_map_get_scale (map), ==, scale);
    g_assert_cmpuint (ts_seat_map_count_selected (map), ==, 2);
    g_assert_true (ts_seat_map_is_selected (map, 7));
    g_assert_true (ts_seat_map_is_selected (map, 42));
    ts_seat_map_fit (map);
    wait_for_draw (GTK_WIDGET (map));
  }

  /* a rubber band around the whole map selects every seat; row and
   * section selection from the context menu */
  ts_seat_map_clear_selection (map);
  ts_seat_map_select_rectangle (map, 0, 0, gtk_widget_get_width (GTK_WIDGET (map)), gtk_widget_get_height (GTK_WIDGET (map)));
  g_assert_cmpuint (ts_seat_map_count_selected (map), ==, 200);
  ts_seat_map_clear_selection (map);
  ts_seat_map_select_row (map, 0);
  g_assert_cmpuint (ts_seat_map_count_selected (map), ==, 20);
  ts_seat_map_select_zone (map, 0);
  g_assert_cmpuint (ts_seat_map_count_selected (map), ==, 200);
  wait_for_draw (GTK_WIDGET (map));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return 77;
  gtk_test_init (&argc, &argv, NULL);
  ts_application_register_resources ();
  g_test_add_func ("/seat-map/hit-testing", test_hit_testing);
  g_test_add_func ("/seat-map/index", test_index);
  g_test_add_func ("/seat-map/window", test_window);
  g_test_add_func ("/seat-map/stadium", test_stadium_window);
  g_test_add_func ("/seat-map/wheel", test_wheel);
  g_test_add_func ("/seat-map/venue", test_venue);
  g_test_add_func ("/seat-map/fit", test_fit);
  return g_test_run ();
}
