/* ts-outlet-preferences-dialog-private.h — what the outlet preferences
 * dialog's tests read */
#pragma once

#include "ts-outlet-preferences-dialog.h"

G_BEGIN_DECLS

/* The name field's text ("ready" once the outlet has loaded). */
const char                *_ts_outlet_preferences_dialog_get_name (TsOutletPreferencesDialog *self);

G_END_DECLS
