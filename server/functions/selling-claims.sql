-- selling-claims.sql — who may claim places on a performance, and the claims
-- themselves: carts, letter holds, their release and expiry (rules S1, S3,
-- E2–E5, M8, T2, C4).
--
-- after: 009 — cart and performance, the rows ts_cart_mine and ts_sell_check
-- answer.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- The order in which a transaction takes its locks is one for every function
-- (docs/architecture.md, "Lock order"): the caller's own cart, then the
-- order, then performances by ascending id; nothing waits for another cart's
-- lock.

-- Who may sell (E3, E4) ----------------------------------------------------------

-- 'owner' for the owning outlet and the Master User; 'seller' for another
-- outlet permitted to sell it (ignoring the window, see ts_outlet_window_open);
-- NULL for anyone else.
CREATE OR REPLACE FUNCTION ts_sell_role (p_performance integer, p_outlet integer) RETURNS text
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

-- E3/E4: other outlets sell (and see) a performance only in their own
-- window, while it is scheduled and not past: a past performance is outside
-- every sales window, and only the owning outlet may override that (S3).
CREATE OR REPLACE FUNCTION ts_outlet_window_open (p performance) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT p.status = 'scheduled' AND p.outlets_on_sale IS NOT NULL AND p.outlets_on_sale <= now ()
         AND (p.outlets_off_sale IS NULL OR now () < p.outlets_off_sale)
         AND NOT ts_is_past (p)
$$;

-- E2: the internet window of a performance is open now (the storefronts'
-- window; NULL internet_on_sale: never online).
CREATE OR REPLACE FUNCTION ts_internet_window_open (p performance) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT p.internet_on_sale IS NOT NULL AND p.internet_on_sale <= now ()
         AND (p.internet_off_sale IS NULL OR now () < p.internet_off_sale)
$$;

