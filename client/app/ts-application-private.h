/* ts-application-private.h — what the tests and benches do that the
 * application does at start-up (load the client's style and icons), and the
 * session's steps the tests drive: sign-in opens it, sign-out closes it */
#pragma once

#include "ts-api-client.h"
#include "ts-application.h"
#include "ts-sign-in-dialog.h"

G_BEGIN_DECLS

/* Gives the default display the client's style and icons, from the resource
 * bundle (which registers itself before main); idempotent.  The application
 * calls it at start-up; tests call it after gtk_init. */
void _ts_application_register_resources (void);

/* What --server gives: the address the sign-in dialog offers. */
void            _ts_application_set_server_url (TsApplication *self,
                                                const char    *server_url);
/* What signing in does: the main window of the client's session. */
void            _ts_application_open_session   (TsApplication *self,
                                                TsApiClient   *client);
/* What Sign Out does (app.sign-out): ends the session on the server,
 * destroys every window and shows (and returns) a new sign-in dialog. */
TsSignInDialog *_ts_application_sign_out       (TsApplication *self);

G_END_DECLS
