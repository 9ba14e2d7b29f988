/* test-server-reports-privacy.c — every report keeps each outlet's data its own (R2, P4,
 * P5, E1) and adds up to the cent against the orders, payments and ledgers it comes from
 * (A1, A4, S7, T6)
 *
 * Three outlets: A (UTH), B (ATH), C (TIX).  A sells its own event and one of B's; B sells
 * its own; C sells, in one order, A's event, another of B's events and its own.  Each has
 * donations, a membership, a mailing list, scans, a closed till and (once partner
 * companies exist) a partner company with answers, all with names and amounts no other
 * outlet has.  Every report route is called as every outlet (and as the Master User
 * naming each), and nothing another outlet keeps to itself may be in the answer: the
 * owner of an event sees its lines whoever sold them, a seller only the lines it sold,
 * and neither the other lines, payments or totals of an order it sees in part (P5).
 *
 * The routes come from the reports part of issue 13 (the contract in docs/api.md,
 * "Reports"); until the route table has them these cases skip, saying so. */
#include <string.h>

#include "ts-router.h"
#include "ts-test-client.h"

#define UNKNOWN_ID "1999999999"

enum { OUT_A, OUT_B, OUT_C, N_OUTLETS };
#define SEEN_A (1u << OUT_A)
#define SEEN_B (1u << OUT_B)
#define SEEN_C (1u << OUT_C)

typedef struct
{
  const char *code;
  gint64      id;
  char       *manager, *boxoffice, *walkup, *staff, *door;
} Outlet;

static TsTestServer *server;
static char *master;
static Outlet outlets[N_OUTLETS] = { { "UTH" }, { "ATH" }, { "TIX" } };
static char *from, *to, *today, *empty_day;   /* the period, in the outlets' time zone */
static guint key_counter;

/* The scenario's events (one performance each), and who may see each: the owner, and
 * an outlet that sold tickets to it. */
enum { EV_AARDVARK, EV_BALLET, EV_TANGO, EV_SOLO, EV_CABARET, N_EVENTS };
static const struct
{
  const char *name;
  guint       owner;
  guint       seen_by;
} event_setup[N_EVENTS] = {
  { "Aardvark Opera",    OUT_A, SEEN_A | SEEN_C },
  { "Bison Ballet",      OUT_B, SEEN_A | SEEN_B },
  { "Bison Tango",       OUT_B, SEEN_B | SEEN_C },
  { "Bison Solo",        OUT_B, SEEN_B },
  { "Cormorant Cabaret", OUT_C, SEEN_C },
};
static gint64 events[N_EVENTS], performances[N_EVENTS];
static gint64 mailing_lists[N_OUTLETS], partners[N_OUTLETS];
static GArray *orders;   /* gint64: every order of the scenario */
static gboolean have_partners, have_till_close;
static JsonNode *till_closed[N_OUTLETS];

/* What each outlet keeps to itself, and who else may see it. */
typedef struct
{
  char    *text;
  guint    seen_by;
  gboolean number;       /* matched as a whole number, not inside a longer one */
  gboolean sales_only;   /* only the sales reports must not name it (an outlet's name) */
} Secret;

static GPtrArray *secrets;

static void
secret (const char *text,
        guint       seen_by)
{
  Secret *s = g_new0 (Secret, 1);

  s->text = g_strdup (text);
  s->seen_by = seen_by;
  s->number = g_ascii_isdigit (text[0]);
  g_ptr_array_add (secrets, s);
}

static void
secret_cents (gint64 cents,
              guint  seen_by)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, cents);

  secret (text, seen_by);
}

static void
secret_free (gpointer data)
{
  Secret *s = data;

  g_free (s->text);
  g_free (s);
}

static gboolean
holds_secret (const char   *body,
              const Secret *s)
{
  gsize n = strlen (s->text);

  for (const char *p = strstr (body, s->text); p != NULL; p = strstr (p + 1, s->text))
    {
      if (!s->number)
        return TRUE;
      if ((p == body || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[n]))
        return TRUE;
    }
  return FALSE;
}

/* Helpers ------------------------------------------------------------------------------ */

static gboolean
have_route (const char *method,
            const char *pattern)
{
  gsize n = 0;
  const TsRoute *routes = ts_router_routes (&n);

  for (gsize i = 0; i < n; i++)
    if (g_str_equal (routes[i].method, method) && g_str_equal (routes[i].pattern, pattern))
      return TRUE;
  return FALSE;
}

static gboolean
reports_built (void)
{
  if (have_route ("GET", "/reports/sales"))
    return TRUE;
  g_test_skip ("The report routes are not in the route table yet (issue 13, reports-server)");
  return FALSE;
}

static char *
next_key (void)
{
  return g_strdup_printf ("reports-privacy-%05u", ++key_counter);
}

/* path, with outlet_id added when outlet is not 0 (the Master User names one) */
static char *
for_outlet (const char *path,
            gint64      outlet)
{
  if (outlet == 0)
    return g_strdup (path);
  return g_strdup_printf ("%s%soutlet_id=%" G_GINT64_FORMAT, path, strchr (path, '?') ? "&" : "?", outlet);
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static gint64
member_int (JsonObject *object,
            const char *member)
{
  JsonNode *value = json_object_get_member (object, member);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return 0;
  return json_node_get_int (value);
}

/* The row of a report's rows whose member key is the text or number value. */
static JsonObject *
row_where (JsonArray  *rows,
           const char *key,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonNode *node = json_object_get_member (row, key);
      g_autofree char *text = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      text = json_node_get_value_type (node) == G_TYPE_STRING ? g_strdup (json_node_get_string (node))
                                                              : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (g_str_equal (text, value))
        return row;
    }
  return NULL;
}

/* A JSON object from the owner's SQL (which bypasses the server on purpose). */
static JsonObject *
owner_json (JsonNode  **keep,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static JsonObject *
owner_json (JsonNode  **keep,
            const char *format,
            ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  text = ts_test_owner_sql (server, sql);
  g_assert_nonnull (text);
  *keep = json_from_string (text, NULL);
  return object_of (*keep);
}

/* The sweep ----------------------------------------------------------------------------- */

typedef struct
{
  GPtrArray  *leaks;    /* char*: one line per secret found where it must not be */
  GHashTable *routes;   /* the paths swept, without their query */
  guint       calls;
} Sweep;

static void
sweep_clear (Sweep *sweep)
{
  g_ptr_array_unref (sweep->leaks);
  g_hash_table_unref (sweep->routes);
}

/* Every secret the caller may not see, looked for in the answer. */
static void
check_answer (Sweep      *sweep,
              guint       caller,
              const char *who,
              const char *path,
              gboolean    sales,
              JsonNode   *answer)
{
  g_autofree char *body = answer ? json_to_string (answer, FALSE) : g_strdup ("");

  sweep->calls++;
  for (guint i = 0; i < secrets->len; i++)
    {
      const Secret *s = g_ptr_array_index (secrets, i);

      if ((s->seen_by & caller) != 0 || (s->sales_only && !sales))
        continue;
      if (holds_secret (body, s))
        g_ptr_array_add (sweep->leaks, g_strdup_printf ("%s GET %s shows “%s”:\n      %s", who, path, s->text, body));
    }
}

/* What the caller has to do with the object a report is about. */
typedef enum
{
  MINE,      /* its own, or an event it sold tickets to: 200 */
  SEEN,      /* it sold tickets to the event, but the report is the owner's (attendance) */
  NOTHING,   /* another outlet's alone: answered exactly as an id that names nothing */
} Relation;

static char *
describe (guint       status,
          JsonNode   *answer,
          const char *id)
{
  g_autofree char *text = answer ? json_to_string (answer, FALSE) : g_strdup ("");
  g_auto(GStrv) parts = g_strsplit (text, id, -1);
  g_autofree char *without = g_strjoinv ("{ID}", parts);

  if (status < 400)
    return g_strdup_printf ("%u", status);
  return g_strdup_printf ("%u %s", status, without);
}

/* One report, its "{ID}" the id, as the caller: nothing another outlet keeps to itself
 * in the answer, whatever the relation; for NOTHING, the same answer as an unknown id
 * (E1, P4, P7). */
static void
probe_report (Sweep      *sweep,
              guint       caller,
              const char *token,
              const char *who,
              gint64      outlet,
              const char *template,
              gint64      id,
              Relation    relation)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_auto(GStrv) parts = g_strsplit (template, "{ID}", -1);
  g_autofree char *theirs = g_strjoinv (id_text, parts);
  g_autofree char *unknown = g_strjoinv (UNKNOWN_ID, parts);
  g_autofree char *theirs_url = for_outlet (theirs, outlet);
  g_autofree char *unknown_url = for_outlet (unknown, outlet);
  g_autofree char *theirs_full = g_strconcat ("/api/v1", theirs_url, NULL);
  guint status = 0;
  g_autoptr(JsonNode) answer = ts_test_call (server, "GET", theirs_full, token, NULL, &status);
  gboolean sales = g_str_has_prefix (template, "/reports/sales") || g_str_has_prefix (template, "/reports/channels");

  /* C2: the Master User knows every outlet's objects; only what he reads for the
   * outlet he names matters */
  if (token == master && relation == NOTHING)
    relation = SEEN;
  g_hash_table_add (sweep->routes, g_strndup (template, strcspn (template, "?")));
  if (status >= 500 || (relation == MINE && status != 200))
    g_error ("%s GET %s answered %u: %s", who, theirs_url, status, answer ? json_to_string (answer, FALSE) : "");
  check_answer (sweep, caller, who, theirs_url, sales, answer);
  if (relation == NOTHING)
    {
      g_autofree char *unknown_full = g_strconcat ("/api/v1", unknown_url, NULL);
      guint unknown_status = 0;
      g_autoptr(JsonNode) unknown_answer = ts_test_call (server, "GET", unknown_full, token, NULL, &unknown_status);
      g_autofree char *seen_theirs = describe (status, answer, id_text);
      g_autofree char *seen_unknown = describe (unknown_status, unknown_answer, UNKNOWN_ID);

      if (!g_str_equal (seen_theirs, seen_unknown))
        g_ptr_array_add (sweep->leaks, g_strdup_printf ("%s GET %s answers unlike an unknown id:\n      %s\n      %s",
                                                        who, theirs_url, seen_theirs, seen_unknown));
    }
}

