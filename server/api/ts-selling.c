/* ts-selling.c — what the sales and order handlers share: checking the shape
 * of a body before it reaches the selling functions (server/functions/
 * selling-*.sql), so that bad input is named here, and calling them */
#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-selling.h"
#include "ts-validate.h"

/* The range of a whole-number member, as the column it reaches in SQL:
 * rows of bigint keys (patrons, orders, items, vouchers) and money in
 * cents are 64-bit; every other id and count is an `integer`.  So a value
 * PostgreSQL could not take is named here, never by PostgreSQL (issue 9). */
static void
integer_range (const char *name,
               gint64     *out_min,
               gint64     *out_max)
{
  static const char * const bigint_ids[] = { "purchaser_id", "recipient_id", "patron_id", "voucher_id", "item_id", NULL };

  if (g_strv_contains (bigint_ids, name))
    {
      *out_min = 1;
      *out_max = G_MAXINT64;
    }
  else if (g_str_equal (name, "amount_cents"))
    {
      *out_min = 0;
      *out_max = G_GINT64_CONSTANT (100000000000);     /* $1,000,000,000.00 */
    }
  else if (g_str_equal (name, "quantity"))
    {
      *out_min = 1;
      *out_max = 500;                                  /* an order's most items (S1) */
    }
  else
    {
      *out_min = 1;
      *out_max = G_MAXINT32;
    }
}

/* Members of an object must be known, and those named in integer_members
 * must be whole numbers in their column's range. */
gboolean
ts_selling_check_object (JsonNode           *node,
                         const char         *where,
                         const char * const *allowed,
                         const char * const *integer_members,
                         GError            **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be an object", where);
      return FALSE;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s.%s: unknown member", where, name);
          return FALSE;
        }
      if (integer_members != NULL && g_strv_contains (integer_members, name))
        {
          JsonNode *value = json_object_get_member (object, name);

          gint64 min, max;

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s.%s: must be a whole number", where, name);
              return FALSE;
            }
          integer_range (name, &min, &max);
          if (json_node_get_int (value) < min || json_node_get_int (value) > max)
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                           "%s.%s: must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                           where, name, min, max);
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
ts_selling_call (TsRequest  *req,
                 PGconn     *conn,
                 const char *sql,
                 const char *argument,
                 guint       status,
                 GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[1] = { argument };
  const char *text;

  result = ts_pg_exec (conn, sql, argument != NULL ? 1 : 0, argument != NULL ? params : NULL, error);
  if (result == NULL)
    return FALSE;
  text = PQntuples (result) > 0 ? ts_pg_value (result, 0, 0) : NULL;
  if (text == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "Not found");
      return FALSE;
    }
  ts_request_take_response_text (req, status, g_strdup (text));
  return TRUE;
}

gboolean
ts_selling_call_body (TsRequest   *req,
                      PGconn      *conn,
                      const char  *sql,
                      const char  *id_member,
                      guint        status,
                      GError     **error)
{
  g_autofree char *text = NULL;

  if (id_member != NULL)
    json_object_set_int_member (json_node_get_object (req->body), id_member, req->ids[0]);
  text = json_to_string (req->body, FALSE);
  return ts_selling_call (req, conn, sql, text, status, error);
}

JsonObject *
ts_selling_check_body (TsRequest          *req,
                       const char * const *allowed,
                       const char * const *integer_members,
                       GError            **error)
{
  if (req->body == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A JSON object body is required");
      return NULL;
    }
  if (!ts_selling_check_object (req->body, "body", allowed, integer_members, error))
    return NULL;
  return json_node_get_object (req->body);
}

gboolean
ts_selling_check_list (JsonObject         *body,
                       const char         *member,
                       gboolean            required,
                       const char * const *allowed,
                       const char * const *integer_members,
                       GError            **error)
{
  JsonNode *node = json_object_get_member (body, member);
  JsonArray *array;

  if (node == NULL)
    {
      if (required)
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: required", member);
      return !required;
    }
  /* null is no list: passed on, SQL would fail on it in its own words */
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be a list", member);
      return FALSE;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > 1000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: at most 1000 at a time", member);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", member, i);

      if (allowed == NULL)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be text", where);
              return FALSE;
            }
          if (!ts_validate_optional (where, json_node_get_string (element), 200, error))
            return FALSE;
        }
      else if (!ts_selling_check_object (json_array_get_element (array, i), where, allowed, integer_members, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ts_selling_check_texts (JsonObject         *body,
                        const char         *member,
                        const char * const *texts,
                        guint               max_chars,
                        GError            **error)
{
  JsonArray *list = ts_json_lookup_array (body, member);

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      for (guint t = 0; texts[t] != NULL; t++)
        {
          JsonNode *node = json_object_get_member (json_node_get_object (element), texts[t]);
          g_autofree char *where = g_strdup_printf ("%s[%u].%s", member, i, texts[t]);

          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be text", where);
              return FALSE;
            }
          if (!ts_validate_optional (where, json_node_get_string (node), max_chars, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
ts_selling_check_cart_id (JsonObject  *body,
                          const char  *member,
                          gboolean     required,
                          GError     **error)
{
  const char *value = NULL;

  if (!ts_json_get_string (body, member, required, &value, NULL, error))
    return FALSE;
  if (value != NULL && !g_uuid_string_is_valid (value))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: not a cart identifier", member);
      return FALSE;
    }
  return TRUE;
}

gboolean
ts_selling_check_override (JsonObject  *body,
                           GError     **error)
{
  static const char * const allowed[] = { "reason", NULL };
  JsonNode *node = json_object_get_member (body, "override");
  const char *reason = NULL;

  if (node == NULL)
    return TRUE;
  if (!ts_selling_check_object (node, "override", allowed, NULL, error)
      || !ts_json_get_string (json_node_get_object (node), "reason", TRUE, &reason, NULL, error))
    return FALSE;
  return ts_validate_optional ("override.reason", reason, 500, error);
}
