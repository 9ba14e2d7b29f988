/* ts-backup.h — `tessera-server --backup FILE` and `--restore FILE`
 *
 * A backup is pg_dump's custom format (-Fc) of the whole database, made
 * from one snapshot while servers keep selling; a restore loads one into an
 * empty database only, then brings it up to this release's schema.  Both
 * work on the embedded cluster (started for the while, or shared with the
 * server that runs it) and on a database of the administrator's (the owner
 * role's connection string).  docs/architecture.md, "Backups and upgrades".
 */
#pragma once

#include <glib.h>

#include "ts-server-config.h"

G_BEGIN_DECLS

/* Writes the backup to file (through file.partial, renamed once whole; mode
 * 0600: it holds personal data and password hashes) and records it in the
 * audit log.  *out_summary says what was written, for the operator. */
gboolean ts_backup_to_file    (TsServerConfig  *config,
                               const char      *file,
                               char           **out_summary,
                               GError         **error);
/* Checks that file is a whole Tessera backup, refuses a database that holds
 * anything, restores it in one transaction (all or nothing), records the
 * restore in the audit log and applies this release's migrations. */
gboolean ts_backup_restore    (TsServerConfig  *config,
                               const char      *file,
                               char           **out_summary,
                               GError         **error);
/* main's --backup / --restore: does one, prints what it did or why not,
 * and answers the exit status (0, or 1). */
int      ts_backup_command    (TsServerConfig  *config,
                               const char      *backup_file,
                               const char      *restore_file);

G_END_DECLS
