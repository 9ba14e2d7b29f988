/* ts-checkout-private.h — the purchaser and a gift's recipient as the
 * tests choose them, as a person does with the patron search (S2, S4) */
#pragma once

#include "ts-checkout.h"

G_BEGIN_DECLS

/* The purchaser (0: none) and their name as shown. */
void _ts_checkout_set_patron    (TsCheckout *self,
                                 gint64      patron_id,
                                 const char *name);
/* A gift's recipient (0: the purchaser). */
void _ts_checkout_set_recipient (TsCheckout *self,
                                 gint64      patron_id,
                                 const char *name);
/* The API names of the payment methods offered, in order (C7, S4). */
const char * const *_ts_checkout_get_offered_methods (TsCheckout *self);

G_END_DECLS
