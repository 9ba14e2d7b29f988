/* ts-patron-new-dialog-private.h — what the new-patron dialog's tests type,
 * as a person would */
#pragma once

#include "ts-patron-new-dialog.h"

G_BEGIN_DECLS

/* What a person would type. */
void               _ts_patron_new_dialog_fill (TsPatronNewDialog *self,
                                               const char        *first_name,
                                               const char        *last_name,
                                               const char        *email,
                                               const char        *phone);

G_END_DECLS
