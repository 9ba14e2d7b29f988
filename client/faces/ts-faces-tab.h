/* ts-faces-tab.h — the season's ticket faces: the SVG templates an outlet
 * prints its tickets with (F1), for Box Office Managers and the Master User */
#pragma once

#include "ts-season-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_FACES_TAB (ts_faces_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsFacesTab, ts_faces_tab, TS, FACES_TAB, TsSeasonTab)

/* Properties: "faces" (a GtkSingleSelection of TsJsonItem, each a face as
 * GET /faces lists it).  Actions: "season.new-face", "season.edit-face",
 * "season.make-face-default", "season.delete-face", and the Master User's
 * "season.duplicate-face". */
GListModel *ts_faces_tab_get_faces (TsFacesTab *self);

/* A face's printed size for people: "51 × 140 mm". */
char       *ts_faces_tab_format_size (double width_mm,
                                      double height_mm);

G_END_DECLS
