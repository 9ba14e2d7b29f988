/* ts-ticket-code.c — a ticket's barcode text, signed by its owning outlet (rule F5) */
#include "ts-ticket-code.h"

#include <sodium.h>
#include <string.h>

#include "ts-error.h"

#define PREFIX "TS1"
#define SIGNATURE_CHARS 103   /* 64 bytes in base32, unpadded */

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void
ensure_sodium (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* sodium_init returns 1 when already done elsewhere; -1 only when the
       * system has no usable random source, which nothing here can mend. */
      if (sodium_init () < 0)
        g_error ("libsodium could not start (no random source)");
      g_once_init_leave (&once, 1);
    }
}

static char *
base32_encode (const guint8 *data, gsize len)
{
  GString *out = g_string_sized_new (len * 8 / 5 + 2);
  guint32 buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, base32_alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

/* Exactly out_len bytes from upper-case base32 text, the unused bits zero. */
static gboolean
base32_decode (const char *text, guint8 *out, gsize out_len)
{
  guint32 buffer = 0;
  int bits = 0;
  gsize n = 0;

  for (const char *p = text; *p; p++)
    {
      const char *hit = strchr (base32_alphabet, *p);

      if (hit == NULL || *p == '\0')
        return FALSE;
      buffer = (buffer << 5) | (guint32) (hit - base32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          if (n == out_len)
            return FALSE;
          out[n++] = (buffer >> (bits - 8)) & 0xff;
          bits -= 8;
        }
      buffer &= (1u << bits) - 1;
    }
  return n == out_len && buffer == 0;
}

static char *
signed_part (int outlet_id, gint64 ticket_number, int version)
{
  return g_strdup_printf (PREFIX "-%d-%" G_GINT64_FORMAT "-%d", outlet_id, ticket_number, version);
}

void
ts_ticket_key_from_seed (const guint8 seed[TS_TICKET_SEED_BYTES],
                         guint8       public_key[TS_TICKET_KEY_BYTES])
{
  guint8 secret[crypto_sign_SECRETKEYBYTES];

  ensure_sodium ();
  crypto_sign_seed_keypair (public_key, secret, seed);
  sodium_memzero (secret, sizeof secret);
}

void
ts_ticket_seed_new (guint8 seed[TS_TICKET_SEED_BYTES])
{
  ensure_sodium ();
  randombytes_buf (seed, TS_TICKET_SEED_BYTES);
}

char *
ts_ticket_code_sign (int          outlet_id,
                     gint64       ticket_number,
                     int          version,
                     const guint8 seed[TS_TICKET_SEED_BYTES])
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  guint8 signature[crypto_sign_BYTES];
  g_autofree char *message = signed_part (outlet_id, ticket_number, version);
  g_autofree char *text = NULL;

  ensure_sodium ();
  crypto_sign_seed_keypair (public_key, secret, seed);
  crypto_sign_detached (signature, NULL, (const guint8 *) message, strlen (message), secret);
  sodium_memzero (secret, sizeof secret);
  text = base32_encode (signature, sizeof signature);
  return g_strdup_printf ("%s-%s", message, text);
}

/* A decimal number of 1 to max_digits digits, no sign, no leading zero. */
static gboolean
parse_number (const char *text, guint max_digits, gint64 max, gint64 *out)
{
  gsize len = strlen (text);
  guint64 value = 0;

  if (len == 0 || len > max_digits || (len > 1 && text[0] == '0'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint64) (text[i] - '0');
    }
  if (value < 1 || value > (guint64) max)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* Fills out and the signature bytes; every refusal says the same thing, as a
 * door attendant needs no more than "this is not one of our tickets". */
static gboolean
parse_full (const char   *code,
            TsTicketCode *out,
            guint8        signature[crypto_sign_BYTES],
            char        **message,
            GError      **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) parts = NULL;
  gint64 outlet = 0, number = 0, version = 0;

  if (code == NULL || strlen (code) > 200)
    goto malformed;
  text = g_ascii_strup (code, -1);
  g_strstrip (text);
  parts = g_strsplit (text, "-", 6);
  if (g_strv_length (parts) != 5 || strcmp (parts[0], PREFIX) != 0)
    goto malformed;
  if (!parse_number (parts[1], 9, G_MAXINT, &outlet)
      || !parse_number (parts[2], 18, G_MAXINT64, &number)
      || !parse_number (parts[3], 9, G_MAXINT, &version))
    goto malformed;
  if (strlen (parts[4]) != SIGNATURE_CHARS
      || !base32_decode (parts[4], signature, crypto_sign_BYTES))
    goto malformed;

  out->outlet_id = (int) outlet;
  out->ticket_number = number;
  out->version = (int) version;
  if (message != NULL)
    *message = signed_part (out->outlet_id, out->ticket_number, out->version);
  return TRUE;

malformed:
  g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "code: not a Tessera ticket code");
  return FALSE;
}

gboolean
ts_ticket_code_parse (const char   *code,
                      TsTicketCode *out,
                      GError      **error)
{
  guint8 signature[crypto_sign_BYTES];
  TsTicketCode parsed;

  if (!parse_full (code, &parsed, signature, NULL, error))
    return FALSE;
  if (out != NULL)
    *out = parsed;
  return TRUE;
}

gboolean
ts_ticket_code_verify (const char   *code,
                       const guint8  public_key[TS_TICKET_KEY_BYTES],
                       TsTicketCode *out,
                       GError      **error)
{
  guint8 signature[crypto_sign_BYTES];
  g_autofree char *message = NULL;
  TsTicketCode parsed;

  ensure_sodium ();
  if (!parse_full (code, &parsed, signature, &message, error))
    return FALSE;
  if (crypto_sign_verify_detached (signature, (const guint8 *) message, strlen (message),
                                   public_key) != 0)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID,
                           "code: the signature does not match; this ticket was not issued by its outlet");
      return FALSE;
    }
  if (out != NULL)
    *out = parsed;
  return TRUE;
}

char *
ts_ticket_key_to_base64 (const guint8 public_key[TS_TICKET_KEY_BYTES])
{
  return g_base64_encode (public_key, TS_TICKET_KEY_BYTES);
}

gboolean
ts_ticket_key_from_base64 (const char *text,
                           guint8      out[TS_TICKET_KEY_BYTES],
                           GError    **error)
{
  g_autofree guint8 *bytes = NULL;
  gsize len = 0;

  if (text != NULL && strlen (text) < 100)
    bytes = g_base64_decode (text, &len);
  if (bytes == NULL || len != TS_TICKET_KEY_BYTES)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID,
                           "public_key: not an Ed25519 public key in base64");
      return FALSE;
    }
  memcpy (out, bytes, TS_TICKET_KEY_BYTES);
  return TRUE;
}
