/* ts-seat-style.c — the seat states' looks (rule M5) and their painting
 *
 * Seats are painted in passes, one path per colour: thousands of seats cost
 * a few fills, not one per seat.  Rings and marks are filled outlines (a
 * stroke's width cannot change from seat to seat within one path), all
 * wound the same way so that overlapping strokes of a mark add up. */
#include <math.h>

#include <glib/gi18n.h>

#include "ts-seat-style-private.h"

static const TsSeatStyle styles[] = {
  [TS_SEAT_STATE_AVAILABLE] = { TS_SEAT_STATE_AVAILABLE, NULL, NULL, FALSE, 0, TS_SEAT_MARK_NONE, NULL },
  [TS_SEAT_STATE_HELD] = { TS_SEAT_STATE_HELD, "#f6f5f4", "#77767b", TRUE, 0.18, TS_SEAT_MARK_BAR, "#241f31" },
  [TS_SEAT_STATE_SOLD] = { TS_SEAT_STATE_SOLD, "#c0bfbc", NULL, FALSE, 0, TS_SEAT_MARK_CROSS, "#241f31" },
  [TS_SEAT_STATE_IN_MY_CART] = { TS_SEAT_STATE_IN_MY_CART, NULL, "#241f31", FALSE, 0.2, TS_SEAT_MARK_CHECK, NULL },
  [TS_SEAT_STATE_IN_OTHER_CART] = { TS_SEAT_STATE_IN_OTHER_CART, "#ffffff", "#3d3846", FALSE, 0.08,
                                    TS_SEAT_MARK_HATCH, "#3d3846" },
  [TS_SEAT_STATE_UNAVAILABLE] = { TS_SEAT_STATE_UNAVAILABLE, "#ebebeb", "#c0bfbc", FALSE, 0.08, TS_SEAT_MARK_NONE, NULL },
};

static const TsSeatOverlayStyle overlays[] = {
  [TS_SEAT_OVERLAY_SELECTED] = { TS_SEAT_OVERLAY_SELECTED, "#e01b24", 2.5, FALSE },
  [TS_SEAT_OVERLAY_PARTY] = { TS_SEAT_OVERLAY_PARTY, "#9141ac", 3, TRUE },
  [TS_SEAT_OVERLAY_FOCUS] = { TS_SEAT_OVERLAY_FOCUS, "#1c71d8", 3, FALSE },
  [TS_SEAT_OVERLAY_HOVER] = { TS_SEAT_OVERLAY_HOVER, "#241f31", 1.5, FALSE },
};

/* Seats smaller than this, in device units, are filled on whole pixels. */
#define SNAP_SIDE 6.0

/* Between a seat and an overlay around it, so that a ring never merges with
 * a fill of its colour. */
#define OVERLAY_GAP 1.0

/* Marks, in a seat's own square from (0, 0) to (1, 1): segments x0, y0, x1, y1. */
static const double cross[] = { 0.24, 0.24, 0.76, 0.76, 0.76, 0.24, 0.24, 0.76 };
static const double check[] = { 0.22, 0.50, 0.42, 0.72, 0.42, 0.72, 0.80, 0.30 };
static const double hatch[] = { 0.0, 0.5, 0.5, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5 };
static const double bar[] = { 0.36, 0.5, 0.64, 0.5 };

static const TsSeatStyle *
ts_seat_style_get (TsSeatState state)
{
  return &styles[(guint) state < G_N_ELEMENTS (styles) ? state : TS_SEAT_STATE_AVAILABLE];
}

const TsSeatOverlayStyle *
ts_seat_style_get_overlay (TsSeatOverlay overlay)
{
  return &overlays[(guint) overlay < G_N_ELEMENTS (overlays) ? overlay : TS_SEAT_OVERLAY_HOVER];
}

const char *
ts_seat_style_state_name (TsSeatState state)
{
  switch (state)
    {
    case TS_SEAT_STATE_HELD: return _("held");
    case TS_SEAT_STATE_SOLD: return _("sold");
    case TS_SEAT_STATE_IN_MY_CART: return _("in my cart");
    case TS_SEAT_STATE_IN_OTHER_CART: return _("in another agent’s cart");
    case TS_SEAT_STATE_UNAVAILABLE: return _("unavailable");
    case TS_SEAT_STATE_AVAILABLE:
    default: return _("available");
    }
}

const char *
ts_seat_style_overlay_name (TsSeatOverlay overlay)
{
  switch (overlay)
    {
    case TS_SEAT_OVERLAY_SELECTED: return _("selected");
    /* Translators: the map's mark around the other seats of one order */
    case TS_SEAT_OVERLAY_PARTY: return _("same order");
    case TS_SEAT_OVERLAY_FOCUS: return _("keyboard focus");
    case TS_SEAT_OVERLAY_HOVER:
    default: return _("under the pointer");
    }
}

static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel (c->red) + 0.7152 * channel (c->green) + 0.0722 * channel (c->blue);
}

