/* ts-api-events.c — events and their performances, set up by the owning
 * outlet (rules E1, E2, E3, E5, C4, K1)
 *
 * Another outlet's events are invisible: row-level security hides them and
 * every query also filters on the caller's outlet (P7), so asking for one
 * answers not_found, which reveals nothing (E1).  Other outlets reach the
 * performances they may sell through the selling API only (E4). */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-outlet-table.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

#define EVENT_JSON \
  "jsonb_build_object ('id', e.id, 'outlet_id', e.outlet_id, 'name', e.name," \
  "  'description', e.description, 'map_id', e.map_id, 'face_id', e.face_id, 'reentry', e.reentry," \
  "  'map', jsonb_build_object ('id', m.id, 'name', m.name, 'seat_count', m.seat_count," \
  "                             'ga_capacity', m.ga_capacity)," \
  "  'partner_company_ids', coalesce ((SELECT jsonb_agg (ep.partner_company_id ORDER BY ep.partner_company_id)" \
  "                                    FROM event_partner_company ep WHERE ep.event_id = e.id), '[]')," \
  "  'partner_companies', coalesce ((SELECT jsonb_agg (jsonb_build_object ('id', c.id, 'name', c.name," \
  "                                                   'collect_preferences', c.collect_preferences)" \
  "                                                   ORDER BY lower (c.name), c.id)" \
  "                                  FROM event_partner_company ep JOIN partner_company c ON c.id = ep.partner_company_id" \
  "                                 WHERE ep.event_id = e.id), '[]')," \
  "  'created_at', e.created_at, 'updated_at', e.updated_at)"

/* The owner's whole view of a performance: sales windows (E2), the outlets
 * allowed to sell it (E3), capacity, advance limit and the running counts
 * (E5).  seats_left is the room under the advance limit (T2). */
#define PERFORMANCE_JSON \
  "jsonb_build_object ('id', p.id, 'event_id', p.event_id, 'outlet_id', p.outlet_id," \
  "  'event_name', (SELECT ev.name FROM event ev WHERE ev.id = p.event_id)," \
  "  'starts_at', p.starts_at, 'capacity', p.capacity, 'advance_limit', p.advance_limit," \
  "  'status', p.status," \
  "  'box_office_on_sale', p.box_office_on_sale, 'box_office_off_sale', p.box_office_off_sale," \
  "  'internet_on_sale', p.internet_on_sale, 'internet_off_sale', p.internet_off_sale," \
  "  'outlets_on_sale', p.outlets_on_sale, 'outlets_off_sale', p.outlets_off_sale," \
  "  'allow_other_outlets', p.allow_other_outlets, 'online_at_other_outlets', p.online_at_other_outlets," \
  "  'permitted_outlets', coalesce ((SELECT jsonb_agg (s.outlet_id ORDER BY s.outlet_id)" \
  "                                  FROM performance_seller s WHERE s.performance_id = p.id), '[]')," \
  "  'claimed', p.claimed, 'sold', p.sold, 'seats_left', greatest (0, p.advance_limit - p.claimed)," \
  "  'created_at', p.created_at, 'updated_at', p.updated_at)"

/* A house larger than any stadium is a typing mistake. */
#define MAX_CAPACITY 1000000

/* The event with its performances, soonest first; the list (E1: the
 * caller's own outlet's events only, the Master User's all or one outlet's)
 * with the span of their performances. */
static const TsOutletTable events = {
  "event",
  TS_OUTLET_TABLE_OWNER_SQL ("event"),
  "SELECT " EVENT_JSON " || jsonb_build_object ('performances', coalesce (("
  "         SELECT jsonb_agg (" PERFORMANCE_JSON " ORDER BY p.starts_at, p.id)"
  "           FROM performance p WHERE p.event_id = e.id), '[]'))"
  "  FROM event e JOIN theatre_map m ON m.id = e.map_id WHERE e.id = $1::integer",
  TS_SQL_JSON_LIST ("events",
                    EVENT_JSON " || jsonb_build_object ('performance_count', s.n, 'first_starts_at', s.first,"
                    "                                  'last_starts_at', s.last)",
                    "s.first NULLS LAST, e.name, e.id")
  "  FROM event e JOIN theatre_map m ON m.id = e.map_id"
  "  CROSS JOIN LATERAL (SELECT count (*) AS n, min (p.starts_at) AS first, max (p.starts_at) AS last"
  "                        FROM performance p WHERE p.event_id = e.id) s"
  " WHERE $1::integer IS NULL OR e.outlet_id = $1::integer",
};

