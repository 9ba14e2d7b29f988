/* ts-seat-plan-generator.c — straight blocks, curved blocks, general
 * admission and decoration, laid out from a description */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-seat-plan-generator.h"

static const char studio[] =
  "{\"name\": \"Studio Theatre\", \"size\": {\"width\": 620, \"height\": 460},"
  " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Accessible\", \"color\": \"#2ec27e\"}],"
  " \"blocks\": ["
  "  {\"kind\": \"shape\", \"zone\": \"Stalls\", \"shape\": \"rectangle\", \"x\": 110, \"y\": 20, \"width\": 400, \"height\": 60,"
  "   \"text\": \"STAGE\", \"color\": \"#deddda\"},"
  "  {\"kind\": \"straight\", \"zone\": \"Stalls\", \"level\": \"Stalls\", \"category\": \"Regular\", \"rows\": 10, \"seats\": 20,"
  "   \"x\": 70, \"y\": 130, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\", \"skip_letters\": \"I\","
  "   \"aisles_after\": [10], \"wheelchair_row\": \"K\"}]}";

static const char opera[] =
  "{\"name\": \"Opera House\", \"size\": {\"width\": 2400, \"height\": 2400},"
  " \"categories\": [{\"name\": \"Premium\", \"color\": \"#c01c28\"}, {\"name\": \"Orchestra\", \"color\": \"#3584e4\"},"
  "   {\"name\": \"Mezzanine\", \"color\": \"#9141ac\"}, {\"name\": \"Balcony\", \"color\": \"#2ec27e\"}],"
  " \"blocks\": ["
  "  {\"kind\": \"shape\", \"zone\": \"Orchestra\", \"shape\": \"rectangle\", \"x\": 800, \"y\": 60, \"width\": 800, \"height\": 120,"
  "   \"text\": \"STAGE\", \"color\": \"#deddda\"},"
  "  {\"kind\": \"straight\", \"zone\": \"Orchestra\", \"level\": \"Orchestra\", \"category\": \"Premium\", \"rows\": 6, \"seats\": 40,"
  "   \"x\": 700, \"y\": 260, \"seat_spacing\": 25, \"row_spacing\": 32, \"first_row\": \"A\", \"skip_letters\": \"IO\","
  "   \"aisles_after\": [10, 30]},"
  "  {\"kind\": \"straight\", \"zone\": \"Orchestra Rear\", \"level\": \"Orchestra\", \"category\": \"Orchestra\", \"rows\": 24, \"seats\": 40,"
  "   \"x\": 700, \"y\": 470, \"seat_spacing\": 25, \"row_spacing\": 32, \"first_row\": \"H\", \"skip_letters\": \"IO\","
  "   \"aisles_after\": [10, 30], \"wheelchair_row\": \"AB\"},"
  "  {\"kind\": \"arc\", \"zone\": \"Mezzanine\", \"level\": \"Mezzanine\", \"category\": \"Mezzanine\", \"rows\": 10, \"seats\": 41,"
  "   \"seats_increment\": 2, \"cx\": 1200, \"cy\": 200, \"radius\": 1400, \"row_spacing\": 30, \"angle_from\": 150, \"angle_to\": 210},"
  "  {\"kind\": \"arc\", \"zone\": \"Balcony\", \"level\": \"Balcony\", \"category\": \"Balcony\", \"rows\": 10, \"seats\": 21,"
  "   \"seats_increment\": 2, \"cx\": 1200, \"cy\": 200, \"radius\": 1760, \"row_spacing\": 30, \"angle_from\": 155, \"angle_to\": 205}]}";

/* 24 sections of 25 rows (88 to 112 seats): 60,000 seats around a pitch. */
static char *stadium;

