/* ts-patron-preferences-tab.h — the patron record's Preferences tab: how this
 * outlet may contact the patron, and the consent given (P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_PREFERENCES_TAB (ts_patron_preferences_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronPreferencesTab, ts_patron_preferences_tab, TS, PATRON_PREFERENCES_TAB, TsPatronTab)

G_END_DECLS
