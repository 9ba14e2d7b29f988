/* ts-patron-memberships-tab.h — the patron record's Memberships tab: the
 * patron's memberships with this outlet (P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_MEMBERSHIPS_TAB (ts_patron_memberships_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronMembershipsTab, ts_patron_memberships_tab, TS, PATRON_MEMBERSHIPS_TAB, TsPatronTab)

G_END_DECLS
