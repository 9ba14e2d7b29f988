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

TsPatronWindow *ts_patron_window_new            (GtkWindow      *parent,
                                                 TsApiClient    *client,
                                                 gint64          patron_id);
/* For tests. */
gboolean        ts_patron_window_is_loaded      (TsPatronWindow *self);
guint           ts_patron_window_count_rows     (TsPatronWindow *self,
                                                 const char     *tab);
void            ts_patron_window_show_tab       (TsPatronWindow *self,
                                                 const char     *tab);
/* The texts of a row of a tab, one line each; NULL when there is no such row. */
char           *ts_patron_window_get_row_text   (TsPatronWindow *self,
                                                 const char     *tab,
                                                 guint           index);
gboolean        ts_patron_window_select_row     (TsPatronWindow *self,
                                                 const char     *tab,
                                                 guint           index);
/* Vouchers tab: how many times it has loaded, whether Reserve… may be
 * used, and its tooltip (why not). */
guint           ts_patron_window_get_voucher_loads (TsPatronWindow *self);
gboolean        ts_patron_window_can_reserve_voucher (TsPatronWindow *self);
const char     *ts_patron_window_get_reserve_tip (TsPatronWindow *self);

G_END_DECLS
