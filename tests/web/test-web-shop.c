/* test-web-shop.c — patrons' journeys through the web storefront in a real headless Chromium, against a real server and database (issue 14).
 *
 * Each journey is what a patron does and sees: the pages, the seat map, the
 * keyboard, the language; what the database holds afterwards is checked as
 * the owner.  With TESSERA_SCREENSHOTS=DIR each step leaves a PNG
 * (web-<journey>-<step>.png) to look at.  The season is
 * tests/web/ts-test-storefront.h. */
#include <string.h>

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

  status = g_test_run ();
  ts_test_storefront_free (shop);
  ts_test_server_free (server);
  return status;
}
