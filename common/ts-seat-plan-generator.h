/* ts-seat-plan-generator.h — whole venues from a small description
 *
 * A description is JSON: {"name", "size": {"width", "height"}, "categories":
 * [{"name", "color"}], "blocks": [...]} where each block is one of
 *   {"kind": "straight", "zone", "level"?, "category", "rows", "seats", "x", "y",
 *    "seat_spacing"?, "row_spacing"?, "first_row"? ("A" or "1"), "skip_letters"? ("IO"),
 *    "aisles_after"? [seat numbers], "wheelchair_row"? (label: its end seats get
 *    the wheelchair flag, their neighbours companion)}
 *   {"kind": "arc", "zone", "level"?, "category", "rows", "seats", "seats_increment"?,
 *    "cx", "cy", "radius", "angle_from", "angle_to" (degrees, 0 = up), "row_spacing"?,
 *    "first_row"?, "skip_letters"?}
 *   {"kind": "ga", "zone", "level"?, "category", "capacity", "x", "y", "width", "height"}
 *   {"kind": "shape", "zone", "shape" ("rectangle"/"ellipse"/"text"), "x", "y",
 *    "width", "height", "text"?, "color"?} (a rectangle from its top left
 *    corner, an ellipse around its centre)
 * Seats are numbered 1… left to right; GUIDs are zone-row-number.  Each block
 * of seats gets its outline (a polygon area with a border and no fill); the
 * first outline of a zone is labelled with the zone's name. */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

typedef enum
{
  TS_DEMO_VENUE_STUDIO,     /* a 200-seat studio theatre */
  TS_DEMO_VENUE_OPERA,      /* a 2,000-seat opera house on three levels */
  TS_DEMO_VENUE_STADIUM,    /* a 60,000-seat stadium bowl */
} TsDemoVenue;

TsSeatPlan *ts_seat_plan_generate      (JsonNode    *description,
                                        GError     **error);
/* The description of a demo venue (JSON text, static). */
const char *ts_seat_plan_demo_venue    (TsDemoVenue  venue);

G_END_DECLS
