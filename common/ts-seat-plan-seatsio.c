/* ts-seat-plan-seatsio.c — the seats.io chart format, as seen in its SDK
 * test files (see ../shared/spec/seating-plans.md)
 *
 * seats.io draws a seat 16 units across: in its sample charts a row's seats
 * are 20 apart with a chairSpacing of 4, and rows 24 apart with a rowSpacing
 * of 8.  Its seats are read with that radius, 8, so that a chart and the
 * same venue written as a pretix plan give the same seats. */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-seat-plan-seatsio.h"

static double
number (JsonObject *object,
        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return 0;
}

static gboolean
boolean (JsonObject *object,
         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

/* Category keys are numbers (or strings) that name a category label. */
static const char *
category_for (GHashTable *categories,
              JsonObject *object,
              const char *inherited)
{
  JsonNode *key = object ? json_object_get_member (object, "categoryKey") : NULL;
  g_autofree char *text = NULL;

  if (key == NULL || JSON_NODE_HOLDS_NULL (key) || !JSON_NODE_HOLDS_VALUE (key))
    return inherited;
  if (json_node_get_value_type (key) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key));
  else if (json_node_get_value_type (key) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (key));
  else
    return inherited;
  return g_hash_table_lookup (categories, text) ? g_hash_table_lookup (categories, text) : inherited;
}

#define SEAT_RADIUS 8.0
#define OUTLINE_COLOR "#9a9996"

typedef struct
{
  TsSeatPlan *plan;
  GHashTable *categories;    /* key text → label */
  GHashTable *guids;
  guint       skipped_seats;
  guint       skipped_shapes;
  guint       skipped_texts;
  guint       skipped_objects[4];   /* tables, booths, icons, images */
  guint       bad_capacities;
} Import;

static const char *other_kinds[] = { "tables", "booths", "icons", "imageObjects" };

/* A point of an object: {"x", "y"} members of member, or none. */
static gboolean
point (JsonObject *object,
       const char *member,
       double     *x,
       double     *y)
{
  JsonObject *p = ts_json_lookup_object (object, member);

  if (p == NULL)
    return FALSE;
  *x = number (p, "x");
  *y = number (p, "y");
  return TRUE;
}

/* A shape's points, absolute, as a polygon area's relative to its first. */
static GArray *
polygon_points (JsonArray *points,
                double     dx,
                double     dy,
                double    *out_x,
                double    *out_y)
{
  GArray *xy = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    {
      JsonObject *p = ts_json_lookup_element_object (points, i);
      double px = number (p, "x") + dx, py = number (p, "y") + dy;

      if (p == NULL)
        continue;
      if (xy->len == 0)
        {
          *out_x = px;
          *out_y = py;
        }
      px -= *out_x;
      py -= *out_y;
      g_array_append_val (xy, px);
      g_array_append_val (xy, py);
    }
  if (xy->len < 6)
    g_clear_pointer (&xy, g_array_unref);
  return xy;
}

