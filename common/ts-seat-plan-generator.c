/* ts-seat-plan-generator.c — straight blocks, curved blocks, general
 * admission and decoration, laid out from a description */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-seat-plan-generator.h"
#include "ts-validate.h"

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
      char angle_from[G_ASCII_DTOSTR_BUF_SIZE], angle_to[G_ASCII_DTOSTR_BUF_SIZE];

      /* JSON's decimal point whatever the locale: a French client's printf
       * writes "0,5", which is no JSON (issue 13, the heat map's test in French) */
      g_ascii_formatd (angle_from, sizeof angle_from, "%.1f", from);
      g_ascii_formatd (angle_to, sizeof angle_to, "%.1f", from + 14.0);

      g_string_append_printf (json, ", {\"kind\": \"arc\", \"zone\": \"Section %d\", \"level\": \"%s\","
                              " \"category\": \"%s\", \"rows\": 25, \"seats\": 88, \"seats_increment\": 1,"
                              " \"cx\": 4500, \"cy\": 4500, \"radius\": 3400, \"row_spacing\": 36,"
                              " \"angle_from\": %s, \"angle_to\": %s, \"first_row\": \"1\"}",
                              s + 1, s < 12 ? "East Bowl" : "West Bowl", category, angle_from, angle_to);
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

/* A description is input from the network (POST /maps): every member is
 * read with its type checked and its range bounded, and a refusal names it
 * (description.blocks[2].rows), so nothing in it can log a critical, loop
 * for ever or make a plan too large to keep (issue 9). */
#define MAX_PLAN_SEATS 100000
#define MAX_COORDINATE 1000000.0
#define MAX_TEXT 200

typedef struct
{
  JsonObject *object;
  const char *where;      /* "description.blocks[2]" */
} Reader;

static gboolean
bad_member (const Reader  *reader,
            const char    *member,
            const char    *what,
            GError       **error)
{
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s.%s: %s", reader->where, member, what);
  return FALSE;
}

/* A number from min to max, or fallback when absent or null. */
static gboolean
read_number (const Reader  *reader,
             const char    *member,
             double         fallback,
             double         min,
             double         max,
             double        *out_value,
             GError       **error)
{
  JsonNode *node = json_object_get_member (reader->object, member);
  double value;

  *out_value = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return bad_member (reader, member, "must be a number", error);
  value = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                          : json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    {
      g_autofree char *what = g_strdup_printf ("must be a number from %g to %g", min, max);

      return bad_member (reader, member, what, error);
    }
  *out_value = value;
  return TRUE;
}

/* A whole number from min to max, or fallback when absent or null. */
static gboolean
read_count (const Reader  *reader,
            const char    *member,
            guint          fallback,
            guint          min,
            guint          max,
            guint         *out_value,
            GError       **error)
{
  double value;

  if (!read_number (reader, member, fallback, min, max, &value, error))
    return FALSE;
  if (value != floor (value))
    return bad_member (reader, member, "must be a whole number", error);
  *out_value = (guint) value;
  return TRUE;
}

/* Text of 1 to MAX_TEXT characters without control characters, or
 * fallback when absent or null. */
static gboolean
read_text (const Reader  *reader,
           const char    *member,
           const char    *fallback,
           const char   **out_value,
           GError       **error)
{
  JsonNode *node = json_object_get_member (reader->object, member);
  const char *value;

  *out_value = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_member (reader, member, "must be text", error);
  value = json_node_get_string (node);
  if (*value == '\0' || !g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > MAX_TEXT)
    return bad_member (reader, member, "must be 1 to 200 characters of text", error);
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return bad_member (reader, member, "must not contain control characters", error);
  *out_value = value;
  return TRUE;
}

