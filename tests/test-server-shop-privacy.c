/* test-server-shop-privacy.c — the storefront's privacy matrix (F3, F6, F7, P4, P5, M6, E1): every storefront page and JSON route as no session, guest A, guest B, at UTH's and ATH's storefronts.
 *
 * A patron never sees another patron's cart, order, tickets, name or
 * contacts: another's answers exactly as an unknown id or token.  A
 * storefront never shows another outlet's orders, performances that are not
 * online, or another outlet's performances it may not sell online.
 * seats.json says "taken" and never sold, held or whose.  Error pages leak
 * nothing: no SQL, no other outlet's name.
 *
 * Visitors are plain HTTP clients with a cookie jar of their own (the
 * browser journeys are tests/web/test-web-shop.c).  The season is
 * tests/web/ts-test-storefront.h. */
#include <string.h>

#include <libsoup/soup.h>

#include "ts-test-storefront.h"
#include "ts-test-visitor.h"

static TsTestServer *server;
static TsTestStorefront *shop;
static char *uth_boxoffice;

/* Visitors ------------------------------------------------------------------------------------------------------------- */

typedef struct {
  TsTestVisitor *browser;       /* its cookies, and the CSRF field of the last form seen */
  const char    *code;          /* the storefront: "UTH", "ATH" */
} Visitor;

typedef struct {
  guint  status;
  char  *body;
  char  *location;
  char  *type;
  char  *cookies;               /* every Set-Cookie, one a line */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->location, g_free);
  g_clear_pointer (&answer->type, g_free);
  g_clear_pointer (&answer->cookies, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static Visitor *
visitor_at (const char    *code,
            TsTestVisitor *sharing)
{
  Visitor *v = g_new0 (Visitor, 1);
  g_autofree char *url = ts_test_storefront_url (shop, code, "");

  v->browser = sharing != NULL ? ts_test_visitor_new_sharing (sharing, url) : ts_test_visitor_new_at (url);
  v->code = code;
  return v;
}

static Visitor *
visitor_new (const char *code)
{
  return visitor_at (code, NULL);
}

/* The same browser (cookies) at another storefront. */
static Visitor *
visitor_sharing (Visitor    *other,
                 const char *code)
{
  return visitor_at (code, other->browser);
}

static void
visitor_free (Visitor *v)
{
  ts_test_visitor_free (v->browser);
  g_free (v);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Visitor, visitor_free)

/* One request to the storefront (path inside it, or a whole URL),
 * redirects not followed. */
static void
visitor_send (Visitor    *v,
              const char *method,
              const char *path,
              const char *form,
              Answer     *out)
{
  g_autoptr(TsTestPage) page = ts_test_visitor_visit (v->browser, method, path, form);
  g_autoptr(GString) cookies = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  out->status = page->status;
  out->body = g_steal_pointer (&page->body);
  out->location = g_strdup (ts_test_page_header (page, "Location"));
  out->type = g_strdup (soup_message_headers_get_content_type (page->headers, NULL));
  soup_message_headers_iter_init (&iter, page->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Set-Cookie") == 0)
      g_string_append_printf (cookies, "%s\n", value);
  out->cookies = g_string_free (g_steal_pointer (&cookies), FALSE);
}

static void
visitor_get (Visitor    *v,
             const char *path,
             Answer     *out)
{
  visitor_send (v, "GET", path, NULL, out);
}

/* A form sent with the visitor's CSRF field; `fields` is the rest,
 * "name=value&…" already encoded. */
static void
visitor_post (Visitor    *v,
              const char *path,
              const char *fields,
              Answer     *out)
{
  g_autofree char *form = NULL;

  if (ts_test_visitor_get_csrf (v->browser) == NULL)
    {
      g_auto(Answer) page = { 0 };
      g_autofree char *with_forms = g_strdup_printf ("/performances/%" G_GINT64_FORMAT, shop->hamlet);

      /* a page with a form gives the pair, as a browser gets it */
      visitor_get (v, with_forms, &page);
      g_assert_nonnull (ts_test_visitor_get_csrf (v->browser));
    }
  form = g_strdup_printf ("csrf=%s%s%s", ts_test_visitor_get_csrf (v->browser),
                          fields != NULL && *fields != '\0' ? "&" : "", fields != NULL ? fields : "");
  visitor_send (v, "POST", path, form, out);
}

/* What every storefront answer must never carry: database text, another
 * outlet's name where that outlet has no business. */
static void
assert_leaks_nothing (const Answer *answer,
                      const char   *context,
                      const char  **never)
{
  const char *database[] = { "SQL", "ERROR:", "postgres", "PostgreSQL", "relation \"", "syntax error",
                             "violates", "duplicate key", "TS4", "CONTEXT:", NULL };

  for (guint i = 0; database[i] != NULL; i++)
    if (strstr (answer->body, database[i]) != NULL)
      g_error ("%s shows database text (%s):\n%s", context, database[i], answer->body);
  for (guint i = 0; never != NULL && never[i] != NULL; i++)
    if (strstr (answer->body, never[i]) != NULL)
      g_error ("%s shows “%s”:\n%s", context, never[i], answer->body);
}

/* Two answers that must be indistinguishable: same status, same body once
 * the per-visit CSRF value is taken out. */
static char *
without_csrf (const char *body)
{
  g_autoptr(GRegex) field = g_regex_new ("name=\"csrf\" value=\"[^\"]*\"", 0, 0, NULL);

  return g_regex_replace_literal (field, body, -1, 0, "name=\"csrf\" value=\"…\"", 0, NULL);
}

static void
assert_alike (const Answer *a,
              const Answer *b,
              const char   *context)
{
  g_autofree char *a_body = without_csrf (a->body);
  g_autofree char *b_body = without_csrf (b->body);

  if (a->status != b->status || g_strcmp0 (a_body, b_body) != 0)
    g_error ("%s: %u and %u differ:\n--- one\n%s\n--- the other\n%s", context, a->status, b->status, a_body, b_body);
}

/* "/performances/ID" and what follows. */
static char *
perf_path (gint64      id,
           const char *suffix)
{
  return g_strdup_printf ("/performances/%" G_GINT64_FORMAT "%s", id, suffix);
}

/* The box office sells a seat to a patron (the agent's own API). */
static void
box_office_sells (gint64      performance,
                  const char *seat,
                  gint64      patron,
                  const char *key)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/carts", uth_boxoffice, "{}", 201);
  g_autofree char *cart = g_strdup (ts_test_member_string (created, "id"));
  g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"seats\": [\"%s\"]}",
                                           cart, performance, seat);
  g_autofree char *order = g_strdup_printf ("{\"idempotency_key\": \"%s\", \"cart_id\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                            " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                                            " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                                            " \"payments\": [{\"method\": \"card\", \"amount_cents\": 3500}]}",
                                            key, cart, patron, performance, seat, shop->adult);

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", uth_boxoffice, hold, 200));
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, order, 201));
}


