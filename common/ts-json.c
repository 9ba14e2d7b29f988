/* ts-json.c — typed member access for JSON objects */
#include "ts-error.h"
#include <math.h>

#include "ts-json.h"

static gboolean
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        gboolean    *out_present,
        JsonNode   **out_node,
        GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (out_present != NULL)
    *out_present = node != NULL;
  *out_node = node;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is required", member);
          return FALSE;
        }
      *out_node = NULL;
    }
  return TRUE;
}

gboolean
ts_json_get_string (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    const char **out_value,
                    gboolean    *out_present,
                    GError     **error)
{
  JsonNode *node;

  *out_value = NULL;
  if (!lookup (object, member, required, out_present, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be a string", member);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

gboolean
ts_json_get_int (JsonObject  *object,
                 const char  *member,
                 gboolean     required,
                 gint64      *out_value,
                 gboolean    *out_present,
                 GError     **error)
{
  JsonNode *node;

  *out_value = 0;
  if (!lookup (object, member, required, out_present, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be a whole number", member);
      return FALSE;
    }
  *out_value = json_node_get_int (node);
  return TRUE;
}

gboolean
ts_json_get_bool (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  gboolean    *out_value,
                  gboolean    *out_present,
                  GError     **error)
{
  JsonNode *node;

  *out_value = FALSE;
  if (!lookup (object, member, required, out_present, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be true or false", member);
      return FALSE;
    }
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
ts_json_check_members (JsonObject          *object,
                       const char * const  *allowed,
                       GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is not a known field here",
                       (const char *) l->data);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ts_json_check_not_null (JsonObject  *object,
                        const char  *member,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: cannot be empty", member);
      return FALSE;
    }
  return TRUE;
}

char *
ts_json_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

gboolean
ts_json_lookup_number (JsonObject *object,
                       const char *member,
                       double     *out_value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out_value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out_value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out_value);
}

const char *
ts_json_lookup_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonArray *
ts_json_lookup_array (JsonObject *object,
                      const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
ts_json_lookup_object (JsonObject *object,
                       const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
