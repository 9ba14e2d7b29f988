/* ts-patron-history-tab.h — the patron record's History tab: the audit
 * entries about the patron, for the Administrator (R1) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_HISTORY_TAB (ts_patron_history_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronHistoryTab, ts_patron_history_tab, TS, PATRON_HISTORY_TAB, TsPatronTab)

G_END_DECLS
