/* test-server-events.c — season setup over the API: events and performances
 * (E1, E2, E3, E5), commission tables, ticket types and redemptions (T1–T6),
 * hold letters and the display-letter choice (M5, M8), who may do it (C2,
 * C4) and the audit of every write (R1) */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_admin, *uth_manager, *uth_boxoffice, *uth_staff, *ath_admin, *ath_manager;
static gint64 uth, ath, tix;

/* Helpers ------------------------------------------------------------------ */

static JsonObject *
object (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static char *api_path (const char *format, ...) G_GNUC_PRINTF (1, 2);

static char *
api_path (const char *format,
          ...)
{
  va_list args;
  g_autofree char *tail = NULL;

  va_start (args, format);
  tail = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat ("/api/v1", tail, NULL);
}

/* Makes the call and checks the status; the answer is not needed. */
static void
expect (const char *method,
        const char *path,
        const char *token,
        const char *body,
        guint       status)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, method, path, token, body, status);
}

static gint64
new_map (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
                                                "{\"format\": \"generator\", \"demo\": \"studio\"}", 201);

  return json_object_get_int_member (json_object_get_object_member (object (created), "map"), "id");
}

static gint64
new_event (const char *token,
           gint64      map,
           const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"map_id\": %" G_GINT64_FORMAT "}", name, map);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/events", token, body, 201);

  return ts_test_member_int (created, "id");
}

/* fields: more JSON members (may be empty) after starts_at */
static gint64
new_performance (const char *token,
                 gint64      event,
                 const char *fields)
{
  g_autofree char *path = api_path ("/events/%" G_GINT64_FORMAT "/performances", event);
  g_autofree char *body = g_strdup_printf ("{\"starts_at\": \"2030-05-01T19:30:00-04:00\"%s%s}",
                                           *fields ? ", " : "", fields);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", path, token, body, 201);

  return ts_test_member_int (created, "id");
}

static gint64
new_ticket_type (const char *token,
                 const char *body)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/ticket-types", token, body, 201);

  return ts_test_member_int (created, "id");
}

static gint64
new_commission_table (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"amount_cents\": 150, \"percent_bp\": 500}", name);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/commission-tables", uth_manager, body, 201);

  return ts_test_member_int (created, "id");
}

static gboolean
lists_id (JsonNode   *answer,
          const char *member,
          gint64      id)
{
  JsonArray *array = json_object_get_array_member (object (answer), member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_object_get_int_member (json_array_get_object_element (array, i), "id") == id)
      return TRUE;
  return FALSE;
}

static char *owner_sql (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* SQL as the owner role, to stand in for the selling engine (sold and
 * claimed counts) */
static char *
owner_sql (const char *format,
           ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return ts_test_owner_sql (server, sql);
}

static gboolean
same_instant (const char *a,
              const char *b)
{
  g_autoptr(GDateTime) x = g_date_time_new_from_iso8601 (a, NULL);
  g_autoptr(GDateTime) y = g_date_time_new_from_iso8601 (b, NULL);

  g_assert_nonnull (x);
  g_assert_nonnull (y);
  return g_date_time_equal (x, y);
}

/* Events (E1, C4) -------------------------------------------------------------- */

static void
test_events_owner_only (void)
{
  gint64 map = new_map ();
  gint64 event = new_event (uth_manager, map, "Hamlet");
  g_autofree char *path = api_path ("/events/%" G_GINT64_FORMAT, event);
  g_autofree char *uth_filter = g_strdup_printf ("/api/v1/events?outlet_id=%" G_GINT64_FORMAT, uth);
  g_autofree char *ath_filter = g_strdup_printf ("/api/v1/events?outlet_id=%" G_GINT64_FORMAT, ath);
  g_autoptr(JsonNode) mine = ts_test_expect (server, "GET", "/api/v1/events", uth_boxoffice, NULL, 200);
  g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", "/api/v1/events", ath_manager, NULL, 200);
  g_autoptr(JsonNode) all = ts_test_expect (server, "GET", "/api/v1/events", master, NULL, 200);
  g_autoptr(JsonNode) only_uth = ts_test_expect (server, "GET", uth_filter, master, NULL, 200);
  g_autoptr(JsonNode) only_ath = ts_test_expect (server, "GET", ath_filter, master, NULL, 200);
  g_autoptr(JsonNode) read = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
  JsonObject *map_summary = json_object_get_object_member (object (read), "map");

  g_assert_true (lists_id (mine, "events", event));
  g_assert_cmpstr (ts_test_member_string (read, "name"), ==, "Hamlet");
  g_assert_cmpstr (ts_test_member_string (read, "description"), ==, "");
  g_assert_cmpint (ts_test_member_int (read, "outlet_id"), ==, uth);
  g_assert_cmpint (json_object_get_int_member (map_summary, "seat_count"), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (read), "performances")), ==, 0);

  /* E1: another outlet cannot list or open it, and cannot tell it exists */
  g_assert_false (lists_id (theirs, "events", event));
  ts_test_expect_error (server, "GET", path, ath_manager, NULL, 404, "not_found", "No such event");
  ts_test_expect_error (server, "PATCH", path, ath_manager, "{\"name\": \"Mine now\"}", 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", uth_filter, ath_manager, NULL, 403, "forbidden", "Another outlet's season is private to it");
  {
    g_autofree char *missing = api_path ("/events/%" G_GINT64_FORMAT, event + 100000);

    /* the same answer as for an event that does not exist */
    ts_test_expect_error (server, "GET", missing, ath_manager, NULL, 404, "not_found", "No such event");
  }

  /* the Master User sees every outlet's, or one outlet's */
  g_assert_true (lists_id (all, "events", event));
  g_assert_true (lists_id (only_uth, "events", event));
  g_assert_false (lists_id (only_ath, "events", event));

  /* C4: setup is the Box Office Manager's */
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_boxoffice,
                        "{\"name\": \"Macbeth\", \"map_id\": 1}", 403, "forbidden", "needs the Box Office Manager level or above");
  ts_test_expect_error (server, "PATCH", path, uth_boxoffice, "{\"name\": \"x\"}", 403, "forbidden", "needs the Box Office Manager level or above");
  /* signed in only */
  ts_test_expect_error (server, "GET", "/api/v1/events", NULL, NULL, 401, "unauthorized", NULL);
}

static void
test_events_master_and_input (void)
{
  gint64 map = new_map ();
  g_autofree char *for_ath = g_strdup_printf ("{\"name\": \"Guest show\", \"map_id\": %" G_GINT64_FORMAT
                                              ", \"outlet_id\": %" G_GINT64_FORMAT "}", map, ath);
  g_autofree char *without = g_strdup_printf ("{\"name\": \"Guest show\", \"map_id\": %" G_GINT64_FORMAT "}", map);
  g_autofree char *before = ts_test_owner_sql (server, "SELECT count (*) FROM event");
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) created = NULL;

  /* the Master User names the owner; others may name only their own */
  ts_test_expect_error (server, "POST", "/api/v1/events", master, without, 400, "invalid_input", "outlet_id");
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_manager, for_ath, 403, "forbidden", NULL);

  /* bad input names the field and changes nothing */
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_manager, "{\"map_id\": 1}", 400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_manager, "{\"name\": \"  \", \"map_id\": 1}",
                        400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_manager, "{\"name\": \"X\"}", 400, "invalid_input", "map_id");
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_manager, "{\"name\": \"X\", \"map_id\": 999999}",
                        400, "invalid_input", "map_id");
  ts_test_expect_error (server, "POST", "/api/v1/events", uth_manager, "{\"name\": \"X\", \"map_id\": 1, \"colour\": 1}",
                        400, "invalid_input", "colour");
  ts_test_expect_error (server, "POST", "/api/v1/events", master, "{\"name\": \"X\", \"map_id\": 1, \"outlet_id\": 999999}",
                        400, "invalid_input", "outlet_id");
  after = ts_test_owner_sql (server, "SELECT count (*) FROM event");
  g_assert_cmpstr (before, ==, after);

  /* M1: an outlet may use another outlet's map */
  created = ts_test_expect (server, "POST", "/api/v1/events", master, for_ath, 201);
  g_assert_cmpint (ts_test_member_int (created, "outlet_id"), ==, ath);
  g_assert_cmpint (ts_test_member_int (created, "map_id"), ==, map);
  {
    g_autofree char *path = api_path ("/events/%" G_GINT64_FORMAT, ts_test_member_int (created, "id"));
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", path, ath_manager,
                                                 "{\"description\": \"A visiting company\"}", 200);

    g_assert_cmpstr (ts_test_member_string (edited, "description"), ==, "A visiting company");
    g_assert_cmpstr (ts_test_member_string (edited, "name"), ==, "Guest show");
    ts_test_expect_error (server, "GET", path, uth_manager, NULL, 404, "not_found", NULL);
  }
}

