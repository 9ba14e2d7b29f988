-- 014-staff-vouchers.sql — Staff act on behalf of a patron (C4): they may
-- reserve the patron's open subscription vouchers (T3) for a performance —
-- an order that sells nothing and takes no money — while every other order
-- still needs Walk-up Sales level or above.
--
-- ts_sell_check_rank and ts_sell_check live, current, in server/functions/
-- selling-claims.sql, ts_order_submit (with the comment this migration gave
-- it) in selling-orders.sql: nothing is left to run here.