/* A first row is a label of 1 to 3 letters or a number up to 9999. */
static gboolean
read_first_row (const Reader  *reader,
                const char   **out_value,
                GError       **error)
{
  const char *first;
  gboolean digits = TRUE, letters = TRUE;

  if (!read_text (reader, "first_row", "A", &first, error))
    return FALSE;
  for (const char *p = first; *p != '\0'; p++)
    {
      digits = digits && g_ascii_isdigit (*p);
      letters = letters && g_ascii_isalpha (*p);
    }
  if (!(letters && strlen (first) <= 3) && !(digits && strlen (first) <= 4))
    return bad_member (reader, "first_row", "must be 1 to 3 letters (A, AA) or a number up to 9999", error);
  *out_value = first;
  return TRUE;
}

/* Letters never used in row labels: at most 10, so labels never run out. */
static gboolean
read_skip_letters (const Reader  *reader,
                   const char   **out_value,
                   GError       **error)
{
  const char *skip;

  if (!read_text (reader, "skip_letters", NULL, &skip, error))
    return FALSE;
  if (skip != NULL && strlen (skip) > 10)
    return bad_member (reader, "skip_letters", "at most 10 letters", error);
  for (const char *p = skip ? skip : ""; *p != '\0'; p++)
    if (!g_ascii_isupper (*p))
      return bad_member (reader, "skip_letters", "must be capital letters such as IO", error);
  *out_value = skip;
  return TRUE;
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

static gboolean
zone_id_taken (TsSeatPlan *plan,
               const char *id)
{
  for (guint i = 0; i < plan->zones->len; i++)
    if (g_str_equal (((TsPlanZone *) g_ptr_array_index (plan->zones, i))->zone_id, id))
      return TRUE;
  return FALSE;
}

/* A category the block names must be in categories: the stored plan could
 * not be read back otherwise (found by fuzzing). */
static gboolean
read_category (TsSeatPlan    *plan,
               const Reader  *reader,
               const char   **out_value,
               GError       **error)
{
  if (!read_text (reader, "category", NULL, out_value, error))
    return FALSE;
  for (guint i = 0; *out_value != NULL && i < plan->categories->len; i++)
    if (g_str_equal (((TsPlanCategory *) g_ptr_array_index (plan->categories, i))->name, *out_value))
      return TRUE;
  if (*out_value == NULL)
    return TRUE;
  {
    g_autofree char *quoted = ts_validate_quote (*out_value);
    g_autofree char *what = g_strdup_printf ("%s is not in categories", quoted);

    return bad_member (reader, "category", what, error);
  }
}

static gboolean
zone_for (TsSeatPlan    *plan,
          const Reader  *reader,
          TsPlanZone   **out_zone,
          GError       **error)
{
  const char *name, *level;
  TsPlanZone *zone;

  if (!read_text (reader, "zone", "Main", &name, error)
      || !read_text (reader, "level", NULL, &level, error))
    return FALSE;
  zone = ts_seat_plan_find_zone (plan, name);
  if (zone == NULL)
    {
      g_autofree char *base = g_strdup (name);
      g_autofree char *id = NULL;

      g_strdelimit (base, " ", '_');
      /* "Main Floor" and "Main_Floor" would share a zone_id, and so GUIDs */
      id = g_strdup (base);
      for (guint k = 2; zone_id_taken (plan, id); k++)
        {
          g_free (id);
          id = g_strdup_printf ("%s_%u", base, k);
        }
      zone = ts_seat_plan_add_zone (plan, name, id);
    }
  if (zone->level == NULL)
    zone->level = g_strdup (level);
  *out_zone = zone;
  return TRUE;
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

/* A block's outline, drawn around its seats (a polygon with a border and
 * no fill); the first outline of a zone carries the zone's name as its
 * label.  xy holds absolute x, y pairs. */
static void
add_outline (TsSeatPlan *plan,
             TsPlanZone *zone,
             GArray     *xy)
{
  TsPlanArea *area = ts_seat_plan_add_area (plan, TS_AREA_POLYGON);
  gboolean labelled = FALSE;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;

  for (guint i = 0; i + 1 < plan->areas->len; i++)
    {
      TsPlanArea *other = g_ptr_array_index (plan->areas, i);

      if (other->shape == TS_AREA_POLYGON && other->text != NULL && g_strcmp0 (other->zone, zone->name) == 0)
        labelled = TRUE;
    }
  for (guint k = 0; k + 1 < xy->len; k += 2)
    {
      min_x = MIN (min_x, g_array_index (xy, double, k));
      min_y = MIN (min_y, g_array_index (xy, double, k + 1));
    }
  area->zone = g_strdup (zone->name);
  area->x = min_x;
  area->y = min_y;
  area->border_color = g_strdup ("#9a9996");
  area->text = labelled ? NULL : g_strdup (zone->name);
  area->points = g_array_sized_new (FALSE, FALSE, sizeof (double), xy->len);
  for (guint k = 0; k + 1 < xy->len; k += 2)
    {
      double px = g_array_index (xy, double, k) - min_x, py = g_array_index (xy, double, k + 1) - min_y;

      g_array_append_val (area->points, px);
      g_array_append_val (area->points, py);
    }
}

static void
append_point (GArray *xy,
              double  x,
              double  y)
{
  g_array_append_val (xy, x);
  g_array_append_val (xy, y);
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

/* Room for count more seats within MAX_PLAN_SEATS. */
static gboolean
room_for (TsSeatPlan    *plan,
          const Reader  *reader,
          guint64        count,
          GError       **error)
{
  if (plan->seats->len + count > MAX_PLAN_SEATS)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: a venue has at most %u seats",
                   reader->where, MAX_PLAN_SEATS);
      return FALSE;
    }
  return TRUE;
}

/* Seats from low to high along member's axis stay within the plan's
 * coordinates (ts_seat_plan_check_limits), said of the member that placed
 * them: x = 999999 is a fine number, but not for a block 48 wide. */
static gboolean
reach_within (const Reader  *reader,
              const char    *member,
              double         low,
              double         high,
              GError       **error)
{
  g_autofree char *what = NULL;

  if (low >= -TS_SEAT_PLAN_MAX_EXTENT && high <= TS_SEAT_PLAN_MAX_EXTENT)
    return TRUE;
  what = g_strdup_printf ("the block's seats would reach %.0f, beyond ±%.0f",
                          low < -TS_SEAT_PLAN_MAX_EXTENT ? low : high, TS_SEAT_PLAN_MAX_EXTENT);
  return bad_member (reader, member, what, error);
}

static gboolean
straight_block (TsSeatPlan    *plan,
                const Reader  *reader,
                GError       **error)
{
  TsPlanZone *zone;
  guint rows, seats;
  double x0, y0, dx, dy;
  const char *first, *skip, *category, *wheelchair;
  JsonNode *aisles_node = json_object_get_member (reader->object, "aisles_after");
  JsonArray *aisles = NULL;
  g_autoptr(GArray) aisle_after = g_array_new (FALSE, TRUE, sizeof (guint));

  if (!zone_for (plan, reader, &zone, error)
      || !read_count (reader, "rows", 0, 1, 500, &rows, error)
      || !read_count (reader, "seats", 0, 1, 1000, &seats, error)
      || !read_number (reader, "x", 0, -MAX_COORDINATE, MAX_COORDINATE, &x0, error)
      || !read_number (reader, "y", 0, -MAX_COORDINATE, MAX_COORDINATE, &y0, error)
      || !read_number (reader, "seat_spacing", 24, 1, 1000, &dx, error)
      || !read_number (reader, "row_spacing", 30, 1, 1000, &dy, error)
      || !read_first_row (reader, &first, error)
      || !read_skip_letters (reader, &skip, error)
      || !read_category (plan, reader, &category, error)
      || !read_text (reader, "wheelchair_row", NULL, &wheelchair, error))
    return FALSE;
  if (rows == 0 || seats == 0)
    {
      g_autofree char *quoted = ts_validate_quote (zone->name);

      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: block %s: rows 1–500 and seats 1–1000 are needed",
                   reader->where, quoted);
      return FALSE;
    }
  if (!room_for (plan, reader, (guint64) rows * seats, error))
    return FALSE;
  if (aisles_node != NULL && !JSON_NODE_HOLDS_NULL (aisles_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (aisles_node))
        return bad_member (reader, "aisles_after", "must be a list of seat numbers", error);
      aisles = json_node_get_array (aisles_node);
      if (json_array_get_length (aisles) > 100)
        return bad_member (reader, "aisles_after", "at most 100 aisles", error);
      for (guint a = 0; a < json_array_get_length (aisles); a++)
        {
          JsonNode *element = json_array_get_element (aisles, a);
          guint after;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64
              || json_node_get_int (element) < 1 || json_node_get_int (element) > 1000)
            return bad_member (reader, "aisles_after", "must be a list of seat numbers 1–1000", error);
          after = (guint) json_node_get_int (element);
          g_array_append_val (aisle_after, after);
        }
    }
  if (!reach_within (reader, "x", x0, x0 + (seats - 1 + aisle_after->len) * dx, error)
      || !reach_within (reader, "y", y0, y0 + (rows - 1) * dy, error))
    return FALSE;
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
          for (guint a = 0; a < aisle_after->len; a++)
            if (g_array_index (aisle_after, guint, a) == s)
              gap += dx;
        }
    }
  {
    g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
    /* room for the row labels at both ends of the rows */
    double across = 1.5 * seat_radius (dx, dy), along = 3.5 * seat_radius (dx, dy);
    double x1 = x0 + (seats - 1 + aisle_after->len) * dx + along, y1 = y0 + (rows - 1) * dy + across;

    append_point (xy, x0 - along, y0 - across);
    append_point (xy, x1, y0 - across);
    append_point (xy, x1, y1);
    append_point (xy, x0 - along, y1);
    add_outline (plan, zone, xy);
  }
  return TRUE;
}

