/* ts-seat-index.c — the seat map's spatial index and reading order
 *
 * A uniform grid over the plan, cells about four seats wide, stored as one
 * array of runs (cell_start[c] to cell_start[c + 1] in items): a hit test
 * looks at the seats of nine cells, never at the whole plan.  The reading
 * order sorts the seats by row (within a seat's radius) and then by x. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts-seat-index.h"

struct _TsSeatIndex
{
  TsSeatPlan *plan;

  double      grid_x, grid_y, cell;
  guint       columns, rows;
  guint      *cell_start;        /* columns × rows + 1 */
  guint      *cell_items;

  guint      *order;             /* position → seat */
  guint      *rank;              /* seat → position */
};

static inline TsPlanSeat *
seat_at_index (TsSeatIndex *self,
               guint        i)
{
  return g_ptr_array_index (self->plan->seats, i);
}

static inline guint
cell_of (TsSeatIndex *self,
         TsPlanSeat  *seat)
{
  return (guint) ((seat->x - self->grid_x) / self->cell)
         + self->columns * (guint) ((seat->y - self->grid_y) / self->cell);
}

static void
build_grid (TsSeatIndex *self)
{
  guint n = self->plan->seats->len;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE, radius = 1;
  g_autofree guint *counts = NULL;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);

      min_x = MIN (min_x, seat->x);
      min_y = MIN (min_y, seat->y);
      max_x = MAX (max_x, seat->x);
      max_y = MAX (max_y, seat->y);
      radius = MAX (radius, seat->radius);
    }
  /* cells about four seats wide: a lookup checks few seats */
  self->cell = MAX (radius * 4, 1);
  self->grid_x = min_x - radius;
  self->grid_y = min_y - radius;
  self->columns = (guint) ((max_x - self->grid_x + radius) / self->cell) + 1;
  self->rows = (guint) ((max_y - self->grid_y + radius) / self->cell) + 1;
  counts = g_new0 (guint, self->columns * self->rows + 1);
  self->cell_start = g_new0 (guint, self->columns * self->rows + 1);
  self->cell_items = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    counts[cell_of (self, seat_at_index (self, i)) + 1]++;
  for (guint c = 0; c < self->columns * self->rows; c++)
    self->cell_start[c + 1] = self->cell_start[c] + counts[c + 1];
  memset (counts, 0, sizeof (guint) * (self->columns * self->rows + 1));
  for (guint i = 0; i < n; i++)
    {
      guint c = cell_of (self, seat_at_index (self, i));

      self->cell_items[self->cell_start[c] + counts[c]++] = i;
    }
}

static int
compare_reading (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  TsSeatIndex *self = user_data;
  TsPlanSeat *x = seat_at_index (self, *(const guint *) a);
  TsPlanSeat *y = seat_at_index (self, *(const guint *) b);
  double tolerance = MIN (x->radius, y->radius);

  if (fabs (x->y - y->y) > tolerance)
    return x->y < y->y ? -1 : 1;
  return x->x < y->x ? -1 : x->x > y->x;
}

static void
build_order (TsSeatIndex *self)
{
  guint n = self->plan->seats->len;

  self->order = g_new (guint, n ? n : 1);
  self->rank = g_new (guint, n ? n : 1);
  for (guint i = 0; i < n; i++)
    self->order[i] = i;
  g_qsort_with_data (self->order, (int) n, sizeof (guint), compare_reading, self);
  for (guint i = 0; i < n; i++)
    self->rank[self->order[i]] = i;
}

TsSeatIndex *
ts_seat_index_new (TsSeatPlan *plan)
{
  TsSeatIndex *self = g_new0 (TsSeatIndex, 1);

  self->plan = plan;
  build_grid (self);
  build_order (self);
  return self;
}

void
ts_seat_index_free (TsSeatIndex *self)
{
  if (self == NULL)
    return;
  g_free (self->cell_start);
  g_free (self->cell_items);
  g_free (self->order);
  g_free (self->rank);
  g_free (self);
}

int
ts_seat_index_seat_at (TsSeatIndex  *self,
                       double        px,
                       double        py,
                       const guint8 *hidden)
{
  int best = -1;
  double best_d = G_MAXDOUBLE;
  int cx, cy;

  if (self->cell_start == NULL)
    return -1;
  cx = (int) floor ((px - self->grid_x) / self->cell);
  cy = (int) floor ((py - self->grid_y) / self->cell);
  for (int y = cy - 1; y <= cy + 1; y++)
    for (int x = cx - 1; x <= cx + 1; x++)
      {
        guint c;

        if (x < 0 || y < 0 || x >= (int) self->columns || y >= (int) self->rows)
          continue;
        c = (guint) x + self->columns * (guint) y;
        for (guint k = self->cell_start[c]; k < self->cell_start[c + 1]; k++)
          {
            guint i = self->cell_items[k];
            TsPlanSeat *seat = seat_at_index (self, i);
            double dx = seat->x - px, dy = seat->y - py, d = dx * dx + dy * dy;

            if (d <= seat->radius * seat->radius && d < best_d && (hidden == NULL || !hidden[i]))
              {
                best = (int) i;
                best_d = d;
              }
          }
      }
  return best;
}

void
ts_seat_index_foreach_near (TsSeatIndex     *self,
                            double           x0,
                            double           y0,
                            double           x1,
                            double           y1,
                            TsSeatIndexFunc  func,
                            gpointer         data)
{
  int c0, r0, c1, r1;

  if (self->cell_start == NULL)
    return;
  c0 = MAX (0, (int) floor ((x0 - self->grid_x) / self->cell));
  r0 = MAX (0, (int) floor ((y0 - self->grid_y) / self->cell));
  c1 = MIN ((int) self->columns - 1, (int) floor ((x1 - self->grid_x) / self->cell));
  r1 = MIN ((int) self->rows - 1, (int) floor ((y1 - self->grid_y) / self->cell));
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        guint cell = (guint) c + self->columns * (guint) r;

        for (guint k = self->cell_start[cell]; k < self->cell_start[cell + 1]; k++)
          func (self->cell_items[k], data);
      }
}

guint
ts_seat_index_in_order (TsSeatIndex *self,
                        guint        position)
{
  return self->order[position];
}

guint
ts_seat_index_position (TsSeatIndex *self,
                        guint        seat)
{
  return self->rank[seat];
}

int
ts_seat_index_vertical_neighbour (TsSeatIndex *self,
                                  guint        from,
                                  int          direction)
{
  TsPlanSeat *seat = seat_at_index (self, from);
  int k = (int) self->rank[from];
  int n = (int) self->plan->seats->len;
  double row_y = G_MAXDOUBLE;
  int best = -1;
  double best_dx = G_MAXDOUBLE;

  for (k += direction; k >= 0 && k < n; k += direction)
    {
      TsPlanSeat *other = seat_at_index (self, self->order[k]);

      if (fabs (other->y - seat->y) <= MIN (seat->radius, other->radius))
        continue;
      if (row_y == G_MAXDOUBLE)
        row_y = other->y;
      if (fabs (other->y - row_y) > other->radius)
        break;
      if (fabs (other->x - seat->x) < best_dx)
        {
          best_dx = fabs (other->x - seat->x);
          best = (int) self->order[k];
        }
    }
  return best;
}
