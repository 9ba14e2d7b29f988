/* test-server-shop-checkout.c — paying at a web storefront, from the
 * patron's side (rules S1, S2, S4, F3, F6, F7, K3, T6, P5): the test payment
 * provider's cards, the checkout as a guest, declined cards, payments the
 * card holder confirms on the provider's page, forged notifications, a
 * double submit, the partner questions, and the order page with its
 * tickets and their PDF. */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-face.h"
#include "ts-payment-signature.h"
#include "ts-payments.h"
#include "ts-test-client.h"
#include "ts-test-payment-provider.h"
#include "ts-test-visitor.h"

#define SECRET "test-secret-for-notifications"

static TsTestServer *server;
static char *uth_manager;
static gint64 uth, ath;
static gint64 map_id, hamlet, perf, adult, partner;
static char *seats[10];
static char *seat_names[10];

static TsPaymentOutcome *
authorize (TsPaymentProvider *provider,
           const char        *card,
           const char        *key,
           gint64             amount,
           GError           **error)
{
  TsPaymentAuthorization request = {
    .amount_cents = amount, .currency = "CAD", .idempotency_key = key,
    .card_number = card, .card_expiry = "12/39", .card_cvc = "123", .card_name = "Emile Nelligan",
    .return_url = "/shop/UTH/checkout/return?intent=x",
  };

  return ts_payment_provider_authorize (provider, &request, error);
}

/* The contract's test cards: 4242… pays, 4000…0002 is declined, 4000…3220
 * waits for the card holder on the provider's page. */
