-- events.sql — what events and performances keep whatever writes them
-- (rules E1, E5), checked by their triggers.
--
-- after: 007 — before 008, which creates the tables and attaches these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- E1: a performance belongs to its event's outlet, and stays with its event.
CREATE OR REPLACE FUNCTION ts_performance_owner_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NEW.outlet_id IS DISTINCT FROM (SELECT outlet_id FROM event WHERE id = NEW.event_id) THEN
    RAISE EXCEPTION 'A performance belongs to its event''s outlet' USING ERRCODE = 'TS403';  -- E1
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id THEN
    RAISE EXCEPTION 'A performance cannot move to another event' USING ERRCODE = 'TS400';
  END IF;
  RETURN NEW;
END $$;

-- E5: a performance (or a redemption) that has ever sold keeps its history:
-- refunded sales too.  Cancel it instead.
CREATE OR REPLACE FUNCTION ts_performance_keep_sold () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF OLD.sold > 0 OR OLD.claimed > 0 OR EXISTS (SELECT 1 FROM order_item WHERE performance_id = OLD.id) THEN
    RAISE EXCEPTION 'This performance has sales or holds: it cannot be deleted, cancel it instead'  -- E5
      USING ERRCODE = 'TS409';
  END IF;
  RETURN OLD;
END $$;
