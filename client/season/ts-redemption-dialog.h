/* ts-redemption-dialog.h — offer a ticket type at a performance: a
 * redemption with its sales window, limits, promo codes and zone prices
 * (T2, T4) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_REDEMPTION_DIALOG (ts_redemption_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsRedemptionDialog, ts_redemption_dialog, TS, REDEMPTION_DIALOG, TsDialog)

/* redemption NULL offers a new ticket type at performance_id; map_id (the
 * event's map) gives the price zones; outlet_id owns the ticket types.
 * "saved" carries the redemption.  "ready" once the ticket types and the
 * map's price zones have arrived. */
TsRedemptionDialog *ts_redemption_dialog_new (GtkWindow   *parent,
                                              TsApiClient *client,
                                              gint64       performance_id,
                                              gint64       outlet_id,
                                              gint64       map_id,
                                              JsonObject  *redemption);

G_END_DECLS
