/* ts-shop-page-checkout.c — paying for the cart at a storefront (rules S1,
 * S2, S4, F6, F7, K3): who buys (a guest, or the signed-in account), the
 * partner questions, the card; then authorise with the provider (a thread),
 * sell the cart with that payment (the database), capture (a thread) — or
 * void when the sale fails.  A declined card sells nothing and leaves the
 * cart as it was until its hold expires.  A payment the card holder must
 * confirm goes to the provider's page and comes back to /checkout/return
 * (docs/architecture.md, "Payments").  A cart with nothing to pay (its
 * places all taken with vouchers, T3) shows no card form and sells without
 * the provider (S4: a zero total pays nothing). */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-payment-intents.h"
#include "ts-payment-signature.h"
#include "ts-payments.h"
#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"
#include "ts-shop-session.h"

/* ts_shop_tr for a format: the compiler checks the arguments against the
 * msgid, as gettext's _() lets it. */
static const char *trf (TsShopRequest *req, const char *msgid) G_GNUC_FORMAT (2);

static const char *
trf (TsShopRequest *req,
     const char    *msgid)
{
  return ts_shop_tr (req, msgid);
}

/* T3: a voucher of the cart no longer open (used meanwhile in another
 * tab or visit): ts_order_submit refused it, or the cart shows it */
#define VOUCHER_USED N_("A voucher in your cart has been used meanwhile. Nothing was charged: remove its place " \
                        "from your cart and check out again.")

/* The checkout as it goes from step to step. */
typedef struct
{
  TsPayments        *payments;
  /* the form as typed; the card's number and code are never written back */
  char              *first_name, *last_name, *email, *phone;
  char              *card_number, *card_expiry, *card_cvc, *card_name;
  char              *idempotency_key;
  gint64             amount_cents;
  GHashTable        *answers;      /* partner company id → "yes" | "no" */
  GHashTable        *errors;       /* field id → message (translated) */
  /* the payment */
  JsonNode          *intent;
  TsPaymentOutcome  *outcome;
  char              *provider_error;
  JsonNode          *completed;
  gboolean           settled;
} Checkout;

static void
checkout_free (gpointer data)
{
  Checkout *c = data;

  g_clear_object (&c->payments);
  g_free (c->first_name);
  g_free (c->last_name);
  g_free (c->email);
  g_free (c->phone);
  if (c->card_number != NULL)
    memset (c->card_number, 0, strlen (c->card_number));
  if (c->card_cvc != NULL)
    memset (c->card_cvc, 0, strlen (c->card_cvc));
  g_free (c->card_number);
  g_free (c->card_expiry);
  g_free (c->card_cvc);
  g_free (c->card_name);
  g_free (c->idempotency_key);
  g_clear_pointer (&c->answers, g_hash_table_unref);
  g_clear_pointer (&c->errors, g_hash_table_unref);
  g_clear_pointer (&c->intent, json_node_unref);
  g_clear_pointer (&c->outcome, ts_payment_outcome_free);
  g_free (c->provider_error);
  g_clear_pointer (&c->completed, json_node_unref);
  g_free (c);
}

static Checkout *
checkout_new (void)
{
  Checkout *c = g_new0 (Checkout, 1);

  c->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return c;
}

/* The page ------------------------------------------------------------- */

