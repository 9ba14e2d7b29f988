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
/* The caller's outlet as an SQL parameter: NULL for the Master User, who sees
 * every outlet's rows.  Queries filter on it as well as relying on row-level
 * security, so privacy holds even if one layer is wrong (P7). */
char    *ts_policy_outlet_param         (TsRequest *req);

G_END_DECLS
