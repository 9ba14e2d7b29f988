-- 009-selling.sql — claims on seats, carts, letter holds, orders, payments,
-- refunds, the ledgers and the live seat feed (rules S1–S8, T2–T6, M4–M8,
-- E3, E4, P5, A1–A4)
--
-- The selling engine's tables.  The engine itself is in SECURITY DEFINER
-- functions (server/functions/selling-claims.sql, selling-orders.sql,
-- selling-maps.sql, accounting.sql): a sale touches two outlets' rows (the
-- owner's performance and ledger, the seller's order and till), so it cannot
-- run under the caller's row-level security.  Each function checks who the
-- caller is (ts_ctx_*) before anything else and hands back only what the
-- rules let that caller see.  The functions this migration's triggers call
-- run before it (selling-maps.sql, pricing.sql, live.sql).

-- Claims (S1) ------------------------------------------------------------------

CREATE TABLE cart (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  outlet_id   integer REFERENCES outlet (id),                  -- NULL: the Master User
  employee_id integer REFERENCES employee (id),
  created_at  timestamptz NOT NULL DEFAULT now (),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX cart_expires ON cart (expires_at);

-- S1: one live claim per seat per performance — the primary key is the
-- guarantee; claiming is an INSERT that either wins or conflicts.
CREATE TABLE seat_claim (
  performance_id integer NOT NULL REFERENCES performance (id),
  seat_guid      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('cart', 'held', 'sold')),
  outlet_id      integer REFERENCES outlet (id),            -- who claimed (NULL: Master User)
  cart_id        uuid REFERENCES cart (id) ON DELETE CASCADE,
  hold_letter    text REFERENCES hold_letter (letter),
  order_item_id  bigint,
  expires_at     timestamptz,
  PRIMARY KEY (performance_id, seat_guid),
  CONSTRAINT seat_claim_shape CHECK ((kind = 'cart') = (cart_id IS NOT NULL)
                                     AND (kind = 'held') = (hold_letter IS NOT NULL)
                                     AND (kind = 'sold') = (order_item_id IS NOT NULL))
);
CREATE INDEX seat_claim_cart ON seat_claim (cart_id) WHERE cart_id IS NOT NULL;

-- S1: never more general-admission tickets than capacity: taken is raised by
-- an UPDATE under the row's lock and the CHECK refuses the excess.
CREATE TABLE performance_ga (
  performance_id integer NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
  area_key       text NOT NULL,
  capacity       integer NOT NULL CHECK (capacity >= 0),
  taken          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (performance_id, area_key),
  CONSTRAINT performance_ga_capacity CHECK (taken BETWEEN 0 AND capacity)
);

CREATE TABLE cart_ga (
  cart_id        uuid NOT NULL REFERENCES cart (id) ON DELETE CASCADE,
  performance_id integer NOT NULL REFERENCES performance (id),
  area_key       text NOT NULL,
  quantity       integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (cart_id, performance_id, area_key)
);

-- The map keeps its seat rows; M4 is checked when its plan changes.  (The
-- seat rows of the maps that exist are filled by migration 010, with the
-- column it adds.)
CREATE TRIGGER theatre_map_seats AFTER INSERT OR UPDATE OF plan ON theatre_map
  FOR EACH ROW EXECUTE FUNCTION ts_map_sync_seats ();

-- Orders (S2) ------------------------------------------------------------------

