/* ts-override-dialog-private.h — what the override dialog's tests do as a
 * person would: read the refusal and type the reason (S3) */
#pragma once

#include "ts-override-dialog.h"

G_BEGIN_DECLS

/* The server's refusal shown, and the reason typed (then Override is the
 * dialog.submit action: ts_test_ui_submit). */
const char       *_ts_override_dialog_get_refusal (TsOverrideDialog *self);
void              _ts_override_dialog_set_reason  (TsOverrideDialog *self,
                                                   const char       *reason);

G_END_DECLS
