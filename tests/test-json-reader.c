/* test-json-reader.c — the strict request-body decoder: exactly RFC 8259
 * JSON, bounded nesting, and messages that name the place of the fault */
#include <string.h>

#include "ts-error.h"
#include "ts-json-reader.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = ts_json_reader_parse ("body", text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Refused with TS_ERROR_INVALID; returns the message. */
static char *
refuse (const char *text,
        gsize       length)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = ts_json_reader_parse ("body", text, length, &error);
  char *message;

  if (node != NULL)
    g_error ("accepted %.*s", (int) length, text);
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "body: "));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* a message quotes at most a short prefix of what was sent */
  g_assert_cmpuint (strlen (error->message), <, 300);
  message = g_strdup (error->message);
  g_test_message ("%s", message);
  return message;
}

static void
assert_refused (const char *text,
                const char *in_message)
{
  g_autofree char *message = refuse (text, strlen (text));

  if (in_message != NULL && strstr (message, in_message) == NULL)
    g_error ("“%s”: expected “%s” in “%s”", text, in_message, message);
}

/* Valid JSON gives the same tree json-glib would build. */
static void
test_valid (void)
{
  const char *documents[] = {
    "{}", "[]", "0", "-0", "\"\"", "true", "null",
    " \t\r\n{ \"a\" : [ 1 , -2 , 2.5 , -1e-3 , 1E+2 , true , false , null ] } \n",
    "{\"text\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}",
    "{\"utf8\": \"été ✓ 😀\"}",
    "[9223372036854775807, -9223372036854775808, 1.7976931348623157e308, 5e-324]",
    "{\"a\": {\"b\": {\"c\": [[[]]]}}, \"d\": \"\"}",
    NULL
  };

  for (guint i = 0; documents[i] != NULL; i++)
    {
      g_autoptr(JsonNode) ours = parse (documents[i]);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      g_assert_true (json_parser_load_from_data (parser, documents[i], -1, &error));
      expected = json_to_string (json_parser_get_root (parser), FALSE);
      got = json_to_string (ours, FALSE);
      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_numbers (void)
{
  g_autoptr(JsonNode) integers = parse ("[1, -9223372036854775808, 9223372036854775807]");
  g_autoptr(JsonNode) doubles = parse ("[1.0, 1e2, -0.5]");
  JsonArray *array = json_node_get_array (integers);

  g_assert_true (json_node_get_value_type (json_array_get_element (array, 0)) == G_TYPE_INT64);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  g_assert_cmpint (json_array_get_int_element (array, 2), ==, G_MAXINT64);
  array = json_node_get_array (doubles);
  for (guint i = 0; i < 3; i++)
    g_assert_true (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 100.0);

  assert_refused ("9223372036854775808", "does not fit in 64 bits");
  assert_refused ("-9223372036854775809", "does not fit in 64 bits");
  assert_refused ("[123456789012345678901234567890]", "does not fit in 64 bits");
  assert_refused ("1e400", "out of range");
  assert_refused ("-1e400", "out of range");
  assert_refused ("01", "not a JSON number");
  assert_refused ("-01", "not a JSON number");
  assert_refused ("+1", "not a JSON number");
  assert_refused (".5", "not a JSON number");
  assert_refused ("1.", "not a JSON number");
  assert_refused ("1.e3", "not a JSON number");
  assert_refused ("1e", "not a JSON number");
  assert_refused ("0x10", "not a JSON number");
  assert_refused ("-", "not a JSON number");
  assert_refused ("-Infinity", "not a JSON number");
  assert_refused ("1_000", "not a JSON number");
}

/* Everything json-glib 1.6 (or JavaScript) would let through that is not
 * JSON. */
static void
test_not_json (void)
{
  assert_refused ("{'login': 'x'}", "strings go in double quotes, not single");
  assert_refused ("{\"login\": 'x'}", "double quotes");
  assert_refused ("{login: \"x\"}", "member name in double quotes");
  assert_refused ("{\"a\": 1 /* why */}", "no comments");
  assert_refused ("/* c */ {}", "no comments");
  assert_refused ("// c\n{}", "no comments");
  assert_refused ("# c\n{}", "no comments");
  assert_refused ("[1, 2,]", "trailing comma");
  assert_refused ("{\"a\": 1,}", "trailing comma");
  assert_refused ("[,1]", "expected a value");
  assert_refused ("[1 2]", "expected “,” or “]”");
  assert_refused ("{\"a\" 1}", "expected “:”");
  assert_refused ("{\"a\": 1 \"b\": 2}", "expected “,” or “}”");
  assert_refused ("NaN", "not a JSON value");
  assert_refused ("Infinity", "not a JSON value");
  assert_refused ("undefined", "not a JSON value");
  assert_refused ("True", "not a JSON value");
  assert_refused ("nul", "not a JSON value");
  assert_refused ("nullx", "not a JSON value");
  assert_refused ("{} {}", "after the end of the JSON value");
  assert_refused ("{}x", "after the end of the JSON value");
  assert_refused ("", "expected a value");
  assert_refused ("   \n", "expected a value");
  assert_refused ("[", "expected a value");
  assert_refused ("[1", "expected “,” or “]”");
  assert_refused ("{\"a\"", "expected “:”");
  assert_refused ("\"abc", "never ends");
  assert_refused ("\"a\\x41\"", "not a JSON escape");
  assert_refused ("\"a\\u12\"", "four hex digits");
  assert_refused ("\"a\\u12G4\"", "four hex digits");
  assert_refused ("\"tab\there\"", "control character");
  assert_refused ("\"line\nbreak\"", "control character");
  assert_refused ("\xEF\xBB\xBF{}", "byte-order mark");
  assert_refused ("\x01", "expected a value");
}

static void
test_text (void)
{
  /* NUL, raw or escaped: text would be cut at it further on */
  g_autofree char *raw_nul = refuse ("{\"a\": \"x\0y\"}", 12);
  g_autofree char *between = refuse ("{}\0", 3);

  g_assert_nonnull (strstr (raw_nul, "NUL"));
  g_assert_nonnull (strstr (between, "NUL"));
  assert_refused ("{\"a\": \"x\\u0000y\"}", "NUL");
  assert_refused ("{\"a\\u0000\": 1}", "NUL");
  /* lone surrogates cannot be written as UTF-8 */
  assert_refused ("\"\\ud800\"", "lone surrogate");
  assert_refused ("\"\\ud800x\"", "lone surrogate");
  assert_refused ("\"\\ud800\\u0041\"", "lone surrogate");
  assert_refused ("\"\\udc00\"", "lone surrogate");
  assert_refused ("\"\\udbff\\udbff\"", "lone surrogate");
  /* bytes that are not UTF-8 */
  assert_refused ("\"\xff\"", "not valid UTF-8");
  assert_refused ("\"\xc0\xaf\"", "not valid UTF-8");          /* overlong "/" */
  assert_refused ("\"\xed\xa0\x80\"", "not valid UTF-8");      /* a surrogate, encoded */
  assert_refused ("\"\xf4\x90\x80\x80\"", "not valid UTF-8");  /* beyond U+10FFFF */
  assert_refused ("\"\xe2\x82\"", "not valid UTF-8");          /* cut short */
}

static void
test_duplicates (void)
{
  assert_refused ("{\"a\": 1, \"a\": 2}", "body: the member “a” appears twice");
  assert_refused ("{\"seats\": [{\"n\": 1}, {\"n\": 1, \"n\": 2}]}",
                  "body: seats[1]: the member “n” appears twice");
  /* the same name spelt with an escape is the same name */
  assert_refused ("{\"a\": 1, \"\\u0061\": 2}", "appears twice");
}

static void
test_depth (void)
{
  GString *ok = g_string_new (NULL);
  GString *deep = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *message = NULL;

  for (guint i = 0; i < TS_JSON_READER_MAX_DEPTH; i++)
    g_string_append (ok, i % 2 ? "[" : "{\"a\":");
  g_string_append (ok, "1");
  for (guint i = TS_JSON_READER_MAX_DEPTH; i > 0; i--)
    g_string_append (ok, (i - 1) % 2 ? "]" : "}");
  node = parse (ok->str);

  /* ~75,000 levels in 150 KB once overflowed the stack: now refused at 65,
   * and the message does not repeat the whole path */
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (deep, ']');
  message = refuse (deep->str, deep->len);
  g_assert_cmpstr (message, ==, "body: nested deeper than 64 levels");
  g_string_truncate (deep, 0);
  for (guint i = 0; i <= TS_JSON_READER_MAX_DEPTH; i++)
    g_string_append (deep, "{\"a\":");
  assert_refused (deep->str, "nested deeper than 64 levels");

  g_string_free (ok, TRUE);
  g_string_free (deep, TRUE);
}

static void
test_places (void)
{
  g_autoptr(GString) long_name = g_string_new ("{\"");

  assert_refused ("{\"seats\": [{}, {}, {}, {\"number\": 99999999999999999999}]}",
                  "body: seats[3].number: the integer “9999999999999999…” does not fit in 64 bits");
  assert_refused ("{\"items\": [{\"qty\": 1}, {\"qty\": NaN}]}", "body: items[1].qty: “NaN” is not a JSON value");
  assert_refused ("{\"a\": {\"b c\": [tru]}}", "body: a.“b c”[0]: “tru” is not a JSON value");
  assert_refused ("{\"note\": \"ab\\q\"}", "body: note: “\\q” at byte 12 is not a JSON escape");
  /* a long bare word is quoted as a short prefix */
  assert_refused ("{\"a\": nope_this_is_a_very_long_bare_word_that_goes_on_and_on}",
                  "“nope_this_is_a_v…” is not a JSON value");
  /* and a long member name too */
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (long_name, 'x');
  g_string_append (long_name, "\": NaN}");
  assert_refused (long_name->str, "body: “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”: “NaN”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/valid", test_valid);
  g_test_add_func ("/json-reader/numbers", test_numbers);
  g_test_add_func ("/json-reader/not-json", test_not_json);
  g_test_add_func ("/json-reader/text", test_text);
  g_test_add_func ("/json-reader/duplicates", test_duplicates);
  g_test_add_func ("/json-reader/depth", test_depth);
  g_test_add_func ("/json-reader/places", test_places);

  return g_test_run ();
}
