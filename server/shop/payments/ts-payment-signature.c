/* ts-payment-signature.c — HMAC-SHA256 signatures of payment notifications
 * and random tokens (S2, P5) */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ts-error.h"
#include "ts-payment-signature.h"

char *
ts_payment_random_token (guint    n_bytes,
                         GError **error)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  g_autofree char *text = NULL;

  if (getrandom (bytes, n_bytes, 0) != (ssize_t) n_bytes)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "No randomness for a token: %s", g_strerror (errno));
      return NULL;
    }
  text = g_base64_encode (bytes, n_bytes);
  /* base64url (RFC 4648 §5), unpadded: safe in a path and a cookie */
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  for (char *end = text + strlen (text); end > text && end[-1] == '='; end--)
    end[-1] = '\0';
  return g_steal_pointer (&text);
}

char *
ts_payment_sign (const char *secret,
                 GBytes     *body)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  gsize size = 0;
  gconstpointer data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size > 0)
    g_hmac_update (hmac, data, size);
  return g_strdup (g_hmac_get_string (hmac));
}

gboolean
ts_payment_signature_ok (const char *secret,
                         GBytes     *body,
                         const char *signature)
{
  g_autofree char *expected = ts_payment_sign (secret, body);
  gsize n = strlen (expected);
  guint8 diff = 0;

  if (signature == NULL || strlen (signature) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (expected[i] ^ g_ascii_tolower (signature[i]));
  return diff == 0;
}

char *
ts_payment_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
