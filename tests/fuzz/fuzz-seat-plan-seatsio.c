/* fuzz-seat-plan-seatsio.c — the seats.io importer (POST /maps with
 * "format": "seatsio") on any JSON; a plan it accepts must store and load */
#include "ts-seat-plan-seatsio.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = ts_fuzz_parse_json (data, size);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;

  if (root == NULL)
    return 0;
  plan = ts_seat_plan_from_seatsio (root, warnings, &error);
  if (plan == NULL)
    {
      ts_fuzz_check_error (error);
      return 0;
    }
  ts_fuzz_check_plan (plan, FALSE);
  return 0;
}