static gboolean
arc_block (TsSeatPlan    *plan,
           const Reader  *reader,
           GError       **error)
{
  TsPlanZone *zone;
  guint rows, seats;
  double increment, cx, cy, radius, dy, from, to;
  const char *first, *skip, *category;
  guint64 total = 0;

  if (!zone_for (plan, reader, &zone, error)
      || !read_count (reader, "rows", 0, 1, 500, &rows, error)
      || !read_count (reader, "seats", 0, 1, 1000, &seats, error)
      || !read_number (reader, "seats_increment", 0, -100, 100, &increment, error)
      || !read_number (reader, "cx", 0, -MAX_COORDINATE, MAX_COORDINATE, &cx, error)
      || !read_number (reader, "cy", 0, -MAX_COORDINATE, MAX_COORDINATE, &cy, error)
      || !read_number (reader, "radius", 0, 0, MAX_COORDINATE, &radius, error)
      || !read_number (reader, "row_spacing", 30, 1, 1000, &dy, error)
      || !read_number (reader, "angle_from", 0, -720, 720, &from, error)
      || !read_number (reader, "angle_to", 0, -720, 720, &to, error)
      || !read_first_row (reader, &first, error)
      || !read_skip_letters (reader, &skip, error)
      || !read_category (plan, reader, &category, error))
    return FALSE;
  from *= G_PI / 180.0;
  to *= G_PI / 180.0;
  if (rows == 0 || seats == 0 || radius <= 0 || to <= from)
    {
      g_autofree char *quoted = ts_validate_quote (zone->name);

      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "%s: block %s: an arc needs rows, seats, a radius and angle_to after angle_from",
                   reader->where, quoted);
      return FALSE;
    }
  /* a row never has fewer than one seat, nor more than 1000 */
  for (guint r = 0; r < rows; r++)
    total += (guint64) CLAMP (seats + increment * r, 1, 1000);
  if (!room_for (plan, reader, total, error))
    return FALSE;
  /* the outer row's circle, around the centre */
  if (!reach_within (reader, "radius", 0, radius + (rows - 1) * dy, error)
      || !reach_within (reader, "cx", cx - radius - (rows - 1) * dy, cx + radius + (rows - 1) * dy, error)
      || !reach_within (reader, "cy", cy - radius - (rows - 1) * dy, cy + radius + (rows - 1) * dy, error))
    return FALSE;
  for (guint r = 0; r < rows; r++)
    {
      g_autofree char *row = nth_row (first, skip, r);
      guint n = (guint) CLAMP (seats + increment * r, 1, 1000);
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
  {
    /* the ring sector the rows fill, a little wider than the seats */
    g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
    double across = 1.5 * seat_radius (dy, dy), along = 3.5 * seat_radius (dy, dy);
    double inner = MAX (radius - across, 0), outer = radius + (rows - 1) * dy + across;
    double a0 = from - along / MAX (radius, 1), a1 = to + along / MAX (radius, 1);
    guint steps = (guint) CLAMP ((a1 - a0) / (G_PI / 60), 2, 120);

    for (guint k = 0; k <= steps; k++)
      {
        double angle = a0 + (a1 - a0) * k / steps;

        append_point (xy, cx + outer * sin (angle), cy - outer * cos (angle));
      }
    for (guint k = 0; k <= steps; k++)
      {
        double angle = a1 - (a1 - a0) * k / steps;

        append_point (xy, cx + inner * sin (angle), cy - inner * cos (angle));
      }
    add_outline (plan, zone, xy);
  }
  return TRUE;
}

