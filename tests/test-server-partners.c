/* test-server-partners.c — partner companies as a box-office manager, an agent at the
 * till, a marketing officer and another outlet see them: setting them up and the
 * refusals, the partners of an event, a patron's YES / NO / NOT ASKED with its consent
 * record, the questions a sale asks and the answers it records for the purchaser (once,
 * whatever the retries), the internet's stricter rule, and the lists handed to a partner
 * (rules K1–K5, P2, P4, P5, P7, R1, C4)
 *
 * The season is set up with SQL as the owner role; everything else goes through HTTP as
 * the outlets' demo employees.  Another outlet's partner must answer exactly like an
 * unknown id, on its own routes and inside every body that names one. */
#include <string.h>

#include <libpq-fe.h>

#include "ts-demo-season.h"
#include "ts-json.h"
#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_manager, *uth_boxoffice, *uth_staff, *uth_walkup, *ath_manager, *ath_boxoffice;
static gint64 uth, ath;
static gint64 hamlet, sessions, relay, perf_hamlet, perf_sessions, perf_relay;
static gint64 adult, ath_type;
static char *seats[20];
static guint next_seat;
static guint counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static char *path_of (const char *format, ...) G_GNUC_PRINTF (1, 2);

static char *
path_of (const char *format,
         ...)
{
  va_list args;
  char *path;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return path;
}

static gint64
new_patron (const char *first,
            const char *last)
{
  return ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('%s', '%s', %"
                            G_GINT64_FORMAT ") RETURNING id", first, last, uth);
}

/* A partner company of the outlet, made as its manager would (K1). */
static gint64
new_partner (const char *token,
             const char *name,
             gboolean    collect)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"collect_preferences\": %s}", name,
                                           collect ? "true" : "false");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/partner-companies", token, body, 201);

  return ts_test_member_int (created, "id");
}

static void
set_event_partners (const char *token,
                    gint64      event,
                    const char *ids)
{
  g_autofree char *path = path_of ("/api/v1/events/%" G_GINT64_FORMAT, event);
  g_autofree char *body = g_strdup_printf ("{\"partner_company_ids\": [%s]}", ids);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "PATCH", path, token, body, 200);
}

/* An order body: one seat of perf (the next free seat), with partner answers (a JSON
 * list, or NULL). */
static char *
order_body (const char *key,
            gint64      purchaser,
            gint64      perf,
            gint64      type,
            const char *answers)
{
  g_autofree char *extra = answers ? g_strdup_printf (", \"partner_answers\": %s", answers) : g_strdup ("");
  const char *seat = seats[next_seat++ % G_N_ELEMENTS (seats)];

  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]%s}",
                          key, purchaser, perf, seat, type, extra);
}

static char *
next_key (void)
{
  return g_strdup_printf ("partner-order-%05u", ++counter);
}

static gint64
history_count (gint64 partner,
               gint64 patron)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM partner_preference_history WHERE partner_company_id = %"
                            G_GINT64_FORMAT " AND patron_id = %" G_GINT64_FORMAT, partner, patron);
}

static const char *
answer_of (JsonNode *preferences,
           gint64    partner)
{
  JsonArray *list = json_object_get_array_member (object_of (preferences), "preferences");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      if (json_object_get_int_member (row, "partner_company_id") == partner)
        return json_object_get_string_member (row, "answer");
    }
  return NULL;
}

static guint
length_of (JsonNode   *answer,
           const char *member)
{
  return json_array_get_length (json_object_get_array_member (object_of (answer), member));
}

/* The patron's answer as the outlet sees it, through the API. */
static char *
preference (const char *token,
            gint64      patron,
            gint64      partner)
{
  g_autofree char *path = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences?all=true", patron);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, token, NULL, 200);

  return g_strdup (answer_of (answer, partner));
}

/* Runs SQL as the owner and answers "ok" or the SQLSTATE and message it raised. */
static char *
owner_try (const char *sql)
{
  g_autofree char *wrapped = g_strdup_printf (
      "CREATE FUNCTION pg_temp.try (q text) RETURNS text LANGUAGE plpgsql AS $f$"
      " BEGIN EXECUTE q; RETURN 'ok'; EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE || ' ' || SQLERRM; END $f$;"
      " SELECT pg_temp.try ($q$%s$q$)", sql);

  return ts_test_owner_sql (server, wrapped);
}

/* Setting partners up (K1, C4) ------------------------------------------------------- */

