/* test-server-shop-vouchers.c — a subscriber reserves her open vouchers at
 * a web storefront, as she does in a browser (issue 14; T3, with S2, S4,
 * F6, P4, F7): My Account offers "Reserve" for the performances a voucher
 * is good for, the seat goes into the cart "with voucher N" at no cost,
 * checkout asks for no card when nothing is left to pay, and the voucher is
 * used once, whatever tabs, retries or visitors race for it */
#include <libsoup/soup.h>
#include <string.h>

#include "ts-demo-season.h"
#include "ts-test-client.h"
#include "ts-test-visitor.h"

static TsTestServer *server;
static gint64 emile;          /* the demo web account's patron, a subscriber at UTH */
static gint64 hamlet;         /* a Hamlet performance the subscriber seat is redeemed for */
static gint64 jazz;           /* Late Night Jazz: general admission, no voucher redeemed */

/* A browser ------------------------------------------------------------------------------- */

static TsTestPage *
visit (TsTestVisitor *v,
       const char    *method,
       const char    *path,
       const char    *form,
       guint          status)
{
  return ts_test_visitor_expect (v, method, path, form, status);
}

#define says(page, text) ts_test_page_says (page, text)
#define location(page) ts_test_page_location (page)
#define field_of(page, name) ts_test_page_field (page, name)

static TsTestVisitor *
sign_in (const char *code,
         const char *email,
         const char *password)
{
  TsTestVisitor *v = ts_test_visitor_new (server);
  g_autofree char *path = g_strdup_printf ("/shop/%s/account/sign-in", code);
  g_autoptr(TsTestPage) form = visit (v, "GET", path, NULL, 200);
  g_autoptr(TsTestPage) done = ts_test_visitor_submit (v, form, path, 303, "email", email, "password", password, NULL);

  return v;
}

/* The same POST by two visitors at the same moment (two browsers): each
 * with its own cookies; the answers in that order. */
static GPtrArray *
post_both_at_once (TsTestVisitor *a,
                   const char    *form_a,
                   TsTestVisitor *b,
                   const char    *form_b,
                   const char    *path)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  TsTestVisitor *who[2] = { a, b };
  const char *forms[2] = { form_a, form_b };
  SoupMessage *msgs[2];
  GBytes *bodies[2];
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_test_page_free);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *shop = ts_test_visitor_cookie (who[i], "ts_shop");
      g_autofree char *csrf = ts_test_visitor_cookie (who[i], "ts_csrf");
      g_autofree char *cookies = g_strdup_printf ("ts_shop=%s; ts_csrf=%s", shop, csrf);
      g_autoptr(GBytes) bytes = g_bytes_new (forms[i], strlen (forms[i]));

      msgs[i] = soup_message_new ("POST", url);
      soup_message_add_flags (msgs[i], SOUP_MESSAGE_NO_REDIRECT);
      soup_message_headers_replace (soup_message_get_request_headers (msgs[i]), "Cookie", cookies);
      soup_message_set_request_body_from_bytes (msgs[i], "application/x-www-form-urlencoded", bytes);
    }
  ts_test_send_at_once (session, msgs, bodies, 2);
  for (guint i = 0; i < 2; i++)
    {
      TsTestPage *page = g_new0 (TsTestPage, 1);

      page->status = soup_message_get_status (msgs[i]);
      page->size = g_bytes_get_size (bodies[i]);
      page->body = g_strndup (page->size > 0 ? g_bytes_get_data (bodies[i], NULL) : "", page->size);
      page->headers = soup_message_headers_ref (soup_message_get_response_headers (msgs[i]));
      page->origin = g_strdup (ts_test_server_get_url (server));
      g_ptr_array_add (pages, page);
      g_bytes_unref (bodies[i]);
      g_object_unref (msgs[i]);
    }
  return pages;
}

/* What the subscriber does ------------------------------------------------------------------ */

/* Runs the owner's SQL (set-up on purpose), its answer dropped. */
#define owner_do(...) g_free (ts_test_owner_sqlf (server, __VA_ARGS__))

/* A count of the owner's SQL format with one number. */
#define count(format, value) ts_test_owner_int (server, format, (gint64) (value))

/* A new open voucher of Émile's pass (his subscription holds it, T3). */
static gint64
new_voucher (void)
{
  g_autofree char *id = ts_test_owner_sqlf (server,
      "INSERT INTO voucher (outlet_id, order_item_id, patron_id, ticket_type_id)"
      " SELECT outlet_id, order_item_id, patron_id, ticket_type_id FROM voucher WHERE patron_id = %" G_GINT64_FORMAT
      " ORDER BY id LIMIT 1 RETURNING id", emile);

  return g_ascii_strtoll (id, NULL, 10);
}

