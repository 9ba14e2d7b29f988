/* ts-api-reports.h — typed calls for the reports (docs/api.md, "Reports"):
 * every /reports route, the end of day and closing a till, and a partner
 * company's list of patrons (K5).  Each answers the report shape (columns,
 * rows, totals) and finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /reports/<report>: report is the route's last segment ("sales",
 * "sales-over-time", "zone-sales", "channels", "attendance", "donations",
 * "memberships", "mailing-lists", "mailing-list"); query holds name, value
 * pairs ("from", "2026-12-01", "group", "event", …, NULL), a NULL value
 * leaving its parameter out (R2: the server decides what the outlet sees). */
void     ts_api_client_get_report_async             (TsApiClient         *self,
                                                     const char          *report,
                                                     const char * const  *query,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Whether report names a /reports route ts_api_client_get_report_async sends. */
gboolean ts_api_reports_is_known                    (const char          *report);
/* GET /reports/end-of-day?date=: each till and the day's summary (A4);
 * outlet_id 0 leaves it out (the caller's own) */
void     ts_api_client_get_end_of_day_async         (TsApiClient         *self,
                                                     const char          *date,
                                                     gint64               outlet_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* POST /accounts/till/close: employee_id's till for date (0: the caller's),
 * counted: cents by method; note NULL or "" for none (A4) */
void     ts_api_client_close_till_async             (TsApiClient         *self,
                                                     const char          *date,
                                                     gint64               employee_id,
                                                     JsonObject          *counted,
                                                     const char          *note,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* GET /partner-companies/{id}/patrons: query as for reports ("list",
 * "answer", "from", "to", "marketing") (K5) */
void     ts_api_client_get_partner_patrons_async    (TsApiClient         *self,
                                                     gint64               partner_company_id,
                                                     const char * const  *query,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);

G_END_DECLS