static void
test_crud (void)
{
  g_autofree char *long_name = g_strnfill (121, 'x');
  g_autofree char *too_long = g_strdup_printf ("{\"name\": \"%s\"}", long_name);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/partner-companies", uth_manager,
      "{\"name\": \"Stage Left Co-op\", \"web_description\": \"Our co-producers on the west coast.\"}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *path = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) staff_list = NULL;
  g_autoptr(JsonNode) everyone = NULL;
  gint64 spare;
  g_autofree char *spare_path = NULL;

  /* K1: a name is all it needs; it collects preferences unless told otherwise */
  g_assert_cmpint (ts_test_member_int (created, "outlet_id"), ==, uth);
  g_assert_cmpstr (ts_test_member_string (created, "name"), ==, "Stage Left Co-op");
  g_assert_true (json_object_get_boolean_member (object_of (created), "collect_preferences"));
  g_assert_cmpstr (ts_test_member_string (created, "web_description"), ==, "Our co-producers on the west coast.");
  g_assert_cmpint (ts_test_member_int (created, "event_count"), ==, 0);
  got = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
  g_assert_cmpstr (ts_test_member_string (got, "name"), ==, "Stage Left Co-op");

  patched = ts_test_expect (server, "PATCH", path, uth_manager,
                            "{\"collect_preferences\": false, \"web_description\": null}", 200);
  g_assert_false (json_object_get_boolean_member (object_of (patched), "collect_preferences"));
  g_assert_cmpstr (ts_test_member_string (patched, "web_description"), ==, "");
  g_assert_cmpstr (ts_test_member_string (patched, "name"), ==, "Stage Left Co-op");

  /* bad input names the field and changes nothing */
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", uth_manager, "{\"collect_preferences\": true}",
                        400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", uth_manager, "{\"name\": \"   \"}",
                        400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", uth_manager, too_long, 400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", uth_manager, "{\"name\": \"stage left CO-OP\"}",
                        409, "conflict", "name: there is already a partner company called");
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", uth_manager,
                        "{\"name\": \"Other\", \"colour\": \"red\"}", 400, "invalid_input", "colour");
  spare = new_partner (uth_manager, "Spare Partner", TRUE);
  spare_path = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT, spare);
  ts_test_expect_error (server, "PATCH", spare_path, uth_manager, "{\"name\": \"Stage left co-op\"}",
                        409, "conflict", "already a partner company called");
  ts_test_expect_error (server, "PATCH", spare_path, uth_manager, "{\"name\": null}", 400, "invalid_input", "name");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_company WHERE lower (name) = 'other'"), ==, 0);
  /* the same name is free at another outlet (K1) */
  g_assert_cmpint (new_partner (ath_manager, "Stage Left Co-op", TRUE), >, 0);

  /* C4: Staff and up read, Box Office Managers set up */
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", uth_staff, "{\"name\": \"Mine\"}",
                        403, "forbidden", "Box Office Manager");
  ts_test_expect_error (server, "PATCH", path, uth_boxoffice, "{\"name\": \"Mine\"}", 403, "forbidden", "Box Office Manager");
  ts_test_expect_error (server, "DELETE", spare_path, uth_boxoffice, NULL, 403, "forbidden", "Box Office Manager");
  staff_list = ts_test_expect (server, "GET", "/api/v1/partner-companies", uth_staff, NULL, 200);
  {
    JsonArray *rows = json_object_get_array_member (object_of (staff_list), "partner_companies");

    /* by name, own outlet's only (P4) */
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        g_assert_cmpint (json_object_get_int_member (row, "outlet_id"), ==, uth);
        if (i > 0)
          g_assert_cmpint (g_utf8_collate (json_object_get_string_member (json_array_get_object_element (rows, i - 1), "name"),
                                           json_object_get_string_member (row, "name")), <=, 0);
      }
  }
  {
    g_autofree char *named = path_of ("/api/v1/partner-companies?outlet_id=%" G_GINT64_FORMAT, ath);

    ts_test_expect_error (server, "GET", named, uth_staff, NULL, 403, "forbidden", "private");
    list = ts_test_expect (server, "GET", named, master, NULL, 200);
    g_assert_cmpuint (length_of (list, "partner_companies"), >=, 1);
  }
  everyone = ts_test_expect (server, "GET", "/api/v1/partner-companies", master, NULL, 200);
  g_assert_cmpuint (length_of (everyone, "partner_companies"), >, length_of (staff_list, "partner_companies"));
  ts_test_expect_error (server, "POST", "/api/v1/partner-companies", master, "{\"name\": \"Nowhere\"}",
                        400, "invalid_input", "outlet_id");

  /* R1: audited; removing an unused partner works */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'partner_company'"
                                      " AND action = 'insert' AND entity_id = '%" G_GINT64_FORMAT "'", id), ==, 1);
  ts_test_expect (server, "DELETE", spare_path, uth_manager, NULL, 204);
  ts_test_expect_error (server, "GET", spare_path, uth_staff, NULL, 404, "not_found", "No such partner company");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'partner_company'"
                                      " AND action = 'delete' AND entity_id = '%" G_GINT64_FORMAT "'", spare), ==, 1);
}

/* An event's partners (K1) ------------------------------------------------------------ */

static void
test_event_partners (void)
{
  gint64 b = new_partner (uth_manager, "Bravo Productions", TRUE);
  gint64 a = new_partner (uth_manager, "Alpha Arts", FALSE);
  g_autofree char *ids = g_strdup_printf ("%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT, b, a, b);
  g_autofree char *event_path = path_of ("/api/v1/events/%" G_GINT64_FORMAT, sessions);
  g_autofree char *b_path = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT, b);
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(JsonNode) partner = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  JsonArray *listed, *named;
  gint64 map = ts_test_owner_int (server, "SELECT map_id FROM event WHERE id = %" G_GINT64_FORMAT, sessions);
  g_autofree char *create_body = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *refused = NULL;

  set_event_partners (uth_manager, sessions, ids);
  event = ts_test_expect (server, "GET", event_path, uth_staff, NULL, 200);
  listed = json_object_get_array_member (object_of (event), "partner_company_ids");
  named = json_object_get_array_member (object_of (event), "partner_companies");
  /* the whole set, ids sorted; the names by name */
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);
  g_assert_cmpint (json_array_get_int_element (listed, 0), ==, MIN (a, b));
  g_assert_cmpint (json_array_get_int_element (listed, 1), ==, MAX (a, b));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (named, 0), "name"), ==, "Alpha Arts");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (named, 0), "collect_preferences"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (named, 1), "name"), ==, "Bravo Productions");
  partner = ts_test_expect (server, "GET", b_path, uth_staff, NULL, 200);
  g_assert_cmpint (ts_test_member_int (partner, "event_count"), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'event_partner_company'"
                                      " AND subject_outlet_id = %" G_GINT64_FORMAT " AND entity_id = '%" G_GINT64_FORMAT
                                      "/%" G_GINT64_FORMAT "'", uth, sessions, b), ==, 1);

  /* K1: a partner on an event stays until taken off it */
  ts_test_expect_error (server, "DELETE", b_path, uth_manager, NULL, 409, "conflict", "take it off them first");

  /* a new event names its partners too */
  create_body = g_strdup_printf ("{\"name\": \"Partnered\", \"map_id\": %" G_GINT64_FORMAT ", \"partner_company_ids\": [%"
                                 G_GINT64_FORMAT "]}", map, a);
  created = ts_test_expect (server, "POST", "/api/v1/events", uth_manager, create_body, 201);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (object_of (created), "partner_company_ids"), 0),
                   ==, a);

  /* bad lists name the field */
  ts_test_expect_error (server, "PATCH", event_path, uth_manager, "{\"partner_company_ids\": \"all\"}", 400, "invalid_input",
                        "partner_company_ids");
  ts_test_expect_error (server, "PATCH", event_path, uth_manager, "{\"partner_company_ids\": [0]}", 400, "invalid_input",
                        "partner_company_ids");
  ts_test_expect_error (server, "PATCH", event_path, uth_manager, "{\"partner_company_ids\": [2147483000]}", 400,
                        "invalid_input", "partner_company_ids: no such partner company");

  /* the database refuses a partner of another outlet on an event, whoever writes it (P4) */
  sql = g_strdup_printf ("INSERT INTO event_partner_company (event_id, partner_company_id) SELECT %" G_GINT64_FORMAT
                         ", id FROM partner_company WHERE outlet_id = %" G_GINT64_FORMAT " LIMIT 1", sessions, ath);
  refused = owner_try (sql);
  g_assert_true (g_str_has_prefix (refused, "TS400"));

  /* the empty set takes every partner off */
  cleared = ts_test_expect (server, "PATCH", event_path, uth_manager, "{\"partner_company_ids\": []}", 200);
  g_assert_cmpuint (length_of (cleared, "partner_company_ids"), ==, 0);
  ts_test_expect (server, "DELETE", b_path, uth_manager, NULL, 204);
}

