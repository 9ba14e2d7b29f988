/* ts-exchange-dialog.h — give back chosen tickets of an order and take new
 * ones in one transaction (S6): the refund becomes credit for the new
 * tickets; the difference is paid or paid back */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_EXCHANGE_DIALOG (ts_exchange_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsExchangeDialog, ts_exchange_dialog, TS, EXCHANGE_DIALOG, TsDialog)

/* order: the order as GET /orders/{id} answered it.  Emits "exchanged"
 * (gint64 new_order_id) and closes when the server has made the exchange.
 * "ready" once the performances, and the chosen one's offer and free
 * places, are in. */
TsExchangeDialog   *ts_exchange_dialog_new                 (GtkWindow        *parent,
                                                            TsApiClient      *client,
                                                            JsonObject       *order);

G_END_DECLS
