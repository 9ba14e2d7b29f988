/* test-client-seat-map.c — the seat-map widget: hit testing through the
 * spatial index, selection, zoom around a point, keyboard reading order
 * (TsSeatIndex), the mouse wheel as X11 sends it (real XTEST events) */
#include <math.h>

#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-seat-index.h"
#include "ts-seat-legend-private.h"
#include "ts-seat-map-private.h"
#include "ts-seat-plan-generator.h"
#include "ts-seat-style-private.h"
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

      g_assert_cmpint (_ts_seat_map_seat_at_plan (map, seat->x, seat->y), ==, (int) i);
    }
  g_assert_cmpint (_ts_seat_map_seat_at_plan (map, -1000, -1000), ==, -1);
  g_assert_cmpint (_ts_seat_map_seat_at_plan (map, 4500, 4500), ==, -1);   /* the pitch */
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
  int width, height;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  /* the widget as it is now: after what was asked of it is drawn */
  wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
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
  _ts_seat_map_zoom_by (map, 30.0 / (8 * 1.7) / _ts_seat_map_get_scale (map), 0, 0);
  _ts_seat_map_center_on (map, 250, 230);
  wait_for_draw (GTK_WIDGET (map));
  side = 8 * 1.7 * _ts_seat_map_get_scale (map);
  _ts_seat_map_plan_to_widget (map, 160, 230, &first_x, &first_y);
  _ts_seat_map_plan_to_widget (map, 340, 230, &last_x, &last_y);
  save_png (GTK_WIDGET (map), "seat-map-venue.png");

  /* the outline in its border colour */
  g_assert_cmpuint (count_color (GTK_WIDGET (map), "#ff00ff"), >, 100);
  /* the row's label "K" beyond its first and its last seat, not over them */
  g_assert_cmpuint (count_ink (GTK_WIDGET (map), first_x - 2.5 * side, first_y - side / 2,
                               first_x - side / 2 - 1, first_y + side / 2), >, 10);
  g_assert_cmpuint (count_ink (GTK_WIDGET (map), last_x + side / 2 + 1, last_y - side / 2,
                               last_x + 2.5 * side, last_y + side / 2), >, 10);
  /* the text */
  _ts_seat_map_plan_to_widget (map, 250, 120, &x, &y);
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

      _ts_seat_map_plan_to_widget (map, seat->x, seat->y, &x, &y);
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
  _ts_seat_map_zoom_by (map, 2, 200, 300);
  scale = _ts_seat_map_get_scale (map);
  gtk_widget_set_size_request (spacer, 100, -1);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map)), ==, 700);
  g_assert_cmpfloat (_ts_seat_map_get_scale (map), ==, scale);
  /* until it is fitted again */
  ts_seat_map_fit (map);
  gtk_widget_set_size_request (spacer, 500, -1);
  wait_for_draw (GTK_WIDGET (map));
  seats = seats_on_screen (map);
  g_assert_cmpfloat (seats.origin.x + seats.size.width, <, 300);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Seats and their looks ----------------------------------------------------------------- */

/* A row of seats 40 apart, one per category named by its colour. */
static TsSeatPlan *
swatch_plan (const char * const *colors,
             guint               n_colors,
             guint               per_color)
{
  TsSeatPlan *plan = ts_seat_plan_new ("Looks");

  plan->width = 40 * n_colors * per_color + 40;
  plan->height = 100;
  ts_seat_plan_add_zone (plan, "Z", "Z");
  for (guint c = 0; c < n_colors; c++)
    {
      ts_seat_plan_add_category (plan, colors[c], colors[c]);
      for (guint k = 0; k < per_color; k++)
        {
          guint i = c * per_color + k;
          g_autofree char *number = g_strdup_printf ("%u", i + 1);
          g_autofree char *guid = g_strdup_printf ("Z-A-%u", i + 1);
          TsPlanSeat *seat = ts_seat_plan_add_seat (plan, guid, "Z", "A", number, 40 + 40 * i, 50);

          seat->radius = 10;
          seat->category = g_strdup (colors[c]);
        }
    }
  return plan;
}

