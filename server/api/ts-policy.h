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

/* C4: the Master User, or an employee of level least or above; anyone else
 * is refused with refusal (TS_ERROR_FORBIDDEN), which cites the rule. */
gboolean ts_policy_require_level        (TsRequest  *req,
                                         TsLevel     least,
                                         const char *refusal,
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

/* Which outlet a request acts for, and how it is refused: the caller acts
 * for his own outlet and may name no other; the Master User names one. */
typedef struct
{
  const char *unnamed;   /* the Master User named none: TS_ERROR_INVALID with this
                          * message; NULL: he acts for every outlet (a list) */
  const char *not_own;   /* another outlet named by anyone else: TS_ERROR_FORBIDDEN
                          * with this message, which cites the rule */
} TsOutletRule;

/* The usual refusal of a new row without its outlet. */
#define TS_POLICY_NAMES_THE_OWNER "outlet_id: the Master User names the owning outlet"

/* The outlet a request acts for, as an SQL parameter (NULL: every outlet,
 * when rule->unnamed is NULL); named and outlet_id say what the request
 * names. */
gboolean ts_policy_acting_outlet        (TsRequest          *req,
                                         gboolean            named,
                                         gint64              outlet_id,
                                         const TsOutletRule *rule,
                                         char              **out_param,
                                         GError            **error);
/* The same for the body's "outlet_id" (an id, not null); never NULL on
 * success, so rule->unnamed is set. */
char    *ts_policy_body_outlet          (TsRequest          *req,
                                         JsonObject         *body,
                                         const TsOutletRule *rule,
                                         GError            **error);
/* The same for the query's ?outlet_id= (an outlet's id). */
gboolean ts_policy_query_outlet         (TsRequest          *req,
                                         const TsOutletRule *rule,
                                         char              **out_param,
                                         GError            **error);
/* Which outlet's season a list shows (E1): the caller's own; for the Master
 * User every outlet's (NULL), or the one named by ?outlet_id=. */
gboolean ts_policy_list_outlet          (TsRequest  *req,
                                         char      **out_param,
                                         GError    **error);
/* The caller's outlet as an SQL parameter: NULL for the Master User, who sees
 * every outlet's rows.  Queries filter on it as well as relying on row-level
 * security, so privacy holds even if one layer is wrong (P7). */
char    *ts_policy_outlet_param         (TsRequest *req);

G_END_DECLS
