/* ts-payments.c — the storefront's card payments as the server runs them
 * (S2, S4, P5): the provider the config names, the order links, and the
 * provider's side of the server — the test provider's own confirmation
 * page (Approve / Decline) and the notifications a provider posts, each
 * verified (HMAC-SHA256) before anything changes, then recorded on its
 * payment intent, which then sells the cart and is captured, or voided. */
#include "ts-payments.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ts-catalog.h"
#include "ts-error.h"
#include "ts-html.h"
#include "ts-money.h"
#include "ts-payment-intents.h"
#include "ts-payment-signature.h"
#include "ts-pg.h"
#include "ts-shop-static.h"
#include "ts-test-payment-provider.h"

#define PREFIX "/payments/"

/* The storefront's policy (docs/security.md): nothing inline, nothing from
 * elsewhere. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* How often card refunds of web orders are looked for (S6). */
#define REFUND_SWEEP_SECONDS 3

struct _TsPayments
{
  GObject            parent_instance;

  TsDb              *db;
  TsPaymentProvider *provider;
  char              *secret;
  gboolean           https;      /* Secure cookies */
  guint              sweep_source;
  gboolean           sweeping;
  gboolean           stopped;
  char              *sweeper_id; /* this server's claims (ts_shop_payment_sweep_claim) */
};

G_DEFINE_FINAL_TYPE (TsPayments, ts_payments, G_TYPE_OBJECT)

static TsPayments *default_payments;
G_LOCK_DEFINE_STATIC (default_payments);

/* A notification on its way: verified, then recorded (and the sale made)
 * in a database worker, then the payment captured or voided in a thread,
 * then that recorded. */
typedef struct
{
  TsPayments        *self;
  SoupServerMessage *msg;
  char              *reference;
  TsPaymentStatus    status;
  char              *redirect;    /* the card holder's way back (the confirmation page), or NULL */
  JsonNode          *intent;
  JsonNode          *completed;   /* ts_shop_payment_complete's answer, or NULL */
  gboolean           settled;     /* the capture or void went through */
  char              *settle_error;
} Notice;

static void
notice_free (Notice *notice)
{
  g_object_unref (notice->self);
  g_object_unref (notice->msg);
  g_free (notice->reference);
  g_free (notice->redirect);
  g_clear_pointer (&notice->intent, json_node_unref);
  g_clear_pointer (&notice->completed, json_node_unref);
  g_free (notice->settle_error);
  g_free (notice);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Notice, notice_free)

static void
set_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
}

static void
answer_text (SoupServerMessage *msg,
             guint              status,
             const char        *text)
{
  set_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
answer_html (SoupServerMessage *msg,
             guint              status,
             TsHtml            *page)
{
  g_autofree char *text = ts_html_free_to_string (page);

  set_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, g_steal_pointer (&text),
                                    strlen (text));
}

/* The provider's page speaks the storefront's language: its cookie, else
 * what the browser asks for. */
static const char *
page_lang (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *accept = soup_message_headers_get_one (headers, "Accept-Language");
  const char *cookie = soup_message_headers_get_one (headers, "Cookie");

  if (cookie != NULL && strstr (cookie, "ts_lang=fr") != NULL)
    return "fr";
  if (cookie != NULL && strstr (cookie, "ts_lang=en") != NULL)
    return "en";
  return accept != NULL && g_ascii_strncasecmp (accept, "fr", 2) == 0 ? "fr" : "en";
}

static const char *
tr (const char *lang,
    const char *msgid)
{
  TsCatalog *catalog = g_str_equal (lang, "fr") ? ts_catalog_get ("fr") : NULL;

  return catalog != NULL ? ts_catalog_lookup (catalog, msgid) : msgid;
}

/* The value of cookie name in the request, or NULL. */
static char *
request_cookie (SoupServerMessage *msg,
                const char        *name)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto(GStrv) parts = header != NULL ? g_strsplit (header, ";", -1) : NULL;

  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, name) && part[strlen (name)] == '=')
        return g_strdup (part + strlen (name) + 1);
    }
  return NULL;
}