/* Every hidden field of a page and the name of each YES/NO question, as a
 * browser would send the form: "name=value&…" with the questions answered
 * NO. */
static char *
form_fields_of (const char *body)
{
  g_autoptr(GRegex) hidden = g_regex_new ("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr(GRegex) radio = g_regex_new ("<input type=\"radio\" name=\"([^\"]+)\" value=\"no\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);

  for (g_regex_match (hidden, body, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *value = g_match_info_fetch (match, 2);
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

      if (!g_str_equal (name, "csrf"))
        g_string_append_printf (fields, "&%s=%s", name, escaped);
    }
  g_clear_pointer (&match, g_match_info_free);
  for (g_regex_match (radio, body, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

      g_string_append_printf (fields, "&%s=no", escaped);
    }
  return g_string_free (g_steal_pointer (&fields), FALSE);
}

/* A guest buys one seat at the visitor's storefront and pays with 4242…;
 * returns the order page's path inside the storefront ("/orders/TOKEN"). */
static char *
visitor_buys (Visitor    *v,
              gint64      performance,
              const char *seat,
              const char *last_name)
{
  g_autofree char *hold = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&seat=%s", performance, seat);
  g_autofree char *hidden = NULL;
  g_autofree char *form = NULL;
  g_autofree char *prefix = g_strdup_printf ("/shop/%s", v->code);
  g_auto(Answer) held = { 0 };
  g_auto(Answer) checkout = { 0 };
  g_auto(Answer) paid = { 0 };
  const char *at;

  visitor_post (v, "/cart/hold", hold, &held);
  g_assert_cmpuint (held.status, ==, 303);
  visitor_get (v, "/checkout", &checkout);
  g_assert_cmpuint (checkout.status, ==, 200);
  hidden = form_fields_of (checkout.body);
  form = g_strdup_printf ("first_name=Guest&last_name=%s&email=%s%%40example.ca&card_number=4242424242424242"
                          "&card_expiry=12%%2F30&card_cvc=123&card_name=GUEST%s", last_name, last_name, hidden);
  visitor_post (v, "/checkout", form, &paid);
  if (paid.status != 303 || paid.location == NULL || strstr (paid.location, "/orders/") == NULL)
    g_error ("the payment did not lead to the order (%u, %s):\n%s", paid.status, paid.location, paid.body);
  at = strstr (paid.location, prefix);
  return g_strdup (at != NULL ? at + strlen (prefix) : strstr (paid.location, "/orders/"));
}

/* A page and what must answer exactly like it. */
static void
check_alike (Visitor    *v,
             const char *path,
             Visitor    *w,
             const char *like,
             const char *context,
             const char **never)
{
  g_auto(Answer) a = { 0 };
  g_auto(Answer) b = { 0 };

  visitor_get (v, path, &a);
  visitor_get (w, like, &b);
  g_assert_cmpuint (a.status, ==, 404);
  assert_alike (&a, &b, context);
  assert_leaks_nothing (&a, context, never);
}

/* A form posted to path and to like must be answered alike: 404, as an
 * unknown id's. */
static void
check_post_alike (Visitor    *v,
                  const char *path,
                  const char *like,
                  const char *fields,
                  const char *context,
                  const char **never)
{
  g_auto(Answer) a = { 0 };
  g_auto(Answer) b = { 0 };

  visitor_post (v, path, fields, &a);
  visitor_post (v, like, fields, &b);
  g_assert_cmpuint (a.status, ==, 404);
  assert_alike (&a, &b, context);
  assert_leaks_nothing (&a, context, never);
}

/* The matrix ---------------------------------------------------------------------------------------------------------- */

/* F3: a storefront lists its own online performances and the other
 * outlets' it may sell online; nothing else, at all. */
static void
test_lists (void)
{
  g_autoptr(Visitor) nobody = visitor_new ("UTH");
  g_autoptr(Visitor) at_ath = visitor_new ("ATH");
  g_auto(Answer) uth_list = { 0 };
  g_auto(Answer) ath_list = { 0 };
  g_autofree char *hamlet = perf_path (shop->hamlet, "\"");
  g_autofree char *hamlet_local = perf_path (shop->hamlet_local, "\"");
  g_autofree char *hamlet_closed = perf_path (shop->hamlet_closed, "\"");
  g_autofree char *gala = perf_path (shop->gala, "\"");
  g_autofree char *gala_closed = perf_path (shop->gala_closed, "\"");
  g_autofree char *tix_show = perf_path (shop->tix_show, "\"");

  visitor_get (nobody, "/", &uth_list);
  g_assert_cmpuint (uth_list.status, ==, 200);
  g_assert_nonnull (strstr (uth_list.body, hamlet));
  g_assert_nonnull (strstr (uth_list.body, hamlet_local));
  g_assert_null (strstr (uth_list.body, hamlet_closed));           /* E2: no internet window */
  g_assert_null (strstr (uth_list.body, gala));                    /* ATH's own */
  g_assert_null (strstr (uth_list.body, gala_closed));
  g_assert_null (strstr (uth_list.body, tix_show));
  assert_leaks_nothing (&uth_list, "UTH's list", (const char *[]) { "Varsity Gala", "Ticket Centre Revue", NULL });

  visitor_get (at_ath, "/", &ath_list);
  g_assert_cmpuint (ath_list.status, ==, 200);
  g_assert_nonnull (strstr (ath_list.body, gala));
  g_assert_nonnull (strstr (ath_list.body, hamlet));               /* F3: UTH's, sold by ATH */
  g_assert_null (strstr (ath_list.body, hamlet_local));            /* not online at other outlets */
  g_assert_null (strstr (ath_list.body, hamlet_closed));
  g_assert_null (strstr (ath_list.body, gala_closed));
  g_assert_null (strstr (ath_list.body, tix_show));
  assert_leaks_nothing (&ath_list, "ATH's list", (const char *[]) { "Ticket Centre Revue", NULL });
}

/* A storefront that is not enabled, and one that does not exist, answer
 * as an unknown path: the same 404 page. */
static void
test_storefronts_unknown_alike (void)
{
  g_autoptr(Visitor) v = visitor_new ("TIX");
  g_autoptr(Visitor) none = visitor_new ("ZZZ");
  g_autoptr(Visitor) uth = visitor_new ("UTH");
  g_auto(Answer) tix = { 0 };
  g_auto(Answer) unknown = { 0 };
  g_auto(Answer) tix_perf = { 0 };
  g_auto(Answer) unknown_perf = { 0 };
  g_auto(Answer) no_page = { 0 };
  g_autofree char *tix_path = perf_path (shop->tix_show, "");

  visitor_get (v, "/", &tix);
  visitor_get (none, "/", &unknown);
  g_assert_cmpuint (tix.status, ==, 404);
  assert_alike (&tix, &unknown, "TIX's storefront (not enabled) and an unknown one");
  assert_leaks_nothing (&tix, "TIX's storefront", (const char *[]) { "Ticket Centre", NULL });
  visitor_get (v, tix_path, &tix_perf);
  visitor_get (none, tix_path, &unknown_perf);
  assert_alike (&tix_perf, &unknown_perf, "a performance at TIX's storefront and at an unknown one");
  visitor_get (uth, "/no-such-page", &no_page);
  g_assert_cmpuint (no_page.status, ==, 404);
  assert_leaks_nothing (&no_page, "UTH's unknown page", (const char *[]) { "Athletic Centre", "Ticket Centre", NULL });
}

/* Each page and JSON route of one performance, at a storefront that may
 * not sell it, answers as a performance that does not exist (F3, E1). */
static void
check_performance_hidden (const char *code,
                          gint64      performance,
                          const char *why)
{
  const char *routes[] = { "", "/plan.json", "/seats.json" };
  g_autoptr(Visitor) v = visitor_new (code);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *hidden = perf_path (performance, routes[i]);
      g_autofree char *unknown = perf_path (999999, routes[i]);
      g_autofree char *context = g_strdup_printf ("%s at %s (%s) and an unknown performance", hidden, code, why);
      g_auto(Answer) a = { 0 };
      g_auto(Answer) b = { 0 };

      visitor_get (v, hidden, &a);
      visitor_get (v, unknown, &b);
      g_assert_cmpuint (a.status, ==, 404);
      assert_alike (&a, &b, context);
      assert_leaks_nothing (&a, context, (const char *[]) { "Hamlet", "Varsity Gala", "Ticket Centre Revue", NULL });
    }
}

static void
test_performances_hidden (void)
{
  check_performance_hidden ("UTH", shop->hamlet_closed, "its own, not online");
  check_performance_hidden ("UTH", shop->gala, "ATH's");
  check_performance_hidden ("UTH", shop->tix_show, "TIX's");
  check_performance_hidden ("ATH", shop->hamlet_local, "UTH's, not online at other outlets");
  check_performance_hidden ("ATH", shop->hamlet_closed, "UTH's, not online");
  check_performance_hidden ("ATH", shop->gala_closed, "its own, not online");
}

/* A hold of a performance the storefront may not sell changes nothing and
 * is refused as an unknown one. */
static void
test_hold_hidden (void)
{
  g_autoptr(Visitor) v = visitor_new ("ATH");
  g_auto(Answer) hidden = { 0 };
  g_auto(Answer) unknown = { 0 };
  g_autofree char *hidden_form = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&best=1", shop->hamlet_local);
  gint64 claimed = ts_test_storefront_claimed (shop, shop->hamlet_local);

  visitor_post (v, "/cart/hold", hidden_form, &hidden);
  visitor_post (v, "/cart/hold", "performance_id=999999&best=1", &unknown);
  /* Refused (an error page, or back to the form with a message), in words
   * that are the same but for the id the visitor sent. */
  g_assert_cmpuint (hidden.status, ==, unknown.status);
  g_assert_true (hidden.status == 303 || hidden.status >= 400);
  if (hidden.status == 303)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, shop->hamlet_local);
      g_autoptr(GString) location = g_string_new (hidden.location);

      g_assert_true (g_str_has_suffix (unknown.location, "999999") || strstr (unknown.location, "999999") != NULL
                     || g_strcmp0 (hidden.location, unknown.location) == 0);
      g_string_replace (location, id, "999999", 0);
      g_assert_cmpstr (location->str, ==, unknown.location);
      g_assert_null (strstr (hidden.location, "/cart"));
    }
  else
    assert_alike (&hidden, &unknown, "a hold at ATH of UTH's local performance and of an unknown one");
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet_local), ==, claimed);
}