/* Another outlet's partner is an unknown id (P4, P7) ---------------------------------- */

static void
test_other_outlet (void)
{
  gint64 theirs = new_partner (ath_manager, "Varsity Friends", TRUE);
  gint64 mine = new_partner (uth_manager, "Hamlet Touring", TRUE);
  gint64 patron = new_patron ("Other", "Outlet");
  gint64 orders_before;
  const char *tails[] = { "", "/patrons?answer=yes", NULL };

  for (const char **tail = tails; *tail != NULL; tail++)
    {
      g_autofree char *their_path = g_strdup_printf ("/api/v1/partner-companies/%" G_GINT64_FORMAT "%s", theirs, *tail);
      g_autofree char *unknown_path = g_strdup_printf ("/api/v1/partner-companies/%d%s", 2147480000, *tail);
      guint status_theirs, status_unknown;
      g_autoptr(JsonNode) a = ts_test_call (server, "GET", their_path, uth_manager, NULL, &status_theirs);
      g_autoptr(JsonNode) b = ts_test_call (server, "GET", unknown_path, uth_manager, NULL, &status_unknown);

      g_assert_cmpuint (status_theirs, ==, 404);
      g_assert_cmpuint (status_unknown, ==, 404);
      g_assert_cmpstr (ts_test_error_message (a), ==, ts_test_error_message (b));
    }
  {
    g_autofree char *their_path = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT, theirs);

    ts_test_expect_error (server, "PATCH", their_path, uth_manager, "{\"name\": \"Mine now\"}", 404, "not_found",
                          "No such partner company");
    ts_test_expect_error (server, "DELETE", their_path, uth_manager, NULL, 404, "not_found", "No such partner company");
  }

  /* inside bodies: the event's partners, a patron's preferences, a sale's answers */
  {
    g_autofree char *event_path = path_of ("/api/v1/events/%" G_GINT64_FORMAT, hamlet);
    g_autofree char *body = g_strdup_printf ("{\"partner_company_ids\": [%" G_GINT64_FORMAT "]}", theirs);
    g_autofree char *prefs = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
    g_autofree char *put = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                            ", \"answer\": \"yes\"}]}", theirs);
    g_autofree char *key = next_key ();
    g_autofree char *answers = g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"yes\"}]",
                                                theirs);
    g_autofree char *order = NULL;
    g_autofree char *mine_ids = g_strdup_printf ("%" G_GINT64_FORMAT, mine);

    ts_test_expect_error (server, "PATCH", event_path, uth_manager, body, 400, "invalid_input",
                          "partner_company_ids: no such partner company");
    ts_test_expect_error (server, "PUT", prefs, uth_staff, put, 400, "invalid_input",
                          "preferences[0].partner_company_id: no such partner company");
    set_event_partners (uth_manager, hamlet, mine_ids);
    orders_before = ts_test_owner_int (server, "SELECT count (*) FROM ticket_order");
    order = order_body (key, patron, perf_hamlet, adult, answers);
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, order, 400, "invalid_input",
                          "partner_answers[0].partner_company_id: no such partner company");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order"), ==, orders_before);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_preference WHERE patron_id = %"
                                        G_GINT64_FORMAT, patron), ==, 0);
  }

  /* another outlet never sees our partners in a patron's preferences, nor the answers (P4) */
  {
    g_autofree char *prefs = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
    g_autofree char *put = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                            ", \"answer\": \"yes\"}]}", mine);
    g_autofree char *all = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences?all=true", patron);
    g_autoptr(JsonNode) saved = ts_test_expect (server, "PUT", prefs, uth_staff, put, 200);
    g_autoptr(JsonNode) seen = ts_test_expect (server, "GET", all, ath_manager, NULL, 200);
    JsonArray *rows = json_object_get_array_member (object_of (seen), "preferences");

    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, i), "partner_company_id"), !=, mine);
    g_assert_null (answer_of (seen, mine));
    g_assert_cmpstr (answer_of (seen, theirs), ==, "not_asked");
    /* row-level security hides the row from another outlet's context as well (P7) */
    {
      g_autofree char *sql = g_strdup_printf ("SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', false);"
                                              " SELECT count (*) FROM partner_preference WHERE patron_id = %" G_GINT64_FORMAT,
                                              ath, patron);
      g_autofree char *seen_by_ath = ts_test_sql_at (ts_test_server_get_app_conninfo (server), sql);

      g_assert_cmpstr (seen_by_ath, ==, "0");
    }
  }
}

/* A patron's preferences (K2, K4) ---------------------------------------------------- */

