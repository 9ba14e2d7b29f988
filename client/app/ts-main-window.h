/* ts-main-window.h — the sections a signed-in employee works in */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_MAIN_WINDOW (ts_main_window_get_type ())
G_DECLARE_FINAL_TYPE (TsMainWindow, ts_main_window, TS, MAIN_WINDOW, GtkApplicationWindow)

/* Property: "sections" (the ids of the sections shown to the signed-in
 * level, "sales", …).  Actions: "win.show-section" ("s": a section's id),
 * and the Setup menu's. */
TsMainWindow *ts_main_window_new        (GtkApplication *application,
                                         TsApiClient    *client);
TsApiClient  *ts_main_window_get_client (TsMainWindow   *self);

G_END_DECLS
