/* ts-test-page.h — one storefront answer as a test's visitor got it: status, body, headers, and the forms on it.
 *
 * Made by TsTestVisitor (tests/ts-test-visitor.h); the page reads its own
 * fields (the CSRF pair, hidden fields), headers and cookies. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  guint               status;
  char               *body;      /* the bytes as they came (a PDF has NULs), then a NUL for text */
  gsize               size;
  SoupMessageHeaders *headers;
  char               *origin;    /* "http://127.0.0.1:PORT", where it came from */
} TsTestPage;

void        ts_test_page_free       (TsTestPage *page);
/* The value of the first field name="name" (hidden fields); aborts the
 * test, printing the page, when there is none. */
char       *ts_test_page_field      (TsTestPage *page,
                                     const char *name);
/* The same, or NULL. */
char       *ts_test_page_find_field (TsTestPage *page,
                                     const char *name);
/* The same in any HTML text (a page read another way), or NULL. */
char       *ts_test_html_field      (const char *html,
                                     const char *name);
/* "csrf=TOKEN" with the page's own CSRF field, then "&" and rest (already
 * URL-encoded; NULL or "" for nothing more). */
char       *ts_test_page_form       (TsTestPage *page,
                                     const char *rest);
const char *ts_test_page_header     (TsTestPage *page,
                                     const char *name);
/* Where a redirect goes, as a path on the same server when it stays there. */
const char *ts_test_page_location   (TsTestPage *page);
/* The Set-Cookie line of the answer for that cookie, or NULL. */
char       *ts_test_page_set_cookie (TsTestPage *page,
                                     const char *name);
gboolean    ts_test_page_says       (TsTestPage *page,
                                     const char *text);
/* With TESSERA_SCREENSHOTS=dir: the page as headless Chromium draws it, on a
 * desktop and on a phone (dir/name.png, dir/name-phone.png).  The copy has a
 * <base> at the server for its assets and does not reload itself away. */
void        ts_test_page_screenshot (TsTestPage *page,
                                     const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestPage, ts_test_page_free)

G_END_DECLS
