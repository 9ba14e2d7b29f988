/* ts-will-call-window.h — the will-call list of one performance (C4)
 *
 * Properties: "loading" (TRUE while the list is asked for), "count" (the
 * orders listed by the last load).  Action: "will-call.reload". */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_WILL_CALL_WINDOW (ts_will_call_window_get_type ())
G_DECLARE_FINAL_TYPE (TsWillCallWindow, ts_will_call_window, TS, WILL_CALL_WINDOW, GtkWindow)

TsWillCallWindow *ts_will_call_window_new (GtkWindow   *parent,
                                           TsApiClient *client,
                                           gint64       performance_id,
                                           const char  *title);

G_END_DECLS
