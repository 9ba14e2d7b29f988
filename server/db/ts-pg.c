/* ts-pg.c — libpq helpers: parameterised execution and error mapping */
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-validate.h"

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
  { "employee_person_key", "person: already has an employee record in this outlet" },  /* C3 */
  { "employee_one_master", "There is already a Master User: there is exactly one" },  /* C2 */
  { "outlet_code_key", "code: another outlet already has this code" },
  { "outlet_name_key", "name: another outlet already has this name" },
  { "outlet_web_host", "web_host: another outlet's storefront already has this host name" },  /* F3 */
  { "patron_has_a_name", "last_name: a patron needs a last name or a company name" },
  { "mailing_list_name_key", "name: this outlet already has a mailing list of that name" },
  { "membership_dates", "ends_on: cannot be before starts_on" },
  { "event_outlet_id_fkey", "outlet_id: no such outlet" },
  { "event_map_id_fkey", "map_id: no such theatre map" },
  { "performance_advance_within_capacity", "advance_limit: cannot be more than the capacity" },  /* E5 */
  { "performance_box_office_window", "box_office_off_sale: must be after box_office_on_sale" },  /* E2 */
  { "performance_internet_window", "internet_off_sale: must be after internet_on_sale" },  /* E2 */
  { "performance_sellers_window", "outlets_off_sale: must be after outlets_on_sale" },  /* E2 */
  { "commission_table_outlet_id_fkey", "outlet_id: no such outlet" },
  { "commission_table_name_key", "name: this outlet already has a commission table of that name" },
  { "ticket_type_outlet_id_fkey", "outlet_id: no such outlet" },
  { "ticket_type_name_key", "name: this outlet already has a ticket type of that name" },
  { "ticket_type_comp_is_free", "price_cents: a comp ticket type is free ($0.00)" },  /* T1 */
  { "ticket_type_bundle", "bundle_component_id: a subscription, and only a subscription, holds bundle_size vouchers of a bundle component" },  /* T3 */
  { "ticket_type_other_outlets", "other_outlets: only regular ticket types with a commission table may be sold at other outlets" },  /* T5 */
  { "redemption_key", "ticket_type_id: this ticket type already has a redemption for this performance" },  /* T2 */
  { "redemption_window", "sales_end: must be after sales_start" },  /* T2 */
  { "redemption_per_order", "max_per_order: cannot be less than min_per_order" },  /* T2 */
  { "seat_claim_hold_letter_fkey", "letter: seats are held with this letter; release them first" },  /* M8 */
  { "order_item_performance_id_fkey", "This performance has sales on record (refunded ones too): it cannot be deleted, cancel it instead" },  /* E5 */
  { "order_item_redemption_id_fkey", "This redemption has sales on record (refunded ones too): it cannot be deleted; end its sales (sales_end) instead" },  /* T2 */
};

static const char *
constraint_message (const char *constraint)
{
  for (gsize i = 0; constraint != NULL && i < G_N_ELEMENTS (constraint_messages); i++)
    if (g_str_equal (constraint_messages[i].constraint, constraint))
      return constraint_messages[i].message;
  return NULL;
}

/* A message our own SQL raised (TSxxx) names the field and says what is
 * wrong; when it repeats what the person sent, only the start of each
 * “quoted” value comes back, and of any other very long word (an unquoted
 * list of seats), and never more than a few lines in all. */
#define MAX_MESSAGE_CHARS 400
#define MAX_WORD_CHARS 40

static void
append_shortened_words (GString    *out,
                        const char *text,
                        gssize      len)
{
  const char *end = text + (len < 0 ? (gssize) strlen (text) : len);
  const char *p = text;

  while (p < end)
    {
      const char *word_end = p;
      glong chars;

      while (word_end < end && *word_end != ' ' && *word_end != ',')
        word_end++;
      chars = g_utf8_strlen (p, word_end - p);
      if (chars > MAX_WORD_CHARS)
        {
          g_autofree char *word = g_strndup (p, word_end - p);
          g_autofree char *quoted = ts_validate_quote (word);

          g_string_append (out, quoted);
        }
      else
        g_string_append_len (out, p, word_end - p);
      p = word_end;
      while (p < end && (*p == ' ' || *p == ','))
        g_string_append_c (out, *p++);
    }
}

