/* test-server-shop.c — the web storefront as patrons use it (issue 14; F3,
 * E2, E3, S1, T3, T5, P4): a real libsoup client that keeps cookies and
 * posts forms, against a real server and PostgreSQL */
#include <libsoup/soup.h>
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *uth_manager;
static gint64 uth, ath, tix;
static gint64 map_id, hamlet, perf, perf_later, perf_closed, perf_ath_other, perf_no_other;
static gint64 adult, student, comp, member, ath_own_type;
static char *seats[10];

/* A visitor ---------------------------------------------------------------------------------------------------------- */

typedef struct
{
  SoupSession   *session;
  SoupCookieJar *jar;
  char          *accept_language;
} Visitor;

typedef struct
{
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
} Page;

static Visitor *
visitor_new (void)
{
  Visitor *v = g_new0 (Visitor, 1);

  v->session = soup_session_new ();
  v->jar = soup_cookie_jar_new ();
  soup_session_add_feature (v->session, SOUP_SESSION_FEATURE (v->jar));
  return v;
}

static void
visitor_free (Visitor *v)
{
  g_object_unref (v->jar);
  g_object_unref (v->session);
  g_free (v->accept_language);
  g_free (v);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Visitor, visitor_free)

static void
page_free (Page *page)
{
  g_free (page->body);
  g_clear_pointer (&page->headers, soup_message_headers_unref);
  g_free (page);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);
  call->done = TRUE;
}

/* One request as a browser sends it (cookies, no redirect followed);
 * form: urlencoded or NULL; host, origin: headers to send, or NULL. */
