/* ts-validate.c — field validation with messages an agent can act on */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-validate.h"

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: %s", field, what);
  return FALSE;
}

static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

char *
ts_validate_quote (const char *value)
{
  GString *out = g_string_new ("“");
  const char *p = value != NULL ? value : "";
  const char *end = p + strlen (p);
  guint n = 0;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (n == TS_VALIDATE_QUOTE_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_c (out, '?');
          p++;
        }
      else
        {
          if (g_unichar_iscntrl (c))
            g_string_append_c (out, '?');
          else
            g_string_append_unichar (out, c);
          p = g_utf8_next_char (p);
        }
      n++;
    }
  g_string_append (out, "”");
  return g_string_free (out, FALSE);
}

gboolean
ts_validate_optional (const char  *field,
                      const char  *value,
                      gsize        max_len,
                      GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, field, _("is not valid UTF-8 text"));
  if (g_utf8_strlen (value, -1) > (glong) max_len)
    {
      g_autofree char *msg = g_strdup_printf (_("is longer than %u characters"), (guint) max_len);
      return invalid (error, field, msg);
    }
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      return invalid (error, field, _("contains control characters"));
  return TRUE;
}

gboolean
ts_validate_required (const char  *field,
                      const char  *value,
                      gsize        max_len,
                      GError     **error)
{
  if (is_blank (value))
    return invalid (error, field, _("is required"));
  return ts_validate_optional (field, value, max_len, error);
}

gboolean
ts_validate_email (const char  *field,
                   const char  *value,
                   GError     **error)
{
  const char *at;
  const char *dot;

  if (is_blank (value))
    return TRUE;
  if (!ts_validate_optional (field, value, 254, error))
    return FALSE;
  at = strchr (value, '@');
  if (at == NULL || at == value || strchr (at + 1, '@') != NULL)
    return invalid (error, field, _("is not an e-mail address (expected name@example.org)"));
  dot = strrchr (at, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return invalid (error, field, _("is not an e-mail address (expected name@example.org)"));
  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p))
      return invalid (error, field, _("must not contain spaces"));
  return TRUE;
}

gboolean
ts_validate_phone (const char  *field,
                   const char  *value,
                   GError     **error)
{
  guint digits = 0;

  if (is_blank (value))
    return TRUE;
  if (!ts_validate_optional (field, value, 40, error))
    return FALSE;
  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +-().x", *p))
        return invalid (error, field, _("may contain only digits, spaces and + - ( ) . x"));
    }
  if (digits < 7 || digits > 20)
    return invalid (error, field, _("must have between 7 and 20 digits"));
  return TRUE;
}

gboolean
ts_validate_web_site (const char  *field,
                      const char  *value,
                      GError     **error)
{
  if (is_blank (value))
    return TRUE;
  if (!ts_validate_optional (field, value, 300, error))
    return FALSE;
  if (!(g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://"))
      || !g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    return invalid (error, field, _("is not a web address (expected https://example.org)"));
  return TRUE;
}

/* F3: a storefront's own host name, as a browser sends it in Host: labels
 * of letters, digits and hyphens (never first or last), 1 to 63 characters,
 * joined by dots, 253 in all; no scheme, port or path.  Upper case passes:
 * the server keeps it in lower case.  Never localhost nor a numeric
 * address: those are the server's own, which no storefront takes over. */
gboolean
ts_validate_host_name (const char  *field,
                       const char  *value,
                       GError     **error)
{
  gsize label = 0;

  if (is_blank (value))
    return TRUE;
  if (strlen (value) > 253)
    {
      g_autofree char *msg = g_strdup_printf (_("is longer than %u characters"), 253u);

      return invalid (error, field, msg);
    }
  for (const char *p = value; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (label == 0 || label > 63 || p[-1] == '-')
            break;
          if (*p == '\0')
            return g_ascii_strcasecmp (value, "localhost") != 0 && !g_hostname_is_ip_address (value)
                   ? TRUE : invalid (error, field, _("must be a name of the outlet’s own, not localhost or a numeric address"));
          label = 0;
        }
      else if (g_ascii_isalnum (*p) || (*p == '-' && label > 0))
        label++;
      else
        break;
    }
  return invalid (error, field, _("is not a host name (expected shop.example.org, without https:// or a path)"));
}

/* F3: a colour as #rrggbb (upper case passes: the server keeps lower). */
gboolean
ts_validate_colour (const char  *field,
                    const char  *value,
                    GError     **error)
{
  if (value == NULL || strlen (value) != 7 || value[0] != '#')
    return invalid (error, field, _("is not a colour (expected #rrggbb, such as #1d4f91)"));
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (value[i]))
      return invalid (error, field, _("is not a colour (expected #rrggbb, such as #1d4f91)"));
  return TRUE;
}

