/* test-web-shop.c — patrons' journeys through the web storefront in a real headless Chromium, against a real server and database (issue 14).
 *
 * Each journey is what a patron does and sees: the pages, the seat map, the
 * keyboard, the language; what the database holds afterwards is checked as
 * the owner.  Every page a journey shows is checked for what each page
 * must be (page_checks: labels, nothing inline, its language, one <h1>).
 * With TESSERA_SCREENSHOTS=DIR each step leaves a PNG
 * (web-<journey>-<n>-<step>.png) to look at.  The season is
 * tests/web/ts-test-storefront.h. */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ts-test-browser.h"
#include "ts-test-storefront.h"

static TsTestServer *server;
static TsTestStorefront *shop;

static char *
shop_url (const char *code,
          const char *path)
{
  return ts_test_storefront_url (shop, code, path);
}

static TsTestBrowser *
browser_new (const char *language,
             int         width,
             int         height,
             gboolean    no_javascript)
{
  TsTestBrowserOptions options = { .width = width, .height = height, .language = language,
                                   .no_javascript = no_javascript };
  TsTestBrowser *browser = ts_test_browser_new (&options);

  g_assert_nonnull (browser);
  return browser;
}

static void
assert_contains (const char *text,
                 const char *piece)
{
  if (text == NULL || strstr (text, piece) == NULL)
    g_error ("“%s” is not in:\n%s", piece, text != NULL ? text : "(nothing)");
}

static void
assert_lacks (const char *text,
              const char *piece)
{
  if (text != NULL && strstr (text, piece) != NULL)
    g_error ("“%s” should not be in:\n%s", piece, text);
}


/* Steps a patron takes --------------------------------------------------------------------------------------------- */

#define CARD_OK       "4242 4242 4242 4242"
#define CARD_DECLINED "4000 0000 0000 0002"
#define CARD_CONFIRM  "4000 0000 0000 3220"   /* the card holder confirms on the provider's page */

static guint journey_step;
/* The payments part's checkout and order pages are merged (until then the
 * journeys stop at the cart). */
static gboolean checkout_pages = TRUE;

/* A screenshot named after the journey and its step. */
/* What every page a journey shows must be (WCAG 2.1 AA, the CSP): each
 * form control has a name a screen reader says (1.3.1, 4.1.2), nothing
 * inline, the language set, one level-one heading.  A page that breaks
 * one fails the journey. */
static void
page_checks (TsTestBrowser *browser,
             const char    *where)
{
  g_autoptr(JsonNode) unlabelled = ts_test_browser_script (browser,
      "return Array.from (document.querySelectorAll ('input:not([type=hidden]), select, textarea'))"
      "  .filter ((e) => !(e.labels && e.labels.length) && !e.getAttribute ('aria-label') && !e.getAttribute ('aria-labelledby'))"
      "  .map ((e) => e.outerHTML.slice (0, 120));", NULL);
  g_autoptr(JsonNode) inline_parts = ts_test_browser_script (browser,
      "return document.querySelectorAll ('[style]:not(#seat-map *), script:not([src]), style').length;", NULL);
  g_autoptr(JsonNode) headings = ts_test_browser_script (browser, "return document.querySelectorAll ('h1').length;", NULL);
  g_autofree char *lang = ts_test_browser_attribute (browser, "html", "lang");
  g_autofree char *unnamed = json_to_string (unlabelled, FALSE);

  if (json_array_get_length (json_node_get_array (unlabelled)) > 0)
    g_error ("%s: form controls without a label: %s", where, unnamed);
  /* seatmap.js sets custom properties through the CSSOM (allowed by the
   * CSP); the server's markup has no style attribute at all */
  g_assert_cmpint (json_node_get_int (inline_parts), ==, 0);
  g_assert_true (g_strcmp0 (lang, "en") == 0 || g_strcmp0 (lang, "fr-CA") == 0);
  if (json_node_get_int (headings) != 1)
    g_error ("%s shows %" G_GINT64_FORMAT " level-one headings", where, json_node_get_int (headings));
}

static void
shot (TsTestBrowser *browser,
      const char    *journey,
      const char    *step)
{
  g_autofree char *name = g_strdup_printf ("web-%s-%u-%s", journey, ++journey_step, step);

  page_checks (browser, name);
  ts_test_browser_screenshot (browser, name);
}

static void
go (TsTestBrowser *browser,
    const char    *code,
    const char    *path)
{
  g_autofree char *url = shop_url (code, path);

  ts_test_browser_go (browser, url);
}

static void
go_performance (TsTestBrowser *browser,
                const char    *code,
                gint64         performance)
{
  g_autofree char *path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT, performance);

  go (browser, code, path);
}

/* A form field given a value as a person would: an option chosen in a
 * <select>, else the text typed. */
static void
set_field (TsTestBrowser *browser,
           const char    *css,
           const char    *value)
{
  g_autofree TsTestElement *field = ts_test_browser_find (browser, css);
  g_autofree char *tag = ts_test_browser_element_property (browser, field, "tagName");

  if (g_ascii_strcasecmp (tag, "select") == 0)
    ts_test_browser_select (browser, css, value);
  else
    {
      ts_test_browser_element_clear (browser, field);
      ts_test_browser_element_type (browser, field, value);
    }
}

/* What a form field holds now (its value property, not the markup's). */
static char *
field_value (TsTestBrowser *browser,
             const char    *css)
{
  g_autofree TsTestElement *field = ts_test_browser_find (browser, css);

  return ts_test_browser_element_property (browser, field, "value");
}

static void
wait_path (TsTestBrowser *browser,
           const char    *piece)
{
  g_autofree char *condition = g_strdup_printf ("location.pathname.indexOf ('%s') >= 0", piece);

  ts_test_browser_wait_until (browser, condition);
}

/* From the cart to the checkout page. */
static void
check_out (TsTestBrowser *browser)
{
  ts_test_browser_click (browser, "button[name=next][value=checkout], a[href$='/checkout']");
  wait_path (browser, "/checkout");
}

/* "Empty the cart" on the cart page, the question answered OK: every
 * line gone (S1: the seats back on sale). */
