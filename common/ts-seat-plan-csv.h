/* ts-seat-plan-csv.h — a hall typed as a spreadsheet: one cell per seat
 * position.  A cell is ZONE:LABEL (the row is the line's first cell), a
 * trailing + marks a wheelchair seat, an empty cell is an aisle.  The first
 * cell of a line is the row label; lines starting with # are comments. */
#pragma once

#include "ts-seat-plan.h"

G_BEGIN_DECLS

TsSeatPlan *ts_seat_plan_from_csv (const char  *name,
                                   const char  *text,
                                   GError     **error);

G_END_DECLS