static void
test_provider_cards (void)
{
  g_autoptr(TsTestPaymentProvider) test = ts_test_payment_provider_new (SECRET);
  TsPaymentProvider *provider = TS_PAYMENT_PROVIDER (test);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsPaymentOutcome) paid = authorize (provider, TS_TEST_CARD_APPROVED, "key-paid-0001", 7000, &error);
  g_autoptr(TsPaymentOutcome) declined = authorize (provider, TS_TEST_CARD_DECLINED, "key-declined-1", 7000, &error);
  g_autoptr(TsPaymentOutcome) waits = authorize (provider, TS_TEST_CARD_CONFIRMATION, "key-waits-0001", 7000, &error);
  g_autoptr(TsPaymentOutcome) unknown = authorize (provider, "4111111111111111", "key-unknown-01", 7000, &error);
  g_autofree char *currency = NULL, *return_url = NULL, *page = NULL;
  TsPaymentStatus status;
  gint64 amount, captured, refunded;

  g_assert_no_error (error);
  g_assert_cmpstr (ts_payment_provider_get_name (provider), ==, "test");
  g_assert_cmpint (paid->status, ==, TS_PAYMENT_AUTHORIZED);
  g_assert_cmpstr (paid->card_last4, ==, "4242");
  g_assert_true (g_str_has_prefix (paid->reference, "tp_"));
  g_assert_cmpint (declined->status, ==, TS_PAYMENT_DECLINED);
  g_assert_cmpint (unknown->status, ==, TS_PAYMENT_DECLINED);
  g_assert_cmpint (waits->status, ==, TS_PAYMENT_NEEDS_CONFIRMATION);
  page = g_strconcat ("/payments/test/confirm/", waits->reference, NULL);
  g_assert_cmpstr (waits->confirmation_url, ==, page);
  g_assert_true (ts_test_payment_provider_pending (test, waits->reference, &amount, &currency, &return_url));
  g_assert_cmpint (amount, ==, 7000);
  g_assert_cmpstr (return_url, ==, "/shop/UTH/checkout/return?intent=x");
  g_assert_false (ts_test_payment_provider_pending (test, paid->reference, &amount, &currency, &return_url));

  /* a declined card cannot be captured; an authorised one is captured once */
  g_assert_false (ts_payment_provider_capture (provider, declined->reference, 7000, "cap-declined-1", &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (ts_payment_provider_capture (provider, paid->reference, 7000, "cap-paid-00001", &error));
  g_assert_no_error (error);
  g_assert_true (ts_test_payment_provider_lookup (test, paid->reference, &status, &captured, &refunded));
  g_assert_cmpint (status, ==, TS_PAYMENT_CAPTURED);
  g_assert_cmpint (captured, ==, 7000);
}

/* S2: each call asked again with its key answers as the first and charges,
 * captures or refunds once; a key used for something else is refused. */
static void
test_provider_idempotent (void)
{
  g_autoptr(TsTestPaymentProvider) test = ts_test_payment_provider_new (SECRET);
  TsPaymentProvider *provider = TS_PAYMENT_PROVIDER (test);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsPaymentOutcome) first = authorize (provider, TS_TEST_CARD_APPROVED, "double-click-1", 5000, &error);
  g_autoptr(TsPaymentOutcome) again = authorize (provider, TS_TEST_CARD_APPROVED, "double-click-1", 5000, &error);
  g_autoptr(TsPaymentOutcome) other = NULL;
  TsPaymentStatus status;
  gint64 captured, refunded;

  g_assert_no_error (error);
  g_assert_cmpstr (first->reference, ==, again->reference);
  other = authorize (provider, TS_TEST_CARD_APPROVED, "double-click-1", 9000, &error);
  g_assert_null (other);
  g_assert_error (error, TS_ERROR, TS_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (ts_payment_provider_capture (provider, first->reference, 5000, "capture-key-1", &error));
  g_assert_true (ts_payment_provider_capture (provider, first->reference, 5000, "capture-key-1", &error));
  g_assert_no_error (error);
  g_assert_true (ts_payment_provider_refund (provider, first->reference, 2000, "refund-key-01", &error));
  g_assert_true (ts_payment_provider_refund (provider, first->reference, 2000, "refund-key-01", &error));
  g_assert_no_error (error);
  g_assert_true (ts_test_payment_provider_lookup (test, first->reference, &status, &captured, &refunded));
  g_assert_cmpint (refunded, ==, 2000);
  g_assert_cmpint (status, ==, TS_PAYMENT_CAPTURED);
  /* never more back than was taken */
  g_assert_false (ts_payment_provider_refund (provider, first->reference, 3001, "refund-key-02", &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (ts_payment_provider_refund (provider, first->reference, 3000, "refund-key-02", &error));
  g_assert_true (ts_test_payment_provider_lookup (test, first->reference, &status, &captured, &refunded));
  g_assert_cmpint (status, ==, TS_PAYMENT_REFUNDED);
  /* a captured payment is refunded, not voided */
  g_assert_false (ts_payment_provider_void (provider, first->reference, "void-key-0001", &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_CONFLICT);
}

/* The card holder decides on the provider's page; the notification is
 * signed with the secret, and nothing else verifies. */
static void
test_provider_notifications (void)
{
  g_autoptr(TsTestPaymentProvider) test = ts_test_payment_provider_new (SECRET);
  g_autoptr(TsTestPaymentProvider) forger = ts_test_payment_provider_new ("another-secret");
  TsPaymentProvider *provider = TS_PAYMENT_PROVIDER (test);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsPaymentOutcome) waits = authorize (provider, TS_TEST_CARD_CONFIRMATION, "confirm-key-01", 4500, &error);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autofree char *signature = NULL, *reference = NULL, *forged = NULL;
  TsPaymentStatus status;

  g_assert_true (ts_test_payment_provider_decide (test, waits->reference, TRUE, &body, &signature, &error));
  g_assert_no_error (error);
  g_assert_true (ts_payment_provider_verify_notification (provider, body, signature, &reference, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reference, ==, waits->reference);
  g_assert_cmpint (status, ==, TS_PAYMENT_AUTHORIZED);

  /* decided once */
  g_assert_false (ts_test_payment_provider_decide (test, waits->reference, FALSE, &tampered, &forged, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_CONFLICT);
  g_clear_error (&error);

  /* another secret's signature, a changed body, no signature: refused */
  forged = ts_payment_sign ("another-secret", body);
  g_assert_false (ts_payment_provider_verify_notification (provider, body, forged, &reference, &status, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  tampered = g_bytes_new_static ("{\"reference\": \"tp_x\", \"status\": \"authorized\"}", 46);
  g_assert_false (ts_payment_provider_verify_notification (provider, tampered, signature, &reference, &status, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ts_payment_provider_verify_notification (provider, body, NULL, &reference, &status, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ts_payment_provider_verify_notification (TS_PAYMENT_PROVIDER (forger), body, signature,
                                                           &reference, &status, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
}

/* An expired card or a missing code is declined, whatever the number. */
static void
test_provider_card_checks (void)
{
  g_autoptr(TsTestPaymentProvider) test = ts_test_payment_provider_new (SECRET);
  g_autoptr(GError) error = NULL;
  TsPaymentAuthorization request = {
    .amount_cents = 1000, .currency = "CAD", .idempotency_key = "expired-card-1",
    .card_number = TS_TEST_CARD_APPROVED, .card_expiry = "01/20", .card_cvc = "123",
  };
  g_autoptr(TsPaymentOutcome) expired = ts_payment_provider_authorize (TS_PAYMENT_PROVIDER (test), &request, &error);
  g_autoptr(TsPaymentOutcome) no_cvc = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (expired->status, ==, TS_PAYMENT_DECLINED);
  request.idempotency_key = "no-cvc-card-01";
  request.card_expiry = "12/39";
  request.card_cvc = "";
  no_cvc = ts_payment_provider_authorize (TS_PAYMENT_PROVIDER (test), &request, &error);
  g_assert_cmpint (no_cvc->status, ==, TS_PAYMENT_DECLINED);
}

/* A count of the owner's SQL format with one number. */
#define count_sql(format, value) ts_test_owner_int (server, format, (gint64) (value))

/* The patron's journey ------------------------------------------------------ */

/* Puts seats (indexes of seats[], -1 ends) and ga places of Hamlet in the
 * visitor's cart at store, as Adult. */
static void
hold (TsTestVisitor *v,
      const char    *store,
      const int     *which,
      guint          ga)
{
  g_autofree char *page_path = g_strdup_printf ("/shop/%s/performances/%" G_GINT64_FORMAT, store, perf);
  g_autofree char *hold_path = g_strdup_printf ("/shop/%s/cart/hold", store);
  g_autofree char *types_path = g_strdup_printf ("/shop/%s/cart/types", store);
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (v, "GET", page_path, NULL, 200);
  g_autofree char *csrf = ts_test_page_field (page, "csrf");
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(GString) types = g_string_new (NULL);
  g_autofree char *area = ts_test_owner_sqlf (server, "SELECT area_key FROM map_ga_area WHERE map_id = %" G_GINT64_FORMAT,
                                              map_id);

  g_string_printf (types, "csrf=%s", csrf);
  if (which[0] >= 0)
    {
      g_autoptr(TsTestPage) held = NULL;

      g_string_printf (form, "csrf=%s&performance_id=%" G_GINT64_FORMAT, csrf, perf);
      for (guint i = 0; which[i] >= 0; i++)
        {
          g_string_append_printf (form, "&seat=%s", seats[which[i]]);
          g_string_append_printf (types, "&type.%" G_GINT64_FORMAT ".%s=%" G_GINT64_FORMAT, perf, seats[which[i]], adult);
        }
      held = ts_test_visitor_expect (v, "POST", hold_path, form->str, 303);
      g_assert_true (g_str_has_suffix (ts_test_page_location (held), "/cart"));
    }
  if (ga > 0)
    {
      g_autoptr(TsTestPage) held = NULL;

      g_string_printf (form, "csrf=%s&performance_id=%" G_GINT64_FORMAT "&area=%s&quantity=%u", csrf, perf, area, ga);
      held = ts_test_visitor_expect (v, "POST", hold_path, form->str, 303);
      g_assert_true (g_str_has_suffix (ts_test_page_location (held), "/cart"));
      g_string_append_printf (types, "&type.%" G_GINT64_FORMAT ".%s=%" G_GINT64_FORMAT, perf, area, adult);
    }
  {
    g_autoptr(TsTestPage) typed = ts_test_visitor_expect (v, "POST", types_path, types->str, 303);
  }
}

/* The checkout form as the page shows it, filled: the guest, the card,
 * answers (K3) as given ("" for none). */
static char *
checkout_form (TsTestVisitor *v,
               const char    *store,
               const char    *card,
               const char    *answer)
{
  g_autofree char *path = g_strdup_printf ("/shop/%s/checkout", store);
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (v, "GET", path, NULL, 200);
  g_autofree char *csrf = ts_test_page_field (page, "csrf");
  g_autofree char *key = ts_test_page_field (page, "idempotency_key");
  g_autofree char *amount = ts_test_page_field (page, "amount_cents");
  g_autofree char *question = g_strdup_printf ("name=\"partner-%" G_GINT64_FORMAT "\"", partner);
  GString *form = g_string_new (NULL);

  g_assert_nonnull (strstr (page->body, "autocomplete=\"cc-number\""));
  g_assert_nonnull (strstr (page->body, "autocomplete=\"cc-exp\""));
  g_assert_nonnull (strstr (page->body, "autocomplete=\"cc-csc\""));
  g_assert_nonnull (strstr (page->body, "autocomplete=\"cc-name\""));
  g_string_printf (form, "csrf=%s&idempotency_key=%s&amount_cents=%s&first_name=Emile&last_name=Nelligan"
                   "&email=emile%%40example.ca&phone=&card_number=%s&card_expiry=12%%2F39&card_cvc=123"
                   "&card_name=Emile+Nelligan", csrf, key, amount, card);
  /* K3: the storefront's own Hamlet asks about its partner */
  if (g_str_equal (store, "UTH"))
    g_assert_nonnull (strstr (page->body, question));
  if (answer != NULL && *answer != '\0')
    g_string_append_printf (form, "&partner-%" G_GINT64_FORMAT "=%s", partner, answer);
  return g_string_free (form, FALSE);
}

/* Pays; answers the order page's path. */
static char *
pay (TsTestVisitor *v,
     const char    *store,
     const char    *form)
{
  g_autofree char *path = g_strdup_printf ("/shop/%s/checkout", store);
  g_autofree char *prefix = g_strdup_printf ("/shop/%s/orders/", store);
  g_autoptr(TsTestPage) paid = ts_test_visitor_expect (v, "POST", path, form, 303);

  g_assert_true (g_str_has_prefix (ts_test_page_location (paid), prefix));
  return g_strdup (ts_test_page_location (paid));
}

static gint64
order_of (const char *order_path)
{
  const char *token = strrchr (order_path, '/') + 1;
  g_autofree char *hash = ts_payment_token_hash (token);
  g_autofree char *id = ts_test_owner_sqlf (server, "SELECT id FROM ticket_order WHERE web_access_hash = '%s'", hash);

  return g_ascii_strtoll (id, NULL, 10);
}

static gint64
orders_now (void)
{
  return count_sql ("SELECT count (*) FROM ticket_order WHERE channel = 'internet' AND %" G_GINT64_FORMAT " > 0", 1);
}

/* A guest buys two reserved seats and two standing places, opens the order
 * page (each ticket's QR code) and the PDF (pdftotext finds the seats). */
static void
test_guest_buys (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL, *order_path = NULL, *pdf_path = NULL, *pdf_file = NULL, *text = NULL;
  g_autoptr(TsTestPage) order = NULL;
  g_autoptr(TsTestPage) pdf = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int exit_status;

  hold (v, "UTH", (const int[]) { 0, 1, -1 }, 2);
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "yes");
  order_path = pay (v, "UTH", form);
  id = order_of (order_path);
  g_assert_cmpint (id, >, 0);

  /* F6, S4: sold by the storefront's outlet, online, one card payment of the whole */
  g_assert_cmpint (count_sql ("SELECT count (*) FROM ticket_order WHERE id = %" G_GINT64_FORMAT
                              " AND channel = 'internet' AND employee_id IS NULL AND outlet_id = "
                              "(SELECT id FROM outlet WHERE code = 'UTH')", id), ==, 1);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT, id), ==, 4);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT
                              " AND method = 'card' AND amount_cents = 10000", id), ==, 1);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment_intent WHERE order_id = %" G_GINT64_FORMAT
                              " AND status = 'captured' AND card_last4 = '4242'", id), ==, 1);
  /* F7: the guest is a patron of the shared directory, with the e-mail */
  g_assert_cmpint (count_sql ("SELECT count (*) FROM ticket_order o JOIN patron p ON p.id = o.purchaser_id"
                              " JOIN contact_point c ON c.patron_id = p.id AND c.kind = 'email'"
                              " WHERE o.id = %" G_GINT64_FORMAT " AND p.last_name = 'Nelligan'"
                              " AND c.value = 'emile@example.ca'", id), ==, 1);

  order = ts_test_visitor_expect (v, "GET", order_path, NULL, 200);
  g_assert_nonnull (strstr (order->body, "Hamlet"));
  g_assert_nonnull (strstr (order->body, seat_names[0]));
  g_assert_nonnull (strstr (order->body, "4242"));
  g_assert_nonnull (strstr (order->body, "$100.00"));
  /* a QR code per ticket, drawn inline (no image from elsewhere, no inline style) */
  {
    guint n = 0;

    for (const char *at = order->body; (at = strstr (at, "class=\"ticket-qr\"")) != NULL; at++)
      n++;
    g_assert_cmpuint (n, ==, 4);
    g_assert_null (strstr (order->body, "style="));
    g_assert_null (strstr (order->body, "<script>"));
  }

  /* F5: the first code on the page reads back as a barcode of the order,
   * as the box office prints it */
  if (g_find_program_in_path ("zbarimg") != NULL)
    {
      const char *start = strstr (order->body, "<svg");
      const char *end = strstr (start, "</svg>") + strlen ("</svg>");
      g_autofree char *svg = g_strndup (start, end - start);
      g_autoptr(GBytes) png = ts_face_render_png (svg, 400, &error);
      g_autofree char *png_file = g_build_filename (g_get_tmp_dir (), "shop-checkout-qr.png", NULL);
      g_autofree char *read = NULL;
      g_autofree char *tickets_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets", id);
      g_autofree char *uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
      g_autoptr(JsonNode) tickets = ts_test_expect (server, "GET", tickets_path, uth_boxoffice, NULL, 200);
      JsonArray *printed = json_object_get_array_member (json_node_get_object (tickets), "tickets");
      gboolean found = FALSE;

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (png_file, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
      g_assert_true (g_spawn_sync (NULL, (char *[]) { "zbarimg", "--raw", "-q", png_file, NULL }, NULL,
                                   G_SPAWN_SEARCH_PATH, NULL, NULL, &read, NULL, &exit_status, &error));
      g_assert_no_error (error);
      g_remove (png_file);
      for (guint i = 0; i < json_array_get_length (printed); i++)
        found |= g_strcmp0 (g_strstrip (read),
                            json_object_get_string_member (json_array_get_object_element (printed, i), "barcode")) == 0;
      g_assert_true (found);
    }

  pdf_path = g_strconcat (order_path, "/tickets.pdf", NULL);
  pdf = ts_test_visitor_expect (v, "GET", pdf_path, NULL, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (pdf->headers, NULL), ==, "application/pdf");
  g_assert_true (g_str_has_prefix (pdf->body, "%PDF"));
  pdf_file = g_build_filename (g_get_tmp_dir (), "shop-checkout-tickets.pdf", NULL);
  g_assert_true (g_file_set_contents (pdf_file, pdf->body, pdf->size, NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "pdftotext", pdf_file, "-", NULL }, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &text, NULL, &exit_status, &error));
  g_assert_no_error (error);
  if (strstr (text, "Hamlet") == NULL)
    g_error ("the PDF's text: %s", text);
  g_remove (pdf_file);
  ts_test_assert_ledgers (server);
}

/* P5: a wrong order link answers as any unknown page, and another visitor
 * with the right link sees the order (the link is the key). */
static void
test_wrong_link (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) unknown = ts_test_visitor_expect (v, "GET", "/shop/UTH/no-such-page", NULL, 404);
  g_autoptr(TsTestPage) wrong = ts_test_visitor_expect (v, "GET", "/shop/UTH/orders/not-a-real-link-at-all", NULL, 404);
  g_autoptr(TsTestPage) wrong_pdf = ts_test_visitor_expect (v, "GET", "/shop/UTH/orders/not-a-real-link-at-all/tickets.pdf", NULL, 404);

  g_assert_cmpstr (wrong->body, ==, unknown->body);
}

/* A declined card sells nothing; the cart stays as it was, with its hold,
 * and the page says so next to the form. */
static void
test_declined (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL;
  g_autoptr(TsTestPage) page = NULL;
  gint64 before = orders_now ();
  gint64 held_before;
  g_autofree char *expires_before = NULL, *expires_after = NULL;

  hold (v, "UTH", (const int[]) { 2, -1 }, 0);
  held_before = count_sql ("SELECT count (*) FROM seat_claim c JOIN cart k ON k.id = c.cart_id WHERE k.web_session_id IS NOT NULL"
                                          " AND %" G_GINT64_FORMAT " > 0", 1);
  expires_before = ts_test_owner_sqlf (server, "SELECT max (expires_at) FROM cart WHERE web_session_id IS NOT NULL");
  form = checkout_form (v, "UTH", TS_TEST_CARD_DECLINED, "no");
  page = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", form, 422);
  g_assert_nonnull (strstr (page->body, "declined"));
  g_assert_nonnull (strstr (page->body, "role=\"alert\""));
  g_assert_cmpint (orders_now (), ==, before);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM seat_claim c JOIN cart k ON k.id = c.cart_id WHERE k.web_session_id IS NOT NULL"
                                          " AND %" G_GINT64_FORMAT " > 0", 1), ==, held_before);
  expires_after = ts_test_owner_sqlf (server, "SELECT max (expires_at) FROM cart WHERE web_session_id IS NOT NULL");
  g_assert_cmpstr (expires_after, ==, expires_before);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment_intent WHERE status = 'declined' AND %" G_GINT64_FORMAT " > 0",
                              1), ==, 1);
  {
    /* then another card: sold */
    g_autofree char *again = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "no");
    g_autofree char *order_path = pay (v, "UTH", again);

    g_assert_cmpint (orders_now (), ==, before + 1);
  }
  ts_test_assert_ledgers (server);
}