/* Holds one place with voucher (the performance page's own form: best
 * available, or the area's form for general admission).  Answers the
 * POST's redirect. */
static char *
hold_with (TsTestVisitor *v,
           gint64         perf,
           gint64         voucher,
           const char    *area)
{
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                           perf, voucher);
  g_autoptr(TsTestPage) page = visit (v, "GET", path, NULL, 200);
  g_autofree char *csrf = field_of (page, "csrf");
  g_autofree char *form = NULL;
  g_autoptr(TsTestPage) held = NULL;
  g_autofree char *hidden = g_strdup_printf ("name=\"voucher\" value=\"%" G_GINT64_FORMAT "\"", voucher);

  g_assert_true (says (page, hidden));
  if (area != NULL)
    form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&voucher=%" G_GINT64_FORMAT
                            "&area=%s&quantity=1", csrf, perf, voucher, area);
  else
    form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&voucher=%" G_GINT64_FORMAT "&best=1&zone=",
                            csrf, perf, voucher);
  held = visit (v, "POST", "/shop/UTH/cart/hold", form, 303);
  return g_strdup (location (held));
}

/* The checkout form as the page shows it, with every partner question
 * answered no; card fields only when given. */
static char *
checkout_form (TsTestVisitor *v,
               TsTestPage    *page,
               const char    *card)
{
  g_autofree char *csrf = field_of (page, "csrf");
  g_autofree char *key = field_of (page, "idempotency_key");
  g_autofree char *amount = field_of (page, "amount_cents");
  GString *form = g_string_new (NULL);

  g_string_printf (form, "csrf=%s&idempotency_key=%s&amount_cents=%s", csrf, key, amount);
  for (const char *at = page->body; (at = strstr (at, "name=\"partner-")) != NULL; at++)
    {
      g_autofree char *name = g_strndup (at + 6, strchr (at + 6, '"') - (at + 6));

      if (strstr (form->str, name) == NULL)
        g_string_append_printf (form, "&%s=no", name);
    }
  if (card != NULL)
    g_string_append_printf (form, "&card_number=%s&card_expiry=12%%2F39&card_cvc=123&card_name=Emile+Nelligan", card);
  return g_string_free (form, FALSE);
}

static gint64
order_count (void)
{
  return count ("SELECT count (*) FROM ticket_order WHERE channel = 'internet' AND purchaser_id = %" G_GINT64_FORMAT,
                emile);
}

/* Émile in two browsers, each with a Hamlet seat for the same new voucher
 * in its cart and its checkout form filled (T3). */
typedef struct
{
  TsTestVisitor *browser[2];
  char          *form[2];
  gint64         voucher;
} TwoBrowsers;

static TwoBrowsers
two_browsers (void)
{
  TwoBrowsers both = { .voucher = new_voucher () };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *held = NULL;

      both.browser[i] = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
      held = hold_with (both.browser[i], hamlet, both.voucher, NULL);
      g_assert_cmpstr (held, ==, "/shop/UTH/cart");
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TsTestPage) checkout = visit (both.browser[i], "GET", "/shop/UTH/checkout", NULL, 200);

      both.form[i] = checkout_form (both.browser[i], checkout, NULL);
    }
  return both;
}

static void
two_browsers_clear (TwoBrowsers *both)
{
  for (guint i = 0; i < 2; i++)
    {
      ts_test_visitor_free (both->browser[i]);
      g_free (both->form[i]);
    }
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TwoBrowsers, two_browsers_clear)

/* The tests ---------------------------------------------------------------------------------- */

/* T3, S4: Émile reserves a Hamlet seat with an open voucher from My
 * Account: the seat costs nothing, checkout asks for no card and calls no
 * payment provider, the order page shows the ticket's QR code, and My
 * Account then says the voucher is used.  The same form again (a retry)
 * answers the same order. */
