/* test-client-door.c — the door's scan window against a real server, as the
 * attendant uses it (F4, F5, issue 12): a keyboard-wedge reader types each
 * code and Enter; the answer, the seat and the counter on screen; a patron
 * without a ticket found by name and admitted; the offline door deciding
 * from its list, queueing on disk, uploading when the server is back and
 * listing the conflicts; a Scanner's sign-in opens the scan window alone. */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ts-application-private.h"
#include "ts-door-search-private.h"
#include "ts-json.h"
#include "ts-format.h"
#include "ts-main-window.h"
#include "ts-scan-queue.h"
#include "ts-scan-window-private.h"
#include "ts-sign-in-dialog.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"
#include "ts-ticket-code.h"

static TsTestServer *server;
static gint64 uth, ath, perf, tomorrow, reentry_perf, adult;
static char *seats[10];
static char *uth_boxoffice, *uth_manager;
static guint key_counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* The item of an order's seat. */
static JsonNode *
sell (const char *token,
      gint64      performance,
      const char *guid,
      gint64      patron)
{
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"client-door-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                           " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                           " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                           ++key_counter, patron, performance, guid, adult);

  return ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
}

/* A sold seat's item. */
static gint64
sold_item (const char *token,
           gint64      performance,
           const char *guid,
           const char *first_name,
           const char *last_name)
{
  gint64 patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                     " VALUES ('%s', '%s', %" G_GINT64_FORMAT ") RETURNING id", first_name, last_name, uth);
  g_autoptr(JsonNode) order = sell (token, performance, guid, patron);

  return ts_test_item_at_seat (order, guid);
}

/* The barcode printed on an item's ticket (GET /orders/{id}/tickets, as the
 * seller prints it): what the door's reader types. */
static char *
code_of (gint64 item)
{
  gint64 order = ts_test_owner_int (server, "SELECT order_id FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets?items=%" G_GINT64_FORMAT,
                                           order, item);
  g_autoptr(JsonNode) printed = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
  JsonArray *tickets = ts_json_lookup_array (object_of (printed), "tickets");
  JsonObject *ticket = tickets != NULL ? ts_json_lookup_element_object (tickets, 0) : NULL;

  g_assert_nonnull (ticket);
  g_assert_cmpint (json_object_get_int_member (ticket, "item_id"), ==, item);
  return g_strdup (json_object_get_string_member (ticket, "barcode"));
}

static gboolean
performance_chosen (gpointer data)
{
  gint64 id;

  g_object_get (data, "performance-id", &id, NULL);
  return id > 0;
}

/* The window of a client, its performance chosen, its list in, the door named. */
static TsScanWindow *
open_door (TsApiClient *client,
           gint64       performance,
           const char  *door)
{
  TsScanWindow *window = ts_scan_window_new (NULL, client);

  gtk_window_present (GTK_WINDOW (window));
  /* the nearest performance is chosen first; the attendant picks hers */
  ts_test_ui_wait_until (performance_chosen, window, "a performance chosen");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "door.performance", "x", performance));
  ts_test_ui_wait_property (window, "performance-id", performance, NULL);
  ts_test_ui_wait_property (window, "loaded", TRUE, NULL);
  gtk_editable_set_text (_ts_scan_window_get_door_entry (window), door);
  return window;
}

static guint
answered (TsScanWindow *window)
{
  guint n;

  g_object_get (window, "answered", &n, NULL);
  return n;
}

/* As the reader does it: the code typed into the entry, then Enter; waits
 * for the answer on screen and returns its result. */
static const char *
scan (TsScanWindow *window,
      const char   *code)
{
  guint before = answered (window);
  GtkEditable *entry = _ts_scan_window_get_code_entry (window);

  gtk_editable_set_text (entry, code);
  g_signal_emit_by_name (entry, "activate");
  /* cleared at once, for the next code */
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  ts_test_ui_wait_property (window, "answered", before + 1, NULL);
  return ts_test_ui_get_string (window, "result");
}

static guint
uint_of (gpointer    object,
         const char *property)
{
  guint n;

  g_object_get (object, property, &n, NULL);
  return n;
}

static gint64
tickets_sold (gint64 performance)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                            " AND status <> 'refunded'", performance);
}

