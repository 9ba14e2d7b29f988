/* ts-seat-change-dialog.h — move an order's tickets to other free seats of
 * their performance (S6): a seated ticket within its price zone, an open
 * comp to any seat; one POST /orders/{id}/move */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_SEAT_CHANGE_DIALOG (ts_seat_change_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsSeatChangeDialog, ts_seat_change_dialog, TS, SEAT_CHANGE_DIALOG, TsDialog)

/* order: the order as GET /orders/{id} answered it.  Emits "moved" (guint
 * how many tickets) and closes when the server has made the change.
 * "ready" once the free seats are in. */
TsSeatChangeDialog *ts_seat_change_dialog_new              (GtkWindow          *parent,
                                                            TsApiClient        *client,
                                                            JsonObject         *order);
/* Whether an order item can change seats here: a sold seat or an open
 * comp (general admission cannot). */
gboolean            ts_seat_change_dialog_item_movable     (JsonObject         *item);

G_END_DECLS
