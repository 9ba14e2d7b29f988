/* test-server-shop.c — the web storefront as patrons use it (issue 14; F3,
 * E2, E3, S1, T3, T5, P4): a real libsoup client that keeps cookies and
 * posts forms, against a real server and PostgreSQL */
#include <libsoup/soup.h>
#include <string.h>

#include "ts-test-client.h"
#include "ts-test-visitor.h"

static TsTestServer *server;
static char *uth_manager;
static gint64 uth, ath, tix;
static gint64 map_id, hamlet, perf, perf_later, perf_closed, perf_ath_other, perf_no_other;
static gint64 adult, student, comp, member, ath_own_type;
static char *seats[10];

static char *as_visitor (const char *session, gint64 outlet, const char *sql);

static gint64
count_sql (const char *sql)
{
  return ts_test_owner_int (server, "%s", sql);
}

/* The framework --------------------------------------------------------------------------------------------------------- */

static void
test_headers_and_layout (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, "/shop/UTH/", 200);

  g_assert_cmpstr (ts_test_page_header (page, "Content-Security-Policy"), ==,
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  g_assert_cmpstr (ts_test_page_header (page, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr (ts_test_page_header (page, "Referrer-Policy"), ==, "same-origin");
  g_assert_cmpstr (ts_test_page_header (page, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (ts_test_page_header (page, "Cache-Control"), ==, "no-store");
  g_assert_true (g_str_has_prefix (ts_test_page_header (page, "Content-Type"), "text/html"));
  g_assert_nonnull (strstr (page->body, "<html lang=\"en\">"));
  /* a skip link to the main landmark, the outlet's name, the language switch */
  g_assert_nonnull (strstr (page->body, "href=\"#main\""));
  g_assert_nonnull (strstr (page->body, "<main id=\"main\""));
  g_assert_nonnull (strstr (page->body, "University Theatre"));
  g_assert_nonnull (strstr (page->body, "?lang=fr"));
  g_assert_nonnull (strstr (page->body, "/shop/UTH/brand.css"));
  /* the CSP forbids inline script and style: there is none */
  g_assert_null (strstr (page->body, "style=\""));
  g_assert_null (strstr (page->body, "<style"));
  g_assert_null (strstr (page->body, "<script>"));
  /* P: a plain page view makes no session */
  g_assert_null (ts_test_page_set_cookie (page, "ts_shop"));
}

static void
test_not_found_alike (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) unknown_path = ts_test_visitor_get (v, "/shop/UTH/no-such-page", 404);
  g_autoptr(TsTestPage) unknown_outlet = ts_test_visitor_get (v, "/shop/NOPE/", 404);
  g_autoptr(TsTestPage) disabled = ts_test_visitor_get (v, "/shop/TIX/", 404);
  g_autoptr(TsTestPage) disabled_page = ts_test_visitor_get (v, "/shop/TIX/cart", 404);

  /* P4: a disabled storefront and an unknown one answer exactly as a path
   * that names nothing */
  g_assert_cmpstr (unknown_outlet->body, ==, unknown_path->body);
  g_assert_cmpstr (disabled->body, ==, unknown_path->body);
  g_assert_cmpstr (disabled_page->body, ==, unknown_path->body);
  g_assert_null (strstr (disabled->body, "Tix"));
  g_assert_cmpstr (ts_test_page_header (disabled, "Content-Security-Policy"), ==, ts_test_page_header (unknown_path, "Content-Security-Policy"));
}

static void
test_code_case_and_index (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) lower = ts_test_visitor_get (v, "/shop/uth/cart", 308);
  g_autoptr(TsTestPage) bare = ts_test_visitor_get (v, "/shop/UTH", 308);
  g_autoptr(TsTestPage) index = ts_test_visitor_get (v, "/shop/", 200);

  g_assert_cmpstr (ts_test_page_header (lower, "Location"), ==, "/shop/UTH/cart");
  g_assert_cmpstr (ts_test_page_header (bare, "Location"), ==, "/shop/UTH/");
  /* the list of storefronts: the enabled ones only */
  g_assert_nonnull (strstr (index->body, "href=\"/shop/UTH/\""));
  g_assert_null (strstr (index->body, "/shop/TIX/"));
}

static void
test_french (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) by_header = NULL;
  g_autoptr(TsTestPage) switched = NULL;
  g_autoptr(TsTestPage) after = NULL;
  g_autofree char *lang_cookie = NULL;

  ts_test_visitor_set_language (v, "fr-CA,fr;q=0.9,en;q=0.5");
  by_header = ts_test_visitor_get (v, "/shop/UTH/", 200);
  g_assert_nonnull (strstr (by_header->body, "<html lang=\"fr-CA\">"));
  g_assert_nonnull (strstr (by_header->body, "Aller au contenu"));
  g_assert_cmpstr (ts_test_page_header (by_header, "Content-Language"), ==, "fr-CA");

  /* ?lang=en wins over the header, remembered for a year */
  switched = ts_test_visitor_get (v, "/shop/UTH/cart?lang=en", 303);
  g_assert_cmpstr (ts_test_page_header (switched, "Location"), ==, "/shop/UTH/cart");
  lang_cookie = ts_test_page_set_cookie (switched, "ts_lang");
  g_assert_nonnull (strstr (lang_cookie, "Max-Age=31536000"));
  after = ts_test_visitor_get (v, "/shop/UTH/", 200);
  g_assert_nonnull (strstr (after->body, "<html lang=\"en\">"));
  g_clear_pointer (&after, ts_test_page_free);
  g_clear_pointer (&switched, ts_test_page_free);
  switched = ts_test_visitor_get (v, "/shop/UTH/?lang=fr", 303);
  after = ts_test_visitor_get (v, "/shop/UTH/", 200);
  g_assert_nonnull (strstr (after->body, "<html lang=\"fr-CA\">"));
}

static void
test_static_and_brand (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) home = ts_test_visitor_get (v, "/shop/UTH/", 200);
  const char *at = strstr (home->body, "/shop/static/shop.css?v=");
  g_autofree char *css_url = NULL;
  g_autoptr(TsTestPage) css = NULL;
  g_autoptr(TsTestPage) brand = NULL;
  g_autoptr(TsTestPage) missing = NULL;

  g_assert_nonnull (at);
  css_url = g_strndup (at, strchr (at, '"') - at);
  css = ts_test_visitor_get (v, css_url, 200);
  g_assert_cmpstr (ts_test_page_header (css, "Cache-Control"), ==, "public, max-age=31536000, immutable");
  g_assert_true (g_str_has_prefix (ts_test_page_header (css, "Content-Type"), "text/css"));
  missing = ts_test_visitor_get (v, "/shop/static/../../etc/passwd", 404);

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_colour = '#ffd700' WHERE id = %" G_GINT64_FORMAT, uth);
  brand = ts_test_visitor_get (v, "/shop/UTH/brand.css", 200);
  /* a light colour takes black text (4.5:1) */
  g_assert_cmpstr (brand->body, ==, ":root { --brand: #ffd700; --brand-contrast: #000; }\n");
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_colour = '#1d4f91' WHERE id = %" G_GINT64_FORMAT, uth);
  g_clear_pointer (&brand, ts_test_page_free);
  brand = ts_test_visitor_get (v, "/shop/UTH/brand.css", 200);
  g_assert_cmpstr (brand->body, ==, ":root { --brand: #1d4f91; --brand-contrast: #fff; }\n");
}


