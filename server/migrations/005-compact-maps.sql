-- 005-compact-maps.sql — keep each map's compact encoding beside its plan, so
-- a client loads a 60,000-seat map without the server reparsing the plan.
-- Written whenever the plan is; NULL for maps stored before this migration
-- (the server then computes it on the fly).

ALTER TABLE theatre_map ADD COLUMN compact jsonb;
GRANT INSERT (outlet_id, name, plan, seat_count, ga_capacity, copied_from, compact) ON theatre_map TO tessera_app;
GRANT UPDATE (compact) ON theatre_map TO tessera_app;

DROP TRIGGER theatre_map_audit ON theatre_map;
CREATE TRIGGER theatre_map_audit AFTER INSERT OR UPDATE OR DELETE ON theatre_map
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('plan', 'compact');