static const TsOutletTable performances = {
  "performance",
  TS_OUTLET_TABLE_OWNER_SQL ("performance"),
  "SELECT " PERFORMANCE_JSON " FROM performance p WHERE p.id = $1::integer",
  NULL,
};

/* E1: the Master User names the outlet whose season an event is in. */
static const TsOutletRule event_owner = {
  TS_POLICY_NAMES_THE_OWNER, "An outlet sets up its own season only"  /* E1 */
};

/* Events ----------------------------------------------------------------- */

/* F1: the body's "face_id" (null: the owner's default face), which must be a
 * face of the event's own outlet; another outlet's is named like an unknown
 * one.  *out_face stays NULL when absent or null. */
static gboolean
read_face (PGconn      *conn,
           JsonObject  *body,
           const char  *outlet,
           char       **out_face,
           gboolean    *out_present,
           GError     **error)
{
  gint64 face_id = 0;
  g_autoptr(PGresult) face = NULL;

  *out_face = NULL;
  if (!ts_json_field_id (body, "face_id", TS_JSON_FIELD_OPTIONAL, &face_id, out_present, error))
    return FALSE;
  if (face_id <= 0)
    return TRUE;
  *out_face = g_strdup_printf ("%" G_GINT64_FORMAT, face_id);
  face = ts_pg_exec (conn,
      "SELECT 1 FROM ticket_face WHERE id = $1::integer AND outlet_id = $2::integer",
      2, (const char *[]) { *out_face, outlet }, error);
  if (face == NULL)
    return FALSE;
  if (PQntuples (face) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "face_id: no such ticket face");  /* F1 */
      return FALSE;
    }
  return TRUE;
}

/* K1: the body's "partner_company_ids", the event's whole set of partners,
 * each a partner company of the event's own outlet (another outlet's is
 * named like an unknown one, P4); *out_ids is the set as an SQL integer[],
 * NULL when absent. */
static gboolean
read_partners (PGconn      *conn,
               JsonObject  *body,
               const char  *outlet,
               char       **out_ids,
               GError     **error)
{
  JsonArray *ids;
  g_autoptr(GString) array = g_string_new ("{");
  g_autoptr(PGresult) found = NULL;

  *out_ids = NULL;
  if (!ts_json_get_array (body, "partner_company_ids", FALSE, &ids, error))
    return FALSE;
  if (ids == NULL)
    return TRUE;
  if (json_array_get_length (ids) > 100)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "partner_company_ids: at most 100 partner companies");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autofree char *where = g_strdup_printf ("partner_company_ids[%u]", i);
      gint64 id;

      if (!ts_json_element_int (ids, i, where, 1, G_MAXINT32, &id, error))
        return FALSE;
      g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i ? "," : "", id);
    }
  g_string_append_c (array, '}');
  found = ts_pg_exec (conn,
      "SELECT count (*) = cardinality (ARRAY (SELECT DISTINCT unnest ($1::integer[])))"
      "  FROM partner_company WHERE id = ANY ($1::integer[]) AND outlet_id = $2::integer",
      2, (const char *[]) { array->str, outlet }, error);
  if (found == NULL)
    return FALSE;
  if (!g_str_equal (ts_pg_value (found, 0, 0), "t"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "partner_company_ids: no such partner company");  /* P4 */
      return FALSE;
    }
  *out_ids = g_string_free (g_steal_pointer (&array), FALSE);
  return TRUE;
}

/* K1: the event's partners become the set given; only the differences are
 * written, so the audit shows what changed (R1). */
