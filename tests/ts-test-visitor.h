/* ts-test-visitor.h — a storefront visitor for tests: a browser's cookies, its language, and forms posted with their CSRF field.
 *
 * Requests are made as a browser makes a top-level navigation (site for
 * cookies, so SameSite=Lax cookies go along), asynchronously while this
 * thread's main context is iterated, since the in-process server answers on
 * it.  Redirects are not followed unless asked (ts_test_visitor_follow):
 * tests check where they go. */
#pragma once

#include "ts-test-page.h"
#include "ts-test-server.h"

G_BEGIN_DECLS

typedef struct _TsTestVisitor TsTestVisitor;

/* A visitor of the server with no cookies; paths are from the server's root. */
TsTestVisitor *ts_test_visitor_new          (TsTestServer  *server);
/* The same, with paths after base_url ("http://127.0.0.1:PORT/shop/UTH"). */
TsTestVisitor *ts_test_visitor_new_at       (const char    *base_url);
/* The same browser (its cookies) at another base. */
TsTestVisitor *ts_test_visitor_new_sharing  (TsTestVisitor *other,
                                             const char    *base_url);
void           ts_test_visitor_free         (TsTestVisitor *self);
/* Accept-Language from now on, or NULL for none. */
void           ts_test_visitor_set_language (TsTestVisitor *self,
                                             const char    *accept_language);

/* One request: path after the base, or a whole "http…" URL; body of
 * body_type (NULL: a form) or NULL; then header name, value pairs ending
 * with NULL (a NULL value leaves that header out). */
TsTestPage    *ts_test_visitor_send         (TsTestVisitor *self,
                                             const char    *method,
                                             const char    *path,
                                             const char    *body,
                                             const char    *body_type,
                                             ...) G_GNUC_NULL_TERMINATED;
/* A request with form (URL-encoded) or NULL, whatever its status. */
TsTestPage    *ts_test_visitor_visit        (TsTestVisitor *self,
                                             const char    *method,
                                             const char    *path,
                                             const char    *form);
/* The same, aborting the test with the page unless the status is status. */
TsTestPage    *ts_test_visitor_expect       (TsTestVisitor *self,
                                             const char    *method,
                                             const char    *path,
                                             const char    *form,
                                             guint          status);
TsTestPage    *ts_test_visitor_get          (TsTestVisitor *self,
                                             const char    *path,
                                             guint          status);
/* Posts to action_path as the page's form: its CSRF field, then name,
 * value pairs (values URL-encoded here) ending with NULL; expects status. */
TsTestPage    *ts_test_visitor_submit       (TsTestVisitor *self,
                                             TsTestPage    *page,
                                             const char    *action_path,
                                             guint          status,
                                             ...) G_GNUC_NULL_TERMINATED;
/* Goes where the redirect page points (GET), expecting status. */
TsTestPage    *ts_test_visitor_follow       (TsTestVisitor *self,
                                             TsTestPage    *page,
                                             guint          status);
/* The same request n times at once (a double click that the network did
 * not stop); the answers in the order sent. */
GPtrArray     *ts_test_visitor_send_at_once (TsTestVisitor *self,
                                             const char    *method,
                                             const char    *path,
                                             const char    *form,
                                             guint          n);
/* The CSRF field of the last page seen that had one, as a browser keeps the
 * form it shows, or NULL. */
const char    *ts_test_visitor_get_csrf     (TsTestVisitor *self);
/* A cookie the visitor holds now, or NULL. */
char          *ts_test_visitor_cookie       (TsTestVisitor *self,
                                             const char    *name);
/* Gives the visitor a cookie for the whole server, as if it had been set. */
void           ts_test_visitor_add_cookie   (TsTestVisitor *self,
                                             const char    *name,
                                             const char    *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestVisitor, ts_test_visitor_free)

G_END_DECLS
