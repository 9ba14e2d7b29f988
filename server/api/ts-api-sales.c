/* ts-api-sales.c — the sales map and claims: sellable performances, offers,
 * seat states, parties, carts, letter holds, will-call (rules S1, M5–M8, E3,
 * E4, T2, T5)
 *
 * The rules themselves live in the SECURITY DEFINER functions of
 * server/functions/selling-*.sql, which run with the caller's context
 * and refuse with precise messages; these handlers check the shape of the
 * input, so that bad input is named before it reaches SQL, and pass it on. */
#include <string.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-selling.h"

/* Runs a selling function whose argument is the path's performance id. */
static gboolean
call_with_performance (TsRequest  *req,
                       PGconn     *conn,
                       const char *sql,
                       GError    **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);

  return ts_selling_call (req, conn, sql, id, 200, error);
}

gboolean
ts_api_sales_performances (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  return ts_selling_call (req, conn, "SELECT ts_sellable_performances ()", NULL, 200, error);
}

gboolean
ts_api_performance_offer (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  return call_with_performance (req, conn, "SELECT ts_performance_offer ($1::integer)", error);
}

gboolean
ts_api_performance_seats (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  return call_with_performance (req, conn, "SELECT ts_performance_seats ($1::integer)", error);
}

gboolean
ts_api_performance_party (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  const char *seat = ts_request_query (req, "seat");
  g_autoptr(PGresult) result = NULL;

  if (seat == NULL || *seat == '\0' || strlen (seat) > 200)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "seat: the seat's identifier, in the query");
      return FALSE;
    }
  result = ts_pg_exec (conn, "SELECT ts_performance_party ($1::integer, $2)", 2,
                       (const char *[]) { id, seat }, error);
  if (result == NULL)
    return FALSE;
  ts_request_take_response_text (req, 200, g_strdup (ts_pg_value (result, 0, 0)));
  return TRUE;
}

gboolean
ts_api_performance_will_call (TsRequest *req,
                              PGconn    *conn,
                              GError   **error)
{
  return call_with_performance (req, conn, "SELECT ts_will_call ($1::integer)", error);
}

/* C4 Walk-up: tickets of the will call handed over; "items" the ids. */
gboolean
ts_api_performance_will_call_hand_over (TsRequest *req,
                                        PGconn    *conn,
                                        GError   **error)
{
  static const char * const allowed[] = { "items", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);
  JsonArray *items;

  if (body == NULL || !ts_json_get_array (body, "items", TRUE, &items, error))
    return FALSE;
  if (json_array_get_length (items) == 0 || json_array_get_length (items) > 500)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "items: the ids of 1 to 500 tickets of the will call");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      gint64 id;

      if (!ts_json_element_int (items, i, where, 1, G_MAXINT64, &id, error))
        return FALSE;
    }
  return ts_selling_call_body (req, conn, "SELECT ts_will_call_hand_over ($1::jsonb)", "performance_id", 200, error);
}

gboolean
ts_api_performance_hold (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  static const char * const allowed[] = { "letter", "seats", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);
  const char *letter;

  if (body == NULL
      || !ts_selling_check_list (body, "seats", TRUE, NULL, NULL, error)
      || !ts_json_get_string (body, "letter", TRUE, &letter, NULL, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_hold_set ($1::jsonb)", "performance_id", 200, error);
}

gboolean
ts_api_performance_release (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  static const char * const allowed[] = { "seats", "into_cart", "override", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);

  /* into_cart is a claim: the owning outlet may override it as a hold (S3) */
  if (body == NULL
      || !ts_selling_check_list (body, "seats", TRUE, NULL, NULL, error)
      || !ts_selling_check_cart_id (body, "into_cart", FALSE, error)
      || !ts_selling_check_override (body, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_hold_release ($1::jsonb)", "performance_id", 200, error);
}

gboolean
ts_api_carts_create (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  return ts_selling_call (req, conn, "SELECT ts_cart_create ()", NULL, 201, error);
}

/* S1: the caller's own live carts, for a client to show what it still holds. */
gboolean
ts_api_carts_list (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  return ts_selling_call (req, conn, "SELECT ts_carts_mine ()", NULL, 200, error);
}

/* The seats and general-admission places a cart takes or gives back. */
static const char * const ga_allowed[] = { "area", "quantity", NULL };
static const char * const ga_integers[] = { "quantity", NULL };
static const char * const ga_texts[] = { "area", NULL };

static gboolean
check_claims (JsonObject  *body,
              GError     **error)
{
  return ts_selling_check_list (body, "seats", FALSE, NULL, NULL, error)
         && ts_selling_check_list (body, "ga", FALSE, ga_allowed, ga_integers, error)
         && ts_selling_check_texts (body, "ga", ga_texts, 200, error);
}

gboolean
ts_api_carts_hold (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  static const char * const allowed[] = { "cart_id", "performance_id", "seats", "ga", "override", NULL };
  static const char * const integers[] = { "performance_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, integers, error);
  gint64 performance;

  if (body == NULL
      || !ts_selling_check_cart_id (body, "cart_id", TRUE, error)
      || !ts_json_get_int (body, "performance_id", TRUE, &performance, NULL, error)
      || !check_claims (body, error)
      || !ts_selling_check_override (body, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_cart_hold ($1::jsonb)", NULL, 200, error);
}

gboolean
ts_api_carts_release (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  static const char * const allowed[] = { "cart_id", "performance_id", "seats", "ga", NULL };
  static const char * const integers[] = { "performance_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, integers, error);

  if (body == NULL
      || !ts_selling_check_cart_id (body, "cart_id", TRUE, error)
      || !check_claims (body, error))
    return FALSE;
  return ts_selling_call_body (req, conn, "SELECT ts_cart_release ($1::jsonb)", NULL, 200, error);
}