/* The card holder is sent to the provider's page; returns here. */
static char *
to_confirmation (TsTestVisitor *v,
                 int      seat)   /* -1: a standing place */
{
  g_autofree char *form = NULL;
  g_autoptr(TsTestPage) paid = NULL;

  hold (v, "UTH", (const int[]) { seat, -1 }, seat < 0 ? 1 : 0);
  form = checkout_form (v, "UTH", TS_TEST_CARD_CONFIRMATION, "yes");
  paid = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", form, 303);
  g_assert_true (g_str_has_prefix (ts_test_page_location (paid), "/payments/test/confirm/tp_"));
  return g_strdup (ts_test_page_location (paid));
}

/* Approve or Decline on the provider's page; answers where it sends the
 * card holder back to. */
static char *
decide (TsTestVisitor *v,
        const char    *confirm_path,
        const char    *decision)
{
  g_autoptr(TsTestPage) page = ts_test_visitor_expect (v, "GET", confirm_path, NULL, 200);
  g_autofree char *csrf = ts_test_page_field (page, "csrf");
  g_autofree char *form = g_strdup_printf ("csrf=%s&decision=%s", csrf, decision);
  g_autoptr(TsTestPage) decided = NULL;

  g_assert_nonnull (strstr (page->body, "name=\"decision\" value=\"approve\""));
  /* the provider's page is as locked down as the storefront's */
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (page->headers, "Content-Security-Policy"),
                                   "default-src 'none'"));
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "X-Frame-Options"), ==, "DENY");
  g_assert_null (strstr (page->body, "style="));
  decided = ts_test_visitor_expect (v, "POST", confirm_path, form, 303);
  g_assert_true (g_str_has_prefix (ts_test_page_location (decided), "/shop/UTH/checkout/return?intent="));
  return g_strdup (ts_test_page_location (decided));
}

