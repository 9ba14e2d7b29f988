/* ts-voucher-reserve-dialog-private.h — what the voucher-reserve dialog's
 * tests do as a person would: choose the voucher, the performance and a seat
 * or an area, and read what is offered (T3) */
#pragma once

#include "ts-voucher-reserve-dialog.h"

G_BEGIN_DECLS

/* As a person would choose; each answers FALSE (or 0) when there is no
 * such choice (yet). */
guint                   _ts_voucher_reserve_dialog_count_vouchers     (TsVoucherReserveDialog *self);
gboolean                _ts_voucher_reserve_dialog_choose_voucher     (TsVoucherReserveDialog *self,
                                                                       gint64                  voucher_id);
gint64                  _ts_voucher_reserve_dialog_get_voucher        (TsVoucherReserveDialog *self);
guint                   _ts_voucher_reserve_dialog_count_performances (TsVoucherReserveDialog *self);
gboolean                _ts_voucher_reserve_dialog_choose_performance (TsVoucherReserveDialog *self,
                                                                       gint64                  performance_id);
guint                   _ts_voucher_reserve_dialog_count_free_seats   (TsVoucherReserveDialog *self);
gboolean                _ts_voucher_reserve_dialog_choose_seat        (TsVoucherReserveDialog *self,
                                                                       const char             *guid);
const char             *_ts_voucher_reserve_dialog_get_chosen_seat    (TsVoucherReserveDialog *self);
gboolean                _ts_voucher_reserve_dialog_choose_area        (TsVoucherReserveDialog *self,
                                                                       const char             *area);

G_END_DECLS
