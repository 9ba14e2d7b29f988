-- shop.sql — the web storefront's own functions (issue 14; rules F3, F6, F7,
-- E2, E3, S1, T3, T5, P4, P5, P7): which storefront a request is for, its
-- visitors' sessions, what it lists and shows, and its cart.  Storefront
-- pages call only ts_shop_* functions, never tables; each applies the
-- storefront's scope inside (docs/architecture.md, "The web storefront").
--
-- after: 031 — the storefront's columns and tables (030), cart_line_type (031).
--
-- A functions file (docs/architecture.md, "Migrations"): CREATE OR REPLACE
-- only, with the grants and comments of its functions.

-- Storefronts and visitors ----------------------------------------------------

-- F3: the storefront a request names, by its code (/shop/UTH/) or by the host
-- name mapped onto it; NULL when there is none or it is not enabled, so an
-- unknown and a disabled storefront answer alike (P4).
CREATE OR REPLACE FUNCTION ts_shop_storefront (p_code text, p_host text) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name, 'colour', o.web_colour,
                             'intro_en', o.web_intro_en, 'intro_fr', o.web_intro_fr,
                             'has_logo', o.logo_svg IS NOT NULL OR o.logo IS NOT NULL,
                             'cancel_hours', o.web_cancel_hours, 'currency', o.currency,
                             'time_zone', o.time_zone)
    FROM outlet o
   WHERE o.web_enabled
     AND ((p_code IS NOT NULL AND o.code = upper (p_code))
          OR (p_code IS NULL AND p_host IS NOT NULL AND o.web_host = lower (p_host)))
$$;
REVOKE ALL ON FUNCTION ts_shop_storefront (text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_storefront (text, text) TO tessera_app;

-- The storefronts /shop/ lists: every enabled one.
CREATE OR REPLACE FUNCTION ts_shop_storefronts () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('code', o.code, 'name', o.name) ORDER BY o.name), '[]')
    FROM outlet o WHERE o.web_enabled
$$;
REVOKE ALL ON FUNCTION ts_shop_storefronts () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_storefronts () TO tessera_app;

-- The storefront's logo: {svg} (text) or {data_uri} (025's logo), or NULL.
CREATE OR REPLACE FUNCTION ts_shop_logo () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT CASE WHEN o.logo_svg IS NOT NULL THEN jsonb_build_object ('svg', o.logo_svg)
              WHEN o.logo IS NOT NULL THEN jsonb_build_object ('data_uri', o.logo) END
    FROM outlet o WHERE o.id = ts_ctx_outlet () AND o.web_enabled
$$;
REVOKE ALL ON FUNCTION ts_shop_logo () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_logo () TO tessera_app;

-- A session lives 2 hours after its last request, and 7 days at most.
CREATE OR REPLACE FUNCTION ts_shop_session_idle () RETURNS interval
  LANGUAGE sql IMMUTABLE AS $$ SELECT interval '2 hours' $$;
CREATE OR REPLACE FUNCTION ts_shop_session_longest () RETURNS interval
  LANGUAGE sql IMMUTABLE AS $$ SELECT interval '7 days' $$;

CREATE OR REPLACE FUNCTION ts_shop_session_json (s web_session) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('id', s.id, 'account_id', s.account_id,
                             'patron_id', (SELECT a.patron_id FROM web_account a WHERE a.id = s.account_id))
$$;
REVOKE ALL ON FUNCTION ts_shop_session_json (web_session) FROM PUBLIC;

-- F6: the visitor a ts_shop cookie names at this storefront, if its session
-- is alive: {id, account_id, patron_id}, or NULL.  Slides its expiry (at
-- most once a minute, so browsing writes little).
CREATE OR REPLACE FUNCTION ts_shop_session_resolve (p_token_hash text, p_outlet integer) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  s web_session;
BEGIN
  SELECT * INTO s FROM web_session
   WHERE token_hash = p_token_hash AND outlet_id = p_outlet AND ended_at IS NULL AND expires_at > now ();
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF s.last_seen_at < now () - interval '1 minute' THEN
    UPDATE web_session
       SET last_seen_at = now (),
           expires_at = least (created_at + ts_shop_session_longest (), now () + ts_shop_session_idle ())
     WHERE id = s.id;
  END IF;
  RETURN ts_shop_session_json (s);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_session_resolve (text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_session_resolve (text, integer) TO tessera_app;

-- A new visitor of the context's storefront (a hold, a sign-in, a checkout
-- needs one), signed in as p_account when given.
CREATE OR REPLACE FUNCTION ts_shop_session_create (p_token_hash text, p_account bigint DEFAULT NULL)
  RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  s web_session;
