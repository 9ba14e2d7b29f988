/* test-server-scans.c — the door, as the attendant and as an attacker see it: a ticket
 * admitted once, the second scan saying when and where, forged, altered, refunded,
 * exchanged, reprinted and moved tickets, another outlet's tickets that tell nothing,
 * the wrong performance, re-entry, retried and offline uploads, twenty doors scanning one
 * ticket at once, the attendance, the door list, and the Scanner level's narrow door
 * (rules F4, F5, C4, P5, P7)
 *
 * The season is set up with SQL as the owner role; tickets are sold through HTTP, and
 * their barcodes are what the owning outlet's key signs (common/ts-ticket-code.h). */
#include <libsoup/soup.h>
#include <string.h>

#include "ts-json.h"
#include "ts-test-client.h"
#include "ts-ticket-code.h"

static TsTestServer *server;
static char *master, *uth_scanner, *uth_boxoffice, *uth_manager, *ath_scanner, *ath_boxoffice;
static gint64 uth, ath;
static gint64 hamlet, concert, perf_a, perf_b, perf_concert, perf_ath;
static gint64 adult, ath_type, patron;
static char *seats[10];
static guint counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static char *
next_nonce (void)
{
  return g_strdup_printf ("nonce-%06u", ++counter);
}

/* Sells one seat of perf (or a GA place when seat is NULL); answers the item's id. */
static gint64
sell (const char *token,
      gint64      perf,
      const char *seat,
      gint64      ticket_type,
      gint64     *out_order)
{
  g_autofree char *key = g_strdup_printf ("scan-order-%05u", ++counter);
  g_autofree char *place = seat ? g_strdup_printf ("\"seat\": \"%s\"", seat) : g_strdup ("\"area\": \"Floor#1\"");
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", %s, \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %s}]}",
      key, patron, perf, place, ticket_type, ticket_type == ath_type ? "1000" : (seat ? "3500" : "1500"));
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
  JsonArray *items = json_object_get_array_member (object_of (order), "items");

  if (out_order != NULL)
    *out_order = ts_test_member_int (order, "id");
  return json_object_get_int_member (json_array_get_object_element (items, 0), "id");
}

/* The barcode printed on the item's ticket now: the owner's signature (F5). */
static char *
code_of_version (gint64 item,
                 int    version)
{
  gint64 owner = ts_test_owner_int (server, "SELECT owner_outlet_id FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
  gint64 number = ts_test_owner_int (server, "SELECT ticket_number FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
  g_autofree char *hex = ts_test_owner_sqlf (server, "SELECT encode (seed, 'hex') FROM ticket_key WHERE outlet_id = %"
                                             G_GINT64_FORMAT, owner);
  guint8 seed[TS_TICKET_SEED_BYTES];

  g_assert_nonnull (hex);
  for (guint i = 0; i < TS_TICKET_SEED_BYTES; i++)
    seed[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return ts_ticket_code_sign ((int) owner, number, version, seed);
}

static char *
code_of (gint64 item)
{
  return code_of_version (item, (int) ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %"
                                                         G_GINT64_FORMAT, item));
}

/* One scan at a door: extra is more members of the body (", \"direction\": \"out\"") or "". */
static JsonNode *
scan_as (const char *token,
         const char *code,
         const char *door,
         gint64      perf,
         const char *extra)
{
  g_autofree char *nonce = next_nonce ();
  g_autofree char *perf_member = perf > 0 ? g_strdup_printf (", \"performance_id\": %" G_GINT64_FORMAT, perf) : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"%s\", \"nonce\": \"%s\"%s%s}",
                                           code, door, nonce, perf_member, extra);

  return ts_test_expect (server, "POST", "/api/v1/scans", token, body, 200);
}

static JsonNode *
scan (const char *code,
      const char *door,
      gint64      perf)
{
  return scan_as (uth_scanner, code, door, perf, "");
}

static const char *
result_of (JsonNode *answer)
{
  return ts_test_member_string (answer, "result");
}

static void
assert_result (JsonNode   *answer,
               const char *result)
{
  if (g_strcmp0 (result_of (answer), result) != 0)
    g_error ("expected %s, answered %s", result, ts_json_to_string (answer));
}

static char *
perf_path (gint64      perf,
           const char *tail)
{
  return g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT "%s", perf, tail);
}

/* Admitted once; the second scan says when and at which door (F4) ------------- */

