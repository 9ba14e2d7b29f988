/* ts-face-duplicate-dialog-private.h — what the face duplicate dialog's tests do */
#pragma once

#include "ts-face-duplicate-dialog.h"

G_BEGIN_DECLS

/* Chooses the outlet of that code in the list (FALSE if it is not there),
 * and types the copy's name, as a person does. */
gboolean _ts_face_duplicate_dialog_choose_outlet (TsFaceDuplicateDialog *self,
                                                  const char            *code);
void     _ts_face_duplicate_dialog_set_name      (TsFaceDuplicateDialog *self,
                                                  const char            *name);

G_END_DECLS
