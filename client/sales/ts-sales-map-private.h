/* ts-sales-map-private.h — what the sales map's tests read and do that a
 * person sees in its legend and tooltips or asks from its right-click menu */
#pragma once

#include "ts-sales-map.h"

G_BEGIN_DECLS

TsSeatLegend *_ts_sales_map_get_legend   (TsSalesMap  *self);
/* The tooltip text the map shows for a seat (M6), or NULL. */
char         *_ts_sales_map_describe_seat (TsSalesMap *self,
                                           guint       seat);
/* M7: outlines the other seats of the order of a sold seat, as the menu's
 * "sales.find-party" does for the seat it was opened on. */
void          _ts_sales_map_find_party   (TsSalesMap  *self,
                                          guint        seat);

G_END_DECLS