static char *
shorten_message (const char *message)
{
  GString *out = g_string_new (NULL);
  const char *p = message;
  guint chars = 0;

  if (!g_utf8_validate (message, -1, NULL))
    {
      g_string_free (out, TRUE);
      return g_strdup ("refused");
    }
  while (*p != '\0')
    {
      const char *open = strstr (p, "“");
      const char *close = open ? strstr (open + strlen ("“"), "”") : NULL;

      if (open == NULL || close == NULL)
        {
          append_shortened_words (out, p, -1);
          break;
        }
      append_shortened_words (out, p, open - p);
      {
        g_autofree char *inner = g_strndup (open + strlen ("“"), close - open - strlen ("“"));
        g_autofree char *quoted = ts_validate_quote (inner);

        g_string_append (out, quoted);
      }
      p = close + strlen ("”");
    }
  for (const char *q = out->str; *q != '\0'; q = g_utf8_next_char (q))
    if (++chars > MAX_MESSAGE_CHARS)
      {
        g_string_truncate (out, q - out->str);
        g_string_append (out, "…");
        break;
      }
  return g_string_free (out, FALSE);
}

/* "Key (outlet_id)=(99) is not present…" → "outlet_id"; NULL otherwise.
 * Only a plain column name is taken: never the value, which stays in the log. */
static char *
detail_key_column (const char *detail)
{
  const char *open = detail ? strstr (detail, "Key (") : NULL;
  const char *close;

  if (open == NULL)
    return NULL;
  open += strlen ("Key (");
  close = strchr (open, ')');
  if (close == NULL || close == open || close - open > 63)
    return NULL;
  for (const char *p = open; p < close; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != ',' && *p != ' ')
      return NULL;
  return g_strndup (open, close - open);
}

/* A constraint PostgreSQL named itself on one column — <table>_<column>_check,
 * _fkey or _key — gives that column; NULL for anything else.  (With
 * row-level security on, PostgreSQL leaves the key out of a foreign key's
 * DETAIL, so the constraint's name is all there is.) */
static char *
constraint_column (const char *table,
                   const char *constraint)
{
  static const char * const suffixes[] = { "_check", "_fkey", "_key" };
  gsize table_len = table ? strlen (table) : 0;
  gsize len = constraint ? strlen (constraint) : 0;

  if (table_len == 0 || len <= table_len + 1
      || strncmp (constraint, table, table_len) != 0 || constraint[table_len] != '_')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize suffix_len = strlen (suffixes[i]);

      if (len > table_len + 1 + suffix_len && g_str_has_suffix (constraint, suffixes[i]))
        return g_strndup (constraint + table_len + 1, len - table_len - 1 - suffix_len);
    }
  return NULL;
}

/* "outlet_id" → "outlet", "bundle_component_id" → "bundle component". */
static char *
column_noun (const char *column)
{
  g_autofree char *noun = g_str_has_suffix (column, "_id")
                          ? g_strndup (column, strlen (column) - 3) : g_strdup (column);

  g_strdelimit (noun, "_", ' ');
  return g_steal_pointer (&noun);
}

/* Any other database refusal, said in our words: the field when PostgreSQL
 * names its column, never PostgreSQL's own text (which names tables,
 * constraints, types and values); that goes to the server's log. */
static void
set_error_in_our_words (const char  *state,
                        const char  *column,
                        const char  *table,
                        const char  *constraint,
                        const char  *detail,
                        GError     **error)
{
  g_autofree char *key = detail_key_column (detail);
  g_autofree char *named = constraint_column (table, constraint);
  const char *field = column ? column : key ? key : named;

  if (g_str_equal (state, "23505"))               /* unique_violation */
    {
      if (field != NULL)
        g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "%s: already used by another record", field);
      else
        g_set_error_literal (error, TS_ERROR, TS_ERROR_CONFLICT, "This would duplicate an existing record");
    }
  else if (g_str_equal (state, "23503"))          /* foreign_key_violation */
    {
      if (detail != NULL && strstr (detail, "is still referenced") != NULL)
        g_set_error_literal (error, TS_ERROR, TS_ERROR_CONFLICT,
                             "Other records still refer to this one: it cannot be removed");
      else if (field != NULL)
        {
          g_autofree char *noun = column_noun (field);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: no such %s", field, noun);
        }
      else
        g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "The request names something that does not exist");
    }
  else if (g_str_equal (state, "23502"))          /* not_null_violation */
    {
      if (field != NULL)
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: is required", field);
      else
        g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "A required value is missing");
    }
  else if (g_str_has_prefix (state, "23"))        /* check and other integrity rules */
    {
      if (field != NULL)
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: this value is not allowed", field);
      else
        g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "A value in the request is not allowed");
    }
  else if (g_str_has_prefix (state, "22"))        /* data exceptions: ranges, forms, lengths */
    {
      const char *what = g_str_equal (state, "22003") ? "is out of range"
                         : g_str_equal (state, "22001") ? "is too long"
                         : g_str_has_prefix (state, "2200") && state[4] >= '7' && state[4] <= '9' ? "is not a valid date or time"
                         : "is not a valid value";

      if (field != NULL)
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: %s", field, what);
      else
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "A value in the request %s", what);
    }
  else if (g_str_equal (state, "42501"))          /* insufficient privilege, row-level security */
    g_set_error_literal (error, TS_ERROR, TS_ERROR_FORBIDDEN, "This is not allowed");  /* P7 */
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    g_set_error_literal (error, TS_ERROR, TS_ERROR_CONFLICT,
                         "Another request was changing the same records at the same time: try again");
  else if (g_str_equal (state, "54000") || g_str_equal (state, "54001"))   /* program limits */
    g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "A value in the request is too large to be stored");
  else if (g_str_equal (state, "57014") || g_str_has_prefix (state, "53"))  /* timeout, resources */
    g_set_error_literal (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                         "The database is too busy to answer now: try again");
  else
    g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL,
                 "The database could not do this (error %s); it is in the server's log", state);
}

