/* ts-patron-vouchers-tab.h — the patron record's Vouchers tab: this
 * outlet's subscription vouchers for the patron, reserved from here on the
 * patron's behalf (T3, C4) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_VOUCHERS_TAB (ts_patron_vouchers_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronVouchersTab, ts_patron_vouchers_tab, TS, PATRON_VOUCHERS_TAB, TsPatronTab)

/* The name the reservation dialog shows for the patron (NULL: the number). */
void ts_patron_vouchers_tab_set_patron_name (TsPatronVouchersTab *self,
                                             const char          *name);

G_END_DECLS