static void
test_reserve_and_use (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  gint64 voucher = new_voucher ();
  g_autofree char *reserve = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                              hamlet, voucher);
  g_autoptr(TsTestPage) vouchers = visit (v, "GET", "/shop/UTH/account/vouchers", NULL, 200);
  g_autoptr(TsTestPage) cart = NULL;
  g_autoptr(TsTestPage) checkout = NULL;
  g_autoptr(TsTestPage) sold = NULL;
  g_autoptr(TsTestPage) again = NULL;
  g_autoptr(TsTestPage) order = NULL;
  g_autoptr(TsTestPage) after = NULL;
  g_autofree char *held = NULL;
  g_autofree char *form = NULL;
  g_autofree char *with = g_strdup_printf ("with voucher %" G_GINT64_FORMAT, voucher);
  gint64 intents = count ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1);
  gint64 orders = order_count ();
  gint64 id;
  guint n = 0;

  /* My Account: what the voucher is for, and Reserve for Hamlet */
  g_assert_true (says (vouchers, "Subscriber seat (Hamlet pass (2 performances))"));
  g_assert_true (says (vouchers, reserve));
  g_assert_true (says (vouchers, ">Reserve<span class=\"visually-hidden\">: Hamlet, "));

  /* the performance page with the voucher: it pays for the place, so the
   * normal prices are not listed as if they were due */
  {
    g_autofree char *plain = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, hamlet);
    g_autoptr(TsTestPage) with_voucher = visit (v, "GET", reserve, NULL, 200);
    g_autoptr(TsTestPage) without = visit (v, "GET", plain, NULL, 200);

    g_assert_true (says (with_voucher, "the voucher pays for it"));
    g_assert_false (says (with_voucher, "class=\"prices\""));
    g_assert_true (says (without, "class=\"prices\""));
  }

  held = hold_with (v, hamlet, voucher, NULL);
  g_assert_cmpstr (held, ==, "/shop/UTH/cart");
  cart = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (cart, with));
  g_assert_true (says (cart, "<strong>$0.00</strong>"));

  /* S4: nothing to pay, no card asked for */
  checkout = visit (v, "GET", "/shop/UTH/checkout", NULL, 200);
  g_assert_false (says (checkout, "autocomplete=\"cc-number\""));
  g_assert_true (says (checkout, "No card is needed"));
  form = checkout_form (v, checkout, NULL);
  sold = visit (v, "POST", "/shop/UTH/checkout", form, 303);
  g_assert_true (g_str_has_prefix (location (sold), "/shop/UTH/orders/"));
  /* S2: the same form again is the same order */
  again = visit (v, "POST", "/shop/UTH/checkout", form, 303);
  g_assert_cmpstr (location (again), ==, location (sold));
  g_assert_cmpint (order_count (), ==, orders + 1);

  /* T3: the voucher is reserved for that ticket, through ts_order_submit */
  id = count ("SELECT i.order_id FROM voucher v JOIN order_item i ON i.id = v.reserved_item_id"
              " WHERE v.id = %" G_GINT64_FORMAT " AND v.status = 'reserved'", voucher);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                          " AND price_cents = 0 AND performance_id IS NOT NULL", id), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM ticket_order WHERE id = %" G_GINT64_FORMAT
                          " AND channel = 'internet'", id), ==, 1);
  /* S4: a zero total pays nothing: no payment, no payment intent */
  g_assert_cmpint (count ("SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT, id), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1), ==, intents);
  /* R1: the sale audited */
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'sell' AND entity_id = '%" G_GINT64_FORMAT "'",
                          id), ==, 1);

  /* the order page: the ticket with its QR code, as for any order */
  order = visit (v, "GET", location (sold), NULL, 200);
  g_assert_true (says (order, "Hamlet"));
  g_assert_true (says (order, "Subscriber seat"));
  for (const char *at = order->body; (at = strstr (at, "class=\"ticket-qr\"")) != NULL; at++)
    n++;
  g_assert_cmpuint (n, ==, 1);

  /* My Account: used, for Hamlet */
  after = visit (v, "GET", "/shop/UTH/account/vouchers", NULL, 200);
  g_assert_false (says (after, reserve));
  g_assert_true (says (after, "Used for"));
  ts_test_assert_ledgers (server);
}

/* T3: the voucher used in one visit, then checked out in another (a second
 * browser): the cart says it can no longer be used, checkout refuses with
 * the reason and sells nothing; the same in French. */
