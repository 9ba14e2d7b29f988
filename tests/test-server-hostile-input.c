/* test-server-hostile-input.c — every route of the route table fed what an attacker
 * would send: each member of a valid example body (tests/data/api-examples) mutated in
 * turn — wrong JSON types, integers at and past 2^31 and 2^63, negative numbers, empty
 * and 10,000-character strings, unknown and missing members, unknown ids — and every
 * path id and query parameter likewise, as the Master User and as an outlet's Box Office
 * Manager (issue 9).
 *
 * Each answer must be a 4xx (never a 5xx), name the member when the member is at fault,
 * quote no PostgreSQL text nor more than a short prefix of a value, log no GLib critical
 * or warning, and a refusal must change nothing: no transaction commits while it is
 * answered (pg_xact_status of every transaction id given out meanwhile), and should one
 * commit, the fingerprint of every table (row count and newest row version, the audit
 * log included) must be what it was.  Failures are collected and listed together, so one
 * run shows every route that gives way.  With --verbose, every mutation the server
 * accepted is listed too, for review. */
#include <string.h>

#include <libpq-fe.h>

#include "ts-router.h"
#include "ts-test-client.h"

typedef enum
{
  MASTER = 1 << 0,
  MANAGER = 1 << 1,
  BOTH = MASTER | MANAGER,
} Role;

typedef enum
{
  EXAMPLE_FIRST = 1 << 0,    /* the example consumes what later requests need (sign-in lock-out) */
  NO_EXAMPLE = 1 << 1,       /* sending the example itself would get in the way */
  NO_CHANGE_CHECK = 1 << 2,  /* refusals commit on purpose (a refused sign-in is counted, C6) */
  NOT_CALLED = 1 << 3,       /* nothing to mutate, and calling it would end the test's session */
} CaseFlags;

typedef struct
{
  const char *method;
  const char *pattern;   /* exactly as in server/http/ts-router.c */
  const char *path;      /* with {fixture} names for ids, and a valid query */
  const char *example;   /* a file of tests/data/api-examples, or NULL: no body */
  guint       roles;     /* who may call it: the example must succeed for them */
  guint       flags;
} Case;

