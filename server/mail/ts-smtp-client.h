/* ts-smtp-client.h — sends one message over SMTP (RFC 5321), blocking: for
 * TsMailQueue's thread */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char     *host;        /* smtp-host; NULL: mail is not sent */
  guint     port;        /* smtp-port (25) */
  char     *user;        /* smtp-user: AUTH PLAIN when set */
  char     *password;    /* smtp-password */
  gboolean  starttls;    /* smtp-starttls: STARTTLS, required: never sent in clear */
  char     *from;        /* mail-from */
  guint     timeout;     /* seconds for each exchange */
  char     *ca_file;     /* smtp-ca-file: PEM of the CAs the server's certificate
                          * must chain to (a private relay's); NULL: the system's */
} TsSmtpSettings;

TsSmtpSettings *ts_smtp_settings_copy (const TsSmtpSettings *settings);
void            ts_smtp_settings_free (TsSmtpSettings       *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsSmtpSettings, ts_smtp_settings_free)

/* EHLO, STARTTLS when asked for (a server that does not offer it, or whose
 * certificate does not check, gets nothing: FALSE), AUTH PLAIN when a user is set,
 * MAIL FROM, RCPT TO, DATA (dot-stuffed), QUIT.  message is the whole
 * message with CRLF line ends (ts_mail_message_format).  FALSE with the
 * server's answer in the error when it refused. */
gboolean ts_smtp_send (const TsSmtpSettings *settings,
                       const char           *recipient,
                       const char           *message,
                       GCancellable         *cancellable,
                       GError              **error);

G_END_DECLS
