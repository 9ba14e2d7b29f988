/* test-web-browser.c — TsTestBrowser itself, against a small SoupServer of this test: pages, forms, keys, scripts off, language, cookies, and no process left behind. */
#include <string.h>

#include <libsoup/soup.h>

#include "ts-test-browser.h"

static SoupServer *server;
static char *base_url;

#define PAGE_HEAD "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>%s</title>" \
                  "<script src=\"/app.js\"></script></head><body>"

static char *
url (const char *path)
{
  return g_strconcat (base_url, path, NULL);
}

static void
answer_html (SoupServerMessage *msg,
             char              *html)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html, strlen (html));
}

/* "/": a form as the storefront writes them (labels, a select, a submit
 * button), the Accept-Language it was asked with, and a cookie. */
static void
page_form (SoupServerMessage *msg)
{
  const char *language = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept-Language");
  g_autofree char *escaped = g_markup_escape_text (language != NULL ? language : "", -1);

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               "visit=seen; Path=/; HttpOnly; SameSite=Lax");
  answer_html (msg, g_strdup_printf (
    PAGE_HEAD
    "<p id=\"language\">%s</p>"
    "<form method=\"post\" action=\"/hello\">"
    "<label for=\"name\">Name</label> <input id=\"name\" name=\"name\">"
    "<label for=\"seats\">Seats</label> <select id=\"seats\" name=\"seats\">"
    "<option value=\"1\">One</option><option value=\"2\">Two</option><option value=\"3\">Three</option></select>"
    "<button id=\"send\" type=\"submit\">Send</button>"
    "</form>"
    "<div id=\"pad\" class=\"pad\">pad</div>"
    "</body></html>",
    "Form", escaped));
}

static void
page_hello (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autofree char *name = g_markup_escape_text (g_hash_table_lookup (form, "name") ?: "", -1);
  g_autofree char *seats = g_markup_escape_text (g_hash_table_lookup (form, "seats") ?: "", -1);

  answer_html (msg, g_strdup_printf (PAGE_HEAD "<h1 id=\"hello\">Hello, %s: %s seats</h1></body></html>",
                                     "Hello", name, seats));
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Cookie");

  if (g_str_equal (path, "/"))
    page_form (msg);
  else if (g_str_equal (path, "/hello") && g_str_equal (soup_server_message_get_method (msg), "POST"))
    page_hello (msg);
  else if (g_str_equal (path, "/app.js"))
    {
      /* What scripts add: a mark on <body>, an element a moment later, and
       * where the pad was clicked. */
      const char *js =
        "document.addEventListener('DOMContentLoaded', function () {"
        "  document.body.dataset.js = 'on';"
        "  var pad = document.getElementById('pad');"
        "  if (pad) pad.addEventListener('click', function (e) {"
        "    var r = pad.getBoundingClientRect();"
        "    pad.dataset.at = Math.round (e.clientX - r.left - r.width / 2) + ',' + Math.round (e.clientY - r.top - r.height / 2);"
        "  });"
        "  setTimeout (function () { var p = document.createElement('p'); p.id = 'later'; p.textContent = 'later'; document.body.appendChild (p); }, 300);"
        "});";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/javascript", SOUP_MEMORY_STATIC, js, strlen (js));
    }
  else if (g_str_equal (path, "/private.txt"))
    {
      const char *text = cookie != NULL && strstr (cookie, "visit=seen") != NULL ? "yours" : "nobody's";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text, strlen (text));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

/* A process of the group that still runs (a zombie waiting for init to
 * reap it runs nothing). */
static gboolean
group_alive (const char *group)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* pid (comm) state ppid pgrp …; comm may hold spaces. */
      after = strrchr (stat, ')');
      if (after == NULL)
        continue;
      fields = g_strsplit (after + 2, " ", 4);
      if (g_strv_length (fields) >= 3 && !g_str_equal (fields[0], "Z") && g_str_equal (fields[2], group))
        return TRUE;
    }
  return FALSE;
}

/* A form filled and sent as a person does: the field typed into, an option
 * chosen, the button clicked, the next page read. */
