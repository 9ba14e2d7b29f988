/* ts-seat-plan-format.h — which importer a seating-plan file needs */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "csv" for a .csv file or text that is not a JSON object, "seatsio" for a
 * JSON chart with a subChart, "pretix" otherwise.  Cheap: the file is not
 * parsed (the server parses it and reports its problems). */
const char *ts_seat_plan_guess_format (const char *file_name,
                                       const char *contents);

G_END_DECLS
