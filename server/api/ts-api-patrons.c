/* ts-api-patrons.c — the shared patron directory: search, duplicates, create,
 * read, rename, and the patron's own view (P1, P2, P6) */
#include <string.h>

#include "ts-api.h"
#include "ts-contact-point-input.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

static const char * const name_fields[] = {
  "title", "first_name", "middle_name", "last_name", "suffix", "company", NULL
};
static const gsize name_lengths[] = { 40, 80, 80, 80, 40, 120 };

#define SEARCH_WRAP_HEAD "WITH hits AS ("
#define SEARCH_WRAP_TAIL \
  ") " TS_SQL_JSON_LIST ("patrons", "ts_patron_summary_json (h.id, $4::integer)", "h.rank") \
  "  FROM (SELECT id, row_number () OVER () AS rank FROM hits) h"

/* Each query returns patron ids in a fixed order that depends only on the
 * shared directory, never on any outlet's relationship with the patron (P6).
 * $1 the query, $2 limit, $3 offset, $4 the asking outlet. */

/* Names, word by word, typos and all (server/functions/patron-search.sql). */
static const char *search_by_name =
  SEARCH_WRAP_HEAD
  "SELECT id FROM ts_search_names ($1, $2::integer, $3::integer)"
  SEARCH_WRAP_TAIL;

static const char *search_by_phone =
  SEARCH_WRAP_HEAD
  "SELECT DISTINCT cp.patron_id AS id FROM contact_point cp"
  " WHERE cp.retired_at IS NULL AND cp.kind IN ('phone', 'fax')"
  "   AND right (cp.search_value, 7) = right (ts_digits ($1), 7)"
  /* either ends the other: typed with +1 or the area code, or only the end */
  "   AND (cp.search_value LIKE '%' || ts_digits ($1) OR ts_digits ($1) LIKE '%' || cp.search_value)"
  " ORDER BY 1 LIMIT $2::integer OFFSET $3::integer"
  SEARCH_WRAP_TAIL;

static const char *search_by_email =
  SEARCH_WRAP_HEAD
  "SELECT DISTINCT cp.patron_id AS id FROM contact_point cp"
  " WHERE cp.retired_at IS NULL AND cp.kind = 'email'"
  "   AND cp.search_value LIKE ts_like_escape (lower ($1)) || '%'"
  " ORDER BY 1 LIMIT $2::integer OFFSET $3::integer"
  SEARCH_WRAP_TAIL;

/* A short number is a patron number or the start of a postal code (ZIP). */
static const char *search_by_number_or_postal =
  SEARCH_WRAP_HEAD
  "SELECT id FROM ("
  "  SELECT p.id FROM patron p WHERE p.id::text = $1"
  "  UNION"
  "  SELECT cp.patron_id FROM contact_point cp"
  "   WHERE cp.retired_at IS NULL AND cp.kind = 'address'"
  "     AND cp.search_value LIKE ts_like_escape (ts_postal ($1)) || '%') ids"
  " ORDER BY (id::text <> $1), id LIMIT $2::integer OFFSET $3::integer"
  SEARCH_WRAP_TAIL;

static const char *search_by_postal =
  SEARCH_WRAP_HEAD
  "SELECT DISTINCT cp.patron_id AS id FROM contact_point cp"
  " WHERE cp.retired_at IS NULL AND cp.kind = 'address'"
  "   AND cp.search_value LIKE ts_like_escape (ts_postal ($1)) || '%'"
  " ORDER BY 1 LIMIT $2::integer OFFSET $3::integer"
  SEARCH_WRAP_TAIL;

static gboolean
looks_like_postal_code (const char *q)
{
  g_autoptr(GString) compact = g_string_new (NULL);

  for (const char *p = q; *p; p++)
    if (*p != ' ')
      g_string_append_c (compact, g_ascii_toupper (*p));
  /* Canadian "A1A 1A1" or its start (at least "A1A") */
  if (compact->len < 3 || compact->len > 6)
    return FALSE;
  for (gsize i = 0; i < compact->len; i++)
    if ((i % 2 == 0) != (g_ascii_isalpha (compact->str[i]) != 0) || !g_ascii_isalnum (compact->str[i]))
      return FALSE;
  return TRUE;
}

static const char *
choose_search (const char *q)
{
  guint digits = 0, others = 0;

  for (const char *p = q; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" -().+", *p))
        others++;
    }
  if (strchr (q, '@') != NULL)
    return search_by_email;
  if (others == 0 && digits >= 7)
    return search_by_phone;
  if (others == 0 && digits > 0)
    return search_by_number_or_postal;
  if (looks_like_postal_code (q))
    return search_by_postal;
  return search_by_name;
}

