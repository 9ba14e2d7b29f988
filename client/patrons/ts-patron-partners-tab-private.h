/* ts-patron-partners-tab-private.h — the answers of the Partners tab's
 * rows as the tests read and choose them, as a click does */
#pragma once

#include "ts-patron-partners-tab.h"

G_BEGIN_DECLS

/* Chooses an answer ("yes", "no" or "not_asked") in row index; FALSE when
 * there is no such row. */
gboolean    _ts_patron_partners_tab_choose     (TsPatronPartnersTab *self,
                                                guint                index,
                                                const char          *answer);
/* The answer chosen in row index, or NULL when there is no such row. */
const char *_ts_patron_partners_tab_get_answer (TsPatronPartnersTab *self,
                                                guint                index);

G_END_DECLS
