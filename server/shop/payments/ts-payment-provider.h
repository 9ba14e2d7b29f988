/* ts-payment-provider.h — what the storefront asks of a card payment
 * provider (rules S2, S4, F6): authorise, capture, void, refund, and the
 * provider's signed notifications; every call idempotent by its key */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A payment's state at the provider, as payment_intent.status writes it
 * (migration 032). */
typedef enum
{
  TS_PAYMENT_CREATED,
  TS_PAYMENT_AUTHORIZED,
  TS_PAYMENT_NEEDS_CONFIRMATION,
  TS_PAYMENT_DECLINED,
  TS_PAYMENT_CAPTURED,
  TS_PAYMENT_VOIDED,
  TS_PAYMENT_REFUNDED,
} TsPaymentStatus;

const char *ts_payment_status_to_string   (TsPaymentStatus  status);
gboolean    ts_payment_status_from_string (const char      *text,
                                           TsPaymentStatus *status);

/* What the patron typed, or a provider's token for it (card_token set:
 * the other card fields are NULL).  The provider keeps none of it. */
typedef struct
{
  gint64      amount_cents;
  const char *currency;         /* "CAD" */
  const char *idempotency_key;  /* the same key: the same answer, charged once (S2) */
  const char *card_number;      /* digits only */
  const char *card_expiry;      /* "MM/YY" */
  const char *card_cvc;
  const char *card_name;
  const char *card_token;
  const char *return_url;       /* where the provider sends the patron back after its own page */
} TsPaymentAuthorization;

/* A provider's answer to authorize. */
typedef struct
{
  char            *reference;         /* the provider's id of the payment */
  TsPaymentStatus  status;            /* AUTHORIZED, DECLINED or NEEDS_CONFIRMATION */
  char            *confirmation_url;  /* NEEDS_CONFIRMATION: where to send the patron */
  char            *card_last4;        /* "4242", shown on the order */
} TsPaymentOutcome;

void ts_payment_outcome_free (TsPaymentOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsPaymentOutcome, ts_payment_outcome_free)

#define TS_TYPE_PAYMENT_PROVIDER (ts_payment_provider_get_type ())
G_DECLARE_INTERFACE (TsPaymentProvider, ts_payment_provider, TS, PAYMENT_PROVIDER, GObject)

/* Every method is synchronous and may take seconds (a real provider is a
 * remote service): the storefront calls them from a thread of their own
 * (TsShopWork), never from a database worker.  An error is a provider that
 * could not answer (TS_ERROR_UNAVAILABLE); a refused card is an outcome. */
struct _TsPaymentProviderInterface
{
  GTypeInterface parent_iface;

  const char       *(*get_name)            (TsPaymentProvider             *self);
  TsPaymentOutcome *(*authorize)           (TsPaymentProvider             *self,
                                            const TsPaymentAuthorization  *request,
                                            GError                       **error);
  gboolean          (*capture)             (TsPaymentProvider             *self,
                                            const char                    *reference,
                                            gint64                         amount_cents,
                                            const char                    *idempotency_key,
                                            GError                       **error);
  gboolean          (*cancel)              (TsPaymentProvider             *self,
                                            const char                    *reference,
                                            const char                    *idempotency_key,
                                            GError                       **error);
  gboolean          (*refund)              (TsPaymentProvider             *self,
                                            const char                    *reference,
                                            gint64                         amount_cents,
                                            const char                    *idempotency_key,
                                            GError                       **error);
  gboolean          (*verify_notification) (TsPaymentProvider             *self,
                                            GBytes                        *body,
                                            const char                    *signature,
                                            char                         **reference,
                                            TsPaymentStatus               *status,
                                            GError                       **error);
};

/* "test", or a real provider's name: the /payments/<name>/ prefix. */
const char       *ts_payment_provider_get_name  (TsPaymentProvider             *self);
TsPaymentOutcome *ts_payment_provider_authorize (TsPaymentProvider             *self,
                                                 const TsPaymentAuthorization  *request,
                                                 GError                       **error);
/* Takes the authorised amount (at most what was authorised). */
gboolean          ts_payment_provider_capture   (TsPaymentProvider             *self,
                                                 const char                    *reference,
                                                 gint64                         amount_cents,
                                                 const char                    *idempotency_key,
                                                 GError                       **error);
/* Voids an authorisation not captured: the patron is never charged.  A
 * payment already voided or declined voids again without error. */
gboolean          ts_payment_provider_void      (TsPaymentProvider             *self,
                                                 const char                    *reference,
                                                 const char                    *idempotency_key,
                                                 GError                       **error);
/* Gives back amount_cents of a captured payment (partial refunds add up,
 * never past what was captured). */
gboolean          ts_payment_provider_refund    (TsPaymentProvider             *self,
                                                 const char                    *reference,
                                                 gint64                         amount_cents,
                                                 const char                    *idempotency_key,
                                                 GError                       **error);
/* A notification the provider posted: TS_ERROR_INVALID unless signature is
 * the provider's own over body; then the payment's reference and status. */
gboolean          ts_payment_provider_verify_notification (TsPaymentProvider  *self,
                                                           GBytes             *body,
                                                           const char         *signature,
                                                           char              **reference,
                                                           TsPaymentStatus    *status,
                                                           GError            **error);

G_END_DECLS
