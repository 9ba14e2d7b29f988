/* ts-event-dialog.h — create or edit an event: name, description, map,
 * ticket face, partner companies (E1, M1, F1, K1) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_EVENT_DIALOG (ts_event_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsEventDialog, ts_event_dialog, TS, EVENT_DIALOG, TsDialog)

/* event NULL creates one for outlet_id.  "saved" carries the event as the
 * server answered it.  "ready" once the lists of maps, faces and partner companies have arrived. */
TsEventDialog *ts_event_dialog_new (GtkWindow   *parent,
                                    TsApiClient *client,
                                    gint64       outlet_id,
                                    JsonObject  *event);

G_END_DECLS
