/* ts-patron-store.h — the patron rows that several handlers check, read or
 * write: whether a patron exists, the patron as an outlet sees it, a new
 * shared contact point (P1), an outlet's own primary choice (P2) */
#pragma once

#include <libpq-fe.h>

#include "ts-contact-point-input.h"
#include "ts-request.h"

G_BEGIN_DECLS

/* TRUE if the patron exists; else TS_ERROR_NOT_FOUND. */
gboolean ts_patron_store_exists               (PGconn                     *conn,
                                               const char                 *patron_id,
                                               GError                    **error);
/* The patron as the caller's outlet sees it (ts_patron_json: the shared
 * record and this outlet's own choices, P1, P2); else TS_ERROR_NOT_FOUND. */
JsonNode *ts_patron_store_json                (TsRequest                  *req,
                                               PGconn                     *conn,
                                               const char                 *patron_id,
                                               GError                    **error);
/* Adds one shared contact point (P1) created by the caller's outlet; returns its id. */
char    *ts_patron_store_insert_contact_point (TsRequest                  *req,
                                               PGconn                     *conn,
                                               const char                 *patron_id,
                                               const TsContactPointInput  *input,
                                               GError                    **error);
/* Makes a contact point the caller's outlet's own primary of its kind (P2). */
gboolean ts_patron_store_set_primary          (TsRequest                  *req,
                                               PGconn                     *conn,
                                               const char                 *patron_id,
                                               const char                 *kind,
                                               const char                 *point_id,
                                               GError                    **error);

G_END_DECLS
