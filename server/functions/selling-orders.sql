-- selling-orders.sql — the order functions of the selling engine (rules
-- S1–S9, T2–T6, E2–E4, C4, P4, P5): an order as one outlet may see it, selling,
-- refunds, exchanges, seat changes, vouchers, a patron's orders.
--
-- after: 009 — the selling tables.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- T5, E4: is this ticket type offered, now, to the other outlets that may
-- sell this performance — a regular type of the performance's outlet,
-- marked for other outlets, with a commission table and a redemption for
-- the performance in its sales window?  Exactly the types that
-- ts_performance_offer shows them; the others do not exist for them (P7).
CREATE OR REPLACE FUNCTION ts_type_offered (p_type integer, p_performance integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM ticket_type t JOIN redemption r ON r.ticket_type_id = t.id
                 JOIN performance p ON p.id = r.performance_id
                 WHERE t.id = p_type AND r.performance_id = p_performance AND t.outlet_id = p.outlet_id
                   AND t.active AND t.category = 'regular' AND t.other_outlets AND t.commission_table_id IS NOT NULL
                   AND (r.sales_start IS NULL OR r.sales_start <= now ())
                   AND (r.sales_end IS NULL OR now () < r.sales_end))
$$;

-- The order as one outlet may see it (P5): the selling outlet and the Master
-- User see all of it; the owning outlet of a performance on it sees only its
-- own lines — never the other lines, the payments or the totals.  NULL when
-- the outlet may not see it at all.
CREATE OR REPLACE FUNCTION ts_order_json (p_order bigint, p_viewer integer) RETURNS jsonb
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
           'status', i.status, 'refund_id', i.refund_id, 'checked_in_at', i.checked_in_at,
           'ticket_number', i.ticket_number, 'barcode_version', i.barcode_version,
           'reprint_count', i.reprint_count)
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
                               'walk_up_no_patron', o.purchaser_id IS NULL, 'partial', true, 'items', v_items);
  END IF;
  RETURN jsonb_build_object (
    'id', o.id, 'outlet_id', o.outlet_id, 'employee_id', o.employee_id, 'created_at', o.created_at,
    'purchaser_id', o.purchaser_id, 'purchaser', ts_patron_name (o.purchaser_id),
    'recipient_id', o.recipient_id, 'recipient', ts_patron_name (o.recipient_id),
    'gift', coalesce (o.purchaser_id <> o.recipient_id, false), 'walk_up_no_patron', o.purchaser_id IS NULL,
    'channel', o.channel, 'note', o.note,
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
CREATE OR REPLACE FUNCTION ts_is_subscriber (p_patron bigint, p_outlet integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM order_item i JOIN ticket_type t ON t.id = i.ticket_type_id
                 JOIN ticket_order o ON o.id = i.order_id
                 WHERE t.qualifies_subscriber AND t.outlet_id = p_outlet AND i.status = 'sold'
                   AND p_patron IN (o.purchaser_id, o.recipient_id))
$$;

-- Posts a sale's entries (A1, A2): the seller's takings, and for each other
-- owning outlet the ticket money and the commission, mirrored in both ledgers.
CREATE OR REPLACE FUNCTION ts_post_sale (p_order bigint, p_items bigint[], p_seller integer, p_refund bigint) RETURNS void
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

-- C4, S2, S3, S8: the request's own checks, before anything is written —
-- who sells (Staff only reserve a patron's vouchers), with which key, for
-- which outlet (the Master User names one), to whom; an override says why;
-- the cart is the caller's and live.  Returns the selling outlet, whether
-- the order only reserves vouchers and whether it is a walk-up sale.
CREATE OR REPLACE FUNCTION ts_order_check_request (p jsonb, p_rank integer, p_purchaser bigint,
                                                   p_recipient bigint, p_cart uuid,
                                                   INOUT selling_outlet integer, INOUT walk_up boolean,
                                                   OUT voucher_only boolean)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_key text := p ->> 'idempotency_key';
BEGIN
  -- C4: Staff act on behalf of a patron: they reserve the patron's open
  -- vouchers (T3), which sells nothing and takes no money; anything else is
  -- selling, Walk-up Sales and up.
  voucher_only := jsonb_typeof (p -> 'items') = 'array' AND jsonb_array_length (p -> 'items') > 0
                  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements (p -> 'items') x WHERE NOT x ? 'voucher_id')
                  AND coalesce (jsonb_array_length (p -> 'payments'), 0) = 0 AND NOT p ? 'override';
  IF p_rank < ts_level_rank ('walkup') AND NOT (p_rank = ts_level_rank ('staff') AND voucher_only) THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above; Staff only reserve a patron''s vouchers');  -- C4
  END IF;
  -- S8: a Walk-up agent's sale is a walk-up sale; reserving a voucher is not a sale.
  walk_up := walk_up OR (p_rank = ts_level_rank ('walkup') AND NOT voucher_only);
  IF v_key IS NULL OR length (v_key) NOT BETWEEN 8 AND 100 THEN
    PERFORM ts_refuse ('TS400', 'idempotency_key: required, 8–100 characters, one per order attempt');  -- S2
  END IF;
  IF jsonb_typeof (p -> 'items') IS DISTINCT FROM 'array' OR jsonb_array_length (p -> 'items') = 0 THEN
    PERFORM ts_refuse ('TS400', 'items: give at least one item');
  END IF;
  IF jsonb_array_length (p -> 'items') > 500 THEN
    PERFORM ts_refuse ('TS400', 'items: at most 500 per order');
  END IF;
  IF ts_ctx_master () THEN
    selling_outlet := coalesce ((p ->> 'selling_outlet_id')::integer,
                                (SELECT pp.outlet_id FROM performance pp
                                 WHERE pp.id = (p -> 'items' -> 0 ->> 'performance_id')::integer),
                                (SELECT t.outlet_id FROM ticket_type t
                                 WHERE t.id = (p -> 'items' -> 0 ->> 'ticket_type_id')::integer));
    IF NOT EXISTS (SELECT 1 FROM outlet WHERE id = selling_outlet) THEN
      PERFORM ts_refuse ('TS400', 'selling_outlet_id: the Master User names an outlet to sell for');
    END IF;
  ELSIF p ? 'selling_outlet_id' AND (p ->> 'selling_outlet_id')::integer IS DISTINCT FROM selling_outlet THEN
    PERFORM ts_refuse ('TS403', 'An outlet sells for itself only');  -- C3
  END IF;
  -- S8: a walk-up sale paid at the door in cash or by card needs no patron
  -- record; vouchers, subscriptions and other items are a patron's (T3), a
  -- gift has one, and other payments are settled with somebody.
  IF p_purchaser IS NULL AND (p ->> 'recipient_id' IS NOT NULL OR NOT walk_up OR voucher_only
                              OR EXISTS (SELECT 1 FROM jsonb_array_elements (p -> 'items') x
                                         WHERE x ? 'voucher_id' OR x ->> 'performance_id' IS NULL)
                              OR EXISTS (SELECT 1 FROM jsonb_array_elements (CASE jsonb_typeof (p -> 'payments')
                                                                               WHEN 'array' THEN p -> 'payments'
                                                                               ELSE '[]' END) y
                                         WHERE y ->> 'method' IS DISTINCT FROM 'cash'
                                           AND y ->> 'method' IS DISTINCT FROM 'card')) THEN
    PERFORM ts_refuse ('TS400', 'purchaser_id: give the patron; only a walk-up sale of tickets paid by cash or card'
                                ' goes without one');  -- S8
  END IF;
  IF p_purchaser IS NOT NULL AND NOT EXISTS (SELECT 1 FROM patron WHERE id = p_purchaser) THEN
    PERFORM ts_refuse ('TS400', 'purchaser_id: no such patron');
  END IF;
  IF p_recipient IS NOT NULL AND NOT EXISTS (SELECT 1 FROM patron WHERE id = p_recipient) THEN
    PERFORM ts_refuse ('TS400', 'recipient_id: no such patron');
  END IF;
  PERFORM ts_override_asked (p);
  IF p_cart IS NOT NULL THEN
    PERFORM ts_cart_mine (p_cart);
  END IF;
END $$;

-- Item checks, first of each item (one copy of it: a general-admission item
-- comes once per place): its quantity, the voucher it reserves (T3) and its
-- ticket type — another outlet's type exists only where it is offered to the
-- caller (P7, T5) — still sold, and for subscribers only if they are (T3).
-- p_n: the item's place in the list, from 1.
CREATE OR REPLACE FUNCTION ts_order_item_type (p_item jsonb, p_n bigint, p_outlet integer,
                                               p_purchaser bigint, p_recipient bigint,
                                               OUT tt ticket_type, OUT voucher_id bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v voucher;
BEGIN
  IF (p_item ->> 'quantity') IS NOT NULL AND ((p_item ->> 'quantity')::integer NOT BETWEEN 1 AND 500
                                              OR p_item ? 'seat') THEN
    PERFORM ts_refuse ('TS400', format ('items[%s].quantity: 1–500, for general admission only', p_n - 1));
  END IF;
  IF p_item ? 'voucher_id' THEN
    -- T3: an open voucher of a subscription, reserved for a performance.
    SELECT * INTO v FROM voucher WHERE id = (p_item ->> 'voucher_id')::bigint FOR UPDATE;
    IF v.id IS NULL OR NOT (ts_ctx_master () OR v.outlet_id = p_outlet) THEN
      PERFORM ts_refuse ('TS404', format ('items[%s].voucher_id: no such voucher of this outlet', p_n - 1));
    END IF;
    IF v.status <> 'open' THEN
      PERFORM ts_refuse ('TS409', format ('items[%s].voucher_id: this voucher is %s', p_n - 1, v.status));
    END IF;
    IF v.patron_id NOT IN (p_purchaser, p_recipient) THEN
      PERFORM ts_refuse ('TS403', format ('items[%s].voucher_id: the voucher belongs to another patron', p_n - 1));  -- T3
    END IF;
    IF p_item ? 'quantity' OR p_item ->> 'performance_id' IS NULL
       OR (p_item ? 'ticket_type_id' AND (p_item ->> 'ticket_type_id')::integer <> v.ticket_type_id) THEN
      PERFORM ts_refuse ('TS400', format ('items[%s]: a voucher is one ticket for one performance, of its own ticket type', p_n - 1));
    END IF;
  END IF;
  voucher_id := v.id;
  SELECT * INTO tt FROM ticket_type WHERE id = coalesce (v.ticket_type_id, (p_item ->> 'ticket_type_id')::integer);
  -- P7, E1, E4: another outlet's type exists for the caller only where it
  -- is offered to it (T5): anything else answers as an unknown id.
  IF tt.id IS NOT NULL AND NOT ts_ctx_master () AND tt.outlet_id <> p_outlet
     AND NOT ts_type_offered (tt.id, (p_item ->> 'performance_id')::integer) THEN
    tt := NULL;
  END IF;
  IF tt.id IS NULL THEN
    PERFORM ts_refuse ('TS400', format ('items[%s].ticket_type_id: no such ticket type', p_n - 1));
  END IF;
  IF NOT tt.active THEN
    PERFORM ts_refuse ('TS409', format ('items[%s]: ticket type “%s” is no longer sold', p_n - 1, tt.name));
  END IF;
  -- T3: online, only a signed-in subscriber (a guest's name proves nothing)
  IF tt.subscribers_only AND ts_ctx_channel () = 'internet' AND NOT ts_is_subscriber (ts_ctx_patron (), tt.outlet_id) THEN
    PERFORM ts_refuse ('TS403', format ('items[%s]: “%s” is for subscribers only: sign in first', p_n - 1, tt.name));  -- T3
  END IF;
  IF tt.subscribers_only AND NOT (ts_is_subscriber (p_purchaser, tt.outlet_id) OR ts_is_subscriber (p_recipient, tt.outlet_id)) THEN
    PERFORM ts_refuse ('TS403', format ('items[%s]: “%s” is for subscribers only', p_n - 1, tt.name));  -- T3
  END IF;
END $$;

-- Item checks, for an item that is not a ticket for a performance: a
-- subscription or a non-ticket item, sold by the outlet that owns it (T5),
-- subscriptions by Box Office and up (C4).
CREATE OR REPLACE FUNCTION ts_order_item_check_other (p_n bigint, tt ticket_type, p_outlet integer, p_rank integer)
  RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF tt.category NOT IN ('non_ticket', 'subscription') THEN
    PERFORM ts_refuse ('TS400', format ('items[%s].performance_id: a “%s” ticket is for a performance', p_n - 1, tt.name));
  END IF;
  IF tt.outlet_id <> p_outlet THEN
    PERFORM ts_refuse ('TS403', format ('items[%s]: other outlets sell only regular tickets', p_n - 1));  -- T5
  END IF;
  IF tt.category = 'subscription' AND p_rank < ts_level_rank ('box_office') THEN
    PERFORM ts_refuse ('TS403', format ('items[%s]: subscriptions are advance sales, Box Office and up', p_n - 1));  -- C4
  END IF;
END $$;

-- Item checks, for a ticket for a performance (already locked and checked
-- by ts_sell_check_rank): a type of the performance's outlet that may be
-- sold here — regular or comp, a bundle component only with its voucher,
-- regular types offered to other outlets only to them (T3, T5), comps by
-- Box Office with a reason (C4) — through a redemption for the performance
-- (locked) in its sales window, with its promo code (T2); a seat or an area
-- of the performance's map, or an open comp.  Returns the performance, its
-- map, the caller's role ('owner' or 'seller'), the redemption, the price
-- zone and whether the comp is left open.
CREATE OR REPLACE FUNCTION ts_order_item_check (p_item jsonb, p_n bigint, p_outlet integer, p_rank integer,
                                                p_override boolean, tt ticket_type, p_voucher_id bigint,
                                                OUT perf performance, OUT map integer, OUT role text,
                                                OUT r redemption, OUT price_zone text, OUT open boolean)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_code text;
BEGIN
  SELECT * INTO perf FROM performance WHERE id = (p_item ->> 'performance_id')::integer;
  SELECT map_id INTO map FROM event WHERE id = perf.event_id;
  role := CASE WHEN perf.outlet_id = p_outlet THEN 'owner' ELSE 'seller' END;
  IF tt.outlet_id <> perf.outlet_id THEN
    PERFORM ts_refuse ('TS400', format ('items[%s].ticket_type_id: “%s” is not a ticket type of this performance''s outlet',
                                        p_n - 1, tt.name));
  END IF;
  -- the storefront never gives comps (issue 14)
  IF ts_ctx_channel () = 'internet' AND tt.category = 'comp' THEN
    PERFORM ts_refuse ('TS403', format ('items[%s]: complimentary tickets are not given online', p_n - 1));
  END IF;
  IF tt.category NOT IN ('regular', 'comp') AND NOT (tt.category = 'bundle_component' AND p_voucher_id IS NOT NULL) THEN
    PERFORM ts_refuse ('TS400', format ('items[%s]: “%s” is a %s ticket type; bundle components are reserved with a voucher',  -- T3
                                        p_n - 1, tt.name, tt.category));
  END IF;
  -- T5: another outlet sells only regular types offered to it, with a commission table.
  IF role = 'seller' AND NOT (tt.category = 'regular' AND tt.other_outlets AND tt.commission_table_id IS NOT NULL) THEN
    PERFORM ts_refuse ('TS403', format ('items[%s]: “%s” is not offered to other outlets', p_n - 1, tt.name));  -- T5
  END IF;
  IF tt.category = 'comp' AND (p_rank < ts_level_rank ('box_office')
                               OR length (trim (coalesce (p_item ->> 'comp_reason', ''))) = 0) THEN
    PERFORM ts_refuse (CASE WHEN p_rank < ts_level_rank ('box_office') THEN 'TS403' ELSE 'TS400' END,
                       format ('items[%s].comp_reason: comps are given by Box Office and up, with a reason', p_n - 1));
  END IF;
  SELECT * INTO r FROM redemption WHERE ticket_type_id = tt.id AND performance_id = perf.id FOR UPDATE;
  IF r.id IS NULL THEN
    PERFORM ts_refuse ('TS409', format ('items[%s]: “%s” is not sold for this performance', p_n - 1, tt.name));  -- T2
  END IF;
  IF NOT p_override AND ((r.sales_start IS NOT NULL AND now () < r.sales_start)
                         OR (r.sales_end IS NOT NULL AND now () >= r.sales_end)) THEN
    PERFORM ts_refuse_overridable (perf.id, format ('items[%s]: “%s” is outside its sales window',  -- T2
                                                    p_n - 1, tt.name));
  END IF;
  IF cardinality (r.promo_codes) > 0 THEN
    v_code := lower (trim (coalesce (p_item ->> 'promo_code', '')));
    IF NOT v_code = ANY (r.promo_codes) THEN
      PERFORM ts_refuse ('TS403', format ('items[%s].promo_code: “%s” needs a valid promo code', p_n - 1, tt.name));  -- T2
    END IF;
  END IF;

  open := coalesce ((p_item ->> 'open')::boolean, false);
  IF open AND (tt.category <> 'comp' OR p_item ? 'seat' OR p_item ? 'area') THEN
    PERFORM ts_refuse ('TS400', format ('items[%s].open: only a comp is left open, without a seat or area', p_n - 1));
  END IF;
  IF NOT open AND p_item ? 'seat' = p_item ? 'area' THEN
    PERFORM ts_refuse ('TS400', format ('items[%s]: give either a seat or a general-admission area', p_n - 1));
  END IF;
  IF open THEN
    price_zone := NULL;           -- seated later with a seat change
  ELSIF p_item ? 'seat' THEN
    SELECT category INTO price_zone FROM map_seat WHERE map_id = map AND guid = p_item ->> 'seat';
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS400', format ('items[%s].seat: “%s” is not on this performance''s map', p_n - 1, p_item ->> 'seat'));
    END IF;
  ELSE
    SELECT category INTO price_zone FROM map_ga_area WHERE map_id = map AND area_key = p_item ->> 'area';
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS400', format ('items[%s].area: no general-admission area “%s” on this map', p_n - 1, p_item ->> 'area'));
    END IF;
  END IF;
END $$;

-- Pricing of one item: the price of its type, or of its price zone at this
-- performance (T4); nothing for a comp or a voucher, which was paid with its
-- subscription; the commission a selling outlet earns (T6: an amount and a
-- percentage of the price, rounded to the cent); the sold seat's display
-- letter, from the ticket type or the price zone as the Master User chose
-- (M5).  Without a redemption (an item that is no ticket for a
-- performance), the type's own price and letter.
CREATE OR REPLACE FUNCTION ts_order_item_price (tt ticket_type, r redemption, p_zone text, p_free boolean,
                                                p_seller boolean,
                                                OUT price integer, OUT commission integer, OUT letter text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  ct commission_table;
BEGIN
  commission := 0;
  letter := coalesce (tt.display_letter, upper (left (tt.name, 1)));
  IF upper (left (letter, 1)) !~ '^[A-Z]$' THEN letter := 'X'; END IF;
  IF p_free THEN
    price := 0;
  ELSE
    price := coalesce ((SELECT rp.price_cents FROM redemption_price rp WHERE rp.redemption_id = r.id AND rp.category = p_zone),
                       tt.price_cents);
  END IF;
  IF p_seller THEN
    SELECT * INTO ct FROM commission_table WHERE id = tt.commission_table_id;
    commission := ct.amount_cents + (price::bigint * ct.percent_bp + 5000) / 10000;   -- T6
  END IF;
  IF (SELECT display_letter_source FROM system_setting) = 'price_zone' AND p_zone IS NOT NULL
     AND upper (left (p_zone, 1)) ~ '^[A-Z]$' THEN
    letter := upper (left (p_zone, 1));
  END IF;
END $$;

-- S1: the claim of one sold item, on a performance the caller has locked.  A
-- seat in the caller's cart turns into a sale; otherwise it is claimed now,
-- and a seat somebody else holds refuses the order.  A general-admission
-- place comes from the cart first, then from the area's capacity; ga_cart
-- and ga_fresh count, per "performance/area", the places taken from the
-- cart and claimed anew, for the refusal's message.  An open comp takes a
-- place in the house, not yet a seat.  The advance-sales limit is checked
-- once the whole order is counted (ts_order_check_limits).
CREATE OR REPLACE FUNCTION ts_order_item_claim (p_item jsonb, perf performance, p_map integer, p_item_id bigint,
                                                p_cart uuid, p_outlet integer, p_open boolean,
                                                INOUT ga_cart jsonb, INOUT ga_fresh jsonb)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_key text := perf.id || '/' || (p_item ->> 'area');
  v_from_cart boolean;
  v_left integer;
BEGIN
  IF p_open THEN
    PERFORM ts_claim_count (perf.id, 1, true);
  ELSIF p_item ? 'seat' THEN
    UPDATE seat_claim SET kind = 'sold', cart_id = NULL, expires_at = NULL, order_item_id = p_item_id
      WHERE performance_id = perf.id AND seat_guid = p_item ->> 'seat' AND p_cart IS NOT NULL AND cart_id = p_cart;
    IF NOT FOUND THEN
      PERFORM ts_claim_count (perf.id, 1, true);
      INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, order_item_id)
        VALUES (perf.id, p_item ->> 'seat', 'sold', p_outlet, p_item_id)
        ON CONFLICT (performance_id, seat_guid) DO NOTHING;
      IF NOT FOUND THEN
        PERFORM ts_refuse ('TS409', 'Taken meanwhile: ' || ts_seat_name (p_map, p_item ->> 'seat'));
      END IF;
    END IF;
  ELSE
    -- A place held in our cart becomes this sale: the cart's last place
    -- goes with its row (a row never holds zero places, S1), the others
    -- lower its quantity; beyond what the cart holds, a place is claimed.
    DELETE FROM cart_ga
      WHERE p_cart IS NOT NULL AND cart_id = p_cart AND performance_id = perf.id AND area_key = p_item ->> 'area'
        AND quantity = 1;
    IF NOT FOUND THEN
      UPDATE cart_ga SET quantity = quantity - 1
        WHERE p_cart IS NOT NULL AND cart_id = p_cart AND performance_id = perf.id AND area_key = p_item ->> 'area'
          AND quantity > 1;
    END IF;
    v_from_cart := FOUND;
    IF v_from_cart THEN
      ga_cart := ga_cart || jsonb_build_object (v_key, coalesce ((ga_cart ->> v_key)::integer, 0) + 1);
      RETURN;
    END IF;
    PERFORM ts_claim_count (perf.id, 1, true);
    INSERT INTO performance_ga (performance_id, area_key, capacity)
      SELECT perf.id, a.area_key, a.capacity FROM map_ga_area a WHERE a.map_id = p_map AND a.area_key = p_item ->> 'area'
      ON CONFLICT DO NOTHING;
    UPDATE performance_ga SET taken = taken + 1
      WHERE performance_id = perf.id AND area_key = p_item ->> 'area' AND taken < capacity;
    IF NOT FOUND THEN
      -- what was left before this order, besides the caller's own cart
      SELECT capacity - taken + coalesce ((ga_fresh ->> v_key)::integer, 0) INTO v_left
        FROM performance_ga WHERE performance_id = perf.id AND area_key = p_item ->> 'area';
      PERFORM ts_refuse ('TS409', format ('Only %s place(s) left in %s', greatest (v_left, 0),
                                          coalesce ((SELECT a.name FROM map_ga_area a WHERE a.map_id = p_map
                                                     AND a.area_key = p_item ->> 'area'), p_item ->> 'area'))
                                  || CASE WHEN ga_cart ? v_key
                                          THEN format (', besides the %s in your cart', ga_cart ->> v_key)
                                          ELSE '' END);
    END IF;
    ga_fresh := ga_fresh || jsonb_build_object (v_key, coalesce ((ga_fresh ->> v_key)::integer, 0) + 1);
  END IF;
END $$;

-- T2, S3: the advance-sales limit and each type's cap, once the whole order
-- is counted, so that a refusal says how many were left before it: seats
-- left for a type = min (cap − sold, advance limit − all claimed); an
-- override lifts them.  Then the minimum and maximum per order, per
-- redemption, never overridden.  p_claimed_before: performance id → its
-- claimed count before this order.
CREATE OR REPLACE FUNCTION ts_order_check_limits (p_order bigint, p_claimed_before jsonb, p_override boolean)
  RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  z record;
  y record;
BEGIN
  IF NOT p_override THEN
    FOR z IN SELECT pp.id, pp.claimed, pp.advance_limit, (p_claimed_before ->> pp.id::text)::integer AS before
             FROM performance pp WHERE p_claimed_before ? pp.id::text ORDER BY pp.id LOOP
      IF z.claimed > z.advance_limit THEN
        PERFORM ts_refuse_overridable (z.id, format ('Only %s seat(s) left under the advance-sales limit of %s',  -- T2
                                                     greatest (z.advance_limit - z.before, 0), z.advance_limit));
      END IF;
    END LOOP;
    FOR z IN SELECT pp.id, rr.cap, rr.sold, t.name, count (*) AS n, pp.advance_limit,
                    (p_claimed_before ->> pp.id::text)::integer AS before
             FROM order_item i JOIN redemption rr ON rr.id = i.redemption_id JOIN ticket_type t ON t.id = i.ticket_type_id
             JOIN performance pp ON pp.id = rr.performance_id
             WHERE i.order_id = p_order AND rr.cap IS NOT NULL
             GROUP BY rr.id, rr.cap, rr.sold, t.name, pp.advance_limit, pp.id ORDER BY rr.id LOOP
      IF z.sold > z.cap THEN
        PERFORM ts_refuse_overridable (z.id, format ('Only %s “%s” ticket(s) left for this performance',  -- T2
                                                     greatest (least (z.cap - (z.sold - z.n), z.advance_limit - z.before), 0),
                                                     z.name));
      END IF;
    END LOOP;
  END IF;

  FOR y IN SELECT i.redemption_id, count (*) AS n, rr.min_per_order, rr.max_per_order, t.name
           FROM order_item i JOIN redemption rr ON rr.id = i.redemption_id JOIN ticket_type t ON t.id = i.ticket_type_id
           WHERE i.order_id = p_order GROUP BY i.redemption_id, rr.min_per_order, rr.max_per_order, t.name LOOP
    IF y.n < y.min_per_order OR (y.max_per_order IS NOT NULL AND y.n > y.max_per_order) THEN
      PERFORM ts_refuse ('TS409', format ('“%s”: %s to %s per order, not %s', y.name, y.min_per_order,  -- T2
                                          coalesce (y.max_per_order::text, 'any number'), y.n));
    END IF;
  END LOOP;
END $$;

-- Payments (S4): they cover the order exactly, exchange credit first
-- (p_credit, from ts_order_exchange); another outlet's tickets are paid with
-- the seller's own real money; and only by the methods the selling outlet
-- takes (C7: its preferences, outlet.payment_methods).  Returns the order's
-- total.
CREATE OR REPLACE FUNCTION ts_order_pay (p jsonb, p_order bigint, p_outlet integer, p_credit bigint)
  RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_total bigint;
  v_paid bigint := 0;
  v_cross boolean;
  v_takes text[];
  y record;
BEGIN
  SELECT payment_methods INTO v_takes FROM outlet WHERE id = p_outlet;
  SELECT coalesce (sum (price_cents), 0), bool_or (owner_outlet_id <> p_outlet) INTO v_total, v_cross
    FROM order_item WHERE order_id = p_order;
  -- S4 online: exactly one card payment of the whole total, whatever the
  -- box office takes (the payment provider authorised it)
  IF ts_ctx_channel () = 'internet' THEN
    -- T3: places all taken with vouchers cost nothing, and nothing is paid
    IF v_total = 0 AND p_credit = 0 AND coalesce (jsonb_array_length (p -> 'payments'), 0) = 0 THEN
      RETURN 0;
    END IF;
    -- S6 online (ts_shop_my_exchange): the tickets given back pay the new
    -- ones whole; a dearer exchange is the box office's, never a second
    -- card payment here
    IF p_credit > 0 THEN
      IF v_total > p_credit OR coalesce (jsonb_array_length (p -> 'payments'), 0) <> 0 THEN
        PERFORM ts_refuse ('TS409', 'performance_id: the new tickets cost more than those given back; ask the box office');
      END IF;
      IF v_total > 0 THEN
        INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
          VALUES (p_order, p_outlet, NULL, 'exchange_credit', v_total, 'exchange');
      END IF;
      RETURN v_total;
    END IF;
    IF p_credit > 0 OR jsonb_typeof (p -> 'payments') IS DISTINCT FROM 'array' OR jsonb_array_length (p -> 'payments') <> 1
       OR p -> 'payments' -> 0 ->> 'method' IS DISTINCT FROM 'card'
       OR p -> 'payments' -> 0 ->> 'amount_cents' IS DISTINCT FROM v_total::text
       OR length (coalesce (p -> 'payments' -> 0 ->> 'reference', '')) NOT BETWEEN 1 AND 200 THEN
      PERFORM ts_refuse ('TS400', format ('payments: online, one card payment of the whole %s cents, with its reference', v_total));  -- S4
    END IF;
    INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES (p_order, p_outlet, NULL, 'card', v_total, p -> 'payments' -> 0 ->> 'reference');
    RETURN v_total;
  END IF;
  IF p_credit > 0 THEN
    INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES (p_order, p_outlet, ts_ctx_employee (), 'exchange_credit', least (p_credit, v_total), 'exchange');
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
    IF NOT y.method = ANY (v_takes) THEN
      PERFORM ts_refuse ('TS409', format ('payments[%s].method: this outlet does not take %s (its preferences)',  -- C7
                                          y.n - 1, replace (y.method, '_', ' ')));
    END IF;
    IF y.amount IS NULL OR y.amount !~ '^[0-9]{1,10}$' OR y.amount::bigint = 0 THEN
      PERFORM ts_refuse ('TS400', format ('payments[%s].amount_cents: a positive whole number of cents', y.n - 1));
    END IF;
    IF v_cross AND y.method NOT IN ('cash', 'cheque', 'card') THEN
      PERFORM ts_refuse ('TS403', format ('payments[%s].method: another outlet''s tickets are paid by cash, cheque or card only', y.n - 1));  -- S4
    END IF;
    IF length (coalesce (y.reference, '')) > 200 THEN
      PERFORM ts_refuse ('TS400', format ('payments[%s].reference: at most 200 characters', y.n - 1));
    END IF;
    INSERT INTO payment (order_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES (p_order, p_outlet, ts_ctx_employee (), y.method, y.amount::bigint, y.reference);
    v_paid := v_paid + y.amount::bigint;
  END LOOP;
  IF v_paid <> v_total THEN
    PERFORM ts_refuse ('TS400', format ('payments: they add up to %s cents but the order is %s cents; leave any balance on account explicitly',  -- S4
                                        v_paid, v_total));
  END IF;
  RETURN v_total;
END $$;

-- Sells an order (S1–S5, S8, T2–T6), or reserves a patron's vouchers (T3, C4),
-- in one transaction: the request's checks, the idempotency key (S2), the
-- performances locked in one order, then each item — its checks, its price,
-- its line, its claim — the order's limits, its payments, the ledgers.
-- p: {idempotency_key, cart_id?, purchaser_id? (S8: none for a walk-up sale), recipient_id?, items: [{performance_id?,
--     seat? | area? | open?, quantity? (GA), ticket_type_id | voucher_id, promo_code?,
--     comp_reason?}], payments: [{method, amount_cents, reference?}], override?: {reason},
--     walk_up?: bool, note?, selling_outlet_id? (Master User),
--     partner_answers?: [{partner_company_id, answer}] (K3)}
-- p_exchange_of / p_credit: used by ts_order_exchange only.
CREATE OR REPLACE FUNCTION ts_order_submit (p jsonb, p_exchange_of bigint DEFAULT NULL, p_credit bigint DEFAULT 0) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  -- the storefront sells as the box office does (the internet channel's
  -- own limits are in the steps: no override, no comp, T3 online, S4 online)
  v_rank integer := CASE WHEN ts_ctx_channel () = 'internet' THEN ts_level_rank ('box_office') ELSE ts_ctx_rank () END;
  v_outlet integer := ts_ctx_outlet ();
  v_key text := p ->> 'idempotency_key';
  v_hash text := md5 ((p - 'idempotency_key')::text);
  v_override boolean := p ? 'override';
  v_cart uuid := (p ->> 'cart_id')::uuid;
  v_purchaser bigint := (p ->> 'purchaser_id')::bigint;
  v_recipient bigint := coalesce ((p ->> 'recipient_id')::bigint, (p ->> 'purchaser_id')::bigint);
  v_walk_up boolean := coalesce ((p ->> 'walk_up')::boolean, false);
  v_voucher_only boolean;
  v_order ticket_order;
  v_id bigint;
  v_perf integer;
  perf performance;
  it record;
  tt ticket_type;
  v_voucher_id bigint;
  c record;                           -- an item's checks
  v record;                           -- its price, commission and letter
  v_item bigint;
  v_items bigint[] := '{}';
  v_total bigint;
  v_result jsonb;
  v_claimed_before jsonb := '{}';     -- performance id → claimed before this order (T2 messages)
  v_ga_fresh jsonb := '{}';           -- "performance/area" → places claimed anew by this order
  v_ga_cart jsonb := '{}';            -- "performance/area" → places taken from the caller's cart
BEGIN
  SELECT q.selling_outlet, q.walk_up, q.voucher_only INTO v_outlet, v_walk_up, v_voucher_only
    FROM ts_order_check_request (p, v_rank, v_purchaser, v_recipient, v_cart, v_outlet, v_walk_up) q;

  -- S2: the key is claimed first; a retry finds the first answer.
  INSERT INTO ticket_order (outlet_id, employee_id, purchaser_id, recipient_id, idempotency_key, request_hash,
                            note, exchange_of, channel, web_session_id, web_access_hash)
    VALUES (v_outlet, ts_ctx_employee (), v_purchaser, v_recipient, v_key, v_hash,
            coalesce (p ->> 'note', ''), p_exchange_of, ts_ctx_channel (), ts_ctx_web_session (),
            CASE WHEN ts_ctx_channel () = 'internet' THEN p ->> 'web_access_hash' END)
    ON CONFLICT (outlet_id, idempotency_key) DO NOTHING RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    SELECT * INTO v_order FROM ticket_order WHERE outlet_id = v_outlet AND idempotency_key = v_key;
    IF v_order.request_hash <> v_hash THEN
      PERFORM ts_refuse ('TS409', 'idempotency_key: already used for a different order');  -- S2
    END IF;
    RETURN ts_order_json (v_order.id, v_outlet) || jsonb_build_object ('replayed', true);
  END IF;

  -- Lock every performance first, in one order (see ts_sell_check).
  FOR v_perf IN SELECT DISTINCT (x ->> 'performance_id')::integer AS pid FROM jsonb_array_elements (p -> 'items') x
                WHERE x ->> 'performance_id' IS NOT NULL ORDER BY 1 LOOP
    perf := ts_sell_check_rank (v_perf, v_override, CASE WHEN v_voucher_only THEN ts_level_rank ('staff')
                                                         ELSE ts_level_rank ('walkup') END);
    IF v_walk_up AND NOT ts_is_today (perf) THEN
      PERFORM ts_refuse ('TS400', 'walk_up: walk-up sales are for today''s performances');  -- S8
    END IF;
    PERFORM ts_expire_carts (v_perf);
    v_claimed_before := v_claimed_before
                        || jsonb_build_object (v_perf::text, (SELECT claimed FROM performance WHERE id = v_perf));
  END LOOP;

  FOR it IN SELECT x, n, generate_series (1, greatest (coalesce ((x ->> 'quantity')::integer, 1), 1)) AS copy
            FROM jsonb_array_elements (p -> 'items') WITH ORDINALITY AS xs (x, n) ORDER BY n LOOP
    c := ts_order_item_type (it.x, it.n, v_outlet, v_purchaser, v_recipient);
    tt := c.tt;
    v_voucher_id := c.voucher_id;

    IF it.x ->> 'performance_id' IS NULL THEN
      PERFORM ts_order_item_check_other (it.n, tt, v_outlet, v_rank);
      v := ts_order_item_price (tt, NULL, NULL, false, false);
      INSERT INTO order_item (order_id, owner_outlet_id, ticket_type_id, price_cents, display_letter)
        VALUES (v_id, tt.outlet_id, tt.id, v.price, v.letter) RETURNING id INTO v_item;
      v_items := v_items || v_item;
      IF tt.category = 'subscription' THEN
        INSERT INTO voucher (outlet_id, order_item_id, patron_id, ticket_type_id)
          SELECT tt.outlet_id, v_item, v_recipient, tt.bundle_component_id FROM generate_series (1, tt.bundle_size);
      END IF;
      CONTINUE;
    END IF;

    c := ts_order_item_check (it.x, it.n, v_outlet, v_rank, v_override, tt, v_voucher_id);
    perf := c.perf;
    v := ts_order_item_price (tt, c.r, c.price_zone, tt.category = 'comp' OR v_voucher_id IS NOT NULL,
                              c.role = 'seller');
    INSERT INTO order_item (order_id, performance_id, owner_outlet_id, seat_guid, area_key, ticket_type_id,
                            redemption_id, price_zone, price_cents, commission_cents, display_letter, promo_code,
                            comp_reason, overridden, checked_in_at)
      VALUES (v_id, perf.id, perf.outlet_id, it.x ->> 'seat', it.x ->> 'area', tt.id, (c.r).id, c.price_zone, v.price,
              v.commission, v.letter, nullif (lower (trim (coalesce (it.x ->> 'promo_code', ''))), ''),
              nullif (trim (coalesce (it.x ->> 'comp_reason', '')), ''), v_override,
              CASE WHEN v_walk_up THEN now () END)
      RETURNING id INTO v_item;
    v_items := v_items || v_item;
    IF v_voucher_id IS NOT NULL THEN
      UPDATE voucher SET status = 'reserved', reserved_item_id = v_item WHERE id = v_voucher_id;
    END IF;
    SELECT q.ga_cart, q.ga_fresh INTO v_ga_cart, v_ga_fresh
      FROM ts_order_item_claim (it.x, perf, c.map, v_item, v_cart, v_outlet, c.open, v_ga_cart, v_ga_fresh) q;
    UPDATE performance SET sold = sold + 1 WHERE id = perf.id;
    UPDATE redemption SET sold = sold + 1 WHERE id = (c.r).id;
  END LOOP;

  -- K3: the purchaser's answers to the partner questions of the seller's own
  -- events, recorded with the sale (server/functions/partners.sql)
  PERFORM ts_partner_answers_apply (v_outlet, v_purchaser, (SELECT channel FROM ticket_order WHERE id = v_id),
                                    ARRAY (SELECT DISTINCT (x ->> 'performance_id')::integer
                                             FROM jsonb_array_elements (p -> 'items') x
                                            WHERE x ->> 'performance_id' IS NOT NULL),
                                    p -> 'partner_answers', ts_ctx_employee ());
  PERFORM ts_order_check_limits (v_id, v_claimed_before, v_override);
  v_total := ts_order_pay (p, v_id, v_outlet, p_credit);

  PERFORM ts_post_sale (v_id, v_items, v_outlet, NULL);
  v_result := ts_order_json (v_id, v_outlet);
  UPDATE ticket_order SET result = v_result WHERE id = v_id;
  PERFORM ts_audit ('sell', 'ticket_order', v_id::text, v_outlet, NULL,
                    jsonb_build_object ('items', cardinality (v_items), 'total_cents', v_total,
                                        'override', p -> 'override'));
  RETURN v_result;
END $$;

-- Refunds (S6, S7): the refunder pays from its own till; the commission on
-- a ticket the owner refunds for another seller is cleared.
-- p: {order_id, items: [item ids], payments: [{method, amount_cents, reference?}], reason}
-- p_credit: set by ts_order_exchange — the refund becomes exchange credit.
-- Who may (C4, S6, P5, P7) is checked here; the refund itself is
-- ts_order_refund_apply's, which a patron's own cancel online also uses.
CREATE OR REPLACE FUNCTION ts_order_refund (p jsonb, p_credit boolean DEFAULT false) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  v_refunder integer := ts_ctx_outlet ();
  v_items bigint[];
  v_bad text;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint FOR UPDATE;
  IF o.id IS NULL OR ts_order_json (o.id, v_refunder) IS NULL THEN
    PERFORM ts_refuse ('TS404', 'No such order');
  END IF;
  IF ts_ctx_master () THEN
    v_refunder := o.outlet_id;                  -- the Master User refunds from the seller's till
  END IF;
  IF ts_ctx_rank () < ts_level_rank ('box_office') THEN
    PERFORM ts_refuse ('TS403', 'Refunds and exchanges need Box Office level or above');  -- C4
  END IF;
  IF length (trim (coalesce (p ->> 'reason', ''))) = 0 THEN
    PERFORM ts_refuse ('TS400', 'reason: say why the tickets are refunded');
  END IF;
  v_items := ARRAY (SELECT DISTINCT (jsonb_array_elements_text (coalesce (p -> 'items', '[]')))::bigint);
  IF cardinality (v_items) = 0 THEN
    PERFORM ts_refuse ('TS400', 'items: choose the items to refund');
  END IF;
  -- S6: the seller refunds what it sold; the owner any ticket to its events.
  -- P5, P7: a line the caller may not see (the owner sees only its own lines
  -- of another outlet's order) is, to it, not on this order at all.
  SELECT string_agg (x::text, ', ' ORDER BY x) INTO v_bad FROM unnest (v_items) x
    WHERE NOT EXISTS (SELECT 1 FROM order_item i WHERE i.id = x AND i.order_id = o.id
                        AND (o.outlet_id = v_refunder OR i.owner_outlet_id = v_refunder));
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS400', 'items: not on this order: ' || v_bad);
  END IF;
  SELECT string_agg (i.id::text, ', ' ORDER BY i.id) INTO v_bad FROM order_item i WHERE i.id = ANY (v_items) AND i.status <> 'sold';
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'items: already refunded: ' || v_bad);
  END IF;

  RETURN ts_order_refund_apply (o, v_refunder, v_items, trim (p ->> 'reason'), p -> 'payments', p_credit);
END $$;

-- The refund itself, once its caller has checked who may refund these
-- items of order o (ts_order_refund: staff; ts_shop_my_cancel: the patron
-- online, F6): the refunder's till pays p_payments back ([{method,
-- amount_cents, reference?}], the items' whole price) or, p_credit, gives
-- exchange credit; ledgers, vouchers, seats and counts follow; audited as
-- the context's actor.  Called only by those SECURITY DEFINER functions.
CREATE OR REPLACE FUNCTION ts_order_refund_apply (o ticket_order, p_refunder integer, p_items bigint[], p_reason text,
                                                  p_payments jsonb, p_credit boolean) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_refunder integer := p_refunder;
  v_items bigint[] := p_items;
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
  FOR v_perf IN SELECT DISTINCT performance_id FROM order_item WHERE id = ANY (v_items) AND performance_id IS NOT NULL ORDER BY 1 LOOP
    PERFORM 1 FROM performance WHERE id = v_perf FOR UPDATE;
  END LOOP;

  SELECT sum (price_cents), bool_or (owner_outlet_id <> v_refunder OR o.outlet_id <> v_refunder)
    INTO v_amount, v_cross FROM order_item WHERE id = ANY (v_items);
  INSERT INTO refund (order_id, outlet_id, employee_id, amount_cents, reason)
    VALUES (o.id, v_refunder, ts_ctx_employee (), v_amount, p_reason) RETURNING id INTO v_refund;

  -- S7: paid from the refunder's own till.
  IF p_credit THEN
    IF v_amount > 0 THEN
      INSERT INTO payment (order_id, refund_id, outlet_id, employee_id, method, amount_cents, reference)
        VALUES (o.id, v_refund, v_refunder, ts_ctx_employee (), 'exchange_credit', -v_amount, 'exchange');
      v_lines := v_lines || jsonb_build_object ('account', 'exchange_credit', 'amount', -v_amount);
    END IF;
  ELSE
    FOR y IN SELECT x ->> 'method' AS method, x ->> 'amount_cents' AS amount, x ->> 'reference' AS reference, n
             FROM jsonb_array_elements (coalesce (p_payments, '[]')) WITH ORDINALITY AS xs (x, n) LOOP
      IF y.method IS NULL OR y.method NOT IN ('cash', 'cheque', 'card', 'gift_certificate', 'on_account') THEN
        PERFORM ts_refuse ('TS400', format ('payments[%s].method: one of cash, cheque, card, gift_certificate, on_account', y.n - 1));
      END IF;
      IF y.amount IS NULL OR y.amount !~ '^[0-9]{1,10}$' OR y.amount::bigint = 0 THEN
        PERFORM ts_refuse ('TS400', format ('payments[%s].amount_cents: a positive whole number of cents', y.n - 1));
      END IF;
      IF v_cross AND y.method NOT IN ('cash', 'cheque', 'card') THEN
        PERFORM ts_refuse ('TS403', format ('payments[%s].method: refunds of another outlet''s tickets are paid by cash, cheque or card', y.n - 1));  -- S4
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
  PERFORM ts_post (v_refunder, 'refund', o.id, v_refund, p_reason, v_lines);

  -- T3: a subscription with reserved vouchers is not refunded before them;
  -- its open vouchers are cancelled; a reserved voucher's ticket gives the
  -- voucher back.
  SELECT string_agg (DISTINCT v.order_item_id::text, ', ') INTO v_bad FROM voucher v
    WHERE v.order_item_id = ANY (v_items) AND v.status = 'reserved' AND NOT v.reserved_item_id = ANY (v_items);
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'items: refund the tickets reserved with this subscription''s vouchers first: ' || v_bad);  -- T3
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
                                        'refunder', v_refunder, 'reason', p_reason));
  RETURN jsonb_build_object ('refund_id', v_refund, 'amount_cents', v_amount,
                             'order', ts_order_json (o.id, coalesce (ts_ctx_outlet (), o.outlet_id)));
