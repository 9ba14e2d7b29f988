/* ts-outlet-new-dialog.h — a new outlet and its first administrator (C1, C4) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_OUTLET_NEW_DIALOG (ts_outlet_new_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsOutletNewDialog, ts_outlet_new_dialog, TS, OUTLET_NEW_DIALOG, TsDialog)

TsOutletNewDialog *ts_outlet_new_dialog_new  (GtkWindow         *parent,
                                              TsApiClient       *client);

G_END_DECLS
