/* ts-api-reports.c — the reports an outlet reads and its accounts: sales,
 * attendance, donations, memberships, mailing lists, channels, the end of the
 * day and closing a till; the balances, settlements and tills between and
 * within outlets (rules R2, P2, P4, P5, A2–A4, C4)
 *
 * Each report is one SQL function of server/functions/reports.sql that
 * answers the report shape of docs/api.md ("Reports (R2)"); R2 is enforced
 * there, by row-level security and the sums ts_report_line_groups hands back.
 * Here every report route is one ReportSpec: its function, the level it
 * needs and its query parameters, which run_report checks the same way for
 * all of them (the outlet, the period, ids, choices) before the function
 * runs, with report-timeout seconds (30 by default) to answer. */
#include <stdio.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-json-field.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-selling.h"

/* A report's period, from and to inclusive, is at most this long. */
#define REPORT_MAX_YEARS 3
#define REPORT_TIMEOUT_MESSAGE "The report took too long; choose a shorter period"

typedef enum
{
  PERIOD_NONE,        /* no dates */
  PERIOD_REQUIRED,    /* from and to */
  PERIOD_OPTIONAL,    /* from and to, or neither end: all of it */
  PERIOD_DAY,         /* one date */
} ReportPeriod;

/* A query parameter of one report: an id (choices NULL) or one of choices. */
typedef struct
{
  const char         *name;
  gboolean            required;
  const char * const *choices;
} ReportParam;

typedef struct
{
  const char   *function;    /* its SQL function, taking the parameters as jsonb */
  TsLevel       level;       /* C4 */
  const char   *refusal;     /* said to a level below */
  ReportPeriod  period;
  ReportParam   params[3];
} ReportSpec;

static const char * const sales_groups[] = {
  "event", "performance", "ticket_type", "price_zone", "selling_outlet", "channel", NULL
};
static const char * const donation_groups[] = { "fund", "month", "method", NULL };

#define STAFF_REPORT TS_LEVEL_STAFF, "Reports are for Staff and up"  /* C4 */

static const ReportSpec sales = {
  "ts_report_sales", STAFF_REPORT, PERIOD_REQUIRED,
  { { "group", FALSE, sales_groups }, { "event_id", FALSE, NULL }, { "performance_id", FALSE, NULL } }
};
static const ReportSpec sales_over_time = {
  "ts_report_sales_over_time", STAFF_REPORT, PERIOD_OPTIONAL,
  { { "performance_id", FALSE, NULL }, { "event_id", FALSE, NULL } }
};
static const ReportSpec zone_sales = {
  "ts_report_zone_sales", STAFF_REPORT, PERIOD_NONE, { { "performance_id", TRUE, NULL } }
};
static const ReportSpec attendance = {
  "ts_report_attendance", STAFF_REPORT, PERIOD_REQUIRED, { { "event_id", FALSE, NULL } }
};
static const ReportSpec donations = {
  "ts_report_donations", STAFF_REPORT, PERIOD_REQUIRED, { { "group", FALSE, donation_groups } }
};
static const ReportSpec memberships = { "ts_report_memberships", STAFF_REPORT, PERIOD_REQUIRED, { { NULL } } };
static const ReportSpec mailing_lists = { "ts_report_mailing_lists", STAFF_REPORT, PERIOD_NONE, { { NULL } } };
static const ReportSpec mailing_list = {
  "ts_report_mailing_list", STAFF_REPORT, PERIOD_NONE, { { "mailing_list_id", TRUE, NULL } }
};
static const ReportSpec channels = { "ts_report_channels", STAFF_REPORT, PERIOD_REQUIRED, { { NULL } } };
static const ReportSpec end_of_day = {
  "ts_report_end_of_day", TS_LEVEL_WALKUP, "The end of the day is for Walk-up Sales and up", PERIOD_DAY, { { NULL } }  /* C4 */
};

/* Methods a till takes, as payment.method (S4). */
static const char * const till_methods[] = {
  "cash", "cheque", "card", "gift_certificate", "pass", "on_account", "exchange_credit", NULL
};

/* Reports: the common parameters ---- */