static gboolean
store_partners (PGconn      *conn,
                const char  *event,
                const char  *ids,
                GError     **error)
{
  g_autoptr(PGresult) removed = NULL;
  g_autoptr(PGresult) added = NULL;

  if (ids == NULL)
    return TRUE;
  removed = ts_pg_exec (conn,
      "DELETE FROM event_partner_company WHERE event_id = $1::integer AND NOT partner_company_id = ANY ($2::integer[])",
      2, (const char *[]) { event, ids }, error);
  if (removed == NULL)
    return FALSE;
  added = ts_pg_exec (conn,
      "INSERT INTO event_partner_company (event_id, partner_company_id)"
      " SELECT $1::integer, unnest ($2::integer[]) ON CONFLICT DO NOTHING",
      2, (const char *[]) { event, ids }, error);
  return added != NULL;
}

gboolean
ts_api_events_list (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  return ts_policy_require_setup_reader (req, error)
         && ts_outlet_table_answer_list (req, conn, &events, error);
}

gboolean
ts_api_event_get (TsRequest *req,
                  PGconn    *conn,
                  GError   **error)
{
  return ts_policy_require_setup_reader (req, error)
         && ts_outlet_table_answer_row (req, conn, &events, error);
}

gboolean
ts_api_events_create (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  static const char * const allowed[] = {
    "name", "description", "map_id", "outlet_id", "face_id", "reentry", "partner_company_ids", NULL
  };
  JsonObject *body;
  const char *name, *description;
  gint64 map_id;
  gboolean reentry, reentry_present;
  g_autofree char *outlet = NULL;
  g_autofree char *map = NULL;
  g_autofree char *face = NULL;
  g_autofree char *partners = NULL;
  g_autoptr(PGresult) inserted = NULL;

  if (!ts_policy_require_season_setup (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  /* the map's id says "between 1 and …" when out of range, as it always has */
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 200, &name, NULL, error)
      || !ts_json_field_text (body, "description", TS_JSON_FIELD_OPTIONAL, 4000, &description, NULL, error)
      || !ts_json_field_int (body, "map_id", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_NULL, 1, G_MAXINT32,
                             &map_id, NULL, error)
      || !ts_json_check_not_null (body, "reentry", error)
      || !ts_json_get_bool (body, "reentry", FALSE, &reentry, &reentry_present, error)
      || (outlet = ts_policy_body_outlet (req, body, &event_owner, error)) == NULL
      || !read_face (conn, body, outlet, &face, NULL, error)
      || !read_partners (conn, body, outlet, &partners, error))
    return FALSE;
  map = g_strdup_printf ("%" G_GINT64_FORMAT, map_id);

  /* M1: any outlet's map will do; a missing one is named by the foreign key.
   * F5: re-entry is off unless the event says otherwise. */
  inserted = ts_pg_exec (conn,
      "INSERT INTO event (outlet_id, name, description, map_id, face_id, reentry)"
      " VALUES ($1::integer, $2, coalesce ($3, ''), $4::integer, $5::integer, $6::boolean) RETURNING id",
      6, (const char *[]) { outlet, name, description, map, face, reentry ? "t" : "f" }, error);
  if (inserted == NULL || !store_partners (conn, ts_pg_value (inserted, 0, 0), partners, error))
    return FALSE;
  return ts_request_answer (req, 201, ts_outlet_table_json (conn, &events, ts_pg_value (inserted, 0, 0), error));
}