/* The outlet's logo: in the header, and served with a CSP of its own (an
 * SVG opened alone runs nothing). */
static void
test_logo (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) without = ts_test_visitor_get (v, "/shop/UTH/logo", 404);
  g_autoptr(TsTestPage) home = NULL, logo = NULL;

  ts_test_owner_sqlf (server, "UPDATE outlet SET logo_svg = '<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>'"
                      " WHERE id = %" G_GINT64_FORMAT, uth);
  home = ts_test_visitor_get (v, "/shop/UTH/", 200);
  logo = ts_test_visitor_get (v, "/shop/UTH/logo", 200);
  g_assert_nonnull (strstr (home->body, "<img class=\"logo\" src=\"/shop/UTH/logo\" alt=\"\""));
  g_assert_true (g_str_has_prefix (ts_test_page_header (logo, "Content-Type"), "image/svg+xml"));
  g_assert_cmpstr (ts_test_page_header (logo, "Content-Security-Policy"), ==, "default-src 'none'; style-src 'unsafe-inline'");
  g_assert_true (g_str_has_prefix (logo->body, "<svg"));
  ts_test_owner_sqlf (server, "UPDATE outlet SET logo_svg = NULL WHERE id = %" G_GINT64_FORMAT, uth);
}

static void
test_mapped_host (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) mapped = NULL;
  g_autoptr(TsTestPage) other = NULL;

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_host = 'tickets.uth.example' WHERE id = %" G_GINT64_FORMAT, uth);
  mapped = ts_test_visitor_send (v, "GET", "/", NULL, NULL, "Host", "tickets.uth.example", NULL);
  g_assert_cmpuint (mapped->status, ==, 200);
  g_assert_nonnull (strstr (mapped->body, "University Theatre"));
  /* links stay on the mapped host, without /shop/UTH */
  g_assert_nonnull (strstr (mapped->body, "href=\"/cart\""));
  g_assert_null (strstr (mapped->body, "/shop/UTH/"));
  {
    /* the language switch comes back to this site, whatever the path */
    g_autoptr(TsTestPage) away = ts_test_visitor_send (v, "GET", "//evil.example/?lang=fr", NULL, NULL,
                                                       "Host", "tickets.uth.example", NULL);

    g_assert_cmpuint (away->status, ==, 303);
    g_assert_cmpstr (ts_test_page_header (away, "Location"), ==, "/");
  }
  /* a host no storefront has is the server's own "not found" */
  other = ts_test_visitor_send (v, "GET", "/", NULL, NULL, "Host", "nobody.example", NULL);
  g_assert_cmpuint (other->status, ==, 404);
  g_assert_nonnull (strstr (other->body, "\"not_found\""));
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_host = NULL WHERE id = %" G_GINT64_FORMAT, uth);
}

static void
test_escaped (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) page = NULL;

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_intro_en = '<script>alert(1)</script> & \"welcome\"' WHERE id = %"
                      G_GINT64_FORMAT, uth);
  page = ts_test_visitor_get (v, "/shop/UTH/", 200);
  g_assert_null (strstr (page->body, "<script>alert"));
  g_assert_nonnull (strstr (page->body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;welcome&quot;"));
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_intro_en = '' WHERE id = %" G_GINT64_FORMAT, uth);
}

/* CSRF: a POST without the token, with another, or from another origin is
 * refused and changes nothing. */
static void
test_csrf (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *perf_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
  g_autoptr(TsTestPage) form_page = ts_test_visitor_get (v, perf_path, 200);
  g_autofree char *good = ts_test_page_form (form_page, NULL);
  gint64 sessions_before = count_sql ("SELECT count (*) FROM web_session");
  const char *refused[][3] = {
    { "", NULL, "no token" },
    { "csrf=wrong", NULL, "wrong token" },
    { NULL, "https://evil.example", "foreign origin" },
  };

  g_assert_nonnull (ts_test_visitor_cookie (v, "ts_csrf"));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(TsTestPage) page = ts_test_visitor_send (v, "POST", "/shop/UTH/cart/release",
                                                         refused[i][0] != NULL ? refused[i][0] : good, NULL,
                                                         "Origin", refused[i][1], NULL);

      g_test_message ("%s", refused[i][2]);
      g_assert_cmpuint (page->status, ==, 403);
      g_assert_null (ts_test_page_set_cookie (page, "ts_shop"));
    }
  g_assert_cmpint (count_sql ("SELECT count (*) FROM web_session"), ==, sessions_before);
  {
    g_autoptr(TsTestPage) ok = ts_test_visitor_visit (v, "POST", "/shop/UTH/cart/release", good);

    g_assert_cmpuint (ok->status, ==, 303);
  }
  {
    /* a visitor without the cookie cannot use someone else's field value */
    g_autoptr(TsTestVisitor) stranger = ts_test_visitor_new (server);
    g_autoptr(TsTestPage) page = ts_test_visitor_visit (stranger, "POST", "/shop/UTH/cart/release", good);

    g_assert_cmpuint (page->status, ==, 403);
  }
}



