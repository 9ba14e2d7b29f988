/* ts-application-private.h — what the tests and benches do that the
 * application does at start-up: load the client's style and icons */
#pragma once

#include "ts-application.h"

G_BEGIN_DECLS

/* Gives the default display the client's style and icons, from the resource
 * bundle (which registers itself before main); idempotent.  The application
 * calls it at start-up; tests call it after gtk_init. */
void _ts_application_register_resources (void);

G_END_DECLS
