/* ts-patron-window.h — one patron's record as this outlet sees it: shared
 * names and contact points with this outlet's primaries (P1, P2), and this
 * outlet's own orders, subscription vouchers (reserved from here on the
 * patron's behalf, T3, C4), notes, tags, donations, memberships,
 * preferences (P4) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_WINDOW (ts_patron_window_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronWindow, ts_patron_window, TS, PATRON_WINDOW, GtkWindow)

/* Properties: "loaded" (the patron has arrived), "message" (the line under
 * the tabs).  Action: "patron.show-tab" ("s": contact, orders, vouchers,
 * notes, tags, donations, memberships, preferences, mailing-lists or
 * history). */
TsPatronWindow *ts_patron_window_new        (GtkWindow      *parent,
                                             TsApiClient    *client,
                                             gint64          patron_id);

G_END_DECLS