gboolean
ts_api_event_patch (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  static const char * const allowed[] = { "name", "description", "map_id", "face_id", "reentry", "partner_company_ids", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *map = NULL;
  g_autofree char *outlet = NULL;
  g_autofree char *face = NULL;
  g_autofree char *partners = NULL;
  JsonObject *body;
  const char *name, *description;
  gboolean description_present, map_present, face_present = FALSE, reentry, reentry_present;
  gint64 map_id;
  g_autoptr(PGresult) updated = NULL;

  if (!ts_policy_require_season_setup (req, error)
      || (outlet = ts_outlet_table_owner (req, conn, &events, id, error)) == NULL)
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_NOT_NULL | TS_JSON_FIELD_NOT_BLANK, 200, &name, NULL, error)
      || !ts_json_field_text (body, "description", TS_JSON_FIELD_OPTIONAL, 4000, &description, &description_present,
                              error)
      || !ts_json_field_int (body, "map_id", TS_JSON_FIELD_NOT_NULL, 1, G_MAXINT32, &map_id, &map_present, error)
      || !read_face (conn, body, outlet, &face, &face_present, error)
      || !ts_json_check_not_null (body, "reentry", error)
      || !ts_json_get_bool (body, "reentry", FALSE, &reentry, &reentry_present, error)
      || !read_partners (conn, body, outlet, &partners, error))
    return FALSE;
  if (map_present)
    map = g_strdup_printf ("%" G_GINT64_FORMAT, map_id);

  if (map != NULL)
    {
      /* M4: sold and held seats are seats of the current map */
      g_autoptr(PGresult) busy = ts_pg_exec (conn,
          "SELECT 1 FROM event e JOIN performance p ON p.event_id = e.id"
          " WHERE e.id = $1::integer AND e.map_id <> $2::integer AND (p.claimed > 0 OR p.sold > 0) LIMIT 1",
          2, (const char *[]) { id, map }, error);

      if (busy == NULL)
        return FALSE;
      if (PQntuples (busy) > 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                       "map_id: this event's performances have sales or holds on its map, "
                       "so the map cannot change");  /* M4 */
          return FALSE;
        }
    }

  updated = ts_pg_exec (conn,
      "UPDATE event SET name = coalesce ($2, name),"
      "  description = CASE WHEN $3::boolean THEN coalesce ($4, '') ELSE description END,"
      "  map_id = coalesce ($5::integer, map_id),"
      "  face_id = CASE WHEN $6::boolean THEN $7::integer ELSE face_id END,"
      "  reentry = coalesce ($8::boolean, reentry)"  /* F5 */
      " WHERE id = $1::integer",
      8, (const char *[]) { id, name, description_present ? "t" : "f", description, map,
                            face_present ? "t" : "f", face,
                            reentry_present ? (reentry ? "t" : "f") : NULL }, error);
  if (updated == NULL || !store_partners (conn, id, partners, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &events, id, error));
}

/* Performances ------------------------------------------------------------ */

/* The fields of a performance a body may set, in the order of the SQL
 * parameters below. */
enum
{
  F_STARTS_AT,
  F_CAPACITY,
  F_ADVANCE_LIMIT,
  F_STATUS,
  F_BOX_OFFICE_ON,      /* E2: three sales windows, NULL on-sale = not open */
  F_BOX_OFFICE_OFF,
  F_INTERNET_ON,
  F_INTERNET_OFF,
  F_OUTLETS_ON,
  F_OUTLETS_OFF,
  F_ALLOW_OTHER_OUTLETS,
  F_ONLINE_AT_OTHER_OUTLETS,  /* F3: and at their storefronts, inside the internet window too */
  N_PERFORMANCE_FIELDS
};

static const char * const performance_fields[] = {
  "starts_at", "capacity", "advance_limit", "status",
  "box_office_on_sale", "box_office_off_sale", "internet_on_sale", "internet_off_sale",
  "outlets_on_sale", "outlets_off_sale", "allow_other_outlets", "online_at_other_outlets",
  "permitted_outlets", NULL
};

typedef struct
{
  char      *present[N_PERFORMANCE_FIELDS];   /* "t" / "f" */
  char      *value[N_PERFORMANCE_FIELDS];     /* SQL text; NULL when absent or cleared */
  GArray    *sellers;                         /* gint64 outlet ids; NULL: not given */
} PerformanceInput;

