-- 009-selling.sql — claims on seats, carts, letter holds, orders, payments,
-- refunds, the ledgers and the live seat feed (rules S1–S8, T2–T6, M4–M8,
-- E3, E4, P5, A1–A4)
--
-- The selling engine lives here, in SECURITY DEFINER functions: a sale
-- touches two outlets' rows (the owner's performance and ledger, the seller's
-- order and till), so it cannot run under the caller's row-level security.
-- Each function checks who the caller is (ts_ctx_*) before anything else and
-- hands back only what the rules let that caller see.  The server calls
-- them with one JSON argument and returns their JSON answer.

-- Who may sell (E3, E4) ------------------------------------------------------

-- 'owner' for the owning outlet and the Master User; 'seller' for another
-- outlet permitted to sell it (ignoring the window, see ts_outlet_window_open);
-- NULL for anyone else.
CREATE FUNCTION ts_sell_role (p_performance integer, p_outlet integer) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT CASE
    WHEN ts_ctx_master () OR p.outlet_id = p_outlet THEN 'owner'
    WHEN p.allow_other_outlets
         AND (NOT EXISTS (SELECT 1 FROM performance_seller s WHERE s.performance_id = p.id)
              OR EXISTS (SELECT 1 FROM performance_seller s
                         WHERE s.performance_id = p.id AND s.outlet_id = p_outlet))
      THEN 'seller'
    END
  FROM performance p WHERE p.id = p_performance
$$;

-- E3/E4: other outlets sell (and see) a performance only in its other-outlet window.
CREATE FUNCTION ts_outlet_window_open (p performance) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT p.status = 'scheduled' AND p.outlets_on_sale IS NOT NULL AND p.outlets_on_sale <= now ()
         AND (p.outlets_off_sale IS NULL OR now () < p.outlets_off_sale)
$$;

-- May the caller view this performance's sales map (M6, M7)?  The owner
-- always; a permitted outlet while its window is open; the Master User.
CREATE FUNCTION ts_performance_viewable (p_performance integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce ((SELECT CASE ts_sell_role (p.id, ts_ctx_outlet ())
                             WHEN 'owner' THEN true
                             WHEN 'seller' THEN ts_outlet_window_open (p)
                             ELSE false END
                    FROM performance p WHERE p.id = p_performance), false)
$$;

-- Refuses, as if it did not exist, a performance the caller may not view.
CREATE FUNCTION ts_require_viewable (p_performance integer) RETURNS void
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  IF NOT ts_performance_viewable (p_performance) THEN
    PERFORM ts_refuse ('TS404', format ('No performance %s that you may sell (rules E1, E3, E4)', p_performance));
  END IF;
END $$;

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

-- The map keeps its seat rows; M4 is checked when its plan changes.
CREATE TRIGGER theatre_map_seats AFTER INSERT OR UPDATE OF plan ON theatre_map
  FOR EACH ROW EXECUTE FUNCTION ts_map_sync_seats ();
SELECT ts_map_sync (id, plan, false) FROM theatre_map;

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

-- E5: a performance (or a redemption) that has ever sold keeps its history:
-- refunded sales too.  Cancel it instead.
CREATE OR REPLACE FUNCTION ts_performance_keep_sold () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF OLD.sold > 0 OR OLD.claimed > 0 OR EXISTS (SELECT 1 FROM order_item WHERE performance_id = OLD.id) THEN
    RAISE EXCEPTION 'This performance has sales or holds: it cannot be deleted, cancel it instead (rule E5)'
      USING ERRCODE = 'TS409';
  END IF;
  RETURN OLD;
END $$;

CREATE FUNCTION ts_redemption_keep_sold () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF OLD.sold > 0 OR EXISTS (SELECT 1 FROM order_item WHERE redemption_id = OLD.id) THEN
    RAISE EXCEPTION 'Tickets were sold through this redemption: it cannot be deleted; end its sales window instead (rule T2)'
      USING ERRCODE = 'TS409';
  END IF;
  RETURN OLD;
END $$;
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

-- A1: posts one balanced entry.  p_lines: [{account, amount, counterparty?}].
CREATE FUNCTION ts_post (p_outlet integer, p_kind text, p_order bigint, p_refund bigint,
                         p_memo text, p_lines jsonb) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_entry bigint;
  v_sum bigint;
BEGIN
  SELECT coalesce (sum ((l ->> 'amount')::bigint), 0) INTO v_sum FROM jsonb_array_elements (p_lines) l;
  IF v_sum <> 0 THEN
    RAISE EXCEPTION 'unbalanced ledger entry % (%): %', p_kind, v_sum, p_lines;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements (p_lines) l WHERE (l ->> 'amount')::bigint <> 0) THEN
    RETURN;
  END IF;
  INSERT INTO ledger_entry (outlet_id, kind, order_id, refund_id, employee_id, memo)
    VALUES (p_outlet, p_kind, p_order, p_refund, ts_ctx_employee (), coalesce (p_memo, ''))
    RETURNING id INTO v_entry;
  INSERT INTO ledger_line (entry_id, outlet_id, account, counterparty_outlet_id, amount_cents)
    SELECT v_entry, p_outlet, l ->> 'account', (l ->> 'counterparty')::integer, (l ->> 'amount')::bigint
    FROM jsonb_array_elements (p_lines) l WHERE (l ->> 'amount')::bigint <> 0;
END $$;

