-- 007-admin-dates-in-outlet-time.sql — "every outlet keeps an administrator
-- who can sign in" (C4) judges resignation dates by the outlet's own day, as
-- sign-in does (C6), not by the database server's.

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
    RAISE EXCEPTION 'This is the outlet''s last active administrator: every outlet keeps at least one (rule C4)'
      USING ERRCODE = 'TS409';
  END IF;
  RETURN NEW;
END $$;
