/* bench-reports.c — every report over a season: p50 and p95 of each report route through
 * the API, beside the same SQL function run alone on one libpq connection (the app role,
 * the same context and parameters) in the same run; prints each figure, the ratio and
 * whether p95 is under the goal of 1 s (issue 13, R2).
 *
 *   bench-reports [--orders 200000] [--runs 20] [--explain]
 *
 * The season is bulk-built in SQL as the cluster's superuser, the way the selling
 * functions write it: 200 performances of 20 events of three outlets, orders of one to
 * four tickets with their payments, a fifth of them sold by another outlet (with
 * commission), some internet, some comps, refunds paid back from the refunder's till,
 * admissions at past performances, donations, memberships and mailing lists.  Reports
 * are read as UTH's Box Office Manager for the last year.  --explain prints the plan of
 * every statement over 20 ms inside each report function (auto_explain, run as the app
 * role so that row-level security is in the plan): where to look for a missing index. */
#include <locale.h>
#include <string.h>

#include <libpq-fe.h>

#include "ts-pg-cluster.h"
#include "ts-test-client.h"

static int n_orders = 200000;
static int n_runs = 20;
static gboolean explain;
static char *only;
static gboolean have_partners;   /* partner companies (issue 13, partners-server) are in the schema */

typedef struct
{
  const char *label;
  const char *path;       /* the route and its query, {FROM} {TO} {DAY} {PERF} {EVENT} {LIST} {PARTNER} filled in */
  const char *function;   /* the SQL function the route runs, given the parameters as jsonb: */
  const char *params;     /* its jsonb, filled in the same way ({OUTLET} too) */
  const char *sql;        /* or this statement, with these parameters filled in the same way */
  const char *args[5];
} Report;

static const Report reports[] = {
  { "sales by event", "/reports/sales?from={FROM}&to={TO}&group=event", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"event\"}" },
  { "sales by performance", "/reports/sales?from={FROM}&to={TO}&group=performance", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"performance\"}" },
  { "sales by ticket type", "/reports/sales?from={FROM}&to={TO}&group=ticket_type", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"ticket_type\"}" },
  { "sales by price zone", "/reports/sales?from={FROM}&to={TO}&group=price_zone", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"price_zone\"}" },
  { "sales by selling outlet", "/reports/sales?from={FROM}&to={TO}&group=selling_outlet", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"selling_outlet\"}" },
  { "sales by channel", "/reports/sales?from={FROM}&to={TO}&group=channel", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"channel\"}" },
  { "sales of one event", "/reports/sales?from={FROM}&to={TO}&group=performance&event_id={EVENT}", "ts_report_sales",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"performance\", \"event_id\": {EVENT}}" },
  { "sales over time, performance", "/reports/sales-over-time?performance_id={PERF}", "ts_report_sales_over_time",
    "{\"outlet_id\": {OUTLET}, \"performance_id\": {PERF}}" },
  { "sales over time, event", "/reports/sales-over-time?event_id={EVENT}", "ts_report_sales_over_time",
    "{\"outlet_id\": {OUTLET}, \"event_id\": {EVENT}}" },
  { "zone sales", "/reports/zone-sales?performance_id={PERF}", "ts_report_zone_sales",
    "{\"outlet_id\": {OUTLET}, \"performance_id\": {PERF}}" },
  { "attendance", "/reports/attendance?from={FROM}&to={TO}", "ts_report_attendance",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\"}" },
  { "donations by fund", "/reports/donations?from={FROM}&to={TO}&group=fund", "ts_report_donations",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"fund\"}" },
  { "donations by month", "/reports/donations?from={FROM}&to={TO}&group=month", "ts_report_donations",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"month\"}" },
  { "donations by method", "/reports/donations?from={FROM}&to={TO}&group=method", "ts_report_donations",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\", \"group\": \"method\"}" },
  { "memberships", "/reports/memberships?from={FROM}&to={TO}", "ts_report_memberships",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\"}" },
  { "mailing lists", "/reports/mailing-lists", "ts_report_mailing_lists", "{\"outlet_id\": {OUTLET}}" },
  { "one mailing list", "/reports/mailing-list?mailing_list_id={LIST}", "ts_report_mailing_list",
    "{\"outlet_id\": {OUTLET}, \"mailing_list_id\": {LIST}}" },
  { "channels", "/reports/channels?from={FROM}&to={TO}", "ts_report_channels",
    "{\"outlet_id\": {OUTLET}, \"from\": \"{FROM}\", \"to\": \"{TO}\"}" },
  { "end of day", "/reports/end-of-day?date={DAY}", "ts_report_end_of_day",
    "{\"outlet_id\": {OUTLET}, \"date\": \"{DAY}\"}" },
  { "till (A4)", "/accounts/till?date={DAY}", "ts_till_report", "{\"outlet_id\": {OUTLET}, \"date\": \"{DAY}\"}" },
  /* K5: a partner company's lists (the route adds the company and the columns) */
  { "partner: booked", "/partner-companies/{PARTNER}/patrons?list=booked&from={FROM}&to={TO}", NULL, NULL,
    "SELECT ts_partner_patrons ($1::integer, $2, $3, $4::date, $5::date)", { "{PARTNER}", "booked", NULL, "{FROM}", "{TO}" } },
  { "partner: answered yes", "/partner-companies/{PARTNER}/patrons?list=preference&answer=yes", NULL, NULL,
    "SELECT ts_partner_patrons ($1::integer, $2, $3, $4::date, $5::date)", { "{PARTNER}", "preference", "yes", NULL, NULL } },
  { "partner: never asked", "/partner-companies/{PARTNER}/patrons?list=preference&answer=not_asked", NULL, NULL,
    "SELECT ts_partner_patrons ($1::integer, $2, $3, $4::date, $5::date)", { "{PARTNER}", "preference", "not_asked", NULL, NULL } },
};

