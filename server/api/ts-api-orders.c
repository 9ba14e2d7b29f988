/* ts-api-orders.c — orders, refunds, exchanges and seat changes (rules
 * S2–S9, P5); the accounts between outlets are read in ts-api-reports.c
 *
 * As in ts-api-sales.c, the rules are enforced by the functions of
 * server/functions/selling-orders.sql; these handlers check the input's
 * shape (ts-selling.c). */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-patron-store.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-selling.h"
#include "ts-validate.h"

static const char * const item_members[] = {
  "performance_id", "seat", "area", "quantity", "ticket_type_id", "voucher_id", "promo_code", "comp_reason", "open", NULL
};
static const char * const item_integers[] = { "performance_id", "quantity", "ticket_type_id", "voucher_id", NULL };
static const char * const payment_members[] = { "method", "amount_cents", "reference", NULL };
static const char * const payment_integers[] = { "amount_cents", NULL };
/* K3: the purchaser's answers to the sale's partner questions */
static const char * const answer_members[] = { "partner_company_id", "answer", NULL };
static const char * const answer_integers[] = { "partner_company_id", NULL };

/* Text members of items and payments must be text, "open" a boolean (the
 * rest is checked by SQL). */
static gboolean
check_item_texts (JsonObject  *body,
                  GError     **error)
{
  static const char * const item_texts[] = { "seat", "area", "promo_code", "comp_reason", NULL };
  static const char * const payment_texts[] = { "method", "reference", NULL };
  static const char * const answer_texts[] = { "answer", NULL };
  JsonArray *items = ts_json_lookup_array (body, "items");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonNode *open = json_object_get_member (item, "open");

      if (open != NULL && (!JSON_NODE_HOLDS_VALUE (open) || json_node_get_value_type (open) != G_TYPE_BOOLEAN))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "items[%u].open: must be true or false", i);
          return FALSE;
        }
    }
  return ts_selling_check_texts (body, "items", item_texts, 500, error)
         && ts_selling_check_texts (body, "payments", payment_texts, 200, error)
         && ts_selling_check_texts (body, "refund_payments", payment_texts, 200, error)
         && ts_selling_check_texts (body, "partner_answers", answer_texts, 20, error);
}

/* An order body as ts_order_submit takes it (also the "new" part of an exchange). */
static gboolean
check_order (JsonObject  *body,
             GError     **error)
{
  const char *key;
  const char *note = NULL;

  if (!ts_json_get_string (body, "idempotency_key", TRUE, &key, NULL, error)
      || !ts_validate_optional ("idempotency_key", key, 100, error)
      || !ts_selling_check_cart_id (body, "cart_id", FALSE, error)
      || !ts_selling_check_list (body, "items", TRUE, item_members, item_integers, error)
      || !ts_selling_check_list (body, "payments", FALSE, payment_members, payment_integers, error)
      || !ts_selling_check_list (body, "refund_payments", FALSE, payment_members, payment_integers, error)
      || !check_item_texts (body, error)
      || !ts_selling_check_override (body, error)
      || !ts_json_get_string (body, "note", FALSE, &note, NULL, error))
    return FALSE;
  return ts_validate_optional ("note", note, 2000, error);
}

