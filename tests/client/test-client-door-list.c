/* test-client-door-list.c — what the offline door decides from its list
 * (TsDoorList) and keeps on disk (TsScanQueue), without a server or a
 * display: the same answers the server gives (F4, F5), a second scan
 * refused with the first one's time and door, another outlet's code only
 * "not for this door", a queue that survives a restart. */
#include <glib/gstdio.h>

#include "ts-door-list.h"
#include "ts-format.h"
#include "ts-json.h"
#include "ts-scan-format.h"
#include "ts-scan-queue.h"
#include "ts-ticket-code.h"

#define OUTLET 7
#define PERFORMANCE 42

typedef struct
{
  guint8      seed[TS_TICKET_SEED_BYTES];
  TsDoorList *list;
} Fixture;

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Tickets 1 (to admit), 2 (refunded), 3 (reprinted: version 2), 4
 * (admitted before the list came, at the North door). */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  guint8 key[TS_TICKET_KEY_BYTES];
  g_autofree char *key_text = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) door_list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reentry = GPOINTER_TO_INT (data);

  ts_ticket_seed_new (fixture->seed);
  ts_ticket_key_from_seed (fixture->seed, key);
  key_text = ts_ticket_key_to_base64 (key);
  text = g_strdup_printf (
      "{\"performance_id\": %d, \"event\": \"Hamlet\", \"starts_at\": \"2026-12-06T19:30:00Z\", \"reentry\": %s,"
      " \"outlet_id\": %d, \"public_key\": \"%s\", \"tickets\": ["
      "  {\"item_id\": 11, \"order_id\": 100, \"ticket_number\": 1, \"barcode_version\": 1, \"status\": \"sold\","
      "   \"seat_name\": \"Stalls row A seat 1\", \"area\": null, \"ticket_type\": \"Adult\", \"display_letter\": \"A\","
      "   \"patron\": \"Ada Lovelace\", \"admitted_at\": null, \"door\": null, \"inside\": false},"
      "  {\"item_id\": 12, \"order_id\": 100, \"ticket_number\": 2, \"barcode_version\": 1, \"status\": \"refunded\","
      "   \"seat_name\": \"Stalls row A seat 2\", \"area\": null, \"ticket_type\": \"Adult\", \"display_letter\": \"A\","
      "   \"patron\": \"Ada Lovelace\", \"admitted_at\": null, \"door\": null, \"inside\": false},"
      "  {\"item_id\": 13, \"order_id\": 101, \"ticket_number\": 3, \"barcode_version\": 2, \"status\": \"sold\","
      "   \"seat_name\": null, \"area\": \"Floor\", \"ticket_type\": \"Student\", \"display_letter\": \"S\","
      "   \"patron\": \"Grace Hopper\", \"admitted_at\": null, \"door\": null, \"inside\": false},"
      "  {\"item_id\": 14, \"order_id\": 102, \"ticket_number\": 4, \"barcode_version\": 1, \"status\": \"sold\","
      "   \"seat_name\": \"Stalls row B seat 1\", \"area\": null, \"ticket_type\": \"Adult\", \"display_letter\": \"A\","
      "   \"patron\": \"Alan Turing\", \"admitted_at\": \"2026-12-06T19:01:00Z\", \"door\": \"North\", \"inside\": true}"
      "]}", PERFORMANCE, reentry ? "true" : "false", OUTLET, key_text);
  door_list = parse_object (text);
  fixture->list = ts_door_list_new (door_list, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->list);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->list);
}

static char *
code (Fixture *fixture,
      gint64   number,
      int      version)
{
  return ts_ticket_code_sign (OUTLET, number, version, fixture->seed);
}

/* The result of a scan of text (a code) at door, in or out. */
static JsonObject *
decide (Fixture    *fixture,
        const char *text,
        const char *door,
        const char *direction)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"%s\", \"nonce\": \"n-%s\","
                                           " \"performance_id\": %d, \"direction\": \"%s\","
                                           " \"scanned_at\": \"2026-12-06T19:20:00Z\"}",
                                           text, door, text, PERFORMANCE, direction);
  g_autoptr(JsonObject) scan = parse_object (body);

  return ts_door_list_decide (fixture->list, scan);
}

static const char *
result_of (JsonObject *answer)
{
  return ts_json_lookup_string (answer, "result");
}

