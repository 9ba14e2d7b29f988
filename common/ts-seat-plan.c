/* ts-seat-plan.c — the seat plan model */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-seat-plan.h"

static void
seat_free (gpointer data)
{
  TsPlanSeat *seat = data;

  g_free (seat->guid);
  g_free (seat->zone);
  g_free (seat->row);
  g_free (seat->number);
  g_free (seat->category);
  g_free (seat);
}

static void
category_free (gpointer data)
{
  TsPlanCategory *category = data;

  g_free (category->name);
  g_free (category->color);
  g_free (category);
}

static void
zone_free (gpointer data)
{
  TsPlanZone *zone = data;

  g_free (zone->name);
  g_free (zone->zone_id);
  g_free (zone->level);
  g_free (zone);
}

static void
area_free (gpointer data)
{
  TsPlanArea *area = data;

  g_free (area->zone);
  g_clear_pointer (&area->points, g_array_unref);
  g_free (area->color);
  g_free (area->border_color);
  g_free (area->text);
  g_free (area->category);
  g_free (area);
}

TsSeatPlan *
ts_seat_plan_new (const char *name)
{
  TsSeatPlan *self = g_new0 (TsSeatPlan, 1);

  self->name = g_strdup (name);
  self->categories = g_ptr_array_new_with_free_func (category_free);
  self->zones = g_ptr_array_new_with_free_func (zone_free);
  self->seats = g_ptr_array_new_with_free_func (seat_free);
  self->areas = g_ptr_array_new_with_free_func (area_free);
  return self;
}

void
ts_seat_plan_free (TsSeatPlan *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_ptr_array_unref (self->categories);
  g_ptr_array_unref (self->zones);
  g_ptr_array_unref (self->seats);
  g_ptr_array_unref (self->areas);
  g_free (self);
}

TsPlanSeat *
ts_seat_plan_add_seat (TsSeatPlan *self,
                       const char *guid,
                       const char *zone,
                       const char *row,
                       const char *number,
                       double      x,
                       double      y)
{
  TsPlanSeat *seat = g_new0 (TsPlanSeat, 1);

  seat->guid = g_strdup (guid);
  seat->zone = g_strdup (zone);
  /* An empty label is no label: stored plans write both as "" (pretix wants
   * the member), so reading one back must give the same seat (M3). */
  seat->row = row != NULL && *row != '\0' ? g_strdup (row) : NULL;
  seat->number = number != NULL && *number != '\0' ? g_strdup (number) : NULL;
  seat->x = x;
  seat->y = y;
  seat->radius = 10;
  g_ptr_array_add (self->seats, seat);
  return seat;
}

TsPlanCategory *
ts_seat_plan_add_category (TsSeatPlan *self,
                           const char *name,
                           const char *color)
{
  TsPlanCategory *category = g_new0 (TsPlanCategory, 1);

  category->name = g_strdup (name);
  category->color = g_strdup (color);
  g_ptr_array_add (self->categories, category);
  return category;
}

TsPlanZone *
ts_seat_plan_add_zone (TsSeatPlan *self,
                       const char *name,
                       const char *zone_id)
{
  TsPlanZone *zone = g_new0 (TsPlanZone, 1);

  zone->name = g_strdup (name);
  zone->zone_id = g_strdup (zone_id ? zone_id : name);
  g_ptr_array_add (self->zones, zone);
  return zone;
}

TsPlanArea *
ts_seat_plan_add_area (TsSeatPlan  *self,
                       TsAreaShape  shape)
{
  TsPlanArea *area = g_new0 (TsPlanArea, 1);

  area->shape = shape;
  g_ptr_array_add (self->areas, area);
  return area;
}

TsPlanZone *
ts_seat_plan_find_zone (TsSeatPlan *self,
                        const char *name)
{
  for (guint i = 0; i < self->zones->len; i++)
    {
      TsPlanZone *zone = g_ptr_array_index (self->zones, i);

      if (g_strcmp0 (zone->name, name) == 0)
        return zone;
    }
  return NULL;
}

static gboolean
within_extent (double value)
{
  return isfinite (value) && fabs (value) <= TS_SEAT_PLAN_MAX_EXTENT;
}