static void
field_input (TsShopRequest *req,
             TsHtml        *h,
             Checkout      *c,
             const char    *id,
             const char    *label,
             const char    *type,
             const char    *autocomplete,
             const char    *value,
             gboolean       required,
             const char    *placeholder,
             const char    *extra)
{
  const char *error = c != NULL ? g_hash_table_lookup (c->errors, id) : NULL;

  ts_html_printf (h, "<div class=\"field\">\n<label for=\"%s\">%s</label>\n", id, label);
  ts_html_printf (h, "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" value=\"%s\"",
                  id, id, type, autocomplete, value != NULL ? value : "");
  if (required)
    ts_html_raw (h, " required");
  if (placeholder != NULL)
    ts_html_printf (h, " placeholder=\"%s\"", placeholder);
  if (extra != NULL)
    ts_html_raw (h, extra);   /* a literal of this file */
  if (error != NULL)
    ts_html_printf (h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
  ts_html_raw (h, ">\n");
  if (error != NULL)
    ts_shop_field_error (req, h, id, error);
  ts_html_raw (h, "</div>\n");
}

/* The name of the ticket type a cart line has, among its types. */
static const char *
line_type_name (JsonObject *line)
{
  JsonNode *types = json_object_get_member (line, "types");
  gint64 chosen = json_object_get_int_member_with_default (line, "ticket_type_id", 0);

  for (guint i = 0; types != NULL && JSON_NODE_HOLDS_ARRAY (types) && i < json_array_get_length (json_node_get_array (types)); i++)
    {
      JsonObject *type = json_array_get_object_element (json_node_get_array (types), i);

      if (json_object_get_int_member_with_default (type, "ticket_type_id", -1) == chosen)
        return json_object_get_string_member_with_default (type, "name", NULL);
    }
  return NULL;
}

/* What is being bought (ts_shop_cart's lines) and the total. */
static void
summary (TsShopRequest *req,
         TsHtml        *h,
         JsonObject    *cart)
{
  JsonNode *lines_node = json_object_get_member (cart, "lines");
  JsonArray *lines = lines_node != NULL && JSON_NODE_HOLDS_ARRAY (lines_node) ? json_node_get_array (lines_node) : NULL;
  const char *expires = json_object_get_string_member_with_default (cart, "expires_at", NULL);

  ts_html_printf (h, "<section class=\"checkout-summary\" aria-labelledby=\"summary-title\">\n"
                  "<h2 id=\"summary-title\">%s</h2>\n<table class=\"lines\">\n<thead><tr>"
                  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                  "<th scope=\"col\" class=\"money\">%s</th></tr></thead>\n<tbody>\n",
                  ts_shop_tr (req, N_("Your tickets")), ts_shop_tr (req, N_("Performance")),
                  ts_shop_tr (req, N_("Seat or area")), ts_shop_tr (req, N_("Ticket type")),
                  ts_shop_tr (req, N_("Price")));
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      const char *when = json_object_get_string_member_with_default (line, "starts_at", NULL);
      const char *type = line_type_name (line);
      gint64 quantity = json_object_get_int_member_with_default (line, "quantity", 1);

      ts_html_printf (h, "<tr><td>%s", json_object_get_string_member_with_default (line, "event", ""));
      if (when != NULL)
        {
          ts_html_raw (h, "<br>");
          ts_shop_when (req, h, when);
        }
      {
        g_autofree char *place = ts_shop_place (req, line, "name");

        ts_html_printf (h, "</td><td>%s", place);
      }
      if (quantity > 1)
        ts_html_printf (h, " × %" G_GINT64_FORMAT, quantity);
      ts_html_printf (h, "</td><td>%s</td><td class=\"money\">",
                      type != NULL ? type : ts_shop_tr (req, N_("Choose a ticket type in your cart")));
      ts_shop_money (req, h, json_object_get_int_member_with_default (line, "amount_cents", 0));
      ts_html_raw (h, "</td></tr>\n");
    }
  ts_html_printf (h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"3\">%s</th><td class=\"money\">",
                  ts_shop_tr (req, N_("Total")));
  ts_shop_money (req, h, json_object_get_int_member_with_default (cart, "total_cents", 0));
  ts_html_raw (h, "</td></tr></tfoot>\n</table>\n");
  if (expires != NULL)
    {
      g_autofree char *clock = ts_shop_clock_text (req, expires);

      ts_shop_countdown_open (req, h, expires);
      if (json_object_get_int_member_with_default (cart, "total_cents", 0) > 0)
        ts_html_printf (h, trf (req, N_("Your seats are held until %s: pay before then.")), clock);
      else   /* T3: vouchers only */
        ts_html_printf (h, trf (req, N_("Your seats are held until %s: confirm before then.")), clock);
      ts_html_raw (h, "</p>\n");
    }
  ts_html_raw (h, "</section>\n");
}

/* K3: each question a required choice of yes or no, in its own group. */
static void
partner_questions (TsShopRequest *req,
                   TsHtml        *h,
                   Checkout      *c,
                   JsonArray     *questions)
{
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonObject *q = json_array_get_object_element (questions, i);
      gint64 id = json_object_get_int_member (q, "partner_company_id");
      g_autofree char *field = g_strdup_printf ("partner-%" G_GINT64_FORMAT, id);
      const char *answer = c != NULL ? g_hash_table_lookup (c->answers, field) : NULL;
      const char *error = c != NULL ? g_hash_table_lookup (c->errors, field) : NULL;
      const char *about = json_object_get_string_member_with_default (q, "web_description", "");

      if (error != NULL)
        ts_html_printf (h, "<fieldset class=\"question\" aria-describedby=\"%s-error\">\n<legend>", field);
      else
        ts_html_raw (h, "<fieldset class=\"question\">\n<legend>");
      ts_html_printf (h, trf (req, N_("May %s send you news and offers?")),
                      json_object_get_string_member (q, "name"));
      ts_html_raw (h, "</legend>\n");
      if (about != NULL && *about != '\0')
        ts_html_printf (h, "<p class=\"hint\">%s</p>\n", about);
      if (error != NULL)
        ts_shop_field_error (req, h, field, error);
      ts_html_printf (h, "<label><input type=\"radio\" name=\"%s\" value=\"yes\" required%s> %s</label>\n", field,
                      g_strcmp0 (answer, "yes") == 0 ? " checked" : "", ts_shop_tr (req, N_("Yes")));
      ts_html_printf (h, "<label><input type=\"radio\" name=\"%s\" value=\"no\" required%s> %s</label>\n", field,
                      g_strcmp0 (answer, "no") == 0 ? " checked" : "", ts_shop_tr (req, N_("No")));
      ts_html_raw (h, "</fieldset>\n");
    }
}

