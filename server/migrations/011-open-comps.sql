-- 011-open-comps.sql — comps left open (S6 day-of-show work): a complimentary
-- ticket for a performance given without a seat yet, with its reason; it
-- takes a place in the house (the advance-sales count, T2) and is seated
-- later by a seat change (POST /orders/{id}/move), which for a comp may be
-- any zone.  An order item of a performance with neither seat nor area is an
-- open comp.
--
-- The functions this migration once restated (ts_order_submit, ts_order_move)
-- now live, current, in server/functions/selling-orders.sql.

COMMENT ON FUNCTION ts_order_move (jsonb) IS
  'Moves tickets of an order to other seats of their price zone, or seats an open comp (S6); see server/functions/selling-orders.sql';
