/* ts-outlet-copy-dialog-private.h — what the copy dialog's tests do */
#pragma once

#include "ts-outlet-copy-dialog.h"

G_BEGIN_DECLS

/* Chooses the outlet of that code in the list (FALSE if it is not there),
 * and types the copy's name, as a person does. */
gboolean _ts_outlet_copy_dialog_choose_outlet (TsOutletCopyDialog *self,
                                               const char         *code);
void     _ts_outlet_copy_dialog_set_name      (TsOutletCopyDialog *self,
                                               const char         *name);

G_END_DECLS
