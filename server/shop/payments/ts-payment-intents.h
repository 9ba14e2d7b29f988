/* ts-payment-intents.h — a storefront payment's steps in the database
 * (migration 032, server/functions/shop-payments.sql), shared by the
 * checkout pages and the provider's notifications (S2, S4) */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "ts-payment-provider.h"

G_BEGIN_DECLS

/* What the provider said (outcome, or status alone) of intent_id: the
 * intent afterwards (ts_shop_payment_json). */
JsonNode *ts_payment_intents_record   (PGconn                  *conn,
                                       const char              *intent_id,
                                       TsPaymentStatus          status,
                                       const TsPaymentOutcome  *outcome,
                                       const char              *message,
                                       GError                 **error);
/* Sells the session's cart for an authorised intent: {ok, order_id} or
 * {ok: false, code, message} (then the payment must be voided). */
JsonNode *ts_payment_intents_complete (PGconn                  *conn,
                                       const char              *intent_id,
                                       GError                 **error);
/* The storefront context of a provider's notification: the intent its
 * reference names (NULL, no error, for none), with the database context
 * set to its storefront, its web session and its purchaser. */
JsonNode *ts_payment_intents_adopt    (PGconn                  *conn,
                                       const char              *provider,
                                       const char              *reference,
                                       GError                 **error);
/* Sets the context of an intent got from ts_payment_intents_adopt again
 * (another transaction). */
gboolean  ts_payment_intents_context  (PGconn                  *conn,
                                       JsonObject              *intent,
                                       GError                 **error);

G_END_DECLS
