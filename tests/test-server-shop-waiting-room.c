/* test-server-shop-waiting-room.c — the storefront's waiting room from the
 * patrons' side (issue 14; docs/architecture.md, "The on-sale rush"): with a
 * limit of active shoppers, the next visitor is told its number in line, is
 * let in when a shopper leaves (buys, or its hold expires, S1), visitors
 * enter first come, first served, the place is kept across refreshes, and
 * the page speaks French. */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-server-config.h"
#include "ts-test-client.h"
#include "ts-test-visitor.h"

static TsTestServer *server;
static gint64 uth, map_id, perf, adult;
static char *seats[8];

static char *
perf_path (void)
{
  return g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
}

/* The performance page as the visitor sees it: NULL when it is let in (the
 * page with its seats), else the queue page's place ("1", "2", …). */
static char *
place_in_line (TsTestVisitor *v)
{
  g_autofree char *path = perf_path ();
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (v, "GET", path, NULL, 200);
  const char *at = strstr (page->body, "class=\"queue-place\"");

  if (at == NULL)
    {
      g_assert_nonnull (strstr (page->body, "id=\"seat-map\""));
      return NULL;
    }
  /* one heading, the page's title */
  g_assert_null (strstr (strstr (page->body, "<h1>") + 1, "<h1>"));
  /* it never shows what it stands in front of, and reloads itself */
  g_assert_null (strstr (page->body, "id=\"seat-map\""));
  g_assert_nonnull (strstr (page->body, "<meta http-equiv=\"refresh\" content=\"10; url=/shop/UTH/performances/"));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (page->headers, "Refresh"), "10; url=/shop/UTH/performances/"));
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Cache-Control"), ==, "no-store");
  at = strpbrk (at, "0123456789");
  return g_strndup (at, strspn (at, "0123456789"));
}

