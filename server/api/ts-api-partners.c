/* ts-api-partners.c — an outlet's partner companies, the questions a sale
 * asks about them, each patron's preference for them and the lists an
 * outlet hands a partner (rules K1–K5, P2, P4, P7, C4)
 *
 * A partner company is its outlet's own: another outlet's answers exactly
 * like an unknown id, on its routes (404) and inside a body (400 "…: no such
 * partner company"), and the patrons' answers about it are never shown to
 * another outlet (P4).  The rules that hold whoever calls (the questions of
 * a sale, the consent record) are in server/functions/partners.sql. */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-outlet-table.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-selling.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

#define PARTNER_COMPANY_JSON \
  "jsonb_build_object ('id', c.id, 'outlet_id', c.outlet_id, 'name', c.name," \
  "  'collect_preferences', c.collect_preferences, 'web_description', c.web_description," \
  "  'event_count', (SELECT count (*) FROM event_partner_company ep WHERE ep.partner_company_id = c.id))"

/* The columns of a K5 list, in display order (the report shape); rows also
 * carry patron_id, first_name and last_name. */
#define PARTNER_PATRONS_COLUMNS \
  "[{\"key\": \"name\", \"kind\": \"text\"}, {\"key\": \"email\", \"kind\": \"text\"}," \
  " {\"key\": \"address_line1\", \"kind\": \"text\"}, {\"key\": \"address_line2\", \"kind\": \"text\"}," \
  " {\"key\": \"city\", \"kind\": \"text\"}, {\"key\": \"region\", \"kind\": \"text\"}," \
  " {\"key\": \"postal_code\", \"kind\": \"text\"}, {\"key\": \"country\", \"kind\": \"text\"}," \
  " {\"key\": \"answer\", \"kind\": \"text\"}, {\"key\": \"set_at\", \"kind\": \"datetime\"}]"

/* The most ids a query or body may list. */
#define MAX_LISTED 500

/* K1, P4: the caller's own partners; the Master User's every outlet's, or
 * one outlet's with ?outlet_id=. */
static const TsOutletTable partner_companies = {
  "partner company",
  TS_OUTLET_TABLE_OWNER_SQL ("partner_company"),
  "SELECT " PARTNER_COMPANY_JSON " FROM partner_company c WHERE c.id = $1::integer",
  TS_SQL_JSON_LIST ("partner_companies", PARTNER_COMPANY_JSON, "lower (c.name), c.id")
  "  FROM partner_company c WHERE $1::integer IS NULL OR c.outlet_id = $1::integer",
};

/* P4: an outlet lists and sets up its own partners only. */
static const TsOutletRule partner_lister = {
  NULL, "Another outlet's partner companies are private to it"  /* P4 */
};
static const TsOutletRule partner_owner = {
  TS_POLICY_NAMES_THE_OWNER, "An outlet sets up its own partner companies only"  /* K1, P4 */
};

/* Partner companies ------------------------------------------------------------ */

static gboolean
require_partner_reader (TsRequest  *req,
                        GError    **error)
{
  return ts_policy_require_level (req, TS_LEVEL_STAFF,
                                  "Partner companies are for the Staff level and above", error);  /* C4 */
}

static gboolean
require_partner_setup (TsRequest  *req,
                       GError    **error)
{
  return ts_policy_require_level (req, TS_LEVEL_MANAGER,
                                  "Setting up partner companies needs the Box Office Manager level or above",
                                  error);  /* C4 */
}

/* K1: a name is unique in its outlet, whatever its case. */
static gboolean
check_name_free (PGconn      *conn,
                 const char  *outlet,
                 const char  *name,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(PGresult) taken = NULL;
  g_autofree char *quoted = NULL;

  if (name == NULL)
    return TRUE;
  taken = ts_pg_exec (conn,
      "SELECT 1 FROM partner_company WHERE outlet_id = $1::integer AND lower (name) = lower ($2)"
      "   AND id IS DISTINCT FROM $3::integer",
      3, (const char *[]) { outlet, name, id }, error);
  if (taken == NULL)
    return FALSE;
  if (PQntuples (taken) == 0)
    return TRUE;
  quoted = ts_validate_quote (name);
  g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "name: there is already a partner company called %s", quoted);
  return FALSE;
}

gboolean
ts_api_partner_companies_list (TsRequest *req,
                               PGconn    *conn,
                               GError   **error)
{
  g_autofree char *outlet = NULL;

  if (!require_partner_reader (req, error) || !ts_policy_query_outlet (req, &partner_lister, &outlet, error))
    return FALSE;
  return ts_request_answer (req, 200,
                            ts_pg_exec_json (conn, partner_companies.list_sql, 1, (const char *[]) { outlet }, error));
}

