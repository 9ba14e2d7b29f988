/* ts-connection-banner.h — the one line across a window that says the
 * server cannot be reached, asks again until it can, and offers Retry */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_CONNECTION_BANNER (ts_connection_banner_get_type ())
G_DECLARE_FINAL_TYPE (TsConnectionBanner, ts_connection_banner, TS, CONNECTION_BANNER, GtkWidget)

/* Properties: "client" (TsApiClient, whose "reachable" it follows) and
 * "shown" (read-only: the server cannot be reached, the banner is out).
 * Action: "banner.retry" asks the server now. */
TsConnectionBanner *ts_connection_banner_new        (void);
void                ts_connection_banner_set_client (TsConnectionBanner *self,
                                                     TsApiClient        *client);
gboolean            ts_connection_banner_get_shown  (TsConnectionBanner *self);

G_END_DECLS