CREATE TABLE ticket_order (
  id              bigserial PRIMARY KEY,
  outlet_id       integer NOT NULL REFERENCES outlet (id),      -- the selling outlet
  employee_id     integer REFERENCES employee (id),
  purchaser_id    bigint NOT NULL REFERENCES patron (id),
  recipient_id    bigint NOT NULL REFERENCES patron (id),       -- a gift when different
  channel         text NOT NULL DEFAULT 'box_office' CHECK (channel IN ('box_office', 'internet')),
  idempotency_key text NOT NULL CHECK (length (idempotency_key) BETWEEN 8 AND 100),
  request_hash    text NOT NULL,
  party           uuid NOT NULL DEFAULT gen_random_uuid (),     -- M7: groups seats, reveals nothing
  exchange_of     bigint REFERENCES ticket_order (id),
  note            text NOT NULL DEFAULT '' CHECK (length (note) <= 2000),
  result          jsonb,                                        -- the first answer (S2)
  created_at      timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX ticket_order_idempotency ON ticket_order (outlet_id, idempotency_key);
CREATE INDEX ticket_order_purchaser ON ticket_order (purchaser_id);
CREATE INDEX ticket_order_recipient ON ticket_order (recipient_id);

CREATE TABLE refund (
  id          bigserial PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES ticket_order (id),
  outlet_id   integer NOT NULL REFERENCES outlet (id),          -- the refunder, whose till pays (S7)
  employee_id integer REFERENCES employee (id),
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  reason      text NOT NULL CHECK (length (reason) BETWEEN 1 AND 500),
  created_at  timestamptz NOT NULL DEFAULT now ()
);

CREATE TABLE order_item (
  id               bigserial PRIMARY KEY,
  order_id         bigint NOT NULL REFERENCES ticket_order (id),
  performance_id   integer REFERENCES performance (id),
  owner_outlet_id  integer NOT NULL REFERENCES outlet (id),     -- owner of the ticket's event
  seat_guid        text,
  area_key         text,
  ticket_type_id   integer NOT NULL REFERENCES ticket_type (id),
  redemption_id    integer REFERENCES redemption (id),
  price_zone       text,
  price_cents      integer NOT NULL CHECK (price_cents >= 0),
  commission_cents integer NOT NULL DEFAULT 0 CHECK (commission_cents >= 0),
  display_letter   text NOT NULL DEFAULT 'X' CHECK (display_letter ~ '^[A-Z]$'),
  promo_code       text,
  comp_reason      text,
  overridden       boolean NOT NULL DEFAULT false,               -- S3
  status           text NOT NULL DEFAULT 'sold' CHECK (status IN ('sold', 'refunded')),
  refund_id        bigint REFERENCES refund (id),
  checked_in_at    timestamptz,                                  -- S8
  created_at       timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT order_item_place CHECK (seat_guid IS NULL OR area_key IS NULL),
  CONSTRAINT order_item_refunded CHECK ((status = 'refunded') = (refund_id IS NOT NULL))
);
CREATE INDEX order_item_order ON order_item (order_id);
CREATE INDEX order_item_performance ON order_item (performance_id, status);

-- T2: a redemption that has ever sold keeps its history, refunded sales too
-- (ts_performance_keep_sold looks at order_item as well, E5).
CREATE TRIGGER redemption_keep_sold BEFORE DELETE ON redemption
  FOR EACH ROW EXECUTE FUNCTION ts_redemption_keep_sold ();

CREATE TABLE payment (
  id           bigserial PRIMARY KEY,
  order_id     bigint NOT NULL REFERENCES ticket_order (id),
  refund_id    bigint REFERENCES refund (id),                    -- set on money paid back
  outlet_id    integer NOT NULL REFERENCES outlet (id),          -- whose till
  employee_id  integer REFERENCES employee (id),
  method       text NOT NULL CHECK (method IN ('cash', 'cheque', 'card', 'gift_certificate',
                                                'pass', 'on_account', 'exchange_credit')),
  amount_cents bigint NOT NULL,                                  -- negative when paid back
  reference    text CHECK (length (reference) <= 200),
  created_at   timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX payment_order ON payment (order_id);
CREATE INDEX payment_till ON payment (outlet_id, employee_id, created_at);

-- T3: a subscription bundle's open vouchers, reserved later for performances
-- that have a redemption for the bundle's component type.
CREATE TABLE voucher (
  id               bigserial PRIMARY KEY,
  outlet_id        integer NOT NULL REFERENCES outlet (id),        -- the subscription's owner
  order_item_id    bigint NOT NULL REFERENCES order_item (id),     -- the subscription sold
  patron_id        bigint NOT NULL REFERENCES patron (id),         -- the subscriber
  ticket_type_id   integer NOT NULL REFERENCES ticket_type (id),   -- the bundle component
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reserved', 'cancelled')),
  reserved_item_id bigint REFERENCES order_item (id),
  CONSTRAINT voucher_reserved CHECK ((status = 'reserved') = (reserved_item_id IS NOT NULL))
);
CREATE INDEX voucher_patron ON voucher (patron_id, outlet_id);
CREATE INDEX voucher_item ON voucher (order_item_id);
CREATE UNIQUE INDEX voucher_reserved_item ON voucher (reserved_item_id) WHERE reserved_item_id IS NOT NULL;

-- Ledgers (A1, A2) -------------------------------------------------------------

-- Each entry is in one outlet's ledger and its lines sum to zero (debits
-- positive, credits negative).  Accounts that name another outlet carry it
-- as counterparty: due_from_outlet / due_to_outlet (ticket money) and
-- commission_receivable / commission_payable.
CREATE TABLE ledger_entry (
  id          bigserial PRIMARY KEY,
  outlet_id   integer NOT NULL REFERENCES outlet (id),
  kind        text NOT NULL,
  order_id    bigint REFERENCES ticket_order (id),
  refund_id   bigint REFERENCES refund (id),
  employee_id integer REFERENCES employee (id),
  memo        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX ledger_entry_outlet ON ledger_entry (outlet_id, created_at);

CREATE TABLE ledger_line (
  id                     bigserial PRIMARY KEY,
  entry_id               bigint NOT NULL REFERENCES ledger_entry (id),
  outlet_id              integer NOT NULL REFERENCES outlet (id),
  account                text NOT NULL CHECK (account IN (
                           'till_cash', 'till_cheque', 'card_clearing', 'gift_certificate_liability',
                           'pass_liability', 'accounts_receivable', 'exchange_credit', 'bank',
                           'ticket_revenue', 'commission_income', 'commission_expense',
                           'due_from_outlet', 'due_to_outlet',
                           'commission_receivable', 'commission_payable')),
  counterparty_outlet_id integer REFERENCES outlet (id),
  amount_cents           bigint NOT NULL,
  CONSTRAINT ledger_line_counterparty CHECK (
    (account IN ('due_from_outlet', 'due_to_outlet', 'commission_receivable', 'commission_payable'))
    = (counterparty_outlet_id IS NOT NULL))
);
CREATE INDEX ledger_line_entry ON ledger_line (entry_id);
CREATE INDEX ledger_line_pair ON ledger_line (outlet_id, counterparty_outlet_id) WHERE counterparty_outlet_id IS NOT NULL;

-- Settlements between a pair of outlets (A3).
CREATE TABLE settlement (
  id                bigserial PRIMARY KEY,
  payer_outlet_id   integer NOT NULL REFERENCES outlet (id),
  payee_outlet_id   integer NOT NULL REFERENCES outlet (id),
  ticket_cents      bigint NOT NULL,        -- ticket money the payer passed on
  commission_cents  bigint NOT NULL,        -- commission the payee passed back (netted)
  period_from       date,
  period_to         date,
  reference         text CHECK (length (reference) <= 200),
  employee_id       integer REFERENCES employee (id),
  created_at        timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT settlement_pair CHECK (payer_outlet_id <> payee_outlet_id)
);

-- Live seat feed (NOTIFY in the selling transaction) ------------------------------

CREATE TRIGGER seat_claim_notify_insert AFTER INSERT ON seat_claim REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_claims ();
CREATE TRIGGER seat_claim_notify_update AFTER UPDATE ON seat_claim REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_claims ();
CREATE TRIGGER seat_claim_notify_delete AFTER DELETE ON seat_claim REFERENCING OLD TABLE AS old_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_claims ();

CREATE TRIGGER performance_ga_notify AFTER UPDATE ON performance_ga REFERENCING NEW TABLE AS new_ga
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_ga ();

-- Row-level security (P4, P5, P7) --------------------------------------------------
-- The app role reads these tables only through the selling functions; the
-- policies keep a direct read to the caller's own rows.

ALTER TABLE cart ENABLE ROW LEVEL SECURITY;
CREATE POLICY cart_own ON cart FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE seat_claim ENABLE ROW LEVEL SECURITY;
CREATE POLICY seat_claim_own ON seat_claim FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE performance_ga ENABLE ROW LEVEL SECURITY;
CREATE POLICY performance_ga_read ON performance_ga FOR SELECT
  USING (EXISTS (SELECT 1 FROM performance p WHERE p.id = performance_id AND ts_ctx_sees (p.outlet_id)));
ALTER TABLE cart_ga ENABLE ROW LEVEL SECURITY;
CREATE POLICY cart_ga_own ON cart_ga FOR SELECT
  USING (EXISTS (SELECT 1 FROM cart k WHERE k.id = cart_id AND ts_ctx_sees (k.outlet_id)));
ALTER TABLE ticket_order ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_order_own ON ticket_order FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE order_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY order_item_own ON order_item FOR SELECT
  USING (ts_ctx_sees (owner_outlet_id)
         OR EXISTS (SELECT 1 FROM ticket_order o WHERE o.id = order_id AND ts_ctx_sees (o.outlet_id)));
ALTER TABLE payment ENABLE ROW LEVEL SECURITY;
CREATE POLICY payment_own ON payment FOR SELECT
  USING (EXISTS (SELECT 1 FROM ticket_order o WHERE o.id = order_id AND ts_ctx_sees (o.outlet_id))
         OR ts_ctx_sees (outlet_id));
ALTER TABLE refund ENABLE ROW LEVEL SECURITY;
CREATE POLICY refund_own ON refund FOR SELECT
  USING (ts_ctx_sees (outlet_id) OR EXISTS (SELECT 1 FROM ticket_order o WHERE o.id = order_id AND ts_ctx_sees (o.outlet_id)));
ALTER TABLE ledger_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY ledger_entry_own ON ledger_entry FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE ledger_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY ledger_line_own ON ledger_line FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE voucher ENABLE ROW LEVEL SECURITY;
CREATE POLICY voucher_own ON voucher FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE settlement ENABLE ROW LEVEL SECURITY;
CREATE POLICY settlement_pair ON settlement FOR SELECT
  USING (ts_ctx_sees (payer_outlet_id) OR ts_ctx_sees (payee_outlet_id));

-- Writes happen only inside the selling functions.
CREATE TRIGGER ticket_order_audit AFTER UPDATE OR DELETE ON ticket_order FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('result');

GRANT SELECT ON cart, seat_claim, performance_ga, cart_ga, ticket_order, order_item, payment, refund,
                ledger_entry, ledger_line, settlement, voucher TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