/* A report without an id: the caller's own. */
static void
own_report (Sweep      *sweep,
            guint       caller,
            const char *token,
            const char *who,
            gint64      outlet,
            const char *path)
{
  probe_report (sweep, caller, token, who, outlet, path, 0, MINE);
}

/* Every report route, as one outlet (caller), by token; outlet is the outlet_id the
 * Master User names (0: none, the caller's own). */
static void
sweep_outlet (Sweep      *sweep,
              guint       caller,
              const char *token,
              const char *who,
              gint64      outlet)
{
  static const char *groups[] = { "event", "performance", "ticket_type", "price_zone", "selling_outlet", "channel" };
  static const char *donation_groups[] = { "fund", "month", "method" };
  guint me = 1u << caller;
  g_autofree char *attendance = g_strdup_printf ("/reports/attendance?from=%s&to=%s", from, to);
  g_autofree char *memberships = g_strdup_printf ("/reports/memberships?from=%s&to=%s", from, to);
  g_autofree char *channels = g_strdup_printf ("/reports/channels?from=%s&to=%s", from, to);
  g_autofree char *end_of_day = g_strdup_printf ("/reports/end-of-day?date=%s", today);
  g_autofree char *till = g_strdup_printf ("/accounts/till?date=%s", today);

  own_report (sweep, me, token, who, outlet, till);
  own_report (sweep, me, token, who, outlet, "/accounts/balances");
  /* K5: each outlet's partner lists (the Master User sees every outlet's partners) */
  for (guint o = 0; o < N_OUTLETS && have_partners && token != master; o++)
    {
      Relation relation = o == caller ? MINE : NOTHING;
      g_autofree char *booked = g_strdup_printf ("/partner-companies/{ID}/patrons?list=booked&from=%s&to=%s", from, to);

      for (const char **q = (const char *[]) { "list=preference&answer=yes", "list=preference&answer=no",
                                               "list=preference&answer=not_asked", "list=preference&answer=yes&marketing=true",
                                               NULL }; *q != NULL; q++)
        {
          g_autofree char *k5 = g_strdup_printf ("/partner-companies/{ID}/patrons?%s", *q);

          probe_report (sweep, me, token, who, outlet, k5, partners[o], relation);
        }
      probe_report (sweep, me, token, who, outlet, booked, partners[o], relation);
    }
  if (!have_route ("GET", "/reports/sales"))
    return;
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autofree char *path = g_strdup_printf ("/reports/sales?from=%s&to=%s&group=%s", from, to, groups[g]);
      g_autofree char *by_event = g_strdup_printf ("%s&event_id={ID}", path);
      g_autofree char *by_perf = g_strdup_printf ("%s&performance_id={ID}", path);

      own_report (sweep, me, token, who, outlet, path);
      for (guint e = 0; e < N_EVENTS; e++)
        {
          Relation relation = (event_setup[e].seen_by & me) != 0 ? MINE : NOTHING;

          probe_report (sweep, me, token, who, outlet, by_event, events[e], relation);
          probe_report (sweep, me, token, who, outlet, by_perf, performances[e], relation);
        }
    }
  for (guint e = 0; e < N_EVENTS; e++)
    {
      g_autofree char *attendance_of = g_strdup_printf ("%s&event_id={ID}", attendance);
      Relation relation = (event_setup[e].seen_by & me) != 0 ? MINE : NOTHING;

      probe_report (sweep, me, token, who, outlet, "/reports/sales-over-time?performance_id={ID}", performances[e], relation);
      probe_report (sweep, me, token, who, outlet, "/reports/sales-over-time?event_id={ID}", events[e], relation);
      probe_report (sweep, me, token, who, outlet, "/reports/zone-sales?performance_id={ID}", performances[e], relation);
      /* attendance is the owner's alone: a seller may not count the house (F4, E1) */
      probe_report (sweep, me, token, who, outlet, attendance_of, events[e],
                    event_setup[e].owner == caller ? MINE : relation == MINE ? SEEN : NOTHING);
    }
  own_report (sweep, me, token, who, outlet, attendance);
  own_report (sweep, me, token, who, outlet, memberships);
  own_report (sweep, me, token, who, outlet, channels);
  own_report (sweep, me, token, who, outlet, end_of_day);
  own_report (sweep, me, token, who, outlet, "/reports/mailing-lists");
  for (guint g = 0; g < G_N_ELEMENTS (donation_groups); g++)
    {
      g_autofree char *path = g_strdup_printf ("/reports/donations?from=%s&to=%s&group=%s", from, to, donation_groups[g]);

      own_report (sweep, me, token, who, outlet, path);
    }
  for (guint o = 0; o < N_OUTLETS; o++)
    probe_report (sweep, me, token, who, outlet, "/reports/mailing-list?mailing_list_id={ID}", mailing_lists[o],
                  o == caller ? MINE : NOTHING);
}

static void
sweep_report (Sweep      *sweep,
              const char *what)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_test_message ("%s: %u answers read, %u leaks", what, sweep->calls, sweep->leaks->len);
  if (sweep->leaks->len == 0)
    return;
  for (guint i = 0; i < sweep->leaks->len; i++)
    g_string_append_printf (text, "\n  %s", (const char *) g_ptr_array_index (sweep->leaks, i));
  g_error ("%s: another outlet's data in a report:%s", what, text->str);
}

/* R2, P4, P5: each outlet's reports, and the Master User's naming each outlet. */
static void
test_matrix (void)
{
  Sweep sweep = { g_ptr_array_new_with_free_func (g_free), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  gsize n = 0;
  const TsRoute *routes = ts_router_routes (&n);

  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autofree char *as_master = g_strdup_printf ("Master User for %s", outlets[o].code);

      sweep_outlet (&sweep, o, outlets[o].manager, outlets[o].code, 0);
      sweep_outlet (&sweep, o, master, as_master, outlets[o].id);
    }
  sweep_report (&sweep, "every report, every outlet");
  /* a report route added later is swept here too, or this fails */
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (routes[i].method, "GET") && g_str_has_prefix (routes[i].pattern, "/reports/")
        && !g_hash_table_contains (sweep.routes, routes[i].pattern))
      g_error ("The report route %s is not in the sweep of this test (sweep_outlet)", routes[i].pattern);
  sweep_clear (&sweep);
  if (!have_route ("GET", "/reports/sales"))
    g_test_skip ("The report routes are not in the route table yet: only the till, the balances and the partner"
                 " lists were swept");
}

/* C4: a Walk-up Sales employee's end of day holds his own till only; Staff may not
 * read the tills at all, and the Master User must name the outlet. */
