/* ts-smtp-client.c — one message over SMTP (RFC 5321, 3207 STARTTLS, 4954 AUTH PLAIN) */
#include <string.h>

#include "ts-smtp-client.h"

typedef struct
{
  GIOStream        *stream;     /* the socket connection, or TLS over it */
  GDataInputStream *in;
  GOutputStream    *out;
  GCancellable     *cancellable;
} Session;

static void
session_set_stream (Session   *session,
                    GIOStream *stream)
{
  g_clear_object (&session->in);
  session->stream = stream;
  session->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (session->in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (session->in), FALSE);
  session->out = g_io_stream_get_output_stream (stream);
}

/* One reply, multi-line or not: its code, and its lines' texts joined (EHLO's
 * extensions). */
static guint
read_reply (Session  *session,
            GString  *text,
            GError  **error)
{
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (session->in, NULL, session->cancellable, error);
      guint code;

      if (line == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                 "the SMTP server closed the connection");
          return 0;
        }
      if (strlen (line) < 3 || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1])
          || !g_ascii_isdigit (line[2]) || (line[3] != '\0' && line[3] != ' ' && line[3] != '-'))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not an SMTP reply: “%.60s”", line);
          return 0;
        }
      code = (guint) g_ascii_strtoull (line, NULL, 10);
      if (text != NULL)
        {
          g_string_append (text, line[3] == '\0' ? "" : line + 4);
          g_string_append_c (text, '\n');
        }
      if (line[3] != '-')
        return code;
    }
}

/* Sends a command (NULL: none, read the greeting) and wants a reply of the
 * class expected (2 or 3). */
static gboolean
exchange (Session     *session,
          const char  *command,
          guint        expected_class,
          GString     *reply_text,
          GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint code;

  if (command != NULL)
    {
      g_autofree char *line = g_strconcat (command, "\r\n", NULL);

      if (!g_output_stream_write_all (session->out, line, strlen (line), NULL, session->cancellable, error))
        return FALSE;
    }
  code = read_reply (session, text, error);
  if (code == 0)
    return FALSE;
  if (code / 100 != expected_class)
    {
      g_strchomp (text->str);
      /* AUTH's argument is the password: never repeat it */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SMTP %s: %u %s",
                   command == NULL ? "greeting" : g_str_has_prefix (command, "AUTH") ? "AUTH" : command,
                   code, text->str);
      return FALSE;
    }
  if (reply_text != NULL)
    g_string_assign (reply_text, text->str);
  return TRUE;
}

static gboolean
offers (const char *ehlo,
        const char *extension)
{
  g_auto(GStrv) lines = g_strsplit (ehlo, "\n", -1);
  gsize len = strlen (extension);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], extension, len) == 0
        && (lines[i][len] == '\0' || lines[i][len] == ' '))
      return TRUE;
  return FALSE;
}

/* RFC 5321 4.5.2: a line that starts with a dot gets one more. */
static char *
dot_stuff (const char *message)
{
  GString *out = g_string_sized_new (strlen (message) + 16);

  for (const char *p = message; *p != '\0'; p++)
    {
      if (*p == '.' && (p == message || p[-1] == '\n'))
        g_string_append_c (out, '.');
      g_string_append_c (out, *p);
    }
  if (out->len < 2 || strcmp (out->str + out->len - 2, "\r\n") != 0)
    g_string_append (out, "\r\n");
  g_string_append (out, ".\r\n");
  return g_string_free (out, FALSE);
}

static gboolean
start_tls (Session          *session,
           const TsSmtpSettings *settings,
           GSocketConnection *connection,
           GIOStream       **tls_out,
           GError          **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (settings->host, settings->port);
  g_autoptr(GTlsDatabase) database = NULL;
  GIOStream *tls;

  if (settings->ca_file != NULL && settings->ca_file[0] != '\0')
    {
      database = g_tls_file_database_new (settings->ca_file, error);
      if (database == NULL)
        return FALSE;
    }
  if (!exchange (session, "STARTTLS", 2, NULL, error))
    return FALSE;
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, error);
  if (tls == NULL)
    return FALSE;
  if (database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), session->cancellable, error))
    {
      g_object_unref (tls);
      return FALSE;
    }
  *tls_out = tls;
  session_set_stream (session, tls);
  return TRUE;
}

