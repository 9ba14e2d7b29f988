/* fuzz-seat-plan-pretix.c — the pretix importer (POST /maps and PUT
 * /maps/{id}/plan with "format": "pretix", M3) on any JSON, with and without
 * repair_guids; a plan it accepts must store and load back unchanged */
#include "ts-seat-plan-pretix.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = ts_fuzz_parse_json (data, size);

  if (root == NULL)
    return 0;
  for (int repair = 0; repair <= 1; repair++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, repair, warnings, &error);

      if (plan == NULL)
        {
          ts_fuzz_check_error (error);
          continue;
        }
      for (guint i = 0; i < warnings->len; i++)
        ts_fuzz_assert (g_utf8_validate (g_ptr_array_index (warnings, i), -1, NULL), "warning %u is not UTF-8", i);
      ts_fuzz_check_plan (plan, TRUE);
    }
  return 0;
}