static void
test_preferences (void)
{
  gint64 booked = new_partner (uth_manager, "Booked Partner", TRUE);
  gint64 never = new_partner (uth_manager, "Never Booked", TRUE);
  gint64 patron = new_patron ("Gabrielle", "Roy");
  g_autofree char *ids = g_strdup_printf ("%" G_GINT64_FORMAT, booked);
  g_autofree char *key = next_key ();
  g_autofree char *order = NULL;
  g_autofree char *path = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
  g_autofree char *all = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences?all=true", patron);
  g_autofree char *put_never = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                                ", \"answer\": \"yes\"}]}", never);
  g_autofree char *put_back = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                               ", \"answer\": \"not_asked\"}]}", never);
  g_autofree char *put_bad = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                              ", \"answer\": \"maybe\"}]}", never);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) with_all = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) sold = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *row = NULL;
  JsonArray *rows;
  gint64 audits;

  /* the patron booked for one partner's event */
  set_event_partners (uth_manager, sessions, ids);
  order = order_body (key, patron, perf_sessions, adult, NULL);
  sold = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, order, 201);

  /* K4: without all, the partners booked for or answered; with all, every partner */
  before = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
  g_assert_cmpstr (answer_of (before, booked), ==, "not_asked");
  g_assert_null (answer_of (before, never));
  with_all = ts_test_expect (server, "GET", all, uth_staff, NULL, 200);
  g_assert_cmpstr (answer_of (with_all, never), ==, "not_asked");
  rows = json_object_get_array_member (object_of (with_all), "preferences");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *r = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (r, "partner_company_id") == booked)
        {
          g_assert_true (json_object_get_boolean_member (r, "booked"));
          g_assert_true (json_object_get_null_member (r, "set_at"));
          g_assert_true (json_object_get_null_member (r, "set_by"));
          g_assert_true (json_object_get_null_member (r, "source"));
        }
      if (json_object_get_int_member (r, "partner_company_id") == never)
        g_assert_false (json_object_get_boolean_member (r, "booked"));
    }

  /* K2: an answer with when, how and by whom; the consent record and the audit keep it */
  audits = ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'partner_preference'");
  saved = ts_test_expect (server, "PUT", path, uth_staff, put_never, 200);
  g_assert_cmpstr (answer_of (saved, never), ==, "yes");
  rows = json_object_get_array_member (object_of (saved), "preferences");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (json_object_get_int_member (json_array_get_object_element (rows, i), "partner_company_id") == never)
      row = json_array_get_object_element (rows, i);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "source"), ==, "patron_record");
  g_assert_nonnull (json_object_get_string_member (row, "set_at"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "set_by"), "employee_id"), ==,
                   ts_test_owner_int (server, "SELECT id FROM employee WHERE login = 'staff' AND outlet_id = %"
                                      G_GINT64_FORMAT, uth));
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (row, "set_by"), "name"));
  g_assert_cmpint (history_count (never, patron), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'partner_preference'"), ==,
                   audits + 1);

  /* an unchanged answer writes nothing */
  ts_test_expect (server, "PUT", path, uth_staff, put_never, 200);
  g_assert_cmpint (history_count (never, patron), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'partner_preference'"), ==,
                   audits + 1);

  /* back to not asked: recorded too, and the record keeps both */
  after = ts_test_expect (server, "PUT", path, uth_staff, put_back, 200);
  g_assert_cmpstr (answer_of (after, never), ==, "not_asked");
  g_assert_cmpint (history_count (never, patron), ==, 2);
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT string_agg (answer, ',' ORDER BY id) FROM partner_preference_history"
                                       " WHERE partner_company_id = %" G_GINT64_FORMAT " AND patron_id = %" G_GINT64_FORMAT,
                                       never, patron), ==, "yes,not_asked");
  /* the record is append-only for the server's role */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT set_config ('tessera.master', 'on', false);"
                                            " DELETE FROM partner_preference_history WHERE patron_id = %" G_GINT64_FORMAT,
                                            patron);
    PGconn *app = PQconnectdb (ts_test_server_get_app_conninfo (server));
    PGresult *result = PQexec (app, sql);

    g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "42501");
    PQclear (result);
    PQfinish (app);
  }

  /* refusals name the field and change nothing */
  ts_test_expect_error (server, "PUT", path, uth_staff, put_bad, 400, "invalid_input",
                        "preferences[0].answer: must be yes, no or not_asked");
  ts_test_expect_error (server, "PUT", path, uth_staff, "{\"preferences\": [{\"answer\": \"yes\"}]}", 400, "invalid_input",
                        "preferences[0].partner_company_id");
  ts_test_expect_error (server, "PUT", path, uth_staff, "{\"preferences\": {}}", 400, "invalid_input", "preferences");
  ts_test_expect_error (server, "GET", "/api/v1/patrons/2147480000/partner-preferences", uth_staff, NULL, 404,
                        "not_found", NULL);
  ts_test_expect_error (server, "PUT", "/api/v1/patrons/2147480000/partner-preferences", uth_staff, put_never, 404,
                        "not_found", NULL);
  g_assert_cmpint (history_count (never, patron), ==, 2);
}

/* The questions of a sale (K3) ------------------------------------------------------- */