-- F3, E2, E3: does the storefront of outlet p_outlet sell this performance
-- now?  Scheduled, not started, inside its internet window; its owner's
-- storefront, or another outlet's when the owner lets other storefronts
-- sell it (online_at_other_outlets), E3 permits that outlet and the
-- other-outlets window is open too.  Nothing overrides it online (S3).
CREATE OR REPLACE FUNCTION ts_online_sells (p performance, p_outlet integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (p.status = 'scheduled' AND p.starts_at > now () AND NOT ts_is_past (p)
                   AND ts_internet_window_open (p)
                   AND (p.outlet_id = p_outlet
                        OR (p.online_at_other_outlets AND ts_sell_role (p.id, p_outlet) = 'seller'
                            AND ts_outlet_window_open (p))), false)
$$;

-- May the caller view this performance's sales map (M6, M7)?  The owner
-- always; a permitted outlet while its window is open; the Master User.
CREATE OR REPLACE FUNCTION ts_performance_viewable (p_performance integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce ((SELECT CASE ts_sell_role (p.id, ts_ctx_outlet ())
                             WHEN 'owner' THEN true
                             WHEN 'seller' THEN ts_outlet_window_open (p)
                             ELSE false END
                    FROM performance p WHERE p.id = p_performance), false)
$$;

-- Refuses, as if it did not exist, a performance the caller may not view.
CREATE OR REPLACE FUNCTION ts_require_viewable (p_performance integer) RETURNS void
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  IF NOT ts_performance_viewable (p_performance) THEN
    PERFORM ts_refuse ('TS404', format ('No performance %s that you may sell', p_performance));  -- E1, E3, E4
  END IF;
END $$;

-- The owner's "today" for walk-up work (S8).
CREATE OR REPLACE FUNCTION ts_is_today (p performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT (p.starts_at AT TIME ZONE o.time_zone)::date = (now () AT TIME ZONE o.time_zone)::date
  FROM outlet o WHERE o.id = p.outlet_id
$$;

-- A performance on a day before the owner's today.
CREATE OR REPLACE FUNCTION ts_is_past (p performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT (p.starts_at AT TIME ZONE o.time_zone)::date < (now () AT TIME ZONE o.time_zone)::date
  FROM outlet o WHERE o.id = p.outlet_id
$$;

-- S3: may the caller override the owning outlet's rules on this performance?
-- Its own outlet (and the Master User), at Box Office level and above; a
-- selling outlet never, whatever its level.
CREATE OR REPLACE FUNCTION ts_may_override (p_performance integer) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT ts_ctx_rank () >= ts_level_rank ('box_office')
         AND coalesce (ts_sell_role (p_performance, ts_ctx_outlet ()) = 'owner', false)
$$;

-- Refuses what only an override would allow (S3: a closed window, a past or
-- postponed performance, the advance-sales limit, a type's cap or sales
-- window).  A caller who may override gets SQLSTATE TSOVR — the API's
-- "override_needed", so that a client can offer the override without reading
-- the message — and everyone else today's conflict, since nothing they could
-- send would lift it (a selling outlet is never told more than that).
CREATE OR REPLACE FUNCTION ts_refuse_overridable (p_performance integer, p_message text) RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  PERFORM ts_refuse (CASE WHEN ts_may_override (p_performance) THEN 'TSOVR' ELSE 'TS409' END, p_message);
END $$;

-- Whether the request asks for an override (S3), refusing one that does not
-- say why: an override is explicit, and its reason goes to the audit log.
CREATE OR REPLACE FUNCTION ts_override_asked (p jsonb) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE
  AS $$
BEGIN
  IF p ? 'override' AND length (trim (coalesce (p -> 'override' ->> 'reason', ''))) = 0 THEN
    PERFORM ts_refuse ('TS400', 'override.reason: an override is explicit and says why');  -- S3
  END IF;
  RETURN p ? 'override';
END $$;

-- T2, S1: raises the performance's claimed count under its lock (the caller
-- holds it) and, unless overridden (S3), keeps it under the advance-sales
-- limit, saying how many seats were left.
CREATE OR REPLACE FUNCTION ts_claim_count (p_performance integer, p_delta integer, p_override boolean) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_claimed integer;
  v_limit integer;
BEGIN
  UPDATE performance SET claimed = greatest (claimed + p_delta, 0) WHERE id = p_performance
    RETURNING claimed, advance_limit INTO v_claimed, v_limit;
  IF p_delta > 0 AND v_claimed > v_limit AND NOT p_override THEN
    PERFORM ts_refuse_overridable (p_performance,
                                   format ('Only %s seat(s) left under the advance-sales limit of %s',  -- T2
                                           greatest (v_limit - (v_claimed - p_delta), 0), v_limit));
  END IF;
END $$;

-- Locks the performance row (see "Lock order") and checks that the caller
-- may claim places on it now, at p_min_rank or above.  The owning outlet
-- (and the Master User) may override what is closed, explicitly (S3); a
-- selling outlet never may, and outside its window the performance does not
-- exist for it (E4).  Returns the row.
CREATE OR REPLACE FUNCTION ts_sell_check_rank (p_performance integer, p_override boolean, p_min_rank integer)
  RETURNS performance
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  p performance;
  v_role text;
  v_rank integer := ts_ctx_rank ();
BEGIN
  SELECT * INTO p FROM performance WHERE id = p_performance FOR UPDATE;
  -- The storefront (channel internet) sells inside the internet window
  -- only, never with an override, whatever the level (E2, E3, S3).
  IF ts_ctx_channel () = 'internet' THEN
    IF p.id IS NULL OR NOT ts_online_sells (p, ts_ctx_outlet ()) THEN
      PERFORM ts_refuse ('TS404', format ('No performance %s on sale online', p_performance));  -- E2, E3
    END IF;
    IF p_override THEN
      PERFORM ts_refuse ('TS403', 'Online sales never override the rules');  -- S3
    END IF;
    RETURN p;
  END IF;
  v_role := ts_sell_role (p_performance, ts_ctx_outlet ());
  IF p.id IS NULL OR v_role IS NULL OR (v_role = 'seller' AND NOT ts_outlet_window_open (p)) THEN
    PERFORM ts_refuse ('TS404', format ('No performance %s that you may sell', p_performance));  -- E1, E3, E4
  END IF;
  IF v_rank < p_min_rank THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above');  -- C4
  END IF;
  IF p.status = 'cancelled' THEN
    PERFORM ts_refuse ('TS409', 'This performance is cancelled');  -- E5
  END IF;
  IF p_override THEN
    IF v_role <> 'owner' THEN
      PERFORM ts_refuse ('TS403', 'A selling outlet can never override the owning outlet''s rules');  -- S3
    END IF;
    IF v_rank < ts_level_rank ('box_office') THEN
      PERFORM ts_refuse ('TS403', 'Overrides need Box Office level or above');  -- S3
    END IF;
    RETURN p;
  END IF;
  IF v_rank = ts_level_rank ('walkup') AND p_min_rank >= ts_level_rank ('walkup')
     AND NOT ts_is_today (p) THEN
    PERFORM ts_refuse ('TS403', 'Walk-up Sales sells only today''s performances');  -- C4
  END IF;
  IF v_role = 'owner' THEN
    IF p.status <> 'scheduled' THEN
      PERFORM ts_refuse_overridable (p.id, format ('This performance is %s; an override is needed', p.status));  -- S3
    END IF;
    IF ts_is_past (p) THEN
      PERFORM ts_refuse_overridable (p.id, 'This performance is past; an override is needed');  -- S3
    END IF;
    IF p.box_office_on_sale IS NULL OR now () < p.box_office_on_sale THEN
      PERFORM ts_refuse_overridable (p.id, 'The box-office sales window is not open yet; an override is needed');  -- E2, S3
    END IF;
    IF p.box_office_off_sale IS NOT NULL AND now () >= p.box_office_off_sale THEN
      PERFORM ts_refuse_overridable (p.id, 'The box-office sales window has closed; an override is needed');  -- E2, S3
    END IF;
  END IF;
  RETURN p;
END $$;

-- The same for selling, at Walk-up Sales level and above (C4).
CREATE OR REPLACE FUNCTION ts_sell_check (p_performance integer, p_override boolean) RETURNS performance
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT ts_sell_check_rank (p_performance, p_override, ts_level_rank ('walkup')) $$;

-- Refuses a list of seats that names a seat twice, naming it: a claim is
-- counted once per seat (S1, T2).
CREATE OR REPLACE FUNCTION ts_seats_once (p_map integer, p_seats text[]) RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_twice text;
BEGIN
  SELECT string_agg (ts_seat_name (p_map, x), ', ' ORDER BY x) INTO v_twice
    FROM (SELECT x FROM unnest (p_seats) x GROUP BY x HAVING count (*) > 1) d;
  IF v_twice IS NOT NULL THEN
    PERFORM ts_refuse ('TS400', 'seats: listed twice: ' || v_twice);
  END IF;
END $$;

-- Carts and their claims (S1) -------------------------------------------------------

-- A cart as the API answers it: its seats (named) and general-admission places.
CREATE OR REPLACE FUNCTION ts_cart_json (p_cart uuid) RETURNS jsonb
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

-- The caller's own live carts (S1): what a client that lost touch with the
-- server holds still, so that it shows no seat in a cart that lapsed
-- meanwhile.  Another employee's cart, or another outlet's, is not listed.
CREATE OR REPLACE FUNCTION ts_carts_mine () RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF ts_ctx_rank () < ts_level_rank ('walkup') THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above');  -- C4
  END IF;
  RETURN jsonb_build_object ('carts', coalesce ((SELECT jsonb_agg (ts_cart_json (k.id) ORDER BY k.created_at, k.id)
                                                 FROM cart k
                                                 WHERE k.outlet_id IS NOT DISTINCT FROM ts_ctx_outlet ()
                                                   AND k.employee_id IS NOT DISTINCT FROM ts_ctx_employee ()
                                                   AND k.web_session_id IS NULL
                                                   AND k.expires_at > now ()), '[]'));
END $$;

-- A new, empty cart of the caller's, held for its outlet's default minutes (S1).
CREATE OR REPLACE FUNCTION ts_cart_create () RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_id uuid;
  v_minutes integer;
BEGIN
  -- a storefront's visitor holds through its web session (S1); an
  -- employee, Walk-up Sales and up (C4)
  IF ts_ctx_channel () = 'internet' THEN
    IF ts_ctx_web_session () IS NULL THEN
      PERFORM ts_refuse ('TS403', 'A storefront cart belongs to a visit');
    END IF;
  ELSIF ts_ctx_rank () < ts_level_rank ('walkup') THEN
    PERFORM ts_refuse ('TS403', 'Selling needs Walk-up Sales level or above');  -- C4
  END IF;
  SELECT default_hold_minutes INTO v_minutes FROM outlet WHERE id = ts_ctx_outlet ();
  INSERT INTO cart (outlet_id, employee_id, expires_at, web_session_id)
    VALUES (ts_ctx_outlet (), ts_ctx_employee (), now () + make_interval (mins => coalesce (v_minutes, 15)),
            ts_ctx_web_session ())
    RETURNING id INTO v_id;
  RETURN ts_cart_json (v_id);
END $$;

-- The caller's own live cart, locked, or a refusal.
CREATE OR REPLACE FUNCTION ts_cart_mine (p_cart uuid) RETURNS cart
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k cart;
BEGIN
  SELECT * INTO k FROM cart WHERE id = p_cart FOR UPDATE;
  -- a storefront visitor's cart is its visit's alone, and no employee's (S1)
  IF NOT FOUND OR k.outlet_id IS DISTINCT FROM ts_ctx_outlet ()
     OR k.web_session_id IS DISTINCT FROM ts_ctx_web_session () THEN
    PERFORM ts_refuse ('TS404', 'No such cart');
  END IF;
  IF k.expires_at <= now () THEN
    PERFORM ts_refuse ('TS409', 'This cart''s hold has expired: its seats were released');  -- S1
  END IF;
  RETURN k;
END $$;

-- Lets go of a cart's claims on one performance (all of them when p_seats
-- and p_ga are NULL).  The performance row must already be locked.
CREATE OR REPLACE FUNCTION ts_cart_let_go (p_cart uuid, p_performance integer, p_seats text[], p_ga jsonb) RETURNS void
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
    -- all of the area's places go, or some of them (deleting after the
    -- update would take the rest too, and leave their places counted)
    DELETE FROM cart_ga WHERE cart_id = p_cart AND performance_id = p_performance AND area_key = g.area_key
      AND quantity <= g.quantity;
    UPDATE cart_ga SET quantity = quantity - g.quantity
      WHERE cart_id = p_cart AND performance_id = p_performance AND area_key = g.area_key AND quantity > g.quantity;
    v_count := v_count + g.quantity;
  END LOOP;
  PERFORM ts_claim_count (p_performance, -v_count, true);
END $$;

-- S1: lets go of the claims that expired carts still have on one
-- performance, whose row the caller has locked.  Takes no other lock: the
-- carts themselves are left to the sweep (ts_expire_carts (NULL)), so a claim
-- on one performance never waits for another performance's lock.
CREATE OR REPLACE FUNCTION ts_let_go_expired (p_performance integer) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_cart uuid;
BEGIN
  -- from the expired carts (few: the sweep deletes them), not from the
  -- performance's claims (a stadium's 60,000 once sold)
  FOR v_cart IN SELECT k.id FROM cart k
                WHERE k.expires_at <= now ()
                  AND (EXISTS (SELECT 1 FROM seat_claim c WHERE c.cart_id = k.id AND c.performance_id = p_performance)
                       OR EXISTS (SELECT 1 FROM cart_ga g WHERE g.cart_id = k.id AND g.performance_id = p_performance))
                ORDER BY k.id LOOP
    PERFORM ts_cart_let_go (v_cart, p_performance, NULL, NULL);
  END LOOP;