/* The double-submitted CSRF value: the cookie and the field, equal,
 * compared in a time that does not tell where they differ. */
static gboolean
same_secret (const char *cookie,
             const char *field)
{
  guint8 diff = 0;
  gsize n;

  if (cookie == NULL || field == NULL || (n = strlen (cookie)) < 16 || strlen (field) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (cookie[i] ^ field[i]);
  return diff == 0;
}

/* Notifications ---------------------------------------------------------- */

static void notice_answer (Notice *notice);

static gboolean
rollback (PGconn *conn)
{
  PGresult *r = PQexec (conn, "ROLLBACK");

  PQclear (r);
  return FALSE;
}

/* In a database worker: the intent of the reference, its new status, and
 * the sale when the payment is authorised (in the storefront's context). */
static gboolean
notice_record (PGconn   *conn,
               gpointer  data,
               GError  **error)
{
  Notice *notice = data;
  const char *provider = ts_payment_provider_get_name (notice->self->provider);
  JsonObject *intent;
  g_autofree char *id = NULL;

  if (!ts_db_begin (conn, error))
    return FALSE;
  notice->intent = ts_payment_intents_adopt (conn, provider, notice->reference, error);
  if (notice->intent == NULL)
    {
      if (error != NULL && *error != NULL)
        return rollback (conn);
      return ts_db_commit (conn, error);
    }
  id = g_strdup (json_object_get_string_member (json_node_get_object (notice->intent), "id"));
  json_node_unref (notice->intent);
  notice->intent = ts_payment_intents_record (conn, id, notice->status, NULL, NULL, error);
  if (notice->intent == NULL)
    return rollback (conn);
  intent = json_node_get_object (notice->intent);
  if (g_str_equal (json_object_get_string_member (intent, "status"), "authorized"))
    {
      notice->completed = ts_payment_intents_complete (conn, id, error);
      if (notice->completed == NULL)
        return rollback (conn);
    }
  return ts_db_commit (conn, error);
}

static gboolean
completed_ok (Notice *notice)
{
  return json_object_get_boolean_member (json_node_get_object (notice->completed), "ok");
}

/* In a thread: the sale went through, the money is taken; it did not, the
 * authorisation is voided (the card holder is never charged). */
static void
notice_settle (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Notice *notice = data;
  JsonObject *intent = json_node_get_object (notice->intent);
  const char *id = json_object_get_string_member (intent, "id");
  const char *reference = json_object_get_string_member (intent, "reference");
  g_autofree char *key = g_strdup_printf ("%s-%s", completed_ok (notice) ? "capture" : "void", id);
  g_autoptr(GError) error = NULL;

  if (completed_ok (notice))
    notice->settled = ts_payment_provider_capture (notice->self->provider, reference,
                                                   json_object_get_int_member (intent, "amount_cents"), key, &error);
  else
    notice->settled = ts_payment_provider_void (notice->self->provider, reference, key, &error);
  if (!notice->settled)
    notice->settle_error = g_strdup (error->message);
  g_task_return_boolean (task, TRUE);
}

static gboolean
notice_record_settled (PGconn   *conn,
                       gpointer  data,
                       GError  **error)
{
  Notice *notice = data;
  JsonObject *intent = json_node_get_object (notice->intent);
  g_autoptr(JsonNode) after = NULL;
  const char *message = completed_ok (notice) ? NULL
                        : json_object_get_string_member (json_node_get_object (notice->completed), "message");

  if (!ts_db_begin (conn, error))
    return FALSE;
  if (!ts_payment_intents_context (conn, intent, error))
    return rollback (conn);
  after = ts_payment_intents_record (conn, json_object_get_string_member (intent, "id"),
                                     completed_ok (notice) ? TS_PAYMENT_CAPTURED : TS_PAYMENT_VOIDED,
                                     NULL, message, error);
  if (after == NULL)
    return rollback (conn);
  return ts_db_commit (conn, error);
}

static void
notice_settled_recorded (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  Notice *notice = data;
  g_autoptr(GError) error = NULL;

  if (!ts_db_run_finish (TS_DB (source), result, &error))
    g_warning ("A payment's capture or void could not be recorded: %s", error->message);
  notice_answer (notice);
}

static void
notice_settle_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Notice *notice = data;

  if (!notice->settled)
    {
      /* S4: the sale is made; the money is the provider's to take again */
      g_warning ("The payment %s was not %s: %s", notice->reference,
                 completed_ok (notice) ? "captured" : "voided", notice->settle_error);
      notice_answer (notice);
      return;
    }
  ts_db_run_async (notice->self->db, notice_record_settled, notice, NULL, notice_settled_recorded, notice);
}

