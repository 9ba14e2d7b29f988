/* ts-api-faces.c — ticket faces: an outlet's own SVG templates, set up by
 * its Box Office Managers, duplicated to another outlet by the Master User
 * only, and the sample ticket the editor previews with (rules F1, F2, C2,
 * C4, M2)
 *
 * Faces are never shared (F1): row-level security hides another outlet's,
 * and every query also filters on the caller's outlet (P7), so another
 * outlet's face answers exactly like an unknown id. */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-face.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-outlet-table.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-printed-tickets.h"
#include "ts-validate.h"

/* "events": the events that chose the face (an event without a choice
 * prints with its outlet's default). */
#define FACE_JSON \
  "jsonb_build_object ('id', f.id, 'outlet_id', f.outlet_id, 'name', f.name, 'is_default', f.is_default," \
  "  'width_mm', f.width_mm, 'height_mm', f.height_mm, 'copied_from', f.copied_from," \
  "  'events', coalesce ((SELECT jsonb_agg (jsonb_build_object ('id', e.id, 'name', e.name) ORDER BY e.name, e.id)" \
  "                         FROM event e WHERE e.face_id = f.id), '[]')," \
  "  'created_at', f.created_at, 'updated_at', f.updated_at)"

static const TsOutletTable faces = {
  "ticket face",
  TS_OUTLET_TABLE_OWNER_SQL ("ticket_face"),
  "SELECT " FACE_JSON " || jsonb_build_object ('svg', f.svg) FROM ticket_face f WHERE f.id = $1::integer",
  /* a plain list, as the contract of issue 12 has it */
  "SELECT coalesce (jsonb_agg (" FACE_JSON " ORDER BY f.outlet_id, f.is_default DESC, f.name, f.id), '[]')"
  "  FROM ticket_face f WHERE $1::integer IS NULL OR f.outlet_id = $1::integer",
};

/* F1: the Master User names the outlet a new face belongs to. */
static const TsOutletRule face_owner = {
  TS_POLICY_NAMES_THE_OWNER, "An outlet makes ticket faces for itself only"  /* F1 */
};

/* C4: ticket faces are the Box Office Manager's and up. */
static gboolean
require_face_designer (TsRequest  *req,
                       GError    **error)
{
  return ts_policy_require_level (req, TS_LEVEL_MANAGER,
                                  "Ticket faces are set up at the Box Office Manager level and above", error);  /* C4 */
}

/* The body's "svg", checked (F1: nothing outside it, no script, a printed
 * size), with that size as SQL text. */
static gboolean
read_svg (JsonObject  *body,
          gboolean     required,
          const char **out_svg,
          char       **out_width,
          char       **out_height,
          GError     **error)
{
  double width, height;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GError) refusal = NULL;

  if (!ts_json_get_string (body, "svg", required, out_svg, NULL, error))
    return FALSE;
  if (*out_svg == NULL)
    return TRUE;
  if (!ts_face_check (*out_svg, &refusal) || !ts_face_size_mm (*out_svg, &width, &height, &refusal))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "svg: %s", refusal->message);
      return FALSE;
    }
  *out_width = g_strdup (g_ascii_formatd (number, sizeof number, "%.2f", width));
  *out_height = g_strdup (g_ascii_formatd (number, sizeof number, "%.2f", height));
  return TRUE;
}