static void
test_event_patch (void)
{
  gint64 map = new_map ();
  gint64 other_map = new_map ();
  gint64 event = new_event (uth_manager, map, "Twelfth Night");
  gint64 performance = new_performance (uth_manager, event, "");
  g_autofree char *path = api_path ("/events/%" G_GINT64_FORMAT, event);
  g_autofree char *move = g_strdup_printf ("{\"map_id\": %" G_GINT64_FORMAT "}", other_map);
  g_autofree char *back = g_strdup_printf ("{\"map_id\": %" G_GINT64_FORMAT "}", map);
  g_autofree char *claim = g_strdup_printf ("UPDATE performance SET claimed = 2 WHERE id = %" G_GINT64_FORMAT, performance);
  g_autoptr(JsonNode) renamed = ts_test_expect (server, "PATCH", path, uth_manager,
      "{\"name\": \"Twelfth Night, or What You Will\", \"description\": \"Comedy\"}", 200);

  g_assert_cmpstr (ts_test_member_string (renamed, "name"), ==, "Twelfth Night, or What You Will");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (renamed), "performances")), ==, 1);
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"name\": \"\"}", 400, "invalid_input", "name");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"name\": null}", 400, "invalid_input", "name");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"map_id\": 999999}", 400, "invalid_input", "map_id");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"outlet_id\": 1}", 400, "invalid_input", "outlet_id");

  /* no sales yet: the map may change */
  expect ("PATCH", path, uth_manager, move, 200);
  expect ("PATCH", path, uth_manager, back, 200);
  /* M4: with seats claimed it may not */
  g_free (ts_test_owner_sql (server, claim));
  ts_test_expect_error (server, "PATCH", path, uth_manager, move, 409, "conflict", "so the map cannot change");
  {
    g_autoptr(JsonNode) read = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);

    g_assert_cmpint (ts_test_member_int (read, "map_id"), ==, map);
    g_assert_cmpstr (ts_test_member_string (read, "description"), ==, "Comedy");
  }
  /* the Master User may edit any outlet's event */
  expect ("PATCH", path, master, "{\"description\": null}", 200);
}

/* Performances (E2, E3, E5) ------------------------------------------------------ */

static void
test_performance_defaults (void)
{
  gint64 event = new_event (uth_manager, new_map (), "Defaults");
  gint64 performance = new_performance (uth_manager, event, "");
  g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT, performance);
  g_autoptr(JsonNode) read = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
  JsonObject *p = object (read);
  static const char * const windows[] = {
    "box_office_on_sale", "box_office_off_sale", "internet_on_sale", "internet_off_sale",
    "outlets_on_sale", "outlets_off_sale", NULL
  };

  /* E5: the whole house, no house seats held back */
  g_assert_cmpint (json_object_get_int_member (p, "capacity"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (p, "advance_limit"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (p, "status"), ==, "scheduled");
  g_assert_true (same_instant (json_object_get_string_member (p, "starts_at"), "2030-05-01T23:30:00Z"));
  /* E2: nothing on sale; E3: other outlets may not sell */
  for (guint i = 0; windows[i] != NULL; i++)
    g_assert_true (json_object_get_null_member (p, windows[i]));
  g_assert_false (json_object_get_boolean_member (p, "allow_other_outlets"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "permitted_outlets")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (p, "claimed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (p, "sold"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (p, "seats_left"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (p, "event_id"), ==, event);
}

/* F3, E3: whether other outlets' storefronts may sell a performance online
 * is off by default, set by the owner's Box Office Manager and up as the
 * windows are, shown in the performance and in its event, and kept (as the
 * list of sellers is) while selling at other outlets is off. */
static void
test_performance_online_at_other_outlets (void)
{
  gint64 event = new_event (uth_manager, new_map (), "Online elsewhere");
  gint64 created_on = new_performance (uth_manager, event, "\"allow_other_outlets\": true, \"online_at_other_outlets\": true");
  gint64 performance = new_performance (uth_manager, event, "");
  g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT, performance);
  g_autofree char *created_path = api_path ("/performances/%" G_GINT64_FORMAT, created_on);
  g_autofree char *event_path = api_path ("/events/%" G_GINT64_FORMAT, event);

  {
    g_autoptr(JsonNode) fresh = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
    g_autoptr(JsonNode) created = ts_test_expect (server, "GET", created_path, uth_manager, NULL, 200);

    g_assert_false (json_object_get_boolean_member (object (fresh), "online_at_other_outlets"));
    g_assert_true (json_object_get_boolean_member (object (created), "online_at_other_outlets"));
  }
  {
    g_autoptr(JsonNode) on = ts_test_expect (server, "PATCH", path, uth_manager,
                                             "{\"allow_other_outlets\": true, \"online_at_other_outlets\": true,"
                                             " \"internet_on_sale\": \"2030-03-02T10:00:00-05:00\"}", 200);
    g_autoptr(JsonNode) listed = ts_test_expect (server, "GET", event_path, uth_manager, NULL, 200);
    JsonArray *performances = json_object_get_array_member (object (listed), "performances");

    g_assert_true (json_object_get_boolean_member (object (on), "online_at_other_outlets"));
    g_assert_cmpuint (json_array_get_length (performances), ==, 2);
    for (guint i = 0; i < json_array_get_length (performances); i++)
      g_assert_true (json_object_get_boolean_member (json_array_get_object_element (performances, i),
                                                     "online_at_other_outlets"));
  }
  /* kept while selling at other outlets is off; left out, it stays */
  {
    g_autoptr(JsonNode) off = ts_test_expect (server, "PATCH", path, uth_manager, "{\"allow_other_outlets\": false}", 200);

    g_assert_false (json_object_get_boolean_member (object (off), "allow_other_outlets"));
    g_assert_true (json_object_get_boolean_member (object (off), "online_at_other_outlets"));
  }
  /* who may: the owner's Box Office Manager and up; another outlet's is unknown */
  ts_test_expect_error (server, "PATCH", path, uth_boxoffice, "{\"online_at_other_outlets\": false}",
                        403, "forbidden", "needs the Box Office Manager level or above");
  ts_test_expect_error (server, "PATCH", path, ath_manager, "{\"online_at_other_outlets\": false}",
                        404, "not_found", "No such performance");
  /* bad input names the field and changes nothing */
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"online_at_other_outlets\": null}",
                        400, "invalid_input", "online_at_other_outlets");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"online_at_other_outlets\": \"yes\"}",
                        400, "invalid_input", "online_at_other_outlets");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"online_at_other_outlets\": false, \"capacity\": -1}",
                        400, "invalid_input", "capacity");
  {
    g_autoptr(JsonNode) still = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
    g_autoptr(JsonNode) off = NULL;

    g_assert_true (json_object_get_boolean_member (object (still), "online_at_other_outlets"));
    off = ts_test_expect (server, "PATCH", path, master, "{\"online_at_other_outlets\": false}", 200);
    g_assert_false (json_object_get_boolean_member (object (off), "online_at_other_outlets"));
  }
}