/* seats.json: taken, never sold, held or whose (P4; M6 is for agents);
 * "mine" is the visitor's own and nobody else's (S1). */
static void
test_seats_json (void)
{
  g_autoptr(Visitor) a = visitor_new ("UTH");
  g_autoptr(Visitor) b = visitor_new ("UTH");
  g_autoptr(Visitor) nobody = visitor_new ("UTH");
  g_autofree char *seats_path = perf_path (shop->hamlet, "/seats.json");
  g_autofree char *hold = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&seat=%s", shop->hamlet, shop->seats[0]);
  g_auto(Answer) held = { 0 };
  g_auto(Answer) as_a = { 0 };
  g_auto(Answer) as_b = { 0 };
  g_auto(Answer) as_nobody = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *seats;
  JsonArray *taken;
  gint64 patron;

  /* A holds A1 online; the box office sells A2 to a named patron. */
  visitor_post (a, "/cart/hold", hold, &held);
  g_assert_cmpuint (held.status, ==, 303);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES"
                              " ('Marguerite', 'Bourgeoys', %" G_GINT64_FORMAT ") RETURNING id", shop->uth);
  box_office_sells (shop->hamlet, shop->seats[1], patron, "privacy-sale-1");

  visitor_get (a, seats_path, &as_a);
  visitor_get (b, seats_path, &as_b);
  visitor_get (nobody, seats_path, &as_nobody);
  for (const Answer **answer = (const Answer *[]) { &as_a, &as_b, &as_nobody, NULL }; *answer != NULL; answer++)
    {
      g_assert_cmpuint ((*answer)->status, ==, 200);
      assert_leaks_nothing (*answer, "seats.json",
                            (const char *[]) { "Marguerite", "Bourgeoys", "sold", "held", "patron", "order", "outlet", NULL });
    }
  g_assert_true (json_parser_load_from_data (parser, as_b.body, -1, NULL));
  seats = json_node_get_object (json_parser_get_root (parser));
  taken = json_object_get_array_member (seats, "taken");
  g_assert_cmpuint (json_array_get_length (taken), >=, 1);
  g_assert_nonnull (strstr (as_b.body, shop->seats[0]));            /* A's hold: taken, to B */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (seats, "mine")), ==, 0);
  /* the same seat, A's own: in "mine" for A only */
  {
    g_autoptr(JsonParser) a_parser = json_parser_new ();
    JsonArray *mine;

    g_assert_true (json_parser_load_from_data (a_parser, as_a.body, -1, NULL));
    mine = json_object_get_array_member (json_node_get_object (json_parser_get_root (a_parser)), "mine");
    g_assert_cmpuint (json_array_get_length (mine), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (mine, 0), ==, shop->seats[0]);
  }
  g_assert_cmpstr (as_b.body, ==, as_nobody.body);
}

