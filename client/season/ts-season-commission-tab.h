/* ts-season-commission-tab.h — the season's commission tables: what a
 * selling outlet earns on this outlet's tickets (T6, A1) */
#pragma once

#include "ts-season-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_SEASON_COMMISSION_TAB (ts_season_commission_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsSeasonCommissionTab, ts_season_commission_tab, TS, SEASON_COMMISSION_TAB, TsSeasonTab)

/* Properties: "commission-tables" (a GtkSingleSelection of TsJsonItem).
 * Signals: "loaded" (the tables arrived: the ticket types name them),
 * "saved" (a dialog saved one: the pricing lists reload).  Actions:
 * "season.new-commission-table", "season.edit-commission-table". */
GListModel *ts_season_commission_tab_get_tables (TsSeasonCommissionTab *self);

G_END_DECLS