CREATE FUNCTION ts_payment_account (p_method text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT CASE p_method
    WHEN 'cash' THEN 'till_cash' WHEN 'cheque' THEN 'till_cheque' WHEN 'card' THEN 'card_clearing'
    WHEN 'gift_certificate' THEN 'gift_certificate_liability' WHEN 'pass' THEN 'pass_liability'
    WHEN 'on_account' THEN 'accounts_receivable' WHEN 'exchange_credit' THEN 'exchange_credit' END
$$;

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

-- Small helpers ------------------------------------------------------------------

CREATE FUNCTION ts_patron_name (p_patron bigint) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (nullif (concat_ws (' ', p.first_name, p.last_name), ''), p.company)
  FROM patron p WHERE p.id = p_patron
$$;

CREATE FUNCTION ts_seat_name (p_map integer, p_guid text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce ((SELECT concat_ws (' ', nullif (s.zone, ''),
                                      CASE WHEN s.row_label <> '' THEN 'row ' || s.row_label END,
                                      CASE WHEN s.number <> '' THEN 'seat ' || s.number END)
                    FROM map_seat s WHERE s.map_id = p_map AND s.guid = p_guid), p_guid)
$$;

CREATE FUNCTION ts_refuse (p_code text, p_message text) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message;
END $$;

-- The owner's "today" for walk-up work (S8).
CREATE FUNCTION ts_is_today (p performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT (p.starts_at AT TIME ZONE o.time_zone)::date = (now () AT TIME ZONE o.time_zone)::date
  FROM outlet o WHERE o.id = p.outlet_id
$$;

CREATE FUNCTION ts_is_past (p performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT (p.starts_at AT TIME ZONE o.time_zone)::date < (now () AT TIME ZONE o.time_zone)::date
  FROM outlet o WHERE o.id = p.outlet_id
$$;

-- Locks the performance row (always the first lock a claim takes, so claims
-- on one performance never deadlock) and checks that the caller may sell
-- it now.  Returns the row; p_override: the caller asked to override (S3).
CREATE FUNCTION ts_sell_check (p_performance integer, p_override boolean) RETURNS performance
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  p performance;
  v_role text;
  v_rank integer := ts_ctx_rank ();
BEGIN
  SELECT * INTO p FROM performance WHERE id = p_performance FOR UPDATE;
  v_role := ts_sell_role (p_performance, ts_ctx_outlet ());
  IF p.id IS NULL OR v_role IS NULL OR (v_role = 'seller' AND NOT ts_outlet_window_open (p)) THEN
    PERFORM ts_refuse ('TS404', format ('No performance %s that you may sell (rules E1, E3, E4)', p_performance));
  END IF;
  IF v_rank < 3 THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above (rule C4)');
  END IF;
  IF p.status = 'cancelled' THEN
    PERFORM ts_refuse ('TS409', 'This performance is cancelled (rule E5)');
  END IF;
  IF p_override THEN
    IF v_role <> 'owner' THEN
      PERFORM ts_refuse ('TS403', 'A selling outlet can never override the owning outlet''s rules (rule S3)');
    END IF;
    IF v_rank < 4 THEN
      PERFORM ts_refuse ('TS403', 'Overrides need Box Office level or above (rule S3)');
    END IF;
    RETURN p;
  END IF;
  IF v_rank = 3 AND NOT ts_is_today (p) THEN
    PERFORM ts_refuse ('TS403', 'Walk-up Sales sells only today''s performances (rule C4)');
  END IF;
  IF v_role = 'owner' THEN
    IF p.status <> 'scheduled' THEN
      PERFORM ts_refuse ('TS409', format ('This performance is %s; an override is needed (rule S3)', p.status));
    END IF;
    IF ts_is_past (p) THEN
      PERFORM ts_refuse ('TS409', 'This performance is past; an override is needed (rule S3)');
    END IF;
    IF p.box_office_on_sale IS NULL OR now () < p.box_office_on_sale
       OR (p.box_office_off_sale IS NOT NULL AND now () >= p.box_office_off_sale) THEN
      PERFORM ts_refuse ('TS409', 'The box-office sales window is not open (rule E2); an override is needed (rule S3)');
    END IF;
  END IF;
  RETURN p;
END $$;

-- Raises (or lowers) the performance's claimed count under its lock; more
-- than the advance-sales limit is refused unless overridden (T2, E5, S3).
CREATE FUNCTION ts_claim_count (p_performance integer, p_delta integer, p_override boolean) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_claimed integer;
  v_limit integer;
BEGIN
  UPDATE performance SET claimed = greatest (claimed + p_delta, 0) WHERE id = p_performance
    RETURNING claimed, advance_limit INTO v_claimed, v_limit;
  IF p_delta > 0 AND v_claimed > v_limit AND NOT p_override THEN
    PERFORM ts_refuse ('TS409', format ('Only %s seat(s) left under the advance-sales limit of %s (rule T2)',
                                        greatest (v_limit - (v_claimed - p_delta), 0), v_limit));
  END IF;
END $$;

-- Carts and their claims (S1) -------------------------------------------------

CREATE FUNCTION ts_cart_json (p_cart uuid) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object (
    'id', k.id, 'expires_at', k.expires_at,
    'seats', coalesce ((SELECT jsonb_agg (jsonb_build_object ('performance_id', c.performance_id, 'seat', c.seat_guid,
                                                             'name', ts_seat_name (e.map_id, c.seat_guid))
                                          ORDER BY c.performance_id, c.seat_guid)
                        FROM seat_claim c JOIN performance p ON p.id = c.performance_id JOIN event e ON e.id = p.event_id
                        WHERE c.cart_id = k.id), '[]'),
    'ga', coalesce ((SELECT jsonb_agg (jsonb_build_object ('performance_id', g.performance_id, 'area', g.area_key,
                                                          'quantity', g.quantity) ORDER BY g.performance_id, g.area_key)
                     FROM cart_ga g WHERE g.cart_id = k.id), '[]'))
  FROM cart k WHERE k.id = p_cart
$$;

CREATE FUNCTION ts_cart_create () RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_id uuid;
  v_minutes integer;
BEGIN
  IF ts_ctx_rank () < 3 THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above (rule C4)');
  END IF;
  SELECT default_hold_minutes INTO v_minutes FROM outlet WHERE id = ts_ctx_outlet ();
  INSERT INTO cart (outlet_id, employee_id, expires_at)
    VALUES (ts_ctx_outlet (), ts_ctx_employee (), now () + make_interval (mins => coalesce (v_minutes, 15)))
    RETURNING id INTO v_id;
  RETURN ts_cart_json (v_id);
END $$;

-- The caller's own live cart, locked, or a refusal.
CREATE FUNCTION ts_cart_mine (p_cart uuid) RETURNS cart
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k cart;
BEGIN
  SELECT * INTO k FROM cart WHERE id = p_cart FOR UPDATE;
  IF NOT FOUND OR k.outlet_id IS DISTINCT FROM ts_ctx_outlet () THEN
    PERFORM ts_refuse ('TS404', 'No such cart');
  END IF;
  IF k.expires_at <= now () THEN
    PERFORM ts_refuse ('TS409', 'This cart''s hold has expired: its seats were released (rule S1)');
  END IF;
  RETURN k;
END $$;

-- Lets go of a cart's claims on one performance (all of them when p_seats
-- and p_ga are NULL).  The performance row must already be locked.
CREATE FUNCTION ts_cart_let_go (p_cart uuid, p_performance integer, p_seats text[], p_ga jsonb) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_count integer;
  g record;
BEGIN
  WITH gone AS (DELETE FROM seat_claim WHERE cart_id = p_cart AND performance_id = p_performance
                  AND (p_seats IS NULL OR seat_guid = ANY (p_seats)) RETURNING 1)
  SELECT count (*) INTO v_count FROM gone;
  FOR g IN SELECT c.area_key, CASE WHEN p_ga IS NULL THEN c.quantity
                                   ELSE least (c.quantity, coalesce ((SELECT sum ((x ->> 'quantity')::integer)
                                                                      FROM jsonb_array_elements (p_ga) x
                                                                      WHERE x ->> 'area' = c.area_key), 0)) END AS quantity
           FROM cart_ga c WHERE c.cart_id = p_cart AND c.performance_id = p_performance LOOP
    CONTINUE WHEN g.quantity <= 0;
    UPDATE performance_ga SET taken = taken - g.quantity WHERE performance_id = p_performance AND area_key = g.area_key;
    UPDATE cart_ga SET quantity = quantity - g.quantity
      WHERE cart_id = p_cart AND performance_id = p_performance AND area_key = g.area_key AND quantity > g.quantity;
    DELETE FROM cart_ga WHERE cart_id = p_cart AND performance_id = p_performance AND area_key = g.area_key
      AND quantity <= g.quantity;
    v_count := v_count + g.quantity;
  END LOOP;
  PERFORM ts_claim_count (p_performance, -v_count, true);
END $$;

-- Releases every expired cart (optionally only those with claims on one
-- performance).  Called before claiming and by the server every minute.
CREATE FUNCTION ts_expire_carts (p_performance integer DEFAULT NULL) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k record;
  v_perf integer;
  v_done integer := 0;
BEGIN
  FOR k IN SELECT c.id FROM cart c WHERE c.expires_at <= now ()
             AND (p_performance IS NULL
                  OR EXISTS (SELECT 1 FROM seat_claim s WHERE s.cart_id = c.id AND s.performance_id = p_performance)
                  OR EXISTS (SELECT 1 FROM cart_ga g WHERE g.cart_id = c.id AND g.performance_id = p_performance))
             ORDER BY c.id FOR UPDATE SKIP LOCKED LOOP
    FOR v_perf IN SELECT DISTINCT x.pid FROM (SELECT performance_id AS pid FROM seat_claim WHERE cart_id = k.id
                                              UNION SELECT performance_id FROM cart_ga WHERE cart_id = k.id) x
                  ORDER BY x.pid LOOP
      PERFORM 1 FROM performance WHERE id = v_perf FOR UPDATE;
      PERFORM ts_cart_let_go (k.id, v_perf, NULL, NULL);
    END LOOP;
    DELETE FROM cart WHERE id = k.id;
    v_done := v_done + 1;
  END LOOP;
  RETURN v_done;
END $$;

-- Claims seats and GA places for the caller's cart.  All or nothing: a seat
-- taken meanwhile refuses the whole request, naming it.
-- p: {cart_id, performance_id, seats: [guid…], ga: [{area, quantity}], override: {reason}}
CREATE FUNCTION ts_cart_hold (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k cart;
  perf performance;
  v_map integer;
  v_override boolean := p ? 'override';
  v_seats text[] := ARRAY (SELECT jsonb_array_elements_text (coalesce (p -> 'seats', '[]')));
  v_ga jsonb := coalesce (p -> 'ga', '[]');
  v_wanted integer;
  v_unknown text;
  v_taken text;
  g record;
  v_left integer;
BEGIN
  k := ts_cart_mine ((p ->> 'cart_id')::uuid);
  perf := ts_sell_check ((p ->> 'performance_id')::integer, v_override);
  SELECT map_id INTO v_map FROM event WHERE id = perf.event_id;
  PERFORM ts_expire_carts (perf.id);

  SELECT string_agg (x, ', ') INTO v_unknown FROM unnest (v_seats) x
    WHERE NOT EXISTS (SELECT 1 FROM map_seat s WHERE s.map_id = v_map AND s.guid = x);
  IF v_unknown IS NOT NULL THEN
    PERFORM ts_refuse ('TS400', 'seats: not on this performance''s map: ' || v_unknown);
  END IF;
  IF cardinality (v_seats) <> (SELECT count (DISTINCT x) FROM unnest (v_seats) x) THEN
    PERFORM ts_refuse ('TS400', 'seats: a seat is listed twice');
  END IF;
  SELECT coalesce (sum ((x ->> 'quantity')::integer), 0) INTO v_wanted FROM jsonb_array_elements (v_ga) x;
  v_wanted := v_wanted + cardinality (v_seats);
  IF v_wanted = 0 THEN
    PERFORM ts_refuse ('TS400', 'Nothing to hold: give seats or general-admission quantities');
  END IF;
  PERFORM ts_claim_count (perf.id, v_wanted, v_override);

  WITH won AS (
    INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, cart_id, expires_at)
      SELECT perf.id, x, 'cart', k.outlet_id, k.id, k.expires_at FROM unnest (v_seats) x
      ON CONFLICT (performance_id, seat_guid) DO NOTHING RETURNING seat_guid)
  SELECT string_agg (ts_seat_name (v_map, x), ', ' ORDER BY x) INTO v_taken
    FROM unnest (v_seats) x WHERE x NOT IN (SELECT seat_guid FROM won);
  IF v_taken IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'Taken meanwhile: ' || v_taken);
  END IF;

  FOR g IN SELECT x ->> 'area' AS area, (x ->> 'quantity')::integer AS quantity FROM jsonb_array_elements (v_ga) x LOOP
    IF g.quantity IS NULL OR g.quantity <= 0 THEN
      PERFORM ts_refuse ('TS400', 'ga: quantity must be a positive whole number');
    END IF;
    INSERT INTO performance_ga (performance_id, area_key, capacity)
      SELECT perf.id, a.area_key, a.capacity FROM map_ga_area a WHERE a.map_id = v_map AND a.area_key = g.area
      ON CONFLICT DO NOTHING;
    UPDATE performance_ga SET taken = taken + g.quantity
      WHERE performance_id = perf.id AND area_key = g.area AND taken + g.quantity <= capacity;
    IF NOT FOUND THEN
      SELECT capacity - taken INTO v_left FROM performance_ga WHERE performance_id = perf.id AND area_key = g.area;
      IF v_left IS NULL THEN
        PERFORM ts_refuse ('TS400', format ('ga: no general-admission area “%s” on this map', g.area));
      END IF;
      PERFORM ts_refuse ('TS409', format ('Only %s place(s) left in %s', v_left, g.area));
    END IF;
    INSERT INTO cart_ga (cart_id, performance_id, area_key, quantity) VALUES (k.id, perf.id, g.area, g.quantity)
      ON CONFLICT (cart_id, performance_id, area_key) DO UPDATE SET quantity = cart_ga.quantity + EXCLUDED.quantity;
  END LOOP;

  IF v_override THEN
    PERFORM ts_audit ('override', 'performance', perf.id::text, perf.outlet_id, NULL,
                      jsonb_build_object ('what', 'hold', 'reason', p -> 'override' ->> 'reason', 'cart', k.id));
  END IF;
  RETURN ts_cart_json (k.id);
END $$;

-- p: {cart_id, performance_id?, seats?, ga?}; without performance_id, the whole cart.
CREATE FUNCTION ts_cart_release (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k cart;
  v_perf integer;
BEGIN
  SELECT * INTO k FROM cart WHERE id = (p ->> 'cart_id')::uuid FOR UPDATE;
  IF NOT FOUND OR k.outlet_id IS DISTINCT FROM ts_ctx_outlet () THEN
    PERFORM ts_refuse ('TS404', 'No such cart');
  END IF;
  FOR v_perf IN SELECT DISTINCT x.pid FROM (SELECT performance_id AS pid FROM seat_claim WHERE cart_id = k.id
                                            UNION SELECT performance_id FROM cart_ga WHERE cart_id = k.id) x
                WHERE p ->> 'performance_id' IS NULL OR x.pid = (p ->> 'performance_id')::integer
                ORDER BY x.pid LOOP
    PERFORM 1 FROM performance WHERE id = v_perf FOR UPDATE;
    PERFORM ts_cart_let_go (k.id, v_perf,
                            CASE WHEN p ? 'seats' THEN ARRAY (SELECT jsonb_array_elements_text (p -> 'seats')) END,
                            CASE WHEN p ? 'seats' OR p ? 'ga' THEN coalesce (p -> 'ga', '[]') END);
  END LOOP;
  IF p ->> 'performance_id' IS NULL AND NOT (p ? 'seats' OR p ? 'ga') THEN
    DELETE FROM cart WHERE id = k.id;
    RETURN jsonb_build_object ('id', k.id, 'released', true);
  END IF;
  RETURN ts_cart_json (k.id);
END $$;

-- Letter holds (M8) -----------------------------------------------------------

-- p: {performance_id, letter, seats: [guid…]}.  Only the owning outlet sets
-- holds, and only letters the caller's level allows.
CREATE FUNCTION ts_hold_set (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  h hold_letter;
  v_map integer;
  v_seats text[] := ARRAY (SELECT jsonb_array_elements_text (coalesce (p -> 'seats', '[]')));
  v_taken text;
  v_unknown text;
BEGIN
  SELECT * INTO perf FROM performance WHERE id = (p ->> 'performance_id')::integer FOR UPDATE;
  IF perf.id IS NULL OR ts_sell_role (perf.id, ts_ctx_outlet ()) IS NULL
     OR (ts_sell_role (perf.id, ts_ctx_outlet ()) = 'seller' AND NOT ts_outlet_window_open (perf)) THEN
    PERFORM ts_refuse ('TS404', 'No such performance');
  END IF;
  IF ts_sell_role (perf.id, ts_ctx_outlet ()) <> 'owner' THEN
    PERFORM ts_refuse ('TS403', 'Other outlets may never set holds on this outlet''s performances (rule M8)');
  END IF;
  SELECT * INTO h FROM hold_letter WHERE letter = p ->> 'letter';
  IF NOT FOUND THEN
    PERFORM ts_refuse ('TS400', format ('letter: “%s” is not a hold letter', p ->> 'letter'));
  END IF;
  IF ts_ctx_rank () < greatest (ts_level_rank (h.min_level), 4) THEN
    PERFORM ts_refuse ('TS403', format ('Your level may not set hold letter %s (rule M8)', h.letter));
  END IF;
  IF cardinality (v_seats) = 0 THEN
    PERFORM ts_refuse ('TS400', 'seats: give at least one seat');
  END IF;
  SELECT map_id INTO v_map FROM event WHERE id = perf.event_id;
  SELECT string_agg (x, ', ') INTO v_unknown FROM unnest (v_seats) x
    WHERE NOT EXISTS (SELECT 1 FROM map_seat s WHERE s.map_id = v_map AND s.guid = x);
  IF v_unknown IS NOT NULL THEN
    PERFORM ts_refuse ('TS400', 'seats: not on this performance''s map: ' || v_unknown);
  END IF;
  PERFORM ts_expire_carts (perf.id);
  PERFORM ts_claim_count (perf.id, cardinality (v_seats), true);
  WITH won AS (
    INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, hold_letter)
      SELECT DISTINCT perf.id, x, 'held', ts_ctx_outlet (), h.letter FROM unnest (v_seats) x
      ON CONFLICT (performance_id, seat_guid) DO NOTHING RETURNING seat_guid)
  SELECT string_agg (ts_seat_name (v_map, x), ', ' ORDER BY x) INTO v_taken
    FROM unnest (v_seats) x WHERE x NOT IN (SELECT seat_guid FROM won);
  IF v_taken IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'Not free: ' || v_taken);
  END IF;
  PERFORM ts_audit ('hold', 'performance', perf.id::text, perf.outlet_id, NULL,
                    jsonb_build_object ('letter', h.letter, 'seats', to_jsonb (v_seats)));
  RETURN jsonb_build_object ('performance_id', perf.id, 'letter', h.letter, 'held', cardinality (v_seats));
END $$;

-- p: {performance_id, seats: [guid…], into_cart?: uuid}.  The owner releases
-- letters its level allows; another outlet permitted to sell releases only
-- the letters the owner lists as releasable (M8).  into_cart moves the seats
-- straight into the caller's cart, so nobody can take them in between.
CREATE FUNCTION ts_hold_release (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  v_role text;
  v_releasable text;
  v_seats text[] := ARRAY (SELECT jsonb_array_elements_text (coalesce (p -> 'seats', '[]')));
  v_bad text;
  v_map integer;
  k cart;
  v_count integer;
BEGIN
  SELECT * INTO perf FROM performance WHERE id = (p ->> 'performance_id')::integer FOR UPDATE;
  v_role := ts_sell_role (perf.id, ts_ctx_outlet ());
  IF perf.id IS NULL OR v_role IS NULL OR (v_role = 'seller' AND NOT ts_outlet_window_open (perf)) THEN
    PERFORM ts_refuse ('TS404', 'No such performance');
  END IF;
  IF ts_ctx_rank () < 4 THEN
    PERFORM ts_refuse ('TS403', 'Releasing holds needs Box Office level or above (rule C4)');
  END IF;
  IF cardinality (v_seats) = 0 THEN
    PERFORM ts_refuse ('TS400', 'seats: give at least one seat');
  END IF;
  SELECT map_id INTO v_map FROM event WHERE id = perf.event_id;
  SELECT releasable_hold_letters INTO v_releasable FROM outlet WHERE id = perf.outlet_id;
  SELECT string_agg (ts_seat_name (v_map, x), ', ') INTO v_bad FROM unnest (v_seats) x
    WHERE NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = perf.id AND c.seat_guid = x AND c.kind = 'held');
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'Not held: ' || v_bad);
  END IF;
  SELECT string_agg (DISTINCT c.hold_letter, ', ') INTO v_bad
    FROM seat_claim c JOIN hold_letter h ON h.letter = c.hold_letter
    WHERE c.performance_id = perf.id AND c.seat_guid = ANY (v_seats)
      AND (ts_ctx_rank () < ts_level_rank (h.min_level)
           OR (v_role = 'seller' AND strpos (v_releasable, c.hold_letter) = 0));
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS403', format ('You may not release hold letter(s) %s here (rule M8)', v_bad));
  END IF;
  IF p ->> 'into_cart' IS NOT NULL THEN
    k := ts_cart_mine ((p ->> 'into_cart')::uuid);
    UPDATE seat_claim SET kind = 'cart', hold_letter = NULL, cart_id = k.id, expires_at = k.expires_at,
                          outlet_id = k.outlet_id
      WHERE performance_id = perf.id AND seat_guid = ANY (v_seats);
  ELSE
    WITH gone AS (DELETE FROM seat_claim WHERE performance_id = perf.id AND seat_guid = ANY (v_seats) RETURNING 1)
    SELECT count (*) INTO v_count FROM gone;
    PERFORM ts_claim_count (perf.id, -v_count, true);
  END IF;
  PERFORM ts_audit ('release', 'performance', perf.id::text, perf.outlet_id, NULL,
                    jsonb_build_object ('seats', to_jsonb (v_seats), 'into_cart', p ->> 'into_cart'));
  RETURN jsonb_build_object ('performance_id', perf.id, 'released', cardinality (v_seats));
END $$;

-- Orders (S2–S5, S8, T2–T6, P5) --------------------------------------------------

-- The order as one outlet may see it (P5): the selling outlet and the Master
-- User see all of it; the owning outlet of a performance on it sees only its
-- own lines — never the other lines, the payments or the totals.  NULL when
-- the outlet may not see it at all.
CREATE FUNCTION ts_order_json (p_order bigint, p_viewer integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  v_full boolean;
  v_items jsonb;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = p_order;
  IF o.id IS NULL THEN
    RETURN NULL;
  END IF;
  v_full := ts_ctx_master () OR o.outlet_id = p_viewer;
  SELECT jsonb_agg (jsonb_build_object (
           'id', i.id, 'performance_id', i.performance_id, 'event', e.name, 'starts_at', p.starts_at,
           'owner_outlet_id', i.owner_outlet_id, 'seat', i.seat_guid, 'area', i.area_key,
           'seat_name', CASE WHEN i.seat_guid IS NOT NULL THEN ts_seat_name (e.map_id, i.seat_guid)
                             WHEN i.area_key IS NOT NULL THEN (SELECT a.name FROM map_ga_area a
                                                               WHERE a.map_id = e.map_id AND a.area_key = i.area_key) END,
           'ticket_type_id', i.ticket_type_id, 'ticket_type', t.name, 'price_zone', i.price_zone,
           'price_cents', i.price_cents, 'commission_cents', i.commission_cents,
           'display_letter', i.display_letter, 'comp_reason', i.comp_reason, 'overridden', i.overridden,
           'status', i.status, 'refund_id', i.refund_id, 'checked_in_at', i.checked_in_at)
         ORDER BY i.id)
    INTO v_items
    FROM order_item i JOIN ticket_type t ON t.id = i.ticket_type_id
    LEFT JOIN performance p ON p.id = i.performance_id LEFT JOIN event e ON e.id = p.event_id
    WHERE i.order_id = o.id AND (v_full OR i.owner_outlet_id = p_viewer);
  IF NOT v_full AND v_items IS NULL THEN
    RETURN NULL;
  END IF;
  IF NOT v_full THEN
    RETURN jsonb_build_object ('id', o.id, 'outlet_id', o.outlet_id, 'created_at', o.created_at,
                               'purchaser_id', o.purchaser_id, 'purchaser', ts_patron_name (o.purchaser_id),
                               'recipient_id', o.recipient_id, 'recipient', ts_patron_name (o.recipient_id),
                               'partial', true, 'items', v_items);
  END IF;
  RETURN jsonb_build_object (
    'id', o.id, 'outlet_id', o.outlet_id, 'employee_id', o.employee_id, 'created_at', o.created_at,
    'purchaser_id', o.purchaser_id, 'purchaser', ts_patron_name (o.purchaser_id),
    'recipient_id', o.recipient_id, 'recipient', ts_patron_name (o.recipient_id),
    'gift', o.purchaser_id <> o.recipient_id, 'channel', o.channel, 'note', o.note,
    'exchange_of', o.exchange_of, 'partial', false,
    'items', coalesce (v_items, '[]'),
    'payments', coalesce ((SELECT jsonb_agg (jsonb_build_object ('id', y.id, 'method', y.method,
                                                                'amount_cents', y.amount_cents, 'reference', y.reference,
                                                                'refund_id', y.refund_id, 'outlet_id', y.outlet_id,
                                                                'created_at', y.created_at) ORDER BY y.id)
                           FROM payment y WHERE y.order_id = o.id), '[]'),
    'refunds', coalesce ((SELECT jsonb_agg (jsonb_build_object ('id', r.id, 'outlet_id', r.outlet_id,
                                                               'amount_cents', r.amount_cents, 'reason', r.reason,
                                                               'created_at', r.created_at) ORDER BY r.id)
                          FROM refund r WHERE r.order_id = o.id), '[]'),
    'total_cents', (SELECT coalesce (sum (price_cents), 0) FROM order_item WHERE order_id = o.id AND status = 'sold'),
    'paid_cents', (SELECT coalesce (sum (amount_cents), 0) FROM payment WHERE order_id = o.id));
END $$;

-- Is the patron a subscriber of the outlet (T3): has a live ticket of a
-- type of that outlet that qualifies the buyer?
CREATE FUNCTION ts_is_subscriber (p_patron bigint, p_outlet integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM order_item i JOIN ticket_type t ON t.id = i.ticket_type_id
                 JOIN ticket_order o ON o.id = i.order_id
                 WHERE t.qualifies_subscriber AND t.outlet_id = p_outlet AND i.status = 'sold'
                   AND p_patron IN (o.purchaser_id, o.recipient_id))
$$;

-- Posts a sale's entries (A1, A2): the seller's takings, and for each other
-- owning outlet the ticket money and the commission, mirrored in both ledgers.
CREATE FUNCTION ts_post_sale (p_order bigint, p_items bigint[], p_seller integer, p_refund bigint) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_lines jsonb;
  g record;
BEGIN
  SELECT coalesce (jsonb_agg (jsonb_build_object ('account', ts_payment_account (y.method), 'amount', y.amount_cents)), '[]')
    INTO v_lines FROM payment y WHERE y.order_id = p_order AND y.refund_id IS NULL AND y.outlet_id = p_seller
      AND y.created_at = now ();
  FOR g IN SELECT i.owner_outlet_id AS owner, sum (i.price_cents) AS price, sum (i.commission_cents) AS commission
           FROM order_item i WHERE i.id = ANY (p_items) GROUP BY i.owner_outlet_id ORDER BY i.owner_outlet_id LOOP
    IF g.owner = p_seller THEN
      v_lines := v_lines || jsonb_build_object ('account', 'ticket_revenue', 'amount', -g.price);
    ELSE
      v_lines := v_lines || jsonb_build_object ('account', 'due_to_outlet', 'counterparty', g.owner, 'amount', -g.price);
      PERFORM ts_post (p_seller, 'commission', p_order, p_refund, 'commission earned', jsonb_build_array (
        jsonb_build_object ('account', 'commission_receivable', 'counterparty', g.owner, 'amount', g.commission),
        jsonb_build_object ('account', 'commission_income', 'amount', -g.commission)));
      PERFORM ts_post (g.owner, 'sale_by_outlet', p_order, p_refund, 'sold by another outlet', jsonb_build_array (
        jsonb_build_object ('account', 'due_from_outlet', 'counterparty', p_seller, 'amount', g.price),
        jsonb_build_object ('account', 'ticket_revenue', 'amount', -g.price),
        jsonb_build_object ('account', 'commission_expense', 'amount', g.commission),
        jsonb_build_object ('account', 'commission_payable', 'counterparty', p_seller, 'amount', -g.commission)));
    END IF;
  END LOOP;
  PERFORM ts_post (p_seller, 'sale', p_order, p_refund, '', v_lines);
END $$;

-- p: {idempotency_key, cart_id?, purchaser_id, recipient_id?, items: [{performance_id?, seat? | area?,
--     quantity? (GA), ticket_type_id, promo_code?, comp_reason?}], payments: [{method, amount_cents,
--     reference?}], override?: {reason}, walk_up?: bool, note?, selling_outlet_id? (Master User)}
-- p_exchange_of / p_credit: used by ts_order_exchange only.
CREATE FUNCTION ts_order_submit (p jsonb, p_exchange_of bigint DEFAULT NULL, p_credit bigint DEFAULT 0) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_rank integer := ts_ctx_rank ();
  v_outlet integer := ts_ctx_outlet ();
  v_key text := p ->> 'idempotency_key';
  v_hash text := md5 ((p - 'idempotency_key')::text);
  v_override boolean := p ? 'override';
  v_cart uuid := (p ->> 'cart_id')::uuid;
  v_purchaser bigint := (p ->> 'purchaser_id')::bigint;
  v_recipient bigint := coalesce ((p ->> 'recipient_id')::bigint, (p ->> 'purchaser_id')::bigint);
  v_walk_up boolean := coalesce ((p ->> 'walk_up')::boolean, false) OR ts_ctx_rank () = 3;
  v_letters text;
  v_order ticket_order;
  v_id bigint;
  v_perf integer;
  perf performance;
  v_map integer;
  it record;
  tt ticket_type;
  r redemption;
  ct commission_table;
  v_role text;
  v_zone text;
  v_price integer;
  v_commission integer;
  v_letter text;
  v_item bigint;
  v_items bigint[] := '{}';
  v_sold integer;
  v_total bigint;
  v_paid bigint := 0;
  v_cross boolean;
  y record;
  v_result jsonb;
  v_code text;
  v_voucher voucher;
BEGIN
  IF v_rank < 3 THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above (rule C4)');
  END IF;
  IF v_key IS NULL OR length (v_key) NOT BETWEEN 8 AND 100 THEN
    PERFORM ts_refuse ('TS400', 'idempotency_key: required, 8–100 characters, one per order attempt (rule S2)');
  END IF;
  IF jsonb_typeof (p -> 'items') IS DISTINCT FROM 'array' OR jsonb_array_length (p -> 'items') = 0 THEN
    PERFORM ts_refuse ('TS400', 'items: give at least one item');
  END IF;
  IF jsonb_array_length (p -> 'items') > 500 THEN
    PERFORM ts_refuse ('TS400', 'items: at most 500 per order');
  END IF;
  IF ts_ctx_master () THEN
    v_outlet := coalesce ((p ->> 'selling_outlet_id')::integer,
                          (SELECT pp.outlet_id FROM performance pp
                           WHERE pp.id = (p -> 'items' -> 0 ->> 'performance_id')::integer),
                          (SELECT t.outlet_id FROM ticket_type t WHERE t.id = (p -> 'items' -> 0 ->> 'ticket_type_id')::integer));
    IF NOT EXISTS (SELECT 1 FROM outlet WHERE id = v_outlet) THEN
      PERFORM ts_refuse ('TS400', 'selling_outlet_id: the Master User names an outlet to sell for');
    END IF;
  ELSIF p ? 'selling_outlet_id' AND (p ->> 'selling_outlet_id')::integer IS DISTINCT FROM v_outlet THEN
    PERFORM ts_refuse ('TS403', 'An outlet sells for itself only (rule C3)');
  END IF;
  IF v_purchaser IS NULL OR NOT EXISTS (SELECT 1 FROM patron WHERE id = v_purchaser) THEN
    PERFORM ts_refuse ('TS400', 'purchaser_id: no such patron');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM patron WHERE id = v_recipient) THEN
    PERFORM ts_refuse ('TS400', 'recipient_id: no such patron');
  END IF;
  IF v_override AND length (trim (coalesce (p -> 'override' ->> 'reason', ''))) = 0 THEN
    PERFORM ts_refuse ('TS400', 'override.reason: an override is explicit and says why (rule S3)');
  END IF;
  IF v_cart IS NOT NULL THEN
    PERFORM ts_cart_mine (v_cart);
  END IF;

  -- S2: the key is claimed first; a retry finds the first answer.
  INSERT INTO ticket_order (outlet_id, employee_id, purchaser_id, recipient_id, idempotency_key, request_hash,
                            note, exchange_of)
    VALUES (v_outlet, ts_ctx_employee (), v_purchaser, v_recipient, v_key, v_hash,
            coalesce (p ->> 'note', ''), p_exchange_of)
    ON CONFLICT (outlet_id, idempotency_key) DO NOTHING RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    SELECT * INTO v_order FROM ticket_order WHERE outlet_id = v_outlet AND idempotency_key = v_key;
    IF v_order.request_hash <> v_hash THEN
      PERFORM ts_refuse ('TS409', 'idempotency_key: already used for a different order (rule S2)');
    END IF;
    RETURN ts_order_json (v_order.id, v_outlet) || jsonb_build_object ('replayed', true);
  END IF;

  -- Lock every performance first, in one order (see ts_sell_check).
  FOR v_perf IN SELECT DISTINCT (x ->> 'performance_id')::integer AS pid FROM jsonb_array_elements (p -> 'items') x
                WHERE x ->> 'performance_id' IS NOT NULL ORDER BY 1 LOOP
    perf := ts_sell_check (v_perf, v_override);
    IF v_walk_up AND NOT ts_is_today (perf) THEN
      PERFORM ts_refuse ('TS400', 'walk_up: walk-up sales are for today''s performances (rule S8)');
    END IF;
    PERFORM ts_expire_carts (v_perf);
  END LOOP;

  FOR it IN SELECT x, n, generate_series (1, greatest (coalesce ((x ->> 'quantity')::integer, 1), 1)) AS copy
            FROM jsonb_array_elements (p -> 'items') WITH ORDINALITY AS xs (x, n) ORDER BY n LOOP
    IF (it.x ->> 'quantity') IS NOT NULL AND ((it.x ->> 'quantity')::integer NOT BETWEEN 1 AND 500
                                              OR it.x ? 'seat') THEN
      PERFORM ts_refuse ('TS400', format ('items[%s].quantity: 1–500, for general admission only', it.n - 1));
    END IF;
    v_voucher := NULL;
    IF it.x ? 'voucher_id' THEN
      -- T3: an open voucher of a subscription, reserved for a performance.
      SELECT * INTO v_voucher FROM voucher WHERE id = (it.x ->> 'voucher_id')::bigint FOR UPDATE;
      IF v_voucher.id IS NULL OR NOT (ts_ctx_master () OR v_voucher.outlet_id = v_outlet) THEN
        PERFORM ts_refuse ('TS404', format ('items[%s].voucher_id: no such voucher of this outlet', it.n - 1));
      END IF;
      IF v_voucher.status <> 'open' THEN
        PERFORM ts_refuse ('TS409', format ('items[%s].voucher_id: this voucher is %s', it.n - 1, v_voucher.status));
      END IF;
      IF v_voucher.patron_id NOT IN (v_purchaser, v_recipient) THEN
        PERFORM ts_refuse ('TS403', format ('items[%s].voucher_id: the voucher belongs to another patron (rule T3)', it.n - 1));
      END IF;
      IF it.x ? 'quantity' OR it.x ->> 'performance_id' IS NULL
         OR (it.x ? 'ticket_type_id' AND (it.x ->> 'ticket_type_id')::integer <> v_voucher.ticket_type_id) THEN
        PERFORM ts_refuse ('TS400', format ('items[%s]: a voucher is one ticket for one performance, of its own ticket type', it.n - 1));
      END IF;
    END IF;
    SELECT * INTO tt FROM ticket_type WHERE id = coalesce (v_voucher.ticket_type_id, (it.x ->> 'ticket_type_id')::integer);
    IF tt.id IS NULL THEN
      PERFORM ts_refuse ('TS400', format ('items[%s].ticket_type_id: no such ticket type', it.n - 1));
    END IF;
    IF NOT tt.active THEN
      PERFORM ts_refuse ('TS409', format ('items[%s]: ticket type “%s” is no longer sold', it.n - 1, tt.name));
    END IF;
    v_price := tt.price_cents;
    v_commission := 0;
    v_zone := NULL;
    v_letter := coalesce (tt.display_letter, upper (left (tt.name, 1)));
    IF upper (left (v_letter, 1)) !~ '^[A-Z]$' THEN v_letter := 'X'; END IF;
    IF tt.subscribers_only AND NOT (ts_is_subscriber (v_purchaser, tt.outlet_id) OR ts_is_subscriber (v_recipient, tt.outlet_id)) THEN
      PERFORM ts_refuse ('TS403', format ('items[%s]: “%s” is for subscribers only (rule T3)', it.n - 1, tt.name));
    END IF;

    IF it.x ->> 'performance_id' IS NULL THEN
      -- Not a ticket for a performance: a subscription or a non-ticket item,
      -- sold by the outlet that owns it (T5).
      IF tt.category NOT IN ('non_ticket', 'subscription') THEN
        PERFORM ts_refuse ('TS400', format ('items[%s].performance_id: a “%s” ticket is for a performance', it.n - 1, tt.name));
      END IF;
      IF tt.outlet_id <> v_outlet THEN
        PERFORM ts_refuse ('TS403', format ('items[%s]: other outlets sell only regular tickets (rule T5)', it.n - 1));
      END IF;
      IF tt.category = 'subscription' AND v_rank < 4 THEN
        PERFORM ts_refuse ('TS403', format ('items[%s]: subscriptions are advance sales, Box Office and up (rule C4)', it.n - 1));
      END IF;
      INSERT INTO order_item (order_id, owner_outlet_id, ticket_type_id, price_cents, display_letter)
        VALUES (v_id, tt.outlet_id, tt.id, v_price, v_letter) RETURNING id INTO v_item;
      v_items := v_items || v_item;
      IF tt.category = 'subscription' THEN
        INSERT INTO voucher (outlet_id, order_item_id, patron_id, ticket_type_id)
          SELECT tt.outlet_id, v_item, v_recipient, tt.bundle_component_id FROM generate_series (1, tt.bundle_size);
      END IF;
      CONTINUE;
    END IF;

    SELECT * INTO perf FROM performance WHERE id = (it.x ->> 'performance_id')::integer;
    SELECT map_id INTO v_map FROM event WHERE id = perf.event_id;
    v_role := CASE WHEN perf.outlet_id = v_outlet THEN 'owner' ELSE 'seller' END;
    IF tt.outlet_id <> perf.outlet_id THEN
      PERFORM ts_refuse ('TS400', format ('items[%s].ticket_type_id: “%s” is not a ticket type of this performance''s outlet',
                                          it.n - 1, tt.name));
    END IF;
    IF tt.category NOT IN ('regular', 'comp') AND NOT (tt.category = 'bundle_component' AND v_voucher.id IS NOT NULL) THEN
      PERFORM ts_refuse ('TS400', format ('items[%s]: “%s” is a %s ticket type; bundle components are reserved with a voucher (rule T3)',
                                          it.n - 1, tt.name, tt.category));
    END IF;
    -- T5: another outlet sells only regular types offered to it, with a commission table.
    IF v_role = 'seller' AND NOT (tt.category = 'regular' AND tt.other_outlets AND tt.commission_table_id IS NOT NULL) THEN
      PERFORM ts_refuse ('TS403', format ('items[%s]: “%s” is not offered to other outlets (rule T5)', it.n - 1, tt.name));
    END IF;
    IF tt.category = 'comp' AND (v_rank < 4 OR length (trim (coalesce (it.x ->> 'comp_reason', ''))) = 0) THEN
      PERFORM ts_refuse (CASE WHEN v_rank < 4 THEN 'TS403' ELSE 'TS400' END,
                         format ('items[%s].comp_reason: comps are given by Box Office and up, with a reason', it.n - 1));
    END IF;
    SELECT * INTO r FROM redemption WHERE ticket_type_id = tt.id AND performance_id = perf.id FOR UPDATE;
    IF r.id IS NULL THEN
      PERFORM ts_refuse ('TS409', format ('items[%s]: “%s” is not sold for this performance (rule T2)', it.n - 1, tt.name));
    END IF;
    IF NOT v_override AND ((r.sales_start IS NOT NULL AND now () < r.sales_start)
                           OR (r.sales_end IS NOT NULL AND now () >= r.sales_end)) THEN
      PERFORM ts_refuse ('TS409', format ('items[%s]: “%s” is outside its sales window (rule T2)', it.n - 1, tt.name));
    END IF;
    IF cardinality (r.promo_codes) > 0 THEN
      v_code := lower (trim (coalesce (it.x ->> 'promo_code', '')));
      IF NOT v_code = ANY (r.promo_codes) THEN
        PERFORM ts_refuse ('TS403', format ('items[%s].promo_code: “%s” needs a valid promo code (rule T2)', it.n - 1, tt.name));
      END IF;
    END IF;

    IF it.x ? 'seat' = it.x ? 'area' THEN
      PERFORM ts_refuse ('TS400', format ('items[%s]: give either a seat or a general-admission area', it.n - 1));
    END IF;
    IF it.x ? 'seat' THEN
      SELECT category INTO v_zone FROM map_seat WHERE map_id = v_map AND guid = it.x ->> 'seat';
      IF NOT FOUND THEN
        PERFORM ts_refuse ('TS400', format ('items[%s].seat: “%s” is not on this performance''s map', it.n - 1, it.x ->> 'seat'));
      END IF;
    ELSE
      SELECT category INTO v_zone FROM map_ga_area WHERE map_id = v_map AND area_key = it.x ->> 'area';
      IF NOT FOUND THEN
        PERFORM ts_refuse ('TS400', format ('items[%s].area: no general-admission area “%s” on this map', it.n - 1, it.x ->> 'area'));
      END IF;
    END IF;
    IF tt.category = 'comp' OR v_voucher.id IS NOT NULL THEN
      v_price := 0;                         -- a voucher was paid with its subscription
    ELSE
      v_price := coalesce ((SELECT price_cents FROM redemption_price WHERE redemption_id = r.id AND category = v_zone), tt.price_cents);
    END IF;
    IF v_role = 'seller' THEN
      SELECT * INTO ct FROM commission_table WHERE id = tt.commission_table_id;
      v_commission := ct.amount_cents + (v_price::bigint * ct.percent_bp + 5000) / 10000;   -- T6
    END IF;
    IF (SELECT display_letter_source FROM system_setting) = 'price_zone' AND v_zone IS NOT NULL
       AND upper (left (v_zone, 1)) ~ '^[A-Z]$' THEN
      v_letter := upper (left (v_zone, 1));
    END IF;

    INSERT INTO order_item (order_id, performance_id, owner_outlet_id, seat_guid, area_key, ticket_type_id,
                            redemption_id, price_zone, price_cents, commission_cents, display_letter, promo_code,
                            comp_reason, overridden, checked_in_at)
      VALUES (v_id, perf.id, perf.outlet_id, it.x ->> 'seat', it.x ->> 'area', tt.id, r.id, v_zone, v_price,
              v_commission, v_letter, nullif (lower (trim (coalesce (it.x ->> 'promo_code', ''))), ''),
              nullif (trim (coalesce (it.x ->> 'comp_reason', '')), ''), v_override,
              CASE WHEN v_walk_up THEN now () END)
      RETURNING id INTO v_item;
    v_items := v_items || v_item;
    IF v_voucher.id IS NOT NULL THEN
      UPDATE voucher SET status = 'reserved', reserved_item_id = v_item WHERE id = v_voucher.id;
    END IF;

    -- S1: the claim.  A seat in our cart turns into a sale; otherwise it is
    -- claimed now, and a seat somebody else holds refuses the order.
    IF it.x ? 'seat' THEN
      UPDATE seat_claim SET kind = 'sold', cart_id = NULL, expires_at = NULL, order_item_id = v_item
        WHERE performance_id = perf.id AND seat_guid = it.x ->> 'seat' AND v_cart IS NOT NULL AND cart_id = v_cart;
      IF NOT FOUND THEN
        PERFORM ts_claim_count (perf.id, 1, v_override);
        INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, order_item_id)
          VALUES (perf.id, it.x ->> 'seat', 'sold', v_outlet, v_item)
          ON CONFLICT (performance_id, seat_guid) DO NOTHING;
        IF NOT FOUND THEN
          PERFORM ts_refuse ('TS409', 'Taken meanwhile: ' || ts_seat_name (v_map, it.x ->> 'seat'));
        END IF;
      END IF;
    ELSE
      UPDATE cart_ga SET quantity = quantity - 1
        WHERE v_cart IS NOT NULL AND cart_id = v_cart AND performance_id = perf.id AND area_key = it.x ->> 'area';
      IF FOUND THEN
        DELETE FROM cart_ga WHERE cart_id = v_cart AND performance_id = perf.id AND area_key = it.x ->> 'area' AND quantity = 0;
      ELSE
        PERFORM ts_claim_count (perf.id, 1, v_override);
        INSERT INTO performance_ga (performance_id, area_key, capacity)
          SELECT perf.id, a.area_key, a.capacity FROM map_ga_area a WHERE a.map_id = v_map AND a.area_key = it.x ->> 'area'
          ON CONFLICT DO NOTHING;
        UPDATE performance_ga SET taken = taken + 1
          WHERE performance_id = perf.id AND area_key = it.x ->> 'area' AND taken < capacity;
        IF NOT FOUND THEN
          PERFORM ts_refuse ('TS409', format ('Sold out meanwhile: %s', it.x ->> 'area'));
        END IF;
      END IF;
    END IF;
    UPDATE performance SET sold = sold + 1 WHERE id = perf.id;
    UPDATE redemption SET sold = sold + 1 WHERE id = r.id RETURNING sold INTO v_sold;
    IF r.cap IS NOT NULL AND v_sold > r.cap AND NOT v_override THEN
      PERFORM ts_refuse ('TS409', format ('Only %s “%s” ticket(s) left for this performance (rule T2)',
                                          greatest (r.cap - (v_sold - 1), 0), tt.name));
    END IF;
  END LOOP;

  -- T2: minimum and maximum per order, per redemption (never overridden).
  FOR y IN SELECT i.redemption_id, count (*) AS n, rr.min_per_order, rr.max_per_order, t.name
           FROM order_item i JOIN redemption rr ON rr.id = i.redemption_id JOIN ticket_type t ON t.id = i.ticket_type_id
           WHERE i.order_id = v_id GROUP BY i.redemption_id, rr.min_per_order, rr.max_per_order, t.name LOOP
    IF y.n < y.min_per_order OR (y.max_per_order IS NOT NULL AND y.n > y.max_per_order) THEN
      PERFORM ts_refuse ('TS409', format ('“%s”: %s to %s per order, not %s (rule T2)', y.name, y.min_per_order,
                                          coalesce (y.max_per_order::text, 'any number'), y.n));
    END IF;
  END LOOP;

  -- S4: payments cover the order exactly; another outlet's tickets are paid
  -- with the seller's own real money.
  SELECT coalesce (sum (price_cents), 0), bool_or (owner_outlet_id <> v_outlet) INTO v_total, v_cross
    FROM order_item WHERE order_id = v_id;
  IF p_credit > 0 THEN
    INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES (v_id, v_outlet, ts_ctx_employee (), 'exchange_credit', least (p_credit, v_total), 'exchange');
    v_paid := least (p_credit, v_total);
  END IF;
  IF jsonb_typeof (coalesce (p -> 'payments', '[]')) <> 'array' THEN
    PERFORM ts_refuse ('TS400', 'payments: a list of {method, amount_cents}');
  END IF;
  FOR y IN SELECT x ->> 'method' AS method, x ->> 'amount_cents' AS amount, x ->> 'reference' AS reference, n
           FROM jsonb_array_elements (coalesce (p -> 'payments', '[]')) WITH ORDINALITY AS xs (x, n) LOOP
    IF y.method IS NULL OR y.method NOT IN ('cash', 'cheque', 'card', 'gift_certificate', 'pass', 'on_account') THEN
      PERFORM ts_refuse ('TS400', format ('payments[%s].method: one of cash, cheque, card, gift_certificate, pass, on_account', y.n - 1));
    END IF;
    IF y.amount IS NULL OR y.amount !~ '^[0-9]{1,10}$' OR y.amount::bigint = 0 THEN
      PERFORM ts_refuse ('TS400', format ('payments[%s].amount_cents: a positive whole number of cents', y.n - 1));
    END IF;
    IF v_cross AND y.method NOT IN ('cash', 'cheque', 'card') THEN
      PERFORM ts_refuse ('TS403', format ('payments[%s].method: another outlet''s tickets are paid by cash, cheque or card only (rule S4)', y.n - 1));
    END IF;
    IF length (coalesce (y.reference, '')) > 200 THEN
      PERFORM ts_refuse ('TS400', format ('payments[%s].reference: at most 200 characters', y.n - 1));
    END IF;
    INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES (v_id, v_outlet, ts_ctx_employee (), y.method, y.amount::bigint, y.reference);
    v_paid := v_paid + y.amount::bigint;
  END LOOP;
  IF v_paid <> v_total THEN
    PERFORM ts_refuse ('TS400', format ('payments: they add up to %s cents but the order is %s cents; leave any balance on account explicitly (rule S4)',
                                        v_paid, v_total));
  END IF;

  PERFORM ts_post_sale (v_id, v_items, v_outlet, NULL);
  v_result := ts_order_json (v_id, v_outlet);
  UPDATE ticket_order SET result = v_result WHERE id = v_id;
  PERFORM ts_audit ('sell', 'ticket_order', v_id::text, v_outlet, NULL,
                    jsonb_build_object ('items', cardinality (v_items), 'total_cents', v_total,
                                        'override', p -> 'override'));
  RETURN v_result;