/* A date of the query, YYYY-MM-DD and a real day: "name: …". */
static gboolean
query_date (TsRequest   *req,
            const char  *name,
            gboolean     required,
            GDate       *out_date,
            GError     **error)
{
  const char *value = ts_request_query (req, name);
  guint y, m, d;

  g_date_clear (out_date, 1);
  if (value == NULL)
    {
      if (required)
        g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: required, a date YYYY-MM-DD", name);
      return !required;
    }
  if (!g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value, 0, 0)
      || sscanf (value, "%4u-%2u-%2u", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y) || y < 1900)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: a date, YYYY-MM-DD", name);
      return FALSE;
    }
  g_date_set_dmy (out_date, d, m, y);
  return TRUE;
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

/* from and to of the query (R2 periods are dates in the outlet's time,
 * inclusive): both or, where the period is optional, neither. */
static gboolean
add_period (TsRequest    *req,
            ReportPeriod  period,
            JsonBuilder  *builder,
            GError      **error)
{
  GDate from, to, last;
  gboolean required = period == PERIOD_REQUIRED
                      || ts_request_query (req, "from") != NULL || ts_request_query (req, "to") != NULL;

  if (period == PERIOD_DAY)
    {
      if (!query_date (req, "date", TRUE, &from, error))
        return FALSE;
      add_date (builder, "date", &from);
      return TRUE;
    }
  if (!query_date (req, "from", required, &from, error) || !query_date (req, "to", required, &to, error))
    return FALSE;
  if (!required)
    return TRUE;
  if (g_date_compare (&to, &from) < 0)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "to: before from");
      return FALSE;
    }
  last = from;
  g_date_add_years (&last, REPORT_MAX_YEARS);
  if (g_date_compare (&to, &last) >= 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "to: a period of at most %d years", REPORT_MAX_YEARS);
      return FALSE;
    }
  add_date (builder, "from", &from);
  add_date (builder, "to", &to);
  return TRUE;
}

/* The report's own parameters: ids, and choices from a list. */
static gboolean
add_params (TsRequest          *req,
            const ReportParam  *params,
            JsonBuilder        *builder,
            GError            **error)
{
  for (guint i = 0; i < 3 && params[i].name != NULL; i++)
    {
      const char *value = ts_request_query (req, params[i].name);
      gint64 id;

      if (value == NULL && params[i].required)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: required in the query", params[i].name);
          return FALSE;
        }
      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, params[i].name);
      if (params[i].choices != NULL)
        {
          if (!g_strv_contains (params[i].choices, value))
            {
              g_autofree char *list = g_strjoinv (", ", (char **) params[i].choices);

              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: one of %s", params[i].name, list);
              return FALSE;
            }
          json_builder_add_string_value (builder, value);
        }
      else if (g_ascii_string_to_signed (value, 10, 1, G_MAXINT32, &id, NULL))
        json_builder_add_int_value (builder, id);
      else
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: must be an id", params[i].name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs a report's function with its checked parameters as jsonb, within
 * the server's report-timeout, and answers its JSON as it is. */
static gboolean
run_report (TsRequest         *req,
            PGconn            *conn,
            const ReportSpec  *spec,
            GError           **error)
{
  static const TsOutletRule reports = {
    "outlet_id: the Master User names the outlet", "An outlet reads its own reports only"  /* R2, P4 */
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *outlet = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *timeout = g_strdup_printf ("%us", req->report_timeout > 0 ? req->report_timeout : 30);
  g_autoptr(PGresult) set = NULL;
  gint64 outlet_id, started;

  if (!ts_policy_require_level (req, spec->level, spec->refusal, error)
      || !ts_policy_query_outlet (req, &reports, &outlet, error))
    return FALSE;
  outlet_id = g_ascii_strtoll (outlet, NULL, 10);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outlet_id");
  json_builder_add_int_value (builder, outlet_id);
  if (!add_period (req, spec->period, builder, error)
      || !add_params (req, spec->params, builder, error))
    return FALSE;
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);
  /* JIT compiling took most of a report's time over a season (bench-reports):
   * these queries are many small ones, not one long scan. */
  set = ts_pg_exec (conn, "SELECT set_config ('statement_timeout', $1, true), set_config ('jit', 'off', true)", 1,
                    (const char *[]) { timeout }, error);
  if (set == NULL)
    return FALSE;
  /* spec->function is one of the names above, never input */
  sql = g_strdup_printf ("SELECT %s ($1::jsonb)", spec->function);
  started = g_get_monotonic_time ();
  if (ts_selling_call (req, conn, sql, text, 200, error))
    return TRUE;
  /* A cancelled statement is "unavailable" to ts-pg.c, whoever cancelled it;
   * one cancelled once its time was up is the report's timeout.  (The
   * time, not PostgreSQL's message, says so: its words depend on the
   * database's language.) */
  if (error != NULL && g_error_matches (*error, TS_ERROR, TS_ERROR_UNAVAILABLE)
      && !ts_pg_conn_is_broken (conn)
      && g_get_monotonic_time () - started >= (gint64) (req->report_timeout > 0 ? req->report_timeout : 30) * G_USEC_PER_SEC)
    {
      g_clear_error (error);
      g_set_error_literal (error, TS_ERROR, TS_ERROR_TIMEOUT, REPORT_TIMEOUT_MESSAGE);
    }
  return FALSE;
}