BEGIN
  IF ts_ctx_channel () <> 'internet' OR ts_ctx_outlet () IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Only a storefront makes storefront sessions');
  END IF;
  INSERT INTO web_session (token_hash, outlet_id, account_id, expires_at)
       VALUES (p_token_hash, ts_ctx_outlet (), p_account, now () + ts_shop_session_idle ())
    RETURNING * INTO s;
  RETURN ts_shop_session_json (s);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_session_create (text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_session_create (text, bigint) TO tessera_app;

-- Sign-in and sign-out (F6): the context's session gets a new cookie (its
-- old one no longer works: session fixation) and the account, or none; the
-- row, and so the cart, stays.
CREATE OR REPLACE FUNCTION ts_shop_session_rotate (p_token_hash text, p_account bigint) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  s web_session;
BEGIN
  UPDATE web_session
     SET token_hash = p_token_hash, account_id = p_account, last_seen_at = now (),
         expires_at = least (created_at + ts_shop_session_longest (), now () + ts_shop_session_idle ())
   WHERE id = ts_ctx_web_session () AND outlet_id = ts_ctx_outlet () AND ended_at IS NULL
  RETURNING * INTO s;
  IF NOT FOUND THEN
    PERFORM ts_refuse ('TS404', 'The visit has expired: start again');
  END IF;
  RETURN ts_shop_session_json (s);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_session_rotate (text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_session_rotate (text, bigint) TO tessera_app;

-- What a storefront sells -------------------------------------------------------

-- The performance p_id if this storefront sells it now (F3, E2, E3), else
-- NULL: a performance it does not sell answers as one that does not exist.
CREATE OR REPLACE FUNCTION ts_shop_perf (p_id integer) RETURNS performance
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT p FROM performance p WHERE p.id = p_id AND ts_online_sells (p, ts_ctx_outlet ())
$$;

-- May this storefront's visitor buy type t for perf through r?  Active, in
-- its sales window, without a promo code; a regular type of the owner (never
-- a comp online); at another outlet's storefront only what the owner offers
-- other outlets (T5); subscribers-only for a signed-in subscriber (T3).
CREATE OR REPLACE FUNCTION ts_shop_type_ok (t ticket_type, r redemption, perf performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT t.active AND t.category = 'regular' AND t.outlet_id = perf.outlet_id
         AND (r.sales_start IS NULL OR r.sales_start <= now ()) AND (r.sales_end IS NULL OR now () < r.sales_end)
         AND cardinality (coalesce (r.promo_codes, '{}')) = 0
         AND (perf.outlet_id = ts_ctx_outlet () OR ts_type_offered (t.id, perf.id))
         AND (NOT t.subscribers_only OR coalesce (ts_is_subscriber (ts_ctx_patron (), t.outlet_id), false))
$$;

-- T4: every price a visitor may pay for perf, by price zone (the map's
-- categories; NULL: a seat or area without one); the full-price type
-- first, which is also a line's type until the visitor chooses another:
-- the type the box office set up first for the performance (its
-- redemption's order), types open to every visitor before subscribers-only
-- ones (T3).  Neither the dearest (a patrons' circle, a VIP price) nor the
-- cheapest (a student's) is the price a patron expects to be charged
-- unless he says otherwise (docs/architecture.md, "The web storefront").
CREATE OR REPLACE FUNCTION ts_shop_price_list (perf performance)
  RETURNS TABLE (zone text, ticket_type_id integer, name text, price_cents integer, rank bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  WITH types AS MATERIALIZED (
         SELECT t.id, t.name, t.price_cents, t.subscribers_only, r.id AS redemption_id
           FROM redemption r JOIN ticket_type t ON t.id = r.ticket_type_id
          WHERE r.performance_id = perf.id AND ts_shop_type_ok (t, r, perf)),
       zones AS MATERIALIZED (
         SELECT z.category AS zone FROM event e JOIN map_price_zone z ON z.map_id = e.map_id WHERE e.id = perf.event_id)
  SELECT z.zone, t.id, t.name, coalesce (rp.price_cents, t.price_cents),
         row_number () OVER (PARTITION BY z.zone ORDER BY t.subscribers_only, t.redemption_id, t.id)
    FROM zones z CROSS JOIN types t
    LEFT JOIN redemption_price rp ON rp.redemption_id = t.redemption_id AND rp.category = z.zone
$$;

-- The same, once for a whole page: [{zone, prices: [{ticket_type_id, name,
-- price_cents}]}], each zone's full-price type first.
CREATE OR REPLACE FUNCTION ts_shop_prices (perf performance) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('zone', x.zone, 'prices', x.prices)), '[]')
    FROM (SELECT l.zone, jsonb_agg (jsonb_build_object ('ticket_type_id', l.ticket_type_id, 'name', l.name,
                                                        'price_cents', l.price_cents) ORDER BY l.rank) AS prices
            FROM ts_shop_price_list (perf) l GROUP BY l.zone) x
$$;

-- One zone's prices out of ts_shop_prices ([] when none).
CREATE OR REPLACE FUNCTION ts_shop_prices_of (p_prices jsonb, p_zone text) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT coalesce ((SELECT z -> 'prices' FROM jsonb_array_elements (p_prices) z
                     WHERE (z ->> 'zone') IS NOT DISTINCT FROM p_zone LIMIT 1), '[]')
$$;

-- The visitor's live cart at this storefront, or NULL (S1).
CREATE OR REPLACE FUNCTION ts_shop_live_cart () RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT k.id FROM cart k
   WHERE ts_ctx_web_session () IS NOT NULL AND k.web_session_id = ts_ctx_web_session ()
     AND k.outlet_id = ts_ctx_outlet () AND k.expires_at > now ()
   ORDER BY k.created_at DESC, k.id LIMIT 1
$$;

-- Places taken on perf (P4: never whose, nor why): claims of live carts,
-- holds and sales; an expired cart's seats are free again (S1).
CREATE OR REPLACE FUNCTION ts_shop_taken (p_perf integer) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT c.seat_guid FROM seat_claim c
   WHERE c.performance_id = p_perf
     AND NOT EXISTS (SELECT 1 FROM cart k WHERE k.id = c.cart_id AND k.expires_at <= now ())
$$;

-- The storefront's list (F3): its own performances inside their internet
-- window, and other outlets' it may sell online; from-price of what a
-- visitor may buy.
CREATE OR REPLACE FUNCTION ts_shop_performances () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'id', p.id, 'event', e.name, 'starts_at', p.starts_at, 'venue', m.name, 'outlet', o.name,
           'other_outlet', p.outlet_id <> ts_ctx_outlet (), 'seated', m.seat_count > 0,
           'from_price_cents', (SELECT min (l.price_cents) FROM ts_shop_price_list (p) l))
         ORDER BY p.starts_at, p.id), '[]')
    FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id
    JOIN outlet o ON o.id = p.outlet_id
   WHERE p.internet_on_sale IS NOT NULL AND p.internet_on_sale <= now ()
     AND ts_online_sells (p, ts_ctx_outlet ())
$$;

-- The map's price zones with their colours, in the plan's order: those its
-- seats and areas use that the plan lists (kept by ts_map_sync, 036: read
-- from the plan, each call unpacked the whole 2 MB of a stadium's).
CREATE OR REPLACE FUNCTION ts_shop_zone_colours (p_map integer) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('name', z.category, 'colour', z.colour) ORDER BY z.position), '[]')
    FROM map_price_zone z
   WHERE z.map_id = p_map AND z.position IS NOT NULL
