/* ts-json.c — typed member access for JSON objects */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-validate.h"

#include "ts-json.h"

typedef gboolean (*Holds) (JsonNode *node);

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
holds_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
holds_bool (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
holds_array (JsonNode *node)
{
  return JSON_NODE_HOLDS_ARRAY (node);
}

static gboolean
holds_object (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node);
}

/* The lenient readers' nodes: NULL when absent or of another type. */
static JsonNode *
member_if (JsonObject *object,
           const char *member,
           Holds       holds)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && holds (node) ? node : NULL;
}

static JsonNode *
element_if (JsonArray *array,
            guint      index,
            Holds      holds)
{
  JsonNode *node = array && index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;

  return node != NULL && holds (node) ? node : NULL;
}

static gboolean
refuse (GError     **error,
        const char  *where,
        const char  *what)
{
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be %s", where, what);
  return FALSE;
}

/* A value member: *out_node NULL when it is absent or null (refused as
 * "is required" when required), else it must be what holds accepts. */
static gboolean
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        Holds        holds,
        const char  *what,
        gboolean    *out_present,
        JsonNode   **out_node,
        GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (out_present != NULL)
    *out_present = node != NULL;
  *out_node = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is required", member);
      return FALSE;
    }
  if (!holds (node))
    return refuse (error, member, what);
  *out_node = node;
  return TRUE;
}

/* A list or object member: null is refused like any other type, never
 * taken for absent. */
static gboolean
lookup_container (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  Holds        holds,
                  const char  *what,
                  JsonNode   **out_node,
                  GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  *out_node = NULL;
  if (node == NULL)
    {
      if (required)
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is required (%s)", member, what);
      return !required;
    }
  if (!holds (node))
    return refuse (error, member, what);
  *out_node = node;
  return TRUE;
}

/* Element index of a list (already known to be that long). */
static JsonNode *
element (JsonArray   *array,
         guint        index,
         const char  *where,
         Holds        holds,
         const char  *what,
         GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!holds (node))
    {
      refuse (error, where, what);
      return NULL;
    }
  return node;
}

static gboolean
out_of_range (GError     **error,
              const char  *member,
              gint64       min,
              gint64       max)
{
  if (min == 1 && max == G_MAXINT32)
    g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                 "%s: must be an id (a whole number from 1 to %d)", member, G_MAXINT32);
  else
    g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                 "%s: must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                 member, min, max);
  return FALSE;
}

/* A whole number node from min to max; where names it. */
static gboolean
int_in_range (JsonNode    *node,
              const char  *where,
              gint64       min,
              gint64       max,
              gint64      *out_value,
              GError     **error)
{
  gint64 value = json_node_get_int (node);

  if (value < min || value > max)
    return out_of_range (error, where, min, max);
  *out_value = value;
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
  if (!lookup (object, member, required, holds_string, "a string", out_present, &node, error))
    return FALSE;
  if (node != NULL)
    *out_value = json_node_get_string (node);
  return TRUE;
}

gboolean
ts_json_get_int_range (JsonObject  *object,
                       const char  *member,
                       gboolean     required,
                       gint64       min,
                       gint64       max,
                       gint64      *out_value,
                       gboolean    *out_present,
                       GError     **error)
{
  JsonNode *node;

  *out_value = 0;
  if (!lookup (object, member, required, holds_int, "a whole number", out_present, &node, error))
    return FALSE;
  return node == NULL || int_in_range (node, member, min, max, out_value, error);
}

gboolean
ts_json_get_int (JsonObject  *object,
                 const char  *member,
                 gboolean     required,
                 gint64      *out_value,
                 gboolean    *out_present,
                 GError     **error)
{
  return ts_json_get_int_range (object, member, required, G_MININT32, G_MAXINT32,
                                out_value, out_present, error);
}

gboolean
ts_json_get_int64 (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gint64      *out_value,
                   gboolean    *out_present,
                   GError     **error)
{
  return ts_json_get_int_range (object, member, required, G_MININT64, G_MAXINT64,
                                out_value, out_present, error);
}

