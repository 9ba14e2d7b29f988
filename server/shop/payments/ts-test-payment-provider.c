/* ts-test-payment-provider.c — the built-in payment provider (S2, S4): a
 * stand-in for a card processor's remote service, for tests and the demo.
 *
 * Its payments live in memory, as a real processor's live at the processor:
 * what the storefront must remember of a payment is its own payment_intent
 * row (migration 032), written by the storefront, never by a provider call
 * (those run outside any database transaction).  A restart forgets payments
 * waiting for confirmation; the payments sweeper voids their intents after
 * an hour (ts_shop_payment_stale). */
#include "ts-test-payment-provider.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "ts-error.h"
#include "ts-payment-signature.h"

typedef struct
{
  char            *reference;
  gint64           amount_cents;
  char            *currency;
  char            *return_url;
  char            *last4;
  TsPaymentStatus  status;
  gint64           captured_cents;
  gint64           refunded_cents;
} Payment;

/* What a key was used for: the same call again answers the same; another
 * call with that key is refused (S2). */
typedef struct
{
  char   *operation;
  char   *reference;
  gint64  amount_cents;
} KeyUse;

struct _TsTestPaymentProvider
{
  GObject     parent_instance;

  char       *secret;
  GMutex      lock;
  GHashTable *payments;   /* reference → Payment */
  GHashTable *keys;       /* idempotency key → KeyUse */
};

static void ts_test_payment_provider_iface_init (TsPaymentProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TsTestPaymentProvider, ts_test_payment_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TS_TYPE_PAYMENT_PROVIDER, ts_test_payment_provider_iface_init))

static void
payment_free (gpointer data)
{
  Payment *payment = data;

  g_free (payment->reference);
  g_free (payment->currency);
  g_free (payment->return_url);
  g_free (payment->last4);
  g_free (payment);
}

static void
key_use_free (gpointer data)
{
  KeyUse *use = data;

  g_free (use->operation);
  g_free (use->reference);
  g_free (use);
}

/* Whether key was used before for this very call (TRUE, *done set), is
 * fresh (TRUE, *done unset, now taken), or was used for another call. */
static gboolean
take_key (TsTestPaymentProvider  *self,
          const char             *key,
          const char             *operation,
          const char             *reference,
          gint64                  amount_cents,
          gboolean               *done,
          GError                **error)
{
  KeyUse *use = g_hash_table_lookup (self->keys, key);

  *done = use != NULL;
  if (use == NULL)
    {
      use = g_new0 (KeyUse, 1);
      use->operation = g_strdup (operation);
      use->reference = g_strdup (reference);
      use->amount_cents = amount_cents;
      g_hash_table_insert (self->keys, g_strdup (key), use);
      return TRUE;
    }
  if (!g_str_equal (use->operation, operation) || g_strcmp0 (use->reference, reference) != 0
      || use->amount_cents != amount_cents)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "idempotency_key: already used for another payment call");  /* S2 */
      return FALSE;
    }
  return TRUE;
}

static Payment *
find (TsTestPaymentProvider  *self,
      const char             *reference,
      GError                **error)
{
  Payment *payment = reference != NULL ? g_hash_table_lookup (self->payments, reference) : NULL;

  if (payment == NULL)
    g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such payment");
  return payment;
}

/* A test card's expiry, "MM/YY" or "MM/YYYY", not yet past. */
static gboolean
expiry_ok (const char *expiry)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  unsigned month = 0, year = 0;
  char end;

  if (expiry == NULL || sscanf (expiry, "%u/%u%c", &month, &year, &end) != 2 || month < 1 || month > 12)
    return FALSE;
  if (year < 100)
    year += 2000;
  return year * 12 + month >= (unsigned) (g_date_time_get_year (now) * 12 + g_date_time_get_month (now));
}

static const char *
test_get_name (TsPaymentProvider *provider)
{
  return "test";
}

static TsPaymentOutcome *
outcome_of (Payment *payment)
{
  TsPaymentOutcome *outcome = g_new0 (TsPaymentOutcome, 1);

  outcome->reference = g_strdup (payment->reference);
  outcome->status = payment->status == TS_PAYMENT_NEEDS_CONFIRMATION || payment->status == TS_PAYMENT_DECLINED
                    ? payment->status : TS_PAYMENT_AUTHORIZED;
  outcome->card_last4 = g_strdup (payment->last4);
  if (payment->status == TS_PAYMENT_NEEDS_CONFIRMATION)
    outcome->confirmation_url = g_strdup_printf ("/payments/test/confirm/%s", payment->reference);
  return outcome;
}