END $$;

-- Refunds and exchanges (S6, S7) -------------------------------------------------

-- p: {order_id, items: [item ids], payments: [{method, amount_cents, reference?}], reason}
-- p_credit: set by ts_order_exchange — the refund becomes exchange credit.
CREATE FUNCTION ts_order_refund (p jsonb, p_credit boolean DEFAULT false) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  v_refunder integer := ts_ctx_outlet ();
  v_items bigint[];
  v_bad text;
  v_refund bigint;
  v_amount bigint;
  v_paid bigint := 0;
  v_cross boolean;
  v_lines jsonb := '[]';
  v_perf integer;
  y record;
  g record;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint FOR UPDATE;
  IF o.id IS NULL OR ts_order_json (o.id, v_refunder) IS NULL THEN
    PERFORM ts_refuse ('TS404', 'No such order');
  END IF;
  IF ts_ctx_master () THEN
    v_refunder := o.outlet_id;                  -- the Master User refunds from the seller's till
  END IF;
  IF ts_ctx_rank () < 4 THEN
    PERFORM ts_refuse ('TS403', 'Refunds and exchanges need Box Office level or above (rule C4)');
  END IF;
  IF length (trim (coalesce (p ->> 'reason', ''))) = 0 THEN
    PERFORM ts_refuse ('TS400', 'reason: say why the tickets are refunded');
  END IF;
  v_items := ARRAY (SELECT DISTINCT (jsonb_array_elements_text (coalesce (p -> 'items', '[]')))::bigint);
  IF cardinality (v_items) = 0 THEN
    PERFORM ts_refuse ('TS400', 'items: choose the items to refund');
  END IF;
  SELECT string_agg (x::text, ', ') INTO v_bad FROM unnest (v_items) x
    WHERE NOT EXISTS (SELECT 1 FROM order_item i WHERE i.id = x AND i.order_id = o.id);
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS400', 'items: not on this order: ' || v_bad);
  END IF;
  SELECT string_agg (i.id::text, ', ') INTO v_bad FROM order_item i WHERE i.id = ANY (v_items) AND i.status <> 'sold';
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'items: already refunded: ' || v_bad);
  END IF;
  -- S6: the seller refunds what it sold; the owner any ticket to its events.
  SELECT string_agg (i.id::text, ', ') INTO v_bad FROM order_item i
    WHERE i.id = ANY (v_items) AND NOT (o.outlet_id = v_refunder OR i.owner_outlet_id = v_refunder);
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS403', 'items: only the selling outlet or the event''s owner may refund these (rule S6): ' || v_bad);
  END IF;

  FOR v_perf IN SELECT DISTINCT performance_id FROM order_item WHERE id = ANY (v_items) AND performance_id IS NOT NULL ORDER BY 1 LOOP
    PERFORM 1 FROM performance WHERE id = v_perf FOR UPDATE;
  END LOOP;

  SELECT sum (price_cents), bool_or (owner_outlet_id <> v_refunder OR o.outlet_id <> v_refunder)
    INTO v_amount, v_cross FROM order_item WHERE id = ANY (v_items);
  INSERT INTO refund (order_id, outlet_id, employee_id, amount_cents, reason)
    VALUES (o.id, v_refunder, ts_ctx_employee (), v_amount, trim (p ->> 'reason')) RETURNING id INTO v_refund;

  -- S7: paid from the refunder's own till.
  IF p_credit THEN
    IF v_amount > 0 THEN
      INSERT INTO payment (order_id, refund_id, outlet_id, employee_id, method, amount_cents, reference)
        VALUES (o.id, v_refund, v_refunder, ts_ctx_employee (), 'exchange_credit', -v_amount, 'exchange');
      v_lines := v_lines || jsonb_build_object ('account', 'exchange_credit', 'amount', -v_amount);
    END IF;
  ELSE
    FOR y IN SELECT x ->> 'method' AS method, x ->> 'amount_cents' AS amount, x ->> 'reference' AS reference, n
             FROM jsonb_array_elements (coalesce (p -> 'payments', '[]')) WITH ORDINALITY AS xs (x, n) LOOP
      IF y.method IS NULL OR y.method NOT IN ('cash', 'cheque', 'card', 'gift_certificate', 'on_account') THEN
        PERFORM ts_refuse ('TS400', format ('payments[%s].method: one of cash, cheque, card, gift_certificate, on_account', y.n - 1));
      END IF;
      IF y.amount IS NULL OR y.amount !~ '^[0-9]{1,10}$' OR y.amount::bigint = 0 THEN
        PERFORM ts_refuse ('TS400', format ('payments[%s].amount_cents: a positive whole number of cents', y.n - 1));
      END IF;
      IF v_cross AND y.method NOT IN ('cash', 'cheque', 'card') THEN
        PERFORM ts_refuse ('TS403', format ('payments[%s].method: refunds of another outlet''s tickets are paid by cash, cheque or card (rule S4)', y.n - 1));
      END IF;
      INSERT INTO payment (order_id, refund_id, outlet_id, employee_id, method, amount_cents, reference)
        VALUES (o.id, v_refund, v_refunder, ts_ctx_employee (), y.method, -y.amount::bigint, y.reference);
      v_lines := v_lines || jsonb_build_object ('account', ts_payment_account (y.method), 'amount', -y.amount::bigint);
      v_paid := v_paid + y.amount::bigint;
    END LOOP;
    IF v_paid <> v_amount THEN
      PERFORM ts_refuse ('TS400', format ('payments: they pay back %s cents but the items come to %s cents', v_paid, v_amount));
    END IF;
  END IF;

  -- Ledgers (A1, A2, S7).
  FOR g IN SELECT i.owner_outlet_id AS owner, sum (i.price_cents) AS price, sum (i.commission_cents) AS commission
           FROM order_item i WHERE i.id = ANY (v_items) GROUP BY i.owner_outlet_id ORDER BY 1 LOOP
    IF g.owner = v_refunder THEN
      -- The owner refunds from its till; ticket money another seller holds
      -- stays due to the owner.
      v_lines := v_lines || jsonb_build_object ('account', 'ticket_revenue', 'amount', g.price);
    ELSE
      -- The seller refunds another outlet's ticket: it no longer owes the money.
      v_lines := v_lines || jsonb_build_object ('account', 'due_to_outlet', 'counterparty', g.owner, 'amount', g.price);
      PERFORM ts_post (g.owner, 'refund_by_outlet', o.id, v_refund, 'refunded by the selling outlet', jsonb_build_array (
        jsonb_build_object ('account', 'ticket_revenue', 'amount', g.price),
        jsonb_build_object ('account', 'due_from_outlet', 'counterparty', o.outlet_id, 'amount', -g.price)));
    END IF;
    IF g.owner <> o.outlet_id AND g.commission > 0 THEN
      -- S7: the commission on a refunded ticket is no longer owed.
      PERFORM ts_post (o.outlet_id, 'commission_cleared', o.id, v_refund, 'commission cleared by a refund', jsonb_build_array (
        jsonb_build_object ('account', 'commission_income', 'amount', g.commission),
        jsonb_build_object ('account', 'commission_receivable', 'counterparty', g.owner, 'amount', -g.commission)));
      PERFORM ts_post (g.owner, 'commission_cleared', o.id, v_refund, 'commission cleared by a refund', jsonb_build_array (
        jsonb_build_object ('account', 'commission_payable', 'counterparty', o.outlet_id, 'amount', g.commission),
        jsonb_build_object ('account', 'commission_expense', 'amount', -g.commission)));
    END IF;
  END LOOP;
  PERFORM ts_post (v_refunder, 'refund', o.id, v_refund, trim (p ->> 'reason'), v_lines);

  -- T3: a subscription with reserved vouchers is not refunded before them;
  -- its open vouchers are cancelled; a reserved voucher's ticket gives the
  -- voucher back.
  SELECT string_agg (DISTINCT v.order_item_id::text, ', ') INTO v_bad FROM voucher v
    WHERE v.order_item_id = ANY (v_items) AND v.status = 'reserved' AND NOT v.reserved_item_id = ANY (v_items);
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'items: refund the tickets reserved with this subscription''s vouchers first (rule T3): ' || v_bad);
  END IF;
  UPDATE voucher SET status = 'open', reserved_item_id = NULL WHERE reserved_item_id = ANY (v_items);
  UPDATE voucher SET status = 'cancelled' WHERE order_item_id = ANY (v_items);

  -- Refunded items are cancelled, never deleted; their seats are free again.
  UPDATE order_item SET status = 'refunded', refund_id = v_refund WHERE id = ANY (v_items);
  DELETE FROM seat_claim WHERE order_item_id = ANY (v_items);
  FOR g IN SELECT performance_id, area_key, redemption_id, count (*) AS n FROM order_item
           WHERE id = ANY (v_items) AND performance_id IS NOT NULL
           GROUP BY performance_id, area_key, redemption_id LOOP
    IF g.area_key IS NOT NULL THEN
      UPDATE performance_ga SET taken = taken - g.n WHERE performance_id = g.performance_id AND area_key = g.area_key;
    END IF;
    UPDATE performance SET sold = sold - g.n, claimed = greatest (claimed - g.n, 0) WHERE id = g.performance_id;
    UPDATE redemption SET sold = greatest (sold - g.n, 0) WHERE id = g.redemption_id;
  END LOOP;
  PERFORM ts_audit ('refund', 'ticket_order', o.id::text, o.outlet_id, NULL,
                    jsonb_build_object ('refund_id', v_refund, 'items', to_jsonb (v_items), 'amount_cents', v_amount,
                                        'refunder', v_refunder, 'reason', p ->> 'reason'));
  RETURN jsonb_build_object ('refund_id', v_refund, 'amount_cents', v_amount,
                             'order', ts_order_json (o.id, coalesce (ts_ctx_outlet (), o.outlet_id)));
