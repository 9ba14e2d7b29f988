/* ts-zone-heat-map-private.h — what only TsZoneHeatMap and its tests reach */
#pragma once

#include "ts-seat-plan.h"
#include "ts-zone-heat-map.h"

G_BEGIN_DECLS

/* The plan shown (the widget's), or NULL. */
TsSeatPlan *_ts_zone_heat_map_get_plan     (TsZoneHeatMap *self);
/* The colour of a percent sold (0–100) on the scale, and of a place whose
 * zone has no figures. */
void        _ts_zone_heat_map_scale_color  (double         percent,
                                            GdkRGBA       *out_color);
void        _ts_zone_heat_map_no_figures_color (GdkRGBA   *out_color);
/* Where plan point (px, py) lands in a drawing of width × height. */
void        _ts_zone_heat_map_plan_to_view (TsZoneHeatMap *self,
                                            double         width,
                                            double         height,
                                            double         px,
                                            double         py,
                                            double        *out_x,
                                            double        *out_y);
/* What a screen reader says (the accessible label), and the tooltip at
 * widget point (x, y), or NULL there. */
const char *_ts_zone_heat_map_get_summary  (TsZoneHeatMap *self);
char       *_ts_zone_heat_map_dup_tooltip  (TsZoneHeatMap *self,
                                            double         x,
                                            double         y);

G_END_DECLS
