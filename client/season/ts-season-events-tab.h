/* ts-season-events-tab.h — the season's events and, below them, the chosen
 * event's performances (E1, E2, E5) */
#pragma once

#include "ts-season-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_SEASON_EVENTS_TAB (ts_season_events_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsSeasonEventsTab, ts_season_events_tab, TS, SEASON_EVENTS_TAB, TsSeasonTab)

/* Properties: "events" and "performances" (GtkSingleSelection of
 * TsJsonItem: choosing a row there is choosing it on screen).  Actions:
 * "season.new-event", "season.edit-event", "season.new-performance",
 * "season.edit-performance", "season.delete-performance". */

G_END_DECLS
