/* ts-till-close-dialog.h — Close Till…: the money counted in one
 * employee's till at the end of a day, by payment method, against what the
 * till took; says over or short before it is sent (A4) */
#pragma once

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_TILL_CLOSE_DIALOG (ts_till_close_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsTillCloseDialog, ts_till_close_dialog, TS, TILL_CLOSE_DIALOG, TsDialog)

/* The till of employee_id (named name) for date (YYYY-MM-DD); emits
 * "saved" with the closing the server recorded. */
TsTillCloseDialog *ts_till_close_dialog_new (GtkWindow   *parent,
                                             TsApiClient *client,
                                             const char  *date,
                                             gint64       employee_id,
                                             const char  *name);

G_END_DECLS