double
_ts_seat_style_contrast (const GdkRGBA *a,
                         const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

void
ts_seat_style_ink (const GdkRGBA *background,
                   GdkRGBA       *out_ink)
{
  static const GdkRGBA black = { 0, 0, 0, 1 }, white = { 1, 1, 1, 1 };

  *out_ink = _ts_seat_style_contrast (background, &black) >= _ts_seat_style_contrast (background, &white) ? black : white;
}

/* The table's colours, parsed once: a view resolves every seat in it. */
typedef struct
{
  GdkRGBA fill, ring, mark;
} Parsed;

static const Parsed *
parsed_styles (void)
{
  static Parsed parsed[G_N_ELEMENTS (styles)];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
        {
          parsed[i] = (Parsed) { { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
          if (styles[i].fill != NULL)
            gdk_rgba_parse (&parsed[i].fill, styles[i].fill);
          if (styles[i].ring != NULL)
            gdk_rgba_parse (&parsed[i].ring, styles[i].ring);
          if (styles[i].mark_color != NULL)
            gdk_rgba_parse (&parsed[i].mark, styles[i].mark_color);
        }
      g_once_init_leave (&done, 1);
    }
  return parsed;
}

void
ts_seat_style_resolve (TsSeatState    state,
                       const GdkRGBA *category,
                       const GdkRGBA *hold_color,
                       gboolean       letter_shown,
                       double         alpha,
                       TsSeatPaint   *out)
{
  const TsSeatStyle *style = ts_seat_style_get (state);
  const Parsed *parsed = &parsed_styles ()[style->state];

  out->fill = style->fill != NULL ? parsed->fill : *category;
  out->ring_width = style->ring_width;
  if (style->ring_is_hold && hold_color != NULL && hold_color->alpha > 0)
    out->ring = *hold_color;
  else
    out->ring = parsed->ring;   /* alpha 0 when the style has none */
  out->mark = letter_shown ? TS_SEAT_MARK_NONE : style->mark;
  if (style->mark_color != NULL)
    out->mark_color = parsed->mark;
  else if (out->mark != TS_SEAT_MARK_NONE)
    ts_seat_style_ink (&out->fill, &out->mark_color);
  else
    out->mark_color = (GdkRGBA) { 0, 0, 0, 0 };
  out->fill.alpha *= alpha;
  out->ring.alpha *= alpha;
  out->mark_color.alpha *= alpha;
}

/* Painting ------------------------------------------------------------------------- */

typedef struct
{
  GdkRGBA  color;
  GArray  *seats;          /* guint: indexes into the seats painted */
} Group;

static gboolean
same_color (const GdkRGBA *a,
            const GdkRGBA *b)
{
  return a->red == b->red && a->green == b->green && a->blue == b->blue && a->alpha == b->alpha;
}

static void
add_to_group (GArray        *groups,
              const GdkRGBA *color,
              guint          seat)
{
  Group *group = NULL;

  /* seats come in runs of one look: the last group is the likely one */
  for (guint g = groups->len; g > 0 && group == NULL; g--)
    if (same_color (&g_array_index (groups, Group, g - 1).color, color))
      group = &g_array_index (groups, Group, g - 1);
  if (group == NULL)
    {
      Group added = { *color, g_array_new (FALSE, FALSE, sizeof (guint)) };

      g_array_append_val (groups, added);
      group = &g_array_index (groups, Group, groups->len - 1);
    }
  g_array_append_val (group->seats, seat);
}

static void
clear_group (gpointer data)
{
  g_array_unref (((Group *) data)->seats);
}

/* A segment of a seat's square as a filled quadrilateral, always wound the
 * same way round. */
static void
add_segment (cairo_t           *cr,
             const TsSeatPaint *seat,
             const double      *segment,
             double             width)
{
  double x0 = seat->x + (segment[0] - 0.5) * seat->side, y0 = seat->y + (segment[1] - 0.5) * seat->side;
  double x1 = seat->x + (segment[2] - 0.5) * seat->side, y1 = seat->y + (segment[3] - 0.5) * seat->side;
  double length = hypot (x1 - x0, y1 - y0);
  double nx, ny, ex, ey;

  if (length <= 0)
    return;
  /* half the width across, and as much beyond each end (square caps) */
  nx = -(y1 - y0) / length * width / 2;
  ny = (x1 - x0) / length * width / 2;
  ex = (x1 - x0) / length * width / 2;
  ey = (y1 - y0) / length * width / 2;
  cairo_move_to (cr, x0 - ex + nx, y0 - ey + ny);
  cairo_line_to (cr, x1 + ex + nx, y1 + ey + ny);
  cairo_line_to (cr, x1 + ex - nx, y1 + ey - ny);
  cairo_line_to (cr, x0 - ex - nx, y0 - ey - ny);
  cairo_close_path (cr);
}

static void
add_mark (cairo_t           *cr,
          const TsSeatPaint *seat)
{
  const double *segments;
  guint n;
  double width;

  switch (seat->mark)
    {
    case TS_SEAT_MARK_CROSS: segments = cross; n = G_N_ELEMENTS (cross); width = 0.16; break;
    case TS_SEAT_MARK_CHECK: segments = check; n = G_N_ELEMENTS (check); width = 0.14; break;
    case TS_SEAT_MARK_HATCH: segments = hatch; n = G_N_ELEMENTS (hatch); width = 0.1; break;
    case TS_SEAT_MARK_BAR: segments = bar; n = G_N_ELEMENTS (bar); width = 0.16; break;
    case TS_SEAT_MARK_NONE:
    default: return;
    }
  for (guint k = 0; k + 3 < n; k += 4)
    add_segment (cr, seat, segments + k, width * seat->side);
}

/* The band inside the seat's edge: the square one way round, the inner
 * square the other (a hole under the nonzero rule). */
static void
add_ring (cairo_t           *cr,
          const TsSeatPaint *seat)
{
  double h = seat->side / 2, inner = h - seat->ring_width * seat->side;

  cairo_rectangle (cr, seat->x - h, seat->y - h, seat->side, seat->side);
  if (inner <= 0)
    return;
  cairo_move_to (cr, seat->x - inner, seat->y - inner);
  cairo_line_to (cr, seat->x - inner, seat->y + inner);
  cairo_line_to (cr, seat->x + inner, seat->y + inner);
  cairo_line_to (cr, seat->x + inner, seat->y - inner);
  cairo_close_path (cr);
}

typedef enum { PASS_FILL, PASS_RING, PASS_MARK } Pass;

static void
paint_pass (cairo_t           *cr,
            const TsSeatPaint *seats,
            guint              n_seats,
            Pass               pass)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));

  g_array_set_clear_func (groups, clear_group);
  for (guint i = 0; i < n_seats; i++)
    {
      const TsSeatPaint *seat = &seats[i];

      if (pass == PASS_FILL && seat->fill.alpha > 0)
        add_to_group (groups, &seat->fill, i);
      else if (pass == PASS_RING && seat->ring.alpha > 0 && seat->ring_width > 0)
        add_to_group (groups, &seat->ring, i);
      else if (pass == PASS_MARK && seat->mark != TS_SEAT_MARK_NONE && seat->mark_color.alpha > 0)
        add_to_group (groups, &seat->mark_color, i);
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);

      cairo_new_path (cr);
      for (guint k = 0; k < group->seats->len; k++)
        {
          const TsSeatPaint *seat = &seats[g_array_index (group->seats, guint, k)];

          if (pass == PASS_FILL && seat->side < SNAP_SIDE)
            {
              /* a few pixels across: whole pixels, which cairo fills as boxes, fast */
              double side = MAX (1, round (seat->side));

              cairo_rectangle (cr, round (seat->x - side / 2), round (seat->y - side / 2), side, side);
            }
          else if (pass == PASS_FILL)
            cairo_rectangle (cr, seat->x - seat->side / 2, seat->y - seat->side / 2, seat->side, seat->side);
          else if (pass == PASS_RING)
            add_ring (cr, seat);
          else
            add_mark (cr, seat);
        }
      gdk_cairo_set_source_rgba (cr, &group->color);
      cairo_fill (cr);
    }
}

