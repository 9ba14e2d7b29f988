/* ts-fingerprint.c — SHA-256 of a certificate, written for people */
#include "ts-fingerprint.h"

char *
ts_fingerprint_sha256 (const guint8 *der,
                       gsize         length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  GString *text = g_string_sized_new (3 * sizeof digest);

  g_checksum_update (checksum, der, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  for (gsize i = 0; i < digest_length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}