static void
test_end_of_day_levels (void)
{
  g_autofree char *path = NULL;

  if (!reports_built ())
    return;
  path = g_strdup_printf ("/api/v1/reports/end-of-day?date=%s", today);
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autoptr(JsonNode) walkup = ts_test_expect (server, "GET", path, outlets[o].walkup, NULL, 200);
      JsonArray *tills = json_object_get_array_member (json_object_get_object_member (object_of (walkup), "tills"), "rows");

      /* the walk-up sold nothing: the box office's till is not his */
      g_assert_cmpuint (json_array_get_length (tills), ==, 0);
      ts_test_expect_error (server, "GET", path, outlets[o].staff, NULL, 403, "forbidden", NULL);
    }
  /* the Master User names the outlet */
  {
    guint status = 0;
    g_autoptr(JsonNode) refused = ts_test_call (server, "GET", path, master, NULL, &status);

    g_assert_cmpuint (status, ==, 400);
  }
  /* nobody but the Master User names another outlet */
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autofree char *other = g_strdup_printf ("/api/v1/reports/sales?from=%s&to=%s&group=event&outlet_id=%" G_GINT64_FORMAT,
                                                from, to, outlets[(o + 1) % N_OUTLETS].id);

      ts_test_expect_error (server, "GET", other, outlets[o].manager, NULL, 403, "forbidden", NULL);
    }
}

/* Figures to the cent ------------------------------------------------------------------- */

/* The expected sales by group key, from the rows themselves (the owner's SQL): lines of
 * the outlet's events whoever sold them and lines it sold of others' events (R2);
 * tickets and comps by order date, refunds by refund date, in the outlet's time zone;
 * commission on our events sold by others is owed, on others' events we sold is due
 * (T6), and a refund clears it (S7). */
static JsonObject *
expected_sales (JsonNode  **keep,
                gint64      outlet,
                const char *key_sql,
                const char *period_from,
                const char *period_to)
{
  return owner_json (keep,
      "WITH z AS (SELECT time_zone AS tz FROM outlet WHERE id = %" G_GINT64_FORMAT "),"
      " l AS (SELECT %s AS k, i.price_cents, i.commission_cents, i.owner_outlet_id AS owner, o.outlet_id AS seller,"
      "              (i.comp_reason IS NOT NULL OR t.category = 'comp') AS comp,"
      "              (o.created_at AT TIME ZONE z.tz)::date BETWEEN '%s' AND '%s' AS sold_in,"
      "              coalesce ((r.created_at AT TIME ZONE z.tz)::date BETWEEN '%s' AND '%s', false) AS refunded_in"
      "         FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
      "         JOIN ticket_type t ON t.id = i.ticket_type_id JOIN performance p ON p.id = i.performance_id"
      "         JOIN event e ON e.id = p.event_id JOIN outlet so ON so.id = o.outlet_id"
      "         LEFT JOIN refund r ON r.id = i.refund_id CROSS JOIN z"
      "        WHERE i.owner_outlet_id = %" G_GINT64_FORMAT " OR o.outlet_id = %" G_GINT64_FORMAT ")"
      " SELECT coalesce (json_object_agg (k, v), '{}') FROM (SELECT coalesce (k, '') AS k, json_build_object ("
      "   'tickets', count (*) FILTER (WHERE sold_in),"
      "   'comps', count (*) FILTER (WHERE sold_in AND comp),"
      "   'refunded', count (*) FILTER (WHERE refunded_in),"
      "   'gross_cents', coalesce (sum (price_cents) FILTER (WHERE sold_in), 0),"
      "   'refunds_cents', coalesce (sum (price_cents) FILTER (WHERE refunded_in), 0),"
      "   'net_cents', coalesce (sum (price_cents) FILTER (WHERE sold_in), 0)"
      "              - coalesce (sum (price_cents) FILTER (WHERE refunded_in), 0),"
      "   'commission_owed_cents', coalesce (sum (commission_cents) FILTER (WHERE sold_in AND owner = %" G_GINT64_FORMAT
      "                                      AND seller <> owner), 0)"
      "              - coalesce (sum (commission_cents) FILTER (WHERE refunded_in AND owner = %" G_GINT64_FORMAT
      "                                      AND seller <> owner), 0),"
      "   'commission_due_cents', coalesce (sum (commission_cents) FILTER (WHERE sold_in AND seller = %" G_GINT64_FORMAT
      "                                      AND seller <> owner), 0)"
      "              - coalesce (sum (commission_cents) FILTER (WHERE refunded_in AND seller = %" G_GINT64_FORMAT
      "                                      AND seller <> owner), 0)) AS v"
      "   FROM l WHERE sold_in OR refunded_in GROUP BY 1) x",
      outlet, key_sql, period_from, period_to, period_from, period_to, outlet, outlet, outlet, outlet, outlet, outlet);
}

static const char *sales_columns[] = { "tickets", "comps", "refunded", "gross_cents", "refunds_cents", "net_cents",
                                       "commission_owed_cents", "commission_due_cents" };

/* The oracle itself, against the scenario worked out by hand: runs whether or not the
 * report routes exist, so that what they are held to is known to be right. */
static void
test_expected_figures (void)
{
  static const struct
  {
    guint       outlet;
    const char *event;
    gint64      figures[8];   /* as sales_columns, below */
  } by_hand[] = {
    /* A: its stalls ticket, its comp and C's two guests (one refunded by A); C owes
     * nothing, A owes C the commission on the guest kept (T6, S7) */
    { OUT_A, "Aardvark Opera", { 4, 1, 1, 70763, 30323, 40440, 11351, 0 } },
    { OUT_A, "Bison Ballet",   { 1, 0, 0, 20219, 0, 20219, 0, 12373 } },
    /* B: what A and C sold of its events, and its own, one refunded */
    { OUT_B, "Bison Ballet",   { 1, 0, 0, 20219, 0, 20219, 12373, 0 } },
    { OUT_B, "Bison Tango",    { 1, 0, 0, 40427, 0, 40427, 13397, 0 } },
    { OUT_B, "Bison Solo",     { 2, 0, 1, 121262, 60631, 60631, 0, 0 } },
    /* C: its own lines only of A's event, never A's stalls ticket or comp (P5) */
    { OUT_C, "Aardvark Opera", { 2, 0, 1, 60646, 30323, 30323, 0, 11351 } },
    { OUT_C, "Bison Tango",    { 1, 0, 0, 40427, 0, 40427, 0, 13397 } },
    { OUT_C, "Cormorant Cabaret", { 1, 0, 0, 50543, 0, 50543, 0, 0 } },
  };
  guint rows[N_OUTLETS] = { 2, 3, 3 };

  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autoptr(JsonNode) keep = NULL;
      g_autoptr(JsonNode) keep_empty = NULL;

      g_assert_cmpuint (json_object_get_size (expected_sales (&keep, outlets[o].id, "e.name", from, to)), ==, rows[o]);
      g_assert_cmpuint (json_object_get_size (expected_sales (&keep_empty, outlets[o].id, "e.name", empty_day, empty_day)), ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (by_hand); i++)
    {
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *want = expected_sales (&keep, outlets[by_hand[i].outlet].id, "e.name", from, to);
      JsonObject *row = json_object_get_object_member (want, by_hand[i].event);

      g_assert_nonnull (row);
      for (guint c = 0; c < G_N_ELEMENTS (sales_columns); c++)
        if (member_int (row, sales_columns[c]) != by_hand[i].figures[c])
          g_error ("%s, %s: %s is %" G_GINT64_FORMAT " by SQL, %" G_GINT64_FORMAT " by hand",
                   outlets[by_hand[i].outlet].code, by_hand[i].event, sales_columns[c],
                   member_int (row, sales_columns[c]), by_hand[i].figures[c]);
    }
}

