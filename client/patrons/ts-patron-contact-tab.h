/* ts-patron-contact-tab.h — the patron record's contact points: shared by
 * every outlet, with this outlet's own primaries (P1, P2, P3) */
#pragma once

#include "ts-patron-tab.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_CONTACT_TAB (ts_patron_contact_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronContactTab, ts_patron_contact_tab, TS, PATRON_CONTACT_TAB, TsPatronTab)

/* Lists the contact points of patron (GET /patrons/{id}, which the window loads). */
void ts_patron_contact_tab_show_patron (TsPatronContactTab *self,
                                        JsonObject         *patron);

G_END_DECLS