static void
empty_cart (TsTestBrowser *browser)
{
  ts_test_browser_click (browser, "form[action$='/cart/release']:not(:has(input[name=seat])):not(:has(input[name=area]))"
                         " button[type=submit]");
  g_free (ts_test_browser_answer_dialog (browser, TRUE));
  ts_test_browser_wait_until (browser, "document.querySelectorAll ('main tbody tr').length === 0");
}

/* The guest's details and the card, every partner question answered, sent. */
static void
pay_as_guest (TsTestBrowser *browser,
              const char    *journey,
              const char    *first,
              const char    *last,
              const char    *email,
              const char    *card,
              const char    *partner_answer)
{
  g_autoptr(GPtrArray) answers = NULL;
  /* a person clicks the answer's words: its label */
  g_autofree char *radios = g_strdup_printf ("label:has(input[type=radio][value=%s])", partner_answer);

  set_field (browser, "#first_name", first);
  set_field (browser, "#last_name", last);
  set_field (browser, "#email", email);
  answers = ts_test_browser_find_all (browser, radios);
  for (guint i = 0; i < answers->len; i++)
    ts_test_browser_element_click (browser, g_ptr_array_index (answers, i));
  set_field (browser, "#card_number", card);
  set_field (browser, "#card_expiry", "12/30");
  set_field (browser, "#card_cvc", "123");
  set_field (browser, "#card_name", "A PATRON");
  shot (browser, journey, "checkout");
  ts_test_browser_click (browser, "form:has(#card_number) button[type=submit]");
}

/* The order page after a payment: its link, each ticket with its QR code. */
static char *
order_page (TsTestBrowser *browser,
            const char    *journey,
            guint          tickets)
{
  g_autoptr(GPtrArray) qr = NULL;

  wait_path (browser, "/orders/");
  qr = ts_test_browser_find_all (browser, ".ticket svg, .ticket__qr svg, .ticket img");
  g_assert_cmpuint (qr->len, ==, tickets);
  shot (browser, journey, "order");
  return ts_test_browser_get_url (browser);
}

/* The tickets PDF, fetched as the page links it (with the patron's
 * cookies), read back with pdftotext. */
static char *
tickets_pdf_text (TsTestBrowser *browser)
{
  g_autofree char *href = ts_test_browser_attribute (browser, "a[href$='tickets.pdf']", "href");
  g_autofree char *type = NULL;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  int fd, wait_status = 0;
  guint status = 0;

  g_assert_nonnull (href);
  pdf = ts_test_browser_fetch (browser, href, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "application/pdf");
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  fd = g_file_open_tmp ("tessera-web-XXXXXX.pdf", &file, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "pdftotext", file, (char *) "-", NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_unlink (file);
  return g_steal_pointer (&text);
}

static gint64
internet_orders (void)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE channel = 'internet'");
}

/* Journeys ------------------------------------------------------------------------------------------------------------- */

/* The home page: the outlet's name and intro, what it sells online and not
 * what it may not (F3), the skip link first on the keyboard's way, and the
 * page without a script or style inline (the CSP). */
static void
test_home (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autoptr(TsTestBrowser) phone = browser_new (NULL, 390, 844, FALSE);
  g_autofree char *home = shop_url ("UTH", "/");
  g_autofree char *title = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *body = NULL;
  g_autofree char *skip = NULL;
  g_autofree TsTestElement *first = NULL;
  g_autoptr(JsonNode) inline_parts = NULL;

  ts_test_browser_go (browser, home);
  title = ts_test_browser_get_title (browser);
  assert_contains (title, "University Theatre");
  lang = ts_test_browser_attribute (browser, "html", "lang");
  g_assert_cmpstr (lang, ==, "en");
  body = ts_test_browser_text (browser, "main");
  assert_contains (body, "Tickets for the University Theatre.");
  assert_lacks (body, "Varsity Gala");
  /* the first Tab stop skips to the content */
  ts_test_browser_keys (browser, TS_KEY_TAB);
  first = ts_test_browser_active (browser);
  skip = ts_test_browser_element_attribute (browser, first, "href");
  g_assert_nonnull (skip);
  g_assert_true (g_str_has_suffix (skip, "#main"));
  inline_parts = ts_test_browser_script (browser,
      "return document.querySelectorAll('[style], script:not([src]), style').length;", NULL);
  g_assert_cmpint (json_node_get_int (inline_parts), ==, 0);
  ts_test_browser_screenshot (browser, "web-home");

  ts_test_browser_go (phone, home);
  ts_test_browser_screenshot (phone, "web-home-phone");
}

/* A French browser gets the French storefront: <html lang="fr-CA">, the
 * outlet's French intro, French words; the switch gives English and is
 * remembered (F3). */
static void
test_french (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new ("fr-CA", 0, 0, FALSE);
  g_autofree char *home = shop_url ("UTH", "/");
  g_autofree char *lang = NULL;
  g_autofree char *body = NULL;
  g_autofree char *switched = NULL;
  g_autofree char *again = NULL;
  g_autofree char *english = NULL;

  ts_test_browser_go (browser, home);
  lang = ts_test_browser_attribute (browser, "html", "lang");
  g_assert_cmpstr (lang, ==, "fr-CA");
  body = ts_test_browser_text (browser, "main");
  assert_contains (body, "Billets du Théâtre universitaire.");
  assert_lacks (body, "Tickets for the University Theatre.");
  ts_test_browser_screenshot (browser, "web-french-home");

  /* the language switch, then the next page stays English */
  ts_test_browser_click (browser, ".lang-switch");
  ts_test_browser_wait_until (browser, "document.documentElement.lang === 'en'");
  english = ts_test_browser_text (browser, "main");
  assert_contains (english, "Tickets for the University Theatre.");
  ts_test_browser_go (browser, home);
  again = ts_test_browser_attribute (browser, "html", "lang");
  g_assert_cmpstr (again, ==, "en");
  switched = ts_test_browser_cookie (browser, "ts_lang");
  g_assert_cmpstr (switched, ==, "en");
}


/* A guest chooses two seats on the seat map with the mouse, holds them,
 * pays with 4242…, answers the partner's question YES, and gets the order
 * page with a QR code per ticket and the tickets PDF (S1, S4, K3, F7). */
