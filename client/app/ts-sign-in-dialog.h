/* ts-sign-in-dialog.h — server, outlet, login and password */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_SIGN_IN_DIALOG (ts_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsSignInDialog, ts_sign_in_dialog, TS, SIGN_IN_DIALOG, TsDialog)

TsSignInDialog *ts_sign_in_dialog_new           (GtkApplication *application,
                                                 const char     *server_url);
/* For tests: the widgets a person would fill in. */
void            ts_sign_in_dialog_fill          (TsSignInDialog *self,
                                                 const char     *server_url,
                                                 gint64          outlet_id,
                                                 const char     *login,
                                                 const char     *password);
/* TRUE once the outlet list of the current server address has loaded. */
gboolean        ts_sign_in_dialog_outlets_ready (TsSignInDialog *self);

G_END_DECLS