/* T3: the cart holds a place for a voucher that can no longer be used. */
static gboolean
has_voucher_problem (JsonNode *lines)
{
  for (guint i = 0; lines != NULL && JSON_NODE_HOLDS_ARRAY (lines) && i < json_array_get_length (json_node_get_array (lines)); i++)
    {
      JsonObject *line = json_array_get_object_element (json_node_get_array (lines), i);

      if (json_object_has_member (line, "voucher_id")
          && !json_object_get_boolean_member_with_default (line, "voucher_ok", FALSE))
        return TRUE;
    }
  return FALSE;
}

/* The whole page: the summary, the form as typed (c NULL: empty), a
 * message on top (a declined card, a payment that did not go through). */
static gboolean
render (TsShopRequest  *req,
        PGconn         *conn,
        Checkout       *c,
        const char     *notice,
        GError        **error)
{
  g_autoptr(JsonNode) cart = ts_pg_exec_json (conn, "SELECT ts_shop_cart ()", 0, NULL, error);
  g_autofree char *patron = req->patron_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, req->patron_id) : NULL;
  g_autoptr(JsonNode) questions = NULL;
  g_autofree char *action = ts_shop_url (req, "/checkout");
  g_autofree char *key = NULL;
  g_autofree char *total_text = NULL;
  gint64 total;
  JsonNode *lines;
  gboolean has_lines;
  TsHtml *h;

  if (cart == NULL && (error == NULL || *error == NULL))
    cart = json_from_string ("{}", NULL);
  if (cart == NULL)
    return FALSE;
  total = json_object_get_int_member_with_default (json_node_get_object (cart), "total_cents", 0);
  lines = json_object_get_member (json_node_get_object (cart), "lines");
  has_lines = lines != NULL && JSON_NODE_HOLDS_ARRAY (lines) && json_array_get_length (json_node_get_array (lines)) > 0;
  if (total <= 0 && notice == NULL && !has_lines)
    {
      ts_shop_redirect (req, "/cart");   /* nothing to pay for (or the hold expired) */
      return TRUE;
    }
  questions = ts_pg_exec_json (conn, "SELECT ts_shop_partner_questions ($1::bigint)", 1,
                               (const char *[]) { patron }, error);
  if (questions == NULL)
    return FALSE;
  /* S2: one key per form shown; a double click sends it twice, one sale */
  key = c != NULL && c->idempotency_key != NULL ? g_strdup (c->idempotency_key) : ts_payment_random_token (24, error);
  if (key == NULL)
    return FALSE;

  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Check out")));   /* its <h1> */
  if (notice != NULL)
    ts_shop_notice (req, h, notice, TRUE);
  if (has_lines)   /* no empty table "Total $0.00" under a refusal once the hold is gone */
    summary (req, h, json_node_get_object (cart));
  /* a line without a type the visitor may buy cannot be sold (T2, T3, T5):
   * the cart is where it is chosen */
  if (has_lines && !json_object_get_boolean_member_with_default (json_node_get_object (cart), "complete", TRUE))
    {
      g_autofree char *cart_url = ts_shop_url (req, "/cart");
      const char *why = N_("A line of your cart has no ticket type yet: choose one in your cart.");

      /* T3: a voucher is its signed-in subscriber's */
      if (has_voucher_problem (lines))
        why = req->account_id > 0 ? VOUCHER_USED
                                  : N_("Sign in to use the vouchers in your cart, or remove their places from it.");
      ts_shop_notice (req, h, ts_shop_tr (req, why), TRUE);
      ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", cart_url, ts_shop_tr (req, N_("Back to your cart")));
      req->status = 422;
      ts_shop_page_end (req, h);
      ts_shop_respond_html (req, h);
      return TRUE;
    }
  if (total <= 0 && !has_lines)
    {
      g_autofree char *cart_url = ts_shop_url (req, "/cart");

      ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", cart_url, ts_shop_tr (req, N_("Back to your cart")));
      req->status = 422;   /* a refusal's message, with nothing left to pay for */
      ts_shop_page_end (req, h);
      ts_shop_respond_html (req, h);
      return TRUE;
    }
  if (total > 0 && ts_payments_get_provider (ts_payments_get_default ()) == NULL)
    {
      ts_shop_notice (req, h, ts_shop_tr (req, N_("Online payment is not available at the moment. Please call the box office.")), TRUE);
      ts_shop_page_end (req, h);
      ts_shop_respond_html (req, h);
      return TRUE;
    }

  ts_html_printf (h, "<form class=\"checkout\" method=\"post\" action=\"%s\">\n", action);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<input type=\"hidden\" name=\"idempotency_key\" value=\"%s\">\n", key);
  ts_html_printf (h, "<input type=\"hidden\" name=\"amount_cents\" value=\"%" G_GINT64_FORMAT "\">\n", total);

  ts_html_printf (h, "<fieldset class=\"buyer\">\n<legend>%s</legend>\n", ts_shop_tr (req, N_("Your details")));
  if (req->account_id > 0)
    ts_html_printf (h, "<p>%s</p>\n",
                    ts_shop_tr (req, N_("You are signed in: the tickets will be in your account.")));
  else
    {
      field_input (req, h, c, "first_name", ts_shop_tr (req, N_("First name")), "text", "given-name",
                   c != NULL ? c->first_name : NULL, TRUE, NULL, " maxlength=\"80\"");
      field_input (req, h, c, "last_name", ts_shop_tr (req, N_("Last name")), "text", "family-name",
                   c != NULL ? c->last_name : NULL, TRUE, NULL, " maxlength=\"80\"");
      field_input (req, h, c, "email", ts_shop_tr (req, N_("E-mail")), "email", "email",
                   c != NULL ? c->email : NULL, TRUE, NULL, " maxlength=\"254\"");
      field_input (req, h, c, "phone", ts_shop_tr (req, N_("Phone (optional)")), "tel", "tel",
                   c != NULL ? c->phone : NULL, FALSE, NULL, " maxlength=\"40\"");
    }
  ts_html_raw (h, "</fieldset>\n");

  partner_questions (req, h, c, json_node_get_array (questions));

  if (total <= 0)
    {
      /* T3, S4: the vouchers pay for everything; no card is asked for */
      ts_html_printf (h, "<p class=\"hint\">%s</p>\n<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n",
                      ts_shop_tr (req, N_("Nothing to pay: your vouchers cover these tickets. No card is needed.")),
                      ts_shop_tr (req, N_("Confirm my tickets")));
      ts_shop_page_end (req, h);
      if (c != NULL && (g_hash_table_size (c->errors) > 0 || notice != NULL))
        req->status = 422;
      ts_shop_respond_html (req, h);
      return TRUE;
    }
  ts_html_printf (h, "<fieldset class=\"card\">\n<legend>%s</legend>\n", ts_shop_tr (req, N_("Card")));
  ts_html_printf (h, "<p class=\"hint\">%s</p>\n", ts_shop_tr (req, N_("Online, the whole order is paid by card.")));
  field_input (req, h, c, "card_number", ts_shop_tr (req, N_("Card number")), "text", "cc-number", NULL, TRUE, NULL,
               " inputmode=\"numeric\" maxlength=\"23\"");
  field_input (req, h, c, "card_expiry", ts_shop_tr (req, N_("Expiry (MM/YY)")), "text", "cc-exp",
               c != NULL ? c->card_expiry : NULL, TRUE,
               ts_shop_tr (req, N_("MM/YY")), " inputmode=\"numeric\" maxlength=\"7\"");
  field_input (req, h, c, "card_cvc", ts_shop_tr (req, N_("Security code")), "text", "cc-csc", NULL, TRUE, NULL,
               " inputmode=\"numeric\" maxlength=\"4\"");
  field_input (req, h, c, "card_name", ts_shop_tr (req, N_("Name on card")), "text", "cc-name",
               c != NULL ? c->card_name : NULL, TRUE, NULL, " maxlength=\"120\"");
  ts_html_raw (h, "</fieldset>\n");
  total_text = ts_shop_money_text (req, total);
  ts_html_printf (h, "<button type=\"submit\" class=\"primary\">");
  ts_html_printf (h, trf (req, N_("Pay %s")), total_text);
  ts_html_raw (h, "</button>\n</form>\n");
  ts_shop_page_end (req, h);
  if (c != NULL && (g_hash_table_size (c->errors) > 0 || notice != NULL))
    req->status = 422;
  ts_shop_respond_html (req, h);
  return TRUE;
}