/* Each row and the totals of one sales report against the SQL's figures. */
static void
assert_sales_match (JsonObject *report,
                    JsonObject *expected,
                    const char *row_key,
                    const char *what)
{
  JsonArray *rows = json_object_get_array_member (report, "rows");
  JsonObject *totals = json_object_get_object_member (report, "totals");
  g_autoptr(GList) keys = json_object_get_members (expected);
  gint64 sums[G_N_ELEMENTS (sales_columns)] = { 0 };

  if (json_array_get_length (rows) != g_list_length (keys))
    g_error ("%s: %u rows, expected %u: %s", what, json_array_get_length (rows), g_list_length (keys),
             json_to_string (json_node_init_object (json_node_alloc (), report), FALSE));
  for (GList *k = keys; k != NULL; k = k->next)
    {
      JsonObject *want = json_object_get_object_member (expected, k->data);
      JsonObject *row = row_where (rows, row_key, k->data);

      if (row == NULL)
        g_error ("%s: no row with %s “%s”", what, row_key, (const char *) k->data);
      for (guint c = 0; c < G_N_ELEMENTS (sales_columns); c++)
        {
          gint64 got = member_int (row, sales_columns[c]);
          gint64 wanted = member_int (want, sales_columns[c]);

          if (got != wanted)
            g_error ("%s, %s “%s”: %s is %" G_GINT64_FORMAT ", the orders say %" G_GINT64_FORMAT,
                     what, row_key, (const char *) k->data, sales_columns[c], got, wanted);
          sums[c] += wanted;
        }
    }
  for (guint c = 0; c < G_N_ELEMENTS (sales_columns); c++)
    if (member_int (totals, sales_columns[c]) != sums[c])
      g_error ("%s: the total of %s is %" G_GINT64_FORMAT ", the orders say %" G_GINT64_FORMAT,
               what, sales_columns[c], member_int (totals, sales_columns[c]), sums[c]);
}

static JsonNode *
report (const char *token,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static JsonNode *
report (const char *token,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  url = g_strconcat ("/api/v1", path, NULL);
  return ts_test_expect (server, "GET", url, token, NULL, 200);
}

/* Sales by every group, as each outlet and in a period with nothing in it. */
static void
test_figures_sales (void)
{
  static const struct
  {
    const char *group;
    const char *row_key;
    const char *key_sql;
  } groups[] = {
    { "event", "event", "e.name" },
    { "performance", "performance_id", "p.id::text" },
    { "ticket_type", "ticket_type", "t.name" },
    { "price_zone", "price_zone", "i.price_zone" },
    { "selling_outlet", "selling_outlet", "so.name" },
    { "channel", "channel", "o.channel" },
  };

  if (!reports_built ())
    return;
  for (guint o = 0; o < N_OUTLETS; o++)
    for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
      {
        g_autoptr(JsonNode) answer = report (outlets[o].manager, "/reports/sales?from=%s&to=%s&group=%s",
                                             from, to, groups[g].group);
        g_autoptr(JsonNode) as_master = report (master, "/reports/sales?from=%s&to=%s&group=%s&outlet_id=%" G_GINT64_FORMAT,
                                                from, to, groups[g].group, outlets[o].id);
        g_autoptr(JsonNode) nothing = report (outlets[o].manager, "/reports/sales?from=%s&to=%s&group=%s",
                                              empty_day, empty_day, groups[g].group);
        g_autoptr(JsonNode) keep = NULL;
        g_autoptr(JsonNode) keep_empty = NULL;
        JsonObject *want = expected_sales (&keep, outlets[o].id, groups[g].key_sql, from, to);
        JsonObject *want_empty = expected_sales (&keep_empty, outlets[o].id, groups[g].key_sql, empty_day, empty_day);
        g_autofree char *what = g_strdup_printf ("%s's sales by %s", outlets[o].code, groups[g].group);

        g_assert_cmpuint (json_object_get_size (want), >, 0);
        assert_sales_match (object_of (answer), want, groups[g].row_key, what);
        assert_sales_match (object_of (as_master), want, groups[g].row_key, what);
        assert_sales_match (object_of (nothing), want_empty, groups[g].row_key, what);
      }
}

/* The same totals three more ways: from what each outlet reads of the orders (GET
 * /orders/{id}: the whole of its own, its lines of another's, P5), from its ledger's
 * commission accounts (A1), and from the sales report.  The first two run whether or
 * not the report routes exist: they prove the SQL the reports are held to. */
static void
test_figures_orders_and_ledgers (void)
{
  gboolean built = have_route ("GET", "/reports/sales");

  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *want = expected_sales (&keep, outlets[o].id, "''", from, to);
      JsonObject *totals = json_object_get_object_member (want, "");
      gint64 gross = 0, refunds = 0, tickets = 0, refunded = 0;
      gint64 owed, due;

      for (guint i = 0; i < orders->len; i++)
        {
          g_autofree char *url = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, g_array_index (orders, gint64, i));
          guint status = 0;
          g_autoptr(JsonNode) order = ts_test_call (server, "GET", url, outlets[o].manager, NULL, &status);
          JsonArray *items;

          if (status == 404)
            continue;
          g_assert_cmpuint (status, ==, 200);
          items = json_object_get_array_member (object_of (order), "items");
          for (guint k = 0; k < json_array_get_length (items); k++)
            {
              JsonObject *item = json_array_get_object_element (items, k);

              if (json_node_is_null (json_object_get_member (item, "performance_id")))
                continue;
              tickets++;
              gross += member_int (item, "price_cents");
              if (g_str_equal (json_object_get_string_member (item, "status"), "refunded"))
                {
                  refunded++;
                  refunds += member_int (item, "price_cents");
                }
            }
        }
      g_assert_cmpint (member_int (totals, "tickets"), ==, tickets);
      g_assert_cmpint (member_int (totals, "refunded"), ==, refunded);
      g_assert_cmpint (member_int (totals, "gross_cents"), ==, gross);
      g_assert_cmpint (member_int (totals, "refunds_cents"), ==, refunds);

      owed = ts_test_owner_int (server, "SELECT coalesce (sum (amount_cents), 0) FROM ledger_line"
                                " WHERE outlet_id = %" G_GINT64_FORMAT " AND account = 'commission_expense'", outlets[o].id);
      due = ts_test_owner_int (server, "SELECT coalesce (-sum (amount_cents), 0) FROM ledger_line"
                               " WHERE outlet_id = %" G_GINT64_FORMAT " AND account = 'commission_income'", outlets[o].id);
      g_assert_cmpint (member_int (totals, "commission_owed_cents"), ==, owed);
      g_assert_cmpint (member_int (totals, "commission_due_cents"), ==, due);

      if (built)
        {
          g_autoptr(JsonNode) answer = report (outlets[o].manager, "/reports/sales?from=%s&to=%s&group=event", from, to);
          JsonObject *reported = json_object_get_object_member (object_of (answer), "totals");

          for (guint c = 0; c < G_N_ELEMENTS (sales_columns); c++)
            g_assert_cmpint (member_int (reported, sales_columns[c]), ==, member_int (totals, sales_columns[c]));
        }
    }
  ts_test_assert_ledgers (server);
  if (!built)
    g_test_skip ("The report routes are not in the route table yet: only the orders and ledgers were checked");
}

