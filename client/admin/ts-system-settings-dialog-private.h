/* ts-system-settings-dialog-private.h — what the system settings dialog's
 * tests type and read, as a person would */
#pragma once

#include "ts-system-settings-dialog.h"

G_BEGIN_DECLS

/* What a person would type, and what the dialog shows */
void                    _ts_system_settings_dialog_fill              (TsSystemSettingsDialog *self,
                                                                      int                     licence_count);
int                     _ts_system_settings_dialog_get_licence_count (TsSystemSettingsDialog *self);

G_END_DECLS