static TsPaymentOutcome *
test_authorize (TsPaymentProvider             *provider,
                const TsPaymentAuthorization  *request,
                GError                       **error)
{
  TsTestPaymentProvider *self = TS_TEST_PAYMENT_PROVIDER (provider);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  KeyUse *use = g_hash_table_lookup (self->keys, request->idempotency_key);
  const char *number = request->card_number != NULL ? request->card_number : "";
  g_autofree char *reference = NULL;
  Payment *payment;

  if (request->amount_cents <= 0 || request->currency == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "amount_cents: a positive amount");
      return NULL;
    }
  if (use != NULL)
    {
      /* S2: the same authorisation asked again answers the first */
      payment = g_hash_table_lookup (self->payments, use->reference);
      if (!g_str_equal (use->operation, "authorize") || payment == NULL || use->amount_cents != request->amount_cents)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "idempotency_key: already used for another payment call");  /* S2 */
          return NULL;
        }
      return outcome_of (payment);
    }
  reference = ts_payment_random_token (18, error);
  if (reference == NULL)
    return NULL;
  payment = g_new0 (Payment, 1);
  payment->reference = g_strconcat ("tp_", reference, NULL);
  payment->amount_cents = request->amount_cents;
  payment->currency = g_strdup (request->currency);
  payment->return_url = g_strdup (request->return_url);
  payment->last4 = g_strdup (strlen (number) >= 4 ? number + strlen (number) - 4 : number);
  if (!expiry_ok (request->card_expiry) || request->card_cvc == NULL || strlen (request->card_cvc) < 3)
    payment->status = TS_PAYMENT_DECLINED;
  else if (g_str_equal (number, TS_TEST_CARD_APPROVED))
    payment->status = TS_PAYMENT_AUTHORIZED;
  else if (g_str_equal (number, TS_TEST_CARD_CONFIRMATION) && request->return_url != NULL)
    payment->status = TS_PAYMENT_NEEDS_CONFIRMATION;
  else
    payment->status = TS_PAYMENT_DECLINED;   /* 4000 0000 0000 0002 and every other number */
  g_hash_table_insert (self->payments, g_strdup (payment->reference), payment);
  use = g_new0 (KeyUse, 1);
  use->operation = g_strdup ("authorize");
  use->reference = g_strdup (payment->reference);
  use->amount_cents = request->amount_cents;
  g_hash_table_insert (self->keys, g_strdup (request->idempotency_key), use);
  return outcome_of (payment);
}

static gboolean
test_capture (TsPaymentProvider  *provider,
              const char         *reference,
              gint64              amount_cents,
              const char         *key,
              GError            **error)
{
  TsTestPaymentProvider *self = TS_TEST_PAYMENT_PROVIDER (provider);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Payment *payment = find (self, reference, error);
  gboolean done;

  if (payment == NULL || !take_key (self, key, "capture", reference, amount_cents, &done, error))
    return FALSE;
  if (done)
    return TRUE;
  if (payment->status != TS_PAYMENT_AUTHORIZED || amount_cents <= 0 || amount_cents > payment->amount_cents)
    {
      g_hash_table_remove (self->keys, key);
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "This payment cannot be captured (it is %s)",
                   ts_payment_status_to_string (payment->status));
      return FALSE;
    }
  payment->status = TS_PAYMENT_CAPTURED;
  payment->captured_cents = amount_cents;
  return TRUE;
}

static gboolean
test_cancel (TsPaymentProvider  *provider,
             const char         *reference,
             const char         *key,
             GError            **error)
{
  TsTestPaymentProvider *self = TS_TEST_PAYMENT_PROVIDER (provider);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Payment *payment = find (self, reference, error);
  gboolean done;

  if (payment == NULL || !take_key (self, key, "void", reference, 0, &done, error))
    return FALSE;
  if (done || payment->status == TS_PAYMENT_VOIDED || payment->status == TS_PAYMENT_DECLINED)
    return TRUE;
  if (payment->status == TS_PAYMENT_CAPTURED || payment->status == TS_PAYMENT_REFUNDED)
    {
      g_hash_table_remove (self->keys, key);
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "A captured payment is refunded, not voided");
      return FALSE;
    }
  payment->status = TS_PAYMENT_VOIDED;
  return TRUE;
}

