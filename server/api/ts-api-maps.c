/* ts-api-maps.c — theatre maps: import, generate, read, export, edit by the
 * owner, duplicate by the Master User (rules M1, M2, M3) */
#include <string.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-csv.h"
#include "ts-seat-plan-generator.h"
#include "ts-seat-plan-pretix.h"
#include "ts-seat-plan-seatsio.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

#define MAP_SUMMARY_JSON \
  "jsonb_build_object ('id', m.id, 'name', m.name, 'outlet_id', m.outlet_id," \
  "  'outlet', jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name)," \
  "  'seat_count', m.seat_count, 'ga_capacity', m.ga_capacity, 'copied_from', m.copied_from," \
  "  'created_at', m.created_at, 'updated_at', m.updated_at)"

/* M1: the outlet a new map belongs to: the caller's; the Master User names one. */
static const TsOutletRule map_owner = {
  TS_POLICY_NAMES_THE_OWNER, "An outlet creates maps for itself only"  /* M1 */
};

/* C4: season setup (maps) is the Box Office Manager's and up. */
static gboolean
require_map_builder (TsRequest  *req,
                     GError    **error)
{
  return ts_policy_require_level (req, TS_LEVEL_MANAGER,
                                  "Theatre maps are set up at the Box Office Manager level and above", error);  /* C4 */
}

static JsonNode *
map_summary (PGconn      *conn,
             const char  *id,
             GError     **error)
{
  return ts_row_lookup_json (conn, "theatre map",
      "SELECT " MAP_SUMMARY_JSON " FROM theatre_map m JOIN outlet o ON o.id = m.outlet_id WHERE m.id = $1::integer",
      1, (const char *[]) { id }, error);
}

static TsSeatPlan *
load_plan (PGconn      *conn,
           const char  *id,
           gint64      *out_owner,
           GError     **error)
{
  g_autoptr(PGresult) result = ts_row_lookup (conn, "theatre map",
                                              "SELECT plan::text, outlet_id FROM theatre_map WHERE id = $1::integer",
                                              1, (const char *[]) { id }, error);
  g_autoptr(JsonNode) root = NULL;

  if (result == NULL)
    return NULL;
  if (out_owner != NULL)
    *out_owner = g_ascii_strtoll (ts_pg_value (result, 0, 1), NULL, 10);
  root = json_from_string (ts_pg_value (result, 0, 0), error);
  if (root == NULL)
    return NULL;
  return ts_seat_plan_from_pretix (root, FALSE, NULL, error);
}

/* M1: the plan of a map the caller may change, its owner's (any outlet may
 * use it). */
static TsSeatPlan *
load_own_plan (TsRequest   *req,
               PGconn      *conn,
               const char  *id,
               GError     **error)
{
  gint64 owner = 0;
  g_autoptr(TsSeatPlan) plan = load_plan (conn, id, &owner, error);

  if (plan == NULL)
    return NULL;
  if (!ts_request_is_master (req) && owner != req->outlet_id)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "Only the outlet that owns a theatre map may change it; any outlet may use it");  /* M1 */
      return NULL;
    }
  return g_steal_pointer (&plan);
}

static char *
plan_text (const TsSeatPlan *plan)
{
  g_autoptr(JsonNode) node = ts_seat_plan_to_pretix (plan, FALSE);

  return json_to_string (node, FALSE);
}

static char *
compact_text (const TsSeatPlan *plan)
{
  g_autoptr(JsonNode) node = ts_seat_plan_to_compact (plan);

  return json_to_string (node, FALSE);
}

gboolean
ts_api_maps_list (TsRequest *req,
                  PGconn    *conn,
                  GError   **error)
{
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  /* M1: every outlet may use every map */
  node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("maps", MAP_SUMMARY_JSON, "m.name, m.id")
      "  FROM theatre_map m JOIN outlet o ON o.id = m.outlet_id",
      0, NULL, error);
  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_map_get (TsRequest *req,
                PGconn    *conn,
                GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_row_lookup_json (conn, "theatre map",
      "SELECT " MAP_SUMMARY_JSON " || jsonb_build_object ('plan', m.plan)"
      "  FROM theatre_map m JOIN outlet o ON o.id = m.outlet_id WHERE m.id = $1::integer",
      1, (const char *[]) { id }, error));
}