gboolean
ts_json_get_id (JsonObject  *object,
                const char  *member,
                gboolean     required,
                gint64      *out_value,
                gboolean    *out_present,
                GError     **error)
{
  return ts_json_get_int_range (object, member, required, 1, G_MAXINT32, out_value, out_present, error);
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
  if (!lookup (object, member, required, holds_bool, "true or false", out_present, &node, error))
    return FALSE;
  if (node != NULL)
    *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
ts_json_get_array (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **out_value,
                   GError     **error)
{
  JsonNode *node;

  *out_value = NULL;
  if (!lookup_container (object, member, required, holds_array, "a list", &node, error))
    return FALSE;
  if (node != NULL)
    *out_value = json_node_get_array (node);
  return TRUE;
}

gboolean
ts_json_get_object (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    JsonObject **out_value,
                    GError     **error)
{
  JsonNode *node;

  *out_value = NULL;
  if (!lookup_container (object, member, required, holds_object, "an object", &node, error))
    return FALSE;
  if (node != NULL)
    *out_value = json_node_get_object (node);
  return TRUE;
}

gboolean
ts_json_element_object (JsonArray   *array,
                        guint        index,
                        const char  *where,
                        JsonObject **out_value,
                        GError     **error)
{
  JsonNode *node = element (array, index, where, holds_object, "an object", error);

  *out_value = node ? json_node_get_object (node) : NULL;
  return node != NULL;
}

gboolean
ts_json_element_string (JsonArray   *array,
                        guint        index,
                        const char  *where,
                        const char **out_value,
                        GError     **error)
{
  JsonNode *node = element (array, index, where, holds_string, "a string", error);

  *out_value = node ? json_node_get_string (node) : NULL;
  return node != NULL;
}

gboolean
ts_json_element_int (JsonArray   *array,
                     guint        index,
                     const char  *where,
                     gint64       min,
                     gint64       max,
                     gint64      *out_value,
                     GError     **error)
{
  JsonNode *node = element (array, index, where, holds_int, "a whole number", error);

  *out_value = 0;
  return node != NULL && int_in_range (node, where, min, max, out_value, error);
}

char *
ts_json_member_label (const char *member)
{
  gsize len = strlen (member);

  for (const char *p = member; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      len = 0;
  /* a member someone made up is theirs: quoted, and only its start */
  if (len == 0 || len > 40)
    return ts_validate_quote (member);
  return g_strdup (member);
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
          g_autofree char *label = ts_json_member_label (l->data);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is not a known field here", label);
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
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return FALSE;
  /* json-glib reads 1e999 as infinity, which it then writes as "inf.0" (not
   * JSON): not a number we take, and *out_value keeps the caller's default */
  if (!isfinite (value))
    return FALSE;
  *out_value = value;
  return TRUE;
}

const char *
ts_json_lookup_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = member_if (object, member, holds_string);

  return node ? json_node_get_string (node) : NULL;
}

JsonArray *
ts_json_lookup_array (JsonObject *object,
                      const char *member)
{
  JsonNode *node = member_if (object, member, holds_array);

  return node ? json_node_get_array (node) : NULL;
}

JsonObject *
ts_json_lookup_object (JsonObject *object,
                       const char *member)
{
  JsonNode *node = member_if (object, member, holds_object);

  return node ? json_node_get_object (node) : NULL;
}

JsonObject *
ts_json_lookup_element_object (JsonArray *array,
                               guint      index)
{
  JsonNode *node = element_if (array, index, holds_object);

  return node ? json_node_get_object (node) : NULL;
}

const char *
ts_json_lookup_element_string (JsonArray *array,
                               guint      index)
{
  JsonNode *node = element_if (array, index, holds_string);

  return node ? json_node_get_string (node) : NULL;
}

gboolean
ts_json_lookup_element_int (JsonArray *array,
                            guint      index,
                            gint64    *out_value)
{
  JsonNode *node = element_if (array, index, holds_int);

  if (node == NULL)
    return FALSE;
  *out_value = json_node_get_int (node);
  return TRUE;
}
