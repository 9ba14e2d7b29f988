/* ts-fuzz.c — the parts every fuzz target shares (see ts-fuzz.h) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-json-reader.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-pretix.h"
#include "ts-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A GLib critical is a programming error in our code (json-glib's getters
   * used on the wrong type, NULL where a string belongs): a finding, as the
   * whole suite runs with G_DEBUG=fatal-criticals (issue #9). */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

void
ts_fuzz_fail (const char *where,
              const char *condition,
              const char *format,
              ...)
{
  va_list args;

  fprintf (stderr, "FUZZ FINDING at %s: %s\n  ", where, condition);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fprintf (stderr, "\n");
  abort ();
}

char *
ts_fuzz_text (const uint8_t *data,
              size_t         size)
{
  if (memchr (data, '\0', size) != NULL)
    return NULL;
  return g_strndup ((const char *) data, size);
}

/* The body as the server reads it since issue #9: ts_json_reader_parse, the
 * strict reader.  Before it, these targets went through json-glib and had
 * to skip what json-glib mishandles; they found four such things (see
 * README.md, "Fuzzing"), all of which the reader refuses. */
JsonNode *
ts_fuzz_parse_json (const uint8_t *data,
                    size_t         size)
{
  return ts_json_reader_parse ("body", (const char *) data, size, NULL);
}

void
ts_fuzz_check_error (const GError *error)
{
  ts_fuzz_assert (error != NULL, "a refusal without an error");
  ts_fuzz_assert (error->domain == TS_ERROR, "error outside TS_ERROR: %s", error->message);
  ts_fuzz_assert (error->message != NULL && error->message[0] != '\0', "an empty error message");
  ts_fuzz_assert (g_utf8_validate (error->message, -1, NULL), "an error message that is not UTF-8");
}

/* A coordinate within the plan limits, which the compact encoding (tenths
 * in a JSON integer) and every drawing hold. */
static void
check_number (double      value,
              const char *what,
              guint       index)
{
  ts_fuzz_assert (isfinite (value) && fabs (value) <= TS_SEAT_PLAN_MAX_EXTENT, "%s %u is %g", what, index, value);
}

static void
check_model (const TsSeatPlan *plan)
{
  g_autoptr(GHashTable) guids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 capacity = 0;

  ts_fuzz_assert (plan->name != NULL, "a plan without a name");
  check_number (plan->width, "width", 0);
  check_number (plan->height, "height", 0);
  for (guint i = 0; i < plan->zones->len; i++)
    {
      TsPlanZone *zone = g_ptr_array_index (plan->zones, i);

      ts_fuzz_assert (zone->name != NULL, "zone %u has no name", i);
      /* seats and areas point at their zone by name */
      ts_fuzz_assert (g_hash_table_add (zones, zone->name), "zone name “%s” used twice", zone->name);
    }
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      ts_fuzz_assert (seat->guid != NULL && seat->guid[0] != '\0', "seat %u has no GUID", i);
      /* M3: a sale points at a GUID */
      ts_fuzz_assert (g_hash_table_add (guids, seat->guid), "seat GUID “%s” used twice", seat->guid);
      ts_fuzz_assert (g_hash_table_contains (zones, seat->zone), "seat %u is in no zone (“%s”)", i, seat->zone);
      ts_fuzz_assert (seat->hold == 0 || (seat->hold >= 'a' && seat->hold <= 'z'), "seat %u hold %d", i, seat->hold);
      check_number (seat->x, "seat x", i);
      check_number (seat->y, "seat y", i);
      check_number (seat->radius, "seat radius", i);
    }
  for (guint i = 0; i < plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (plan->areas, i);

      ts_fuzz_assert (g_hash_table_contains (zones, area->zone), "area %u is in no zone (“%s”)", i, area->zone);
      check_number (area->x, "area x", i);
      check_number (area->y, "area y", i);
      check_number (area->width, "area width", i);
      check_number (area->height, "area height", i);
      check_number (area->radius, "area radius", i);
      check_number (area->rotation, "area rotation", i);
      for (guint k = 0; area->points != NULL && k < area->points->len; k++)
        check_number (g_array_index (area->points, double, k), "area point", i);
      capacity += area->capacity;
    }
  /* seat_count and ga_capacity are integer columns */
  ts_fuzz_assert (capacity <= G_MAXINT32 && capacity == ts_seat_plan_ga_capacity ((TsSeatPlan *) plan),
                  "GA capacity %" G_GUINT64_FORMAT " does not fit", capacity);
}