gboolean
ts_api_partner_companies_create (TsRequest *req,
                                 PGconn    *conn,
                                 GError   **error)
{
  static const char * const allowed[] = { "name", "collect_preferences", "web_description", "outlet_id", NULL };
  g_autofree char *outlet = NULL;
  g_autoptr(PGresult) inserted = NULL;
  JsonObject *body;
  const char *name, *web_description;
  gboolean collect, collect_present;

  if (!require_partner_setup (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 120, &name, NULL, error)
      || !ts_json_check_not_null (body, "collect_preferences", error)
      || !ts_json_get_bool (body, "collect_preferences", FALSE, &collect, &collect_present, error)
      || !ts_json_field_text (body, "web_description", TS_JSON_FIELD_OPTIONAL, 2000, &web_description, NULL, error)
      || (outlet = ts_policy_body_outlet (req, body, &partner_owner, error)) == NULL
      || !check_name_free (conn, outlet, name, NULL, error))
    return FALSE;

  /* K1: collecting preferences is on unless said otherwise */
  inserted = ts_pg_exec (conn,
      "INSERT INTO partner_company (outlet_id, name, collect_preferences, web_description)"
      " VALUES ($1::integer, $2, coalesce ($3::boolean, true), coalesce ($4, '')) RETURNING id",
      4, (const char *[]) { outlet, name, collect_present ? (collect ? "t" : "f") : NULL, web_description }, error);
  if (inserted == NULL)
    return FALSE;
  return ts_request_answer (req, 201, ts_outlet_table_json (conn, &partner_companies, ts_pg_value (inserted, 0, 0),
                                                            error));
}

gboolean
ts_api_partner_company_get (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  return require_partner_reader (req, error)
         && ts_outlet_table_answer_row (req, conn, &partner_companies, error);
}

gboolean
ts_api_partner_company_patch (TsRequest *req,
                              PGconn    *conn,
                              GError   **error)
{
  static const char * const allowed[] = { "name", "collect_preferences", "web_description", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = NULL;
  g_autoptr(PGresult) updated = NULL;
  JsonObject *body;
  const char *name, *web_description;
  gboolean collect, collect_present, web_present;

  if (!require_partner_setup (req, error)
      || (outlet = ts_outlet_table_owner (req, conn, &partner_companies, id, error)) == NULL)
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "name", TS_JSON_FIELD_NOT_NULL | TS_JSON_FIELD_NOT_BLANK, 120, &name, NULL, error)
      || !ts_json_check_not_null (body, "collect_preferences", error)
      || !ts_json_get_bool (body, "collect_preferences", FALSE, &collect, &collect_present, error)
      || !ts_json_field_text (body, "web_description", TS_JSON_FIELD_OPTIONAL, 2000, &web_description, &web_present,
                              error)
      || !check_name_free (conn, outlet, name, id, error))
    return FALSE;

  updated = ts_pg_exec (conn,
      "UPDATE partner_company SET name = coalesce ($2, name),"
      "  collect_preferences = coalesce ($3::boolean, collect_preferences),"
      "  web_description = CASE WHEN $4::boolean THEN coalesce ($5, '') ELSE web_description END"
      " WHERE id = $1::integer",
      5, (const char *[]) { id, name, collect_present ? (collect ? "t" : "f") : NULL, web_present ? "t" : "f",
                            web_description }, error);
  if (updated == NULL)
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &partner_companies, id, error));
}

/* K2: a partner that patrons have answered for stays, with their consent
 * record; one still on an event is taken off it first. */
gboolean
ts_api_partner_company_delete (TsRequest *req,
                               PGconn    *conn,
                               GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(PGresult) use = NULL;
  g_autoptr(PGresult) deleted = NULL;

  if (!require_partner_setup (req, error)
      || !ts_outlet_table_check (req, conn, &partner_companies, id, error))
    return FALSE;
  use = ts_pg_exec (conn,
      "SELECT (SELECT count (*) FROM event_partner_company WHERE partner_company_id = $1::integer),"
      "       EXISTS (SELECT 1 FROM partner_preference_history WHERE partner_company_id = $1::integer)",
      1, (const char *[]) { id }, error);
  if (use == NULL)
    return FALSE;
  if (!g_str_equal (ts_pg_value (use, 0, 0), "0"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   "This partner company is on %s event(s): take it off them first", ts_pg_value (use, 0, 0));  /* K1 */
      return FALSE;
    }
  if (g_str_equal (ts_pg_value (use, 0, 1), "t"))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_CONFLICT,
                           "Patrons have answered for this partner company, so it stays with their consent record; "
                           "stop collecting preferences for it instead");  /* K2 */
      return FALSE;
    }
  deleted = ts_pg_exec (conn, "DELETE FROM partner_company WHERE id = $1::integer", 1, (const char *[]) { id }, error);
  return deleted != NULL && ts_request_answer_no_content (req);
}