static void
test_confirmation_approved (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *confirm = to_confirmation (v, 3);
  gint64 before = orders_now ();
  g_autofree char *back = decide (v, confirm, "approve");
  g_autoptr(TsTestPage) returned = ts_test_visitor_expect (v, "GET", back, NULL, 303);
  g_autoptr(TsTestPage) order = NULL;

  g_assert_true (g_str_has_prefix (ts_test_page_location (returned), "/shop/UTH/orders/"));
  order = ts_test_visitor_expect (v, "GET", ts_test_page_location (returned), NULL, 200);
  g_assert_nonnull (strstr (order->body, seat_names[3]));
  g_assert_cmpint (orders_now (), ==, before + 1);
  /* the provider's page cannot be used twice */
  {
    g_autoptr(TsTestPage) again = ts_test_visitor_expect (v, "GET", confirm, NULL, 404);
  }
  ts_test_assert_ledgers (server);
}

static void
test_confirmation_declined (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *confirm = to_confirmation (v, 4);
  gint64 before = orders_now ();
  g_autofree char *back = decide (v, confirm, "decline");
  g_autoptr(TsTestPage) returned = ts_test_visitor_expect (v, "GET", back, NULL, 422);

  g_assert_nonnull (strstr (returned->body, "declined"));
  g_assert_cmpint (orders_now (), ==, before);
}

