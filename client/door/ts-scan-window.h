/* ts-scan-window.h — a door workstation's scan window (F4, issue 12): a
 * barcode reader types each ticket's code and Enter, the window answers in
 * large type and colour, counts admitted / expected, finds a patron without
 * a ticket in the door list, and goes on deciding from that list while the
 * server cannot be reached, queueing its scans until it can.
 *
 * Properties (read-only, notified): "performance-id" (0 until chosen),
 * "loaded" (the door list is in), "result" (the last answer's: "admitted",
 * "already_admitted", "not_for_this_door", "wrong_performance", "void",
 * "forged", "exited", "not_inside", or "error"), "headline" (what the
 * answer says in large type), "admitted", "expected", "queued" (offline
 * scans waiting for the server), "conflicts" (found at their upload),
 * "answered" (answers shown so far).
 * Actions: "door.performance" (x: a performance of GET
 * /scans/performances), "door.upload" (the queue, again, after the server
 * refused it), "door.change-password".  The patron search is a
 * TsDoorSearch (ts-door-search.h). */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_SCAN_WINDOW (ts_scan_window_get_type ())
G_DECLARE_FINAL_TYPE (TsScanWindow, ts_scan_window, TS, SCAN_WINDOW, GtkWindow)

/* One of application's windows (NULL in tests); the door's name is this
 * workstation's last. */
TsScanWindow *ts_scan_window_new        (GtkApplication *application,
                                         TsApiClient    *client);
TsApiClient  *ts_scan_window_get_client (TsScanWindow   *self);

G_END_DECLS
