/* ts-seat-painter.c — one view of the venue, painted with cairo
 *
 * Seats are culled to the view through the seat index and painted by
 * TsSeatStyle in a few fills; texts are laid out only for what is in view
 * and large enough to read.  The seat map keeps the result for as long as
 * the view and the seats do not change. */
#include <math.h>
#include <string.h>

#include "ts-seat-painter.h"
#include "ts-seat-style.h"

/* A seat's square is this much of its radius across (as the plan's seats
 * fill about 85% of their spacing). */
#define SIDE_OF_RADIUS 1.7
/* Row labels are shown from this seat side, in pixels, on. */
#define ROW_LABEL_SIDE 9.0
/* Section labels are shown over the seats only while the seats are
 * smaller than this, in pixels: the overview. */
#define SECTION_LABEL_SIDE 8.0

typedef struct
{
  const char *zone;
  const char *label;
  double      x0, y0, x1, y1;    /* the centres of the seats at the two ends */
  double      ux, uy;            /* unit vector from the first end to the other */
  double      side;              /* the largest seat side in the row */
} RowEnds;

struct _TsSeatPainter
{
  TsSeatPlan  *plan;
  TsSeatIndex *index;
  GdkRGBA     *seat_colors;       /* per seat: its category's colour */
  GdkRGBA     *area_colors;       /* per area: general admission's category colour, alpha 0: none */
  GArray      *rows;              /* RowEnds */
  GHashTable  *zone_levels;       /* zone name → level (both the plan's) */
  GArray      *paints;            /* TsSeatPaint, reused from view to view */
  GArray      *visible;           /* guint: the seats of the view being painted */
  double       max_side;
};

static inline TsPlanSeat *
seat_at_index (TsSeatPainter *self,
               guint          i)
{
  return g_ptr_array_index (self->plan->seats, i);
}

static void
find_rows (TsSeatPainter *self)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree guint *row_of = g_new (guint, MAX (self->plan->seats->len, 1));
  g_autofree double *low = NULL, *high = NULL;

  for (guint i = 0; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);
      g_autofree char *key = NULL;
      gpointer found;
      RowEnds *row;

      row_of[i] = G_MAXUINT;
      if (seat->row == NULL)
        continue;
      key = g_strdup_printf ("%s\x1f%s", seat->zone ? seat->zone : "", seat->row);
      if (!g_hash_table_lookup_extended (by_key, key, NULL, &found))
        {
          RowEnds added = { seat->zone, seat->row, seat->x, seat->y, seat->x, seat->y, 1, 0, 0 };

          g_array_append_val (self->rows, added);
          found = GUINT_TO_POINTER (self->rows->len - 1);
          g_hash_table_insert (by_key, g_steal_pointer (&key), found);
        }
      row_of[i] = GPOINTER_TO_UINT (found);
      row = &g_array_index (self->rows, RowEnds, row_of[i]);
      /* the row runs from its first seat to its last, in the plan's order */
      row->x1 = seat->x;
      row->y1 = seat->y;
      row->side = MAX (row->side, seat->radius * SIDE_OF_RADIUS);
    }
  for (guint r = 0; r < self->rows->len; r++)
    {
      RowEnds *row = &g_array_index (self->rows, RowEnds, r);
      double length = hypot (row->x1 - row->x0, row->y1 - row->y0);

      if (length > 0)
        {
          row->ux = (row->x1 - row->x0) / length;
          row->uy = (row->y1 - row->y0) / length;
        }
    }
  /* the ends are the seats furthest along that direction, whatever their order */
  low = g_new (double, MAX (self->rows->len, 1));
  high = g_new (double, MAX (self->rows->len, 1));
  for (guint r = 0; r < self->rows->len; r++)
    {
      low[r] = G_MAXDOUBLE;
      high[r] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);
      RowEnds *row;
      double along;

      if (row_of[i] == G_MAXUINT)
        continue;
      row = &g_array_index (self->rows, RowEnds, row_of[i]);
      along = seat->x * row->ux + seat->y * row->uy;
      if (along < low[row_of[i]])
        {
          low[row_of[i]] = along;
          row->x0 = seat->x;
          row->y0 = seat->y;
        }
      if (along > high[row_of[i]])
        {
          high[row_of[i]] = along;
          row->x1 = seat->x;
          row->y1 = seat->y;
        }
    }
}

