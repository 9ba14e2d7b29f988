/* ts-zone-heat-map.h — sales by price zone on the seat map of a
 * performance (issue 13): every seat and general-admission area filled by
 * its zone's percent sold, cold to hot, with a legend */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_TYPE_ZONE_HEAT_MAP (ts_zone_heat_map_get_type ())
G_DECLARE_FINAL_TYPE (TsZoneHeatMap, ts_zone_heat_map, TS, ZONE_HEAT_MAP, GtkWidget)

GtkWidget *ts_zone_heat_map_new       (void);
/* The answer of GET /maps/{id}/compact, or its "map" member; a map that
 * cannot be read is said in the widget. */
void       ts_zone_heat_map_set_plan  (TsZoneHeatMap *self,
                                       JsonObject    *compact);
/* The rows of GET /reports/zone-sales: "price_zone" (the map's price
 * category), "capacity", "sold", "held", "percent_sold". */
void       ts_zone_heat_map_set_zones (TsZoneHeatMap *self,
                                       JsonArray     *rows);
/* The map and its legend fitted into width × height from cr's origin: the
 * same drawing for the screen, PDF export and printing (on white, in any
 * theme, as the seat map is). */
void       ts_zone_heat_map_draw      (TsZoneHeatMap *self,
                                       cairo_t       *cr,
                                       double         width,
                                       double         height);

G_END_DECLS
