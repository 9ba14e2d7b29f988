/* ts-test-payment-provider.h — the built-in payment provider for tests and
 * demonstrations: test card numbers, its own confirmation page, and
 * notifications signed with the configured secret (S2, S4) */
#pragma once

#include "ts-payment-provider.h"

G_BEGIN_DECLS

/* The test cards (docs/api.md, "Payments"). */
#define TS_TEST_CARD_APPROVED      "4242424242424242"
#define TS_TEST_CARD_DECLINED      "4000000000000002"
#define TS_TEST_CARD_CONFIRMATION  "4000000000003220"

/* The header that carries a notification's signature. */
#define TS_TEST_PAYMENT_SIGNATURE_HEADER "Tessera-Test-Signature"

#define TS_TYPE_TEST_PAYMENT_PROVIDER (ts_test_payment_provider_get_type ())
G_DECLARE_FINAL_TYPE (TsTestPaymentProvider, ts_test_payment_provider, TS, TEST_PAYMENT_PROVIDER, GObject)

/* secret: the config's payment-secret, which signs the notifications. */
TsTestPaymentProvider *ts_test_payment_provider_new (const char *secret);

/* What the provider's own confirmation page shows of a payment waiting for
 * the card holder; FALSE for an unknown reference or one no longer
 * waiting. */
gboolean ts_test_payment_provider_pending (TsTestPaymentProvider  *self,
                                           const char             *reference,
                                           gint64                 *amount_cents,
                                           char                  **currency,
                                           char                  **return_url);
/* The card holder approves or declines on that page: the payment becomes
 * authorised or declined, and the answer is the notification to post to
 * the merchant (its body and signature).  TS_ERROR_NOT_FOUND for an
 * unknown reference, TS_ERROR_CONFLICT for one already decided. */
gboolean ts_test_payment_provider_decide  (TsTestPaymentProvider  *self,
                                           const char             *reference,
                                           gboolean                approve,
                                           GBytes                **notification,
                                           char                  **signature,
                                           GError                **error);
/* The payment's state, and what was captured and refunded of it. */
gboolean ts_test_payment_provider_lookup  (TsTestPaymentProvider  *self,
                                           const char             *reference,
                                           TsPaymentStatus        *status,
                                           gint64                 *captured_cents,
                                           gint64                 *refunded_cents);

G_END_DECLS
