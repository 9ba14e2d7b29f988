/* ts-seat-style.h — how a seat looks in each state, and the marks drawn
 * around seats (rule M5): one table that the seat map draws from and its
 * legend shows, so that the legend says exactly what is drawn.
 *
 * Available seats are filled with their price category's colour and carry
 * no mark.  Every other state is told by its shape, not only its colour, so
 * that no category colour can pass for it: sold is grey with a cross, held
 * is pale with a ring in the hold letter's colour and a bar (each mark gives
 * way to the display or hold letter once the seat is large enough to read
 * it), in my cart keeps the category's colour with a dark ring and a check,
 * another agent's cart is hatched.  Around the
 * seats: the selection a red square, the other seats of an order (M7) a
 * purple circle, the keyboard focus a blue square, the hover a thin dark
 * square. */
#pragma once

#include <gtk/gtk.h>

#include "ts-seat-map.h"

G_BEGIN_DECLS

typedef enum
{
  TS_SEAT_MARK_NONE,
  TS_SEAT_MARK_CROSS,
  TS_SEAT_MARK_CHECK,
  TS_SEAT_MARK_HATCH,
  TS_SEAT_MARK_BAR,
} TsSeatMark;

typedef struct
{
  TsSeatState  state;
  const char  *fill;         /* "#rrggbb"; NULL: the seat's price category's colour */
  const char  *ring;         /* drawn inside the seat's edge; NULL: none */
  gboolean     ring_is_hold; /* the ring takes the hold letter's colour when it has one */
  double       ring_width;   /* a fraction of the seat's side */
  TsSeatMark   mark;
  const char  *mark_color;   /* NULL: black or white, whichever reads on the fill */
} TsSeatStyle;

typedef enum
{
  TS_SEAT_OVERLAY_SELECTED,
  TS_SEAT_OVERLAY_PARTY,     /* the other seats of an order (M7) */
  TS_SEAT_OVERLAY_FOCUS,
  TS_SEAT_OVERLAY_HOVER,
  TS_SEAT_N_OVERLAYS,
} TsSeatOverlay;

typedef struct
{
  TsSeatOverlay  overlay;
  const char    *color;
  double         width;      /* pixels, around the seat */
  gboolean       round;      /* a circle around the seat, else a square */
} TsSeatOverlayStyle;

/* A seat ready to paint: its centre and side in the units of the cairo
 * context, and its colours resolved. */
typedef struct
{
  double      x, y, side;
  GdkRGBA     fill;
  GdkRGBA     ring;          /* alpha 0: none */
  double      ring_width;    /* a fraction of side */
  TsSeatMark  mark;
  GdkRGBA     mark_color;
} TsSeatPaint;

const TsSeatOverlayStyle *ts_seat_style_get_overlay  (TsSeatOverlay  overlay);
/* "sold", "in my cart"… as tooltips and the legend say them (translated). */
const char               *ts_seat_style_state_name   (TsSeatState    state);
const char               *ts_seat_style_overlay_name (TsSeatOverlay  overlay);

/* The look of a seat in a state: category is its category's colour,
 * hold_color its hold letter's (NULL or alpha 0: none); with letter_shown
 * the letter is drawn by the caller instead of the mark; alpha fades it all
 * (a level not shown). */
void   ts_seat_style_resolve        (TsSeatState     state,
                                     const GdkRGBA  *category,
                                     const GdkRGBA  *hold_color,
                                     gboolean        letter_shown,
                                     double          alpha,
                                     TsSeatPaint    *out_paint);
/* Paints seats: fills, then rings, then marks, one path per colour. */
void   ts_seat_style_paint          (cairo_t           *cr,
                                     const TsSeatPaint *seats,
                                     guint              n_seats);
/* An overlay around a seat of side pixels centred at (x, y), with cairo
 * (the legend) or into a snapshot (the map's frames). */
void   ts_seat_style_paint_overlay  (cairo_t        *cr,
                                     TsSeatOverlay   overlay,
                                     double          x,
                                     double          y,
                                     double          side);
void   ts_seat_style_append_overlay (GtkSnapshot    *snapshot,
                                     TsSeatOverlay   overlay,
                                     double          x,
                                     double          y,
                                     double          side);
/* Black or white, whichever contrasts more with background. */
void   ts_seat_style_ink            (const GdkRGBA  *background,
                                     GdkRGBA        *out_ink);

G_END_DECLS