/* Another visitor's cart is never shown: B's cart and the visitor with no
 * session show none of A's seats. */
static void
test_carts_own (void)
{
  g_autoptr(Visitor) a = visitor_new ("UTH");
  g_autoptr(Visitor) b = visitor_new ("UTH");
  g_autoptr(Visitor) at_ath = visitor_sharing (a, "ATH");
  g_autofree char *hold = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&seat=%s", shop->hamlet, shop->seats[4]);
  g_autofree char *seat_name = NULL;
  g_auto(Answer) held = { 0 };
  g_auto(Answer) a_cart = { 0 };
  g_auto(Answer) b_cart = { 0 };
  g_auto(Answer) ath_cart = { 0 };
  g_auto(Answer) b_release = { 0 };
  g_autofree char *release = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&seat=%s", shop->hamlet, shop->seats[4]);
  gint64 claimed;

  visitor_post (a, "/cart/hold", hold, &held);
  g_assert_cmpuint (held.status, ==, 303);
  visitor_get (a, "/cart", &a_cart);
  g_assert_nonnull (strstr (a_cart.body, "Hamlet"));
  visitor_get (b, "/cart", &b_cart);
  g_assert_null (strstr (b_cart.body, "Hamlet"));
  /* A's cookie is UTH's storefront's: at ATH, A is a stranger too. */
  visitor_get (at_ath, "/cart", &ath_cart);
  g_assert_null (strstr (ath_cart.body, "Hamlet"));
  /* B cannot release A's seat. */
  claimed = ts_test_storefront_claimed (shop, shop->hamlet);
  visitor_post (b, "/cart/release", release, &b_release);
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet), ==, claimed);
  /* nor choose its ticket type */
  {
    g_autofree char *types = g_strdup_printf ("type.%" G_GINT64_FORMAT ".%s=%" G_GINT64_FORMAT,
                                              shop->hamlet, shop->seats[4], shop->student);
    g_auto(Answer) b_types = { 0 };

    visitor_post (b, "/cart/types", types, &b_types);
    assert_leaks_nothing (&b_types, "another visitor's ticket type", (const char *[]) { "Hamlet", NULL });
  }
  g_clear_pointer (&a_cart.body, g_free);
  visitor_get (a, "/cart", &a_cart);
  g_assert_nonnull (strstr (a_cart.body, "Hamlet"));
  g_assert_nonnull (strstr (a_cart.body, "<strong>$35.00</strong>"));   /* still Adult */
}

