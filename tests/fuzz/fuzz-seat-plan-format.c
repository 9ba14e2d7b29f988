/* fuzz-seat-plan-format.c — the client's guess of a plan file's format:
 * "name\ncontents" in, one of the three importers out */
#include <string.h>

#include "ts-seat-plan-format.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = ts_fuzz_text (data, size);
  char *newline;
  const char *format;

  if (text == NULL)
    return 0;
  newline = strchr (text, '\n');
  if (newline != NULL)
    *newline = '\0';
  format = ts_seat_plan_guess_format (text, newline ? newline + 1 : NULL);
  ts_fuzz_assert (g_strcmp0 (format, "csv") == 0 || g_strcmp0 (format, "seatsio") == 0
                  || g_strcmp0 (format, "pretix") == 0, "format “%s”", format);
  format = ts_seat_plan_guess_format (NULL, text);
  ts_fuzz_assert (format != NULL, "no format");
  return 0;
}