static char *
build_stadium (void)
{
  GString *json = g_string_new ("{\"name\": \"Stadium\", \"size\": {\"width\": 9000, \"height\": 9000},"
                                " \"categories\": [{\"name\": \"Sideline\", \"color\": \"#c01c28\"},"
                                " {\"name\": \"Corner\", \"color\": \"#3584e4\"}, {\"name\": \"End\", \"color\": \"#2ec27e\"}],"
                                " \"blocks\": [{\"kind\": \"shape\", \"zone\": \"Section 1\", \"shape\": \"ellipse\","
                                " \"x\": 4500, \"y\": 4500, \"width\": 2400, \"height\": 1600, \"text\": \"PITCH\", \"color\": \"#8ff0a4\"}");

  for (int s = 0; s < 24; s++)
    {
      double from = s * 15.0 + 0.5;
      const char *category = (s % 6 == 1 || s % 6 == 2) ? "Sideline" : (s % 6 == 4) ? "End" : "Corner";

      g_string_append_printf (json, ", {\"kind\": \"arc\", \"zone\": \"Section %d\", \"level\": \"%s\","
                              " \"category\": \"%s\", \"rows\": 25, \"seats\": 88, \"seats_increment\": 1,"
                              " \"cx\": 4500, \"cy\": 4500, \"radius\": 3400, \"row_spacing\": 36,"
                              " \"angle_from\": %.1f, \"angle_to\": %.1f, \"first_row\": \"1\"}",
                              s + 1, s < 12 ? "East Bowl" : "West Bowl", category, from, from + 14.0);
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

const char *
ts_seat_plan_demo_venue (TsDemoVenue venue)
{
  static gsize initialized = 0;

  switch (venue)
    {
    case TS_DEMO_VENUE_STUDIO:
      return studio;
    case TS_DEMO_VENUE_OPERA:
      return opera;
    case TS_DEMO_VENUE_STADIUM:
    default:
      if (g_once_init_enter (&initialized))
        {
          stadium = build_stadium ();
          g_once_init_leave (&initialized, 1);
        }
      return stadium;
    }
}

static double
number_or (JsonObject *object,
           const char *member,
           double      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return fallback;
}

/* The index-th label counting from first: numbers when the first row is a
 * number, else "A", "B"… "Z", "AA"… */
static char *
row_label (const char *first,
           guint       index)
{
  GString *label = g_string_new (NULL);
  guint n = 0;

  if (first != NULL && g_ascii_isdigit (first[0]))
    {
      g_string_free (label, TRUE);
      return g_strdup_printf ("%u", (guint) atoi (first) + index);
    }
  for (const char *p = first ? first : "A"; *p; p++)
    n = n * 26 + (guint) (g_ascii_toupper (*p) - 'A' + 1);
  n += index;
  while (n > 0)
    {
      g_string_prepend_c (label, (char) ('A' + (n - 1) % 26));
      n = (n - 1) / 26;
    }
  return g_string_free (label, FALSE);
}

static TsPlanZone *
zone_for (TsSeatPlan *plan,
          JsonObject *block)
{
  const char *name = json_object_get_string_member_with_default (block, "zone", "Main");
  TsPlanZone *zone = ts_seat_plan_find_zone (plan, name);

  if (zone == NULL)
    {
      g_autofree char *id = g_strdup (name);

      g_strdelimit (id, " ", '_');
      zone = ts_seat_plan_add_zone (plan, name, id);
    }
  if (zone->level == NULL)
    zone->level = g_strdup (json_object_get_string_member_with_default (block, "level", NULL));
  return zone;
}

static void
add_seat (TsSeatPlan *plan,
          TsPlanZone *zone,
          const char *row,
          guint       number,
          double      x,
          double      y,
          double      radius,
          const char *category)
{
  g_autofree char *label = g_strdup_printf ("%u", number);
  g_autofree char *guid = g_strdup_printf ("%s-%s-%u", zone->zone_id, row, number);
  TsPlanSeat *seat = ts_seat_plan_add_seat (plan, guid, zone->name, row, label, x, y);

  seat->category = g_strdup (category);
  seat->radius = radius;
}

/* Seats fill about 85% of their spacing, so neighbours never touch. */
static double
seat_radius (double spacing_along,
             double spacing_across)
{
  return MIN (9.0, 0.42 * MIN (spacing_along, spacing_across));
}

/* Labels are computed by skipping letters across the whole block, so the
 * n-th row gets the n-th allowed label. */
static char *
nth_row (const char *first,
         const char *skip,
         guint       n)
{
  g_autofree char *label = NULL;
  guint index = 0;

  for (guint found = 0;; index++)
    {
      g_free (label);
      gboolean skipped = FALSE;

      label = row_label (first, index);
      for (const char *c = skip ? skip : ""; *c && !(first && g_ascii_isdigit (first[0])); c++)
        if (strchr (label, *c))
          skipped = TRUE;
      if (skipped)
        continue;
      if (found == n)
        return g_steal_pointer (&label);
      found++;
    }
}

static gboolean
straight_block (TsSeatPlan  *plan,
                JsonObject  *block,
                GError     **error)
{
  TsPlanZone *zone = zone_for (plan, block);
  guint rows = (guint) number_or (block, "rows", 0);
  guint seats = (guint) number_or (block, "seats", 0);
  double x0 = number_or (block, "x", 0), y0 = number_or (block, "y", 0);
  double dx = number_or (block, "seat_spacing", 24), dy = number_or (block, "row_spacing", 30);
  const char *first = json_object_get_string_member_with_default (block, "first_row", "A");
  const char *skip = json_object_get_string_member_with_default (block, "skip_letters", NULL);
  const char *category = json_object_get_string_member_with_default (block, "category", NULL);
  const char *wheelchair = json_object_get_string_member_with_default (block, "wheelchair_row", NULL);
  JsonArray *aisles = json_object_has_member (block, "aisles_after")
                      ? json_object_get_array_member (block, "aisles_after") : NULL;

  if (rows == 0 || seats == 0 || rows > 500 || seats > 1000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "block “%s”: rows 1–500 and seats 1–1000 are needed", zone->name);
      return FALSE;
    }
  for (guint r = 0; r < rows; r++)
    {
      g_autofree char *row = nth_row (first, skip, r);
      double gap = 0;

      for (guint s = 1; s <= seats; s++)
        {
          TsPlanSeat *seat;

          add_seat (plan, zone, row, s, x0 + (s - 1) * dx + gap, y0 + r * dy, seat_radius (dx, dy), category);
          seat = g_ptr_array_index (plan->seats, plan->seats->len - 1);
          if (wheelchair != NULL && g_str_equal (wheelchair, row))
            {
              if (s == 1 || s == seats)
                seat->flags |= TS_SEAT_WHEELCHAIR;
              else if (s == 2 || s == seats - 1)
                seat->flags |= TS_SEAT_COMPANION;
            }
          for (guint a = 0; aisles != NULL && a < json_array_get_length (aisles); a++)
            if ((guint) json_array_get_int_element (aisles, a) == s)
              gap += dx;
        }
    }
  return TRUE;
}

static gboolean
arc_block (TsSeatPlan  *plan,
           JsonObject  *block,
           GError     **error)
{
  TsPlanZone *zone = zone_for (plan, block);
  guint rows = (guint) number_or (block, "rows", 0);
  guint seats = (guint) number_or (block, "seats", 0);
  double increment = number_or (block, "seats_increment", 0);
  double cx = number_or (block, "cx", 0), cy = number_or (block, "cy", 0);
  double radius = number_or (block, "radius", 0), dy = number_or (block, "row_spacing", 30);
  double from = number_or (block, "angle_from", 0) * G_PI / 180.0;
  double to = number_or (block, "angle_to", 0) * G_PI / 180.0;
  const char *first = json_object_get_string_member_with_default (block, "first_row", "A");
  const char *skip = json_object_get_string_member_with_default (block, "skip_letters", NULL);
  const char *category = json_object_get_string_member_with_default (block, "category", NULL);

  if (rows == 0 || seats == 0 || radius <= 0 || to <= from || rows > 500 || seats > 1000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "block “%s”: an arc needs rows, seats, a radius and angle_to after angle_from", zone->name);
      return FALSE;
    }
  for (guint r = 0; r < rows; r++)
    {
      g_autofree char *row = nth_row (first, skip, r);
      guint n = seats + (guint) (increment * r);
      double rr = radius + r * dy;
      double along = n > 1 ? rr * (to - from) / (n - 1) : dy;

      for (guint s = 1; s <= n; s++)
        {
          /* left to right as seen from the stage (the centre) */
          double t = n == 1 ? 0.5 : (double) (s - 1) / (double) (n - 1);
          double angle = to - t * (to - from);

          add_seat (plan, zone, row, s, cx + rr * sin (angle), cy - rr * cos (angle), seat_radius (along, dy), category);
        }
    }
  return TRUE;
}

