/* ts-reports-accounts-tab-private.h — the settlement form filled as a
 * person would, and why the tab is refused, for the tests */
#pragma once

#include "ts-reports-accounts-tab.h"

G_BEGIN_DECLS

/* Chooses the counterparty (FALSE when it is not offered) and types the
 * period; accounts.show-report then asks for the report. */
gboolean    _ts_reports_accounts_tab_choose      (TsReportsAccountsTab *self,
                                                  gint64                counterparty_id,
                                                  const char           *from,
                                                  const char           *to);
/* What the tab says instead of the accounts ("" when they are shown). */
const char *_ts_reports_accounts_tab_get_refusal (TsReportsAccountsTab *self);

G_END_DECLS