static void
test_questions (void)
{
  gint64 asks = new_partner (uth_manager, "Asking Partner", TRUE);
  gint64 quiet = new_partner (uth_manager, "Quiet Partner", FALSE);
  gint64 other = new_partner (uth_manager, "Sessions Partner", TRUE);
  gint64 theirs = new_partner (ath_manager, "Relay Partner", TRUE);
  gint64 patron = new_patron ("Émile", "Nelligan");
  g_autofree char *hamlet_ids = g_strdup_printf ("%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT, asks, quiet);
  g_autofree char *sessions_ids = g_strdup_printf ("%" G_GINT64_FORMAT, other);
  g_autofree char *relay_ids = g_strdup_printf ("%" G_GINT64_FORMAT, theirs);
  g_autofree char *path = g_strdup_printf ("/api/v1/partner-companies/questions?patron_id=%" G_GINT64_FORMAT
                                           "&performance_ids=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, patron,
                                           perf_hamlet, perf_relay);
  g_autofree char *prefs = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
  g_autofree char *not_asked = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                                ", \"answer\": \"not_asked\"}]}", asks);
  g_autofree char *yes = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                          ", \"answer\": \"no\"}]}", asks);
  g_autoptr(JsonNode) questions = NULL;
  g_autoptr(JsonNode) still = NULL;
  g_autoptr(JsonNode) answered = NULL;
  g_autoptr(JsonNode) ath_questions = NULL;
  JsonObject *question;

  set_event_partners (uth_manager, hamlet, hamlet_ids);
  set_event_partners (uth_manager, sessions, sessions_ids);
  set_event_partners (ath_manager, relay, relay_ids);

  /* only partners that collect, of the caller's own events in the sale, not yet answered */
  questions = ts_test_expect (server, "GET", path, uth_walkup, NULL, 200);
  g_assert_cmpuint (length_of (questions, "questions"), ==, 1);
  question = json_array_get_object_element (json_object_get_array_member (object_of (questions), "questions"), 0);
  g_assert_cmpint (json_object_get_int_member (question, "partner_company_id"), ==, asks);
  g_assert_cmpstr (json_object_get_string_member (question, "name"), ==, "Asking Partner");
  g_assert_true (json_object_has_member (question, "web_description"));

  /* ATH selling the same performances asks only about its own event's partner (P4) */
  ath_questions = ts_test_expect (server, "GET", path, ath_boxoffice, NULL, 200);
  g_assert_cmpuint (length_of (ath_questions, "questions"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (ath_questions), "questions"), 0), "partner_company_id"),
                   ==, theirs);

  /* "not asked" keeps it a question; an answer ends it */
  ts_test_expect (server, "PUT", prefs, uth_staff, not_asked, 200);
  still = ts_test_expect (server, "GET", path, uth_walkup, NULL, 200);
  g_assert_cmpuint (length_of (still, "questions"), ==, 1);
  ts_test_expect (server, "PUT", prefs, uth_staff, yes, 200);
  answered = ts_test_expect (server, "GET", path, uth_walkup, NULL, 200);
  g_assert_cmpuint (length_of (answered, "questions"), ==, 0);

  /* refusals */
  {
    g_autofree char *no_perfs = g_strdup_printf ("/api/v1/partner-companies/questions?patron_id=%" G_GINT64_FORMAT
                                                 "&performance_ids=3,x", patron);
    g_autofree char *unknown = g_strdup_printf ("/api/v1/partner-companies/questions?patron_id=2147480000"
                                                "&performance_ids=%" G_GINT64_FORMAT, perf_hamlet);

    ts_test_expect_error (server, "GET", no_perfs, uth_walkup, NULL, 400, "invalid_input", "performance_ids");
    ts_test_expect_error (server, "GET", "/api/v1/partner-companies/questions?performance_ids=1", uth_walkup, NULL, 400,
                          "invalid_input", "patron_id");
    ts_test_expect_error (server, "GET", unknown, uth_walkup, NULL, 404, "not_found", NULL);
    ts_test_expect_error (server, "GET", path, uth_staff, NULL, 403, "forbidden", "Walk-up Sales");
  }
}

/* Answers recorded at the sale (K3, S2) ------------------------------------------------- */

static void
test_checkout (void)
{
  gint64 asks = new_partner (uth_manager, "Checkout Partner", TRUE);
  gint64 elsewhere = new_partner (uth_manager, "Elsewhere Partner", TRUE);
  gint64 buyer = new_patron ("Oscar", "Peterson");
  gint64 friend = new_patron ("Joni", "Mitchell");
  gint64 walker = new_patron ("Walk", "Past");
  g_autofree char *hamlet_ids = g_strdup_printf ("%" G_GINT64_FORMAT, asks);
  g_autofree char *sessions_ids = g_strdup_printf ("%" G_GINT64_FORMAT, elsewhere);
  g_autofree char *answers = g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"yes\"}]", asks);
  g_autofree char *wrong = g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"no\"}]", elsewhere);
  g_autofree char *bad = g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"sure\"}]", asks);
  g_autofree char *skip = g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"not_asked\"}]", asks);
  g_autofree char *key = next_key ();
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) sold = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 orders_before;

  set_event_partners (uth_manager, hamlet, hamlet_ids);
  set_event_partners (uth_manager, sessions, sessions_ids);

  /* the purchaser's answer is recorded with the sale, by the agent, from checkout */
  body = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"recipient_id\": %"
                          G_GINT64_FORMAT ", \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}], \"payments\": [{\"method\": \"cash\","
                          " \"amount_cents\": 3500}], \"partner_answers\": %s}",
                          key, buyer, friend, perf_hamlet, seats[next_seat++ % G_N_ELEMENTS (seats)], adult, answers);
  sold = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  answer = preference (uth_staff, buyer, asks);
  g_assert_cmpstr (answer, ==, "yes");
  g_clear_pointer (&answer, g_free);
  answer = preference (uth_staff, friend, asks);
  g_assert_cmpstr (answer, ==, "not_asked");
  g_clear_pointer (&answer, g_free);
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT source || '/' || (SELECT login FROM employee WHERE id = employee_id)"
                                       " FROM partner_preference WHERE partner_company_id = %" G_GINT64_FORMAT
                                       " AND patron_id = %" G_GINT64_FORMAT, asks, buyer), ==, "checkout/boxoffice");
  g_assert_cmpint (history_count (asks, buyer), ==, 1);

  /* S2: the same submission again sells nothing and records nothing again */
  again = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  g_assert_true (json_object_get_boolean_member (object_of (again), "replayed"));
  g_assert_cmpint (history_count (asks, buyer), ==, 1);

  /* once answered, the next sale does not ask, and an answer for it is refused */
  {
    g_autofree char *next = next_key ();
    g_autofree char *order = order_body (next, buyer, perf_hamlet, adult, answers);

    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, order, 400, "invalid_input",
                          "partner_answers[0].partner_company_id: not asked on this order");
  }

  /* an answer for a partner whose event is not in the order sells nothing */
  orders_before = ts_test_owner_int (server, "SELECT count (*) FROM ticket_order");
  {
    g_autofree char *next = next_key ();
    g_autofree char *order = order_body (next, walker, perf_hamlet, adult, wrong);
    g_autofree char *bad_order = NULL;
    g_autofree char *skipped = NULL;
    g_autofree char *next_again = next_key ();
    g_autofree char *next_skip = next_key ();

    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, order, 400, "invalid_input",
                          "partner_answers[0].partner_company_id: not asked on this order");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order"), ==, orders_before);
    bad_order = order_body (next_again, walker, perf_hamlet, adult, bad);
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice, bad_order, 400, "invalid_input",
                          "partner_answers[0].answer: must be yes, no or not_asked");
    ts_test_expect_error (server, "POST", "/api/v1/orders", uth_boxoffice,
                          "{\"idempotency_key\": \"partner-shape-1\", \"items\": [], \"partner_answers\": [7]}",
                          400, "invalid_input", "partner_answers[0]");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order"), ==, orders_before);

    /* box office may answer "not asked": nothing recorded, asked next time */
    skipped = order_body (next_skip, walker, perf_hamlet, adult, skip);
    ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, skipped, 201);
    g_assert_cmpint (history_count (asks, walker), ==, 0);
  }

  /* another outlet selling our event asks nothing, and may not answer for our partner (P4) */
  {
    g_autofree char *next = next_key ();
    g_autofree char *theirs = order_body (next, walker, perf_hamlet, adult, answers);
    g_autofree char *plain_key = next_key ();
    g_autofree char *plain = order_body (plain_key, walker, perf_hamlet, adult, NULL);

    ts_test_expect_error (server, "POST", "/api/v1/orders", ath_boxoffice, theirs, 400, "invalid_input",
                          "partner_answers[0].partner_company_id: no such partner company");
    ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, plain, 201);
    g_assert_cmpint (history_count (asks, walker), ==, 0);
  }
  ts_test_assert_ledgers (server);
}

