/* ts-api-partners.c — the typed calls for partner companies and patrons' answers */
#include "ts-api-route.h"
#include "ts-api-partners.h"

/* The members of a partner company the dialog writes, create and edit alike. */
static JsonObject *
partner_members (const char *name,
                 gboolean    collect_preferences,
                 const char *web_description)
{
  JsonObject *members = json_object_new ();

  json_object_set_string_member (members, "name", name);
  json_object_set_boolean_member (members, "collect_preferences", collect_preferences);
  json_object_set_string_member (members, "web_description", web_description ? web_description : "");
  return members;
}

void
ts_api_client_list_partner_companies_async (TsApiClient         *self,
                                            gint64               outlet_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_PARTNER_COMPANIES_LIST, outlet_id, cancellable, callback, user_data);
}

void
ts_api_client_create_partner_company_async (TsApiClient         *self,
                                            gint64               outlet_id,
                                            const char          *name,
                                            gboolean             collect_preferences,
                                            const char          *web_description,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  JsonObject *members = partner_members (name, collect_preferences, web_description);
  g_autoptr(JsonNode) body = NULL;

  if (outlet_id > 0)
    json_object_set_int_member (members, "outlet_id", outlet_id);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PARTNER_COMPANIES_CREATE, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_patch_partner_company_async (TsApiClient         *self,
                                           gint64               partner_company_id,
                                           const char          *name,
                                           gboolean             collect_preferences,
                                           const char          *web_description,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonNode) body = ts_api_route_body (partner_members (name, collect_preferences, web_description));

  ts_api_route_send (self, TS_API_ROUTE_PARTNER_COMPANY_PATCH, partner_company_id, NULL, body, cancellable, callback,
                     user_data);
}

void
ts_api_client_delete_partner_company_async (TsApiClient         *self,
                                            gint64               partner_company_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_PARTNER_COMPANY_DELETE, partner_company_id, NULL, NULL, cancellable, callback,
                     user_data);
}

void
ts_api_client_get_partner_questions_async (TsApiClient         *self,
                                           gint64               patron_id,
                                           const gint64        *performance_ids,
                                           guint                n_performance_ids,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *patron = g_strdup_printf ("%" G_GINT64_FORMAT, patron_id);
  g_autoptr(GString) performances = g_string_new (NULL);
  const char *query[] = { "patron_id", patron, "performance_ids", NULL, NULL };

  for (guint i = 0; i < n_performance_ids; i++)
    g_string_append_printf (performances, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", performance_ids[i]);
  query[3] = performances->str;
  ts_api_route_send (self, TS_API_ROUTE_PARTNER_QUESTIONS, 0, query, NULL, cancellable, callback, user_data);
}

void
ts_api_client_get_patron_partner_preferences_async (TsApiClient         *self,
                                                    gint64               patron_id,
                                                    gboolean             all,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  const char *query[] = { "all", all ? "true" : NULL, NULL };

  ts_api_route_send (self, TS_API_ROUTE_PATRON_PARTNER_PREFERENCES_GET, patron_id, query, NULL, cancellable, callback,
                     user_data);
}

void
ts_api_client_set_patron_partner_preferences_async (TsApiClient         *self,
                                                    gint64               patron_id,
                                                    JsonArray           *preferences,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_array_member (members, "preferences", json_array_ref (preferences));
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_PATRON_PARTNER_PREFERENCES_PUT, patron_id, NULL, body, cancellable, callback,
                     user_data);
}