/* Reports (R2) ---- */

gboolean
ts_api_report_sales (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  return run_report (req, conn, &sales, error);
}

gboolean
ts_api_report_sales_over_time (TsRequest *req,
                               PGconn    *conn,
                               GError   **error)
{
  return run_report (req, conn, &sales_over_time, error);
}

gboolean
ts_api_report_zone_sales (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  return run_report (req, conn, &zone_sales, error);
}

gboolean
ts_api_report_attendance (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  return run_report (req, conn, &attendance, error);
}

gboolean
ts_api_report_donations (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  return run_report (req, conn, &donations, error);
}

gboolean
ts_api_report_memberships (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  return run_report (req, conn, &memberships, error);
}

gboolean
ts_api_report_mailing_lists (TsRequest *req,
                             PGconn    *conn,
                             GError   **error)
{
  return run_report (req, conn, &mailing_lists, error);
}

gboolean
ts_api_report_mailing_list (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  return run_report (req, conn, &mailing_list, error);
}

gboolean
ts_api_report_channels (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  return run_report (req, conn, &channels, error);
}

gboolean
ts_api_report_end_of_day (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  return run_report (req, conn, &end_of_day, error);
}

/* Accounts (A2–A4) ---- */

/* The outlet an accounting request is about: the caller's, or for the
 * Master User the ?outlet_id= it names.  Anyone else may name only his own
 * (A2); a malformed one is refused, never ignored. */
static char *
accounts_outlet (TsRequest  *req,
                 GError    **error)
{
  static const TsOutletRule accounts = {
    "outlet_id: the Master User names the outlet", "An outlet sees its own accounts only"  /* A2 */
  };
  char *outlet = NULL;

  ts_policy_query_outlet (req, &accounts, &outlet, error);
  return outlet;
}

gboolean
ts_api_accounts_balances (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  g_autofree char *outlet = accounts_outlet (req, error);

  if (outlet == NULL
      || !ts_policy_require_level (req, TS_LEVEL_MANAGER,
                                   "Balances between outlets are for Box Office Managers and up", error))  /* C4 */
    return FALSE;
  return ts_selling_call (req, conn, "SELECT jsonb_build_object ('outlet_id', $1::integer,"
                                     " 'balances', ts_outlet_balances ($1::integer))",
                          outlet, 200, error);
}

/* A day as the accounting functions take it (A3, A4). */
static gboolean
check_date (const char  *name,
            const char  *value,
            GError     **error)
{
  guint y, m, d;

  if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value, 0, 0)
      && sscanf (value, "%4u-%2u-%2u", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: a date, YYYY-MM-DD", name);
  return FALSE;
}

/* Runs an accounting function on {"outlet_id": outlet, and the query's
 * parameters named in names that were given}. */
static gboolean
call_with_query (TsRequest          *req,
                 PGconn             *conn,
                 const char         *sql,
                 const char         *outlet,
                 const char * const *names,
                 GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outlet_id");
  json_builder_add_string_value (builder, outlet);
  for (guint i = 0; names[i] != NULL; i++)
    if (ts_request_query (req, names[i]) != NULL)
      {
        json_builder_set_member_name (builder, names[i]);
        json_builder_add_string_value (builder, ts_request_query (req, names[i]));
      }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);
  return ts_selling_call (req, conn, sql, text, 200, error);
}