static gboolean
area_block (TsSeatPlan  *plan,
            JsonObject  *block,
            gboolean     general_admission,
            GError     **error)
{
  TsPlanZone *zone = zone_for (plan, block);
  TsAreaShape shape = TS_AREA_RECTANGLE;
  TsPlanArea *area;

  if (!general_admission
      && !ts_area_shape_from_string (json_object_get_string_member_with_default (block, "shape", "rectangle"), &shape))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "block “%s”: unknown shape", zone->name);
      return FALSE;
    }
  area = ts_seat_plan_add_area (plan, shape);
  area->zone = g_strdup (zone->name);
  area->x = number_or (block, "x", 0);
  area->y = number_or (block, "y", 0);
  area->width = number_or (block, "width", 0);
  area->height = number_or (block, "height", 0);
  area->text = g_strdup (json_object_get_string_member_with_default (block, "text", NULL));
  area->color = g_strdup (json_object_get_string_member_with_default (block, "color", NULL));
  if (general_admission)
    {
      double capacity = number_or (block, "capacity", 0);

      if (capacity < 1 || capacity > 200000)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "block “%s”: capacity must be 1–200000", zone->name);
          return FALSE;
        }
      area->capacity = (guint) capacity;
      area->category = g_strdup (json_object_get_string_member_with_default (block, "category", NULL));
    }
  return TRUE;
}