/* A name is the outlet's once (F1). */
static gboolean
check_name_free (PGconn      *conn,
                 const char  *outlet,
                 const char  *name,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(PGresult) taken = ts_pg_exec (conn,
      "SELECT 1 FROM ticket_face WHERE outlet_id = $1::integer AND lower (name) = lower ($2)"
      " AND ($3::integer IS NULL OR id <> $3::integer)",
      3, (const char *[]) { outlet, name, id }, error);

  if (taken == NULL)
    return FALSE;
  if (PQntuples (taken) > 0)
    {
      g_autofree char *quoted = ts_validate_quote (name);

      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "name: the outlet already has a ticket face called %s", quoted);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_face (TsRequest   *req,
             PGconn      *conn,
             const char  *outlet,
             const char  *name,
             const char  *svg,
             const char  *width,
             const char  *height,
             const char  *copied_from,
             GError     **error)
{
  g_autoptr(PGresult) inserted = NULL;

  if (!check_name_free (conn, outlet, name, NULL, error))
    return FALSE;
  inserted = ts_pg_exec (conn,
      "INSERT INTO ticket_face (outlet_id, name, svg, width_mm, height_mm, copied_from)"
      " VALUES ($1::integer, $2, $3, $4::numeric, $5::numeric, $6::integer) RETURNING id",
      6, (const char *[]) { outlet, name, svg, width, height, copied_from }, error);
  if (inserted == NULL)
    return FALSE;
  return ts_request_answer (req, 201, ts_outlet_table_json (conn, &faces, ts_pg_value (inserted, 0, 0), error));
}

/* Faces ------------------------------------------------------------------ */

gboolean
ts_api_faces_list (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  return require_face_designer (req, error)
         && ts_outlet_table_answer_list (req, conn, &faces, error);
}

gboolean
ts_api_face_get (TsRequest *req,
                 PGconn    *conn,
                 GError   **error)
{
  return require_face_designer (req, error)
         && ts_outlet_table_answer_row (req, conn, &faces, error);
}

gboolean
ts_api_faces_create (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  static const char * const allowed[] = { "name", "svg", "outlet_id", NULL };
  JsonObject *body;
  const char *name, *svg;
  g_autofree char *outlet = NULL;
  g_autofree char *width = NULL;
  g_autofree char *height = NULL;

  if (!require_face_designer (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 120, &name, NULL, error)
      || !read_svg (body, TRUE, &svg, &width, &height, error)
      || (outlet = ts_policy_body_outlet (req, body, &face_owner, error)) == NULL)
    return FALSE;
  return insert_face (req, conn, outlet, name, svg, width, height, NULL, error);
}

gboolean
ts_api_face_patch (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  static const char * const allowed[] = { "name", "svg", "is_default", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  g_autofree char *width = NULL;
  g_autofree char *height = NULL;
  g_autoptr(PGresult) updated = NULL;
  JsonObject *body;
  const char *name, *svg;
  gboolean is_default = FALSE, default_present = FALSE;

  if (!require_face_designer (req, error)
      || (outlet = ts_outlet_table_owner (req, conn, &faces, id, error)) == NULL)
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_NOT_NULL | TS_JSON_FIELD_NOT_BLANK, 120, &name, NULL, error)
      || !read_svg (body, FALSE, &svg, &width, &height, error)
      || !ts_json_get_bool (body, "is_default", FALSE, &is_default, &default_present, error))
    return FALSE;
  if (default_present && !is_default)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "is_default: make another face the default instead (an outlet always has one)");  /* F1 */
      return FALSE;
    }
  if (name != NULL && !check_name_free (conn, outlet, name, id, error))
    return FALSE;
  if (is_default)
    {
      /* one default per outlet: the old one gives way first */
      g_autoptr(PGresult) cleared = ts_pg_exec (conn,
          "UPDATE ticket_face SET is_default = false"
          " WHERE outlet_id = $1::integer AND is_default AND id <> $2::integer",
          2, (const char *[]) { outlet, id }, error);

      if (cleared == NULL)
        return FALSE;
    }
  updated = ts_pg_exec (conn,
      "UPDATE ticket_face SET name = coalesce ($2, name), svg = coalesce ($3, svg),"
      "  width_mm = coalesce ($4::numeric, width_mm), height_mm = coalesce ($5::numeric, height_mm),"
      "  is_default = is_default OR $6::boolean"
      " WHERE id = $1::integer",
      6, (const char *[]) { id, name, svg, width, height, is_default ? "t" : "f" }, error);
  if (updated == NULL)
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &faces, id, error));
}