static void
test_seat_map_purchase (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *a3 = g_strdup_printf ("#seat-map circle[data-guid='%s']", shop->seats[2]);
  g_autofree char *a4 = g_strdup_printf ("#seat-map circle[data-guid='%s']", shop->seats[3]);
  g_autofree char *link = g_strdup_printf ("a[href$='/performances/%" G_GINT64_FORMAT "']", shop->hamlet);
  g_autofree char *cart = NULL;
  g_autofree char *order = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *answer = NULL;
  gint64 claimed = ts_test_storefront_claimed (shop, shop->hamlet);
  gint64 sold = ts_test_storefront_sold (shop, shop->hamlet);
  gint64 orders = internet_orders ();

  journey_step = 0;
  go (browser, "UTH", "/");
  shot (browser, "seat-map", "home");
  ts_test_browser_click (browser, link);
  wait_path (browser, "/performances/");
  ts_test_browser_click (browser, a3);
  ts_test_browser_click (browser, a4);
  ts_test_browser_wait_until (browser, "document.querySelectorAll ('.seat-map__selected').length === 2");
  shot (browser, "seat-map", "chosen");
  ts_test_browser_click (browser, ".seat-map__hold-button");
  wait_path (browser, "/cart");
  cart = ts_test_browser_text (browser, "main");
  assert_contains (cart, "Hamlet");
  assert_contains (cart, "$35.00");
  assert_contains (cart, "$70.00");
  g_assert_true (ts_test_browser_has (browser, ".countdown[data-expires]"));
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet), ==, claimed + 2);
  shot (browser, "seat-map", "cart");

  check_out (browser);
  pay_as_guest (browser, "seat-map", "Émile", "Guest-Seatmap", "seatmap@example.ca", CARD_OK, "yes");
  order = order_page (browser, "seat-map", 2);
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet), ==, sold + 2);
  g_assert_cmpint (internet_orders (), ==, orders + 1);
  /* K3: the answer is the patron's, given online */
  answer = ts_test_owner_sqlf (server, "SELECT pp.answer FROM partner_preference pp JOIN patron p ON p.id = pp.patron_id"
                               " WHERE p.last_name = 'Guest-Seatmap' AND pp.partner_company_id = %" G_GINT64_FORMAT,
                               shop->partner);
  g_assert_cmpstr (answer, ==, "yes");
  pdf = tickets_pdf_text (browser);
  assert_contains (pdf, "Hamlet");
  ts_test_assert_ledgers (server);
}

/* With JavaScript off: no seat map, the general-admission form works; a
 * guest buys two standing places and pays (issue 14: GA without JS). */
static void
test_ga_without_javascript (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, TRUE);
  g_autofree char *adult = g_strdup_printf ("%" G_GINT64_FORMAT, shop->adult);
  g_autofree char *cart = NULL;
  g_autofree char *order = NULL;
  gint64 claimed = ts_test_storefront_claimed (shop, shop->hamlet);
  gint64 sold = ts_test_storefront_sold (shop, shop->hamlet);

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet);
  g_assert_false (ts_test_browser_has (browser, "#seat-map circle"));
  shot (browser, "ga-no-js", "performance");
  set_field (browser, "form:has(input[name=area]) [name=quantity]", "2");
  ts_test_browser_click (browser, "form:has(input[name=area]) button[type=submit]");
  wait_path (browser, "/cart");
  /* Adult, standing: $15.00 each, chosen and saved without a script (T2) */
  set_field (browser, "select[name^='type.']", adult);
  ts_test_browser_click (browser, "form[action$='/cart/types'] button[type=submit]:not([name=next])");
  ts_test_browser_wait_until (browser, "document.querySelector ('main').textContent.indexOf ('$30.00') >= 0");
  cart = ts_test_browser_text (browser, "main");
  assert_contains (cart, "$30.00");
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet), ==, claimed + 2);
  shot (browser, "ga-no-js", "cart");
  check_out (browser);
  pay_as_guest (browser, "ga-no-js", "Nellie", "Guest-Standing", "standing@example.ca", CARD_OK, "no");
  order = order_page (browser, "ga-no-js", 2);
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet), ==, sold + 2);
  ts_test_assert_ledgers (server);
}

/* Best available: two seats in the Stalls, chosen by the server (T2). */
static void
test_best_available (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autoptr(GPtrArray) lines = NULL;
  gint64 claimed = ts_test_storefront_claimed (shop, shop->hamlet_local);

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet_local);
  set_field (browser, "#best", "2");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  lines = ts_test_browser_find_all (browser, "main tbody tr");
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet_local), ==, claimed + 2);
  shot (browser, "best", "cart");
  /* emptied again: the seats go back (S1) */
  empty_cart (browser);
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet_local), ==, claimed);
}

/* A declined card: the page says so next to the card, nothing is sold; the
 * cart is emptied and the seat map shows the seats free again (S1, S4). */
static void
test_declined_card (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *seats_json = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "/seats.json", shop->hamlet_local);
  g_autofree char *alert = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *b1 = g_strdup_printf ("#seat-map circle.seat--free[data-guid='%s']", shop->seats[5]);
  gint64 claimed = ts_test_storefront_claimed (shop, shop->hamlet_local);
  gint64 orders = internet_orders ();

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet_local);
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  check_out (browser);
  pay_as_guest (browser, "declined", "Déclin", "Guest-Declined", "declined@example.ca", CARD_DECLINED, "no");
  alert = ts_test_browser_text (browser, "[role=alert]");
  g_assert_cmpstr (alert, !=, "");
  shot (browser, "declined", "refused");
  g_assert_cmpint (internet_orders (), ==, orders);
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet_local), ==, claimed + 1);
  /* the patron gives up: the cart emptied, the seat is free for everyone */
  go (browser, "UTH", "/cart");
  empty_cart (browser);
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet_local), ==, claimed);
  go (browser, "UTH", seats_json);
  taken = ts_test_browser_text (browser, "body");
  assert_contains (taken, "\"taken\":[]");
  go_performance (browser, "UTH", shop->hamlet_local);
  g_free (ts_test_browser_find (browser, b1));
  shot (browser, "declined", "free-again");
}

/* The French storefront is French through a purchase's pages: words,
 * money as 35,00 $, the countdown's sentence. */