static void
test_admit_once (void)
{
  gint64 order;
  gint64 item = sell (uth_boxoffice, perf_a, seats[0], adult, &order);
  g_autofree char *code = code_of (item);
  g_autofree char *tickets_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets", order);
  g_autoptr(JsonNode) printed = ts_test_expect (server, "GET", tickets_path, uth_boxoffice, NULL, 200);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  JsonObject *ticket, *when;

  /* the barcode printed on the ticket is the one the door admits */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (printed), "tickets"), 0), "barcode"), ==, code);
  first = scan (code, "North", perf_a);

  assert_result (first, "admitted");
  g_assert_false (json_object_get_boolean_member (object_of (first), "replayed"));
  ticket = json_object_get_object_member (object_of (first), "ticket");
  g_assert_cmpint (json_object_get_int_member (ticket, "item_id"), ==, item);
  g_assert_cmpint (json_object_get_int_member (ticket, "order_id"), ==, order);
  g_assert_cmpstr (json_object_get_string_member (ticket, "event"), ==, "Hamlet");
  g_assert_cmpstr (json_object_get_string_member (ticket, "ticket_type"), ==, "Adult");
  g_assert_cmpstr (json_object_get_string_member (ticket, "display_letter"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (ticket, "patron"), ==, "Ada Lovelace");
  g_assert_nonnull (json_object_get_string_member (ticket, "seat_name"));
  g_assert_cmpint (ts_test_member_int (first, "admitted"), ==, 1);
  g_assert_cmpint (ts_test_member_int (first, "expected"), ==, 1);

  /* the code as a wedge reader may type it: lower case, a trailing newline's space */
  {
    g_autofree char *lower = g_ascii_strdown (code, -1);
    g_autofree char *typed = g_strdup_printf ("%s ", lower);

    second = scan (typed, "South", perf_a);
  }
  assert_result (second, "already_admitted");
  when = json_object_get_object_member (object_of (second), "first");
  g_assert_cmpstr (json_object_get_string_member (when, "door"), ==, "North");
  g_assert_nonnull (json_object_get_string_member (when, "at"));
  g_assert_nonnull (strstr (ts_test_member_string (second, "message"), "North"));
  g_assert_false (json_object_has_member (object_of (second), "conflict"));
  g_assert_cmpint (ts_test_member_int (second, "admitted"), ==, 1);
  /* R1: every scan is recorded, whatever it answered */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE item_id = %" G_GINT64_FORMAT, item), ==, 2);
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT admitted_door FROM order_item WHERE id = %" G_GINT64_FORMAT, item),
                   ==, "North");
}

/* Forged and altered codes (F5) -------------------------------------------------- */

static void
test_forged (void)
{
  gint64 item = sell (uth_boxoffice, perf_a, seats[1], adult, NULL);
  g_autofree char *code = code_of (item);
  gint64 number = ts_test_owner_int (server, "SELECT ticket_number FROM order_item WHERE id = %" G_GINT64_FORMAT, item);
  g_autofree char *signature = g_strdup (strrchr (code, '-') + 1);
  g_autofree char *random_signature = g_strdup (signature);
  g_autofree char *altered = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *future = NULL;
  const char *garbage[] = { "HELLO", "TS1-1-2-3", "https://example.org/ticket", "TS2-1-1-1-AAAA" };

  /* a signature made up: the right shape, random letters */
  for (char *c = random_signature; *c; c++)
    *c = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g_random_int_range (0, 32)];
  {
    g_autofree char *made_up = g_strdup_printf ("TS1-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-1-%s", uth, number,
                                                random_signature);
    g_autoptr(JsonNode) answer = scan (made_up, "North", perf_a);

    assert_result (answer, "forged");
    g_assert_false (json_object_has_member (object_of (answer), "ticket"));
  }
  /* a real code with the ticket number changed: the old signature does not cover it */
  altered = g_strdup_printf ("TS1-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-1-%s", uth, number + 1, signature);
  json_node_unref (scan (altered, "North", perf_a));
  {
    g_autoptr(JsonNode) answer = scan (altered, "North", perf_a);

    assert_result (answer, "forged");
  }
  /* genuinely signed, but for a number never sold, or a version never printed */
  unknown = g_strdup (code);
  {
    g_autofree char *hex = ts_test_owner_sqlf (server, "SELECT encode (seed, 'hex') FROM ticket_key WHERE outlet_id = %"
                                               G_GINT64_FORMAT, uth);
    guint8 seed[TS_TICKET_SEED_BYTES];

    for (guint i = 0; i < TS_TICKET_SEED_BYTES; i++)
      seed[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
    g_free (unknown);
    unknown = ts_ticket_code_sign ((int) uth, 999999, 1, seed);
    future = ts_ticket_code_sign ((int) uth, number, 2, seed);
  }
  {
    g_autoptr(JsonNode) a = scan (unknown, "North", perf_a);
    g_autoptr(JsonNode) b = scan (future, "North", perf_a);

    assert_result (a, "forged");
    assert_result (b, "forged");
  }
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(JsonNode) answer = scan (garbage[i], "North", perf_a);

      assert_result (answer, "forged");
    }
  /* none of them admitted anyone; the genuine code still admits */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND admitted_at IS NOT NULL", item), ==, 0);
  {
    /* a door that names no performance (null) admits what is genuine and its own */
    g_autoptr(JsonNode) answer = scan_as (uth_scanner, code, "North", 0, ", \"performance_id\": null");

    assert_result (answer, "admitted");
    g_assert_cmpint (ts_test_member_int (answer, "expected"), >=, 2);
  }
}

/* Refunded, exchanged, reprinted, moved: the old barcode stops admitting (F5) ----- */

