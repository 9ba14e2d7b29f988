/* ts-bench-stats.h — what the benches print of a series of measures */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The median of an array of doubles (sorted in place); 0 when empty. */
double ts_bench_median  (GArray *values);
/* The largest (sorted in place); 0 when empty. */
double ts_bench_maximum (GArray *values);

G_END_DECLS
