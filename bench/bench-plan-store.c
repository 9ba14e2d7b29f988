/* bench-plan-store.c — storing a map costs what its size does, however many
 * zones it has
 *
 * A plan is stored as pretix JSON and as the compact form (POST /maps, PUT
 * /maps/{id}/plan).  Each zone's seats were once found by scanning every
 * seat, so 100,000 seats in 10,000 zones took 78 s to store.  Figures: the
 * time to write both forms for 100,000 seats in 10,000 zones, against the
 * same seats in 100 zones as the baseline, in the same run; target ratio
 * under 3.
 *
 *   bench-plan-store [--seats 100000]
 */
#include <locale.h>

#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-pretix.h"

static int seats = 100000;

static TsSeatPlan *
make_plan (guint n_zones)
{
  TsSeatPlan *plan = ts_seat_plan_new ("bench");
  guint per_zone = MAX (1, (guint) seats / n_zones);

  plan->width = plan->height = 10000;
  for (guint z = 0; z < n_zones; z++)
    {
      g_autofree char *name = g_strdup_printf ("Z%u", z);

      ts_seat_plan_add_zone (plan, name, NULL);
      for (guint s = 1; s <= per_zone; s++)
        {
          g_autofree char *number = g_strdup_printf ("%u", s);
          g_autofree char *guid = g_strdup_printf ("%s-A-%u", name, s);

          ts_seat_plan_add_seat (plan, guid, name, "A", number, s % 1000, z % 1000);
        }
    }
  return plan;
}

/* Seconds to write both stored forms, the best of three. */
static double
store_seconds (TsSeatPlan *plan)
{
  double best = G_MAXDOUBLE;

  for (guint round = 0; round < 3; round++)
    {
      gint64 started = g_get_monotonic_time ();
      g_autoptr(JsonNode) pretix = ts_seat_plan_to_pretix (plan, FALSE);
      g_autoptr(JsonNode) compact = ts_seat_plan_to_compact (plan);
      g_autofree char *pretix_text = json_to_string (pretix, FALSE);
      g_autofree char *compact_text = json_to_string (compact, FALSE);

      best = MIN (best, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
    }
  return best;
}

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "seats", 0, 0, G_OPTION_ARG_INT, &seats, "Seats in each plan", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— storing a map with many zones");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) few = NULL;
  g_autoptr(TsSeatPlan) many = NULL;
  double baseline, measured;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || seats < 1000)
    {
      g_printerr ("%s\n", error ? error->message : "--seats: at least 1000");
      return 1;
    }
  few = make_plan (100);
  many = make_plan (TS_SEAT_PLAN_MAX_ZONES);
  baseline = store_seconds (few);
  measured = store_seconds (many);
  g_print ("storing %u seats (pretix + compact, best of 3)\n", few->seats->len);
  g_print ("  in %5u zones: %8.3f s   (baseline)\n", few->zones->len, baseline);
  g_print ("  in %5u zones: %8.3f s\n", many->zones->len, measured);
  g_print ("ratio: %.2f (target under 3)\n", measured / MAX (baseline, 1e-6));
  return 0;
}
