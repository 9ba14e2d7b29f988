-- shop-vouchers.sql — a subscriber reserves his open vouchers at a
-- storefront (issue 14; T3, with F6, P4, S1, S2, S4): which performances a
-- voucher is good for online, a place held in the cart "with voucher N",
-- the cart's voucher lines, and checkout when nothing is left to pay.  The
-- sale itself is ts_order_submit's own voucher path (the box office's), so
-- a voucher is reserved once, whatever tabs, retries or visitors race.
--
-- after: 037 — cart_voucher.
--
-- A functions file (docs/architecture.md, "Migrations"): CREATE OR REPLACE
-- only, with the grants and comments of its functions.

-- F6, P4: the signed-in patron's voucher p_id of this storefront's outlet;
-- another patron's, another outlet's and an unknown id alike are
-- TS404 (T3: a voucher is its subscriber's only).
CREATE OR REPLACE FUNCTION ts_shop_voucher_mine (p_id text) RETURNS voucher
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v voucher;
BEGIN
  IF coalesce (p_id, '') ~ '^[0-9]{1,18}$' THEN
    SELECT * INTO v FROM voucher
     WHERE id = p_id::bigint AND patron_id = ts_ctx_patron () AND outlet_id = ts_ctx_outlet ()
       AND status <> 'cancelled';
  END IF;
  IF v.id IS NULL THEN
    PERFORM ts_refuse ('TS404', 'voucher: no such voucher');  -- P4, T3
  END IF;
  RETURN v;
END $$;

-- T2, T3: may open voucher v be used online for perf now?  The storefront
-- of the voucher's outlet sells perf now (E2: its internet window), perf is
-- that outlet's, and it redeems the voucher's type, in its sales window,
-- without a promo code; the type still sold, and subscribers-only only for
-- a subscriber.  The same checks ts_order_submit makes, asked beforehand.
CREATE OR REPLACE FUNCTION ts_shop_voucher_good_for (v voucher, perf performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (v.status = 'open' AND v.patron_id = ts_ctx_patron () AND v.outlet_id = ts_ctx_outlet ()
                   AND perf.outlet_id = v.outlet_id AND ts_online_sells (perf, v.outlet_id)
                   AND EXISTS (SELECT 1 FROM redemption r JOIN ticket_type t ON t.id = r.ticket_type_id
                                WHERE r.ticket_type_id = v.ticket_type_id AND r.performance_id = perf.id AND t.active
                                  AND (r.sales_start IS NULL OR r.sales_start <= now ())
                                  AND (r.sales_end IS NULL OR now () < r.sales_end)
                                  AND cardinality (coalesce (r.promo_codes, '{}')) = 0
                                  AND (NOT t.subscribers_only OR coalesce (ts_is_subscriber (v.patron_id, t.outlet_id), false))),
                   false)
$$;

-- My Account (T3): the performances open voucher v may be reserved for
-- now, soonest first: [{id, event, starts_at, venue}].
CREATE OR REPLACE FUNCTION ts_shop_voucher_performances (v voucher) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('id', p.id, 'event', e.name, 'starts_at', p.starts_at, 'venue', m.name)
                              ORDER BY p.starts_at, p.id), '[]')
    FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id
   WHERE v.status = 'open'
     AND p.id IN (SELECT r.performance_id FROM redemption r WHERE r.ticket_type_id = v.ticket_type_id)
     AND ts_shop_voucher_good_for (v, p)
$$;