static void
test_void (void)
{
  gint64 order_r, order_x, order_m;
  gint64 refunded = sell (uth_boxoffice, perf_a, seats[2], adult, &order_r);
  gint64 exchanged = sell (uth_boxoffice, perf_a, seats[3], adult, &order_x);
  gint64 order_p;
  gint64 reprinted = sell (uth_boxoffice, perf_a, seats[4], adult, &order_p);
  gint64 moved = sell (uth_boxoffice, perf_a, seats[5], adult, &order_m);
  g_autofree char *refunded_code = code_of (refunded);
  g_autofree char *exchanged_code = code_of (exchanged);
  g_autofree char *reprinted_code = code_of (reprinted);
  g_autofree char *moved_code = code_of (moved);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", order_r);
  body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Changed plans\","
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", refunded);
  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
  {
    g_autoptr(JsonNode) answer = scan (refunded_code, "North", perf_a);

    assert_result (answer, "void");
    g_assert_cmpstr (ts_test_member_string (answer, "reason"), ==, "refunded");
    g_assert_nonnull (strstr (ts_test_member_string (answer, "message"), "refunded"));
  }

  g_free (path);
  g_free (body);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/exchange", order_x);
  body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Another seat\","
                          " \"new\": {\"idempotency_key\": \"scan-exchange-1\", \"items\": [{\"performance_id\": %"
                          G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [], \"refund_payments\": []}}", exchanged, perf_a, seats[6], adult);
  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
  {
    g_autoptr(JsonNode) answer = scan (exchanged_code, "North", perf_a);

    assert_result (answer, "void");
    g_assert_cmpstr (ts_test_member_string (answer, "reason"), ==, "replaced");
  }

  /* a reprint raises the version: the paper printed before stops admitting */
  g_free (path);
  g_free (body);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/reprint", order_p);
  body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Left at home\"}", reprinted);
  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
  {
    g_autoptr(JsonNode) old = scan (reprinted_code, "North", perf_a);
    g_autofree char *new_code = code_of (reprinted);
    g_autoptr(JsonNode) fresh = scan (new_code, "North", perf_a);

    assert_result (old, "void");
    g_assert_cmpstr (ts_test_member_string (old, "reason"), ==, "replaced");
    g_assert_true (json_object_has_member (object_of (old), "ticket"));
    assert_result (fresh, "admitted");
  }

  g_free (path);
  g_free (body);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/move", order_m);
  body = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}", moved, seats[7]);
  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
  {
    g_autoptr(JsonNode) old = scan (moved_code, "North", perf_a);
    g_autofree char *new_code = code_of (moved);
    g_autoptr(JsonNode) fresh = scan (new_code, "North", perf_a);

    assert_result (old, "void");
    g_assert_cmpstr (ts_test_member_string (old, "reason"), ==, "replaced");
    assert_result (fresh, "admitted");
  }
}

/* Another outlet's ticket: "not for this door", and nothing else (F4, P7) -------- */

static void
test_other_outlet (void)
{
  gint64 item = sell (uth_boxoffice, perf_b, seats[0], adult, NULL);
  g_autofree char *code = code_of (item);
  g_autofree char *made_up = g_strdup_printf ("TS1-%" G_GINT64_FORMAT "-%s", uth, strchr (strchr (code, '-') + 1, '-') + 1);
  g_autoptr(JsonNode) genuine = NULL;
  g_autoptr(JsonNode) forged = NULL;
  g_autofree char *genuine_text = NULL;
  g_autofree char *forged_text = NULL;
  char *last;

  /* the same code with its signature spoilt */
  last = made_up + strlen (made_up) - 10;
  *last = *last == 'A' ? 'B' : 'A';
  genuine = scan_as (ath_scanner, code, "Stage door", 0, "");
  forged = scan_as (ath_scanner, made_up, "Stage door", 0, "");
  genuine_text = ts_json_to_string (genuine);
  forged_text = ts_json_to_string (forged);
  g_assert_cmpuint (json_object_get_size (object_of (genuine)), ==, 5);
  assert_result (genuine, "not_for_this_door");
  g_assert_cmpstr (ts_test_member_string (genuine, "message"), ==, "Not for this door");
  g_assert_false (json_object_get_boolean_member (object_of (genuine), "replayed"));
  g_assert_true (json_object_get_null_member (object_of (genuine), "admitted"));
  g_assert_true (json_object_get_null_member (object_of (genuine), "expected"));
  /* exactly the same answer: not even whether it is genuine */
  g_assert_cmpstr (forged_text, ==, genuine_text);
  /* at a door of its own performance it says that performance's counter, as any scan there */
  {
    g_autoptr(JsonNode) at_door = scan_as (ath_scanner, code, "Stage door", perf_ath, "");

    assert_result (at_door, "not_for_this_door");
    g_assert_false (json_object_has_member (object_of (at_door), "ticket"));
  }
  /* a Box Office agent of the selling outlet is no more a door for it */
  {
    gint64 sold_by_ath = sell (ath_boxoffice, perf_b, seats[1], adult, NULL);
    g_autofree char *ath_sold_code = code_of (sold_by_ath);
    g_autoptr(JsonNode) at_ath = scan_as (ath_boxoffice, ath_sold_code, "Lobby", 0, "");
    g_autoptr(JsonNode) at_uth = scan (ath_sold_code, "North", perf_b);

    assert_result (at_ath, "not_for_this_door");
    /* F4: the owner admits it, whoever sold it */
    assert_result (at_uth, "admitted");
  }
  /* by hand, another outlet's ticket is an id that names nothing */
  {
    g_autofree char *theirs = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT ", \"door\": \"Stage door\","
                                               " \"nonce\": \"by-hand-theirs\"}", item);

    ts_test_expect_error (server, "POST", "/api/v1/scans", ath_scanner, theirs, 400, "invalid_input",
                          "item_id: no such ticket");
    ts_test_expect_error (server, "POST", "/api/v1/scans", ath_scanner,
                          "{\"item_id\": 99999999, \"door\": \"Stage door\", \"nonce\": \"by-hand-unknown\"}",
                          400, "invalid_input", "item_id: no such ticket");
  }
  /* … and so is another outlet's performance as the door's */
  {
    g_autofree char *theirs = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"Stage door\", \"nonce\": \"perf-theirs\","
                                               " \"performance_id\": %" G_GINT64_FORMAT "}", code, perf_a);

    ts_test_expect_error (server, "POST", "/api/v1/scans", ath_scanner, theirs, 400, "invalid_input",
                          "performance_id: no such performance");
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND admitted_at IS NOT NULL", item), ==, 0);
}

/* The wrong performance: own ticket, named, not admitted ------------------------- */