END $$;

-- S6: an exchange is a refund plus a sale in one transaction; the sale goes
-- through every check a new sale does.  The refunded amount pays the new
-- order first; any difference is paid (payments) or paid back (refund_payments).
-- p: {order_id, items: [ids to give back], reason, new: {order body for ts_order_submit}}
CREATE FUNCTION ts_order_exchange (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_refund jsonb;
  v_credit bigint;
  v_new jsonb;
  o ticket_order;
  v_total bigint;
  v_back bigint;
  v_paid bigint := 0;
  y record;
  v_outlet integer;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint;
  IF jsonb_typeof (p -> 'new') IS DISTINCT FROM 'object' THEN
    PERFORM ts_refuse ('TS400', 'new: the new tickets, as an order');
  END IF;
  v_refund := ts_order_refund (jsonb_build_object ('order_id', p -> 'order_id', 'items', p -> 'items',
                                                   'reason', coalesce (p ->> 'reason', 'exchange')), true);
  v_credit := (v_refund ->> 'amount_cents')::bigint;
  v_outlet := CASE WHEN ts_ctx_master () THEN o.outlet_id ELSE ts_ctx_outlet () END;
  v_new := ts_order_submit ((p -> 'new') || jsonb_build_object (
                              'purchaser_id', coalesce (p -> 'new' -> 'purchaser_id', to_jsonb (o.purchaser_id)),
                              'recipient_id', coalesce (p -> 'new' -> 'recipient_id', to_jsonb (o.recipient_id)),
                              'selling_outlet_id', v_outlet) - 'refund_payments',
                            o.id, v_credit);
  v_total := (v_new ->> 'total_cents')::bigint;
  v_back := v_credit - least (v_credit, v_total);
  -- Credit the new order did not use is paid back from the till (S7).
  FOR y IN SELECT x ->> 'method' AS method, x ->> 'amount_cents' AS amount, n
           FROM jsonb_array_elements (coalesce (p -> 'new' -> 'refund_payments', '[]')) WITH ORDINALITY AS xs (x, n) LOOP
    IF y.method IS NULL OR y.method NOT IN ('cash', 'cheque', 'card') OR y.amount !~ '^[0-9]{1,10}$' THEN
      PERFORM ts_refuse ('TS400', format ('new.refund_payments[%s]: {method: cash|cheque|card, amount_cents}', y.n - 1));
    END IF;
    -- The unused credit leaves the exchange pool and the till together.
    INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES ((v_new ->> 'id')::bigint, v_outlet, ts_ctx_employee (), 'exchange_credit', y.amount::bigint, 'exchange difference'),
             ((v_new ->> 'id')::bigint, v_outlet, ts_ctx_employee (), y.method, -y.amount::bigint, 'exchange difference');
    PERFORM ts_post (v_outlet, 'exchange_difference', (v_new ->> 'id')::bigint, NULL, 'exchange difference paid back',
                     jsonb_build_array (jsonb_build_object ('account', 'exchange_credit', 'amount', y.amount::bigint),
                                        jsonb_build_object ('account', ts_payment_account (y.method), 'amount', -y.amount::bigint)));
    v_paid := v_paid + y.amount::bigint;
  END LOOP;
  IF v_paid <> v_back THEN
    PERFORM ts_refuse ('TS400', format ('new.refund_payments: %s cents of credit are left to pay back, not %s', v_back, v_paid));
  END IF;
  RETURN jsonb_build_object ('refund', v_refund, 'order', ts_order_json ((v_new ->> 'id')::bigint, v_outlet),
                             'credit_cents', v_credit, 'paid_back_cents', v_back);
END $$;

-- Moves tickets of an order to other seats of the same price zone at the
-- same performance (a seat change, not an exchange).
-- p: {order_id, moves: [{item_id, seat}]}
CREATE FUNCTION ts_order_move (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  m record;
  i order_item;
  v_map integer;
  v_zone text;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint FOR UPDATE;
  IF o.id IS NULL OR ts_order_json (o.id, ts_ctx_outlet ()) IS NULL THEN
    PERFORM ts_refuse ('TS404', 'No such order');
  END IF;
  IF ts_ctx_rank () < 4 THEN
    PERFORM ts_refuse ('TS403', 'Seat changes need Box Office level or above (rule C4)');
  END IF;
  FOR m IN SELECT (x ->> 'item_id')::bigint AS item_id, x ->> 'seat' AS seat, n
           FROM jsonb_array_elements (coalesce (p -> 'moves', '[]')) WITH ORDINALITY AS xs (x, n) ORDER BY n LOOP
    SELECT * INTO i FROM order_item WHERE id = m.item_id AND order_id = o.id;
    IF i.id IS NULL OR i.status <> 'sold' OR i.seat_guid IS NULL THEN
      PERFORM ts_refuse ('TS400', format ('moves[%s].item_id: not a sold seat of this order', m.n - 1));
    END IF;
    IF NOT (o.outlet_id = ts_ctx_outlet () OR i.owner_outlet_id = ts_ctx_outlet () OR ts_ctx_master ()) THEN
      PERFORM ts_refuse ('TS403', 'Only the selling outlet or the event''s owner may change these seats (rule S6)');
    END IF;
    PERFORM 1 FROM performance WHERE id = i.performance_id FOR UPDATE;
    SELECT e.map_id INTO v_map FROM performance pp JOIN event e ON e.id = pp.event_id WHERE pp.id = i.performance_id;
    SELECT category INTO v_zone FROM map_seat WHERE map_id = v_map AND guid = m.seat;
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS400', format ('moves[%s].seat: not on this performance''s map', m.n - 1));
    END IF;
    IF v_zone IS DISTINCT FROM i.price_zone THEN
      PERFORM ts_refuse ('TS409', format ('moves[%s].seat: %s is in another price zone; exchange the ticket instead (rule S6)',
                                          m.n - 1, ts_seat_name (v_map, m.seat)));
    END IF;
    DELETE FROM seat_claim WHERE order_item_id = i.id;
    INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, order_item_id)
      VALUES (i.performance_id, m.seat, 'sold', o.outlet_id, i.id) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS409', 'Taken: ' || ts_seat_name (v_map, m.seat));
    END IF;
    UPDATE order_item SET seat_guid = m.seat WHERE id = i.id;
    PERFORM ts_audit ('move', 'order_item', i.id::text, o.outlet_id,
                      jsonb_build_object ('seat', i.seat_guid), jsonb_build_object ('seat', m.seat));
  END LOOP;
  RETURN ts_order_json (o.id, coalesce (ts_ctx_outlet (), o.outlet_id));
END $$;

-- What the sales map shows (M5, M6, M7, E4) ---------------------------------------

-- Every claimed seat of a performance for the asking outlet: state, letter,
-- the party (an opaque key shared by the seats of one order, M7) and the
-- patron seated there (M6); price, ticket type and order number only for
-- the owning outlet and the outlet that sold that ticket.
CREATE FUNCTION ts_performance_seats (p_performance integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  v_me integer := ts_ctx_outlet ();
BEGIN
  PERFORM ts_require_viewable (p_performance);
  SELECT * INTO perf FROM performance WHERE id = p_performance;
  RETURN jsonb_build_object (
    'performance_id', perf.id, 'map_id', (SELECT map_id FROM event WHERE id = perf.event_id),
    'role', ts_sell_role (perf.id, v_me), 'status', perf.status,
    'seats', coalesce ((
      SELECT jsonb_agg (CASE
        WHEN c.kind = 'sold' THEN
          jsonb_build_object ('seat', c.seat_guid, 'state', 'sold', 'letter', i.display_letter,
                              'party', o.party, 'patron', ts_patron_name (o.recipient_id))
          || CASE WHEN ts_ctx_master () OR perf.outlet_id = v_me OR o.outlet_id = v_me
                  THEN jsonb_build_object ('order_id', o.id, 'item_id', i.id, 'price_cents', i.price_cents,
                                           'ticket_type', t.name, 'sold_by', o.outlet_id,
                                           'paid', (SELECT coalesce (sum (amount_cents), 0) FROM payment
                                                    WHERE order_id = o.id AND method <> 'on_account')
                                                   >= (SELECT coalesce (sum (price_cents), 0) FROM order_item
                                                       WHERE order_id = o.id AND status = 'sold'))
                  ELSE '{}' END
        WHEN c.kind = 'held' THEN jsonb_build_object ('seat', c.seat_guid, 'state', 'held', 'letter', c.hold_letter)
        ELSE jsonb_build_object ('seat', c.seat_guid, 'state', 'cart',
                                 'mine', k.employee_id IS NOT DISTINCT FROM ts_ctx_employee () AND k.outlet_id IS NOT DISTINCT FROM v_me)
        END ORDER BY c.seat_guid)
      FROM seat_claim c
      LEFT JOIN order_item i ON i.id = c.order_item_id
      LEFT JOIN ticket_order o ON o.id = i.order_id
      LEFT JOIN ticket_type t ON t.id = i.ticket_type_id
      LEFT JOIN cart k ON k.id = c.cart_id
      WHERE c.performance_id = perf.id AND (c.kind <> 'cart' OR k.expires_at > now ())), '[]'),
    'ga', coalesce ((SELECT jsonb_agg (jsonb_build_object ('area', a.area_key, 'name', a.name, 'category', a.category,
                                                           'capacity', a.capacity, 'taken', coalesce (g.taken, 0))
                                       ORDER BY a.area_key)
                     FROM map_ga_area a JOIN event e ON e.map_id = a.map_id AND e.id = perf.event_id
                     LEFT JOIN performance_ga g ON g.performance_id = perf.id AND g.area_key = a.area_key), '[]'));
END $$;

-- M7: the seats of the same order as the given seat, for anyone who may
-- view the performance.
CREATE FUNCTION ts_performance_party (p_performance integer, p_seat text) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_order bigint;
BEGIN
  PERFORM ts_require_viewable (p_performance);
  SELECT i.order_id INTO v_order FROM seat_claim c JOIN order_item i ON i.id = c.order_item_id
    WHERE c.performance_id = p_performance AND c.seat_guid = p_seat AND c.kind = 'sold';
  IF v_order IS NULL THEN
    PERFORM ts_refuse ('TS404', 'That seat is not sold');
  END IF;
  RETURN jsonb_build_object ('performance_id', p_performance, 'seat', p_seat,
    'seats', (SELECT jsonb_agg (i.seat_guid ORDER BY i.seat_guid) FROM order_item i
              WHERE i.order_id = v_order AND i.performance_id = p_performance AND i.status = 'sold'
                AND i.seat_guid IS NOT NULL),
    'ga', (SELECT coalesce (jsonb_agg (jsonb_build_object ('area', x.area_key, 'quantity', x.n)), '[]')
           FROM (SELECT area_key, count (*) AS n FROM order_item
                 WHERE order_id = v_order AND performance_id = p_performance AND status = 'sold' AND area_key IS NOT NULL
                 GROUP BY area_key) x));
END $$;

-- The performances the caller may sell (E4): its own (scheduled, not past)
-- and other outlets' in their other-outlet window, with only E4's fields.
CREATE FUNCTION ts_sellable_performances () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'id', p.id, 'event', e.name, 'starts_at', p.starts_at, 'venue', m.name, 'map_id', m.id,
           'outlet_id', p.outlet_id, 'outlet', o.name, 'role', ts_sell_role (p.id, ts_ctx_outlet ()),
           'status', p.status) ORDER BY p.starts_at, p.id), '[]')
  FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id
  JOIN outlet o ON o.id = p.outlet_id
  WHERE p.status <> 'cancelled' AND NOT ts_is_past (p)
    AND CASE ts_sell_role (p.id, ts_ctx_outlet ())
          WHEN 'owner' THEN ts_ctx_master () OR p.outlet_id = ts_ctx_outlet ()
          WHEN 'seller' THEN ts_outlet_window_open (p)
          ELSE false END
