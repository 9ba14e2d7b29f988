/* ts-api-accounts.c — the typed calls for accounts and the till */
#include "ts-api-accounts.h"
#include "ts-api-route.h"

void
ts_api_client_get_balances_async (TsApiClient         *self,
                                  gint64               outlet_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_ACCOUNTS_BALANCES, outlet_id, cancellable, callback, user_data);
}

void
ts_api_client_get_settlement_async (TsApiClient         *self,
                                    gint64               counterparty_id,
                                    const char          *from,
                                    const char          *to,
                                    gint64               outlet_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *counterparty = g_strdup_printf ("%" G_GINT64_FORMAT, counterparty_id);
  g_autofree char *outlet = ts_api_route_id_value (outlet_id);
  const char *parameters[] = {
    "counterparty_id", counterparty, "from", from, "to", to, "outlet_id", outlet, NULL
  };

  ts_api_route_send (self, TS_API_ROUTE_ACCOUNTS_SETTLEMENT, 0, parameters, NULL,
                     cancellable, callback, user_data);
}

void
ts_api_client_create_settlement_async (TsApiClient         *self,
                                       gint64               counterparty_id,
                                       const char          *to,
                                       const char          *reference,
                                       gint64               outlet_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_int_member (members, "counterparty_id", counterparty_id);
  json_object_set_string_member (members, "to", to);
  if (reference != NULL && *reference != '\0')
    json_object_set_string_member (members, "reference", reference);
  if (outlet_id > 0)
    json_object_set_int_member (members, "outlet_id", outlet_id);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_ACCOUNTS_SETTLE, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_get_till_async (TsApiClient         *self,
                              const char          *date,
                              gint64               outlet_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *outlet = ts_api_route_id_value (outlet_id);
  const char *parameters[] = { "date", date != NULL && *date != '\0' ? date : NULL, "outlet_id", outlet, NULL };

  ts_api_route_send (self, TS_API_ROUTE_ACCOUNTS_TILL, 0, parameters, NULL, cancellable, callback, user_data);
}