TsSeatPlan *
ts_seat_plan_generate (JsonNode  *description,
                       GError   **error)
{
  g_autoptr(TsSeatPlan) plan = NULL;
  JsonObject *root, *size;
  JsonArray *array;

  if (description == NULL || !JSON_NODE_HOLDS_OBJECT (description))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A venue description must be a JSON object");
      return NULL;
    }
  root = json_node_get_object (description);
  plan = ts_seat_plan_new (json_object_get_string_member_with_default (root, "name", "Venue"));
  size = json_object_has_member (root, "size") ? json_object_get_object_member (root, "size") : NULL;
  plan->width = size ? number_or (size, "width", 1000) : 1000;
  plan->height = size ? number_or (size, "height", 1000) : 1000;

  array = json_object_has_member (root, "categories") ? json_object_get_array_member (root, "categories") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);

      ts_seat_plan_add_category (plan, json_object_get_string_member_with_default (c, "name", ""),
                                 json_object_get_string_member_with_default (c, "color", "#888888"));
    }

  array = json_object_has_member (root, "blocks") ? json_object_get_array_member (root, "blocks") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *block = json_array_get_object_element (array, i);
      const char *kind = block ? json_object_get_string_member_with_default (block, "kind", "") : "";
      gboolean ok;

      if (g_str_equal (kind, "straight"))
        ok = straight_block (plan, block, error);
      else if (g_str_equal (kind, "arc"))
        ok = arc_block (plan, block, error);
      else if (g_str_equal (kind, "ga"))
        ok = area_block (plan, block, TRUE, error);
      else if (g_str_equal (kind, "shape"))
        ok = area_block (plan, block, FALSE, error);
      else
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "blocks[%u]: kind must be straight, arc, ga or shape", i);
          ok = FALSE;
        }
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&plan);
}