/* A form that is not text a person could type, or too large, or of another
 * kind, is refused before anything runs; so is another method. */
static void
test_hostile_forms (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *perf_path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, perf_path, 200);
  gint64 sessions_before = count_sql ("SELECT count (*) FROM web_session");
  const char *bad[] = { "seat=%FF", "seat=%00", "seat=a%0", "seat=%01", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *form = ts_test_page_form (page, bad[i]);
      g_autoptr(TsTestPage) refused = ts_test_visitor_visit (v, "POST", "/shop/UTH/cart/hold", form);

      g_test_message ("%s", bad[i]);
      g_assert_cmpuint (refused->status, ==, 400);
      g_assert_nonnull (strstr (refused->body, "<html lang=\"en\">"));
    }
  {
    g_autofree char *filler = g_strnfill (70 * 1024, 'a');
    g_autofree char *rest = g_strdup_printf ("note=%s", filler);
    g_autofree char *form = ts_test_page_form (page, rest);
    g_autoptr(TsTestPage) refused = ts_test_visitor_visit (v, "POST", "/shop/UTH/cart/hold", form);

    g_assert_cmpuint (refused->status, ==, 413);
  }
  {
    g_autoptr(TsTestPage) put = ts_test_visitor_visit (v, "PUT", "/shop/UTH/cart", NULL);
    g_autoptr(TsTestPage) head = ts_test_visitor_visit (v, "HEAD", "/shop/UTH/", NULL);
    g_autoptr(TsTestPage) get_post = ts_test_visitor_visit (v, "GET", "/shop/UTH/cart/hold", NULL);

    g_assert_cmpuint (put->status, ==, 405);
    g_assert_cmpuint (head->status, ==, 200);
    g_assert_true (head->body == NULL || *head->body == '\0');
    g_assert_cmpuint (get_post->status, ==, 405);
  }
  g_assert_cmpint (count_sql ("SELECT count (*) FROM web_session"), ==, sessions_before);
}

/* Browsing --------------------------------------------------------------------------------------------------------------- */

static gboolean
lists (TsTestPage *page,
       gint64      id)
{
  g_autofree char *link = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "\"", id);

  return strstr (page->body, link) != NULL;
}

/* F3, E2, E3: a storefront lists its own performances inside their internet
 * window, and another outlet's only where that outlet lets other
 * storefronts sell it and permits this one. */
static void
test_list_windows (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) uth_list = ts_test_visitor_get (v, "/shop/UTH/", 200);
  g_autoptr(TsTestPage) ath_list = ts_test_visitor_get (v, "/shop/ATH/", 200);
  g_autofree char *later = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf_later);
  g_autofree char *closed = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf_closed);
  g_autofree char *not_other = g_strdup_printf ("/shop/ATH/performances/%" G_GINT64_FORMAT, perf_no_other);
  g_autofree char *at_ath = g_strdup_printf ("/shop/ATH/performances/%" G_GINT64_FORMAT, perf);
  g_autoptr(TsTestPage) unknown = ts_test_visitor_get (v, "/shop/UTH/performances/999999", 404);
  g_autoptr(TsTestPage) p1 = NULL, p2 = NULL, p3 = NULL, p4 = NULL;

  g_assert_true (lists (uth_list, perf));
  g_assert_true (lists (uth_list, perf_no_other));
  g_assert_false (lists (uth_list, perf_later));
  g_assert_false (lists (uth_list, perf_closed));
  g_assert_nonnull (strstr (uth_list->body, "Hamlet"));
  g_assert_nonnull (strstr (uth_list->body, "From $15.00"));

  g_assert_true (lists (ath_list, perf));
  g_assert_false (lists (ath_list, perf_no_other));
  g_assert_nonnull (strstr (ath_list->body, "Presented by University Theatre"));

  /* what is not listed answers exactly as a performance that does not exist */
  p1 = ts_test_visitor_get (v, later, 404);
  p2 = ts_test_visitor_get (v, closed, 404);
  p3 = ts_test_visitor_get (v, not_other, 404);
  g_assert_cmpstr (p1->body, ==, unknown->body);
  g_assert_cmpstr (p3->body, ==, unknown->body);
  p4 = ts_test_visitor_get (v, at_ath, 200);
  g_assert_nonnull (strstr (p4->body, "Presented by University Theatre"));
}

static void
test_performance_page (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
  g_autofree char *plan_path = g_strdup_printf ("%s/plan.json", path);
  g_autofree char *seats_path = g_strdup_printf ("%s/seats.json", path);
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
  g_autoptr(TsTestPage) plan = ts_test_visitor_get (v, plan_path, 200);
  g_autoptr(TsTestPage) availability = ts_test_visitor_get (v, seats_path, 200);
  g_autoptr(JsonNode) plan_json = json_from_string (plan->body, NULL);
  g_autoptr(JsonNode) seats_json = json_from_string (availability->body, NULL);
  g_autofree char *data_plan = g_strdup_printf ("data-plan=\"%s\"", plan_path);

  g_assert_nonnull (strstr (page->body, "id=\"seat-map\""));
  g_assert_nonnull (strstr (page->body, data_plan));
  /* without JavaScript: best available and general admission forms */
  g_assert_nonnull (strstr (page->body, "name=\"best\""));
  g_assert_nonnull (strstr (page->body, "name=\"area\""));
  g_assert_nonnull (strstr (page->body, "Standing floor"));
  /* the price list: no comp, no subscribers-only type for a guest */
  g_assert_nonnull (strstr (page->body, "Adult"));
  g_assert_nonnull (strstr (page->body, "Student"));
  g_assert_null (strstr (page->body, "Press Comp"));
  g_assert_null (strstr (page->body, "Member"));
  g_assert_nonnull (strstr (page->body, "$15.00"));   /* Adult standing */

  g_assert_true (json_object_has_member (json_node_get_object (plan_json), "map"));
  g_assert_cmpstr (ts_test_page_header (plan, "Cache-Control"), ==, "public, max-age=300");
  g_assert_nonnull (ts_test_page_header (plan, "ETag"));
  {
    /* a revalidation is a 304 */
    g_autoptr(TsTestPage) again = ts_test_visitor_send (v, "GET", plan_path, NULL, NULL,
                                                        "If-None-Match", ts_test_page_header (plan, "ETag"), NULL);

    g_assert_cmpuint (again->status, ==, 304);
  }
  g_assert_cmpstr (ts_test_page_header (availability, "Cache-Control"), ==, "no-store");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (seats_json), "performance_id"), ==, perf);
  g_assert_true (json_object_has_member (json_node_get_object (seats_json), "taken"));
}

