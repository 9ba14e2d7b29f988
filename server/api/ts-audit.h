/* ts-audit.h — explicit audit entries (R1)
 *
 * Row changes are audited by database triggers (migration 001), so no write
 * can forget it; this records events that change no row of their own. */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

gboolean ts_audit_event (PGconn      *conn,
                         const char  *action,
                         const char  *entity,
                         const char  *entity_id,
                         gint64       subject_outlet_id,
                         JsonNode    *after,
                         GError     **error);

G_END_DECLS