/* F4: a ticket admitted once, then refused saying when and where; another
 * outlet's ticket only "not for this door"; a made-up or altered code
 * forged; a reprinted ticket's old paper void. */
static void
test_admit (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "door");
  gint64 item = sold_item (uth_boxoffice, perf, seats[0], "Ada", "Lovelace");
  TsScanWindow *window = open_door (client, perf, "North");
  g_autofree char *code = code_of (item);
  g_autofree char *their_code = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *seat = ts_test_owner_sqlf (server, "SELECT ts_seat_name (e.map_id, i.seat_guid) FROM order_item i"
                                         " JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id"
                                         " WHERE i.id = %" G_GINT64_FORMAT, item);
  g_autofree char *first_at = NULL;
  g_autofree char *already = NULL;

  /* the first scan: green, the seat, the type and letter, the counter */
  g_assert_cmpstr (scan (window, code), ==, "admitted");
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("Admitted"));
  g_assert_nonnull (strstr (_ts_scan_window_get_detail (window), seat));
  g_assert_nonnull (strstr (_ts_scan_window_get_detail (window), "Adult"));
  g_assert_cmpuint (uint_of (window, "admitted"), ==, 1);
  g_assert_cmpuint (uint_of (window, "expected"), ==, tickets_sold (perf));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (window), ts_test_ui_tr ("Admitted")));
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-admitted.png");

  /* the same again: red, when and at which door */
  g_assert_cmpstr (scan (window, code), ==, "already_admitted");
  first_at = ts_test_owner_sqlf (server, "SELECT to_json (admitted_at) #>> '{}' FROM order_item WHERE id = %"
                                 G_GINT64_FORMAT, item);
  {
    g_autofree char *clock = ts_format_time (first_at, TS_TIME_CLOCK);

    already = g_strdup_printf (ts_test_ui_tr ("Already admitted at %s, %s"), clock, "North");
  }
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, already);
  g_assert_cmpuint (uint_of (window, "admitted"), ==, 1);
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-already-admitted.png");

  /* another outlet's code: nothing more is said, not even whether it is
   * genuine (F4) */
  {
    guint8 seed[TS_TICKET_SEED_BYTES];

    ts_ticket_seed_new (seed);
    their_code = ts_ticket_code_sign (ath, 1, 1, seed);
  }
  g_assert_cmpstr (scan (window, their_code), ==, "not_for_this_door");
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("Not for this door"));
  g_assert_cmpstr (_ts_scan_window_get_detail (window), ==, "");

  /* garbage, and a genuine code with its number changed */
  g_assert_cmpstr (scan (window, "HELLO WORLD"), ==, "forged");
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("Forged"));
  {
    TsTicketCode parsed;
    const char *signature = strrchr (code, '-');

    g_assert_true (ts_ticket_code_parse (code, &parsed, NULL));
    altered = g_strdup_printf ("TS1-%d-%" G_GINT64_FORMAT "-%d%s", parsed.outlet_id, parsed.ticket_number + 1000,
                               parsed.version, signature);
  }
  g_assert_cmpstr (scan (window, altered), ==, "forged");
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-forged.png");

  /* tomorrow's ticket tonight: amber, and which performance it is for */
  {
    gint64 later = sold_item (uth_boxoffice, tomorrow, seats[0], "Charles", "Babbage");
    g_autofree char *later_code = code_of (later);

    g_assert_cmpstr (scan (window, later_code), ==, "wrong_performance");
    g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("Wrong performance"));
    g_assert_nonnull (strstr (_ts_scan_window_get_detail (window), "Hamlet"));
    ts_test_ui_screenshot (GTK_WIDGET (window), "door-wrong-performance.png");
  }

  /* another door admits a ticket: the counter follows, without a scan here */
  {
    g_autofree char *scanner = ts_test_sign_in (server, "UTH", "door", "door-password");
    gint64 other = sold_item (uth_boxoffice, perf, seats[9], "Ida", "Rhodes");
    g_autofree char *other_code = code_of (other);
    g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"South\", \"nonce\": \"south-door-0000\","
                                             " \"performance_id\": %" G_GINT64_FORMAT "}", other_code, perf);
    g_autoptr(JsonNode) south = ts_test_expect (server, "POST", "/api/v1/scans", scanner, body, 200);

    ts_test_ui_wait_property (window, "expected", (guint) tickets_sold (perf), NULL);
    ts_test_ui_wait_property (window, "admitted", 2u, NULL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The focus is in the code entry (in its text, as GTK 4 has it). */
static gboolean
code_has_focus (TsScanWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));
  GtkWidget *entry = GTK_WIDGET (_ts_scan_window_get_code_entry (window));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