/* Donations by fund and by method, memberships by level: the outlet's own rows (P4). */
static void
test_figures_patron_data (void)
{
  if (!reports_built ())
    return;
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      gint64 id = outlets[o].id;

      for (const char **g = (const char *[]) { "fund", "method", NULL }; *g != NULL; g++)
        {
          g_autoptr(JsonNode) answer = report (outlets[o].manager, "/reports/donations?from=%s&to=%s&group=%s", from, to, *g);
          g_autoptr(JsonNode) keep = NULL;
          JsonObject *want = owner_json (&keep,
              "SELECT coalesce (json_object_agg (k, json_build_object ('donations', n, 'donors', d, 'amount_cents', a)), '{}')"
              " FROM (SELECT %s AS k, count (*) AS n, count (DISTINCT patron_id) AS d, sum (amount_cents) AS a FROM donation"
              "        WHERE outlet_id = %" G_GINT64_FORMAT " AND donated_on BETWEEN '%s' AND '%s' GROUP BY 1) x",
              g_str_equal (*g, "fund") ? "fund" : "method", id, from, to);
          JsonArray *rows = json_object_get_array_member (object_of (answer), "rows");
          JsonObject *totals = json_object_get_object_member (object_of (answer), "totals");
          g_autoptr(GList) keys = json_object_get_members (want);
          gint64 amount = 0;

          g_assert_cmpuint (json_array_get_length (rows), ==, g_list_length (keys));
          for (GList *k = keys; k != NULL; k = k->next)
            {
              JsonObject *row = row_where (rows, *g, k->data);
              JsonObject *w = json_object_get_object_member (want, k->data);

              g_assert_nonnull (row);
              g_assert_cmpint (member_int (row, "donations"), ==, member_int (w, "donations"));
              g_assert_cmpint (member_int (row, "donors"), ==, member_int (w, "donors"));
              g_assert_cmpint (member_int (row, "amount_cents"), ==, member_int (w, "amount_cents"));
              amount += member_int (w, "amount_cents");
            }
          g_assert_cmpint (member_int (totals, "amount_cents"), ==, amount);
        }
      {
        g_autoptr(JsonNode) answer = report (outlets[o].manager, "/reports/memberships?from=%s&to=%s", from, to);
        g_autoptr(JsonNode) keep = NULL;
        JsonObject *want = owner_json (&keep,
            "SELECT coalesce (json_object_agg (level, v), '{}') FROM (SELECT level, json_build_object ("
            "   'started', count (*) FILTER (WHERE starts_on BETWEEN '%s' AND '%s'),"
            "   'active', count (*) FILTER (WHERE starts_on <= '%s' AND ends_on >= '%s'),"
            "   'ended', count (*) FILTER (WHERE ends_on BETWEEN '%s' AND '%s')) AS v"
            " FROM membership WHERE outlet_id = %" G_GINT64_FORMAT " AND starts_on <= '%s' AND ends_on >= '%s'"
            " GROUP BY level) x",
            from, to, to, from, from, to, id, to, from);
        JsonArray *rows = json_object_get_array_member (object_of (answer), "rows");
        g_autoptr(GList) keys = json_object_get_members (want);

        g_assert_cmpuint (json_array_get_length (rows), ==, g_list_length (keys));
        for (GList *k = keys; k != NULL; k = k->next)
          {
            JsonObject *row = row_where (rows, "level", k->data);
            JsonObject *w = json_object_get_object_member (want, k->data);

            g_assert_nonnull (row);
            for (const char **c = (const char *[]) { "started", "active", "ended", NULL }; *c != NULL; c++)
              g_assert_cmpint (member_int (row, *c), ==, member_int (w, *c));
          }
      }
      {
        g_autoptr(JsonNode) answer = report (outlets[o].manager, "/reports/mailing-lists");
        JsonArray *rows = json_object_get_array_member (object_of (answer), "rows");
        g_autofree char *list_id = g_strdup_printf ("%" G_GINT64_FORMAT, mailing_lists[o]);
        JsonObject *row = row_where (rows, "mailing_list_id", list_id);

        g_assert_cmpint (json_array_get_length (rows), ==,
                         ts_test_owner_int (server, "SELECT count (*) FROM mailing_list WHERE outlet_id = %" G_GINT64_FORMAT, id));
        g_assert_nonnull (row);
        g_assert_cmpint (member_int (row, "members"), ==,
                         ts_test_owner_int (server, "SELECT count (*) FROM mailing_list_member WHERE mailing_list_id = %"
                                            G_GINT64_FORMAT, mailing_lists[o]));
      }
    }
}

/* Attendance (own events only), zone sales and sales over time for each performance the
 * outlet sees, and the channels, against the same lines. */
static void
test_figures_performances (void)
{
  if (!reports_built ())
    return;
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      gint64 id = outlets[o].id;
      g_autoptr(JsonNode) attendance = report (outlets[o].manager, "/reports/attendance?from=%s&to=%s", from, to);
      g_autoptr(JsonNode) by_perf = report (outlets[o].manager, "/reports/sales?from=%s&to=%s&group=performance", from, to);
      g_autoptr(JsonNode) by_channel = report (outlets[o].manager, "/reports/sales?from=%s&to=%s&group=channel", from, to);
      g_autoptr(JsonNode) channels = report (outlets[o].manager, "/reports/channels?from=%s&to=%s", from, to);
      JsonArray *rows = json_object_get_array_member (object_of (attendance), "rows");
      guint own = 0;

      for (guint e = 0; e < N_EVENTS; e++)
        {
          g_autofree char *perf = g_strdup_printf ("%" G_GINT64_FORMAT, performances[e]);
          JsonObject *row = row_where (rows, "performance_id", perf);
          JsonObject *sales_row;
          gint64 sold, admitted, started;

          if (event_setup[e].owner != o)
            {
              g_assert_null (row);
              continue;
            }
          own++;
          sold = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                    " AND status = 'sold'", performances[e]);
          /* nobody has failed to come to a performance that has not begun */
          started = ts_test_owner_int (server, "SELECT (starts_at <= now ())::integer FROM performance WHERE id = %"
                                       G_GINT64_FORMAT, performances[e]);
          admitted = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                        " AND status = 'sold' AND admitted_at IS NOT NULL", performances[e]);
          g_assert_nonnull (row);
          g_assert_cmpint (member_int (row, "sold"), ==, sold);
          g_assert_cmpint (member_int (row, "admitted"), ==, admitted);
          g_assert_cmpint (member_int (row, "no_show"), ==, started ? sold - admitted : 0);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "percent_admitted"),
                                          sold == 0 ? 0.0 : ((gint64) (1000.0 * admitted / sold + 0.5)) / 10.0, 0.051);

          /* the performance's sales over time end where its sales row does */
          sales_row = row_where (json_object_get_array_member (object_of (by_perf), "rows"), "performance_id", perf);
          g_assert_nonnull (sales_row);
          {
            g_autoptr(JsonNode) over_time = report (outlets[o].manager, "/reports/sales-over-time?performance_id=%s", perf);
            JsonArray *days = json_object_get_array_member (object_of (over_time), "rows");
            JsonObject *last = json_array_get_object_element (days, json_array_get_length (days) - 1);

            /* tickets out at the end: sold less refunded */
            g_assert_cmpint (member_int (last, "cumulative_tickets"), ==,
                             member_int (sales_row, "tickets") - member_int (sales_row, "refunded"));
            g_assert_cmpint (member_int (last, "cumulative_cents"), ==, member_int (sales_row, "net_cents"));
          }
        }
      g_assert_cmpuint (json_array_get_length (rows), ==, own);

      /* zone sales: what the outlet sees of each performance's sold seats (P5) */
      for (guint e = 0; e < N_EVENTS; e++)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/reports/zone-sales?performance_id=%" G_GINT64_FORMAT, performances[e]);
          gboolean owner = event_setup[e].owner == o;
          g_autoptr(JsonNode) zones = NULL;
          JsonArray *zone_rows;
          gint64 sold = 0, net = 0;

          if ((event_setup[e].seen_by & (1u << o)) == 0)
            continue;
          zones = ts_test_expect (server, "GET", path, outlets[o].manager, NULL, 200);
          zone_rows = json_object_get_array_member (object_of (zones), "rows");
          for (guint z = 0; z < json_array_get_length (zone_rows); z++)
            {
              JsonObject *row = json_array_get_object_element (zone_rows, z);

              sold += member_int (row, "sold");
              net += member_int (row, "net_cents");
              if (!owner)
                g_assert_cmpint (member_int (row, "held"), ==, 0);
            }
          g_assert_cmpint (sold, ==, ts_test_owner_int (server,
              "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
              " WHERE i.performance_id = %" G_GINT64_FORMAT " AND i.status = 'sold'"
              "   AND (i.owner_outlet_id = %" G_GINT64_FORMAT " OR o.outlet_id = %" G_GINT64_FORMAT ")",
              performances[e], id, id));
          g_assert_cmpint (net, ==, ts_test_owner_int (server,
              "SELECT coalesce (sum (i.price_cents), 0) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
              " WHERE i.performance_id = %" G_GINT64_FORMAT " AND i.status = 'sold'"
              "   AND (i.owner_outlet_id = %" G_GINT64_FORMAT " OR o.outlet_id = %" G_GINT64_FORMAT ")",
              performances[e], id, id));
        }

      /* the channels chart says what the sales by channel say */
      {
        JsonArray *chart = json_object_get_array_member (object_of (channels), "rows");
        JsonArray *sales = json_object_get_array_member (object_of (by_channel), "rows");

        g_assert_cmpuint (json_array_get_length (chart), ==, json_array_get_length (sales));
        for (guint c = 0; c < json_array_get_length (sales); c++)
          {
            JsonObject *sale = json_array_get_object_element (sales, c);
            const char *channel = json_object_get_string_member (sale, "channel");
            JsonObject *row = row_where (chart, "channel", channel);

            g_assert_nonnull (row);
            g_assert_cmpint (member_int (row, "tickets"), ==, member_int (sale, "tickets"));
            g_assert_cmpint (member_int (row, "net_cents"), ==, member_int (sale, "net_cents"));
            g_assert_cmpint (member_int (row, "orders"), ==, ts_test_owner_int (server,
                "SELECT count (DISTINCT o.id) FROM ticket_order o JOIN order_item i ON i.order_id = o.id"
                " WHERE o.channel = '%s' AND i.performance_id IS NOT NULL"
                "   AND (i.owner_outlet_id = %" G_GINT64_FORMAT " OR o.outlet_id = %" G_GINT64_FORMAT ")",
                g_str_equal (channel, "internet") ? "internet" : "box_office", id, id));
          }
      }
    }
}

