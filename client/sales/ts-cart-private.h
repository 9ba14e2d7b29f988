/* ts-cart-private.h — a ticket's type as the tests choose it, as a person
 * does with the ticket's drop-down (T2, T3) */
#pragma once

#include "ts-cart.h"

G_BEGIN_DECLS

/* Chooses a ticket's type (as its drop-down would; a voucher is -its id);
 * FALSE if the ticket or the type is not there. */
gboolean _ts_cart_set_line_ticket_type (TsCart *self,
                                        guint   index,
                                        gint64  ticket_type);

G_END_DECLS
