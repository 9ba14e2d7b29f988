/* ts-seat-plan-seatsio.c — the seats.io chart format, as seen in its SDK
 * test files (see ../shared/spec/seating-plans.md) */
#include <math.h>

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

typedef struct
{
  TsSeatPlan *plan;
  GHashTable *categories;    /* key text → label */
  GHashTable *guids;
  guint       skipped_seats;
  guint       skipped_objects;
  guint       bad_capacities;
} Import;

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
  const char *others[] = { "tables", "booths", "shapes", "texts", "icons", "imageObjects" };

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
          seat->radius = 5;
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

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      JsonArray *items = ts_json_lookup_array (subchart, others[i]);

      import->skipped_objects += items ? json_array_get_length (items) : 0;
    }
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
  Import import = { NULL, categories, guids, 0, 0, 0 };

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
  if ((ts_json_lookup_array (subchart, "rows") != NULL && json_array_get_length (ts_json_lookup_array (subchart, "rows")) > 0)
      || (ts_json_lookup_array (subchart, "generalAdmissionAreas") != NULL
          && json_array_get_length (ts_json_lookup_array (subchart, "generalAdmissionAreas")) > 0))
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
  if (warnings != NULL && import.skipped_seats > 0)
    g_ptr_array_add (warnings, g_strdup_printf ("%u seats without a label were not imported", import.skipped_seats));
  if (warnings != NULL && import.skipped_objects > 0)
    g_ptr_array_add (warnings, g_strdup_printf ("%u tables, booths, shapes, texts and images were not imported "
                                                "(decoration only, or not supported)", import.skipped_objects));
  return g_steal_pointer (&plan);
}
