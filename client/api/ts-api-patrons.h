/* ts-api-patrons.h — typed calls for patrons (docs/api.md, "Patrons"): the
 * search, duplicates, the record and each of its lists, and contact points.
 * Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /patrons?q=&limit=&offset= */
void ts_api_client_search_patrons_async          (TsApiClient         *self,
                                                  const char          *query,
                                                  guint                limit,
                                                  guint                offset,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /patrons/duplicates: patrons who may be the one about to be created
 * (P2); every parameter is sent, "" when not typed */
void ts_api_client_find_duplicate_patrons_async  (TsApiClient         *self,
                                                  const char          *first_name,
                                                  const char          *last_name,
                                                  const char          *email,
                                                  const char          *phone,
                                                  const char          *postal_code,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /patrons; patron: the Patron fields */
void ts_api_client_create_patron_async           (TsApiClient         *self,
                                                  JsonNode            *patron,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /patrons/{id} */
void ts_api_client_get_patron_async              (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* The record's lists, one route each, all of this one shape (P4: this
 * outlet's rows only): GET /patrons/{id}/audit, notes, tags, donations,
 * memberships, contact-preferences, mailing-lists, orders, vouchers. */
typedef void (*TsApiPatronList) (TsApiClient         *self,
                                 gint64               patron_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);

void ts_api_client_list_patron_audit_async       (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_list_patron_notes_async       (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_list_patron_tags_async        (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_list_patron_donations_async   (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_list_patron_memberships_async (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_get_patron_preferences_async  (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_list_patron_mailing_lists_async (TsApiClient       *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void ts_api_client_list_patron_orders_async      (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* T3: the patron's open vouchers and what they reserved */
void ts_api_client_list_patron_vouchers_async    (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* POST /patrons/{id}/notes */
void ts_api_client_add_patron_note_async         (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  const char          *text,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PUT /patrons/{id}/tags: the patron's tags become tags (NULL-terminated) */
void ts_api_client_set_patron_tags_async         (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  const char * const  *tags,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /patrons/{id}/donations; donated_on YYYY-MM-DD, method a payment method */
void ts_api_client_add_patron_donation_async     (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  gint64               amount_cents,
                                                  const char          *donated_on,
                                                  const char          *fund,
                                                  const char          *method,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /patrons/{id}/memberships; dates YYYY-MM-DD */
void ts_api_client_add_patron_membership_async   (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  const char          *level,
                                                  const char          *starts_on,
                                                  const char          *ends_on,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PUT /patrons/{id}/contact-preferences (P6); consent_on YYYY-MM-DD, or
 * NULL for none */
void ts_api_client_set_patron_preferences_async  (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  gboolean             may_mail,
                                                  gboolean             may_email,
                                                  gboolean             may_phone,
                                                  const char          *consent_on,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* POST /patrons/{id}/contact-points; point: {"kind", "value" or the
 * address's "line1", "city", "postal_code"…} */
void ts_api_client_add_contact_point_async       (TsApiClient         *self,
                                                  gint64               patron_id,
                                                  JsonNode            *point,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* PATCH /contact-points/{id} */
void ts_api_client_patch_contact_point_async     (TsApiClient         *self,
                                                  gint64               point_id,
                                                  JsonNode            *changes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* DELETE /contact-points/{id} */
void ts_api_client_delete_contact_point_async    (TsApiClient         *self,
                                                  gint64               point_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /contact-points/{id}/primary: the first of its kind */
void ts_api_client_make_contact_point_primary_async (TsApiClient      *self,
                                                  gint64               point_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

G_END_DECLS
