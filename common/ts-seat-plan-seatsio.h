/* ts-seat-plan-seatsio.h — seats.io chart JSON, read-only and best effort:
 * rows of seats 16 units across (with accessible, companion and
 * restricted-view flags), sections — a zone each, even without seats, its
 * outline and label an area — whose seats are local to the section,
 * general-admission areas with capacity, shapes (a stage) and texts as
 * areas, categories.  What it cannot map (tables, booths, icons, images,
 * the background image, shapes or texts of a kind not known) is said in
 * warnings, never silently dropped. */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

TsSeatPlan *ts_seat_plan_from_seatsio (JsonNode   *root,
                                       GPtrArray  *warnings,
                                       GError    **error);

G_END_DECLS
