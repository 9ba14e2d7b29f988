-- 028-reports.sql — tills closed at the end of the day, and the indexes the reports read by (rules A4, R1, R2, P4)
--
-- till_closing: one employee's till for one business day (the outlet's
-- date), closed once: what the recorded payments said it should hold, by
-- method (expected), what was counted, and the difference (A4).  Own outlet
-- only (P4); written only by ts_till_close (server/functions/reports.sql),
-- audited (R1).
--
-- The indexes serve the report functions (server/functions/reports.sql),
-- which read a period of sales from both sides of R2: the lines of the
-- outlet's events by order date, the outlet's own orders by date, refunds by
-- date, donations by day.  Checked with EXPLAIN on the bench's data
-- (bench/bench-reports.c).

CREATE TABLE till_closing (
  id               bigserial PRIMARY KEY,
  outlet_id        integer NOT NULL REFERENCES outlet (id),
  employee_id      integer NOT NULL REFERENCES employee (id),
  business_date    date NOT NULL,
  expected         jsonb NOT NULL,            -- cents by payment method
  counted          jsonb NOT NULL,            -- cents by payment method
  over_short_cents bigint NOT NULL,           -- counted − expected
  note             text NOT NULL DEFAULT '' CHECK (length (note) <= 1000),
  closed_by        integer REFERENCES employee (id),   -- NULL: the Master User
  closed_at        timestamptz NOT NULL DEFAULT now (),
  UNIQUE (outlet_id, employee_id, business_date)
);

ALTER TABLE till_closing ENABLE ROW LEVEL SECURITY;
CREATE POLICY till_closing_own ON till_closing FOR ALL
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
CREATE TRIGGER till_closing_audit AFTER INSERT OR UPDATE OR DELETE ON till_closing
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
GRANT SELECT, INSERT ON till_closing TO tessera_app;
GRANT USAGE ON SEQUENCE till_closing_id_seq TO tessera_app;

-- R2: a period's lines of the outlet's events, whoever sold them; its own
-- orders, whatever they sold; lines refunded in a period.
CREATE INDEX order_item_owner_created ON order_item (owner_outlet_id, created_at);
CREATE INDEX ticket_order_outlet_created ON ticket_order (outlet_id, created_at);
CREATE INDEX order_item_refund ON order_item (refund_id) WHERE refund_id IS NOT NULL;
CREATE INDEX refund_created ON refund (created_at);
-- P4: an outlet's donations by day, memberships by level.
CREATE INDEX donation_outlet_day ON donation (outlet_id, donated_on);
CREATE INDEX membership_outlet_dates ON membership (outlet_id, starts_on, ends_on);
