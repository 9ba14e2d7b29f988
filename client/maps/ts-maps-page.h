/* ts-maps-page.h — theatre maps in the Events section (M1, M2) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_MAPS_PAGE (ts_maps_page_get_type ())
G_DECLARE_FINAL_TYPE (TsMapsPage, ts_maps_page, TS, MAPS_PAGE, GtkWidget)

/* Properties: "client" (the maps load once it is set), "maps" (every
 * outlet's, a list of TsJsonItem), "busy" (an import, a build or an export
 * is under way). */
void ts_maps_page_set_client (TsMapsPage  *self,
                              TsApiClient *client);
void ts_maps_page_reload     (TsMapsPage  *self);

G_END_DECLS