/* A POST without the CSRF pair, or with another visitor's, changes
 * nothing (403). */
static void
test_csrf (void)
{
  g_autoptr(Visitor) a = visitor_new ("UTH");
  g_autoptr(Visitor) b = visitor_new ("UTH");
  g_autofree char *form = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&best=1", shop->hamlet);
  g_autofree char *forged = NULL;
  g_autofree char *with_forms = perf_path (shop->hamlet, "");
  g_auto(Answer) page = { 0 };
  g_auto(Answer) none = { 0 };
  g_auto(Answer) crossed = { 0 };
  gint64 claimed = ts_test_storefront_claimed (shop, shop->hamlet);

  visitor_send (a, "POST", "/cart/hold", form, &none);
  g_assert_cmpuint (none.status, ==, 403);
  visitor_get (a, with_forms, &page);
  g_assert_nonnull (ts_test_visitor_get_csrf (a->browser));
  forged = g_strdup_printf ("csrf=%s&%s", ts_test_visitor_get_csrf (a->browser), form);
  visitor_send (b, "POST", "/cart/hold", forged, &crossed);   /* B has no ts_csrf cookie, or another */
  g_assert_cmpuint (crossed.status, ==, 403);
  assert_leaks_nothing (&crossed, "a forged hold", NULL);
  g_assert_cmpint (ts_test_storefront_claimed (shop, shop->hamlet), ==, claimed);
}


/* F6: looking writes nothing: a visitor who only reads pages gets no
 * session (no row, no ts_shop cookie). */
static void
test_views_write_nothing (void)
{
  g_autoptr(Visitor) v = visitor_new ("UTH");
  const char *pages[] = { "/", "/cart", "/brand.css", "/no-such-page" };
  gint64 sessions = ts_test_owner_int (server, "SELECT count (*) FROM web_session");
  g_autofree char *perf = perf_path (shop->hamlet, "");
  g_autofree char *plan = perf_path (shop->hamlet, "/plan.json");
  g_autofree char *seats = perf_path (shop->hamlet, "/seats.json");

  for (guint i = 0; i < G_N_ELEMENTS (pages) + 3; i++)
    {
      const char *path = i < G_N_ELEMENTS (pages) ? pages[i] : i == G_N_ELEMENTS (pages) ? perf
                         : i == G_N_ELEMENTS (pages) + 1 ? plan : seats;
      g_auto(Answer) page = { 0 };

      visitor_get (v, path, &page);
      g_assert_null (strstr (page.cookies, "ts_shop="));
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_session"), ==, sessions);
}

/* The first hold makes the session, in a cookie the page's scripts cannot
 * read, sent only to this site's pages, for this browser session only. */
static void
test_session_cookie (void)
{
  g_autoptr(Visitor) v = visitor_new ("UTH");
  gint64 sessions = ts_test_owner_int (server, "SELECT count (*) FROM web_session");
  g_autofree char *hold = g_strdup_printf ("performance_id=%" G_GINT64_FORMAT "&best=1", shop->hamlet);
  g_auto(Answer) held = { 0 };

  visitor_post (v, "/cart/hold", hold, &held);
  g_assert_nonnull (strstr (held.cookies, "ts_shop="));
  {
    g_auto(GStrv) lines = g_strsplit (held.cookies, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], "ts_shop="))
        {
          g_autofree char *lower = g_ascii_strdown (lines[i], -1);

          g_assert_nonnull (strstr (lower, "httponly"));
          g_assert_nonnull (strstr (lower, "samesite=lax"));
          g_assert_nonnull (strstr (lower, "path=/"));
          g_assert_null (strstr (lower, "max-age"));      /* the browser session only */
          g_assert_null (strstr (lower, "expires"));
        }
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_session"), ==, sessions + 1);
}

