-- live.sql — the live feed's side in the database (rules M6, M7, E3, E4,
-- P7): what the selling transaction publishes at commit (tessera_seats), what
-- publishes a change of who may view what (tessera_access), and what the
-- feed asks.
--
-- after: 008 — before 009 and 018, whose triggers call these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Seat changes, published in the selling transaction (NOTIFY at commit) --------------

-- One notification on tessera_seats; too long for NOTIFY's 8000 bytes, it
-- says only "reload".
CREATE OR REPLACE FUNCTION ts_notify_payload (p_performance integer, p_seats jsonb, p_ga jsonb) RETURNS void
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

-- The seats whose claims a statement changed, with their new state and
-- letter, one notification per performance.
CREATE OR REPLACE FUNCTION ts_notify_claims () RETURNS trigger
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

-- The general-admission areas whose places a statement changed.
CREATE OR REPLACE FUNCTION ts_notify_ga () RETURNS trigger
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

-- Who may view what: a session ended, an employee's level, lock or dates, a
-- performance's sellers, window or status (migration 018).  Payloads name an
-- employee or a performance, nothing else.

-- Trigger argument: the column of the row that names the employee or the
-- performance concerned.
CREATE OR REPLACE FUNCTION ts_notify_access () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_row jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    v_row := to_jsonb (OLD);
  ELSE
    v_row := to_jsonb (NEW);
  END IF;
  PERFORM pg_notify ('tessera_access', jsonb_build_object (TG_ARGV[0], v_row -> TG_ARGV[1])::text);
  RETURN NULL;
END $$;

-- The first moment after now at which the caller may stop viewing one of
-- these performances by the clock alone — the other outlets' window closes,
-- or the performance's day ends in its owner's time and it is past (E3, E4,
-- ts_outlet_window_open) — so that the feed asks again then rather than a
-- minute later.  Only performances the caller may view now count: no one
-- learns another outlet's windows from it.  NULL when nothing closes.
CREATE OR REPLACE FUNCTION ts_live_until (p_performances integer[]) RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT min (least (p.outlets_off_sale,
                     ((p.starts_at AT TIME ZONE o.time_zone)::date + 1)::timestamp AT TIME ZONE o.time_zone))
    FROM performance p JOIN outlet o ON o.id = p.outlet_id
   WHERE p.id = ANY (p_performances)
     AND ts_sell_role (p.id, ts_ctx_outlet ()) = 'seller' AND ts_performance_viewable (p.id)
$$;

REVOKE EXECUTE ON FUNCTION ts_live_until (integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_live_until (integer[]) TO tessera_app;
