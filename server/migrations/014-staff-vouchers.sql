-- 014-staff-vouchers.sql — Staff act on behalf of a patron (C4): they may
-- reserve the patron's open subscription vouchers (T3) for a performance —
-- an order that sells nothing and takes no money — while every other order
-- still needs Walk-up Sales level or above.
--
-- ts_sell_check_rank, ts_sell_check and ts_order_submit now live, current,
-- in server/functions/selling-orders.sql.

COMMENT ON FUNCTION ts_order_submit (jsonb, bigint, bigint) IS
  'Sells an order, or reserves vouchers (S1-S5, T2-T6, C4); see server/functions/selling-orders.sql';
