/* ts-fingerprint.h — a certificate's SHA-256 fingerprint as people read it
 *
 * The server prints it when it makes a certificate (--generate-certificate)
 * and the client shows it when it meets a certificate it does not know, so
 * that an administrator can read it to the agents over the phone: both write
 * it with this one function, 32 pairs of upper-case hex digits joined by ':'
 * ("3F:A0:…"), as browsers and `openssl x509 -fingerprint -sha256` do. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* der: the certificate in DER (binary) form. */
char *ts_fingerprint_sha256 (const guint8 *der,
                             gsize         length);

G_END_DECLS