/* Area/Location: segments of letters, digits, _ + and -, as the time zone
 * database names its zones.  Never a path: g_time_zone_new_identifier()
 * reads whatever file it is given ("/etc/localtime", "../zoneinfo/UTC"),
 * and PostgreSQL knows no such zone. */
static gboolean
is_zone_name (const char *value)
{
  if (value[0] == '/')
    return FALSE;
  for (const char *p = value; *p; p++)
    {
      if (*p == '/')
        {
          if (p[1] == '/' || p[1] == '\0')
            return FALSE;
        }
      else if (!g_ascii_isalnum (*p) && !strchr ("_+-", *p))
        return FALSE;
    }
  return TRUE;
}

gboolean
ts_validate_time_zone (const char  *field,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (is_blank (value))
    return invalid (error, field, _("is required"));
  if (!ts_validate_optional (field, value, 64, error))
    return FALSE;
  /* g_time_zone_new_identifier() also accepts offsets like "+05:00"; a box
   * office needs a named zone so daylight saving time is right. */
  if ((strchr (value, '/') == NULL && !g_str_equal (value, "UTC")) || !is_zone_name (value))
    return invalid (error, field, _("is not a time zone name (expected for example America/Toronto)"));
  tz = g_time_zone_new_identifier (value);
  if (tz == NULL)
    return invalid (error, field, _("is not a known time zone (expected for example America/Toronto)"));
  return TRUE;
}

gboolean
ts_validate_currency (const char  *field,
                      const char  *value,
                      GError     **error)
{
  if (value == NULL || strlen (value) != 3
      || !g_ascii_isupper (value[0]) || !g_ascii_isupper (value[1]) || !g_ascii_isupper (value[2]))
    return invalid (error, field, _("is not a currency code (expected three capital letters, e.g. CAD)"));
  return TRUE;
}

gboolean
ts_validate_outlet_code (const char  *field,
                         const char  *value,
                         GError     **error)
{
  gsize len = value ? strlen (value) : 0;

  if (len < 2 || len > 10)
    return invalid (error, field, _("must be 2 to 10 capital letters or digits"));
  for (const char *p = value; *p; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return invalid (error, field, _("must be 2 to 10 capital letters or digits"));
  return TRUE;
}

gboolean
ts_validate_login (const char  *field,
                   const char  *value,
                   GError     **error)
{
  gsize len = value ? strlen (value) : 0;

  if (len < 2 || len > 40)
    return invalid (error, field, _("must be 2 to 40 characters: letters, digits, . _ -"));
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("._-", *p))
      return invalid (error, field, _("must be 2 to 40 characters: letters, digits, . _ -"));
  return TRUE;
}

gboolean
ts_validate_password (const char  *field,
                      const char  *value,
                      GError     **error)
{
  if (value == NULL || g_utf8_strlen (value, -1) < 8)
    return invalid (error, field, _("must be at least 8 characters long"));
  if (strlen (value) > 72)
    return invalid (error, field, _("must be at most 72 bytes long"));   /* bcrypt limit */
  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, field, _("is not valid UTF-8 text"));
  return TRUE;
}

