/* ts-till-close-dialog-private.h — the counted amounts typed as a person
 * would, and what the dialog says of them, for the tests */
#pragma once

#include "ts-till-close-dialog.h"

G_BEGIN_DECLS

/* Types text as the amount counted for method; FALSE when the dialog has
 * no field for that method. */
gboolean    _ts_till_close_dialog_set_counted   (TsTillCloseDialog *self,
                                                 const char        *method,
                                                 const char        *text);
/* The over or short line as shown. */
const char *_ts_till_close_dialog_get_over_short (TsTillCloseDialog *self);

G_END_DECLS
