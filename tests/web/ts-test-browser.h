/* ts-test-browser.h — a real headless Chromium for tests, driven over W3C WebDriver (chromedriver).
 *
 * Every call waits for its answer while iterating the thread-default main
 * context, so a TsTestServer running in the same thread keeps serving the
 * pages Chromium asks for.  A call that fails aborts the test with the
 * WebDriver's message (and a screenshot "failure-N.png" when
 * TESSERA_SCREENSHOTS names a folder).  chromedriver and its Chromium run in
 * a process group of their own, which a watchdog kills if the test process
 * dies: no browser outlives a failed test.  The browser prefers reduced
 * motion (no smooth scrolling under a click, no animation in a screenshot).
 *
 * Elements are found by CSS selector; the calls that take a selector wait
 * for the element (up to ts_test_browser_set_wait, 10 s by default, never a
 * fixed sleep) and abort the test if it never comes.  A `TsTestElement` is
 * the WebDriver's reference to one element of the current page. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _TsTestBrowser TsTestBrowser;
typedef char TsTestElement;              /* the WebDriver's element reference; g_free it */

typedef struct {
  int         width, height;             /* the window; 0 = 1280 × 900 */
  const char *language;                  /* "fr-CA": --lang and Accept-Language; NULL = "en-CA" */
  gboolean    no_javascript;             /* the page's scripts blocked, as a patron who turned them off */
  const char *host_rules;                /* Chromium's --host-resolver-rules ("MAP uth.test 127.0.0.1"): a
                                          * storefront's own host name, without a DNS; NULL = none */
} TsTestBrowserOptions;

/* WebDriver key codes (the W3C "normalized key values"), for ts_test_browser_keys. */
#define TS_KEY_TAB         "\xee\x80\x84"   /* U+E004 */
#define TS_KEY_ENTER       "\xee\x80\x87"   /* U+E007 */
#define TS_KEY_SHIFT       "\xee\x80\x88"   /* U+E008 */
#define TS_KEY_ESCAPE      "\xee\x80\x8c"   /* U+E00C */
#define TS_KEY_SPACE       "\xee\x80\x8d"   /* U+E00D */
#define TS_KEY_END         "\xee\x80\x90"   /* U+E010 */
#define TS_KEY_HOME        "\xee\x80\x91"   /* U+E011 */
#define TS_KEY_LEFT        "\xee\x80\x92"   /* U+E012 */
#define TS_KEY_UP          "\xee\x80\x93"   /* U+E013 */
#define TS_KEY_RIGHT       "\xee\x80\x94"   /* U+E014 */
#define TS_KEY_DOWN        "\xee\x80\x95"   /* U+E015 */
#define TS_KEY_BACKSPACE   "\xee\x80\x83"   /* U+E003 */

/* NULL when chromedriver or Chromium is not installed (the test then skips:
 * exit 77); aborts when they are there but do not start. */
TsTestBrowser *ts_test_browser_new        (const TsTestBrowserOptions *options);
/* Ends the session, stops chromedriver and Chromium, removes the profile. */
void           ts_test_browser_free       (TsTestBrowser *self);
/* The process group of chromedriver and its Chromium, as a number in text. */
char          *ts_test_browser_dup_group  (TsTestBrowser *self);
/* TRUE when /usr/bin/chromium and chromedriver (or $TESSERA_CHROMEDRIVER) are here. */
gboolean       ts_test_browser_available  (void);

/* How long the waiting calls wait before they fail the test. */
void           ts_test_browser_set_wait   (TsTestBrowser *self,
                                           guint          milliseconds);

/* Pages */
void           ts_test_browser_go         (TsTestBrowser *self,
                                           const char    *url);
void           ts_test_browser_back       (TsTestBrowser *self);
void           ts_test_browser_refresh    (TsTestBrowser *self);
char          *ts_test_browser_get_url    (TsTestBrowser *self);
char          *ts_test_browser_get_title  (TsTestBrowser *self);
char          *ts_test_browser_get_source (TsTestBrowser *self);

/* Finding elements */
TsTestElement *ts_test_browser_find       (TsTestBrowser *self,
                                           const char    *css);      /* waits; aborts if never */
TsTestElement *ts_test_browser_find_now   (TsTestBrowser *self,
                                           const char    *css);      /* NULL if none now */
GPtrArray     *ts_test_browser_find_all   (TsTestBrowser *self,
                                           const char    *css);      /* of TsTestElement*, never NULL */
gboolean       ts_test_browser_has        (TsTestBrowser *self,
                                           const char    *css);      /* now, no wait */
