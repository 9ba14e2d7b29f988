/* ts-seat-plan-pretix.c — the pretix seating-plan format, read and written
 * from its published description (root, categories, zones → rows → seats,
 * areas; positions nest seat in row in zone). */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-seat-plan-pretix.h"
#include "ts-validate.h"

#define MAX_EXAMPLES 5

/* Collects what is wrong, so one error can list it all. */
typedef struct
{
  GString   *errors;
  guint      n_errors;
  GPtrArray *warnings;
} Report;

static void
report_error (Report     *report,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
report_error (Report     *report,
              const char *format,
              ...)
{
  va_list args;

  report->n_errors++;
  if (report->n_errors > 20)
    return;
  if (report->errors->len > 0)
    g_string_append (report->errors, "; ");
  va_start (args, format);
  g_string_append_vprintf (report->errors, format, args);
  va_end (args);
}

static void
report_warning (Report     *report,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
report_warning (Report     *report,
                const char *format,
                ...)
{
  va_list args;

  if (report->warnings == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (report->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Numbers that may be strings ("12") or integers (12): seat and row numbers. */
static char *
get_label (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static void
position (JsonObject *object,
          double     *x,
          double     *y)
{
  JsonObject *pos = ts_json_lookup_object (object, "position");

  *x = 0;
  *y = 0;
  if (pos != NULL)
    {
      ts_json_lookup_number (pos, "x", x);
      ts_json_lookup_number (pos, "y", y);
    }
}

static void
check_integer (Report     *report,
               double      value,
               const char *where)
{
  if (value != floor (value))
    report_warning (report, "%s is %g, not a whole number as the format wants", where, value);
}

static TsSeatFlags
read_flags (JsonObject *object)
{
  JsonArray *flags = ts_json_lookup_array (ts_json_lookup_object (object, "tessera"), "flags");
  TsSeatFlags result = 0;

  for (guint i = 0; flags != NULL && i < json_array_get_length (flags); i++)
    {
      const char *flag = ts_json_lookup_element_string (flags, i);

      if (g_strcmp0 (flag, "wheelchair") == 0)
        result |= TS_SEAT_WHEELCHAIR;
      else if (g_strcmp0 (flag, "companion") == 0)
        result |= TS_SEAT_COMPANION;
      else if (g_strcmp0 (flag, "restricted_view") == 0)
        result |= TS_SEAT_RESTRICTED_VIEW;
    }
  return result;
}

static void
read_area (TsSeatPlan *plan,
           Report     *report,
           const char *zone,
           double      zx,
           double      zy,
           JsonObject *object,
           guint       index)
{
  TsAreaShape shape;
  TsPlanArea *area;
  JsonObject *extension = ts_json_lookup_object (object, "tessera");
  JsonObject *text = ts_json_lookup_object (object, "text");
  double capacity = 0;
  g_autofree char *quoted = ts_validate_quote (zone);
  g_autofree char *where = g_strdup_printf ("zone %s area %u", quoted, index);

  if (!ts_area_shape_from_string (ts_json_lookup_string (object, "shape"), &shape))
    {
      report_error (report, "%s: shape must be rectangle, ellipse, circle, polygon or text", where);
      return;
    }
  area = ts_seat_plan_add_area (plan, shape);
  area->zone = g_strdup (zone);
  position (object, &area->x, &area->y);
  area->x += zx;
  area->y += zy;
  ts_json_lookup_number (object, "rotation", &area->rotation);
  area->color = g_strdup (ts_json_lookup_string (object, "color"));
  area->border_color = g_strdup (ts_json_lookup_string (object, "border_color"));
  if (text != NULL)
    {
      area->text = g_strdup (ts_json_lookup_string (text, "text"));
      if (ts_json_lookup_number (text, "size", &area->text_size) && (!isfinite (area->text_size) || area->text_size < 0))
        report_error (report, "%s: text.size must be a positive number", where);
      /* a size without a text sizes nothing, and is not stored */
      if (area->text == NULL)
        area->text_size = 0;
    }

  switch (shape)
    {
    case TS_AREA_RECTANGLE:
      {
        JsonObject *r = ts_json_lookup_object (object, "rectangle");

        if (!ts_json_lookup_number (r, "width", &area->width) || !ts_json_lookup_number (r, "height", &area->height))
          report_error (report, "%s: a rectangle needs rectangle.width and rectangle.height", where);
        else
          {
            g_autofree char *w = g_strconcat (where, ": rectangle.width", NULL);
            g_autofree char *h = g_strconcat (where, ": rectangle.height", NULL);

            check_integer (report, area->width, w);
            check_integer (report, area->height, h);
          }
      }
      break;
    case TS_AREA_ELLIPSE:
      {
        JsonObject *r = ts_json_lookup_object (ts_json_lookup_object (object, "ellipse"), "radius");

        if (!ts_json_lookup_number (r, "x", &area->width) || !ts_json_lookup_number (r, "y", &area->height))
          report_error (report, "%s: an ellipse needs ellipse.radius.x and .y", where);
      }
      break;
    case TS_AREA_CIRCLE:
      if (!ts_json_lookup_number (ts_json_lookup_object (object, "circle"), "radius", &area->radius))
        report_error (report, "%s: a circle needs circle.radius", where);
      break;
    case TS_AREA_POLYGON:
      {
        JsonArray *points = ts_json_lookup_array (ts_json_lookup_object (object, "polygon"), "points");

        area->points = g_array_new (FALSE, FALSE, sizeof (double));
        for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
          {
            JsonObject *p = ts_json_lookup_element_object (points, i);
            double px = 0, py = 0;

            if (p == NULL || !ts_json_lookup_number (p, "x", &px) || !ts_json_lookup_number (p, "y", &py))
              {
                report_error (report, "%s: polygon point %u needs x and y", where, i);
                break;
              }
            g_array_append_val (area->points, px);
            g_array_append_val (area->points, py);
          }
        if (area->points->len < 6)
          report_error (report, "%s: a polygon needs at least three points", where);
      }
      break;
    case TS_AREA_TEXT:
    default:
      break;
    }

  if (extension != NULL)
    {
      if (ts_json_lookup_number (extension, "capacity", &capacity))
        {
          if (capacity < 0 || capacity > 200000 || capacity != floor (capacity))
            report_error (report, "%s: tessera.capacity must be a whole number 0–200000", where);
          else
            area->capacity = (guint) capacity;
        }
      area->category = g_strdup (ts_json_lookup_string (extension, "category"));
    }
}

/* Duplicate GUIDs: report which and how often, or derive new ones. */
static void
check_guids (TsSeatPlan *plan,
             Report     *report,
             gboolean    repair)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint duplicated = 0, worst = 0;
  const char *worst_guid = NULL;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GString) examples = g_string_new (NULL);
  guint n_examples = 0;

  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, seat->guid)) + 1;

      g_hash_table_insert (counts, seat->guid, GUINT_TO_POINTER (n));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n = GPOINTER_TO_UINT (value);

      if (n < 2)
        continue;
      duplicated++;
      if (n > worst || (n == worst && g_strcmp0 (key, worst_guid) < 0))
        {
          worst = n;
          worst_guid = key;
        }
    }
  if (duplicated == 0)
    return;

  if (!repair)
    {
      for (guint i = 0; i < plan->seats->len && n_examples < MAX_EXAMPLES; i++)
        {
          TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

          if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, seat->guid)) > 1 && !strstr (examples->str, seat->guid))
            {
              g_autofree char *quoted = ts_validate_quote (seat->guid);

              g_string_append_printf (examples, "%s%s", n_examples ? ", " : "", quoted);
              n_examples++;
            }
        }
      {
        g_autofree char *quoted = ts_validate_quote (worst_guid);

        report_error (report,
                      "%u seats share %u seat GUIDs: %u GUIDs are used more than once (%s %u times; e.g. %s). "
                      "A sale points at a GUID, so each must be unique; import with repair to derive them "
                      "from zone, row and number",
                      plan->seats->len, g_hash_table_size (counts), duplicated, quoted, worst, examples->str);
      }
      return;
    }

  {
    g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
    guint renamed = 0;

    /* the first zone of a name, as ts_seat_plan_find_zone() would give */
    for (guint i = plan->zones->len; i > 0; i--)
      {
        TsPlanZone *zone = g_ptr_array_index (plan->zones, i - 1);

        g_hash_table_insert (zones, zone->name, zone);
      }
    for (guint i = 0; i < plan->seats->len; i++)
      {
        TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
        TsPlanZone *zone = seat->zone ? g_hash_table_lookup (zones, seat->zone) : NULL;
        g_autofree char *base = g_strdup_printf ("%s-%s-%s", zone ? zone->zone_id : seat->zone,
                                                 seat->row ? seat->row : "", seat->number ? seat->number : "");
        char *guid = g_strdup (base);

        for (guint k = 2; g_hash_table_contains (taken, guid); k++)
          {
            g_free (guid);
            guid = g_strdup_printf ("%s-%u", base, k);
          }
        if (g_strcmp0 (guid, seat->guid) != 0)
          renamed++;
        g_free (seat->guid);
        seat->guid = g_strdup (guid);
        g_hash_table_add (taken, guid);
      }
    report_warning (report, "repaired %u seat GUIDs that were used more than once (%u GUIDs for %u seats); "
                    "the new ones are derived from zone, row and number", renamed,
                    duplicated, plan->seats->len);
  }
}

