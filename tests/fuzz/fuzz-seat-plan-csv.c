/* fuzz-seat-plan-csv.c — the grid importer (POST /maps with "format": "csv",
 * "grid": any text); a plan it accepts must store and load */
#include "ts-seat-plan-csv.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* the grid arrives as a JSON string: any text but NUL */
  g_autofree char *grid = ts_fuzz_text (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = NULL;

  if (grid == NULL)
    return 0;
  plan = ts_seat_plan_from_csv ("Hall", grid, &error);
  if (plan == NULL)
    {
      ts_fuzz_check_error (error);
      return 0;
    }
  ts_fuzz_check_plan (plan, FALSE);
  return 0;
}
