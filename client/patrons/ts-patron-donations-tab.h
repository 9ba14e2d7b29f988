/* ts-patron-donations-tab.h — the patron record's Donations tab: what the
 * patron gave this outlet (P4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_DONATIONS_TAB (ts_patron_donations_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronDonationsTab, ts_patron_donations_tab, TS, PATRON_DONATIONS_TAB, TsPatronTab)

G_END_DECLS