/* The card holder approves and never comes back: the provider's
 * notification sells the order all the same. */
static void
test_never_comes_back (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *confirm = to_confirmation (v, 5);
  gint64 before = orders_now ();
  g_autofree char *back = decide (v, confirm, "approve");

  g_assert_cmpint (orders_now (), ==, before + 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment_intent WHERE provider_reference = '%s'"
                                      " AND status = 'captured' AND order_id IS NOT NULL", strrchr (confirm, '/') + 1), ==, 1);
  ts_test_assert_ledgers (server);
}

/* A notification not signed with the provider's secret is refused (400)
 * and changes nothing: the payment still waits, nothing is sold. */
static void
test_forged_notification (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestVisitor) forger = ts_test_visitor_new (server);
  g_autofree char *confirm = to_confirmation (v, 6);
  const char *reference = strrchr (confirm, '/') + 1;
  g_autofree char *body = g_strdup_printf ("{\"reference\": \"%s\", \"status\": \"authorized\"}", reference);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *forged = ts_payment_sign ("not-the-server-secret", bytes);
  gint64 before = orders_now ();
  gint64 audit_before = count_sql ("SELECT count (*) FROM audit_log WHERE entity = 'payment_intent' AND %" G_GINT64_FORMAT
                                   " > 0", 1);
  g_autoptr(TsTestPage) refused = ts_test_visitor_send (forger, "POST", "/payments/test/notify", body, "application/json",
                                                       TS_TEST_PAYMENT_SIGNATURE_HEADER, forged, NULL);
  g_autoptr(TsTestPage) unsigned_ = ts_test_visitor_send (forger, "POST", "/payments/test/notify", body,
                                                         "application/json", NULL);

  g_assert_cmpuint (refused->status, ==, 400);
  g_assert_cmpuint (unsigned_->status, ==, 400);
  g_assert_cmpint (orders_now (), ==, before);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM audit_log WHERE entity = 'payment_intent' AND %" G_GINT64_FORMAT
                              " > 0", 1), ==, audit_before);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment_intent WHERE status = 'needs_confirmation'"
                              " AND %" G_GINT64_FORMAT " > 0", 1), >=, 1);
  {
    /* the card holder still can */
    g_autofree char *back = decide (v, confirm, "approve");

    g_assert_cmpint (orders_now (), ==, before + 1);
  }
}

/* S2: the same form sent twice (a double click) sells once; both answers
 * lead to the same order. */
static void
test_double_submit (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL, *first = NULL, *second = NULL;
  gint64 before = orders_now ();

  hold (v, "UTH", (const int[]) { 7, -1 }, 0);
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "yes");
  first = pay (v, "UTH", form);
  second = pay (v, "UTH", form);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpint (orders_now (), ==, before + 1);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT, order_of (first)), ==, 1);
  ts_test_assert_ledgers (server);
}

/* S2: the same form sent twice at once (a double click the browser does
 * not stop): one sale, one charge, both answers the same order. */
static void
test_double_submit_at_once (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  gint64 before = orders_now ();

  hold (v, "UTH", (const int[]) { -1 }, 3);
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "yes");
  answers = ts_test_visitor_send_at_once (v, "POST", "/shop/UTH/checkout", form, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (((TsTestPage *) answers->pdata[i])->status, ==, 303);
  g_assert_cmpstr (ts_test_page_header (answers->pdata[0], "Location"), ==,
                   ts_test_page_header (answers->pdata[1], "Location"));
  g_assert_cmpint (orders_now (), ==, before + 1);
  ts_test_assert_ledgers (server);
}

