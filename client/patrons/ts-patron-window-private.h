/* ts-patron-window-private.h — the patron record's tabs, by name, for the
 * tests that read and drive them */
#pragma once

#include "ts-patron-tab.h"
#include "ts-patron-window.h"

G_BEGIN_DECLS

/* "contact", "orders", "vouchers", "notes", "tags", "donations",
 * "memberships", "preferences", "partners", "mailing-lists" or "history";
 * NULL for any other name. */
TsPatronTab *_ts_patron_window_get_tab (TsPatronWindow *self,
                                        const char     *name);

G_END_DECLS