$$;

-- The ticket types the caller may sell for a performance, with their prices
-- per price zone (T2, T4, T5, E4).  Other outlets get regular types offered
-- to them, with prices only.
CREATE FUNCTION ts_performance_offer (p_performance integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  v_owner boolean;
BEGIN
  PERFORM ts_require_viewable (p_performance);
  SELECT * INTO perf FROM performance WHERE id = p_performance;
  v_owner := ts_sell_role (perf.id, ts_ctx_outlet ()) = 'owner';
  RETURN jsonb_build_object ('performance_id', perf.id, 'role', CASE WHEN v_owner THEN 'owner' ELSE 'seller' END,
    'ticket_types', coalesce ((
      SELECT jsonb_agg (jsonb_build_object (
               'ticket_type_id', t.id, 'name', t.name, 'category', t.category, 'display_letter', t.display_letter,
               'price_cents', t.price_cents, 'subscribers_only', t.subscribers_only,
               'promo_code_required', cardinality (r.promo_codes) > 0,
               'min_per_order', r.min_per_order, 'max_per_order', r.max_per_order,
               'prices', coalesce ((SELECT jsonb_agg (jsonb_build_object ('category', rp.category, 'price_cents', rp.price_cents)
                                                      ORDER BY rp.category)
                                    FROM redemption_price rp WHERE rp.redemption_id = r.id), '[]'))
             || CASE WHEN v_owner THEN jsonb_build_object (
                  'redemption_id', r.id, 'sales_start', r.sales_start, 'sales_end', r.sales_end, 'cap', r.cap,
                  'sold', r.sold, 'on_sale', (r.sales_start IS NULL OR r.sales_start <= now ())
                                             AND (r.sales_end IS NULL OR now () < r.sales_end),
                  'seats_left', greatest (least (coalesce (r.cap - r.sold, 2147483647), perf.advance_limit - perf.claimed), 0))
                ELSE '{}' END
             ORDER BY t.name)
      FROM redemption r JOIN ticket_type t ON t.id = r.ticket_type_id
      WHERE r.performance_id = perf.id AND t.active
        AND (v_owner OR (t.category = 'regular' AND t.other_outlets AND t.commission_table_id IS NOT NULL
                         AND (r.sales_start IS NULL OR r.sales_start <= now ())
                         AND (r.sales_end IS NULL OR now () < r.sales_end)))), '[]'));
END $$;

-- The will-call list (C4 Walk-up): tickets for a performance not yet
-- checked in, of the caller's own orders or, for the owner, all of them.
CREATE FUNCTION ts_will_call (p_performance integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  v_me integer := ts_ctx_outlet ();
BEGIN
  PERFORM ts_require_viewable (p_performance);
  IF ts_ctx_rank () < 3 THEN
    PERFORM ts_refuse ('TS403', 'The will-call list is for Walk-up Sales and up (rule C4)');
  END IF;
  SELECT * INTO perf FROM performance WHERE id = p_performance;
  RETURN coalesce ((
    SELECT jsonb_agg (jsonb_build_object ('order_id', o.id, 'recipient_id', o.recipient_id,
                                          'recipient', ts_patron_name (o.recipient_id),
                                          'items', x.items) ORDER BY ts_patron_name (o.recipient_id), o.id)
    FROM ticket_order o
    JOIN LATERAL (SELECT jsonb_agg (jsonb_build_object ('item_id', i.id, 'seat', i.seat_guid, 'area', i.area_key,
                                                        'seat_name', coalesce (ts_seat_name (e.map_id, i.seat_guid), i.area_key),
                                                        'ticket_type', t.name) ORDER BY i.id) AS items
                  FROM order_item i JOIN ticket_type t ON t.id = i.ticket_type_id
                  JOIN event e ON e.id = perf.event_id
                  WHERE i.order_id = o.id AND i.performance_id = perf.id AND i.status = 'sold'
                    AND i.checked_in_at IS NULL) x ON x.items IS NOT NULL
    WHERE ts_ctx_master () OR perf.outlet_id = v_me OR o.outlet_id = v_me), '[]');
END $$;

-- T3, P4: a patron's vouchers with the caller's outlet.
CREATE FUNCTION ts_patron_vouchers (p_patron bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'id', v.id, 'status', v.status, 'subscription', st.name, 'ticket_type_id', v.ticket_type_id,
           'ticket_type', ct.name, 'order_id', si.order_id,
           'reserved', CASE WHEN v.reserved_item_id IS NOT NULL THEN
             (SELECT jsonb_build_object ('item_id', i.id, 'order_id', i.order_id, 'performance_id', i.performance_id,
                                         'event', e.name, 'starts_at', p.starts_at,
                                         'seat_name', coalesce (ts_seat_name (e.map_id, i.seat_guid), i.area_key))
              FROM order_item i JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id
              WHERE i.id = v.reserved_item_id) END) ORDER BY v.id), '[]')
  FROM voucher v JOIN order_item si ON si.id = v.order_item_id
  JOIN ticket_type st ON st.id = si.ticket_type_id JOIN ticket_type ct ON ct.id = v.ticket_type_id
  WHERE v.patron_id = p_patron AND v.status <> 'cancelled' AND ts_ctx_sees (v.outlet_id) AND ts_ctx_rank () >= 2