static const Case cases[] = {
  { "GET", "/health", "/health", NULL, BOTH, 0 },
  { "GET", "/outlets/directory", "/outlets/directory", NULL, BOTH, 0 },
  /* public: the body says who signs in, so once is enough (and stays
   * within the address's allowance of password checks, C6) */
  { "POST", "/session", "/session", "post-session.json", MASTER, EXAMPLE_FIRST | NO_CHANGE_CHECK },
  { "GET", "/session", "/session", NULL, BOTH, 0 },
  { "DELETE", "/session", "/session", NULL, BOTH, NOT_CALLED },
  /* one's own password, whoever one is: once is enough (each check is a
   * password check, within the address's allowance, C6) */
  { "POST", "/session/password", "/session/password", "post-session-password.json", MASTER, NO_EXAMPLE },
  { "GET", "/system", "/system", NULL, BOTH, 0 },
  { "PATCH", "/system", "/system", "patch-system.json", MASTER, 0 },
  { "GET", "/outlets", "/outlets", NULL, BOTH, 0 },
  { "POST", "/outlets", "/outlets", "post-outlets.json", MASTER, 0 },
  { "GET", "/outlets/{id}", "/outlets/{outlet}", NULL, BOTH, 0 },
  { "PATCH", "/outlets/{id}", "/outlets/{outlet}", "patch-outlets-id.json", MASTER, 0 },
  { "GET", "/outlets/{id}/employees", "/outlets/{outlet}/employees", NULL, MASTER, 0 },
  { "POST", "/outlets/{id}/employees", "/outlets/{outlet}/employees", "post-outlets-id-employees.json", MASTER, 0 },
  { "GET", "/employees/{id}", "/employees/{employee}", NULL, MASTER, 0 },
  { "PATCH", "/employees/{id}", "/employees/{employee}", "patch-employees-id.json", MASTER, 0 },
  { "POST", "/employees/{id}/lock", "/employees/{employee_lock}/lock", NULL, MASTER, 0 },
  { "POST", "/employees/{id}/unlock", "/employees/{employee_lock}/unlock", NULL, MASTER, 0 },
  { "GET", "/audit", "/audit?limit=10&before_id=1000000", NULL, MASTER, 0 },
  { "GET", "/patrons", "/patrons?q=Lovelace&limit=10&offset=0", NULL, BOTH, 0 },
  { "POST", "/patrons", "/patrons", "post-patrons.json", BOTH, 0 },
  { "GET", "/patrons/duplicates",
    "/patrons/duplicates?first_name=Ada&last_name=Lovelace&phone=416-555-0100&email=ada%40example.org&postal_code=M5V",
    NULL, BOTH, 0 },
  { "GET", "/patrons/{id}", "/patrons/{patron}", NULL, BOTH, 0 },
  { "PATCH", "/patrons/{id}", "/patrons/{patron}", "patch-patrons-id.json", BOTH, 0 },
  { "GET", "/patrons/{id}/account", "/patrons/{patron}/account", NULL, MANAGER, 0 },
  { "GET", "/patrons/{id}/audit", "/patrons/{patron}/audit", NULL, MASTER, 0 },
  { "POST", "/patrons/{id}/contact-points", "/patrons/{patron}/contact-points", "post-patrons-id-contact-points.json", BOTH, 0 },
  { "GET", "/patrons/{id}/notes", "/patrons/{patron}/notes", NULL, BOTH, 0 },
  { "POST", "/patrons/{id}/notes", "/patrons/{patron}/notes", "post-patrons-id-notes.json", BOTH, 0 },
  { "GET", "/patrons/{id}/tags", "/patrons/{patron}/tags", NULL, BOTH, 0 },
  { "PUT", "/patrons/{id}/tags", "/patrons/{patron}/tags", "put-patrons-id-tags.json", BOTH, 0 },
  { "GET", "/patrons/{id}/donations", "/patrons/{patron}/donations", NULL, BOTH, 0 },
  { "POST", "/patrons/{id}/donations", "/patrons/{patron}/donations", "post-patrons-id-donations.json", BOTH, 0 },
  { "GET", "/patrons/{id}/memberships", "/patrons/{patron}/memberships", NULL, BOTH, 0 },
  { "POST", "/patrons/{id}/memberships", "/patrons/{patron}/memberships", "post-patrons-id-memberships.json", BOTH, 0 },
  { "GET", "/patrons/{id}/contact-preferences", "/patrons/{patron}/contact-preferences", NULL, BOTH, 0 },
  { "PUT", "/patrons/{id}/contact-preferences", "/patrons/{patron}/contact-preferences",
    "put-patrons-id-contact-preferences.json", BOTH, 0 },
  { "GET", "/patrons/{id}/mailing-lists", "/patrons/{patron}/mailing-lists", NULL, BOTH, 0 },
  { "GET", "/mailing-lists", "/mailing-lists", NULL, BOTH, 0 },
  { "POST", "/mailing-lists", "/mailing-lists", "post-mailing-lists.json", BOTH, 0 },
  { "GET", "/mailing-lists/{id}/members", "/mailing-lists/{mailing_list}/members", NULL, BOTH, 0 },
  { "POST", "/mailing-lists/{id}/members", "/mailing-lists/{mailing_list}/members", "post-mailing-lists-id-members.json", BOTH, 0 },
  { "DELETE", "/mailing-lists/{id}/members/{id}", "/mailing-lists/{mailing_list}/members/{patron_listed}", NULL, BOTH, 0 },
  { "GET", "/partner-companies", "/partner-companies?outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/partner-companies", "/partner-companies", "post-partner-companies.json", BOTH, 0 },
  { "GET", "/partner-companies/questions",
    "/partner-companies/questions?patron_id={patron}&performance_ids={performance}", NULL, BOTH, 0 },
  { "GET", "/partner-companies/{id}", "/partner-companies/{partner_company}", NULL, BOTH, 0 },
  { "PATCH", "/partner-companies/{id}", "/partner-companies/{partner_company_patch}", "patch-partner-companies-id.json",
    BOTH, 0 },
  { "DELETE", "/partner-companies/{id}", "/partner-companies/{partner_company_delete}", NULL, BOTH, 0 },
  { "GET", "/partner-companies/{id}/patrons",
    "/partner-companies/{partner_company}/patrons?list=booked&answer=yes&from=2026-01-01&to=2026-12-31&marketing=true",
    NULL, BOTH, 0 },
  { "GET", "/patrons/{id}/partner-preferences", "/patrons/{patron}/partner-preferences?all=true", NULL, BOTH, 0 },
  /* another patron than the sale's: an answer would end the question the order example answers */
  { "PUT", "/patrons/{id}/partner-preferences", "/patrons/{patron_listed}/partner-preferences",
    "put-patrons-id-partner-preferences.json", BOTH, 0 },
  { "GET", "/maps", "/maps", NULL, BOTH, 0 },
  { "POST", "/maps", "/maps", "post-maps.json", BOTH, 0 },
  { "GET", "/maps/{id}", "/maps/{map}", NULL, BOTH, 0 },
  { "PATCH", "/maps/{id}", "/maps/{map}", "patch-maps-id.json", BOTH, 0 },
  { "GET", "/maps/{id}/export", "/maps/{map}/export?strict=true", NULL, BOTH, 0 },
  { "GET", "/maps/{id}/compact", "/maps/{map}/compact", NULL, BOTH, 0 },
  { "POST", "/maps/{id}/duplicate", "/maps/{map}/duplicate", "post-maps-id-duplicate.json", MASTER, 0 },
  { "PUT", "/maps/{id}/plan", "/maps/{map_spare}/plan", "put-maps-id-plan.json", BOTH, 0 },
  { "GET", "/faces", "/faces?outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/faces", "/faces", "post-faces.json", BOTH, 0 },
  { "GET", "/faces/sample", "/faces/sample?outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/faces/{id}", "/faces/{face}", NULL, BOTH, 0 },
  { "PATCH", "/faces/{id}", "/faces/{face}", "patch-faces-id.json", BOTH, 0 },
  { "DELETE", "/faces/{id}", "/faces/{face_delete}", NULL, BOTH, 0 },
  { "POST", "/faces/{id}/duplicate", "/faces/{face}/duplicate", "post-faces-id-duplicate.json", MASTER, 0 },
  { "GET", "/events", "/events?outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/events", "/events", "post-events.json", BOTH, 0 },
  { "GET", "/events/{id}", "/events/{event}", NULL, BOTH, 0 },
  { "PATCH", "/events/{id}", "/events/{event}", "patch-events-id.json", BOTH, 0 },
  { "POST", "/events/{id}/performances", "/events/{event}/performances", "post-events-id-performances.json", BOTH, 0 },
  { "GET", "/performances/{id}", "/performances/{performance}", NULL, BOTH, 0 },
  { "PATCH", "/performances/{id}", "/performances/{performance_spare}", "patch-performances-id.json", BOTH, 0 },
  { "DELETE", "/performances/{id}", "/performances/{performance_delete}", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/redemptions", "/performances/{performance}/redemptions", NULL, BOTH, 0 },
  { "POST", "/performances/{id}/redemptions", "/performances/{performance}/redemptions",
    "post-performances-id-redemptions.json", BOTH, 0 },
  { "PATCH", "/redemptions/{id}", "/redemptions/{redemption_patch}", "patch-redemptions-id.json", BOTH, 0 },
  { "DELETE", "/redemptions/{id}", "/redemptions/{redemption_delete}", NULL, BOTH, 0 },
  { "GET", "/commission-tables", "/commission-tables?outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/commission-tables", "/commission-tables", "post-commission-tables.json", BOTH, 0 },
  { "PATCH", "/commission-tables/{id}", "/commission-tables/{commission_table}", "patch-commission-tables-id.json", BOTH, 0 },
  { "GET", "/ticket-types", "/ticket-types?outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/ticket-types", "/ticket-types", "post-ticket-types.json", BOTH, 0 },
  { "GET", "/ticket-types/{id}", "/ticket-types/{ticket_type}", NULL, BOTH, 0 },
  { "PATCH", "/ticket-types/{id}", "/ticket-types/{ticket_type_patch}", "patch-ticket-types-id.json", BOTH, 0 },
  { "GET", "/hold-letters", "/hold-letters", NULL, BOTH, 0 },
  { "PUT", "/hold-letters/{key}", "/hold-letters/q", "put-hold-letters-key.json", MASTER, 0 },
  { "DELETE", "/hold-letters/{key}", "/hold-letters/q", NULL, MASTER, 0 },
  { "PATCH", "/contact-points/{id}", "/contact-points/{contact_point}", "patch-contact-points-id.json", BOTH, 0 },
  { "DELETE", "/contact-points/{id}", "/contact-points/{contact_point_delete}", NULL, BOTH, 0 },
  { "POST", "/contact-points/{id}/primary", "/contact-points/{contact_point}/primary", NULL, MANAGER, 0 },
  { "GET", "/sales/performances", "/sales/performances", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/offer", "/performances/{performance}/offer", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/seats", "/performances/{performance}/seats", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/party", "/performances/{performance}/party?seat={seat9}", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/will-call", "/performances/{performance}/will-call", NULL, BOTH, 0 },
  { "POST", "/performances/{id}/will-call/hand-over", "/performances/{performance}/will-call/hand-over",
    "post-performances-id-will-call-hand-over.json", BOTH, 0 },
  { "POST", "/performances/{id}/holds", "/performances/{performance}/holds", "post-performances-id-holds.json", BOTH, 0 },
  { "POST", "/performances/{id}/holds/release", "/performances/{performance}/holds/release",
    "post-performances-id-holds-release.json", BOTH, 0 },
  { "GET", "/carts", "/carts", NULL, MANAGER, 0 },
  { "POST", "/carts", "/carts", NULL, MANAGER, 0 },
  { "POST", "/carts/hold", "/carts/hold", "post-carts-hold.json", MANAGER, 0 },
  { "POST", "/carts/release", "/carts/release", "post-carts-release.json", MANAGER, 0 },
  { "POST", "/orders", "/orders", "post-orders.json", BOTH, 0 },
  { "GET", "/orders/{id}", "/orders/{order}", NULL, BOTH, 0 },
  { "POST", "/orders/{id}/refund", "/orders/{order_refund}/refund", "post-orders-id-refund.json", BOTH, 0 },
  { "POST", "/orders/{id}/patron", "/orders/{order_walk_up}/patron", "post-orders-id-patron.json", BOTH, 0 },
  { "POST", "/orders/{id}/exchange", "/orders/{order_exchange}/exchange", "post-orders-id-exchange.json", BOTH, 0 },
  { "POST", "/orders/{id}/move", "/orders/{order_move}/move", "post-orders-id-move.json", BOTH, 0 },
  { "GET", "/orders/{id}/tickets", "/orders/{order_print}/tickets?items={print_item}", NULL, BOTH, 0 },
  /* a PDF is no JSON answer to read: its refusals are (test-server-faces.c prints it) */
  { "GET", "/orders/{id}/tickets.pdf", "/orders/{order_print}/tickets.pdf?paper=a4", NULL, BOTH, NO_EXAMPLE },
  { "POST", "/orders/{id}/reprint", "/orders/{order_print}/reprint", "post-orders-id-reprint.json", BOTH, 0 },
  { "GET", "/accounts/balances", "/accounts/balances?outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/accounts/settlement",
    "/accounts/settlement?counterparty_id={other_outlet}&from=2026-01-01&to=2026-12-31&outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/accounts/settlements", "/accounts/settlements", "post-accounts-settlements.json", BOTH, 0 },
  { "GET", "/accounts/till", "/accounts/till?date=2026-11-24&outlet_id={outlet}", NULL, BOTH, 0 },
  { "POST", "/accounts/till/close", "/accounts/till/close", "post-accounts-till-close.json", BOTH, 0 },
  { "GET", "/reports/sales",
    "/reports/sales?from=2026-01-01&to=2026-12-31&group=event&event_id={event}&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/sales-over-time",
    "/reports/sales-over-time?performance_id={performance}&from=2026-01-01&to=2026-12-31&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/zone-sales", "/reports/zone-sales?performance_id={performance}&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/attendance",
    "/reports/attendance?from=2026-01-01&to=2026-12-31&event_id={event}&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/donations", "/reports/donations?from=2026-01-01&to=2026-12-31&group=fund&outlet_id={outlet}",
    NULL, BOTH, 0 },
  { "GET", "/reports/memberships", "/reports/memberships?from=2026-01-01&to=2026-12-31&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/mailing-lists", "/reports/mailing-lists?outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/mailing-list", "/reports/mailing-list?mailing_list_id={mailing_list}&outlet_id={outlet}",
    NULL, BOTH, 0 },
  { "GET", "/reports/channels", "/reports/channels?from=2026-01-01&to=2026-12-31&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/reports/end-of-day", "/reports/end-of-day?date=2026-11-24&outlet_id={outlet}", NULL, BOTH, 0 },
  { "GET", "/patrons/{id}/vouchers", "/patrons/{patron}/vouchers", NULL, BOTH, 0 },
  { "GET", "/patrons/{id}/orders", "/patrons/{patron}/orders", NULL, BOTH, 0 },
  { "POST", "/scans", "/scans", "post-scans.json", BOTH, 0 },
  { "POST", "/scans/batch", "/scans/batch", "post-scans-batch.json", BOTH, 0 },
  { "GET", "/scans/performances", "/scans/performances", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/door-list", "/performances/{performance}/door-list", NULL, BOTH, 0 },
  { "GET", "/performances/{id}/attendance", "/performances/{performance}/attendance", NULL, BOTH, 0 },
};

/* What PostgreSQL says in its own words, and what would give away the
 * server's insides: none of it may reach a person. */
static const char * const telltales[] = {
  "violates", "constraint", "out of range for type", "invalid input syntax", "cannot extract",
  "relation \"", "column \"", "syntax error", "duplicate key", "null value in", "foreign key",
  "SQLSTATE", "ERROR:", "DETAIL:", "CONTEXT:", "PL/pgSQL", ".s.PGSQL", "/run/", "jsonb",
  "::", "malformed", "value too long", "is not present in table", "still referenced",
  "row-level security", "permission denied", "deadlock", "canceling statement", "operator does not",
  "tessera_app", "tessera_owner", "function ts_", "pg_", "Parse error", "<data>",
};

#define LONG_STRING_CHARS 10000
#define LONG_LIST 2000
#define BIG_PLACEHOLDER "@@past-2^63@@"

typedef enum
{
  MUTATE_TYPE,      /* the member is at fault: a 400 names it */
  MUTATE_VALUE,     /* may break a rule across members: a 400 names some member */
  MUTATE_MISSING,
  MUTATE_UNKNOWN,
} MutationKind;

static TsTestServer *server;
static PGconn *owner;
static char *fingerprint_sql;
static GHashTable *ids;        /* fixture name → gint64 id, for the current role */
static GHashTable *texts;      /* fixture name → text (seat identifiers, the cart, the password) */
static guint counter;
static GString *failures;
static guint n_failures;
static guint n_requests;

static GMutex logged_lock;
static GString *logged;

/* A critical or warning the server logs while it answers is a failure of
 * that request: recorded with it, not aborting the run. */
static void
on_log (const char     *domain,
        GLogLevelFlags  level,
        const char     *message,
        gpointer        data)
{
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_mutex_lock (&logged_lock);
      g_string_append_printf (logged, "%s%s: %s", logged->len ? "; " : "", domain ? domain : "", message);
      g_mutex_unlock (&logged_lock);
    }
  g_log_default_handler (domain, level, message, data);
}

static char *
take_logged (void)
{
  char *text = NULL;

  g_mutex_lock (&logged_lock);
  if (logged->len > 0)
    text = g_strdup (logged->str);
  g_string_truncate (logged, 0);
  g_mutex_unlock (&logged_lock);
  return text;
}

static void
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
fail (const char *format,
      ...)
{
  va_list args;

  n_failures++;
  if (n_failures > 200)
    return;
  va_start (args, format);
  g_string_append_vprintf (failures, format, args);
  va_end (args);
  g_string_append_c (failures, '\n');
}

/* Row count and newest row version of every table.  Aside: what sign-in
 * keeps on purpose even when it refuses (sessions, the throttle, audit rows
 * of refused sign-ins and of a wrong current password, C6, R1), which the
 * server may also write on its own a little later. */
static gint64 fingerprint_usec, call_usec, check_usec;

static char *
fingerprint (void)
{
  gint64 started = g_get_monotonic_time ();
  PGresult *result = PQexec (owner, fingerprint_sql);
  char *value;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("fingerprint: %s", PQerrorMessage (owner));
  value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  fingerprint_usec += g_get_monotonic_time () - started;
  return value;
}

static void
prepare_fingerprint (void)
{
  PGresult *result;
  g_autoptr(GString) sql = g_string_new ("SELECT concat_ws (' '");

  owner = PQconnectdb (ts_test_server_get_owner_conninfo (server));
  g_assert_cmpint (PQstatus (owner), ==, CONNECTION_OK);
  result = PQexec (owner, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                          " AND tablename <> 'session' AND tablename NOT LIKE 'sign\\_in%' ORDER BY 1");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *table = PQgetvalue (result, i, 0);

      g_string_append_printf (sql, ", (SELECT '%s:' || count (*) || ':' || coalesce (max (xmin::text::bigint), 0)"
                              " FROM %s%s)", table, table,
                              g_str_equal (table, "audit_log")
                              ? " WHERE action NOT LIKE 'sign\\_in%' AND action <> 'password_change_refused'" : "");
    }
  g_string_append (sql, ")");
  PQclear (result);
  fingerprint_sql = g_strdup (sql->str);
}

