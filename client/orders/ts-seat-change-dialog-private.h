/* ts-seat-change-dialog-private.h — what the seat-change dialog's tests do as
 * a person would: find a ticket's row, read its seat and the seats offered,
 * and choose one (S6) */
#pragma once

#include "ts-seat-change-dialog.h"

G_BEGIN_DECLS

/* As a person would choose; each answers FALSE (or 0, NULL) when there is
 * no such ticket or choice (yet). */
gboolean            _ts_seat_change_dialog_lists_item       (TsSeatChangeDialog *self,
                                                             gint64              item_id);
const char         *_ts_seat_change_dialog_get_current_seat (TsSeatChangeDialog *self,
                                                             gint64              item_id);
guint               _ts_seat_change_dialog_count_choices    (TsSeatChangeDialog *self,
                                                             gint64              item_id);
gboolean            _ts_seat_change_dialog_offers_seat      (TsSeatChangeDialog *self,
                                                             gint64              item_id,
                                                             const char         *guid);
/* guid NULL: the ticket keeps its seat (an open comp stays unseated). */
gboolean            _ts_seat_change_dialog_choose_seat      (TsSeatChangeDialog *self,
                                                             gint64              item_id,
                                                             const char         *guid);
const char         *_ts_seat_change_dialog_get_chosen_seat  (TsSeatChangeDialog *self,
                                                             gint64              item_id);

G_END_DECLS
