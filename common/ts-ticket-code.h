/* ts-ticket-code.h — a ticket's barcode text, signed by its owning outlet (rule F5)
 *
 * "TS1-<outlet>-<ticket number>-<version>-<signature>": the signature is
 * Ed25519 (libsodium) over "TS1-<outlet>-<number>-<version>", written in
 * unpadded RFC 4648 base32 (A–Z, 2–7).  The whole text is then QR
 * alphanumeric (upper case, digits, '-'), which keeps the code small and lets a
 * keyboard-wedge reader type it on any keyboard layout.  A door that holds the
 * owning outlet's public key tells a real ticket from a made-up one without the
 * server (issue 12, offline door); the version is what a reprint or a seat
 * move raises, so that the old paper stops admitting.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TS_TICKET_KEY_BYTES  32   /* an Ed25519 public key */
#define TS_TICKET_SEED_BYTES 32   /* the seed its key pair is made from */

typedef struct
{
  int    outlet_id;
  gint64 ticket_number;
  int    version;
} TsTicketCode;

char     *ts_ticket_code_sign        (int           outlet_id,
                                      gint64        ticket_number,
                                      int           version,
                                      const guint8  seed[TS_TICKET_SEED_BYTES]);
/* Shape only: fills out, or says what is wrong with the text (TS_ERROR_INVALID). */
gboolean  ts_ticket_code_parse       (const char   *code,
                                      TsTicketCode *out,
                                      GError      **error);
/* Shape and signature. */
gboolean  ts_ticket_code_verify      (const char   *code,
                                      const guint8  public_key[TS_TICKET_KEY_BYTES],
                                      TsTicketCode *out,
                                      GError      **error);

void      ts_ticket_key_from_seed    (const guint8  seed[TS_TICKET_SEED_BYTES],
                                      guint8        public_key[TS_TICKET_KEY_BYTES]);
/* A new random seed (libsodium's generator). */
void      ts_ticket_seed_new         (guint8        seed[TS_TICKET_SEED_BYTES]);
char     *ts_ticket_key_to_base64    (const guint8  public_key[TS_TICKET_KEY_BYTES]);
gboolean  ts_ticket_key_from_base64  (const char   *text,
                                      guint8        out[TS_TICKET_KEY_BYTES],
                                      GError      **error);

G_END_DECLS