/* Whether anything committed a write since known_state was taken: the
 * transactions given an id since then, and their fate — one cheap query
 * after each request, where a fingerprint of every table is not; the
 * fingerprint is taken again only when something did commit. */
static char *known_state;
static char *known_xid;

static gboolean
committed_since_known (void)
{
  const char *params[] = { known_xid };
  PGresult *result = PQexecParams (owner,
      "SELECT (SELECT count (*) FROM generate_series ($1::text::bigint, x.next - 1) g"
      "         WHERE pg_xact_status (g::text::xid8) = 'committed'), x.next"
      "  FROM (SELECT pg_snapshot_xmax (pg_current_snapshot ())::text::bigint AS next) x",
      1, NULL, params, NULL, NULL, 0);
  gboolean committed;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("committed_since_known: %s", PQerrorMessage (owner));
  committed = !g_str_equal (PQgetvalue (result, 0, 0), "0");
  if (!committed)
    {
      /* nothing happened: the window starts afresh */
      g_free (known_xid);
      known_xid = g_strdup (PQgetvalue (result, 0, 1));
    }
  PQclear (result);
  return committed;
}

/* Takes the state as it is now (after fixtures, or after a request that
 * committed). */
static void
know_state (void)
{
  PGresult *result = PQexec (owner, "SELECT pg_snapshot_xmax (pg_current_snapshot ())");

  g_free (known_xid);
  known_xid = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  g_free (known_state);
  known_state = fingerprint ();
}