/* Checkout questions (K3) ------------------------------------------------------- */

/* ?performance_ids=3,4 as an SQL integer[] ("{3,4}"). */
static char *
read_performance_ids (TsRequest  *req,
                      GError    **error)
{
  const char *text = ts_request_query (req, "performance_ids");
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) array = g_string_new ("{");

  if (text == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "performance_ids: is required");
      return NULL;
    }
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) == 0 || g_strv_length (parts) > MAX_LISTED)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "performance_ids: give 1 to %d performance ids, separated by commas",
                   MAX_LISTED);
      return NULL;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      if (!g_ascii_string_to_signed (parts[i], 10, 1, G_MAXINT32, &id, NULL))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "performance_ids: must be performance ids separated by commas");
          return NULL;
        }
      g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i ? "," : "", id);
    }
  g_string_append_c (array, '}');
  return g_string_free (g_steal_pointer (&array), FALSE);
}

/* A query's ?patron_id=, a patron who exists (404 otherwise). */
static char *
read_patron_id (TsRequest  *req,
                PGconn     *conn,
                GError    **error)
{
  const char *text = ts_request_query (req, "patron_id");
  gint64 id;

  if (text == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "patron_id: is required");
      return NULL;
    }
  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "patron_id: must be a patron's id");
      return NULL;
    }
  if (!ts_patron_store_exists (conn, text, error))
    return NULL;
  return g_strdup (text);
}

gboolean
ts_api_partner_questions (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  static const TsOutletRule seller = { NULL, "An outlet asks its own checkout questions only" };  /* P4 */
  g_autofree char *outlet = NULL;
  g_autofree char *patron = NULL;
  g_autofree char *performances = NULL;

  if (!ts_policy_require_level (req, TS_LEVEL_WALKUP, "Checkout questions are for Walk-up Sales level and up",
                                error)  /* C4 */
      || !ts_policy_query_outlet (req, &seller, &outlet, error)
      || (performances = read_performance_ids (req, error)) == NULL
      || (patron = read_patron_id (req, conn, error)) == NULL)
    return FALSE;
  /* K3: partners of the caller's own events among them, not yet answered */
  return ts_request_answer (req, 200, ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("questions",
                        "jsonb_build_object ('partner_company_id', q.partner_company_id, 'name', q.name,"
                        "  'web_description', q.web_description)",
                        "lower (q.name), q.partner_company_id")
      "  FROM ts_partner_questions ($1::integer, $2::bigint, $3::integer[]) q",
      3, (const char *[]) { outlet, patron, performances }, error));
}

/* A patron's preferences (K2, K4) ---------------------------------------------------- */

gboolean
ts_api_patron_partner_preferences_get (TsRequest *req,
                                       PGconn    *conn,
                                       GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = ts_policy_outlet_param (req);
  const char *all = ts_request_query (req, "all");

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  if (all != NULL && !g_str_equal (all, "true") && !g_str_equal (all, "false"))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "all: must be true or false");
      return FALSE;
    }
  if (!ts_patron_store_exists (conn, id, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_pg_exec_json (conn,
      "SELECT ts_patron_partner_preferences ($1::bigint, $2::integer, $3::boolean)",
      3, (const char *[]) { id, outlet, g_strcmp0 (all, "true") == 0 ? "t" : "f" }, error));
}

