/* ts-seat-index.h — where a plan's seats are: a uniform grid that answers
 * "which seat is here" from a handful of seats, and the reading order the
 * keyboard moves in (rows top to bottom, seats left to right) */
#pragma once

#include <glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

typedef struct _TsSeatIndex TsSeatIndex;

/* Called for each seat of the cells a rectangle touches. */
typedef void (*TsSeatIndexFunc) (guint    seat,
                                 gpointer data);

/* Indexes plan's seats; plan must outlive the index. */
TsSeatIndex *ts_seat_index_new             (TsSeatPlan   *plan);
void         ts_seat_index_free            (TsSeatIndex  *self);

/* The seat whose circle holds the plan point nearest its centre, leaving
 * out those hidden[i] marks (NULL: none); -1 when there is none. */
int          ts_seat_index_seat_at         (TsSeatIndex  *self,
                                            double        px,
                                            double        py,
                                            const guint8 *hidden);
/* Every seat in the grid cells that meet the plan rectangle (x0, y0)–(x1, y1):
 * those inside it and a few around. */
void         ts_seat_index_foreach_near    (TsSeatIndex  *self,
                                            double        x0,
                                            double        y0,
                                            double        x1,
                                            double        y1,
                                            TsSeatIndexFunc func,
                                            gpointer      data);

/* Reading order: the seat at position (0 to n - 1), a seat's position. */
guint        ts_seat_index_in_order        (TsSeatIndex  *self,
                                            guint         position);
guint        ts_seat_index_position        (TsSeatIndex  *self,
                                            guint         seat);
/* In the row below (direction 1) or above (-1), the seat nearest in x;
 * -1 when there is no such row. */
int          ts_seat_index_vertical_neighbour (TsSeatIndex *self,
                                               guint        seat,
                                               int          direction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsSeatIndex, ts_seat_index_free)

G_END_DECLS
