/* ts-employee-editor-dialog.h — add or edit one employee (C3–C6) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_EMPLOYEE_EDITOR_DIALOG (ts_employee_editor_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsEmployeeEditorDialog, ts_employee_editor_dialog, TS, EMPLOYEE_EDITOR_DIALOG, TsDialog)

/* employee NULL adds a new one to outlet_id. */
TsEmployeeEditorDialog *ts_employee_editor_dialog_new (GtkWindow   *parent,
                                                       TsApiClient *client,
                                                       gint64       outlet_id,
                                                       JsonObject  *employee);

G_END_DECLS
