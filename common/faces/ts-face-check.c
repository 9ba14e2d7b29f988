/* ts-face-check.c — whether an SVG may be a ticket face, and its printed
 * size: a face is drawn by the server and every client, so it refers to
 * nothing outside itself and runs nothing (F1) */
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>

#include "ts-error.h"
#include "ts-face-private.h"
#include "ts-face.h"

/* Larger than any ticket stock or sheet: a typing mistake. */
#define MAX_SIDE_MM 1000.0
/* Pango refuses (with a critical) or fails to draw text that librsvg asks for
 * at millions of pixels, which nested transforms or a tiny viewBox reach
 * quickly (librsvg 2.54 sizes the font by the square of the drawing's
 * scale): a face stays far below, so that it still draws at ten times its
 * size (a large preview).  Its own pixels are 96 an inch. */
#define MAX_SCALE 1000.0
#define MAX_FONT_PX 500.0
#define DEFAULT_FONT_PX 16.0

/* What an element passes to its children: how much its drawing is enlarged,
 * and its font size. */
typedef struct
{
  double scale;
  double font_px;
} Frame;

typedef struct
{
  guint     depth;
  gboolean  in_style;
  GArray   *frames;     /* of Frame, one per open element */
  char     *reason;     /* the first refusal */
} Checker;

static void
refuse (Checker    *checker,
        const char *reason)
{
  if (checker->reason == NULL)
    checker->reason = g_strdup (reason);
}

/* A reference that stays inside the face: a fragment (#id), inline data, or
 * none (an empty logo once filled). */
static gboolean
is_inside (const char *reference)
{
  while (g_ascii_isspace (*reference) || *reference == '"' || *reference == '\'')
    reference++;
  return *reference == '#' || *reference == '\0' || *reference == ')'
         || g_ascii_strncasecmp (reference, "data:", 5) == 0;
}

/* href="{{owner_logo}}": the owner's logo, inline data once filled. */
static gboolean
is_logo (const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  return g_str_equal (trimmed, "{{owner_logo}}");
}

/* Every url(…) and @import of a style or attribute value. */
static void
check_style_text (Checker    *checker,
                  const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (strstr (lower, "@import") != NULL)
    refuse (checker, _("must not import style sheets from other files"));
  for (const char *p = strstr (lower, "url("); p != NULL; p = strstr (p + 4, "url("))
    if (!is_inside (text + (p - lower) + 4))
      refuse (checker, _("must not use images or fonts from other files; embed them in the SVG"));
}

static const char *local_name (const char *name);

/* A CSS or SVG length in pixels; relative lengths are of font_px.  FALSE for
 * what is not a number (a keyword). */
static gboolean
length_px (const char *text,
           double      font_px,
           double     *out_px,
           gboolean   *out_relative)
{
  static const struct { const char *unit; double px; gboolean relative; } units[] = {
    { "px", 1, FALSE }, { "pt", 96.0 / 72, FALSE }, { "pc", 16, FALSE }, { "mm", 96 / 25.4, FALSE },
    { "cm", 96 / 2.54, FALSE }, { "in", 96, FALSE }, { "em", 1, TRUE }, { "ex", 0.5, TRUE },
    { "rem", DEFAULT_FONT_PX, FALSE }, { "%", 0.01, TRUE },
  };
  char *end = NULL;
  double value;

  while (g_ascii_isspace (*text))
    text++;
  value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  *out_relative = FALSE;
  *out_px = value;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_ascii_strncasecmp (end, units[i].unit, strlen (units[i].unit)) == 0)
      {
        *out_relative = units[i].relative;
        *out_px = value * units[i].px * (units[i].relative ? font_px : 1);
        break;
      }
  return TRUE;
}