static gint64
fixture (const char *name)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (ids, name, NULL, &value))
    g_error ("no fixture %s", name);
  return *(gint64 *) value;
}

static void
set_id (const char *name,
        gint64      id)
{
  gint64 *value = g_new (gint64, 1);

  *value = id;
  g_hash_table_replace (ids, g_strdup (name), value);
}

/* Replaces every {name} of a fixture in text; {unique}, {code} and {key}
 * are fresh for each request. */
static char *
fill_in (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  counter++;
  while (*p != '\0')
    {
      const char *close;
      g_autofree char *name = NULL;
      gpointer value;

      if (*p != '{' || (close = strchr (p, '}')) == NULL || close - p > 40)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      name = g_strndup (p + 1, close - p - 1);
      if (g_str_equal (name, "unique"))
        g_string_append_printf (out, "%u", counter);
      else if (g_str_equal (name, "code"))
        g_string_append_printf (out, "HZ%u", counter);
      else if (g_str_equal (name, "key"))
        g_string_append_printf (out, "hostile-key-%08u", counter);
      else if (g_hash_table_lookup_extended (ids, name, NULL, &value))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, *(gint64 *) value);
      else if ((value = g_hash_table_lookup (texts, name)) != NULL)
        g_string_append (out, value);
      else
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p = close + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A string that is a whole "{fixture}" of an id becomes that number. */
static JsonNode *
resolve_ids (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data, resolve_ids (json_node_ref (json_object_get_member (object, l->data))));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, resolve_ids (json_node_ref (json_array_get_element (array, i))));
      json_node_set_array (node, copy);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      gsize len = strlen (text);
      g_autofree char *name = len > 2 && text[0] == '{' && text[len - 1] == '}' ? g_strndup (text + 1, len - 2) : NULL;

      if (name != NULL && g_hash_table_contains (ids, name))
        {
          JsonNode *number = json_node_new (JSON_NODE_VALUE);

          json_node_set_int (number, fixture (name));
          json_node_unref (node);
          return number;
        }
    }
  return node;
}

static JsonNode *
load_example (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "api-examples", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  node = json_from_string (text, &error);
  if (node == NULL)
    g_error ("%s: %s", file, error->message);
  return resolve_ids (node);
}

static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return json_from_string (text, NULL);
}

/* Every member name in the body, for messages that name another member
 * (a rule across members, such as advance_limit within capacity). */
static void
collect_names (JsonNode   *node,
               GPtrArray  *names)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_ptr_array_add (names, g_strdup (l->data));
          collect_names (json_object_get_member (json_node_get_object (node), l->data), names);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      collect_names (json_array_get_element (json_node_get_array (node), i), names);
}

typedef struct
{
  const Case *c;
  Role        role;
  const char *token;
  gboolean    accepted_any;   /* a mutation was accepted: the state moved on */
  char       *last_message;   /* of the last error answer */
} Run;

static void
check_answer (Run          *run,
              const char   *what,
              const char   *path,
              const char   *body,
              guint         status,
              JsonNode     *answer,
              gboolean      committed,
              const char   *member,
              MutationKind  kind,
              JsonNode     *sent)
{
  const char *message = NULL;
  const char *who = run->role == MASTER ? "master" : "manager";
  g_autofree char *shown = body ? g_strndup (body, 160) : g_strdup ("");
  g_autofree char *criticals = take_logged ();

  if (criticals != NULL)
    fail ("[%s] %s %s (%s): %u, and the server logged %s", who, run->c->method, path, what, status, criticals);

  if (status >= 200 && status < 300)
    {
      run->accepted_any = TRUE;
      if (g_test_verbose ())
        g_test_message ("accepted [%s] %s %s (%s)", who, run->c->method, path, what);
      if (criticals == NULL)
        return;
    }
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
      && json_object_has_member (json_node_get_object (answer), "error"))
    message = ts_test_error_message (answer);
  g_free (run->last_message);
  run->last_message = g_strdup (message);
  if (status >= 500 || status < 400)
    fail ("[%s] %s %s (%s): %u %s — body %s", who, run->c->method, path, what, status,
          message ? message : "", shown);
  if (message == NULL)
    {
      fail ("[%s] %s %s (%s): %u without an error body", who, run->c->method, path, what, status);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (telltales); i++)
    if (strstr (message, telltales[i]) != NULL)
      fail ("[%s] %s %s (%s): database text “%s” in “%s”", who, run->c->method, path, what, telltales[i], message);
  if (g_utf8_strlen (message, -1) > 600)
    fail ("[%s] %s %s (%s): a %ld-character message", who, run->c->method, path, what, g_utf8_strlen (message, -1));
  if (status == 400 && member != NULL && strstr (message, member) == NULL)
    {
      gboolean named = FALSE;

      if ((kind == MUTATE_VALUE || kind == MUTATE_MISSING) && sent != NULL)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

          collect_names (sent, names);
          for (guint i = 0; !named && i < names->len; i++)
            named = strstr (message, g_ptr_array_index (names, i)) != NULL;
        }
      if (!named)
        fail ("[%s] %s %s (%s): 400 does not name %s: “%s”", who, run->c->method, path, what, member, message);
    }
  if (committed && !(run->c->flags & NO_CHANGE_CHECK))
    {
      g_autofree char *after = fingerprint ();

      if (!g_str_equal (known_state, after))
        fail ("[%s] %s %s (%s): refused with %u, yet the database changed", who, run->c->method, path, what, status);
    }
}