static void
performance_input_clear (PerformanceInput *input)
{
  for (guint i = 0; i < N_PERFORMANCE_FIELDS; i++)
    {
      g_free (input->present[i]);
      g_free (input->value[i]);
    }
  g_clear_pointer (&input->sellers, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PerformanceInput, performance_input_clear)

/* E3: the outlets that may sell, when allowed (empty = every outlet). */
static gboolean
read_sellers (JsonObject        *body,
              PerformanceInput  *input,
              GError           **error)
{
  JsonNode *node = json_object_get_member (body, "permitted_outlets");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      input->sellers = g_array_new (FALSE, FALSE, sizeof (gint64));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "permitted_outlets: must be a list of outlet ids");
      return FALSE;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > 20)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "permitted_outlets: a consortium has at most 20 outlets");  /* C1 */
      return FALSE;
    }
  input->sellers = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;
      gboolean seen = FALSE;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64
          || (id = json_node_get_int (element)) < 1 || id > G_MAXINT32)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "permitted_outlets[%u]: must be an outlet's id", i);
          return FALSE;
        }
      for (guint k = 0; k < input->sellers->len; k++)
        seen = seen || g_array_index (input->sellers, gint64, k) == id;
      if (!seen)
        g_array_append_val (input->sellers, id);
    }
  return TRUE;
}

static gboolean
read_performance (JsonObject        *body,
                  gboolean           creating,
                  PerformanceInput  *input,
                  GError           **error)
{
  for (guint i = 0; i < N_PERFORMANCE_FIELDS; i++)
    {
      const char *name = performance_fields[i];
      gboolean present = FALSE;

      if (i >= F_BOX_OFFICE_ON && i <= F_OUTLETS_OFF)
        {
          const char *text;

          /* null closes the window again */
          if (!ts_json_get_string (body, name, FALSE, &text, &present, error)
              || (text != NULL && !ts_validate_timestamp (name, text, error)))
            return FALSE;
          input->value[i] = g_strdup (text);
        }
      else if (!ts_json_check_not_null (body, name, error))
        return FALSE;
      else if (i == F_STARTS_AT)
        {
          const char *text;

          if (!ts_json_get_string (body, name, creating, &text, &present, error)
              || (text != NULL && !ts_validate_timestamp (name, text, error)))
            return FALSE;
          input->value[i] = g_strdup (text);
        }
      else if (i == F_CAPACITY || i == F_ADVANCE_LIMIT)
        {
          gint64 count;

          if (!ts_json_get_int (body, name, FALSE, &count, &present, error)
              || (present && !ts_validate_int_range (name, count, 0, MAX_CAPACITY, error)))
            return FALSE;
          input->value[i] = present ? g_strdup_printf ("%" G_GINT64_FORMAT, count) : NULL;
        }
      else if (i == F_STATUS)
        {
          const char *status;

          /* E5: postponed or cancelled rather than deleted */
          if (!ts_json_get_string (body, name, FALSE, &status, &present, error))
            return FALSE;
          if (status != NULL && !g_str_equal (status, "scheduled") && !g_str_equal (status, "postponed")
              && !g_str_equal (status, "cancelled"))
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                           "status: must be scheduled, postponed or cancelled");  /* E5 */
              return FALSE;
            }
          input->value[i] = g_strdup (status);
        }
      else
        {
          gboolean allow;

          /* E3, F3: off unless switched on */
          if (!ts_json_get_bool (body, name, FALSE, &allow, &present, error))
            return FALSE;
          input->value[i] = present ? g_strdup (allow ? "t" : "f") : NULL;
        }
      input->present[i] = g_strdup (present ? "t" : "f");
    }
  return read_sellers (body, input, error);
}

/* E3: each permitted outlet exists and is not the owner, which always sells
 * its own performances.  The list replaces the stored one. */