$$;

-- General-admission areas of perf: what is left and what the visitor holds.
CREATE OR REPLACE FUNCTION ts_shop_ga (perf performance, p_prices jsonb) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'area', a.area_key, 'name', a.name, 'zone', a.category,
           'left', greatest (a.capacity - coalesce (g.taken, 0)
                             + coalesce ((SELECT sum (x.quantity) FROM cart_ga x JOIN cart k ON k.id = x.cart_id
                                          WHERE x.performance_id = perf.id AND x.area_key = a.area_key
                                            AND k.expires_at <= now ()), 0), 0),
           'mine', coalesce ((SELECT sum (x.quantity) FROM cart_ga x
                              WHERE x.cart_id = ts_shop_live_cart () AND x.performance_id = perf.id
                                AND x.area_key = a.area_key), 0),
           'prices', ts_shop_prices_of (p_prices, a.category)) ORDER BY a.area_key), '[]')
    FROM event e JOIN map_ga_area a ON a.map_id = e.map_id
    LEFT JOIN performance_ga g ON g.performance_id = perf.id AND g.area_key = a.area_key
   WHERE e.id = perf.event_id
$$;

-- One performance as its page shows it, or NULL (not sold here now).
CREATE OR REPLACE FUNCTION ts_shop_performance (p_id integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance := ts_shop_perf (p_id);
  v_prices jsonb;
BEGIN
  IF perf.id IS NULL THEN
    RETURN NULL;
  END IF;
  v_prices := ts_shop_prices (perf);
  RETURN (SELECT jsonb_build_object (
            'id', perf.id, 'event', e.name, 'starts_at', perf.starts_at, 'venue', m.name, 'outlet', o.name,
            'other_outlet', perf.outlet_id <> ts_ctx_outlet (), 'seated', m.seat_count > 0,
            'zones', (SELECT coalesce (jsonb_agg (jsonb_build_object ('name', z ->> 'name', 'colour', z ->> 'colour',
                                                                      'prices', ts_shop_prices_of (v_prices, z ->> 'name'))), '[]')
                        FROM jsonb_array_elements (ts_shop_zone_colours (m.id)) z
                       WHERE EXISTS (SELECT 1 FROM map_seat s WHERE s.map_id = m.id AND s.category = z ->> 'name')),
            'ga', ts_shop_ga (perf, v_prices))
            FROM event e JOIN theatre_map m ON m.id = e.map_id JOIN outlet o ON o.id = perf.outlet_id
           WHERE e.id = perf.event_id);
END $$;

-- The seat map's own data (plan.json): the compact map, its background and
-- its price zones' colours.  NULL when not sold here.
CREATE OR REPLACE FUNCTION ts_shop_plan (p_id integer) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('map', m.compact, 'background_svg', m.background_svg,
                             'zones', ts_shop_zone_colours (m.id))
    FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id
   WHERE p.id = (ts_shop_perf (p_id)).id
$$;

-- What identifies the plan ts_shop_plan answers for p_id, as long as it is
-- the same: the map, its last change (theatre_map.updated_at moves on every
-- update) and this database's start (so another cluster's map 1 is another
-- plan).  NULL when not sold here.  The server keeps answers under it.
CREATE OR REPLACE FUNCTION ts_shop_plan_stamp (p_id integer) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT concat_ws ('/', m.id, (extract (epoch FROM m.updated_at) * 1000000)::bigint,
                    (extract (epoch FROM pg_postmaster_start_time ()) * 1000000)::bigint)
    FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id
   WHERE p.id = (ts_shop_perf (p_id)).id
