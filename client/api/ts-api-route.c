/* ts-api-route.c — the routes the client calls, and their paths built in one place */
#include <string.h>

#include "ts-api-route.h"

typedef struct
{
  const char *method;
  const char *pattern;
} RouteInfo;

/* docs/api.md documents each; test-client-routes finds each in the server's table. */
static const RouteInfo routes[TS_API_N_ROUTES] = {
  [TS_API_ROUTE_SESSION_CREATE]            = { "POST",   "/session" },
  [TS_API_ROUTE_SESSION_GET]               = { "GET",    "/session" },
  [TS_API_ROUTE_SESSION_DELETE]            = { "DELETE", "/session" },
  [TS_API_ROUTE_SESSION_PASSWORD]          = { "POST",   "/session/password" },
  [TS_API_ROUTE_OUTLETS_DIRECTORY]         = { "GET",    "/outlets/directory" },
  [TS_API_ROUTE_HEALTH]                    = { "GET",    "/health" },
  [TS_API_ROUTE_SYSTEM_GET]                = { "GET",    "/system" },
  [TS_API_ROUTE_SYSTEM_PATCH]              = { "PATCH",  "/system" },
  [TS_API_ROUTE_OUTLETS_LIST]              = { "GET",    "/outlets" },
  [TS_API_ROUTE_OUTLETS_CREATE]            = { "POST",   "/outlets" },
  [TS_API_ROUTE_OUTLET_GET]                = { "GET",    "/outlets/{id}" },
  [TS_API_ROUTE_OUTLET_PATCH]              = { "PATCH",  "/outlets/{id}" },
  [TS_API_ROUTE_EMPLOYEES_LIST]            = { "GET",    "/outlets/{id}/employees" },
  [TS_API_ROUTE_EMPLOYEES_CREATE]          = { "POST",   "/outlets/{id}/employees" },
  [TS_API_ROUTE_EMPLOYEE_PATCH]            = { "PATCH",  "/employees/{id}" },
  [TS_API_ROUTE_EMPLOYEE_LOCK]             = { "POST",   "/employees/{id}/lock" },
  [TS_API_ROUTE_EMPLOYEE_UNLOCK]           = { "POST",   "/employees/{id}/unlock" },

  [TS_API_ROUTE_SALES_PERFORMANCES]        = { "GET",    "/sales/performances" },
  [TS_API_ROUTE_PERFORMANCE_OFFER]         = { "GET",    "/performances/{id}/offer" },
  [TS_API_ROUTE_PERFORMANCE_SEATS]         = { "GET",    "/performances/{id}/seats" },
  [TS_API_ROUTE_PERFORMANCE_PARTY]         = { "GET",    "/performances/{id}/party" },
  [TS_API_ROUTE_PERFORMANCE_WILL_CALL]     = { "GET",    "/performances/{id}/will-call" },
  [TS_API_ROUTE_PERFORMANCE_WILL_CALL_HAND_OVER] = { "POST", "/performances/{id}/will-call/hand-over" },
  [TS_API_ROUTE_PERFORMANCE_HOLD]          = { "POST",   "/performances/{id}/holds" },
  [TS_API_ROUTE_PERFORMANCE_RELEASE]       = { "POST",   "/performances/{id}/holds/release" },
  [TS_API_ROUTE_CARTS_LIST]                = { "GET",    "/carts" },
  [TS_API_ROUTE_CARTS_CREATE]              = { "POST",   "/carts" },
  [TS_API_ROUTE_CARTS_HOLD]                = { "POST",   "/carts/hold" },
  [TS_API_ROUTE_CARTS_RELEASE]             = { "POST",   "/carts/release" },

  [TS_API_ROUTE_ORDERS_CREATE]             = { "POST",   "/orders" },
  [TS_API_ROUTE_ORDER_GET]                 = { "GET",    "/orders/{id}" },
  [TS_API_ROUTE_ORDER_REFUND]              = { "POST",   "/orders/{id}/refund" },
  [TS_API_ROUTE_ORDER_EXCHANGE]            = { "POST",   "/orders/{id}/exchange" },
  [TS_API_ROUTE_ORDER_MOVE]                = { "POST",   "/orders/{id}/move" },
  [TS_API_ROUTE_ORDER_PATRON]              = { "POST",   "/orders/{id}/patron" },
  [TS_API_ROUTE_ORDER_TICKETS]             = { "GET",    "/orders/{id}/tickets" },
  [TS_API_ROUTE_ORDER_TICKETS_PDF]         = { "GET",    "/orders/{id}/tickets.pdf" },
  [TS_API_ROUTE_ORDER_REPRINT]             = { "POST",   "/orders/{id}/reprint" },

  [TS_API_ROUTE_PATRONS_SEARCH]            = { "GET",    "/patrons" },
  [TS_API_ROUTE_PATRONS_CREATE]            = { "POST",   "/patrons" },
  [TS_API_ROUTE_PATRONS_DUPLICATES]        = { "GET",    "/patrons/duplicates" },
  [TS_API_ROUTE_PATRON_GET]                = { "GET",    "/patrons/{id}" },
  [TS_API_ROUTE_PATRON_AUDIT]              = { "GET",    "/patrons/{id}/audit" },
  [TS_API_ROUTE_PATRON_CONTACT_POINTS_CREATE] = { "POST", "/patrons/{id}/contact-points" },
  [TS_API_ROUTE_PATRON_NOTES_LIST]         = { "GET",    "/patrons/{id}/notes" },
  [TS_API_ROUTE_PATRON_NOTES_CREATE]       = { "POST",   "/patrons/{id}/notes" },
  [TS_API_ROUTE_PATRON_TAGS_LIST]          = { "GET",    "/patrons/{id}/tags" },
  [TS_API_ROUTE_PATRON_TAGS_PUT]           = { "PUT",    "/patrons/{id}/tags" },
  [TS_API_ROUTE_PATRON_DONATIONS_LIST]     = { "GET",    "/patrons/{id}/donations" },
  [TS_API_ROUTE_PATRON_DONATIONS_CREATE]   = { "POST",   "/patrons/{id}/donations" },
  [TS_API_ROUTE_PATRON_MEMBERSHIPS_LIST]   = { "GET",    "/patrons/{id}/memberships" },
  [TS_API_ROUTE_PATRON_MEMBERSHIPS_CREATE] = { "POST",   "/patrons/{id}/memberships" },
  [TS_API_ROUTE_PATRON_PREFERENCES_GET]    = { "GET",    "/patrons/{id}/contact-preferences" },
  [TS_API_ROUTE_PATRON_PREFERENCES_PUT]    = { "PUT",    "/patrons/{id}/contact-preferences" },
  [TS_API_ROUTE_PATRON_MAILING_LISTS]      = { "GET",    "/patrons/{id}/mailing-lists" },
  [TS_API_ROUTE_PATRON_VOUCHERS]           = { "GET",    "/patrons/{id}/vouchers" },
  [TS_API_ROUTE_PATRON_ORDERS]             = { "GET",    "/patrons/{id}/orders" },
  [TS_API_ROUTE_CONTACT_POINT_PATCH]       = { "PATCH",  "/contact-points/{id}" },
  [TS_API_ROUTE_CONTACT_POINT_DELETE]      = { "DELETE", "/contact-points/{id}" },
  [TS_API_ROUTE_CONTACT_POINT_PRIMARY]     = { "POST",   "/contact-points/{id}/primary" },

  [TS_API_ROUTE_EVENTS_LIST]               = { "GET",    "/events" },
  [TS_API_ROUTE_EVENTS_CREATE]             = { "POST",   "/events" },
  [TS_API_ROUTE_EVENT_GET]                 = { "GET",    "/events/{id}" },
  [TS_API_ROUTE_EVENT_PATCH]               = { "PATCH",  "/events/{id}" },
  [TS_API_ROUTE_PERFORMANCES_CREATE]       = { "POST",   "/events/{id}/performances" },
  [TS_API_ROUTE_PERFORMANCE_PATCH]         = { "PATCH",  "/performances/{id}" },
  [TS_API_ROUTE_PERFORMANCE_DELETE]        = { "DELETE", "/performances/{id}" },
  [TS_API_ROUTE_REDEMPTIONS_LIST]          = { "GET",    "/performances/{id}/redemptions" },
  [TS_API_ROUTE_REDEMPTIONS_CREATE]        = { "POST",   "/performances/{id}/redemptions" },
  [TS_API_ROUTE_REDEMPTION_PATCH]          = { "PATCH",  "/redemptions/{id}" },
  [TS_API_ROUTE_REDEMPTION_DELETE]         = { "DELETE", "/redemptions/{id}" },
  [TS_API_ROUTE_COMMISSION_TABLES_LIST]    = { "GET",    "/commission-tables" },
  [TS_API_ROUTE_COMMISSION_TABLES_CREATE]  = { "POST",   "/commission-tables" },
  [TS_API_ROUTE_COMMISSION_TABLE_PATCH]    = { "PATCH",  "/commission-tables/{id}" },
  [TS_API_ROUTE_TICKET_TYPES_LIST]         = { "GET",    "/ticket-types" },
  [TS_API_ROUTE_TICKET_TYPES_CREATE]       = { "POST",   "/ticket-types" },
  [TS_API_ROUTE_TICKET_TYPE_PATCH]         = { "PATCH",  "/ticket-types/{id}" },

  [TS_API_ROUTE_MAPS_LIST]                 = { "GET",    "/maps" },
  [TS_API_ROUTE_MAPS_CREATE]               = { "POST",   "/maps" },
  [TS_API_ROUTE_MAP_PATCH]                 = { "PATCH",  "/maps/{id}" },
  [TS_API_ROUTE_MAP_EXPORT]                = { "GET",    "/maps/{id}/export" },
  [TS_API_ROUTE_MAP_COMPACT]               = { "GET",    "/maps/{id}/compact" },
  [TS_API_ROUTE_MAP_DUPLICATE]             = { "POST",   "/maps/{id}/duplicate" },
  [TS_API_ROUTE_HOLD_LETTERS_LIST]         = { "GET",    "/hold-letters" },

  [TS_API_ROUTE_FACES_LIST]                = { "GET",    "/faces" },
  [TS_API_ROUTE_FACES_CREATE]              = { "POST",   "/faces" },
  [TS_API_ROUTE_FACES_SAMPLE]              = { "GET",    "/faces/sample" },
  [TS_API_ROUTE_FACE_GET]                  = { "GET",    "/faces/{id}" },
  [TS_API_ROUTE_FACE_PATCH]                = { "PATCH",  "/faces/{id}" },
  [TS_API_ROUTE_FACE_DELETE]               = { "DELETE", "/faces/{id}" },
  [TS_API_ROUTE_FACE_DUPLICATE]            = { "POST",   "/faces/{id}/duplicate" },

  [TS_API_ROUTE_PARTNER_COMPANIES_LIST]    = { "GET",    "/partner-companies" },
  [TS_API_ROUTE_PARTNER_COMPANIES_CREATE]  = { "POST",   "/partner-companies" },
  [TS_API_ROUTE_PARTNER_QUESTIONS]         = { "GET",    "/partner-companies/questions" },
  [TS_API_ROUTE_PARTNER_COMPANY_PATCH]     = { "PATCH",  "/partner-companies/{id}" },
  [TS_API_ROUTE_PARTNER_COMPANY_DELETE]    = { "DELETE", "/partner-companies/{id}" },
  [TS_API_ROUTE_PATRON_PARTNER_PREFERENCES_GET] = { "GET", "/patrons/{id}/partner-preferences" },
  [TS_API_ROUTE_PATRON_PARTNER_PREFERENCES_PUT] = { "PUT", "/patrons/{id}/partner-preferences" },

  [TS_API_ROUTE_ACCOUNTS_BALANCES]         = { "GET",    "/accounts/balances" },
  [TS_API_ROUTE_ACCOUNTS_SETTLEMENT]       = { "GET",    "/accounts/settlement" },
  [TS_API_ROUTE_ACCOUNTS_SETTLE]           = { "POST",   "/accounts/settlements" },
  [TS_API_ROUTE_ACCOUNTS_TILL]             = { "GET",    "/accounts/till" },

  [TS_API_ROUTE_REPORTS_SALES]             = { "GET",    "/reports/sales" },
  [TS_API_ROUTE_REPORTS_SALES_OVER_TIME]   = { "GET",    "/reports/sales-over-time" },
  [TS_API_ROUTE_REPORTS_ZONE_SALES]        = { "GET",    "/reports/zone-sales" },
  [TS_API_ROUTE_REPORTS_CHANNELS]          = { "GET",    "/reports/channels" },
  [TS_API_ROUTE_REPORTS_ATTENDANCE]        = { "GET",    "/reports/attendance" },
  [TS_API_ROUTE_REPORTS_DONATIONS]         = { "GET",    "/reports/donations" },
  [TS_API_ROUTE_REPORTS_MEMBERSHIPS]       = { "GET",    "/reports/memberships" },
  [TS_API_ROUTE_REPORTS_MAILING_LISTS]     = { "GET",    "/reports/mailing-lists" },
  [TS_API_ROUTE_REPORTS_MAILING_LIST]      = { "GET",    "/reports/mailing-list" },
  [TS_API_ROUTE_REPORTS_END_OF_DAY]        = { "GET",    "/reports/end-of-day" },
  [TS_API_ROUTE_ACCOUNTS_TILL_CLOSE]       = { "POST",   "/accounts/till/close" },
  [TS_API_ROUTE_PARTNER_COMPANY_PATRONS]   = { "GET",    "/partner-companies/{id}/patrons" },

  [TS_API_ROUTE_SCANS_CREATE]              = { "POST",   "/scans" },
  [TS_API_ROUTE_SCANS_BATCH]               = { "POST",   "/scans/batch" },
  [TS_API_ROUTE_SCANS_PERFORMANCES]        = { "GET",    "/scans/performances" },
  [TS_API_ROUTE_PERFORMANCE_DOOR_LIST]     = { "GET",    "/performances/{id}/door-list" },
  [TS_API_ROUTE_PERFORMANCE_ATTENDANCE]    = { "GET",    "/performances/{id}/attendance" },
};