gboolean
ts_shop_page_checkout (TsShopRequest  *req,
                       PGconn         *conn,
                       GError        **error)
{
  return render (req, conn, NULL, NULL, error);
}

/* The form, read and checked --------------------------------------------- */

static char *
form_text (TsShopRequest *req,
           const char    *name)
{
  const char *value = ts_shop_form_get (req, name);

  return value != NULL ? g_strstrip (g_strdup (value)) : g_strdup ("");
}

/* Luhn's check digit: a mistyped number is said at once, not declined. */
static gboolean
luhn_ok (const char *digits)
{
  int sum = 0;
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      int d = digits[n - 1 - i] - '0';

      if (i % 2 == 1)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  return n > 0 && sum % 10 == 0;
}

static char *
digits_only (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
    else if (*p != ' ' && *p != '-')
      {
        g_string_free (out, TRUE);
        return g_strdup ("");
      }
  return g_string_free (out, FALSE);
}

static void
refuse (TsShopRequest *req,
        Checkout      *c,
        const char    *field,
        const char    *msgid)
{
  if (!g_hash_table_contains (c->errors, field))
    g_hash_table_insert (c->errors, g_strdup (field), (gpointer) ts_shop_tr (req, msgid));
}

static gboolean
read_form (TsShopRequest  *req,
           PGconn         *conn,
           Checkout       *c,
           GError        **error)
{
  g_autofree char *number = form_text (req, "card_number");
  g_autofree char *amount = form_text (req, "amount_cents");
  g_autofree char *patron = req->patron_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, req->patron_id) : NULL;
  g_autoptr(JsonNode) questions = NULL;
  JsonArray *asked;
  unsigned month, year;
  char end;

  c->first_name = form_text (req, "first_name");
  c->last_name = form_text (req, "last_name");
  c->email = form_text (req, "email");
  c->phone = form_text (req, "phone");
  c->card_number = digits_only (number);
  c->card_expiry = form_text (req, "card_expiry");
  c->card_cvc = form_text (req, "card_cvc");
  c->card_name = form_text (req, "card_name");
  c->idempotency_key = form_text (req, "idempotency_key");
  c->amount_cents = g_ascii_strtoll (amount, NULL, 10);

  if (strlen (c->idempotency_key) < 8 || strlen (c->idempotency_key) > 100)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "idempotency_key: 8 to 100 characters");
      return FALSE;
    }
  if (req->account_id == 0)
    {
      if (*c->first_name == '\0' || g_utf8_strlen (c->first_name, -1) > 80)
        refuse (req, c, "first_name", N_("Enter your first name."));
      if (*c->last_name == '\0' || g_utf8_strlen (c->last_name, -1) > 80)
        refuse (req, c, "last_name", N_("Enter your last name."));
      if (!g_regex_match_simple ("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", c->email, 0, 0) || strlen (c->email) > 254)
        refuse (req, c, "email", N_("Enter an e-mail address, like name@example.com."));
      if (strlen (c->phone) > 40)
        refuse (req, c, "phone", N_("Enter a phone number of at most 40 characters."));
    }
  /* nothing to pay (vouchers, T3): no card */
  if (c->amount_cents != 0 && (strlen (c->card_number) < 12 || strlen (c->card_number) > 19 || !luhn_ok (c->card_number)))
    refuse (req, c, "card_number", N_("Check the card number."));
  if (c->amount_cents != 0
      && (sscanf (c->card_expiry, "%u/%u%c", &month, &year, &end) != 2 || month < 1 || month > 12 || year > 9999))
    refuse (req, c, "card_expiry", N_("Enter the expiry as month and year, like 04/29."));
  if (c->amount_cents != 0 && !g_regex_match_simple ("^[0-9]{3,4}$", c->card_cvc, 0, 0))
    refuse (req, c, "card_cvc", N_("Enter the 3 or 4 digits of the security code."));
  if (c->amount_cents != 0 && (*c->card_name == '\0' || g_utf8_strlen (c->card_name, -1) > 120))
    refuse (req, c, "card_name", N_("Enter the name on the card."));

  /* K3: online, each question the page asked is answered yes or no */
  questions = ts_pg_exec_json (conn, "SELECT ts_shop_partner_questions ($1::bigint)", 1,
                               (const char *[]) { patron }, error);
  if (questions == NULL)
    return FALSE;
  asked = json_node_get_array (questions);
  for (guint i = 0; i < json_array_get_length (asked); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (asked, i), "partner_company_id");
      g_autofree char *field = g_strdup_printf ("partner-%" G_GINT64_FORMAT, id);
      const char *answer = ts_shop_form_get (req, field);

      if (answer != NULL && (g_str_equal (answer, "yes") || g_str_equal (answer, "no")))
        g_hash_table_insert (c->answers, g_strdup (field), g_strdup (answer));
      else
        refuse (req, c, field, N_("Answer yes or no."));
    }
  return TRUE;
}