static void
test_pages (void)
{
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (NULL);
  g_autofree char *home = url ("/");
  g_autofree char *title = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *where = NULL;
  g_autofree char *label_for = NULL;
  g_autofree TsTestElement *name = NULL;

  ts_test_browser_go (browser, home);
  title = ts_test_browser_get_title (browser);
  g_assert_cmpstr (title, ==, "Form");
  label_for = ts_test_browser_attribute (browser, "label[for=name]", "for");
  g_assert_cmpstr (label_for, ==, "name");
  g_assert_null (ts_test_browser_attribute (browser, "#name", "aria-invalid"));
  name = ts_test_browser_find (browser, "#name");
  g_assert_true (ts_test_browser_element_displayed (browser, name));
  ts_test_browser_fill (browser, "#name", "nobody");
  ts_test_browser_fill (browser, "#name", "Émile <Nelligan>");
  ts_test_browser_select (browser, "#seats", "3");
  ts_test_browser_screenshot (browser, "browser-form");
  ts_test_browser_click (browser, "#send");
  hello = ts_test_browser_text (browser, "#hello");
  g_assert_cmpstr (hello, ==, "Hello, Émile <Nelligan>: 3 seats");
  where = ts_test_browser_get_url (browser);
  g_assert_true (g_str_has_suffix (where, "/hello"));
  ts_test_browser_back (browser);
  g_assert_nonnull (ts_test_browser_find (browser, "#send"));
  g_assert_false (ts_test_browser_has (browser, "#hello"));
}

/* Tab walks the focus through the form in order; Enter on the button sends it. */
static void
test_keyboard (void)
{
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (NULL);
  g_autofree char *home = url ("/");
  g_autofree TsTestElement *name = NULL;
  g_autofree TsTestElement *seats = NULL;
  g_autofree TsTestElement *send = NULL;
  g_autofree TsTestElement *focus = NULL;
  g_autofree char *hello = NULL;

  ts_test_browser_go (browser, home);
  name = ts_test_browser_find (browser, "#name");
  seats = ts_test_browser_find (browser, "#seats");
  send = ts_test_browser_find (browser, "#send");
  ts_test_browser_keys (browser, TS_KEY_TAB);
  focus = ts_test_browser_active (browser);
  g_assert_true (ts_test_browser_element_is (browser, focus, name));
  ts_test_browser_keys (browser, "Ana");
  ts_test_browser_keys (browser, TS_KEY_TAB);
  g_free (focus);
  focus = ts_test_browser_active (browser);
  g_assert_true (ts_test_browser_element_is (browser, focus, seats));
  ts_test_browser_keys (browser, TS_KEY_DOWN);
  ts_test_browser_keys (browser, TS_KEY_TAB);
  g_free (focus);
  focus = ts_test_browser_active (browser);
  g_assert_true (ts_test_browser_element_is (browser, focus, send));
  ts_test_browser_chord (browser, TS_KEY_SHIFT TS_KEY_TAB);
  g_free (focus);
  focus = ts_test_browser_active (browser);
  g_assert_true (ts_test_browser_element_is (browser, focus, seats));
  ts_test_browser_keys (browser, TS_KEY_TAB TS_KEY_ENTER);
  hello = ts_test_browser_text (browser, "#hello");
  g_assert_cmpstr (hello, ==, "Hello, Ana: 2 seats");
}

/* Scripts run; a wait lasts until what a script adds is there; a click
 * lands where it is aimed; a script's answer comes back as JSON. */
static void
test_scripts (void)
{
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (NULL);
  g_autofree char *home = url ("/");
  g_autofree TsTestElement *pad = NULL;
  g_autofree char *at = NULL;
  g_autoptr(JsonNode) sum = NULL;

  ts_test_browser_go (browser, home);
  ts_test_browser_wait_until (browser, "document.body.dataset.js === 'on'");
  g_assert_nonnull (ts_test_browser_find (browser, "#later"));
  pad = ts_test_browser_find (browser, "#pad");
  ts_test_browser_click_at (browser, pad, -20, 3);
  ts_test_browser_wait_until (browser, "document.getElementById('pad').dataset.at !== undefined");
  at = ts_test_browser_attribute (browser, "#pad", "data-at");
  g_assert_cmpstr (at, ==, "-20,3");
  sum = ts_test_browser_script (browser, "return arguments[0] + arguments[1];", "[40, 2]");
  g_assert_cmpint (json_node_get_int (sum), ==, 42);
  g_assert_null (ts_test_browser_script (browser, "return null;", NULL));
}