gboolean
ts_api_map_export (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(TsSeatPlan) plan = NULL;
  const char *strict = ts_request_query (req, "strict");

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  if (strict != NULL && !g_str_equal (strict, "true") && !g_str_equal (strict, "false"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "strict: must be true or false");
      return FALSE;
    }
  plan = load_plan (conn, id, NULL, error);
  if (plan == NULL)
    return FALSE;
  ts_request_take_response (req, 200, ts_seat_plan_to_pretix (plan, g_strcmp0 (strict, "true") == 0));
  return TRUE;
}

/* The map as the client draws it: a third of the size (seats as parallel
 * arrays, positions in tenths). */
gboolean
ts_api_map_compact (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(TsSeatPlan) plan = NULL;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  /* stored with the plan: straight from the database to the wire, no parsing here */
  {
    g_autoptr(PGresult) stored = ts_pg_exec (conn,
        "SELECT (" MAP_SUMMARY_JSON " || jsonb_build_object ('map', m.compact, 'background_svg', m.background_svg))::text"
        "  FROM theatre_map m JOIN outlet o ON o.id = m.outlet_id"
        " WHERE m.id = $1::integer AND m.compact IS NOT NULL",
        1, (const char *[]) { id }, error);

    if (stored == NULL)
      return FALSE;
    if (PQntuples (stored) == 1)
      {
        ts_request_take_response_text (req, 200, g_strdup (ts_pg_value (stored, 0, 0)));
        return TRUE;
      }
  }
  /* a map stored before migration 005 */
  plan = load_plan (conn, id, NULL, error);
  if (plan == NULL)
    return FALSE;
  node = map_summary (conn, id, error);
  if (node == NULL)
    return FALSE;
  json_object_set_member (json_node_get_object (node), "map", ts_seat_plan_to_compact (plan));
  json_object_set_null_member (json_node_get_object (node), "background_svg");
  ts_request_take_response (req, 200, node);
  return TRUE;
}

/* {"map": the summary of map id, "warnings": what the import said (M3)} */
static gboolean
answer_map (TsRequest   *req,
            PGconn      *conn,
            guint        status,
            const char  *id,
            GPtrArray   *warnings,
            GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *summary = map_summary (conn, id, error);

  if (summary == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "map");
  json_builder_add_value (builder, summary);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (warnings, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ts_request_take_response (req, status, json_builder_get_root (builder));
  return TRUE;
}

static gboolean
store_new_map (TsRequest   *req,
               PGconn      *conn,
               const char  *outlet,
               TsSeatPlan  *plan,
               const char  *copied_from,
               GPtrArray   *warnings,
               GError     **error)
{
  g_autofree char *text = plan_text (plan);
  g_autofree char *compact = compact_text (plan);
  g_autofree char *seats = g_strdup_printf ("%u", plan->seats->len);
  g_autofree char *capacity = g_strdup_printf ("%u", ts_seat_plan_ga_capacity (plan));
  g_autoptr(PGresult) inserted = NULL;

  inserted = ts_pg_exec (conn,
      "INSERT INTO theatre_map (outlet_id, name, plan, seat_count, ga_capacity, copied_from, compact)"
      " VALUES ($1::integer, $2, $3::jsonb, $4::integer, $5::integer, $6::integer, $7::jsonb) RETURNING id",
      7, (const char *[]) { outlet, plan->name, text, seats, capacity, copied_from, compact }, error);
  if (inserted == NULL)
    return FALSE;
  return answer_map (req, conn, 201, ts_pg_value (inserted, 0, 0), warnings, error);
}

/* The plan a request body describes, in any import format (M3); name, when
 * given, renames it. */
static TsSeatPlan *
plan_from_body (JsonObject  *body,
                GPtrArray   *warnings,
                GError     **error)
{
  const char *format, *name, *demo;
  gboolean repair = FALSE;
  g_autoptr(TsSeatPlan) plan = NULL;

  if (!ts_json_get_string (body, "format", TRUE, &format, NULL, error)
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_OPTIONAL, 200, &name, NULL, error)
      || !ts_json_get_bool (body, "repair_guids", FALSE, &repair, NULL, error)
      || !ts_json_get_string (body, "demo", FALSE, &demo, NULL, error))
    return NULL;

  if (g_str_equal (format, "pretix"))
    plan = ts_seat_plan_from_pretix (json_object_get_member (body, "plan"), repair, warnings, error);
  else if (g_str_equal (format, "seatsio"))
    plan = ts_seat_plan_from_seatsio (json_object_get_member (body, "plan"), warnings, error);
  else if (g_str_equal (format, "csv"))
    {
      const char *grid;

      if (!ts_json_get_string (body, "grid", TRUE, &grid, NULL, error))
        return NULL;
      plan = ts_seat_plan_from_csv (name ? name : "Hall", grid, error);
    }
  else if (g_str_equal (format, "generator"))
    {
      if (demo != NULL)
        {
          TsDemoVenue venue;
          g_autoptr(JsonNode) description = NULL;

          if (g_str_equal (demo, "studio"))
            venue = TS_DEMO_VENUE_STUDIO;
          else if (g_str_equal (demo, "opera"))
            venue = TS_DEMO_VENUE_OPERA;
          else if (g_str_equal (demo, "stadium"))
            venue = TS_DEMO_VENUE_STADIUM;
          else
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "demo: must be studio, opera or stadium");
              return NULL;
            }
          description = json_from_string (ts_seat_plan_demo_venue (venue), error);
          plan = description ? ts_seat_plan_generate (description, error) : NULL;
        }
      else
        plan = ts_seat_plan_generate (json_object_get_member (body, "description"), error);
    }
  else
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "format: must be pretix, seatsio, csv or generator");
      return NULL;
    }
  if (plan == NULL)
    return NULL;
  if (name != NULL && *name != '\0')
    {
      g_free (plan->name);
      plan->name = g_strdup (name);
    }
  if (plan->name == NULL || *plan->name == '\0')
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "name: the map needs a name");
      return NULL;
    }
  if (plan->seats->len == 0 && ts_seat_plan_ga_capacity (plan) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The plan has neither seats nor general-admission areas");
      return NULL;
    }
  return g_steal_pointer (&plan);
}

