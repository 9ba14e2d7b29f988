/* ts-api-reports.c — the typed calls for the reports, the end of day and the K5 lists */
#include "ts-api-reports.h"
#include "ts-api-route.h"

/* The /reports routes a report view may ask for, by their last segment. */
static const struct
{
  const char *report;
  TsApiRoute  route;
} report_routes[] = {
  { "sales",           TS_API_ROUTE_REPORTS_SALES },
  { "sales-over-time", TS_API_ROUTE_REPORTS_SALES_OVER_TIME },
  { "zone-sales",      TS_API_ROUTE_REPORTS_ZONE_SALES },
  { "channels",        TS_API_ROUTE_REPORTS_CHANNELS },
  { "attendance",      TS_API_ROUTE_REPORTS_ATTENDANCE },
  { "donations",       TS_API_ROUTE_REPORTS_DONATIONS },
  { "memberships",     TS_API_ROUTE_REPORTS_MEMBERSHIPS },
  { "mailing-lists",   TS_API_ROUTE_REPORTS_MAILING_LISTS },
  { "mailing-list",    TS_API_ROUTE_REPORTS_MAILING_LIST },
};

static gboolean
report_route (const char *report,
              TsApiRoute *route)
{
  for (guint i = 0; report != NULL && i < G_N_ELEMENTS (report_routes); i++)
    if (g_str_equal (report_routes[i].report, report))
      {
        *route = report_routes[i].route;
        return TRUE;
      }
  return FALSE;
}

gboolean
ts_api_reports_is_known (const char *report)
{
  TsApiRoute route;

  return report_route (report, &route);
}

void
ts_api_client_get_report_async (TsApiClient         *self,
                                const char          *report,
                                const char * const  *query,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TsApiRoute route;

  g_return_if_fail (report_route (report, &route));
  ts_api_route_send (self, route, 0, query, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_end_of_day_async (TsApiClient         *self,
                                    const char          *date,
                                    gint64               outlet_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *outlet = ts_api_route_id_value (outlet_id);
  const char *parameters[] = { "date", date != NULL && *date != '\0' ? date : NULL, "outlet_id", outlet, NULL };

  ts_api_route_send (self, TS_API_ROUTE_REPORTS_END_OF_DAY, 0, parameters, NULL, cancellable, callback, user_data);
}

void
ts_api_client_close_till_async (TsApiClient         *self,
                                const char          *date,
                                gint64               employee_id,
                                JsonObject          *counted,
                                const char          *note,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_string_member (members, "date", date);
  if (employee_id > 0)
    json_object_set_int_member (members, "employee_id", employee_id);
  json_object_set_object_member (members, "counted", json_object_ref (counted));
  if (note != NULL && *note != '\0')
    json_object_set_string_member (members, "note", note);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_ACCOUNTS_TILL_CLOSE, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_get_partner_patrons_async (TsApiClient         *self,
                                         gint64               partner_company_id,
                                         const char * const  *query,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PARTNER_COMPANY_PATRONS, partner_company_id, query, NULL,
                     cancellable, callback, user_data);
}
