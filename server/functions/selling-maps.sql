-- selling-maps.sql — a map's seats as selling sees them (rules M1, M3–M8,
-- E4, T2, T4, T5): the seat rows kept from the plan, what a plan change may
-- not remove, the default holds it may carry, and what the sales map shows
-- of a performance.
--
-- after: 008 — before 009 and 010, which attach ts_map_sync_seats and the
-- default holds and call ts_map_sync.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Seats of every map, kept from the plan (M3, M4) ---------------------------------

-- Rebuilds a map's seat rows from its plan (on every insert and plan update
-- of theatre_map).  p_check is TRUE for a change of a map that may be in use.
-- Refuses a default hold that is not a hold letter, naming the seat (M1, M8).
CREATE OR REPLACE FUNCTION ts_map_sync (p_map integer, p_plan jsonb, p_check boolean) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_lost integer;
  v_names text;
  v_bad text;
BEGIN
  IF to_regclass ('pg_temp.ts_new_seat3') IS NULL THEN
    CREATE TEMP TABLE ts_new_seat3 (guid text PRIMARY KEY, zone text, row_label text, number text,
                                   category text, hold text, row_order integer, seat_order integer) ON COMMIT DROP;
  END IF;
  TRUNCATE ts_new_seat3;
  -- the plan's order (zones, rows, seats) is kept as numbers: best
  -- available walks it (036)
  -- (materialised first: sorted as they come, the rows would drag their
  -- zone's and row's whole JSON through the sorts, gigabytes for a stadium)
  INSERT INTO ts_new_seat3
    WITH x AS MATERIALIZED (
      SELECT s ->> 'seat_guid' AS guid, coalesce (z ->> 'name', '') AS zone,
             coalesce (r ->> 'row_number', '') AS row_label, coalesce (s ->> 'seat_number', '') AS number,
             s ->> 'category' AS category, s -> 'tessera' ->> 'hold' AS hold, zi, ri, si
        FROM jsonb_array_elements (coalesce (p_plan -> 'zones', '[]')) WITH ORDINALITY AS zs (z, zi),
             jsonb_array_elements (coalesce (z -> 'rows', '[]')) WITH ORDINALITY AS rs (r, ri),
             jsonb_array_elements (coalesce (r -> 'seats', '[]')) WITH ORDINALITY AS ss (s, si)
       WHERE s ->> 'seat_guid' IS NOT NULL)
    SELECT DISTINCT ON (x.guid) x.guid, x.zone, x.row_label, x.number, x.category, x.hold,
           dense_rank () OVER (ORDER BY x.zi, x.ri), row_number () OVER (ORDER BY x.zi, x.ri, x.si)
      FROM x ORDER BY x.guid, x.zi, x.ri, x.si;

  -- M1, M8: a default hold is one of the hold letters.
  SELECT string_agg (format ('%s: “%s”', concat_ws (' ', nullif (n.zone, ''),
                                                    CASE WHEN n.row_label <> '' THEN 'row ' || n.row_label END,
                                                    CASE WHEN n.number <> '' THEN 'seat ' || n.number END),
                             left (n.hold, 20)), ', ' ORDER BY n.guid)
    INTO v_bad
    FROM ts_new_seat3 n
    WHERE n.hold IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hold_letter h WHERE h.letter = n.hold);
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'seats: a default hold must be a hold letter: %', v_bad USING ERRCODE = 'TS400';  -- M1, M8
  END IF;

  IF to_regclass ('pg_temp.ts_new_area') IS NULL THEN
    CREATE TEMP TABLE ts_new_area (area_key text PRIMARY KEY, name text, category text, capacity integer) ON COMMIT DROP;
  END IF;
  TRUNCATE ts_new_area;
  INSERT INTO ts_new_area
    SELECT coalesce (z ->> 'name', '') || '#' || row_number () OVER (PARTITION BY zi ORDER BY ai),
           coalesce (nullif (CASE jsonb_typeof (a -> 'text') WHEN 'object' THEN a -> 'text' ->> 'text'
                                                 ELSE a ->> 'text' END, ''), coalesce (z ->> 'name', '') || ' ' || row_number () OVER (PARTITION BY zi ORDER BY ai)),
           a -> 'tessera' ->> 'category', (a -> 'tessera' ->> 'capacity')::integer
    FROM jsonb_array_elements (coalesce (p_plan -> 'zones', '[]')) WITH ORDINALITY AS zz (z, zi),
         jsonb_array_elements (coalesce (z -> 'areas', '[]')) WITH ORDINALITY AS aa (a, ai)
    WHERE coalesce ((a -> 'tessera' ->> 'capacity')::integer, 0) > 0;

  -- M4, T2: a map in use cannot lose a seat or a general-admission area that
  -- is sold, held or in an agent's cart (carts count as held) for a future
  -- performance.  Those performances are locked first, in ascending id order
  -- (docs/architecture.md, "Lock order"), so that no claim on a seat being
  -- removed slips in meanwhile, and their expired carts let go first.
  IF p_check THEN
    PERFORM 1 FROM performance p JOIN event e ON e.id = p.event_id
      WHERE e.map_id = p_map AND p.starts_at > now () ORDER BY p.id FOR UPDATE OF p;
    PERFORM ts_expire_carts (p.id) FROM performance p JOIN event e ON e.id = p.event_id
      WHERE e.map_id = p_map AND p.starts_at > now ();
    SELECT count (*), string_agg (x.name, ', ' ORDER BY x.n) FILTER (WHERE x.n <= 5)
      INTO v_lost, v_names
      FROM (SELECT y.name, row_number () OVER (ORDER BY y.sort) AS n
            FROM (SELECT DISTINCT ts_seat_name (p_map, s.guid) AS name,
                         concat_ws (' ', s.zone, s.row_label, lpad (s.number, 8, '0')) AS sort
                  FROM seat_claim c JOIN performance p ON p.id = c.performance_id JOIN event e ON e.id = p.event_id
                  JOIN map_seat s ON s.map_id = p_map AND s.guid = c.seat_guid
                  WHERE e.map_id = p_map AND p.starts_at > now ()
                    AND NOT EXISTS (SELECT 1 FROM ts_new_seat3 n WHERE n.guid = c.seat_guid)
                  UNION
                  SELECT DISTINCT a.name, a.name
                  FROM performance_ga g JOIN performance p ON p.id = g.performance_id JOIN event e ON e.id = p.event_id
                  JOIN map_ga_area a ON a.map_id = p_map AND a.area_key = g.area_key
                  WHERE e.map_id = p_map AND p.starts_at > now () AND g.taken > 0
                    AND NOT EXISTS (SELECT 1 FROM ts_new_area n WHERE n.area_key = g.area_key)) y) x;
    IF v_lost > 0 THEN
      RAISE EXCEPTION 'The map is in use: % % sold, held or in a cart for a future performance',  -- M4
        v_names || CASE WHEN v_lost > 5 THEN format (' and %s more', v_lost - 5) ELSE '' END,
        CASE WHEN v_lost = 1 THEN 'is' ELSE 'are' END USING ERRCODE = 'TS409';
    END IF;
  END IF;

  DELETE FROM map_seat m WHERE m.map_id = p_map
    AND NOT EXISTS (SELECT 1 FROM ts_new_seat3 n WHERE n.guid = m.guid);
  INSERT INTO map_seat (map_id, guid, zone, row_label, number, category, default_hold, row_order, seat_order)
    SELECT p_map, n.guid, n.zone, n.row_label, n.number, n.category, n.hold, n.row_order, n.seat_order
      FROM ts_new_seat3 n
    ON CONFLICT (map_id, guid) DO UPDATE
      SET zone = EXCLUDED.zone, row_label = EXCLUDED.row_label,
          number = EXCLUDED.number, category = EXCLUDED.category, default_hold = EXCLUDED.default_hold,
          row_order = EXCLUDED.row_order, seat_order = EXCLUDED.seat_order
      WHERE (map_seat.zone, map_seat.row_label, map_seat.number, map_seat.category, map_seat.default_hold,
             map_seat.row_order, map_seat.seat_order)
            IS DISTINCT FROM (EXCLUDED.zone, EXCLUDED.row_label, EXCLUDED.number, EXCLUDED.category,
                              EXCLUDED.default_hold, EXCLUDED.row_order, EXCLUDED.seat_order);

  DELETE FROM map_ga_area WHERE map_id = p_map;
  INSERT INTO map_ga_area (map_id, area_key, name, category, capacity)
    SELECT p_map, n.area_key, n.name, n.category, n.capacity FROM ts_new_area n;

  -- the price zones a price list offers, with the plan's colours (036)
  DELETE FROM map_price_zone WHERE map_id = p_map;
  INSERT INTO map_price_zone (map_id, category, colour, position)
    SELECT p_map, z.category, c.colour, c.position
      FROM (SELECT n.category FROM ts_new_seat3 n UNION SELECT a.category FROM ts_new_area a) z
      LEFT JOIN (SELECT DISTINCT ON (x ->> 'name') x ->> 'name' AS name, x ->> 'color' AS colour, n::integer AS position
                   FROM jsonb_array_elements (coalesce (p_plan -> 'categories', '[]')) WITH ORDINALITY AS cs (x, n)
                  ORDER BY x ->> 'name', n) c ON c.name = z.category;