/* The connection, not the statement, failed: no answer came (libpq sets no
 * SQLSTATE when the server vanished, and after a failed write the status may
 * still read CONNECTION_OK), the server is shutting down or starting up
 * (57P01–57P03), the connection was refused or broke (class 08), or the
 * database only reads (25006: a standby, reached when the conninfo asks for
 * any server; the pool closes such a connection, ts-db.c). */
static gboolean
is_connection_failure (PGconn     *conn,
                       const char *state)
{
  return ts_pg_conn_is_broken (conn)
         || state == NULL
         || g_str_has_prefix (state, "08")
         || g_str_has_prefix (state, "57P")
         || g_str_equal (state, "25006");
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
  const char *column = result ? PQresultErrorField (result, PG_DIAG_COLUMN_NAME) : NULL;
  const char *table = result ? PQresultErrorField (result, PG_DIAG_TABLE_NAME) : NULL;
  TsErrorCode code = TS_ERROR_INTERNAL;

  if (is_connection_failure (conn, state))
    {
      /* libpq's text names the socket path or the host: the pool logs it
       * (ts-db.c); the client is told only to come back. */
      g_set_error_literal (error, TS_ERROR, TS_ERROR_UNAVAILABLE, TS_PG_UNAVAILABLE_MESSAGE);
      return;
    }

  /* Our own SQL raises these (see migrations): TSxyz maps to a TsErrorCode,
   * and its message is written for people. */
  if (state != NULL && g_str_has_prefix (state, "TS"))
    {
      g_autofree char *shortened = shorten_message (message ? message : "refused");

      if (g_str_equal (state, "TS400"))
        code = TS_ERROR_INVALID;
      else if (g_str_equal (state, "TS403"))
        code = TS_ERROR_FORBIDDEN;
      else if (g_str_equal (state, "TS404"))
        code = TS_ERROR_NOT_FOUND;
      else if (g_str_equal (state, "TS409"))
        code = TS_ERROR_CONFLICT;
      else if (g_str_equal (state, "TS422"))
        code = TS_ERROR_LIMIT;
      /* S3: refused, but the caller may override it (ts_refuse_overridable) */
      else if (g_str_equal (state, "TSOVR"))
        code = TS_ERROR_OVERRIDE_NEEDED;
      g_set_error_literal (error, TS_ERROR, code, shortened);
      return;
    }

  /* A constraint whose violation is the person's input, said in words. */
  if (state != NULL && g_str_has_prefix (state, "23") && constraint_message (constraint) != NULL)
    {
      code = g_str_equal (state, "23505") ? TS_ERROR_CONFLICT : TS_ERROR_INVALID;
      g_set_error_literal (error, TS_ERROR, code, constraint_message (constraint));
      return;
    }

  set_error_in_our_words (state ? state : "XX000", column, table, constraint, detail, error);
  /* The original stays in the server's log; a refusal of input is no
   * server fault, so only what answers 500 is a warning. */
  if (error == NULL || *error == NULL || (*error)->code == TS_ERROR_INTERNAL)
    g_warning ("database error %s: %s%s%s", state ? state : "?",
               message ? message : PQerrorMessage (conn), detail ? " — " : "", detail ? detail : "");
  else
    g_message ("database refused (%s): %s%s%s", state ? state : "?",
               message ? message : "?", detail ? " — " : "", detail ? detail : "");
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
  /* PQexec allows several statements (migrations); never used with input.
   * A script of comments alone (a migration whose functions moved to
   * server/functions/) does nothing, successfully. */
  result = PQexec (conn, sql);
  status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
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