/* The value of a declaration (font-size, font) in a style attribute or sheet. */
static GPtrArray *
declarations (const char *style,
              const char *property)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lower = g_ascii_strdown (style, -1);
  gsize length = strlen (property);

  for (const char *p = strstr (lower, property); p != NULL; p = strstr (p + length, property))
    {
      const char *q = p + length;
      const char *end;

      if (p > lower && (g_ascii_isalnum (p[-1]) || p[-1] == '-'))
        continue;
      while (g_ascii_isspace (*q))
        q++;
      if (*q != ':')
        continue;
      end = strpbrk (q + 1, ";}\"'");
      g_ptr_array_add (values, g_strstrip (g_strndup (q + 1, end != NULL ? (gsize) (end - q - 1) : strlen (q + 1))));
    }
  return values;
}

/* The font size a font-size value or a font shorthand sets, in pixels. */
static gboolean
font_value_px (const char *value,
               gboolean    shorthand,
               double      font_px,
               double     *out_px,
               gboolean   *out_relative)
{
  g_auto(GStrv) words = NULL;

  if (!shorthand)
    return length_px (value, font_px, out_px, out_relative);
  /* "bold 12px/1.2 serif": the first word that is a length */
  words = g_strsplit_set (value, " \t\n/", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if ((g_ascii_isdigit (words[i][0]) || words[i][0] == '.' || words[i][0] == '-' || words[i][0] == '+')
        && length_px (words[i], font_px, out_px, out_relative))
      return TRUE;
  return FALSE;
}

/* How much a transform list enlarges what it draws, at most. */
static double
transform_scale (const char *transform)
{
  double scale = 1;
  const char *p = transform;

  while (*p != '\0')
    {
      double numbers[6] = { 0 };
      guint n = 0;
      const char *open = strchr (p, '(');
      g_autofree char *name = NULL;

      if (open == NULL)
        break;
      name = g_strstrip (g_ascii_strdown (p, open - p));
      for (p = open + 1; *p != '\0' && *p != ')' && n < G_N_ELEMENTS (numbers); )
        {
          char *end = NULL;
          double value = g_ascii_strtod (p, &end);

          if (end == p)
            p++;
          else
            {
              numbers[n++] = value;
              p = end;
            }
        }
      while (*p != '\0' && *p != ')')
        p++;
      if (*p == ')')
        p++;
      while (*p == ',' || g_ascii_isspace (*p))
        p++;
      if (g_str_has_suffix (name, "scale"))
        scale *= MAX (fabs (numbers[0]), n > 1 ? fabs (numbers[1]) : fabs (numbers[0]));
      else if (g_str_has_suffix (name, "matrix"))
        scale *= fabs (numbers[0]) + fabs (numbers[1]) + fabs (numbers[2]) + fabs (numbers[3]);
      else if (g_str_has_suffix (name, "skewx") || g_str_has_suffix (name, "skewy"))
        scale *= 1 + fabs (tan (numbers[0] * G_PI / 180));
    }
  return scale;
}

/* A viewBox's width and height (0 for none). */
static void
view_box_size (const char *view_box,
               double     *out_width,
               double     *out_height)
{
  double numbers[4] = { 0 };
  const char *p = view_box;

  for (guint n = 0; n < 4 && *p != '\0'; )
    {
      char *end = NULL;
      double value = g_ascii_strtod (p, &end);

      if (end == p)
        p++;
      else
        {
          numbers[n++] = value;
          p = end;
        }
    }
  *out_width = numbers[2];
  *out_height = numbers[3];
}

/* An element's frame from its parent's: its transforms, its viewBox and its
 * font size (attribute, or style attribute). */
static void
check_frame (Checker     *checker,
             const char **names,
             const char **values)
{
  Frame parent = { 1, DEFAULT_FONT_PX };
  Frame frame;
  double width_px = 0, height_px = 0;
  gboolean relative;

  if (checker->frames->len > 0)
    parent = g_array_index (checker->frames, Frame, checker->frames->len - 1);
  frame = parent;
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *attribute = local_name (names[i]);

      if (g_str_equal (attribute, "width"))
        length_px (values[i], parent.font_px, &width_px, &relative);
      else if (g_str_equal (attribute, "height"))
        length_px (values[i], parent.font_px, &height_px, &relative);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *attribute = local_name (names[i]);
      double px;

      if (g_ascii_strcasecmp (attribute, "transform") == 0 || g_str_has_suffix (attribute, "Transform"))
        frame.scale *= transform_scale (values[i]);
      else if (g_str_equal (attribute, "viewBox"))
        {
          double box_width, box_height;

          view_box_size (values[i], &box_width, &box_height);
          /* the root's viewport is its printed size; another's may be any
           * part of the face */
          if (box_width > 0 && box_height > 0 && checker->depth == 1)
            frame.scale *= MAX (MAX (width_px, 1) / box_width, MAX (height_px, 1) / box_height);
          else if (box_width > 0 && box_height > 0)
            frame.scale *= MAX_SIDE_MM * 96 / 25.4 / MIN (box_width, box_height);
        }
      else if (g_str_equal (attribute, "font-size") && font_value_px (values[i], FALSE, parent.font_px, &px, &relative))
        frame.font_px = px;
      else if (g_str_equal (attribute, "style"))
        for (guint k = 0; k < 2; k++)
          {
            g_autoptr(GPtrArray) found = declarations (values[i], k == 0 ? "font" : "font-size");

            for (guint d = 0; d < found->len; d++)
              if (font_value_px (g_ptr_array_index (found, d), k == 0, parent.font_px, &px, &relative))
                frame.font_px = px;
          }
    }
  if (!isfinite (frame.scale) || frame.scale > MAX_SCALE)
    refuse (checker, _("enlarges its drawing too much (a transform or a viewBox more than a thousand times)"));
  if (!isfinite (frame.font_px) || frame.font_px < 0 || frame.font_px > MAX_FONT_PX
      || frame.font_px * frame.scale * frame.scale > MAX_FONT_PX)
    refuse (checker, _("uses a font size that is negative or far too large"));
  g_array_append_val (checker->frames, frame);
}

