/* ts-sign-in-dialog-private.h — what the sign-in dialog's tests fill in, as a
 * person would, and wait for */
#pragma once

#include "ts-sign-in-dialog.h"

G_BEGIN_DECLS

/* The widgets a person would fill in. */
void            _ts_sign_in_dialog_fill          (TsSignInDialog *self,
                                                  const char     *server_url,
                                                  gint64          outlet_id,
                                                  const char     *login,
                                                  const char     *password);
/* TRUE once the outlet list of the current server address has loaded. */
gboolean        _ts_sign_in_dialog_outlets_ready (TsSignInDialog *self);

G_END_DECLS
