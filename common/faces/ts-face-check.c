/* ts-face-check.c — whether an SVG may be a ticket face, and its printed
 * size: a face is drawn by the server and every client, so it refers to
 * nothing outside itself and runs nothing (F1) */
#include <string.h>

#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>

#include "ts-error.h"
#include "ts-face-private.h"
#include "ts-face.h"

/* Larger than any ticket stock or sheet: a typing mistake. */
#define MAX_SIDE_MM 1000.0

typedef struct
{
  guint     depth;
  gboolean  in_style;
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
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *attribute = local_name (names[i]);

      if (g_ascii_strncasecmp (attribute, "on", 2) == 0)
        refuse (checker, _("must not contain scripts"));
      else if (g_str_equal (attribute, "href") && !is_inside (values[i]) && !is_logo (values[i]))
        refuse (checker, _("must not use images or fonts from other files; embed them in the SVG"));
      else
        check_style_text (checker, values[i]);
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
