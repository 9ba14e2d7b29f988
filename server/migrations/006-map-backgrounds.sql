-- 006-map-backgrounds.sql — an optional SVG drawn under a map's seats
-- (architecture, a hall's outline), changed by the owning outlet only (M1).

ALTER TABLE theatre_map ADD COLUMN background_svg text CHECK (length (background_svg) <= 2097152);
GRANT UPDATE (background_svg) ON theatre_map TO tessera_app;

DROP TRIGGER theatre_map_audit ON theatre_map;
CREATE TRIGGER theatre_map_audit AFTER INSERT OR UPDATE OR DELETE ON theatre_map
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('plan', 'compact', 'background_svg');