/* A4: end of day — each till against the payments taken and the till report, and the
 * closing recorded. */
static void
test_figures_end_of_day (void)
{
  if (!reports_built ())
    return;
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autoptr(JsonNode) answer = report (outlets[o].manager, "/reports/end-of-day?date=%s", today);
      g_autoptr(JsonNode) till = report (outlets[o].manager, "/accounts/till?date=%s", today);
      JsonArray *tills = json_object_get_array_member (json_object_get_object_member (object_of (answer), "tills"), "rows");
      JsonArray *employees = json_object_get_array_member (object_of (till), "employees");
      gint64 taken = 0;

      g_assert_cmpuint (json_array_get_length (tills), ==, json_array_get_length (employees));
      for (guint e = 0; e < json_array_get_length (employees); e++)
        {
          JsonObject *person = json_array_get_object_element (employees, e);
          JsonObject *row = row_where (tills, "employee", json_object_get_string_member (person, "name"));
          gint64 employee = member_int (person, "employee_id");

          g_assert_nonnull (row);
          g_assert_cmpint (member_int (row, "taken_cents"), ==, member_int (person, "taken_cents"));
          g_assert_cmpint (member_int (row, "sales_cents"), ==, member_int (person, "sales_cents"));
          g_assert_cmpint (member_int (row, "refunds_cents"), ==, member_int (person, "refunds_cents"));
          g_assert_cmpint (member_int (row, "taken_cents"), ==, ts_test_owner_int (server,
              "SELECT coalesce (sum (amount_cents), 0) FROM payment WHERE outlet_id = %" G_GINT64_FORMAT
              " AND employee_id = %" G_GINT64_FORMAT, outlets[o].id, employee));
          taken += member_int (row, "taken_cents");
          if (till_closed[o] != NULL
              && member_int (object_of (till_closed[o]), "employee_id") == employee)
            {
              g_assert_cmpint (member_int (row, "counted_cents"), ==,
                               member_int (json_object_get_object_member (object_of (till_closed[o]), "counted"), "cash"));
              g_assert_cmpint (member_int (row, "over_short_cents"), ==,
                               member_int (object_of (till_closed[o]), "over_short_cents"));
            }
        }
      /* the day's summary, as the outlet's own orders, refunds, payments and donations say:
       * what its tills did (A4) */
      {
        JsonArray *summary = json_object_get_array_member (json_object_get_object_member (object_of (answer), "summary"), "rows");
        g_autoptr(JsonNode) keep = NULL;
        JsonObject *want = owner_json (&keep,
            "WITH o AS (SELECT * FROM ticket_order WHERE outlet_id = %" G_GINT64_FORMAT "),"
            " i AS (SELECT i.* FROM order_item i JOIN o ON o.id = i.order_id),"
            " r AS (SELECT * FROM refund WHERE outlet_id = %" G_GINT64_FORMAT ")"
            " SELECT json_build_object ('orders', (SELECT count (*) FROM o), 'tickets', (SELECT count (*) FROM i),"
            "   'gross', (SELECT coalesce (sum (price_cents), 0) FROM i),"
            "   'refunds', (SELECT coalesce (sum (amount_cents), 0) FROM r),"
            "   'net', (SELECT coalesce (sum (price_cents), 0) FROM i) - (SELECT coalesce (sum (amount_cents), 0) FROM r),"
            "   'donations', (SELECT sum (amount_cents) FROM donation WHERE outlet_id = %" G_GINT64_FORMAT "))"
            " :: jsonb || coalesce ((SELECT jsonb_object_agg ('payment:' || method, total) FROM (SELECT method,"
            "   sum (amount_cents) AS total FROM payment WHERE outlet_id = %" G_GINT64_FORMAT " GROUP BY method) x), '{}')",
            outlets[o].id, outlets[o].id, outlets[o].id, outlets[o].id);
        g_autoptr(GList) items = json_object_get_members (want);

        for (GList *m = items; m != NULL; m = m->next)
          {
            JsonObject *row = row_where (summary, "item", m->data);
            gboolean counted = g_str_equal (m->data, "orders") || g_str_equal (m->data, "tickets");

            if (row == NULL)
              g_error ("%s's end of day has no line for %s: %s", outlets[o].code, (const char *) m->data,
                       json_to_string (answer, FALSE));
            g_assert_cmpint (member_int (row, counted ? "count" : "amount_cents"), ==, member_int (want, m->data));
          }
        g_assert_cmpint (taken, ==, ts_test_owner_int (server, "SELECT coalesce (sum (amount_cents), 0) FROM payment"
                                                       " WHERE outlet_id = %" G_GINT64_FORMAT, outlets[o].id));
      }
    }
}

/* K5: an outlet's partner lists hold the answers given to it, never another's (P4). */
static void
test_figures_partner_lists (void)
{
  if (!have_partners)
    {
      g_test_skip ("Partner companies are not in the route table yet (issue 13, partners-server)");
      return;
    }
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_autoptr(JsonNode) yes = report (outlets[o].staff, "/partner-companies/%" G_GINT64_FORMAT
                                        "/patrons?list=preference&answer=yes", partners[o]);
      g_autoptr(JsonNode) marketing = report (outlets[o].staff, "/partner-companies/%" G_GINT64_FORMAT
                                              "/patrons?list=preference&answer=yes&marketing=true", partners[o]);
      gint64 want = ts_test_owner_int (server, "SELECT count (*) FROM partner_preference WHERE partner_company_id = %"
                                       G_GINT64_FORMAT " AND answer = 'yes'", partners[o]);

      g_assert_cmpint (json_array_get_length (json_object_get_array_member (object_of (yes), "rows")), ==, want);
      g_assert_cmpint (member_int (json_object_get_object_member (object_of (yes), "totals"), "patrons"), ==, want);
      g_assert_cmpint (json_array_get_length (json_object_get_array_member (object_of (marketing), "rows")), ==, want);
      /* the shared buyer said no to B's partner only: A's and C's "no" lists are empty */
      {
        g_autoptr(JsonNode) no = report (outlets[o].staff, "/partner-companies/%" G_GINT64_FORMAT
                                         "/patrons?list=preference&answer=no", partners[o]);

        g_assert_cmpint (json_array_get_length (json_object_get_array_member (object_of (no), "rows")), ==,
                         o == OUT_B ? 1 : 0);
      }
    }
}

/* Setup --------------------------------------------------------------------------------- */

static gint64
new_patron (const char *first,
            const char *last)
{
  return ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                            " VALUES ('%s', '%s', %" G_GINT64_FORMAT ") RETURNING id", first, last, outlets[OUT_A].id);
}

static gint64
ticket_type (guint       o,
             const char *name,
             gint64      price,
             gint64      commission,   /* < 0: not for other outlets */
             gboolean    comp)
{
  gint64 table = 0;

  if (commission >= 0)
    table = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents)"
                               " VALUES (%" G_GINT64_FORMAT ", '%s table', %" G_GINT64_FORMAT ") RETURNING id",
                               outlets[o].id, name, commission);
  return ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, other_outlets,"
                            " commission_table_id) VALUES (%" G_GINT64_FORMAT ", '%s', '%s', %" G_GINT64_FORMAT ", %s,"
                            " nullif (%" G_GINT64_FORMAT ", 0)) RETURNING id", outlets[o].id, name, comp ? "comp" : "regular",
                            price, table ? "true" : "false", table);
}

static void
offer (gint64 performance,
       gint64 type)
{
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id)"
                              " SELECT outlet_id, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " FROM ticket_type"
                              " WHERE id = %" G_GINT64_FORMAT, type, performance, type));
}

/* One order, paid in cash; items is the JSON list of its items. */
static JsonNode *
sell (const char *token,
      gint64      purchaser,
      const char *items,
      gint64      cash)
{
  g_autofree char *key = next_key ();
  g_autofree char *payments = cash > 0 ? g_strdup_printf ("[{\"method\": \"cash\", \"amount_cents\": %" G_GINT64_FORMAT "}]", cash)
                                       : g_strdup ("[]");
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": %s, \"payments\": %s}", key, purchaser, items, payments);
  JsonNode *order = ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
  gint64 id = ts_test_member_int (order, "id");

  g_array_append_val (orders, id);
  return order;
}