/* The reader types into the window as a keyboard does: the code entry has
 * the focus from the start, and again after an answer. */
static void
test_keyboard_wedge (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "door");
  gint64 item = sold_item (uth_boxoffice, perf, seats[2], "Grace", "Hopper");
  TsScanWindow *window;
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;
  guint before;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  window = open_door (client, perf, "North");
  code = code_of (item);
  ts_test_ui_wait_until ((TsTestCondition) gtk_window_is_active, window, "the scan window active");
  g_assert_true (code_has_focus (window));
  before = answered (window);
  ts_test_input_type (code);
  ts_test_input_key (GDK_KEY_Return, FALSE);
  ts_test_ui_wait_property (window, "answered", before + 1, NULL);
  g_assert_cmpstr (ts_test_ui_get_string (window, "result"), ==, "admitted");
  g_assert_cmpstr (gtk_editable_get_text (_ts_scan_window_get_code_entry (window)), ==, "");
  g_assert_true (code_has_focus (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
found_none (gpointer data)
{
  return ((GArray *) data)->len == 0;
}

static gboolean
found_some (gpointer data)
{
  return ((GArray *) data)->len > 0;
}

/* F5: where the event allows re-entry, Scan Out shows; a ticket scanned
 * out comes back in, once. */
static void
test_reentry (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "door");
  gint64 item = sold_item (uth_boxoffice, reentry_perf, seats[0], "Frances", "Allen");
  TsScanWindow *window = open_door (client, reentry_perf, "Gate");
  GtkWidget *out = ts_test_ui_find_button_by_label (GTK_WIDGET (window), "Scan _Out");
  g_autofree char *code = code_of (item);

  g_assert_nonnull (out);
  g_assert_cmpstr (scan (window, code), ==, "admitted");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (out), TRUE);
  g_assert_cmpstr (scan (window, code), ==, "exited");
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("Scanned out"));
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-scanned-out.png");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (out), FALSE);
  g_assert_cmpstr (scan (window, code), ==, "admitted");
  g_assert_cmpstr (scan (window, code), ==, "already_admitted");

  /* tonight's Hamlet has none: no Scan Out */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "door.performance", "x", perf));
  ts_test_ui_wait_property (window, "loaded", TRUE, NULL);
  g_assert_null (ts_test_ui_find_button_by_label (GTK_WIDGET (window), "Scan _Out"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A patron without a ticket: found by name in the door list, admitted by
 * the item after the attendant confirms; found by order number too. */
static void
test_search_admits (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "door");
  gint64 item = sold_item (uth_boxoffice, perf, seats[3], "Katherine", "Johnson");
  gint64 order = ts_test_owner_int (server, "SELECT order_id FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
  g_autofree char *order_text = g_strdup_printf ("%" G_GINT64_FORMAT, order);
  TsScanWindow *window = open_door (client, perf, "Side");
  TsDoorSearch *search = _ts_scan_window_get_search (window);
  GArray *found = _ts_door_search_get_found (search);
  guint before;

  gtk_editable_set_text (_ts_door_search_get_entry (search), "johnson kath");
  /* the search entry's short delay */
  ts_test_ui_wait_until (found_some, found, "the search's tickets");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, item);
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-search.png");

  /* asked first: Cancel admits nobody */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "search.ask-admit", "x", item));
  g_assert_true (ts_door_search_get_asking (search));
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-search-confirm.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "search.cancel-admit", NULL));
  g_assert_false (ts_door_search_get_asking (search));
  g_assert_true (code_has_focus (window));
  gtk_editable_set_text (_ts_door_search_get_entry (search), "");
  ts_test_ui_wait_until (found_none, found, "the search emptied");
  g_assert_null (ts_test_owner_sqlf (server, "SELECT admitted_at FROM order_item WHERE id = %" G_GINT64_FORMAT, item));

  /* by the order number, and confirmed */
  gtk_editable_set_text (_ts_door_search_get_entry (search), order_text);
  ts_test_ui_wait_until (found_some, found, "the order's tickets");
  g_assert_cmpuint (found->len, >=, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, item);
  before = answered (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "search.ask-admit", "x", item));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "search.confirm-admit", NULL));
  ts_test_ui_wait_property (window, "answered", before + 1, NULL);
  g_assert_cmpstr (ts_test_ui_get_string (window, "result"), ==, "admitted");
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT admitted_door FROM order_item WHERE id = %" G_GINT64_FORMAT, item),
                   ==, "Side");
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
queue_file (gint64 performance)
{
  return ts_scan_queue_path (performance);
}

