/* fuzz-ticket-code.c — what a door's barcode reader types (ts_ticket_code_parse,
 * ts_ticket_code_verify): any text is refused with the field named or read
 * into numbers in range, and a code passes the signature check only when
 * signing those numbers again gives the same code (F5) */
#include <string.h>

#include "ts-ticket-code.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The seed the corpus's genuine codes were signed with: all zero bytes. */
  static const guint8 seed[TS_TICKET_SEED_BYTES] = { 0 };
  guint8 key[TS_TICKET_KEY_BYTES];
  g_autofree char *text = ts_fuzz_text (data, size);
  g_autoptr(GError) error = NULL;
  TsTicketCode parsed = { 0 }, checked = { 0 };

  if (text == NULL)
    return 0;
  if (!ts_ticket_code_parse (text, &parsed, &error))
    {
      ts_fuzz_check_error (error);
      ts_fuzz_assert (g_str_has_prefix (error->message, "code: "), "“%s”", error->message);
      return 0;
    }
  ts_fuzz_assert (parsed.outlet_id >= 1 && parsed.ticket_number >= 1 && parsed.version >= 1,
                  "“%s” read as %d/%" G_GINT64_FORMAT "/%d", text, parsed.outlet_id,
                  parsed.ticket_number, parsed.version);

  ts_ticket_key_from_seed (seed, key);
  if (ts_ticket_code_verify (text, key, &checked, &error))
    {
      g_autofree char *again = ts_ticket_code_sign (checked.outlet_id, checked.ticket_number,
                                                    checked.version, seed);
      g_autofree char *upper = g_ascii_strup (text, -1);

      g_strstrip (upper);
      /* Ed25519 signatures are deterministic: a genuine code is the one
       * signing gives, letter for letter. */
      ts_fuzz_assert (strcmp (again, upper) == 0, "“%s” verified but signs as “%s”", text, again);
    }
  else
    {
      ts_fuzz_check_error (error);
    }
  return 0;
}
