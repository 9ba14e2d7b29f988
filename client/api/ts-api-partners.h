/* ts-api-partners.h — typed calls for partner companies (docs/api.md,
 * "Partner companies"): an outlet's partners (K1), the questions a sale
 * asks at checkout (K3), and a patron's answers (K2, K4).  Each finishes
 * with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /partner-companies?outlet_id=: {"partner_companies": [...]} by name;
 * 0 leaves the parameter out (the caller's own outlet's) */
void ts_api_client_list_partner_companies_async   (TsApiClient         *self,
                                                   gint64               outlet_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* POST /partner-companies {"name", "collect_preferences", "web_description",
 * "outlet_id"}: outlet_id 0 leaves it out (the caller's own; the Master
 * User names one) */
void ts_api_client_create_partner_company_async   (TsApiClient         *self,
                                                   gint64               outlet_id,
                                                   const char          *name,
                                                   gboolean             collect_preferences,
                                                   const char          *web_description,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* PATCH /partner-companies/{id} with the three fields */
void ts_api_client_patch_partner_company_async    (TsApiClient         *self,
                                                   gint64               partner_company_id,
                                                   const char          *name,
                                                   gboolean             collect_preferences,
                                                   const char          *web_description,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* DELETE /partner-companies/{id}: 409 while an event uses it or a patron
 * has an answer for it (the consent record stays, K2) */
void ts_api_client_delete_partner_company_async   (TsApiClient         *self,
                                                   gint64               partner_company_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* GET /partner-companies/questions?patron_id=&performance_ids=: {"questions":
 * [{"partner_company_id", "name", "web_description"}]}, what a sale of
 * those performances to that patron asks (K3) */
void ts_api_client_get_partner_questions_async    (TsApiClient         *self,
                                                   gint64               patron_id,
                                                   const gint64        *performance_ids,
                                                   guint                n_performance_ids,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* GET /patrons/{id}/partner-preferences[?all=true]: {"preferences": [...]};
 * with all, every partner company of the outlet (K4) */
void ts_api_client_get_patron_partner_preferences_async (TsApiClient         *self,
                                                         gint64               patron_id,
                                                         gboolean             all,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* PUT /patrons/{id}/partner-preferences {"preferences": preferences}:
 * preferences is an array of {"partner_company_id", "answer"} (not taken);
 * answers as GET with all=true */
void ts_api_client_set_patron_partner_preferences_async (TsApiClient         *self,
                                                         gint64               patron_id,
                                                         JsonArray           *preferences,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);

G_END_DECLS