/* The offline door: the link cut, scans are still decided from the list
 * (a second scan refused here too), queued on disk and said on screen;
 * the link mended, they are uploaded, and a ticket admitted meanwhile at
 * another door is listed as a conflict, not merged. */
static void
test_offline (void)
{
  g_autoptr(TsTestProxy) proxy = ts_test_proxy_new (server);
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in_at (server, ts_test_proxy_get_url (proxy), "UTH", "door");
  g_autofree char *scanner = ts_test_sign_in (server, "UTH", "door", "door-password");
  gint64 quiet = sold_item (uth_boxoffice, perf, seats[4], "Mary", "Jackson");
  gint64 contested = sold_item (uth_boxoffice, perf, seats[6], "Dorothy", "Vaughan");
  gint64 refunded = sold_item (uth_boxoffice, perf, seats[7], "Hedy", "Lamarr");
  g_autofree char *path = queue_file (perf);
  g_autofree char *quiet_code = NULL, *contested_code = NULL, *refunded_code = NULL;
  TsScanWindow *window;
  guint admitted_before;

  g_unlink (path);
  quiet_code = code_of (quiet);
  contested_code = code_of (contested);
  /* the patron keeps the paper of a ticket refunded before the list is downloaded */
  refunded_code = code_of (refunded);
  {
    gint64 order = ts_test_owner_int (server, "SELECT order_id FROM order_item WHERE id = %" G_GINT64_FORMAT, refunded);
    g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", order);
    g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Cannot come\","
                                             " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", refunded);
    g_autoptr(JsonNode) done = ts_test_expect (server, "POST", refund_path, uth_boxoffice, body, 200);
  }
  window = open_door (client, perf, "North");
  admitted_before = uint_of (window, "admitted");

  ts_test_proxy_set_up (proxy, FALSE);
  /* the first scan finds the server gone, and is decided here */
  g_assert_cmpstr (scan (window, quiet_code), ==, "admitted");
  g_assert_false (ts_api_client_get_reachable (client));
  g_assert_cmpuint (uint_of (window, "queued"), ==, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (_ts_scan_window_get_detail (window),
                            ts_test_ui_tr ("Decided at this door: the server cannot be reached.")));
  /* the same ticket again: refused here too */
  g_assert_cmpstr (scan (window, quiet_code), ==, "already_admitted");
  g_assert_cmpuint (uint_of (window, "queued"), ==, 1);
  /* refunded: void, from the list */
  g_assert_cmpstr (scan (window, refunded_code), ==, "void");
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("Void: refunded"));
  g_assert_cmpstr (scan (window, "TS1-NOT-A-TICKET"), ==, "forged");

  /* meanwhile another door, online, admits a ticket this door has not seen admitted */
  {
    g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"South\", \"nonce\": \"south-door-0001\","
                                             " \"performance_id\": %" G_GINT64_FORMAT "}", contested_code, perf);
    g_autoptr(JsonNode) south = ts_test_expect (server, "POST", "/api/v1/scans", scanner, body, 200);

    g_assert_cmpstr (ts_test_member_string (south, "result"), ==, "admitted");
  }
  g_assert_cmpstr (scan (window, contested_code), ==, "admitted");
  g_assert_cmpuint (uint_of (window, "queued"), ==, 2);
  g_assert_cmpuint (uint_of (window, "admitted"), ==, admitted_before + 2);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext ("tessera", "Offline — %u scan to upload",
                                                          "Offline — %u scans to upload", 2), 2);

    g_assert_cmpstr (_ts_scan_window_get_queue_text (window), ==, text);
  }
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-offline.png");
  /* nothing reached the server */
  g_assert_null (ts_test_owner_sqlf (server, "SELECT admitted_at FROM order_item WHERE id = %" G_GINT64_FORMAT, quiet));

  /* the link mended: uploaded, the quiet admission recorded at this door,
   * the contested one listed for the attendant */
  ts_test_proxy_set_up (proxy, TRUE);
  ts_test_ui_wait_property (window, "queued", 0u, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT admitted_door FROM order_item WHERE id = %" G_GINT64_FORMAT, quiet),
                   ==, "North");
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT admitted_door FROM order_item WHERE id = %" G_GINT64_FORMAT,
                                       contested), ==, "South");
  g_assert_cmpuint (uint_of (window, "conflicts"), ==, 1);
  g_assert_nonnull (strstr (_ts_scan_window_get_conflict (window, 0), "Dorothy Vaughan"));
  g_assert_nonnull (strstr (_ts_scan_window_get_conflict (window, 0), "South"));
  g_assert_cmpstr (_ts_scan_window_get_queue_text (window), ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-conflicts.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A door that stops while offline loses none of its scans: the next run
 * finds them on disk and uploads them. */
static void
test_offline_restart (void)
{
  g_autoptr(TsTestProxy) proxy = ts_test_proxy_new (server);
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in_at (server, ts_test_proxy_get_url (proxy), "UTH", "door");
  gint64 item = sold_item (uth_boxoffice, perf, seats[8], "Annie", "Easley");
  g_autofree char *path = queue_file (perf);
  g_autofree char *code = NULL;
  TsScanWindow *window = open_door (client, perf, "Stage door");

  code = code_of (item);
  ts_test_proxy_set_up (proxy, FALSE);
  g_assert_cmpstr (scan (window, code), ==, "admitted");
  g_assert_cmpuint (uint_of (window, "queued"), ==, 1);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* started again while the server is still away: it says so, and starts
   * once the banner's asking finds the server back; the queue goes */
  window = ts_scan_window_new (NULL, client);
  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_property (window, "result", "error", NULL);
  g_assert_cmpstr (ts_test_ui_get_string (window, "headline"), ==, ts_test_ui_tr ("The performances did not load"));
  ts_test_proxy_set_up (proxy, TRUE);
  ts_test_ui_wait_until (performance_chosen, window, "a performance chosen");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "door.performance", "x", perf));
  ts_test_ui_wait_property (window, "performance-id", perf, NULL);
  ts_test_ui_wait_property (window, "queued", 0u, NULL);
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT admitted_door FROM order_item WHERE id = %" G_GINT64_FORMAT, item),
                   ==, "Stage door");
  g_assert_cmpuint (uint_of (window, "conflicts"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
queue_says_why (gpointer data)
{
  return strstr (_ts_scan_window_get_queue_text (data), "nonce") != NULL;
}

/* A queue the server refuses (here a scan whose nonce is too short, as a
 * damaged file could hold) is neither dropped nor hidden: the door says
 * why, keeps the scans, and offers Retry Upload. */
static void
test_upload_refused (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "door");
  g_autofree char *path = queue_file (perf);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *queued = g_strdup_printf ("{\"scans\": [{\"scan\": {\"item_id\": 1, \"door\": \"North\","
                                             " \"nonce\": \"short\", \"performance_id\": %" G_GINT64_FORMAT ","
                                             " \"direction\": \"in\", \"scanned_at\": \"2026-01-01T00:00:00Z\"},"
                                             " \"local\": \"admitted\"}]}", perf);
  TsScanWindow *window;
  GtkWidget *retry;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, queued, -1, NULL));
  window = open_door (client, perf, "North");
  ts_test_ui_wait_until (queue_says_why, window, "the upload's refusal");
  g_assert_cmpuint (uint_of (window, "queued"), ==, 1);
  retry = ts_test_ui_find_button_by_label (GTK_WIDGET (window), "_Retry Upload");
  g_assert_nonnull (retry);
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-upload-refused.png");
  /* retried: refused again, still kept */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "door.upload", NULL));
  ts_test_ui_wait_until (queue_says_why, window, "the upload's refusal again");
  g_assert_cmpuint (uint_of (window, "queued"), ==, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
}

