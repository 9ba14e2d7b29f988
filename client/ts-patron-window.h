/* ts-patron-window.h — one patron's record as this outlet sees it: shared
 * names and contact points with this outlet's primaries (P1, P2), and this
 * outlet's own notes, tags, donations, memberships, preferences (P4) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_WINDOW (ts_patron_window_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronWindow, ts_patron_window, TS, PATRON_WINDOW, GtkWindow)

TsPatronWindow *ts_patron_window_new            (GtkWindow      *parent,
                                                 TsApiClient    *client,
                                                 gint64          patron_id);
/* For tests. */
gboolean        ts_patron_window_is_loaded      (TsPatronWindow *self);
guint           ts_patron_window_count_rows     (TsPatronWindow *self,
                                                 const char     *tab);

G_END_DECLS