static char *
color_or_null (JsonObject *object,
               const char *member)
{
  const char *value = ts_json_lookup_string (object, member);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/* Decoration: "shapes" (a stage is a labelled rectangle) become areas. */
static void
import_shapes (Import     *import,
               JsonArray  *shapes,
               const char *zone,
               double      dx,
               double      dy)
{
  for (guint i = 0; shapes != NULL && i < json_array_get_length (shapes); i++)
    {
      JsonObject *shape = ts_json_lookup_element_object (shapes, i);
      const char *type = ts_json_lookup_string (shape, "type");
      double cx = 0, cy = 0, x = 0, y = 0;
      gboolean centred = point (shape, "center", &cx, &cy);
      g_autoptr(GArray) points = NULL;
      TsPlanArea *area;

      if (shape == NULL || type == NULL)
        {
          import->skipped_shapes++;
          continue;
        }
      if (g_str_equal (type, "rectangle") && centred)
        {
          area = ts_seat_plan_add_area (import->plan, TS_AREA_RECTANGLE);
          area->width = number (shape, "width");
          area->height = number (shape, "height");
          area->x = dx + cx - area->width / 2;
          area->y = dy + cy - area->height / 2;
        }
      else if ((g_str_equal (type, "circle") || g_str_equal (type, "ellipse")) && centred)
        {
          area = ts_seat_plan_add_area (import->plan, TS_AREA_ELLIPSE);
          area->x = dx + cx;
          area->y = dy + cy;
          area->width = number (shape, "radius1") > 0 ? number (shape, "radius1") : number (shape, "radius");
          area->height = number (shape, "radius2") > 0 ? number (shape, "radius2") : area->width;
        }
      else if (g_str_equal (type, "polygon")
               && (points = polygon_points (ts_json_lookup_array (shape, "points"), dx, dy, &x, &y)) != NULL)
        {
          area = ts_seat_plan_add_area (import->plan, TS_AREA_POLYGON);
          area->x = x;
          area->y = y;
          area->points = g_steal_pointer (&points);
        }
      else
        {
          import->skipped_shapes++;
          continue;
        }
      area->zone = g_strdup (zone);
      area->rotation = number (shape, "rotationAngle");
      area->color = color_or_null (shape, "fillColor");
      if (number (shape, "strokeWidth") > 0)
        area->border_color = color_or_null (shape, "strokeColor");
      area->text = color_or_null (shape, "label");
      /* a size without a label sizes nothing, and is not stored */
      area->text_size = area->text != NULL ? MAX (number (shape, "labelSize"), 0) : 0;
    }
}

/* Texts: a caption at a point, with a size and a colour. */
static void
import_texts (Import     *import,
              JsonArray  *texts,
              const char *zone,
              double      dx,
              double      dy)
{
  for (guint i = 0; texts != NULL && i < json_array_get_length (texts); i++)
    {
      JsonObject *text = ts_json_lookup_element_object (texts, i);
      const char *caption = ts_json_lookup_string (text, "caption");
      double x = 0, y = 0;
      TsPlanArea *area;

      if (caption == NULL)
        caption = ts_json_lookup_string (text, "text");
      if (caption == NULL || *caption == '\0' || !point (text, "center", &x, &y))
        {
          import->skipped_texts++;
          continue;
        }
      area = ts_seat_plan_add_area (import->plan, TS_AREA_TEXT);
      area->zone = g_strdup (zone);
      area->x = dx + x;
      area->y = dy + y;
      area->text = g_strdup (caption);
      area->text_size = MAX (number (text, "fontSize"), 0);
      area->rotation = number (text, "rotationAngle");
      area->color = color_or_null (text, "textColor");
    }
}

static void
import_subchart (Import     *import,
                 JsonObject *subchart,
                 const char *zone,
                 double      dx,
                 double      dy,
                 const char *section_category)
{
  JsonArray *rows = ts_json_lookup_array (subchart, "rows");
  JsonArray *ga = ts_json_lookup_array (subchart, "generalAdmissionAreas");

  for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
    {
      JsonObject *row = ts_json_lookup_element_object (rows, r);
      const char *row_label = ts_json_lookup_string (row, "label");
      JsonArray *seats = ts_json_lookup_array (row, "seats");

      for (guint s = 0; seats != NULL && s < json_array_get_length (seats); s++)
        {
          JsonObject *seat_object = ts_json_lookup_element_object (seats, s);
          const char *label = ts_json_lookup_string (seat_object, "label");
          g_autofree char *guid = NULL;
          TsPlanSeat *seat;

          if (seat_object == NULL || label == NULL)
            {
              import->skipped_seats++;
              continue;
            }
          /* seats.io object ids: section-row-seat */
          guid = zone != NULL ? g_strdup_printf ("%s-%s-%s", zone, row_label ? row_label : "", label)
                              : g_strdup_printf ("%s-%s", row_label ? row_label : "", label);
          if (g_hash_table_contains (import->guids, guid))
            {
              g_autofree char *base = g_steal_pointer (&guid);

              for (guint k = 2; guid == NULL || g_hash_table_contains (import->guids, guid); k++)
                {
                  g_free (guid);
                  guid = g_strdup_printf ("%s-%u", base, k);
                }
            }
          g_hash_table_add (import->guids, g_strdup (guid));
          seat = ts_seat_plan_add_seat (import->plan, guid, zone ? zone : "Main", row_label, label,
                                        dx + number (seat_object, "x"), dy + number (seat_object, "y"));
          seat->radius = SEAT_RADIUS;
          seat->category = g_strdup (category_for (import->categories, seat_object, section_category));
          if (boolean (seat_object, "accessible"))
            seat->flags |= TS_SEAT_WHEELCHAIR;
          if (boolean (seat_object, "companionSeat"))
            seat->flags |= TS_SEAT_COMPANION;
          if (boolean (seat_object, "restrictedView"))
            seat->flags |= TS_SEAT_RESTRICTED_VIEW;
        }
    }

  for (guint g = 0; ga != NULL && g < json_array_get_length (ga); g++)
    {
      JsonObject *area_object = ts_json_lookup_element_object (ga, g);
      JsonObject *center = ts_json_lookup_object (area_object, "center");
      TsPlanArea *area = ts_seat_plan_add_area (import->plan, center ? TS_AREA_ELLIPSE : TS_AREA_RECTANGLE);
      double capacity = number (area_object, "capacity");

      area->zone = g_strdup (zone ? zone : "Main");
      area->text = g_strdup (ts_json_lookup_string (area_object, "label"));
      /* checked before the cast: 1e20 does not fit a guint */
      if (capacity < 0 || capacity > 200000 || capacity != floor (capacity))
        import->bad_capacities++;
      else
        area->capacity = (guint) capacity;
      area->category = g_strdup (category_for (import->categories, area_object, section_category));
      if (center != NULL)
        {
          area->x = dx + number (center, "x");
          area->y = dy + number (center, "y");
          area->width = number (area_object, "radius1");    /* the plan keeps an ellipse's radii */
          area->height = number (area_object, "radius2");
        }
      else
        {
          area->x = dx + number (ts_json_lookup_object (area_object, "topLeft"), "x");
          area->y = dy + number (ts_json_lookup_object (area_object, "topLeft"), "y");
          area->width = number (area_object, "width");
          area->height = number (area_object, "height");
        }
    }

  import_shapes (import, ts_json_lookup_array (subchart, "shapes"), zone ? zone : "Main", dx, dy);
  import_texts (import, ts_json_lookup_array (subchart, "texts"), zone ? zone : "Main", dx, dy);
  for (guint i = 0; i < G_N_ELEMENTS (other_kinds); i++)
    {
      JsonArray *items = ts_json_lookup_array (subchart, other_kinds[i]);

      import->skipped_objects[i] += items ? json_array_get_length (items) : 0;
    }
}

static gboolean
has_items (JsonObject *subchart,
           const char *member)
{
  JsonArray *items = ts_json_lookup_array (subchart, member);

  return items != NULL && json_array_get_length (items) > 0;
}

/* What the format carries that a plan cannot, in words for the person
 * importing; nothing is dropped without a word. */
static void
warn_skipped (Import     *import,
              JsonObject *subchart,
              GPtrArray  *warnings)
{
  const char *what[] = { "tables (with their seats)", "booths", "icons", "images" };
  JsonNode *background = json_object_get_member (subchart, "backgroundImage");
  g_autoptr(GString) objects = g_string_new (NULL);

  if (import->skipped_seats > 0)
    g_ptr_array_add (warnings, g_strdup_printf ("%u seats without a label were not imported", import->skipped_seats));
  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    if (import->skipped_objects[i] > 0)
      g_string_append_printf (objects, "%s%s: %u", objects->len > 0 ? "; " : "", what[i], import->skipped_objects[i]);
  if (import->skipped_shapes > 0)
    g_string_append_printf (objects, "%sshapes of a kind not known: %u", objects->len > 0 ? "; " : "",
                            import->skipped_shapes);
  if (import->skipped_texts > 0)
    g_string_append_printf (objects, "%stexts without a caption or a place: %u", objects->len > 0 ? "; " : "",
                            import->skipped_texts);
  if (objects->len > 0)
    g_ptr_array_add (warnings, g_strdup_printf ("Not imported — %s", objects->str));
  if (background != NULL && !JSON_NODE_HOLDS_NULL (background))
    g_ptr_array_add (warnings, g_strdup ("The chart's background image was not imported (a map's background is an "
                                         "SVG drawn under the seats: add one to the map)"));
}

TsSeatPlan *
ts_seat_plan_from_seatsio (JsonNode   *root,
                           GPtrArray  *warnings,
                           GError    **error)
{
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) guids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) zone_names = g_hash_table_new (g_str_hash, g_str_equal);   /* owned by the plan */
  JsonObject *chart, *subchart;
  JsonArray *list, *sections;
  Import import = { NULL, categories, guids, 0, 0, 0, { 0 }, 0 };

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (subchart = ts_json_lookup_object (json_node_get_object (root), "subChart")) == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A seats.io chart is a JSON object with a subChart");
      return NULL;
    }
  chart = json_node_get_object (root);
  plan = ts_seat_plan_new (ts_json_lookup_string (chart, "name") ? ts_json_lookup_string (chart, "name") : "seats.io chart");
  plan->width = number (subchart, "width") > 0 ? number (subchart, "width") : 1000;
  plan->height = number (subchart, "height") > 0 ? number (subchart, "height") : 1000;
  import.plan = plan;

  list = ts_json_lookup_array (ts_json_lookup_object (chart, "categories"), "list");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *c = ts_json_lookup_element_object (list, i);
      JsonNode *key = c ? json_object_get_member (c, "key") : NULL;
      TsPlanCategory *category;

      /* keys are numbers or strings: a key of 1.5 made a NULL hash key and
       * crashed the server */
      if (c == NULL || ts_json_lookup_string (c, "label") == NULL || key == NULL || !JSON_NODE_HOLDS_VALUE (key)
          || (json_node_get_value_type (key) != G_TYPE_INT64 && json_node_get_value_type (key) != G_TYPE_STRING))
        continue;
      category = ts_seat_plan_add_category (plan, ts_json_lookup_string (c, "label"), ts_json_lookup_string (c, "color"));
      g_hash_table_insert (categories,
                           json_node_get_value_type (key) == G_TYPE_INT64
                           ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key))
                           : g_strdup (json_node_get_string (key)),
                           category->name);
    }

  sections = ts_json_lookup_array (subchart, "sections");
  /* what lies outside any section (a stage, a text) belongs to "Main" */
  if (has_items (subchart, "rows") || has_items (subchart, "generalAdmissionAreas") || has_items (subchart, "shapes")
      || has_items (subchart, "texts"))
    g_hash_table_add (zone_names, ts_seat_plan_add_zone (plan, "Main", "Main")->name);
  import_subchart (&import, subchart, NULL, 0, 0, NULL);

  for (guint s = 0; sections != NULL && s < json_array_get_length (sections); s++)
    {
      JsonObject *section = ts_json_lookup_element_object (sections, s);
      const char *label = ts_json_lookup_string (section, "label");
      JsonObject *top_left = ts_json_lookup_object (section, "topLeft");
      g_autofree char *name = label ? g_strdup (label) : g_strdup_printf ("Section %u", s + 1);

      /* seats and areas name their zone: two sections labelled alike (or
       * one labelled "Main") each get a zone of their own */
      for (guint k = 2; g_hash_table_contains (zone_names, name); k++)
        {
          g_free (name);
          name = label ? g_strdup_printf ("%s (%u)", label, k) : g_strdup_printf ("Section %u (%u)", s + 1, k);
        }
      g_hash_table_add (zone_names, ts_seat_plan_add_zone (plan, name, name)->name);
      /* the section's outline (absolute points) with its label, even with no seats in it */
      {
        double x = 0, y = 0;
        GArray *points = polygon_points (ts_json_lookup_array (section, "points"), 0, 0, &x, &y);

        if (points != NULL)
          {
            TsPlanArea *outline = ts_seat_plan_add_area (plan, TS_AREA_POLYGON);

            outline->zone = g_strdup (name);
            outline->x = x;
            outline->y = y;
            outline->points = points;
            outline->border_color = g_strdup (OUTLINE_COLOR);
            outline->text = g_strdup (label ? label : name);
            outline->text_size = MAX (number (section, "labelSize"), 0);
          }
      }
      import_subchart (&import, ts_json_lookup_object (section, "subChart"), name,
                       number (top_left, "x"), number (top_left, "y"),
                       category_for (categories, section, NULL));
    }

  if (import.bad_capacities > 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "%u general-admission areas have a capacity that is not a whole number from 0 to 200000",
                   import.bad_capacities);
      return NULL;
    }
  if (plan->seats->len == 0 && ts_seat_plan_ga_capacity (plan) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The seats.io chart has no seats and no general-admission areas");
      return NULL;
    }
  if (!ts_seat_plan_finish (plan, error))
    return NULL;
  if (warnings != NULL)
    warn_skipped (&import, subchart, warnings);
  return g_steal_pointer (&plan);
}
