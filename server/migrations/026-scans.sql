-- 026-scans.sql — tickets scanned at the door: re-entry per event, one row per scan, and who is in (F4, F5, C4 Scanner)
--
-- event.reentry: whether a ticket scanned out may come back in (F5: off by
-- default).  order_item.admitted_at / admitted_door: the first admission,
-- kept for good (a second scan says when and where it was); inside: in the
-- house now (out and in again only where the event allows re-entry).
-- scan: every scan, whatever it answered (the audit of a scan, R1), with
-- the first answer kept, so that a retried upload with the same nonce gets
-- it again and admits nobody twice (ts_scan_decide, in
-- server/functions/scans.sql, the only writer).

ALTER TABLE event
  ADD COLUMN reentry boolean NOT NULL DEFAULT false;
-- the owner's managers set it (PATCH /events/{id}); row-level security says whose
GRANT UPDATE (reentry) ON event TO tessera_app;

ALTER TABLE order_item
  ADD COLUMN admitted_at timestamptz,
  ADD COLUMN admitted_door text CHECK (length (admitted_door) BETWEEN 1 AND 60),
  ADD COLUMN inside boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT order_item_admitted_whole CHECK ((admitted_at IS NULL) = (admitted_door IS NULL)),
  ADD CONSTRAINT order_item_inside_admitted CHECK (NOT inside OR admitted_at IS NOT NULL);

CREATE INDEX order_item_admitted ON order_item (performance_id, admitted_door) WHERE admitted_at IS NOT NULL;

CREATE TABLE scan (
  id             bigserial PRIMARY KEY,
  outlet_id      integer REFERENCES outlet (id),     -- the scanner's outlet; NULL for the Master User
  employee_id    integer REFERENCES employee (id),
  item_id        bigint REFERENCES order_item (id),  -- NULL when the code names no ticket of the caller's
  performance_id integer REFERENCES performance (id),  -- the door's, when it said
  door           text NOT NULL CHECK (length (door) BETWEEN 1 AND 60),
  nonce          text NOT NULL CHECK (length (nonce) BETWEEN 8 AND 100),
  subject        text NOT NULL CHECK (length (subject) <= 200),  -- the code as read, or "item:<id>"
  direction      text NOT NULL CHECK (direction IN ('in', 'out')),
  result         text NOT NULL CHECK (result IN ('admitted', 'already_admitted', 'exited', 'not_for_this_door',
                                                 'wrong_performance', 'void', 'forged')),
  answer         jsonb NOT NULL,                     -- what the first call answered
  offline        boolean NOT NULL,                   -- scanned_at was given: made offline, uploaded later
  scanned_at     timestamptz NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now ()
);
-- A nonce is one scan per outlet: the same again is a retry (S2's rule for orders, F4).
CREATE UNIQUE INDEX scan_nonce ON scan (coalesce (outlet_id, 0), nonce);
CREATE INDEX scan_item ON scan (item_id, scanned_at) WHERE item_id IS NOT NULL;
CREATE INDEX scan_performance ON scan (performance_id, scanned_at);

-- P7: an outlet reads its own scans; written only by ts_scan_decide.
ALTER TABLE scan ENABLE ROW LEVEL SECURITY;
CREATE POLICY scan_own ON scan FOR SELECT USING (ts_ctx_sees (outlet_id));
GRANT SELECT ON scan TO tessera_app;