$$;

-- Availability (seats.json): taken seats (never whose: P4), the visitor's
-- own, prices by zone, general-admission areas.  NULL when not sold here.
CREATE OR REPLACE FUNCTION ts_shop_seats (p_id integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  perf performance := ts_shop_perf (p_id);
  v_cart uuid := ts_shop_live_cart ();
  v_mine text[];
  v_prices jsonb;
BEGIN
  IF perf.id IS NULL THEN
    RETURN NULL;
  END IF;
  v_prices := ts_shop_prices (perf);
  v_mine := ARRAY (SELECT c.seat_guid FROM seat_claim c WHERE c.cart_id = v_cart AND c.performance_id = perf.id
                   ORDER BY c.seat_guid);
  RETURN jsonb_build_object (
    'performance_id', perf.id,
    'expires_at', (SELECT k.expires_at FROM cart k WHERE k.id = v_cart),
    'taken', to_jsonb (ARRAY (SELECT t FROM ts_shop_taken (perf.id) t WHERE NOT t = ANY (v_mine) ORDER BY t)),
    'mine', to_jsonb (v_mine),
    'zones', (SELECT coalesce (jsonb_agg (jsonb_build_object ('name', z.zone, 'prices', ts_shop_prices_of (v_prices, z.zone))
                                          ORDER BY z.zone), '[]')
                FROM (SELECT z.category AS zone FROM event e JOIN map_price_zone z ON z.map_id = e.map_id
                       WHERE e.id = perf.event_id
                         AND EXISTS (SELECT 1 FROM map_seat s WHERE s.map_id = e.map_id
                                        AND (s.category = z.category OR s.category IS NULL AND z.category IS NULL))) z),
    'ga', ts_shop_ga (perf, v_prices));
END $$;

-- Best available (S1): p_quantity free seats side by side in one row when
-- there are (of p_zone when given), rows nearest the stage first (the plan's
-- order of zones, rows and seats, kept on map_seat: 036), the middle of the
-- first free run long enough; else the first free seats in that order.  It
-- walks the seats in that order and stops at the end of the first run long
-- enough: on a stadium going on sale, a few rows, not 60,000 seats.  The
-- caller holds the performance's lock.
CREATE OR REPLACE FUNCTION ts_shop_best_seats (perf performance, p_quantity integer, p_zone text) RETURNS text[]
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  -- the zones sold online, worked out once
  v_zones text[] := ARRAY (SELECT DISTINCT l.zone FROM ts_shop_price_list (perf) l);
  v_any_null boolean := EXISTS (SELECT 1 FROM unnest (v_zones) z WHERE z IS NULL);
  v_map integer := (SELECT e.map_id FROM event e WHERE e.id = perf.event_id);
  v_first text[] := '{}';    -- the first free seats, should no run be long enough
  v_run text[] := '{}';      -- the free run being walked
  v_row integer;
  v_last integer;
  v_after integer := 0;      -- where the next batch starts
  v_guids text[];
  v_rows integer[];
  v_orders integer[];
BEGIN
  LOOP
    -- a batch at a time, by the index of the plan's order (a cursor over
    -- the whole map would be planned for all of it)
    SELECT array_agg (b.guid ORDER BY b.seat_order), array_agg (b.row_order ORDER BY b.seat_order),
           array_agg (b.seat_order ORDER BY b.seat_order)
      INTO v_guids, v_rows, v_orders
      FROM (SELECT s.guid, s.row_order, s.seat_order FROM map_seat s
             WHERE s.map_id = v_map AND s.seat_order > v_after
               AND (s.category = ANY (v_zones) OR s.category IS NULL AND v_any_null)
               AND (p_zone IS NULL OR s.category = p_zone)
               AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = perf.id AND c.seat_guid = s.guid)
             ORDER BY s.seat_order LIMIT 500) b;
    EXIT WHEN v_guids IS NULL;
    FOR i IN 1 .. cardinality (v_guids) LOOP
      IF v_rows[i] IS DISTINCT FROM v_row OR v_orders[i] <> v_last + 1 THEN
        -- the run before this seat has ended
        IF cardinality (v_run) >= p_quantity THEN
          RETURN v_run[(cardinality (v_run) - p_quantity) / 2 + 1 : (cardinality (v_run) - p_quantity) / 2 + p_quantity];
        END IF;
        v_run := '{}';
      END IF;
      v_run := v_run || v_guids[i];
      v_row := v_rows[i];
      v_last := v_orders[i];
      IF cardinality (v_first) < p_quantity THEN
        v_first := v_first || v_guids[i];
      END IF;
    END LOOP;
    v_after := v_last;
  END LOOP;
  IF cardinality (v_run) >= p_quantity THEN
    RETURN v_run[(cardinality (v_run) - p_quantity) / 2 + 1 : (cardinality (v_run) - p_quantity) / 2 + p_quantity];
  END IF;
  RETURN v_first;