static gboolean
no_visible_toplevel_but (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && !G_TYPE_CHECK_INSTANCE_TYPE (window, GPOINTER_TO_SIZE (data)))
        return FALSE;
    }
  return TRUE;
}

/* C4: a Scanner signs in to the scan window alone, and signing out returns
 * to the sign-in dialog; an agent opens it from the main menu. */
static void
test_scanner_session (void)
{
  static TsApplication *app;
  g_autoptr(TsApiClient) scanner = ts_test_ui_sign_in (server, "UTH", "door");
  g_autoptr(TsApiClient) agent = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) master = NULL;
  TsScanWindow *window;
  TsMainWindow *main_window;
  TsSignInDialog *sign_in;

  g_autoptr(GError) error = NULL;

  app = ts_application_new ();
  _ts_application_set_server_url (app, ts_test_server_get_url (server));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  _ts_application_open_session (app, scanner);
  window = TS_SCAN_WINDOW (ts_test_ui_find_window (TS_TYPE_SCAN_WINDOW));
  g_assert_nonnull (window);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW));
  g_assert_true (no_visible_toplevel_but (GSIZE_TO_POINTER (TS_TYPE_SCAN_WINDOW)));
  ts_test_ui_wait_property (window, "loaded", TRUE, NULL);
  ts_test_ui_screenshot (GTK_WIDGET (window), "door-scanner-session.png");

  sign_in = _ts_application_sign_out (app);
  g_assert_false (ts_api_client_is_signed_in (scanner));
  g_assert_null (ts_test_ui_find_window (TS_TYPE_SCAN_WINDOW));
  g_assert_true (ts_test_ui_find_window (TS_TYPE_SIGN_IN_DIALOG) == GTK_WINDOW (sign_in));

  /* Box Office: the main window, and the door from its menu */
  _ts_application_open_session (app, agent);
  gtk_window_destroy (GTK_WINDOW (sign_in));
  main_window = TS_MAIN_WINDOW (ts_test_ui_find_window (TS_TYPE_MAIN_WINDOW));
  g_assert_nonnull (main_window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.door-scanning", NULL));
  window = TS_SCAN_WINDOW (ts_test_ui_find_window (TS_TYPE_SCAN_WINDOW));
  g_assert_nonnull (window);
  ts_test_ui_wait_property (window, "loaded", TRUE, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (main_window));

  /* the Master User has no door of his own */
  master = ts_test_ui_sign_in (server, NULL, "master");
  main_window = ts_main_window_new (NULL, master);
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.door-scanning", NULL);
  g_assert_null (ts_test_ui_find_window (TS_TYPE_SCAN_WINDOW));
  gtk_window_destroy (GTK_WINDOW (main_window));
}