static void
refund_item (const char *token,
             gint64      order,
             gint64      item,
             gint64      cash)
{
  g_autofree char *url = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", order);
  g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Cannot come\","
                                           " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %" G_GINT64_FORMAT "}]}",
                                           item, cash);

  json_node_unref (ts_test_expect (server, "POST", url, token, body, 200));
}

static gint64
item_of (gint64 order,
         gint64 performance,
         guint  nth)
{
  return ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                            " AND performance_id = %" G_GINT64_FORMAT " ORDER BY id OFFSET %u LIMIT 1", order, performance, nth);
}

static void
admit (guint  o,
       gint64 item,
       gint64 performance)
{
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT ", \"door\": \"Main\", \"nonce\": \"%s\","
                                           " \"performance_id\": %" G_GINT64_FORMAT "}", item, key, performance);
  g_autoptr(JsonNode) scan = ts_test_expect (server, "POST", "/api/v1/scans", outlets[o].door, body, 200);

  g_assert_cmpstr (ts_test_member_string (scan, "result"), ==, "admitted");
}

/* Donations, a membership and a mailing list of the outlet's, through the API (P4). */
static void
patron_data (guint       o,
             const char *fund,
             gint64      amount,
             const char *method,
             const char *level,
             const char *list,
             const char *donor,
             const char *member)
{
  gint64 donor_id = new_patron ("Dora", donor);
  gint64 member_id = new_patron ("Mel", member);
  g_autofree char *donations = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/donations", donor_id);
  g_autofree char *donation = g_strdup_printf ("{\"amount_cents\": %" G_GINT64_FORMAT ", \"donated_on\": \"%s\","
                                               " \"fund\": \"%s\", \"method\": \"%s\"}", amount, today, fund, method);
  g_autofree char *memberships = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/memberships", member_id);
  g_autofree char *ends = ts_test_owner_sqlf (server, "SELECT (DATE '%s' + 365)::text", today);
  g_autofree char *membership = g_strdup_printf ("{\"level\": \"%s\", \"starts_on\": \"%s\", \"ends_on\": \"%s\"}",
                                                 level, today, ends);
  g_autofree char *list_body = g_strdup_printf ("{\"name\": \"%s\"}", list);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *members = NULL;
  g_autofree char *add = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", member_id);

  json_node_unref (ts_test_expect (server, "POST", donations, outlets[o].staff, donation, 201));
  json_node_unref (ts_test_expect (server, "POST", memberships, outlets[o].staff, membership, 201));
  created = ts_test_expect (server, "POST", "/api/v1/mailing-lists", outlets[o].staff, list_body, 201);
  mailing_lists[o] = ts_test_member_int (created, "id");
  members = g_strdup_printf ("/api/v1/mailing-lists/%" G_GINT64_FORMAT "/members", mailing_lists[o]);
  json_node_unref (ts_test_expect (server, "POST", members, outlets[o].staff, add, 200));

  secret (fund, 1u << o);
  secret_cents (amount, 1u << o);
  secret (level, 1u << o);
  secret (list, 1u << o);
  secret (donor, 1u << o);
  secret (member, 1u << o);
}

/* K1, K2: a partner company on one of the outlet's events, and a patron's answer for it
 * given at the outlet (P4). */
static void
partner (guint       o,
         const char *name,
         guint       event,
         const char *answerer)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\"}", name);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/partner-companies", outlets[o].manager, body, 201);
  g_autofree char *event_url = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, events[event]);
  g_autofree char *event_body = NULL;
  gint64 patron = new_patron ("Pat", answerer);
  g_autofree char *prefs = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
  g_autofree char *answer = NULL;

  partners[o] = ts_test_member_int (created, "id");
  event_body = g_strdup_printf ("{\"partner_company_ids\": [%" G_GINT64_FORMAT "]}", partners[o]);
  json_node_unref (ts_test_expect (server, "PATCH", event_url, outlets[o].manager, event_body, 200));
  answer = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"yes\"}]}",
                            partners[o]);
  json_node_unref (ts_test_expect (server, "PUT", prefs, outlets[o].staff, answer, 200));
  secret (name, 1u << o);
  secret (answerer, 1u << o);
}