static void
notice_recorded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Notice *notice = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!ts_db_run_finish (TS_DB (source), result, &error))
    {
      g_warning ("A payment notification could not be recorded: %s", error->message);
      answer_text (notice->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "The notification could not be recorded; send it again");
      soup_server_message_unpause (notice->msg);
      notice_free (notice);
      return;
    }
  if (notice->intent == NULL || notice->completed == NULL)
    {
      notice_answer (notice);
      return;
    }
  task = g_task_new (NULL, NULL, notice_settle_done, notice);
  g_task_set_task_data (task, notice, NULL);
  g_task_run_in_thread (task, notice_settle);
}

/* The answer to the provider (200, or 404 for a payment no checkout made),
 * or the card holder's way back to the storefront. */
static void
notice_answer (Notice *notice)
{
  if (notice->redirect != NULL)
    {
      set_headers (notice->msg);
      soup_server_message_set_redirect (notice->msg, SOUP_STATUS_SEE_OTHER, notice->redirect);
    }
  else if (notice->intent == NULL)
    answer_text (notice->msg, SOUP_STATUS_NOT_FOUND, "No such payment");
  else
    answer_text (notice->msg, SOUP_STATUS_OK, "ok");
  soup_server_message_unpause (notice->msg);
  notice_free (notice);
}

/* Hands a verified notification to the database; takes notice. */
static void
notice_start (Notice *notice)
{
  soup_server_message_pause (notice->msg);
  ts_db_run_async (notice->self->db, notice_record, notice, NULL, notice_recorded, notice);
}

static void
handle_notify (TsPayments        *self,
               SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  const char *signature = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        TS_TEST_PAYMENT_SIGNATURE_HEADER);
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  TsPaymentStatus status;
  Notice *notice;

  if (!ts_payment_provider_verify_notification (self->provider, bytes, signature, &reference, &status, &error))
    {
      /* nothing is read or changed for a notification we cannot trust */
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (status != TS_PAYMENT_AUTHORIZED && status != TS_PAYMENT_DECLINED)
    {
      answer_text (msg, SOUP_STATUS_OK, "ok");   /* nothing for the storefront to do */
      return;
    }
  notice = g_new0 (Notice, 1);
  notice->self = g_object_ref (self);
  notice->msg = g_object_ref (msg);
  notice->reference = g_steal_pointer (&reference);
  notice->status = status;
  notice_start (notice);
}

/* The test provider's own page -------------------------------------------- */

