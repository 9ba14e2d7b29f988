/* ts-outlet-preferences-dialog.h — one outlet's company preferences (C7) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_OUTLET_PREFERENCES_DIALOG (ts_outlet_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsOutletPreferencesDialog, ts_outlet_preferences_dialog, TS, OUTLET_PREFERENCES_DIALOG, TsDialog)

TsOutletPreferencesDialog *ts_outlet_preferences_dialog_new      (GtkWindow                 *parent,
                                                                  TsApiClient               *client,
                                                                  gint64                     outlet_id);

G_END_DECLS