static void
test_wrong_performance (void)
{
  gint64 item = sell (uth_boxoffice, perf_b, seats[2], adult, NULL);
  g_autofree char *code = code_of (item);
  g_autoptr(JsonNode) answer = scan (code, "North", perf_a);
  JsonObject *ticket;

  assert_result (answer, "wrong_performance");
  ticket = json_object_get_object_member (object_of (answer), "ticket");
  g_assert_cmpint (json_object_get_int_member (ticket, "performance_id"), ==, perf_b);
  g_assert_nonnull (strstr (ts_test_member_string (answer, "message"), "Hamlet"));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND admitted_at IS NOT NULL", item), ==, 0);
  {
    g_autoptr(JsonNode) right = scan (code, "North", perf_b);

    assert_result (right, "admitted");
  }
}

/* Re-entry: off by default, out and in again where the event allows (F5) -------- */

static void
test_reentry (void)
{
  gint64 item = sell (uth_boxoffice, perf_a, seats[8], adult, NULL);
  gint64 fan = sell (uth_boxoffice, perf_concert, NULL, adult, NULL);
  g_autofree char *code = code_of (item);
  g_autofree char *fan_code = code_of (fan);
  g_autofree char *out_body = NULL;
  g_autofree char *attendance = perf_path (perf_concert, "/attendance");

  json_node_unref (scan (code, "North", perf_a));
  out_body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"North\", \"nonce\": \"out-of-hamlet\", \"direction\": \"out\"}",
                              code);
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner, out_body, 409, "conflict", "re-entry");

  {
    g_autoptr(JsonNode) in = scan (fan_code, "Gate", perf_concert);
    g_autoptr(JsonNode) out = scan_as (uth_scanner, fan_code, "Gate", perf_concert, ", \"direction\": \"out\"");
    g_autoptr(JsonNode) out_again = NULL;
    g_autoptr(JsonNode) outside = ts_test_expect (server, "GET", attendance, uth_scanner, NULL, 200);
    g_autoptr(JsonNode) back = scan (fan_code, "Side gate", perf_concert);
    g_autoptr(JsonNode) again = scan (fan_code, "Gate", perf_concert);
    g_autoptr(JsonNode) inside = ts_test_expect (server, "GET", attendance, uth_scanner, NULL, 200);
    g_autofree char *twice_out = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"Gate\", \"nonce\": \"out-twice\","
                                                  " \"direction\": \"out\"}", fan_code);

    assert_result (in, "admitted");
    assert_result (out, "exited");
    g_assert_cmpint (ts_test_member_int (outside, "inside"), ==, 0);
    g_assert_cmpint (ts_test_member_int (outside, "admitted"), ==, 1);
    assert_result (back, "admitted");
    g_assert_cmpstr (ts_test_member_string (back, "message"), ==, "Admitted again");
    assert_result (again, "already_admitted");
    g_assert_cmpint (ts_test_member_int (inside, "inside"), ==, 1);
    g_assert_cmpint (ts_test_member_int (inside, "admitted"), ==, 1);
    /* the first admission stays the one the door is told about */
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (again), "first"), "door"),
                     ==, "Gate");
    /* R1: a scan out is in the audit log */
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'scanned_out'"
                                        " AND entity_id = '%" G_GINT64_FORMAT "'", fan), ==, 1);
    json_node_unref (scan_as (uth_scanner, fan_code, "Gate", perf_concert, ", \"direction\": \"out\""));
    ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner, twice_out, 409, "conflict", "not inside");
    out_again = scan (fan_code, "Gate", perf_concert);
    assert_result (out_again, "admitted");
  }
}

/* A retried scan answers the first answer and admits once -------------------------- */

static void
test_nonce_replay (void)
{
  gint64 item = sell (uth_boxoffice, perf_a, seats[9], adult, NULL);
  g_autofree char *code = code_of (item);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"North\", \"nonce\": \"retried-scan-1\","
                                           " \"performance_id\": %" G_GINT64_FORMAT "}", code, perf_a);
  g_autofree char *other = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT ", \"door\": \"North\","
                                            " \"nonce\": \"retried-scan-1\"}", item);
  g_autoptr(JsonNode) first = ts_test_expect (server, "POST", "/api/v1/scans", uth_scanner, body, 200);
  g_autoptr(JsonNode) again = ts_test_expect (server, "POST", "/api/v1/scans", uth_scanner, body, 200);

  assert_result (first, "admitted");
  assert_result (again, "admitted");
  g_assert_true (json_object_get_boolean_member (object_of (again), "replayed"));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE nonce = 'retried-scan-1'"), ==, 1);
  /* the same nonce for another scan is a mistake, said as such */
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner, other, 409, "conflict", "nonce");
  /* another outlet's nonces are its own */
  {
    g_autofree char *at_ath = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"North\", \"nonce\": \"retried-scan-1\"}",
                                               code);
    g_autoptr(JsonNode) theirs = ts_test_expect (server, "POST", "/api/v1/scans", ath_scanner, at_ath, 200);

    assert_result (theirs, "not_for_this_door");
  }
  /* Bad input is named and records nothing. */
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"door\": \"North\", \"nonce\": \"short\"}", 400, "invalid_input", "nonce");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"nonce\": \"long-enough-1\"}", 400, "invalid_input", "door");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"door\": \"North\", \"nonce\": \"long-enough-2\"}", 400, "invalid_input", "code");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"item_id\": 1, \"door\": \"North\", \"nonce\": \"long-enough-3\"}",
                        400, "invalid_input", "code");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"door\": \"North\", \"nonce\": \"long-enough-4\", \"direction\": \"up\"}",
                        400, "invalid_input", "direction");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"door\": \"North\", \"nonce\": \"long-enough-5\", \"scanned_at\": \"yesterday\"}",
                        400, "invalid_input", "scanned_at");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"door\": \"North\", \"nonce\": \"long-enough-6\","
                        " \"scanned_at\": \"2999-01-01T00:00:00Z\"}", 400, "invalid_input", "scanned_at: cannot be in the future");
  ts_test_expect_error (server, "POST", "/api/v1/scans", uth_scanner,
                        "{\"code\": \"X\", \"door\": \"North\", \"nonce\": \"long-enough-7\", \"gate\": 1}",
                        400, "invalid_input", "gate");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE nonce LIKE 'long-enough-%%'"), ==, 0);
}