static gboolean
area_block (TsSeatPlan    *plan,
            const Reader  *reader,
            gboolean       general_admission,
            GError       **error)
{
  TsPlanZone *zone;
  TsAreaShape shape = TS_AREA_RECTANGLE;
  TsPlanArea *area;
  const char *shape_name, *text, *color, *category;
  double x, y, width, height, capacity;

  if (!zone_for (plan, reader, &zone, error)
      || !read_text (reader, "shape", "rectangle", &shape_name, error)
      || !read_number (reader, "x", 0, -MAX_COORDINATE, MAX_COORDINATE, &x, error)
      || !read_number (reader, "y", 0, -MAX_COORDINATE, MAX_COORDINATE, &y, error)
      || !read_number (reader, "width", 0, 0, MAX_COORDINATE, &width, error)
      || !read_number (reader, "height", 0, 0, MAX_COORDINATE, &height, error)
      || !read_text (reader, "text", NULL, &text, error)
      || !read_text (reader, "color", NULL, &color, error)
      || !read_category (plan, reader, &category, error)
      || !read_number (reader, "capacity", 0, 0, 200000, &capacity, error))
    return FALSE;
  if (!general_admission && !ts_area_shape_from_string (shape_name, &shape))
    return bad_member (reader, "shape", "must be rectangle, ellipse or text", error);
  if (general_admission && (capacity < 1 || capacity != floor (capacity)))
    return bad_member (reader, "capacity", "must be a whole number 1–200000", error);
  area = ts_seat_plan_add_area (plan, shape);
  area->zone = g_strdup (zone->name);
  area->x = x;
  area->y = y;
  /* an ellipse is described by its size around its centre; the plan keeps
   * its radii, as pretix does */
  area->width = shape == TS_AREA_ELLIPSE ? width / 2 : width;
  area->height = shape == TS_AREA_ELLIPSE ? height / 2 : height;
  area->text = g_strdup (text);
  area->color = g_strdup (color);
  if (general_admission)
    {
      area->capacity = (guint) capacity;
      area->category = g_strdup (category);
    }
  return TRUE;
}