static void
confirm_page (TsPayments        *self,
              SoupServerMessage *msg,
              const char        *reference)
{
  const char *lang = page_lang (msg);
  TsTestPaymentProvider *test = TS_TEST_PAYMENT_PROVIDER (self->provider);
  g_autofree char *currency = NULL, *return_url = NULL, *csrf = request_cookie (msg, "ts_csrf");
  g_autofree char *css = ts_shop_static_url ("shop.css");
  g_autofree char *amount = NULL;
  gint64 cents = 0;
  TsHtml *h = ts_html_new ();
  gboolean pending = ts_test_payment_provider_pending (test, reference, &cents, &currency, &return_url);

  if (csrf == NULL || strlen (csrf) < 16)
    {
      g_autoptr(GError) error = NULL;

      g_free (csrf);
      csrf = ts_payment_random_token (24, &error);
      if (csrf != NULL)
        {
          g_autofree char *cookie = g_strdup_printf ("ts_csrf=%s; Path=/; HttpOnly; SameSite=Strict%s", csrf,
                                                     self->https ? "; Secure" : "");

          soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
        }
    }
  ts_html_printf (h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n",
                  g_str_equal (lang, "fr") ? "fr-CA" : "en", tr (lang, N_("Test payment provider")));
  if (css != NULL)
    ts_html_printf (h, "<link rel=\"stylesheet\" href=\"%s\">\n", css);
  ts_html_raw (h, "</head>\n<body class=\"payment-provider\">\n<main id=\"main\" class=\"provider-card\">\n");
  ts_html_printf (h, "<p class=\"provider-name\">%s</p>\n", tr (lang, N_("Test payment provider")));
  if (!pending)
    {
      ts_html_printf (h, "<h1>%s</h1>\n<p>%s</p>\n", tr (lang, N_("No payment to confirm")),
                      tr (lang, N_("This payment was already confirmed or declined, or it does not exist.")));
      ts_html_raw (h, "</main>\n</body>\n</html>\n");
      answer_html (msg, SOUP_STATUS_NOT_FOUND, h);
      return;
    }
  amount = ts_money_format (cents, currency);
  ts_html_printf (h, "<h1>%s</h1>\n", tr (lang, N_("Confirm this card payment")));
  ts_html_printf (h, "<p>%s</p>\n",
                  tr (lang, N_("This page stands in for your bank's own check of a card payment. It is a test: no money moves.")));
  ts_html_printf (h, "<p class=\"provider-amount\">%s <strong>%s</strong></p>\n", tr (lang, N_("Amount:")), amount);
  ts_html_printf (h, "<form method=\"post\" action=\"" PREFIX "test/confirm/%s\">\n", reference);
  ts_html_printf (h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", csrf != NULL ? csrf : "");
  ts_html_printf (h, "<button type=\"submit\" name=\"decision\" value=\"approve\" class=\"primary\">%s</button>\n",
                  tr (lang, N_("Approve")));
  ts_html_printf (h, "<button type=\"submit\" name=\"decision\" value=\"decline\">%s</button>\n",
                  tr (lang, N_("Decline")));
  ts_html_raw (h, "</form>\n</main>\n</body>\n</html>\n");
  answer_html (msg, SOUP_STATUS_OK, h);
}

/* Approve or Decline: the payment is decided, its signed notification goes
 * through the same way as one the provider posts, and the card holder goes
 * back to the storefront. */
static void
confirm_decide (TsPayments        *self,
                SoupServerMessage *msg,
                const char        *reference)
{
  TsTestPaymentProvider *test = TS_TEST_PAYMENT_PROVIDER (self->provider);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autofree char *cookie = request_cookie (msg, "ts_csrf");
  const char *csrf = g_hash_table_lookup (form, "csrf");
  const char *decision = g_hash_table_lookup (form, "decision");
  g_autofree char *currency = NULL, *return_url = NULL;
  g_autoptr(GBytes) notification = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cents;
  Notice *notice;

  if (!same_secret (cookie, csrf))
    {
      answer_text (msg, SOUP_STATUS_FORBIDDEN, "This form has expired; go back and try again");
      return;
    }
  if (decision == NULL || (!g_str_equal (decision, "approve") && !g_str_equal (decision, "decline")))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, "decision: approve or decline");
      return;
    }
  if (!ts_test_payment_provider_pending (test, reference, &cents, &currency, &return_url))
    {
      confirm_page (self, msg, reference);
      return;
    }
  if (!ts_test_payment_provider_decide (test, reference, g_str_equal (decision, "approve"), &notification,
                                        &signature, &error))
    {
      answer_text (msg, SOUP_STATUS_CONFLICT, error->message);
      return;
    }
  notice = g_new0 (Notice, 1);
  notice->self = g_object_ref (self);
  notice->msg = g_object_ref (msg);
  notice->redirect = g_steal_pointer (&return_url);
  if (!ts_payment_provider_verify_notification (self->provider, notification, signature, &notice->reference,
                                                &notice->status, &error))
    g_error ("The test provider's own notification does not verify: %s", error->message);
  notice_start (notice);
}