static void
test_used_twice (void)
{
  g_auto(TwoBrowsers) both = two_browsers ();
  TsTestVisitor *first = both.browser[0];
  TsTestVisitor *second = both.browser[1];
  gint64 voucher = both.voucher;
  g_autoptr(TsTestPage) sold = visit (first, "POST", "/shop/UTH/checkout", both.form[0], 303);
  g_autoptr(TsTestPage) refused = NULL;
  g_autoptr(TsTestPage) cart = NULL;
  g_autoptr(TsTestPage) french = NULL;
  gint64 orders = order_count ();

  /* its page once it is used: says so, and the forms no longer carry it */
  {
    g_autofree char *same = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                             hamlet, voucher);
    g_autoptr(TsTestPage) used_page = visit (first, "GET", same, NULL, 200);

    g_assert_true (says (used_page, "This voucher has already been used."));
    g_assert_false (says (used_page, "name=\"voucher\""));
  }

  refused = visit (second, "POST", "/shop/UTH/checkout", both.form[1], 422);
  g_assert_true (says (refused, "A voucher in your cart has been used meanwhile"));
  g_assert_cmpint (order_count (), ==, orders);
  g_assert_cmpint (count ("SELECT count (*) FROM order_item i JOIN voucher v ON v.reserved_item_id = i.id"
                          " WHERE v.id = %" G_GINT64_FORMAT, voucher), ==, 1);
  cart = visit (second, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (cart, "This voucher can no longer be used here"));
  ts_test_visitor_set_language (second, "fr-CA,fr;q=0.9");
  french = visit (second, "GET", "/shop/UTH/cart?lang=fr", NULL, 303);
  {
    g_autoptr(TsTestPage) cart_fr = visit (second, "GET", "/shop/UTH/cart", NULL, 200);
    g_autoptr(TsTestPage) checkout_fr = visit (second, "GET", "/shop/UTH/checkout", NULL, 422);

    g_assert_true (says (cart_fr, "Ce bon ne peut plus être utilisé ici"));
    g_assert_true (says (checkout_fr, "Un bon de votre panier a été utilisé entre-temps"));
  }
}

/* S2, T3: two tabs of one browser, each with its checkout form (each its
 * own key): the first reserves the voucher, the second sells nothing. */
static void
test_two_tabs (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  gint64 voucher = new_voucher ();
  g_autofree char *held = hold_with (v, hamlet, voucher, NULL);
  g_autoptr(TsTestPage) tab1 = visit (v, "GET", "/shop/UTH/checkout", NULL, 200);
  g_autoptr(TsTestPage) tab2 = visit (v, "GET", "/shop/UTH/checkout", NULL, 200);
  g_autofree char *form1 = checkout_form (v, tab1, NULL);
  g_autofree char *form2 = checkout_form (v, tab2, NULL);
  gint64 orders = order_count ();
  g_autoptr(TsTestPage) sold = visit (v, "POST", "/shop/UTH/checkout", form1, 303);
  g_autoptr(TsTestPage) second = visit (v, "POST", "/shop/UTH/checkout", form2, 422);

  g_assert_cmpstr (strstr (form1, "idempotency_key="), !=, strstr (form2, "idempotency_key="));
  g_assert_true (says (second, "Your cart changed or its hold expired"));
  g_assert_cmpint (order_count (), ==, orders + 1);
  g_assert_cmpint (count ("SELECT count (*) FROM order_item i JOIN voucher v ON v.reserved_item_id = i.id"
                          " WHERE v.id = %" G_GINT64_FORMAT, voucher), ==, 1);
}

/* S2, T3: two visits of the same subscriber check out the same voucher at
 * the same moment: one order, the voucher reserved once, the other told. */
static void
test_used_twice_at_once (void)
{
  g_auto(TwoBrowsers) both = two_browsers ();
  gint64 voucher = both.voucher;
  gint64 orders = order_count ();
  g_autoptr(GPtrArray) answers = post_both_at_once (both.browser[0], both.form[0], both.browser[1], both.form[1],
                                                    "/shop/UTH/checkout");
  TsTestPage *answer_a = g_ptr_array_index (answers, 0);
  TsTestPage *answer_b = g_ptr_array_index (answers, 1);

  g_assert_cmpuint (answer_a->status + answer_b->status, ==, 303 + 422);
  g_assert_true (says (answer_a->status == 422 ? answer_a : answer_b, "has been used meanwhile"));
  g_assert_cmpint (order_count (), ==, orders + 1);
  g_assert_cmpint (count ("SELECT count (*) FROM order_item i JOIN voucher v ON v.reserved_item_id = i.id"
                          " WHERE v.id = %" G_GINT64_FORMAT, voucher), ==, 1);
  ts_test_assert_ledgers (server);
}

/* P4, F7, T3: another outlet's storefront, another patron and an unknown
 * id: the voucher answers exactly like none (the same 404), and nothing is
 * held. */