gboolean
ts_api_maps_create (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  static const char * const allowed[] = {
    "name", "format", "plan", "grid", "description", "demo", "repair_guids", "outlet_id", NULL
  };
  JsonObject *body;
  g_autofree char *outlet = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  if (!require_map_builder (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || (outlet = ts_policy_body_outlet (req, body, &map_owner, error)) == NULL
      || (plan = plan_from_body (body, warnings, error)) == NULL)
    return FALSE;
  return store_new_map (req, conn, outlet, plan, NULL, warnings, error);
}

/* Replaces a map's whole plan with a new import (M1, M3): the owner re-imports
 * a plan edited elsewhere; seats keep their GUIDs, and the database refuses
 * to drop a seat sold or held for a future performance (M4). */
gboolean
ts_api_map_replace_plan (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  static const char * const allowed[] = {
    "name", "format", "plan", "grid", "description", "demo", "repair_guids", NULL
  };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(TsSeatPlan) old_plan = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *text = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *capacity = NULL;
  JsonObject *body;

  if (!require_map_builder (req, error))
    return FALSE;
  old_plan = load_own_plan (req, conn, id, error);
  if (old_plan == NULL)
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL || (plan = plan_from_body (body, warnings, error)) == NULL)
    return FALSE;
  text = plan_text (plan);
  compact = compact_text (plan);
  seats = g_strdup_printf ("%u", plan->seats->len);
  capacity = g_strdup_printf ("%u", ts_seat_plan_ga_capacity (plan));
  updated = ts_pg_exec (conn,
      "UPDATE theatre_map SET name = $2, plan = $3::jsonb, compact = $4::jsonb, seat_count = $5::integer,"
      " ga_capacity = $6::integer WHERE id = $1::integer",
      6, (const char *[]) { id, plan->name, text, compact, seats, capacity }, error);
  if (updated == NULL)
    return FALSE;
  return answer_map (req, conn, 200, id, warnings, error);
}

static TsPlanSeat *
find_seat (TsSeatPlan *plan,
           GHashTable *index,
           const char *guid)
{
  if (g_hash_table_size (index) == 0)
    for (guint i = 0; i < plan->seats->len; i++)
      {
        TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);
        g_hash_table_insert (index, seat->guid, seat);
      }
  return g_hash_table_lookup (index, guid);
}