static void
set_up (void)
{
  g_autoptr(JsonNode) created = NULL;
  char *seat[6];
  gint64 map_id, buyer;
  gint64 a_stalls, a_press, a_guest, b_balcony, b_gallery, b_house, c_house;

  /* ids far above the amounts of the scenario, so that a number found in a report is
   * the amount it looks like */
  ts_test_owner_sql (server,
      "SELECT count (setval (x.oid, x.next)) FROM ("
      "  SELECT c.oid, 3000000 + 1000 * row_number () OVER (ORDER BY c.relname) AS next"
      "    FROM pg_class c JOIN pg_sequences s ON s.schemaname = 'public' AND s.sequencename = c.relname"
      "   WHERE c.relkind = 'S') x");
  today = ts_test_owner_sqlf (server, "SELECT (now () AT TIME ZONE time_zone)::date::text FROM outlet WHERE id = %"
                              G_GINT64_FORMAT, outlets[OUT_A].id);
  from = ts_test_owner_sqlf (server, "SELECT (DATE '%s' - 7)::text", today);
  to = ts_test_owner_sqlf (server, "SELECT (DATE '%s' + 60)::text", today);
  empty_day = ts_test_owner_sqlf (server, "SELECT (DATE '%s' - 3)::text", today);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (DISTINCT time_zone) FROM outlet"), ==, 1);

  created = ts_test_expect (server, "POST", "/api/v1/maps", outlets[OUT_A].manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Report Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 1, \"seats\": 6,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seat); i++)
    seat[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                  " ORDER BY number::integer OFFSET %u LIMIT 1", map_id, i);

  /* E3: each event's performance is sold by whom the scenario says */
  for (guint e = 0; e < N_EVENTS; e++)
    {
      gint64 owner = outlets[event_setup[e].owner].id;

      events[e] = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                     ", '%s', %" G_GINT64_FORMAT ") RETURNING id", owner, event_setup[e].name, map_id);
      performances[e] = ts_test_owner_int (server,
          "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,"
          " allow_other_outlets, outlets_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
          " now () + interval '10 days', 6, 6, now () - interval '1 day', true, now () - interval '1 day') RETURNING id",
          events[e], owner);
      for (guint o = 0; o < N_OUTLETS; o++)
        if (o != event_setup[e].owner && (event_setup[e].seen_by & (1u << o)) != 0)
          g_free (ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id)"
                                      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", performances[e], outlets[o].id));
      secret (event_setup[e].name, event_setup[e].seen_by);
    }

  /* T5, T6: the types each outlet sells, and the commissions on those others sell */
  a_stalls = ticket_type (OUT_A, "Aardvark Stalls", 10117, -1, FALSE);
  a_press = ticket_type (OUT_A, "Aardvark Press", 0, -1, TRUE);
  a_guest = ticket_type (OUT_A, "Aardvark Guest", 30323, 11351, FALSE);
  b_balcony = ticket_type (OUT_B, "Bison Balcony", 20219, 12373, FALSE);
  b_gallery = ticket_type (OUT_B, "Bison Gallery", 40427, 13397, FALSE);
  b_house = ticket_type (OUT_B, "Bison House", 60631, -1, FALSE);
  c_house = ticket_type (OUT_C, "Cormorant House", 50543, -1, FALSE);
  offer (performances[EV_AARDVARK], a_stalls);
  offer (performances[EV_AARDVARK], a_press);
  offer (performances[EV_AARDVARK], a_guest);
  offer (performances[EV_BALLET], b_balcony);
  offer (performances[EV_TANGO], b_gallery);
  offer (performances[EV_SOLO], b_house);
  offer (performances[EV_CABARET], c_house);
  secret ("Aardvark Stalls", SEEN_A);
  secret ("Aardvark Press", SEEN_A);
  secret ("Aardvark Guest", SEEN_A | SEEN_C);
  secret ("Bison Balcony", SEEN_A | SEEN_B);
  secret ("Bison Gallery", SEEN_B | SEEN_C);
  secret ("Bison House", SEEN_B);
  secret ("Cormorant House", SEEN_C);

  buyer = new_patron ("Ada", "Buyer");
  /* A sells its own event (a ticket and a comp) and one of B's */
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT ","
        "  \"comp_reason\": \"Reviewer\"}]",
        performances[EV_AARDVARK], seat[0], a_stalls, performances[EV_AARDVARK], seat[1], a_press);
    g_autoptr(JsonNode) order = sell (outlets[OUT_A].boxoffice, buyer, items, 10117);

    admit (OUT_A, item_of (ts_test_member_int (order, "id"), performances[EV_AARDVARK], 0), performances[EV_AARDVARK]);
  }
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
        performances[EV_BALLET], seat[0], b_balcony);
    g_autoptr(JsonNode) order = sell (outlets[OUT_A].boxoffice, buyer, items, 20219);

    /* F4: the owner's door admits what another outlet sold */
    admit (OUT_B, item_of (ts_test_member_int (order, "id"), performances[EV_BALLET], 0), performances[EV_BALLET]);
  }
  /* B sells two of its own and refunds one */
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
        performances[EV_SOLO], seat[0], b_house, performances[EV_SOLO], seat[1], b_house);
    g_autoptr(JsonNode) order = sell (outlets[OUT_B].boxoffice, buyer, items, 121262);
    gint64 id = ts_test_member_int (order, "id");

    refund_item (outlets[OUT_B].boxoffice, id, item_of (id, performances[EV_SOLO], 1), 60631);
  }
  /* C sells, in one order, two of A's, one of B's and one of its own; A, owning the
   * event, refunds one of its two from its own till (S6, S7) */
  {
    g_autofree char *items = g_strdup_printf (
        "[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        " {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
        performances[EV_AARDVARK], seat[2], a_guest, performances[EV_AARDVARK], seat[3], a_guest,
        performances[EV_TANGO], seat[0], b_gallery, performances[EV_CABARET], seat[0], c_house);
    g_autoptr(JsonNode) order = sell (outlets[OUT_C].boxoffice, buyer, items, 151616);
    gint64 id = ts_test_member_int (order, "id");

    refund_item (outlets[OUT_A].boxoffice, id, item_of (id, performances[EV_AARDVARK], 1), 30323);
    admit (OUT_C, item_of (id, performances[EV_CABARET], 0), performances[EV_CABARET]);
  }
  /* two of the performances have begun since (their no-shows count) */
  g_free (ts_test_owner_sqlf (server, "UPDATE performance SET starts_at = now () - interval '2 hours'"
                              " WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                              performances[EV_AARDVARK], performances[EV_CABARET]));
  /* amounts, and who may see them: the owner and the seller of a line; an order's
   * total and payments, its seller only (P5) */
  secret_cents (10117, SEEN_A);
  secret_cents (20219, SEEN_A | SEEN_B);
  secret_cents (12373, SEEN_A | SEEN_B);
  secret_cents (60631, SEEN_B);
  secret_cents (121262, SEEN_B);
  secret_cents (30323, SEEN_A | SEEN_C);
  secret_cents (60646, SEEN_A | SEEN_C);
  secret_cents (11351, SEEN_A | SEEN_C);
  secret_cents (22702, SEEN_A | SEEN_C);
  secret_cents (40427, SEEN_B | SEEN_C);
  secret_cents (13397, SEEN_B | SEEN_C);
  secret_cents (50543, SEEN_C);
  secret_cents (151616, SEEN_C);
  /* the sellers a sales report names (outlet names themselves are public) */
  {
    static const char *names[N_OUTLETS] = { "University Theatre", "Athletic Centre", "Ticket Centre" };
    guint seen[N_OUTLETS] = { SEEN_A | SEEN_B, SEEN_B, SEEN_A | SEEN_B | SEEN_C };

    for (guint o = 0; o < N_OUTLETS; o++)
      {
        secret (names[o], seen[o]);
        ((Secret *) g_ptr_array_index (secrets, secrets->len - 1))->sales_only = TRUE;
      }
  }
  /* the box office employees whose tills took the money (A4) */
  secret ("Natarajan", SEEN_A);
  secret ("Mbeki", SEEN_B);
  secret ("Bouchard", SEEN_C);

  /* P4: each outlet's own donations, memberships and mailing lists */
  patron_data (OUT_A, "Aardvark Endowment", 1234567, "cheque", "Aardvark Gold Circle", "Aardvark Insiders",
               "Aarddonor", "Aardlister");
  patron_data (OUT_B, "Bison Scholarship", 2345671, "card", "Bison Bronze Club", "Bison Boosters",
               "Bisondonor", "Bisonlister");
  patron_data (OUT_C, "Cormorant Commons", 3456712, "cash", "Cormorant Silver Wing", "Cormorant Crew",
               "Cormodonor", "Cormolister");

  /* A4: each box office closes its till, counting a sum no other outlet has */
  have_till_close = have_route ("POST", "/accounts/till/close");
  if (have_till_close)
    {
      static const gint64 counted[N_OUTLETS] = { 88883, 99991, 77797 };

      for (guint o = 0; o < N_OUTLETS; o++)
        {
          g_autofree char *body = g_strdup_printf ("{\"date\": \"%s\", \"counted\": {\"cash\": %" G_GINT64_FORMAT "},"
                                                   " \"note\": \"Counted twice\"}", today, counted[o]);

          till_closed[o] = ts_test_expect (server, "POST", "/api/v1/accounts/till/close", outlets[o].boxoffice, body, 201);
          secret_cents (counted[o], 1u << o);
          secret_cents (member_int (object_of (till_closed[o]), "over_short_cents"), 1u << o);
        }
    }

  /* K1, K2: partner companies and answers, each outlet's own */
  have_partners = have_route ("GET", "/partner-companies/{id}/patrons");
  if (have_partners)
    {
      partner (OUT_A, "Aardvark Coproductions", EV_AARDVARK, "Aardprefer");
      partner (OUT_B, "Bison Touring", EV_SOLO, "Bisonprefer");
      partner (OUT_C, "Cormorant Partners", EV_CABARET, "Cormoprefer");
      /* K2, P4: the buyer every outlet sees says no to B's partner, at B */
      {
        g_autofree char *prefs = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", buyer);
        g_autofree char *answer = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT ","
                                                   " \"answer\": \"no\"}]}", partners[OUT_B]);

        json_node_unref (ts_test_expect (server, "PUT", prefs, outlets[OUT_B].staff, answer, 200));
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (seat); i++)
    g_free (seat[i]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  secrets = g_ptr_array_new_with_free_func (secret_free);
  orders = g_array_new (FALSE, FALSE, sizeof (gint64));
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      outlets[o].id = ts_test_outlet_id (server, outlets[o].code);
      outlets[o].manager = ts_test_sign_in (server, outlets[o].code, "manager", "manager-password");
      outlets[o].boxoffice = ts_test_sign_in (server, outlets[o].code, "boxoffice", "boxoffice-password");
      outlets[o].walkup = ts_test_sign_in (server, outlets[o].code, "walkup", "walkup-password");
      outlets[o].staff = ts_test_sign_in (server, outlets[o].code, "staff", "staff-password");
      outlets[o].door = ts_test_sign_in (server, outlets[o].code, "door", "door-password");
    }
  set_up ();

  g_test_add_func ("/reports-privacy/expected-figures", test_expected_figures);
  g_test_add_func ("/reports-privacy/matrix", test_matrix);
  g_test_add_func ("/reports-privacy/end-of-day-levels", test_end_of_day_levels);
  g_test_add_func ("/reports-privacy/figures/sales", test_figures_sales);
  g_test_add_func ("/reports-privacy/figures/orders-and-ledgers", test_figures_orders_and_ledgers);
  g_test_add_func ("/reports-privacy/figures/patron-data", test_figures_patron_data);
  g_test_add_func ("/reports-privacy/figures/performances", test_figures_performances);
  g_test_add_func ("/reports-privacy/figures/end-of-day", test_figures_end_of_day);
  g_test_add_func ("/reports-privacy/figures/partner-lists", test_figures_partner_lists);

  status = g_test_run ();
  for (guint o = 0; o < N_OUTLETS; o++)
    {
      g_free (outlets[o].manager);
      g_free (outlets[o].boxoffice);
      g_free (outlets[o].walkup);
      g_free (outlets[o].staff);
      g_free (outlets[o].door);
      g_clear_pointer (&till_closed[o], json_node_unref);
    }
  g_ptr_array_unref (secrets);
  g_array_unref (orders);
  g_free (master);
  g_free (from);
  g_free (to);
  g_free (today);
  g_free (empty_day);
  ts_test_server_free (server);
  return status;
}