/* Online, every question is answered yes or no (K3) -------------------------------------- */

/* ts_partner_answers_apply called as the order's transaction calls it, for UTH selling
 * the sessions' performance; answers "ok" or the refusal. */
static char *
apply (gint64      patron,
       const char *channel,
       gint64      partner,
       const char *answer)
{
  g_autofree char *answers = answer ? g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"%s\"}]",
                                                       partner, answer)
                                    : g_strdup ("[]");
  g_autofree char *sql = g_strdup_printf ("SELECT ts_partner_answers_apply (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                          ", '%s', ARRAY[%" G_GINT64_FORMAT "], '%s'::jsonb, NULL)",
                                          uth, patron, channel, perf_sessions, answers);

  return owner_try (sql);
}

static void
test_internet_rule (void)
{
  gint64 asks = new_partner (uth_manager, "Online Partner", TRUE);
  gint64 patron = new_patron ("Web", "Buyer");
  g_autofree char *ids = g_strdup_printf ("%" G_GINT64_FORMAT, asks);
  g_autofree char *none = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *box_office = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *after = NULL;

  set_event_partners (uth_manager, sessions, ids);
  none = apply (patron, "internet", asks, NULL);
  g_assert_true (g_str_has_prefix (none, "TS409"));
  g_assert_nonnull (strstr (none, "partner_answers: answer yes or no for Online Partner"));
  skipped = apply (patron, "internet", asks, "not_asked");
  g_assert_true (g_str_has_prefix (skipped, "TS409"));
  g_assert_cmpint (history_count (asks, patron), ==, 0);

  /* the box office may leave it unanswered */
  box_office = apply (patron, "box_office", asks, NULL);
  g_assert_cmpstr (box_office, ==, "ok");
  g_assert_cmpint (history_count (asks, patron), ==, 0);

  /* answered online: recorded as the patron's own */
  answered = apply (patron, "internet", asks, "no");
  g_assert_cmpstr (answered, ==, "ok");
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT source || '/' || coalesce (employee_id::text, 'patron')"
                                       " FROM partner_preference WHERE partner_company_id = %" G_GINT64_FORMAT
                                       " AND patron_id = %" G_GINT64_FORMAT, asks, patron), ==, "online/patron");
  g_assert_cmpint (history_count (asks, patron), ==, 1);
  /* once answered, the internet has nothing left to ask */
  after = apply (patron, "internet", asks, NULL);
  g_assert_cmpstr (after, ==, "ok");
}

/* Lists for a partner (K5, P2, P4) --------------------------------------------------------- */

