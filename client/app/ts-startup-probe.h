/* ts-startup-probe.h — with TESSERA_STARTUP_PROBE=1, a line on standard
 * output when a window first shows and when the Sales map has its seats, so
 * that bench/bench-client-memory can time and weigh the real client */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* TRUE when TESSERA_STARTUP_PROBE is set to anything but "" or "0". */
gboolean ts_startup_probe_enabled (void);
/* Once the widget's window has drawn its next frame (after the widget is
 * mapped, if it is not yet), prints "tessera-probe: EVENT DETAIL"; nothing
 * without the probe. */
void     ts_startup_probe_after_frame (GtkWidget  *widget,
                                       const char *event,
                                       const char *detail);

G_END_DECLS
