/* ts-patron-partners-tab.h — the patron record's Partners tab: whether each
 * of this outlet's partner companies may contact the patron, with when and
 * by whom that was last set (K2, K4, P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_PARTNERS_TAB (ts_patron_partners_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronPartnersTab, ts_patron_partners_tab, TS, PATRON_PARTNERS_TAB, TsPatronTab)

G_END_DECLS