static gboolean
test_refund (TsPaymentProvider  *provider,
             const char         *reference,
             gint64              amount_cents,
             const char         *key,
             GError            **error)
{
  TsTestPaymentProvider *self = TS_TEST_PAYMENT_PROVIDER (provider);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Payment *payment = find (self, reference, error);
  gboolean done;

  if (payment == NULL || !take_key (self, key, "refund", reference, amount_cents, &done, error))
    return FALSE;
  if (done)
    return TRUE;
  if ((payment->status != TS_PAYMENT_CAPTURED && payment->status != TS_PAYMENT_REFUNDED)
      || amount_cents <= 0 || payment->refunded_cents + amount_cents > payment->captured_cents)
    {
      g_hash_table_remove (self->keys, key);
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "The refund is more than what is left of the payment");
      return FALSE;
    }
  payment->refunded_cents += amount_cents;
  if (payment->refunded_cents == payment->captured_cents)
    payment->status = TS_PAYMENT_REFUNDED;
  return TRUE;
}

static gboolean
test_verify_notification (TsPaymentProvider  *provider,
                          GBytes             *body,
                          const char         *signature,
                          char              **reference,
                          TsPaymentStatus    *status,
                          GError            **error)
{
  TsTestPaymentProvider *self = TS_TEST_PAYMENT_PROVIDER (provider);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *ref, *state;

  if (!ts_payment_signature_ok (self->secret, body, signature))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The notification's signature is wrong");
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The notification is not a JSON object");
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  ref = json_object_get_string_member_with_default (object, "reference", NULL);
  state = json_object_get_string_member_with_default (object, "status", NULL);
  if (ref == NULL || !ts_payment_status_from_string (state, status))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The notification has no reference or status");
      return FALSE;
    }
  *reference = g_strdup (ref);
  return TRUE;
}

static void
ts_test_payment_provider_iface_init (TsPaymentProviderInterface *iface)
{
  iface->get_name = test_get_name;
  iface->authorize = test_authorize;
  iface->capture = test_capture;
  iface->cancel = test_cancel;
  iface->refund = test_refund;
  iface->verify_notification = test_verify_notification;
}

static void
ts_test_payment_provider_finalize (GObject *object)
{
  TsTestPaymentProvider *self = TS_TEST_PAYMENT_PROVIDER (object);

  g_free (self->secret);
  g_hash_table_unref (self->payments);
  g_hash_table_unref (self->keys);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ts_test_payment_provider_parent_class)->finalize (object);
}

static void
ts_test_payment_provider_class_init (TsTestPaymentProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_test_payment_provider_finalize;
}

static void
ts_test_payment_provider_init (TsTestPaymentProvider *self)
{
  g_mutex_init (&self->lock);
  self->payments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, payment_free);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_use_free);
}

TsTestPaymentProvider *
ts_test_payment_provider_new (const char *secret)
{
  TsTestPaymentProvider *self = g_object_new (TS_TYPE_TEST_PAYMENT_PROVIDER, NULL);

  g_return_val_if_fail (secret != NULL && *secret != '\0', NULL);
  self->secret = g_strdup (secret);
  return self;
}

gboolean
ts_test_payment_provider_pending (TsTestPaymentProvider  *self,
                                  const char             *reference,
                                  gint64                 *amount_cents,
                                  char                  **currency,
                                  char                  **return_url)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Payment *payment = reference != NULL ? g_hash_table_lookup (self->payments, reference) : NULL;

  if (payment == NULL || payment->status != TS_PAYMENT_NEEDS_CONFIRMATION)
    return FALSE;
  *amount_cents = payment->amount_cents;
  *currency = g_strdup (payment->currency);
  *return_url = g_strdup (payment->return_url);
  return TRUE;
}

gboolean
ts_test_payment_provider_decide (TsTestPaymentProvider  *self,
                                 const char             *reference,
                                 gboolean                approve,
                                 GBytes                **notification,
                                 char                  **signature,
                                 GError                **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Payment *payment = find (self, reference, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  if (payment == NULL)
    return FALSE;
  if (payment->status != TS_PAYMENT_NEEDS_CONFIRMATION)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "This payment was already confirmed or declined");
      return FALSE;
    }
  payment->status = approve ? TS_PAYMENT_AUTHORIZED : TS_PAYMENT_DECLINED;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, payment->reference);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ts_payment_status_to_string (payment->status));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  *notification = g_bytes_new_take (text, strlen (text));
  *signature = ts_payment_sign (self->secret, *notification);
  return TRUE;
}

gboolean
ts_test_payment_provider_lookup (TsTestPaymentProvider *self,
                                 const char            *reference,
                                 TsPaymentStatus       *status,
                                 gint64                *captured_cents,
                                 gint64                *refunded_cents)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Payment *payment = reference != NULL ? g_hash_table_lookup (self->payments, reference) : NULL;

  if (payment == NULL)
    return FALSE;
  *status = payment->status;
  *captured_cents = payment->captured_cents;
  *refunded_cents = payment->refunded_cents;
  return TRUE;
}
