/* ts-face-fill.c — a face filled with one ticket: its placeholders replaced
 * by escaped values and its barcode box replaced by the QR code (F1, F2) */
#include <string.h>

#include "ts-error.h"
#include "ts-face-private.h"
#include "ts-face.h"

/* docs/api.md "Ticket faces" lists them for people; HACKING.md says how to
 * add one. */
static const char * const placeholders[] = {
  "event", "performance_date", "performance_time", "venue", "section", "row", "seat", "area", "place",
  "price", "ticket_type", "display_letter", "patron", "order_number", "ticket_number", "seller", "owner",
  "owner_logo", NULL
};

const char * const *
ts_face_placeholders (void)
{
  return placeholders;
}

static gboolean
is_placeholder (const char *name)
{
  return g_strv_contains (placeholders, name);
}

/* {{ name }} → the value, escaped for text and attributes alike; an unknown
 * name stays as written (it may be the face's own text). */
static char *
replace_placeholders (const char *svg,
                      GHashTable *values)
{
  GString *out = g_string_sized_new (strlen (svg) + 256);
  const char *p = svg;

  for (const char *open = strstr (p, "{{"); open != NULL; open = strstr (p, "{{"))
    {
      const char *close = strstr (open + 2, "}}");
      g_autofree char *name = NULL;

      if (close == NULL)
        break;
      name = g_strstrip (g_strndup (open + 2, close - open - 2));
      g_string_append_len (out, p, open - p);
      if (is_placeholder (name))
        {
          const char *value = values != NULL ? g_hash_table_lookup (values, name) : NULL;
          g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);

          g_string_append (out, escaped);
        }
      else
        g_string_append_len (out, open, close + 2 - open);
      p = close + 2;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* Where the element whose start tag ends at from closes: after its end tag,
 * counting elements of the same name inside it; NULL when it never does. */
static const char *
element_end (const char *from,
             const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  gsize open_len = strlen (open);
  const char *p = from;
  guint depth = 1;

  while (depth > 0)
    {
      const char *next_close = strstr (p, close);
      const char *next_open = strstr (p, open);

      if (next_close == NULL)
        return NULL;
      /* "<text" opens a text element, "<textPath" does not */
      while (next_open != NULL && next_open < next_close
             && (g_ascii_isalnum (next_open[open_len]) || strchr ("-_.:", next_open[open_len]) != NULL))
        next_open = strstr (next_open + open_len, open);
      if (next_open != NULL && next_open < next_close)
        {
          const char *tag_end = strchr (next_open, '>');

          if (tag_end == NULL)
            return NULL;
          if (tag_end[-1] != '/')
            depth++;
          p = tag_end + 1;
        }
      else
        {
          depth--;
          p = next_close + strlen (close);
        }
    }
  return p;
}

/* F1: an element marked data-if="row" prints only when the ticket has a
 * value for that placeholder: a general-admission ticket has no row or seat,
 * and the headings over them go with them.  A name that is no placeholder
 * keeps its element (as {{unknown}} stays as written). */
static char *
drop_empty_conditionals (const char *svg,
                         GHashTable *values)
{
  static GRegex *regex;
  GString *out = g_string_sized_new (strlen (svg));
  const char *p = svg;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("<([A-Za-z][A-Za-z0-9:_.-]*)\\s[^<>]*\\bdata-if\\s*=\\s*[\"']\\s*([A-Za-z_]+)\\s*[\"'][^<>]*>",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  for (;;)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *tag = NULL;
      g_autofree char *name = NULL;
      g_autofree char *key = NULL;
      const char *value;
      const char *after;
      int start, end;

      if (!g_regex_match (regex, p, 0, &match))
        break;
      g_match_info_fetch_pos (match, 0, &start, &end);
      tag = g_match_info_fetch (match, 0);
      name = g_match_info_fetch (match, 1);
      key = g_match_info_fetch (match, 2);
      value = values != NULL ? g_hash_table_lookup (values, key) : NULL;
      if (!is_placeholder (key) || (value != NULL && *value != '\0'))
        {
          g_string_append_len (out, p, end);
          p += end;
          continue;
        }
      after = g_str_has_suffix (tag, "/>") ? p + end : element_end (p + end, name);
      if (after == NULL)
        break;   /* never closed: the check refuses such a face; print it as it is */
      g_string_append_len (out, p, start);
      p = after;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

typedef struct
{
  double x, y, width, height;
  char  *transform;
  gboolean found;
} Box;

static void
box_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  Box *box = user_data;

  box->found = TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "x"))
        box->x = g_ascii_strtod (values[i], NULL);
      else if (g_str_equal (names[i], "y"))
        box->y = g_ascii_strtod (values[i], NULL);
      else if (g_str_equal (names[i], "width"))
        box->width = g_ascii_strtod (values[i], NULL);
      else if (g_str_equal (names[i], "height"))
        box->height = g_ascii_strtod (values[i], NULL);
      else if (g_str_equal (names[i], "transform"))
        box->transform = g_markup_escape_text (values[i], -1);
    }
}