/* A storefront that is not enabled gives neither its colours nor its logo:
 * as an unknown storefront's. */
static void
test_brand_unknown_alike (void)
{
  g_autoptr(Visitor) tix = visitor_new ("TIX");
  g_autoptr(Visitor) none = visitor_new ("ZZZ");
  const char *paths[] = { "/brand.css", "/logo" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Answer) a = { 0 };
      g_auto(Answer) b = { 0 };

      visitor_get (tix, paths[i], &a);
      visitor_get (none, paths[i], &b);
      g_assert_cmpuint (a.status, ==, 404);
      assert_alike (&a, &b, paths[i]);
    }
}


/* P5, F7: an order's page and its tickets are opened by their secret
 * link; a guessed link, and the link at another outlet's storefront,
 * answer as a link that names nothing and show nobody's name. */
static void
test_orders (void)
{
  g_autoptr(Visitor) a = visitor_new ("UTH");
  g_autoptr(Visitor) stranger = visitor_new ("UTH");
  g_autoptr(Visitor) at_ath = visitor_new ("ATH");
  g_autofree char *order = visitor_buys (a, shop->hamlet, shop->seats[6], "Privacy-Buyer");
  g_autofree char *pdf = g_strdup_printf ("%s/tickets.pdf", order);
  g_autofree char *guessed = g_strdup (order);
  g_autofree char *guessed_pdf = NULL;
  const char *never[] = { "Privacy-Buyer", "Hamlet", NULL };
  g_auto(Answer) own = { 0 };
  char *last = guessed + strlen (guessed) - 1;

  visitor_get (a, order, &own);
  g_assert_cmpuint (own.status, ==, 200);
  g_assert_nonnull (strstr (own.body, "Privacy-Buyer"));
  assert_leaks_nothing (&own, "the buyer's order page", (const char *[]) { "Marguerite", "Bourgeoys", NULL });

  *last = *last == 'A' ? 'B' : 'A';                                   /* one character off */
  guessed_pdf = g_strdup_printf ("%s/tickets.pdf", guessed);
  check_alike (stranger, guessed, stranger, "/orders/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
               "a guessed order link and an unknown one", never);
  check_alike (stranger, guessed_pdf, stranger, "/orders/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/tickets.pdf",
               "a guessed tickets link and an unknown one", never);
  check_alike (at_ath, order, at_ath, "/orders/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
               "UTH's order link at ATH's storefront and an unknown one", never);
  check_alike (at_ath, pdf, at_ath, "/orders/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/tickets.pdf",
               "UTH's tickets link at ATH's storefront and an unknown one", never);

  /* F3, T6: ATH's storefront sells UTH's Hamlet: the sale is ATH's, and its
   * link at UTH's storefront names nothing either */
  {
    g_autoptr(Visitor) buyer = visitor_new ("ATH");
    g_autoptr(Visitor) at_uth = visitor_new ("UTH");
    g_autofree char *ath_order = visitor_buys (buyer, shop->hamlet, shop->seats[8], "Privacy-Athletic");

    g_assert_cmpint (ts_test_owner_int (server, "SELECT o.outlet_id FROM ticket_order o JOIN patron p ON p.id = o.purchaser_id"
                                        " WHERE p.last_name = 'Privacy-Athletic'"), ==, shop->ath);
    check_alike (at_uth, ath_order, at_uth, "/orders/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                 "ATH's order link at UTH's storefront and an unknown one",
                 (const char *[]) { "Privacy-Athletic", "Hamlet", NULL });
  }
}

/* Signs a web account in at the visitor's storefront. */
static void
visitor_signs_in (Visitor    *v,
                  const char *email,
                  const char *password,
                  guint       expected)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("email=%s&password=%s", escaped, password);
  g_auto(Answer) page = { 0 };
  g_auto(Answer) signed_in = { 0 };

  visitor_get (v, "/account/sign-in", &page);
  visitor_post (v, "/account/sign-in", form, &signed_in);
  g_assert_cmpuint (signed_in.status, ==, expected);
}

static gint64
web_account (const char *first,
             const char *last,
             const char *email)
{
  gint64 patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES"
                                     " ('%s', '%s', %" G_GINT64_FORMAT ") RETURNING id", first, last, shop->uth);

  ts_test_owner_sqlf (server, "INSERT INTO web_account (patron_id, email, password_hash)"
                      " VALUES (%" G_GINT64_FORMAT ", '%s', crypt ('a-long-password', gen_salt ('bf', 4)))", patron, email);
  return patron;
}

/* F6, P4, P5: My Account shows a patron's own orders of this outlet; another
 * patron's order, and the patron's own at another outlet's storefront,
 * answer as unknown; another's name, e-mail and orders show nowhere.  A
 * wrong password and an unknown address answer alike. */