static void
test_french_purchase (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new ("fr-CA", 0, 0, FALSE);
  g_autofree char *performance = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *checkout = NULL;

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet_local);
  performance = ts_test_browser_text (browser, "main");
  assert_contains (performance, "35,00 $");
  assert_lacks (performance, "$35.00");
  shot (browser, "french", "performance");
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  cart = ts_test_browser_text (browser, "main");
  assert_contains (cart, "35,00 $");
  assert_lacks (cart, "Total:");
  shot (browser, "french", "cart");
  if (checkout_pages)
    {
      check_out (browser);
      checkout = ts_test_browser_text (browser, "main");
      assert_contains (checkout, "Prénom");
      assert_lacks (checkout, "First name");
      shot (browser, "french", "checkout");
      go (browser, "UTH", "/cart");
    }
  empty_cart (browser);
}

/* The cart's countdown shows the time left and counts down (S1). */
static void
test_countdown (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *first = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *escaped = NULL;

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet_local);
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  first = ts_test_browser_text (browser, ".countdown");
  g_assert_true (g_regex_match_simple ("[0-9]+:[0-5][0-9]", first, 0, 0));
  escaped = g_strescape (first, NULL);
  condition = g_strdup_printf ("document.querySelector ('.countdown').textContent.trim () !== \"%s\"", escaped);
  ts_test_browser_set_wait (browser, 5000);
  ts_test_browser_wait_until (browser, condition);
  shot (browser, "countdown", "cart");
  ts_test_browser_set_wait (browser, 10000);
  empty_cart (browser);
}

/* Tab until the focus is on what `css` matches, as a keyboard user
 * reaches it; fails after `most` presses. */
static void
tab_to (TsTestBrowser *browser,
        const char    *css,
        guint          most)
{
  g_autofree char *condition = g_strdup_printf ("document.activeElement && document.activeElement.matches (\"%s\")", css);

  for (guint i = 0; i < most; i++)
    {
      g_autoptr(JsonNode) there = NULL;
      g_autofree char *script = g_strdup_printf ("return %s;", condition);

      there = ts_test_browser_script (browser, script, NULL);
      if (there != NULL && json_node_get_boolean (there))
        return;
      ts_test_browser_keys (browser, TS_KEY_TAB);
    }
  g_error ("%s never had the focus after %u presses of Tab", css, most);
}

/* The whole purchase with the keyboard only: Tab to the seat map, arrows
 * and Space to choose, Enter to hold, Tab and type through the checkout,
 * Space on the partner's answer, Enter to pay (WCAG 2.1.1). */
static void
test_keyboard_purchase (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  gint64 sold = ts_test_storefront_sold (shop, shop->hamlet_local);

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet_local);
  /* the map is drawn (seatmap.js has read plan.json and seats.json) */
  g_free (ts_test_browser_find (browser, "#seat-map.seat-map--ready"));
  tab_to (browser, "#seat-map [role=application], #seat-map [tabindex='0']", 40);
  ts_test_browser_keys (browser, TS_KEY_RIGHT TS_KEY_SPACE);
  ts_test_browser_wait_until (browser, "document.querySelectorAll ('.seat-map__selected').length === 1");
  shot (browser, "keyboard", "chosen");
  tab_to (browser, ".seat-map__hold-button", 20);
  ts_test_browser_keys (browser, TS_KEY_ENTER);
  wait_path (browser, "/cart");
  tab_to (browser, "button[name=next][value=checkout], a[href$='/checkout']", 40);
  ts_test_browser_keys (browser, TS_KEY_ENTER);
  wait_path (browser, "/checkout");
  tab_to (browser, "#first_name", 40);
  ts_test_browser_keys (browser, "Clé");
  tab_to (browser, "#last_name", 3);
  ts_test_browser_keys (browser, "Guest-Keyboard");
  tab_to (browser, "#email", 3);
  ts_test_browser_keys (browser, "keyboard@example.ca");
  tab_to (browser, "input[type=radio]", 10);
  /* a radio group: arrows move to "no", Space keeps it */
  ts_test_browser_keys (browser, TS_KEY_SPACE);
  tab_to (browser, "#card_number", 10);
  ts_test_browser_keys (browser, CARD_OK);
  tab_to (browser, "#card_expiry", 3);
  ts_test_browser_keys (browser, "12/30");
  tab_to (browser, "#card_cvc", 3);
  ts_test_browser_keys (browser, "123");
  tab_to (browser, "#card_name", 3);
  ts_test_browser_keys (browser, "CLE KEYBOARD");
  shot (browser, "keyboard", "checkout");
  ts_test_browser_keys (browser, TS_KEY_ENTER);
  (void) order_page (browser, "keyboard", 1);
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet_local), ==, sold + 1);
}

/* Card details and the partner's answer of a signed-in patron's checkout
 * (no guest fields), sent. */
static void
pay_signed_in (TsTestBrowser *browser,
               const char    *journey,
               const char    *card)
{
  g_autoptr(GPtrArray) answers = ts_test_browser_find_all (browser, "label:has(input[type=radio][value=no])");

  g_assert_false (ts_test_browser_has (browser, "#first_name"));
  for (guint i = 0; i < answers->len; i++)
    ts_test_browser_element_click (browser, g_ptr_array_index (answers, i));
  set_field (browser, "#card_number", card);
  set_field (browser, "#card_expiry", "12/30");
  set_field (browser, "#card_cvc", "123");
  set_field (browser, "#card_name", "EMILE NELLIGAN");
  shot (browser, journey, "checkout");
  ts_test_browser_click (browser, "form:has(#card_number) button[type=submit]");
}

/* Signs the subscriber in from the header's link of the page shown: the
 * page after signing in. */
static void
sign_in_subscriber (TsTestBrowser *browser,
                    const char    *journey)
{
  ts_test_browser_click (browser, "header a[href*='/account/sign-in']");
  wait_path (browser, "/account/sign-in");
  set_field (browser, "#email", TS_TEST_STOREFRONT_SUBSCRIBER);
  set_field (browser, "#password", TS_TEST_STOREFRONT_PASSWORD);
  shot (browser, journey, "sign-in");
  ts_test_browser_click (browser, "form[action$='/account/sign-in'] button[type=submit]");
  ts_test_browser_wait_until (browser, "location.pathname.indexOf ('/account/sign-in') < 0");
}

/* T3, F6: a subscriber's cart offers the subscribers' price only once she
 * has signed in; the cart follows her through the sign-in; she pays the
 * Member price and the order, and her open vouchers, are in My Account. */