/* Shows the map's seats side pixels across, seat 0 in the middle. */
static void
show_seats_at (TsSeatMap *map,
               double     side)
{
  TsPlanSeat *first = g_ptr_array_index (ts_seat_map_get_plan (map)->seats, 0);

  _ts_seat_map_zoom_by (map, side / (first->radius * 1.7) / _ts_seat_map_get_scale (map), 0, 0);
  _ts_seat_map_center_on (map, first->x, first->y);
  wait_for_draw (GTK_WIDGET (map));
}

/* A seat's square in 3 × 3 cells, each cell's mean red, green and blue,
 * and how much its lightness varies (a flat fill, or marks and stripes):
 * what it looks like, whatever its size. */
typedef struct { double rgb[9][3]; double texture; } Look;

static Look
look_at (const guchar *pixels,
         int           width,
         int           height,
         double        cx,
         double        cy,
         double        side)
{
  Look look = { { { 0 } }, 0 };
  guint counts[9] = { 0 }, n = 0;
  double sum = 0, squares = 0;

  for (int y = (int) ceil (cy - side / 2); y < (int) floor (cy + side / 2); y++)
    for (int x = (int) ceil (cx - side / 2); x < (int) floor (cx + side / 2); x++)
      {
        int cell = 3 * CLAMP ((int) ((y + 0.5 - (cy - side / 2)) * 3 / side), 0, 2)
                   + CLAMP ((int) ((x + 0.5 - (cx - side / 2)) * 3 / side), 0, 2);
        const guchar *p = pixels + 4 * (CLAMP (y, 0, height - 1) * width + CLAMP (x, 0, width - 1));

        double l = 0.2126 * p[2] + 0.7152 * p[1] + 0.0722 * p[0];

        look.rgb[cell][0] += p[2];
        look.rgb[cell][1] += p[1];
        look.rgb[cell][2] += p[0];
        counts[cell]++;
        sum += l;
        squares += l * l;
        n++;
      }
  look.texture = n > 0 ? sqrt (MAX (squares / n - (sum / n) * (sum / n), 0)) : 0;
  for (int c = 0; c < 9; c++)
    for (int k = 0; k < 3; k++)
      look.rgb[c][k] /= MAX (counts[c], 1);
  return look;
}

/* The largest difference of one cell's channel. */
static double
look_distance (const Look *a,
               const Look *b)
{
  double worst = 0;

  for (int c = 0; c < 9; c++)
    for (int k = 0; k < 3; k++)
      worst = MAX (worst, fabs (a->rgb[c][k] - b->rgb[c][k]));
  return worst;
}

static Look
seat_look (TsSeatMap *map,
           guint      seat,
           double     side)
{
  TsPlanSeat *s = g_ptr_array_index (ts_seat_map_get_plan (map)->seats, seat);
  int width, height;
  g_autofree guchar *pixels = widget_pixels (GTK_WIDGET (map), &width, &height);
  double x, y;

  _ts_seat_map_plan_to_widget (map, s->x, s->y, &x, &y);
  return look_at (pixels, width, height, x, y, side);
}

/* The colour of a pixel as "#rrggbb"-comparable channels. */
static void
pixel_at (GtkWidget *widget,
          double     x,
          double     y,
          GdkRGBA   *out)
{
  int width, height;
  g_autofree guchar *pixels = widget_pixels (widget, &width, &height);
  const guchar *p = pixels + 4 * (CLAMP ((int) y, 0, height - 1) * width + CLAMP ((int) x, 0, width - 1));

  *out = (GdkRGBA) { p[2] / 255.0, p[1] / 255.0, p[0] / 255.0, 1 };
}