static void
test_performance_create_and_edit (void)
{
  gint64 event = new_event (uth_manager, new_map (), "Windows");
  g_autofree char *fields = g_strdup_printf (
      "\"capacity\": 180, \"advance_limit\": 170, \"status\": \"postponed\","
      " \"box_office_on_sale\": \"2030-03-01T10:00:00-05:00\", \"box_office_off_sale\": \"2030-05-01T19:00:00-04:00\","
      " \"internet_on_sale\": \"2030-03-02T10:00:00-05:00\", \"internet_off_sale\": \"2030-05-01T12:00:00-04:00\","
      " \"outlets_on_sale\": \"2030-03-15T10:00:00-04:00\", \"outlets_off_sale\": \"2030-04-30T23:00:00-04:00\","
      " \"allow_other_outlets\": true, \"permitted_outlets\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
      ath, tix, ath);
  gint64 performance = new_performance (uth_manager, event, fields);
  g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT, performance);
  g_autofree char *create = api_path ("/events/%" G_GINT64_FORMAT "/performances", event);
  g_autofree char *only_tix = g_strdup_printf ("{\"permitted_outlets\": [%" G_GINT64_FORMAT "]}", tix);
  g_autofree char *owner_too = g_strdup_printf ("{\"permitted_outlets\": [%" G_GINT64_FORMAT "]}", uth);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM performance WHERE event_id = %" G_GINT64_FORMAT, event);
  g_autofree char *before = ts_test_owner_sql (server, count_sql);
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) read = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
  JsonArray *sellers = json_object_get_array_member (object (read), "permitted_outlets");

  g_assert_cmpint (ts_test_member_int (read, "capacity"), ==, 180);
  g_assert_cmpint (ts_test_member_int (read, "advance_limit"), ==, 170);
  g_assert_cmpstr (ts_test_member_string (read, "status"), ==, "postponed");
  g_assert_true (same_instant (ts_test_member_string (read, "outlets_on_sale"), "2030-03-15T14:00:00Z"));
  g_assert_true (json_object_get_boolean_member (object (read), "allow_other_outlets"));
  g_assert_cmpuint (json_array_get_length (sellers), ==, 2);   /* the repeated outlet once */

  /* E1: another outlet, even a permitted seller, does not open the setup */
  ts_test_expect_error (server, "GET", path, ath_manager, NULL, 404, "not_found", "No such performance");
  ts_test_expect_error (server, "PATCH", path, ath_manager, "{\"status\": \"cancelled\"}", 404, "not_found", NULL);
  ts_test_expect_error (server, "POST", create, ath_manager, "{\"starts_at\": \"2030-05-02T19:30:00-04:00\"}",
                        404, "not_found", "No such event");
  ts_test_expect_error (server, "PATCH", path, uth_boxoffice, "{\"status\": \"cancelled\"}", 403, "forbidden", "needs the Box Office Manager level or above");
  ts_test_expect_error (server, "POST", create, uth_boxoffice, "{\"starts_at\": \"2030-05-02T19:30:00-04:00\"}",
                        403, "forbidden", "needs the Box Office Manager level or above");

  /* bad input names the field and changes nothing */
  ts_test_expect_error (server, "POST", create, uth_manager, "{}", 400, "invalid_input", "starts_at");
  ts_test_expect_error (server, "POST", create, uth_manager, "{\"starts_at\": \"2030-05-02 19:30\"}",
                        400, "invalid_input", "starts_at");
  ts_test_expect_error (server, "POST", create, uth_manager, "{\"starts_at\": \"2030-05-02T19:30:00\"}",
                        400, "invalid_input", "starts_at");   /* no offset */
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"capacity\": 100, \"advance_limit\": 101}",
                        400, "invalid_input", "advance_limit");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"advance_limit\": 201}",
                        400, "invalid_input", "advance_limit");   /* above the map's 200 seats */
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"capacity\": -1}", 400, "invalid_input", "capacity");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"status\": \"sold_out\"}", 400, "invalid_input", "status");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"box_office_on_sale\": \"2030-04-01T10:00:00Z\","
                        " \"box_office_off_sale\": \"2030-03-01T10:00:00Z\"}", 400, "invalid_input", "box_office_off_sale");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"internet_on_sale\": \"2030-04-01T10:00:00Z\","
                        " \"internet_off_sale\": \"2030-04-01T10:00:00Z\"}", 400, "invalid_input", "internet_off_sale");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"permitted_outlets\": [999999]}",
                        400, "invalid_input", "permitted_outlets");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"permitted_outlets\": [\"ATH\"]}",
                        400, "invalid_input", "permitted_outlets[0]");
  ts_test_expect_error (server, "POST", create, uth_manager,
                        "{\"starts_at\": \"2030-05-02T19:30:00Z\", \"allow_other_outlets\": \"yes\"}",
                        400, "invalid_input", "allow_other_outlets");
  ts_test_expect_error (server, "PATCH", path, uth_manager, owner_too, 400, "invalid_input", "permitted_outlets");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"outlets_off_sale\": \"2030-03-01T00:00:00Z\"}",
                        400, "invalid_input", "outlets_off_sale");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"advance_limit\": 181}", 400, "invalid_input", "advance_limit");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"starts_at\": null}", 400, "invalid_input", "starts_at");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"event_id\": 1}", 400, "invalid_input", "event_id");
  after = ts_test_owner_sql (server, count_sql);
  g_assert_cmpstr (before, ==, after);
  {
    g_autoptr(JsonNode) unchanged = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
    g_autofree char *a = json_to_string (read, FALSE);
    g_autofree char *b = json_to_string (unchanged, FALSE);

    g_assert_cmpstr (a, ==, b);
  }

  /* the list of sellers is replaced; a window given as null closes */
  {
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", path, uth_manager, only_tix, 200);
    JsonArray *now = json_object_get_array_member (object (edited), "permitted_outlets");

    g_assert_cmpuint (json_array_get_length (now), ==, 1);
    g_assert_cmpint (json_array_get_int_element (now, 0), ==, tix);
    g_assert_cmpint (ts_test_member_int (edited, "capacity"), ==, 180);
  }
  {
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", path, uth_manager,
        "{\"internet_on_sale\": null, \"internet_off_sale\": null, \"status\": \"scheduled\", \"permitted_outlets\": []}", 200);

    g_assert_true (json_object_get_null_member (object (edited), "internet_on_sale"));
    g_assert_false (json_object_get_null_member (object (edited), "box_office_on_sale"));
    g_assert_cmpstr (ts_test_member_string (edited, "status"), ==, "scheduled");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (edited), "permitted_outlets")), ==, 0);
  }
  /* house seats held back stay held back when the capacity changes */
  {
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", path, uth_manager, "{\"capacity\": 190}", 200);

    g_assert_cmpint (ts_test_member_int (edited, "capacity"), ==, 190);
    g_assert_cmpint (ts_test_member_int (edited, "advance_limit"), ==, 170);
  }
  /* the Master User may set up any outlet's performances */
  {
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", path, master, "{\"status\": \"cancelled\"}", 200);

    g_assert_cmpstr (ts_test_member_string (edited, "status"), ==, "cancelled");
  }
}

/* E5: the advance limit follows the capacity when no seats are held back */
static void
test_performance_capacity_follows (void)
{
  gint64 event = new_event (uth_manager, new_map (), "Follow");
  gint64 performance = new_performance (uth_manager, event, "");
  g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT, performance);
  g_autoptr(JsonNode) smaller = ts_test_expect (server, "PATCH", path, uth_manager, "{\"capacity\": 150}", 200);
  g_autoptr(JsonNode) event_read = NULL;
  g_autofree char *event_path = api_path ("/events/%" G_GINT64_FORMAT, event);

  g_assert_cmpint (ts_test_member_int (smaller, "capacity"), ==, 150);
  g_assert_cmpint (ts_test_member_int (smaller, "advance_limit"), ==, 150);
  event_read = ts_test_expect (server, "GET", event_path, uth_manager, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (object (event_read), "performances"), 0), "capacity"), ==, 150);
}

