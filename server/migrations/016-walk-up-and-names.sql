-- 016-walk-up-and-names.sql — three refinements found while building the
-- patron's voucher reservations:
--   * a Walk-up Sales agent reserves a subscriber's voucher for any date, as
--     Staff may (C4: each level does everything the levels below do); only
--     sales by Walk-up Sales are walk-up sales, today's and checked in (S8);
--   * general-admission areas are named, not keyed, in refusals and vouchers;
--   * the sellable performances say whether the caller's window is open now.
--
-- The functions concerned now live, current, in
-- server/functions/selling-orders.sql.

COMMENT ON FUNCTION ts_sellable_performances () IS
  'The performances the caller may sell, with E4''s fields only; see server/functions/selling-orders.sql';