/* K3: online, each partner question must be answered yes or no; the form
 * says so next to the question, and nothing is sold or charged. */
static void
test_partner_questions (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL, *maybe = NULL, *order_path = NULL;
  g_autoptr(TsTestPage) missing = NULL;
  g_autoptr(TsTestPage) wrong = NULL;
  gint64 before = orders_now ();
  gint64 intents = count_sql ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1);
  g_autofree char *described = g_strdup_printf ("aria-describedby=\"partner-%" G_GINT64_FORMAT "-error\"", partner);

  hold (v, "UTH", (const int[]) { 8, -1 }, 0);
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "");
  missing = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", form, 422);
  g_assert_nonnull (strstr (missing->body, "Answer yes or no"));
  g_assert_nonnull (strstr (missing->body, described));
  maybe = g_strdup_printf ("%s&partner-%" G_GINT64_FORMAT "=not_asked", form, partner);
  wrong = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", maybe, 422);
  g_assert_cmpint (orders_now (), ==, before);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1), ==, intents);

  /* a guest never asked before (Emile answered with his first order, and
   * is not asked again) */
  g_free (form);
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "no");
  {
    g_autoptr(GString) other = g_string_new (form);

    g_string_replace (other, "first_name=Emile", "first_name=Marie", 1);
    g_string_replace (other, "emile%40example.ca", "marie%40example.ca", 1);
    order_path = pay (v, "UTH", other->str);
  }
  g_assert_cmpint (count_sql ("SELECT count (*) FROM partner_preference pp JOIN ticket_order o ON o.purchaser_id = pp.patron_id"
                              " WHERE o.id = %" G_GINT64_FORMAT " AND pp.answer = 'no'", order_of (order_path)), ==, 1);
}

/* Each field's refusal next to it, in the visitor's words; nothing sold. */
static void
test_field_errors (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL;
  g_autoptr(GString) bad = NULL;
  g_autoptr(TsTestPage) page = NULL;
  gint64 before = orders_now ();

  hold (v, "UTH", (const int[]) { 9, -1 }, 0);
  form = checkout_form (v, "UTH", "4242424242424241", "yes");
  bad = g_string_new (form);
  g_string_replace (bad, "email=emile%40example.ca", "email=not-an-address", 1);
  g_string_replace (bad, "first_name=Emile", "first_name=", 1);
  page = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", bad->str, 422);
  g_assert_nonnull (strstr (page->body, "id=\"card_number-error\""));
  g_assert_nonnull (strstr (page->body, "id=\"email-error\""));
  g_assert_nonnull (strstr (page->body, "id=\"first_name-error\""));
  g_assert_nonnull (strstr (page->body, "aria-describedby=\"email-error\""));
  /* what was typed comes back, but never the card's number */
  g_assert_nonnull (strstr (page->body, "value=\"Nelligan\""));
  g_assert_null (strstr (page->body, "4242424242424241"));
  g_assert_cmpint (orders_now (), ==, before);
}

/* F3, T6: ATH's storefront sells UTH's Hamlet (permitted, online at other
 * outlets): the sale is ATH's, with its commission, and every ledger
 * balances. */
static void
test_other_outlets_storefront (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL, *order_path = NULL;
  g_autoptr(TsTestPage) order = NULL;
  gint64 id;

  hold (v, "ATH", (const int[]) { -1 }, 1);
  form = checkout_form (v, "ATH", TS_TEST_CARD_APPROVED, NULL);
  order_path = pay (v, "ATH", form);
  id = order_of (order_path);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM ticket_order WHERE id = %" G_GINT64_FORMAT
                              " AND outlet_id = (SELECT id FROM outlet WHERE code = 'ATH') AND channel = 'internet'", id), ==, 1);
  g_assert_cmpint (count_sql ("SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                              " AND owner_outlet_id = (SELECT id FROM outlet WHERE code = 'UTH') AND commission_cents > 0", id),
                   ==, 1);
  order = ts_test_visitor_expect (v, "GET", order_path, NULL, 200);
  g_assert_nonnull (strstr (order->body, "Hamlet"));
  {
    /* the link opens at the storefront that sold it only (F6) */
    g_autofree char *at_uth = g_strdup_printf ("/shop/UTH/orders/%s", strrchr (order_path, '/') + 1);
    g_autoptr(TsTestPage) elsewhere = ts_test_visitor_expect (v, "GET", at_uth, NULL, 404);
  }
  ts_test_assert_ledgers (server);
}

/* S6, S7: the box office refunds part of a web order by card; the money
 * goes back through the provider that took it, once, within seconds. */
