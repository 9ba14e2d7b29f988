/* ts-sales-map.h — the Sales page's live sales map of one performance (M5–M8):
 * every seat's state and letter, kept current by the live feed, the
 * tooltips each outlet may see (M6), the other seats of an order (M7),
 * holds by letter (M8), the general-admission areas, and the selection as
 * a list
 *
 * Properties: "busy" (TRUE while a request is under way).
 * Signals: "add-places" (const char *area, guint quantity): the agent asked
 *   for places of a general-admission area;
 *   "show-message" (const char *text, gboolean is_error): something for the
 *   page's message line.
 * Actions (the map's right-click menu, each enabled — and its item shown —
 * only where it applies to the seats and the person): "sales.find-party",
 * "sales.hold-letter" (s), "sales.release-hold", and "salesmap.add-to-cart",
 * which runs the page's "sales.add-to-cart".  "Seat Information" shows the
 * seat, its price and who sits there (M6) in a popover at the seat. */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"
#include "ts-live-client.h"
#include "ts-seat-legend.h"
#include "ts-seat-map.h"

G_BEGIN_DECLS

#define TS_TYPE_SALES_MAP (ts_sales_map_get_type ())
G_DECLARE_FINAL_TYPE (TsSalesMap, ts_sales_map, TS, SALES_MAP, GtkWidget)

/* The client the map is asked with; asks for the hold letters (M8). */
void         ts_sales_map_set_client     (TsSalesMap  *self,
                                          TsApiClient *client);
/* Shows a performance (0: none): its theatre map, then its seats, and
 * follows it live. */
void         ts_sales_map_show           (TsSalesMap  *self,
                                          gint64       performance_id,
                                          gint64       map_id);
/* Asks for every seat's state again. */
void         ts_sales_map_reload         (TsSalesMap  *self);
TsSeatMap   *ts_sales_map_get_seat_map   (TsSalesMap  *self);
/* The performance shown (0: none). */
gint64       ts_sales_map_get_performance_id (TsSalesMap *self);
/* The live feed the map follows: its "connected" says whether the server
 * is in touch. */
TsLiveClient *ts_sales_map_get_live_client (TsSalesMap *self);
/* The performance's offer (GET /performances/{id}/offer): the legend gives
 * each category's prices from its regular ticket types (T4). */
void         ts_sales_map_set_offer      (TsSalesMap  *self,
                                          JsonNode    *offer);
/* The seats of this agent's cart (GUIDs, NULL-terminated): they show as
 * "in my cart" whatever the live feed says of carts. */
void         ts_sales_map_set_cart_seats (TsSalesMap         *self,
                                          const char * const *seats);
/* The price zone (map category) of a seat, or NULL. */
const char  *ts_sales_map_get_seat_zone  (TsSalesMap  *self,
                                          const char  *seat);
/* A general-admission area's name and price zone, as the seats' answer
 * gave them; FALSE for an area not known. */
gboolean     ts_sales_map_lookup_area    (TsSalesMap  *self,
                                          const char  *area,
                                          const char **name,
                                          const char **zone);
/* The seats a right-click action applies to: the selection, or else the
 * seat clicked; only those in state wanted.  GUIDs owned by the plan. */
GPtrArray   *ts_sales_map_get_action_seats (TsSalesMap *self,
                                            TsSeatState wanted);

G_END_DECLS
