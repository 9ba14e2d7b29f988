/* ts-employee-editor-dialog-private.h — what the employee editor's tests do
 * and read, as a person types and clicks */
#pragma once

#include "ts-employee-editor-dialog.h"

G_BEGIN_DECLS

/* Types in the person search (a new employee); how many searches have been
 * answered, and how many people the last answer lists. */
void     _ts_employee_editor_dialog_search_person         (TsEmployeeEditorDialog *self,
                                                           const char             *text);
guint    _ts_employee_editor_dialog_get_searches_answered (TsEmployeeEditorDialog *self);
guint    _ts_employee_editor_dialog_count_people          (TsEmployeeEditorDialog *self);
/* Clicks the listed person of that patron record (FALSE if not listed);
 * the person linked (0: a new person from the names typed). */
gboolean _ts_employee_editor_dialog_choose_person         (TsEmployeeEditorDialog *self,
                                                           gint64                  patron_id);
gint64   _ts_employee_editor_dialog_get_person            (TsEmployeeEditorDialog *self);
/* Types the login and the password. */
void     _ts_employee_editor_dialog_fill                  (TsEmployeeEditorDialog *self,
                                                           const char             *login,
                                                           const char             *password);

G_END_DECLS
