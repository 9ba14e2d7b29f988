/* ts-policy.c — access rules checked before any data is read or written */
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-policy.h"

gboolean
ts_policy_require_master (TsRequest  *req,
                          const char *what,
                          GError    **error)
{
  if (ts_request_is_master (req))
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "Only the Master User may %s", what);  /* C2 */
  return FALSE;
}

gboolean
ts_policy_require_outlet_admin (TsRequest  *req,
                                gint64      outlet_id,
                                GError    **error)
{
  if (ts_request_is_master (req))
    return TRUE;
  if (req->outlet_id != outlet_id)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "Only the Master User or that outlet's own administrators may do this");  /* C5 */
      return FALSE;
    }
  if (req->level < TS_LEVEL_ADMIN)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "This needs the Outlet Administrator level");  /* C4 */
      return FALSE;
    }
  return TRUE;
}

gboolean
ts_policy_require_outlet_member (TsRequest *req,
                                 gint64     outlet_id,
                                 GError   **error)
{
  if (ts_request_is_master (req) || req->outlet_id == outlet_id)
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "Another outlet's settings are private to it");  /* C7 */
  return FALSE;
}

gboolean
ts_policy_require_can_manage (TsRequest  *req,
                              TsLevel     target,
                              GError    **error)
{
  if (ts_level_can_manage (req->level, target))
    return TRUE;
  if (target == TS_LEVEL_ADMIN || target == TS_LEVEL_MASTER)
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "Only the Master User may change an Outlet Administrator account");  /* C2 */
  else
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "You cannot change an employee whose level (%s) is above your own",  /* C5 */
                 ts_level_to_string (target));
  return FALSE;
}

gboolean
ts_policy_require_can_grant (TsRequest  *req,
                             TsLevel     granted,
                             GError    **error)
{
  if (ts_level_can_grant (req->level, granted))
    return TRUE;
  if (granted == TS_LEVEL_MASTER)
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "There is exactly one Master User; the level cannot be granted");  /* C2 */
  else if (granted == TS_LEVEL_ADMIN)
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "Only the Master User may create or edit Outlet Administrator accounts");  /* C2 */
  else
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "You can grant only levels at or below your own");  /* C5 */
  return FALSE;
}

gboolean
ts_policy_require_level (TsRequest  *req,
                         TsLevel     least,
                         const char *refusal,
                         GError    **error)
{
  if (ts_request_is_master (req) || req->level >= least)
    return TRUE;
  g_set_error_literal (error, TS_ERROR, TS_ERROR_FORBIDDEN, refusal);
  return FALSE;
}

gboolean
ts_policy_require_patron_access (TsRequest *req,
                                 GError   **error)
{
  return ts_policy_require_level (req, TS_LEVEL_STAFF,
                                  "Patron records need the Staff level or above", error);  /* C4 */
}

gboolean
ts_policy_require_season_setup (TsRequest *req,
                                GError   **error)
{
  return ts_policy_require_level (req, TS_LEVEL_MANAGER,
                                  "Season setup (events, performances, ticket types, redemptions, commission tables) "
                                  "needs the Box Office Manager level or above", error);  /* C4 */
}

gboolean
ts_policy_require_setup_reader (TsRequest *req,
                                GError   **error)
{
  return ts_policy_require_level (req, TS_LEVEL_STAFF,
                                  "The season's setup is for the Staff level and above", error);  /* C4 */
}

gboolean
ts_policy_acting_outlet (TsRequest          *req,
                         gboolean            named,
                         gint64              outlet_id,
                         const TsOutletRule *rule,
                         char              **out_param,
                         GError            **error)
{
  *out_param = NULL;
  if (ts_request_is_master (req))
    {
      if (named)
        *out_param = g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
      else if (rule->unnamed != NULL)
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, rule->unnamed);
          return FALSE;
        }
      return TRUE;
    }
  if (named && outlet_id != req->outlet_id)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_FORBIDDEN, rule->not_own);
      return FALSE;
    }
  *out_param = g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet_id);
  return TRUE;
}

char *
ts_policy_body_outlet (TsRequest          *req,
                       JsonObject         *body,
                       const TsOutletRule *rule,
                       GError            **error)
{
  gint64 outlet_id;
  gboolean named;
  char *param = NULL;

  g_return_val_if_fail (rule->unnamed != NULL, NULL);
  if (!ts_json_field_id (body, "outlet_id", TS_JSON_FIELD_NOT_NULL, &outlet_id, &named, error)
      || !ts_policy_acting_outlet (req, named, outlet_id, rule, &param, error))
    return NULL;
  return param;
}

gboolean
ts_policy_query_outlet (TsRequest          *req,
                        const TsOutletRule *rule,
                        char              **out_param,
                        GError            **error)
{
  const char *named = ts_request_query (req, "outlet_id");
  gint64 outlet_id = 0;

  *out_param = NULL;
  if (named != NULL && !g_ascii_string_to_signed (named, 10, 1, G_MAXINT32, &outlet_id, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "outlet_id: must be an outlet's id");
      return FALSE;
    }
  return ts_policy_acting_outlet (req, named != NULL, outlet_id, rule, out_param, error);
}

gboolean
ts_policy_list_outlet (TsRequest  *req,
                       char      **out_param,
                       GError    **error)
{
  static const TsOutletRule season = { NULL, "Another outlet's season is private to it" };  /* E1 */

  return ts_policy_query_outlet (req, &season, out_param, error);
}

char *
ts_policy_outlet_param (TsRequest *req)
{
  if (ts_request_is_master (req) || req->outlet_id <= 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet_id);
}