$$;

-- Accounting reports (A2–A4) ----------------------------------------------------

-- A2: the four running balances of the caller's outlet with each other outlet.
CREATE FUNCTION ts_outlet_balances (p_outlet integer, p_until timestamptz DEFAULT NULL) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'outlet_id', x.other, 'outlet', (SELECT name FROM outlet WHERE id = x.other),
           'ticket_due_from_cents', x.due_from, 'ticket_due_to_cents', x.due_to,
           'commission_due_from_cents', x.comm_from, 'commission_due_to_cents', x.comm_to,
           'net_due_to_us_cents', x.due_from - x.due_to + x.comm_from - x.comm_to) ORDER BY x.other), '[]')
  FROM (SELECT l.counterparty_outlet_id AS other,
               coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_from_outlet'), 0) AS due_from,
               -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_to_outlet'), 0) AS due_to,
               coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_receivable'), 0) AS comm_from,
               -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_payable'), 0) AS comm_to
        FROM ledger_line l JOIN ledger_entry e ON e.id = l.entry_id
        WHERE l.outlet_id = p_outlet AND l.counterparty_outlet_id IS NOT NULL
          AND (p_until IS NULL OR e.created_at < p_until)
        GROUP BY l.counterparty_outlet_id) x
$$;

-- A3: the pair's activity in a period (settlements left out) and what is
-- outstanding at its end, from the caller's side.
CREATE FUNCTION ts_settlement_report (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := coalesce ((p ->> 'outlet_id')::integer, ts_ctx_outlet ());
  v_other integer := (p ->> 'counterparty_id')::integer;
  v_from date := (p ->> 'from')::date;
  v_to date := (p ->> 'to')::date;
  v_tz text;
  v_start timestamptz;
  v_end timestamptz;
BEGIN
  IF NOT ts_ctx_sees (v_me) OR ts_ctx_rank () < 5 THEN
    PERFORM ts_refuse ('TS403', 'Settlement reports are for the outlet''s Box Office Managers and up (rule C4)');
  END IF;
  IF v_other IS NULL OR v_other = v_me OR NOT EXISTS (SELECT 1 FROM outlet WHERE id = v_other) THEN
    PERFORM ts_refuse ('TS400', 'counterparty_id: another outlet');
  END IF;
  IF v_from IS NULL OR v_to IS NULL OR v_to < v_from THEN
    PERFORM ts_refuse ('TS400', 'from, to: a period of dates, from ≤ to');
  END IF;
  SELECT time_zone INTO v_tz FROM outlet WHERE id = v_me;
  v_start := v_from::timestamp AT TIME ZONE v_tz;
  v_end := (v_to + 1)::timestamp AT TIME ZONE v_tz;
  RETURN jsonb_build_object (
    'outlet_id', v_me, 'counterparty_id', v_other, 'from', v_from, 'to', v_to,
    'activity', (SELECT jsonb_build_object (
                   'ticket_due_from_cents', coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_from_outlet'), 0),
                   'ticket_due_to_cents', -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_to_outlet'), 0),
                   'commission_due_from_cents', coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_receivable'), 0),
                   'commission_due_to_cents', -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_payable'), 0),
                   'net_due_to_us_cents', coalesce (sum (l.amount_cents), 0))
                 FROM ledger_line l JOIN ledger_entry e ON e.id = l.entry_id
                 WHERE l.outlet_id = v_me AND l.counterparty_outlet_id = v_other AND e.kind <> 'settlement'
                   AND e.created_at >= v_start AND e.created_at < v_end),
    'outstanding', coalesce ((SELECT x FROM jsonb_array_elements (ts_outlet_balances (v_me, v_end)) x
                              WHERE (x ->> 'outlet_id')::integer = v_other),
                             jsonb_build_object ('net_due_to_us_cents', 0)),
    'settlements', coalesce ((SELECT jsonb_agg (jsonb_build_object ('id', s.id, 'payer_outlet_id', s.payer_outlet_id,
                                                                    'payee_outlet_id', s.payee_outlet_id,
                                                                    'ticket_cents', s.ticket_cents,
                                                                    'commission_cents', s.commission_cents,
                                                                    'reference', s.reference, 'created_at', s.created_at)
                                                ORDER BY s.id)
                              FROM settlement s
                              WHERE (s.payer_outlet_id, s.payee_outlet_id) IN ((v_me, v_other), (v_other, v_me))
                                AND s.created_at >= v_start AND s.created_at < v_end), '[]'));
END $$;

-- A3: clears what the pair owes each other up to the end of the period,
-- posting mirrored entries in both ledgers.
-- p: {outlet_id? (Master), counterparty_id, to, reference?}
CREATE FUNCTION ts_settlement_record (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := coalesce ((p ->> 'outlet_id')::integer, ts_ctx_outlet ());
  v_other integer := (p ->> 'counterparty_id')::integer;
  v_to date := (p ->> 'to')::date;
  v_end timestamptz;
  b jsonb;
  v_from bigint; v_dto bigint; v_cfrom bigint; v_cto bigint; v_net bigint;
  v_id bigint;
BEGIN
  IF NOT ts_ctx_sees (v_me) OR ts_ctx_rank () < 5 THEN
    PERFORM ts_refuse ('TS403', 'Recording a settlement is for the outlet''s Box Office Managers and up (rule C4)');
  END IF;
  IF v_other IS NULL OR v_other = v_me OR NOT EXISTS (SELECT 1 FROM outlet WHERE id = v_other) THEN
    PERFORM ts_refuse ('TS400', 'counterparty_id: another outlet');
  END IF;
  IF v_to IS NULL THEN
    PERFORM ts_refuse ('TS400', 'to: the last day the settlement covers');
  END IF;
  -- Both ledgers are locked in one order so two settlements cannot cross.
  PERFORM 1 FROM outlet WHERE id IN (v_me, v_other) ORDER BY id FOR UPDATE;
  v_end := (v_to + 1)::timestamp AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = v_me);
  SELECT x INTO b FROM jsonb_array_elements (ts_outlet_balances (v_me, v_end)) x WHERE (x ->> 'outlet_id')::integer = v_other;
  v_from := coalesce ((b ->> 'ticket_due_from_cents')::bigint, 0);
  v_dto := coalesce ((b ->> 'ticket_due_to_cents')::bigint, 0);
  v_cfrom := coalesce ((b ->> 'commission_due_from_cents')::bigint, 0);
  v_cto := coalesce ((b ->> 'commission_due_to_cents')::bigint, 0);
  v_net := v_from - v_dto + v_cfrom - v_cto;
  IF v_from = 0 AND v_dto = 0 AND v_cfrom = 0 AND v_cto = 0 THEN
    PERFORM ts_refuse ('TS409', 'Nothing is outstanding between these outlets for that period');
  END IF;
  INSERT INTO settlement (payer_outlet_id, payee_outlet_id, ticket_cents, commission_cents, period_to, reference, employee_id)
    VALUES (CASE WHEN v_net >= 0 THEN v_other ELSE v_me END, CASE WHEN v_net >= 0 THEN v_me ELSE v_other END,
            abs (v_from - v_dto), abs (v_cfrom - v_cto), v_to, p ->> 'reference', ts_ctx_employee ())
    RETURNING id INTO v_id;
  PERFORM ts_post (v_me, 'settlement', NULL, NULL, 'settlement ' || v_id, jsonb_build_array (
    jsonb_build_object ('account', 'due_from_outlet', 'counterparty', v_other, 'amount', -v_from),
    jsonb_build_object ('account', 'due_to_outlet', 'counterparty', v_other, 'amount', v_dto),
    jsonb_build_object ('account', 'commission_receivable', 'counterparty', v_other, 'amount', -v_cfrom),
    jsonb_build_object ('account', 'commission_payable', 'counterparty', v_other, 'amount', v_cto),
    jsonb_build_object ('account', 'bank', 'amount', v_net)));
  PERFORM ts_post (v_other, 'settlement', NULL, NULL, 'settlement ' || v_id, jsonb_build_array (
    jsonb_build_object ('account', 'due_to_outlet', 'counterparty', v_me, 'amount', v_from),
    jsonb_build_object ('account', 'due_from_outlet', 'counterparty', v_me, 'amount', -v_dto),
    jsonb_build_object ('account', 'commission_payable', 'counterparty', v_me, 'amount', v_cfrom),
    jsonb_build_object ('account', 'commission_receivable', 'counterparty', v_me, 'amount', -v_cto),
    jsonb_build_object ('account', 'bank', 'amount', -v_net)));
  PERFORM ts_audit ('settle', 'settlement', v_id::text, v_me, NULL,
                    jsonb_build_object ('counterparty', v_other, 'to', v_to, 'net_due_to_us_cents', v_net));
  RETURN jsonb_build_object ('id', v_id, 'outlet_id', v_me, 'counterparty_id', v_other, 'to', v_to,
                             'net_due_to_us_cents', v_net);
END $$;

-- A4: each employee's till for a day in the outlet's time: money taken and
-- paid back by method, against the sales and refunds recorded.
-- p: {date, outlet_id? (Master)}
CREATE FUNCTION ts_till_report (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := coalesce ((p ->> 'outlet_id')::integer, ts_ctx_outlet ());
  v_day date := coalesce ((p ->> 'date')::date, (now () AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = v_me))::date);
  v_start timestamptz;
  v_end timestamptz;
  v_rank integer := ts_ctx_rank ();
BEGIN
  IF NOT ts_ctx_sees (v_me) OR v_rank < 3 THEN
    PERFORM ts_refuse ('TS403', 'The till report is for the outlet''s Walk-up Sales level and up (rule C4)');
  END IF;
  v_start := v_day::timestamp AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = v_me);
  v_end := v_start + interval '1 day';
  RETURN jsonb_build_object ('outlet_id', v_me, 'date', v_day, 'employees', coalesce ((
    SELECT jsonb_agg (jsonb_build_object (
             'employee_id', x.employee_id,
             'name', (SELECT ts_patron_name (e.patron_id) FROM employee e WHERE e.id = x.employee_id),
             'by_method', (SELECT jsonb_object_agg (y.method, y.total) FROM (
                             SELECT method, sum (amount_cents) AS total FROM payment
                             WHERE outlet_id = v_me AND employee_id IS NOT DISTINCT FROM x.employee_id
                               AND created_at >= v_start AND created_at < v_end GROUP BY method) y),
             'taken_cents', x.taken,
             'sales_cents', x.sales, 'refunds_cents', x.refunds,
             'balanced', x.taken = x.sales - x.refunds) ORDER BY x.employee_id)
    FROM (SELECT emp AS employee_id,
                 (SELECT coalesce (sum (amount_cents), 0) FROM payment
                  WHERE outlet_id = v_me AND employee_id IS NOT DISTINCT FROM emp
                    AND created_at >= v_start AND created_at < v_end) AS taken,
                 (SELECT coalesce (sum (i.price_cents), 0) FROM order_item i JOIN ticket_order o ON o.id = i.order_id
                  WHERE o.outlet_id = v_me AND o.employee_id IS NOT DISTINCT FROM emp
                    AND o.created_at >= v_start AND o.created_at < v_end) AS sales,
                 (SELECT coalesce (sum (r.amount_cents), 0) FROM refund r
                  WHERE r.outlet_id = v_me AND r.employee_id IS NOT DISTINCT FROM emp
                    AND r.created_at >= v_start AND r.created_at < v_end) AS refunds
          FROM (SELECT DISTINCT employee_id AS emp FROM payment
                WHERE outlet_id = v_me AND created_at >= v_start AND created_at < v_end
                UNION SELECT DISTINCT employee_id FROM ticket_order
                WHERE outlet_id = v_me AND created_at >= v_start AND created_at < v_end
                UNION SELECT DISTINCT employee_id FROM refund
                WHERE outlet_id = v_me AND created_at >= v_start AND created_at < v_end) ee
          WHERE v_rank >= 4 OR emp IS NOT DISTINCT FROM ts_ctx_employee ()) x), '[]'));
