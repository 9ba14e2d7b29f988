/* ts-pg.c — libpq helpers: parameterised execution and error mapping */
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"

/* Messages of errors raised by our own SQL (RAISE … USING ERRCODE) are meant
 * for people and pass through; anything else is described generically. */
/* Constraints whose violation is the person's input, said in words. */
static const struct
{
  const char *constraint;
  const char *message;
} constraint_messages[] = {
  { "employee_dates_ordered", "resigned_on: cannot be before hired_on" },
  { "employee_login_key", "login: already used by another employee of this outlet" },
  { "employee_person_key", "person: already has an employee record in this outlet (rule C3)" },
  { "employee_one_master", "There is already a Master User: there is exactly one (rule C2)" },
  { "outlet_code_key", "code: another outlet already has this code" },
  { "outlet_name_key", "name: another outlet already has this name" },
  { "patron_has_a_name", "last_name: a patron needs a last name or a company name" },
  { "mailing_list_name_key", "name: this outlet already has a mailing list of that name" },
  { "membership_dates", "ends_on: cannot be before starts_on" },
  { "event_outlet_id_fkey", "outlet_id: no such outlet" },
  { "event_map_id_fkey", "map_id: no such theatre map" },
  { "performance_advance_within_capacity", "advance_limit: cannot be more than the capacity (rule E5)" },
  { "performance_box_office_window", "box_office_off_sale: must be after box_office_on_sale (rule E2)" },
  { "performance_internet_window", "internet_off_sale: must be after internet_on_sale (rule E2)" },
  { "performance_sellers_window", "outlets_off_sale: must be after outlets_on_sale (rule E2)" },
  { "commission_table_outlet_id_fkey", "outlet_id: no such outlet" },
  { "commission_table_name_key", "name: this outlet already has a commission table of that name" },
  { "ticket_type_outlet_id_fkey", "outlet_id: no such outlet" },
  { "ticket_type_name_key", "name: this outlet already has a ticket type of that name" },
  { "ticket_type_comp_is_free", "price_cents: a comp ticket type is free ($0.00, rule T1)" },
  { "ticket_type_bundle", "bundle_component_id: a subscription, and only a subscription, holds bundle_size vouchers of a bundle component (rule T3)" },
  { "ticket_type_other_outlets", "other_outlets: only regular ticket types with a commission table may be sold at other outlets (rule T5)" },
  { "redemption_key", "ticket_type_id: this ticket type already has a redemption for this performance (rule T2)" },
  { "redemption_window", "sales_end: must be after sales_start (rule T2)" },
  { "redemption_per_order", "max_per_order: cannot be less than min_per_order (rule T2)" },
  { "seat_claim_hold_letter_fkey", "letter: seats are held with this letter; release them first (rule M8)" },
  { "order_item_performance_id_fkey", "This performance has sales on record (refunded ones too): it cannot be deleted, cancel it instead (rule E5)" },
  { "order_item_redemption_id_fkey", "This redemption has sales on record (refunded ones too): it cannot be deleted; end its sales (sales_end) instead (rule T2)" },
};

static const char *
constraint_message (const char *constraint)
{
  for (gsize i = 0; constraint != NULL && i < G_N_ELEMENTS (constraint_messages); i++)
    if (g_str_equal (constraint_messages[i].constraint, constraint))
      return constraint_messages[i].message;
  return NULL;
}

static void
set_error_from_result (PGconn    *conn,
                       PGresult  *result,
                       GError   **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *detail = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL) : NULL;
  const char *constraint = result ? PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME) : NULL;
  TsErrorCode code = TS_ERROR_INTERNAL;

  if (ts_pg_conn_is_broken (conn) || (state != NULL && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "The database is unavailable: %s", PQerrorMessage (conn));
      return;
    }

  if (state == NULL)
    code = TS_ERROR_INTERNAL;
  else if (g_str_equal (state, "23505"))
    code = TS_ERROR_CONFLICT;
  else if (g_str_equal (state, "23503") || g_str_equal (state, "23514")
           || g_str_equal (state, "23502") || g_str_has_prefix (state, "22"))
    code = TS_ERROR_INVALID;
  else if (g_str_equal (state, "42501"))
    code = TS_ERROR_FORBIDDEN;
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01"))
    code = TS_ERROR_CONFLICT;
  /* Our own SQL raises these (see migrations): TSxyz maps to a TsErrorCode. */
  else if (g_str_equal (state, "TS400"))
    code = TS_ERROR_INVALID;
  else if (g_str_equal (state, "TS403"))
    code = TS_ERROR_FORBIDDEN;
  else if (g_str_equal (state, "TS404"))
    code = TS_ERROR_NOT_FOUND;
  else if (g_str_equal (state, "TS409"))
    code = TS_ERROR_CONFLICT;
  else if (g_str_equal (state, "TS422"))
    code = TS_ERROR_LIMIT;

  if (g_str_has_prefix (state ? state : "", "TS"))
    g_set_error_literal (error, TS_ERROR, code, message ? message : "refused");
  else if (code != TS_ERROR_INTERNAL && constraint_message (constraint) != NULL)
    g_set_error_literal (error, TS_ERROR, code, constraint_message (constraint));
  else if (code == TS_ERROR_CONFLICT && constraint != NULL)
    g_set_error (error, TS_ERROR, code, "This would duplicate an existing record (%s)", constraint);
  else if (code == TS_ERROR_INTERNAL)
    {
      g_warning ("database error %s: %s%s%s", state ? state : "?",
                 message ? message : PQerrorMessage (conn),
                 detail ? " — " : "", detail ? detail : "");
      g_set_error (error, TS_ERROR, code, "Database error %s", state ? state : "");
    }
  else
    g_set_error (error, TS_ERROR, code, "%s", message ? message : "refused by the database");
}

gboolean
ts_pg_conn_is_broken (PGconn *conn)
{
  return conn == NULL || PQstatus (conn) != CONNECTION_OK;
}

PGresult *
ts_pg_exec (PGconn             *conn,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  g_autoptr(PGresult) result = NULL;
  ExecStatusType status;

  g_return_val_if_fail (sql != NULL, NULL);

  if (conn == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE, "No database connection");
      return NULL;
    }

  result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_error_from_result (conn, result, error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
ts_pg_exec_simple (PGconn      *conn,
                   const char  *sql,
                   GError     **error)
{
  g_autoptr(PGresult) result = NULL;
  ExecStatusType status;

  if (conn == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE, "No database connection");
      return FALSE;
    }
  /* PQexec allows several statements (migrations); never used with input. */
  result = PQexec (conn, sql);
  status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_error_from_result (conn, result, error);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
ts_pg_exec_json (PGconn             *conn,
                 const char         *sql,
                 int                 n_params,
                 const char * const *params,
                 GError            **error)
{
  g_autoptr(PGresult) result = ts_pg_exec (conn, sql, n_params, params, error);
  JsonNode *node;
  g_autoptr(GError) local_error = NULL;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;

  node = json_from_string (PQgetvalue (result, 0, 0), &local_error);
  if (node == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "Bad JSON from the database: %s",
                   local_error ? local_error->message : "empty");
      return NULL;
    }
  return node;
}

const char *
ts_pg_value (PGresult *result,
             int       row,
             int       column)
{
  if (result == NULL || row >= PQntuples (result) || column >= PQnfields (result))
    return NULL;
  if (PQgetisnull (result, row, column))
    return NULL;
  return PQgetvalue (result, row, column);
}
