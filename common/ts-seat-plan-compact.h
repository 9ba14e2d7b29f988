/* ts-seat-plan-compact.h — a map as the client needs it, small: seats as
 * parallel arrays (positions in tenths, indexes into zone, row, category
 * tables), GUIDs only where they differ from zone-row-number */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

JsonNode   *ts_seat_plan_to_compact   (const TsSeatPlan *plan);
TsSeatPlan *ts_seat_plan_from_compact (JsonNode         *root,
                                       GError          **error);

G_END_DECLS