/* The order the payment is for: the purchaser, the answers, the link. */
static char *
order_request (TsShopRequest *req,
               Checkout      *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = ts_payments_order_token (c->payments, c->idempotency_key);
  g_autofree char *hash = ts_payment_token_hash (token);
  GHashTableIter iter;
  gpointer field, answer;

  json_builder_begin_object (b);
  if (req->patron_id > 0)
    {
      json_builder_set_member_name (b, "purchaser_id");
      json_builder_add_int_value (b, req->patron_id);
    }
  else
    {
      json_builder_set_member_name (b, "guest");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "first_name");
      json_builder_add_string_value (b, c->first_name);
      json_builder_set_member_name (b, "last_name");
      json_builder_add_string_value (b, c->last_name);
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (b, c->email);
      json_builder_set_member_name (b, "phone");
      json_builder_add_string_value (b, c->phone);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "partner_answers");
  json_builder_begin_array (b);
  g_hash_table_iter_init (&iter, c->answers);
  while (g_hash_table_iter_next (&iter, &field, &answer))
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "partner_company_id");
      json_builder_add_int_value (b, g_ascii_strtoll ((const char *) field + strlen ("partner-"), NULL, 10));
      json_builder_set_member_name (b, "answer");
      json_builder_add_string_value (b, answer);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "web_access_hash");
  json_builder_add_string_value (b, hash);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The flow ---------------------------------------------------------------- */