static void
test_not_yours_alike (void)
{
  g_autoptr(TsTestVisitor) at_ath = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestVisitor) other = NULL;
  gint64 voucher = new_voucher ();
  gint64 held = count ("SELECT count (*) FROM cart_voucher WHERE %" G_GINT64_FORMAT " > 0", 1);
  g_autofree char *mine = g_strdup_printf ("/shop/ATH/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                           hamlet, voucher);
  g_autofree char *unknown = g_strdup_printf ("/shop/ATH/performances/%" G_GINT64_FORMAT "?voucher=999999999", hamlet);
  g_autoptr(TsTestPage) ath_mine = visit (at_ath, "GET", mine, NULL, 404);
  g_autoptr(TsTestPage) ath_unknown = visit (at_ath, "GET", unknown, NULL, 404);
  g_autoptr(TsTestPage) ath_page = visit (at_ath, "GET", "/shop/ATH/account/vouchers", NULL, 200);

  g_assert_cmpstr (ath_mine->body, ==, ath_unknown->body);
  g_assert_true (says (ath_page, "You have no subscription vouchers at this box office."));
  {
    g_autofree char *plain = g_strdup_printf ("/shop/ATH/performances/%" G_GINT64_FORMAT, hamlet);
    g_autoptr(TsTestPage) page = visit (at_ath, "GET", plain, NULL, 200);
    g_autofree char *csrf = field_of (page, "csrf");
    g_autofree char *form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&voucher=%" G_GINT64_FORMAT
                                             "&best=1&zone=", csrf, hamlet, voucher);
    g_autofree char *form_unknown = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&voucher=999999999"
                                                     "&best=1&zone=", csrf, hamlet);
    g_autoptr(TsTestPage) hold_mine = visit (at_ath, "POST", "/shop/ATH/cart/hold", form, 404);
    g_autoptr(TsTestPage) hold_unknown = visit (at_ath, "POST", "/shop/ATH/cart/hold", form_unknown, 404);

    g_assert_cmpstr (hold_mine->body, ==, hold_unknown->body);
  }

  /* another patron, signed in at UTH: a subscriber's voucher is not his */
  owner_do ("SELECT ts_web_account_create ((SELECT min (id) FROM patron WHERE first_name = 'Ada'),"
            " 'ada.voucher@example.org', 'analytical-engine', 10)"
            " FROM (SELECT set_config ('tessera.master', 'on', false)) AS as_the_master_user");
  other = sign_in ("UTH", "ada.voucher@example.org", "analytical-engine");
  {
    g_autofree char *his = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                            hamlet, voucher);
    g_autofree char *none = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "?voucher=999999999", hamlet);
    g_autoptr(TsTestPage) p1 = visit (other, "GET", his, NULL, 404);
    g_autoptr(TsTestPage) p2 = visit (other, "GET", none, NULL, 404);
    g_autoptr(TsTestPage) list = visit (other, "GET", "/shop/UTH/account/vouchers", NULL, 200);

    g_assert_cmpstr (p1->body, ==, p2->body);
    /* a patron who bought no subscription has no vouchers to reserve */
    g_assert_true (says (list, "You have no subscription vouchers at this box office."));
  }
  g_assert_cmpint (count ("SELECT count (*) FROM cart_voucher WHERE %" G_GINT64_FORMAT " > 0", 1), ==, held);
  g_assert_cmpint (count ("SELECT count (*) FROM voucher WHERE id = %" G_GINT64_FORMAT " AND status = 'open'", voucher),
                   ==, 1);
}

/* T3, S4: a cart with a voucher seat and a paid seat: the card pays the
 * rest, the voucher is reserved in the same order. */