END $$;

-- The map keeps its seat rows: on every insert, and every change of its plan
-- (M4 checked then).
CREATE OR REPLACE FUNCTION ts_map_sync_seats () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.plan IS DISTINCT FROM OLD.plan THEN
    PERFORM ts_map_sync (NEW.id, NEW.plan, TG_OP = 'UPDATE');
  END IF;
  RETURN NEW;
END $$;

-- M1, M8: a new performance starts with its map's default holds, each a live
-- claim like any other hold (S1), counted in its claimed seats.
CREATE OR REPLACE FUNCTION ts_performance_default_holds () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_count integer;
BEGIN
  WITH held AS (
    INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, hold_letter)
      SELECT NEW.id, s.guid, 'held', NEW.outlet_id, s.default_hold
      FROM event e JOIN map_seat s ON s.map_id = e.map_id JOIN hold_letter h ON h.letter = s.default_hold
      WHERE e.id = NEW.event_id
      ON CONFLICT DO NOTHING RETURNING 1)
  SELECT count (*) INTO v_count FROM held;
  IF v_count > 0 THEN
    UPDATE performance SET claimed = claimed + v_count WHERE id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

-- A seat's name for people ("Orchestra row C seat 12"), or its identifier.
CREATE OR REPLACE FUNCTION ts_seat_name (p_map integer, p_guid text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce ((SELECT concat_ws (' ', nullif (s.zone, ''),
                                      CASE WHEN s.row_label <> '' THEN 'row ' || s.row_label END,
                                      CASE WHEN s.number <> '' THEN 'seat ' || s.number END)
                    FROM map_seat s WHERE s.map_id = p_map AND s.guid = p_guid), p_guid)
$$;

REVOKE EXECUTE ON FUNCTION ts_map_sync (integer, jsonb, boolean) FROM PUBLIC;

-- What the sales map shows (M5, M6, M7, E4) ---------------------------------------

-- Every claimed seat of a performance for the asking outlet: state, letter,
-- the party (an opaque key shared by the seats of one order, M7) and the
-- patron seated there (M6); price, ticket type and order number only for
-- the owning outlet and the outlet that sold that ticket.
CREATE OR REPLACE FUNCTION ts_performance_seats (p_performance integer) RETURNS jsonb
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
                              'party', o.party, 'patron', ts_patron_name (o.recipient_id),
                              'walk_up_no_patron', o.recipient_id IS NULL)
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
CREATE OR REPLACE FUNCTION ts_performance_party (p_performance integer, p_seat text) RETURNS jsonb
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

