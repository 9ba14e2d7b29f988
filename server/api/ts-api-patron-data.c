/* ts-api-patron-data.c — each outlet's own data about a patron, never shared
 * (P4): notes, tags, donations, memberships, contact preferences, mailing lists.
 *
 * Every query filters on the caller's outlet (the policy layer) and row-level
 * security filters again (P7).  The Master User reads every outlet's rows and
 * names the outlet it writes for with "outlet_id". */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-money.h"
#include "ts-outlet-table.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

/* P4: the rows (of alias a) about patron $1 of outlet $2; every outlet's
 * for the Master User ($2 NULL). */
#define OF_THE_PATRON(a) " WHERE " a ".patron_id = $1::bigint AND ($2::integer IS NULL OR " a ".outlet_id = $2::integer)"

/* The outlet a write is for: the caller's own; the Master User must name one. */
static const TsOutletRule patron_data_owner = {
  "outlet_id: the Master User names the outlet this belongs to",
  "An outlet writes only its own patron data"  /* P4 */
};

/* A list of another outlet is invisible: not found (P4, P7). */
static const TsOutletTable mailing_lists = {
  "mailing list", TS_OUTLET_TABLE_OWNER_SQL ("mailing_list"), NULL, NULL,
};

/* The outlet a write about patron_id is for, once the patron is known to
 * exist. */
static char *
writing_outlet (TsRequest   *req,
                PGconn      *conn,
                JsonObject  *body,
                const char  *patron_id,
                GError     **error)
{
  g_autofree char *outlet = ts_policy_body_outlet (req, body, &patron_data_owner, error);

  if (outlet == NULL || !ts_patron_store_exists (conn, patron_id, error))
    return NULL;
  return g_steal_pointer (&outlet);
}

/* Runs a query whose one column is the whole JSON answer, with $1 the patron
 * and $2 the caller's outlet (NULL for the Master User). */
static gboolean
answer_list (TsRequest   *req,
             PGconn      *conn,
             const char  *sql,
             GError     **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = ts_policy_outlet_param (req);
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error) || !ts_patron_store_exists (conn, id, error))
    return FALSE;
  node = ts_pg_exec_json (conn, sql, 2, (const char *[]) { id, outlet }, error);
  return ts_request_answer (req, 200, node);
}

/* Notes ------------------------------------------------------------------------ */

gboolean
ts_api_patron_notes_list (TsRequest *req, PGconn *conn, GError **error)
{
  return answer_list (req, conn,
      TS_SQL_JSON_LIST ("notes",
                        "jsonb_build_object ('id', n.id, 'outlet_id', n.outlet_id, 'body', n.body,"
                        "  'employee_id', n.employee_id, 'login', e.login, 'created_at', n.created_at)",
                        "n.created_at DESC, n.id DESC")
      "  FROM patron_note n LEFT JOIN employee e ON e.id = n.employee_id"
      OF_THE_PATRON ("n"),
      error);
}

gboolean
ts_api_patron_notes_create (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = { "body", "outlet_id", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *employee = g_strdup_printf ("%" G_GINT64_FORMAT, req->employee_id);
  g_autofree char *outlet = NULL;
  JsonObject *body;
  const char *text;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "body", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 4000, &text, NULL, error)
      || (outlet = writing_outlet (req, conn, body, id, error)) == NULL)
    return FALSE;
  node = ts_pg_exec_json (conn,
      "INSERT INTO patron_note (outlet_id, patron_id, body, employee_id)"
      " VALUES ($1::integer, $2::bigint, $3, $4::integer)"
      " RETURNING jsonb_build_object ('id', id, 'outlet_id', outlet_id, 'body', body,"
      "                               'employee_id', employee_id, 'created_at', created_at)",
      4, (const char *[]) { outlet, id, text, employee }, error);
  return ts_request_answer (req, 201, node);
}

/* Tags ------------------------------------------------------------------------- */

