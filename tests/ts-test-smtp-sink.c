/* ts-test-smtp-sink.c — a real SMTP listener on loopback that keeps what it is sent */
#include <string.h>

#include "ts-test-smtp-sink.h"

struct _TsTestSmtpSink
{
  GSocketListener *listener;
  guint            port;
  gboolean         silent;
  GTlsCertificate *certificate;  /* offers STARTTLS with it */
  GThread         *thread;
  GCancellable    *cancellable;
  GMutex           lock;
  GPtrArray       *mails;        /* TsTestMail */
  GPtrArray       *open;         /* GSocketConnection, closed when the sink stops */
  guint            connections;
};

static void
mail_free (TsTestMail *mail)
{
  g_free (mail->mail_from);
  g_free (mail->rcpt_to);
  g_free (mail->auth_user);
  g_free (mail->raw);
  g_free (mail->subject);
  g_free (mail->body);
  g_free (mail->header_block);
  g_free (mail);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

static char *
decode_qp (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '=' && p[1] == '\r' && p[2] == '\n')
        p += 2;
      else if (*p == '=' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 2;
        }
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* =?UTF-8?B?…?= words, folded with CRLF and a space. */
static char *
decode_subject (const char *value)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) words = g_regex_split_simple ("\\r\\n ", value, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (g_str_has_prefix (w, "=?UTF-8?B?") && g_str_has_suffix (w, "?="))
        {
          g_autofree char *inner = g_strndup (w + 10, strlen (w) - 12);
          gsize len;
          g_autofree guchar *bytes = g_base64_decode (inner, &len);

          g_string_append_len (out, (const char *) bytes, len);
        }
      else
        g_string_append (out, w);
    }
  return g_string_free (out, FALSE);
}

static void
mail_parse (TsTestMail *mail)
{
  const char *split = strstr (mail->raw, "\r\n\r\n");
  g_auto(GStrv) lines = NULL;
  GString *subject = NULL;

  g_assert_nonnull (split);
  mail->header_block = g_strndup (mail->raw, split - mail->raw + 2);
  mail->body = decode_qp (split + 4);
  lines = g_strsplit (mail->header_block, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Subject: "))
      {
        subject = g_string_new (lines[i] + 9);
        for (guint j = i + 1; lines[j] != NULL && lines[j][0] == ' '; j++)
          g_string_append_printf (subject, "\r\n%s", lines[j]);
      }
  g_assert_nonnull (subject);
  mail->subject = decode_subject (subject->str);
  g_string_free (subject, TRUE);
}

static gboolean
say (GOutputStream *out,
     const char    *line)
{
  return g_output_stream_write_all (out, line, strlen (line), NULL, NULL, NULL);
}

static void
serve (TsTestSmtpSink    *self,
       GSocketConnection *connection)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_autoptr(GIOStream) tls = NULL;
  g_autofree char *from = NULL;
  g_autofree char *rcpt = NULL;
  g_autofree char *user = NULL;

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  /* dropping it for TLS's must not close the connection under TLS */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  if (!say (out, "220 sink.test ESMTP\r\n"))
    return;
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL)
        return;
      if (g_ascii_strncasecmp (line, "EHLO", 4) == 0)
        say (out, self->certificate != NULL && tls == NULL ? "250-sink.test\r\n250-STARTTLS\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"
                                                           : "250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
      else if (self->certificate != NULL && tls == NULL && g_ascii_strcasecmp (line, "STARTTLS") == 0)
        {
          /* RFC 3207: the same connection goes on in TLS, from a clean state */
          say (out, "220 go ahead\r\n");
          tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, NULL);
          if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
            return;   /* the client refused the certificate */
          out = g_io_stream_get_output_stream (tls);
          g_object_unref (in);
          in = g_data_input_stream_new (g_io_stream_get_input_stream (tls));
          g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
          g_clear_pointer (&from, g_free);
          g_clear_pointer (&rcpt, g_free);
          g_clear_pointer (&user, g_free);
        }
      else if (g_ascii_strncasecmp (line, "AUTH PLAIN ", 11) == 0)
        {
          gsize len;
          g_autofree guchar *plain = g_base64_decode (line + 11, &len);

          if (len > 2)
            {
              g_free (user);
              user = g_strdup ((const char *) plain + 1);
            }
          say (out, "235 ok\r\n");
        }
      else if (g_ascii_strncasecmp (line, "MAIL FROM:", 10) == 0)
        {
          g_free (from);
          from = g_strdup (line + 10);
          say (out, "250 ok\r\n");
        }
      else if (g_ascii_strncasecmp (line, "RCPT TO:", 8) == 0)
        {
          g_free (rcpt);
          rcpt = g_strdup (line + 8);
          say (out, "250 ok\r\n");
        }
      else if (g_ascii_strcasecmp (line, "DATA") == 0)
        {
          GString *data = g_string_new (NULL);
          TsTestMail *mail;

          say (out, "354 go on\r\n");
          for (;;)
            {
              g_autofree char *d = g_data_input_stream_read_line (in, NULL, NULL, NULL);

              if (d == NULL)
                {
                  g_string_free (data, TRUE);
                  return;
                }
              if (strcmp (d, ".") == 0)
                break;
              g_string_append_printf (data, "%s\r\n", d[0] == '.' ? d + 1 : d);
            }
          mail = g_new0 (TsTestMail, 1);
          mail->mail_from = g_strdup (from);
          mail->rcpt_to = g_strdup (rcpt);
          mail->auth_user = g_strdup (user);
          mail->raw = g_string_free (data, FALSE);
          mail->tls = tls != NULL;
          mail_parse (mail);
          g_mutex_lock (&self->lock);
          g_ptr_array_add (self->mails, mail);
          g_mutex_unlock (&self->lock);
          say (out, "250 queued\r\n");
        }
      else if (g_ascii_strcasecmp (line, "QUIT") == 0)
        {
          say (out, "221 bye\r\n");
          return;
        }
      else
        say (out, "502 not here\r\n");
    }
}

