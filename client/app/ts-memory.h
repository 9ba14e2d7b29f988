/* ts-memory.h — giving back to the system what a large load left free */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Once the main loop is idle, returns the free memory at the top and in the
 * middle of the heap to the system (glibc's malloc_trim); nothing elsewhere. */
void ts_memory_trim_soon (void);

G_END_DECLS
