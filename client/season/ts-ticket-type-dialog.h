/* ts-ticket-type-dialog.h — create or edit a ticket type (T1, T3, T5) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_TICKET_TYPE_DIALOG (ts_ticket_type_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsTicketTypeDialog, ts_ticket_type_dialog, TS, TICKET_TYPE_DIALOG, TsDialog)

/* type NULL creates one for outlet_id.  "saved" carries the type.
 * "ready" once the commission tables and bundle components have arrived. */
TsTicketTypeDialog *ts_ticket_type_dialog_new    (GtkWindow   *parent,
                                                  TsApiClient *client,
                                                  gint64       outlet_id,
                                                  JsonObject  *type);

/* "regular" → "Regular", for lists */
const char         *ts_ticket_type_category_name (const char  *category);

G_END_DECLS