gboolean
ts_api_orders_create (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  static const char * const allowed[] = {
    "idempotency_key", "cart_id", "purchaser_id", "recipient_id", "items", "payments", "override",
    "walk_up", "note", "selling_outlet_id", "partner_answers", NULL
  };
  static const char * const integers[] = { "purchaser_id", "recipient_id", "selling_outlet_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, integers, error);
  gboolean walk_up;

  /* K3: the answers are checked against the sale's questions and recorded
   * in its transaction by ts_partner_answers_apply (partners.sql) */
  if (body == NULL
      || !ts_selling_check_list (body, "partner_answers", FALSE, answer_members, answer_integers, error)
      || !check_order (body, error)
      || !ts_json_get_bool (body, "walk_up", FALSE, &walk_up, NULL, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_order_submit ($1::jsonb)", NULL, 201, error);
}

gboolean
ts_api_order_get (TsRequest *req,
                  PGconn    *conn,
                  GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autoptr(PGresult) result = NULL;

  if (!ts_policy_require_level (req, TS_LEVEL_STAFF, "Orders are for Staff level and up", error))  /* C4 */
    return FALSE;
  /* P5: NULL when this outlet may not see the order at all. */
  result = ts_pg_exec (conn, "SELECT ts_order_json ($1::bigint, $2::integer)", 2,
                       (const char *[]) { id, outlet }, error);
  if (result == NULL)
    return FALSE;
  if (PQgetisnull (result, 0, 0))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No order %s that you may see", id);  /* P5 */
      return FALSE;
    }
  ts_request_take_response_text (req, 200, g_strdup (ts_pg_value (result, 0, 0)));
  return TRUE;
}

/* "items": the ids of the order's items given back (S6), and "reason". */
static gboolean
check_items_given_back (JsonObject  *body,
                        GError     **error)
{
  JsonArray *items;
  const char *reason;

  if (!ts_json_get_string (body, "reason", TRUE, &reason, NULL, error)
      || !ts_validate_required ("reason", reason, 500, error)
      || !ts_json_get_array (body, "items", TRUE, &items, error))
    return FALSE;
  if (json_array_get_length (items) == 0 || json_array_get_length (items) > 500)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "items: the ids of 1 to 500 items of the order");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      gint64 id;

      if (!ts_json_element_int (items, i, where, 1, G_MAXINT64, &id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ts_api_order_refund (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  static const char * const allowed[] = { "items", "payments", "reason", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);

  if (body == NULL
      || !check_items_given_back (body, error)
      || !ts_selling_check_list (body, "payments", FALSE, payment_members, payment_integers, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_order_refund ($1::jsonb)", "order_id", 200, error);
}

/* S8: the patron of a walk-up sale made without one. */
gboolean
ts_api_order_patron (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  static const char * const allowed[] = { "patron_id", NULL };
  static const char * const integers[] = { "patron_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, integers, error);

  if (body == NULL)
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_order_name_patron ($1::jsonb)", "order_id", 200, error);
}

gboolean
ts_api_order_exchange (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  static const char * const allowed[] = { "items", "reason", "new", NULL };
  static const char * const new_allowed[] = {
    "idempotency_key", "cart_id", "items", "payments", "refund_payments", "override", "note", NULL
  };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);
  JsonNode *new_order;

  if (body == NULL || !check_items_given_back (body, error))
    return FALSE;
  new_order = json_object_get_member (body, "new");
  if (new_order == NULL || !JSON_NODE_HOLDS_OBJECT (new_order))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "new: the new tickets, as an order");
      return FALSE;
    }
  if (!ts_selling_check_object (new_order, "new", new_allowed, NULL, error)
      || !check_order (json_node_get_object (new_order), error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_order_exchange ($1::jsonb)", "order_id", 200, error);
}

gboolean
ts_api_order_move (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  static const char * const allowed[] = { "moves", "override", NULL };
  static const char * const move_members[] = { "item_id", "seat", NULL };
  static const char * const move_integers[] = { "item_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);

  /* S9: a seat move is an exchange; the owning outlet may override what is
   * closed (S3), explicitly, with a reason */
  if (body == NULL
      || !ts_selling_check_list (body, "moves", TRUE, move_members, move_integers, error)
      || !ts_selling_check_override (body, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_order_move ($1::jsonb)", "order_id", 200, error);
}

/* Runs a function of the path's patron, for Staff and up (P4, P5: what it
 * shows is the caller's outlet's). */
static gboolean
call_with_patron (TsRequest   *req,
                  PGconn      *conn,
                  const char  *sql,
                  GError     **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);

  if (!ts_policy_require_patron_access (req, error)
      || !ts_patron_store_exists (conn, id, error))
    return FALSE;
  return ts_selling_call (req, conn, sql, id, 200, error);
}

/* T3, P4: a patron's subscription vouchers with the caller's outlet. */
gboolean
ts_api_patron_vouchers (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  return call_with_patron (req, conn, "SELECT ts_patron_vouchers ($1::bigint)", error);
}

/* P4, P5: the patron's orders with the caller's outlet. */
gboolean
ts_api_patron_orders (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  return call_with_patron (req, conn, "SELECT ts_patron_orders ($1::bigint)", error);
}