static void
test_refund_by_box_office (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *form = NULL, *order_path = NULL, *path = NULL, *body = NULL, *item = NULL, *reference = NULL;
  g_autofree char *uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autoptr(JsonNode) refunded = NULL;
  gint64 id, deadline;

  hold (v, "UTH", (const int[]) { -1 }, 2);
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "yes");
  order_path = pay (v, "UTH", form);
  id = order_of (order_path);
  item = ts_test_owner_sqlf (server, "SELECT min (id) FROM order_item WHERE order_id = %" G_GINT64_FORMAT, id);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", id);
  body = g_strdup_printf ("{\"items\": [%s], \"payments\": [{\"method\": \"card\", \"amount_cents\": 1500}],"
                          " \"reason\": \"Cannot come\"}", item);
  refunded = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
  reference = ts_test_owner_sqlf (server, "SELECT provider_reference FROM payment_intent WHERE order_id = %" G_GINT64_FORMAT, id);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (ts_test_owner_int (server, "SELECT count (*) FROM payment_refund r JOIN payment_intent i ON i.id = r.intent_id"
                            " WHERE i.order_id = %" G_GINT64_FORMAT " AND r.status = 'refunded'", id) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100 * 1000);
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT refunded_cents FROM payment_intent WHERE order_id = %" G_GINT64_FORMAT,
                                      id), ==, 1500);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment_refund r JOIN payment_intent i"
                                      " ON i.id = r.intent_id WHERE i.order_id = %" G_GINT64_FORMAT, id), ==, 1);
  {
    /* at the provider: given back once */
    TsPaymentProvider *provider = ts_payments_get_provider (ts_payments_get_default ());
    TsPaymentStatus status;
    gint64 captured, given_back;

    g_assert_true (ts_test_payment_provider_lookup (TS_TEST_PAYMENT_PROVIDER (provider), reference, &status, &captured,
                                                    &given_back));
    g_assert_cmpint (captured, ==, 3000);
    g_assert_cmpint (given_back, ==, 1500);
  }
  ts_test_assert_ledgers (server);
}

/* Every page of paying, in English and in French (the visitor's browser
 * asks for it), drawn by Chromium when TESSERA_SCREENSHOTS is set. */
static void
test_pages_in_both_languages (void)
{
  for (guint i = 0; i < 2; i++)
    {
      gboolean fr = i == 1;
      const char *suffix = fr ? "-fr" : "-en";
      g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
      g_autoptr(TsTestPage) checkout = NULL;
      g_autoptr(TsTestPage) refused = NULL;
      g_autoptr(TsTestPage) provider = NULL;
      g_autoptr(TsTestPage) order = NULL;
      g_autoptr(TsTestPage) returned = NULL;
      g_autofree char *form = NULL, *name = NULL, *confirm = NULL, *back = NULL;
      g_autoptr(GString) bad = NULL;

      ts_test_visitor_set_language (v, fr ? "fr-CA,fr;q=0.9" : "en-CA,en;q=0.9");
      hold (v, "UTH", (const int[]) { -1 }, 2);
      checkout = ts_test_visitor_expect (v, "GET", "/shop/UTH/checkout", NULL, 200);
      g_assert_nonnull (strstr (checkout->body, fr ? "Numéro de carte" : "Card number"));
      g_assert_nonnull (strstr (checkout->body, fr ? "Payer 30,00" : "Pay $30.00"));
      g_free (name);
      name = g_strconcat ("checkout", suffix, NULL);
      ts_test_page_screenshot (checkout, name);

      form = checkout_form (v, "UTH", TS_TEST_CARD_CONFIRMATION, "");
      bad = g_string_new (form);
      g_string_replace (bad, "email=emile%40example.ca", "email=emile", 1);
      refused = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", bad->str, 422);
      g_assert_nonnull (strstr (refused->body, fr ? "Répondez oui ou non." : "Answer yes or no."));
      g_free (name);
      name = g_strconcat ("checkout-refused", suffix, NULL);
      ts_test_page_screenshot (refused, name);

      g_free (form);
      form = checkout_form (v, "UTH", TS_TEST_CARD_CONFIRMATION, "yes");
      {
        g_autoptr(TsTestPage) paid = ts_test_visitor_expect (v, "POST", "/shop/UTH/checkout", form, 303);

        confirm = g_strdup (ts_test_page_location (paid));
      }
      provider = ts_test_visitor_expect (v, "GET", confirm, NULL, 200);
      g_assert_nonnull (strstr (provider->body, fr ? "Fournisseur de paiement d’essai" : "Test payment provider"));
      g_free (name);
      name = g_strconcat ("provider", suffix, NULL);
      ts_test_page_screenshot (provider, name);
      back = decide (v, confirm, "approve");
      returned = ts_test_visitor_expect (v, "GET", back, NULL, 303);
      order = ts_test_visitor_expect (v, "GET", ts_test_page_location (returned), NULL, 200);
      g_assert_nonnull (strstr (order->body, fr ? "Payé par la carte se terminant par 3220" : "Paid by card ending in 3220"));
      g_free (name);
      name = g_strconcat ("order", suffix, NULL);
      ts_test_page_screenshot (order, name);
    }
  ts_test_assert_ledgers (server);
}

/* S4: a payment the card holder never confirms is voided after an hour,
 * at the provider too: approving it later sells nothing. */
static void
test_left_half_way (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *confirm = NULL;
  const char *reference;
  gint64 before, deadline;

  confirm = to_confirmation (v, -1);
  reference = strrchr (confirm, '/') + 1;
  before = orders_now ();
  ts_test_owner_sqlf (server, "ALTER TABLE payment_intent DISABLE TRIGGER payment_intent_touch;"
                      " UPDATE payment_intent SET updated_at = now () - interval '2 hours' WHERE provider_reference = '%s';"
                      " ALTER TABLE payment_intent ENABLE TRIGGER payment_intent_touch", reference);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (ts_test_owner_int (server, "SELECT count (*) FROM payment_intent WHERE provider_reference = '%s'"
                            " AND status = 'voided'", reference) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100 * 1000);
    }
  {
    g_autoptr(TsTestPage) gone = ts_test_visitor_expect (v, "GET", confirm, NULL, 404);
  }
  g_assert_cmpint (orders_now (), ==, before);
}

/* F6: a signed-in patron pays as itself: no guest fields, the order is the
 * account's patron's.  (The account and its session are made as the
 * accounts pages' sign-in makes them.) */