-- The voucher page's header: {id, ticket_type, subscription} of the
-- patron's open voucher p_id good for performance p_perf, else TS404 (an
-- unknown, another patron's or another outlet's voucher) or TS409 (used,
-- or not good for that performance).
CREATE OR REPLACE FUNCTION ts_shop_voucher_for (p_id text, p_perf integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v voucher := ts_shop_voucher_mine (p_id);
  perf performance := ts_shop_perf (p_perf);
BEGIN
  IF v.status <> 'open' THEN
    PERFORM ts_refuse ('TS409', 'voucher: already used');  -- T3
  END IF;
  IF perf.id IS NULL OR NOT ts_shop_voucher_good_for (v, perf) THEN
    PERFORM ts_refuse ('TS409', 'voucher: not good for this performance');  -- T2, T3
  END IF;
  RETURN (SELECT jsonb_build_object ('id', v.id, 'ticket_type', t.name, 'subscription', st.name)
            FROM ticket_type t, order_item si JOIN ticket_type st ON st.id = si.ticket_type_id
           WHERE t.id = v.ticket_type_id AND si.id = v.order_item_id);
END $$;

-- Holds one place for voucher p.voucher_id (T3, S1): p as ts_shop_cart_hold
-- takes it, for one place (seats: [guid], best: 1 with zone?, or area with
-- quantity 1), held through ts_shop_cart_hold itself; the place then
-- carries the voucher in the cart (cart_voucher).  The voucher open, the
-- patron's, good for the performance (ts_shop_voucher_good_for), and not
-- already in this cart; whether another visit holds it too is settled at
-- checkout, where ts_order_submit locks it.
CREATE OR REPLACE FUNCTION ts_shop_voucher_hold (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v voucher := ts_shop_voucher_mine (p ->> 'voucher_id');
  v_perf integer := ts_shop_int (p, 'performance_id', 1, 2147483647);
  v_cart uuid;
  v_before text[];
  v_line text;
  v_result jsonb;
BEGIN
  PERFORM ts_shop_voucher_for (p ->> 'voucher_id', v_perf);
  IF (p ? 'best' AND p ->> 'best' IS DISTINCT FROM '1')
     OR (p ? 'area' AND p ->> 'quantity' IS DISTINCT FROM '1')
     OR (NOT p ? 'best' AND NOT p ? 'area'
         AND (jsonb_typeof (p -> 'seats') IS DISTINCT FROM 'array' OR jsonb_array_length (p -> 'seats') <> 1)) THEN
    PERFORM ts_refuse ('TS400', 'voucher: one voucher is one seat or place');  -- T3
  END IF;
  v_cart := ts_shop_live_cart ();
  IF EXISTS (SELECT 1 FROM cart_voucher c WHERE c.cart_id = v_cart AND c.voucher_id = v.id) THEN
    PERFORM ts_refuse ('TS409', 'voucher: already in your cart');  -- T3
  END IF;
  v_before := ARRAY (SELECT c.seat_guid FROM seat_claim c WHERE c.cart_id = v_cart AND c.performance_id = v_perf);
  v_result := ts_shop_cart_hold (p - 'voucher_id');
  v_cart := ts_shop_live_cart ();
  IF p ? 'area' THEN
    v_line := p ->> 'area';
  ELSE
    SELECT c.seat_guid INTO v_line FROM seat_claim c
     WHERE c.cart_id = v_cart AND c.performance_id = v_perf AND NOT c.seat_guid = ANY (v_before);
  END IF;
  INSERT INTO cart_voucher (cart_id, voucher_id, outlet_id, performance_id, line)
    VALUES (v_cart, v.id, ts_ctx_outlet (), v_perf, v_line);
  RETURN v_result;
END $$;

-- Forgets the vouchers of places the cart no longer holds (S1): the one
-- whose place the visitor let go (p_first, the cart's "Remove" of its
-- line), a seat let go, general-admission places fewer than the vouchers
-- on them (the latest go).
CREATE OR REPLACE FUNCTION ts_shop_voucher_forget (p_cart uuid, p_first text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  DELETE FROM cart_voucher v WHERE v.cart_id = p_cart AND v.voucher_id::text = p_first;
  DELETE FROM cart_voucher v WHERE v.cart_id = p_cart
     AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.cart_id = p_cart AND c.performance_id = v.performance_id
                                                  AND c.seat_guid = v.line)
     AND NOT EXISTS (SELECT 1 FROM cart_ga g WHERE g.cart_id = p_cart AND g.performance_id = v.performance_id
                                              AND g.area_key = v.line);
  DELETE FROM cart_voucher v USING (
      SELECT x.voucher_id FROM (
        SELECT cv.voucher_id, g.quantity,
               row_number () OVER (PARTITION BY cv.performance_id, cv.line ORDER BY cv.voucher_id DESC) AS n,
               count (*) OVER (PARTITION BY cv.performance_id, cv.line) AS vouchers
          FROM cart_voucher cv JOIN cart_ga g ON g.cart_id = cv.cart_id AND g.performance_id = cv.performance_id
                                             AND g.area_key = cv.line
         WHERE cv.cart_id = p_cart) x
       WHERE x.n <= x.vouchers - x.quantity) gone
   WHERE v.cart_id = p_cart AND v.voucher_id = gone.voucher_id;
END $$;

-- One line of a cart taken with voucher v (T3): nothing to pay; its type
-- is the voucher's while the voucher may still be used for it, else none
-- (the cart is then not complete: the voucher was used meanwhile, the
-- visitor signed out, the performance is no longer good for it).
CREATE OR REPLACE FUNCTION ts_shop_voucher_line (p_line jsonb, v voucher, perf performance) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT p_line || jsonb_build_object (
           'quantity', 1, 'voucher_id', v.id, 'voucher_ok', ok,
           'ticket_type_id', CASE WHEN ok THEN t.id END, 'price_cents', 0, 'amount_cents', 0,
           'types', CASE WHEN ok THEN jsonb_build_array (jsonb_build_object ('ticket_type_id', t.id, 'name', t.name,
                                                                             'price_cents', 0))
                         ELSE '[]'::jsonb END)
    FROM ticket_type t, (SELECT ts_shop_voucher_good_for (v, perf) AS ok) g
   WHERE t.id = v.ticket_type_id
$$;

-- ts_shop_cart's answer with the cart's vouchers (T3): a seat held with a
-- voucher becomes that voucher's line; general-admission places held with
-- vouchers leave their area's line (the rest is paid for as chosen) and
-- are one line each.  The total and "complete" follow.
CREATE OR REPLACE FUNCTION ts_shop_voucher_lines (p_cart uuid, p_content jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_lines jsonb := '[]';
  l jsonb;
  x record;
  v_used integer;
BEGIN
  IF p_cart IS NULL OR NOT EXISTS (SELECT 1 FROM cart_voucher c WHERE c.cart_id = p_cart) THEN
    RETURN p_content;
  END IF;
  FOR l IN SELECT y FROM jsonb_array_elements (p_content -> 'lines') y LOOP
    v_used := 0;
    FOR x IN SELECT v, p FROM cart_voucher c JOIN voucher v ON v.id = c.voucher_id
                             JOIN performance p ON p.id = c.performance_id
              WHERE c.cart_id = p_cart AND c.performance_id = (l ->> 'performance_id')::integer
                AND c.line = coalesce (l ->> 'seat', l ->> 'area')
              ORDER BY c.voucher_id LIMIT (l ->> 'quantity')::integer LOOP
      v_lines := v_lines || ts_shop_voucher_line (l, x.v, x.p);
      v_used := v_used + 1;
    END LOOP;
    IF v_used < (l ->> 'quantity')::integer THEN
      v_lines := v_lines || (l || jsonb_build_object (
                   'quantity', (l ->> 'quantity')::integer - v_used,
                   'amount_cents', (l ->> 'price_cents')::bigint * ((l ->> 'quantity')::integer - v_used)));
    END IF;
  END LOOP;
  RETURN p_content || jsonb_build_object (
    'lines', v_lines,
    'total_cents', (SELECT coalesce (sum ((y ->> 'amount_cents')::bigint), 0) FROM jsonb_array_elements (v_lines) y),
    'complete', jsonb_array_length (v_lines) > 0
                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements (v_lines) y WHERE y ->> 'ticket_type_id' IS NULL));
END $$;

-- S2, S4: the order request of a checkout, sold: the purchaser (the
-- signed-in patron, or the guest's patron made or found now, F7), the
-- partner answers still asked of that purchaser (K3), the order link's
-- hash, and the payment (amount 0: none, T3).  For
-- ts_shop_payment_complete (a card authorised) and ts_shop_order_free.
CREATE OR REPLACE FUNCTION ts_shop_order_request_submit (p_key text, p_request jsonb, p_payment jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_patron bigint := coalesce ((p_request ->> 'purchaser_id')::bigint, ts_shop_guest_patron (p_request -> 'guest'));
  v_asked jsonb := ts_shop_partner_questions (v_patron);
  v_answers jsonb;
BEGIN
  SELECT coalesce (jsonb_agg (a), '[]') INTO v_answers
    FROM jsonb_array_elements (coalesce (p_request -> 'partner_answers', '[]')) a
   WHERE EXISTS (SELECT 1 FROM jsonb_array_elements (v_asked) q
                 WHERE q -> 'partner_company_id' = a -> 'partner_company_id');
  RETURN ts_shop_order_submit (jsonb_build_object (
           'idempotency_key', p_key, 'purchaser_id', v_patron, 'partner_answers', v_answers,
           'web_access_hash', p_request ->> 'web_access_hash', 'payment', p_payment));
END $$;

-- S4, T3: checkout of a cart with nothing to pay (its places all taken
-- with vouchers): no card, no payment provider, no payment intent.  p =
-- {idempotency_key, purchaser_id | guest, partner_answers?,
-- web_access_hash}; the signed-in visitor buys for himself only.  The same
-- key again answers the first order (S2); a cart that now costs something
-- is TS409.
CREATE OR REPLACE FUNCTION ts_shop_order_free (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF ts_ctx_channel () <> 'internet' OR ts_ctx_web_session () IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Only a storefront''s visitor checks out online');
  END IF;
  IF coalesce (p ->> 'idempotency_key', '') !~ '^.{8,100}$' THEN
    PERFORM ts_refuse ('TS400', 'idempotency_key: 8 to 100 characters');
  END IF;
  IF coalesce (p ->> 'web_access_hash', '') !~ '^[0-9a-f]{64}$' THEN
    PERFORM ts_refuse ('TS400', 'web_access_hash: the order link''s hash');
  END IF;
  IF p ? 'purchaser_id' AND (p ->> 'purchaser_id')::bigint IS DISTINCT FROM ts_ctx_patron () THEN
    PERFORM ts_refuse ('TS403', 'purchaser_id: a signed-in visitor buys for himself');  -- F7
  END IF;
  RETURN ts_shop_order_request_submit (p ->> 'idempotency_key', p,
                                       jsonb_build_object ('reference', NULL, 'amount_cents', 0));
END $$;

REVOKE ALL ON FUNCTION ts_shop_voucher_mine (text), ts_shop_voucher_good_for (voucher, performance),
                       ts_shop_voucher_performances (voucher), ts_shop_voucher_forget (uuid, text),
                       ts_shop_voucher_line (jsonb, voucher, performance), ts_shop_voucher_lines (uuid, jsonb),
                       ts_shop_order_request_submit (text, jsonb, jsonb)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION ts_shop_voucher_for (text, integer), ts_shop_voucher_hold (jsonb), ts_shop_order_free (jsonb)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_voucher_for (text, integer), ts_shop_voucher_hold (jsonb), ts_shop_order_free (jsonb)
  TO tessera_app;
COMMENT ON FUNCTION ts_shop_voucher_hold (jsonb) IS
  'Holds one place in the storefront cart for a subscriber''s open voucher (T3); see server/functions/shop-vouchers.sql';
COMMENT ON FUNCTION ts_shop_order_free (jsonb) IS
  'Checks out a storefront cart with nothing to pay (vouchers, T3, S4): no card; see server/functions/shop-vouchers.sql';