typedef struct
{
  const char *names[8];
  char       *values[8];
} Fill;

static char *
fill (const Fill *f,
      const char *template)
{
  char *text = g_strdup (template);

  for (guint i = 0; i < G_N_ELEMENTS (f->names) && f->names[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (text, f->names[i], -1);

      g_free (text);
      text = g_strjoinv (f->values[i], parts);
    }
  return text;
}

/* --only: one of its comma-separated pieces is in the label */
static gboolean
label_chosen (const char *label)
{
  g_auto(GStrv) pieces = g_strsplit (only, ",", -1);

  for (guint i = 0; pieces[i] != NULL; i++)
    if (strstr (label, pieces[i]) != NULL)
      return TRUE;
  return FALSE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, (guint) (p * (values->len - 1) + 0.5)) / 1000.0;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  PGresult *r = PQexec (conn, sql);

  if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
    g_error ("%s\n%s", sql, PQresultErrorMessage (r));
  PQclear (r);
}

/* The season, as the superuser (triggers off: ticket numbers, counts and audit rows are
 * written here as the selling functions would). */
static void
build_season (TsTestServer *server,
              const char   *superuser,
              gint64        map_id)
{
  PGconn *conn = PQconnectdb (superuser);
  gint64 t0;
  g_autofree char *orders = g_strdup_printf ("%d", n_orders);
  g_autofree char *map = g_strdup_printf ("%" G_GINT64_FORMAT, map_id);
  const char *steps[] = {
    "BEGIN",
    "SET LOCAL session_replication_role = replica",
    "SELECT setseed (0.13)",
    /* patrons, and for each outlet its box office employee (who sells) */
    "INSERT INTO patron (first_name, last_name, created_by_outlet)"
    " SELECT 'Bench', 'Patron ' || g, 1 + g % 3 FROM generate_series (1, 20000) g",
    "CREATE TEMP TABLE b_outlet AS SELECT o.id, row_number () OVER (ORDER BY o.id) - 1 AS k,"
    " (SELECT e.id FROM employee e WHERE e.outlet_id = o.id AND e.login = 'boxoffice') AS employee"
    " FROM outlet o",
    "CREATE TEMP TABLE b_patron AS SELECT id, row_number () OVER (ORDER BY id) - 1 AS k FROM patron"
    " WHERE last_name LIKE 'Patron %'",
    "ANALYZE b_outlet, b_patron",
    /* 20 events (UTH 10, ATH 6, TIX 4), 10 performances each over the year, 40 days ahead */
    "CREATE TEMP TABLE b_event AS SELECT g AS k, (SELECT id FROM b_outlet WHERE k = CASE WHEN g < 10 THEN 0"
    " WHEN g < 16 THEN 1 ELSE 2 END) AS outlet FROM generate_series (0, 19) g",
    "ALTER TABLE b_event ADD COLUMN id integer",
    "UPDATE b_event b SET id = e.id FROM (SELECT k, nextval ('event_id_seq') AS id FROM b_event) e WHERE e.k = b.k",
    "INSERT INTO event (id, outlet_id, name, map_id) SELECT id, outlet, 'Bench event ' || k, {MAP} FROM b_event",
    "CREATE TEMP TABLE b_perf AS SELECT nextval ('performance_id_seq')::integer AS id, e.id AS event, e.outlet,"
    " (e.k * 10 + g) AS k, now () - interval '320 days' + ((e.k * 10 + g) * interval '36 hours') AS starts_at"
    " FROM b_event e, generate_series (0, 9) g",
    "INSERT INTO performance (id, event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
    " allow_other_outlets, outlets_on_sale)"
    " SELECT id, event, outlet, starts_at, 4000, 4000, starts_at - interval '120 days', true, starts_at - interval '120 days'"
    " FROM b_perf",
    "ANALYZE b_perf",
    /* each outlet's types: two regular ones offered to other outlets at a commission, a comp */
    "CREATE TEMP TABLE b_type AS SELECT o.id AS outlet, t.name, t.category, t.price,"
    " nextval ('ticket_type_id_seq')::integer AS id FROM b_outlet o,"
    " (VALUES ('Adult', 'regular', 4500), ('Senior', 'regular', 3500), ('Comp', 'comp', 0)) t (name, category, price)",
    "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp) SELECT id, 'Bench', 100, 500 FROM b_outlet",
    "INSERT INTO ticket_type (id, outlet_id, name, category, price_cents, other_outlets, commission_table_id)"
    " SELECT t.id, t.outlet, t.name, t.category, t.price, t.category = 'regular',"
    " (SELECT c.id FROM commission_table c WHERE c.outlet_id = t.outlet AND c.name = 'Bench') FROM b_type t",
    "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) SELECT t.outlet, t.id, p.id"
    " FROM b_perf p JOIN b_type t ON t.outlet = p.outlet",
    /* the orders: a performance each, sold before it by its owner or (a fifth) another outlet */
    "CREATE TEMP TABLE b_order AS SELECT g AS n, p.id AS perf, p.outlet AS owner,"
    " CASE WHEN g % 5 = 0 THEN (SELECT o2.id FROM b_outlet o1 JOIN b_outlet o2 ON o2.k = (o1.k + 1 + g % 2) % 3"
    "                           WHERE o1.id = p.outlet) ELSE p.outlet END AS seller,"
    " CASE WHEN g % 10 = 3 THEN 'internet' ELSE 'box_office' END AS channel,"
    " least (now () - interval '1 minute', p.starts_at - (random () * 100) * interval '1 day') AS at,"
    " 1 + (g % 4) AS tickets, pa.id AS patron"
    " FROM generate_series (1, {ORDERS}) g JOIN b_perf p ON p.k = (g * 7919) % 200 JOIN b_patron pa ON pa.k = g % 20000",
    "UPDATE b_order SET channel = 'box_office' WHERE seller <> owner",
    "ALTER TABLE b_order ADD COLUMN id bigint",
    "UPDATE b_order SET id = nextval ('ticket_order_id_seq')",
    "ANALYZE b_order",
    "INSERT INTO ticket_order (id, outlet_id, employee_id, purchaser_id, recipient_id, channel, idempotency_key,"
    " request_hash, created_at)"
    " SELECT b.id, b.seller, CASE WHEN b.channel = 'internet' THEN NULL ELSE o.employee END, b.patron, b.patron,"
    " b.channel, 'bench-order-' || b.n, 'bench', b.at FROM b_order b JOIN b_outlet o ON o.id = b.seller",
    /* the lines: an Adult or Senior ticket in one of two zones; one line in fifty a comp
     * (the owner's only, T5); other outlets earn 1.00 + 5 % (T6) */
    "CREATE TEMP TABLE b_item AS SELECT nextval ('order_item_id_seq') AS id, b.id AS order_id, b.perf, b.owner, b.seller,"
    " b.at, CASE WHEN b.seller = b.owner AND (b.n + g) % 50 = 0 THEN 'Comp' WHEN (b.n + g) % 3 = 0 THEN 'Senior'"
    " ELSE 'Adult' END AS type_name, CASE WHEN (b.n + g) % 4 = 0 THEN 'Balcony' ELSE 'Orchestra' END AS zone"
    " FROM b_order b, generate_series (1, b.tickets) g",
    "ANALYZE b_item, b_type",
    "INSERT INTO order_item (id, order_id, performance_id, owner_outlet_id, area_key, ticket_type_id, redemption_id,"
    " price_zone, price_cents, commission_cents, display_letter, comp_reason, created_at, ticket_number)"
    " SELECT i.id, i.order_id, i.perf, i.owner, i.zone || '#1', t.id,"
    " r.id, i.zone, t.price,"
    " CASE WHEN i.seller = i.owner THEN 0 ELSE 100 + t.price * 5 / 100 END, 'X',"
    " CASE WHEN t.category = 'comp' THEN 'Bench' END, i.at,"
    " row_number () OVER (PARTITION BY i.owner ORDER BY i.id)"
    " FROM b_item i JOIN b_type t ON t.outlet = i.owner AND t.name = i.type_name"
    " JOIN redemption r ON r.performance_id = i.perf AND r.ticket_type_id = t.id",
    "INSERT INTO ticket_counter (outlet_id, last_number) SELECT owner_outlet_id, max (ticket_number) FROM order_item"
    " GROUP BY owner_outlet_id ON CONFLICT (outlet_id) DO UPDATE SET last_number = EXCLUDED.last_number",
    /* S4: paid in full, by card online, cash or card at the box office */
    "INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, created_at)"
    " SELECT o.id, o.outlet_id, o.employee_id, CASE WHEN o.channel = 'internet' OR o.id % 2 = 0 THEN 'card' ELSE 'cash' END,"
    " sum (i.price_cents), o.created_at FROM ticket_order o JOIN order_item i ON i.order_id = o.id"
    " WHERE o.idempotency_key LIKE 'bench-order-%' GROUP BY o.id HAVING sum (i.price_cents) > 0",
    /* S6, S7: one order in thirty has its first line refunded a day later, by its seller,
     * from the seller's till */
    "CREATE TEMP TABLE b_refund AS SELECT nextval ('refund_id_seq') AS id, o.id AS order_id, o.outlet_id, o.employee_id,"
    " least (o.created_at + interval '1 day', now ()) AS at, min (i.id) AS item"
    " FROM ticket_order o JOIN order_item i ON i.order_id = o.id"
    " WHERE o.idempotency_key LIKE 'bench-order-%' AND o.id % 30 = 7 GROUP BY o.id",
    "INSERT INTO refund (id, order_id, outlet_id, employee_id, amount_cents, reason, created_at)"
    " SELECT r.id, r.order_id, r.outlet_id, r.employee_id, i.price_cents, 'Bench', r.at"
    " FROM b_refund r JOIN order_item i ON i.id = r.item",
    "UPDATE order_item i SET status = 'refunded', refund_id = r.id FROM b_refund r WHERE i.id = r.item",
    "INSERT INTO payment (order_id, refund_id, outlet_id, employee_id, method, amount_cents, created_at)"
    " SELECT r.order_id, r.id, r.outlet_id, r.employee_id, 'cash', -i.price_cents, r.at"
    " FROM b_refund r JOIN order_item i ON i.id = r.item WHERE i.price_cents > 0",
    "UPDATE performance p SET sold = s.n, claimed = s.n FROM (SELECT performance_id, count (*) AS n FROM order_item"
    " WHERE status = 'sold' GROUP BY 1) s WHERE s.performance_id = p.id AND p.id IN (SELECT id FROM b_perf)",
    /* F4: nine in ten of a past performance's tickets admitted at its start */
    "UPDATE order_item i SET admitted_at = p.starts_at, admitted_door = 'Main', inside = true FROM b_perf p"
    " WHERE i.performance_id = p.id AND p.starts_at < now () AND i.status = 'sold' AND i.id % 10 <> 0",
    /* P4: each outlet's donations, memberships and mailing lists */
    "INSERT INTO donation (outlet_id, patron_id, amount_cents, donated_on, fund, method, employee_id)"
    " SELECT o.id, p.id, 1000 + (g * 37) % 50000, (now () - (g % 365) * interval '1 day')::date,"
    " (ARRAY['Annual', 'Building', 'Education', 'Youth'])[1 + g % 4], (ARRAY['cash', 'cheque', 'card'])[1 + g % 3], o.employee"
    " FROM generate_series (1, 30000) g JOIN b_outlet o ON o.k = g % 3 JOIN b_patron p ON p.k = (g * 13) % 20000",
    "INSERT INTO membership (outlet_id, patron_id, level, starts_on, ends_on)"
    " SELECT o.id, p.id, (ARRAY['Friend', 'Patron', 'Benefactor'])[1 + g % 3], d, d + 365"
    " FROM generate_series (1, 9000) g JOIN b_outlet o ON o.k = g % 3 JOIN b_patron p ON p.k = (g * 7) % 20000,"
    " LATERAL (SELECT (now () - (g % 700) * interval '1 day')::date AS d) x",
    "INSERT INTO mailing_list (outlet_id, name) SELECT o.id, 'Bench list ' || g FROM b_outlet o, generate_series (1, 5) g",
    "INSERT INTO mailing_list_member (outlet_id, mailing_list_id, patron_id)"
    " SELECT l.outlet_id, l.id, p.id FROM mailing_list l JOIN b_patron p ON p.k % 10 = l.id % 10 WHERE l.name LIKE 'Bench list %'",
    "SELECT 1",   /* the partner companies' step, when they exist */
    "COMMIT",
    "ANALYZE",
  };
  /* K1, K2, K5: three partner companies of each outlet on half its events, and a
   * patron in three answered (yes, no, or never asked: no row) */
  const char *partner_steps =
    "INSERT INTO partner_company (outlet_id, name) SELECT o.id, 'Bench partner ' || g FROM b_outlet o, generate_series (1, 3) g;"
    " INSERT INTO event_partner_company (event_id, partner_company_id) SELECT e.id, c.id FROM b_event e"
    "   JOIN partner_company c ON c.outlet_id = e.outlet WHERE e.k % 2 = 0;"
    " INSERT INTO partner_preference (partner_company_id, patron_id, outlet_id, answer, set_at, employee_id, source)"
    "   SELECT c.id, p.id, c.outlet_id, CASE WHEN p.k % 3 = 0 THEN 'yes' ELSE 'no' END, now () - (p.k % 300) * interval '1 day',"
    "          o.employee, 'checkout' FROM partner_company c JOIN b_outlet o ON o.id = c.outlet_id"
    "   JOIN b_patron p ON p.k % 3 <> 2";

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s", PQerrorMessage (conn));
  if (have_partners)
    steps[G_N_ELEMENTS (steps) - 3] = partner_steps;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_auto(GStrv) a = g_strsplit (steps[i], "{ORDERS}", -1);
      g_autofree char *b = g_strjoinv (orders, a);
      g_auto(GStrv) c = g_strsplit (b, "{MAP}", -1);
      g_autofree char *sql = g_strjoinv (map, c);

      t0 = g_get_monotonic_time ();
      exec_or_die (conn, sql);
      if (g_get_monotonic_time () - t0 > 5 * G_USEC_PER_SEC)
        g_print ("  (%.1f s building: %.70s…)\n", (g_get_monotonic_time () - t0) / 1e6, sql);
    }
  PQfinish (conn);
  (void) server;
}