static void
test_mixed_cart (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  gint64 voucher = new_voucher ();
  g_autofree char *held = hold_with (v, hamlet, voucher, NULL);
  g_autofree char *page_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, hamlet);
  g_autoptr(TsTestPage) page = visit (v, "GET", page_path, NULL, 200);
  g_autofree char *csrf = field_of (page, "csrf");
  g_autofree char *paid_form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&best=1&zone=", csrf, hamlet);
  g_autoptr(TsTestPage) paid = visit (v, "POST", "/shop/UTH/cart/hold", paid_form, 303);
  g_autoptr(TsTestPage) checkout = visit (v, "GET", "/shop/UTH/checkout", NULL, 200);
  g_autofree char *amount = field_of (checkout, "amount_cents");
  g_autofree char *form = checkout_form (v, checkout, "4242424242424242");
  g_autoptr(TsTestPage) sold = NULL;
  gint64 id;

  g_assert_true (says (checkout, "autocomplete=\"cc-number\""));
  g_assert_cmpint (g_ascii_strtoll (amount, NULL, 10), >, 0);
  /* S4: the form's amount forged to nothing, without a card: the paid seat
   * is not had for free; nothing is sold, no payment is asked for */
  {
    g_autofree char *key = field_of (checkout, "idempotency_key");
    g_autofree char *csrf_checkout = field_of (checkout, "csrf");
    g_autofree char *forged = g_strdup_printf ("csrf=%s&idempotency_key=%s-forged&amount_cents=0",
                                               csrf_checkout, key);
    gint64 orders = order_count ();
    gint64 intents = count ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1);
    g_autoptr(TsTestPage) refused = ts_test_visitor_visit (v, "POST", "/shop/UTH/checkout", forged);

    g_test_message ("the forged free checkout: %u", refused->status);
    g_assert_cmpuint (refused->status, !=, 500);
    g_assert_cmpint (order_count (), ==, orders);
    g_assert_cmpint (count ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1), ==, intents);
  }
  sold = visit (v, "POST", "/shop/UTH/checkout", form, 303);
  id = count ("SELECT i.order_id FROM voucher v JOIN order_item i ON i.id = v.reserved_item_id"
              " WHERE v.id = %" G_GINT64_FORMAT, voucher);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT, id), ==, 2);
  g_assert_cmpint (count ("SELECT sum (amount_cents) FROM payment WHERE order_id = %" G_GINT64_FORMAT
                          " AND method = 'card'", id), ==, g_ascii_strtoll (amount, NULL, 10));
  g_assert_cmpint (count ("SELECT count (*) FROM payment_intent WHERE order_id = %" G_GINT64_FORMAT
                          " AND status = 'captured'", id), ==, 1);
  ts_test_assert_ledgers (server);
}

/* T2, T3: a voucher is good only where its type is redeemed (Late Night
 * Jazz redeems none): the page says so and holds nothing; once the jazz
 * redeems it, a general-admission place is taken with it; a voucher is one
 * place; a hold that expires before checkout sells nothing. */
static void
test_refusals (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  gint64 voucher = new_voucher ();
  g_autofree char *jazz_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                                jazz, voucher);
  g_autoptr(TsTestPage) not_good = visit (v, "GET", jazz_path, NULL, 200);
  g_autofree char *csrf = field_of (not_good, "csrf");
  g_autofree char *area = ts_test_owner_sqlf (server, "SELECT a.area_key FROM map_ga_area a JOIN event e ON e.map_id = a.map_id"
                                              " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                                              " ORDER BY a.area_key LIMIT 1", jazz);
  g_autofree char *form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&voucher=%" G_GINT64_FORMAT
                                           "&area=%s&quantity=1", csrf, jazz, voucher, area);
  g_autofree char *two = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&voucher=%" G_GINT64_FORMAT
                                          "&best=2&zone=", csrf, hamlet, voucher);
  g_autoptr(TsTestPage) refused = visit (v, "POST", "/shop/UTH/cart/hold", form, 303);
  g_autoptr(TsTestPage) back = NULL;
  g_autoptr(TsTestPage) one = NULL;
  g_autoptr(TsTestPage) one_page = NULL;
  g_autoptr(TsTestPage) cart = NULL;
  g_autoptr(TsTestPage) checkout = NULL;
  g_autoptr(TsTestPage) expired = NULL;
  g_autofree char *held = NULL;
  g_autofree char *checkout_body = NULL;
  gint64 orders = order_count ();

  g_assert_true (says (not_good, "This voucher is not good for this performance."));
  g_assert_false (says (not_good, "name=\"voucher\""));
  back = visit (v, "GET", location (refused), NULL, 200);
  g_assert_true (says (back, "This voucher is not good for this performance."));
  g_assert_cmpint (count ("SELECT count (*) FROM cart_voucher WHERE voucher_id = %" G_GINT64_FORMAT, voucher), ==, 0);

  /* one voucher, one place */
  one = visit (v, "POST", "/shop/UTH/cart/hold", two, 303);
  one_page = visit (v, "GET", location (one), NULL, 200);
  g_assert_true (says (one_page, "A voucher is good for one seat or place."));

  /* general admission, once the jazz redeems the subscriber seat */
  owner_do ("INSERT INTO redemption (outlet_id, performance_id, ticket_type_id)"
            " SELECT outlet_id, %" G_GINT64_FORMAT ", id FROM ticket_type WHERE name = 'Subscriber seat'", jazz);
  held = hold_with (v, jazz, voucher, area);
  g_assert_cmpstr (held, ==, "/shop/UTH/cart");
  cart = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (cart, "with voucher"));

  /* S1: the hold expires before checkout: nothing sold, the voucher stays open */
  checkout = visit (v, "GET", "/shop/UTH/checkout", NULL, 200);
  checkout_body = checkout_form (v, checkout, NULL);
  owner_do ("UPDATE cart SET expires_at = now () - interval '1 second'"
            " WHERE id IN (SELECT cart_id FROM cart_voucher WHERE voucher_id = %" G_GINT64_FORMAT ")", voucher);
  expired = visit (v, "POST", "/shop/UTH/checkout", checkout_body, 422);
  g_assert_true (says (expired, "hold expired"));
  g_assert_cmpint (order_count (), ==, orders);
  g_assert_cmpint (count ("SELECT count (*) FROM voucher WHERE id = %" G_GINT64_FORMAT " AND status = 'open'", voucher),
                   ==, 1);
  owner_do ("DELETE FROM redemption WHERE performance_id = %" G_GINT64_FORMAT
            " AND ticket_type_id = (SELECT id FROM ticket_type WHERE name = 'Subscriber seat')", jazz);
}

