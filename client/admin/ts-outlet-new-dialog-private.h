/* ts-outlet-new-dialog-private.h — what the new-outlet dialog's tests type,
 * as a person would */
#pragma once

#include "ts-outlet-new-dialog.h"

G_BEGIN_DECLS

/* What a person would type */
void               _ts_outlet_new_dialog_fill (TsOutletNewDialog *self,
                                               const char        *code,
                                               const char        *name,
                                               const char        *first_name,
                                               const char        *last_name,
                                               const char        *login,
                                               const char        *password);

G_END_DECLS