static void
test_subscriber (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *member = g_strdup_printf ("%" G_GINT64_FORMAT, shop->member);
  g_autofree char *member_option = g_strdup_printf ("select[name^='type.'] option[value='%s']", member);
  g_autofree char *cart = NULL;
  g_autofree char *vouchers = NULL;
  g_autofree char *account = NULL;
  gint64 members_sold = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE ticket_type_id = %"
                                           G_GINT64_FORMAT, shop->member);

  journey_step = 0;
  go_performance (browser, "UTH", shop->hamlet_local);
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  g_assert_false (ts_test_browser_has (browser, member_option));   /* a guest: no subscribers' price */
  shot (browser, "subscriber", "guest-cart");

  sign_in_subscriber (browser, "subscriber");

  go (browser, "UTH", "/cart");
  g_free (ts_test_browser_find (browser, member_option));            /* the cart followed her */
  set_field (browser, "select[name^='type.']", member);
  ts_test_browser_click (browser, "form[action$='/cart/types'] button[type=submit]:not([name=next])");
  ts_test_browser_wait_until (browser, "document.querySelector ('main').textContent.indexOf ('$25.00') >= 0");
  cart = ts_test_browser_text (browser, "main");
  assert_contains (cart, "Total: $25.00");
  shot (browser, "subscriber", "member-cart");
  check_out (browser);
  pay_signed_in (browser, "subscriber", CARD_OK);
  (void) order_page (browser, "subscriber", 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE ticket_type_id = %" G_GINT64_FORMAT,
                                      shop->member), ==, members_sold + 1);

  go (browser, "UTH", "/account/vouchers");
  vouchers = ts_test_browser_text (browser, "main");
  assert_contains (vouchers, "Subscriber seat");
  shot (browser, "subscriber", "vouchers");
  go (browser, "UTH", "/account");
  account = ts_test_browser_text (browser, "main");
  assert_contains (account, "Hamlet");
  shot (browser, "subscriber", "account");
}

/* The text of css on the page holds text. */
static void
sees (TsTestBrowser *browser,
      const char    *css,
      const char    *text)
{
  g_autofree char *shown = ts_test_browser_text (browser, css);

  assert_contains (shown, text);
}

/* T3, S4: a subscriber signs in, finds her open voucher in My Account,
 * reserves a Hamlet seat with it on the seat map, checks out with no card
 * (nothing to pay: no payment provider, no payment intent), sees the ticket
 * with its QR code, and My Account then says the voucher is used. */
static void
test_voucher (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *order = NULL;
  g_autofree char *reserve = NULL;
  g_autofree char *free_seat = NULL;
  g_autofree char *seat = NULL;
  gint64 performance;
  gint64 reserved = ts_test_owner_int (server, "SELECT count (*) FROM voucher WHERE status = 'reserved' AND patron_id = %"
                                       G_GINT64_FORMAT, shop->subscriber);
  gint64 intents = ts_test_owner_int (server, "SELECT count (*) FROM payment_intent");

  journey_step = 0;
  go (browser, "UTH", "/");
  sign_in_subscriber (browser, "voucher");
  go (browser, "UTH", "/account/vouchers");
  sees (browser, "main", "Open: good for one seat at one of these performances.");
  shot (browser, "voucher", "vouchers");
  reserve = ts_test_browser_attribute (browser, "a.button[href*='voucher=']", "href");
  performance = g_ascii_strtoll (strstr (reserve, "/performances/") + strlen ("/performances/"), NULL, 10);
  free_seat = ts_test_owner_sqlf (server, "SELECT s.guid FROM map_seat s WHERE s.map_id = %" G_GINT64_FORMAT
                                  " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = %" G_GINT64_FORMAT
                                  " AND c.seat_guid = s.guid) ORDER BY s.guid LIMIT 1", shop->map_id, performance);
  seat = g_strdup_printf ("#seat-map circle[data-guid='%s']", free_seat);
  ts_test_browser_click (browser, "a.button[href*='voucher=']");
  wait_path (browser, "/performances/");
  sees (browser, ".voucher-use", "the voucher pays for it");
  /* the seat map, as she would: one seat, held with the voucher */
  ts_test_browser_click (browser, seat);
  ts_test_browser_wait_until (browser, "document.querySelectorAll ('.seat-map__selected').length === 1");
  shot (browser, "voucher", "performance");
  ts_test_browser_click (browser, ".seat-map__hold-button");
  wait_path (browser, "/cart");
  sees (browser, "main", "with voucher");
  sees (browser, "main", "Total: $0.00");
  shot (browser, "voucher", "cart");

  check_out (browser);
  g_assert_false (ts_test_browser_has (browser, "#card_number"));    /* S4: nothing to pay, no card */
  answers = ts_test_browser_find_all (browser, "label:has(input[type=radio][value=no])");
  for (guint i = 0; i < answers->len; i++)
    ts_test_browser_element_click (browser, g_ptr_array_index (answers, i));
  shot (browser, "voucher", "checkout");
  ts_test_browser_click (browser, "form.checkout button[type=submit]");
  order = order_page (browser, "voucher", 1);
  sees (browser, "main", "Subscriber seat");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM voucher WHERE status = 'reserved' AND patron_id = %"
                                      G_GINT64_FORMAT, shop->subscriber), ==, reserved + 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment_intent"), ==, intents);

  go (browser, "UTH", "/account/vouchers");
  sees (browser, "main", "Used for");
  shot (browser, "voucher", "used");
}

/* One seat of Hamlet (UTH's own, not sold elsewhere) put in the cart by
 * best available, each page checked: the cart page. */
static void
hold_best_one (TsTestBrowser *browser,
               const char    *journey)
{
  go_performance (browser, "UTH", shop->hamlet_local);
  shot (browser, journey, "performance");
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  shot (browser, journey, "cart");
}

/* The web_session of the browser's visit at UTH, named by its cookie. */
static char *
visit_of (TsTestBrowser *browser)
{
  g_autofree char *token = ts_test_browser_cookie (browser, "ts_shop");
  g_autofree char *hash = NULL;

  g_assert_nonnull (token);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return ts_test_owner_sqlf (server, "SELECT id FROM web_session WHERE token_hash = '%s'", hash);
}

/* The seats the visit holds now, one GUID a line. */
static char *
held_seats (const char *visit)
{
  return ts_test_owner_sqlf (server, "SELECT string_agg (c.seat_guid, E'\\n') FROM seat_claim c JOIN cart k ON k.id = c.cart_id"
                             " WHERE k.web_session_id = '%s'", visit);
}