static void
test_decide (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *first = code (fixture, 1, 1);
  g_autofree char *lowered = g_ascii_strdown (first, -1);
  g_autofree char *refunded = code (fixture, 2, 1);
  g_autofree char *old_paper = code (fixture, 3, 1);
  g_autofree char *new_paper = code (fixture, 3, 2);
  g_autofree char *before = code (fixture, 4, 1);
  g_autofree char *unlisted = code (fixture, 99, 1);
  g_autofree char *other_outlet = NULL;
  g_autofree char *forged = NULL;
  guint8 other_seed[TS_TICKET_SEED_BYTES];
  JsonObject *answer;

  g_assert_cmpuint (ts_door_list_get_expected (fixture->list), ==, 3);
  g_assert_cmpuint (ts_door_list_get_admitted (fixture->list), ==, 1);

  /* admitted, with the seat; then refused with this door's time and name */
  answer = decide (fixture, first, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "admitted");
  g_assert_true (json_object_get_boolean_member (answer, "offline"));
  g_assert_cmpstr (ts_json_lookup_string (ts_json_lookup_object (answer, "ticket"), "seat_name"), ==, "Stalls row A seat 1");
  g_assert_cmpint (json_object_get_int_member (answer, "admitted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "expected"), ==, 3);
  json_object_unref (answer);
  answer = decide (fixture, lowered, "East", "in");
  g_assert_cmpstr (result_of (answer), ==, "already_admitted");
  g_assert_cmpstr (ts_json_lookup_string (ts_json_lookup_object (answer, "first"), "door"), ==, "South");
  g_assert_cmpstr (ts_json_lookup_string (ts_json_lookup_object (answer, "first"), "at"), ==, "2026-12-06T19:20:00Z");
  json_object_unref (answer);

  /* admitted before the list came: the server's door */
  answer = decide (fixture, before, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "already_admitted");
  g_assert_cmpstr (ts_json_lookup_string (ts_json_lookup_object (answer, "first"), "door"), ==, "North");
  json_object_unref (answer);

  /* F5: refunded, and the paper a reprint replaced, are void */
  answer = decide (fixture, refunded, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "void");
  g_assert_cmpstr (ts_json_lookup_string (answer, "reason"), ==, "refunded");
  json_object_unref (answer);
  answer = decide (fixture, old_paper, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "void");
  g_assert_cmpstr (ts_json_lookup_string (answer, "reason"), ==, "replaced");
  json_object_unref (answer);
  answer = decide (fixture, new_paper, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "admitted");
  g_assert_cmpstr (ts_json_lookup_string (ts_json_lookup_object (answer, "ticket"), "area"), ==, "Floor");
  json_object_unref (answer);

  /* genuine but not in the list: the attendant looks at it */
  answer = decide (fixture, unlisted, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "wrong_performance");
  g_assert_true (json_object_get_boolean_member (answer, "unlisted"));
  g_assert_null (ts_json_lookup_object (answer, "ticket"));
  json_object_unref (answer);

  /* F4: another outlet's code, genuine or not: nothing else is said */
  ts_ticket_seed_new (other_seed);
  other_outlet = ts_ticket_code_sign (OUTLET + 1, 1, 1, other_seed);
  answer = decide (fixture, other_outlet, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "not_for_this_door");
  g_assert_null (ts_json_lookup_object (answer, "ticket"));
  json_object_unref (answer);

  /* another key's signature on this outlet's number, and garbage: forged */
  forged = ts_ticket_code_sign (OUTLET, 1, 1, other_seed);
  answer = decide (fixture, forged, "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "forged");
  json_object_unref (answer);
  answer = decide (fixture, "HELLO", "South", "in");
  g_assert_cmpstr (result_of (answer), ==, "forged");
  json_object_unref (answer);
}

/* F5: re-entry, when the event allows it: out, then in again; without it,
 * out is refused and in once only. */
static void
test_reentry (Fixture       *fixture,
              gconstpointer  data)
{
  gboolean reentry = GPOINTER_TO_INT (data);
  g_autofree char *first = code (fixture, 1, 1);
  g_autoptr(JsonObject) in = decide (fixture, first, "South", "in");
  g_autoptr(JsonObject) out = decide (fixture, first, "South", "out");
  g_autoptr(JsonObject) again = decide (fixture, first, "South", "in");

  g_assert_cmpstr (result_of (in), ==, "admitted");
  g_assert_cmpstr (result_of (out), ==, reentry ? "exited" : "not_inside");
  g_assert_cmpstr (result_of (again), ==, reentry ? "admitted" : "already_admitted");
}

/* An upload's answer is kept: admitted elsewhere, refunded meanwhile. */
static void
test_note_answer (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) scan = parse_object ("{\"item_id\": 11, \"door\": \"South\", \"nonce\": \"n-1\"}");
  g_autoptr(JsonObject) answer = parse_object (
      "{\"result\": \"already_admitted\", \"first\": {\"at\": \"2026-12-06T19:05:00Z\", \"door\": \"West\"},"
      " \"ticket\": {\"item_id\": 11, \"performance_id\": 42}}");
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(GPtrArray) found = NULL;

  ts_door_list_note_answer (fixture->list, answer, scan);
  decided = ts_door_list_decide (fixture->list, scan);
  g_assert_cmpstr (result_of (decided), ==, "already_admitted");
  g_assert_cmpstr (ts_json_lookup_string (ts_json_lookup_object (decided, "first"), "door"), ==, "West");

  /* the search: words of the name in any order, or an order number */
  found = ts_door_list_search (fixture->list, "lovelace ADA", 10);
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ts_door_list_search (fixture->list, "101", 10);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (found, 0), "item_id"), ==, 13);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ts_door_list_search (fixture->list, "nobody", 10);
  g_assert_cmpuint (found->len, ==, 0);
}

/* The queue on disk: what one run queued, the next finds, in order; an
 * emptied queue leaves no file. */