/* An offline door uploads: in order, conflicts reported, never merged ------------- */

static void
test_offline_batch (void)
{
  gint64 meanwhile = sell (uth_boxoffice, perf_b, seats[3], adult, NULL);
  gint64 quiet = sell (uth_boxoffice, perf_b, seats[4], adult, NULL);
  gint64 hamlet_b = sell (uth_boxoffice, perf_b, seats[5], adult, NULL);
  g_autofree char *meanwhile_code = code_of (meanwhile);
  g_autofree char *quiet_code = code_of (quiet);
  g_autofree char *hamlet_code = code_of (hamlet_b);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -10);
  g_autofree char *at = g_date_time_format_iso8601 (earlier);
  g_autofree char *body = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;
  JsonObject *r;

  /* admitted online at the main door while the side door was cut off */
  json_node_unref (scan (meanwhile_code, "Main", perf_b));
  bad = g_strdup_printf ("{\"scans\": [{\"code\": \"%s\", \"door\": \"Side\", \"nonce\": \"offline-bad-1\"},"
                         " {\"code\": \"%s\", \"nonce\": \"offline-bad-2\"}]}", quiet_code, quiet_code);
  ts_test_expect_error (server, "POST", "/api/v1/scans/batch", uth_scanner, bad, 400, "invalid_input", "scans[1].door");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE nonce LIKE 'offline-bad-%%'"), ==, 0);

  body = g_strdup_printf (
      "{\"scans\": ["
      " {\"code\": \"%s\", \"door\": \"Side\", \"nonce\": \"offline-1\", \"performance_id\": %" G_GINT64_FORMAT ", \"scanned_at\": \"%s\"},"
      " {\"code\": \"%s\", \"door\": \"Side\", \"nonce\": \"offline-2\", \"performance_id\": %" G_GINT64_FORMAT ", \"scanned_at\": \"%s\"},"
      " {\"code\": \"NOT-A-TICKET\", \"door\": \"Side\", \"nonce\": \"offline-3\", \"scanned_at\": \"%s\"},"
      " {\"code\": \"%s\", \"door\": \"Side\", \"nonce\": \"offline-4\", \"direction\": \"out\", \"scanned_at\": \"%s\"},"
      " {\"code\": \"%s\", \"door\": \"Side\", \"nonce\": \"offline-5\", \"performance_id\": %" G_GINT64_FORMAT ", \"scanned_at\": \"%s\"}]}",
      meanwhile_code, perf_b, at, quiet_code, perf_b, at, at, hamlet_code, at, quiet_code, perf_b, at);
  answer = ts_test_expect (server, "POST", "/api/v1/scans/batch", uth_scanner, body, 200);
  results = json_object_get_array_member (object_of (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 5);
  r = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "already_admitted");
  g_assert_true (json_object_get_boolean_member (r, "conflict"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "first"), "door"), ==, "Main");
  r = json_array_get_object_element (results, 1);
  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "admitted");
  r = json_array_get_object_element (results, 2);
  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "forged");
  /* one scan the rules refuse does not hold the others back */
  r = json_array_get_object_element (results, 3);
  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "refused");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "message"), "re-entry"));
  /* the same door scanning the same ticket twice is no conflict */
  r = json_array_get_object_element (results, 4);
  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "already_admitted");
  g_assert_false (json_object_has_member (r, "conflict"));
  /* the offline admission keeps the time it was made */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND admitted_at < now () - interval '9 minutes' AND admitted_door = 'Side'", quiet), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE nonce LIKE 'offline-_' AND offline"), ==, 4);
  /* uploading again (the answer was lost) admits nobody twice */
  {
    g_autoptr(JsonNode) retried = ts_test_expect (server, "POST", "/api/v1/scans/batch", uth_scanner, body, 200);
    JsonArray *again = json_object_get_array_member (object_of (retried), "results");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (again, 1), "result"), ==, "admitted");
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (again, 1), "replayed"));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE nonce LIKE 'offline-_'"), ==, 4);
  }
}

/* Twenty doors scan one ticket at once: admitted exactly once (F4) ------------------ */

typedef struct
{
  guint pending;
  guint admitted;
  guint already;
  guint other;
} Rush;

static void
rush_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Rush *rush = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (msg != NULL && soup_message_get_status (msg) == 200 && body != NULL
      && json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    {
      const char *result_text = ts_test_member_string (json_parser_get_root (parser), "result");

      if (g_strcmp0 (result_text, "admitted") == 0)
        rush->admitted++;
      else if (g_strcmp0 (result_text, "already_admitted") == 0)
        rush->already++;
      else
        rush->other++;
    }
  else
    rush->other++;
  rush->pending--;
}