static void
test_signed_in (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autofree char *token = g_strdup ("signed-in-visitor-token-0123456789abcdefghij");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *form = NULL, *order_path = NULL;
  g_autoptr(TsTestPage) checkout = NULL;
  gint64 patron, account;

  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Gabrielle', 'Roy')"
                              " RETURNING id");
  account = ts_test_owner_int (server, "INSERT INTO web_account (patron_id, email, password_hash)"
                               " VALUES (%" G_GINT64_FORMAT ", 'gabrielle@example.ca', 'x') RETURNING id", patron);
  ts_test_owner_sqlf (server, "INSERT INTO web_session (token_hash, outlet_id, account_id, expires_at)"
                      " VALUES ('%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '2 hours')",
                      hash, uth, account);
  ts_test_visitor_add_cookie (v, "ts_shop", token);

  hold (v, "UTH", (const int[]) { -1 }, 1);
  checkout = ts_test_visitor_expect (v, "GET", "/shop/UTH/checkout", NULL, 200);
  g_assert_null (strstr (checkout->body, "name=\"first_name\""));
  form = checkout_form (v, "UTH", TS_TEST_CARD_APPROVED, "no");
  order_path = pay (v, "UTH", form);
  g_assert_cmpint (count_sql ("SELECT purchaser_id FROM ticket_order WHERE id = %" G_GINT64_FORMAT, order_of (order_path)),
                   ==, patron);
  /* K3: recorded for the account's patron */
  g_assert_cmpint (count_sql ("SELECT count (*) FROM partner_preference WHERE patron_id = %" G_GINT64_FORMAT
                              " AND answer = 'no'", patron), ==, 1);
}

/* T2: a line whose type stopped being sold since it was held cannot be
 * paid for: checkout sends the visitor back to the cart, before any card. */
static void
test_line_without_type (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) page = NULL;
  gint64 intents = count_sql ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1);

  hold (v, "UTH", (const int[]) { -1 }, 1);
  ts_test_owner_sqlf (server, "UPDATE redemption SET sales_end = now () - interval '1 minute'"
                      " WHERE performance_id = %" G_GINT64_FORMAT, perf);
  page = ts_test_visitor_expect (v, "GET", "/shop/UTH/checkout", NULL, 422);
  ts_test_owner_sqlf (server, "UPDATE redemption SET sales_end = NULL WHERE performance_id = %" G_GINT64_FORMAT, perf);
  g_assert_nonnull (strstr (page->body, "no ticket type yet"));
  g_assert_null (strstr (page->body, "name=\"card_number\""));
  g_assert_cmpint (count_sql ("SELECT count (*) FROM payment_intent WHERE %" G_GINT64_FORMAT " > 0", 1), ==, intents);
}

/* Set-up -------------------------------------------------------------------- */

static void
set_up (void)
{
  g_autoptr(JsonNode) created = NULL;
  gint64 commission, r;

  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 20, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}}", 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  for (guint i = 0; i < 10; i++)
    {
      seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                     " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
      seat_names[i] = ts_test_owner_sqlf (server, "SELECT ts_seat_name (%" G_GINT64_FORMAT ", '%s')", map_id, seats[i]);
    }
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE code IN ('UTH', 'ATH')");
  hamlet = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                              ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, internet_on_sale, outlets_on_sale, allow_other_outlets, online_at_other_outlets)"
                            " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '10 days', 30, 30,"
                            " now () - interval '1 day', now () - interval '1 day', now () - interval '1 day', true, true)"
                            " RETURNING id", hamlet, uth);
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", perf, ath);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                         G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, perf);
  ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                      G_GINT64_FORMAT ", 'Standing', 1500)", r);
  /* K3: Hamlet's co-producer collects preferences */
  partner = ts_test_owner_int (server, "INSERT INTO partner_company (outlet_id, name, collect_preferences, web_description)"
                               " VALUES (%" G_GINT64_FORMAT ", 'Théâtre du Nouveau Monde', true,"
                               " 'News of our season') RETURNING id", uth);
  ts_test_owner_sqlf (server, "INSERT INTO event_partner_company (event_id, partner_company_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", hamlet, partner);
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

  g_test_add_func ("/shop-checkout/provider/cards", test_provider_cards);
  g_test_add_func ("/shop-checkout/provider/idempotent", test_provider_idempotent);
  g_test_add_func ("/shop-checkout/provider/notifications", test_provider_notifications);
  g_test_add_func ("/shop-checkout/provider/card-checks", test_provider_card_checks);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  set_up ();
  g_test_add_func ("/shop-checkout/guest-buys", test_guest_buys);
  g_test_add_func ("/shop-checkout/wrong-link", test_wrong_link);
  g_test_add_func ("/shop-checkout/declined", test_declined);
  g_test_add_func ("/shop-checkout/confirmation-approved", test_confirmation_approved);
  g_test_add_func ("/shop-checkout/confirmation-declined", test_confirmation_declined);
  g_test_add_func ("/shop-checkout/never-comes-back", test_never_comes_back);
  g_test_add_func ("/shop-checkout/forged-notification", test_forged_notification);
  g_test_add_func ("/shop-checkout/double-submit", test_double_submit);
  g_test_add_func ("/shop-checkout/double-submit-at-once", test_double_submit_at_once);
  g_test_add_func ("/shop-checkout/partner-questions", test_partner_questions);
  g_test_add_func ("/shop-checkout/field-errors", test_field_errors);
  g_test_add_func ("/shop-checkout/other-outlets-storefront", test_other_outlets_storefront);
  g_test_add_func ("/shop-checkout/refund-by-box-office", test_refund_by_box_office);
  g_test_add_func ("/shop-checkout/left-half-way", test_left_half_way);
  g_test_add_func ("/shop-checkout/signed-in", test_signed_in);
  g_test_add_func ("/shop-checkout/line-without-type", test_line_without_type);
  g_test_add_func ("/shop-checkout/pages-in-both-languages", test_pages_in_both_languages);
  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    {
      g_free (seats[i]);
      g_free (seat_names[i]);
    }
  g_free (uth_manager);
  ts_test_server_free (server);
  return status;
}