TsSeatPainter *
ts_seat_painter_new (TsSeatPlan  *plan,
                     TsSeatIndex *index)
{
  TsSeatPainter *self = g_new0 (TsSeatPainter, 1);
  g_autoptr(GHashTable) colors = g_hash_table_new (g_str_hash, g_str_equal);
  GdkRGBA fallback = { 0.21, 0.52, 0.89, 1 };

  self->plan = plan;
  self->index = index;
  self->rows = g_array_new (FALSE, FALSE, sizeof (RowEnds));
  self->paints = g_array_new (FALSE, FALSE, sizeof (TsSeatPaint));
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->zone_levels = g_hash_table_new (g_str_hash, g_str_equal);
  self->seat_colors = g_new (GdkRGBA, MAX (plan->seats->len, 1));
  self->area_colors = g_new0 (GdkRGBA, MAX (plan->areas->len, 1));
  for (guint z = 0; z < plan->zones->len; z++)
    {
      TsPlanZone *zone = g_ptr_array_index (plan->zones, z);

      if (zone->level != NULL)
        g_hash_table_insert (self->zone_levels, zone->name, zone->level);
    }
  for (guint c = plan->categories->len; c > 0; c--)
    {
      TsPlanCategory *category = g_ptr_array_index (plan->categories, c - 1);

      g_hash_table_insert (colors, category->name, category);   /* the first of a name wins */
    }
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);
      TsPlanCategory *category = seat->category ? g_hash_table_lookup (colors, seat->category) : NULL;

      if (category == NULL || category->color == NULL || !gdk_rgba_parse (&self->seat_colors[i], category->color))
        self->seat_colors[i] = fallback;
      self->seat_colors[i].alpha = 1;
      self->max_side = MAX (self->max_side, seat->radius * SIDE_OF_RADIUS);
    }
  /* general admission without a colour of its own shows its category's, as the legend says */
  for (guint a = 0; a < plan->areas->len; a++)
    {
      TsPlanArea *area = g_ptr_array_index (plan->areas, a);
      TsPlanCategory *category = area->category ? g_hash_table_lookup (colors, area->category) : NULL;

      if (area->capacity > 0 && area->color == NULL && category != NULL && category->color != NULL
          && gdk_rgba_parse (&self->area_colors[a], category->color))
        self->area_colors[a].alpha = 1;
    }
  find_rows (self);
  return self;
}

void
ts_seat_painter_free (TsSeatPainter *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rows);
  g_array_unref (self->paints);
  g_array_unref (self->visible);
  g_hash_table_unref (self->zone_levels);
  g_free (self->seat_colors);
  g_free (self->area_colors);
  g_free (self);
}

/* Areas ---------------------------------------------------------------------------- */

static gboolean
on_level (TsSeatPainter *self,
          const char    *zone,
          const char    *level)
{
  return level == NULL || (zone != NULL && g_strcmp0 (g_hash_table_lookup (self->zone_levels, zone), level) == 0);
}

