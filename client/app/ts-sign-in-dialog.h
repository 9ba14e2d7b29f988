/* ts-sign-in-dialog.h — server, outlet, login and password */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_SIGN_IN_DIALOG (ts_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsSignInDialog, ts_sign_in_dialog, TS, SIGN_IN_DIALOG, TsDialog)

TsSignInDialog *ts_sign_in_dialog_new           (GtkApplication *application,
                                                 const char     *server_url);

G_END_DECLS
