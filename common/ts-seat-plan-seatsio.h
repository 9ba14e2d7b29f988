/* ts-seat-plan-seatsio.h — seats.io chart JSON, read-only and best effort:
 * rows of seats (with accessible, companion and restricted-view flags),
 * sections whose coordinates are local to the section, general-admission
 * areas with capacity, categories.  What it cannot map is counted in
 * warnings, never silently dropped. */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

TsSeatPlan *ts_seat_plan_from_seatsio (JsonNode   *root,
                                       GPtrArray  *warnings,
                                       GError    **error);

G_END_DECLS