static gboolean
store_sellers (PGconn            *conn,
               const char        *performance,
               const char        *owner,
               PerformanceInput  *input,
               GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *list_text = NULL;
  g_autoptr(PGresult) removed = NULL;
  g_autoptr(PGresult) added = NULL;
  gint64 owner_id = g_ascii_strtoll (owner, NULL, 10);

  if (input->sellers == NULL)
    return TRUE;
  json_builder_begin_array (builder);
  for (guint i = 0; i < input->sellers->len; i++)
    {
      gint64 id = g_array_index (input->sellers, gint64, i);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autoptr(PGresult) found = NULL;

      if (id == owner_id)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "permitted_outlets: the owning outlet always sells its own performances; "
                       "list other outlets only");  /* E3 */
          return FALSE;
        }
      found = ts_pg_exec (conn, "SELECT 1 FROM outlet WHERE id = $1::integer", 1, (const char *[]) { text }, error);
      if (found == NULL)
        return FALSE;
      if (PQntuples (found) == 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "permitted_outlets: no outlet has the id %" G_GINT64_FORMAT, id);
          return FALSE;
        }
      json_builder_add_int_value (builder, id);
    }
  json_builder_end_array (builder);
  list = json_builder_get_root (builder);
  list_text = json_to_string (list, FALSE);

  /* only the differences, so the audit shows what changed (R1) */
  removed = ts_pg_exec (conn,
      "DELETE FROM performance_seller WHERE performance_id = $1::integer"
      "   AND outlet_id NOT IN (SELECT value::integer FROM jsonb_array_elements_text ($2::jsonb))",
      2, (const char *[]) { performance, list_text }, error);
  if (removed == NULL)
    return FALSE;
  added = ts_pg_exec (conn,
      "INSERT INTO performance_seller (performance_id, outlet_id)"
      " SELECT $1::integer, value::integer FROM jsonb_array_elements_text ($2::jsonb)"
      " ON CONFLICT DO NOTHING",
      2, (const char *[]) { performance, list_text }, error);
  return added != NULL;
}

gboolean
ts_api_performances_create (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  g_autofree char *event = ts_request_id_string (req, 0);
  g_autofree char *owner = NULL;
  g_auto(PerformanceInput) input = { { 0 } };
  g_autoptr(PGresult) inserted = NULL;
  JsonObject *body;
  const char **v = (const char **) input.value;

  if (!ts_policy_require_season_setup (req, error)
      || (owner = ts_outlet_table_owner (req, conn, &events, event, error)) == NULL)
    return FALSE;
  body = ts_request_body (req, performance_fields, error);
  if (body == NULL || !read_performance (body, TRUE, &input, error))
    return FALSE;

  /* E5: the house holds the map's seats and general-admission places unless
   * told otherwise, and the advance limit is the whole house.  E2, E3:
   * nothing is on sale and other outlets may not sell until set so.  The
   * table's constraints order the windows and keep the limit within the
   * capacity (their messages name the field). */
  inserted = ts_pg_exec (conn,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, status,"
      "                         box_office_on_sale, box_office_off_sale, internet_on_sale, internet_off_sale,"
      "                         outlets_on_sale, outlets_off_sale, allow_other_outlets, online_at_other_outlets)"
      " SELECT e.id, e.outlet_id, $2::timestamptz, coalesce ($3::integer, m.seat_count + m.ga_capacity),"
      "        coalesce ($4::integer, $3::integer, m.seat_count + m.ga_capacity), coalesce ($5, 'scheduled'),"
      "        $6::timestamptz, $7::timestamptz, $8::timestamptz, $9::timestamptz,"
      "        $10::timestamptz, $11::timestamptz, coalesce ($12::boolean, false), coalesce ($13::boolean, false)"
      "   FROM event e JOIN theatre_map m ON m.id = e.map_id WHERE e.id = $1::integer"
      " RETURNING id",
      13, (const char *[]) { event, v[F_STARTS_AT], v[F_CAPACITY], v[F_ADVANCE_LIMIT], v[F_STATUS],
                             v[F_BOX_OFFICE_ON], v[F_BOX_OFFICE_OFF], v[F_INTERNET_ON], v[F_INTERNET_OFF],
                             v[F_OUTLETS_ON], v[F_OUTLETS_OFF], v[F_ALLOW_OTHER_OUTLETS],
                             v[F_ONLINE_AT_OTHER_OUTLETS] },
      error);
  if (inserted == NULL || !store_sellers (conn, ts_pg_value (inserted, 0, 0), owner, &input, error))
    return FALSE;
  return ts_request_answer (req, 201,
                            ts_outlet_table_json (conn, &performances, ts_pg_value (inserted, 0, 0), error));
}