/* The "taken" seats of Hamlet as seats.json answers them now. */
static char *
taken_now (TsTestBrowser *browser)
{
  g_autofree char *path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "/seats.json", shop->hamlet_local);
  g_autofree char *url = shop_url ("UTH", path);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = ts_test_browser_fetch (browser, url, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The status of the payment the guest named last_name began. */
static char *
intent_status (const char *last_name)
{
  return ts_test_owner_sqlf (server, "SELECT status FROM payment_intent WHERE order_request #>> '{guest,last_name}' = '%s'"
                             " ORDER BY created_at DESC LIMIT 1", last_name);
}

/* S4: a card its holder must confirm: the checkout goes to the payment
 * provider's page, nothing is sold while it waits; the holder approves and
 * comes back to the order page with the tickets. */
static void
test_confirmation_card (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *provider = NULL;
  g_autofree char *status = NULL;
  gint64 sold = ts_test_storefront_sold (shop, shop->hamlet_local);
  gint64 orders = internet_orders ();

  journey_step = 0;
  hold_best_one (browser, "confirm");
  check_out (browser);
  pay_as_guest (browser, "confirm", "Claire", "Guest-Confirm", "confirm@example.ca", CARD_CONFIRM, "no");
  wait_path (browser, "/payments/test/confirm/");
  provider = ts_test_browser_text (browser, "main");
  assert_contains (provider, "Confirm this card payment");
  assert_contains (provider, "35.00 CAD");                           /* the bank's own words */
  shot (browser, "confirm", "provider");
  status = intent_status ("Guest-Confirm");
  g_assert_cmpstr (status, ==, "needs_confirmation");
  g_assert_cmpint (internet_orders (), ==, orders);                  /* nothing sold while the bank asks */
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet_local), ==, sold);

  ts_test_browser_click (browser, "button[name=decision][value=approve]");
  (void) order_page (browser, "confirm", 1);
  g_assert_cmpint (internet_orders (), ==, orders + 1);
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet_local), ==, sold + 1);
  g_free (status);
  status = intent_status ("Guest-Confirm");
  g_assert_cmpstr (status, ==, "captured");
  ts_test_assert_ledgers (server);
}

/* S1, S4: the card holder leaves the provider's page without deciding:
 * nothing is sold or charged, the seat stays in the cart until its hold
 * expires and is then free for everyone; approving the payment after that
 * sells nothing, the authorisation is voided, and the patron is told. */
static void
test_confirmation_abandoned (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *visit = NULL;
  g_autofree char *seat = NULL;
  g_autofree char *confirm = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *status = NULL;
  g_autofree char *told = NULL;
  gint64 sold = ts_test_storefront_sold (shop, shop->hamlet_local);
  gint64 orders = internet_orders ();

  journey_step = 0;
  hold_best_one (browser, "abandoned");
  visit = visit_of (browser);
  seat = held_seats (visit);
  g_assert_nonnull (seat);
  check_out (browser);
  pay_as_guest (browser, "abandoned", "Paul", "Guest-Abandoned", "abandoned@example.ca", CARD_CONFIRM, "no");
  wait_path (browser, "/payments/test/confirm/");
  confirm = ts_test_browser_get_url (browser);
  shot (browser, "abandoned", "provider");

  /* back to the storefront without a decision: still held, nothing sold */
  ts_test_browser_back (browser);
  wait_path (browser, "/checkout");
  shot (browser, "abandoned", "back");
  {
    /* the card's number and code are not on the page again (a shared computer) */
    g_autofree char *number = field_value (browser, "#card_number");
    g_autofree char *code = field_value (browser, "#card_cvc");

    g_assert_cmpstr (number, ==, "");
    g_assert_cmpstr (code, ==, "");
  }
  go (browser, "UTH", "/cart");
  cart = ts_test_browser_text (browser, "main");
  assert_contains (cart, "Hamlet");
  g_assert_true (ts_test_browser_has (browser, ".countdown[data-expires]"));
  shot (browser, "abandoned", "cart");
  taken = taken_now (browser);
  assert_contains (taken, seat);
  status = intent_status ("Guest-Abandoned");
  g_assert_cmpstr (status, ==, "needs_confirmation");
  g_assert_cmpint (internet_orders (), ==, orders);

  /* the hold runs out: the seat is free again */
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE web_session_id = '%s'", visit);
  g_free (taken);
  taken = taken_now (browser);
  assert_lacks (taken, seat);

  /* the forgotten tab: the holder approves after all */
  ts_test_browser_go (browser, confirm);
  shot (browser, "abandoned", "provider-later");
  ts_test_browser_click (browser, "button[name=decision][value=approve]");
  wait_path (browser, "/shop/UTH/");
  told = ts_test_browser_text (browser, "main");
  assert_contains (told, "its hold expired before the payment went through. Nothing was charged");
  g_assert_false (ts_test_browser_has (browser, "main table"));      /* no empty order, "Total $0.00" */
  shot (browser, "abandoned", "told");
  g_free (status);
  status = intent_status ("Guest-Abandoned");
  g_assert_cmpstr (status, ==, "voided");
  g_assert_cmpint (internet_orders (), ==, orders);
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet_local), ==, sold);
  ts_test_assert_ledgers (server);
}

/* F3: the storefront at the host name the outlet maps (uth.test, which
 * the browser resolves to this server): every link stays on that host,
 * without /shop/UTH, and a purchase goes through there. */