static void
test_twenty_scanners (void)
{
  gint64 item = sell (uth_boxoffice, perf_b, seats[6], adult, NULL);
  g_autofree char *code = code_of (item);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/scans", ts_test_server_get_url (server));
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", uth_scanner);
  Rush rush = { 0 };

  /* twenty doors, each its own connection, one Scanner's session (sign-ins are throttled, C6) */
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (sessions, soup_session_new_with_options ("timeout", 120, NULL));
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"Door %02u\", \"nonce\": \"rush-%02u-x\","
                                               " \"performance_id\": %" G_GINT64_FORMAT "}", code, i, i, perf_b);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      rush.pending++;
      soup_session_send_and_read_async (g_ptr_array_index (sessions, i), msg, G_PRIORITY_DEFAULT, NULL, rush_done, &rush);
    }
  while (rush.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (rush.other, ==, 0);
  g_assert_cmpuint (rush.admitted, ==, 1);
  g_assert_cmpuint (rush.already, ==, 19);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE item_id = %" G_GINT64_FORMAT
                                      " AND result = 'admitted'", item), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM scan WHERE item_id = %" G_GINT64_FORMAT, item), ==, 20);
}

/* Attendance and the door's performances ------------------------------------------ */

static void
test_attendance (void)
{
  g_autofree char *path = perf_path (perf_a, "/attendance");
  g_autofree char *theirs = perf_path (perf_ath, "/attendance");
  g_autoptr(JsonNode) attendance = ts_test_expect (server, "GET", path, uth_scanner, NULL, 200);
  gint64 sold = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                   " AND status = 'sold'", perf_a);
  gint64 admitted = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                                       " AND status = 'sold' AND admitted_at IS NOT NULL", perf_a);
  JsonArray *by_door = json_object_get_array_member (object_of (attendance), "by_door");
  gint64 sum = 0;

  g_assert_cmpint (ts_test_member_int (attendance, "sold"), ==, sold);
  g_assert_cmpint (ts_test_member_int (attendance, "admitted"), ==, admitted);
  g_assert_cmpint (admitted, >=, 5);
  for (guint i = 0; i < json_array_get_length (by_door); i++)
    sum += json_object_get_int_member (json_array_get_object_element (by_door, i), "admitted");
  g_assert_cmpint (sum, ==, admitted);
  /* another outlet's performance is an id that names nothing */
  ts_test_expect_error (server, "GET", theirs, uth_scanner, NULL, 404, "not_found", "performance");
  ts_test_expect_error (server, "GET", "/api/v1/performances/99999999/attendance", uth_scanner, NULL, 404, "not_found",
                        "performance");

  {
    g_autoptr(JsonNode) list = ts_test_expect (server, "GET", "/api/v1/scans/performances", uth_scanner, NULL, 200);
    JsonArray *perfs = json_node_get_array (list);
    gboolean found_a = FALSE, found_concert = FALSE;

    for (guint i = 0; i < json_array_get_length (perfs); i++)
      {
        JsonObject *p = json_array_get_object_element (perfs, i);
        gint64 id = json_object_get_int_member (p, "id");

        g_assert_cmpint (id, !=, perf_ath);
        if (id == perf_a)
          {
            found_a = TRUE;
            g_assert_cmpint (json_object_get_int_member (p, "admitted"), ==, admitted);
            g_assert_cmpint (json_object_get_int_member (p, "sold"), ==, sold);
            g_assert_false (json_object_get_boolean_member (p, "reentry"));
            g_assert_cmpstr (json_object_get_string_member (p, "event"), ==, "Hamlet");
            g_assert_cmpstr (json_object_get_string_member (p, "venue"), ==, "Door Hall");
          }
        if (id == perf_concert)
          {
            found_concert = TRUE;
            g_assert_true (json_object_get_boolean_member (p, "reentry"));
          }
      }
    g_assert_true (found_a);
    g_assert_true (found_concert);
  }
}

/* The door list: what an offline door needs, for the owner only (F4, F5, P5) -------- */

static void
test_door_list (void)
{
  /* one order of ATH's with a UTH ticket and an ATH ticket: UTH's list has only its line */
  g_autofree char *key = g_strdup_printf ("scan-mixed-%u", ++counter);
  g_autofree char *mixed = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      "           {\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 2500}]}",
      key, patron, perf_b, adult, perf_ath, ath_type);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, mixed, 201);
  g_autofree char *path = perf_path (perf_b, "/door-list");
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", path, uth_scanner, NULL, 200);
  JsonArray *tickets = json_object_get_array_member (object_of (list), "tickets");
  gint64 expected = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT,
                                       perf_b);
  guint8 key_bytes[TS_TICKET_KEY_BYTES];
  gboolean refunded_seen = FALSE, admitted_seen = FALSE;

  g_assert_cmpint (ts_test_member_int (list, "performance_id"), ==, perf_b);
  g_assert_cmpint (ts_test_member_int (list, "outlet_id"), ==, uth);
  g_assert_cmpstr (ts_test_member_string (list, "event"), ==, "Hamlet");
  g_assert_cmpuint (json_array_get_length (tickets), ==, expected);
  /* the public key checks the codes a door reads, without the server */
  g_assert_true (ts_ticket_key_from_base64 (ts_test_member_string (list, "public_key"), key_bytes, NULL));
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);
      gint64 item = json_object_get_int_member (t, "item_id");
      g_autofree char *code = code_of (item);
      TsTicketCode parsed;

      g_assert_true (ts_ticket_code_verify (code, key_bytes, &parsed, NULL));
      g_assert_cmpint (parsed.ticket_number, ==, json_object_get_int_member (t, "ticket_number"));
      g_assert_cmpint (parsed.version, ==, json_object_get_int_member (t, "barcode_version"));
      g_assert_cmpint (ts_test_owner_int (server, "SELECT performance_id FROM order_item WHERE id = %" G_GINT64_FORMAT, item),
                       ==, perf_b);
      g_assert_nonnull (json_object_get_string_member (t, "patron"));
      if (g_strcmp0 (json_object_get_string_member (t, "status"), "refunded") == 0)
        refunded_seen = TRUE;
      if (!json_object_get_null_member (t, "admitted_at"))
        {
          admitted_seen = TRUE;
          g_assert_nonnull (json_object_get_string_member (t, "door"));
        }
    }
  g_assert_true (admitted_seen);
  (void) refunded_seen;
  /* P5: the ATH line of that order is not in it, nor anything of ATH's own performance */
  {
    g_autofree char *text = ts_json_to_string (list);
    JsonArray *items = json_object_get_array_member (object_of (order), "items");

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *it = json_array_get_object_element (items, i);
        g_autofree char *needle = g_strdup_printf ("\"item_id\":%" G_GINT64_FORMAT ",",
                                                   json_object_get_int_member (it, "id"));

        if (json_object_get_int_member (it, "performance_id") == perf_ath)
          g_assert_null (strstr (text, needle));
        else
          g_assert_nonnull (strstr (text, needle));
      }
  }
  /* another outlet's performance answers as an unknown id, to its scanner and its manager alike */
  ts_test_expect_error (server, "GET", path, ath_scanner, NULL, 404, "not_found", "performance");
  ts_test_expect_error (server, "GET", path, ath_boxoffice, NULL, 404, "not_found", "performance");
  ts_test_expect_error (server, "GET", "/api/v1/performances/99999999/door-list", ath_scanner, NULL, 404, "not_found",
                        "performance");
  /* the Master User sees it */
  json_node_unref (ts_test_expect (server, "GET", path, master, NULL, 200));
}