gboolean
ts_api_patron_tags_list (TsRequest *req, PGconn *conn, GError **error)
{
  return answer_list (req, conn,
      TS_SQL_JSON_LIST ("tags", "jsonb_build_object ('outlet_id', t.outlet_id, 'tag', t.tag)", "t.outlet_id, t.tag")
      "  FROM patron_tag t"
      OF_THE_PATRON ("t"),
      error);
}

/* Replaces the outlet's whole set of tags for the patron. */
gboolean
ts_api_patron_tags_put (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = { "tags", "outlet_id", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  g_autoptr(GString) array = g_string_new ("{");
  g_autoptr(PGresult) removed = NULL;
  g_autoptr(PGresult) added = NULL;
  JsonObject *body;
  JsonNode *tags;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL)
    return FALSE;
  tags = json_object_get_member (body, "tags");
  if (tags == NULL || !JSON_NODE_HOLDS_ARRAY (tags) || json_array_get_length (json_node_get_array (tags)) > 50)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "tags: must be a list of at most 50 tags");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (tags)); i++)
    {
      JsonNode *tag = json_array_get_element (json_node_get_array (tags), i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "tags: every tag must be a string");
          return FALSE;
        }
      text = json_node_get_string (tag);
      if (!ts_validate_required ("tags", text, 40, error))
        return FALSE;
      for (const char *p = text; *p; p++)
        if (*p == '"' || *p == '\\' || *p == ',' || *p == '{' || *p == '}')
          {
            g_autofree char *quoted = ts_validate_quote (text);

            g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                         "tags: %s may contain letters, digits, spaces and . _ - only", quoted);
            return FALSE;
          }
      g_string_append_printf (array, "%s\"%s\"", i ? "," : "", text);
    }
  g_string_append_c (array, '}');

  if ((outlet = writing_outlet (req, conn, body, id, error)) == NULL)
    return FALSE;
  removed = ts_pg_exec (conn,
                        "DELETE FROM patron_tag WHERE outlet_id = $1::integer AND patron_id = $2::bigint"
                        "   AND NOT tag = ANY ($3::text[])",
                        3, (const char *[]) { outlet, id, array->str }, error);
  if (removed == NULL)
    return FALSE;
  added = ts_pg_exec (conn,
                      "INSERT INTO patron_tag (outlet_id, patron_id, tag)"
                      " SELECT $1::integer, $2::bigint, t FROM unnest ($3::text[]) t"
                      " ON CONFLICT DO NOTHING",
                      3, (const char *[]) { outlet, id, array->str }, error);
  if (added == NULL)
    return FALSE;
  return ts_api_patron_tags_list (req, conn, error);
}

/* Donations ---------------------------------------------------------------------- */

gboolean
ts_api_patron_donations_list (TsRequest *req, PGconn *conn, GError **error)
{
  return answer_list (req, conn,
      TS_SQL_JSON_LIST ("donations",
                        "jsonb_build_object ('id', d.id, 'outlet_id', d.outlet_id, 'amount_cents', d.amount_cents,"
                        "  'donated_on', d.donated_on, 'fund', d.fund, 'method', d.method,"
                        "  'acknowledged_on', d.acknowledged_on, 'note', d.note, 'created_at', d.created_at)",
                        "d.donated_on DESC, d.id DESC")
      " || jsonb_build_object ('total_cents', coalesce (sum (d.amount_cents), 0))"
      "  FROM donation d"
      OF_THE_PATRON ("d"),
      error);
}