/* The shape's own rectangle before rotation, in plan units. */
static graphene_rect_t
area_box (const TsPlanArea *area)
{
  switch (area->shape)
    {
    case TS_AREA_ELLIPSE:   /* width and height are the radii */
      return GRAPHENE_RECT_INIT (area->x - area->width, area->y - area->height, 2 * area->width, 2 * area->height);
    case TS_AREA_CIRCLE:
      return GRAPHENE_RECT_INIT (area->x - area->radius, area->y - area->radius, 2 * area->radius, 2 * area->radius);
    case TS_AREA_POLYGON:
      {
        double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

        for (guint k = 0; area->points != NULL && k + 1 < area->points->len; k += 2)
          {
            min_x = MIN (min_x, area->x + g_array_index (area->points, double, k));
            max_x = MAX (max_x, area->x + g_array_index (area->points, double, k));
            min_y = MIN (min_y, area->y + g_array_index (area->points, double, k + 1));
            max_y = MAX (max_y, area->y + g_array_index (area->points, double, k + 1));
          }
        if (max_x < min_x)
          return GRAPHENE_RECT_INIT (area->x, area->y, 0, 0);
        return GRAPHENE_RECT_INIT (min_x, min_y, max_x - min_x, max_y - min_y);
      }
    case TS_AREA_TEXT:
      return GRAPHENE_RECT_INIT (area->x, area->y, 0, 0);
    case TS_AREA_RECTANGLE:
    default:
      return GRAPHENE_RECT_INIT (area->x, area->y, area->width, area->height);
    }
}

/* An outline drawn around seats: a border and no fill, no places of its own. */
static gboolean
is_outline (const TsPlanArea *area)
{
  return area->shape != TS_AREA_TEXT && area->border_color != NULL && area->color == NULL && area->capacity == 0;
}

static void
area_path (cairo_t          *cr,
           const TsPlanArea *area)
{
  graphene_rect_t box = area_box (area);

  switch (area->shape)
    {
    case TS_AREA_ELLIPSE:
    case TS_AREA_CIRCLE:
      if (box.size.width <= 0 || box.size.height <= 0)
        return;
      cairo_save (cr);
      cairo_translate (cr, box.origin.x + box.size.width / 2, box.origin.y + box.size.height / 2);
      cairo_scale (cr, box.size.width / 2, box.size.height / 2);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      break;
    case TS_AREA_POLYGON:
      for (guint k = 0; area->points != NULL && k + 1 < area->points->len; k += 2)
        cairo_line_to (cr, area->x + g_array_index (area->points, double, k),
                       area->y + g_array_index (area->points, double, k + 1));
      cairo_close_path (cr);
      break;
    case TS_AREA_TEXT:
      break;
    case TS_AREA_RECTANGLE:
    default:
      cairo_rectangle (cr, box.origin.x, box.origin.y, box.size.width, box.size.height);
      break;
    }
}

/* Rotation (degrees) turns a shape about the middle of its rectangle. */
static void
rotate_about_box (cairo_t          *cr,
                  const TsPlanArea *area)
{
  graphene_rect_t box = area_box (area);
  double cx = box.origin.x + box.size.width / 2, cy = box.origin.y + box.size.height / 2;

  if (area->rotation == 0)
    return;
  cairo_translate (cr, cx, cy);
  cairo_rotate (cr, area->rotation * G_PI / 180);
  cairo_translate (cr, -cx, -cy);
}