gboolean
ts_api_patrons_search (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  const char *q = ts_request_query (req, "q");
  const char *limit_text = ts_request_query (req, "limit");
  const char *offset_text = ts_request_query (req, "offset");
  g_autofree char *query = NULL;
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autofree char *limit_param = NULL;
  g_autofree char *offset_param = NULL;
  guint64 limit = 25, offset = 0;
  const char *sql;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  if (q == NULL || !g_utf8_validate (q, -1, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "q: is required (a name, phone, e-mail, postal code or patron number)");
      return FALSE;
    }
  query = g_strstrip (g_strdup (q));
  if (*query == '\0' || g_utf8_strlen (query, -1) > 100)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "q: must be 1 to 100 characters");
      return FALSE;
    }
  if ((limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 100, &limit, NULL))
      || (offset_text != NULL && !g_ascii_string_to_unsigned (offset_text, 10, 0, 10000, &offset, NULL)))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "limit must be 1–100 and offset 0–10000");
      return FALSE;
    }
  limit_param = g_strdup_printf ("%" G_GUINT64_FORMAT, limit);
  offset_param = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);

  /* "amélie   tremblay" is two words */
  {
    g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
    char *collapsed = g_regex_replace_literal (spaces, query, -1, 0, " ", 0, NULL);

    g_free (query);
    query = collapsed;
  }
  sql = choose_search (query);
  node = ts_pg_exec_json (conn, sql, 4,
                          (const char *[]) { query, limit_param, offset_param, outlet }, error);
  if (node == NULL)
    return FALSE;
  json_object_set_int_member (json_node_get_object (node), "limit", (gint64) limit);
  json_object_set_int_member (json_node_get_object (node), "offset", (gint64) offset);
  ts_request_take_response (req, 200, node);
  return TRUE;
}

/* Likely duplicates: the same name (accents and case aside) with the same
 * phone, e-mail or postal code. */
static JsonNode *
find_duplicates (PGconn      *conn,
                 const char  *first_name,
                 const char  *last_name,
                 const char  *phones,
                 const char  *emails,
                 const char  *postal_codes,
                 GError     **error)
{
  return ts_pg_exec_json (conn,
      "SELECT coalesce (jsonb_agg (jsonb_build_object ('id', d.id, 'first_name', d.first_name,"
      "                                                'last_name', d.last_name, 'reason', d.reason)"
      "                            ORDER BY d.id), '[]')"
      "  FROM (SELECT p.id, p.first_name, p.last_name,"
      "               min (CASE cp.kind WHEN 'phone' THEN 'same name and phone'"
      "                                 WHEN 'email' THEN 'same name and e-mail'"
      "                                 ELSE 'same name and postal code' END) AS reason"
      "          FROM patron p JOIN contact_point cp ON cp.patron_id = p.id AND cp.retired_at IS NULL"
      "         WHERE ts_fold (coalesce (p.last_name, '')) = ts_fold (coalesce ($2, ''))"
      "           AND ts_fold (coalesce (p.first_name, '')) = ts_fold (coalesce ($1, ''))"
      "           AND ((cp.kind = 'phone' AND cp.search_value = ANY (SELECT ts_digits (x) FROM unnest ($3::text[]) x))"
      "             OR (cp.kind = 'email' AND cp.search_value = ANY (SELECT lower (x) FROM unnest ($4::text[]) x))"
      "             OR (cp.kind = 'address' AND cp.search_value = ANY (SELECT ts_postal (x) FROM unnest ($5::text[]) x)))"
      "         GROUP BY p.id) d",
      5, (const char *[]) { first_name, last_name, phones, emails, postal_codes }, error);
}

