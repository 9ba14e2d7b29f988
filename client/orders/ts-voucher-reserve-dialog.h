/* ts-voucher-reserve-dialog.h — reserve one of a subscriber's open vouchers
 * for a performance, on the patron's behalf (T3, C4): the voucher, a
 * performance that takes it, a free seat or a general-admission area; one
 * POST /orders with no payments */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_VOUCHER_RESERVE_DIALOG (ts_voucher_reserve_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsVoucherReserveDialog, ts_voucher_reserve_dialog, TS, VOUCHER_RESERVE_DIALOG, TsDialog)

/* vouchers: the patron's, as GET /patrons/{id}/vouchers answered them (the
 * open ones are offered); voucher_id: the one chosen first, 0 for the first
 * open one.  Emits "reserved" (gint64 order_id) and closes when the server
 * has reserved it.  "ready" once the performances that take the voucher
 * and the chosen one's free places are in. */
TsVoucherReserveDialog *ts_voucher_reserve_dialog_new                (GtkWindow              *parent,
                                                                      TsApiClient            *client,
                                                                      gint64                  patron_id,
                                                                      const char             *patron_name,
                                                                      JsonArray              *vouchers,
                                                                      gint64                  voucher_id);

G_END_DECLS
