/* ts-commission-table-dialog.h — create or edit a commission table (T6) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_COMMISSION_TABLE_DIALOG (ts_commission_table_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsCommissionTableDialog, ts_commission_table_dialog, TS, COMMISSION_TABLE_DIALOG, TsDialog)

/* table NULL creates one for outlet_id.  "saved" carries the table. */
TsCommissionTableDialog *ts_commission_table_dialog_new (GtkWindow   *parent,
                                                         TsApiClient *client,
                                                         gint64       outlet_id,
                                                         JsonObject  *table);

G_END_DECLS