/* T3, S1: general admission with paid places and a voucher's in the same
 * area: the voucher's place is a line of its own, the rest is paid for;
 * letting the voucher's place go keeps the paid ones, letting the paid ones
 * go keeps the voucher's, which checkout sells with the voucher; once
 * signed out a voucher in the cart no longer serves. */
#define IN_CART "SELECT count (*) FROM cart_voucher WHERE voucher_id = %" G_GINT64_FORMAT

static void
test_ga_and_release (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  gint64 voucher = new_voucher ();
  g_autofree char *area = NULL;
  g_autofree char *plain_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, jazz);
  g_autofree char *paid = NULL;
  g_autofree char *release_voucher = NULL;
  g_autofree char *release_paid = NULL;
  g_autofree char *held = NULL;
  g_autofree char *with = g_strdup_printf ("with voucher %" G_GINT64_FORMAT, voucher);
  g_autoptr(TsTestPage) page = NULL;
  g_autoptr(TsTestPage) cart = NULL;
  g_autoptr(TsTestPage) after = NULL;
  g_autoptr(TsTestPage) out = NULL;
  g_autoptr(TsTestPage) signed_out = NULL;

  owner_do ("INSERT INTO redemption (outlet_id, performance_id, ticket_type_id)"
            " SELECT outlet_id, %" G_GINT64_FORMAT ", id FROM ticket_type WHERE name = 'Subscriber seat'", jazz);
  area = ts_test_owner_sqlf (server, "SELECT a.area_key FROM map_ga_area a JOIN event e ON e.map_id = a.map_id"
                             " JOIN performance p ON p.event_id = e.id WHERE p.id = %" G_GINT64_FORMAT
                             " ORDER BY a.area_key LIMIT 1", jazz);
  page = visit (v, "GET", plain_path, NULL, 200);
  paid = ts_test_page_form (page, NULL);
  {
    g_autofree char *form = g_strdup_printf ("%s&performance_id=%" G_GINT64_FORMAT "&area=%s&quantity=2", paid, jazz,
                                             area);
    g_autoptr(TsTestPage) held_paid = visit (v, "POST", "/shop/UTH/cart/hold", form, 303);
  }
  held = hold_with (v, jazz, voucher, area);
  g_assert_cmpstr (held, ==, "/shop/UTH/cart");
  cart = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (cart, with));
  g_assert_true (says (cart, " × 2</th>"));
  g_assert_true (says (cart, " × 1</th>"));
  g_assert_false (says (cart, "<strong>$0.00</strong>"));

  /* the voucher's place goes: the two paid stay, the voucher is free again */
  release_voucher = ts_test_page_form (cart, NULL);
  release_voucher = g_strdup_printf ("%s&performance_id=%" G_GINT64_FORMAT "&area=%s&quantity=1&voucher=%" G_GINT64_FORMAT,
                                     (char *) g_steal_pointer (&release_voucher), jazz, area, voucher);
  g_clear_pointer (&after, ts_test_page_free);
  after = visit (v, "POST", "/shop/UTH/cart/release", release_voucher, 303);
  g_assert_cmpint (count (IN_CART, voucher), ==, 0);
  g_clear_pointer (&cart, ts_test_page_free);
  cart = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (cart, " × 2</th>"));
  g_assert_false (says (cart, with));

  /* the voucher again; then the paid places go: the voucher's stays, free */
  g_free (held);
  held = hold_with (v, jazz, voucher, area);
  release_paid = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&area=%s&quantity=2",
                                  ts_test_visitor_get_csrf (v), jazz, area);
  g_clear_pointer (&after, ts_test_page_free);
  after = visit (v, "POST", "/shop/UTH/cart/release", release_paid, 303);
  g_assert_cmpint (count (IN_CART, voucher), ==, 1);
  /* S1: the place left is still held, and counted once (ts_cart_let_go) */
  ts_test_assert_ledgers (server);
  g_clear_pointer (&cart, ts_test_page_free);
  cart = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (cart, with));
  g_assert_true (says (cart, "<strong>$0.00</strong>"));

  /* checked out: a standing place of the order, the voucher reserved for it */
  {
    g_autoptr(TsTestPage) checkout = visit (v, "GET", "/shop/UTH/checkout", NULL, 200);
    g_autofree char *form = checkout_form (v, checkout, NULL);
    g_autoptr(TsTestPage) sold = visit (v, "POST", "/shop/UTH/checkout", form, 303);

    g_assert_cmpint (count ("SELECT count (*) FROM voucher v JOIN order_item i ON i.id = v.reserved_item_id"
                            " WHERE v.id = %" G_GINT64_FORMAT " AND i.area_key IS NOT NULL AND i.seat_guid IS NULL",
                            voucher), ==, 1);
    ts_test_assert_ledgers (server);
  }

  /* signed out, the cart follows the visitor but a voucher is not a guest's */
  g_free (held);
  voucher = new_voucher ();
  held = hold_with (v, hamlet, voucher, NULL);
  g_clear_pointer (&cart, ts_test_page_free);
  cart = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  out = ts_test_visitor_submit (v, cart, "/shop/UTH/account/sign-out", 303, NULL);
  signed_out = visit (v, "GET", "/shop/UTH/cart", NULL, 200);
  g_assert_true (says (signed_out, "This voucher can no longer be used here"));
  {
    g_autoptr(TsTestPage) checkout = visit (v, "GET", "/shop/UTH/checkout", NULL, 422);

    g_assert_true (says (checkout, "Sign in to use the vouchers in your cart"));
  }
  /* its tickets sold, the redemption stays: its sales end */
  owner_do ("UPDATE redemption SET sales_end = now () WHERE performance_id = %" G_GINT64_FORMAT
            " AND ticket_type_id = (SELECT id FROM ticket_type WHERE name = 'Subscriber seat') RETURNING id", jazz);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