END $$;

-- The cart ---------------------------------------------------------------------

-- A whole number from p_min to p_max in p's member, or a refusal naming it.
CREATE OR REPLACE FUNCTION ts_shop_int (p jsonb, p_member text, p_min integer, p_max integer) RETURNS integer
  LANGUAGE plpgsql IMMUTABLE
  AS $$
BEGIN
  IF coalesce (p ->> p_member, '') !~ '^[0-9]{1,9}$' OR (p ->> p_member)::integer NOT BETWEEN p_min AND p_max THEN
    PERFORM ts_refuse ('TS400', format ('%s: a whole number from %s to %s', p_member, p_min, p_max));
  END IF;
  RETURN (p ->> p_member)::integer;
END $$;

-- Holds places in the visitor's cart (made when it has none live): p =
-- {performance_id, seats: [guid…]} (from the seat map), {performance_id,
-- best: n, zone?} or {performance_id, area, quantity}; 1–10 at a time.
-- Under the performance's lock, through ts_cart_hold's own claim (S1): all
-- or nothing, a place taken meanwhile refuses the hold.
CREATE OR REPLACE FUNCTION ts_shop_cart_hold (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_perf integer := ts_shop_int (p, 'performance_id', 1, 2147483647);
  v_cart uuid := ts_shop_live_cart ();
  perf performance;
  v_seats text[];
  v_quantity integer;
  v_body jsonb;
  v_zones text[];
BEGIN
  IF v_cart IS NULL THEN
    v_cart := (ts_cart_create () ->> 'id')::uuid;
  END IF;
  -- the lock order: the cart, then the performance
  PERFORM ts_cart_mine (v_cart);
  perf := ts_sell_check (v_perf, false);
  PERFORM ts_expire_carts (perf.id);
  v_body := jsonb_build_object ('cart_id', v_cart, 'performance_id', perf.id);
  IF p ? 'best' THEN
    v_quantity := ts_shop_int (p, 'best', 1, 10);
    v_seats := ts_shop_best_seats (perf, v_quantity, nullif (p ->> 'zone', ''));
    IF cardinality (v_seats) < v_quantity THEN
      PERFORM ts_refuse ('TS409', format ('Only %s seat(s) left', cardinality (v_seats)));
    END IF;
    v_body := v_body || jsonb_build_object ('seats', to_jsonb (v_seats));
  ELSIF p ? 'area' THEN
    v_quantity := ts_shop_int (p, 'quantity', 1, 10);
    v_body := v_body || jsonb_build_object ('ga', jsonb_build_array (jsonb_build_object ('area', p ->> 'area',
                                                                                        'quantity', v_quantity)));
  ELSE
    IF jsonb_typeof (p -> 'seats') IS DISTINCT FROM 'array' OR jsonb_array_length (p -> 'seats') NOT BETWEEN 1 AND 10
       OR EXISTS (SELECT 1 FROM jsonb_array_elements (p -> 'seats') x WHERE jsonb_typeof (x) <> 'string') THEN
      PERFORM ts_refuse ('TS400', 'seat: choose from 1 to 10 seats');
    END IF;
    v_body := v_body || jsonb_build_object ('seats', p -> 'seats');
  END IF;
  -- a place whose price zone has no type this visitor may buy is not sold
  -- here (T2, T3, T5); the zones sold online are worked out once
  v_zones := ARRAY (SELECT DISTINCT l.zone FROM ts_shop_price_list (perf) l);
  IF EXISTS (SELECT 1 FROM jsonb_array_elements_text (coalesce (v_body -> 'seats', '[]')) x
              WHERE NOT EXISTS (SELECT 1 FROM unnest (v_zones) z
                                 WHERE z IS NOT DISTINCT FROM ts_shop_line_zone (perf, x, true)))
     OR EXISTS (SELECT 1 FROM jsonb_array_elements (coalesce (v_body -> 'ga', '[]')) g
                 WHERE NOT EXISTS (SELECT 1 FROM unnest (v_zones) z
                                    WHERE z IS NOT DISTINCT FROM ts_shop_line_zone (perf, g ->> 'area', false))) THEN
    PERFORM ts_refuse ('TS403', 'Those places are not sold online');
  END IF;
  RETURN ts_cart_hold (v_body);
END $$;

-- Lets go of places: p = {performance_id?, seats?, area?, quantity?}; {}
-- empties the cart.  Nothing held: nothing to do.
CREATE OR REPLACE FUNCTION ts_shop_cart_release (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_cart uuid := ts_shop_live_cart ();
  v_body jsonb;
BEGIN
  IF v_cart IS NULL THEN
    RETURN jsonb_build_object ('released', true);
  END IF;
  v_body := jsonb_build_object ('cart_id', v_cart);
  IF p ? 'performance_id' THEN
    v_body := v_body || jsonb_build_object ('performance_id', ts_shop_int (p, 'performance_id', 1, 2147483647));
    IF p ? 'seats' THEN
      v_body := v_body || jsonb_build_object ('seats', p -> 'seats');
    END IF;
    IF p ? 'area' THEN
      v_body := v_body || jsonb_build_object ('ga', jsonb_build_array (jsonb_build_object (
                            'area', p ->> 'area', 'quantity', ts_shop_int (p, 'quantity', 1, 100000))));
    END IF;
  END IF;
  v_body := ts_cart_release (v_body);
  -- a place let go forgets its voucher (T3; voucher_id: the one to let go first)
  PERFORM ts_shop_voucher_forget (v_cart, p ->> 'voucher_id');
  -- a line let go forgets its type
  DELETE FROM cart_line_type t WHERE t.cart_id = v_cart
     AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.cart_id = v_cart AND c.performance_id = t.performance_id
                                                  AND c.seat_guid = t.line)
     AND NOT EXISTS (SELECT 1 FROM cart_ga g WHERE g.cart_id = v_cart AND g.performance_id = t.performance_id
                                              AND g.area_key = t.line);
  RETURN v_body;
END $$;

-- The price zone of a cart line (a seat or an area of perf's map).
CREATE OR REPLACE FUNCTION ts_shop_line_zone (perf performance, p_line text, p_is_seat boolean) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT CASE WHEN p_is_seat THEN (SELECT s.category FROM event e JOIN map_seat s ON s.map_id = e.map_id
                                    WHERE e.id = perf.event_id AND s.guid = p_line)
              ELSE (SELECT a.category FROM event e JOIN map_ga_area a ON a.map_id = e.map_id
                     WHERE e.id = perf.event_id AND a.area_key = p_line) END
$$;

-- The visitor's cart as the cart page and checkout see it: {expires_at,
-- total_cents, complete (every line has a type it may buy), lines: [{
-- performance_id, event, starts_at, venue, seat | area, name, section,
-- row, number, zone, quantity, ticket_type_id, price_cents, amount_cents, types}]}; the type
-- of a line is the one chosen, else the zone's first (its full price).
CREATE OR REPLACE FUNCTION ts_shop_cart () RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_cart uuid := ts_shop_live_cart ();
  v_lines jsonb;
BEGIN
  IF v_cart IS NULL THEN
    RETURN jsonb_build_object ('expires_at', NULL, 'total_cents', 0, 'complete', false, 'lines', '[]'::jsonb);
  END IF;
  WITH lines AS (
    SELECT c.performance_id, c.seat_guid AS line, true AS is_seat, 1 AS quantity FROM seat_claim c WHERE c.cart_id = v_cart
    UNION ALL
    SELECT g.performance_id, g.area_key, false, g.quantity FROM cart_ga g WHERE g.cart_id = v_cart),
  perfs AS MATERIALIZED (
    SELECT p AS perf, ts_shop_prices (p) AS prices FROM performance p
     WHERE p.id IN (SELECT performance_id FROM lines)),
  zoned AS (
    SELECT l.*, f.perf, f.prices, ts_shop_line_zone (f.perf, l.line, l.is_seat) AS zone,
           (SELECT t.ticket_type_id FROM cart_line_type t
             WHERE t.cart_id = v_cart AND t.performance_id = l.performance_id AND t.line = l.line) AS chosen
      FROM lines l JOIN perfs f ON (f.perf).id = l.performance_id),
  priced AS (
    SELECT z.*, ts_shop_prices_of (z.prices, z.zone) AS types FROM zoned z),
  typed AS (
    SELECT x.*, coalesce ((SELECT y FROM jsonb_array_elements (x.types) y WHERE (y ->> 'ticket_type_id')::integer = x.chosen),
                          x.types -> 0) AS type
      FROM priced x)
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'performance_id', x.performance_id, 'event', e.name, 'starts_at', (x.perf).starts_at, 'venue', m.name,
           CASE WHEN x.is_seat THEN 'seat' ELSE 'area' END, x.line,
           'name', CASE WHEN x.is_seat THEN ts_seat_name (m.id, x.line)
                        ELSE (SELECT a.name FROM map_ga_area a WHERE a.map_id = m.id AND a.area_key = x.line) END,
           'section', (SELECT nullif (s.zone, '') FROM map_seat s WHERE x.is_seat AND s.map_id = m.id AND s.guid = x.line),
           'row', (SELECT nullif (s.row_label, '') FROM map_seat s WHERE x.is_seat AND s.map_id = m.id AND s.guid = x.line),
           'number', (SELECT nullif (s.number, '') FROM map_seat s WHERE x.is_seat AND s.map_id = m.id AND s.guid = x.line),
           'zone', x.zone, 'quantity', x.quantity,
           'ticket_type_id', (x.type ->> 'ticket_type_id')::integer,
           'price_cents', (x.type ->> 'price_cents')::integer,
           'amount_cents', (x.type ->> 'price_cents')::integer * x.quantity,
           'types', x.types)
         ORDER BY (x.perf).starts_at, x.performance_id, NOT x.is_seat, x.line), '[]')
    INTO v_lines
    FROM typed x JOIN event e ON e.id = (x.perf).event_id JOIN theatre_map m ON m.id = e.map_id;
  -- T3: places taken with a subscriber's vouchers (shop-vouchers.sql)
  RETURN ts_shop_voucher_lines (v_cart, jsonb_build_object (
    'expires_at', (SELECT k.expires_at FROM cart k WHERE k.id = v_cart),
    'total_cents', (SELECT coalesce (sum ((l ->> 'amount_cents')::bigint), 0) FROM jsonb_array_elements (v_lines) l),
    'complete', jsonb_array_length (v_lines) > 0
                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements (v_lines) l WHERE l ->> 'ticket_type_id' IS NULL),
    'lines', v_lines));