static Page *
visit_full (Visitor    *v,
            const char *method,
            const char *path,
            const char *form,
            const char *host,
            const char *origin)
{
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GUri) site = g_uri_parse (ts_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  Call call = { 0 };
  Page *page = g_new0 (Page, 1);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_site_for_cookies (msg, site);
  soup_message_set_is_top_level_navigation (msg, TRUE);
  if (v->accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", v->accept_language);
  if (host != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Host", host);
  if (origin != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", origin);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  soup_session_send_and_read_async (v->session, msg, G_PRIORITY_DEFAULT, NULL, call_done, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (call.error);
  page->status = soup_message_get_status (msg);
  page->body = g_strndup (g_bytes_get_data (call.body, NULL), g_bytes_get_size (call.body));
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  g_bytes_unref (call.body);
  return page;
}

static Page *
visit (Visitor    *v,
       const char *method,
       const char *path,
       const char *form)
{
  return visit_full (v, method, path, form, NULL, NULL);
}

/* GET path, expecting status. */
static Page *
get (Visitor    *v,
     const char *path,
     guint       status)
{
  Page *page = visit (v, "GET", path, NULL);

  if (page->status != status)
    g_error ("GET %s: %u, not %u:\n%s", path, page->status, status, page->body);
  return page;
}

static const char *
header (Page       *page,
        const char *name)
{
  return soup_message_headers_get_one (page->headers, name);
}

/* The value of the first hidden csrf field on the page. */
static char *
csrf_of (Page *page)
{
  const char *at = strstr (page->body, "name=\"csrf\" value=\"");
  const char *end;

  g_assert_nonnull (at);
  at += strlen ("name=\"csrf\" value=\"");
  end = strchr (at, '"');
  return g_strndup (at, end - at);
}

/* A form with the page's csrf field first. */
static char *
form_with_csrf (Page       *page,
                const char *rest)
{
  g_autofree char *csrf = csrf_of (page);

  return g_strdup_printf ("csrf=%s%s%s", csrf, rest != NULL && *rest != '\0' ? "&" : "", rest != NULL ? rest : "");
}

/* A cookie the visitor holds now, or NULL. */
static char *
cookie_of (Visitor    *v,
           const char *name)
{
  GSList *cookies = soup_cookie_jar_all_cookies (v->jar);
  char *value = NULL;

  for (GSList *l = cookies; l != NULL; l = l->next)
    if (g_str_equal (soup_cookie_get_name (l->data), name))
      value = g_strdup (soup_cookie_get_value (l->data));
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  return value;
}

/* The Set-Cookie line of the answer for name, or NULL. */
static char *
set_cookie_line (Page       *page,
                 const char *name)
{
  SoupMessageHeadersIter iter;
  const char *n, *value;
  g_autofree char *prefix = g_strconcat (name, "=", NULL);

  soup_message_headers_iter_init (&iter, page->headers);
  while (soup_message_headers_iter_next (&iter, &n, &value))
    if (g_ascii_strcasecmp (n, "Set-Cookie") == 0 && g_str_has_prefix (value, prefix))
      return g_strdup (value);
  return NULL;
}

static gint64
count_sql (const char *sql)
{
  return ts_test_owner_int (server, "%s", sql);
}

/* The framework --------------------------------------------------------------------------------------------------------- */

static void
test_headers_and_layout (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) page = get (v, "/shop/UTH/", 200);

  g_assert_cmpstr (header (page, "Content-Security-Policy"), ==,
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  g_assert_cmpstr (header (page, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr (header (page, "Referrer-Policy"), ==, "same-origin");
  g_assert_cmpstr (header (page, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (header (page, "Cache-Control"), ==, "no-store");
  g_assert_true (g_str_has_prefix (header (page, "Content-Type"), "text/html"));
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
  g_assert_null (set_cookie_line (page, "ts_shop"));
}

static void
test_not_found_alike (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) unknown_path = get (v, "/shop/UTH/no-such-page", 404);
  g_autoptr(Page) unknown_outlet = get (v, "/shop/NOPE/", 404);
  g_autoptr(Page) disabled = get (v, "/shop/TIX/", 404);
  g_autoptr(Page) disabled_page = get (v, "/shop/TIX/cart", 404);

  /* P4: a disabled storefront and an unknown one answer exactly as a path
   * that names nothing */
  g_assert_cmpstr (unknown_outlet->body, ==, unknown_path->body);
  g_assert_cmpstr (disabled->body, ==, unknown_path->body);
  g_assert_cmpstr (disabled_page->body, ==, unknown_path->body);
  g_assert_null (strstr (disabled->body, "Tix"));
  g_assert_cmpstr (header (disabled, "Content-Security-Policy"), ==, header (unknown_path, "Content-Security-Policy"));
}

static void
test_code_case_and_index (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) lower = get (v, "/shop/uth/cart", 308);
  g_autoptr(Page) bare = get (v, "/shop/UTH", 308);
  g_autoptr(Page) index = get (v, "/shop/", 200);

  g_assert_cmpstr (header (lower, "Location"), ==, "/shop/UTH/cart");
  g_assert_cmpstr (header (bare, "Location"), ==, "/shop/UTH/");
  /* the list of storefronts: the enabled ones only */
  g_assert_nonnull (strstr (index->body, "href=\"/shop/UTH/\""));
  g_assert_null (strstr (index->body, "/shop/TIX/"));
}

static void
test_french (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) by_header = NULL;
  g_autoptr(Page) switched = NULL;
  g_autoptr(Page) after = NULL;
  g_autofree char *lang_cookie = NULL;

  v->accept_language = g_strdup ("fr-CA,fr;q=0.9,en;q=0.5");
  by_header = get (v, "/shop/UTH/", 200);
  g_assert_nonnull (strstr (by_header->body, "<html lang=\"fr-CA\">"));
  g_assert_nonnull (strstr (by_header->body, "Aller au contenu"));
  g_assert_cmpstr (header (by_header, "Content-Language"), ==, "fr-CA");

  /* ?lang=en wins over the header, remembered for a year */
  switched = get (v, "/shop/UTH/cart?lang=en", 303);
  g_assert_cmpstr (header (switched, "Location"), ==, "/shop/UTH/cart");
  lang_cookie = set_cookie_line (switched, "ts_lang");
  g_assert_nonnull (strstr (lang_cookie, "Max-Age=31536000"));
  after = get (v, "/shop/UTH/", 200);
  g_assert_nonnull (strstr (after->body, "<html lang=\"en\">"));
  g_clear_pointer (&after, page_free);
  g_clear_pointer (&switched, page_free);
  switched = get (v, "/shop/UTH/?lang=fr", 303);
  after = get (v, "/shop/UTH/", 200);
  g_assert_nonnull (strstr (after->body, "<html lang=\"fr-CA\">"));
}

static void
test_static_and_brand (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) home = get (v, "/shop/UTH/", 200);
  const char *at = strstr (home->body, "/shop/static/shop.css?v=");
  g_autofree char *css_url = NULL;
  g_autoptr(Page) css = NULL;
  g_autoptr(Page) brand = NULL;
  g_autoptr(Page) missing = NULL;

  g_assert_nonnull (at);
  css_url = g_strndup (at, strchr (at, '"') - at);
  css = get (v, css_url, 200);
  g_assert_cmpstr (header (css, "Cache-Control"), ==, "public, max-age=31536000, immutable");
  g_assert_true (g_str_has_prefix (header (css, "Content-Type"), "text/css"));
  missing = get (v, "/shop/static/../../etc/passwd", 404);

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_colour = '#ffd700' WHERE id = %" G_GINT64_FORMAT, uth);
  brand = get (v, "/shop/UTH/brand.css", 200);
  /* a light colour takes black text (4.5:1) */
  g_assert_cmpstr (brand->body, ==, ":root { --brand: #ffd700; --brand-contrast: #000; }\n");
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_colour = '#1d4f91' WHERE id = %" G_GINT64_FORMAT, uth);
  g_clear_pointer (&brand, page_free);
  brand = get (v, "/shop/UTH/brand.css", 200);
  g_assert_cmpstr (brand->body, ==, ":root { --brand: #1d4f91; --brand-contrast: #fff; }\n");
}

static void
test_mapped_host (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) mapped = NULL;
  g_autoptr(Page) other = NULL;

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_host = 'tickets.uth.example' WHERE id = %" G_GINT64_FORMAT, uth);
  mapped = visit_full (v, "GET", "/", NULL, "tickets.uth.example", NULL);
  g_assert_cmpuint (mapped->status, ==, 200);
  g_assert_nonnull (strstr (mapped->body, "University Theatre"));
  /* links stay on the mapped host, without /shop/UTH */
  g_assert_nonnull (strstr (mapped->body, "href=\"/cart\""));
  g_assert_null (strstr (mapped->body, "/shop/UTH/"));
  /* a host no storefront has is the server's own "not found" */
  other = visit_full (v, "GET", "/", NULL, "nobody.example", NULL);
  g_assert_cmpuint (other->status, ==, 404);
  g_assert_nonnull (strstr (other->body, "\"not_found\""));
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_host = NULL WHERE id = %" G_GINT64_FORMAT, uth);
}

static void
test_escaped (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) page = NULL;

  ts_test_owner_sqlf (server, "UPDATE outlet SET web_intro_en = '<script>alert(1)</script> & \"welcome\"' WHERE id = %"
                      G_GINT64_FORMAT, uth);
  page = get (v, "/shop/UTH/", 200);
  g_assert_null (strstr (page->body, "<script>alert"));
  g_assert_nonnull (strstr (page->body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;welcome&quot;"));
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_intro_en = '' WHERE id = %" G_GINT64_FORMAT, uth);
}

/* CSRF: a POST without the token, with another, or from another origin is
 * refused and changes nothing. */
static void
test_csrf (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form_page = get (v, "/shop/UTH/cart", 200);
  g_autofree char *good = form_with_csrf (form_page, NULL);
  gint64 sessions_before = count_sql ("SELECT count (*) FROM web_session");
  const char *refused[][3] = {
    { "", NULL, "no token" },
    { "csrf=wrong", NULL, "wrong token" },
    { NULL, "https://evil.example", "foreign origin" },
  };

  g_assert_nonnull (cookie_of (v, "ts_csrf"));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Page) page = visit_full (v, "POST", "/shop/UTH/cart/release",
                                         refused[i][0] != NULL ? refused[i][0] : good, NULL, refused[i][1]);

      g_test_message ("%s", refused[i][2]);
      g_assert_cmpuint (page->status, ==, 403);
      g_assert_null (set_cookie_line (page, "ts_shop"));
    }
  g_assert_cmpint (count_sql ("SELECT count (*) FROM web_session"), ==, sessions_before);
  {
    g_autoptr(Page) ok = visit (v, "POST", "/shop/UTH/cart/release", good);

    g_assert_cmpuint (ok->status, ==, 303);
  }
  {
    /* a visitor without the cookie cannot use someone else's field value */
    g_autoptr(Visitor) stranger = visitor_new ();
    g_autoptr(Page) page = visit (stranger, "POST", "/shop/UTH/cart/release", good);

    g_assert_cmpuint (page->status, ==, 403);
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
  g_test_add_func ("/shop/mapped-host", test_mapped_host);
  g_test_add_func ("/shop/escaped", test_escaped);
  g_test_add_func ("/shop/csrf", test_csrf);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_manager);
  ts_test_server_free (server);
  return status;
}
