/* fuzz-seat-plan-generator.c — the venue generator (POST /maps with
 * "format": "generator", "description": any JSON); a plan it makes must
 * store and load */
#include "ts-seat-plan-generator.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) description = ts_fuzz_parse_json (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;

  if (description == NULL)
    return 0;
  plan = ts_seat_plan_generate (description, &error);
  if (plan == NULL)
    {
      ts_fuzz_check_error (error);
      return 0;
    }
  ts_fuzz_check_plan (plan, FALSE);
  return 0;
}