/* Waits until no element matches (a message gone, a seat no longer held). */
void           ts_test_browser_wait_gone  (TsTestBrowser *self,
                                           const char    *css);
/* Waits until `expression` (JavaScript, in the page) is true; aborts after the wait. */
void           ts_test_browser_wait_until (TsTestBrowser *self,
                                           const char    *expression);
TsTestElement *ts_test_browser_active     (TsTestBrowser *self);      /* the focused element */

/* One element (by reference) */
void           ts_test_browser_element_click (TsTestBrowser *self,
                                              const TsTestElement *element);
void           ts_test_browser_element_type  (TsTestBrowser *self,
                                              const TsTestElement *element,
                                              const char    *text);
void           ts_test_browser_element_clear (TsTestBrowser *self,
                                              const TsTestElement *element);
char          *ts_test_browser_element_text  (TsTestBrowser *self,
                                              const TsTestElement *element);
char          *ts_test_browser_element_attribute (TsTestBrowser *self,
                                                  const TsTestElement *element,
                                                  const char    *name);   /* NULL if absent */
char          *ts_test_browser_element_property  (TsTestBrowser *self,
                                                  const TsTestElement *element,
                                                  const char    *name);   /* as text; NULL if null */
gboolean       ts_test_browser_element_displayed (TsTestBrowser *self,
                                                  const TsTestElement *element);
gboolean       ts_test_browser_element_is        (TsTestBrowser *self,
                                                  const TsTestElement *a,
                                                  const TsTestElement *b);

/* The same by selector (the first match, waited for) */
void           ts_test_browser_click      (TsTestBrowser *self,
                                           const char    *css);
/* Clears the field, then types the text into it. */
void           ts_test_browser_fill       (TsTestBrowser *self,
                                           const char    *css,
                                           const char    *text);
char          *ts_test_browser_text       (TsTestBrowser *self,
                                           const char    *css);
char          *ts_test_browser_attribute  (TsTestBrowser *self,
                                           const char    *css,
                                           const char    *name);
/* Chooses the <option> of a <select> whose value is `value`, as a click would. */
void           ts_test_browser_select     (TsTestBrowser *self,
                                           const char    *css,
                                           const char    *value);

/* A dialog the page opened (window.confirm, alert): waits for it, returns
 * its text, and accepts it (OK) or dismisses it (Cancel). */
char          *ts_test_browser_answer_dialog (TsTestBrowser *self,
                                              gboolean       accept);

/* Script: the page's script runs `body` as a function's body with
 * `arguments` (a JSON array text, or NULL) and its return value comes back
 * as JSON (NULL for undefined or null). */
JsonNode      *ts_test_browser_script     (TsTestBrowser *self,
                                           const char    *body,
                                           const char    *arguments);

/* Keyboard and pointer, as real input (the Actions API).  `keys` is a
 * sequence of characters and TS_KEY_* codes, each pressed and released in
 * turn; ts_test_browser_chord holds the first key while pressing the rest
 * (Shift+Tab = chord (self, TS_KEY_SHIFT TS_KEY_TAB)). */
void           ts_test_browser_keys       (TsTestBrowser *self,
                                           const char    *keys);
void           ts_test_browser_chord      (TsTestBrowser *self,
                                           const char    *keys);
/* A mouse click at (x, y) pixels from the element's centre. */
void           ts_test_browser_click_at   (TsTestBrowser *self,
                                           const TsTestElement *element,
                                           int            x,
                                           int            y);

/* A PNG of the whole page as $TESSERA_SCREENSHOTS/<name>.png; nothing when unset. */
void           ts_test_browser_screenshot (TsTestBrowser *self,
                                           const char    *name);

/* A PNG of what the window shows now, whatever TESSERA_SCREENSHOTS says
 * (a test that looks at the pixels: a remote desktop drawn in the page). */
GBytes        *ts_test_browser_capture    (TsTestBrowser *self);

/* Cookies of the current page: one value (NULL if none), or a Cookie header. */
char          *ts_test_browser_cookie     (TsTestBrowser *self,
                                           const char    *name);
char          *ts_test_browser_cookie_header (TsTestBrowser *self);
void           ts_test_browser_delete_cookies (TsTestBrowser *self);
/* GET `url` (relative to the page, as a link) with the page's cookies,
 * outside the browser (a download).
 * Returns the body; the status and Content-Type through the out arguments. */
GBytes        *ts_test_browser_fetch      (TsTestBrowser *self,
                                           const char    *url,
                                           guint         *out_status,
                                           char         **out_content_type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestBrowser, ts_test_browser_free)

G_END_DECLS
