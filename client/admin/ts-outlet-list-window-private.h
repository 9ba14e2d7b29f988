/* ts-outlet-list-window-private.h — the outlet list the outlet list window's
 * tests read */
#pragma once

#include "ts-outlet-list-window.h"

G_BEGIN_DECLS

/* The list's model (TsJsonItem rows). */
GListModel         *_ts_outlet_list_window_get_model (TsOutletListWindow *self);

G_END_DECLS
