/* ts-list-tab-stop.h — a list box as one stop of the Tab chain: the arrows
 * move within it and Enter chooses, but Tab and Shift+Tab leave it (a
 * GtkListBox would walk every row); the performance picker and the list of
 * reports */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ts_list_tab_stop_install (GtkListBox *list);

G_END_DECLS