/* The refunded tickets are on the list too, so an offline door calls them void. */
static void
test_door_list_refunded (void)
{
  g_autofree char *path = perf_path (perf_a, "/door-list");
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", path, uth_scanner, NULL, 200);
  JsonArray *tickets = json_object_get_array_member (object_of (list), "tickets");
  guint refunded = 0;

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (tickets, i), "status"), "refunded") == 0)
      refunded++;
  g_assert_cmpuint (refunded, ==, 2);   /* the refunded one and the one given back in exchange */
}

/* The Scanner level: the door's routes and nothing else (C4); the levels above scan too */

static void
test_scanner_level (void)
{
  gint64 order;
  gint64 item = sell (uth_boxoffice, perf_concert, NULL, adult, &order);
  g_autofree char *code = code_of (item);
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order);
  g_autofree char *seats_path = perf_path (perf_a, "/seats");
  g_autofree char *will_call = perf_path (perf_a, "/will-call");
  g_autofree char *event_path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, hamlet);
  g_autoptr(JsonNode) session = ts_test_expect (server, "GET", "/api/v1/session", uth_scanner, NULL, 200);
  const char *refused[][2] = {
    { "GET", "/api/v1/patrons?q=Lovelace" }, { "GET", order_path }, { "GET", seats_path }, { "GET", will_call },
    { "GET", "/api/v1/sales/performances" }, { "GET", event_path }, { "GET", "/api/v1/events" },
    { "POST", "/api/v1/carts" }, { "GET", "/api/v1/outlets" }, { "GET", "/api/v1/system" },
  };

  g_assert_cmpstr (ts_test_member_string (session, "level"), ==, "scanner");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) answer = ts_test_call (server, refused[i][0], refused[i][1], uth_scanner,
                                                 g_str_equal (refused[i][0], "POST") ? "{}" : NULL, &status);

      if (status != 403)
        g_error ("%s %s answered a Scanner %u", refused[i][0], refused[i][1], status);
      g_assert_cmpstr (ts_test_error_code (answer), ==, "forbidden");
      g_assert_nonnull (strstr (ts_test_error_message (answer), "Scanner"));
    }
  /* the levels above scan their own outlet's tickets too, and the Master User */
  {
    g_autoptr(JsonNode) by_boxoffice = scan_as (uth_boxoffice, code, "Box office", perf_concert, "");
    g_autoptr(JsonNode) by_manager = scan_as (uth_manager, code, "Office", perf_concert, "");
    g_autoptr(JsonNode) by_master = scan_as (master, code, "Anywhere", 0, "");

    assert_result (by_boxoffice, "admitted");
    assert_result (by_manager, "already_admitted");
    assert_result (by_master, "already_admitted");
  }
  /* a code naming no outlet at all is forged, to the Master User too */
  {
    g_autofree char *signature = g_strnfill (103, 'A');
    g_autofree char *nowhere = g_strdup_printf ("TS1-99999-1-1-%s", signature);
    g_autoptr(JsonNode) by_master = scan_as (master, nowhere, "Anywhere", 0, "");
    g_autoptr(JsonNode) by_scanner = scan_as (uth_scanner, nowhere, "Gate", 0, "");

    assert_result (by_master, "forged");
    assert_result (by_scanner, "not_for_this_door");
  }
  /* by hand, after a search, as the owner: audited */
  {
    gint64 walk_in = sell (uth_boxoffice, perf_concert, NULL, adult, NULL);
    g_autofree char *body = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT ", \"door\": \"Gate\", \"nonce\": \"by-hand-1\"}",
                                             walk_in);
    g_autoptr(JsonNode) answer = ts_test_expect (server, "POST", "/api/v1/scans", uth_scanner, body, 200);

    assert_result (answer, "admitted");
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'admitted_by_hand'"
                                        " AND entity_id = '%" G_GINT64_FORMAT "'", walk_in), ==, 1);
  }
  /* signed out, nobody scans */
  ts_test_expect_error (server, "POST", "/api/v1/scans", NULL,
                        "{\"code\": \"X\", \"door\": \"North\", \"nonce\": \"signed-out-1\"}", 401, "unauthorized", NULL);
  /* the Scanner signs out like anyone */
  {
    g_autofree char *another = ts_test_sign_in (server, "UTH", "scanner", "scanner-password");

    g_assert_null (ts_test_expect (server, "DELETE", "/api/v1/session", another, NULL, 204));
  }
}