gboolean
ts_validate_date (const char  *field,
                  const char  *value,
                  GError     **error)
{
  static const char form[] = "dddd-dd-dd";
  guint parts[3] = { 0, 0, 0 };

  /* Exactly YYYY-MM-DD, what PostgreSQL reads back unchanged: scanf's %4d
   * also took signs and blanks ("-026-11-24", found by fuzzing). */
  if (value == NULL || strlen (value) != strlen (form))
    return invalid (error, field, _("is not a date (expected YYYY-MM-DD)"));
  for (guint i = 0, part = 0; form[i] != '\0'; i++)
    {
      if (form[i] == '-')
        {
          if (value[i] != '-')
            return invalid (error, field, _("is not a date (expected YYYY-MM-DD)"));
          part++;
        }
      else if (!g_ascii_isdigit (value[i]))
        return invalid (error, field, _("is not a date (expected YYYY-MM-DD)"));
      else
        parts[part] = parts[part] * 10 + (guint) (value[i] - '0');
    }
  if (!g_date_valid_dmy (parts[2], parts[1], parts[0]))
    return invalid (error, field, _("is not a date (expected YYYY-MM-DD)"));
  return TRUE;
}

/* The ISO 8601 form PostgreSQL reads back unchanged; an offset is required,
 * so a time never depends on the server's time zone. */
gboolean
ts_validate_timestamp (const char  *field,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (value != NULL
      && g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?"
                               "(Z|[+-][0-9]{2}:[0-9]{2})$", value, 0, 0))
    parsed = g_date_time_new_from_iso8601 (value, NULL);
  if (parsed == NULL)
    return invalid (error, field, _("is not a time with its offset (expected 2026-11-24T19:30:00-05:00)"));
  return TRUE;
}

gboolean
ts_validate_int_range (const char  *field,
                       gint64       value,
                       gint64       min,
                       gint64       max,
                       GError     **error)
{
  if (value < min || value > max)
    {
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      g_autofree char *msg = g_strdup_printf (_("must be between %s and %s"), low, high);
      return invalid (error, field, msg);
    }
  return TRUE;
}

/* An attribute named on… (onload=, onclick=…) after a space. */
static gboolean
has_event_handler (const char *lower)
{
  for (const char *p = strstr (lower, " on"); p != NULL; p = strstr (p + 1, " on"))
    {
      const char *q = p + 3;

      while (g_ascii_isalpha (*q))
        q++;
      while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
        q++;
      if (q > p + 3 && *q == '=')
        return TRUE;
    }
  return FALSE;
}

/* href / xlink:href that is not a fragment (#id) or inline image data. */
static gboolean
has_external_reference (const char *lower)
{
  for (const char *p = strstr (lower, "href"); p != NULL; p = strstr (p + 1, "href"))
    {
      const char *q = p + 4;

      while (*q == ' ')
        q++;
      if (*q != '=')
        continue;
      q++;
      while (*q == ' ')
        q++;
      if (*q == '"' || *q == '\'')
        q++;
      if (*q != '#' && !g_str_has_prefix (q, "data:image/"))
        return TRUE;
    }
  return FALSE;
}

gboolean
ts_validate_svg (const char  *field,
                 const char  *value,
                 gsize        max_len,
                 GError     **error)
{
  g_autofree char *lower = NULL;
  const char *p;

  if (is_blank (value))
    return TRUE;
  if (strlen (value) > max_len)
    {
      g_autofree char *msg = g_strdup_printf (_("is larger than %u bytes"), (guint) max_len);
      return invalid (error, field, msg);
    }
  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, field, _("is not valid UTF-8 text"));
  lower = g_ascii_strdown (value, -1);
  p = strstr (lower, "<svg");
  if (p == NULL || strstr (p, "</svg>") == NULL)
    return invalid (error, field, _("is not an SVG document"));
  /* Logos are drawn by every client: no scripts, event handlers or
   * references outside the document. */
  if (strstr (lower, "<script") || strstr (lower, "<foreignobject") || strstr (lower, "javascript:")
      || has_event_handler (lower) || has_external_reference (lower))
    return invalid (error, field, _("must not contain scripts or foreign objects"));
  return TRUE;
}