static void
test_accounts (void)
{
  gint64 emile = web_account ("Émile", "Privacy-Nelligan", "emile.privacy@example.ca");
  gint64 anne = web_account ("Anne", "Privacy-Hebert", "anne.privacy@example.ca");
  g_autoptr(Visitor) e = visitor_new ("UTH");
  g_autoptr(Visitor) n = visitor_new ("UTH");
  g_autoptr(Visitor) e_at_ath = visitor_new ("ATH");
  g_autoptr(Visitor) wrong = visitor_new ("UTH");
  g_autoptr(Visitor) unknown = visitor_new ("UTH");
  g_autofree char *order_path = NULL;
  const char *pages[] = { "/account", "/account/details", "/account/preferences", "/account/vouchers" };
  g_auto(Answer) e_home = { 0 };
  g_auto(Answer) ath_home = { 0 };
  g_auto(Answer) w = { 0 };
  g_auto(Answer) u = { 0 };
  gint64 order;

  box_office_sells (shop->hamlet, shop->seats[7], emile, "privacy-account-1");
  order = ts_test_owner_int (server, "SELECT max (id) FROM ticket_order WHERE purchaser_id = %" G_GINT64_FORMAT, emile);
  order_path = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT, order);

  visitor_signs_in (e, "emile.privacy@example.ca", "a-long-password", 303);
  visitor_signs_in (n, "anne.privacy@example.ca", "a-long-password", 303);
  visitor_signs_in (e_at_ath, "emile.privacy@example.ca", "a-long-password", 303);

  visitor_get (e, "/account", &e_home);
  g_assert_cmpuint (e_home.status, ==, 200);
  g_assert_nonnull (strstr (e_home.body, order_path));
  {
    g_auto(Answer) own = { 0 };

    visitor_get (e, order_path, &own);
    g_assert_cmpuint (own.status, ==, 200);
  }
  /* Anne: Émile's order is no order */
  check_alike (n, order_path, n, "/account/orders/999999", "another patron's order and an unknown one",
               (const char *[]) { "Privacy-Nelligan", "Hamlet", NULL });
  /* S6, P5: nor can she cancel or exchange its ticket (the outlet lets
   * patrons do both), nor see or use his voucher (T3) */
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_cancel_hours = 1 WHERE id = %" G_GINT64_FORMAT, shop->uth);
  {
    g_autofree char *item = ts_test_owner_sqlf (server, "SELECT min (id) FROM order_item WHERE order_id = %" G_GINT64_FORMAT, order);
    g_autofree char *cancel = g_strdup_printf ("%s/cancel", order_path);
    g_autofree char *exchange = g_strdup_printf ("%s/exchange", order_path);
    g_autofree char *cancel_fields = g_strdup_printf ("item=%s", item);
    g_autofree char *exchange_fields = g_strdup_printf ("item=%s&performance_id=%" G_GINT64_FORMAT, item, shop->hamlet);
    g_autofree char *voucher = ts_test_owner_sqlf (server, "INSERT INTO voucher (outlet_id, order_item_id, patron_id, ticket_type_id)"
                                                   " SELECT o.outlet_id, i.id, o.purchaser_id, i.ticket_type_id"
                                                   " FROM order_item i JOIN ticket_order o ON o.id = i.order_id"
                                                   " WHERE i.id = %s RETURNING id", item);
    g_autofree char *with_voucher = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "?voucher=%s", shop->hamlet, voucher);
    g_autofree char *unknown_voucher = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "?voucher=999999", shop->hamlet);
    const char *never[] = { "Privacy-Nelligan", "emile.privacy", NULL };

    check_post_alike (n, cancel, "/account/orders/999999/cancel", cancel_fields,
                      "cancelling another patron's ticket and an unknown one", never);
    check_post_alike (n, exchange, "/account/orders/999999/exchange", exchange_fields,
                      "exchanging another patron's ticket and an unknown one", never);
    check_post_alike (e_at_ath, cancel, "/account/orders/999999/cancel", cancel_fields,
                      "cancelling UTH's ticket at ATH's storefront and an unknown one", never);
    check_alike (n, with_voucher, n, unknown_voucher, "another patron's voucher and an unknown one", never);
    check_alike (e_at_ath, with_voucher, e_at_ath, unknown_voucher, "UTH's voucher at ATH's storefront and an unknown one",
                 never);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %s AND status = 'sold'", item), ==, 1);
  }
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_cancel_hours = NULL WHERE id = %" G_GINT64_FORMAT, shop->uth);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_auto(Answer) page = { 0 };

      visitor_get (n, pages[i], &page);
      g_assert_cmpuint (page.status, ==, 200);
      assert_leaks_nothing (&page, pages[i], (const char *[]) { "Privacy-Nelligan", "emile.privacy", order_path, NULL });
    }
  /* Émile at ATH's storefront: UTH's order is not there */
  visitor_get (e_at_ath, "/account", &ath_home);
  g_assert_cmpuint (ath_home.status, ==, 200);
  g_assert_null (strstr (ath_home.body, order_path));
  check_alike (e_at_ath, order_path, e_at_ath, "/account/orders/999999", "UTH's order at ATH's storefront and an unknown one",
               (const char *[]) { "Hamlet", "University Theatre", NULL });

  /* F6: a wrong password and an address without an account read alike */
  {
    g_auto(Answer) page = { 0 };

    visitor_get (wrong, "/account/sign-in", &page);
    visitor_post (wrong, "/account/sign-in", "email=anne.privacy%40example.ca&password=not-her-password", &w);
    visitor_get (unknown, "/account/sign-in", &page);
    visitor_post (unknown, "/account/sign-in", "email=nobody.privacy%40example.ca&password=not-her-password", &u);
    {
      g_autoptr(GString) w_body = g_string_new (w.body);

      g_string_replace (w_body, "anne.privacy@example.ca", "ADDRESS", 0);
      g_string_replace (w_body, "nobody.privacy@example.ca", "ADDRESS", 0);
      g_free (w.body);
      w.body = g_string_free (g_steal_pointer (&w_body), FALSE);
    }
    {
      g_autoptr(GString) u_body = g_string_new (u.body);

      g_string_replace (u_body, "nobody.privacy@example.ca", "ADDRESS", 0);
      g_free (u.body);
      u.body = g_string_free (g_steal_pointer (&u_body), FALSE);
    }
    assert_alike (&w, &u, "a wrong password and an unknown address");
  }
  (void) anne;
}