static void
test_queue (void)
{
  g_autoptr(TsScanQueue) queue = NULL;
  g_autoptr(TsScanQueue) again = NULL;
  g_autoptr(JsonObject) first = parse_object ("{\"code\": \"A\", \"door\": \"South\", \"nonce\": \"n-1\"}");
  g_autoptr(JsonObject) second = parse_object ("{\"item_id\": 11, \"door\": \"South\", \"nonce\": \"n-2\"}");
  g_autoptr(JsonNode) peeked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ts_scan_queue_path (PERFORMANCE);
  g_autofree char *aside = g_strconcat (path, ".unreadable", NULL);

  g_unlink (path);
  g_unlink (aside);
  queue = ts_scan_queue_new (PERFORMANCE);
  g_assert_cmpuint (ts_scan_queue_get_length (queue), ==, 0);
  g_assert_true (ts_scan_queue_add (queue, first, "admitted", &error));
  g_assert_true (ts_scan_queue_add (queue, second, "exited", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  again = ts_scan_queue_new (PERFORMANCE);
  g_assert_cmpuint (ts_scan_queue_get_length (again), ==, 2);
  g_assert_cmpstr (ts_json_lookup_string (ts_scan_queue_get_scan (again, 0), "nonce"), ==, "n-1");
  g_assert_cmpstr (ts_scan_queue_get_result (again, 1), ==, "exited");
  peeked = ts_scan_queue_peek (again, 1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (peeked)), ==, 1);
  g_assert_true (ts_scan_queue_drop (again, 1, &error));
  g_assert_cmpuint (ts_scan_queue_get_length (again), ==, 1);
  g_assert_true (ts_scan_queue_drop (again, 1, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* a file that is not a queue is put aside, never half-read */
  g_assert_true (g_file_set_contents (path, "{not json", -1, NULL));
  g_clear_object (&queue);
  queue = ts_scan_queue_new (PERFORMANCE);
  g_assert_cmpuint (ts_scan_queue_get_length (queue), ==, 0);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_unlink (aside);
}

/* What the door says of an answer, word for word (in English: this
 * program binds no translation; test-client-door reads the French). */
static void
test_format (void)
{
  const struct {
    const char *answer;
    const char *headline;
    const char *detail;
    const char *colour;
  } cases[] = {
    { "{\"result\": \"admitted\", \"ticket\": {\"seat_name\": \"Stalls row A seat 1\", \"ticket_type\": \"Adult\","
      " \"display_letter\": \"A\"}}", "Admitted", "Stalls row A seat 1 · Adult · Letter A", "scan-admitted" },
    { "{\"result\": \"already_admitted\", \"first\": {\"at\": \"2026-12-06T19:42:10Z\", \"door\": \"North\"},"
      " \"ticket\": {\"area\": \"Floor\", \"ticket_type\": \"Student\"}}",
      "Already admitted at 19:42, North", "General admission: Floor · Student", "scan-refused" },
    { "{\"result\": \"not_for_this_door\"}", "Not for this door", "", "scan-refused" },
    { "{\"result\": \"void\", \"reason\": \"refunded\"}", "Void: refunded", "", "scan-refused" },
    { "{\"result\": \"void\", \"reason\": \"replaced\"}", "Void: replaced by a newer ticket", "", "scan-refused" },
    { "{\"result\": \"forged\", \"offline\": true}", "Forged", "Decided at this door: the server cannot be reached.",
      "scan-refused" },
    { "{\"result\": \"wrong_performance\", \"ticket\": {\"seat_name\": \"Stalls row A seat 2\", \"event\": \"Hamlet\","
      " \"starts_at\": \"2026-12-07T19:30:00Z\"}}", "Wrong performance",
      "Stalls row A seat 2\nFor Hamlet, Mon 7 Dec 2026, 19:30", "scan-warning" },
    { "{\"result\": \"refused\", \"message\": \"direction: this ticket is not inside\"}",
      "direction: this ticket is not inside", "", "scan-refused" },
  };

  ts_format_set_time_zone ("UTC");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) answer = parse_object (cases[i].answer);
      g_autofree char *headline = ts_scan_format_headline (answer);
      g_autofree char *detail = ts_scan_format_detail (answer);

      g_assert_cmpstr (headline, ==, cases[i].headline);
      g_assert_cmpstr (detail, ==, cases[i].detail);
      g_assert_cmpstr (ts_scan_format_colour (ts_json_lookup_string (answer, "result")), ==, cases[i].colour);
    }
  g_assert_null (ts_scan_format_colour (""));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("tessera-door-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (data_home, "tessera", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/door-list/decide", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_decide, fixture_tear_down);
  g_test_add ("/door-list/no-reentry", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_reentry,
              fixture_tear_down);
  g_test_add ("/door-list/reentry", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_reentry, fixture_tear_down);
  g_test_add ("/door-list/note-answer", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_note_answer,
              fixture_tear_down);
  g_test_add_func ("/door-list/queue", test_queue);
  g_test_add_func ("/door-list/format", test_format);
  status = g_test_run ();
  g_rmdir (folder);
  g_rmdir (data_home);
  return status;
}