/* Sends one request; answers the status. */
static guint
send (Run          *run,
      const char   *what,
      const char   *path_template,
      JsonNode     *body,
      const char   *member,
      MutationKind  kind)
{
  g_autofree char *full_path = fill_in (path_template);
  g_autofree char *url = g_strconcat ("/api/v1", full_path, NULL);
  g_autofree char *path = g_utf8_strlen (full_path, -1) > 120 ? g_strdup_printf ("%.120s…", full_path) : g_strdup (full_path);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;
  gboolean committed;
  gint64 call_started;

  if (body != NULL)
    {
      g_autofree char *raw = json_to_string (body, FALSE);
      g_autoptr(GString) big = NULL;

      text = fill_in (raw);
      /* JSON can say what JsonNode cannot hold: a whole number past 2^63 */
      big = g_string_new (text);
      g_string_replace (big, "\"" BIG_PLACEHOLDER "\"", "9223372036854775808", 0);
      g_free (text);
      text = g_strdup (big->str);
    }
  call_started = g_get_monotonic_time ();
  answer = ts_test_call (server, run->c->method, url, run->token, text, &status);
  call_usec += g_get_monotonic_time () - call_started;
  n_requests++;
  call_started = g_get_monotonic_time ();
  committed = committed_since_known ();
  check_usec += g_get_monotonic_time () - call_started;
  check_answer (run, what, path, text, status, answer, committed, member, kind, body);
  if (committed)
    know_state ();
  return status;
}

/* The step from an object or a list to one of its members. */
typedef struct
{
  const char *member;   /* NULL: the index of a list */
  guint       index;
} Step;

static JsonNode *
walk (JsonNode   *root,
      const Step *steps,
      guint       n_steps)
{
  JsonNode *node = root;

  for (guint i = 0; i < n_steps; i++)
    node = steps[i].member ? json_object_get_member (json_node_get_object (node), steps[i].member)
                           : json_array_get_element (json_node_get_array (node), steps[i].index);
  return node;
}

/* A copy of root with the node at steps replaced by value (NULL: removed). */
static JsonNode *
replaced (JsonNode   *root,
          const Step *steps,
          guint       n_steps,
          JsonNode   *value)
{
  JsonNode *copy = deep_copy (root);
  JsonNode *parent = walk (copy, steps, n_steps - 1);
  const Step *last = &steps[n_steps - 1];

  if (last->member != NULL)
    {
      if (value == NULL)
        json_object_remove_member (json_node_get_object (parent), last->member);
      else
        json_object_set_member (json_node_get_object (parent), last->member, value);
    }
  else
    {
      JsonArray *old = json_node_get_array (parent);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (old); i++)
        json_array_add_element (array, i == last->index ? value : json_node_copy (json_array_get_element (old, i)));
      json_node_set_array (parent, array);
    }
  return copy;
}

static char *
describe (const Step *steps,
          guint       n_steps)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_steps; i++)
    {
      if (steps[i].member != NULL)
        g_string_append_printf (out, "%s%s", i > 0 ? "." : "", steps[i].member);
      else
        g_string_append_printf (out, "[%u]", steps[i].index);
    }
  return g_string_free (out, FALSE);
}

/* The name a message is expected to use for the member: its own, or for a
 * list's element the list's. */
static const char *
leaf_name (const Step *steps,
           guint       n_steps)
{
  for (guint i = n_steps; i > 0; i--)
    if (steps[i - 1].member != NULL)
      return steps[i - 1].member;
  return NULL;
}

static JsonNode *
value_node (const char *kind)
{
  if (g_str_equal (kind, "string"))
    return json_from_string ("\"text\"", NULL);
  if (g_str_equal (kind, "int"))
    return json_from_string ("7", NULL);
  if (g_str_equal (kind, "float"))
    return json_from_string ("7.5", NULL);
  if (g_str_equal (kind, "bool"))
    return json_from_string ("true", NULL);
  if (g_str_equal (kind, "null"))
    return json_from_string ("null", NULL);
  if (g_str_equal (kind, "array"))
    return json_from_string ("[]", NULL);
  return json_from_string ("{}", NULL);
}

static const char *
kind_of (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "string";
    case G_TYPE_INT64: return "int";
    case G_TYPE_DOUBLE: return "float";
    default: return "bool";
    }
}

static void
mutate_node (Run        *run,
             JsonNode   *root,
             Step       *steps,
             guint       n_steps);

static void
mutate_object (Run      *run,
               JsonNode *root,
               Step     *steps,
               guint     n_steps)
{
  JsonNode *node = walk (root, steps, n_steps);
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
  g_autofree char *where = describe (steps, n_steps);
  g_autofree char *what = g_strdup_printf ("unknown member in %s", n_steps ? where : "the body");
  g_autoptr(JsonNode) copy = deep_copy (root);

  /* a member nobody asked for is named, never ignored */
  json_object_set_int_member (json_node_get_object (walk (copy, steps, n_steps)), "zz_unknown_member", 1);
  send (run, what, run->c->path, copy, "zz_unknown_member", MUTATE_UNKNOWN);

  for (GList *l = members; l != NULL; l = l->next)
    {
      steps[n_steps].member = l->data;
      mutate_node (run, root, steps, n_steps + 1);
    }
}

static void
mutate_node (Run      *run,
             JsonNode *root,
             Step     *steps,
             guint     n_steps)
{
  static const char * const kinds[] = { "string", "int", "float", "bool", "null", "array", "object" };
  static const char * const numbers[] = {
    "0", "-1", "2147483647", "2147483648", "9223372036854775807", "999999"
  };
  JsonNode *node = walk (root, steps, n_steps);
  const char *kind = kind_of (node);
  const char *name = leaf_name (steps, n_steps);
  g_autofree char *where = describe (steps, n_steps);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *what = NULL;
      g_autoptr(JsonNode) body = NULL;

      /* a float is tried where a number is expected; elsewhere 7 says it */
      if (g_str_equal (kinds[k], kind)
          || (g_str_equal (kinds[k], "float") && !g_str_equal (kind, "int")))
        continue;
      what = g_strdup_printf ("%s as %s", where, kinds[k]);
      body = replaced (root, steps, n_steps, value_node (kinds[k]));
      send (run, what, run->c->path, body, name, MUTATE_TYPE);
    }

  if (steps[n_steps - 1].member != NULL)
    {
      g_autofree char *what = g_strdup_printf ("%s missing", where);
      g_autoptr(JsonNode) body = replaced (root, steps, n_steps, NULL);

      send (run, what, run->c->path, body, name, MUTATE_MISSING);
    }

  if (g_str_equal (kind, "int"))
    {
      for (guint i = 0; i <= G_N_ELEMENTS (numbers); i++)
        {
          const char *number = i < G_N_ELEMENTS (numbers) ? numbers[i] : "\"" BIG_PLACEHOLDER "\"";
          g_autofree char *what = g_strdup_printf ("%s = %s", where, i < G_N_ELEMENTS (numbers) ? number : "2^63");
          g_autoptr(JsonNode) body = replaced (root, steps, n_steps, json_from_string (number, NULL));

          send (run, what, run->c->path, body, name, MUTATE_VALUE);
        }
    }
  else if (g_str_equal (kind, "string"))
    {
      g_autofree char *long_text = g_strnfill (LONG_STRING_CHARS, 'a');
      const char *texts_to_try[] = { "", long_text, "x\x01y" };

      for (guint i = 0; i < G_N_ELEMENTS (texts_to_try); i++)
        {
          g_autofree char *what = g_strdup_printf ("%s = %s", where,
                                                   i == 1 ? "10,000 characters" : i == 2 ? "control character" : "empty");
          JsonNode *value = json_node_new (JSON_NODE_VALUE);
          g_autoptr(JsonNode) body = NULL;

          json_node_set_string (value, texts_to_try[i]);
          body = replaced (root, steps, n_steps, value);
          send (run, what, run->c->path, body, name, MUTATE_VALUE);
        }
    }
  else if (g_str_equal (kind, "array"))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) > 0)
        {
          g_autofree char *what = g_strdup_printf ("%s with %u elements", where, LONG_LIST);
          JsonNode *list = json_node_new (JSON_NODE_ARRAY);
          g_autoptr(JsonArray) many = json_array_new ();
          g_autoptr(JsonNode) body = NULL;

          for (guint i = 0; i < LONG_LIST; i++)
            json_array_add_element (many, json_node_copy (json_array_get_element (array, 0)));
          json_node_set_array (list, many);
          body = replaced (root, steps, n_steps, list);
          send (run, what, run->c->path, body, name, MUTATE_VALUE);

          steps[n_steps].member = NULL;
          steps[n_steps].index = 0;
          mutate_node (run, root, steps, n_steps + 1);
        }
    }
  else if (g_str_equal (kind, "object"))
    mutate_object (run, root, steps, n_steps);
}

