/* fuzz-seat-plan-compact.c — the compact map decoder the client runs on
 * GET /maps/{id}/compact and the sales map (what a hostile or broken server
 * could send); a map it accepts must encode and decode again */
#include "ts-seat-plan-compact.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = ts_fuzz_parse_json (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(TsSeatPlan) again = NULL;

  if (root == NULL)
    return 0;
  plan = ts_seat_plan_from_compact (root, &error);
  if (plan == NULL)
    {
      ts_fuzz_check_error (error);
      return 0;
    }
  encoded = ts_seat_plan_to_compact (plan);
  again = ts_seat_plan_from_compact (encoded, &error);
  ts_fuzz_assert (again != NULL, "a decoded compact map does not decode again: %s", error->message);
  ts_fuzz_assert (again->seats->len == plan->seats->len, "%u seats, then %u", plan->seats->len, again->seats->len);
  return 0;
}