/* A style sheet applies to any element: no transforms, no font size larger
 * than the limit, none relative and larger than its parent's. */
static void
check_sheet_fonts (Checker    *checker,
                   const char *style)
{
  g_autofree char *lower = g_ascii_strdown (style, -1);

  if (strstr (lower, "transform") != NULL)
    refuse (checker, _("must not use transforms in style sheets; use the transform attribute"));
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GPtrArray) found = declarations (style, k == 0 ? "font" : "font-size");

      for (guint d = 0; d < found->len; d++)
        {
          double px;
          gboolean relative = FALSE;

          if (font_value_px (g_ptr_array_index (found, d), k == 0, 1, &px, &relative)
              && (!isfinite (px) || px < 0 || (relative ? px > 1 : px > MAX_FONT_PX)))
            refuse (checker, _("uses a font size that is negative or far too large"));
        }
    }
}

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Checker *checker = user_data;
  const char *local = local_name (element);

  if (checker->depth++ == 0 && !g_str_equal (local, "svg"))
    refuse (checker, _("is not an SVG document"));
  if (g_ascii_strcasecmp (local, "script") == 0)
    refuse (checker, _("must not contain scripts"));
  if (g_ascii_strcasecmp (local, "foreignObject") == 0)
    refuse (checker, _("must not contain foreign objects (HTML inside the SVG)"));
  checker->in_style = g_str_equal (local, "style");
  check_frame (checker, names, values);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *attribute = local_name (names[i]);

      if (g_ascii_strncasecmp (attribute, "on", 2) == 0)
        refuse (checker, _("must not contain scripts"));
      else if (g_str_equal (attribute, "href") && !is_inside (values[i]) && !is_logo (values[i]))
        refuse (checker, _("must not use images or fonts from other files; embed them in the SVG"));
      else
        check_style_text (checker, values[i]);
      if (g_str_equal (attribute, "style"))
        {
          g_autofree char *lower = g_ascii_strdown (values[i], -1);

          if (strstr (lower, "transform") != NULL)
            refuse (checker, _("must not use transforms in style sheets; use the transform attribute"));
        }
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Checker *checker = user_data;

  checker->depth--;
  checker->in_style = FALSE;
  g_array_set_size (checker->frames, checker->frames->len - 1);
}

