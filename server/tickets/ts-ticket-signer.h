/* ts-ticket-signer.h — a ticket's barcode, signed with its owning outlet's key (rules F2, F5)
 *
 * Runs on a handler's connection, inside its transaction.  The outlet's key
 * pair is made the first time the outlet signs (its seed from libsodium's
 * generator, stored in ticket_key; no route ever returns it) and kept in
 * memory afterwards.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ts-ticket-code.h"

G_BEGIN_DECLS

/* The barcode text of one ticket (common/ts-ticket-code.h). */
char     *ts_ticket_signer_code       (PGconn  *conn,
                                       int      outlet_id,
                                       gint64   ticket_number,
                                       int      version,
                                       GError **error);
/* The outlet's public key, for a door that checks codes itself. */
gboolean  ts_ticket_signer_public_key (PGconn  *conn,
                                       int      outlet_id,
                                       guint8   out[TS_TICKET_KEY_BYTES],
                                       GError **error);

G_END_DECLS