static void
paint_areas (TsSeatPainter           *self,
             cairo_t                 *cr,
             const TsSeatPainterView *view)
{
  for (guint i = 0; i < self->plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (self->plan->areas, i);
      double alpha = on_level (self, area->zone, view->level) ? 1 : 0.15;
      GdkRGBA fill = { 0.87, 0.87, 0.85, 1 }, border;
      gboolean filled = area->color != NULL || area->border_color == NULL;

      if (area->shape == TS_AREA_TEXT)
        continue;
      if (area->color != NULL && !gdk_rgba_parse (&fill, area->color))
        filled = FALSE;
      if (view->area_fills != NULL && view->area_fills[i].alpha > 0)
        {
          /* the caller's fill, edged in grey: what it says is the colour itself */
          fill = view->area_fills[i];
          filled = TRUE;
        }
      else if (self->area_colors[i].alpha > 0)
        {
          /* general admission in its category's colour, light, edged with it */
          fill = self->area_colors[i];
          fill.alpha = 0.35;
          filled = TRUE;
        }
      cairo_save (cr);
      cairo_translate (cr, view->offset_x, view->offset_y);
      cairo_scale (cr, view->scale, view->scale);
      rotate_about_box (cr, area);
      cairo_new_path (cr);
      area_path (cr, area);
      cairo_restore (cr);
      if (filled)
        {
          fill.alpha *= alpha;
          gdk_cairo_set_source_rgba (cr, &fill);
          cairo_fill_preserve (cr);
        }
      if (view->area_fills != NULL && view->area_fills[i].alpha > 0)
        {
          border = (GdkRGBA) { 0.4, 0.4, 0.4, alpha };
          gdk_cairo_set_source_rgba (cr, &border);
          cairo_set_line_width (cr, 1);
          cairo_stroke_preserve (cr);
        }
      else if ((area->border_color != NULL && gdk_rgba_parse (&border, area->border_color))
          || (self->area_colors[i].alpha > 0 && (border = self->area_colors[i], TRUE)))
        {
          border.alpha *= alpha;
          gdk_cairo_set_source_rgba (cr, &border);
          cairo_set_line_width (cr, is_outline (area) ? 1.5 : 1);
          cairo_stroke_preserve (cr);
        }
      cairo_new_path (cr);
    }
}