/* A PostgreSQL text[] literal, with every element quoted. */
static char *
text_array (GPtrArray *items)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = item; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
ts_api_patrons_duplicates (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  g_autoptr(GPtrArray) emails = g_ptr_array_new ();
  g_autoptr(GPtrArray) postal = g_ptr_array_new ();
  g_autofree char *phone_array = NULL;
  g_autofree char *email_array = NULL;
  g_autofree char *postal_array = NULL;
  JsonNode *list;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  for (const char * const *name = (const char *[]) { "first_name", "last_name", "phone", "email", "postal_code", NULL };
       *name != NULL; name++)
    if (!ts_validate_optional (*name, ts_request_query (req, *name), 300, error))
      return FALSE;
  if (ts_request_query (req, "phone"))
    g_ptr_array_add (phones, (gpointer) ts_request_query (req, "phone"));
  if (ts_request_query (req, "email"))
    g_ptr_array_add (emails, (gpointer) ts_request_query (req, "email"));
  if (ts_request_query (req, "postal_code"))
    g_ptr_array_add (postal, (gpointer) ts_request_query (req, "postal_code"));
  phone_array = text_array (phones);
  email_array = text_array (emails);
  postal_array = text_array (postal);

  list = find_duplicates (conn, ts_request_query (req, "first_name"), ts_request_query (req, "last_name"),
                          phone_array, email_array, postal_array, error);
  if (list == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_value (builder, list);
  json_builder_end_object (builder);
  ts_request_take_response (req, 200, json_builder_get_root (builder));
  return TRUE;
}

static gboolean
read_names (JsonObject  *body,
            const char  *values[6],
            gboolean     present[6],
            GError     **error)
{
  for (guint i = 0; name_fields[i] != NULL; i++)
    {
      if (!ts_json_field_text (body, name_fields[i], TS_JSON_FIELD_OPTIONAL, name_lengths[i], &values[i], &present[i],
                               error))
        return FALSE;
      if (values[i] != NULL && *values[i] == '\0')
        values[i] = NULL;
    }
  return TRUE;
}

gboolean
ts_api_patrons_create (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  static const char * const allowed[] = {
    "title", "first_name", "middle_name", "last_name", "suffix", "company", "contact_points",
    "allow_duplicate", NULL
  };
  JsonObject *body;
  const char *names[6] = { NULL };
  gboolean present[6] = { FALSE };
  gboolean allow_duplicate = FALSE;
  JsonNode *points_node;
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_contact_point_input_free);
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  g_autoptr(GPtrArray) emails = g_ptr_array_new ();
  g_autoptr(GPtrArray) postal = g_ptr_array_new ();
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autoptr(PGresult) created = NULL;
  g_autofree char *patron_id = NULL;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !read_names (body, names, present, error)
      || !ts_json_get_bool (body, "allow_duplicate", FALSE, &allow_duplicate, NULL, error))
    return FALSE;
  if (names[3] == NULL && names[5] == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "last_name: a patron needs a last name or a company name");
      return FALSE;
    }

  points_node = json_object_get_member (body, "contact_points");
  if (points_node != NULL && !JSON_NODE_HOLDS_NULL (points_node))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (points_node))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "contact_points: must be a list");
          return FALSE;
        }
      array = json_node_get_array (points_node);
      if (json_array_get_length (array) > 20)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "contact_points: at most 20 at a time");
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          TsContactPointInput *input;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "contact_points[%u]: must be an object", i);
              return FALSE;
            }
          input = ts_contact_point_input_parse (json_node_get_object (element), NULL, error);
          if (input == NULL)
            {
              g_prefix_error (error, "contact_points[%u].", i);
              return FALSE;
            }
          g_ptr_array_add (points, input);
          if (g_str_equal (input->kind, "phone"))
            g_ptr_array_add (phones, input->value);
          else if (g_str_equal (input->kind, "email"))
            g_ptr_array_add (emails, input->value);
          else if (g_str_equal (input->kind, "address") && input->postal_code != NULL)
            g_ptr_array_add (postal, input->postal_code);
        }
    }

  if (!allow_duplicate)
    {
      g_autofree char *phone_array = text_array (phones);
      g_autofree char *email_array = text_array (emails);
      g_autofree char *postal_array = text_array (postal);
      g_autoptr(JsonNode) duplicates = find_duplicates (conn, names[1], names[3], phone_array,
                                                        email_array, postal_array, error);
      JsonArray *list;

      if (duplicates == NULL)
        return FALSE;
      list = json_node_get_array (duplicates);
      if (json_array_get_length (list) > 0)
        {
          JsonObject *first = json_array_get_object_element (list, 0);

          g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                       "Possible duplicate of patron #%" G_GINT64_FORMAT " (%s)%s: check it, or save with "
                       "allow_duplicate", json_object_get_int_member (first, "id"),
                       json_object_get_string_member (first, "reason"),
                       json_array_get_length (list) > 1 ? " and others" : "");
          return FALSE;
        }
    }

  created = ts_pg_exec (conn,
                        "INSERT INTO patron (title, first_name, middle_name, last_name, suffix, company,"
                        "                    created_by_outlet)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7::integer) RETURNING id",
                        7, (const char *[]) { names[0], names[1], names[2], names[3], names[4], names[5], outlet },
                        error);
  if (created == NULL)
    return FALSE;
  patron_id = g_strdup (ts_pg_value (created, 0, 0));

  for (guint i = 0; i < points->len; i++)
    {
      TsContactPointInput *input = g_ptr_array_index (points, i);
      g_autofree char *point_id = ts_patron_store_insert_contact_point (req, conn, patron_id, input, error);
      gboolean first_of_kind = TRUE;

      if (point_id == NULL)
        return FALSE;

      /* The creating outlet's choice, which outlets that never choose follow
       * (P2): the point marked primary, else the first of its kind. */
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((TsContactPointInput *) g_ptr_array_index (points, j))->kind, input->kind))
          first_of_kind = FALSE;
      if (outlet != NULL && (input->primary || first_of_kind)
          && !ts_patron_store_set_primary (req, conn, patron_id, input->kind, point_id, error))
        return FALSE;
    }

  node = ts_patron_store_json (req, conn, patron_id, error);
  return ts_request_answer (req, 201, node);
}

