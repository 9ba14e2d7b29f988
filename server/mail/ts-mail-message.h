/* ts-mail-message.h — a queued mail as an Internet message (RFC 5322, MIME):
 * headers, a Subject encoded per RFC 2047, a text/plain UTF-8 body in
 * quoted-printable, CRLF line ends */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The whole message, ready for SMTP DATA (before dot-stuffing).  date_unix
 * is the Date header's time; message_id is the Message-ID without its
 * angle brackets. */
char *ts_mail_message_format         (const char *from,
                                      const char *to,
                                      const char *subject,
                                      const char *body,
                                      gint64      date_unix,
                                      const char *message_id);
/* A Message-ID: random, at the sender's domain (the part of from after @). */
char *ts_mail_message_new_id         (const char *from);
/* RFC 2047: the text as it is when it is printable ASCII, else UTF-8
 * base64 encoded-words folded onto continuation lines. */
char *ts_mail_message_encode_header  (const char *text);
/* Quoted-printable (RFC 2045) with CRLF line ends; a dot starting a line is
 * encoded as well. */
char *ts_mail_message_encode_qp      (const char *text);

G_END_DECLS
