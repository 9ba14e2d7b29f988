/* ts-seat-plan-pretix.h — pretix seating-plan JSON in and out
 *
 * Our extensions (seat flags, general-admission capacity and category, zone
 * levels) travel in a "tessera" member of seats, areas and zones; a strict
 * export leaves them out. */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

/* Reads a plan.  Problems that make it unusable (a missing field, a seat
 * without a GUID, unknown categories, GUIDs used twice) fail with a
 * TS_ERROR_INVALID error that says which seats and fields, and how many; with
 * repair_guids, duplicate GUIDs are replaced by zone-row-number ones instead
 * (never merged).  Lesser problems (floats where integers belong) are added to
 * warnings (char *) when given. */
TsSeatPlan *ts_seat_plan_from_pretix (JsonNode         *root,
                                      gboolean          repair_guids,
                                      GPtrArray        *warnings,
                                      GError          **error);
JsonNode   *ts_seat_plan_to_pretix   (const TsSeatPlan *plan,
                                      gboolean          strict);

G_END_DECLS