static const GMarkupParser box_parser = { box_start, NULL, NULL, NULL, NULL };

/* The element id="barcode" (start, end) in svg, and its box. */
static gboolean
find_barcode (const char *svg,
              gsize      *out_start,
              gsize      *out_end,
              Box        *box)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *name = NULL;
  g_autofree char *closed = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  int start, end;

  /* compiled once: a group order fills hundreds of faces (GRegex matches
   * from any thread) */
  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("<([A-Za-z][A-Za-z0-9:_.-]*)\\s[^<>]*\\bid\\s*=\\s*[\"']barcode[\"'][^<>]*>",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (regex, svg, 0, &match))
    return FALSE;
  g_match_info_fetch_pos (match, 0, &start, &end);
  tag = g_match_info_fetch (match, 0);
  name = g_match_info_fetch (match, 1);
  if (g_str_has_suffix (tag, "/>"))
    closed = g_strdup (tag);
  else
    {
      g_autofree char *end_tag = g_strdup_printf ("</%s>", name);
      const char *after = strstr (svg + end, end_tag);

      if (after == NULL)
        return FALSE;
      end = after + strlen (end_tag) - svg;
      closed = g_strdup_printf ("%.*s/>", (int) strlen (tag) - 1, tag);
    }
  context = g_markup_parse_context_new (&box_parser, 0, box, NULL);
  if (!g_markup_parse_context_parse (context, closed, -1, NULL) || !box->found)
    return FALSE;
  *out_start = start;
  *out_end = end;
  return TRUE;
}

char *
ts_face_fill (const char  *svg,
              GHashTable  *values,
              const char  *barcode,
              GError     **error)
{
  g_autofree char *kept = drop_empty_conditionals (svg, values);
  g_autofree char *filled = replace_placeholders (kept, values);
  g_autofree char *qr = NULL;
  gsize start, end;
  Box box = { 0 };
  GString *out;

  if (barcode == NULL)
    return g_steal_pointer (&filled);
  if (!find_barcode (filled, &start, &end, &box) || box.width <= 0 || box.height <= 0)
    {
      g_free (box.transform);
      /* a face without a box prints no barcode: the editor says so */
      return g_steal_pointer (&filled);
    }
  qr = _ts_face_qr_svg (barcode, box.x, box.y, box.width, box.height, error);
  if (qr == NULL)
    {
      g_free (box.transform);
      return NULL;
    }
  out = g_string_new_len (filled, start);
  g_string_append (out, "<g id=\"barcode\"");
  if (box.transform != NULL)
    g_string_append_printf (out, " transform=\"%s\"", box.transform);
  g_string_append_printf (out, ">%s</g>", qr);
  g_string_append (out, filled + end);
  g_free (box.transform);
  return g_string_free (out, FALSE);
}
