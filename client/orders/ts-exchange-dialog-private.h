/* ts-exchange-dialog-private.h — what the exchange dialog's tests do as a
 * person would: tick the tickets to give back, choose the new performance,
 * ticket type and seat, the method and reason; and read the free seats, the
 * methods and the difference (S6) */
#pragma once

#include "ts-exchange-dialog.h"

G_BEGIN_DECLS

/* As a person would choose; each answers FALSE when there is no such
 * choice (yet). */
gboolean            _ts_exchange_dialog_choose_item         (TsExchangeDialog *self,
                                                             gint64            item_id,
                                                             gboolean          chosen);
gboolean            _ts_exchange_dialog_choose_performance  (TsExchangeDialog *self,
                                                             gint64            performance_id);
gboolean            _ts_exchange_dialog_choose_ticket_type  (TsExchangeDialog *self,
                                                             gint64            ticket_type_id);
gboolean            _ts_exchange_dialog_choose_seat         (TsExchangeDialog *self,
                                                             const char       *guid);
guint               _ts_exchange_dialog_count_free_seats    (TsExchangeDialog *self);
/* The new tickets' total less the credit: > 0 to pay, < 0 to pay back. */
gint64              _ts_exchange_dialog_get_difference      (TsExchangeDialog *self);
const char * const *_ts_exchange_dialog_get_methods         (TsExchangeDialog *self);
gboolean            _ts_exchange_dialog_fill                (TsExchangeDialog *self,
                                                             const char       *method,
                                                             const char       *reason);

G_END_DECLS