static void
test_escaped_event (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) list = NULL;
  g_autoptr(TsTestPage) page = NULL;
  gint64 event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                    ", '<script>alert(1)</script>', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  gint64 p = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                " box_office_on_sale, internet_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                " now () + interval '14 days', 13, 13, now () - interval '1 day', now () - interval '1 day')"
                                " RETURNING id", event, uth);
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, p);

  list = ts_test_visitor_get (v, "/shop/UTH/", 200);
  page = ts_test_visitor_get (v, path, 200);
  g_assert_null (strstr (list->body, "<script>alert"));
  g_assert_nonnull (strstr (list->body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (page->body, "<script>alert"));
  g_assert_nonnull (strstr (page->body, "<title>&lt;script&gt;alert(1)&lt;/script&gt; — University Theatre</title>"));
  ts_test_owner_sqlf (server, "UPDATE performance SET internet_on_sale = NULL WHERE id = %" G_GINT64_FORMAT, p);
}

/* Holding ------------------------------------------------------------------------------------------------------------------- */

/* POSTs a hold from the performance page's form; returns the answer. */
static TsTestPage *
hold (TsTestVisitor *v,
      const char    *storefront,
      gint64         performance,
      const char    *fields)
{
  g_autofree char *path = g_strdup_printf ("/shop/%s/performances/%" G_GINT64_FORMAT, storefront, performance);
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
  g_autofree char *rest = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&%s", performance, fields);
  g_autofree char *form = ts_test_page_form (page, rest);
  g_autofree char *action = g_strdup_printf ("/shop/%s/cart/hold", storefront);

  return ts_test_visitor_visit (v, "POST", action, form);
}

static JsonObject *
seats_of (TsTestVisitor  *v,
          gint64          performance,
          JsonNode      **keep)
{
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT "/seats.json", performance);
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);

  *keep = json_from_string (page->body, NULL);
  return json_node_get_object (*keep);
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static char *
session_of (TsTestVisitor *v)
{
  g_autofree char *token = ts_test_visitor_cookie (v, "ts_shop");
  g_autofree char *hash = NULL;

  g_assert_nonnull (token);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return ts_test_owner_sqlf (server, "SELECT id FROM web_session WHERE token_hash = '%s'", hash);
}

static void
release_all_at (TsTestVisitor *v,
                const char    *storefront)
{
  g_autofree char *perf_path = g_strdup_printf ("/shop/%s/performances/%" G_GINT64_FORMAT, storefront, perf);
  g_autoptr(TsTestPage) cart = ts_test_visitor_get (v, perf_path, 200);
  g_autofree char *form = ts_test_page_form (cart, NULL);
  g_autofree char *action = g_strdup_printf ("/shop/%s/cart/release", storefront);
  g_autoptr(TsTestPage) done = ts_test_visitor_visit (v, "POST", action, form);

  g_assert_cmpuint (done->status, ==, 303);
}

static void
release_all (TsTestVisitor *v)
{
  release_all_at (v, "UTH");
}

/* S1: seats picked on the map are held for the visitor, who sees them as
 * theirs and until when; another visitor sees them taken, not whose. */
static void
test_hold_seats (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) other = ts_test_visitor_new (server);
  g_autofree char *fields = g_strdup_printf ("seat=%s&seat=%s", seats[0], seats[1]);
  g_autoptr(TsTestPage) held = hold (v, "UTH", perf, fields);
  g_autofree char *cookie = ts_test_page_set_cookie (held, "ts_shop");
  g_autoptr(TsTestPage) cart = NULL;
  g_autoptr(JsonNode) mine_node = NULL, theirs_node = NULL;
  JsonObject *mine, *theirs;
  g_autofree char *session = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *data_expires = NULL;

  g_assert_cmpuint (held->status, ==, 303);
  g_assert_cmpstr (ts_test_page_header (held, "Location"), ==, "/shop/UTH/cart");
  /* the visit's cookie: HttpOnly, Lax, for the browser's session only */
  g_assert_nonnull (cookie);
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "SameSite=Lax"));
  g_assert_null (strstr (cookie, "Max-Age"));
  g_assert_null (strstr (cookie, "Secure"));   /* plain HTTP here */

  cart = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  g_assert_nonnull (strstr (cart->body, "Stalls, row A, seat 1"));
  g_assert_nonnull (strstr (cart->body, "Stalls, row A, seat 2"));
  g_assert_nonnull (strstr (cart->body, "$70.00"));
  /* the countdown says when the hold ends, as the database keeps it */
  session = session_of (v);
  expires = ts_test_owner_sqlf (server, "SELECT to_char (expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                                " FROM cart WHERE web_session_id = '%s'", session);
  data_expires = g_strdup_printf ("class=\"countdown\" data-expires=\"%s", expires);
  g_assert_nonnull (strstr (cart->body, data_expires));
  g_assert_nonnull (strstr (cart->body, "Your seats are held until"));

  mine = seats_of (v, perf, &mine_node);
  g_assert_true (array_has (json_object_get_array_member (mine, "mine"), seats[0]));
  g_assert_false (array_has (json_object_get_array_member (mine, "taken"), seats[0]));
  g_assert_false (json_object_get_null_member (mine, "expires_at"));
  theirs = seats_of (other, perf, &theirs_node);
  g_assert_true (array_has (json_object_get_array_member (theirs, "taken"), seats[0]));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (theirs, "mine")), ==, 0);
  g_assert_null (strstr (json_to_string (theirs_node, FALSE), "cart"));
  release_all (v);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT, perf), ==, 0);
  ts_test_assert_ledgers (server);
}