gboolean
ts_seat_plan_check_limits (const TsSeatPlan  *self,
                           GError           **error)
{
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 capacity = 0;

  if (self->seats->len > TS_SEAT_PLAN_MAX_SEATS)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The plan has %u seats; at most %u are allowed",
                   self->seats->len, TS_SEAT_PLAN_MAX_SEATS);
      return FALSE;
    }
  /* each zone and area costs as much to store as a row of seats */
  if (self->zones->len > TS_SEAT_PLAN_MAX_ZONES || self->areas->len > TS_SEAT_PLAN_MAX_AREAS)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "The plan has %u zones and %u areas; at most %u and %u are allowed",
                   self->zones->len, self->areas->len, TS_SEAT_PLAN_MAX_ZONES, TS_SEAT_PLAN_MAX_AREAS);
      return FALSE;
    }
  /* a stored plan without a positive size does not load (found by fuzzing) */
  if (!within_extent (self->width) || !within_extent (self->height) || self->width <= 0 || self->height <= 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "size: width and height must be positive and at most %.0f",
                   TS_SEAT_PLAN_MAX_EXTENT);
      return FALSE;
    }
  for (guint i = 0; i < self->zones->len; i++)
    {
      TsPlanZone *zone = g_ptr_array_index (self->zones, i);

      if (zone->name == NULL || !g_hash_table_add (zones, zone->name))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "zones[%u]: the name “%s” is used by another zone; each zone needs its own",
                       i, zone->name ? zone->name : "");
          return FALSE;
        }
    }
  for (guint i = 0; i < self->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (self->seats, i);

      if (!within_extent (seat->x) || !within_extent (seat->y) || !within_extent (seat->radius))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "seat “%s”: position and radius must be within ±%.0f", seat->guid, TS_SEAT_PLAN_MAX_EXTENT);
          return FALSE;
        }
    }
  for (guint i = 0; i < self->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (self->areas, i);
      gboolean ok = within_extent (area->x) && within_extent (area->y) && within_extent (area->width)
                    && within_extent (area->height) && within_extent (area->radius)
                    && within_extent (area->rotation) && within_extent (area->text_size) && area->text_size >= 0;

      for (guint k = 0; ok && area->points != NULL && k < area->points->len; k++)
        ok = within_extent (g_array_index (area->points, double, k));
      if (!ok)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "zone “%s” area %u: positions and sizes must be within ±%.0f",
                       area->zone ? area->zone : "", i, TS_SEAT_PLAN_MAX_EXTENT);
          return FALSE;
        }
      capacity += area->capacity;
    }
  if (capacity > TS_SEAT_PLAN_MAX_GA_CAPACITY)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "General admission holds %" G_GUINT64_FORMAT " in all; at most %u are allowed",
                   capacity, TS_SEAT_PLAN_MAX_GA_CAPACITY);
      return FALSE;
    }
  return TRUE;
}

/* printf's %g, which json-glib uses, writes a number under 1e-4 with an
 * exponent, and json-glib then appends ".0" to "3e-10": not JSON.  Within
 * ±TS_SEAT_PLAN_MAX_EXTENT, every other number is written plainly. */
static void
round_number (double *value)
{
  if (fabs (*value) < 1e-4)
    *value = 0;
}

gboolean
ts_seat_plan_finish (TsSeatPlan  *self,
                     GError     **error)
{
  round_number (&self->width);
  round_number (&self->height);
  for (guint i = 0; i < self->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (self->seats, i);

      round_number (&seat->x);
      round_number (&seat->y);
      round_number (&seat->radius);
    }
  for (guint i = 0; i < self->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (self->areas, i);

      round_number (&area->x);
      round_number (&area->y);
      round_number (&area->width);
      round_number (&area->height);
      round_number (&area->radius);
      round_number (&area->rotation);
      round_number (&area->text_size);
      for (guint k = 0; area->points != NULL && k < area->points->len; k++)
        round_number (&g_array_index (area->points, double, k));
    }
  return ts_seat_plan_check_limits (self, error);
}

guint
ts_seat_plan_ga_capacity (TsSeatPlan *self)
{
  guint total = 0;

  for (guint i = 0; i < self->areas->len; i++)
    total += ((TsPlanArea *) g_ptr_array_index (self->areas, i))->capacity;
  return total;
}

static const char *shape_names[] = {
  [TS_AREA_RECTANGLE] = "rectangle",
  [TS_AREA_ELLIPSE] = "ellipse",
  [TS_AREA_CIRCLE] = "circle",
  [TS_AREA_POLYGON] = "polygon",
  [TS_AREA_TEXT] = "text",
};

const char *
ts_area_shape_to_string (TsAreaShape shape)
{
  return (guint) shape < G_N_ELEMENTS (shape_names) ? shape_names[shape] : "rectangle";
}