static void
test_mapped_host (void)
{
  TsTestBrowserOptions options = { .host_rules = "MAP uth.test 127.0.0.1" };
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (&options);
  g_autoptr(GUri) server_uri = g_uri_parse (ts_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = g_strdup_printf ("uth.test:%d", g_uri_get_port (server_uri));
  g_autofree char *home = g_strdup_printf ("http://%s/", host);
  g_autofree char *stays = g_strdup_printf ("Array.from (document.querySelectorAll ('a[href], form[action]'))"
                                            "  .every ((e) => { const u = new URL (e.href || e.action, location.href);"
                                            "    return u.host === '%s' && u.pathname.indexOf ('/shop/') !== 0; })", host);
  g_autofree char *link = g_strdup_printf ("a[href='/performances/%" G_GINT64_FORMAT "']", shop->hamlet_local);
  g_autofree char *title = NULL;
  g_autofree char *order = NULL;
  gint64 sold = ts_test_storefront_sold (shop, shop->hamlet_local);

  g_assert_nonnull (browser);
  journey_step = 0;
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_host = 'uth.test' WHERE id = %" G_GINT64_FORMAT, shop->uth);
  ts_test_browser_go (browser, home);
  title = ts_test_browser_get_title (browser);
  assert_contains (title, "University Theatre");
  ts_test_browser_wait_until (browser, stays);
  shot (browser, "mapped", "home");
  ts_test_browser_click (browser, link);
  wait_path (browser, "/performances/");
  ts_test_browser_wait_until (browser, stays);
  shot (browser, "mapped", "performance");
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  ts_test_browser_wait_until (browser, stays);
  shot (browser, "mapped", "cart");
  check_out (browser);
  ts_test_browser_wait_until (browser, stays);
  pay_as_guest (browser, "mapped", "Hôte", "Guest-Mapped", "mapped@example.ca", CARD_OK, "no");
  order = order_page (browser, "mapped", 1);
  g_assert_true (g_str_has_prefix (order, home));
  ts_test_browser_wait_until (browser, stays);
  g_assert_cmpint (ts_test_storefront_sold (shop, shop->hamlet_local), ==, sold + 1);
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_host = NULL WHERE id = %" G_GINT64_FORMAT, shop->uth);
  ts_test_assert_ledgers (server);
}

/* S6, F6: with the outlet's online cancelling window set, a patron who
 * bought a seat online exchanges it in My Account for Hamlet's other
 * performance: the new ticket, with its QR code, is on the page. */
static void
test_exchange (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *other = g_strdup_printf ("%" G_GINT64_FORMAT, shop->hamlet);
  g_autofree char *path = NULL;
  gint64 order;

  journey_step = 0;
  go (browser, "UTH", "/");
  sign_in_subscriber (browser, "exchange");
  go_performance (browser, "UTH", shop->hamlet_local);
  set_field (browser, "#best", "1");
  ts_test_browser_click (browser, "form:has(#best) button[type=submit]");
  wait_path (browser, "/cart");
  check_out (browser);
  pay_signed_in (browser, "exchange", CARD_OK);
  (void) order_page (browser, "exchange", 1);
  order = ts_test_owner_int (server, "SELECT max (id) FROM ticket_order WHERE purchaser_id = %" G_GINT64_FORMAT
                             " AND channel = 'internet'", shop->subscriber);
  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET web_cancel_hours = 24 WHERE id = %" G_GINT64_FORMAT, shop->uth));
  path = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT, order);
  go (browser, "UTH", path);
  sees (browser, "main", "Exchange a ticket");
  ts_test_browser_select (browser, "form.exchange select[name=performance_id]", other);
  shot (browser, "exchange", "chosen");
  ts_test_browser_click (browser, "form.exchange button[type=submit]");
  ts_test_browser_wait_until (browser, "location.search.indexOf ('exchanged=1') >= 0"
                                       " || location.search.indexOf ('paid_back=1') >= 0");
  sees (browser, "main", "Your ticket is exchanged");
  g_free (ts_test_browser_find (browser, ".ticket-qr"));
  shot (browser, "exchange", "exchanged");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                      " WHERE o.exchange_of = %" G_GINT64_FORMAT " AND i.performance_id = %" G_GINT64_FORMAT
                                      " AND i.status = 'sold'", order, shop->hamlet), ==, 1);

  /* on a phone the order's page fits the screen: each line a block whose
   * cells say their column (its table was wider than the screen) */
  {
    g_autoptr(TsTestBrowser) phone = browser_new (NULL, 390, 844, FALSE);
    g_autoptr(JsonNode) overflow = NULL;
    g_autofree char *label = NULL;

    go (phone, "UTH", "/account/sign-in");
    set_field (phone, "#email", TS_TEST_STOREFRONT_SUBSCRIBER);
    set_field (phone, "#password", TS_TEST_STOREFRONT_PASSWORD);
    ts_test_browser_click (phone, "form[action$='/account/sign-in'] button[type=submit]");
    ts_test_browser_wait_until (phone, "location.pathname.indexOf ('/account/sign-in') < 0");
    go (phone, "UTH", path);
    sees (phone, "main", "Hamlet");
    label = ts_test_browser_attribute (phone, "table.lines tbody td.money", "data-label");
    g_assert_cmpstr (label, ==, "Price");
    overflow = ts_test_browser_script (phone, "return document.documentElement.scrollWidth - window.innerWidth;", NULL);
    g_assert_cmpint (json_node_get_int (overflow), <=, 0);
    shot (phone, "exchange", "phone");
  }
  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET web_cancel_hours = NULL WHERE id = %" G_GINT64_FORMAT, shop->uth));
}

/* F6, P3, K3: a signed-in patron changes her phone and address in My
 * details and answers the partner's question in Partner preferences; both
 * are saved and shown again.  She signs out: My Account asks her to sign in
 * again, and the cart left in the browser is a guest's (no subscribers'
 * price, the guest's fields at checkout). */