gboolean
ts_api_patron_donations_create (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = {
    "amount_cents", "donated_on", "fund", "method", "acknowledged_on", "note", "outlet_id", NULL
  };
  static const char * const methods[] = { "cash", "cheque", "card", "transfer", "in_kind", "other", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *employee = g_strdup_printf ("%" G_GINT64_FORMAT, req->employee_id);
  g_autofree char *outlet = NULL;
  g_autofree char *amount_text = NULL;
  JsonObject *body;
  gint64 amount;
  const char *donated_on, *fund, *method, *acknowledged_on, *note;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_int (body, "amount_cents", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_BIGINT,
                             1, G_GINT64_CONSTANT (99999999999), &amount, NULL, error)
      || !ts_json_get_string (body, "donated_on", TRUE, &donated_on, NULL, error)
      || !ts_validate_date ("donated_on", donated_on, error)
      || !ts_json_field_text (body, "fund", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 80, &fund, NULL, error)
      || !ts_json_get_string (body, "method", TRUE, &method, NULL, error)
      || !ts_json_get_string (body, "acknowledged_on", FALSE, &acknowledged_on, NULL, error)
      || (acknowledged_on != NULL && !ts_validate_date ("acknowledged_on", acknowledged_on, error))
      || !ts_json_field_text (body, "note", TS_JSON_FIELD_OPTIONAL, 1000, &note, NULL, error))
    return FALSE;
  if (!g_strv_contains (methods, method))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "method: must be one of cash, cheque, card, transfer, in_kind, other");
      return FALSE;
    }
  if ((outlet = writing_outlet (req, conn, body, id, error)) == NULL)
    return FALSE;
  amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  node = ts_pg_exec_json (conn,
      "INSERT INTO donation (outlet_id, patron_id, amount_cents, donated_on, fund, method,"
      "                      acknowledged_on, note, employee_id)"
      " VALUES ($1::integer, $2::bigint, $3::bigint, $4::date, $5, $6, $7::date, $8, $9::integer)"
      " RETURNING jsonb_build_object ('id', id, 'outlet_id', outlet_id, 'amount_cents', amount_cents,"
      "   'donated_on', donated_on, 'fund', fund, 'method', method,"
      "   'acknowledged_on', acknowledged_on, 'note', note, 'created_at', created_at)",
      9, (const char *[]) { outlet, id, amount_text, donated_on, fund, method, acknowledged_on, note, employee },
      error);
  return ts_request_answer (req, 201, node);
}

/* Memberships -------------------------------------------------------------------- */

gboolean
ts_api_patron_memberships_list (TsRequest *req, PGconn *conn, GError **error)
{
  return answer_list (req, conn,
      TS_SQL_JSON_LIST ("memberships",
                        "jsonb_build_object ('id', m.id, 'outlet_id', m.outlet_id, 'level', m.level,"
                        "  'starts_on', m.starts_on, 'ends_on', m.ends_on,"
                        "  'current', current_date BETWEEN m.starts_on AND m.ends_on)",
                        "m.starts_on DESC, m.id DESC")
      "  FROM membership m"
      OF_THE_PATRON ("m"),
      error);
}

gboolean
ts_api_patron_memberships_create (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = { "level", "starts_on", "ends_on", "outlet_id", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  JsonObject *body;
  const char *level, *starts_on, *ends_on;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "level", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 80, &level, NULL, error)
      || !ts_json_get_string (body, "starts_on", TRUE, &starts_on, NULL, error)
      || !ts_validate_date ("starts_on", starts_on, error)
      || !ts_json_get_string (body, "ends_on", TRUE, &ends_on, NULL, error)
      || !ts_validate_date ("ends_on", ends_on, error))
    return FALSE;
  if (g_strcmp0 (ends_on, starts_on) < 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "ends_on: cannot be before starts_on");
      return FALSE;
    }
  if ((outlet = writing_outlet (req, conn, body, id, error)) == NULL)
    return FALSE;
  node = ts_pg_exec_json (conn,
      "INSERT INTO membership (outlet_id, patron_id, level, starts_on, ends_on)"
      " VALUES ($1::integer, $2::bigint, $3, $4::date, $5::date)"
      " RETURNING jsonb_build_object ('id', id, 'outlet_id', outlet_id, 'level', level,"
      "   'starts_on', starts_on, 'ends_on', ends_on)",
      5, (const char *[]) { outlet, id, level, starts_on, ends_on }, error);
  return ts_request_answer (req, 201, node);
}

