/* ts-seat-plan-format.c — which importer a seating-plan file needs */
#include <string.h>

#include "ts-seat-plan-format.h"

const char *
ts_seat_plan_guess_format (const char *file_name,
                           const char *contents)
{
  const char *p = contents ? contents : "";

  if (file_name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (file_name, -1);

      if (g_str_has_suffix (lower, ".csv"))
        return "csv";
    }
  /* a UTF-8 byte-order mark, then blanks */
  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '{')
    return "csv";
  if (strstr (p, "\"subChart\"") != NULL)
    return "seatsio";
  return "pretix";
}