END $$;

-- Live seat feed (NOTIFY in the selling transaction) ------------------------------

CREATE FUNCTION ts_notify_payload (p_performance integer, p_seats jsonb, p_ga jsonb) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_text text := jsonb_build_object ('performance_id', p_performance, 'seats', coalesce (p_seats, '[]'),
                                     'ga', coalesce (p_ga, '[]'))::text;
BEGIN
  IF octet_length (v_text) > 7800 THEN
    v_text := jsonb_build_object ('performance_id', p_performance, 'reload', true)::text;
  END IF;
  PERFORM pg_notify ('tessera_seats', v_text);
END $$;

CREATE FUNCTION ts_notify_claims () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  g record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    FOR g IN SELECT performance_id, jsonb_agg (jsonb_build_object ('guid', seat_guid, 'state', 'available', 'letter', NULL)) AS seats
             FROM old_claims GROUP BY performance_id LOOP
      PERFORM ts_notify_payload (g.performance_id, g.seats, NULL);
    END LOOP;
  ELSE
    FOR g IN SELECT c.performance_id,
                    jsonb_agg (jsonb_build_object ('guid', c.seat_guid, 'state', c.kind,
                                                   'letter', CASE c.kind WHEN 'held' THEN c.hold_letter
                                                                         WHEN 'sold' THEN (SELECT display_letter FROM order_item WHERE id = c.order_item_id)
                                                             END)) AS seats
             FROM new_claims c GROUP BY c.performance_id LOOP
      PERFORM ts_notify_payload (g.performance_id, g.seats, NULL);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER seat_claim_notify_insert AFTER INSERT ON seat_claim REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_claims ();