void
ts_seat_style_paint (cairo_t           *cr,
                     const TsSeatPaint *seats,
                     guint              n_seats)
{
  cairo_save (cr);
  paint_pass (cr, seats, n_seats, PASS_FILL);
  paint_pass (cr, seats, n_seats, PASS_RING);
  paint_pass (cr, seats, n_seats, PASS_MARK);
  cairo_restore (cr);
}

void
ts_seat_style_paint_overlay (cairo_t       *cr,
                             TsSeatOverlay  overlay,
                             double         x,
                             double         y,
                             double         side)
{
  const TsSeatOverlayStyle *style = ts_seat_style_get_overlay (overlay);
  double outer = side / 2 + OVERLAY_GAP + style->width, inner = side / 2 + OVERLAY_GAP;
  GdkRGBA color;

  gdk_rgba_parse (&color, style->color);
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  if (style->round)
    {
      cairo_arc (cr, x, y, outer, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, inner, 0, 2 * G_PI);
    }
  else
    {
      cairo_rectangle (cr, x - outer, y - outer, 2 * outer, 2 * outer);
      cairo_rectangle (cr, x - inner, y - inner, 2 * inner, 2 * inner);
    }
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
ts_seat_style_append_overlay (GtkSnapshot   *snapshot,
                              TsSeatOverlay  overlay,
                              double         x,
                              double         y,
                              double         side)
{
  const TsSeatOverlayStyle *style = ts_seat_style_get_overlay (overlay);
  double outer = side / 2 + OVERLAY_GAP + style->width;
  GskRoundedRect ring;
  GdkRGBA color;
  float widths[4];
  GdkRGBA colors[4];

  gdk_rgba_parse (&color, style->color);
  for (guint k = 0; k < 4; k++)
    {
      widths[k] = (float) style->width;
      colors[k] = color;
    }
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x - outer, y - outer, 2 * outer, 2 * outer),
                                   style->round ? (float) outer : 0);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}
