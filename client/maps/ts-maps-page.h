/* ts-maps-page.h — theatre maps in the Events section (M1, M2) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_MAPS_PAGE (ts_maps_page_get_type ())
G_DECLARE_FINAL_TYPE (TsMapsPage, ts_maps_page, TS, MAPS_PAGE, GtkWidget)

TsMapsPage *ts_maps_page_new       (TsApiClient *client);
GListModel *ts_maps_page_get_model (TsMapsPage  *self);
void        ts_maps_page_reload    (TsMapsPage  *self);
void        ts_maps_page_import    (TsMapsPage  *self,
                                    const char  *file_name,
                                    const char  *contents);
gboolean    ts_maps_page_is_busy   (TsMapsPage  *self);
void        ts_maps_page_export    (TsMapsPage  *self,
                                    gint64       id,
                                    GFile       *file);

G_END_DECLS
