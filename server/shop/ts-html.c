/* ts-html.c — HTML written with every value escaped (the storefront's pages) */
#include <string.h>

#include "ts-html.h"

struct _TsHtml
{
  GString *out;
};

static void
append_escaped (GString    *out,
                const char *text)
{
  const char *p;

  if (text == NULL)
    return;
  for (p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

TsHtml *
ts_html_new (void)
{
  TsHtml *self = g_new0 (TsHtml, 1);

  self->out = g_string_sized_new (4096);
  return self;
}

void
ts_html_free (TsHtml *self)
{
  if (self == NULL)
    return;
  g_string_free (self->out, TRUE);
  g_free (self);
}

void
ts_html_raw (TsHtml     *self,
             const char *markup)
{
  g_string_append (self->out, markup);
}

void
ts_html_text (TsHtml     *self,
              const char *text)
{
  append_escaped (self->out, text);
}

/* The conversions below pass our own format's pieces on. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* Walks the format: each conversion is handed to g_string_append_printf
 * alone, and a %s argument goes through append_escaped instead. */
void
ts_html_printf (TsHtml     *self,
                const char *format,
                ...)
{
  va_list args;
  const char *p = format;

  va_start (args, format);
  while (*p != '\0')
    {
      const char *start;
      g_autofree char *spec = NULL;
      gboolean is_long = FALSE, is_long_long = FALSE;

      if (*p != '%')
        {
          const char *next = strchr (p, '%');
          gsize len = next != NULL ? (gsize) (next - p) : strlen (p);

          g_string_append_len (self->out, p, len);
          p += len;
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append_c (self->out, '%');
          p += 2;
          continue;
        }
      start = p++;
      while (*p != '\0' && strchr ("-+ #0123456789.", *p) != NULL)
        p++;
      while (*p == 'l' || *p == 'h' || *p == 'z' || *p == 'j')
        {
          if (*p == 'l')
            {
              is_long_long = is_long;
              is_long = TRUE;
            }
          p++;
        }
      if (*p == '\0')
        break;
      spec = g_strndup (start, p - start + 1);
      switch (*p)
        {
        case 's':
          append_escaped (self->out, va_arg (args, const char *));
          break;
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'c':
          if (is_long_long)
            g_string_append_printf (self->out, spec, va_arg (args, long long));
          else if (is_long)
            g_string_append_printf (self->out, spec, va_arg (args, long));
          else
            g_string_append_printf (self->out, spec, va_arg (args, int));
          break;
        case 'f': case 'g': case 'e':
          g_string_append_printf (self->out, spec, va_arg (args, double));
          break;
        default:
          g_warn_if_reached ();
          break;
        }
      p++;
    }
  va_end (args);
}
#pragma GCC diagnostic pop

const char *
ts_html_peek (TsHtml *self)
{
  return self->out->str;
}

char *
ts_html_free_to_string (TsHtml *self)
{
  char *text = g_string_free (self->out, FALSE);

  g_free (self);
  return text;
}

char *
ts_html_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  append_escaped (out, text);
  return g_string_free (out, FALSE);
}