#ifdef TS_TEST_LOCALEDIR
  g_setenv ("TESSERA_LOCALEDIR", TS_TEST_LOCALEDIR, TRUE);
#endif
  server = ts_test_server_new ();
  if (!ts_demo_season_load (ts_server_get_db (ts_test_server_get_server (server)), &error))
    g_error ("The demo season does not load: %s", error->message);
  emile = ts_test_owner_int (server, "SELECT patron_id FROM web_account WHERE email = 'emile.nelligan@example.ca'");
  hamlet = ts_test_owner_int (server, "SELECT r.performance_id FROM redemption r JOIN ticket_type t ON t.id = r.ticket_type_id"
                                      " JOIN performance p ON p.id = r.performance_id"
                                      " WHERE t.name = 'Subscriber seat' ORDER BY p.starts_at LIMIT 1");
  jazz = ts_test_owner_int (server, "SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id"
                                    " WHERE e.name = 'Late Night Jazz' ORDER BY p.starts_at LIMIT 1");
  g_test_add_func ("/shop-vouchers/reserve-and-use", test_reserve_and_use);
  g_test_add_func ("/shop-vouchers/used-twice", test_used_twice);
  g_test_add_func ("/shop-vouchers/two-tabs", test_two_tabs);
  g_test_add_func ("/shop-vouchers/used-twice-at-once", test_used_twice_at_once);
  g_test_add_func ("/shop-vouchers/not-yours-alike", test_not_yours_alike);
  g_test_add_func ("/shop-vouchers/mixed-cart", test_mixed_cart);
  g_test_add_func ("/shop-vouchers/refusals", test_refusals);
  g_test_add_func ("/shop-vouchers/ga-and-release", test_ga_and_release);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