static void
test_performance_delete (void)
{
  gint64 event = new_event (uth_manager, new_map (), "Deletions");
  gint64 empty = new_performance (uth_manager, event, "");
  gint64 sold = new_performance (uth_manager, event, "");
  gint64 held = new_performance (uth_manager, event, "");
  g_autofree char *empty_path = api_path ("/performances/%" G_GINT64_FORMAT, empty);
  g_autofree char *sold_path = api_path ("/performances/%" G_GINT64_FORMAT, sold);
  g_autofree char *held_path = api_path ("/performances/%" G_GINT64_FORMAT, held);

  ts_test_expect_error (server, "DELETE", empty_path, uth_boxoffice, NULL, 403, "forbidden", "needs the Box Office Manager level or above");
  ts_test_expect_error (server, "DELETE", empty_path, ath_manager, NULL, 404, "not_found", NULL);
  expect ("DELETE", empty_path, uth_manager, NULL, 204);
  ts_test_expect_error (server, "GET", empty_path, uth_manager, NULL, 404, "not_found", NULL);

  /* E5: sales (or holds) keep it; cancelling is the way */
  g_free (owner_sql ("UPDATE performance SET sold = 3, claimed = 3 WHERE id = %" G_GINT64_FORMAT, sold));
  g_free (owner_sql ("UPDATE performance SET claimed = 1 WHERE id = %" G_GINT64_FORMAT, held));
  ts_test_expect_error (server, "DELETE", sold_path, uth_manager, NULL, 409, "conflict", "cancel it instead");
  ts_test_expect_error (server, "DELETE", held_path, master, NULL, 409, "conflict", "cancel it instead");
  expect ("GET", sold_path, uth_manager, NULL, 200);
  {
    g_autoptr(JsonNode) cancelled = ts_test_expect (server, "PATCH", sold_path, uth_manager, "{\"status\": \"cancelled\"}", 200);

    g_assert_cmpint (ts_test_member_int (cancelled, "sold"), ==, 3);
  }
}

/* Commission tables (T6) --------------------------------------------------------- */

static void
test_commission_tables (void)
{
  gint64 id = new_commission_table ("Standard");
  g_autofree char *path = api_path ("/commission-tables/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) mine = ts_test_expect (server, "GET", "/api/v1/commission-tables", uth_staff, NULL, 200);
  g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", "/api/v1/commission-tables", ath_manager, NULL, 200);
  g_autoptr(JsonNode) edited = NULL;
  g_autofree char *for_ath = g_strdup_printf ("{\"name\": \"Standard\", \"outlet_id\": %" G_GINT64_FORMAT "}", ath);

  g_assert_true (lists_id (mine, "commission_tables", id));
  g_assert_false (lists_id (theirs, "commission_tables", id));

  edited = ts_test_expect (server, "PATCH", path, uth_manager, "{\"percent_bp\": 1250}", 200);
  g_assert_cmpint (ts_test_member_int (edited, "percent_bp"), ==, 1250);
  g_assert_cmpint (ts_test_member_int (edited, "amount_cents"), ==, 150);
  /* T5: a table may be $0.00 */
  expect ("POST", "/api/v1/commission-tables", uth_manager, "{\"name\": \"Free\"}", 201);

  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"percent_bp\": 10001}", 400, "invalid_input", "percent_bp");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"amount_cents\": -1}", 400, "invalid_input", "amount_cents");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"amount_cents\": 1.5}", 400, "invalid_input", "amount_cents");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"name\": null}", 400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/commission-tables", uth_manager, "{\"name\": \"standard\"}",
                        409, "conflict", "name");
  ts_test_expect_error (server, "POST", "/api/v1/commission-tables", uth_boxoffice, "{\"name\": \"Other\"}",
                        403, "forbidden", "needs the Box Office Manager level or above");
  ts_test_expect_error (server, "PATCH", path, ath_manager, "{\"percent_bp\": 0}", 404, "not_found", NULL);
  ts_test_expect_error (server, "POST", "/api/v1/commission-tables", master, "{\"name\": \"X\"}",
                        400, "invalid_input", "outlet_id");
  /* another outlet's tables are its own: the same name is fine there */
  {
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/commission-tables", master, for_ath, 201);

    g_assert_cmpint (ts_test_member_int (created, "outlet_id"), ==, ath);
  }
  {
    g_autoptr(JsonNode) again = ts_test_expect (server, "GET", "/api/v1/commission-tables", uth_manager, NULL, 200);
    JsonArray *tables = json_object_get_array_member (object (again), "commission_tables");

    for (guint i = 0; i < json_array_get_length (tables); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tables, i), "outlet_id"), ==, uth);
  }
}

/* Ticket types (T1, T3, T5) -------------------------------------------------------- */