static gboolean
has_category (TsSeatPlan *plan,
              const char *name)
{
  for (guint i = 0; i < plan->categories->len; i++)
    if (g_strcmp0 (((TsPlanCategory *) g_ptr_array_index (plan->categories, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* M1: only the owning outlet (or the Master User) changes a map: names,
 * price categories and their colours, seat labels, categories and flags.
 * Seat GUIDs never change (M3). */
gboolean
ts_api_map_patch (TsRequest *req,
                  PGconn    *conn,
                  GError   **error)
{
  static const char * const allowed[] = { "name", "categories", "seats", "background_svg", NULL };
  static const char * const seat_allowed[] = { "guid", "row", "number", "category", "flags", "hold", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_autofree char *compact = NULL;
  g_autoptr(PGresult) updated = NULL;
  JsonObject *body;
  JsonNode *node;
  JsonArray *list;
  const char *name;

  if (!require_map_builder (req, error))
    return FALSE;
  plan = load_own_plan (req, conn, id, error);
  if (plan == NULL)
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL || !ts_json_field_text (body, "name", TS_JSON_FIELD_OPTIONAL, 200, &name, NULL, error))
    return FALSE;
  if (name != NULL)
    {
      if (*name == '\0')
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "name: cannot be empty");
          return FALSE;
        }
      g_free (plan->name);
      plan->name = g_strdup (name);
    }

  /* Every member is read with its type checked (issue 9: wrong types here
   * once logged GLib criticals), and a bad one is named. */
  if (!ts_json_get_array (body, "categories", FALSE, &list, error))
    return FALSE;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      static const char * const category_allowed[] = { "name", "color", NULL };
      g_autofree char *where = g_strdup_printf ("categories[%u]", i);
      JsonObject *c;
      const char *cname, *color;
      gboolean found = FALSE;

      if (!ts_json_element_object (list, i, where, &c, error))
        return FALSE;
      if (!ts_json_check_members (c, category_allowed, error)
          || !ts_json_field_text (c, "name", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 100, &cname, NULL, error)
          || !ts_json_get_string (c, "color", TRUE, &color, NULL, error))
        {
          g_prefix_error (error, "%s.", where);
          return FALSE;
        }
      if (!g_regex_match_simple ("^#[0-9A-Fa-f]{6}$", color, 0, 0))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s.color: must be a colour like #3584e4", where);
          return FALSE;
        }
      for (guint k = 0; k < plan->categories->len; k++)
        {
          TsPlanCategory *existing = g_ptr_array_index (plan->categories, k);

          if (g_str_equal (existing->name, cname))
            {
              g_free (existing->color);
              existing->color = g_strdup (color);
              found = TRUE;
            }
        }
      if (!found)
        ts_seat_plan_add_category (plan, cname, color);
    }

  if (!ts_json_get_array (body, "seats", FALSE, &list, error))
    return FALSE;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      g_autofree char *where = g_strdup_printf ("seats[%u]", i);
      JsonObject *s;
      const char *guid, *row, *number, *category;
      gboolean category_present, hold_present;
      JsonArray *flags;
      TsPlanSeat *seat;

      if (!ts_json_element_object (list, i, where, &s, error))
        return FALSE;
      if (!ts_json_check_members (s, seat_allowed, error)
          || !ts_json_get_string (s, "guid", TRUE, &guid, NULL, error)
          || !ts_json_field_text (s, "row", TS_JSON_FIELD_NOT_NULL, 40, &row, NULL, error)
          || !ts_json_field_text (s, "number", TS_JSON_FIELD_NOT_NULL, 40, &number, NULL, error)
          || !ts_json_get_string (s, "category", FALSE, &category, &category_present, error)
          || !ts_json_get_array (s, "flags", FALSE, &flags, error))
        {
          g_prefix_error (error, "%s.", where);
          return FALSE;
        }
      seat = find_seat (plan, index, guid);
      if (seat == NULL)
        {
          g_autofree char *quoted = ts_validate_quote (guid);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s.guid: no seat %s on this map", where, quoted);
          return FALSE;
        }
      if (category != NULL && !has_category (plan, category))
        {
          g_autofree char *quoted = ts_validate_quote (category);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "%s.category: %s is not one of the map's categories", where, quoted);
          return FALSE;
        }
      if (row != NULL)
        {
          g_free (seat->row);
          seat->row = g_strdup (row);
        }
      if (number != NULL)
        {
          g_free (seat->number);
          seat->number = g_strdup (number);
        }
      if (category_present)
        {
          g_free (seat->category);
          seat->category = g_strdup (category);
        }
      /* M1, M8: a default hold letter set on every new performance; null removes it */
      hold_present = json_object_has_member (s, "hold");
      if (hold_present)
        {
          JsonNode *hold = json_object_get_member (s, "hold");
          const char *letter = JSON_NODE_HOLDS_VALUE (hold) && json_node_get_value_type (hold) == G_TYPE_STRING
                               ? json_node_get_string (hold) : NULL;

          if (JSON_NODE_HOLDS_NULL (hold))
            seat->hold = 0;
          else if (letter != NULL && letter[0] >= 'a' && letter[0] <= 'z' && letter[1] == '\0')
            seat->hold = letter[0];
          else
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s.hold: a hold letter a–z, or null", where);
              return FALSE;
            }
        }
      if (flags != NULL)
        {
          TsSeatFlags value = 0;

          for (guint k = 0; k < json_array_get_length (flags); k++)
            {
              g_autofree char *flag_where = g_strdup_printf ("%s.flags[%u]", where, k);
              const char *flag;

              if (!ts_json_element_string (flags, k, flag_where, &flag, error))
                return FALSE;
              if (g_str_equal (flag, "wheelchair"))
                value |= TS_SEAT_WHEELCHAIR;
              else if (g_str_equal (flag, "companion"))
                value |= TS_SEAT_COMPANION;
              else if (g_str_equal (flag, "restricted_view"))
                value |= TS_SEAT_RESTRICTED_VIEW;
              else
                {
                  g_autofree char *quoted = ts_validate_quote (flag);

                  g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                               "%s: %s is not wheelchair, companion or restricted_view", flag_where, quoted);
                  return FALSE;
                }
            }
          seat->flags = value;
        }
    }

  node = json_object_get_member (body, "background_svg");
  if (node != NULL)
    {
      const char *svg = NULL;
      g_autoptr(PGresult) background = NULL;

      if (!JSON_NODE_HOLDS_NULL (node)
          && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "background_svg: must be an SVG document or null");
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_NULL (node))
        svg = json_node_get_string (node);
      if (svg != NULL && (*svg == '\0' || !ts_validate_svg ("background_svg", svg, 2 * 1024 * 1024, error)))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "background_svg: is empty");
          return FALSE;
        }
      background = ts_pg_exec (conn, "UPDATE theatre_map SET background_svg = $2 WHERE id = $1::integer",
                               2, (const char *[]) { id, svg }, error);
      if (background == NULL)
        return FALSE;
    }

  text = plan_text (plan);
  compact = compact_text (plan);
  updated = ts_pg_exec (conn, "UPDATE theatre_map SET name = $2, plan = $3::jsonb, compact = $4::jsonb WHERE id = $1::integer",
                        4, (const char *[]) { id, plan->name, text, compact }, error);
  if (updated == NULL)
    return FALSE;
  node = map_summary (conn, id, error);
  return ts_request_answer (req, 200, node);
}

/* M2: the Master User duplicates a map and gives the copy to an outlet,
 * which may then change it freely; the copies are independent. */
gboolean
ts_api_map_duplicate (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  static const char * const allowed[] = { "outlet_id", "name", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;
  JsonObject *body;
  const char *name;
  gint64 target;

  if (!ts_policy_require_master (req, "duplicate a theatre map and assign the copy", error))  /* M2 */
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_id (body, "outlet_id", TS_JSON_FIELD_REQUIRED, &target, NULL, error)
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_OPTIONAL, 200, &name, NULL, error))
    return FALSE;
  plan = load_plan (conn, id, NULL, error);
  if (plan == NULL)
    return FALSE;
  if (name != NULL && *name != '\0')
    {
      g_free (plan->name);
      plan->name = g_strdup (name);
    }
  outlet = g_strdup_printf ("%" G_GINT64_FORMAT, target);
  return store_new_map (req, conn, outlet, plan, id, NULL, error);
}