/* Text → JSON → text as the database stores it: it must parse again. */
static JsonNode *
through_text (JsonNode   *node,
              const char *what)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  JsonNode *again = json_from_string (text, &error);

  ts_fuzz_assert (again != NULL, "the %s form does not parse back: %s", what, error->message);
  return again;
}

/* The compact form keeps positions in tenths: equal up to that rounding. */
static void
check_compact_equal (const TsSeatPlan *plan,
                     const TsSeatPlan *compact)
{
  ts_fuzz_assert (compact->seats->len == plan->seats->len, "compact has %u seats, plan %u",
                  compact->seats->len, plan->seats->len);
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *a = g_ptr_array_index (plan->seats, i), *b = g_ptr_array_index (compact->seats, i);

      ts_fuzz_assert (g_strcmp0 (a->guid, b->guid) == 0, "compact seat %u GUID “%s” ≠ “%s”", i, b->guid, a->guid);
      ts_fuzz_assert (g_strcmp0 (a->zone, b->zone) == 0 && g_strcmp0 (a->row, b->row) == 0
                      && g_strcmp0 (a->number, b->number) == 0 && g_strcmp0 (a->category, b->category) == 0
                      && a->flags == b->flags && a->hold == b->hold,
                      "compact seat %u (%s) has other labels, category, flags or hold", i, a->guid);
      ts_fuzz_assert (fabs (a->x - b->x) <= 0.051 && fabs (a->y - b->y) <= 0.051
                      && fabs (a->radius - b->radius) <= 0.051,
                      "compact seat %u (%s) moved", i, a->guid);
    }
  ts_fuzz_assert (compact->areas->len == plan->areas->len, "compact has %u areas, plan %u",
                  compact->areas->len, plan->areas->len);
  ts_fuzz_assert (ts_seat_plan_ga_capacity ((TsSeatPlan *) compact) == ts_seat_plan_ga_capacity ((TsSeatPlan *) plan),
                  "compact GA capacity differs");
}

void
ts_fuzz_check_plan (const TsSeatPlan *plan,
                    gboolean          exact)
{
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) strict = NULL;
  g_autoptr(JsonNode) strict_text = NULL;
  g_autoptr(JsonNode) compact = NULL;
  g_autoptr(JsonNode) compact_text = NULL;
  g_autoptr(TsSeatPlan) loaded = NULL;
  g_autoptr(TsSeatPlan) again = NULL;
  g_autoptr(TsSeatPlan) drawn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *difference = NULL;

  check_model (plan);

  /* stored as pretix JSON (theatre_map.plan), read back by every later request */
  exported = ts_seat_plan_to_pretix (plan, FALSE);
  stored = through_text (exported, "stored pretix");
  loaded = ts_seat_plan_from_pretix (stored, FALSE, NULL, &error);
  ts_fuzz_assert (loaded != NULL, "the stored plan does not load: %s", error->message);
  ts_fuzz_assert (loaded->seats->len == plan->seats->len, "%u seats stored, %u loaded",
                  plan->seats->len, loaded->seats->len);
  ts_fuzz_assert (ts_seat_plan_ga_capacity (loaded) == ts_seat_plan_ga_capacity ((TsSeatPlan *) plan),
                  "GA capacity changed when stored");
  if (exact)
    ts_fuzz_assert (ts_seat_plan_equal (plan, loaded, &difference), "the stored plan differs: %s", difference);
  check_model (loaded);

  /* storing the loaded plan again changes nothing */
  {
    g_autoptr(JsonNode) exported_again = ts_seat_plan_to_pretix (loaded, FALSE);
    g_autoptr(JsonNode) stored_again = through_text (exported_again, "stored pretix");

    again = ts_seat_plan_from_pretix (stored_again, FALSE, NULL, &error);
    ts_fuzz_assert (again != NULL, "the plan stored twice does not load: %s", error->message);
    ts_fuzz_assert (ts_seat_plan_equal (loaded, again, &difference), "storing twice changes the plan: %s", difference);
  }

  /* GET /maps/{id}/export?strict=true: plain pretix JSON */
  strict = ts_seat_plan_to_pretix (loaded, TRUE);
  strict_text = through_text (strict, "strict pretix");

  /* the compact form the client draws from (theatre_map.compact) */
  compact = ts_seat_plan_to_compact (loaded);
  compact_text = through_text (compact, "compact");
  drawn = ts_seat_plan_from_compact (compact_text, &error);
  ts_fuzz_assert (drawn != NULL, "the compact form does not load: %s", error->message);
  check_compact_equal (loaded, drawn);
}