static void
test_ticket_types (void)
{
  gint64 commission = new_commission_table ("Agents");
  gint64 adult = new_ticket_type (uth_manager, "{\"name\": \"Adult\", \"price_cents\": 3500, \"display_letter\": \"A\"}");
  gint64 component = new_ticket_type (uth_manager,
      "{\"name\": \"Season voucher\", \"category\": \"bundle_component\", \"price_cents\": 0}");
  g_autofree char *adult_path = api_path ("/ticket-types/%" G_GINT64_FORMAT, adult);
  g_autofree char *component_path = api_path ("/ticket-types/%" G_GINT64_FORMAT, component);
  g_autofree char *agents = g_strdup_printf ("{\"name\": \"Agent adult\", \"price_cents\": 3500, \"other_outlets\": true,"
                                             " \"commission_table_id\": %" G_GINT64_FORMAT "}", commission);
  g_autofree char *comp_agents = g_strdup_printf ("{\"name\": \"Agent comp\", \"category\": \"comp\", \"price_cents\": 0,"
                                                  " \"other_outlets\": true, \"commission_table_id\": %" G_GINT64_FORMAT "}",
                                                  commission);
  g_autofree char *subscription = g_strdup_printf ("{\"name\": \"Season of 6\", \"category\": \"subscription\","
                                                   " \"price_cents\": 18000, \"qualifies_subscriber\": true,"
                                                   " \"bundle_component_id\": %" G_GINT64_FORMAT ", \"bundle_size\": 6}",
                                                   component);
  g_autofree char *wrong_component = g_strdup_printf ("{\"name\": \"Bad season\", \"category\": \"subscription\","
                                                      " \"price_cents\": 100, \"bundle_component_id\": %" G_GINT64_FORMAT
                                                      ", \"bundle_size\": 2}", adult);
  g_autofree char *ath_commission = NULL;
  g_autofree char *ath_table_body = g_strdup_printf ("{\"name\": \"ATH agents\", \"outlet_id\": %" G_GINT64_FORMAT "}", ath);
  g_autofree char *before = ts_test_owner_sql (server, "SELECT count (*) FROM ticket_type");
  g_autofree char *after = NULL;
  gint64 season;

  {
    g_autoptr(JsonNode) read = ts_test_expect (server, "GET", adult_path, uth_staff, NULL, 200);
    JsonObject *t = object (read);

    g_assert_cmpstr (json_object_get_string_member (t, "category"), ==, "regular");
    g_assert_cmpint (json_object_get_int_member (t, "price_cents"), ==, 3500);
    g_assert_cmpstr (json_object_get_string_member (t, "display_letter"), ==, "A");
    g_assert_true (json_object_get_boolean_member (t, "active"));
    g_assert_false (json_object_get_boolean_member (t, "other_outlets"));
    g_assert_false (json_object_get_boolean_member (t, "subscribers_only"));
    g_assert_true (json_object_get_null_member (t, "commission_table_id"));
  }
  {
    g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/commission-tables", master, ath_table_body, 201);

    ath_commission = g_strdup_printf ("{\"name\": \"Stolen\", \"price_cents\": 100, \"other_outlets\": true,"
                                      " \"commission_table_id\": %" G_GINT64_FORMAT "}", ts_test_member_int (created, "id"));
  }

  /* T1: a comp is free */
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Press\", \"category\": \"comp\", \"price_cents\": 100}", 400, "invalid_input", "price_cents");
  /* T5: other outlets sell only regular tickets, with a commission table */
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager, comp_agents, 400, "invalid_input", "other_outlets");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Agent adult\", \"price_cents\": 3500, \"other_outlets\": true}",
                        400, "invalid_input", "commission_table_id");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager, ath_commission,
                        400, "invalid_input", "commission_table_id");
  /* T3: a subscription holds vouchers of a bundle component */
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Season\", \"category\": \"subscription\", \"price_cents\": 100}",
                        400, "invalid_input", "bundle_component_id");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager, wrong_component,
                        400, "invalid_input", "bundle_component_id");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Odd\", \"price_cents\": 100, \"bundle_size\": 3}", 400, "invalid_input", "bundle");
  /* fields one by one */
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager, "{\"price_cents\": 100}",
                        400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager, "{\"name\": \"No price\"}",
                        400, "invalid_input", "price_cents");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Gift\", \"category\": \"voucher\", \"price_cents\": 100}", 400, "invalid_input", "category");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Small\", \"price_cents\": 100, \"display_letter\": \"s\"}", 400, "invalid_input", "display_letter");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager,
                        "{\"name\": \"Dear\", \"price_cents\": 100000001}", 400, "invalid_input", "price_cents");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_manager, "{\"name\": \"adult\", \"price_cents\": 100}",
                        409, "conflict", "name");
  ts_test_expect_error (server, "POST", "/api/v1/ticket-types", uth_boxoffice, "{\"name\": \"Mine\", \"price_cents\": 100}",
                        403, "forbidden", "needs the Box Office Manager level or above");
  after = ts_test_owner_sql (server, "SELECT count (*) FROM ticket_type");
  g_assert_cmpstr (before, ==, after);

  /* the allowed shapes */
  expect ("POST", "/api/v1/ticket-types", uth_manager,
          "{\"name\": \"Press comp\", \"category\": \"comp\", \"price_cents\": 0}", 201);
  expect ("POST", "/api/v1/ticket-types", uth_manager, agents, 201);
  season = new_ticket_type (uth_manager, subscription);

  /* E1: another outlet's ticket types are not there */
  ts_test_expect_error (server, "GET", adult_path, ath_manager, NULL, 404, "not_found", "No such ticket type");
  ts_test_expect_error (server, "PATCH", adult_path, ath_manager, "{\"price_cents\": 1}", 404, "not_found", NULL);
  {
    g_autoptr(JsonNode) theirs = ts_test_expect (server, "GET", "/api/v1/ticket-types", ath_manager, NULL, 200);
    g_autoptr(JsonNode) mine = ts_test_expect (server, "GET", "/api/v1/ticket-types", uth_boxoffice, NULL, 200);

    g_assert_false (lists_id (theirs, "ticket_types", adult));
    g_assert_true (lists_id (mine, "ticket_types", season));
  }

  /* editing checks the whole type after the change */
  ts_test_expect_error (server, "PATCH", adult_path, uth_manager, "{\"category\": \"comp\"}", 400, "invalid_input", "price_cents");
  ts_test_expect_error (server, "PATCH", adult_path, uth_manager, "{\"other_outlets\": true}",
                        400, "invalid_input", "commission_table_id");
  ts_test_expect_error (server, "PATCH", adult_path, uth_manager, "{\"active\": null}", 400, "invalid_input", "active");
  ts_test_expect_error (server, "PATCH", adult_path, uth_manager, "{\"outlet_id\": 1}", 400, "invalid_input", "outlet_id");
  /* T3: the component of a subscription stays a component */
  ts_test_expect_error (server, "PATCH", component_path, uth_manager, "{\"category\": \"regular\"}",
                        409, "conflict", "subscriptions hold vouchers of this bundle component");
  {
    g_autofree char *season_path = api_path ("/ticket-types/%" G_GINT64_FORMAT, season);
    g_autoptr(JsonNode) regular = ts_test_expect (server, "PATCH", season_path, uth_manager,
                                                  "{\"category\": \"regular\", \"display_letter\": \"S\"}", 200);

    /* no longer a subscription: it holds no vouchers */
    g_assert_true (json_object_get_null_member (object (regular), "bundle_component_id"));
    g_assert_cmpint (ts_test_member_int (regular, "bundle_size"), ==, 0);
    g_assert_cmpstr (ts_test_member_string (regular, "display_letter"), ==, "S");
    expect ("PATCH", component_path, uth_manager, "{\"category\": \"regular\"}", 200);
  }
  {
    g_autofree char *offer = g_strdup_printf ("{\"name\": \"Adult (all outlets)\", \"price_cents\": 3600,"
                                              " \"other_outlets\": true, \"commission_table_id\": %" G_GINT64_FORMAT ","
                                              " \"display_letter\": null, \"active\": false}", commission);
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", adult_path, uth_manager, offer, 200);

    g_assert_cmpstr (ts_test_member_string (edited, "name"), ==, "Adult (all outlets)");
    g_assert_cmpint (ts_test_member_int (edited, "price_cents"), ==, 3600);
    g_assert_true (json_object_get_boolean_member (object (edited), "other_outlets"));
    g_assert_true (json_object_get_null_member (object (edited), "display_letter"));
    g_assert_false (json_object_get_boolean_member (object (edited), "active"));
    /* T5 holds from either side: no longer regular, no longer for other outlets */
    ts_test_expect_error (server, "PATCH", adult_path, uth_manager, "{\"category\": \"non_ticket\"}",
                          400, "invalid_input", "other_outlets");
    ts_test_expect_error (server, "PATCH", adult_path, uth_manager, "{\"commission_table_id\": null}",
                          400, "invalid_input", "commission_table_id");
  }
}

/* Redemptions (T2, T4) ----------------------------------------------------------------- */

typedef struct
{
  gint64 event, performance, adult, comp, student;
} Season;

/* Each call makes new ticket types (names are unique in an outlet). */
static void
season_setup (Season *s)
{
  static guint n;
  g_autofree char *adult = NULL;
  g_autofree char *comp = NULL;
  g_autofree char *student = NULL;

  n++;
  adult = g_strdup_printf ("{\"name\": \"R adult %u\", \"price_cents\": 4000}", n);
  comp = g_strdup_printf ("{\"name\": \"R comp %u\", \"category\": \"comp\", \"price_cents\": 0}", n);
  student = g_strdup_printf ("{\"name\": \"R student %u\", \"price_cents\": 2000}", n);
  s->event = new_event (uth_manager, new_map (), "Redemptions");
  s->performance = new_performance (uth_manager, s->event, "");
  s->adult = new_ticket_type (uth_manager, adult);
  s->comp = new_ticket_type (uth_manager, comp);
  s->student = new_ticket_type (uth_manager, student);
}

static gint64
new_redemption (const Season *s,
                const char   *body)
{
  g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT "/redemptions", s->performance);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", path, uth_manager, body, 201);

  return ts_test_member_int (created, "id");
}

static gint64
seats_left (const Season *s,
            gint64        redemption)
{
  g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT "/redemptions", s->performance);
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
  JsonArray *array = json_object_get_array_member (object (list), "redemptions");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *r = json_array_get_object_element (array, i);

      if (json_object_get_int_member (r, "id") == redemption)
        return json_object_get_int_member (r, "seats_left");
    }
  g_assert_not_reached ();
}