/* The report through the API, n_runs times: its latencies (µs), or NULL when the
 * route answers anything but 200 (shown once). */
static GArray *
time_api (TsTestServer *server,
          const char   *token,
          const char   *path)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *url = g_strconcat ("/api/v1", path, NULL);

  for (int r = 0; r < n_runs; r++)
    {
      guint status = 0;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(JsonNode) answer = ts_test_call (server, "GET", url, token, NULL, &status);
      gint64 elapsed = g_get_monotonic_time () - t0;

      if (status != 200)
        {
          g_autofree char *text = answer ? json_to_string (answer, FALSE) : g_strdup ("");

          g_print ("  %s answered %u: %.200s\n", path, status, text);
          g_array_unref (times);
          return NULL;
        }
      g_array_append_val (times, elapsed);
    }
  return times;
}

/* The same function alone on one connection of the app role, as the server calls it:
 * in a transaction with the caller's context (P7). */
static GArray *
time_sql (PGconn      *conn,
          const char  *context,
          const char  *sql,
          int          n_values,
          const char **values)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int r = 0; r < n_runs; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      PGresult *result;
      gboolean ok;

      exec_or_die (conn, "BEGIN");
      exec_or_die (conn, context);
      result = PQexecParams (conn, sql, n_values, NULL, values, NULL, NULL, 0);
      ok = PQresultStatus (result) == PGRES_TUPLES_OK;
      if (!ok)
        g_print ("  %s: %s", sql, PQresultErrorMessage (result));
      PQclear (result);
      exec_or_die (conn, ok ? "COMMIT" : "ROLLBACK");
      if (!ok)
        {
          g_array_unref (times);
          return NULL;
        }
      t0 = g_get_monotonic_time () - t0;
      g_array_append_val (times, t0);
    }
  return times;
}

