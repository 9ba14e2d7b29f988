/* ts-employees-dialog.h — one outlet's employees (C3–C6) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_EMPLOYEES_DIALOG (ts_employees_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsEmployeesDialog, ts_employees_dialog, TS, EMPLOYEES_DIALOG, TsDialog)

TsEmployeesDialog *ts_employees_dialog_new       (GtkWindow         *parent,
                                                  TsApiClient       *client,
                                                  gint64             outlet_id,
                                                  const char        *outlet_name);

G_END_DECLS
