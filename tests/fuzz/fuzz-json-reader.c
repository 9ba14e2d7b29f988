/* fuzz-json-reader.c — the request body decoder (ts_json_reader_parse,
 * every route's body): any bytes in, a tree or a refusal out.  What it
 * accepts must be JSON as RFC 8259 says, within its limits: it reads back
 * the same from its own text, and json-glib reads it the same. */
#include <string.h>

#include "ts-error.h"
#include "ts-json-reader.h"
#include "ts-fuzz.h"

/* Depth, and every string and member name UTF-8 without NUL (a C string
 * cannot hold one: json-glib would cut the text there). */
static guint
check_tree (JsonNode *node)
{
  guint deepest = 0;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            guint depth = check_tree (member);   /* once: MAX() evaluates twice */

            ts_fuzz_assert (g_utf8_validate (name, -1, NULL), "a member name that is not UTF-8");
            deepest = MAX (deepest, depth);
          }
        return deepest + 1;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            guint depth = check_tree (json_array_get_element (array, i));

            deepest = MAX (deepest, depth);
          }
        return deepest + 1;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        ts_fuzz_assert (g_utf8_validate (json_node_get_string (node), -1, NULL), "a string that is not UTF-8");
      return 0;
    case JSON_NODE_NULL:
    default:
      return 0;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ts_json_reader_parse ("body", (const char *) data, size, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;

  if (root == NULL)
    {
      ts_fuzz_check_error (error);
      ts_fuzz_assert (g_str_has_prefix (error->message, "body"), "“%s” does not name the body", error->message);
      /* a message quotes only the start of what was sent */
      ts_fuzz_assert (strlen (error->message) < 600, "a message of %zu bytes", strlen (error->message));
      return 0;
    }
  ts_fuzz_assert (error == NULL, "a tree and an error");
  ts_fuzz_assert (check_tree (root) <= TS_JSON_READER_MAX_DEPTH, "nested deeper than %d", TS_JSON_READER_MAX_DEPTH);
  ts_fuzz_assert (memchr (data, '\0', size) == NULL, "a body with a NUL was taken");

  /* its own text reads back the same, except where json-glib cannot write
   * it: it writes 1e17 as "1e+17.0" and -2e-92 as "-2e-92.0", which are not
   * JSON (found by this fuzzer; plans keep their numbers within ±1,000,000
   * partly for that) */
  text = json_to_string (root, FALSE);
  if (g_regex_match_simple ("[eE][-+]?[0-9]+\\.0", text, 0, 0))
    return 0;
  again = ts_json_reader_parse ("body", text, strlen (text), &error);
  ts_fuzz_assert (again != NULL, "“%.200s” does not read back: %s", text, error->message);
  ts_fuzz_assert (json_node_equal (root, again), "“%.200s” reads back otherwise", text);

  /* and json-glib, more lenient, reads the input the same */
  parser = json_parser_new_immutable ();
  ts_fuzz_assert (json_parser_load_from_data (parser, (const char *) data, size, NULL),
                  "json-glib refuses what the reader took");
  ts_fuzz_assert (json_node_equal (root, json_parser_get_root (parser)), "json-glib reads it otherwise");
  return 0;
}