static void
print_notice (void       *data,
              const char *message)
{
  g_print ("%s", message);
}

/* auto_explain's plans of the statements over 20 ms inside the function, run as the
 * app role after the superuser loaded it. */
static void
explain_report (const char  *superuser,
                const char  *context,
                const char  *sql,
                int          n_values,
                const char **values)
{
  PGconn *conn = PQconnectdb (superuser);
  PGresult *result;

  PQsetNoticeProcessor (conn, print_notice, NULL);
  exec_or_die (conn, "LOAD 'auto_explain'");
  exec_or_die (conn, "SET auto_explain.log_min_duration = '20ms'; SET auto_explain.log_nested_statements = on;"
                     " SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;"
                     " SET client_min_messages = log; SET ROLE " TS_PG_APP);
  exec_or_die (conn, "BEGIN");
  exec_or_die (conn, context);
  result = PQexecParams (conn, sql, n_values, NULL, values, NULL, NULL, 0);
  PQclear (result);
  exec_or_die (conn, "ROLLBACK");
  PQfinish (conn);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "orders", 'n', 0, G_OPTION_ARG_INT, &n_orders, "Orders in the season (default 200000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs of each report (default 20)", "N" },
    { "explain", 'e', 0, G_OPTION_ARG_NONE, &explain, "Print the plans of the slow statements of each report", NULL },
    { "only", 'o', 0, G_OPTION_ARG_STRING, &only, "Only the reports whose label holds one of these, comma-separated", "TEXT,…" },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = g_option_context_new ("— every report through the API against its SQL alone");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *superuser = NULL;
  g_autofree char *context = NULL;
  g_auto(GStrv) owner_parts = NULL;
  gint64 uth, map_id, employee;
  PGconn *app;
  Fill f = { { "{FROM}", "{TO}", "{DAY}", "{PERF}", "{EVENT}", "{LIST}", "{OUTLET}", "{PARTNER}" } };
  guint slow = 0, measured = 0;
  gint64 t0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (option_context, entries, NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_runs = MAX (n_runs, 2);

  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  owner_parts = g_strsplit (ts_test_server_get_owner_conninfo (server), "user=" TS_PG_OWNER, -1);
  superuser = g_strjoinv ("user=" TS_PG_SUPERUSER, owner_parts);
  {
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
        "{\"format\": \"generator\", \"description\": {\"name\": \"Bench House\", \"size\": {\"width\": 600, \"height\": 400},"
        " \"categories\": [{\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
        " \"blocks\": [{\"kind\": \"ga\", \"zone\": \"Orchestra\", \"category\": \"Standing\", \"capacity\": 3000,"
        "   \"x\": 40, \"y\": 40, \"width\": 300, \"height\": 200},"
        "  {\"kind\": \"ga\", \"zone\": \"Balcony\", \"category\": \"Standing\", \"capacity\": 1000,"
        "   \"x\": 40, \"y\": 260, \"width\": 300, \"height\": 100}]}}", 201);

    map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  }
  have_partners = ts_test_owner_int (server, "SELECT (to_regclass ('partner_company') IS NOT NULL)::integer") == 1;
  t0 = g_get_monotonic_time ();
  build_season (server, superuser, map_id);
  g_print ("Reports over a season: %s performances, %s orders, %s tickets (%s refunded), %s payments, %s donations;"
           " built in %.1f s\n",
           ts_test_owner_sql (server, "SELECT count (*) FROM performance"),
           ts_test_owner_sql (server, "SELECT count (*) FROM ticket_order"),
           ts_test_owner_sql (server, "SELECT count (*) FROM order_item"),
           ts_test_owner_sql (server, "SELECT count (*) FROM order_item WHERE status = 'refunded'"),
           ts_test_owner_sql (server, "SELECT count (*) FROM payment"),
           ts_test_owner_sql (server, "SELECT count (*) FROM donation"),
           (g_get_monotonic_time () - t0) / 1e6);

  /* the last year, UTH's busiest performance and event, its first list, a busy day */
  f.values[0] = ts_test_owner_sqlf (server, "SELECT ((now () AT TIME ZONE time_zone)::date - 364)::text FROM outlet WHERE id = %"
                                    G_GINT64_FORMAT, uth);
  f.values[1] = ts_test_owner_sqlf (server, "SELECT (now () AT TIME ZONE time_zone)::date::text FROM outlet WHERE id = %"
                                    G_GINT64_FORMAT, uth);
  f.values[2] = ts_test_owner_sqlf (server, "SELECT (created_at AT TIME ZONE 'America/Toronto')::date::text FROM ticket_order"
                                    " WHERE outlet_id = %" G_GINT64_FORMAT " GROUP BY 1 ORDER BY count (*) DESC LIMIT 1", uth);
  f.values[3] = ts_test_owner_sqlf (server, "SELECT performance_id::text FROM order_item WHERE owner_outlet_id = %" G_GINT64_FORMAT
                                    " GROUP BY 1 ORDER BY count (*) DESC LIMIT 1", uth);
  f.values[4] = ts_test_owner_sqlf (server, "SELECT event_id::text FROM performance WHERE id = %s", f.values[3]);
  f.values[5] = ts_test_owner_sqlf (server, "SELECT min (id)::text FROM mailing_list WHERE outlet_id = %" G_GINT64_FORMAT, uth);
  f.values[6] = g_strdup_printf ("%" G_GINT64_FORMAT, uth);
  f.values[7] = have_partners ? ts_test_owner_sqlf (server, "SELECT min (id)::text FROM partner_company WHERE outlet_id = %"
                                                    G_GINT64_FORMAT, uth) : g_strdup ("0");
  employee = ts_test_owner_int (server, "SELECT id FROM employee WHERE outlet_id = %" G_GINT64_FORMAT " AND login = 'manager'", uth);
  context = g_strdup_printf ("SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true),"
                             " set_config ('tessera.employee_id', '%" G_GINT64_FORMAT "', true),"
                             " set_config ('tessera.master', 'off', true), set_config ('statement_timeout', '30s', true),"
                             " set_config ('jit', 'off', true)",
                             uth, employee);
  app = PQconnectdb (ts_test_server_get_app_conninfo (server));
  if (PQstatus (app) != CONNECTION_OK)
    g_error ("%s", PQerrorMessage (app));

  g_print ("As UTH's Box Office Manager, %s to %s, %d runs each (ms)\n", f.values[0], f.values[1], n_runs);
  g_print ("  %-30s %9s %9s %9s %9s %7s  %s\n", "report", "API p50", "API p95", "SQL p50", "SQL p95", "ratio", "p95 < 1 s");
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      g_autofree char *path = fill (&f, reports[i].path);
      g_autofree char *statement = reports[i].sql ? g_strdup (reports[i].sql)
                                                  : g_strdup_printf ("SELECT %s ($1::jsonb)", reports[i].function);
      char *values[5] = { NULL };
      int n_values = reports[i].sql ? 5 : 1;
      g_autoptr(GArray) api = NULL;
      g_autoptr(GArray) sql = NULL;
      double api50, api95, sql50, sql95;

      if ((g_str_has_prefix (reports[i].path, "/partner-companies") && !have_partners)
          || (only != NULL && !label_chosen (reports[i].label)))
        continue;
      for (int v = 0; v < n_values; v++)
        values[v] = reports[i].sql ? (reports[i].args[v] ? fill (&f, reports[i].args[v]) : NULL) : fill (&f, reports[i].params);
      api = time_api (server, manager, path);
      sql = api ? time_sql (app, context, statement, n_values, (const char **) values) : NULL;
      if (explain && api != NULL)
        explain_report (superuser, context, statement, n_values, (const char **) values);
      for (int v = 0; v < n_values; v++)
        g_free (values[v]);

      if (api == NULL || sql == NULL)
        {
          g_print ("  %-30s not measured\n", reports[i].label);
          continue;
        }
      measured++;
      api50 = percentile_ms (api, 0.50);
      api95 = percentile_ms (api, 0.95);
      sql50 = percentile_ms (sql, 0.50);
      sql95 = percentile_ms (sql, 0.95);
      slow += api95 >= 1000.0;
      g_print ("  %-30s %9.1f %9.1f %9.1f %9.1f %7.2f  %s\n", reports[i].label, api50, api95, sql50, sql95,
               sql50 > 0 ? api50 / sql50 : 0.0, api95 < 1000.0 ? "yes" : "NO");
    }
  g_print ("%u of %u reports measured; %u with p95 at or over 1 s\n", measured, (guint) G_N_ELEMENTS (reports), slow);

  PQfinish (app);
  for (guint i = 0; i < G_N_ELEMENTS (f.values); i++)
    g_free (f.values[i]);
  return 0;
}