/* Each {id} of the path: unknown, past 2^31, zero, negative, not a number. */
static void
mutate_path (Run *run)
{
  static const char * const bad[] = { "2147483647", "2147483648", "0", "abc", "99999999999999999999" };
  g_autoptr(JsonNode) body = run->c->example ? load_example (run->c->example) : NULL;
  const char *path = run->c->path;
  const char *query = strchr (path, '?');

  /* ids in the query are filters, mutated with the other parameters */
  for (const char *p = strchr (path, '{'); p != NULL && (query == NULL || p < query); p = strchr (p + 1, '{'))
    {
      const char *close = strchr (p, '}');
      g_autofree char *name = g_strndup (p + 1, close - p - 1);

      if (!g_hash_table_contains (ids, name))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
        {
          g_autofree char *head = g_strndup (path, p - path);
          g_autofree char *mutated = g_strconcat (head, bad[i], close + 1, NULL);
          g_autofree char *what = g_strdup_printf ("path {%s} = %s", name, bad[i]);
          guint status;

          status = send (run, what, mutated, body, NULL, MUTATE_VALUE);
          /* an id that names nothing answers like one that is hidden (404);
           * who may not call the route at all may be told so first */
          if (status != 404 && status != 403 && !(!(run->c->roles & run->role) && status >= 400 && status < 500))
            fail ("[%s] %s %s (%s): %u, not 404", run->role == MASTER ? "master" : "manager",
                  run->c->method, mutated, what, status);
        }
    }
}

/* Each query parameter: empty, long, past 2^31, negative, not a number. */
static void
mutate_query (Run *run)
{
  static const char * const bad[] = { "", "2147483648", "-1", "abc", "9223372036854775808", "%00", "%ff" };
  const char *query = strchr (run->c->path, '?');
  g_auto(GStrv) params = NULL;
  g_autofree char *base = NULL;
  g_autofree char *long_text = g_strnfill (LONG_STRING_CHARS, 'a');

  if (query == NULL)
    return;
  base = g_strndup (run->c->path, query - run->c->path);
  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (params[i], strchr (params[i], '=') - params[i]);

      for (guint b = 0; b <= G_N_ELEMENTS (bad); b++)
        {
          const char *value = b < G_N_ELEMENTS (bad) ? bad[b] : long_text;
          g_autoptr(GString) path = g_string_new (base);
          g_autofree char *what = g_strdup_printf ("query %s = %s", name, b < G_N_ELEMENTS (bad) ? value : "10,000 characters");

          for (guint k = 0; params[k] != NULL; k++)
            {
              g_string_append_c (path, k == 0 ? '?' : '&');
              if (k == i)
                g_string_append_printf (path, "%s=%s", name, value);
              else
                g_string_append (path, params[k]);
            }
          send (run, what, path->str, NULL, name, MUTATE_VALUE);
        }
    }
}

static void
run_case (const Case *c,
          Role        role,
          const char *token)
{
  Run run = { c, role, token, FALSE, NULL };
  g_autoptr(JsonNode) example = c->example ? load_example (c->example) : NULL;
  gboolean may = (c->roles & role) != 0;
  guint status;

  if (c->flags & NOT_CALLED)
    return;
  if ((c->flags & EXAMPLE_FIRST) && example != NULL)
    {
      status = send (&run, "the example", c->path, example, NULL, MUTATE_VALUE);
      if (may && (status < 200 || status >= 300))
        fail ("[%s] %s %s: the example answers %u: %s", role == MASTER ? "master" : "manager", c->method, c->path,
              status, run.last_message ? run.last_message : "");
    }
  /* who may not call the route is refused whatever the body says: the
   * example and each path id are enough to show it */
  if (example != NULL && may)
    {
      Step steps[16];

      if (JSON_NODE_HOLDS_OBJECT (example))
        mutate_object (&run, example, steps, 0);
    }
  if (may)
    mutate_query (&run);
  mutate_path (&run);
  if (!(c->flags & (EXAMPLE_FIRST | NO_EXAMPLE)))
    {
      gboolean accepted_before = run.accepted_any;

      status = send (&run, "the example", c->path, example, NULL, MUTATE_VALUE);
      /* the example must work for who may call it, unless an accepted
       * mutation already took what it asks for (a seat, a name) */
      if (may && (status < 200 || status >= 300) && !accepted_before)
        fail ("[%s] %s %s: the example answers %u: %s", role == MASTER ? "master" : "manager", c->method, c->path,
              status, run.last_message ? run.last_message : "");
    }
  g_free (run.last_message);
}

/* Fixtures ----------------------------------------------------------------- */

static gint64
sql_int (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static gint64
sql_int (const char *format,
         ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  PGresult *result;
  gint64 value;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  result = PQexec (owner, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) == 0)
    g_error ("fixture SQL failed: %s: %s", sql, PQerrorMessage (owner));
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return value;
}

static gint64
api_id (const char *method,
        const char *path,
        const char *token,
        const char *body,
        guint       expected,
        const char *member,
        const char *inner)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, method, path, token, body, expected);
  JsonObject *object = json_node_get_object (answer);

  if (inner != NULL)
    object = json_object_get_object_member (object, inner);
  return json_object_get_int_member (object, member);
}

static gint64
sell (const char *token,
      const char *seat,
      gint64     *out_item)
{
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"hostile-fixture-%08u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
      ++counter, fixture ("patron"), fixture ("performance"), seat, fixture ("ticket_type"));
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
  JsonArray *items = json_object_get_array_member (json_node_get_object (order), "items");

  *out_item = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  return json_object_get_int_member (json_node_get_object (order), "id");
}

/* A fresh set of everything the examples name, for one role's run: what a
 * run consumes (a sold seat refunded, a performance deleted) is its own. */