static void
text (GMarkupParseContext  *context,
      const char           *content,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Checker *checker = user_data;

  if (checker->in_style)
    {
      g_autofree char *style = g_strndup (content, length);

      check_style_text (checker, style);
      check_sheet_fonts (checker, style);
    }
}

/* Declarations and processing instructions: entities and style sheets may
 * name outside files. */
static void
passthrough (GMarkupParseContext  *context,
             const char           *content,
             gsize                 length,
             gpointer              user_data,
             GError              **error)
{
  Checker *checker = user_data;
  g_autofree char *lower = g_ascii_strdown (content, length);

  if (strstr (lower, "<!entity") != NULL || strstr (lower, "<?xml-stylesheet") != NULL)
    refuse (checker, _("must not refer to other files"));
}

static const GMarkupParser checker_parser = { start_element, end_element, text, passthrough, NULL };

/* A length in millimetres; FALSE for one that is relative (%, em) or absent. */
static gboolean
length_mm (gboolean    has,
           RsvgLength  length,
           double     *out)
{
  double factor;

  if (!has)
    return FALSE;
  switch (length.unit)
    {
    case RSVG_UNIT_PX: factor = 25.4 / 96.0; break;
    case RSVG_UNIT_IN: factor = 25.4; break;
    case RSVG_UNIT_CM: factor = 10.0; break;
    case RSVG_UNIT_MM: factor = 1.0; break;
    case RSVG_UNIT_PT: factor = 25.4 / 72.0; break;
    case RSVG_UNIT_PC: factor = 25.4 / 6.0; break;
    default: return FALSE;
    }
  *out = length.length * factor;
  return *out > 0.0 && *out <= MAX_SIDE_MM;
}

gboolean
_ts_face_handle_size_mm (RsvgHandle  *handle,
                         double      *width_mm,
                         double      *height_mm,
                         GError     **error)
{
  gboolean has_width = FALSE, has_height = FALSE;
  RsvgLength width, height;

  rsvg_handle_get_intrinsic_dimensions (handle, &has_width, &width, &has_height, &height, NULL, NULL);
  if (!length_mm (has_width, width, width_mm) || !length_mm (has_height, height, height_mm))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   _("has no printed size: give the svg element a width and height such as 203.2mm and 82.55mm"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ts_face_size_mm (const char  *svg,
                 double      *width_mm,
                 double      *height_mm,
                 GError     **error)
{
  g_autoptr(RsvgHandle) handle = NULL;
  g_autoptr(GError) local = NULL;

  /* no base file: librsvg itself loads nothing from outside (F1) */
  handle = rsvg_handle_new_from_data ((const guint8 *) svg, strlen (svg), &local);
  if (handle == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("is not a valid SVG document"));
      return FALSE;
    }
  return _ts_face_handle_size_mm (handle, width_mm, height_mm, error);
}

gboolean
ts_face_check (const char  *svg,
               GError     **error)
{
  Checker checker = { 0 };
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local = NULL;
  double width, height;
  gboolean parsed;

  if (svg == NULL || *svg == '\0')
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("is empty"));
      return FALSE;
    }
  if (strlen (svg) > TS_FACE_MAX_BYTES)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("is larger than 1 MB"));
      return FALSE;
    }
  if (!g_utf8_validate (svg, -1, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("is not valid UTF-8 text"));
      return FALSE;
    }
  checker.frames = frames;
  context = g_markup_parse_context_new (&checker_parser, 0, &checker, NULL);
  parsed = g_markup_parse_context_parse (context, svg, -1, &local)
           && g_markup_parse_context_end_parse (context, &local);
  if (!parsed)
    {
      int line = 0;

      g_markup_parse_context_get_position (context, &line, NULL);
      g_free (checker.reason);
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("is not valid XML (line %d)"), line);
      return FALSE;
    }
  if (checker.reason != NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, checker.reason);
      g_free (checker.reason);
      return FALSE;
    }
  return ts_face_size_mm (svg, &width, &height, error);
}
