-- 039-payment-sweep-claims.sql — several servers on one database (issue 15;
-- docs/architecture.md, "Several servers on one database"): what a payments
-- sweeper is about to ask the provider (a card refund, S6; a void of a
-- payment left half-way, S4) is claimed here first, by the idempotency key
-- it sends, so that two servers' sweepers never ask for the same thing at
-- once.  A claim lasts 5 minutes and its server renews it at each sweep (a
-- provider that did not answer is asked again); a server that stopped
-- leaves it to expire, and another asks again with the same key.
-- ts_shop_payment_sweep_claim (server/functions/shop-payments.sql) writes it.
CREATE TABLE payment_sweep_claim (
  claim_key text PRIMARY KEY CHECK (length (claim_key) <= 100),  -- refund-<payment id>, void-<intent id>
  holder    uuid NOT NULL,                                       -- the sweeper's, drawn by each server at start
  until     timestamptz NOT NULL                                 -- after which another server may take it
);
-- P7: every table has row-level security; no policy, so only the sweeper's
-- security-definer function reads or writes it
ALTER TABLE payment_sweep_claim ENABLE ROW LEVEL SECURITY;
