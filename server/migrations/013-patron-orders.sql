-- 013-patron-orders.sql — a patron's order history as one outlet may see it
-- (P4, P5): the orders it sold to (or for) the patron in full, and other
-- outlets' orders only for the lines of its own events, never their totals.
--
-- Its function, ts_patron_orders, lives in server/functions/selling-orders.sql
-- with its grant: nothing is left to run here.