/* A member that must be a list when given: NULL when absent or null. */
static gboolean
read_list (const Reader  *reader,
           const char    *member,
           guint          max,
           JsonArray    **out_value,
           GError       **error)
{
  JsonNode *node = json_object_get_member (reader->object, member);

  *out_value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_member (reader, member, "must be a list", error);
  if (json_array_get_length (json_node_get_array (node)) > max)
    {
      g_autofree char *what = g_strdup_printf ("at most %u", max);

      return bad_member (reader, member, what, error);
    }
  *out_value = json_node_get_array (node);
  return TRUE;
}

/* The element of a list that must be an object, as a reader named
 * member[index]. */
static gboolean
element_reader (const Reader  *reader,
                JsonArray     *array,
                const char    *member,
                guint          index,
                Reader        *out_reader,
                char         **out_where,
                GError       **error)
{
  JsonNode *node = json_array_get_element (array, index);

  *out_where = g_strdup_printf ("%s.%s[%u]", reader->where, member, index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be an object", *out_where);
      return FALSE;
    }
  out_reader->object = json_node_get_object (node);
  out_reader->where = *out_where;
  return TRUE;
}

/* M3: two blocks of one zone must not make the same seat twice. */
static gboolean
unique_seats (TsSeatPlan  *plan,
              GError     **error)
{
  g_autoptr(GHashTable) guids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      if (!g_hash_table_add (guids, seat->guid))
        {
          g_autofree char *zone = ts_validate_quote (seat->zone);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "description.blocks: two blocks make seat %s of row %s in zone %s",
                       seat->number, seat->row, zone);
          return FALSE;
        }
    }
  return TRUE;
}