static void
payments_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  TsPayments *self = data;
  const char *method = soup_server_message_get_method (msg);
  const char *name = ts_payment_provider_get_name (self->provider);
  g_autofree char *own = g_strconcat (PREFIX, name, "/", NULL);
  const char *rest;

  if (!g_str_has_prefix (path, own))
    {
      answer_text (msg, SOUP_STATUS_NOT_FOUND, "Not found");
      return;
    }
  rest = path + strlen (own);
  if (g_str_equal (rest, "notify") && g_str_equal (method, "POST"))
    handle_notify (self, msg);
  else if (TS_IS_TEST_PAYMENT_PROVIDER (self->provider) && g_str_has_prefix (rest, "confirm/")
           && strchr (rest + strlen ("confirm/"), '/') == NULL && strlen (rest) < 200)
    {
      if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
        confirm_page (self, msg, rest + strlen ("confirm/"));
      else if (g_str_equal (method, "POST"))
        confirm_decide (self, msg, rest + strlen ("confirm/"));
      else
        answer_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
    }
  else
    answer_text (msg, SOUP_STATUS_NOT_FOUND, "Not found");
}

/* Refunds (S6, S7), and payments left half-way (S4) ------------------------- */

/* One sweep: the refunds due, then each given back by the provider (a
 * thread), then what it answered recorded. */
typedef struct
{
  TsPayments *self;
  JsonNode   *due;
  JsonNode   *stale;  /* payments left half-way, to void */
  GPtrArray  *done;   /* JSON texts for ts_shop_payment_refund_done */
  GPtrArray  *voided; /* intent ids voided at the provider */
} Sweep;

static void
sweep_free (Sweep *sweep)
{
  sweep->self->sweeping = FALSE;
  g_object_unref (sweep->self);
  g_clear_pointer (&sweep->due, json_node_unref);
  g_clear_pointer (&sweep->stale, json_node_unref);
  g_ptr_array_unref (sweep->done);
  g_ptr_array_unref (sweep->voided);
  g_free (sweep);
}

