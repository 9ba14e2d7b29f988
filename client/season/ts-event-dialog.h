/* ts-event-dialog.h — create or edit an event: name, description, map (E1, M1) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_EVENT_DIALOG (ts_event_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsEventDialog, ts_event_dialog, TS, EVENT_DIALOG, GtkWindow)

/* event NULL creates one for outlet_id.  "saved" carries the event as the
 * server answered it. */
TsEventDialog *ts_event_dialog_new      (GtkWindow     *parent,
                                         TsApiClient   *client,
                                         gint64         outlet_id,
                                         JsonObject    *event);
/* For tests: the map list has arrived, and what the dialog says. */
gboolean       ts_event_dialog_is_ready (TsEventDialog *self);
const char    *ts_event_dialog_get_message (TsEventDialog *self);

G_END_DECLS
