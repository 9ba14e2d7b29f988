-- live.sql — what the live feed asks the database, in its current form
-- (rules M6, M7, E3, E4, P7).
--
-- after: 019
--
-- Not a numbered migration: the server runs it again whenever its text
-- changes (ts_migrations_apply).  Everything here is CREATE OR REPLACE (and
-- grants that may be given twice).

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