/* Best available: side by side in one row, the row nearest the stage. */
static void
test_best_available (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) w = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) first = NULL, second = NULL, too_many = NULL, back = NULL;
  g_autofree char *session = NULL;
  g_autofree char *rows = NULL;

  first = hold (v, "UTH", perf, "best=3&zone=Regular");
  g_assert_cmpuint (first->status, ==, 303);
  session = session_of (v);
  rows = ts_test_owner_sqlf (server, "SELECT string_agg (DISTINCT s.row_label, ',') || ':' || (max (s.number::integer) - min (s.number::integer))"
                             " FROM seat_claim c JOIN cart k ON k.id = c.cart_id JOIN map_seat s ON s.map_id = %" G_GINT64_FORMAT
                             " AND s.guid = c.seat_guid WHERE k.web_session_id = '%s'", map_id, session);
  g_assert_cmpstr (rows, ==, "A:2");
  /* 3 more do not fit in row A (2 left): row B */
  second = hold (w, "UTH", perf, "best=3");
  g_assert_cmpuint (second->status, ==, 303);
  g_free (session);
  g_free (rows);
  session = session_of (w);
  rows = ts_test_owner_sqlf (server, "SELECT string_agg (DISTINCT s.row_label, ',') || ':' || (max (s.number::integer) - min (s.number::integer))"
                             " FROM seat_claim c JOIN cart k ON k.id = c.cart_id JOIN map_seat s ON s.map_id = %" G_GINT64_FORMAT
                             " AND s.guid = c.seat_guid WHERE k.web_session_id = '%s'", map_id, session);
  g_assert_cmpstr (rows, ==, "B:2");
  /* more than are left: back to the performance, saying so */
  too_many = hold (w, "UTH", perf, "best=10");
  g_assert_cmpuint (too_many->status, ==, 303);
  g_assert_true (g_str_has_suffix (ts_test_page_header (too_many, "Location"), "?problem=none-left"));
  back = ts_test_visitor_get (w, ts_test_page_header (too_many, "Location"), 200);
  g_assert_nonnull (strstr (back->body, "Not that many seats or places are left"));
  g_assert_nonnull (strstr (back->body, "role=\"alert\""));
  release_all (v);
  release_all (w);
  ts_test_assert_ledgers (server);
}

static void
test_general_admission (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) w = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) held = hold (v, "UTH", perf, "area=Floor%231&quantity=2");
  g_autoptr(TsTestPage) refused = NULL, cart = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *seats_json;
  JsonObject *area;

  g_assert_cmpuint (held->status, ==, 303);
  cart = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  g_assert_nonnull (strstr (cart->body, "Standing floor × 2"));
  /* a line's type until one is chosen: the full-price type (Adult), at its
   * standing price */
  g_assert_nonnull (strstr (cart->body, "$30.00"));
  seats_json = seats_of (w, perf, &node);
  area = json_array_get_object_element (json_object_get_array_member (seats_json, "ga"), 0);
  g_assert_cmpint (json_object_get_int_member (area, "left"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (area, "mine"), ==, 0);
  refused = hold (w, "UTH", perf, "area=Floor%231&quantity=2");
  g_assert_true (g_str_has_suffix (ts_test_page_header (refused, "Location"), "?problem=none-left"));
  release_all (v);
  ts_test_assert_ledgers (server);
}

/* S1: two visitors want the same seat: the second is told it was taken. */
static void
test_taken_meanwhile (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) b = ts_test_visitor_new (server);
  g_autofree char *path = g_strdup_printf ("/shop/UTH/performances/%" G_GINT64_FORMAT, perf);
  g_autoptr(TsTestPage) b_page = ts_test_visitor_get (b, path, 200);    /* b looks before a holds */
  g_autofree char *fields = g_strdup_printf ("seat=%s", seats[4]);
  g_autoptr(TsTestPage) a_held = hold (a, "UTH", perf, fields);
  g_autofree char *b_form = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&seat=%s&seat=%s", perf, seats[5], seats[4]);
  g_autofree char *b_post = ts_test_page_form (b_page, b_form);
  g_autoptr(TsTestPage) b_held = ts_test_visitor_visit (b, "POST", "/shop/UTH/cart/hold", b_post);
  g_autoptr(TsTestPage) b_back = NULL;

  g_assert_cmpuint (a_held->status, ==, 303);
  g_assert_cmpuint (b_held->status, ==, 303);
  g_assert_true (g_str_has_suffix (ts_test_page_header (b_held, "Location"), "?problem=taken"));
  b_back = ts_test_visitor_get (b, ts_test_page_header (b_held, "Location"), 200);
  g_assert_nonnull (strstr (b_back->body, "Someone else took some of those seats meanwhile"));
  /* all or nothing: b holds neither */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT, perf), ==, 1);
  release_all (a);
}

/* S1: a hold that expired gives its seats back to everyone. */
static void
test_hold_expires (void)
{
  g_autoptr(TsTestVisitor) a = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) b = ts_test_visitor_new (server);
  g_autofree char *fields = g_strdup_printf ("seat=%s", seats[6]);
  g_autoptr(TsTestPage) a_held = hold (a, "UTH", perf, fields);
  g_autofree char *session = session_of (a);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *seen;
  g_autoptr(TsTestPage) b_held = NULL, a_cart = NULL;

  g_assert_cmpuint (a_held->status, ==, 303);
  ts_test_owner_sqlf (server, "UPDATE cart SET expires_at = now () - interval '1 second' WHERE web_session_id = '%s'", session);
  seen = seats_of (b, perf, &node);
  g_assert_false (array_has (json_object_get_array_member (seen, "taken"), seats[6]));
  b_held = hold (b, "UTH", perf, fields);
  g_assert_cmpstr (ts_test_page_header (b_held, "Location"), ==, "/shop/UTH/cart");
  a_cart = ts_test_visitor_get (a, "/shop/UTH/cart", 200);
  g_assert_nonnull (strstr (a_cart->body, "Your cart is empty."));
  release_all (b);
  ts_test_assert_ledgers (server);
}


/* F6: a visit belongs to one storefront: its cookie is the storefront's
 * own, a hold at another storefront keeps this one's cart, and sign-in or
 * sign-out (a new cookie, the same visit) leaves the old cookie dead and
 * the cart with the visitor. */
