/* ts-system-settings-dialog.h — the consortium's settings (Master User, C1, C2) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_SYSTEM_SETTINGS_DIALOG (ts_system_settings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsSystemSettingsDialog, ts_system_settings_dialog, TS, SYSTEM_SETTINGS_DIALOG, TsDialog)

TsSystemSettingsDialog *ts_system_settings_dialog_new               (GtkWindow              *parent,
                                                                     TsApiClient            *client);

G_END_DECLS
