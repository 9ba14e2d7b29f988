/* ts-demo-history.h — the weeks before today in the demo (demo-history.sql):
 * sales over four weeks, a refund, a performance that has happened with its
 * admissions, donations, memberships and a mailing list, so that the reports
 * and charts have something to show (`tessera-server --demo-season`). */
#pragma once

#include <libpq-fe.h>
#include <glib.h>

G_BEGIN_DECLS

/* owner: a connection as the owner role (the history moves the times of
 * what it sells back to the days they stand for, which the app role may not
 * do).  Does nothing when the history is there already. */
gboolean ts_demo_history_load (PGconn   *owner,
                               GError  **error);

G_END_DECLS