/* Contact preferences ------------------------------------------------------------ */

gboolean
ts_api_patron_preferences_get (TsRequest *req, PGconn *conn, GError **error)
{
  /* Not yet asked: everything false, no consent date. */
  return answer_list (req, conn,
      TS_SQL_JSON_LIST ("preferences",
                        "jsonb_build_object ('outlet_id', c.outlet_id, 'may_mail', c.may_mail,"
                        "  'may_email', c.may_email, 'may_phone', c.may_phone, 'consent_on', c.consent_on,"
                        "  'updated_at', c.updated_at)",
                        "c.outlet_id")
      "  FROM contact_preference c"
      OF_THE_PATRON ("c"),
      error);
}

gboolean
ts_api_patron_preferences_put (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = { "may_mail", "may_email", "may_phone", "consent_on", "outlet_id", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  JsonObject *body;
  gboolean may_mail, may_email, may_phone;
  const char *consent_on;
  g_autoptr(PGresult) saved = NULL;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_get_bool (body, "may_mail", TRUE, &may_mail, NULL, error)
      || !ts_json_get_bool (body, "may_email", TRUE, &may_email, NULL, error)
      || !ts_json_get_bool (body, "may_phone", TRUE, &may_phone, NULL, error)
      || !ts_json_get_string (body, "consent_on", FALSE, &consent_on, NULL, error)
      || (consent_on != NULL && !ts_validate_date ("consent_on", consent_on, error)))
    return FALSE;
  if ((may_mail || may_email || may_phone) && consent_on == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "consent_on: say when the patron gave consent");
      return FALSE;
    }
  if ((outlet = writing_outlet (req, conn, body, id, error)) == NULL)
    return FALSE;
  saved = ts_pg_exec (conn,
      "INSERT INTO contact_preference (outlet_id, patron_id, may_mail, may_email, may_phone, consent_on)"
      " VALUES ($1::integer, $2::bigint, $3::boolean, $4::boolean, $5::boolean, $6::date)"
      " ON CONFLICT (outlet_id, patron_id) DO UPDATE SET may_mail = EXCLUDED.may_mail,"
      "   may_email = EXCLUDED.may_email, may_phone = EXCLUDED.may_phone, consent_on = EXCLUDED.consent_on",
      6, (const char *[]) { outlet, id, may_mail ? "t" : "f", may_email ? "t" : "f", may_phone ? "t" : "f",
                            consent_on }, error);
  if (saved == NULL)
    return FALSE;
  return ts_api_patron_preferences_get (req, conn, error);
}

/* Mailing lists ------------------------------------------------------------------ */

gboolean
ts_api_mailing_lists_list (TsRequest *req, PGconn *conn, GError **error)
{
  g_autofree char *outlet = ts_policy_outlet_param (req);
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("mailing_lists",
                        "jsonb_build_object ('id', l.id, 'outlet_id', l.outlet_id, 'name', l.name,"
                        "  'description', l.description,"
                        "  'members', (SELECT count (*) FROM mailing_list_member m WHERE m.mailing_list_id = l.id))",
                        "lower (l.name)")
      "  FROM mailing_list l WHERE $1::integer IS NULL OR l.outlet_id = $1::integer",
      1, (const char *[]) { outlet }, error);
  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_mailing_lists_create (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = { "name", "description", "outlet_id", NULL };
  g_autofree char *outlet = NULL;
  JsonObject *body;
  const char *name, *description;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 120, &name, NULL, error)
      || !ts_json_field_text (body, "description", TS_JSON_FIELD_OPTIONAL, 1000, &description, NULL, error)
      || (outlet = ts_policy_body_outlet (req, body, &patron_data_owner, error)) == NULL)
    return FALSE;
  node = ts_pg_exec_json (conn,
      "INSERT INTO mailing_list (outlet_id, name, description) VALUES ($1::integer, $2, $3)"
      " RETURNING jsonb_build_object ('id', id, 'outlet_id', outlet_id, 'name', name,"
      "                               'description', description, 'members', 0)",
      3, (const char *[]) { outlet, name, description }, error);
  return ts_request_answer (req, 201, node);
}

