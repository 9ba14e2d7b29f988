/* ts-maps-page-private.h — what the maps page's tests give it in place of its
 * file choosers: a plan to import, a file to export to; and what they click
 * and look at */
#pragma once

#include "ts-maps-page.h"

G_BEGIN_DECLS

/* What the file choosers go on with: a plan file's name and contents to
 * import (the importer is chosen from them), and map id written to file as
 * a pretix seating plan (with our extensions). */
void        _ts_maps_page_import     (TsMapsPage  *self,
                                      const char  *file_name,
                                      const char  *contents);
void        _ts_maps_page_export     (TsMapsPage  *self,
                                      gint64       id,
                                      GFile       *file);

/* Chooses the map at position, as a click on its row does; whether the page
 * offers to duplicate it (M2: the Master User's button, shown and usable). */
void        _ts_maps_page_select     (TsMapsPage  *self,
                                      guint        position);
gboolean    _ts_maps_page_offers_duplicate (TsMapsPage *self);

G_END_DECLS