static gboolean
sweep_find (PGconn   *conn,
            gpointer  data,
            GError  **error)
{
  Sweep *sweep = data;
  const char *provider = ts_payment_provider_get_name (sweep->self->provider);
  g_autoptr(JsonNode) claimed = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *lists;

  /* what no other server's sweeper is asking the provider (issue 15: two
   * servers never ask for one refund or void at once) */
  claimed = ts_pg_exec_json (conn, "SELECT ts_shop_payment_sweep_claim ($1, $2::uuid)", 2,
                             (const char *[]) { provider, sweep->self->sweeper_id }, &local_error);
  if (claimed == NULL || !JSON_NODE_HOLDS_OBJECT (claimed))
    {
      if (local_error == NULL)
        g_set_error (&local_error, TS_ERROR, TS_ERROR_INTERNAL, "The payments sweep found no answer");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  lists = json_node_get_object (claimed);
  sweep->due = json_object_dup_member (lists, "refunds");
  sweep->stale = json_object_dup_member (lists, "stale");
  return TRUE;
}

static void
sweep_refund (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Sweep *sweep = data;
  JsonArray *due = json_node_get_array (sweep->due);

  for (guint i = 0; i < json_array_get_length (due); i++)
    {
      JsonObject *refund = json_array_get_object_element (due, i);
      gint64 payment = json_object_get_int_member (refund, "payment_id");
      gint64 amount = json_object_get_int_member (refund, "amount_cents");
      g_autofree char *key = g_strdup_printf ("refund-%" G_GINT64_FORMAT, payment);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      gboolean ok = ts_payment_provider_refund (sweep->self->provider,
                                                json_object_get_string_member (refund, "reference"), amount, key,
                                                &error);

      /* a provider that did not answer is asked again at the next sweep,
       * with the same key; one that refused is recorded and not asked again */
      if (!ok && !g_error_matches (error, TS_ERROR, TS_ERROR_CONFLICT)
          && !g_error_matches (error, TS_ERROR, TS_ERROR_NOT_FOUND))
        {
          g_message ("A card refund could not be sent yet: %s", error->message);
          continue;
        }
      if (!ok)
        g_warning ("The payment provider refused a refund of payment %" G_GINT64_FORMAT ": %s", payment,
                   error->message);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "payment_id");
      json_builder_add_int_value (b, payment);
      json_builder_set_member_name (b, "intent_id");
      json_builder_add_string_value (b, json_object_get_string_member (refund, "intent_id"));
      json_builder_set_member_name (b, "amount_cents");
      json_builder_add_int_value (b, amount);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, ok);
      if (!ok)
        {
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, error->message);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      g_ptr_array_add (sweep->done, json_to_string (root, FALSE));
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (sweep->stale)); i++)
    {
      JsonObject *stale = json_array_get_object_element (json_node_get_array (sweep->stale), i);
      const char *id = json_object_get_string_member (stale, "intent_id");
      g_autofree char *key = g_strdup_printf ("void-%s", id);
      g_autoptr(GError) error = NULL;

      if (ts_payment_provider_void (sweep->self->provider, json_object_get_string_member (stale, "reference"), key,
                                    &error)
          || g_error_matches (error, TS_ERROR, TS_ERROR_NOT_FOUND))   /* a provider that forgot it holds nothing */
        g_ptr_array_add (sweep->voided, g_strdup (id));
      else
        g_message ("A payment left half-way could not be voided yet: %s", error->message);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
sweep_record (PGconn   *conn,
              gpointer  data,
              GError  **error)
{
  Sweep *sweep = data;

  for (guint i = 0; i < sweep->done->len; i++)
    {
      g_autoptr(PGresult) result = ts_pg_exec (conn, "SELECT ts_shop_payment_refund_done ($1::jsonb)", 1,
                                               (const char *[]) { g_ptr_array_index (sweep->done, i) }, error);

      if (result == NULL)
        return FALSE;
    }
  for (guint i = 0; i < sweep->voided->len; i++)
    {
      g_autoptr(PGresult) result = ts_pg_exec (conn, "SELECT ts_shop_payment_expired ($1::uuid)", 1,
                                               (const char *[]) { g_ptr_array_index (sweep->voided, i) }, error);

      if (result == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
sweep_recorded (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!ts_db_run_finish (TS_DB (source), result, &error))
    g_message ("Card refunds could not be recorded yet: %s", error->message);
  sweep_free (data);
}

static void
sweep_refunded (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Sweep *sweep = data;

  if ((sweep->done->len == 0 && sweep->voided->len == 0) || sweep->self->stopped)
    {
      sweep_free (sweep);
      return;
    }
  ts_db_run_async (sweep->self->db, sweep_record, sweep, NULL, sweep_recorded, sweep);
}

static void
sweep_found (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Sweep *sweep = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!ts_db_run_finish (TS_DB (source), result, &error) || sweep->due == NULL || sweep->stale == NULL
      || (json_array_get_length (json_node_get_array (sweep->due)) == 0
          && json_array_get_length (json_node_get_array (sweep->stale)) == 0)
      || sweep->self->stopped)
    {
      sweep_free (sweep);
      return;
    }
  task = g_task_new (NULL, NULL, sweep_refunded, sweep);
  g_task_set_task_data (task, sweep, NULL);
  g_task_run_in_thread (task, sweep_refund);
}

static gboolean
sweep_tick (gpointer data)
{
  TsPayments *self = data;
  Sweep *sweep;

  if (self->sweeping)
    return G_SOURCE_CONTINUE;
  self->sweeping = TRUE;
  sweep = g_new0 (Sweep, 1);
  sweep->self = g_object_ref (self);
  sweep->done = g_ptr_array_new_with_free_func (g_free);
  sweep->voided = g_ptr_array_new_with_free_func (g_free);
  ts_db_run_async (self->db, sweep_find, sweep, NULL, sweep_found, sweep);
  return G_SOURCE_CONTINUE;
}

static void
ts_payments_finalize (GObject *object)
{
  TsPayments *self = TS_PAYMENTS (object);

  g_clear_handle_id (&self->sweep_source, g_source_remove);
  g_clear_object (&self->db);
  g_clear_object (&self->provider);
  g_free (self->secret);
  g_free (self->sweeper_id);
  G_OBJECT_CLASS (ts_payments_parent_class)->finalize (object);
}

static void
ts_payments_class_init (TsPaymentsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_payments_finalize;
}

static void
ts_payments_init (TsPayments *self)
{
  self->sweeper_id = g_uuid_string_random ();
}

TsPayments *
ts_payments_new (TsDb        *db,
                 const char  *provider_name,
                 const char  *secret,
                 gboolean     https,
                 GError     **error)
{
  g_autoptr(TsPayments) self = g_object_new (TS_TYPE_PAYMENTS, NULL);

  self->db = g_object_ref (db);
  self->https = https;
  self->secret = secret != NULL ? g_strdup (secret) : ts_payment_random_token (32, error);
  if (self->secret == NULL)
    return NULL;
  if (g_strcmp0 (provider_name, "test") == 0)
    self->provider = TS_PAYMENT_PROVIDER (ts_test_payment_provider_new (self->secret));
  else if (provider_name != NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "payment-provider must be test (the only one built in)");
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
ts_payments_attach (TsPayments *self,
                    SoupServer *http)
{
  if (self->provider == NULL)
    return;
  soup_server_add_handler (http, "/payments", payments_handler, g_object_ref (self), g_object_unref);
  self->sweep_source = g_timeout_add_seconds (REFUND_SWEEP_SECONDS, sweep_tick, self);
}

void
ts_payments_stop (TsPayments *self)
{
  self->stopped = TRUE;
  g_clear_handle_id (&self->sweep_source, g_source_remove);
}

TsPaymentProvider *
ts_payments_get_provider (TsPayments *self)
{
  return self != NULL ? self->provider : NULL;
}

TsPayments *
ts_payments_get_default (void)
{
  TsPayments *payments;

  G_LOCK (default_payments);
  payments = default_payments != NULL ? g_object_ref (default_payments) : NULL;
  G_UNLOCK (default_payments);
  if (payments != NULL)
    g_object_unref (payments);   /* the server keeps it alive */
  return payments;
}

void
ts_payments_set_default (TsPayments *self)
{
  G_LOCK (default_payments);
  g_set_object (&default_payments, self);
  G_UNLOCK (default_payments);
}

char *
ts_payments_order_token (TsPayments *self,
                         const char *idempotency_key)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) self->secret, strlen (self->secret));
  guint8 digest[32];
  gsize size = sizeof digest;
  g_autofree char *text = NULL;

  g_hmac_update (hmac, (const guchar *) "order-link:", -1);
  g_hmac_update (hmac, (const guchar *) idempotency_key, -1);
  g_hmac_get_digest (hmac, digest, &size);
  text = g_base64_encode (digest, size);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return g_steal_pointer (&text);
}
