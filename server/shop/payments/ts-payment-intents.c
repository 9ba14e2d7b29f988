/* ts-payment-intents.c — a storefront payment's steps in the database (S2,
 * S4): each a call of server/functions/shop-payments.sql */
#include "ts-payment-intents.h"

#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"

JsonNode *
ts_payment_intents_record (PGconn                  *conn,
                           const char              *intent_id,
                           TsPaymentStatus          status,
                           const TsPaymentOutcome  *outcome,
                           const char              *message,
                           GError                 **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "intent_id");
  json_builder_add_string_value (builder, intent_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ts_payment_status_to_string (status));
  if (outcome != NULL)
    {
      json_builder_set_member_name (builder, "reference");
      json_builder_add_string_value (builder, outcome->reference);
      if (outcome->confirmation_url != NULL)
        {
          json_builder_set_member_name (builder, "confirmation_url");
          json_builder_add_string_value (builder, outcome->confirmation_url);
        }
      if (outcome->card_last4 != NULL)
        {
          json_builder_set_member_name (builder, "card_last4");
          json_builder_add_string_value (builder, outcome->card_last4);
        }
    }
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  return ts_pg_exec_json (conn, "SELECT ts_shop_payment_record ($1::jsonb)", 1, (const char *[]) { body }, error);
}

JsonNode *
ts_payment_intents_complete (PGconn      *conn,
                             const char  *intent_id,
                             GError     **error)
{
  return ts_pg_exec_json (conn, "SELECT ts_shop_payment_complete ($1::uuid)", 1,
                          (const char *[]) { intent_id }, error);
}

gboolean
ts_payment_intents_context (PGconn      *conn,
                            JsonObject  *intent,
                            GError     **error)
{
  g_autofree char *outlet = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (intent, "outlet_id"));
  JsonNode *patron = json_object_get_member (intent, "patron_id");
  g_autofree char *patron_id = patron != NULL && !JSON_NODE_HOLDS_NULL (patron)
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (patron)) : g_strdup ("");
  const char *params[] = { outlet, json_object_get_string_member (intent, "web_session_id"), patron_id };
  g_autoptr(PGresult) result = NULL;

  /* the storefront's request as it was when the patron paid (F6: sold by
   * the storefront's outlet, to its session's cart) */
  result = ts_pg_exec (conn,
                       "SELECT set_config ('tessera.outlet_id', $1, true),"
                       "       set_config ('tessera.employee_id', '', true),"
                       "       set_config ('tessera.master', 'off', true),"
                       "       set_config ('tessera.channel', 'internet', true),"
                       "       set_config ('tessera.web_session', $2, true),"
                       "       set_config ('tessera.patron_id', $3, true)",
                       3, params, error);
  return result != NULL;
}

JsonNode *
ts_payment_intents_adopt (PGconn      *conn,
                          const char  *provider,
                          const char  *reference,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) intent = ts_pg_exec_json (conn, "SELECT ts_shop_payment_by_reference ($1, $2)", 2,
                                                (const char *[]) { provider, reference }, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (intent == NULL)
    return NULL;
  if (!ts_payment_intents_context (conn, json_node_get_object (intent), error))
    return NULL;
  return g_steal_pointer (&intent);
}