gboolean
ts_api_performance_get (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  return ts_policy_require_setup_reader (req, error)
         && ts_outlet_table_answer_row (req, conn, &performances, error);
}

gboolean
ts_api_performance_patch (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *owner = NULL;
  g_auto(PerformanceInput) input = { { 0 } };
  g_autoptr(PGresult) updated = NULL;
  JsonObject *body;
  const char **v = (const char **) input.value;
  const char **p = (const char **) input.present;

  if (!ts_policy_require_season_setup (req, error)
      || (owner = ts_outlet_table_owner (req, conn, &performances, id, error)) == NULL)
    return FALSE;
  body = ts_request_body (req, performance_fields, error);
  if (body == NULL || !read_performance (body, FALSE, &input, error))
    return FALSE;

  /* Absent fields keep their values; a window given as null closes.  When
   * no house seats were held back (the limit was the whole house), the
   * advance limit follows a new capacity (E5). */
  updated = ts_pg_exec (conn,
      "UPDATE performance SET"
      "  starts_at = coalesce ($2::timestamptz, starts_at),"
      "  capacity = coalesce ($3::integer, capacity),"
      "  advance_limit = CASE WHEN $4::integer IS NOT NULL THEN $4::integer"
      "                       WHEN $3::integer IS NOT NULL AND advance_limit = capacity THEN $3::integer"
      "                       ELSE advance_limit END,"
      "  status = coalesce ($5, status),"
      "  box_office_on_sale = CASE WHEN $6::boolean THEN $7::timestamptz ELSE box_office_on_sale END,"
      "  box_office_off_sale = CASE WHEN $8::boolean THEN $9::timestamptz ELSE box_office_off_sale END,"
      "  internet_on_sale = CASE WHEN $10::boolean THEN $11::timestamptz ELSE internet_on_sale END,"
      "  internet_off_sale = CASE WHEN $12::boolean THEN $13::timestamptz ELSE internet_off_sale END,"
      "  outlets_on_sale = CASE WHEN $14::boolean THEN $15::timestamptz ELSE outlets_on_sale END,"
      "  outlets_off_sale = CASE WHEN $16::boolean THEN $17::timestamptz ELSE outlets_off_sale END,"
      "  allow_other_outlets = coalesce ($18::boolean, allow_other_outlets),"
      "  online_at_other_outlets = coalesce ($19::boolean, online_at_other_outlets)"
      " WHERE id = $1::integer",
      19, (const char *[]) { id, v[F_STARTS_AT], v[F_CAPACITY], v[F_ADVANCE_LIMIT], v[F_STATUS],
                             p[F_BOX_OFFICE_ON], v[F_BOX_OFFICE_ON], p[F_BOX_OFFICE_OFF], v[F_BOX_OFFICE_OFF],
                             p[F_INTERNET_ON], v[F_INTERNET_ON], p[F_INTERNET_OFF], v[F_INTERNET_OFF],
                             p[F_OUTLETS_ON], v[F_OUTLETS_ON], p[F_OUTLETS_OFF], v[F_OUTLETS_OFF],
                             v[F_ALLOW_OTHER_OUTLETS], v[F_ONLINE_AT_OTHER_OUTLETS] },
      error);
  if (updated == NULL || !store_sellers (conn, id, owner, &input, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &performances, id, error));
}

/* E5: a performance with sales or holds cannot be deleted (the table's
 * trigger refuses it: conflict); it is cancelled instead. */
gboolean
ts_api_performance_delete (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(PGresult) deleted = NULL;

  if (!ts_policy_require_season_setup (req, error)
      || !ts_outlet_table_check (req, conn, &performances, id, error))
    return FALSE;
  deleted = ts_pg_exec (conn, "DELETE FROM performance WHERE id = $1::integer", 1, (const char *[]) { id }, error);
  return deleted != NULL && ts_request_answer_no_content (req);
}