gboolean
ts_area_shape_from_string (const char  *name,
                           TsAreaShape *out_shape)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (shape_names); i++)
    if (g_str_equal (shape_names[i], name))
      {
        *out_shape = (TsAreaShape) i;
        return TRUE;
      }
  return FALSE;
}

/* Coordinates survive a JSON round trip to well under a thousandth. */
static gboolean
close_enough (double a,
              double b)
{
  return fabs (a - b) < 1e-6 * MAX (1.0, MAX (fabs (a), fabs (b)));
}

static gboolean
differ (char      **out,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
differ (char      **out,
        const char *format,
        ...)
{
  va_list args;

  if (out != NULL)
    {
      va_start (args, format);
      *out = g_strdup_vprintf (format, args);
      va_end (args);
    }
  return FALSE;
}

gboolean
ts_seat_plan_equal (const TsSeatPlan  *a,
                    const TsSeatPlan  *b,
                    char             **out_difference)
{
  if (g_strcmp0 (a->name, b->name) != 0)
    return differ (out_difference, "name: “%s” ≠ “%s”", a->name, b->name);
  if (!close_enough (a->width, b->width) || !close_enough (a->height, b->height))
    return differ (out_difference, "size differs");
  if (a->categories->len != b->categories->len)
    return differ (out_difference, "%u ≠ %u categories", a->categories->len, b->categories->len);
  for (guint i = 0; i < a->categories->len; i++)
    {
      TsPlanCategory *x = g_ptr_array_index (a->categories, i), *y = g_ptr_array_index (b->categories, i);

      if (g_strcmp0 (x->name, y->name) != 0 || g_ascii_strcasecmp (x->color ? x->color : "", y->color ? y->color : "") != 0)
        return differ (out_difference, "category %u differs", i);
    }
  if (a->zones->len != b->zones->len)
    return differ (out_difference, "%u ≠ %u zones", a->zones->len, b->zones->len);
  for (guint i = 0; i < a->zones->len; i++)
    {
      TsPlanZone *x = g_ptr_array_index (a->zones, i), *y = g_ptr_array_index (b->zones, i);

      if (g_strcmp0 (x->name, y->name) != 0 || g_strcmp0 (x->zone_id, y->zone_id) != 0
          || g_strcmp0 (x->level, y->level) != 0)
        return differ (out_difference, "zone %u differs", i);
    }
  if (a->seats->len != b->seats->len)
    return differ (out_difference, "%u ≠ %u seats", a->seats->len, b->seats->len);
  for (guint i = 0; i < a->seats->len; i++)
    {
      TsPlanSeat *x = g_ptr_array_index (a->seats, i), *y = g_ptr_array_index (b->seats, i);

      if (g_strcmp0 (x->guid, y->guid) != 0 || g_strcmp0 (x->zone, y->zone) != 0
          || g_strcmp0 (x->row, y->row) != 0 || g_strcmp0 (x->number, y->number) != 0
          || g_strcmp0 (x->category, y->category) != 0 || x->flags != y->flags
          || x->hold != y->hold
          || !close_enough (x->x, y->x) || !close_enough (x->y, y->y) || !close_enough (x->radius, y->radius))
        return differ (out_difference, "seat %u (%s) differs", i, x->guid);
    }
  if (a->areas->len != b->areas->len)
    return differ (out_difference, "%u ≠ %u areas", a->areas->len, b->areas->len);
  for (guint i = 0; i < a->areas->len; i++)
    {
      TsPlanArea *x = g_ptr_array_index (a->areas, i), *y = g_ptr_array_index (b->areas, i);
      guint nx = x->points ? x->points->len : 0, ny = y->points ? y->points->len : 0;

      if (x->shape != y->shape || x->capacity != y->capacity || g_strcmp0 (x->zone, y->zone) != 0
          || g_strcmp0 (x->text, y->text) != 0 || g_strcmp0 (x->category, y->category) != 0
          || !close_enough (x->x, y->x) || !close_enough (x->y, y->y)
          || !close_enough (x->width, y->width) || !close_enough (x->height, y->height)
          || !close_enough (x->radius, y->radius) || !close_enough (x->rotation, y->rotation)
          || !close_enough (x->text_size, y->text_size) || g_strcmp0 (x->color, y->color) != 0
          || g_strcmp0 (x->border_color, y->border_color) != 0 || nx != ny)
        return differ (out_difference, "area %u differs", i);
      for (guint k = 0; k < nx; k++)
        if (!close_enough (g_array_index (x->points, double, k), g_array_index (y->points, double, k)))
          return differ (out_difference, "area %u point %u differs", i, k / 2);
    }
  return TRUE;
}
