/* ts-api-contact-points.c — adding, editing and retiring shared contact
 * points, and each outlet's own primary choice (P1, P2, P3) */
#include "ts-api.h"
#include "ts-contact-point-input.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"

typedef struct
{
  char                *patron_id;
  TsContactPointInput *values;
} Point;

static void
point_clear (Point *point)
{
  g_free (point->patron_id);
  g_clear_pointer (&point->values, ts_contact_point_input_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Point, point_clear)

static gboolean
load_point (PGconn      *conn,
            const char  *id,
            Point       *point,
            GError     **error)
{
  g_autoptr(PGresult) result = ts_row_lookup (conn, "contact point",
      "SELECT patron_id, kind, label, value, line1, line2, city, region, postal_code, country"
      "  FROM contact_point WHERE id = $1::bigint AND retired_at IS NULL",
      1, (const char *[]) { id }, error);

  if (result == NULL)
    return FALSE;
  point->patron_id = g_strdup (ts_pg_value (result, 0, 0));
  point->values = g_new0 (TsContactPointInput, 1);
  point->values->kind = g_strdup (ts_pg_value (result, 0, 1));
  point->values->label = g_strdup (ts_pg_value (result, 0, 2));
  point->values->value = g_strdup (ts_pg_value (result, 0, 3));
  point->values->line1 = g_strdup (ts_pg_value (result, 0, 4));
  point->values->line2 = g_strdup (ts_pg_value (result, 0, 5));
  point->values->city = g_strdup (ts_pg_value (result, 0, 6));
  point->values->region = g_strdup (ts_pg_value (result, 0, 7));
  point->values->postal_code = g_strdup (ts_pg_value (result, 0, 8));
  point->values->country = g_strdup (ts_pg_value (result, 0, 9));
  return TRUE;
}

/* P3: an edit that changes nothing stores nothing. */
static gboolean
same_values (const TsContactPointInput *a,
             const TsContactPointInput *b)
{
  return g_strcmp0 (a->label, b->label) == 0
         && g_strcmp0 (a->value, b->value) == 0
         && g_strcmp0 (a->line1, b->line1) == 0
         && g_strcmp0 (a->line2, b->line2) == 0
         && g_strcmp0 (a->city, b->city) == 0
         && g_strcmp0 (a->region, b->region) == 0
         && g_strcmp0 (a->postal_code, b->postal_code) == 0
         && g_strcmp0 (a->country, b->country) == 0;
}

/* A yes-or-no question about a point for the caller's outlet: sql with $1
 * the point and $2 the outlet (NULL for the Master User). */
static gboolean
ask_about_point (TsRequest   *req,
                 PGconn      *conn,
                 const char  *sql,
                 const char  *point_id,
                 gboolean    *out_yes,
                 GError     **error)
{
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autoptr(PGresult) result = ts_pg_exec (conn, sql, 2, (const char *[]) { point_id, outlet }, error);

  if (result == NULL)
    return FALSE;
  *out_yes = g_strcmp0 (ts_pg_value (result, 0, 0), "t") == 0;
  return TRUE;
}

/* Is the point already the caller's outlet's primary of its kind (its own
 * choice, or the creator's it follows, P2)? */
static gboolean
is_primary_for_caller (TsRequest   *req,
                       PGconn      *conn,
                       const char  *point_id,
                       gboolean    *out_primary,
                       GError     **error)
{
  return ask_about_point (req, conn,
                          "SELECT (ts_effective_primary ($2::integer, cp.patron_id, cp.kind)).contact_point_id = cp.id"
                          "  FROM contact_point cp WHERE cp.id = $1::bigint",
                          point_id, out_primary, error);
}

/* P3: does another outlet use the point as its primary? */
static gboolean
used_by_other_outlets (TsRequest   *req,
                       PGconn      *conn,
                       const char  *point_id,
                       gboolean    *out_used,
                       GError     **error)
{
  return ask_about_point (req, conn, "SELECT ts_contact_point_used_by_others ($1::bigint, $2::integer)",
                          point_id, out_used, error);
}

static gboolean
answer_patron (TsRequest   *req,
               PGconn      *conn,
               const char  *patron_id,
               guint        status,
               const char  *replaced_by,
               GError     **error)
{
  JsonNode *node = ts_patron_store_json (req, conn, patron_id, error);

  if (node == NULL)
    return FALSE;
  if (replaced_by != NULL)
    json_object_set_int_member (json_node_get_object (node), "new_contact_point_id",
                                g_ascii_strtoll (replaced_by, NULL, 10));
  ts_request_take_response (req, status, node);
  return TRUE;
}

gboolean
ts_api_contact_points_create (TsRequest *req,
                              PGconn    *conn,
                              GError   **error)
{
  g_autofree char *patron_id = ts_request_id_string (req, 0);
  g_autoptr(TsContactPointInput) input = NULL;
  g_autofree char *point_id = NULL;
  JsonObject *body;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body_object (req, error);
  if (body == NULL)
    return FALSE;
  input = ts_contact_point_input_parse (body, NULL, error);
  if (input == NULL)
    return FALSE;
  if (!ts_patron_store_exists (conn, patron_id, error))
    return FALSE;
  point_id = ts_patron_store_insert_contact_point (req, conn, patron_id, input, error);
  if (point_id == NULL)
    return FALSE;
  if (input->primary && !ts_patron_store_set_primary (req, conn, patron_id, input->kind, point_id, error))
    return FALSE;
  return answer_patron (req, conn, patron_id, 201, NULL, error);
}

/* P3: an edit of a point another outlet uses as its primary is stored as a
 * new point, primary for the editing outlet only; otherwise it is changed in
 * place.  Either way the audit log keeps before and after.  An edit that
 * changes nothing (the same values, and "primary" for the point that already
 * is) stores nothing at all: no new point, no audit entry, no primary. */
gboolean
ts_api_contact_point_patch (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(TsContactPointInput) input = NULL;
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_auto(Point) point = { NULL, NULL };
  JsonObject *body;
  gboolean used = FALSE;
  g_autofree char *new_id = NULL;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body_object (req, error);
  if (body == NULL || !load_point (conn, id, &point, error))
    return FALSE;
  input = ts_contact_point_input_parse (body, point.values, error);
  if (input == NULL)
    return FALSE;
  if (same_values (input, point.values))
    {
      gboolean already = FALSE;

      /* the Master User, with no outlet, is refused a primary below as ever */
      if (input->primary && outlet != NULL && !is_primary_for_caller (req, conn, id, &already, error))
        return FALSE;
      if (input->primary && !already
          && !ts_patron_store_set_primary (req, conn, point.patron_id, input->kind, id, error))
        return FALSE;
      return answer_patron (req, conn, point.patron_id, 200, NULL, error);
    }
  if (!used_by_other_outlets (req, conn, id, &used, error))
    return FALSE;

  if (used)
    {
      /* Outlets following ours keep the point they use; an outlet that
       * did not create the patron has no followers (P2). */
      if (outlet != NULL)
        {
          g_autoptr(PGresult) pinned = ts_pg_exec (conn, "SELECT ts_pin_followers ($1::bigint, $2, $3::integer)",
                                                   3, (const char *[]) { point.patron_id, point.values->kind, outlet },
                                                   error);

          if (pinned == NULL)
            return FALSE;
        }
      new_id = ts_patron_store_insert_contact_point (req, conn, point.patron_id, input, error);
      if (new_id == NULL)
        return FALSE;
      if (outlet != NULL && !ts_patron_store_set_primary (req, conn, point.patron_id, input->kind, new_id, error))
        return FALSE;
    }
  else
    {
      const char *params[9];
      g_autoptr(PGresult) updated = NULL;

      params[0] = id;
      ts_contact_point_input_params (input, params + 1);
      updated = ts_pg_exec (conn,
                            "UPDATE contact_point SET label = $2, value = $3, line1 = $4, line2 = $5,"
                            "       city = $6, region = $7, postal_code = $8, country = $9"
                            " WHERE id = $1::bigint",
                            9, params, error);
      if (updated == NULL)
        return FALSE;
      if (input->primary && !ts_patron_store_set_primary (req, conn, point.patron_id, input->kind, id, error))
        return FALSE;
    }
  return answer_patron (req, conn, point.patron_id, 200, new_id, error);
}

gboolean
ts_api_contact_point_delete (TsRequest *req,
                             PGconn    *conn,
                             GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autoptr(PGresult) retired = NULL;
  g_autoptr(PGresult) unchosen = NULL;
  g_auto(Point) point = { NULL, NULL };
  gboolean used = FALSE;

  if (!ts_policy_require_patron_access (req, error)
      || !load_point (conn, id, &point, error)
      || !used_by_other_outlets (req, conn, id, &used, error))
    return FALSE;
  if (used)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   "Another outlet uses this %s as its primary: it cannot be removed",  /* P3 */
                   point.values->kind);
      return FALSE;
    }
  retired = ts_pg_exec (conn, "UPDATE contact_point SET retired_at = now () WHERE id = $1::bigint",
                        1, (const char *[]) { id }, error);
  if (retired == NULL)
    return FALSE;
  unchosen = ts_pg_exec (conn,
                         "DELETE FROM contact_primary WHERE contact_point_id = $1::bigint"
                         "   AND ($2::integer IS NULL OR outlet_id = $2::integer)",
                         2, (const char *[]) { id, outlet }, error);
  if (unchosen == NULL)
    return FALSE;
  return answer_patron (req, conn, point.patron_id, 200, NULL, error);
}

/* P2: this outlet's own choice; no other outlet's choice moves. */
gboolean
ts_api_contact_point_make_primary (TsRequest *req,
                                   PGconn    *conn,
                                   GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_auto(Point) point = { NULL, NULL };

  return ts_policy_require_patron_access (req, error)
         && load_point (conn, id, &point, error)
         && ts_patron_store_set_primary (req, conn, point.patron_id, point.values->kind, id, error)
         && answer_patron (req, conn, point.patron_id, 200, NULL, error);
}
