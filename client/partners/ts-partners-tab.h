/* ts-partners-tab.h — the season's partner companies (K1): co-producers and
 * touring companies of the outlet's events, and whether the box office asks
 * patrons whether they may be contacted by them (K3) */
#pragma once

#include "ts-season-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PARTNERS_TAB (ts_partners_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPartnersTab, ts_partners_tab, TS, PARTNERS_TAB, TsSeasonTab)

/* Properties: "partner-companies" (a GtkSingleSelection of TsJsonItem).
 * Actions: "season.new-partner", "season.edit-partner",
 * "season.delete-partner". */
GListModel *ts_partners_tab_get_partners (TsPartnersTab *self);

G_END_DECLS