static gboolean continue_payment (TsShopRequest *req, PGconn *conn, Checkout *c, GError **error);

static const char *
intent_status (Checkout *c)
{
  return json_object_get_string_member (json_node_get_object (c->intent), "status");
}

static const char *
intent_id (Checkout *c)
{
  return json_object_get_string_member (json_node_get_object (c->intent), "id");
}

static void
go_to_order (TsShopRequest *req,
             Checkout      *c)
{
  const char *key = json_object_get_string_member (json_node_get_object (c->intent), "idempotency_key");
  g_autofree char *token = ts_payments_order_token (c->payments, key);
  g_autofree char *path = g_strconcat ("/orders/", token, NULL);

  ts_shop_redirect (req, path);
}

/* A new form for another try: a new key (this one has its answer). */
static gboolean
try_again (TsShopRequest  *req,
           PGconn         *conn,
           Checkout       *c,
           const char     *msgid,
           GError        **error)
{
  g_clear_pointer (&c->idempotency_key, g_free);
  return render (req, conn, c, ts_shop_tr (req, msgid), error);
}

/* In a thread: the provider authorises the card (S4: the whole total). */
static gboolean
authorize_work (TsShopRequest  *req,
                GError        **error)
{
  Checkout *c = ts_shop_request_get_data (req);
  JsonObject *intent = json_node_get_object (c->intent);
  g_autofree char *path = g_strdup_printf ("/checkout/return?intent=%s", intent_id (c));
  g_autofree char *return_url = ts_shop_url (req, path);
  TsPaymentAuthorization request = {
    .amount_cents = json_object_get_int_member (intent, "amount_cents"),
    .currency = json_object_get_string_member (intent, "currency"),
    .idempotency_key = json_object_get_string_member (intent, "idempotency_key"),
    .card_number = c->card_number, .card_expiry = c->card_expiry, .card_cvc = c->card_cvc,
    .card_name = c->card_name, .return_url = return_url,
  };
  g_autoptr(GError) local_error = NULL;

  c->outcome = ts_payment_provider_authorize (ts_payments_get_provider (c->payments), &request, &local_error);
  if (c->outcome == NULL)
    c->provider_error = g_strdup (local_error->message);
  return TRUE;
}

static gboolean
authorized_step (TsShopRequest  *req,
                 PGconn         *conn,
                 GError        **error)
{
  Checkout *c = ts_shop_request_get_data (req);
  JsonNode *after;

  if (c->outcome == NULL)
    {
      g_message ("A card payment could not be authorised: %s", c->provider_error);
      /* the same key again: the provider answers the first authorisation once */
      return render (req, conn, c,
                     ts_shop_tr (req, N_("The payment service did not answer. Nothing was charged; please try again.")),
                     error);
    }
  after = ts_payment_intents_record (conn, intent_id (c), c->outcome->status, c->outcome, NULL, error);
  if (after == NULL)
    return FALSE;
  json_node_unref (c->intent);
  c->intent = after;
  return continue_payment (req, conn, c, error);
}

/* In a thread: the sale went through, the money is taken; it did not, the
 * authorisation is voided (never charged). */
