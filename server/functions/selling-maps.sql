-- selling-maps.sql — a map's seats as selling sees them: the seat rows kept
-- from the plan, what a plan change may not remove, and the default holds it
-- may carry, in their current form (rules M1, M3, M4, M8).
--
-- after: 019
--
-- Run again whenever its text changes, like the other files of
-- server/functions/; everything here is CREATE OR REPLACE.

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
  IF to_regclass ('pg_temp.ts_new_seat2') IS NULL THEN
    CREATE TEMP TABLE ts_new_seat2 (guid text PRIMARY KEY, zone text, row_label text,
                                   number text, category text, hold text) ON COMMIT DROP;
  END IF;
  TRUNCATE ts_new_seat2;
  INSERT INTO ts_new_seat2
    SELECT DISTINCT ON (s ->> 'seat_guid') s ->> 'seat_guid', coalesce (z ->> 'name', ''),
           coalesce (r ->> 'row_number', ''), coalesce (s ->> 'seat_number', ''), s ->> 'category',
           s -> 'tessera' ->> 'hold'
    FROM jsonb_array_elements (coalesce (p_plan -> 'zones', '[]')) z,
         jsonb_array_elements (coalesce (z -> 'rows', '[]')) r,
         jsonb_array_elements (coalesce (r -> 'seats', '[]')) s
    WHERE s ->> 'seat_guid' IS NOT NULL;

  -- M1, M8: a default hold is one of the hold letters.
  SELECT string_agg (format ('%s: “%s”', concat_ws (' ', nullif (n.zone, ''),
                                                    CASE WHEN n.row_label <> '' THEN 'row ' || n.row_label END,
                                                    CASE WHEN n.number <> '' THEN 'seat ' || n.number END),
                             left (n.hold, 20)), ', ' ORDER BY n.guid)
    INTO v_bad
    FROM ts_new_seat2 n
    WHERE n.hold IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hold_letter h WHERE h.letter = n.hold);
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'seats: a default hold must be a hold letter (rules M1, M8): %', v_bad USING ERRCODE = 'TS400';
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
                    AND NOT EXISTS (SELECT 1 FROM ts_new_seat2 n WHERE n.guid = c.seat_guid)
                  UNION
                  SELECT DISTINCT a.name, a.name
                  FROM performance_ga g JOIN performance p ON p.id = g.performance_id JOIN event e ON e.id = p.event_id
                  JOIN map_ga_area a ON a.map_id = p_map AND a.area_key = g.area_key
                  WHERE e.map_id = p_map AND p.starts_at > now () AND g.taken > 0
                    AND NOT EXISTS (SELECT 1 FROM ts_new_area n WHERE n.area_key = g.area_key)) y) x;
    IF v_lost > 0 THEN
      RAISE EXCEPTION 'The map is in use: % % sold, held or in a cart for a future performance (rule M4)',
        v_names || CASE WHEN v_lost > 5 THEN format (' and %s more', v_lost - 5) ELSE '' END,
        CASE WHEN v_lost = 1 THEN 'is' ELSE 'are' END USING ERRCODE = 'TS409';
    END IF;
  END IF;

  DELETE FROM map_seat m WHERE m.map_id = p_map
    AND NOT EXISTS (SELECT 1 FROM ts_new_seat2 n WHERE n.guid = m.guid);
  INSERT INTO map_seat (map_id, guid, zone, row_label, number, category, default_hold)
    SELECT p_map, n.guid, n.zone, n.row_label, n.number, n.category, n.hold FROM ts_new_seat2 n
    ON CONFLICT (map_id, guid) DO UPDATE
      SET zone = EXCLUDED.zone, row_label = EXCLUDED.row_label,
          number = EXCLUDED.number, category = EXCLUDED.category, default_hold = EXCLUDED.default_hold
      WHERE (map_seat.zone, map_seat.row_label, map_seat.number, map_seat.category, map_seat.default_hold)
            IS DISTINCT FROM (EXCLUDED.zone, EXCLUDED.row_label, EXCLUDED.number, EXCLUDED.category,
                              EXCLUDED.default_hold);

  DELETE FROM map_ga_area WHERE map_id = p_map;
  INSERT INTO map_ga_area (map_id, area_key, name, category, capacity)
    SELECT p_map, n.area_key, n.name, n.category, n.capacity FROM ts_new_area n;
END $$;