int
ts_seat_painter_area_at (TsSeatPainter *self,
                         double         px,
                         double         py)
{
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  int found = -1;

  for (guint i = 0; i < self->plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (self->plan->areas, i);

      if (area->capacity == 0 || area->shape == TS_AREA_TEXT)
        continue;
      cairo_save (cr);
      rotate_about_box (cr, area);
      cairo_new_path (cr);
      area_path (cr, area);
      cairo_restore (cr);
      if (cairo_in_fill (cr, px, py))
        found = i;
      cairo_new_path (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  return found;
}

/* Texts ------------------------------------------------------------------------------ */

typedef struct
{
  PangoLayout          *layout;
  PangoFontDescription *font;
  double                size;     /* the font's pixel size now set */
} Text;

static void
text_init (Text                    *text,
           const TsSeatPainterView *view)
{
  text->layout = pango_layout_new (view->pango);
  text->font = pango_font_description_copy (pango_context_get_font_description (view->pango));
  text->size = 0;
}

static void
text_clear (Text *text)
{
  g_clear_object (&text->layout);
  g_clear_pointer (&text->font, pango_font_description_free);
}

/* Sets the text at a pixel size; its size in pixels. */
static void
text_set (Text       *text,
          const char *string,
          double      size,
          gboolean    bold,
          int        *out_width,
          int        *out_height)
{
  /* whole pixels: fonts of a size once used are cached */
  size = MAX (1, floor (size));
  if (size != text->size || (pango_font_description_get_weight (text->font) == PANGO_WEIGHT_BOLD) != bold)
    {
      pango_font_description_set_absolute_size (text->font, size * PANGO_SCALE);
      pango_font_description_set_weight (text->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (text->layout, text->font);
      text->size = size;
    }
  pango_layout_set_text (text->layout, string, -1);
  pango_layout_get_pixel_size (text->layout, out_width, out_height);
}

/* Draws the text set, centred at (x, y); a halo of the paper's colour keeps
 * it readable over seats and lines. */
static void
text_draw (Text          *text,
           cairo_t       *cr,
           double         x,
           double         y,
           int            width,
           int            height,
           const GdkRGBA *ink,
           gboolean       halo)
{
  double left = round (x - width / 2.0), top = round (y - height / 2.0);

  if (halo)
    {
      /* the text in white a pixel off each way: cached glyphs, unlike a stroked path */
      static const int offsets[][2] = { { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 } };

      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      for (guint k = 0; k < G_N_ELEMENTS (offsets); k++)
        {
          cairo_move_to (cr, left + offsets[k][0], top + offsets[k][1]);
          pango_cairo_show_layout (cr, text->layout);
        }
    }
  cairo_move_to (cr, left, top);
  gdk_cairo_set_source_rgba (cr, ink);
  pango_cairo_show_layout (cr, text->layout);
}

static void
paint_area_texts (TsSeatPainter           *self,
                  cairo_t                 *cr,
                  const TsSeatPainterView *view,
                  Text                    *text)
{
  GdkRGBA dark = { 0.24, 0.22, 0.27, 1 };
  double seat_px = self->max_side * view->scale;

  for (guint i = 0; i < self->plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (self->plan->areas, i);
      graphene_rect_t box = area_box (area);
      double cx = view->offset_x + (box.origin.x + box.size.width / 2) * view->scale;
      double cy = view->offset_y + (box.origin.y + box.size.height / 2) * view->scale;
      double size, room_w = box.size.width * view->scale, room_h = box.size.height * view->scale;
      GdkRGBA ink = dark, fill;
      int w, h;

      if (area->text == NULL || *area->text == '\0' || !on_level (self, area->zone, view->level))
        continue;
      if (area->shape == TS_AREA_TEXT)
        {
          size = area->text_size > 0 ? area->text_size * view->scale : 13;
          room_w = room_h = G_MAXDOUBLE;
          if (area->color != NULL)
            gdk_rgba_parse (&ink, area->color);
        }
      else if (is_outline (area))
        {
          /* a section's name belongs to the overview; closer in, rows and seats say it */
          if (seat_px >= SECTION_LABEL_SIDE && self->plan->seats->len > 0)
            continue;
          /* the same size for every section, as the window's text, unless the plan says */
          size = area->text_size > 0 ? area->text_size * view->scale : 13;
        }
      else
        {
          size = area->text_size > 0 ? area->text_size * view->scale : CLAMP (0.45 * MIN (room_w, room_h), 0, 18);
          if (view->area_fills != NULL && view->area_fills[i].alpha > 0)
            ts_seat_style_ink (&view->area_fills[i], &ink);
          else if (area->color != NULL && gdk_rgba_parse (&fill, area->color))
            ts_seat_style_ink (&fill, &ink);
        }
      if (size < 8)
        continue;
      size = MIN (size, 64);
      text_set (text, area->text, size, is_outline (area), &w, &h);
      /* smaller to fit the shape's width, down to what can still be read */
      if (w > 0.9 * room_w)
        {
          size *= 0.9 * room_w / w;
          if (size < 8)
            continue;
          text_set (text, area->text, size, is_outline (area), &w, &h);
        }
      if (w > room_w || h > room_h)
        continue;
      if (cx + w / 2.0 < 0 || cx - w / 2.0 > view->width || cy + h / 2.0 < 0 || cy - h / 2.0 > view->height)
        continue;
      text_draw (text, cr, cx, cy, w, h, &ink, is_outline (area));
    }
}

/* Each row's label beyond its two end seats, where there is room. */
static void
paint_row_labels (TsSeatPainter           *self,
                  cairo_t                 *cr,
                  const TsSeatPainterView *view,
                  Text                    *text)
{
  GdkRGBA ink = { 0.37, 0.36, 0.39, 1 };

  for (guint r = 0; r < self->rows->len; r++)
    {
      RowEnds *row = &g_array_index (self->rows, RowEnds, r);
      double side = row->side * view->scale, size = CLAMP (0.6 * side, 8, 15);
      int w, h;

      if (side < ROW_LABEL_SIDE || !on_level (self, row->zone, view->level))
        continue;
      for (int end = 0; end < 2; end++)
        {
          double sx = end == 0 ? row->x0 : row->x1, sy = end == 0 ? row->y0 : row->y1;
          double dir = end == 0 ? -1 : 1;
          double x = view->offset_x + sx * view->scale, y = view->offset_y + sy * view->scale;
          double away;

          if (x < -60 || x > view->width + 60 || y < -60 || y > view->height + 60)
            continue;
          text_set (text, row->label, size, TRUE, &w, &h);
          /* half the seat, a gap, then half the label, along the row */
          away = side / 2 + 0.3 * side + MAX (w, h) / 2.0;
          text_draw (text, cr, x + dir * row->ux * away, y + dir * row->uy * away, w, h, &ink, FALSE);
        }
    }
}

/* Seats --------------------------------------------------------------------------------- */

static void
collect_seat (guint    seat,
              gpointer data)
{
  g_array_append_val ((GArray *) data, seat);
}

static void
paint_seat_labels (TsSeatPainter           *self,
                   cairo_t                 *cr,
                   const TsSeatPainterView *view,
                   Text                    *text)
{
  for (guint k = 0; k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      TsPlanSeat *seat = seat_at_index (self, i);
      TsSeatPaint *paint = &g_array_index (self->paints, TsSeatPaint, k);
      char letter[2] = { view->letters[i], 0 };
      const char *label = letter[0] != 0 ? letter : NULL;
      double size;
      GdkRGBA ink;
      int w, h;

      /* the number only where nothing else is said: available seats in
       * their category's colour */
      if (label == NULL && view->states[i] == TS_SEAT_STATE_AVAILABLE && view->seat_fills == NULL)
        label = seat->number;
      if (label == NULL || paint->side < TS_SEAT_PAINTER_LABEL_SIDE || view->dimmed[i])
        continue;
      size = CLAMP (0.55 * paint->side, 8, 32);
      text_set (text, label, size, letter[0] != 0, &w, &h);
      if (w > 0.95 * paint->side)
        {
          size *= 0.95 * paint->side / w;
          if (size < 7)
            continue;
          text_set (text, label, size, letter[0] != 0, &w, &h);
        }
      ts_seat_style_ink (&paint->fill, &ink);
      text_draw (text, cr, paint->x, paint->y, w, h, &ink, FALSE);
    }
}

void
ts_seat_painter_draw (TsSeatPainter           *self,
                      cairo_t                 *cr,
                      const TsSeatPainterView *view)
{
  double grow = MAX (view->seat_grow, 1);
  double margin = self->max_side * grow;
  Text text;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);   /* paper: the map reads the same in any theme */
  cairo_paint (cr);
  if (view->background != NULL && self->plan->width > 0 && self->plan->height > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, view->offset_x, view->offset_y);
      cairo_scale (cr, view->scale * self->plan->width / cairo_image_surface_get_width (view->background),
                   view->scale * self->plan->height / cairo_image_surface_get_height (view->background));
      cairo_set_source_surface (cr, view->background, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  paint_areas (self, cr, view);

  g_array_set_size (self->visible, 0);
  ts_seat_index_foreach_near (self->index, (-view->offset_x) / view->scale - margin,
                              (-view->offset_y) / view->scale - margin,
                              (view->width - view->offset_x) / view->scale + margin,
                              (view->height - view->offset_y) / view->scale + margin, collect_seat, self->visible);
  g_array_set_size (self->paints, self->visible->len);
  for (guint k = 0; k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      TsPlanSeat *seat = seat_at_index (self, i);
      TsSeatPaint *paint = &g_array_index (self->paints, TsSeatPaint, k);
      char letter = view->letters[i];
      const GdkRGBA *hold = letter >= 'a' && letter <= 'z' ? &view->letter_colors[letter - 'a'] : NULL;
      double side = seat->radius * SIDE_OF_RADIUS * view->scale * grow;

      ts_seat_style_resolve ((TsSeatState) view->states[i],
                             view->seat_fills != NULL ? &view->seat_fills[i] : &self->seat_colors[i], hold,
                             letter != 0 && side >= TS_SEAT_PAINTER_LABEL_SIDE, view->dimmed[i] ? 0.15 : 1, paint);
      paint->x = view->offset_x + seat->x * view->scale;
      paint->y = view->offset_y + seat->y * view->scale;
      paint->side = side;
    }
  ts_seat_style_paint (cr, (const TsSeatPaint *) self->paints->data, self->paints->len);

  text_init (&text, view);
  paint_row_labels (self, cr, view, &text);
  paint_seat_labels (self, cr, view, &text);
  paint_area_texts (self, cr, view, &text);
  text_clear (&text);
  cairo_restore (cr);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
ts_seat_painter_touching_grow (TsSeatPainter *self)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  double grow;

  for (guint i = 1; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i), *before = seat_at_index (self, i - 1);
      double ratio;

      if (seat->row == NULL || before->row == NULL || seat->radius <= 0
          || g_strcmp0 (seat->row, before->row) != 0 || g_strcmp0 (seat->zone, before->zone) != 0)
        continue;
      ratio = hypot (seat->x - before->x, seat->y - before->y) / (seat->radius * SIDE_OF_RADIUS);
      g_array_append_val (ratios, ratio);
    }
  if (ratios->len == 0)
    return 1;
  g_array_sort (ratios, compare_doubles);
  grow = g_array_index (ratios, double, ratios->len / 2);
  return CLAMP (grow, 1, 4);
}

/* Bounds ---------------------------------------------------------------------------------- */

static void
extend (graphene_rect_t *bounds,
        gboolean        *any,
        double           x,
        double           y)
{
  if (!isfinite (x) || !isfinite (y))
    return;
  if (!*any)
    {
      *bounds = GRAPHENE_RECT_INIT (x, y, 0, 0);
      *any = TRUE;
      return;
    }
  graphene_rect_expand (bounds, &GRAPHENE_POINT_INIT (x, y), bounds);
}

gboolean
ts_seat_painter_get_bounds (TsSeatPainter   *self,
                            const char      *level,
                            graphene_rect_t *out_bounds)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);
      double h = seat->radius * SIDE_OF_RADIUS / 2;

      if (!on_level (self, seat->zone, level))
        continue;
      extend (out_bounds, &any, seat->x - h, seat->y - h);
      extend (out_bounds, &any, seat->x + h, seat->y + h);
    }
  /* room for the row labels beyond the ends of the rows */
  for (guint r = 0; r < self->rows->len; r++)
    {
      RowEnds *row = &g_array_index (self->rows, RowEnds, r);
      double away = 1.6 * row->side;

      if (!on_level (self, row->zone, level))
        continue;
      extend (out_bounds, &any, row->x0 - row->ux * away, row->y0 - row->uy * away);
      extend (out_bounds, &any, row->x1 + row->ux * away, row->y1 + row->uy * away);
    }
  for (guint i = 0; i < self->plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (self->plan->areas, i);
      graphene_rect_t box = area_box (area);
      double cx = box.origin.x + box.size.width / 2, cy = box.origin.y + box.size.height / 2;
      double angle = area->rotation * G_PI / 180;

      if (!on_level (self, area->zone, level))
        continue;
      if (area->shape == TS_AREA_TEXT)
        {
          double size = area->text_size > 0 ? area->text_size : 0;
          double half = size * 0.3 * (area->text ? g_utf8_strlen (area->text, -1) : 0);

          extend (out_bounds, &any, area->x - half, area->y - size / 2);
          extend (out_bounds, &any, area->x + half, area->y + size / 2);
          continue;
        }
      /* the corners of the shape's rectangle, turned */
      for (int corner = 0; corner < 4; corner++)
        {
          double dx = (corner & 1 ? 0.5 : -0.5) * box.size.width, dy = (corner & 2 ? 0.5 : -0.5) * box.size.height;

          extend (out_bounds, &any, cx + dx * cos (angle) - dy * sin (angle), cy + dx * sin (angle) + dy * cos (angle));
        }
    }
  return any;
}
