/* ts-reprint-dialog.h — reprint chosen tickets of an order with new
 * barcodes, the old ones void (F5), and say why */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_REPRINT_DIALOG (ts_reprint_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsReprintDialog, ts_reprint_dialog, TS, REPRINT_DIALOG, TsDialog)

/* order: the order as GET /orders/{id} answered it; its sold tickets are
 * offered (refunded ones cannot be printed).  Emits "saved" with the
 * server's answer (the new tickets, as GET /orders/{id}/tickets answers
 * them), for the caller to print, and closes. */
TsReprintDialog *ts_reprint_dialog_new (GtkWindow   *parent,
                                        TsApiClient *client,
                                        JsonObject  *order);
/* Whether order has a ticket that may be reprinted. */
gboolean         ts_reprint_dialog_order_has_tickets (JsonObject *order);

G_END_DECLS
