/* ts-will-call-window.h — the will-call list of one performance (C4)
 *
 * Properties: "loading" (TRUE while the list is asked for), "count" (the
 * orders listed by the last load).  Actions: "will-call.reload",
 * "will-call.print-order" (x, an order id) and "will-call.print-selected"
 * (the orders selected in the list): their tickets printed (F1).  The list
 * loads again after this workstation's sales, refunds and exchanges (the
 * client's "changed::orders"). */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"
#include "ts-live-client.h"

G_BEGIN_DECLS

#define TS_TYPE_WILL_CALL_WINDOW (ts_will_call_window_get_type ())
G_DECLARE_FINAL_TYPE (TsWillCallWindow, ts_will_call_window, TS, WILL_CALL_WINDOW, GtkWindow)

TsWillCallWindow *ts_will_call_window_new (GtkWindow   *parent,
                                           TsApiClient *client,
                                           gint64       performance_id,
                                           const char  *title);
/* Also loads again when live says seats of the performance changed (a sale
 * or refund at another workstation): live is the sales map's, subscribed
 * to the performance. */
void              ts_will_call_window_follow_live (TsWillCallWindow *self,
                                                   TsLiveClient     *live);

G_END_DECLS