TsSeatPlan *
ts_seat_plan_from_pretix (JsonNode   *root,
                          gboolean    repair_guids,
                          GPtrArray  *warnings,
                          GError    **error)
{
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object, *size;
  JsonArray *array;
  Report report = { g_string_new (NULL), 0, warnings };
  guint missing_guids = 0;
  guint too_many = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_string_free (report.errors, TRUE);
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A seating plan must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  plan = ts_seat_plan_new (ts_json_lookup_string (object, "name") ? ts_json_lookup_string (object, "name") : "");
  if (ts_json_lookup_string (object, "name") == NULL)
    report_error (&report, "name: is required");

  size = ts_json_lookup_object (object, "size");
  if (!ts_json_lookup_number (size, "width", &plan->width) || !ts_json_lookup_number (size, "height", &plan->height)
      || plan->width <= 0 || plan->height <= 0)
    report_error (&report, "size: needs a positive width and height");
  else
    {
      check_integer (&report, plan->width, "size.width");
      check_integer (&report, plan->height, "size.height");
    }

  array = ts_json_lookup_array (object, "categories");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *c = ts_json_lookup_element_object (array, i);
      const char *name = ts_json_lookup_string (c, "name");

      if (name == NULL)
        {
          report_error (&report, "categories[%u]: name is required", i);
          continue;
        }
      ts_seat_plan_add_category (plan, name, ts_json_lookup_string (c, "color"));
      g_hash_table_add (categories, (gpointer) ((TsPlanCategory *) g_ptr_array_index (plan->categories, plan->categories->len - 1))->name);
    }

  array = ts_json_lookup_array (object, "zones");
  if (array == NULL)
    report_error (&report, "zones: is required (a list)");
  for (guint z = 0; array != NULL && z < json_array_get_length (array); z++)
    {
      JsonObject *zone_object = ts_json_lookup_element_object (array, z);
      const char *name = ts_json_lookup_string (zone_object, "name");
      JsonArray *rows = ts_json_lookup_array (zone_object, "rows");
      JsonArray *areas = ts_json_lookup_array (zone_object, "areas");
      TsPlanZone *zone;
      double zx, zy;

      if (zone_object == NULL || name == NULL)
        {
          report_error (&report, "zones[%u]: name is required", z);
          continue;
        }
      zone = ts_seat_plan_add_zone (plan, name, ts_json_lookup_string (zone_object, "zone_id"));
      zone->level = g_strdup (ts_json_lookup_string (ts_json_lookup_object (zone_object, "tessera"), "level"));
      position (zone_object, &zx, &zy);

      for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
        {
          JsonObject *row_object = ts_json_lookup_element_object (rows, r);
          JsonArray *seats = ts_json_lookup_array (row_object, "seats");
          g_autofree char *row_label = get_label (row_object, "row_number");
          double rx, ry;

          if (row_object == NULL)
            continue;
          position (row_object, &rx, &ry);
          for (guint s = 0; seats != NULL && s < json_array_get_length (seats); s++)
            {
              JsonObject *seat_object = ts_json_lookup_element_object (seats, s);
              const char *guid = ts_json_lookup_string (seat_object, "seat_guid");
              const char *category = ts_json_lookup_string (seat_object, "category");
              g_autofree char *number = get_label (seat_object, "seat_number");
              TsPlanSeat *seat;
              double sx, sy;

              if (seat_object == NULL)
                continue;
              if (plan->seats->len == TS_SEAT_PLAN_MAX_SEATS)
                {
                  too_many++;
                  continue;
                }
              if (guid == NULL || *guid == '\0')
                {
                  missing_guids++;
                  if (missing_guids <= MAX_EXAMPLES)
                    {
                      g_autofree char *quoted_zone = ts_validate_quote (name);
                      g_autofree char *quoted_row = ts_validate_quote (row_label ? row_label : "?");
                      g_autofree char *quoted_number = ts_validate_quote (number ? number : "?");

                      report_error (&report, "zone %s row %s seat %s: seat_guid is required", quoted_zone,
                                    quoted_row, quoted_number);
                    }
                  continue;
                }
              position (seat_object, &sx, &sy);
              seat = ts_seat_plan_add_seat (plan, guid, name, row_label, number, zx + rx + sx, zy + ry + sy);
              ts_json_lookup_number (seat_object, "radius", &seat->radius);
              seat->category = g_strdup (category);
              seat->flags = read_flags (seat_object);
              {
                const char *hold = ts_json_lookup_string (ts_json_lookup_object (seat_object, "tessera"), "hold");

                if (hold != NULL && hold[0] >= 'a' && hold[0] <= 'z' && hold[1] == '\0')
                  seat->hold = hold[0];
              }
              if (category != NULL && !g_hash_table_contains (categories, category))
                g_hash_table_add (unknown, g_strdup (category));
            }
        }
      for (guint a = 0; areas != NULL && a < json_array_get_length (areas); a++)
        read_area (plan, &report, name, zx, zy, ts_json_lookup_element_object (areas, a), a);
    }
  if (missing_guids > MAX_EXAMPLES)
    report_error (&report, "%u seats in all have no seat_guid", missing_guids);
  if (too_many > 0)
    report_error (&report, "the plan has more than %u seats", TS_SEAT_PLAN_MAX_SEATS);

  if (g_hash_table_size (unknown) > 0)
    {
      g_autoptr(GList) names = g_hash_table_get_keys (unknown);
      g_autoptr(GString) list = g_string_new (NULL);

      for (GList *l = names; l != NULL && l->data != NULL; l = l->next)
        {
          g_autofree char *quoted = ts_validate_quote (l->data);

          if (list->len > 200)
            {
              g_string_append (list, ", …");
              break;
            }
          g_string_append_printf (list, "%s%s", list->len ? ", " : "", quoted);
        }
      report_error (&report, "seats use %u categories that are not in categories: %s",
                    g_hash_table_size (unknown), list->str);
    }

  check_guids (plan, &report, repair_guids);

  if (report.n_errors > 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The seating plan has %u problem%s: %s%s",
                   report.n_errors, report.n_errors == 1 ? "" : "s", report.errors->str,
                   report.n_errors > 20 ? "; …" : "");
      g_string_free (report.errors, TRUE);
      return NULL;
    }
  g_string_free (report.errors, TRUE);
  if (!ts_seat_plan_finish (plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}

static void
add_position (JsonBuilder *builder,
              double       x,
              double       y)
{
  json_builder_set_member_name (builder, "position");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "x");
  json_builder_add_double_value (builder, x);
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, y);
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
write_area (JsonBuilder      *builder,
            const TsPlanArea *area,
            gboolean          strict)
{
  json_builder_begin_object (builder);
  add_string (builder, "shape", ts_area_shape_to_string (area->shape));
  add_position (builder, area->x, area->y);
  json_builder_set_member_name (builder, "rotation");
  json_builder_add_double_value (builder, area->rotation);
  add_string (builder, "color", area->color);
  add_string (builder, "border_color", area->border_color);
  if (area->text != NULL)
    {
      json_builder_set_member_name (builder, "text");
      json_builder_begin_object (builder);
      add_string (builder, "text", area->text);
      if (area->text_size > 0)
        {
          json_builder_set_member_name (builder, "size");
          json_builder_add_double_value (builder, area->text_size);
        }
      json_builder_end_object (builder);
    }
  switch (area->shape)
    {
    case TS_AREA_RECTANGLE:
      json_builder_set_member_name (builder, "rectangle");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "width");
      json_builder_add_double_value (builder, area->width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_double_value (builder, area->height);
      json_builder_end_object (builder);
      break;
    case TS_AREA_ELLIPSE:
      json_builder_set_member_name (builder, "ellipse");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "radius");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "x");
      json_builder_add_double_value (builder, area->width);
      json_builder_set_member_name (builder, "y");
      json_builder_add_double_value (builder, area->height);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      break;
    case TS_AREA_CIRCLE:
      json_builder_set_member_name (builder, "circle");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "radius");
      json_builder_add_double_value (builder, area->radius);
      json_builder_end_object (builder);
      break;
    case TS_AREA_POLYGON:
      json_builder_set_member_name (builder, "polygon");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (guint k = 0; area->points != NULL && k + 1 < area->points->len; k += 2)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "x");
          json_builder_add_double_value (builder, g_array_index (area->points, double, k));
          json_builder_set_member_name (builder, "y");
          json_builder_add_double_value (builder, g_array_index (area->points, double, k + 1));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      break;
    case TS_AREA_TEXT:
    default:
      break;
    }
  if (!strict && (area->capacity > 0 || area->category != NULL))
    {
      json_builder_set_member_name (builder, "tessera");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "capacity");
      json_builder_add_int_value (builder, area->capacity);
      add_string (builder, "category", area->category);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* Seats are written with absolute positions in rows at (0, 0) of zones at
 * (0, 0), so reading them back gives exactly the same plan. */
