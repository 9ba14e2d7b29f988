/* ts-employees-dialog-private.h — the employee list the employees dialog's
 * tests read */
#pragma once

#include "ts-employees-dialog.h"

G_BEGIN_DECLS

/* The list's model (TsJsonItem rows). */
GListModel        *_ts_employees_dialog_get_model (TsEmployeesDialog *self);

G_END_DECLS