gboolean
ts_api_mailing_list_members (TsRequest *req, PGconn *conn, GError **error)
{
  g_autofree char *list_id = ts_request_id_string (req, 0);
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error) || !ts_outlet_table_check (req, conn, &mailing_lists, list_id, error))
    return FALSE;
  node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("members",
                        "jsonb_build_object ('patron_id', p.id, 'first_name', p.first_name,"
                        "  'last_name', p.last_name, 'company', p.company, 'added_at', m.added_at)",
                        "ts_fold (coalesce (p.last_name, p.company)), p.id")
      "  FROM mailing_list_member m JOIN patron p ON p.id = m.patron_id"
      " WHERE m.mailing_list_id = $1::integer",
      1, (const char *[]) { list_id }, error);
  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_mailing_list_add (TsRequest *req, PGconn *conn, GError **error)
{
  static const char * const allowed[] = { "patron_id", NULL };
  g_autofree char *list_id = ts_request_id_string (req, 0);
  g_autofree char *patron_id = NULL;
  g_autoptr(PGresult) added = NULL;
  JsonObject *body;
  gint64 patron;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_get_int_range (body, "patron_id", TRUE, 1, G_MAXINT64, &patron, NULL, error)
      || !ts_outlet_table_check (req, conn, &mailing_lists, list_id, error))
    return FALSE;
  patron_id = g_strdup_printf ("%" G_GINT64_FORMAT, patron);
  if (!ts_patron_store_exists (conn, patron_id, error))
    {
      g_prefix_error (error, "patron_id: ");
      if (g_error_matches (*error, TS_ERROR, TS_ERROR_NOT_FOUND))
        (*error)->code = TS_ERROR_INVALID;
      return FALSE;
    }
  added = ts_pg_exec (conn,
                      "INSERT INTO mailing_list_member (mailing_list_id, patron_id)"
                      " VALUES ($1::integer, $2::bigint) ON CONFLICT DO NOTHING",
                      2, (const char *[]) { list_id, patron_id }, error);
  if (added == NULL)
    return FALSE;
  return ts_api_mailing_list_members (req, conn, error);
}

gboolean
ts_api_mailing_list_remove (TsRequest *req, PGconn *conn, GError **error)
{
  g_autofree char *list_id = ts_request_id_string (req, 0);
  g_autofree char *patron_id = ts_request_id_string (req, 1);
  g_autoptr(PGresult) removed = NULL;

  if (!ts_policy_require_patron_access (req, error) || !ts_outlet_table_check (req, conn, &mailing_lists, list_id, error)
      || !ts_patron_store_exists (conn, patron_id, error))
    return FALSE;
  removed = ts_pg_exec (conn,
                        "DELETE FROM mailing_list_member WHERE mailing_list_id = $1::integer AND patron_id = $2::bigint",
                        2, (const char *[]) { list_id, patron_id }, error);
  if (removed == NULL)
    return FALSE;
  return ts_api_mailing_list_members (req, conn, error);
}

gboolean
ts_api_patron_mailing_lists (TsRequest *req, PGconn *conn, GError **error)
{
  return answer_list (req, conn,
      TS_SQL_JSON_LIST ("mailing_lists", "jsonb_build_object ('id', l.id, 'outlet_id', l.outlet_id, 'name', l.name)",
                        "lower (l.name)")
      "  FROM mailing_list_member m JOIN mailing_list l ON l.id = m.mailing_list_id"
      OF_THE_PATRON ("m"),
      error);
}