static void
test_lists (void)
{
  gint64 listed = new_partner (uth_manager, "Listed Partner", TRUE);
  gint64 yes_patron = new_patron ("Yvonne", "Aye");
  gint64 no_patron = new_patron ("Nadia", "Nay");
  gint64 silent = new_patron ("Sam", "Silent");
  gint64 ath_fan = new_patron ("Theo", "Theirs");
  g_autofree char *ids = g_strdup_printf ("%" G_GINT64_FORMAT, listed);
  g_autofree char *base = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT "/patrons", listed);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) earlier = g_date_time_add_days (now, -2);
  g_autofree char *from = g_date_time_format (earlier, "%F");
  g_autofree char *to = g_date_time_format (later, "%F");

  gint64 night = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) SELECT outlet_id, 'List Night',"
                                    " map_id FROM event WHERE id = %" G_GINT64_FORMAT " RETURNING id", sessions);
  gint64 perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                   " now () + interval '8 days', 1000, 1000, now () - interval '1 day') RETURNING id",
                                   night, uth);

  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf);
  /* a night of its own, so that only this test's buyers booked it */
  set_event_partners (uth_manager, night, ids);
  /* P2: UTH's primary e-mail differs from ATH's for the YES patron */
  ts_test_owner_sqlf (server, "INSERT INTO contact_point (patron_id, kind, value, created_by_outlet) VALUES (%"
                      G_GINT64_FORMAT ", 'email', 'yvonne@uth.example', %" G_GINT64_FORMAT "), (%" G_GINT64_FORMAT
                      ", 'email', 'yvonne@ath.example', %" G_GINT64_FORMAT ")", yes_patron, uth, yes_patron, ath);
  ts_test_owner_sqlf (server, "INSERT INTO contact_primary (outlet_id, patron_id, kind, contact_point_id)"
                      " SELECT %" G_GINT64_FORMAT ", patron_id, kind, id FROM contact_point WHERE value = 'yvonne@ath.example'"
                      " UNION ALL SELECT %" G_GINT64_FORMAT ", patron_id, kind, id FROM contact_point"
                      " WHERE value = 'yvonne@uth.example'", ath, uth);
  ts_test_owner_sqlf (server, "INSERT INTO contact_point (patron_id, kind, line1, city, region, postal_code, country,"
                      " created_by_outlet) VALUES (%" G_GINT64_FORMAT ", 'address', '1 Yes Street', 'Toronto', 'ON',"
                      " 'M5S 1A1', 'Canada', %" G_GINT64_FORMAT ")", yes_patron, uth);
  /* the YES and NO patrons booked and answered at the sale; the silent one booked only */
  for (gint64 *p = (gint64[]) { yes_patron, no_patron, silent, 0 }; *p != 0; p++)
    {
      g_autofree char *key = next_key ();
      g_autofree char *answers = *p == silent ? NULL
                                 : g_strdup_printf ("[{\"partner_company_id\": %" G_GINT64_FORMAT ", \"answer\": \"%s\"}]",
                                                    listed, *p == yes_patron ? "yes" : "no");
      g_autofree char *order = order_body (key, *p, perf, adult, answers);
      g_autoptr(JsonNode) sold = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, order, 201);
    }
  /* ATH's patron, for ATH's own partner: never in UTH's lists */
  {
    gint64 ath_partner = new_partner (ath_manager, "Listed Partner", TRUE);
    g_autofree char *prefs = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", ath_fan);
    g_autofree char *put = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                            ", \"answer\": \"yes\"}]}", ath_partner);
    g_autoptr(JsonNode) saved = ts_test_expect (server, "PUT", prefs, ath_manager, put, 200);
  }

  /* the marketing list: YES only, with the outlet's primary e-mail and address */
  {
    g_autofree char *path = g_strdup_printf ("%s?marketing=true", base);
    g_autoptr(JsonNode) list = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
    JsonArray *rows = json_object_get_array_member (object_of (list), "rows");
    JsonObject *row;

    g_assert_cmpstr (ts_test_member_string (list, "report"), ==, "partner-patrons");
    g_assert_cmpint (ts_test_member_int (list, "outlet_id"), ==, uth);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object_of (list), "partner_company"), "id"),
                     ==, listed);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (list), "columns")), >, 0);
    g_assert_cmpuint (json_array_get_length (rows), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object_of (list), "totals"), "patrons"),
                     ==, 1);
    row = json_array_get_object_element (rows, 0);
    g_assert_cmpint (json_object_get_int_member (row, "patron_id"), ==, yes_patron);
    g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Yvonne Aye");
    g_assert_cmpstr (json_object_get_string_member (row, "email"), ==, "yvonne@uth.example");
    g_assert_cmpstr (json_object_get_string_member (row, "address_line1"), ==, "1 Yes Street");
    g_assert_cmpstr (json_object_get_string_member (row, "address_line2"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (row, "postal_code"), ==, "M5S 1A1");
    g_assert_cmpstr (json_object_get_string_member (row, "answer"), ==, "yes");
    g_assert_nonnull (json_object_get_string_member (row, "set_at"));
  }

  /* by preference: NO; NOT ASKED (booked and never answered); never another outlet's patrons */
  {
    g_autofree char *no_path = g_strdup_printf ("%s?list=preference&answer=no", base);
    g_autofree char *silent_path = g_strdup_printf ("%s?answer=not_asked", base);
    g_autoptr(JsonNode) no_list = ts_test_expect (server, "GET", no_path, uth_staff, NULL, 200);
    g_autoptr(JsonNode) silent_list = ts_test_expect (server, "GET", silent_path, uth_staff, NULL, 200);

    g_assert_cmpuint (length_of (no_list, "rows"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                       json_object_get_array_member (object_of (no_list), "rows"), 0), "patron_id"), ==, no_patron);
    g_assert_cmpuint (length_of (silent_list, "rows"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                       json_object_get_array_member (object_of (silent_list), "rows"), 0), "patron_id"), ==, silent);
  }

  /* who booked in the period, with any answer; with marketing=true the YES only; none before */
  {
    g_autofree char *booked = g_strdup_printf ("%s?list=booked&from=%s&to=%s", base, from, to);
    g_autofree char *booked_yes = g_strdup_printf ("%s?list=booked&from=%s&to=%s&marketing=true", base, from, to);
    g_autofree char *long_ago = g_strdup_printf ("%s?list=booked&from=2020-01-01&to=2020-12-31", base);
    g_autoptr(JsonNode) all = ts_test_expect (server, "GET", booked, uth_staff, NULL, 200);
    g_autoptr(JsonNode) yes_only = ts_test_expect (server, "GET", booked_yes, uth_staff, NULL, 200);
    g_autoptr(JsonNode) none = ts_test_expect (server, "GET", long_ago, uth_staff, NULL, 200);
    JsonArray *rows = json_object_get_array_member (object_of (all), "rows");

    g_assert_cmpuint (json_array_get_length (rows), ==, 3);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, i), "patron_id"), !=, ath_fan);
    /* by last name */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "last_name"), ==, "Aye");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "last_name"), ==, "Nay");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2), "answer"), ==, "not_asked");
    g_assert_cmpuint (length_of (yes_only, "rows"), ==, 1);
    g_assert_cmpuint (length_of (none, "rows"), ==, 0);
  }

  /* ATH's list of its own partner never shows UTH's patrons, nor UTH's its (P4) */
  {
    gint64 ath_partner = ts_test_owner_int (server, "SELECT id FROM partner_company WHERE outlet_id = %" G_GINT64_FORMAT
                                            " AND name = 'Listed Partner'", ath);
    g_autofree char *path = g_strdup_printf ("/api/v1/partner-companies/%" G_GINT64_FORMAT "/patrons?answer=yes",
                                             ath_partner);
    g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", path, ath_manager, NULL, 200);
    g_autofree char *mine = g_strdup_printf ("%s?answer=yes", base);

    g_assert_cmpuint (length_of (theirs, "rows"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                       json_object_get_array_member (object_of (theirs), "rows"), 0), "patron_id"), ==, ath_fan);
    ts_test_expect_error (server, "GET", mine, ath_manager, NULL, 404, "not_found", "No such partner company");
  }

  /* bad parameters name themselves */
  {
    g_autofree char *no_answer = g_strdup_printf ("%s?list=preference", base);
    g_autofree char *bad_list = g_strdup_printf ("%s?list=everyone&answer=yes", base);
    g_autofree char *no_period = g_strdup_printf ("%s?list=booked", base);
    g_autofree char *backwards = g_strdup_printf ("%s?list=booked&from=2026-12-31&to=2026-01-01", base);
    g_autofree char *contradiction = g_strdup_printf ("%s?answer=no&marketing=true", base);

    ts_test_expect_error (server, "GET", no_answer, uth_staff, NULL, 400, "invalid_input", "answer");
    ts_test_expect_error (server, "GET", bad_list, uth_staff, NULL, 400, "invalid_input", "list");
    ts_test_expect_error (server, "GET", no_period, uth_staff, NULL, 400, "invalid_input", "from");
    ts_test_expect_error (server, "GET", backwards, uth_staff, NULL, 400, "invalid_input", "to: before from");
    ts_test_expect_error (server, "GET", contradiction, uth_staff, NULL, 400, "invalid_input", "answer");
  }
}