static void
test_redemptions (void)
{
  Season s;
  g_autofree char *list_path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *redemption_path = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) created = NULL;
  JsonArray *codes, *prices;
  gint64 adult;

  season_setup (&s);
  list_path = api_path ("/performances/%" G_GINT64_FORMAT "/redemptions", s.performance);
  body = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"cap\": 50, \"min_per_order\": 2, \"max_per_order\": 8,"
                          " \"sales_start\": \"2030-03-01T10:00:00-05:00\", \"sales_end\": \"2030-05-01T18:00:00-04:00\","
                          " \"promo_codes\": [\" Spring30 \", \"SPRING30\", \"vip\"],"
                          " \"prices\": [{\"category\": \"Regular\", \"price_cents\": 4500},"
                          "              {\"category\": \"Accessible\", \"price_cents\": 2500}]}", s.adult);
  created = ts_test_expect (server, "POST", list_path, uth_manager, body, 201);
  adult = ts_test_member_int (created, "id");
  redemption_path = api_path ("/redemptions/%" G_GINT64_FORMAT, adult);

  /* T2: codes are single words, lower-case, each once */
  codes = json_object_get_array_member (object (created), "promo_codes");
  g_assert_cmpuint (json_array_get_length (codes), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (codes, 0), ==, "spring30");
  g_assert_cmpstr (json_array_get_string_element (codes, 1), ==, "vip");
  /* T4: a price per zone */
  prices = json_object_get_array_member (object (created), "prices");
  g_assert_cmpuint (json_array_get_length (prices), ==, 2);
  g_assert_cmpint (ts_test_member_int (created, "cap"), ==, 50);
  g_assert_cmpint (ts_test_member_int (created, "min_per_order"), ==, 2);
  g_assert_cmpint (ts_test_member_int (created, "sold"), ==, 0);
  g_assert_cmpint (ts_test_member_int (created, "seats_left"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object (created), "ticket_type"), "id"),
                   ==, s.adult);

  /* refusals name the field and change nothing */
  count_sql = g_strdup_printf ("SELECT count (*) FROM redemption WHERE performance_id = %" G_GINT64_FORMAT, s.performance);
  before = ts_test_owner_sql (server, count_sql);
  {
    g_autofree char *two_words = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"promo_codes\": [\"ok\", \"two words\"]}", s.student);
    g_autofree char *short_code = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"promo_codes\": [\"x\"]}", s.student);
    g_autofree char *symbol = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"promo_codes\": [\"50%%off\"]}", s.student);
    g_autofree char *not_list = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"promo_codes\": \"vip\"}", s.student);
    g_autofree char *gold = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"prices\": [{\"category\": \"Gold\", \"price_cents\": 1}]}", s.student);
    g_autofree char *twice = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"prices\": [{\"category\": \"Regular\", \"price_cents\": 1},"
                                              " {\"category\": \"Regular\", \"price_cents\": 2}]}", s.student);
    g_autofree char *paid_comp = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"prices\": [{\"category\": \"Regular\", \"price_cents\": 100}]}", s.comp);
    g_autofree char *window = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"sales_start\": \"2030-04-01T00:00:00Z\","
                                               " \"sales_end\": \"2030-03-01T00:00:00Z\"}", s.student);
    g_autofree char *per_order = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"min_per_order\": 4, \"max_per_order\": 2}", s.student);
    g_autofree char *no_min = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"min_per_order\": 0}", s.student);
    g_autofree char *again = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", s.adult);
    g_autofree char *student = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", s.student);
    g_autofree char *ath_type = NULL;

    ts_test_expect_error (server, "POST", list_path, uth_manager, two_words, 400, "invalid_input", "promo_codes[1]");
    ts_test_expect_error (server, "POST", list_path, uth_manager, short_code, 400, "invalid_input", "promo_codes[0]");
    ts_test_expect_error (server, "POST", list_path, uth_manager, symbol, 400, "invalid_input", "promo_codes[0]");
    ts_test_expect_error (server, "POST", list_path, uth_manager, not_list, 400, "invalid_input", "promo_codes");
    ts_test_expect_error (server, "POST", list_path, uth_manager, gold, 400, "invalid_input", "prices[0].category");
    ts_test_expect_error (server, "POST", list_path, uth_manager, twice, 400, "invalid_input", "prices[1].category");
    ts_test_expect_error (server, "POST", list_path, uth_manager, paid_comp, 400, "invalid_input", "prices[0].price_cents");
    ts_test_expect_error (server, "POST", list_path, uth_manager, window, 400, "invalid_input", "sales_end");
    ts_test_expect_error (server, "POST", list_path, uth_manager, per_order, 400, "invalid_input", "max_per_order");
    ts_test_expect_error (server, "POST", list_path, uth_manager, no_min, 400, "invalid_input", "min_per_order");
    ts_test_expect_error (server, "POST", list_path, uth_manager, "{\"cap\": 5}", 400, "invalid_input", "ticket_type_id");
    ts_test_expect_error (server, "POST", list_path, uth_manager, again, 409, "conflict", "ticket_type_id");
    ts_test_expect_error (server, "POST", list_path, uth_boxoffice, student, 403, "forbidden", "needs the Box Office Manager level or above");
    ts_test_expect_error (server, "POST", list_path, ath_manager, student, 404, "not_found", NULL);
    {
      g_autofree char *ath_body = g_strdup_printf ("{\"name\": \"ATH adult\", \"price_cents\": 100, \"outlet_id\": %" G_GINT64_FORMAT "}", ath);
      g_autoptr(JsonNode) ath_created = ts_test_expect (server, "POST", "/api/v1/ticket-types", master, ath_body, 201);

      ath_type = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", ts_test_member_int (ath_created, "id"));
    }
    /* T2: a redemption names the owning outlet's own ticket type (the Master User too) */
    ts_test_expect_error (server, "POST", list_path, uth_manager, ath_type, 400, "invalid_input", "ticket_type_id");
    ts_test_expect_error (server, "POST", list_path, master, ath_type, 400, "invalid_input", "ticket_type_id");
  }
  after = ts_test_owner_sql (server, count_sql);
  g_assert_cmpstr (before, ==, after);

  /* another outlet cannot see or change them */
  ts_test_expect_error (server, "GET", list_path, ath_manager, NULL, 404, "not_found", NULL);
  ts_test_expect_error (server, "PATCH", redemption_path, ath_manager, "{\"cap\": 1}", 404, "not_found", NULL);
  ts_test_expect_error (server, "PATCH", redemption_path, uth_boxoffice, "{\"cap\": 1}", 403, "forbidden", NULL);

  /* editing: the prices list is replaced, null clears the cap */
  {
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", redemption_path, uth_manager,
        "{\"prices\": [{\"category\": \"Regular\", \"price_cents\": 4200}], \"max_per_order\": null,"
        " \"promo_codes\": [\"Gala\"]}", 200);
    JsonArray *now = json_object_get_array_member (object (edited), "prices");

    g_assert_cmpuint (json_array_get_length (now), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (now, 0), "price_cents"), ==, 4200);
    g_assert_true (json_object_get_null_member (object (edited), "max_per_order"));
    g_assert_cmpint (ts_test_member_int (edited, "min_per_order"), ==, 2);
    g_assert_cmpint (ts_test_member_int (edited, "cap"), ==, 50);
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object (edited), "promo_codes"), 0), ==, "gala");
  }
  ts_test_expect_error (server, "PATCH", redemption_path, uth_manager, "{\"ticket_type_id\": 1}", 400, "invalid_input", "ticket_type_id");
  ts_test_expect_error (server, "PATCH", redemption_path, uth_manager, "{\"min_per_order\": null}", 400, "invalid_input", "min_per_order");
  ts_test_expect_error (server, "PATCH", redemption_path, uth_manager, "{\"sales_start\": \"2030-06-01T00:00:00Z\"}",
                        400, "invalid_input", "sales_end");
  ts_test_expect_error (server, "PATCH", redemption_path, uth_manager, "{\"promo_codes\": [\"a b\"]}",
                        400, "invalid_input", "promo_codes[0]");
  {
    g_autoptr(JsonNode) unchanged = ts_test_expect (server, "GET", list_path, uth_manager, NULL, 200);
    g_autofree char *text = json_to_string (unchanged, FALSE);

    g_assert_nonnull (strstr (text, "\"promo_codes\":[\"gala\"]"));
    g_assert_nonnull (strstr (text, "\"price_cents\":4200"));
  }

  /* the Master User may add one for any outlet's performance */
  {
    g_autofree char *student = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", s.student);
    g_autoptr(JsonNode) by_master = ts_test_expect (server, "POST", list_path, master, student, 201);

    g_assert_cmpint (ts_test_member_int (by_master, "outlet_id"), ==, uth);
    g_assert_true (json_object_get_null_member (object (by_master), "cap"));
    g_assert_cmpint (ts_test_member_int (by_master, "min_per_order"), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (by_master), "promo_codes")), ==, 0);
  }
  /* an inactive ticket type is not offered again */
  {
    g_autofree char *type_path = api_path ("/ticket-types/%" G_GINT64_FORMAT, s.comp);
    g_autofree char *comp = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", s.comp);

    expect ("PATCH", type_path, uth_manager, "{\"active\": false}", 200);
    ts_test_expect_error (server, "POST", list_path, uth_manager, comp, 400, "invalid_input", "inactive");
  }
}