/* Re-entry is the event's choice, set by its manager (F5) --------------------------- */

static void
test_event_reentry (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, hamlet);
  g_autofree char *created_body = g_strdup_printf ("{\"name\": \"Festival\", \"map_id\": %" G_GINT64_FORMAT
                                                   ", \"reentry\": true}",
                                                   ts_test_owner_int (server, "SELECT map_id FROM event WHERE id = %"
                                                                      G_GINT64_FORMAT, hamlet));
  g_autoptr(JsonNode) got = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) created = NULL;

  g_assert_false (json_object_get_boolean_member (object_of (got), "reentry"));
  patched = ts_test_expect (server, "PATCH", path, uth_manager, "{\"reentry\": true}", 200);
  g_assert_true (json_object_get_boolean_member (object_of (patched), "reentry"));
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"reentry\": \"yes\"}", 400, "invalid_input", "reentry");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"reentry\": null}", 400, "invalid_input", "reentry");
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager, "{\"reentry\": false}", 200));
  created = ts_test_expect (server, "POST", "/api/v1/events", uth_manager, created_body, 201);
  g_assert_true (json_object_get_boolean_member (object_of (created), "reentry"));
}

static void
set_up_season (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Door Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 50, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  gint64 commission, ath_event;
  gint64 person;

  for (guint i = 0; i < 10; i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  hamlet = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                              ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  concert = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id, reentry) VALUES (%" G_GINT64_FORMAT
                               ", 'Open Air', %" G_GINT64_FORMAT ", true) RETURNING id", uth, map_id);
  ath_event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                 ", 'Relay', %" G_GINT64_FORMAT ") RETURNING id", ath, map_id);
#define PERF_SQL "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale," \
                 " outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "," \
                 " now () + interval '%s', 60, 60, now () - interval '1 day', now () - interval '1 day', true) RETURNING id"
  perf_a = ts_test_owner_int (server, PERF_SQL, hamlet, uth, "2 hours");
  perf_b = ts_test_owner_int (server, PERF_SQL, hamlet, uth, "3 days");
  perf_concert = ts_test_owner_int (server, PERF_SQL, concert, uth, "5 hours");
  perf_ath = ts_test_owner_int (server, PERF_SQL, ath_event, ath, "4 hours");
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  ath_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                " VALUES (%" G_GINT64_FORMAT ", 'Runner', 1000) RETURNING id", ath);
  for (gint64 *p = (gint64[]) { perf_a, perf_b, perf_concert, 0 }; *p != 0; p++)
    {
      gint64 r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                    G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, *p);

      ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                          G_GINT64_FORMAT ", 'Standing', 1500)", r);
    }
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", ath, ath_type, perf_ath);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                              G_GINT64_FORMAT ") RETURNING id", uth);
  /* a Scanner at each outlet (C4) */
  for (gint64 *o = (gint64[]) { uth, ath, 0 }; *o != 0; o++)
    {
      person = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                  " VALUES ('Door', 'Keeper', %" G_GINT64_FORMAT ") RETURNING id", *o);
      ts_test_owner_sqlf (server, "INSERT INTO employee (outlet_id, patron_id, login, level, password_hash)"
                          " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'scanner', 'scanner',"
                          " crypt ('scanner-password', gen_salt ('bf', 4)))", *o, person);
    }
  uth_scanner = ts_test_sign_in (server, "UTH", "scanner", "scanner-password");
  ath_scanner = ts_test_sign_in (server, "ATH", "scanner", "scanner-password");
  /* each outlet's signing key exists from its first door list (or first ticket printed) */
  {
    g_autofree char *uth_list = perf_path (perf_a, "/door-list");
    g_autofree char *ath_list = perf_path (perf_ath, "/door-list");

    json_node_unref (ts_test_expect (server, "GET", uth_list, uth_scanner, NULL, 200));
    json_node_unref (ts_test_expect (server, "GET", ath_list, ath_scanner, NULL, 200));
  }
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
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  set_up_season ();

  /* In this order: the attendance counts what the tests before admitted. */
  g_test_add_func ("/scans/admit-once", test_admit_once);
  g_test_add_func ("/scans/forged", test_forged);
  g_test_add_func ("/scans/void", test_void);
  g_test_add_func ("/scans/other-outlet", test_other_outlet);
  g_test_add_func ("/scans/wrong-performance", test_wrong_performance);
  g_test_add_func ("/scans/reentry", test_reentry);
  g_test_add_func ("/scans/nonce-replay", test_nonce_replay);
  g_test_add_func ("/scans/offline-batch", test_offline_batch);
  g_test_add_func ("/scans/twenty-scanners", test_twenty_scanners);
  g_test_add_func ("/scans/attendance", test_attendance);
  g_test_add_func ("/scans/door-list", test_door_list);
  g_test_add_func ("/scans/door-list-refunded", test_door_list_refunded);
  g_test_add_func ("/scans/scanner-level", test_scanner_level);
  g_test_add_func ("/scans/event-reentry", test_event_reentry);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (master);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (ath_boxoffice);
  g_free (uth_scanner);
  g_free (ath_scanner);
  ts_test_server_free (server);
  return status;
}