/* A partner patrons answered for stays, with their consent record (K2) --------------------- */

static void
test_delete_kept (void)
{
  gint64 kept = new_partner (uth_manager, "Kept Partner", TRUE);
  gint64 patron = new_patron ("Kept", "Consent");
  g_autofree char *prefs = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
  g_autofree char *put = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT
                                          ", \"answer\": \"no\"}]}", kept);
  g_autofree char *path = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT, kept);
  g_autoptr(JsonNode) saved = ts_test_expect (server, "PUT", prefs, uth_staff, put, 200);

  ts_test_expect_error (server, "DELETE", path, uth_manager, NULL, 409, "conflict", "consent record");
  g_assert_cmpint (history_count (kept, patron), ==, 1);
}

/* The demo season's partners (K1–K5) ------------------------------------------------------ */

static JsonObject *
partner_named (JsonNode   *list,
               const char *name)
{
  JsonArray *rows = json_object_get_array_member (object_of (list), "partner_companies");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (rows, i), "name"), name) == 0)
      return json_array_get_object_element (rows, i);
  g_error ("no partner company called %s", name);
  return NULL;
}

static void
test_demo (void)
{
  g_autoptr(JsonNode) uth_list = ts_test_expect (server, "GET", "/api/v1/partner-companies", uth_staff, NULL, 200);
  g_autoptr(JsonNode) ath_list = ts_test_expect (server, "GET", "/api/v1/partner-companies", ath_manager, NULL, 200);
  JsonObject *stratford = partner_named (uth_list, "Stratford Touring Company");
  JsonObject *maritime = partner_named (uth_list, "Maritime Opera Co-op");
  JsonObject *boosters = partner_named (ath_list, "Varsity Boosters Club");
  gint64 ada = ts_test_owner_int (server, "SELECT min (id) FROM patron WHERE first_name = 'Ada' AND last_name = 'Lovelace'");
  g_autofree char *marketing = path_of ("/api/v1/partner-companies/%" G_GINT64_FORMAT "/patrons?marketing=true",
                                        json_object_get_int_member (stratford, "id"));
  g_autofree char *ada_path = path_of ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", ada);
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", marketing, uth_staff, NULL, 200);
  g_autoptr(JsonNode) ada_prefs = ts_test_expect (server, "GET", ada_path, uth_staff, NULL, 200);
  g_autofree char *ada_all_path = g_strdup_printf ("%s?all=true", ada_path);
  g_autoptr(JsonNode) ada_all = ts_test_expect (server, "GET", ada_all_path, uth_staff, NULL, 200);
  JsonArray *rows = json_object_get_array_member (object_of (list), "rows");

  g_assert_true (json_object_get_boolean_member (stratford, "collect_preferences"));
  g_assert_cmpint (json_object_get_int_member (stratford, "event_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (stratford, "web_description"), !=, "");
  g_assert_cmpint (json_object_get_int_member (maritime, "event_count"), ==, 0);
  g_assert_false (json_object_get_boolean_member (boosters, "collect_preferences"));
  g_assert_cmpint (json_object_get_int_member (boosters, "event_count"), ==, 1);

  /* K5: the YES patrons, with their e-mail */
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "name"), ==, "Ada Lovelace");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "email"), ==, "ada@example.org");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "name"), ==, "Gabrielle Roy");

  /* K4: Ada answered at the sale; the co-op she never booked for shows with all=true */
  g_assert_cmpstr (answer_of (ada_prefs, json_object_get_int_member (stratford, "id")), ==, "yes");
  g_assert_null (answer_of (ada_prefs, json_object_get_int_member (maritime, "id")));
  g_assert_cmpstr (answer_of (ada_all, json_object_get_int_member (maritime, "id")), ==, "not_asked");
}

static void
set_up_season (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Partner Hall\", \"size\": {\"width\": 600, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 10,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  gint64 commission;

  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  hamlet = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                              ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  sessions = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                ", 'The Studio Sessions', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  relay = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Relay', %" G_GINT64_FORMAT ") RETURNING id", ath, map_id);
#define PERF_SQL "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale," \
                 " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "," \
                 " now () + interval '5 days', 1000, 1000, now () - interval '1 day', now () - interval '1 day', true) RETURNING id"
  perf_hamlet = ts_test_owner_int (server, PERF_SQL, hamlet, uth);
  perf_sessions = ts_test_owner_int (server, PERF_SQL, sessions, uth);
  perf_relay = ts_test_owner_int (server, PERF_SQL, relay, ath);
#undef PERF_SQL
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Partner Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  ath_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                " VALUES (%" G_GINT64_FORMAT ", 'Partner Runner', 3500) RETURNING id", ath);
  for (gint64 *p = (gint64[]) { perf_hamlet, perf_sessions, 0 }; *p != 0; p++)
    ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                        G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, *p);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", ath, ath_type, perf_relay);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  /* the demo season first: it loads only into a database without events */
  if (!ts_demo_season_load (ts_server_get_db (ts_test_server_get_server (server)), &error))
    g_error ("The demo season does not load: %s", error->message);
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_walkup = ts_test_sign_in (server, "UTH", "walkup", "walkup-password");
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  set_up_season ();

  g_test_add_func ("/partners/demo", test_demo);
  g_test_add_func ("/partners/crud", test_crud);
  g_test_add_func ("/partners/event-partners", test_event_partners);
  g_test_add_func ("/partners/other-outlet", test_other_outlet);
  g_test_add_func ("/partners/preferences", test_preferences);
  g_test_add_func ("/partners/questions", test_questions);
  g_test_add_func ("/partners/checkout", test_checkout);
  g_test_add_func ("/partners/internet-rule", test_internet_rule);
  g_test_add_func ("/partners/lists", test_lists);
  g_test_add_func ("/partners/delete-kept", test_delete_kept);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (master);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (uth_walkup);
  g_free (uth_staff);
  g_free (ath_manager);
  g_free (ath_boxoffice);
  ts_test_server_free (server);
  return status;
}
