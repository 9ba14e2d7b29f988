/* ts-policy.h — who may do what (rules C2, C4, C5, C7): the first of the two
 * privacy layers (P7); row-level security in PostgreSQL is the second. */
#pragma once

#include "ts-request.h"

G_BEGIN_DECLS

gboolean ts_policy_require_master       (TsRequest  *req,
                                         const char *what,
                                         GError    **error);
/* The Master User, or an Outlet Administrator of outlet_id. */
gboolean ts_policy_require_outlet_admin (TsRequest  *req,
                                         gint64      outlet_id,
                                         GError    **error);
/* The Master User, or any employee of outlet_id. */
gboolean ts_policy_require_outlet_member (TsRequest *req,
                                          gint64     outlet_id,
                                          GError   **error);
/* C4/C5/C2: may the actor change an employee at target level, and grant level? */
gboolean ts_policy_require_can_manage   (TsRequest  *req,
                                         TsLevel     target,
                                         GError    **error);
gboolean ts_policy_require_can_grant    (TsRequest  *req,
                                         TsLevel     granted,
                                         GError    **error);

/* C4: patron work (search, contact data, notes, donations…) is Staff and up. */
gboolean ts_policy_require_patron_access (TsRequest *req,
                                          GError   **error);
/* C4: season setup (events, performances, ticket types, redemptions,
 * commission tables) is the Box Office Manager's level and up, and the
 * Master User's. */
gboolean ts_policy_require_season_setup (TsRequest *req,
                                         GError   **error);
/* C4: reading the season's setup is Staff and up (a Scanner only validates
 * tickets); which outlet's rows is row-level security's business (E1). */
gboolean ts_policy_require_setup_reader (TsRequest *req,
                                         GError   **error);
/* The outlet a new row belongs to, as an SQL parameter: the caller's own;
 * the Master User must name one (outlet_present/outlet_id from the body),
 * anyone else may name only his own (else forbidden, citing rule). */
char    *ts_policy_owning_outlet        (TsRequest  *req,
                                         gboolean    outlet_present,
                                         gint64      outlet_id,
                                         const char *rule,
                                         GError    **error);
/* Which outlet's rows a list shows, as an SQL parameter (E1): the caller's
 * own; for the Master User every outlet's (NULL), or the one named by
 * ?outlet_id=. */
gboolean ts_policy_list_outlet          (TsRequest  *req,
                                         char      **out_param,
                                         GError    **error);
/* The caller's outlet as an SQL parameter: NULL for the Master User, who sees
 * every outlet's rows.  Queries filter on it as well as relying on row-level
 * security, so privacy holds even if one layer is wrong (P7). */
char    *ts_policy_outlet_param         (TsRequest *req);

G_END_DECLS