static void
test_visits (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *fields = g_strdup_printf ("seat=%s", seats[2]);
  g_autoptr(TsTestPage) held = hold (v, "UTH", perf, fields);
  g_autofree char *cookie = ts_test_page_set_cookie (held, "ts_shop");
  g_autofree char *session = session_of (v);
  g_autoptr(TsTestPage) ath_held = NULL, uth_cart = NULL, ath_cart = NULL, old_cookie = NULL;
  g_autofree char *ath_fields = g_strdup_printf ("seat=%s", seats[3]);
  g_autofree char *rotated = NULL;
  g_autofree char *sql = NULL;

  g_assert_nonnull (strstr (cookie, "Path=/shop/UTH/;"));
  ath_held = hold (v, "ATH", perf, ath_fields);
  g_assert_cmpstr (ts_test_page_header (ath_held, "Location"), ==, "/shop/ATH/cart");
  uth_cart = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  ath_cart = ts_test_visitor_get (v, "/shop/ATH/cart", 200);
  g_assert_nonnull (strstr (uth_cart->body, "row A, seat 3"));
  g_assert_null (strstr (uth_cart->body, "row A, seat 4"));
  g_assert_nonnull (strstr (ath_cart->body, "row A, seat 4"));

  /* what sign-in does to the ts_test_visitor_visit (ts_shop_session_sign_in) */
  sql = g_strdup_printf ("SELECT ts_shop_session_rotate ('%s', NULL) ->> 'id'", "0000rotated0000");
  rotated = as_visitor (session, uth, sql);
  g_assert_cmpstr (rotated, ==, session);
  old_cookie = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  g_assert_nonnull (strstr (old_cookie->body, "Your cart is empty."));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim c JOIN cart k ON k.id = c.cart_id"
                                      " WHERE k.web_session_id = '%s'", session), ==, 1);
  g_assert_cmpstr (ts_test_owner_sql (server, "SELECT ts_shop_session_resolve ('0000rotated0000', (SELECT id FROM outlet WHERE code = 'UTH')) ->> 'id'"),
                   ==, session);
  g_assert_null (ts_test_owner_sql (server, "SELECT ts_shop_session_resolve ('0000rotated0000', (SELECT id FROM outlet WHERE code = 'ATH')) ->> 'id'"));
  g_free (as_visitor (session, uth, "SELECT ts_shop_cart_release ('{}')"));
  release_all_at (v, "ATH");
  ts_test_assert_ledgers (server);
}


/* T3: a subscribers-only type is offered online to a signed-in subscriber
 * (the patron of the visit's account), to nobody else. */
static void
test_subscribers_online (void)
{
  g_autofree char *boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  gint64 season_seat = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents)"
                                          " VALUES (%" G_GINT64_FORMAT ", 'Season seat', 'bundle_component', 0) RETURNING id", uth);
  gint64 season = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, qualifies_subscriber,"
                                     " bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT ", 'Season 3-pack', 'subscription',"
                                     " 9000, true, %" G_GINT64_FORMAT ", 3) RETURNING id", uth, season_seat);
  gint64 subscriber = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                         " VALUES ('Anne', 'Hébert', %" G_GINT64_FORMAT ") RETURNING id", uth);
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"season-anne-1\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                           " \"payments\": [{\"method\": \"card\", \"amount_cents\": 9000}]}", subscriber, season);
  g_autoptr(JsonNode) sold = ts_test_expect (server, "POST", "/api/v1/orders", boxoffice, body, 201);
  g_autofree char *as_subscriber = NULL, *as_guest = NULL;

  /* the same question, with and without the subscriber signed in */
  as_subscriber = ts_test_owner_sqlf (server, "SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true),"
                                      " set_config ('tessera.channel', 'internet', true),"
                                      " set_config ('tessera.patron_id', '%" G_GINT64_FORMAT "', true);"
                                      " SELECT ts_shop_performance (%" G_GINT64_FORMAT ")::text", uth, subscriber, perf);
  as_guest = ts_test_owner_sqlf (server, "SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true),"
                                 " set_config ('tessera.channel', 'internet', true);"
                                 " SELECT ts_shop_performance (%" G_GINT64_FORMAT ")::text", uth, perf);
  g_assert_nonnull (strstr (as_subscriber, "\"Member\""));
  g_assert_null (strstr (as_guest, "\"Member\""));
  ts_test_assert_ledgers (server);
}

/* T2, T3, T5: the types a line may carry; a comp or a subscribers-only type
 * is refused to a guest, and another outlet's storefront offers only what
 * the owner offers other outlets. */