static gboolean
settle_work (TsShopRequest  *req,
             GError        **error)
{
  Checkout *c = ts_shop_request_get_data (req);
  JsonObject *intent = json_node_get_object (c->intent);
  gboolean sold = json_object_get_boolean_member (json_node_get_object (c->completed), "ok");
  g_autofree char *key = g_strdup_printf ("%s-%s", sold ? "capture" : "void", intent_id (c));
  const char *reference = json_object_get_string_member (intent, "reference");
  TsPaymentProvider *provider = ts_payments_get_provider (c->payments);
  g_autoptr(GError) local_error = NULL;

  c->settled = sold ? ts_payment_provider_capture (provider, reference,
                                                   json_object_get_int_member (intent, "amount_cents"), key,
                                                   &local_error)
                    : ts_payment_provider_void (provider, reference, key, &local_error);
  if (!c->settled)
    g_warning ("The payment %s was not %s: %s", reference, sold ? "captured" : "voided", local_error->message);
  return TRUE;
}

static gboolean
settled_step (TsShopRequest  *req,
              PGconn         *conn,
              GError        **error)
{
  Checkout *c = ts_shop_request_get_data (req);
  JsonObject *completed = json_node_get_object (c->completed);
  gboolean sold = json_object_get_boolean_member (completed, "ok");
  const char *code = json_object_get_string_member_with_default (completed, "code", "");

  if (c->settled)
    {
      g_autoptr(JsonNode) after = ts_payment_intents_record (conn, intent_id (c),
                                                             sold ? TS_PAYMENT_CAPTURED : TS_PAYMENT_VOIDED, NULL,
                                                             sold ? NULL : json_object_get_string_member (completed, "message"),
                                                             error);
      if (after == NULL)
        return FALSE;
    }
  if (sold)
    {
      go_to_order (req, c);
      return TRUE;
    }
  /* the sale was refused after the card was authorised: its hold expired,
   * a seat was taken, the cart changed — said in the patron's words */
  if (strstr (json_object_get_string_member_with_default (completed, "message", ""), "voucher") != NULL)
    return try_again (req, conn, c, VOUCHER_USED, error);
  if (g_str_equal (code, "TS409") || g_str_equal (code, "TS404"))
    return try_again (req, conn, c, N_("Your cart changed or its hold expired before the payment went through. "
                                       "Nothing was charged: check your cart and pay again."), error);
  return try_again (req, conn, c, N_("The order could not be completed. Nothing was charged."), error);
}

/* What comes next for the intent as it now stands. */
static gboolean
continue_payment (TsShopRequest  *req,
                  PGconn         *conn,
                  Checkout       *c,
                  GError        **error)
{
  JsonObject *intent = json_node_get_object (c->intent);
  const char *status = intent_status (c);
  JsonNode *order = json_object_get_member (intent, "order_id");

  if (order != NULL && !JSON_NODE_HOLDS_NULL (order))
    {
      go_to_order (req, c);   /* S2: sold once, whatever was clicked twice */
      return TRUE;
    }
  if (g_str_equal (status, "created"))
    {
      if (c->card_number == NULL)
        return try_again (req, conn, c, N_("The payment did not go through. Nothing was charged."), error);
      ts_shop_request_then (req, authorize_work, authorized_step);
      return TRUE;
    }
  if (g_str_equal (status, "needs_confirmation"))
    {
      ts_shop_redirect_to (req, json_object_get_string_member (intent, "confirmation_url"));
      return TRUE;
    }
  if (g_str_equal (status, "authorized"))
    {
      c->completed = ts_payment_intents_complete (conn, intent_id (c), error);
      if (c->completed == NULL)
        return FALSE;
      ts_shop_request_then (req, settle_work, settled_step);
      return TRUE;
    }
  if (g_str_equal (status, "voided"))
    {
      /* S4: confirmed at the bank after the hold expired or the cart changed
       * (the sale refused, the authorisation voided), or never confirmed */
      return try_again (req, conn, c, N_("Your cart changed or its hold expired before the payment went through. "
                                         "Nothing was charged: check your cart and pay again."), error);
    }
  if (g_str_equal (status, "declined"))
    return try_again (req, conn, c, N_("Your card was declined. Nothing was charged; your seats stay in your cart "
                                       "until their hold expires. Try another card."), error);
  return try_again (req, conn, c, N_("The payment did not go through. Nothing was charged."), error);
}

/* S4, T3: nothing to pay: sold at once, without the provider and without a
 * payment intent; a refusal is said on the form, nothing sold. */
