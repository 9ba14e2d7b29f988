/* ts-unlock.h — `tessera-server --unlock LOGIN [--outlet CODE]`: the operator's
 * way back in for a login locked or throttled by bad passwords (C6) */
#pragma once

#include "ts-db.h"

G_BEGIN_DECLS

/* Clears the administrator's lock, the lock-out and strangers' waits of the
 * login (outlet_code NULL: the Master User), audited (R1) as done from the
 * command line by `operator`.  *out_summary says what was cleared. */
gboolean ts_unlock_login (TsDb        *db,
                          const char  *outlet_code,
                          const char  *login,
                          const char  *operator,
                          char       **out_summary,
                          GError     **error);

G_END_DECLS
