/* ts-map-duplicate-dialog-private.h — what the map duplicate dialog's tests do */
#pragma once

#include "ts-map-duplicate-dialog.h"

G_BEGIN_DECLS

/* Chooses the outlet of that code in the list (FALSE if it is not there),
 * and types the copy's name, as a person does. */
gboolean _ts_map_duplicate_dialog_choose_outlet (TsMapDuplicateDialog *self,
                                                 const char           *code);
void     _ts_map_duplicate_dialog_set_name      (TsMapDuplicateDialog *self,
                                                 const char           *name);

G_END_DECLS