gboolean
ts_api_patron_partner_preferences_put (TsRequest *req,
                                       PGconn    *conn,
                                       GError   **error)
{
  static const char * const allowed[] = { "preferences", NULL };
  static const char * const members[] = { "partner_company_id", "answer", NULL };
  static const char * const integers[] = { "partner_company_id", NULL };
  static const char * const texts[] = { "answer", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autofree char *list = NULL;
  g_autoptr(PGresult) saved = NULL;
  JsonObject *body;
  JsonArray *preferences;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_selling_check_list (body, "preferences", TRUE, members, integers, error)
      || !ts_selling_check_texts (body, "preferences", texts, 20, error)
      || !ts_patron_store_exists (conn, id, error))
    return FALSE;
  preferences = json_object_get_array_member (body, "preferences");
  if (json_array_get_length (preferences) > MAX_LISTED)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "preferences: at most %d answers at once", MAX_LISTED);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (preferences); i++)
    if (!json_object_has_member (json_array_get_object_element (preferences, i), "partner_company_id"))
      {
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "preferences[%u].partner_company_id: is required", i);
        return FALSE;
      }
  list = ts_json_to_string (json_object_get_member (body, "preferences"));
  /* K2: only the answers that change are written, each into the consent record */
  saved = ts_pg_exec (conn, "SELECT ts_patron_partner_preferences_put ($1::bigint, $2::integer, $3::jsonb)",
                      3, (const char *[]) { id, outlet, list }, error);
  if (saved == NULL)
    return FALSE;
  return ts_request_answer (req, 200, ts_pg_exec_json (conn,
      "SELECT ts_patron_partner_preferences ($1::bigint, $2::integer, true)",
      2, (const char *[]) { id, outlet }, error));
}

/* Lists for a partner (K5, C4) ------------------------------------------------------ */

/* One of the words allowed, or absent (NULL). */
static gboolean
read_word (TsRequest           *req,
           const char          *name,
           const char * const  *words,
           const char          *refusal,
           const char         **out_value,
           GError             **error)
{
  const char *value = ts_request_query (req, name);

  *out_value = value;
  if (value == NULL || g_strv_contains (words, value))
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: %s", name, refusal);
  return FALSE;
}

static gboolean
read_date (TsRequest   *req,
           const char  *name,
           gboolean     required,
           const char **out_value,
           GError     **error)
{
  *out_value = ts_request_query (req, name);
  if (*out_value == NULL && required)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is required for the patrons who booked", name);
      return FALSE;
    }
  return *out_value == NULL || ts_validate_date (name, *out_value, error);
}

gboolean
ts_api_partner_company_patrons (TsRequest *req,
                                PGconn    *conn,
                                GError   **error)
{
  static const char * const lists[] = { "preference", "booked", NULL };
  static const char * const answers[] = { "yes", "no", "not_asked", NULL };
  static const char * const booleans[] = { "true", "false", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  const char *list, *answer, *marketing, *from, *to;
  gboolean booked;

  if (!ts_policy_require_patron_access (req, error)  /* C4: Staff run mailing lists */
      || !read_word (req, "list", lists, "must be preference or booked", &list, error)
      || !read_word (req, "answer", answers, "must be yes, no or not_asked", &answer, error)
      || !read_word (req, "marketing", booleans, "must be true or false", &marketing, error))
    return FALSE;
  booked = g_strcmp0 (list, "booked") == 0;
  if (!read_date (req, "from", booked, &from, error) || !read_date (req, "to", booked, &to, error))
    return FALSE;
  if (from != NULL && to != NULL && g_strcmp0 (to, from) < 0)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "to: before from");
      return FALSE;
    }
  /* K5: a list for the partner's marketing holds only the patrons who said yes */
  if (g_strcmp0 (marketing, "true") == 0)
    {
      if (answer != NULL && !g_str_equal (answer, "yes"))
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID,
                               "answer: a marketing list holds only the patrons who said yes");  /* K5 */
          return FALSE;
        }
      answer = "yes";
    }
  if (!booked && answer == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "answer: say which answer to list: yes, no or not_asked");
      return FALSE;
    }
  if (!ts_outlet_table_check (req, conn, &partner_companies, id, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ('report', 'partner-patrons', 'outlet_id', c.outlet_id,"
      "         'from', $4::date, 'to', $5::date,"
      "         'params', jsonb_build_object ('list', $2::text, 'answer', $3::text, 'marketing', $6::boolean),"
      "         'partner_company', " PARTNER_COMPANY_JSON ", 'columns', $7::jsonb, 'rows', r -> 'rows',"
      "         'totals', jsonb_build_object ('patrons', r -> 'patrons'))"
      "  FROM partner_company c, ts_partner_patrons ($1::integer, $2, $3, $4::date, $5::date) r"
      " WHERE c.id = $1::integer",
      7, (const char *[]) { id, booked ? "booked" : "preference", answer, from, to,
                            g_strcmp0 (marketing, "true") == 0 ? "t" : "f", PARTNER_PATRONS_COLUMNS }, error));
}