END $$;

-- S1: releases expired carts.  With a performance (already locked by the
-- caller, which is about to claim on it): only their claims on it.  Without
-- (the sweep, every minute): every performance that has expired claims and
-- that nobody is claiming on right now, locked in ascending id order without
-- waiting (SKIP LOCKED: a busy performance is left to the claim that holds
-- it, or to the next sweep); then the expired carts left with no claim,
-- again without waiting for them.  Expiry thus never waits for a lock out of
-- order: two sweeps, or a sweep and any claim, cannot deadlock.  Returns the
-- number of carts deleted.
CREATE OR REPLACE FUNCTION ts_expire_carts (p_performance integer DEFAULT NULL) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_perf integer;
  v_carts uuid[];
  v_done integer;
BEGIN
  IF p_performance IS NOT NULL THEN
    PERFORM ts_let_go_expired (p_performance);
    RETURN 0;
  END IF;
  FOR v_perf IN SELECT p.id FROM performance p
                WHERE p.id IN (SELECT c.performance_id FROM seat_claim c JOIN cart k ON k.id = c.cart_id
                               WHERE k.expires_at <= now ()
                               UNION SELECT g.performance_id FROM cart_ga g JOIN cart k ON k.id = g.cart_id
                               WHERE k.expires_at <= now ())
                ORDER BY p.id FOR UPDATE SKIP LOCKED LOOP
    PERFORM ts_let_go_expired (v_perf);
  END LOOP;
  -- Locked first, then deleted by a later statement that sees every claim
  -- committed meanwhile: a cart still holding something is kept.
  v_carts := ARRAY (SELECT k.id FROM cart k WHERE k.expires_at <= now () ORDER BY k.id FOR UPDATE SKIP LOCKED);
  WITH gone AS (DELETE FROM cart k WHERE k.id = ANY (v_carts)
                  AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.cart_id = k.id)
                  AND NOT EXISTS (SELECT 1 FROM cart_ga g WHERE g.cart_id = k.id)
                RETURNING 1)
  SELECT count (*) INTO v_done FROM gone;
  RETURN v_done;