/* The answer to a form, with the address the visitor typed taken out (a
 * page may show back what was typed). */
static void
post_without_address (Visitor    *v,
                      const char *page,
                      const char *form,
                      const char *address,
                      Answer     *out)
{
  g_auto(Answer) shown = { 0 };
  g_autoptr(GString) body = NULL;

  visitor_get (v, page, &shown);
  visitor_post (v, page, form, out);
  body = g_string_new (out->body);
  g_string_replace (body, address, "ADDRESS", 0);
  g_free (out->body);
  out->body = g_string_free (g_steal_pointer (&body), FALSE);
}

/* F6, F7: signing up and asking for a new password never say whether an
 * address has an account; a guessed confirmation or reset link names
 * nothing. */
static void
test_accounts_say_nothing (void)
{
  g_autoptr(Visitor) taken = visitor_new ("UTH");
  g_autoptr(Visitor) free_address = visitor_new ("UTH");
  g_autoptr(Visitor) guess = visitor_new ("UTH");
  g_auto(Answer) a = { 0 };
  g_auto(Answer) b = { 0 };
  g_auto(Answer) c = { 0 };
  g_auto(Answer) d = { 0 };

  web_account ("Gabrielle", "Privacy-Roy", "gabrielle.privacy@example.ca");
  post_without_address (taken, "/account/sign-up",
                        "first_name=Gabrielle&last_name=Roy&email=gabrielle.privacy%40example.ca&password=a-long-password-2",
                        "gabrielle.privacy@example.ca", &a);
  post_without_address (free_address, "/account/sign-up",
                        "first_name=Gabrielle&last_name=Roy&email=nobody.signup%40example.ca&password=a-long-password-2",
                        "nobody.signup@example.ca", &b);
  g_assert_cmpuint (b.status, !=, 422);                     /* accepted, not refused as mistyped */
  assert_alike (&a, &b, "signing up with an address that has an account and with one that has none");
  post_without_address (taken, "/account/forgot", "email=gabrielle.privacy%40example.ca",
                        "gabrielle.privacy@example.ca", &c);
  post_without_address (free_address, "/account/forgot", "email=nobody.forgot%40example.ca",
                        "nobody.forgot@example.ca", &d);
  g_assert_cmpuint (d.status, !=, 422);
  assert_alike (&c, &d, "a new password asked for an address with an account and for one without");
  /* a guessed link shows the same page whatever the guess (its own address
   * aside, in the language switch) */
  for (const char **kind = (const char *[]) { "/account/reset/", "/account/confirm/", NULL }; *kind != NULL; kind++)
    {
      g_autofree char *one = g_strconcat (*kind, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);
      g_autofree char *other = g_strconcat (*kind, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", NULL);
      g_auto(Answer) x = { 0 };
      g_auto(Answer) y = { 0 };
      g_autoptr(GString) x_body = NULL;

      visitor_get (guess, one, &x);
      visitor_get (guess, other, &y);
      x_body = g_string_new (x.body);
      g_string_replace (x_body, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", 0);
      g_free (x.body);
      x.body = g_string_free (g_steal_pointer (&x_body), FALSE);
      assert_alike (&x, &y, *kind);
      assert_leaks_nothing (&x, *kind, (const char *[]) { "Privacy-Roy", "gabrielle", NULL });
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
  shop = ts_test_storefront_new (server);
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");

  g_test_add_func ("/shop-privacy/lists", test_lists);
  g_test_add_func ("/shop-privacy/storefronts-unknown-alike", test_storefronts_unknown_alike);
  g_test_add_func ("/shop-privacy/performances-hidden", test_performances_hidden);
  g_test_add_func ("/shop-privacy/hold-hidden", test_hold_hidden);
  g_test_add_func ("/shop-privacy/seats-json", test_seats_json);
  g_test_add_func ("/shop-privacy/carts-own", test_carts_own);
  g_test_add_func ("/shop-privacy/session-cookie", test_session_cookie);
  g_test_add_func ("/shop-privacy/orders", test_orders);
  g_test_add_func ("/shop-privacy/accounts", test_accounts);
  g_test_add_func ("/shop-privacy/accounts-say-nothing", test_accounts_say_nothing);
  g_test_add_func ("/shop-privacy/csrf", test_csrf);
  g_test_add_func ("/shop-privacy/views-write-nothing", test_views_write_nothing);
  g_test_add_func ("/shop-privacy/brand-unknown-alike", test_brand_unknown_alike);

  status = g_test_run ();
  g_free (uth_boxoffice);
  ts_test_storefront_free (shop);
  ts_test_server_free (server);
  return status;
}