TsSmtpSettings *
ts_smtp_settings_copy (const TsSmtpSettings *settings)
{
  TsSmtpSettings *copy = g_new0 (TsSmtpSettings, 1);

  *copy = *settings;
  copy->host = g_strdup (settings->host);
  copy->user = g_strdup (settings->user);
  copy->password = g_strdup (settings->password);
  copy->from = g_strdup (settings->from);
  copy->ca_file = g_strdup (settings->ca_file);
  return copy;
}

void
ts_smtp_settings_free (TsSmtpSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->host);
  g_free (settings->user);
  g_free (settings->password);
  g_free (settings->from);
  g_free (settings->ca_file);
  g_free (settings);
}

gboolean
ts_smtp_send (const TsSmtpSettings *settings,
              const char           *recipient,
              const char           *message,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GString) ehlo = g_string_new (NULL);
  g_autofree char *command = NULL;
  g_autofree char *data = NULL;
  Session session = { NULL, NULL, NULL, cancellable };
  gboolean ok = FALSE;

  g_return_val_if_fail (settings->host != NULL && settings->from != NULL, FALSE);

  g_socket_client_set_timeout (client, settings->timeout > 0 ? settings->timeout : 30);
  connection = g_socket_client_connect_to_host (client, settings->host, settings->port, cancellable, error);
  if (connection == NULL)
    return FALSE;
  session_set_stream (&session, G_IO_STREAM (connection));

  if (!exchange (&session, NULL, 2, NULL, error)
      || !exchange (&session, "EHLO tessera", 2, ehlo, error))
    goto out;
  /* asked for TLS: a server that does not offer it (or a man in the middle
   * who took the offer out) gets nothing in clear; the mail stays queued */
  if (settings->starttls && !offers (ehlo->str, "STARTTLS"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The mail server %s does not offer STARTTLS, which smtp-starttls requires: nothing was sent",
                   settings->host);
      goto out;
    }
  if (settings->starttls)
    {
      if (!start_tls (&session, settings, connection, &tls, error)
          || !exchange (&session, "EHLO tessera", 2, ehlo, error))
        goto out;
    }
  if (settings->user != NULL && settings->user[0] != '\0')
    {
      gsize user_len = strlen (settings->user);
      gsize password_len = settings->password != NULL ? strlen (settings->password) : 0;
      g_autofree guchar *plain = g_malloc0 (user_len + password_len + 2);
      g_autofree char *encoded = NULL;
      g_autofree char *auth = NULL;

      /* authorisation identity empty, NUL, user, NUL, password */
      memcpy (plain + 1, settings->user, user_len);
      if (password_len > 0)
        memcpy (plain + 2 + user_len, settings->password, password_len);
      encoded = g_base64_encode (plain, user_len + password_len + 2);
      auth = g_strconcat ("AUTH PLAIN ", encoded, NULL);
      if (!exchange (&session, auth, 2, NULL, error))
        goto out;
    }
  command = g_strdup_printf ("MAIL FROM:<%s>", settings->from);
  if (!exchange (&session, command, 2, NULL, error))
    goto out;
  g_free (command);
  command = g_strdup_printf ("RCPT TO:<%s>", recipient);
  if (!exchange (&session, command, 2, NULL, error)
      || !exchange (&session, "DATA", 3, NULL, error))
    goto out;
  data = dot_stuff (message);
  if (!g_output_stream_write_all (session.out, data, strlen (data), NULL, cancellable, error)
      || !exchange (&session, NULL, 2, NULL, error))
    goto out;
  ok = TRUE;
  /* The message is taken: QUIT's answer changes nothing. */
  exchange (&session, "QUIT", 2, NULL, NULL);

out:
  g_clear_object (&session.in);
  if (tls != NULL)
    g_io_stream_close (tls, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return ok;
}
