/* ts-main-window.h — the sections a signed-in employee works in */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_MAIN_WINDOW (ts_main_window_get_type ())
G_DECLARE_FINAL_TYPE (TsMainWindow, ts_main_window, TS, MAIN_WINDOW, GtkApplicationWindow)

TsMainWindow *ts_main_window_new                  (GtkApplication *application,
                                                   TsApiClient    *client);
TsApiClient  *ts_main_window_get_client           (TsMainWindow   *self);
/* The ids of the sections shown ("sales", …), for tests. */
GStrv         ts_main_window_get_visible_sections (TsMainWindow   *self);
void          ts_main_window_show_section         (TsMainWindow   *self,
                                                   const char     *section_id);

G_END_DECLS