END $$;

-- Claims seats and GA places for the caller's cart.  All or nothing: a seat
-- taken meanwhile refuses the whole request, naming it.
-- p: {cart_id, performance_id, seats: [guid…], ga: [{area, quantity}], override: {reason}}
CREATE OR REPLACE FUNCTION ts_cart_hold (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k cart;
  perf performance;
  v_map integer;
  v_override boolean := ts_override_asked (p);
  v_seats text[] := ARRAY (SELECT jsonb_array_elements_text (coalesce (p -> 'seats', '[]')));
  v_ga jsonb := coalesce (p -> 'ga', '[]');
  v_wanted integer;
  v_unknown text;
  v_taken text;
  g record;
  v_left integer;
  v_name text;
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
  PERFORM ts_seats_once (v_map, v_seats);
  IF EXISTS (SELECT 1 FROM jsonb_array_elements (v_ga) x
             WHERE jsonb_typeof (x -> 'quantity') IS DISTINCT FROM 'number'
                OR (x ->> 'quantity')::numeric NOT BETWEEN 1 AND 100000) THEN
    PERFORM ts_refuse ('TS400', 'ga: quantity must be a whole number from 1 to 100000');
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

  -- One claim per area, for all that is asked of it, so that a refusal says
  -- how many places there were (S1, T2).
  FOR g IN SELECT x ->> 'area' AS area, sum ((x ->> 'quantity')::integer) AS quantity
           FROM jsonb_array_elements (v_ga) x GROUP BY 1 ORDER BY 1 LOOP
    SELECT name INTO v_name FROM map_ga_area WHERE map_id = v_map AND area_key = g.area;
    IF NOT FOUND THEN
      PERFORM ts_refuse ('TS400', format ('ga: no general-admission area “%s” on this map', left (g.area, 40)));
    END IF;
    INSERT INTO performance_ga (performance_id, area_key, capacity)
      SELECT perf.id, a.area_key, a.capacity FROM map_ga_area a WHERE a.map_id = v_map AND a.area_key = g.area
      ON CONFLICT DO NOTHING;
    UPDATE performance_ga SET taken = taken + g.quantity
      WHERE performance_id = perf.id AND area_key = g.area AND taken + g.quantity <= capacity;
    IF NOT FOUND THEN
      SELECT capacity - taken INTO v_left FROM performance_ga WHERE performance_id = perf.id AND area_key = g.area;
      PERFORM ts_refuse ('TS409', format ('Only %s place(s) left in %s', greatest (v_left, 0), v_name));
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
CREATE OR REPLACE FUNCTION ts_cart_release (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k cart;
  v_perf integer;
BEGIN
  SELECT * INTO k FROM cart WHERE id = (p ->> 'cart_id')::uuid FOR UPDATE;
  IF NOT FOUND OR k.outlet_id IS DISTINCT FROM ts_ctx_outlet ()
     OR k.web_session_id IS DISTINCT FROM ts_ctx_web_session () THEN
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

-- Letter holds (M8) ---------------------------------------------------------------

-- p: {performance_id, letter, seats: [guid…]}.  Only the owning outlet sets
-- holds, and only letters the caller's level allows; each seat once.
CREATE OR REPLACE FUNCTION ts_hold_set (p jsonb) RETURNS jsonb
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
  IF NOT coalesce (ts_performance_viewable (perf.id), false) THEN
    PERFORM ts_refuse ('TS404', format ('No performance %s that you may sell', p ->> 'performance_id'));  -- E1, E3, E4
  END IF;
  IF ts_sell_role (perf.id, ts_ctx_outlet ()) <> 'owner' THEN
    PERFORM ts_refuse ('TS403', 'Other outlets may never set holds on this outlet''s performances');  -- M8
  END IF;
  SELECT * INTO h FROM hold_letter WHERE letter = p ->> 'letter';
  IF NOT FOUND THEN
    PERFORM ts_refuse ('TS400', format ('letter: “%s” is not a hold letter', left (p ->> 'letter', 20)));
  END IF;
  IF ts_ctx_rank () < greatest (ts_level_rank (h.min_level), ts_level_rank ('box_office')) THEN
    PERFORM ts_refuse ('TS403', format ('Your level may not set hold letter %s', h.letter));  -- M8
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
  PERFORM ts_seats_once (v_map, v_seats);
  PERFORM ts_expire_carts (perf.id);
  PERFORM ts_claim_count (perf.id, cardinality (v_seats), true);
  WITH won AS (
    INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, hold_letter)
      SELECT perf.id, x, 'held', ts_ctx_outlet (), h.letter FROM unnest (v_seats) x
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

-- p: {performance_id, seats: [guid…], into_cart?: uuid, override?: {reason}}.
-- The owner releases letters its level allows; another outlet permitted to
-- sell releases only the letters the owner lists as releasable (M8).
-- into_cart moves the seats straight into the caller's cart, so nobody can
-- take them in between: that is a claim, with every check of a hold (S1, S3,
-- E2–E5), which the owning outlet may override as for a hold.
CREATE OR REPLACE FUNCTION ts_hold_release (p jsonb) RETURNS jsonb
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
  v_override boolean := ts_override_asked (p);
BEGIN
  IF v_override AND p ->> 'into_cart' IS NULL THEN
    PERFORM ts_refuse ('TS400', 'override: only a release into a cart (into_cart) claims anything to override');  -- S3
  END IF;
  IF p ->> 'into_cart' IS NOT NULL THEN
    k := ts_cart_mine ((p ->> 'into_cart')::uuid);                  -- the cart first (lock order)
    perf := ts_sell_check ((p ->> 'performance_id')::integer, v_override);
  ELSE
    SELECT * INTO perf FROM performance WHERE id = (p ->> 'performance_id')::integer FOR UPDATE;
    IF NOT coalesce (ts_performance_viewable (perf.id), false) THEN
      PERFORM ts_refuse ('TS404', format ('No performance %s that you may sell',  -- E1, E3, E4
                                          p ->> 'performance_id'));
    END IF;
  END IF;
  v_role := ts_sell_role (perf.id, ts_ctx_outlet ());
  IF ts_ctx_rank () < ts_level_rank ('box_office') THEN
    PERFORM ts_refuse ('TS403', 'Releasing holds needs Box Office level or above');  -- C4
  END IF;
  IF cardinality (v_seats) = 0 THEN
    PERFORM ts_refuse ('TS400', 'seats: give at least one seat');
  END IF;
  SELECT map_id INTO v_map FROM event WHERE id = perf.event_id;
  PERFORM ts_seats_once (v_map, v_seats);
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
    PERFORM ts_refuse ('TS403', format ('You may not release hold letter(s) %s here', v_bad));  -- M8
  END IF;
  IF k.id IS NOT NULL THEN
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
  IF v_override THEN
    PERFORM ts_audit ('override', 'performance', perf.id::text, perf.outlet_id, NULL,
                      jsonb_build_object ('what', 'release into cart', 'reason', p -> 'override' ->> 'reason', 'cart', k.id));
  END IF;
  RETURN jsonb_build_object ('performance_id', perf.id, 'released', cardinality (v_seats));
END $$;

GRANT EXECUTE ON FUNCTION ts_performance_viewable (integer), ts_cart_create (), ts_carts_mine (), ts_cart_hold (jsonb),
                          ts_cart_release (jsonb), ts_cart_json (uuid), ts_expire_carts (integer),
                          ts_hold_set (jsonb), ts_hold_release (jsonb)
  TO tessera_app;
-- Internal steps, for the functions of the selling engine only.
REVOKE EXECUTE ON FUNCTION ts_claim_count (integer, integer, boolean), ts_cart_let_go (uuid, integer, text[], jsonb)
  FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sell_check_rank (integer, boolean, integer), ts_seats_once (integer, text[]),
                           ts_let_go_expired (integer), ts_may_override (integer),
                           ts_refuse_overridable (integer, text), ts_override_asked (jsonb) FROM PUBLIC;