/* T2: seats left = min (cap − sold of the type, advance limit − claimed), ≥ 0 */
static void
test_seats_left (void)
{
  Season s;
  g_autofree char *capped = NULL;
  g_autofree char *open = NULL;
  gint64 with_cap, without_cap;

  season_setup (&s);
  capped = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ", \"cap\": 50}", s.adult);
  open = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", s.student);
  with_cap = new_redemption (&s, capped);
  without_cap = new_redemption (&s, open);
  g_free (owner_sql ("UPDATE performance SET advance_limit = 190 WHERE id = %" G_GINT64_FORMAT, s.performance));

  g_assert_cmpint (seats_left (&s, with_cap), ==, 50);            /* the cap */
  g_assert_cmpint (seats_left (&s, without_cap), ==, 190);        /* no cap: the advance limit */

  g_free (owner_sql ("UPDATE performance SET claimed = 170, sold = 100 WHERE id = %" G_GINT64_FORMAT, s.performance));
  g_assert_cmpint (seats_left (&s, with_cap), ==, 20);            /* 190 − 170 < 50 − 0 */
  g_assert_cmpint (seats_left (&s, without_cap), ==, 20);

  g_free (owner_sql ("UPDATE redemption SET sold = 45 WHERE id = %" G_GINT64_FORMAT, with_cap));
  g_assert_cmpint (seats_left (&s, with_cap), ==, 5);             /* 50 − 45 < 20 */

  g_free (owner_sql ("UPDATE redemption SET sold = 60 WHERE id = %" G_GINT64_FORMAT, with_cap));
  g_assert_cmpint (seats_left (&s, with_cap), ==, 0);             /* never negative */

  g_free (owner_sql ("UPDATE performance SET claimed = 195 WHERE id = %" G_GINT64_FORMAT, s.performance));
  g_assert_cmpint (seats_left (&s, without_cap), ==, 0);
  {
    g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT, s.performance);
    g_autoptr(JsonNode) performance = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);

    g_assert_cmpint (ts_test_member_int (performance, "claimed"), ==, 195);
    g_assert_cmpint (ts_test_member_int (performance, "sold"), ==, 100);
    g_assert_cmpint (ts_test_member_int (performance, "seats_left"), ==, 0);
  }
}

static void
test_redemption_delete (void)
{
  Season s;
  g_autofree char *adult = NULL;
  g_autofree char *student = NULL;
  g_autofree char *sold_path = NULL;
  g_autofree char *unsold_path = NULL;
  gint64 sold, unsold;

  season_setup (&s);
  adult = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ","
                           " \"prices\": [{\"category\": \"Regular\", \"price_cents\": 4500}]}", s.adult);
  student = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", s.student);
  sold = new_redemption (&s, adult);
  unsold = new_redemption (&s, student);
  sold_path = api_path ("/redemptions/%" G_GINT64_FORMAT, sold);
  unsold_path = api_path ("/redemptions/%" G_GINT64_FORMAT, unsold);

  g_free (owner_sql ("UPDATE redemption SET sold = 2 WHERE id = %" G_GINT64_FORMAT, sold));
  ts_test_expect_error (server, "DELETE", sold_path, uth_manager, NULL, 409, "conflict", "sold 2");
  ts_test_expect_error (server, "DELETE", unsold_path, uth_boxoffice, NULL, 403, "forbidden", NULL);
  ts_test_expect_error (server, "DELETE", unsold_path, ath_manager, NULL, 404, "not_found", NULL);
  expect ("DELETE", unsold_path, uth_manager, NULL, 204);
  ts_test_expect_error (server, "DELETE", unsold_path, uth_manager, NULL, 404, "not_found", NULL);
  {
    g_autofree char *list_path = api_path ("/performances/%" G_GINT64_FORMAT "/redemptions", s.performance);
    g_autoptr(JsonNode) list = ts_test_expect (server, "GET", list_path, uth_manager, NULL, 200);

    g_assert_true (lists_id (list, "redemptions", sold));
    g_assert_false (lists_id (list, "redemptions", unsold));
  }
  /* a performance without sales takes its unsold redemptions with it */
  g_free (owner_sql ("UPDATE redemption SET sold = 0 WHERE id = %" G_GINT64_FORMAT, sold));
  {
    g_autofree char *path = api_path ("/performances/%" G_GINT64_FORMAT, s.performance);
    g_autofree char *left = NULL;

    expect ("DELETE", path, uth_manager, NULL, 204);
    left = owner_sql ("SELECT count (*) FROM redemption WHERE performance_id = %" G_GINT64_FORMAT, s.performance);
    g_assert_cmpstr (left, ==, "0");
  }
}

/* Hold letters (M8), the outlet's releasable letters, the display letter (M5) ------------ */

static void
test_hold_letters (void)
{
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", "/api/v1/hold-letters", uth_staff, NULL, 200);
  g_autofree char *text = json_to_string (list, FALSE);
  g_autoptr(JsonNode) put = NULL;

  g_assert_nonnull (strstr (text, "\"letter\":\"h\""));
  g_assert_nonnull (strstr (text, "House seats"));

  /* C2: system-wide settings are the Master User's */
  ts_test_expect_error (server, "PUT", "/api/v1/hold-letters/v", uth_admin,
                        "{\"description\": \"VIP\", \"color\": \"#AA0000\"}", 403, "forbidden", "Only the Master User may set the system-wide hold letters");
  ts_test_expect_error (server, "DELETE", "/api/v1/hold-letters/h", uth_manager, NULL, 403, "forbidden", "Only the Master User may set the system-wide hold letters");

  put = ts_test_expect (server, "PUT", "/api/v1/hold-letters/v", master,
                        "{\"description\": \"VIP\", \"color\": \"#aa00cc\", \"min_level\": \"box_office_manager\"}", 200);
  g_assert_cmpstr (ts_test_member_string (put, "letter"), ==, "v");
  g_assert_cmpstr (ts_test_member_string (put, "color"), ==, "#AA00CC");
  g_assert_cmpstr (ts_test_member_string (put, "min_level"), ==, "box_office_manager");
  {
    g_autoptr(JsonNode) replaced = ts_test_expect (server, "PUT", "/api/v1/hold-letters/v", master,
                                                   "{\"description\": \"Very important\", \"color\": \"#00AA00\"}", 200);

    g_assert_cmpstr (ts_test_member_string (replaced, "description"), ==, "Very important");
    g_assert_cmpstr (ts_test_member_string (replaced, "min_level"), ==, "box_office");
  }

  ts_test_expect_error (server, "PUT", "/api/v1/hold-letters/V", master,
                        "{\"description\": \"x\", \"color\": \"#000000\"}", 400, "invalid_input", "letter");
  ts_test_expect_error (server, "PUT", "/api/v1/hold-letters/vv", master,
                        "{\"description\": \"x\", \"color\": \"#000000\"}", 400, "invalid_input", "letter");
  ts_test_expect_error (server, "PUT", "/api/v1/hold-letters/v", master,
                        "{\"description\": \"x\", \"color\": \"green\"}", 400, "invalid_input", "color");
  ts_test_expect_error (server, "PUT", "/api/v1/hold-letters/v", master,
                        "{\"description\": \"\", \"color\": \"#000000\"}", 400, "invalid_input", "description");
  ts_test_expect_error (server, "PUT", "/api/v1/hold-letters/v", master,
                        "{\"description\": \"x\", \"color\": \"#000000\", \"min_level\": \"staff\"}", 400, "invalid_input", "min_level");
  {
    g_autoptr(JsonNode) again = ts_test_expect (server, "GET", "/api/v1/hold-letters", uth_boxoffice, NULL, 200);
    g_autofree char *again_text = json_to_string (again, FALSE);

    g_assert_nonnull (strstr (again_text, "Very important"));
  }

  expect ("DELETE", "/api/v1/hold-letters/v", master, NULL, 204);
  ts_test_expect_error (server, "DELETE", "/api/v1/hold-letters/v", master, NULL, 404, "not_found", NULL);
}

