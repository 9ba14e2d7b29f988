/* ts-api-patrons.c — the typed calls for patrons */
#include "ts-api-patrons.h"
#include "ts-api-route.h"

void
ts_api_client_search_patrons_async (TsApiClient         *self,
                                    const char          *query,
                                    guint                limit,
                                    guint                offset,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *offset_text = g_strdup_printf ("%u", offset);
  const char *parameters[] = { "q", query, "limit", limit_text, "offset", offset_text, NULL };

  ts_api_route_send (self, TS_API_ROUTE_PATRONS_SEARCH, 0, parameters, NULL, cancellable, callback, user_data);
}

void
ts_api_client_find_duplicate_patrons_async (TsApiClient         *self,
                                            const char          *first_name,
                                            const char          *last_name,
                                            const char          *email,
                                            const char          *phone,
                                            const char          *postal_code,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  const char *parameters[] = {
    "first_name", first_name, "last_name", last_name, "email", email, "phone", phone,
    "postal_code", postal_code, NULL
  };

  ts_api_route_send (self, TS_API_ROUTE_PATRONS_DUPLICATES, 0, parameters, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_create_patron_async (TsApiClient         *self,
                                   JsonNode            *patron,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRONS_CREATE, 0, NULL, patron, cancellable, callback, user_data);
}

void
ts_api_client_get_patron_async (TsApiClient         *self,
                                gint64               patron_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_GET, patron_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_list_patron_audit_async (TsApiClient         *self,
                                       gint64               patron_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_AUDIT, patron_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_list_patron_notes_async (TsApiClient         *self,
                                       gint64               patron_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_NOTES_LIST, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_patron_tags_async (TsApiClient         *self,
                                      gint64               patron_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_TAGS_LIST, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_patron_donations_async (TsApiClient         *self,
                                           gint64               patron_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_DONATIONS_LIST, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_patron_memberships_async (TsApiClient         *self,
                                             gint64               patron_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_MEMBERSHIPS_LIST, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_get_patron_preferences_async (TsApiClient         *self,
                                            gint64               patron_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_PREFERENCES_GET, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_patron_mailing_lists_async (TsApiClient         *self,
                                               gint64               patron_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_MAILING_LISTS, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_patron_orders_async (TsApiClient         *self,
                                        gint64               patron_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_ORDERS, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_list_patron_vouchers_async (TsApiClient         *self,
                                          gint64               patron_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_VOUCHERS, patron_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_add_patron_note_async (TsApiClient         *self,
                                     gint64               patron_id,
                                     const char          *text,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_string_member (members, "body", text);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PATRON_NOTES_CREATE, patron_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_set_patron_tags_async (TsApiClient         *self,
                                     gint64               patron_id,
                                     const char * const  *tags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  JsonArray *list = json_array_new ();
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_array_add_string_element (list, tags[i]);
  json_object_set_array_member (members, "tags", list);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PATRON_TAGS_PUT, patron_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_add_patron_donation_async (TsApiClient         *self,
                                         gint64               patron_id,
                                         gint64               amount_cents,
                                         const char          *donated_on,
                                         const char          *fund,
                                         const char          *method,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_int_member (members, "amount_cents", amount_cents);
  json_object_set_string_member (members, "donated_on", donated_on);
  json_object_set_string_member (members, "fund", fund);
  json_object_set_string_member (members, "method", method);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PATRON_DONATIONS_CREATE, patron_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_add_patron_membership_async (TsApiClient         *self,
                                           gint64               patron_id,
                                           const char          *level,
                                           const char          *starts_on,
                                           const char          *ends_on,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_string_member (members, "level", level);
  json_object_set_string_member (members, "starts_on", starts_on);
  json_object_set_string_member (members, "ends_on", ends_on);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PATRON_MEMBERSHIPS_CREATE, patron_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_set_patron_preferences_async (TsApiClient         *self,
                                            gint64               patron_id,
                                            gboolean             may_mail,
                                            gboolean             may_email,
                                            gboolean             may_phone,
                                            const char          *consent_on,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_boolean_member (members, "may_mail", may_mail);
  json_object_set_boolean_member (members, "may_email", may_email);
  json_object_set_boolean_member (members, "may_phone", may_phone);
  if (consent_on == NULL)
    json_object_set_null_member (members, "consent_on");
  else
    json_object_set_string_member (members, "consent_on", consent_on);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PATRON_PREFERENCES_PUT, patron_id, NULL, body,
                     cancellable, callback, user_data);
}

void
ts_api_client_add_contact_point_async (TsApiClient         *self,
                                       gint64               patron_id,
                                       JsonNode            *point,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PATRON_CONTACT_POINTS_CREATE, patron_id, NULL, point,
                     cancellable, callback, user_data);
}

void
ts_api_client_patch_contact_point_async (TsApiClient         *self,
                                         gint64               point_id,
                                         JsonNode            *changes,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_CONTACT_POINT_PATCH, point_id, NULL, changes,
                     cancellable, callback, user_data);
}

void
ts_api_client_delete_contact_point_async (TsApiClient         *self,
                                          gint64               point_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_CONTACT_POINT_DELETE, point_id, NULL, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_make_contact_point_primary_async (TsApiClient         *self,
                                                gint64               point_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_CONTACT_POINT_PRIMARY, point_id, NULL, NULL,
                     cancellable, callback, user_data);
}
