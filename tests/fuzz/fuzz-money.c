/* fuzz-money.c — amounts as agents type them (ts_money_parse): whatever it
 * accepts is whole cents within bounds, and reads back from its own text */
#include "ts-money.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = ts_fuzz_text (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *coded = NULL;
  g_autofree char *local = NULL;
  gint64 cents = 0, again = 0;

  /* its callers pass what a GTK entry holds: UTF-8 text */
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return 0;
  if (!ts_money_parse (text, &cents, &error))
    {
      ts_fuzz_check_error (error);
      return 0;
    }
  /* under a trillion dollars, so any sum of a few stays far from overflow */
  ts_fuzz_assert (cents > -G_GINT64_CONSTANT (100000000000000) && cents < G_GINT64_CONSTANT (100000000000000),
                  "“%s” is %" G_GINT64_FORMAT " cents", text, cents);
  plain = ts_money_format (cents, NULL);
  ts_fuzz_assert (ts_money_parse (plain, &again, NULL) && again == cents,
                  "“%s” is %" G_GINT64_FORMAT " cents, written “%s”, read %" G_GINT64_FORMAT, text, cents, plain, again);
  coded = ts_money_format (cents, "CAD");
  local = ts_money_format_local (cents);
  ts_fuzz_assert (g_utf8_validate (coded, -1, NULL) && g_utf8_validate (local, -1, NULL), "not UTF-8");
  ts_fuzz_assert (ts_money_parse (local, &again, NULL) && again == cents,
                  "%" G_GINT64_FORMAT " cents written for people “%s”, read %" G_GINT64_FORMAT, cents, local, again);
  return 0;
}