gboolean
ts_api_accounts_settlement (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  static const char * const names[] = { "counterparty_id", "from", "to", NULL };
  g_autofree char *outlet = accounts_outlet (req, error);
  gint64 counterparty;

  if (outlet == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = ts_request_query (req, names[i]);

      if (value == NULL)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: required in the query", names[i]);
          return FALSE;
        }
      if (i == 0 && !g_ascii_string_to_signed (value, 10, 1, G_MAXINT32, &counterparty, NULL))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "counterparty_id: must be an outlet's id");
          return FALSE;
        }
      if (i > 0 && !check_date (names[i], value, error))
        return FALSE;
    }
  return call_with_query (req, conn, "SELECT ts_settlement_report ($1::jsonb)", outlet, names, error);
}

gboolean
ts_api_accounts_settle (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  static const char * const allowed[] = { "counterparty_id", "to", "reference", "outlet_id", NULL };
  static const char * const integers[] = { "counterparty_id", "outlet_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, integers, error);
  const char *to, *reference = NULL;

  if (body == NULL
      || !ts_json_get_string (body, "to", TRUE, &to, NULL, error)
      || !ts_json_get_string (body, "reference", FALSE, &reference, NULL, error)
      || !check_date ("to", to, error))
    return FALSE;
  if (reference != NULL && g_utf8_strlen (reference, -1) > 200)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "reference: at most 200 characters");
      return FALSE;
    }
  if (!ts_request_is_master (req) && json_object_has_member (body, "outlet_id")
      && json_object_get_int_member (body, "outlet_id") != req->outlet_id)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN, "An outlet records its own settlements");  /* A3 */
      return FALSE;
    }
  return ts_selling_call_body (req, conn, "SELECT ts_settlement_record ($1::jsonb)", NULL, 201, error);
}

gboolean
ts_api_accounts_till (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  static const char * const names[] = { "date", NULL };
  g_autofree char *outlet = accounts_outlet (req, error);
  const char *date = ts_request_query (req, "date");

  if (outlet == NULL || (date != NULL && !check_date ("date", date, error)))
    return FALSE;
  return call_with_query (req, conn, "SELECT ts_till_report ($1::jsonb)", outlet, names, error);
}


/* A4: "counted": the money in the till, whole cents by method. */
static gboolean
check_counted (JsonObject  *body,
               GError     **error)
{
  JsonObject *counted;
  g_autoptr(GList) members = NULL;

  if (!ts_json_get_object (body, "counted", TRUE, &counted, error))
    return FALSE;
  members = json_object_get_members (counted);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *method = l->data;
      g_autofree char *label = ts_json_member_label (method);
      g_autofree char *where = g_strdup_printf ("counted.%s", label);
      JsonNode *value = json_object_get_member (counted, method);

      if (!g_strv_contains (till_methods, method))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: not a payment method", where);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64
          || json_node_get_int (value) < 0 || json_node_get_int (value) > G_GINT64_CONSTANT (100000000000))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: a whole number of cents, 0 or more", where);
          return FALSE;
        }
    }
  return TRUE;
}

/* A4: closes a till for a day, once; see ts_till_close. */
gboolean
ts_api_accounts_till_close (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  static const TsOutletRule tills = {
    "outlet_id: the Master User names the outlet", "An outlet closes its own tills only"  /* A4, P4 */
  };
  static const char * const allowed[] = { "date", "employee_id", "counted", "note", "outlet_id", NULL };
  JsonObject *body = ts_selling_check_body (req, allowed, NULL, error);
  g_autofree char *outlet = NULL;
  const char *date, *note;
  gint64 employee;

  if (body == NULL
      || !ts_policy_require_level (req, TS_LEVEL_WALKUP, "Closing a till is for Walk-up Sales and up", error)  /* C4 */
      || (outlet = ts_policy_body_outlet (req, body, &tills, error)) == NULL
      || !ts_json_field_text (body, "date", TS_JSON_FIELD_REQUIRED, 10, &date, NULL, error)
      || !check_date ("date", date, error)
      || !ts_json_field_id (body, "employee_id", TS_JSON_FIELD_NOT_NULL, &employee, NULL, error)
      || !check_counted (body, error)
      || !ts_json_field_text (body, "note", TS_JSON_FIELD_OPTIONAL, 1000, &note, NULL, error))
    return FALSE;
  json_object_set_int_member (body, "outlet_id", g_ascii_strtoll (outlet, NULL, 10));
  return ts_selling_call_body (req, conn, "SELECT ts_till_close ($1::jsonb)", NULL, 201, error);
}