/* Let in: holds seat i (the performance page's form), then its type. */
static void
hold_seat (TsTestVisitor *v,
           guint          i)
{
  g_autofree char *path = perf_path ();
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (v, "GET", path, NULL, 200);
  g_autofree char *csrf = ts_test_page_field (page, "csrf");
  g_autofree char *form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&seat=%s", csrf, perf, seats[i]);
  g_autofree char *types = g_strdup_printf ("csrf=%s&type.%" G_GINT64_FORMAT ".%s=%" G_GINT64_FORMAT, csrf, perf, seats[i], adult);
  g_autoptr(TsTestPage) held = ts_test_visitor_expect (v, "POST", "/shop/UTH/cart/hold", form, 303);
  g_autoptr(TsTestPage) cart = ts_test_visitor_expect (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_autoptr(TsTestPage) typed = ts_test_visitor_expect (v, "POST", "/shop/UTH/cart/types", types, 303);
}

/* Pays for the cart with the test card that succeeds. */
static void
buy (TsTestVisitor *v)
{
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (v, "GET", "/shop/UTH/checkout", NULL, 200);
  g_autofree char *csrf = ts_test_page_field (page, "csrf");
  g_autofree char *key = ts_test_page_field (page, "idempotency_key");
  g_autofree char *amount = ts_test_page_field (page, "amount_cents");
  g_autofree char *form = g_strdup_printf ("csrf=%s&idempotency_key=%s&amount_cents=%s&first_name=Emile&last_name=Nelligan"
                                           "&email=emile%%40example.ca&phone=&card_number=4242424242424242&card_expiry=12%%2F39"
                                           "&card_cvc=123&card_name=Emile+Nelligan", csrf, key, amount);
  g_autoptr(TsTestPage) paid = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", form, 303);

  g_assert_nonnull (strstr (soup_message_headers_get_one (paid->headers, "Location"), "/orders/"));
}

static void
set_limit (guint limit)
{
  ts_server_get_config (ts_test_server_get_server (server))->shop_active_limit = limit;
}

/* The holds of the carts the query names run out now (S1). */
static void
expire_holds (const char *carts)
{
  ts_test_owner_sqlf (server, "UPDATE seat_claim SET expires_at = now () - interval '1 second' WHERE cart_id IN (%s)", carts);
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE id IN (%s)", carts);
}

/* Each test starts with an empty room and every seat free. */
static void
reset (void)
{
  ts_test_owner_sql (server, "DELETE FROM waiting_room");
  expire_holds ("SELECT id FROM cart WHERE web_session_id IS NOT NULL");
}

/* Without a limit nobody waits and a page view writes nothing. */
static void
test_off (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  g_autofree char *place = NULL;

  reset ();
  set_limit (0);
  for (int i = 0; i < 3; i++)
    {
      g_free (place);
      place = place_in_line (a);
      g_assert_null (place);
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM waiting_room"), ==, 0);
}

/* A server configured with nothing has the waiting room on: the default
 * number of shoppers are let in, the next one waits (an on-sale rush at a
 * server nobody tuned queues rather than slows every page: bench-onsale). */
static void
test_on_by_default (void)
{
  TsServerConfig *fresh = ts_server_config_new ();
  guint limit = fresh->shop_active_limit;
  g_autoptr(GPtrArray) visitors = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_test_visitor_free);
  g_autoptr(TsTestVisitor) late = ts_test_visitor_new (server);
  g_autofree char *place = NULL;

  ts_server_config_free (fresh);
  g_assert_cmpuint (limit, >, 0);
  reset ();
  set_limit (limit);
  for (guint i = 0; i < limit; i++)
    {
      TsTestVisitor *v = ts_test_visitor_new (server);
      g_autofree char *in = place_in_line (v);

      g_assert_null (in);
      g_ptr_array_add (visitors, v);
    }
  place = place_in_line (late);
  g_assert_cmpstr (place, ==, "1");
  set_limit (0);
}

/* Limit 2: a third visitor is number 1 in line, stays number 1 across
 * refreshes, and is let in when one of the first two buys. */
static void
test_third_waits_until_one_buys (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) b = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) c = ts_test_visitor_new (server);
  g_autofree char *place = NULL;
  g_autofree char *path = perf_path ();
  g_autoptr(TsTestPage) before = NULL;
  g_autofree char *csrf = NULL;

  reset ();
  /* c opened the performance before the rush */
  before = ts_test_visitor_expect (c, "GET", path, NULL, 200);
  csrf = ts_test_page_field (before, "csrf");
  set_limit (2);
  hold_seat (a, 0);
  hold_seat (b, 1);
  /* holding from that page is no way round the line */
  {
    g_autofree char *form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&seat=%s", csrf, perf, seats[2]);
    g_autoptr(TsTestPage) sneaky = ts_test_visitor_expect (c, "POST", "/shop/UTH/cart/hold", form, 200);

    g_assert_nonnull (strstr (sneaky->body, "You are number 1 in line."));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'", seats[2]), ==, 0);
  }
  place = place_in_line (c);
  g_assert_cmpstr (place, ==, "1");
  g_clear_pointer (&place, g_free);
  place = place_in_line (c);
  g_assert_cmpstr (place, ==, "1");
  g_clear_pointer (&place, g_free);
  /* the list stays open to everyone */
  {
    g_autoptr(TsTestPage) list = ts_test_visitor_expect (c, "GET", "/shop/UTH/", NULL, 200);
  }
  buy (a);
  place = place_in_line (c);
  g_assert_null (place);
  hold_seat (c, 2);
  set_limit (0);
}

/* A hold that expires frees its place too (S1). */
static void
test_enters_when_a_hold_expires (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) b = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) c = ts_test_visitor_new (server);
  g_autofree char *place = NULL;

  reset ();
  set_limit (2);
  hold_seat (a, 3);
  hold_seat (b, 4);
  place = place_in_line (c);
  g_assert_cmpstr (place, ==, "1");
  g_clear_pointer (&place, g_free);
  {
    g_autofree char *carts = g_strdup_printf ("SELECT cart_id FROM seat_claim WHERE seat_guid = '%s'", seats[3]);

    expire_holds (carts);
  }
  place = place_in_line (c);
  g_assert_null (place);
  /* the one still holding is still in; the one that came back after its
   * hold expired waits behind */
  {
    g_autoptr(TsTestVisitor) d = ts_test_visitor_new (server);

    place = place_in_line (a);
    g_assert_cmpstr (place, ==, "1");
    g_clear_pointer (&place, g_free);
    place = place_in_line (d);
    g_assert_cmpstr (place, ==, "2");
  }
  set_limit (0);
}

