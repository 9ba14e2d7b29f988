-- 023-will-call-hand-over.sql — a will-call ticket handed over: when, and by
-- which employee (C4 Walk-up Sales, issue 11)
--
-- The will call lists a performance's tickets not yet checked in; the agent
-- at the counter marks those given to the patron, so that the next agent
-- sees them as handed over.  The function that marks them
-- (ts_will_call_hand_over, server/functions/selling-maps.sql) audits each
-- change; both columns are set together or not at all.

ALTER TABLE order_item
  ADD COLUMN handed_over_at timestamptz,
  ADD COLUMN handed_over_by integer REFERENCES employee (id),
  ADD CONSTRAINT order_item_handed_over_whole CHECK ((handed_over_at IS NULL) = (handed_over_by IS NULL));