-- The ticket types the caller may sell for a performance, with their prices
-- per price zone (T2, T4, T5, E4).  Other outlets get regular types offered
-- to them, with prices only.
CREATE OR REPLACE FUNCTION ts_performance_offer (p_performance integer) RETURNS jsonb
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
-- checked in, of the caller's own orders or, for the owner, all of them;
-- each says whether it was handed over, when and by whom (migration 023).
CREATE OR REPLACE FUNCTION ts_will_call (p_performance integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  v_me integer := ts_ctx_outlet ();
BEGIN
  PERFORM ts_require_viewable (p_performance);
  IF ts_ctx_rank () < ts_level_rank ('walkup') THEN
    PERFORM ts_refuse ('TS403', 'The will-call list is for Walk-up Sales and up');  -- C4
  END IF;
  SELECT * INTO perf FROM performance WHERE id = p_performance;
  RETURN coalesce ((
    SELECT jsonb_agg (jsonb_build_object ('order_id', o.id, 'recipient_id', o.recipient_id,
                                          'recipient', ts_patron_name (o.recipient_id),
                                          'items', x.items) ORDER BY ts_patron_name (o.recipient_id), o.id)
    FROM ticket_order o
    JOIN LATERAL (SELECT jsonb_agg (jsonb_build_object ('item_id', i.id, 'seat', i.seat_guid, 'area', i.area_key,
                                                        'seat_name', coalesce (ts_seat_name (e.map_id, i.seat_guid), i.area_key),
                                                        'ticket_type', t.name, 'handed_over_at', i.handed_over_at,
                                                        'handed_over_by', (SELECT ts_patron_name (h.patron_id)
                                                                           FROM employee h WHERE h.id = i.handed_over_by))
                                      ORDER BY i.id) AS items
                  FROM order_item i JOIN ticket_type t ON t.id = i.ticket_type_id
                  JOIN event e ON e.id = perf.event_id
                  WHERE i.order_id = o.id AND i.performance_id = perf.id AND i.status = 'sold'
                    AND i.checked_in_at IS NULL) x ON x.items IS NOT NULL
    WHERE ts_ctx_master () OR perf.outlet_id = v_me OR o.outlet_id = v_me), '[]');
END $$;

-- Tickets handed over at will call (C4 Walk-up): each marked with the time
-- and the employee, audited.  The owning outlet hands over any ticket to its
-- performance; another outlet only the tickets it sold (P5: the others are
-- not on its will call at all, so they answer as unknown ids).  A ticket
-- already handed over is refused, naming when.  Answers the will call anew.
-- p: {performance_id, items: [item ids]}
CREATE OR REPLACE FUNCTION ts_will_call_hand_over (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance;
  v_me integer := ts_ctx_outlet ();
  v_items bigint[];
  v_bad text;
  i record;
BEGIN
  PERFORM ts_require_viewable ((p ->> 'performance_id')::integer);
  IF ts_ctx_rank () < ts_level_rank ('walkup') THEN
    PERFORM ts_refuse ('TS403', 'Handing tickets over at will call is for Walk-up Sales and up');  -- C4
  END IF;
  SELECT * INTO perf FROM performance WHERE id = (p ->> 'performance_id')::integer;
  v_items := ARRAY (SELECT DISTINCT (jsonb_array_elements_text (coalesce (p -> 'items', '[]')))::bigint);
  IF cardinality (v_items) = 0 THEN
    PERFORM ts_refuse ('TS400', 'items: choose the tickets handed over');
  END IF;
  -- Waiting at this performance's will call, as the caller sees it.
  SELECT string_agg (x::text, ', ' ORDER BY x) INTO v_bad FROM unnest (v_items) x
    WHERE NOT EXISTS (SELECT 1 FROM order_item it JOIN ticket_order o ON o.id = it.order_id
                      WHERE it.id = x AND it.performance_id = perf.id AND it.status = 'sold'
                        AND it.checked_in_at IS NULL
                        AND (ts_ctx_master () OR perf.outlet_id = v_me OR o.outlet_id = v_me));
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS400', format ('items: not waiting at this performance''s will call: %s', v_bad));
  END IF;
  FOR i IN SELECT * FROM order_item WHERE id = ANY (v_items) ORDER BY id FOR UPDATE LOOP
    IF i.handed_over_at IS NOT NULL THEN
      PERFORM ts_refuse ('TS409', format ('items: ticket %s was already handed over at %s', i.id,
                                          to_char (i.handed_over_at AT TIME ZONE (SELECT time_zone FROM outlet
                                                                                  WHERE id = perf.outlet_id),
                                                   'YYYY-MM-DD HH24:MI')));
    END IF;
    UPDATE order_item SET handed_over_at = now (), handed_over_by = ts_ctx_employee () WHERE id = i.id;
    PERFORM ts_audit ('will_call_handed_over', 'order_item', i.id::text, perf.outlet_id, NULL,
                      jsonb_build_object ('order_id', i.order_id, 'performance_id', perf.id,
                                          'handed_over_by', ts_ctx_employee ()));
  END LOOP;
  RETURN ts_will_call (perf.id);
END $$;

GRANT EXECUTE ON FUNCTION ts_performance_seats (integer), ts_performance_party (integer, text),
                          ts_performance_offer (integer), ts_will_call (integer), ts_will_call_hand_over (jsonb)
  TO tessera_app;
