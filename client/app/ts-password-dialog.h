/* ts-password-dialog.h — the signed-in person changes his own password */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_PASSWORD_DIALOG (ts_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPasswordDialog, ts_password_dialog, TS, PASSWORD_DIALOG, TsDialog)

TsPasswordDialog *ts_password_dialog_new (GtkWindow   *parent,
                                          TsApiClient *client);

G_END_DECLS