static void
test_releasable_letters (void)
{
  g_autofree char *path = api_path ("/outlets/%" G_GINT64_FORMAT, uth);
  g_autoptr(JsonNode) edited = NULL;
  g_autoptr(JsonNode) read = NULL;

  expect ("PUT", "/api/v1/hold-letters/r", master,
          "{\"description\": \"Released to agents\", \"color\": \"#123456\"}", 200);
  edited = ts_test_expect (server, "PATCH", path, uth_admin, "{\"releasable_hold_letters\": \"rpcpr\"}", 200);
  g_assert_cmpstr (ts_test_member_string (edited, "releasable_hold_letters"), ==, "cpr");
  read = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
  g_assert_cmpstr (ts_test_member_string (read, "releasable_hold_letters"), ==, "cpr");

  ts_test_expect_error (server, "PATCH", path, uth_admin, "{\"releasable_hold_letters\": \"c,p\"}",
                        400, "invalid_input", "releasable_hold_letters");
  ts_test_expect_error (server, "PATCH", path, uth_admin, "{\"releasable_hold_letters\": \"CP\"}",
                        400, "invalid_input", "releasable_hold_letters");
  ts_test_expect_error (server, "PATCH", path, uth_admin, "{\"releasable_hold_letters\": \"cz\"}",
                        400, "invalid_input", "“z”");
  /* C4: the outlet's preferences are its administrator's */
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"releasable_hold_letters\": \"\"}", 403, "forbidden", NULL);
  {
    g_autoptr(JsonNode) unchanged = ts_test_expect (server, "GET", path, uth_admin, NULL, 200);

    g_assert_cmpstr (ts_test_member_string (unchanged, "releasable_hold_letters"), ==, "cpr");
  }

  /* a letter that goes away leaves the lists */
  expect ("DELETE", "/api/v1/hold-letters/r", master, NULL, 204);
  {
    g_autoptr(JsonNode) after = ts_test_expect (server, "GET", path, uth_admin, NULL, 200);

    g_assert_cmpstr (ts_test_member_string (after, "releasable_hold_letters"), ==, "cp");
  }
  {
    g_autoptr(JsonNode) cleared = ts_test_expect (server, "PATCH", path, master, "{\"releasable_hold_letters\": \"\"}", 200);

    g_assert_cmpstr (ts_test_member_string (cleared, "releasable_hold_letters"), ==, "");
  }
}

static void
test_display_letter_source (void)
{
  g_autoptr(JsonNode) initial = ts_test_expect (server, "GET", "/api/v1/system", uth_staff, NULL, 200);
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) read = NULL;

  g_assert_cmpstr (ts_test_member_string (initial, "display_letter_source"), ==, "ticket_type");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", uth_admin, "{\"display_letter_source\": \"price_zone\"}",
                        403, "forbidden", "Only the Master User may edit system-wide settings");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"display_letter_source\": \"promotion\"}",
                        400, "invalid_input", "display_letter_source");
  ts_test_expect_error (server, "PATCH", "/api/v1/system", master, "{\"display_letter_source\": null}",
                        400, "invalid_input", "display_letter_source");
  changed = ts_test_expect (server, "PATCH", "/api/v1/system", master, "{\"display_letter_source\": \"price_zone\"}", 200);
  g_assert_cmpstr (ts_test_member_string (changed, "display_letter_source"), ==, "price_zone");
  read = ts_test_expect (server, "GET", "/api/v1/system", uth_boxoffice, NULL, 200);
  g_assert_cmpstr (ts_test_member_string (read, "display_letter_source"), ==, "price_zone");
  g_assert_cmpint (ts_test_member_int (read, "licence_count"), >=, 3);
  expect ("PATCH", "/api/v1/system", master, "{\"display_letter_source\": \"ticket_type\"}", 200);
}

/* R1: every write is audited; E1: another outlet's audit never shows it ------------------- */

static gboolean
audited (JsonNode   *log,
         const char *entity,
         gint64      subject)
{
  JsonArray *entries = json_object_get_array_member (object (log), "entries");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (entry, "entity"), entity)
          && !json_object_get_null_member (entry, "subject_outlet_id")
          && json_object_get_int_member (entry, "subject_outlet_id") == subject)
        return TRUE;
    }
  return FALSE;
}

static void
test_audit (void)
{
  static const char * const entities[] = {
    "event", "performance", "performance_seller", "commission_table", "ticket_type", "redemption",
    "redemption_price", NULL
  };
  gint64 event = new_event (uth_manager, new_map (), "Audited");
  g_autofree char *sellers = g_strdup_printf ("\"allow_other_outlets\": true, \"permitted_outlets\": [%" G_GINT64_FORMAT "]", ath);
  gint64 performance = new_performance (uth_manager, event, sellers);
  gint64 commission = new_commission_table ("Audited");
  gint64 type = new_ticket_type (uth_manager, "{\"name\": \"Audited\", \"price_cents\": 100}");
  g_autofree char *redemption_path = api_path ("/performances/%" G_GINT64_FORMAT "/redemptions", performance);
  g_autofree char *redemption = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT ","
                                                 " \"prices\": [{\"category\": \"Regular\", \"price_cents\": 90}]}", type);
  g_autofree char *commission_path = api_path ("/commission-tables/%" G_GINT64_FORMAT, commission);
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autoptr(JsonNode) everything = NULL;

  expect ("POST", redemption_path, uth_manager, redemption, 201);
  expect ("PATCH", commission_path, uth_manager, "{\"amount_cents\": 0}", 200);
  expect ("PUT", "/api/v1/hold-letters/a", master,
          "{\"description\": \"Audited\", \"color\": \"#000000\"}", 200);

  ours = ts_test_expect (server, "GET", "/api/v1/audit?limit=500", uth_admin, NULL, 200);
  theirs = ts_test_expect (server, "GET", "/api/v1/audit?limit=500", ath_admin, NULL, 200);
  everything = ts_test_expect (server, "GET", "/api/v1/audit?limit=500", master, NULL, 200);
  for (guint i = 0; entities[i] != NULL; i++)
    {
      if (!audited (ours, entities[i], uth))
        g_error ("no audit entry for %s", entities[i]);
      /* E1: the permitted seller does not read the owner's setup in its log */
      if (audited (theirs, entities[i], uth))
        g_error ("ATH's audit log shows UTH's %s", entities[i]);
    }
  {
    JsonArray *entries = json_object_get_array_member (object (everything), "entries");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (entries); i++)
      found = found || g_str_equal (json_object_get_string_member (json_array_get_object_element (entries, i), "entity"),
                                    "hold_letter");
    g_assert_true (found);
  }
  expect ("DELETE", "/api/v1/hold-letters/a", master, NULL, 204);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  tix = ts_test_outlet_id (server, "TIX");
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  ath_admin = ts_test_sign_in (server, "ATH", "admin", "admin-password");
  ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");

  g_test_add_func ("/events/owner-only", test_events_owner_only);
  g_test_add_func ("/events/master-and-input", test_events_master_and_input);
  g_test_add_func ("/events/patch", test_event_patch);
  g_test_add_func ("/performances/defaults", test_performance_defaults);
  g_test_add_func ("/performances/create-and-edit", test_performance_create_and_edit);
  g_test_add_func ("/performances/online-at-other-outlets", test_performance_online_at_other_outlets);
  g_test_add_func ("/performances/capacity-follows", test_performance_capacity_follows);
  g_test_add_func ("/performances/delete", test_performance_delete);
  g_test_add_func ("/pricing/commission-tables", test_commission_tables);
  g_test_add_func ("/pricing/ticket-types", test_ticket_types);
  g_test_add_func ("/pricing/redemptions", test_redemptions);
  g_test_add_func ("/pricing/seats-left", test_seats_left);
  g_test_add_func ("/pricing/redemption-delete", test_redemption_delete);
  g_test_add_func ("/hold-letters/master-only", test_hold_letters);
  g_test_add_func ("/hold-letters/releasable", test_releasable_letters);
  g_test_add_func ("/system/display-letter-source", test_display_letter_source);
  g_test_add_func ("/events/audit", test_audit);

  status = g_test_run ();
  g_free (master);
  g_free (uth_admin);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (uth_staff);
  g_free (ath_admin);
  g_free (ath_manager);
  ts_test_server_free (server);
  return status;
}