static void
make_fixtures (const char *master,
               const char *manager,
               const char *password)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  gint64 ath = ts_test_outlet_id (server, "ATH");
  g_autofree char *map_body = NULL;
  g_autofree char *body = NULL;
  gint64 map, event, commission, item;

  g_hash_table_remove_all (ids);
  g_hash_table_remove_all (texts);
  counter++;
  set_id ("outlet", uth);
  set_id ("other_outlet", ath);
  g_hash_table_insert (texts, g_strdup ("password"), g_strdup (password));
  /* the sign-in example's login, locked by the bad passwords of the run before (C6) */
  sql_int ("UPDATE employee SET failed_attempts = 0, locked_until = NULL WHERE login = 'staff'"
           " AND outlet_id = %" G_GINT64_FORMAT " RETURNING 1", ts_test_outlet_id (server, "TIX"));

  map_body = g_strdup_printf (
      "{\"format\": \"generator\", \"outlet_id\": %" G_GINT64_FORMAT ", \"description\": {\"name\": \"Hostile Box %u\","
      " \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 50, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}}", uth, counter);
  map = api_id ("POST", "/api/v1/maps", master, map_body, 201, "id", "map");
  set_id ("map", map);
  body = g_strdup_printf ("{\"format\": \"csv\", \"name\": \"Spare %u\", \"outlet_id\": %" G_GINT64_FORMAT ","
                          " \"grid\": \"A, Floor:1, Floor:2\\n\"}", counter, uth);
  set_id ("map_spare", api_id ("POST", "/api/v1/maps", master, body, 201, "id", "map"));
  for (guint i = 0; i < 10; i++)
    {
      PGresult *result;
      g_autofree char *sql = g_strdup_printf ("SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                              " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map, i);

      result = PQexec (owner, sql);
      g_assert_cmpint (PQntuples (result), ==, 1);
      g_hash_table_insert (texts, g_strdup_printf ("seat%u", i), g_strdup (PQgetvalue (result, 0, 0)));
      PQclear (result);
    }

  event = sql_int ("INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT ", 'Hostile %u', %"
                   G_GINT64_FORMAT ") RETURNING id", uth, counter, map);
  set_id ("event", event);
  for (const char * const *name = (const char *[]) { "performance", "performance_spare", "performance_delete", NULL };
       *name != NULL; name++)
    set_id (*name, sql_int ("INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT
                            ", %" G_GINT64_FORMAT ", now () + interval '10 days', 60, 60, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth));
  commission = sql_int ("INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                        " VALUES (%" G_GINT64_FORMAT ", 'Hostile %u', 100, 1000) RETURNING id", uth, counter);
  set_id ("commission_table", commission);
  for (const char * const *name = (const char *[]) { "ticket_type", "ticket_type_patch", "ticket_type_spare",
                                                      "ticket_type_delete", "ticket_type_redeemed", NULL };
       *name != NULL; name++)
    set_id (*name, sql_int ("INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                            " commission_table_id) VALUES (%" G_GINT64_FORMAT ", '%s %u', 3500, 'A', true, %"
                            G_GINT64_FORMAT ") RETURNING id", uth, *name, counter, commission));
  set_id ("redemption", sql_int ("INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                 G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                                 uth, fixture ("ticket_type"), fixture ("performance")));
  set_id ("redemption_patch", sql_int ("INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                       G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                                       uth, fixture ("ticket_type_redeemed"), fixture ("performance")));
  set_id ("redemption_delete", sql_int ("INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                        G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                                        uth, fixture ("ticket_type_delete"), fixture ("performance")));
  /* two faces of UTH's (F1): one to change, one to delete */
  for (const char * const *name = (const char *[]) { "face", "face_delete", NULL }; *name != NULL; name++)
    set_id (*name, sql_int ("INSERT INTO ticket_face (outlet_id, name, svg, width_mm, height_mm)"
                            " VALUES (%" G_GINT64_FORMAT ", '%s %u', ts_face_default_svg (), 203.2, 82.55) RETURNING id",
                            uth, *name, counter));
  set_id ("patron", sql_int ("INSERT INTO patron (first_name, last_name, created_by_outlet)"
                             " VALUES ('Ada', 'Lovelace', %" G_GINT64_FORMAT ") RETURNING id", uth));
  set_id ("patron_listed", sql_int ("INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                    " VALUES ('Grace', 'Hopper', %" G_GINT64_FORMAT ") RETURNING id", uth));
  for (const char * const *name = (const char *[]) { "contact_point", "contact_point_delete", NULL }; *name != NULL; name++)
    set_id (*name, sql_int ("INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)"
                            " VALUES (%" G_GINT64_FORMAT ", 'phone', 'home', '416-555-01%02u', %" G_GINT64_FORMAT
                            ") RETURNING id", fixture ("patron"), counter % 100, uth));
  set_id ("mailing_list", sql_int ("INSERT INTO mailing_list (outlet_id, name) VALUES (%" G_GINT64_FORMAT
                                   ", 'Hostile %u') RETURNING id", uth, counter));
  sql_int ("INSERT INTO mailing_list_member (mailing_list_id, patron_id, outlet_id) VALUES (%" G_GINT64_FORMAT
           ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING 1", fixture ("mailing_list"),
           fixture ("patron_listed"), uth);

  /* K1: partner companies of UTH's; the first is on the fixture event, whose sale answers its question */
  for (const char * const *name = (const char *[]) { "partner_company", "partner_company_patch", "partner_company_delete",
                                                      NULL }; *name != NULL; name++)
    set_id (*name, sql_int ("INSERT INTO partner_company (outlet_id, name) VALUES (%" G_GINT64_FORMAT ", '%s %u')"
                            " RETURNING id", uth, *name, counter));
  sql_int ("INSERT INTO event_partner_company (event_id, partner_company_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
           ") RETURNING 1", event, fixture ("partner_company"));

  for (const char * const *name = (const char *[]) { "employee", "employee_lock", NULL }; *name != NULL; name++)
    {
      g_autofree char *employee = g_strdup_printf ("{\"login\": \"fixture%u\", \"password\": \"long-enough-0\","
                                                   " \"level\": \"staff\", \"person\": {\"last_name\": \"Fixture\"}}",
                                                   ++counter);
      g_autofree char *path = g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT "/employees", uth);

      set_id (*name, api_id ("POST", path, master, employee, 201, "id", NULL));
    }

  /* a seat held with letter c (for release), a cart holding a seat and a
   * standing place (for release), and three sold seats (refund, exchange, move) */
  {
    g_autofree char *hold = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\"]}",
                                             (char *) g_hash_table_lookup (texts, "seat4"));
    g_autofree char *path = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "/holds", fixture ("performance"));
    g_autoptr(JsonNode) held = ts_test_expect (server, "POST", path, manager, hold, 200);
    g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", manager, "{}", 201);
    g_autofree char *in_cart = NULL;
    g_autoptr(JsonNode) holding = NULL;

    g_hash_table_insert (texts, g_strdup ("cart"), g_strdup (ts_test_member_string (cart, "id")));
    in_cart = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"seats\": [\"%s\"],"
                               " \"ga\": [{\"area\": \"Floor#1\", \"quantity\": 3}]}",
                               ts_test_member_string (cart, "id"), fixture ("performance"),
                               (char *) g_hash_table_lookup (texts, "seat2"));
    holding = ts_test_expect (server, "POST", "/api/v1/carts/hold", manager, in_cart, 200);
  }
  set_id ("order_refund", sell (manager, g_hash_table_lookup (texts, "seat9"), &item));
  set_id ("refund_item", item);
  set_id ("order", fixture ("order_refund"));
  set_id ("order_exchange", sell (manager, g_hash_table_lookup (texts, "seat8"), &item));
  set_id ("exchange_item", item);
  set_id ("order_move", sell (manager, g_hash_table_lookup (texts, "seat6"), &item));
  set_id ("move_item", item);
  /* a ticket to print and reprint (F2, F5): a standing place, the seats
   * being the other examples' */
  {
    g_autofree char *standing = g_strdup_printf (
        "{\"idempotency_key\": \"hostile-print-%08u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
        counter, fixture ("patron"), fixture ("performance"), fixture ("ticket_type"));

    /* its own keys, not the counter's: the other fixtures' values stay as they were */
    set_id ("order_print", api_id ("POST", "/api/v1/orders", manager, standing, 201, "id", NULL));
    set_id ("print_item", sql_int ("SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT, fixture ("order_print")));
  }
  /* a ticket waiting at will call, to hand over */
  sell (manager, g_hash_table_lookup (texts, "seat1"), &item);
  set_id ("will_call_item", item);
  /* a walk-up sale made without a patron record, to be given one (S8): a
   * standing place, every seat being taken by the fixtures above */
  {
    g_autofree char *door = g_strdup_printf (
        "{\"idempotency_key\": \"hostile-fixture-%08u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
        ++counter, fixture ("patron"), fixture ("performance"), fixture ("ticket_type"));

    set_id ("order_walk_up", api_id ("POST", "/api/v1/orders", manager, door, 201, "id", NULL));
    sql_int ("UPDATE ticket_order SET purchaser_id = NULL, recipient_id = NULL WHERE id = %" G_GINT64_FORMAT
             " RETURNING id", fixture ("order_walk_up"));
  }
  /* something outstanding between UTH and ATH, to settle (A2, A3) */
  {
    g_autofree char *for_ath = g_strdup_printf (
        "{\"idempotency_key\": \"hostile-fixture-%08u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"selling_outlet_id\": %" G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ","
        " \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
        ++counter, fixture ("patron"), ath, fixture ("performance"), fixture ("ticket_type"));
    g_autoptr(JsonNode) sold = ts_test_expect (server, "POST", "/api/v1/orders", master, for_ath, 201);
  }
}

static void
test_every_route_covered (void)
{
  gsize n_routes;
  const TsRoute *routes = ts_router_routes (&n_routes);

  /* a new route needs its case here, and an example if it takes a body */
  for (gsize r = 0; r < n_routes; r++)
    {
      gboolean found = FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        found = found || (g_str_equal (cases[c].method, routes[r].method)
                          && g_str_equal (cases[c].pattern, routes[r].pattern));
      if (!found)
        g_error ("%s %s has no case in test-server-hostile-input.c", routes[r].method, routes[r].pattern);
    }
  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, n_routes);
}

static void
run_role (Role        role,
          const char *token,
          const char *master,
          const char *manager,
          const char *password)
{
  gint64 started = g_get_monotonic_time ();
  guint requests = n_requests;

  g_string_truncate (failures, 0);
  n_failures = 0;
  make_fixtures (master, manager, password);
  know_state ();
  fingerprint_usec = call_usec = check_usec = 0;
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gint64 case_started = g_get_monotonic_time ();
      guint case_requests = n_requests;

      run_case (&cases[c], role, token);
      if (g_get_monotonic_time () - case_started > G_USEC_PER_SEC)
        g_test_message ("%s %s: %u requests in %.1f s", cases[c].method, cases[c].pattern,
                        n_requests - case_requests, (g_get_monotonic_time () - case_started) / 1e6);
    }
  g_test_message ("%s: %u requests in %.1f s (answering %.1f s, checking for writes %.1f s and the tables %.1f s)",
                  role == MASTER ? "Master User" : "Box Office Manager",
                  n_requests - requests, (g_get_monotonic_time () - started) / 1e6, call_usec / 1e6,
                  check_usec / 1e6, fingerprint_usec / 1e6);
}

static void
report (void)
{
  if (n_failures > 0)
    {
      g_printerr ("%u hostile requests were answered wrongly (the first 200):\n%s", n_failures, failures->str);
      g_test_fail ();
    }
}

static char *master_token, *manager_token;

/* Requests the mutations of the examples do not make. */
static void
test_edges (void)
{
  g_autofree char *long_path = g_strnfill (5000, 'x');
  g_autofree char *url = g_strconcat ("/api/v1/", long_path, NULL);
  g_autoptr(GString) seats = g_string_new (NULL);
  g_autofree char *hold = NULL;
  g_autofree char *performance = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) cart = NULL;
  const char *message;
  guint status;

  /* an outlet id no outlet can have signs nobody in, in the usual words */
  ts_test_expect_error (server, "POST", "/api/v1/session", NULL,
                        "{\"outlet\": 2147483648, \"login\": \"manager\", \"password\": \"x\"}",
                        401, "wrong_password", "Wrong outlet, login or password");
  /* a path or method that names nothing comes back by its start only */
  answer = ts_test_call (server, "GET", url, master_token, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (ts_test_error_message (answer), ==, "No such API endpoint: “/xxxxxxxxxxxxxxxxxxx…”");
  g_clear_pointer (&answer, json_node_unref);
  /* a query parameter that is not text is named */
  ts_test_expect_error (server, "GET", "/api/v1/patrons?q=%ff", master_token, NULL, 400, "invalid_input", "q:");
  ts_test_expect_error (server, "GET", "/api/v1/patrons?q=a%01b", master_token, NULL, 400, "invalid_input", "q:");

  /* our own SQL lists the seats it does not know: each comes back by its
   * start only, and the message stays short */
  make_fixtures (master_token, manager_token, "master-password");
  cart = ts_test_expect (server, "POST", "/api/v1/carts", manager_token, "{}", 201);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *seat = g_strnfill (190, 'a' + i % 26);

      g_string_append_printf (seats, "%s\"%s\"", i ? ", " : "", seat);
    }
  performance = g_strdup_printf ("%" G_GINT64_FORMAT, fixture ("performance"));
  hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %s, \"seats\": [%s]}",
                          ts_test_member_string (cart, "id"), performance, seats->str);
  answer = ts_test_call (server, "POST", "/api/v1/carts/hold", manager_token, hold, &status);
  g_assert_cmpuint (status, ==, 400);
  message = ts_test_error_message (answer);
  g_assert_true (g_str_has_prefix (message, "seats:"));
  g_assert_cmpint (g_utf8_strlen (message, -1), <=, 401);
  g_assert_null (strstr (message, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void
test_as_master (void)
{
  run_role (MASTER, master_token, master_token, manager_token, "master-password");
  report ();
}

static void
test_as_manager (void)
{
  run_role (MANAGER, manager_token, master_token, manager_token, "manager-password");
  report ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  logged = g_string_new (NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_default_handler (on_log, NULL);
  server = ts_test_server_new ();
  prepare_fingerprint ();
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  failures = g_string_new (NULL);
  master_token = ts_test_sign_in (server, NULL, "master", "master-password");
  manager_token = ts_test_sign_in (server, "UTH", "manager", "manager-password");

  g_test_add_func ("/hostile-input/every-route-has-a-case", test_every_route_covered);
  g_test_add_func ("/hostile-input/edges", test_edges);
  g_test_add_func ("/hostile-input/master-user", test_as_master);
  g_test_add_func ("/hostile-input/box-office-manager", test_as_manager);
  status = g_test_run ();

  PQfinish (owner);
  ts_test_server_free (server);
  return status;
}
