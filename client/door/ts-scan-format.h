/* ts-scan-format.h — what the door says of a scan's answer (POST /scans's,
 * or the door list's when offline), in the reader's language: one place
 * for the scan window, its conflicts and its tests */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "Stalls row A seat 1 · Adult · Letter A": the seat (or the
 * general-admission area), the ticket type and the display letter. */
char       *ts_scan_format_ticket   (JsonObject *ticket);
/* "Admitted", "Already admitted at 19:42, North", "Void: refunded"… */
char       *ts_scan_format_headline (JsonObject *answer);
/* The ticket, which performance it is for when it is another's, and
 * whether the door decided it without the server. */
char       *ts_scan_format_detail   (JsonObject *answer);
/* The answer area's style class: "scan-admitted" (green), "scan-refused"
 * (red), "scan-warning" (amber: the attendant looks at the ticket); NULL
 * for no answer (""). */
const char *ts_scan_format_colour   (const char *result);

G_END_DECLS
