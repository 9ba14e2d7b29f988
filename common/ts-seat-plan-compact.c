/* ts-seat-plan-compact.c — the compact map encoding
 *
 * {"name", "width", "height", "categories": [{"name", "color"}],
 *  "zones": [{"name", "zone_id", "level"}], "rows": ["A", …],
 *  "areas": [...as pretix zones would carry them...],
 *  "seats": {"x": [tenths], "y": [tenths], "r": [tenths], "zone": [i], "row": [i],
 *            "number": ["1", …], "category": [i or -1], "flags": [bits],
 *            "holds": {"index": "h"} (default hold letters, only where set),
 *            "guids": {"index": "guid", …}}}   (only GUIDs not zone_id-row-number) */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-seat-plan-pretix.h"
#include "ts-seat-plan-compact.h"

static guint
index_of (GHashTable *table,
          GPtrArray  *list,
          const char *value)
{
  gpointer found;

  if (g_hash_table_lookup_extended (table, value ? value : "", NULL, &found))
    return GPOINTER_TO_UINT (found);
  g_ptr_array_add (list, (gpointer) (value ? value : ""));
  g_hash_table_insert (table, (gpointer) (value ? value : ""), GUINT_TO_POINTER (list->len - 1));
  return list->len - 1;
}

static char *
derived_guid (GHashTable       *zone_ids,
              const TsPlanSeat *seat)
{
  const char *zone_id = seat->zone ? g_hash_table_lookup (zone_ids, seat->zone) : NULL;

  if (zone_id == NULL)
    zone_id = seat->zone;
  return g_strdup_printf ("%s-%s-%s", zone_id ? zone_id : "", seat->row ? seat->row : "",
                          seat->number ? seat->number : "");
}

JsonNode *
ts_seat_plan_to_compact (const TsSeatPlan *plan)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) zone_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) row_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) category_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) zone_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) zones = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  g_autoptr(JsonNode) pretix = ts_seat_plan_to_pretix (plan, FALSE);
  const char *columns[] = { "x", "y", "r", "zone", "row", "number", "category", "flags" };

  for (guint i = 0; i < plan->zones->len; i++)
    index_of (zone_index, zones, ((TsPlanZone *) g_ptr_array_index (plan->zones, i))->name);
  for (guint i = 0; i < plan->categories->len; i++)
    index_of (category_index, categories, ((TsPlanCategory *) g_ptr_array_index (plan->categories, i))->name);
  for (guint i = 0; i < plan->seats->len; i++)
    index_of (row_index, rows, ((TsPlanSeat *) g_ptr_array_index (plan->seats, i))->row);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, plan->name);
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, plan->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, plan->height);
  /* categories, zones and areas as the pretix form has them (they are few) */
  json_builder_set_member_name (builder, "categories");
  json_builder_add_value (builder, json_node_copy (json_object_get_member (json_node_get_object (pretix), "categories")));
  json_builder_set_member_name (builder, "zones");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->zones->len; i++)
    {
      TsPlanZone *zone = g_ptr_array_index (plan->zones, i);
      JsonArray *pretix_zones = json_object_get_array_member (json_node_get_object (pretix), "zones");
      JsonObject *pretix_zone = json_array_get_object_element (pretix_zones, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, zone->name);
      json_builder_set_member_name (builder, "zone_id");
      json_builder_add_string_value (builder, zone->zone_id);
      if (zone->level != NULL)
        {
          json_builder_set_member_name (builder, "level");
          json_builder_add_string_value (builder, zone->level);
        }
      json_builder_set_member_name (builder, "areas");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (pretix_zone, "areas")));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (rows, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "seats");
  json_builder_begin_object (builder);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      json_builder_set_member_name (builder, columns[c]);
      json_builder_begin_array (builder);
      for (guint i = 0; i < plan->seats->len; i++)
        {
          TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

          switch (c)
            {
            case 0: json_builder_add_int_value (builder, (gint64) llround (seat->x * 10)); break;
            case 1: json_builder_add_int_value (builder, (gint64) llround (seat->y * 10)); break;
            case 2: json_builder_add_int_value (builder, (gint64) llround (seat->radius * 10)); break;
            case 3: json_builder_add_int_value (builder, index_of (zone_index, zones, seat->zone)); break;
            case 4: json_builder_add_int_value (builder, index_of (row_index, rows, seat->row)); break;
            case 5: json_builder_add_string_value (builder, seat->number ? seat->number : ""); break;
            case 6: json_builder_add_int_value (builder, seat->category
                                                ? (gint64) index_of (category_index, categories, seat->category) : -1); break;
            default: json_builder_add_int_value (builder, seat->flags); break;
            }
        }
      json_builder_end_array (builder);
    }
  /* default hold letters (M1, M8), sparse: seat index → letter */
  json_builder_set_member_name (builder, "holds");
  json_builder_begin_object (builder);
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      if (seat->hold != 0)
        {
          g_autofree char *key = g_strdup_printf ("%u", i);
          char letter[2] = { seat->hold, 0 };

          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, letter);
        }
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "guids");
  json_builder_begin_object (builder);
  /* zone name → zone_id, looked up once per seat: a scan of the zones for
   * each seat made 20,000 one-seat zones take ten seconds */
  for (guint i = 0; i < plan->zones->len; i++)
    {
      TsPlanZone *zone = g_ptr_array_index (plan->zones, i);

      g_hash_table_insert (zone_ids, zone->name, zone->zone_id);
    }
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
      g_autofree char *derived = derived_guid (zone_ids, seat);

      if (g_strcmp0 (derived, seat->guid) != 0)
        {
          g_autofree char *key = g_strdup_printf ("%u", i);

          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, seat->guid);
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonArray *
column (JsonObject *seats,
        const char *name,
        guint       n,
        GError    **error)
{
  JsonArray *array = ts_json_lookup_array (seats, name);

  if (array == NULL || json_array_get_length (array) != n)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "seats.%s: must list one value per seat", name);
      return NULL;
    }
  return array;
}

