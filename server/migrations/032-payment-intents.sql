-- 032-payment-intents.sql — a storefront's card payments as they go through
-- the payment provider (rules S2, S4, F6, R1; issue 14): one row per
-- checkout attempt, keyed by the form's idempotency key, so that a double
-- click or a retried request pays and sells once, and a payment the provider
-- confirms later (its own page, its notification) finds what to sell.
-- Written only by the SECURITY DEFINER functions of
-- server/functions/shop-payments.sql; docs/architecture.md ("The web
-- storefront", "Payments") tells the flow.
CREATE TABLE payment_intent (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  outlet_id          integer NOT NULL REFERENCES outlet (id),        -- the storefront's outlet, the seller (F6)
  web_session_id     uuid NOT NULL REFERENCES web_session (id),
  idempotency_key    text NOT NULL CHECK (length (idempotency_key) BETWEEN 8 AND 100),
  amount_cents       bigint NOT NULL CHECK (amount_cents > 0),       -- S4: the cart's whole total
  currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  provider           text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,40}$'),
  provider_reference text CHECK (length (provider_reference) <= 200),
  status             text NOT NULL DEFAULT 'created'
                     CHECK (status IN ('created', 'authorized', 'needs_confirmation', 'declined',
                                       'captured', 'voided', 'refunded')),
  confirmation_url   text CHECK (length (confirmation_url) <= 2000),   -- the provider's page, while it waits
  card_last4         text CHECK (card_last4 ~ '^[0-9]{0,4}$'),
  -- what the sale needs once the provider has authorised: the purchaser
  -- (an account's patron) or the guest's name and e-mail (F7), the partner
  -- answers (K3) and the order link's SHA-256 (P5) — never card details
  order_request      jsonb NOT NULL,
  order_id           bigint REFERENCES ticket_order (id),
  refunded_cents     bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  message            text CHECK (length (message) <= 500),           -- why it was declined or voided
  created_at         timestamptz NOT NULL DEFAULT now (),
  updated_at         timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX payment_intent_key ON payment_intent (outlet_id, idempotency_key);
CREATE UNIQUE INDEX payment_intent_reference ON payment_intent (provider, provider_reference)
  WHERE provider_reference IS NOT NULL;
CREATE INDEX payment_intent_session ON payment_intent (web_session_id);
CREATE UNIQUE INDEX payment_intent_order ON payment_intent (order_id) WHERE order_id IS NOT NULL;

CREATE TRIGGER payment_intent_touch BEFORE UPDATE ON payment_intent
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER payment_intent_audit AFTER INSERT OR UPDATE OR DELETE ON payment_intent   -- R1
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

-- P7: an outlet reads its own storefront's payments (the box office sees how
-- a web order was paid); only the functions write.
ALTER TABLE payment_intent ENABLE ROW LEVEL SECURITY;
CREATE POLICY payment_intent_own ON payment_intent FOR SELECT USING (ts_ctx_sees (outlet_id));
GRANT SELECT ON payment_intent TO tessera_app;

-- S6, S7: money paid back by card on a web order, by the outlet whose
-- storefront took it, goes back through the provider that took it.  The
-- refund itself is the box office's (ts_order_refund); a row here records
-- that the provider gave it back (its key: 'refund-<payment id>'), written
-- by the server's payments sweeper (server/shop/payments/ts-payments.c)
-- once the provider has answered, so a refund is sent once and a crash
-- loses none.
CREATE TABLE payment_refund (
  payment_id   bigint PRIMARY KEY REFERENCES payment (id),
  intent_id    uuid NOT NULL REFERENCES payment_intent (id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  status       text NOT NULL CHECK (status IN ('refunded', 'failed')),
  message      text CHECK (length (message) <= 500),
  created_at   timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX payment_refund_intent ON payment_refund (intent_id);
CREATE TRIGGER payment_refund_audit AFTER INSERT OR UPDATE OR DELETE ON payment_refund   -- R1
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
ALTER TABLE payment_refund ENABLE ROW LEVEL SECURITY;
CREATE POLICY payment_refund_own ON payment_refund FOR SELECT
  USING (EXISTS (SELECT 1 FROM payment_intent i WHERE i.id = intent_id AND ts_ctx_sees (i.outlet_id)));
GRANT SELECT ON payment_refund TO tessera_app;
