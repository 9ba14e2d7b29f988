/* ts-patron-tags-tab.h — the patron record's Tags tab: this outlet's own tags
 * for the patron (P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_TAGS_TAB (ts_patron_tags_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronTagsTab, ts_patron_tags_tab, TS, PATRON_TAGS_TAB, TsPatronTab)

G_END_DECLS
