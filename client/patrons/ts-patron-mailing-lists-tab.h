/* ts-patron-mailing-lists-tab.h — the patron record's Mailing Lists tab: this
 * outlet's lists the patron is on (P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_MAILING_LISTS_TAB (ts_patron_mailing_lists_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronMailingListsTab, ts_patron_mailing_lists_tab, TS, PATRON_MAILING_LISTS_TAB, TsPatronTab)

G_END_DECLS
