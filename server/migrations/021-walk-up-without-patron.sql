-- 021-walk-up-without-patron.sql — a sale at the door needs no patron record (S8)
--
-- A walk-up sale paid by cash or card at the box office may be made for
-- nobody in the patron directory: its order has neither purchaser nor
-- recipient (both or neither, never one), and lists show it as a walk-up.
-- Which sales may go without a patron is ts_order_check_request's to say
-- (server/functions/selling-orders.sql).

ALTER TABLE ticket_order ALTER COLUMN purchaser_id DROP NOT NULL;
ALTER TABLE ticket_order ALTER COLUMN recipient_id DROP NOT NULL;
ALTER TABLE ticket_order ADD CONSTRAINT ticket_order_patron_both_or_neither
  CHECK ((purchaser_id IS NULL) = (recipient_id IS NULL));
