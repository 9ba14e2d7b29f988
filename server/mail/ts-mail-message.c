/* ts-mail-message.c — a queued mail as an Internet message (RFC 5322, 2045, 2047) */
#include <string.h>

#include "ts-mail-message.h"

#define QP_LINE_MAX 76

static gboolean
is_plain_header_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;
  return strstr (text, "=?") == NULL;
}

char *
ts_mail_message_encode_header (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  if (is_plain_header_text (text))
    return g_strdup (text);
  /* Each encoded-word holds whole characters, at most 36 bytes: 48 of
   * base64, 60 with its markers (RFC 2047 allows 75), so that even the
   * first line, after "Subject: ", stays under 78. */
  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > 36)
            break;
          end = next;
        }
      encoded = g_base64_encode ((const guchar *) p, end - p);
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", encoded);
      p = end;
    }
  return g_string_free (out, FALSE);
}

static void
qp_put (GString    *out,
        gsize      *column,
        const char *piece)
{
  gsize len = strlen (piece);

  if (*column + len > QP_LINE_MAX - 1)
    {
      g_string_append (out, "=\r\n");      /* a soft line break */
      *column = 0;
    }
  g_string_append (out, piece);
  *column += len;
}

char *
ts_mail_message_encode_qp (const char *text)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);
      gsize column = 0;

      if (len > 0 && lines[i][len - 1] == '\r')
        len--;
      if (i > 0)
        g_string_append (out, "\r\n");
      for (gsize j = 0; j < len; j++)
        {
          guchar c = (guchar) lines[i][j];
          char piece[4];
          gboolean last = j + 1 == len;

          if ((c >= 33 && c <= 126 && c != '=' && !(c == '.' && column == 0))
              || ((c == ' ' || c == '\t') && !last))
            {
              piece[0] = (char) c;
              piece[1] = '\0';
            }
          else
            g_snprintf (piece, sizeof piece, "=%02X", c);
          qp_put (out, &column, piece);
        }
    }
  return g_string_free (out, FALSE);
}

/* RFC 5322 dates are in English whatever the server's locale. */
static char *
format_date (gint64 date_unix)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (date_unix);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

char *
ts_mail_message_new_id (const char *from)
{
  const char *at = strrchr (from, '@');
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("%s@%s", uuid, at != NULL && at[1] != '\0' ? at + 1 : "tessera.invalid");
}

char *
ts_mail_message_format (const char *from,
                        const char *to,
                        const char *subject,
                        const char *body,
                        gint64      date_unix,
                        const char *message_id)
{
  g_autofree char *date = format_date (date_unix);
  g_autofree char *encoded_subject = ts_mail_message_encode_header (subject);
  g_autofree char *encoded_body = ts_mail_message_encode_qp (body);

  return g_strdup_printf ("Date: %s\r\n"
                          "From: %s\r\n"
                          "To: %s\r\n"
                          "Subject: %s\r\n"
                          "Message-ID: <%s>\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n"
                          "\r\n"
                          "%s\r\n",
                          date, from, to, encoded_subject, message_id, encoded_body);
}
