/* ts-patron-tab-private.h — what the tests read of a patron tab's rows:
 * how many, their text, and choosing one as a click would */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

/* How many rows the list shows. */
guint     _ts_patron_tab_get_n_rows   (TsPatronTab *self);
/* The texts of row index, one line each (the labels outside its buttons);
 * NULL when there is no such row. */
char     *_ts_patron_tab_get_row_text (TsPatronTab *self,
                                       guint        index);
gboolean  _ts_patron_tab_select_row   (TsPatronTab *self,
                                       guint        index);

G_END_DECLS
