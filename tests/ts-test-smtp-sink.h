/* ts-test-smtp-sink.h — a real SMTP server on loopback for tests: takes
 * every message (EHLO, STARTTLS when given a certificate, AUTH PLAIN, MAIL,
 * RCPT, DATA, QUIT) and keeps it, decoded, for the test to read; or takes
 * connections and never answers (a server that hangs) */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TsTestSmtpSink TsTestSmtpSink;

typedef struct
{
  char *mail_from;
  char *rcpt_to;
  char *auth_user;     /* NULL without AUTH */
  char *raw;           /* DATA as received, dot-stuffing undone */
  char *subject;       /* RFC 2047 decoded */
  char *body;          /* quoted-printable decoded, LF line ends */
  char *header_block;  /* the headers, CRLF as sent */
  gboolean tls;        /* sent after STARTTLS */
} TsTestMail;

/* port 0: any free one. */
TsTestSmtpSink *ts_test_smtp_sink_new       (guint            port);
/* Offers STARTTLS with that certificate (and its key). */
TsTestSmtpSink *ts_test_smtp_sink_new_tls   (guint            port,
                                             GTlsCertificate *certificate);
/* Accepts connections but never says a word. */
TsTestSmtpSink *ts_test_smtp_sink_new_silent (guint           port);
guint           ts_test_smtp_sink_get_port  (TsTestSmtpSink  *self);
/* Connections accepted so far (a silent sink's too). */
guint           ts_test_smtp_sink_get_connections (TsTestSmtpSink *self);
guint           ts_test_smtp_sink_get_n     (TsTestSmtpSink  *self);
/* The n-th message (0 first); valid until the sink is freed. */
const TsTestMail *ts_test_smtp_sink_get     (TsTestSmtpSink  *self,
                                             guint            n);
/* Iterates the thread-default main context until n messages are in, or
 * aborts the test after timeout_s seconds. */
void            ts_test_smtp_sink_wait      (TsTestSmtpSink  *self,
                                             guint            n,
                                             guint            timeout_s);
/* The first message to that address whose body holds a line starting with
 * prefix: that line (a link), or NULL. */
char           *ts_test_smtp_sink_find_line (TsTestSmtpSink  *self,
                                             const char      *recipient,
                                             const char      *prefix);
/* Stops listening and closes every connection. */
void            ts_test_smtp_sink_free      (TsTestSmtpSink  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestSmtpSink, ts_test_smtp_sink_free)

G_END_DECLS