static void
set_up (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Door Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  gint64 event;

  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  /* tonight: the door's performance */
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", now () + interval '2 hours', 10, 10, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                             " VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A') RETURNING id", uth);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf));
  /* tomorrow's, and another event's tonight whose tickets may go out and in again (F5) */
  tomorrow = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                                G_GINT64_FORMAT ", now () + interval '26 hours', 10, 10, now () - interval '1 day',"
                                " now () - interval '1 day', true) RETURNING id", event, uth);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, tomorrow));
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id, reentry) VALUES (%" G_GINT64_FORMAT
                             ", 'Festival', %" G_GINT64_FORMAT ", true) RETURNING id", uth, map_id);
  reentry_perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                    " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT
                                    ", %" G_GINT64_FORMAT ", now () + interval '3 hours', 10, 10, now () - interval '1 day',"
                                    " now () - interval '1 day', true) RETURNING id", event, uth);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, reentry_perf));
}

/* A queue an earlier run left (a crash) would be uploaded to this run's
 * new database, whose performances have the same ids. */
static void
forget_queues (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "tessera", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "door-queue-"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_unlink (path);
      }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  forget_queues ();
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  set_up ();

  g_test_add_func ("/client/door/admit", test_admit);
  g_test_add_func ("/client/door/keyboard-wedge", test_keyboard_wedge);
  g_test_add_func ("/client/door/reentry", test_reentry);
  g_test_add_func ("/client/door/search-admits", test_search_admits);
  g_test_add_func ("/client/door/offline", test_offline);
  g_test_add_func ("/client/door/offline-restart", test_offline_restart);
  g_test_add_func ("/client/door/upload-refused", test_upload_refused);
  g_test_add_func ("/client/door/scanner-session", test_scanner_session);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_boxoffice);
  g_free (uth_manager);
  ts_test_server_free (server);
  return status;
}