/* With the page's scripts blocked, nothing of /app.js happens, and a form
 * still works. */
static void
test_no_javascript (void)
{
  TsTestBrowserOptions options = { .no_javascript = TRUE };
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (&options);
  g_autofree char *home = url ("/");
  g_autofree char *mark = NULL;
  g_autofree char *hello = NULL;

  ts_test_browser_go (browser, home);
  mark = ts_test_browser_attribute (browser, "body", "data-js");
  g_assert_null (mark);
  g_assert_false (ts_test_browser_has (browser, "#later"));
  ts_test_browser_fill (browser, "#name", "Sans script");
  ts_test_browser_click (browser, "#send");
  hello = ts_test_browser_text (browser, "#hello");
  g_assert_cmpstr (hello, ==, "Hello, Sans script: 1 seats");
}

/* A French browser asks for French first. */
static void
test_language (void)
{
  TsTestBrowserOptions options = { .language = "fr-CA", .width = 390, .height = 844 };
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (&options);
  g_autofree char *home = url ("/");
  g_autofree char *language = NULL;
  g_autoptr(JsonNode) width = NULL;

  ts_test_browser_go (browser, home);
  language = ts_test_browser_text (browser, "#language");
  g_assert_true (g_str_has_prefix (language, "fr-CA"));
  width = ts_test_browser_script (browser, "return window.innerWidth;", NULL);
  g_assert_cmpint (json_node_get_int (width), ==, 390);
  ts_test_browser_screenshot (browser, "browser-phone");
}

/* A download made outside the browser carries the page's cookies,
 * HttpOnly ones too. */
static void
test_fetch (void)
{
  g_autoptr(TsTestBrowser) browser = ts_test_browser_new (NULL);
  g_autofree char *home = url ("/");
  g_autofree char *file = url ("/private.txt");
  g_autofree char *visit = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) anonymous = NULL;
  guint status = 0;

  ts_test_browser_go (browser, home);
  visit = ts_test_browser_cookie (browser, "visit");
  g_assert_cmpstr (visit, ==, "seen");
  g_assert_null (ts_test_browser_cookie (browser, "absent"));
  body = ts_test_browser_fetch (browser, file, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/plain");
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "yours", 5);
  ts_test_browser_delete_cookies (browser);
  anonymous = ts_test_browser_fetch (browser, file, NULL, NULL);
  g_assert_cmpmem (g_bytes_get_data (anonymous, NULL), g_bytes_get_size (anonymous), "nobody's", 8);
}

/* Quitting ends chromedriver and every Chromium process it started. */
static void
test_nothing_left (void)
{
  TsTestBrowser *browser = ts_test_browser_new (NULL);
  g_autofree char *group = ts_test_browser_dup_group (browser);
  g_autofree char *home = url ("/");

  ts_test_browser_go (browser, home);
  g_assert_true (group_alive (group));
  ts_test_browser_free (browser);
  g_assert_false (group_alive (group));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_test_init (&argc, &argv, NULL);
  if (!ts_test_browser_available ())
    {
      g_printerr ("chromium and chromedriver are not installed (build-aux/install-deps.sh)\n");
      return 77;
    }
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("Cannot listen: %s", error->message);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (base_url, "/"))
    base_url[strlen (base_url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_test_add_func ("/web-browser/pages", test_pages);
  g_test_add_func ("/web-browser/keyboard", test_keyboard);
  g_test_add_func ("/web-browser/scripts", test_scripts);
  g_test_add_func ("/web-browser/no-javascript", test_no_javascript);
  g_test_add_func ("/web-browser/language", test_language);
  g_test_add_func ("/web-browser/fetch", test_fetch);
  g_test_add_func ("/web-browser/nothing-left", test_nothing_left);
  return g_test_run ();
}
