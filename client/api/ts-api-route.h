/* ts-api-route.h — every route the client calls, by name: its method and
 * path as the server's route table writes them, and the one way a typed call
 * sends one.  Only client/api/ uses it; everything else calls the typed
 * functions (ts-api-sales.h, ts-api-patrons.h…).  test-client-routes holds
 * this table against the server's (server/http/ts-router.c). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* Grouped as the typed calls are, by the file that sends them. */
typedef enum
{
  /* ts-api-client.c: the session and the administration */
  TS_API_ROUTE_SESSION_CREATE,
  TS_API_ROUTE_SESSION_GET,
  TS_API_ROUTE_SESSION_DELETE,
  TS_API_ROUTE_SESSION_PASSWORD,
  TS_API_ROUTE_OUTLETS_DIRECTORY,
  TS_API_ROUTE_HEALTH,
  TS_API_ROUTE_SYSTEM_GET,
  TS_API_ROUTE_SYSTEM_PATCH,
  TS_API_ROUTE_OUTLETS_LIST,
  TS_API_ROUTE_OUTLETS_CREATE,
  TS_API_ROUTE_OUTLET_GET,
  TS_API_ROUTE_OUTLET_PATCH,
  TS_API_ROUTE_EMPLOYEES_LIST,
  TS_API_ROUTE_EMPLOYEES_CREATE,
  TS_API_ROUTE_EMPLOYEE_PATCH,
  TS_API_ROUTE_EMPLOYEE_LOCK,
  TS_API_ROUTE_EMPLOYEE_UNLOCK,

  /* ts-api-sales.c */
  TS_API_ROUTE_SALES_PERFORMANCES,
  TS_API_ROUTE_PERFORMANCE_OFFER,
  TS_API_ROUTE_PERFORMANCE_SEATS,
  TS_API_ROUTE_PERFORMANCE_PARTY,
  TS_API_ROUTE_PERFORMANCE_WILL_CALL,
  TS_API_ROUTE_PERFORMANCE_WILL_CALL_HAND_OVER,
  TS_API_ROUTE_PERFORMANCE_HOLD,
  TS_API_ROUTE_PERFORMANCE_RELEASE,
  TS_API_ROUTE_CARTS_LIST,
  TS_API_ROUTE_CARTS_CREATE,
  TS_API_ROUTE_CARTS_HOLD,
  TS_API_ROUTE_CARTS_RELEASE,

  /* ts-api-orders.c */
  TS_API_ROUTE_ORDERS_CREATE,
  TS_API_ROUTE_ORDER_GET,
  TS_API_ROUTE_ORDER_REFUND,
  TS_API_ROUTE_ORDER_EXCHANGE,
  TS_API_ROUTE_ORDER_MOVE,
  TS_API_ROUTE_ORDER_PATRON,

  /* ts-api-tickets.c */
  TS_API_ROUTE_ORDER_TICKETS,
  TS_API_ROUTE_ORDER_TICKETS_PDF,
  TS_API_ROUTE_ORDER_REPRINT,

  /* ts-api-patrons.c */
  TS_API_ROUTE_PATRONS_SEARCH,
  TS_API_ROUTE_PATRONS_CREATE,
  TS_API_ROUTE_PATRONS_DUPLICATES,
  TS_API_ROUTE_PATRON_GET,
  TS_API_ROUTE_PATRON_AUDIT,
  TS_API_ROUTE_PATRON_CONTACT_POINTS_CREATE,
  TS_API_ROUTE_PATRON_NOTES_LIST,
  TS_API_ROUTE_PATRON_NOTES_CREATE,
  TS_API_ROUTE_PATRON_TAGS_LIST,
  TS_API_ROUTE_PATRON_TAGS_PUT,
  TS_API_ROUTE_PATRON_DONATIONS_LIST,
  TS_API_ROUTE_PATRON_DONATIONS_CREATE,
  TS_API_ROUTE_PATRON_MEMBERSHIPS_LIST,
  TS_API_ROUTE_PATRON_MEMBERSHIPS_CREATE,
  TS_API_ROUTE_PATRON_PREFERENCES_GET,
  TS_API_ROUTE_PATRON_PREFERENCES_PUT,
  TS_API_ROUTE_PATRON_MAILING_LISTS,
  TS_API_ROUTE_PATRON_VOUCHERS,
  TS_API_ROUTE_PATRON_ORDERS,
  TS_API_ROUTE_CONTACT_POINT_PATCH,
  TS_API_ROUTE_CONTACT_POINT_DELETE,
  TS_API_ROUTE_CONTACT_POINT_PRIMARY,

  /* ts-api-season.c */
  TS_API_ROUTE_EVENTS_LIST,
  TS_API_ROUTE_EVENTS_CREATE,
  TS_API_ROUTE_EVENT_GET,
  TS_API_ROUTE_EVENT_PATCH,
  TS_API_ROUTE_PERFORMANCES_CREATE,
  TS_API_ROUTE_PERFORMANCE_PATCH,
  TS_API_ROUTE_PERFORMANCE_DELETE,
  TS_API_ROUTE_REDEMPTIONS_LIST,
  TS_API_ROUTE_REDEMPTIONS_CREATE,
  TS_API_ROUTE_REDEMPTION_PATCH,
  TS_API_ROUTE_REDEMPTION_DELETE,
  TS_API_ROUTE_COMMISSION_TABLES_LIST,
  TS_API_ROUTE_COMMISSION_TABLES_CREATE,
  TS_API_ROUTE_COMMISSION_TABLE_PATCH,
  TS_API_ROUTE_TICKET_TYPES_LIST,
  TS_API_ROUTE_TICKET_TYPES_CREATE,
  TS_API_ROUTE_TICKET_TYPE_PATCH,

  /* ts-api-maps.c */
  TS_API_ROUTE_MAPS_LIST,
  TS_API_ROUTE_MAPS_CREATE,
  TS_API_ROUTE_MAP_PATCH,
  TS_API_ROUTE_MAP_EXPORT,
  TS_API_ROUTE_MAP_COMPACT,
  TS_API_ROUTE_MAP_DUPLICATE,
  TS_API_ROUTE_HOLD_LETTERS_LIST,

  /* ts-api-faces.c */
  TS_API_ROUTE_FACES_LIST,
  TS_API_ROUTE_FACES_CREATE,
  TS_API_ROUTE_FACES_SAMPLE,
  TS_API_ROUTE_FACE_GET,
  TS_API_ROUTE_FACE_PATCH,
  TS_API_ROUTE_FACE_DELETE,
  TS_API_ROUTE_FACE_DUPLICATE,

  /* ts-api-partners.c */
  TS_API_ROUTE_PARTNER_COMPANIES_LIST,
  TS_API_ROUTE_PARTNER_COMPANIES_CREATE,
  TS_API_ROUTE_PARTNER_QUESTIONS,
  TS_API_ROUTE_PARTNER_COMPANY_PATCH,
  TS_API_ROUTE_PARTNER_COMPANY_DELETE,
  TS_API_ROUTE_PATRON_PARTNER_PREFERENCES_GET,
  TS_API_ROUTE_PATRON_PARTNER_PREFERENCES_PUT,

  /* ts-api-accounts.c */
  TS_API_ROUTE_ACCOUNTS_BALANCES,
  TS_API_ROUTE_ACCOUNTS_SETTLEMENT,
  TS_API_ROUTE_ACCOUNTS_SETTLE,
  TS_API_ROUTE_ACCOUNTS_TILL,

  /* ts-api-reports.c */
  TS_API_ROUTE_REPORTS_SALES,
  TS_API_ROUTE_REPORTS_SALES_OVER_TIME,
  TS_API_ROUTE_REPORTS_ZONE_SALES,
  TS_API_ROUTE_REPORTS_CHANNELS,
  TS_API_ROUTE_REPORTS_ATTENDANCE,
  TS_API_ROUTE_REPORTS_DONATIONS,
  TS_API_ROUTE_REPORTS_MEMBERSHIPS,
  TS_API_ROUTE_REPORTS_MAILING_LISTS,
  TS_API_ROUTE_REPORTS_MAILING_LIST,
  TS_API_ROUTE_REPORTS_END_OF_DAY,
  TS_API_ROUTE_ACCOUNTS_TILL_CLOSE,
  TS_API_ROUTE_PARTNER_COMPANY_PATRONS,

  /* ts-api-scans.c */
  TS_API_ROUTE_SCANS_CREATE,
  TS_API_ROUTE_SCANS_BATCH,
  TS_API_ROUTE_SCANS_PERFORMANCES,
  TS_API_ROUTE_PERFORMANCE_DOOR_LIST,
  TS_API_ROUTE_PERFORMANCE_ATTENDANCE,

  TS_API_N_ROUTES
} TsApiRoute;

