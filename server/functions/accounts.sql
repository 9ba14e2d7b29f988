-- accounts.sql — the rules the consortium's outlets, its licence and its
-- employees keep whatever writes them, checked by their triggers (rules C1,
-- C4).
--
-- after: 000 — before every migration: 001's triggers call these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

CREATE OR REPLACE FUNCTION ts_outlet_limit () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_licence integer;
  v_count integer;
BEGIN
  -- The settings row lock serialises concurrent creations: no check-then-insert race.
  SELECT licence_count INTO v_licence FROM system_setting FOR UPDATE;
  SELECT count (*) INTO v_count FROM outlet;
  IF v_count >= 20 THEN
    RAISE EXCEPTION 'The consortium already has 20 outlets, the most Tessera allows'  -- C1
      USING ERRCODE = 'TS422';
  END IF;
  IF v_count >= v_licence THEN
    RAISE EXCEPTION 'The licence allows % outlets and all % are in use', v_licence, v_count  -- C1
      USING ERRCODE = 'TS422';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ts_licence_floor () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_count integer;
BEGIN
  SELECT count (*) INTO v_count FROM outlet;
  IF NEW.licence_count < v_count THEN
    RAISE EXCEPTION 'The licence count cannot be lower than the % outlets that exist', v_count  -- C1
      USING ERRCODE = 'TS409';
  END IF;
  NEW.updated_at := now ();
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ts_employee_keep_admin () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_today date;
BEGIN
  SELECT (now () AT TIME ZONE o.time_zone)::date INTO v_today FROM outlet o WHERE o.id = OLD.outlet_id;
  v_today := coalesce (v_today, current_date);
  IF OLD.level = 'outlet_admin'
     AND (NEW.level <> 'outlet_admin' OR NEW.locked
          OR (NEW.resigned_on IS NOT NULL AND NEW.resigned_on <= v_today))
     AND NOT EXISTS (SELECT 1 FROM employee e
                     WHERE e.outlet_id = OLD.outlet_id AND e.id <> OLD.id
                       AND e.level = 'outlet_admin' AND NOT e.locked
                       AND (e.resigned_on IS NULL OR e.resigned_on > v_today)) THEN
    RAISE EXCEPTION 'This is the outlet''s last active administrator: every outlet keeps at least one'  -- C4
      USING ERRCODE = 'TS409';
  END IF;
  RETURN NEW;
END $$;
