/* ts-json-reader.c — strict RFC 8259 JSON to a json-glib tree, with bounded
 * recursion and messages that name the place of the fault */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-json-reader.h"

/* Longest piece of the client's own text quoted back in a message. */
#define QUOTE_CHARS   16
#define NAME_CHARS    32
#define PATH_CHARS    120

typedef struct
{
  char   *member;    /* the member being read, or NULL in an array */
  guint   index;
} Step;

typedef struct
{
  const char *what;
  const char *data;
  gsize       length;
  gsize       pos;
  guint       depth;
  Step        path[TS_JSON_READER_MAX_DEPTH + 1];
  GError    **error;
  gboolean    failed;
} Reader;

static JsonNode *read_value (Reader *r);

/* At most max_chars characters of text (valid UTF-8), between quotes, with
 * control characters shown as '?' so a message stays one readable line;
 * "…" says when there was more (unless it is only what comes next). */
static void
append_quoted (GString    *out,
               const char *text,
               gsize       length,
               guint       max_chars,
               gboolean    ellipsis)
{
  const char *p = text;
  const char *end = text + length;
  guint n = 0;

  g_string_append (out, "“");
  while (p < end && n < max_chars)
    {
      const char *next = g_utf8_find_next_char (p, end);

      if (next == NULL)
        next = end;
      if ((guchar) *p < 0x20)
        g_string_append_c (out, '?');
      else
        g_string_append_len (out, p, next - p);
      p = next;
      n++;
    }
  if (p < end && ellipsis)
    g_string_append (out, "…");
  g_string_append (out, "”");
}

