/* ts-payments.h — the storefront's card payments as the server runs them:
 * the configured provider and secret, the order links they make, and the
 * provider's side of the server, /payments/<provider>/… (the test
 * provider's confirmation page, notifications) (rules S2, S4, P5) */
#pragma once

#include <libsoup/soup.h>

#include "ts-db.h"
#include "ts-payment-provider.h"

G_BEGIN_DECLS

#define TS_TYPE_PAYMENTS (ts_payments_get_type ())
G_DECLARE_FINAL_TYPE (TsPayments, ts_payments, TS, PAYMENTS, GObject)

/* provider_name: "test" or NULL (no card payments: checkout says so);
 * secret: signs notifications and order links, NULL to make one now (then
 * links made before a restart still open, but a payment confirmed after it
 * finds its order link only through the notification); https: the
 * server is on TLS (Secure cookies). */
TsPayments        *ts_payments_new            (TsDb        *db,
                                               const char  *provider_name,
                                               const char  *secret,
                                               gboolean     https,
                                               GError     **error);
/* Serves /payments/<provider>/ on http, and sends card refunds of web
 * orders back through the provider every few seconds (S6). */
void               ts_payments_attach         (TsPayments  *self,
                                               SoupServer  *http);
/* Starts nothing new (the server stops). */
void               ts_payments_stop           (TsPayments  *self);
TsPaymentProvider *ts_payments_get_provider   (TsPayments  *self);

/* The server's payments, for the storefront's pages (one server per
 * process); NULL before a server made them. */
TsPayments        *ts_payments_get_default    (void);
void               ts_payments_set_default    (TsPayments  *self);

/* P5: the order link of a checkout, from its idempotency key and the
 * secret, so that a retried or confirmed payment finds the same link
 * without the database ever keeping it (only its SHA-256). */
char              *ts_payments_order_token    (TsPayments  *self,
                                               const char  *idempotency_key);

G_END_DECLS