END $$;

-- Chooses the ticket types of cart lines: p = {lines: [{performance_id,
-- line (a seat's guid or an area's key), ticket_type_id}]}; each a type the
-- visitor may buy for that line's zone (T2, T3, T5).
CREATE OR REPLACE FUNCTION ts_shop_cart_types (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_cart uuid := ts_shop_live_cart ();
  x record;
  perf performance;
  v_is_seat boolean;
BEGIN
  IF v_cart IS NULL THEN
    PERFORM ts_refuse ('TS409', 'Your cart''s hold has expired: its seats were released');  -- S1
  END IF;
  PERFORM ts_cart_mine (v_cart);
  IF jsonb_typeof (p -> 'lines') IS DISTINCT FROM 'array' OR jsonb_array_length (p -> 'lines') > 200 THEN
    PERFORM ts_refuse ('TS400', 'lines: a list of the cart''s lines');
  END IF;
  FOR x IN SELECT l, n FROM jsonb_array_elements (p -> 'lines') WITH ORDINALITY AS ls (l, n) LOOP
    SELECT * INTO perf FROM performance WHERE id = ts_shop_int (x.l, 'performance_id', 1, 2147483647);
    v_is_seat := EXISTS (SELECT 1 FROM seat_claim c WHERE c.cart_id = v_cart AND c.performance_id = perf.id
                                                      AND c.seat_guid = x.l ->> 'line');
    IF NOT v_is_seat AND NOT EXISTS (SELECT 1 FROM cart_ga g WHERE g.cart_id = v_cart AND g.performance_id = perf.id
                                                              AND g.area_key = x.l ->> 'line') THEN
      PERFORM ts_refuse ('TS400', format ('lines[%s]: not in your cart', x.n - 1));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ts_shop_price_list (perf) pl
                    WHERE pl.zone IS NOT DISTINCT FROM ts_shop_line_zone (perf, x.l ->> 'line', v_is_seat)
                      AND pl.ticket_type_id::text = x.l ->> 'ticket_type_id') THEN
      PERFORM ts_refuse ('TS400', format ('lines[%s].ticket_type_id: not a ticket type you may buy for this place', x.n - 1));  -- T3, T5
    END IF;
    INSERT INTO cart_line_type (cart_id, outlet_id, performance_id, line, ticket_type_id)
         VALUES (v_cart, ts_ctx_outlet (), perf.id, x.l ->> 'line', (x.l ->> 'ticket_type_id')::integer)
    ON CONFLICT (cart_id, performance_id, line) DO UPDATE SET ticket_type_id = EXCLUDED.ticket_type_id
      WHERE cart_line_type.ticket_type_id IS DISTINCT FROM EXCLUDED.ticket_type_id;
  END LOOP;
  RETURN ts_shop_cart ();
