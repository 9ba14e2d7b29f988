/* ts-patron-new-dialog.h — a new patron, warned about likely duplicates */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_NEW_DIALOG (ts_patron_new_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronNewDialog, ts_patron_new_dialog, TS, PATRON_NEW_DIALOG, GtkWindow)

TsPatronNewDialog *ts_patron_new_dialog_new (GtkWindow   *parent,
                                             TsApiClient *client);

/* For tests: what a person would type, and what the dialog then says. */
void               ts_patron_new_dialog_fill        (TsPatronNewDialog *self,
                                                     const char        *first_name,
                                                     const char        *last_name,
                                                     const char        *email,
                                                     const char        *phone);
void               ts_patron_new_dialog_submit      (TsPatronNewDialog *self);
const char        *ts_patron_new_dialog_get_message (TsPatronNewDialog *self);

G_END_DECLS
