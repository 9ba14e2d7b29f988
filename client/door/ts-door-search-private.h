/* ts-door-search-private.h — what only TsDoorSearch and its tests use */
#pragma once

#include "ts-door-search.h"

G_BEGIN_DECLS

/* The item ids listed now, in order, and the search entry. */
GArray      *_ts_door_search_get_found (TsDoorSearch *self);
GtkEditable *_ts_door_search_get_entry (TsDoorSearch *self);

G_END_DECLS
