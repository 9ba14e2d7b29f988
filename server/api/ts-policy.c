/* ts-policy.c — access rules checked before any data is read or written */
#include "ts-error.h"
#include "ts-policy.h"

gboolean
ts_policy_require_master (TsRequest  *req,
                          const char *what,
                          GError    **error)
{
  if (ts_request_is_master (req))
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "Only the Master User may %s (rule C2)", what);
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
                   "Only the Master User or that outlet's own administrators may do this (rule C5)");
      return FALSE;
    }
  if (req->level < TS_LEVEL_ADMIN)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "This needs the Outlet Administrator level (rule C4)");
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
               "Another outlet's settings are private to it (rule C7)");
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
                 "Only the Master User may change an Outlet Administrator account (rule C2)");
  else
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "You cannot change an employee whose level (%s) is above your own (rule C5)",
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
                 "There is exactly one Master User; the level cannot be granted (rule C2)");
  else if (granted == TS_LEVEL_ADMIN)
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "Only the Master User may create or edit Outlet Administrator accounts (rule C2)");
  else
    g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                 "You can grant only levels at or below your own (rule C5)");
  return FALSE;
}

gboolean
ts_policy_require_patron_access (TsRequest *req,
                                 GError   **error)
{
  if (ts_request_is_master (req) || req->level >= TS_LEVEL_STAFF)
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "Patron records need the Staff level or above (rule C4)");
  return FALSE;
}

gboolean
ts_policy_require_season_setup (TsRequest *req,
                                GError   **error)
{
  if (ts_request_is_master (req) || req->level >= TS_LEVEL_MANAGER)
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "Season setup (events, performances, ticket types, redemptions, commission tables) "
               "needs the Box Office Manager level or above (rule C4)");
  return FALSE;
}

gboolean
ts_policy_require_setup_reader (TsRequest *req,
                                GError   **error)
{
  if (ts_request_is_master (req) || req->level >= TS_LEVEL_STAFF)
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "The season's setup is for the Staff level and above (rule C4)");
  return FALSE;
}

char *
ts_policy_owning_outlet (TsRequest  *req,
                         gboolean    outlet_present,
                         gint64      outlet_id,
                         const char *rule,
                         GError    **error)
{
  if (ts_request_is_master (req))
    {
      if (!outlet_present)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "outlet_id: the Master User names the owning outlet");
          return NULL;
        }
      return g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
    }
  if (outlet_present && outlet_id != req->outlet_id)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   "An outlet sets up its own season only (rule %s)", rule);
      return NULL;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet_id);
}

gboolean
ts_policy_list_outlet (TsRequest  *req,
                       char      **out_param,
                       GError    **error)
{
  const char *named = ts_request_query (req, "outlet_id");
  gint64 outlet = 0;

  *out_param = NULL;
  if (named != NULL && !g_ascii_string_to_signed (named, 10, 1, G_MAXINT32, &outlet, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "outlet_id: must be an outlet's id");
      return FALSE;
    }
  if (!ts_request_is_master (req))
    {
      if (named != NULL && outlet != req->outlet_id)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                       "Another outlet's season is private to it (rule E1)");
          return FALSE;
        }
      outlet = req->outlet_id;
    }
  if (outlet > 0)
    *out_param = g_strdup_printf ("%" G_GINT64_FORMAT, outlet);
  return TRUE;
}

char *
ts_policy_outlet_param (TsRequest *req)
{
  if (ts_request_is_master (req) || req->outlet_id <= 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet_id);
}
