/* ts-payment-signature.h — what payments sign and draw at random: HMAC-SHA256
 * of a provider's notifications, compared in constant time, and unguessable
 * tokens (payment references, order links) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* n_bytes from the kernel's generator as base64url without padding;
 * TS_ERROR_INTERNAL when it has none to give. */
char     *ts_payment_random_token (guint        n_bytes,
                                   GError     **error);
/* The lower-case hex HMAC-SHA256 of body under secret. */
char     *ts_payment_sign         (const char  *secret,
                                   GBytes      *body);
/* Whether signature is ts_payment_sign (secret, body), compared in a time
 * that does not depend on where they differ. */
gboolean  ts_payment_signature_ok (const char  *secret,
                                   GBytes      *body,
                                   const char  *signature);
/* The SHA-256 of token as lower-case hex: what the database keeps of an
 * order link (P5). */
char     *ts_payment_token_hash   (const char  *token);

G_END_DECLS
