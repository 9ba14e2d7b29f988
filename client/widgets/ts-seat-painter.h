/* ts-seat-painter.h — the seat map as the venue looks, painted with cairo
 * for one view: the paper, the background, the areas (stage, texts,
 * general admission, section outlines and their labels), the seats in
 * their states (TsSeatStyle), row labels at the ends of rows, and letters
 * or numbers in the seats once they are large enough to read.  What does not
 * change with the view (rows, colours, what is drawn where) is worked out
 * once per plan. */
#pragma once

#include <gtk/gtk.h>

#include "ts-seat-index.h"
#include "ts-seat-plan.h"

G_BEGIN_DECLS

typedef struct _TsSeatPainter TsSeatPainter;

typedef struct
{
  double            scale, offset_x, offset_y;    /* widget = offset + plan × scale */
  int               width, height;                /* widget pixels */
  const guint8     *states;                       /* TsSeatState per seat */
  const char       *letters;                      /* hold or display letter per seat, 0: none */
  const guint8     *dimmed;                       /* per seat: outside the level shown */
  const char       *level;                        /* the level shown, NULL: all */
  const GdkRGBA    *letter_colors;                /* 26 hold letter colours, alpha 0: none */
  cairo_surface_t  *background;                   /* drawn over the plan's declared size, or NULL */
  PangoContext     *pango;
  /* A fill of the caller's instead of the price category's (the sales heat
   * map's percent sold): per seat and per area (alpha 0: the area as
   * usual); NULL: none.  Seats so filled carry no number. */
  const GdkRGBA    *seat_fills;
  const GdkRGBA    *area_fills;
  /* Seats drawn this many times their side, so that at an overview they
   * fill the room between them (the heat map, whose colour must read as
   * the section's); 0 or 1: as they are. */
  double            seat_grow;
} TsSeatPainterView;

/* plan and index must outlive the painter. */
TsSeatPainter *ts_seat_painter_new        (TsSeatPlan              *plan,
                                           TsSeatIndex             *index);
void           ts_seat_painter_free       (TsSeatPainter           *self);
/* Paints the view into cr, whose origin is the widget's top left corner. */
void           ts_seat_painter_draw       (TsSeatPainter           *self,
                                           cairo_t                 *cr,
                                           const TsSeatPainterView *view);
/* The plan rectangle of what is drawn (seats, areas, texts, row labels) on
 * the level (NULL: all); FALSE when nothing is. */
gboolean       ts_seat_painter_get_bounds (TsSeatPainter           *self,
                                           const char              *level,
                                           graphene_rect_t         *out_bounds);
/* The general-admission area (one with a capacity) at plan point (px, py),
 * the topmost where they overlap; -1 when there is none. */
int            ts_seat_painter_area_at    (TsSeatPainter           *self,
                                           double                   px,
                                           double                   py);
/* How many times its side a seat is drawn to touch its neighbours in the
 * row (the median over the plan, from 1 to 4; 1 when they touch already or
 * the plan has no rows): TsSeatPainterView.seat_grow for a map whose seats
 * must read as their section's colour. */
double         ts_seat_painter_touching_grow (TsSeatPainter      *self);
/* The smallest side, in pixels, at which a seat shows its letter or number. */
#define TS_SEAT_PAINTER_LABEL_SIDE 14.0

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsSeatPainter, ts_seat_painter_free)

G_END_DECLS
