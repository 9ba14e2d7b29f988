/* ts-migrations.h — the schema, applied at start-up: numbered migrations and functions files */
#pragma once

#include <libpq-fe.h>
#include <glib.h>

G_BEGIN_DECLS

/* Applies every migration (server/migrations/NNN-name.sql, compiled into the
 * binary) newer than the recorded version, each in its own transaction,
 * recording it in schema_version, and every functions file
 * (server/functions/NAME.sql) whose text changed, each where its "-- after:
 * NNN" line puts it among the migrations; then, if anything ran, checks
 * every function body.  Two callers at once take turns (an advisory lock).
 * A failure leaves the database as it was before that migration or file and
 * returns the reason.  Runs as the owner role.
 *
 * Rolling upgrades: each functions file is recorded with the release that
 * ran it (its latest migration, then TS_VERSION); when a newer release than
 * this build recorded any, no file of this build runs (its functions stay),
 * and a database at a newer schema version is refused. */
gboolean ts_migrations_apply        (PGconn  *owner_conn,
                                     guint   *out_applied,
                                     GError **error);
guint    ts_migrations_latest       (void);
/* One migration in one transaction, recorded in schema_version (which must
 * exist); on failure nothing of it remains.  name starts with its number. */
gboolean ts_migrations_apply_one    (PGconn      *conn,
                                     const char  *name,
                                     const char  *sql,
                                     GError     **error);

G_END_DECLS