gboolean
ts_api_patron_get (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  node = ts_patron_store_json (req, conn, id, error);
  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_patron_patch (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  JsonObject *body;
  const char *names[6] = { NULL };
  gboolean present[6] = { FALSE };
  const char *params[13];
  g_autoptr(PGresult) updated = NULL;
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  body = ts_request_body (req, name_fields, error);
  if (body == NULL || !read_names (body, names, present, error))
    return FALSE;

  params[0] = id;
  for (guint i = 0; i < 6; i++)
    {
      params[1 + 2 * i] = present[i] ? "t" : "f";
      params[2 + 2 * i] = names[i];
    }
  updated = ts_pg_exec (conn,
      "UPDATE patron SET"
      "  title = CASE WHEN $2::boolean THEN $3 ELSE title END,"
      "  first_name = CASE WHEN $4::boolean THEN $5 ELSE first_name END,"
      "  middle_name = CASE WHEN $6::boolean THEN $7 ELSE middle_name END,"
      "  last_name = CASE WHEN $8::boolean THEN $9 ELSE last_name END,"
      "  suffix = CASE WHEN $10::boolean THEN $11 ELSE suffix END,"
      "  company = CASE WHEN $12::boolean THEN $13 ELSE company END"
      " WHERE id = $1::bigint"
      /* an edit that changes nothing stores nothing: no stamp, no audit */
      "   AND (title, first_name, middle_name, last_name, suffix, company) IS DISTINCT FROM"
      "       (CASE WHEN $2::boolean THEN $3 ELSE title END, CASE WHEN $4::boolean THEN $5 ELSE first_name END,"
      "        CASE WHEN $6::boolean THEN $7 ELSE middle_name END, CASE WHEN $8::boolean THEN $9 ELSE last_name END,"
      "        CASE WHEN $10::boolean THEN $11 ELSE suffix END, CASE WHEN $12::boolean THEN $13 ELSE company END)",
      13, params, error);
  if (updated == NULL)
    {
      if (error != NULL && *error != NULL && (*error)->code == TS_ERROR_INVALID)
        g_prefix_error (error, "last_name: a patron needs a last name or a company name — ");
      return FALSE;
    }
  node = ts_patron_store_json (req, conn, id, error);
  return ts_request_answer (req, 200, node);
}

/* "Act on behalf of" (C4, Staff): the patron's account as the patron sees it
 * at this outlet — shared names and contacts, and this outlet's own data only. */
gboolean
ts_api_patron_account (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = ts_policy_outlet_param (req);
  JsonNode *node;

  if (!ts_policy_require_patron_access (req, error))
    return FALSE;
  if (outlet == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "A patron's account is seen at one outlet: sign in to that outlet");
      return FALSE;
    }
  node = ts_row_lookup_json (conn, "patron",
      "SELECT jsonb_build_object ("
      "  'outlet', (SELECT jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name)"
      "               FROM outlet o WHERE o.id = $2::integer),"
      "  'patron', ts_patron_json ($1::bigint, $2::integer),"
      "  'memberships', coalesce ((SELECT jsonb_agg (jsonb_build_object ('level', m.level,"
      "                  'starts_on', m.starts_on, 'ends_on', m.ends_on) ORDER BY m.starts_on DESC)"
      "                  FROM membership m WHERE m.patron_id = $1::bigint AND m.outlet_id = $2::integer), '[]'),"
      "  'donations', coalesce ((SELECT jsonb_agg (jsonb_build_object ('amount_cents', d.amount_cents,"
      "                  'donated_on', d.donated_on, 'fund', d.fund) ORDER BY d.donated_on DESC)"
      "                  FROM donation d WHERE d.patron_id = $1::bigint AND d.outlet_id = $2::integer), '[]'),"
      "  'contact_preferences', (SELECT jsonb_build_object ('may_mail', c.may_mail, 'may_email', c.may_email,"
      "                  'may_phone', c.may_phone, 'consent_on', c.consent_on)"
      "                  FROM contact_preference c WHERE c.patron_id = $1::bigint AND c.outlet_id = $2::integer),"
      "  'mailing_lists', coalesce ((SELECT jsonb_agg (l.name ORDER BY l.name)"
      "                  FROM mailing_list_member mm JOIN mailing_list l ON l.id = mm.mailing_list_id"
      "                  WHERE mm.patron_id = $1::bigint AND mm.outlet_id = $2::integer), '[]'))"
      " WHERE EXISTS (SELECT 1 FROM patron WHERE id = $1::bigint)",
      2, (const char *[]) { id, outlet }, error);
  return ts_request_answer (req, 200, node);
}
