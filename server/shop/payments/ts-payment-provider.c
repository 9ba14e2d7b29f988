/* ts-payment-provider.c — the card payment provider interface (S2, S4) and
 * the status names payment_intent stores */
#include "ts-payment-provider.h"

#include "ts-error.h"

G_DEFINE_INTERFACE (TsPaymentProvider, ts_payment_provider, G_TYPE_OBJECT)

static const char * const status_names[] = {
  [TS_PAYMENT_CREATED] = "created",
  [TS_PAYMENT_AUTHORIZED] = "authorized",
  [TS_PAYMENT_NEEDS_CONFIRMATION] = "needs_confirmation",
  [TS_PAYMENT_DECLINED] = "declined",
  [TS_PAYMENT_CAPTURED] = "captured",
  [TS_PAYMENT_VOIDED] = "voided",
  [TS_PAYMENT_REFUNDED] = "refunded",
};

const char *
ts_payment_status_to_string (TsPaymentStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
ts_payment_status_from_string (const char      *text,
                               TsPaymentStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

void
ts_payment_outcome_free (TsPaymentOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->reference);
  g_free (outcome->confirmation_url);
  g_free (outcome->card_last4);
  g_free (outcome);
}

static void
ts_payment_provider_default_init (TsPaymentProviderInterface *iface)
{
}

const char *
ts_payment_provider_get_name (TsPaymentProvider *self)
{
  g_return_val_if_fail (TS_IS_PAYMENT_PROVIDER (self), NULL);
  return TS_PAYMENT_PROVIDER_GET_IFACE (self)->get_name (self);
}

TsPaymentOutcome *
ts_payment_provider_authorize (TsPaymentProvider             *self,
                               const TsPaymentAuthorization  *request,
                               GError                       **error)
{
  g_return_val_if_fail (TS_IS_PAYMENT_PROVIDER (self), NULL);
  g_return_val_if_fail (request != NULL && request->idempotency_key != NULL, NULL);
  return TS_PAYMENT_PROVIDER_GET_IFACE (self)->authorize (self, request, error);
}

gboolean
ts_payment_provider_capture (TsPaymentProvider  *self,
                             const char         *reference,
                             gint64              amount_cents,
                             const char         *idempotency_key,
                             GError            **error)
{
  g_return_val_if_fail (TS_IS_PAYMENT_PROVIDER (self), FALSE);
  return TS_PAYMENT_PROVIDER_GET_IFACE (self)->capture (self, reference, amount_cents, idempotency_key, error);
}

gboolean
ts_payment_provider_void (TsPaymentProvider  *self,
                          const char         *reference,
                          const char         *idempotency_key,
                          GError            **error)
{
  g_return_val_if_fail (TS_IS_PAYMENT_PROVIDER (self), FALSE);
  return TS_PAYMENT_PROVIDER_GET_IFACE (self)->cancel (self, reference, idempotency_key, error);
}

gboolean
ts_payment_provider_refund (TsPaymentProvider  *self,
                            const char         *reference,
                            gint64              amount_cents,
                            const char         *idempotency_key,
                            GError            **error)
{
  g_return_val_if_fail (TS_IS_PAYMENT_PROVIDER (self), FALSE);
  return TS_PAYMENT_PROVIDER_GET_IFACE (self)->refund (self, reference, amount_cents, idempotency_key, error);
}

gboolean
ts_payment_provider_verify_notification (TsPaymentProvider  *self,
                                         GBytes             *body,
                                         const char         *signature,
                                         char              **reference,
                                         TsPaymentStatus    *status,
                                         GError            **error)
{
  g_return_val_if_fail (TS_IS_PAYMENT_PROVIDER (self), FALSE);
  if (signature == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The notification is not signed");
      return FALSE;
    }
  return TS_PAYMENT_PROVIDER_GET_IFACE (self)->verify_notification (self, body, signature, reference, status, error);
}