/* Read with the lenient accessors: whatever the server sent, a wrong type is
 * an error or a default, never a GLib critical or a NULL dereference (found
 * by fuzzing). */
TsSeatPlan *
ts_seat_plan_from_compact (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(TsSeatPlan) plan = NULL;
  JsonObject *object, *seats;
  JsonArray *x, *y, *r, *zone, *row, *number, *category, *flags, *zones, *rows, *categories;
  JsonObject *guids, *holds;
  const char *name;
  guint n;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A compact map is a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  seats = ts_json_lookup_object (object, "seats");
  zones = ts_json_lookup_array (object, "zones");
  rows = ts_json_lookup_array (object, "rows");
  categories = ts_json_lookup_array (object, "categories");
  if (seats == NULL || zones == NULL || rows == NULL || categories == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A compact map needs seats, zones, rows and categories");
      return NULL;
    }
  n = ts_json_lookup_array (seats, "x") ? json_array_get_length (ts_json_lookup_array (seats, "x")) : 0;
  if ((x = column (seats, "x", n, error)) == NULL || (y = column (seats, "y", n, error)) == NULL
      || (r = column (seats, "r", n, error)) == NULL || (zone = column (seats, "zone", n, error)) == NULL
      || (row = column (seats, "row", n, error)) == NULL || (number = column (seats, "number", n, error)) == NULL
      || (category = column (seats, "category", n, error)) == NULL || (flags = column (seats, "flags", n, error)) == NULL)
    return NULL;
  guids = ts_json_lookup_object (seats, "guids");
  holds = ts_json_lookup_object (seats, "holds");

  name = ts_json_lookup_string (object, "name");
  plan = ts_seat_plan_new (name ? name : "");
  plan->width = 1000;
  plan->height = 1000;
  ts_json_lookup_number (object, "width", &plan->width);
  ts_json_lookup_number (object, "height", &plan->height);
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *c = ts_json_lookup_element_object (categories, i);
      const char *category_name = ts_json_lookup_string (c, "name");

      ts_seat_plan_add_category (plan, category_name ? category_name : "", ts_json_lookup_string (c, "color"));
    }
  for (guint i = 0; i < json_array_get_length (zones); i++)
    {
      JsonObject *z = ts_json_lookup_element_object (zones, i);
      const char *zone_name = ts_json_lookup_string (z, "name");
      TsPlanZone *added = ts_seat_plan_add_zone (plan, zone_name ? zone_name : "", ts_json_lookup_string (z, "zone_id"));

      added->level = g_strdup (ts_json_lookup_string (z, "level"));
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 zi = -1, ri = -1, ci = -2, xi = 0, yi = 0, radius = 0, bits = 0;
      g_autofree char *key = g_strdup_printf ("%u", i);
      TsPlanZone *seat_zone;
      TsPlanSeat *seat;
      g_autofree char *guid = NULL;
      const char *row_label, *seat_number = ts_json_lookup_element_string (number, i);
      const char *given_guid = ts_json_lookup_string (guids, key);
      const char *letter = ts_json_lookup_string (holds, key);

      ts_json_lookup_element_int (zone, i, &zi);
      ts_json_lookup_element_int (row, i, &ri);
      ts_json_lookup_element_int (category, i, &ci);
      if (zi < 0 || zi >= (gint64) plan->zones->len || ri < 0 || ri >= (gint64) json_array_get_length (rows)
          || ci < -1 || ci >= (gint64) plan->categories->len)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "seat %u: an index is out of range", i);
          return NULL;
        }
      if (!ts_json_lookup_element_int (x, i, &xi) || !ts_json_lookup_element_int (y, i, &yi)
          || !ts_json_lookup_element_int (r, i, &radius) || !ts_json_lookup_element_int (flags, i, &bits))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "seat %u: x, y, r and flags are whole numbers", i);
          return NULL;
        }
      seat_zone = g_ptr_array_index (plan->zones, zi);
      row_label = ts_json_lookup_element_string (rows, ri);
      if (row_label == NULL)
        row_label = "";
      if (given_guid != NULL)
        guid = g_strdup (given_guid);
      else
        guid = g_strdup_printf ("%s-%s-%s", seat_zone->zone_id, row_label, seat_number ? seat_number : "");
      seat = ts_seat_plan_add_seat (plan, guid, seat_zone->name, row_label, seat_number, xi / 10.0, yi / 10.0);
      seat->radius = radius / 10.0;
      seat->flags = (TsSeatFlags) (bits & (TS_SEAT_WHEELCHAIR | TS_SEAT_COMPANION | TS_SEAT_RESTRICTED_VIEW));
      if (letter != NULL && letter[0] >= 'a' && letter[0] <= 'z')
        seat->hold = letter[0];
      if (ci >= 0)
        seat->category = g_strdup (((TsPlanCategory *) g_ptr_array_index (plan->categories, ci))->name);
    }

  /* areas travel in pretix form inside each zone */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) pretix = NULL;
    g_autoptr(TsSeatPlan) with_areas = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "name");
    json_builder_add_string_value (builder, "areas");
    json_builder_set_member_name (builder, "size");
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "width");
    json_builder_add_double_value (builder, plan->width);
    json_builder_set_member_name (builder, "height");
    json_builder_add_double_value (builder, plan->height);
    json_builder_end_object (builder);
    json_builder_set_member_name (builder, "zones");
    json_builder_begin_array (builder);
    for (guint i = 0; i < json_array_get_length (zones); i++)
      {
        TsPlanZone *z = g_ptr_array_index (plan->zones, i);
        JsonArray *given = ts_json_lookup_array (ts_json_lookup_element_object (zones, i), "areas");
        JsonNode *areas = json_node_new (JSON_NODE_ARRAY);   /* the builder takes it */

        if (given != NULL)
          json_node_set_array (areas, given);
        else
          json_node_take_array (areas, json_array_new ());
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "name");
        json_builder_add_string_value (builder, z->name);
        json_builder_set_member_name (builder, "areas");
        json_builder_add_value (builder, areas);
        json_builder_end_object (builder);
      }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    pretix = json_builder_get_root (builder);
    with_areas = ts_seat_plan_from_pretix (pretix, FALSE, NULL, error);
    if (with_areas == NULL)
      return NULL;
    g_ptr_array_extend_and_steal (plan->areas, g_steal_pointer (&with_areas->areas));
    with_areas->areas = g_ptr_array_new ();
  }
  return g_steal_pointer (&plan);
}