CREATE TRIGGER seat_claim_notify_update AFTER UPDATE ON seat_claim REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_claims ();
CREATE TRIGGER seat_claim_notify_delete AFTER DELETE ON seat_claim REFERENCING OLD TABLE AS old_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_claims ();

CREATE FUNCTION ts_notify_ga () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  g record;
BEGIN
  FOR g IN SELECT performance_id, jsonb_agg (jsonb_build_object ('area', area_key, 'taken', taken, 'capacity', capacity)) AS ga
           FROM new_ga GROUP BY performance_id LOOP
    PERFORM ts_notify_payload (g.performance_id, NULL, g.ga);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER performance_ga_notify AFTER UPDATE ON performance_ga REFERENCING NEW TABLE AS new_ga
  FOR EACH STATEMENT EXECUTE FUNCTION ts_notify_ga ();

-- Row-level security (P4, P5, P7) --------------------------------------------------
-- The app role reads these tables only through the functions above; the
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

-- Writes happen only inside the functions; the app role may call them.
CREATE TRIGGER ticket_order_audit AFTER UPDATE OR DELETE ON ticket_order FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('result');

GRANT SELECT ON cart, seat_claim, performance_ga, cart_ga, ticket_order, order_item, payment, refund,
                ledger_entry, ledger_line, settlement, voucher TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_performance_viewable (integer), ts_cart_create (), ts_cart_hold (jsonb),
                          ts_cart_release (jsonb), ts_cart_json (uuid), ts_expire_carts (integer),
                          ts_hold_set (jsonb), ts_hold_release (jsonb),
                          ts_order_submit (jsonb, bigint, bigint), ts_order_refund (jsonb, boolean),
                          ts_order_exchange (jsonb), ts_order_move (jsonb), ts_order_json (bigint, integer),
                          ts_performance_seats (integer), ts_performance_party (integer, text),
                          ts_sellable_performances (), ts_performance_offer (integer), ts_will_call (integer),
                          ts_outlet_balances (integer, timestamptz), ts_settlement_report (jsonb),
                          ts_settlement_record (jsonb), ts_till_report (jsonb), ts_patron_vouchers (bigint)
  TO tessera_app;
-- Internal steps are not for direct calls.
REVOKE EXECUTE ON FUNCTION ts_post (integer, text, bigint, bigint, text, jsonb), ts_post_sale (bigint, bigint[], integer, bigint),
                           ts_claim_count (integer, integer, boolean), ts_cart_let_go (uuid, integer, text[], jsonb),
                           ts_map_sync (integer, jsonb, boolean), ts_order_submit (jsonb, bigint, bigint),
                           ts_order_refund (jsonb, boolean)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_order_submit (jsonb, bigint, bigint), ts_order_refund (jsonb, boolean) TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