/* name → GArray of indexes, in order */
static void
group_by_zone (GHashTable *groups,
               const char *zone,
               guint       index)
{
  GArray *group;

  if (zone == NULL)
    return;
  group = g_hash_table_lookup (groups, zone);
  if (group == NULL)
    {
      group = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (groups, (gpointer) zone, group);
    }
  g_array_append_val (group, index);
}

JsonNode *
ts_seat_plan_to_pretix (const TsSeatPlan *plan,
                        gboolean          strict)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) by_zone = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) areas_by_zone = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                               (GDestroyNotify) g_array_unref);

  json_builder_begin_object (builder);
  add_string (builder, "name", plan->name);
  json_builder_set_member_name (builder, "size");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, plan->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, plan->height);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->categories->len; i++)
    {
      TsPlanCategory *c = g_ptr_array_index (plan->categories, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", c->name);
      add_string (builder, "color", c->color);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* each zone's seats and areas, found in one pass: a scan of every seat for
   * each zone made 20,000 one-seat zones take seconds, and a 32 MB upload
   * hours (issue #9) */
  for (guint i = 0; i < plan->seats->len; i++)
    group_by_zone (by_zone, ((TsPlanSeat *) g_ptr_array_index (plan->seats, i))->zone, i);
  for (guint a = 0; a < plan->areas->len; a++)
    group_by_zone (areas_by_zone, ((TsPlanArea *) g_ptr_array_index (plan->areas, a))->zone, a);

  json_builder_set_member_name (builder, "zones");
  json_builder_begin_array (builder);
  for (guint z = 0; z < plan->zones->len; z++)
    {
      TsPlanZone *zone = g_ptr_array_index (plan->zones, z);
      GArray *seats = g_hash_table_lookup (by_zone, zone->name);
      GArray *areas = g_hash_table_lookup (areas_by_zone, zone->name);
      const char *current_row = NULL;
      gboolean row_open = FALSE;

      json_builder_begin_object (builder);
      add_string (builder, "name", zone->name);
      add_string (builder, "zone_id", zone->zone_id);
      add_position (builder, 0, 0);
      if (!strict && zone->level != NULL)
        {
          json_builder_set_member_name (builder, "tessera");
          json_builder_begin_object (builder);
          add_string (builder, "level", zone->level);
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      /* Seats of a zone, grouped by consecutive row label. */
      for (guint k = 0; seats != NULL && k < seats->len; k++)
        {
          TsPlanSeat *seat = g_ptr_array_index (plan->seats, g_array_index (seats, guint, k));

          if (!row_open || g_strcmp0 (seat->row, current_row) != 0)
            {
              if (row_open)
                {
                  json_builder_end_array (builder);
                  json_builder_end_object (builder);
                }
              json_builder_begin_object (builder);
              add_string (builder, "row_number", seat->row ? seat->row : "");
              add_position (builder, 0, 0);
              json_builder_set_member_name (builder, "seats");
              json_builder_begin_array (builder);
              current_row = seat->row;
              row_open = TRUE;
            }
          json_builder_begin_object (builder);
          add_string (builder, "seat_guid", seat->guid);
          add_string (builder, "seat_number", seat->number ? seat->number : "");
          add_position (builder, seat->x, seat->y);
          json_builder_set_member_name (builder, "radius");
          json_builder_add_double_value (builder, seat->radius);
          add_string (builder, "category", seat->category);
          if (!strict && (seat->flags != 0 || seat->hold != 0))
            {
              json_builder_set_member_name (builder, "tessera");
              json_builder_begin_object (builder);
              if (seat->hold != 0)
                {
                  char letter[2] = { seat->hold, 0 };

                  add_string (builder, "hold", letter);
                }
              json_builder_set_member_name (builder, "flags");
              json_builder_begin_array (builder);
              if (seat->flags & TS_SEAT_WHEELCHAIR)
                json_builder_add_string_value (builder, "wheelchair");
              if (seat->flags & TS_SEAT_COMPANION)
                json_builder_add_string_value (builder, "companion");
              if (seat->flags & TS_SEAT_RESTRICTED_VIEW)
                json_builder_add_string_value (builder, "restricted_view");
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          json_builder_end_object (builder);
        }
      if (row_open)
        {
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "areas");
      json_builder_begin_array (builder);
      for (guint k = 0; areas != NULL && k < areas->len; k++)
        write_area (builder, g_ptr_array_index (plan->areas, g_array_index (areas, guint, k)), strict);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
