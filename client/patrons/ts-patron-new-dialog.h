/* ts-patron-new-dialog.h — a new patron, warned about likely duplicates */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_NEW_DIALOG (ts_patron_new_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronNewDialog, ts_patron_new_dialog, TS, PATRON_NEW_DIALOG, TsDialog)

TsPatronNewDialog *ts_patron_new_dialog_new  (GtkWindow         *parent,
                                              TsApiClient       *client);

G_END_DECLS
