/* ts-season-ticket-types-tab.h — the season's ticket types: categories,
 * prices, display letters and who else may sell them (T1, T6) */
#pragma once

#include "ts-season-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_SEASON_TICKET_TYPES_TAB (ts_season_ticket_types_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsSeasonTicketTypesTab, ts_season_ticket_types_tab, TS, SEASON_TICKET_TYPES_TAB, TsSeasonTab)

/* Properties: "ticket-types" (a GtkSingleSelection of TsJsonItem).  Signal:
 * "saved" (a dialog saved one: the pricing lists reload).  Actions:
 * "season.new-ticket-type", "season.edit-ticket-type". */

/* The commission tables whose names the list shows (a list of TsJsonItem). */
void ts_season_ticket_types_tab_set_commission_tables (TsSeasonTicketTypesTab *self,
                                                       GListModel             *tables);

G_END_DECLS