static void
test_ticket_types (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) at_ath = ts_test_visitor_new (server);
  g_autofree char *fields = g_strdup_printf ("seat=%s", seats[7]);
  g_autoptr(TsTestPage) held = hold (v, "UTH", perf, fields);
  g_autoptr(TsTestPage) cart = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  g_autofree char *name = g_strdup_printf ("type.%" G_GINT64_FORMAT ".%s", perf, seats[7]);
  g_autofree char *student_pick = g_strdup_printf ("%s=%" G_GINT64_FORMAT, name, student);
  g_autofree char *comp_pick = g_strdup_printf ("%s=%" G_GINT64_FORMAT, name, comp);
  g_autofree char *member_pick = g_strdup_printf ("%s=%" G_GINT64_FORMAT, name, member);
  g_autofree char *form = NULL;
  g_autoptr(TsTestPage) done = NULL, after = NULL, ath_cart = NULL, ath_held = NULL;
  g_autofree char *comp_option = g_strdup_printf ("<option value=\"%" G_GINT64_FORMAT "\"", comp);
  g_autofree char *member_option = g_strdup_printf ("<option value=\"%" G_GINT64_FORMAT "\"", member);
  g_autofree char *student_option = g_strdup_printf ("<option value=\"%" G_GINT64_FORMAT "\"", student);
  g_autofree char *ath_fields = g_strdup_printf ("seat=%s", seats[8]);

  g_assert_cmpuint (held->status, ==, 303);
  g_assert_null (strstr (cart->body, comp_option));
  g_assert_null (strstr (cart->body, member_option));
  g_assert_nonnull (strstr (cart->body, student_option));

  form = ts_test_page_form (cart, student_pick);
  done = ts_test_visitor_visit (v, "POST", "/shop/UTH/cart/types", form);
  g_assert_cmpstr (ts_test_page_header (done, "Location"), ==, "/shop/UTH/cart");
  after = ts_test_visitor_get (v, "/shop/UTH/cart", 200);
  g_assert_nonnull (strstr (after->body, "$20.00"));

  for (const char **pick = (const char *[]) { comp_pick, member_pick, NULL }; *pick != NULL; pick++)
    {
      g_autofree char *bad = ts_test_page_form (cart, *pick);
      g_autoptr(TsTestPage) refused = ts_test_visitor_visit (v, "POST", "/shop/UTH/cart/types", bad);

      g_assert_cmpstr (ts_test_page_header (refused, "Location"), ==, "/shop/UTH/cart?problem=type");
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT ticket_type_id FROM cart_line_type WHERE line = '%s'", seats[7]), ==, student);
  release_all (v);

  /* a zone whose every type is for subscribers is not sold to a guest: its
   * seats are not held (T3) */
  {
    g_autofree char *not_online = NULL;
    g_autoptr(TsTestPage) refused = NULL;

    ts_test_owner_sqlf (server, "UPDATE ticket_type SET subscribers_only = true WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                        adult, student);
    not_online = g_strdup_printf ("seat=%s", seats[7]);
    refused = hold (v, "UTH", perf, not_online);
    g_assert_true (g_str_has_suffix (ts_test_page_header (refused, "Location"), "?problem=not-online"));
    ts_test_owner_sqlf (server, "UPDATE ticket_type SET subscribers_only = false WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                        adult, student);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM seat_claim WHERE seat_guid = '%s'", seats[7]), ==, 0);
  }

  /* T5 at ATH's storefront: only Adult (offered to other outlets, with a commission table) */
  ath_held = hold (at_ath, "ATH", perf, ath_fields);
  g_assert_cmpstr (ts_test_page_header (ath_held, "Location"), ==, "/shop/ATH/cart");
  ath_cart = ts_test_visitor_get (at_ath, "/shop/ATH/cart", 200);
  g_assert_null (strstr (ath_cart->body, student_option));
  g_assert_nonnull (strstr (ath_cart->body, "Adult"));
  {
    g_autofree char *ath_form = ts_test_page_form (ath_cart, NULL);
    g_autoptr(TsTestPage) gone = ts_test_visitor_visit (at_ath, "POST", "/shop/ATH/cart/release", ath_form);

    g_assert_cmpuint (gone->status, ==, 303);
  }
  ts_test_assert_ledgers (server);
}

/* The selling functions on the internet channel, as checkout calls them:
 * one card payment of the whole total, no comp, subscribers-only to a
 * signed-in subscriber, the sale at another outlet's storefront is that
 * outlet's with its commission (T5, T6). */
static char *
as_visitor (const char *session,
            gint64      outlet,
            const char *sql)
{
  return ts_test_owner_sqlf (server, "SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true),"
                             " set_config ('tessera.employee_id', '', true), set_config ('tessera.master', 'off', true),"
                             " set_config ('tessera.channel', 'internet', true), set_config ('tessera.web_session', '%s', true),"
                             " set_config ('tessera.patron_id', '', true); %s", outlet, session, sql);
}

static void
test_online_selling_rules (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) at_ath = ts_test_visitor_new (server);
  g_autofree char *fields = g_strdup_printf ("seat=%s", seats[9]);
  g_autoptr(TsTestPage) held = hold (v, "UTH", perf, fields);
  g_autofree char *session = session_of (v);
  gint64 patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                     " VALUES ('Émile', 'Nelligan', %" G_GINT64_FORMAT ") RETURNING id", uth);
  g_autofree char *answer = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpuint (held->status, ==, 303);
  /* a comp, and a subscribers-only type for a guest, straight through the
   * selling function: refused online */
  {
    g_autofree char *text = NULL;
    g_autofree char *full = g_strdup_printf ("DO $$ BEGIN PERFORM set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true);"
                                             " PERFORM set_config ('tessera.channel', 'internet', true);"
                                             " PERFORM set_config ('tessera.web_session', '%s', true);"
                                             " BEGIN PERFORM ts_order_submit ('{\"idempotency_key\": \"web-comp-0001\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                             " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT ","
                                             " \"comp_reason\": \"press\"}], \"payments\": []}');"
                                             " RAISE EXCEPTION 'sold a comp online';"
                                             " EXCEPTION WHEN SQLSTATE 'TS403' THEN"
                                             "   IF SQLERRM NOT LIKE '%%complimentary tickets are not given online%%' THEN RAISE; END IF; END;"
                                             " BEGIN PERFORM ts_order_submit ('{\"idempotency_key\": \"web-member-01\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                             " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                             " \"payments\": [{\"method\": \"card\", \"amount_cents\": 2500, \"reference\": \"x\"}]}');"
                                             " RAISE EXCEPTION 'sold subscribers-only to a guest';"
                                             " EXCEPTION WHEN SQLSTATE 'TS403' THEN"
                                             "   IF SQLERRM NOT LIKE '%%subscribers only%%' THEN RAISE; END IF; END;"
                                             " END $$; SELECT 'checked'",
                                             uth, session, patron, perf, seats[3], comp, patron, perf, seats[3], member);

    text = ts_test_owner_sql (server, full);
    g_assert_cmpstr (text, ==, "checked");
  }

  /* the cart as it stands, the agreed total, one card payment */
  answer = as_visitor (session, uth, "SELECT ts_shop_cart () ->> 'total_cents'");
  g_assert_cmpstr (answer, ==, "3500");
  g_free (answer);
  sql = g_strdup_printf ("SELECT ts_shop_order_submit ('{\"idempotency_key\": \"web-order-0001\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                         " \"web_access_hash\": \"abc\", \"payment\": {\"reference\": \"test-1\", \"amount_cents\": 3500}}') ->> 'id'", patron);
  answer = as_visitor (session, uth, sql);
  g_assert_nonnull (answer);
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT channel || ',' || web_session_id || ',' || web_access_hash FROM ticket_order WHERE id = %s", answer),
                   ==, g_strdup_printf ("internet,%s,abc", session));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment WHERE order_id = %s AND method = 'card' AND amount_cents = 3500", answer), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM cart WHERE web_session_id = '%s'", session), ==, 0);
  ts_test_assert_ledgers (server);

  /* at ATH's storefront: ATH's sale, with its commission on UTH's ticket (T6) */
  {
    g_autofree char *ath_fields = g_strdup_printf ("seat=%s", seats[3]);
    g_autoptr(TsTestPage) ath_held = hold (at_ath, "ATH", perf, ath_fields);
    g_autofree char *ath_session = session_of (at_ath);
    g_autofree char *ath_sql = g_strdup_printf ("SELECT ts_shop_order_submit ('{\"idempotency_key\": \"web-order-0002\", \"purchaser_id\": %"
                                                G_GINT64_FORMAT ", \"web_access_hash\": \"def\", \"payment\": {\"reference\": \"test-2\","
                                                " \"amount_cents\": 3500}}') ->> 'id'", patron);
    g_autofree char *order = NULL;

    g_assert_cmpuint (ath_held->status, ==, 303);
    /* a total that is not the cart's is refused */
    {
      g_autofree char *wrong = g_strdup_printf ("DO $$ BEGIN PERFORM set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true);"
                                                " PERFORM set_config ('tessera.channel', 'internet', true);"
                                                " PERFORM set_config ('tessera.web_session', '%s', true);"
                                                " PERFORM ts_shop_order_submit ('{\"idempotency_key\": \"web-order-0003\", \"purchaser_id\": %"
                                                G_GINT64_FORMAT ", \"payment\": {\"reference\": \"t\", \"amount_cents\": 100}}');"
                                                " RAISE EXCEPTION 'sold at another total';"
                                                " EXCEPTION WHEN SQLSTATE 'TS409' THEN NULL; END $$; SELECT 'checked'",
                                                ath, ath_session, patron);
      g_autofree char *text = ts_test_owner_sql (server, wrong);

      g_assert_cmpstr (text, ==, "checked");
    }
    order = as_visitor (ath_session, ath, ath_sql);
    g_assert_nonnull (order);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT outlet_id FROM ticket_order WHERE id = %s", order), ==, ath);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT commission_cents FROM order_item WHERE order_id = %s", order), ==, 450);
    ts_test_assert_ledgers (server);
  }
}

