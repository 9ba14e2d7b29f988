-- 029-reprint-requests.sql — a reprint asked again with the same idempotency key
-- reprints nothing again (F5; S2's rule for orders): a retry after a lost answer
-- must not raise the barcode version twice.  One row per key and outlet, written
-- only by ts_order_reprint (functions/printed-tickets.sql); the reprint itself is
-- audited there (R1).
CREATE TABLE reprint_request (
  outlet_id       integer REFERENCES outlet (id),     -- the reprinting outlet; NULL for the Master User
  idempotency_key text NOT NULL CHECK (length (idempotency_key) BETWEEN 8 AND 100),
  order_id        bigint NOT NULL REFERENCES ticket_order (id),
  items           bigint[] NOT NULL,
  reason          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX reprint_request_key ON reprint_request (coalesce (outlet_id, 0), idempotency_key);

-- P7: an outlet reads its own requests.
ALTER TABLE reprint_request ENABLE ROW LEVEL SECURITY;
CREATE POLICY reprint_request_own ON reprint_request FOR SELECT USING (ts_ctx_sees (outlet_id));
GRANT SELECT ON reprint_request TO tessera_app;

-- The reprint takes the key now (functions/printed-tickets.sql): the
-- function without it goes.
DROP FUNCTION IF EXISTS ts_order_reprint (bigint, integer, bigint[], text);