static char *
describe_path (Reader *r)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; i < r->depth; i++)
    {
      if (r->path[i].member == NULL)
        g_string_append_printf (path, "[%u]", r->path[i].index);
      else
        {
          const char *name = r->path[i].member;
          gsize length = strlen (name);
          gboolean plain = length > 0 && length <= NAME_CHARS;

          for (gsize c = 0; plain && c < length; c++)
            plain = g_ascii_isalnum (name[c]) || name[c] == '_' || name[c] == '-';
          if (path->len > 0)
            g_string_append_c (path, '.');
          if (plain)
            g_string_append (path, name);
          else
            append_quoted (path, name, length, NAME_CHARS, TRUE);
        }
    }
  if (path->len > PATH_CHARS)
    {
      /* keep the innermost part, which says the most */
      const char *tail = g_utf8_find_next_char (path->str + path->len - PATH_CHARS, NULL);
      char *shortened = g_strconcat ("…", tail, NULL);

      g_string_assign (path, shortened);
      g_free (shortened);
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void fail (Reader     *r,
                  gboolean    with_path,
                  const char *format,
                  ...) G_GNUC_PRINTF (3, 4);

static void
fail (Reader     *r,
      gboolean    with_path,
      const char *format,
      ...)
{
  g_autofree char *problem = NULL;
  g_autofree char *path = NULL;
  va_list args;

  if (r->failed)
    return;
  r->failed = TRUE;
  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  path = with_path ? describe_path (r) : g_strdup ("");
  g_set_error (r->error, TS_ERROR, TS_ERROR_INVALID, "%s: %s%s%s", r->what, path,
               path[0] != '\0' ? ": " : "", problem);
}

/* "“x” at byte N" (chars characters), or "the end of the text", for what
 * was found at pos. */
static char *
describe_here (Reader *r,
               guint   chars)
{
  GString *text = g_string_new (NULL);

  if (r->pos >= r->length)
    g_string_append (text, "the end of the text");
  else
    {
      append_quoted (text, r->data + r->pos, r->length - r->pos, chars, FALSE);
      g_string_append_printf (text, " at byte %" G_GSIZE_FORMAT, r->pos);
    }
  return g_string_free (text, FALSE);
}

static void
fail_unexpected (Reader     *r,
                 const char *expected)
{
  g_autofree char *found = NULL;
  char c = r->pos < r->length ? r->data[r->pos] : '\0';

  /* the commonest non-JSON gets its own words */
  if (c == '/' || c == '#')
    fail (r, TRUE, "JSON has no comments (at byte %" G_GSIZE_FORMAT ")", r->pos);
  else if (c == '\'')
    fail (r, TRUE, "strings go in double quotes, not single (at byte %" G_GSIZE_FORMAT ")", r->pos);
  else
    {
      found = describe_here (r, 1);
      fail (r, TRUE, "expected %s, found %s", expected, found);
    }
}

static void
skip_space (Reader *r)
{
  while (r->pos < r->length)
    {
      char c = r->data[r->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      r->pos++;
    }
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits after "\u" at pos; -1 when they are not there. */
static gint32
read_hex4 (Reader *r)
{
  gint32 value = 0;

  if (r->pos + 4 > r->length)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_digit (r->data[r->pos + i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  r->pos += 4;
  return value;
}

/* A string at pos (which is its opening quote); returns it decoded. */
static char *
read_string (Reader *r)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize start = r->pos;

  r->pos++;
  for (;;)
    {
      gsize run = r->pos;
      char c;

      /* copy the plain run at once (the whole text is already known to be
       * UTF-8 without NUL) */
      while (run < r->length && r->data[run] != '"' && r->data[run] != '\\'
             && (guchar) r->data[run] >= 0x20)
        run++;
      g_string_append_len (text, r->data + r->pos, run - r->pos);
      r->pos = run;
      if (r->pos >= r->length)
        {
          r->pos = start;
          fail (r, TRUE, "a string that starts at byte %" G_GSIZE_FORMAT " never ends", start);
          return NULL;
        }
      c = r->data[r->pos];
      if (c == '"')
        {
          r->pos++;
          return g_string_free (g_steal_pointer (&text), FALSE);
        }
      if (c != '\\')
        {
          fail (r, TRUE, "a control character at byte %" G_GSIZE_FORMAT
                " must be escaped inside a string", r->pos);
          return NULL;
        }

      r->pos++;
      c = r->pos < r->length ? r->data[r->pos] : '\0';
      r->pos++;
      switch (c)
        {
        case '"': g_string_append_c (text, '"'); break;
        case '\\': g_string_append_c (text, '\\'); break;
        case '/': g_string_append_c (text, '/'); break;
        case 'b': g_string_append_c (text, '\b'); break;
        case 'f': g_string_append_c (text, '\f'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 'r': g_string_append_c (text, '\r'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'u':
          {
            gsize escape = r->pos - 2;
            gint32 unit = read_hex4 (r);
            gunichar code;

            if (unit < 0)
              {
                fail (r, TRUE, "“\\u” at byte %" G_GSIZE_FORMAT " must be followed by four hex digits",
                      escape);
                return NULL;
              }
            code = (gunichar) unit;
            if (code == 0)
              {
                fail (r, TRUE, "text may not contain NUL (\\u0000, at byte %" G_GSIZE_FORMAT ")", escape);
                return NULL;
              }
            if (code >= 0xDC00 && code <= 0xDFFF)
              {
                fail (r, TRUE, "a lone surrogate \\u%04X at byte %" G_GSIZE_FORMAT, code, escape);
                return NULL;
              }
            if (code >= 0xD800 && code <= 0xDBFF)
              {
                gint32 low = -1;

                if (r->pos + 2 <= r->length && r->data[r->pos] == '\\' && r->data[r->pos + 1] == 'u')
                  {
                    r->pos += 2;
                    low = read_hex4 (r);
                  }
                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    fail (r, TRUE, "a lone surrogate \\u%04X at byte %" G_GSIZE_FORMAT, code, escape);
                    return NULL;
                  }
                code = 0x10000 + ((code - 0xD800) << 10) + ((gunichar) low - 0xDC00);
              }
            g_string_append_unichar (text, code);
          }
          break;
        default:
          r->pos -= 2;
          {
            g_autofree char *found = describe_here (r, 2);

            fail (r, TRUE, "%s is not a JSON escape", found);
          }
          return NULL;
        }
    }
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.' || c == '_' || c == '$';
}

/* The maximal run of word and number characters at pos, quoted. */
static char *
quote_token (Reader *r,
             gsize   end)
{
  GString *text = g_string_new (NULL);

  append_quoted (text, r->data + r->pos, end - r->pos, QUOTE_CHARS, TRUE);
  return g_string_free (text, FALSE);
}

/* RFC 8259 section 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
number_is_valid (const char *p,
                 const char *end,
                 gboolean   *out_integer)
{
  *out_integer = TRUE;
  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  if (p < end && *p == '.')
    {
      *out_integer = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      *out_integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  return p == end;
}

static JsonNode *
read_number (Reader *r)
{
  gsize end = r->pos;
  const char *p = r->data + r->pos;
  gboolean integer;
  JsonNode *node;

  while (end < r->length && is_token_char (r->data[end]))
    end++;
  if (!number_is_valid (p, r->data + end, &integer))
    {
      g_autofree char *token = quote_token (r, end);

      fail (r, TRUE, "%s is not a JSON number", token);
      return NULL;
    }

  if (integer)
    {
      gboolean negative = *p == '-';
      guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
      guint64 value = 0;

      for (const char *d = negative ? p + 1 : p; d < r->data + end; d++)
        {
          guint digit = (guint) (*d - '0');

          if (value > (limit - digit) / 10)
            {
              g_autofree char *token = quote_token (r, end);

              fail (r, TRUE, "the integer %s does not fit in 64 bits", token);
              return NULL;
            }
          value = value * 10 + digit;
        }
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, negative ? (gint64) (0 - value) : (gint64) value);
    }
  else
    {
      g_autofree char *copy = g_strndup (p, end - r->pos);
      double value = g_ascii_strtod (copy, NULL);

      if (!isfinite (value))
        {
          g_autofree char *token = quote_token (r, end);

          fail (r, TRUE, "the number %s is out of range", token);
          return NULL;
        }
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, value);
    }
  r->pos = end;
  return node;
}

static JsonNode *
read_word (Reader *r)
{
  gsize end = r->pos;
  gsize length;
  JsonNode *node = NULL;

  while (end < r->length && is_token_char (r->data[end]))
    end++;
  length = end - r->pos;
  if (length == 4 && memcmp (r->data + r->pos, "true", 4) == 0)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, TRUE);
    }
  else if (length == 5 && memcmp (r->data + r->pos, "false", 5) == 0)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, FALSE);
    }
  else if (length == 4 && memcmp (r->data + r->pos, "null", 4) == 0)
    node = json_node_new (JSON_NODE_NULL);
  else
    {
      g_autofree char *token = quote_token (r, end);

      fail (r, TRUE, "%s is not a JSON value (strings go in double quotes; "
            "true, false and null are lower case)", token);
      return NULL;
    }
  r->pos = end;
  return node;
}

static gboolean
enter (Reader *r)
{
  if (r->depth >= TS_JSON_READER_MAX_DEPTH)
    {
      fail (r, FALSE, "nested deeper than %d levels", TS_JSON_READER_MAX_DEPTH);
      return FALSE;
    }
  r->pos++;
  return TRUE;
}

static JsonNode *
read_array (Reader *r)
{
  g_autoptr(JsonArray) array = json_array_new ();
  Step *step = &r->path[r->depth];
  JsonNode *node;

  if (!enter (r))
    return NULL;
  step->member = NULL;
  step->index = 0;

  skip_space (r);
  if (r->pos < r->length && r->data[r->pos] == ']')
    r->pos++;
  else
    for (;;)
      {
        JsonNode *element;

        r->depth++;
        element = read_value (r);
        if (element == NULL)
          return NULL;            /* the path stays as it was, for the message */
        r->depth--;
        json_array_add_element (array, element);
        skip_space (r);
        if (r->pos < r->length && r->data[r->pos] == ']')
          {
            r->pos++;
            break;
          }
        if (r->pos >= r->length || r->data[r->pos] != ',')
          {
            fail_unexpected (r, "“,” or “]” after an array element");
            return NULL;
          }
        r->pos++;
        step->index++;
        skip_space (r);
        if (r->pos < r->length && r->data[r->pos] == ']')
          {
            fail (r, TRUE, "a trailing comma before “]” at byte %" G_GSIZE_FORMAT, r->pos);
            return NULL;
          }
      }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, g_steal_pointer (&array));
  return node;
}

static JsonNode *
read_object (Reader *r)
{
  g_autoptr(JsonObject) object = json_object_new ();
  Step *step = &r->path[r->depth];
  gboolean after_comma = FALSE;
  JsonNode *node;

  if (!enter (r))
    return NULL;
  step->member = NULL;

  for (;;)
    {
      g_autofree char *name = NULL;
      JsonNode *member;

      skip_space (r);
      if (r->pos < r->length && r->data[r->pos] == '}')
        {
          if (after_comma)
            {
              fail (r, TRUE, "a trailing comma before “}” at byte %" G_GSIZE_FORMAT, r->pos);
              return NULL;
            }
          r->pos++;
          break;
        }
      if (r->pos >= r->length || r->data[r->pos] != '"')
        {
          fail_unexpected (r, "a member name in double quotes");
          return NULL;
        }
      name = read_string (r);
      if (name == NULL)
        return NULL;
      if (json_object_has_member (object, name))
        {
          GString *quoted = g_string_new (NULL);

          append_quoted (quoted, name, strlen (name), NAME_CHARS, TRUE);
          fail (r, TRUE, "the member %s appears twice", quoted->str);
          g_string_free (quoted, TRUE);
          return NULL;
        }
      skip_space (r);
      if (r->pos >= r->length || r->data[r->pos] != ':')
        {
          fail_unexpected (r, "“:” after a member name");
          return NULL;
        }
      r->pos++;

      step->member = name;
      r->depth++;
      member = read_value (r);
      if (member == NULL)
        {
          /* the message is written: forget the name before it is freed */
          step->member = NULL;
          return NULL;
        }
      r->depth--;
      step->member = NULL;
      json_object_set_member (object, name, member);

      skip_space (r);
      if (r->pos < r->length && r->data[r->pos] == '}')
        {
          r->pos++;
          break;
        }
      if (r->pos >= r->length || r->data[r->pos] != ',')
        {
          fail_unexpected (r, "“,” or “}” after an object member");
          return NULL;
        }
      r->pos++;
      after_comma = TRUE;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}

static JsonNode *
read_value (Reader *r)
{
  char c;

  skip_space (r);
  if (r->pos >= r->length)
    {
      fail (r, TRUE, "expected a value, found the end of the text");
      return NULL;
    }
  c = r->data[r->pos];
  switch (c)
    {
    case '{':
      return read_object (r);
    case '[':
      return read_array (r);
    case '"':
      {
        g_autofree char *text = read_string (r);
        JsonNode *node;

        if (text == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
      }
    default:
      if (c == '-' || g_ascii_isdigit (c) || c == '+' || c == '.')
        return read_number (r);
      if (g_ascii_isalpha (c) || c == '_' || c == '$')
        return read_word (r);
      fail_unexpected (r, "a value");
      return NULL;
    }
}

JsonNode *
ts_json_reader_parse (const char  *what,
                      const char  *data,
                      gsize        length,
                      GError     **error)
{
  Reader r = { what, data, length, 0, 0, { { NULL, 0 } }, error, FALSE };
  const char *invalid = NULL;
  JsonNode *root;

  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      fail (&r, FALSE, "starts with a byte-order mark, which JSON does not allow");
      return NULL;
    }
  /* one pass over the bytes first: nothing after this handles bad UTF-8 */
  if (!g_utf8_validate_len (data, length, &invalid))
    {
      gsize at = (gsize) (invalid - data);

      if (*invalid == '\0')
        fail (&r, FALSE, "text may not contain NUL (byte %" G_GSIZE_FORMAT ")", at);
      else
        fail (&r, FALSE, "not valid UTF-8 at byte %" G_GSIZE_FORMAT, at);
      return NULL;
    }

  root = read_value (&r);
  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (r.pos < length)
    {
      g_autofree char *found = describe_here (&r, 1);

      fail (&r, FALSE, "unexpected %s after the end of the JSON value", found);
      json_node_unref (root);
      return NULL;
    }
  return root;
}