TsSeatPlan *
ts_seat_plan_generate (JsonNode  *description,
                       GError   **error)
{
  g_autoptr(TsSeatPlan) plan = NULL;
  Reader root = { NULL, "description" };
  JsonArray *array;
  JsonNode *size_node;
  const char *name;
  double width = 1000, height = 1000;

  if (description == NULL || !JSON_NODE_HOLDS_OBJECT (description))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "description: a venue description must be a JSON object");
      return NULL;
    }
  root.object = json_node_get_object (description);
  if (!read_text (&root, "name", "Venue", &name, error))
    return NULL;
  size_node = json_object_get_member (root.object, "size");
  if (size_node != NULL && !JSON_NODE_HOLDS_NULL (size_node))
    {
      Reader size = { NULL, "description.size" };

      if (!JSON_NODE_HOLDS_OBJECT (size_node))
        {
          bad_member (&root, "size", "must be an object {width, height}", error);
          return NULL;
        }
      size.object = json_node_get_object (size_node);
      if (!read_number (&size, "width", 1000, 1, MAX_COORDINATE, &width, error)
          || !read_number (&size, "height", 1000, 1, MAX_COORDINATE, &height, error))
        return NULL;
    }
  plan = ts_seat_plan_new (name);
  plan->width = width;
  plan->height = height;

  if (!read_list (&root, "categories", 100, &array, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      Reader category;
      g_autofree char *where = NULL;
      const char *category_name, *color;

      if (!element_reader (&root, array, "categories", i, &category, &where, error)
          || !read_text (&category, "name", NULL, &category_name, error)
          || !read_text (&category, "color", "#888888", &color, error))
        return NULL;
      if (category_name == NULL)
        {
          bad_member (&category, "name", "is required", error);
          return NULL;
        }
      ts_seat_plan_add_category (plan, category_name, color);
    }

  if (!read_list (&root, "blocks", 1000, &array, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      Reader block;
      g_autofree char *where = NULL;
      const char *kind;
      gboolean ok;

      if (!element_reader (&root, array, "blocks", i, &block, &where, error)
          || !read_text (&block, "kind", "", &kind, error))
        return NULL;
      if (g_str_equal (kind, "straight"))
        ok = straight_block (plan, &block, error);
      else if (g_str_equal (kind, "arc"))
        ok = arc_block (plan, &block, error);
      else if (g_str_equal (kind, "ga"))
        ok = area_block (plan, &block, TRUE, error);
      else if (g_str_equal (kind, "shape"))
        ok = area_block (plan, &block, FALSE, error);
      else
        ok = bad_member (&block, "kind", "must be straight, arc, ga or shape", error);
      if (!ok)
        return NULL;
    }
  if (plan->seats->len == 0 && ts_seat_plan_ga_capacity (plan) == 0)
    {
      bad_member (&root, "blocks", "give at least one block of seats or of general admission", error);
      return NULL;
    }
  if (!unique_seats (plan, error) || !ts_seat_plan_finish (plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}