END $$;

-- S6: an exchange is a refund plus a sale in one transaction; the sale goes
-- through every check a new sale does.  The refunded amount pays the new
-- order first; any difference is paid (payments) or paid back (refund_payments).
-- p: {order_id, items: [ids to give back], reason, new: {order body for ts_order_submit}}
-- Who may (C4, S6, P5) is ts_order_refund's check; the patron's own
-- exchange online (ts_shop_my_exchange) checks its own and shares the rest
-- (ts_order_exchange_lock, ts_order_exchange_apply).
CREATE OR REPLACE FUNCTION ts_order_exchange (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
BEGIN
  o := ts_order_exchange_lock (p);
  RETURN ts_order_exchange_apply (o, p, ts_order_refund (jsonb_build_object ('order_id', p -> 'order_id', 'items', p -> 'items',
                                                                              'reason', coalesce (p ->> 'reason', 'exchange')), true));
END $$;

-- Lock order (docs/architecture.md): the caller's cart, the order, then
-- every performance of the exchange — of the tickets given back and of the
-- new ones — by ascending id, before the refund and the sale take them
-- again one by one (a refund of a later performance, then a sale of an
-- earlier one, would otherwise take two locks out of order).  Returns the
-- order (no row: an unknown id, which the caller's checks refuse).
CREATE OR REPLACE FUNCTION ts_order_exchange_lock (p jsonb) RETURNS ticket_order
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
BEGIN
  IF jsonb_typeof (p -> 'new') IS DISTINCT FROM 'object' THEN
    PERFORM ts_refuse ('TS400', 'new: the new tickets, as an order');
  END IF;
  IF p -> 'new' ->> 'cart_id' IS NOT NULL THEN
    PERFORM ts_cart_mine ((p -> 'new' ->> 'cart_id')::uuid);
  END IF;
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint FOR UPDATE;
  PERFORM 1 FROM performance
    WHERE id IN (SELECT i.performance_id FROM order_item i
                 WHERE i.order_id = o.id
                   AND i.id::text IN (SELECT jsonb_array_elements_text (CASE jsonb_typeof (p -> 'items')
                                                                           WHEN 'array' THEN p -> 'items' ELSE '[]' END))
                 UNION
                 SELECT (x ->> 'performance_id')::integer
                 FROM jsonb_array_elements (CASE jsonb_typeof (p -> 'new' -> 'items')
                                              WHEN 'array' THEN p -> 'new' -> 'items' ELSE '[]' END) x
                 WHERE jsonb_typeof (x -> 'performance_id') = 'number')
    ORDER BY id FOR UPDATE;
  RETURN o;
END $$;

-- The exchange once the tickets of order o are given back as exchange
-- credit (p_refund, ts_order_refund_apply's answer): the new order sold
-- with that credit, and what it leaves paid back from the till (S7).
-- Online the card is the one the order was paid with: its line goes on
-- that order with the refund, and the payments sweeper gives it back.
CREATE OR REPLACE FUNCTION ts_order_exchange_apply (o ticket_order, p jsonb, p_refund jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_credit bigint := (p_refund ->> 'amount_cents')::bigint;
  v_new jsonb;
  v_total bigint;
  v_back bigint;
  v_paid bigint := 0;
  v_online boolean := ts_ctx_channel () = 'internet';
  y record;
  v_outlet integer := CASE WHEN ts_ctx_master () THEN o.outlet_id ELSE ts_ctx_outlet () END;
BEGIN
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
    IF y.method IS NULL OR y.method NOT IN ('cash', 'cheque', 'card') OR y.amount !~ '^[0-9]{1,10}$'
       OR (v_online AND y.method <> 'card') THEN
      PERFORM ts_refuse ('TS400', format ('new.refund_payments[%s]: {method: cash|cheque|card, amount_cents}', y.n - 1));
    END IF;
    -- The unused credit leaves the exchange pool and the till together.
    INSERT INTO payment (order_id, refund_id, outlet_id, employee_id, method, amount_cents, reference)
      VALUES ((v_new ->> 'id')::bigint, NULL, v_outlet, ts_ctx_employee (), 'exchange_credit', y.amount::bigint, 'exchange difference'),
             (CASE WHEN v_online THEN o.id ELSE (v_new ->> 'id')::bigint END,
              CASE WHEN v_online THEN (p_refund ->> 'refund_id')::bigint END,
              v_outlet, ts_ctx_employee (), y.method, -y.amount::bigint, 'exchange difference');
    PERFORM ts_post (v_outlet, 'exchange_difference', (v_new ->> 'id')::bigint, NULL, 'exchange difference paid back',
                     jsonb_build_array (jsonb_build_object ('account', 'exchange_credit', 'amount', y.amount::bigint),
                                        jsonb_build_object ('account', ts_payment_account (y.method), 'amount', -y.amount::bigint)));
    v_paid := v_paid + y.amount::bigint;
  END LOOP;
  IF v_paid <> v_back THEN
    PERFORM ts_refuse ('TS400', format ('new.refund_payments: %s cents of credit are left to pay back, not %s', v_back, v_paid));
  END IF;
  RETURN jsonb_build_object ('refund', p_refund, 'order', ts_order_json ((v_new ->> 'id')::bigint, v_outlet),
                             'credit_cents', v_credit, 'paid_back_cents', v_back);
END $$;

-- Moves tickets of an order to other seats of their price zone at the same
-- performance, or seats an open comp in any zone (S6).  S9: moving seats is
-- an exchange — the owning outlet moves the seats of tickets to its own
-- performances on any order, the selling outlet those it sold — and changes
-- nothing else: not the order's other lines, its payments, its patron or
-- the ledgers (S5); the new seat stays the selling outlet's sale.  Like any
-- sale (S6), each performance must be open to the mover (S3, E2–E5): the
-- owning outlet may override, explicitly and audited; a selling outlet never.
-- p: {order_id, moves: [{item_id, seat}], override?: {reason}}
CREATE OR REPLACE FUNCTION ts_order_move (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  m record;
  i order_item;
  v_map integer;
  v_zone text;
  v_perf integer;
  v_override boolean := p ? 'override';
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint FOR UPDATE;
  IF o.id IS NULL OR ts_order_json (o.id, ts_ctx_outlet ()) IS NULL THEN
    PERFORM ts_refuse ('TS404', 'No such order');
  END IF;
  IF ts_ctx_rank () < ts_level_rank ('box_office') THEN
    PERFORM ts_refuse ('TS403', 'Seat changes need Box Office level or above');  -- C4
  END IF;
  PERFORM ts_override_asked (p);
  -- Lock order: the order, then the performances of the lines moved, by
  -- ascending id, each checked as for a sale; their expired carts let go.
  FOR v_perf IN SELECT DISTINCT oi.performance_id FROM order_item oi
                WHERE oi.order_id = o.id AND oi.status = 'sold' AND oi.performance_id IS NOT NULL
                  AND (ts_ctx_master () OR o.outlet_id = ts_ctx_outlet () OR oi.owner_outlet_id = ts_ctx_outlet ())
                  AND oi.id::text IN (SELECT x ->> 'item_id' FROM jsonb_array_elements (coalesce (p -> 'moves', '[]')) x)
                ORDER BY 1 LOOP
    PERFORM ts_sell_check_rank (v_perf, v_override, ts_level_rank ('box_office'));
    PERFORM ts_expire_carts (v_perf);
  END LOOP;
  FOR m IN SELECT (x ->> 'item_id')::bigint AS item_id, x ->> 'seat' AS seat, n
           FROM jsonb_array_elements (coalesce (p -> 'moves', '[]')) WITH ORDINALITY AS xs (x, n) ORDER BY n LOOP
    -- S6, S9: the seller moves what it sold, the owner any ticket to its
    -- events; P5, P7: a line the caller may not see is not on this order.
    SELECT * INTO i FROM order_item oi WHERE oi.id = m.item_id AND oi.order_id = o.id
      AND (ts_ctx_master () OR o.outlet_id = ts_ctx_outlet () OR oi.owner_outlet_id = ts_ctx_outlet ());
    IF i.id IS NULL OR i.status <> 'sold' OR i.area_key IS NOT NULL OR i.performance_id IS NULL THEN
      PERFORM ts_refuse ('TS400', format ('moves[%s].item_id: not a sold seat (or open comp) of this order', m.n - 1));
    END IF;
    SELECT e.map_id INTO v_map FROM performance pp JOIN event e ON e.id = pp.event_id WHERE pp.id = i.performance_id;
    SELECT category INTO v_zone FROM map_seat WHERE map_id = v_map AND guid = m.seat;
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS400', format ('moves[%s].seat: not on this performance''s map', m.n - 1));
    END IF;
    IF v_zone IS DISTINCT FROM i.price_zone AND NOT (i.price_cents = 0 AND i.comp_reason IS NOT NULL) THEN
      PERFORM ts_refuse ('TS409', format ('moves[%s].seat: %s is in another price zone; exchange the ticket instead',  -- S6
                                          m.n - 1, ts_seat_name (v_map, m.seat)));
    END IF;
    DELETE FROM seat_claim WHERE order_item_id = i.id;
    INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, order_item_id)
      VALUES (i.performance_id, m.seat, 'sold', o.outlet_id, i.id) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS409', 'Taken: ' || ts_seat_name (v_map, m.seat));
    END IF;
    -- F5: the paper printed for the old seat stops admitting.
    UPDATE order_item SET seat_guid = m.seat, price_zone = v_zone, barcode_version = barcode_version + 1
     WHERE id = i.id;
    PERFORM ts_audit ('move', 'order_item', i.id::text, o.outlet_id, jsonb_build_object ('seat', i.seat_guid),
                      jsonb_strip_nulls (jsonb_build_object ('seat', m.seat, 'override', p -> 'override')));
  END LOOP;
  RETURN ts_order_json (o.id, coalesce (ts_ctx_outlet (), o.outlet_id));
END $$;

-- Vouchers and a patron's orders (T3, P4, P5) -----------------------------------------

-- T3, P4: a patron's vouchers with the caller's outlet.
CREATE OR REPLACE FUNCTION ts_patron_vouchers (p_patron bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'id', v.id, 'status', v.status, 'subscription', st.name, 'ticket_type_id', v.ticket_type_id,
           'ticket_type', ct.name, 'order_id', si.order_id,
           'reserved', CASE WHEN v.reserved_item_id IS NOT NULL THEN
             (SELECT jsonb_build_object ('item_id', i.id, 'order_id', i.order_id, 'performance_id', i.performance_id,
                                         'event', e.name, 'starts_at', p.starts_at,
                                         'seat_name', coalesce (ts_seat_name (e.map_id, i.seat_guid),
                                                               (SELECT a.name FROM map_ga_area a
                                                                WHERE a.map_id = e.map_id AND a.area_key = i.area_key)))
              FROM order_item i JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id
              WHERE i.id = v.reserved_item_id) END) ORDER BY v.id), '[]')
  FROM voucher v JOIN order_item si ON si.id = v.order_item_id
  JOIN ticket_type st ON st.id = si.ticket_type_id JOIN ticket_type ct ON ct.id = v.ticket_type_id
  WHERE v.patron_id = p_patron AND v.status <> 'cancelled' AND ts_ctx_sees (v.outlet_id)
    AND ts_ctx_rank () >= ts_level_rank ('staff')
$$;

-- P4, P5: a patron's order history as the caller's outlet may see it: the
-- orders it sold to (or for) the patron in full, other outlets' orders only
-- for the lines of its own events, never their totals.
CREATE OR REPLACE FUNCTION ts_patron_orders (p_patron bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('orders', coalesce (jsonb_agg (x.o ORDER BY x.created_at DESC, x.id DESC), '[]'))
  FROM (
    SELECT o.id, o.created_at,
           jsonb_build_object (
             'id', o.id, 'created_at', o.created_at, 'outlet_id', o.outlet_id,
             'outlet', (SELECT name FROM outlet WHERE id = o.outlet_id),
             'as', CASE WHEN o.purchaser_id = p_patron AND o.recipient_id = p_patron THEN 'purchaser and recipient'
                        WHEN o.purchaser_id = p_patron THEN 'purchaser' ELSE 'recipient' END,
             'partial', NOT v.full,
             'events', (SELECT coalesce (string_agg (DISTINCT e.name, ', '), '')
                        FROM order_item i JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id
                        WHERE i.order_id = o.id AND (v.full OR i.owner_outlet_id = ts_ctx_outlet ())),
             'tickets', (SELECT count (*) FROM order_item i
                         WHERE i.order_id = o.id AND i.status = 'sold' AND (v.full OR i.owner_outlet_id = ts_ctx_outlet ())))
           || CASE WHEN v.full THEN jsonb_build_object (
                'total_cents', (SELECT coalesce (sum (price_cents), 0) FROM order_item WHERE order_id = o.id AND status = 'sold'),
                'paid_cents', (SELECT coalesce (sum (amount_cents), 0) FROM payment WHERE order_id = o.id))
              ELSE '{}' END AS o
    FROM ticket_order o
    CROSS JOIN LATERAL (SELECT ts_ctx_master () OR o.outlet_id = ts_ctx_outlet () AS full) v
    WHERE p_patron IN (o.purchaser_id, o.recipient_id)
      AND ts_ctx_rank () >= ts_level_rank ('staff')
      AND (v.full OR EXISTS (SELECT 1 FROM order_item i WHERE i.order_id = o.id AND i.owner_outlet_id = ts_ctx_outlet ()))
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT 500) x
$$;

-- The performances the caller may sell (E4): its own (scheduled, not past)
-- and other outlets' in their other-outlet window, with only E4's fields.
CREATE OR REPLACE FUNCTION ts_sellable_performances () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'id', p.id, 'event', e.name, 'starts_at', p.starts_at, 'venue', m.name, 'map_id', m.id,
           'outlet_id', p.outlet_id, 'outlet', o.name, 'role', ts_sell_role (p.id, ts_ctx_outlet ()),
           'status', p.status,
           -- the caller's own sales window is open now (E2): the box office for the
           -- owner, the other-outlet window for the others
           'on_sale', CASE WHEN ts_ctx_master () OR p.outlet_id = ts_ctx_outlet ()
                           THEN p.box_office_on_sale IS NOT NULL AND p.box_office_on_sale <= now ()
                                AND (p.box_office_off_sale IS NULL OR now () < p.box_office_off_sale)
                           ELSE true END) ORDER BY p.starts_at, p.id), '[]')
  FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id
  JOIN outlet o ON o.id = p.outlet_id
  WHERE p.status <> 'cancelled' AND NOT ts_is_past (p)
    AND CASE ts_sell_role (p.id, ts_ctx_outlet ())
          WHEN 'owner' THEN ts_ctx_master () OR p.outlet_id = ts_ctx_outlet ()
          WHEN 'seller' THEN ts_outlet_window_open (p)
          ELSE false END