static void
test_my_account (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *member = g_strdup_printf ("%" G_GINT64_FORMAT, shop->member);
  g_autofree char *member_option = g_strdup_printf ("select[name^='type.'] option[value='%s']", member);
  g_autofree char *saved = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *checkout = NULL;

  journey_step = 0;
  go (browser, "UTH", "/");
  sign_in_subscriber (browser, "account");
  wait_path (browser, "/account");
  shot (browser, "account", "home");

  ts_test_browser_click (browser, ".account-nav a[href$='/account/details']");
  wait_path (browser, "/account/details");
  set_field (browser, "#phone", "514 555 0142");
  set_field (browser, "[name='address.line1']", "1 rue Saint-Denis");
  set_field (browser, "[name='address.city']", "Montréal");
  set_field (browser, "[name='address.region']", "QC");
  set_field (browser, "[name='address.postal_code']", "H2X 1K4");
  set_field (browser, "[name='address.country']", "Canada");
  shot (browser, "account", "details");
  ts_test_browser_click (browser, "form[action$='/account/details'] button[type=submit]");
  ts_test_browser_wait_until (browser, "location.search.indexOf ('saved=1') >= 0");
  saved = ts_test_browser_text (browser, "main");
  assert_contains (saved, "Your details are saved.");
  shot (browser, "account", "details-saved");
  go (browser, "UTH", "/account/details");
  phone = ts_test_browser_attribute (browser, "#phone", "value");
  line1 = ts_test_browser_attribute (browser, "[name='address.line1']", "value");
  g_assert_cmpstr (phone, ==, "514 555 0142");
  g_assert_cmpstr (line1, ==, "1 rue Saint-Denis");

  ts_test_browser_click (browser, ".account-nav a[href$='/account/preferences']");
  wait_path (browser, "/account/preferences");
  {
    g_autoptr(GPtrArray) yes = ts_test_browser_find_all (browser, "label:has(input[type=radio][value=yes])");

    g_assert_cmpuint (yes->len, >=, 1);
    for (guint i = 0; i < yes->len; i++)
      ts_test_browser_element_click (browser, g_ptr_array_index (yes, i));
  }
  shot (browser, "account", "preferences");
  ts_test_browser_click (browser, "form[action$='/account/preferences'] button[type=submit]");
  ts_test_browser_wait_until (browser, "location.search.indexOf ('saved=1') >= 0");
  g_free (saved);
  saved = ts_test_browser_text (browser, "main");
  assert_contains (saved, "Your preferences are saved.");
  shot (browser, "account", "preferences-saved");
  go (browser, "UTH", "/account/preferences");
  g_free (ts_test_browser_find (browser, "input[type=radio][value=yes]:checked"));      /* shown as saved */
  answer = ts_test_owner_sqlf (server, "SELECT answer FROM partner_preference WHERE patron_id = %" G_GINT64_FORMAT
                               " AND partner_company_id = %" G_GINT64_FORMAT, shop->subscriber, shop->partner);
  g_assert_cmpstr (answer, ==, "yes");

  /* a seat at the subscribers' price, then signing out */
  hold_best_one (browser, "account");
  g_free (ts_test_browser_find (browser, member_option));
  go (browser, "UTH", "/account");
  shot (browser, "account", "orders");
  ts_test_browser_click (browser, "form.sign-out button[type=submit]");
  ts_test_browser_wait_until (browser, "location.pathname.indexOf ('/account') < 0");
  go (browser, "UTH", "/account");
  wait_path (browser, "/account/sign-in");
  shot (browser, "account", "signed-out");
  go (browser, "UTH", "/cart");
  cart = ts_test_browser_text (browser, "main");
  assert_contains (cart, "$35.00");
  g_assert_false (ts_test_browser_has (browser, member_option));
  shot (browser, "account", "guest-cart");
  check_out (browser);
  g_free (ts_test_browser_find (browser, "#first_name"));           /* a guest's checkout */
  checkout = ts_test_browser_text (browser, "main");
  assert_lacks (checkout, "Nelligan");
  assert_lacks (checkout, TS_TEST_STOREFRONT_SUBSCRIBER);
  shot (browser, "account", "guest-checkout");
  go (browser, "UTH", "/cart");
  empty_cart (browser);
}

/* S1: the countdown reaches zero: the cart page loads itself again and says
 * the hold expired, and seats.json has the seat free again. */
static void
test_countdown_zero (void)
{
  g_autoptr(TsTestBrowser) browser = browser_new (NULL, 0, 0, FALSE);
  g_autofree char *visit = NULL;
  g_autofree char *seat = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *told = NULL;

  journey_step = 0;
  hold_best_one (browser, "countdown-zero");
  visit = visit_of (browser);
  seat = held_seats (visit);
  g_assert_nonnull (seat);
  /* a short hold: four seconds from now */
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () + interval '4 seconds' WHERE web_session_id = '%s'", visit);
  ts_test_owner_sqlf (server, "UPDATE seat_claim SET expires_at = k.expires_at FROM cart k"
                      " WHERE k.id = seat_claim.cart_id AND k.web_session_id = '%s'", visit);
  ts_test_browser_refresh (browser);
  g_free (ts_test_browser_find (browser, ".countdown.countdown-running"));
  shot (browser, "countdown-zero", "ticking");
  ts_test_browser_set_wait (browser, 20000);
  /* not the script's own line at zero: the page the server made again */
  ts_test_browser_wait_until (browser, "!document.querySelector ('.countdown') && document.readyState === 'complete'");
  ts_test_browser_set_wait (browser, 10000);
  told = ts_test_browser_text (browser, "main");
  assert_contains (told, "Your hold has expired");
  shot (browser, "countdown-zero", "expired");
  taken = taken_now (browser);
  assert_lacks (taken, seat);
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
  if (!ts_test_browser_available ())
    {
      g_printerr ("chromium and chromedriver are not installed (build-aux/install-deps.sh)\n");
      return 77;
    }
  server = ts_test_server_new ();
  shop = ts_test_storefront_new (server);

  g_test_add_func ("/web-shop/home", test_home);
  g_test_add_func ("/web-shop/french", test_french);
  g_test_add_func ("/web-shop/best-available", test_best_available);
  g_test_add_func ("/web-shop/countdown", test_countdown);
  g_test_add_func ("/web-shop/french-purchase", test_french_purchase);
  g_test_add_func ("/web-shop/seat-map-purchase", test_seat_map_purchase);
  g_test_add_func ("/web-shop/ga-without-javascript", test_ga_without_javascript);
  g_test_add_func ("/web-shop/declined-card", test_declined_card);
  g_test_add_func ("/web-shop/keyboard-purchase", test_keyboard_purchase);
  g_test_add_func ("/web-shop/subscriber", test_subscriber);
  g_test_add_func ("/web-shop/confirmation-card", test_confirmation_card);
  g_test_add_func ("/web-shop/confirmation-abandoned", test_confirmation_abandoned);
  g_test_add_func ("/web-shop/mapped-host", test_mapped_host);
  g_test_add_func ("/web-shop/my-account", test_my_account);
  g_test_add_func ("/web-shop/exchange", test_exchange);
  g_test_add_func ("/web-shop/countdown-zero", test_countdown_zero);
  g_test_add_func ("/web-shop/voucher", test_voucher);

  status = g_test_run ();
  ts_test_storefront_free (shop);
  ts_test_server_free (server);
  return status;
}
