/* ts-patron-notes-tab.h — the patron record's Notes tab: this outlet's own
 * notes about the patron (P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_NOTES_TAB (ts_patron_notes_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronNotesTab, ts_patron_notes_tab, TS, PATRON_NOTES_TAB, TsPatronTab)

G_END_DECLS
