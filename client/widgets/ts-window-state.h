/* ts-window-state.h — window sizes and pane positions remembered between
 * closes, sign-outs and runs, in a key file under the user's configuration
 * directory (g_get_user_config_dir ()/tessera/window-state.ini) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives the window the size (and maximized state) it had when a window of
 * that name was last put away, and its panes (every GtkPaned inside it,
 * named after the Ts widget that holds it and their order there) their
 * positions where a person had moved them; call it once the window's
 * content is built.  From then on they
 * are saved whenever the window is closed or destroyed (sign-out). */
void ts_window_state_track (GtkWindow  *window,
                            const char *name);
/* Saves a tracked window's size and panes now (quit); nothing for another. */
void ts_window_state_save  (GtkWindow  *window);
/* The file, for tests: "…/tessera/window-state.ini". */
char *ts_window_state_path (void);

G_END_DECLS
