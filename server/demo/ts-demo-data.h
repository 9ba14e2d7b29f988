/* ts-demo-data.h — the demo consortium and the first-run Master User */
#pragma once

#include <libpq-fe.h>
#include <glib.h>

G_BEGIN_DECLS

/* Taken first by each demo loader's transaction (consortium, season,
 * history): servers started at once on one empty database take turns, and
 * the second finds the data there instead of loading it again. */
#define TS_DEMO_LOCK_SQL "SELECT pg_advisory_xact_lock (7355609)"

/* Loads the demo consortium (see tests/ts-test-server.h for the accounts)
 * when the database has no outlet yet; does nothing otherwise. */
gboolean ts_demo_data_load         (PGconn      *conn,
                                    guint        bcrypt_cost,
                                    GError     **error);
/* The first-run command: creates the one Master User (C2).  A second one is
 * refused with TS_ERROR_CONFLICT. */
gboolean ts_demo_data_create_master (PGconn      *conn,
                                     const char  *login,
                                     const char  *password,
                                     const char  *first_name,
                                     const char  *last_name,
                                     guint        bcrypt_cost,
                                     GError     **error);

G_END_DECLS
