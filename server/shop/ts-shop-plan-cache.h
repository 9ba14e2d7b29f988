/* ts-shop-plan-cache.h — the seat maps' plan.json answers kept in memory, so
 * that an on-sale rush does not have the database build a stadium's 2 MB
 * plan for every buyer (docs/architecture.md, "The on-sale rush") */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The answer stored under stamp (ts_shop_plan_stamp: the map, its last
 * change and the database's start, so that a changed map, or another
 * database, is another stamp), with its ETag; NULL when there is none. */
GBytes *ts_shop_plan_cache_lookup (const char  *stamp,
                                   char       **etag);
/* Keeps body and etag under stamp; the oldest go when there are too many. */
void    ts_shop_plan_cache_store  (const char  *stamp,
                                   GBytes      *body,
                                   const char  *etag);

G_END_DECLS