$$;

REVOKE EXECUTE ON FUNCTION ts_post_sale (bigint, bigint[], integer, bigint),
                           ts_order_submit (jsonb, bigint, bigint), ts_order_refund (jsonb, boolean)
  FROM PUBLIC;
-- The refund's work, for the functions that check who may first: never the application's.
REVOKE EXECUTE ON FUNCTION ts_order_refund_apply (ticket_order, integer, bigint[], text, jsonb, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_order_exchange_lock (jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_order_exchange_apply (ticket_order, jsonb, jsonb) FROM PUBLIC;
-- The steps of ts_order_submit, for it only.
REVOKE EXECUTE ON FUNCTION ts_order_check_request (jsonb, integer, bigint, bigint, uuid, integer, boolean),
                           ts_order_item_type (jsonb, bigint, integer, bigint, bigint),
                           ts_order_item_check_other (bigint, ticket_type, integer, integer),
                           ts_order_item_check (jsonb, bigint, integer, integer, boolean, ticket_type, bigint),
                           ts_order_item_price (ticket_type, redemption, text, boolean, boolean),
                           ts_order_item_claim (jsonb, performance, integer, bigint, uuid, integer, boolean, jsonb, jsonb),
                           ts_order_check_limits (bigint, jsonb, boolean), ts_order_pay (jsonb, bigint, integer, bigint)
  FROM PUBLIC;
-- S8: a walk-up sale made without a patron record is given its patron
-- later (who came back for a refund, or wants the tickets on their record):
-- by the selling outlet, Walk-up Sales and up (C4), or the Master User; an
-- order that has a patron keeps it.  Another outlet's order answers as an
-- unknown one (P5).  p: {order_id, patron_id}.
CREATE OR REPLACE FUNCTION ts_order_name_patron (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  v_patron bigint := (p ->> 'patron_id')::bigint;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = (p ->> 'order_id')::bigint FOR UPDATE;
  IF o.id IS NULL OR NOT (ts_ctx_master () OR o.outlet_id = ts_ctx_outlet ()) THEN
    PERFORM ts_refuse ('TS404', 'No such order');
  END IF;
  IF ts_ctx_rank () < ts_level_rank ('walkup') THEN
    PERFORM ts_refuse ('TS403', 'Naming the patron of a sale needs Walk-up Sales level or above');  -- C4
  END IF;
  IF v_patron IS NULL OR NOT EXISTS (SELECT 1 FROM patron WHERE id = v_patron) THEN
    PERFORM ts_refuse ('TS400', 'patron_id: no such patron');
  END IF;
  IF o.purchaser_id IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'This order has its patron already: only a walk-up sale made without one is given one');  -- S8
  END IF;
  UPDATE ticket_order SET purchaser_id = v_patron, recipient_id = v_patron WHERE id = o.id;
  PERFORM ts_audit ('name_patron', 'ticket_order', o.id::text, o.outlet_id, NULL,
                    jsonb_build_object ('patron_id', v_patron));
  RETURN ts_order_json (o.id, o.outlet_id);
END $$;

GRANT EXECUTE ON FUNCTION ts_order_name_patron (jsonb) TO tessera_app;

GRANT EXECUTE ON FUNCTION ts_order_submit (jsonb, bigint, bigint), ts_order_refund (jsonb, boolean),
                          ts_order_exchange (jsonb), ts_order_move (jsonb), ts_order_json (bigint, integer),
                          ts_sellable_performances (), ts_patron_vouchers (bigint), ts_patron_orders (bigint)
  TO tessera_app;

COMMENT ON FUNCTION ts_order_submit (jsonb, bigint, bigint) IS
  'Sells an order, or reserves vouchers (S1-S5, T2-T6, C4); see server/functions/selling-orders.sql';
COMMENT ON FUNCTION ts_order_move (jsonb) IS
  'Moves tickets of an order to other seats of their price zone, or seats an open comp (S6); see server/functions/selling-orders.sql';
COMMENT ON FUNCTION ts_sellable_performances () IS
  'The performances the caller may sell, with E4''s fields only; see server/functions/selling-orders.sql';
