/* ts-memory.c — giving back to the system what a large load left free
 *
 * Parsing a map's JSON or building a window allocates a few MB that are
 * freed at once; glibc keeps those pages resident in the heap for the next
 * allocation.  On a terminal server every session would keep its own, so
 * after such a load the client trims the heap once the main loop is idle
 * (about 2 MB after a 2,000-seat map; bench/bench-client-memory). */
#include <stdlib.h>     /* defines __GLIBC__ with glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ts-memory.h"

static guint pending;

static gboolean
trim (gpointer user_data)
{
  pending = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

void
ts_memory_trim_soon (void)
{
  if (pending == 0)
    pending = g_idle_add_full (G_PRIORITY_LOW, trim, NULL, NULL);
}