const char *
ts_api_route_get_method (TsApiRoute route)
{
  g_return_val_if_fail (route < TS_API_N_ROUTES, NULL);
  return routes[route].method;
}

const char *
ts_api_route_get_pattern (TsApiRoute route)
{
  g_return_val_if_fail (route < TS_API_N_ROUTES, NULL);
  return routes[route].pattern;
}

char *
ts_api_route_path (TsApiRoute          route,
                   gint64              id,
                   const char * const *query)
{
  const char *pattern;
  const char *slot;
  GString *path;
  char separator = '?';

  g_return_val_if_fail (route < TS_API_N_ROUTES && routes[route].pattern != NULL, NULL);
  pattern = routes[route].pattern;
  slot = strstr (pattern, "{id}");
  path = g_string_new (NULL);
  if (slot != NULL)
    {
      g_string_append_len (path, pattern, slot - pattern);
      g_string_append_printf (path, "%" G_GINT64_FORMAT, id);
      g_string_append (path, slot + strlen ("{id}"));
    }
  else
    g_string_append (path, pattern);

  for (gsize i = 0; query != NULL && query[i] != NULL; i += 2)
    {
      g_autofree char *value = NULL;

      if (query[i + 1] == NULL)
        continue;
      value = g_uri_escape_string (query[i + 1], NULL, FALSE);
      g_string_append_printf (path, "%c%s=%s", separator, query[i], value);
      separator = '&';
    }
  return g_string_free (path, FALSE);
}

char *
ts_api_route_id_value (gint64 id)
{
  return id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;
}

JsonNode *
ts_api_route_body (JsonObject *members)
{
  JsonNode *body = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (body, members);
  return body;
}

void
ts_api_route_send (TsApiClient         *client,
                   TsApiRoute           route,
                   gint64               id,
                   const char * const  *query,
                   JsonNode            *body,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autofree char *path = ts_api_route_path (route, id, query);

  ts_api_client_request_async (client, routes[route].method, path, body, cancellable, callback, user_data);
}

void
ts_api_route_download (TsApiClient         *client,
                       TsApiRoute           route,
                       gint64               id,
                       const char * const  *query,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *path = ts_api_route_path (route, id, query);

  g_return_if_fail (g_str_equal (routes[route].method, "GET"));
  ts_api_client_download_async (client, path, file, cancellable, callback, user_data);
}

void
ts_api_route_send_outlet (TsApiClient         *client,
                          TsApiRoute           route,
                          gint64               outlet_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *outlet = ts_api_route_id_value (outlet_id);
  const char *query[] = { "outlet_id", outlet, NULL };

  ts_api_route_send (client, route, 0, query, NULL, cancellable, callback, user_data);
}