gboolean
ts_api_face_delete (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(PGresult) face = NULL;
  g_autoptr(PGresult) deleted = NULL;
  gint64 events;

  if (!require_face_designer (req, error))
    return FALSE;
  face = ts_outlet_table_find (req, conn, &faces,
      "SELECT f.is_default, (SELECT count (*) FROM event e WHERE e.face_id = f.id)"
      "  FROM ticket_face f WHERE f.id = $1::integer AND ($2::integer IS NULL OR f.outlet_id = $2::integer)"
      "  FOR UPDATE OF f",
      id, error);
  if (face == NULL)
    return FALSE;
  if (g_str_equal (ts_pg_value (face, 0, 0), "t"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   "This is the outlet's default ticket face; make another face the default before deleting it");  /* F1 */
      return FALSE;
    }
  events = g_ascii_strtoll (ts_pg_value (face, 0, 1), NULL, 10);
  if (events > 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   "%" G_GINT64_FORMAT " event(s) print with this face; choose another face for them first", events);
      return FALSE;
    }
  deleted = ts_pg_exec (conn, "DELETE FROM ticket_face WHERE id = $1::integer", 1, (const char *[]) { id }, error);
  return deleted != NULL && ts_request_answer_no_content (req);
}

/* F1, M2: the Master User duplicates a face and gives the copy to an outlet,
 * which may then change it freely; the copies are independent. */
gboolean
ts_api_face_duplicate (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  static const char * const allowed[] = { "outlet_id", "name", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  g_autoptr(PGresult) source = NULL;
  g_autoptr(PGresult) target = NULL;
  g_autofree char *copy_name = NULL;
  JsonObject *body;
  const char *name;
  gint64 outlet_id;

  if (!ts_policy_require_master (req, "duplicate a ticket face and assign the copy", error))  /* F1, C2 */
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_id (body, "outlet_id", TS_JSON_FIELD_REQUIRED, &outlet_id, NULL, error)
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_NOT_BLANK, 120, &name, NULL, error))
    return FALSE;
  source = ts_outlet_table_find (req, conn, &faces,
      "SELECT name, svg, width_mm, height_mm FROM ticket_face"
      " WHERE id = $1::integer AND ($2::integer IS NULL OR outlet_id = $2::integer)",
      id, error);
  if (source == NULL)
    return FALSE;
  outlet = g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
  target = ts_pg_exec (conn, "SELECT 1 FROM outlet WHERE id = $1::integer", 1, (const char *[]) { outlet }, error);
  if (target == NULL)
    return FALSE;
  if (PQntuples (target) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "outlet_id: no such outlet");
      return FALSE;
    }
  if (name == NULL)
    {
      /* unnamed, the copy keeps the original's name, or says it is a copy
       * when the outlet has a face of that name (its default, say) */
      g_autoptr(PGresult) free_name = ts_pg_exec (conn,
          "SELECT c.n FROM (SELECT g.k, CASE WHEN g.k = 0 THEN $2::text WHEN g.k = 1 THEN $2::text || ' (copy)'"
          "                             ELSE $2::text || ' (copy ' || g.k::text || ')' END AS n"
          "                   FROM generate_series (0, 50) AS g (k)) c"
          " WHERE length (c.n) <= 120 AND NOT EXISTS (SELECT 1 FROM ticket_face f"
          "                                          WHERE f.outlet_id = $1::integer AND lower (f.name) = lower (c.n))"
          " ORDER BY c.k LIMIT 1",
          2, (const char *[]) { outlet, ts_pg_value (source, 0, 0) }, error);

      if (free_name == NULL)
        return FALSE;
      copy_name = g_strdup (PQntuples (free_name) == 1 ? ts_pg_value (free_name, 0, 0) : ts_pg_value (source, 0, 0));
      name = copy_name;
    }
  return insert_face (req, conn, outlet, name, ts_pg_value (source, 0, 1), ts_pg_value (source, 0, 2),
                      ts_pg_value (source, 0, 3), id, error);
}

/* The editor's live preview (F1): the values of the outlet's latest sold
 * ticket of its own events and its barcode, or made-up values when it has
 * sold none.  The client fills and draws the face itself. */
gboolean
ts_api_faces_sample (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  static const TsOutletRule sample_outlet = {
    "outlet_id: the Master User names the outlet whose ticket to show",
    "Another outlet's tickets are private to it"  /* P5 */
  };
  g_autofree char *outlet = NULL;

  if (!require_face_designer (req, error)
      || !ts_policy_query_outlet (req, &sample_outlet, &outlet, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_printed_tickets_sample (conn, outlet, error));
}