/* First come, first served over several visitors, their places moving up
 * as shoppers leave. */
static void
test_first_come_first_served (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  TsTestVisitor *line[4];
  g_autofree char *place = NULL;

  reset ();
  set_limit (1);
  hold_seat (a, 5);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%d", i + 1);

      line[i] = ts_test_visitor_new (server);
      g_free (place);
      place = place_in_line (line[i]);
      g_assert_cmpstr (place, ==, expected);
    }
  /* the last asks again first: it is still fourth */
  g_free (place);
  place = place_in_line (line[3]);
  g_assert_cmpstr (place, ==, "4");
  buy (a);
  /* the fourth, asking first, is not let in before the first */
  g_free (place);
  place = place_in_line (line[3]);
  g_assert_cmpstr (place, ==, "3");
  g_free (place);
  place = place_in_line (line[0]);
  g_assert_null (place);
  /* the first leaves without buying (goes away): after the timeout, the next */
  ts_test_owner_sql (server, "UPDATE waiting_room SET last_seen_at = now () - interval '10 minutes',"
                             " admitted_at = now () - interval '10 minutes' WHERE admitted_at IS NOT NULL");
  g_free (place);
  place = place_in_line (line[2]);
  g_assert_cmpstr (place, ==, "1");
  g_free (place);
  place = place_in_line (line[1]);
  g_assert_null (place);
  g_free (place);
  place = place_in_line (line[2]);
  g_assert_cmpstr (place, ==, "1");
  for (int i = 0; i < 4; i++)
    ts_test_visitor_free (line[i]);
  set_limit (0);
}

/* The queue page in French. */
static void
test_french (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) b = ts_test_visitor_new (server);
  g_autofree char *path = perf_path ();
  g_autoptr(TsTestPage) page = NULL;

  ts_test_visitor_set_language (b, "fr-CA,fr;q=0.9");
  reset ();
  set_limit (1);
  hold_seat (a, 6);
  page = ts_test_visitor_expect (b, "GET", path, NULL, 200);
  g_assert_nonnull (strstr (page->body, "<html lang=\"fr-CA\">"));
  g_assert_nonnull (strstr (page->body, "Vous êtes numéro 1 dans la file."));
  g_assert_nonnull (strstr (page->body, "Salle d’attente"));
  ts_test_page_screenshot (page, "waiting-room-fr");
  {
    g_autoptr(TsTestVisitor) c = ts_test_visitor_new (server);
    g_autoptr(TsTestPage) english = ts_test_visitor_expect (c, "GET", path, NULL, 200);

    g_assert_nonnull (strstr (english->body, "You are number 2 in line."));
    ts_test_page_screenshot (english, "waiting-room-en");
  }
  set_limit (0);
}

static void
set_up (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 hamlet;

  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE id = %" G_GINT64_FORMAT, uth);
  hamlet = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                              ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, internet_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                            " now () + interval '10 days', 10, 10, now () - interval '1 day', now () - interval '1 day')"
                            " RETURNING id", hamlet, uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT
                             ", 'Adult', 3500) RETURNING id", uth);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf);
}

int
main (int   argc,
      char *argv[])
{
  int status;

#ifdef TS_TEST_LOCALEDIR
  g_setenv ("TESSERA_LOCALEDIR", TS_TEST_LOCALEDIR, TRUE);
#endif
  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  set_up ();
  g_test_add_func ("/shop-waiting-room/off", test_off);
  g_test_add_func ("/shop-waiting-room/on-by-default", test_on_by_default);
  g_test_add_func ("/shop-waiting-room/third-waits-until-one-buys", test_third_waits_until_one_buys);
  g_test_add_func ("/shop-waiting-room/enters-when-a-hold-expires", test_enters_when_a_hold_expires);
  g_test_add_func ("/shop-waiting-room/first-come-first-served", test_first_come_first_served);
  g_test_add_func ("/shop-waiting-room/french", test_french);
  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  ts_test_server_free (server);
  return status;
}