static gboolean
close_colors (const GdkRGBA *a,
              const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.16 && fabs (a->green - b->green) < 0.16 && fabs (a->blue - b->blue) < 0.16;
}

/* The legend shows exactly what is drawn: each entry's swatch looks like
 * a seat drawn in that category, state or mark (the same TsSeatStyle
 * table), and the sales map's legend has an entry for every state and mark
 * it draws (M5, M7). */
static void
test_legend (void)
{
  static const char * const colors[] = { "#deddda", "#c01c28", "#f6d32d" };
  static const TsSeatState states[] = {
    TS_SEAT_STATE_IN_MY_CART, TS_SEAT_STATE_IN_OTHER_CART, TS_SEAT_STATE_HELD, TS_SEAT_STATE_SOLD,
  };
  static const TsSeatOverlay overlays[] = { TS_SEAT_OVERLAY_SELECTED, TS_SEAT_OVERLAY_PARTY };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatLegend *legend = g_object_new (TS_TYPE_SEAT_LEGEND, NULL);
  TsSeatPlan *plan = swatch_plan (colors, G_N_ELEMENTS (colors), 1);
  const double side = TS_SEAT_LEGEND_SEAT_SIDE;
  guint seen_states = 0, seen_overlays = 0, seen_categories = 0;

  gtk_widget_set_vexpand (GTK_WIDGET (map), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (map));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (legend));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), box);
  ts_seat_map_set_plan (map, plan);
  ts_seat_legend_set_categories (legend, plan, NULL);
  ts_seat_legend_set_marks (legend, states, G_N_ELEMENTS (states), overlays, G_N_ELEMENTS (overlays));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  show_seats_at (map, side);
  g_assert_cmpuint (_ts_seat_legend_get_n_entries (legend), ==,
                    G_N_ELEMENTS (colors) + G_N_ELEMENTS (states) + G_N_ELEMENTS (overlays));

  for (guint i = 0; i < _ts_seat_legend_get_n_entries (legend); i++)
    {
      GtkWidget *swatch;
      const char *label;
      GdkRGBA color;
      int which, width, height;
      TsSeatLegendKind kind = _ts_seat_legend_get_entry (legend, i, &which, &color, &label, &swatch);
      g_autofree guchar *pixels = NULL;
      Look drawn, shown;

      pixels = widget_pixels (swatch, &width, &height);
      shown = look_at (pixels, width, height, width / 2.0, height / 2.0, side);
      g_assert_nonnull (label);
      if (kind == TS_SEAT_LEGEND_CATEGORY)
        {
          /* the category's seat, available, in its colour */
          TsPlanCategory *category = g_ptr_array_index (plan->categories, which);
          GdkRGBA expected;

          g_assert_true (gdk_rgba_parse (&expected, category->color));
          g_assert_true (gdk_rgba_equal (&expected, &color));
          g_assert_cmpstr (label, ==, category->name);
          ts_seat_map_reset_states (map);
          drawn = seat_look (map, (guint) which, side);
          seen_categories++;
        }
      else if (kind == TS_SEAT_LEGEND_STATE)
        {
          /* seat 0's category is the swatch's neutral grey */
          ts_seat_map_reset_states (map);
          ts_seat_map_set_seat_state (map, 0, (TsSeatState) which);
          wait_for_draw (GTK_WIDGET (map));
          drawn = seat_look (map, 0, side);
          seen_states |= 1u << which;
        }
      else
        {
          const TsSeatOverlayStyle *style = ts_seat_style_get_overlay ((TsSeatOverlay) which);
          double inner = side - 2 * style->width - 2, x, y;
          GdkRGBA on_map, in_legend;
          guint zero = 0;

          g_assert_cmpint (kind, ==, TS_SEAT_LEGEND_OVERLAY);
          ts_seat_map_reset_states (map);
          ts_seat_map_clear_selection (map);
          ts_seat_map_set_highlight (map, NULL, 0);
          if (which == TS_SEAT_OVERLAY_SELECTED)
            _ts_seat_map_toggle_selected (map, 0);
          else
            ts_seat_map_set_highlight (map, &zero, 1);
          wait_for_draw (GTK_WIDGET (map));
          /* the middle of the band around the seat, right of it */
          _ts_seat_map_plan_to_widget (map, ((TsPlanSeat *) g_ptr_array_index (plan->seats, 0))->x,
                                       ((TsPlanSeat *) g_ptr_array_index (plan->seats, 0))->y, &x, &y);
          pixel_at (GTK_WIDGET (map), x + side / 2 + 1 + style->width / 2, y, &on_map);
          pixel_at (swatch, width / 2.0 + inner / 2 + 1 + style->width / 2, height / 2.0, &in_legend);
          g_assert_true (close_colors (&on_map, &in_legend));
          ts_seat_map_clear_selection (map);
          ts_seat_map_set_highlight (map, NULL, 0);
          seen_overlays |= 1u << which;
          continue;
        }
      if (look_distance (&drawn, &shown) >= 40)
        g_error ("legend entry “%s” does not look like the seat drawn (%.0f)", label, look_distance (&drawn, &shown));
    }
  g_assert_cmpuint (seen_categories, ==, G_N_ELEMENTS (colors));
  g_assert_cmpuint (seen_states, ==, (1u << TS_SEAT_STATE_IN_MY_CART) | (1u << TS_SEAT_STATE_IN_OTHER_CART)
                                     | (1u << TS_SEAT_STATE_HELD) | (1u << TS_SEAT_STATE_SOLD));
  g_assert_cmpuint (seen_overlays, ==, (1u << TS_SEAT_OVERLAY_SELECTED) | (1u << TS_SEAT_OVERLAY_PARTY));
  save_png (GTK_WIDGET (legend), "seat-legend.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* No category colour can pass for a state: with categories in the very
 * colours the states once had (amber looked held, green in my cart,
 * orange another agent's, grey sold), a seat in any state still looks
 * unlike an available seat of its category — even held with a letter of
 * the category's colour (M5, M8). */
static void
test_states_unlike_categories (void)
{
  static const char * const colors[] = { "#f6d32d", "#33d17a", "#ff7800", "#9a9996", "#deddda", "#3584e4" };
  static const TsSeatState states[] = {
    TS_SEAT_STATE_HELD, TS_SEAT_STATE_SOLD, TS_SEAT_STATE_IN_MY_CART, TS_SEAT_STATE_IN_OTHER_CART,
  };
  const guint per_color = 1 + G_N_ELEMENTS (states);
  GtkWidget *window = gtk_window_new ();
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatPlan *plan = swatch_plan (colors, G_N_ELEMENTS (colors), per_color);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  for (guint c = 0; c < G_N_ELEMENTS (colors); c++)
    {
      GdkRGBA color;

      gdk_rgba_parse (&color, colors[c]);
      ts_seat_map_set_letter_color (map, (char) ('a' + c), &color);
      for (guint k = 0; k < G_N_ELEMENTS (states); k++)
        {
          guint seat = c * per_color + 1 + k;

          ts_seat_map_set_seat_state (map, seat, states[k]);
          if (states[k] == TS_SEAT_STATE_HELD)
            ts_seat_map_set_seat_letter (map, seat, (char) ('a' + c));
        }
    }
  /* as an agent sees a whole row: 13 pixels, too small for letters */
  _ts_seat_map_zoom_by (map, 13 / (10 * 1.7) / _ts_seat_map_get_scale (map), 0, 0);
  _ts_seat_map_center_on (map, plan->width / 2, 50);
  wait_for_draw (GTK_WIDGET (map));
  save_png (GTK_WIDGET (map), "seat-map-states.png");
  for (guint c = 0; c < G_N_ELEMENTS (colors); c++)
    {
      Look available = seat_look (map, c * per_color, 13);

      for (guint k = 0; k < G_N_ELEMENTS (states); k++)
        {
          Look other = seat_look (map, c * per_color + 1 + k, 13);

          /* unlike in colour, or marked where the available seat is flat */
          if (look_distance (&available, &other) < 80 && fabs (other.texture - available.texture) < 30)
            g_error ("a seat %s looks like an available seat of the category %s (%.0f, %.0f)",
                     ts_seat_style_state_name (states[k]), colors[c], look_distance (&available, &other),
                     fabs (other.texture - available.texture));
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Letters and numbers in seats read against their fill: hold letters on a
 * seat held with a pale colour, display letters on sold seats, numbers on
 * light and dark categories (WCAG's 4.5 at least between ink and fill). */
static void
test_letters_readable (void)
{
  static const char * const colors[] = { "#f6d32d", "#1a5fb4", "#ffffff", "#77767b" };
  GtkWidget *window = gtk_window_new ();
  TsSeatMap *map = ts_seat_map_new ();
  TsSeatPlan *plan = swatch_plan (colors, G_N_ELEMENTS (colors), 3);
  GdkRGBA amber;
  const double side = 34;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  ts_seat_map_set_plan (map, plan);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (map));
  gdk_rgba_parse (&amber, "#f6d32d");
  ts_seat_map_set_letter_color (map, 'c', &amber);
  for (guint c = 0; c < G_N_ELEMENTS (colors); c++)
    {
      /* available with its number; held "c"; sold "S" */
      ts_seat_map_set_seat_state (map, 3 * c + 1, TS_SEAT_STATE_HELD);
      ts_seat_map_set_seat_letter (map, 3 * c + 1, 'c');
      ts_seat_map_set_seat_state (map, 3 * c + 2, TS_SEAT_STATE_SOLD);
      ts_seat_map_set_seat_letter (map, 3 * c + 2, 'S');
    }
  _ts_seat_map_zoom_by (map, side / (10 * 1.7) / _ts_seat_map_get_scale (map), 0, 0);
  for (guint c = 0; c < G_N_ELEMENTS (colors); c++)
    for (guint k = 0; k < 3; k++)
      {
        TsPlanSeat *seat = g_ptr_array_index (plan->seats, 3 * c + k);
        int width, height;
        g_autofree guchar *pixels = NULL;
        GdkRGBA darkest = { 1, 1, 1, 1 }, lightest = { 0, 0, 0, 1 };
        double x, y, dark = 2, light = -1;

        _ts_seat_map_center_on (map, seat->x, seat->y);
        wait_for_draw (GTK_WIDGET (map));
        if (c == 0 && k == 1)
          save_png (GTK_WIDGET (map), "seat-map-letters.png");
        pixels = widget_pixels (GTK_WIDGET (map), &width, &height);
        _ts_seat_map_plan_to_widget (map, seat->x, seat->y, &x, &y);
        /* inside the seat, within any ring */
        for (int py = (int) (y - 0.25 * side); py < (int) (y + 0.25 * side); py++)
          for (int px = (int) (x - 0.25 * side); px < (int) (x + 0.25 * side); px++)
            {
              const guchar *p = pixels + 4 * (py * width + px);
              GdkRGBA here = { p[2] / 255.0, p[1] / 255.0, p[0] / 255.0, 1 };
              double l = 0.2126 * here.red + 0.7152 * here.green + 0.0722 * here.blue;

              if (l < dark)
                {
                  dark = l;
                  darkest = here;
                }
              if (l > light)
                {
                  light = l;
                  lightest = here;
                }
            }
        if (_ts_seat_style_contrast (&darkest, &lightest) < 4.5)
          g_error ("seat %s of the category %s: its %s reads at a contrast of %.1f", seat->number, colors[c],
                   k == 0 ? "number" : "letter", _ts_seat_style_contrast (&darkest, &lightest));
      }
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
focus_text (TsSeatMap *map)
{
  char *text = NULL;

  g_object_get (map, "focus-text", &text, NULL);
  return text;
}

/* The keyboard moves the focus from seat to seat (real key presses): the
 * seat is said in words, under the focus on the map and as the map's
 * accessible name, so a person who cannot see the ring knows where it is. */
static void
test_focus_said (void)
{
  GtkWidget *window;
  TsSeatMap *map;
  g_autofree char *reason = NULL;
  g_autofree char *none = NULL, *first = NULL, *second = NULL, *below = NULL, *sold = NULL;
  int height;

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
  g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (map), "focus-text"));
  gtk_widget_grab_focus (GTK_WIDGET (map));
  ts_test_input_move (GTK_WIDGET (map), 5, 5);   /* keys go to the window under the pointer */
  none = focus_text (map);
  g_assert_null (none);

  ts_test_input_key (GDK_KEY_Right, FALSE);
  first = focus_text (map);
  g_assert_cmpstr (first, ==, "Stalls, row A, seat 1 — available · Regular");
  ts_test_input_key (GDK_KEY_Right, FALSE);
  second = focus_text (map);
  g_assert_cmpstr (second, ==, "Stalls, row A, seat 2 — available · Regular");
  ts_test_input_key (GDK_KEY_Down, FALSE);
  below = focus_text (map);
  g_assert_cmpstr (below, ==, "Stalls, row B, seat 2 — available · Regular");
  /* its state changes: said again */
  ts_seat_map_set_seat_state (map, (guint) _ts_seat_map_get_focus_seat (map), TS_SEAT_STATE_SOLD);
  sold = focus_text (map);
  g_assert_cmpstr (sold, ==, "Stalls, row B, seat 2 — sold · Regular");
  /* the caption at the bottom of the map */
  height = gtk_widget_get_height (GTK_WIDGET (map));
  g_assert_cmpuint (count_ink (GTK_WIDGET (map), 0, height - 50, 400, height), >, 2000);
  save_png (GTK_WIDGET (map), "seat-map-focus.png");
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
      if (_ts_seat_map_seat_at (map, x, y) >= 0)
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
  seat = _ts_seat_map_seat_at (map, x, y);
  before = _ts_seat_map_get_scale (map);
  ts_test_input_wheel (GTK_WIDGET (map), x, y, 3);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_true (isfinite (_ts_seat_map_get_scale (map)));
  g_assert_cmpfloat (_ts_seat_map_get_scale (map), >, before * 1.3);
  /* zoomed at the pointer: the same seat is under it */
  g_assert_cmpint (_ts_seat_map_seat_at (map, x, y), ==, seat);
  g_assert_cmpuint (count_color (GTK_WIDGET (map), "#3584e4"), >, 1000);
  save_png (GTK_WIDGET (map), "seat-map-wheel.png");

  ts_test_input_wheel (GTK_WIDGET (map), x, y, -3);
  wait_for_draw (GTK_WIDGET (map));
  g_assert_cmpfloat_with_epsilon (_ts_seat_map_get_scale (map), before, before * 1e-6);
  g_assert_cmpint (_ts_seat_map_seat_at (map, x, y), ==, seat);
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
  _ts_seat_map_zoom_by (map, 12, 450, 60);
  _ts_seat_map_set_hover (map, _ts_seat_map_seat_at (map, 450, 60));
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
  g_assert_cmpfloat (_ts_seat_map_get_scale (map), >, 0.5);
  /* the seat under its own centre on screen */
  before = _ts_seat_map_get_scale (map);
  x = gtk_widget_get_width (GTK_WIDGET (map)) / 2.0;
  y = gtk_widget_get_height (GTK_WIDGET (map)) / 2.0;
  at = _ts_seat_map_seat_at (map, x, y);
  _ts_seat_map_zoom_by (map, 2.0, x, y);
  g_assert_cmpfloat_with_epsilon (_ts_seat_map_get_scale (map), before * 2, 1e-9);
  /* zooming keeps the point under the pointer */
  g_assert_cmpint (_ts_seat_map_seat_at (map, x, y), ==, at);
  ts_seat_map_fit (map);

  _ts_seat_map_toggle_selected (map, 0);
  _ts_seat_map_toggle_selected (map, 5);
  g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, 2);
  _ts_seat_map_toggle_selected (map, 5);
  g_assert_true (ts_seat_map_is_selected (map, 0));
  g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, 1);
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
    _ts_seat_map_select_rectangle (map, -10000, -10000, 10000, 10000);
    for (guint i = 0; i < opera->seats->len; i++)
      {
        TsPlanSeat *seat = g_ptr_array_index (opera->seats, i);

        if (g_str_equal (seat->zone, "Balcony"))
          balcony++;
        g_assert_cmpint (ts_seat_map_is_selected (map, i), ==, g_str_equal (seat->zone, "Balcony"));
      }
    g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, balcony);
    g_assert_cmpint (_ts_seat_map_seat_at_plan (map, ((TsPlanSeat *) g_ptr_array_index (opera->seats, 0))->x,
                                                ((TsPlanSeat *) g_ptr_array_index (opera->seats, 0))->y), ==, -1);
    ts_seat_map_show_level (map, NULL);
    ts_seat_map_set_plan (map, demo (TS_DEMO_VENUE_STUDIO));
    wait_for_draw (GTK_WIDGET (map));
  }

  /* a fresh copy of the map after a save keeps the view and the selection */
  {
    double scale;

    ts_seat_map_clear_selection (map);
    _ts_seat_map_toggle_selected (map, 7);
    _ts_seat_map_toggle_selected (map, 42);
    _ts_seat_map_zoom_by (map, 3.0, 10, 10);
    scale = _ts_seat_map_get_scale (map);
    ts_seat_map_replace_plan (map, demo (TS_DEMO_VENUE_STUDIO));
    g_assert_cmpfloat (_ts_seat_map_get_scale (map), ==, scale);
    g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, 2);
    g_assert_true (ts_seat_map_is_selected (map, 7));
    g_assert_true (ts_seat_map_is_selected (map, 42));
    ts_seat_map_fit (map);
    wait_for_draw (GTK_WIDGET (map));
  }

  /* a rubber band around the whole map selects every seat; row and
   * section selection from the context menu */
  ts_seat_map_clear_selection (map);
  _ts_seat_map_select_rectangle (map, 0, 0, gtk_widget_get_width (GTK_WIDGET (map)), gtk_widget_get_height (GTK_WIDGET (map)));
  g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, 200);
  ts_seat_map_clear_selection (map);
  _ts_seat_map_select_row (map, 0);
  g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, 20);
  _ts_seat_map_select_zone (map, 0);
  g_assert_cmpuint (_ts_seat_map_count_selected (map), ==, 200);
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
  _ts_application_register_resources ();
  g_test_add_func ("/seat-map/hit-testing", test_hit_testing);
  g_test_add_func ("/seat-map/index", test_index);
  g_test_add_func ("/seat-map/window", test_window);
  g_test_add_func ("/seat-map/stadium", test_stadium_window);
  g_test_add_func ("/seat-map/wheel", test_wheel);
  g_test_add_func ("/seat-map/venue", test_venue);
  g_test_add_func ("/seat-map/fit", test_fit);
  g_test_add_func ("/seat-map/legend", test_legend);
  g_test_add_func ("/seat-map/states-unlike-categories", test_states_unlike_categories);
  g_test_add_func ("/seat-map/letters-readable", test_letters_readable);
  g_test_add_func ("/seat-map/focus-said", test_focus_said);
  return g_test_run ();
}