/* "GET", and "/performances/{id}/seats": exactly as in the server's table. */
const char *ts_api_route_get_method  (TsApiRoute          route);
const char *ts_api_route_get_pattern (TsApiRoute          route);

/* The path to send, relative to /api/v1: the pattern with its {id} (if it
 * has one) as id, whatever id is (the server answers 0 as an unknown id),
 * then the query from name, value pairs ending with a NULL
 * name ({ "q", text, "limit", "8", NULL }).  Values are escaped; a NULL
 * value leaves its parameter out, "" sends it empty. */
char       *ts_api_route_path        (TsApiRoute          route,
                                      gint64              id,
                                      const char * const *query);
/* A query value for an id that may be absent: NULL (left out) for 0. */
char       *ts_api_route_id_value    (gint64              id);
/* A body of members, which it takes. */
JsonNode   *ts_api_route_body        (JsonObject         *members);

/* Sends route (path as above; body may be NULL) as
 * ts_api_client_request_async does; the answer is taken with
 * ts_api_client_request_finish. */
void        ts_api_route_send        (TsApiClient         *client,
                                      TsApiRoute           route,
                                      gint64               id,
                                      const char * const  *query,
                                      JsonNode            *body,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* The same for a route that answers a file (a PDF): its bytes written to
 * file (ts_api_client_download_async). */
void        ts_api_route_download    (TsApiClient         *client,
                                      TsApiRoute           route,
                                      gint64               id,
                                      const char * const  *query,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* The same for a list of one outlet's: ?outlet_id= names it, or is left
 * out for 0 (the caller's own; the Master User's every outlet's). */
void        ts_api_route_send_outlet (TsApiClient         *client,
                                      TsApiRoute           route,
                                      gint64               outlet_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

G_END_DECLS