static gpointer
run (gpointer data)
{
  TsTestSmtpSink *self = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = g_socket_listener_accept (self->listener, NULL,
                                                                          self->cancellable, NULL);

      if (connection == NULL)
        return NULL;
      g_mutex_lock (&self->lock);
      self->connections++;
      g_ptr_array_add (self->open, g_object_ref (connection));
      g_mutex_unlock (&self->lock);
      if (!self->silent)
        {
          serve (self, connection);
          g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
        }
    }
}

static TsTestSmtpSink *
sink_new (guint            port,
          gboolean         silent,
          GTlsCertificate *certificate)
{
  TsTestSmtpSink *self = g_new0 (TsTestSmtpSink, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  self->listener = g_socket_listener_new ();
  /* the port of a sink just stopped is free again at once */
  for (guint attempt = 0;
       !g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                       NULL, &bound, &error);
       attempt++)
    {
      if (attempt == 50)
        g_error ("SMTP sink: %s", error->message);
      g_clear_error (&error);
      g_usleep (100 * 1000);
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->silent = silent;
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->cancellable = g_cancellable_new ();
  self->mails = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_free);
  self->open = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->lock);
  self->thread = g_thread_new ("smtp-sink", run, self);
  return self;
}

TsTestSmtpSink *
ts_test_smtp_sink_new (guint port)
{
  return sink_new (port, FALSE, NULL);
}

TsTestSmtpSink *
ts_test_smtp_sink_new_tls (guint            port,
                           GTlsCertificate *certificate)
{
  return sink_new (port, FALSE, certificate);
}

TsTestSmtpSink *
ts_test_smtp_sink_new_silent (guint port)
{
  return sink_new (port, TRUE, NULL);
}

guint
ts_test_smtp_sink_get_port (TsTestSmtpSink *self)
{
  return self->port;
}

guint
ts_test_smtp_sink_get_connections (TsTestSmtpSink *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->connections;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
ts_test_smtp_sink_get_n (TsTestSmtpSink *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->mails->len;
  g_mutex_unlock (&self->lock);
  return n;
}

const TsTestMail *
ts_test_smtp_sink_get (TsTestSmtpSink *self,
                       guint           n)
{
  const TsTestMail *mail;

  g_mutex_lock (&self->lock);
  g_assert_cmpuint (n, <, self->mails->len);
  mail = g_ptr_array_index (self->mails, n);
  g_mutex_unlock (&self->lock);
  return mail;
}

void
ts_test_smtp_sink_wait (TsTestSmtpSink *self,
                        guint           n,
                        guint           timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (ts_test_smtp_sink_get_n (self) < n)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("SMTP sink: %u message(s) after %u s, expected %u", ts_test_smtp_sink_get_n (self), timeout_s, n);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (20 * 1000);
    }
}

char *
ts_test_smtp_sink_find_line (TsTestSmtpSink *self,
                             const char     *recipient,
                             const char     *prefix)
{
  g_autofree char *wanted = g_strdup_printf ("<%s>", recipient);

  for (guint i = 0; i < ts_test_smtp_sink_get_n (self); i++)
    {
      const TsTestMail *mail = ts_test_smtp_sink_get (self, i);
      g_auto(GStrv) lines = NULL;

      if (g_strcmp0 (mail->rcpt_to, wanted) != 0)
        continue;
      lines = g_strsplit (mail->body, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        if (g_str_has_prefix (g_strstrip (lines[j]), prefix))
          return g_strdup (lines[j]);
    }
  return NULL;
}

void
ts_test_smtp_sink_free (TsTestSmtpSink *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_socket_listener_close (self->listener);
  g_mutex_lock (&self->lock);
  /* shutdown, not close: it wakes a read blocked in another thread */
  for (guint i = 0; i < self->open->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (g_ptr_array_index (self->open, i)), TRUE, TRUE, NULL);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->certificate);
  g_ptr_array_unref (self->mails);
  g_ptr_array_unref (self->open);
  g_mutex_clear (&self->lock);
  g_free (self);
}