static gboolean
free_checkout (TsShopRequest  *req,
               PGconn         *conn,
               Checkout       *c,
               GError        **error)
{
  g_autofree char *request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) order = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  if (c->payments == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INTERNAL, "The storefront's payments are not set up");
      return FALSE;
    }
  request = order_request (req, c);
  root = json_from_string (request, NULL);
  json_object_set_string_member (json_node_get_object (root), "idempotency_key", c->idempotency_key);
  body = json_to_string (root, FALSE);
  if (!ts_pg_exec_simple (conn, "SAVEPOINT free_checkout", error))
    return FALSE;
  order = ts_pg_exec_json (conn, "SELECT ts_shop_order_free ($1::jsonb)", 1, (const char *[]) { body }, &local_error);
  if (order == NULL)
    {
      if (!ts_pg_exec_simple (conn, "ROLLBACK TO SAVEPOINT free_checkout", error))
        return FALSE;
      if (local_error != NULL && strstr (local_error->message, "voucher") != NULL
          && (local_error->code == TS_ERROR_CONFLICT || local_error->code == TS_ERROR_FORBIDDEN))
        return try_again (req, conn, c, VOUCHER_USED, error);
      if (local_error != NULL && (g_error_matches (local_error, TS_ERROR, TS_ERROR_CONFLICT)
                                  || g_error_matches (local_error, TS_ERROR, TS_ERROR_NOT_FOUND)))
        return try_again (req, conn, c, N_("Your cart changed or its hold expired: check your cart and try again."),
                          error);
      if (local_error == NULL)
        g_set_error_literal (&local_error, TS_ERROR, TS_ERROR_INVALID, "The order was not made");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  token = ts_payments_order_token (c->payments, c->idempotency_key);
  path = g_strconcat ("/orders/", token, NULL);
  ts_shop_redirect (req, path);
  return TRUE;
}

gboolean
ts_shop_page_checkout_post (TsShopRequest  *req,
                            PGconn         *conn,
                            GError        **error)
{
  Checkout *c = checkout_new ();
  g_autofree char *request = NULL;
  g_autofree char *amount = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonBuilder *b;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  ts_shop_request_set_data (req, c, checkout_free);
  c->payments = ts_payments_get_default () != NULL ? g_object_ref (ts_payments_get_default ()) : NULL;
  if (!read_form (req, conn, c, error))
    return FALSE;
  if (c->amount_cents != 0 && ts_payments_get_provider (c->payments) == NULL)
    return render (req, conn, NULL, NULL, error);
  if (g_hash_table_size (c->errors) > 0)
    return render (req, conn, c, ts_shop_tr (req, N_("Please check the fields marked below.")), error);
  if (!ts_shop_session_ensure (req, conn, error))
    return FALSE;
  if (c->amount_cents == 0)
    return free_checkout (req, conn, c, error);

  request = order_request (req, c);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "idempotency_key");
  json_builder_add_string_value (b, c->idempotency_key);
  json_builder_set_member_name (b, "provider");
  json_builder_add_string_value (b, ts_payment_provider_get_name (ts_payments_get_provider (c->payments)));
  json_builder_set_member_name (b, "amount_cents");
  json_builder_add_int_value (b, c->amount_cents);
  json_builder_set_member_name (b, "order_request");
  json_builder_add_value (b, json_from_string (request, NULL));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  g_object_unref (b);
  body = json_to_string (root, FALSE);

  /* the refusals a patron can meet are said in its words; the rest is an error page */
  if (!ts_pg_exec_simple (conn, "SAVEPOINT begin_payment", error))
    return FALSE;
  c->intent = ts_pg_exec_json (conn, "SELECT ts_shop_payment_begin ($1::jsonb)", 1, (const char *[]) { body },
                               &local_error);
  if (c->intent == NULL)
    {
      if (!ts_pg_exec_simple (conn, "ROLLBACK TO SAVEPOINT begin_payment", error))
        return FALSE;
      if (local_error != NULL && g_error_matches (local_error, TS_ERROR, TS_ERROR_CONFLICT))
        return try_again (req, conn, c, N_("Your cart changed since this page was shown: check the total and pay again."),
                          error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return continue_payment (req, conn, c, error);
}

/* GET /checkout/return?intent=…: back from the provider's page. */
gboolean
ts_shop_page_checkout_return (TsShopRequest  *req,
                              PGconn         *conn,
                              GError        **error)
{
  const char *id = ts_shop_query_get (req, "intent");
  Checkout *c = checkout_new ();
  g_autoptr(GError) local_error = NULL;

  ts_shop_request_set_data (req, c, checkout_free);
  c->payments = ts_payments_get_default () != NULL ? g_object_ref (ts_payments_get_default ()) : NULL;
  if (id == NULL || !g_uuid_string_is_valid (id) || req->session_id == NULL || c->payments == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      return FALSE;
    }
  c->intent = ts_pg_exec_json (conn, "SELECT ts_shop_payment_mine ($1::uuid)", 1, (const char *[]) { id },
                               &local_error);
  if (c->intent == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");   /* F7 */
      return FALSE;
    }
  if (g_str_equal (intent_status (c), "needs_confirmation"))
    {
      /* back without deciding: the provider's page again, or another card */
      return try_again (req, conn, c, N_("Your bank has not confirmed the payment yet. Nothing was charged."), error);
    }
  return continue_payment (req, conn, c, error);
}