/* Set-up ------------------------------------------------------------------------------------------------------------------ */

static void
set_up (void)
{
  g_autoptr(JsonNode) created = NULL;
  gint64 commission;

  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 3, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}}", 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  for (guint i = 0; i < 10; i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                      uth, ath);
  hamlet = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                              ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  /* inside its internet window, and other outlets' storefronts may sell it (ATH is permitted) */
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, internet_on_sale, outlets_on_sale, allow_other_outlets, online_at_other_outlets)"
                            " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '10 days', 13, 13,"
                            " now () - interval '1 day', now () - interval '1 day', now () - interval '1 day', true, true)"
                            " RETURNING id", hamlet, uth);
  /* inside its window, but not sold by other outlets' storefronts */
  perf_no_other = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                     " box_office_on_sale, internet_on_sale, outlets_on_sale, allow_other_outlets)"
                                     " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '11 days', 13, 13,"
                                     " now () - interval '1 day', now () - interval '1 day', now () - interval '1 day', true)"
                                     " RETURNING id", hamlet, uth);
  /* its internet window opens later */
  perf_later = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                  " box_office_on_sale, internet_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                  " now () + interval '12 days', 13, 13, now () - interval '1 day', now () + interval '2 days')"
                                  " RETURNING id", hamlet, uth);
  /* no internet window at all */
  perf_closed = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                   " now () + interval '13 days', 13, 13, now () - interval '1 day') RETURNING id", hamlet, uth);
  perf_ath_other = perf;
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", perf, ath);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  student = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                               " VALUES (%" G_GINT64_FORMAT ", 'Student', 2000, 'S') RETURNING id", uth);
  comp = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                            " VALUES (%" G_GINT64_FORMAT ", 'Press Comp', 'comp', 0, 'P') RETURNING id", uth);
  member = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, subscribers_only)"
                              " VALUES (%" G_GINT64_FORMAT ", 'Member', 2500, true) RETURNING id", uth);
  ath_own_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                    " VALUES (%" G_GINT64_FORMAT ", 'Athletics Adult', 1000) RETURNING id", ath);
  for (gint64 *p = (gint64[]) { perf, perf_no_other, perf_later, perf_closed, 0 }; *p != 0; p++)
    {
      gint64 r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                                    G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, *p);

      ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                          G_GINT64_FORMAT ", 'Standing', 1500)", r);
      for (gint64 *t = (gint64[]) { student, comp, member, 0 }; *t != 0; t++)
        ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, *t, *p);
    }
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
  ath = ts_test_outlet_id (server, "ATH");
  tix = ts_test_outlet_id (server, "TIX");
  set_up ();

  g_test_add_func ("/shop/headers-and-layout", test_headers_and_layout);
  g_test_add_func ("/shop/not-found-alike", test_not_found_alike);
  g_test_add_func ("/shop/code-case-and-index", test_code_case_and_index);
  g_test_add_func ("/shop/french", test_french);
  g_test_add_func ("/shop/static-and-brand", test_static_and_brand);
  g_test_add_func ("/shop/logo", test_logo);
  g_test_add_func ("/shop/mapped-host", test_mapped_host);
  g_test_add_func ("/shop/escaped", test_escaped);
  g_test_add_func ("/shop/csrf", test_csrf);
  g_test_add_func ("/shop/hostile-forms", test_hostile_forms);
  g_test_add_func ("/shop/list-windows", test_list_windows);
  g_test_add_func ("/shop/performance-page", test_performance_page);
  g_test_add_func ("/shop/escaped-event", test_escaped_event);
  g_test_add_func ("/shop/hold-seats", test_hold_seats);
  g_test_add_func ("/shop/best-available", test_best_available);
  g_test_add_func ("/shop/general-admission", test_general_admission);
  g_test_add_func ("/shop/taken-meanwhile", test_taken_meanwhile);
  g_test_add_func ("/shop/hold-expires", test_hold_expires);
  g_test_add_func ("/shop/visits", test_visits);
  g_test_add_func ("/shop/ticket-types", test_ticket_types);
  g_test_add_func ("/shop/subscribers-online", test_subscribers_online);
  g_test_add_func ("/shop/online-selling-rules", test_online_selling_rules);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_manager);
  ts_test_server_free (server);
  return status;
}