END $$;

-- Sells the visitor's cart as it stands (S1–S5, T2–T6), channel internet:
-- p = {idempotency_key, purchaser_id, partner_answers?, web_access_hash,
-- payment: {reference, amount_cents}}.  Refuses when the cart's total is no
-- longer amount_cents (what the patron agreed to pay); the same key again
-- answers the first order (S2).  One card payment of the whole total.
CREATE OR REPLACE FUNCTION ts_shop_order_submit (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_cart uuid := ts_shop_live_cart ();
  v_id bigint;
  v_content jsonb;
  v_items jsonb;
  v_result jsonb;
BEGIN
  SELECT o.id INTO v_id FROM ticket_order o
   WHERE o.outlet_id = ts_ctx_outlet () AND o.idempotency_key = p ->> 'idempotency_key'
     AND o.web_session_id IS NOT DISTINCT FROM ts_ctx_web_session ();
  IF v_id IS NOT NULL THEN
    RETURN ts_order_json (v_id, ts_ctx_outlet ()) || jsonb_build_object ('replayed', true);  -- S2
  END IF;
  IF v_cart IS NULL THEN
    PERFORM ts_refuse ('TS409', 'Your cart''s hold has expired: its seats were released');  -- S1
  END IF;
  PERFORM ts_cart_mine (v_cart);
  v_content := ts_shop_cart ();
  IF NOT (v_content ->> 'complete')::boolean THEN
    PERFORM ts_refuse ('TS409', 'A line of your cart has no ticket type you may buy: choose another');
  END IF;
  IF (v_content ->> 'total_cents') IS DISTINCT FROM (p -> 'payment' ->> 'amount_cents') THEN
    PERFORM ts_refuse ('TS409', format ('Your cart changed: its total is now %s cents', v_content ->> 'total_cents'));  -- S4
  END IF;
  -- T3: a line taken with a voucher is reserved through ts_order_submit's
  -- own voucher path (the voucher locked there: used once, whoever races)
  SELECT jsonb_agg (CASE WHEN l ->> 'voucher_id' IS NOT NULL
                         THEN jsonb_strip_nulls (jsonb_build_object ('performance_id', l -> 'performance_id',
                                                                     'seat', l -> 'seat', 'area', l -> 'area',
                                                                     'voucher_id', l -> 'voucher_id'))
                         WHEN l ? 'seat'
                         THEN jsonb_build_object ('performance_id', l -> 'performance_id', 'seat', l -> 'seat',
                                                  'ticket_type_id', l -> 'ticket_type_id')
                         ELSE jsonb_build_object ('performance_id', l -> 'performance_id', 'area', l -> 'area',
                                                  'quantity', l -> 'quantity', 'ticket_type_id', l -> 'ticket_type_id') END)
    INTO v_items FROM jsonb_array_elements (v_content -> 'lines') l;
  v_result := ts_order_submit (jsonb_strip_nulls (jsonb_build_object (
    'idempotency_key', p ->> 'idempotency_key', 'cart_id', v_cart, 'purchaser_id', p -> 'purchaser_id',
    'items', v_items, 'partner_answers', p -> 'partner_answers', 'web_access_hash', p ->> 'web_access_hash',
    -- S4: the whole total by card; nothing to pay (vouchers, T3), no payment
    'payments', CASE WHEN (v_content ->> 'total_cents')::bigint = 0 THEN '[]'::jsonb
                     ELSE jsonb_build_array (jsonb_build_object ('method', 'card',
                                                                 'amount_cents', (v_content ->> 'total_cents')::bigint,
                                                                 'reference', p -> 'payment' ->> 'reference')) END)));
  -- what the cart held is sold: the cart goes
  DELETE FROM cart WHERE id = v_cart;
  RETURN v_result;
END $$;

REVOKE ALL ON FUNCTION ts_shop_perf (integer), ts_shop_type_ok (ticket_type, redemption, performance),
                       ts_shop_price_list (performance),
                       ts_shop_live_cart (), ts_shop_taken (integer), ts_shop_zone_colours (integer),
                       ts_shop_ga (performance, jsonb), ts_shop_best_seats (performance, integer, text),
                       ts_shop_prices (performance), ts_shop_prices_of (jsonb, text),
                       ts_shop_line_zone (performance, text, boolean)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION ts_shop_performances (), ts_shop_performance (integer), ts_shop_plan (integer), ts_shop_plan_stamp (integer),
                       ts_shop_seats (integer), ts_shop_cart (), ts_shop_cart_hold (jsonb),
                       ts_shop_cart_release (jsonb), ts_shop_cart_types (jsonb), ts_shop_order_submit (jsonb)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_performances (), ts_shop_performance (integer), ts_shop_plan (integer), ts_shop_plan_stamp (integer),
                          ts_shop_seats (integer), ts_shop_cart (), ts_shop_cart_hold (jsonb),
                          ts_shop_cart_release (jsonb), ts_shop_cart_types (jsonb), ts_shop_order_submit (jsonb)
  TO tessera_app;
