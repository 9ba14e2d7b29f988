-- 004-theatre-maps.sql — theatre maps owned by outlets (rules M1, M2, M3)
--
-- A map's plan is stored whole, as pretix seating-plan JSON with Tessera's
-- extensions (common/ts-seat-plan-pretix.c reads and writes it); the seat
-- count and general-admission capacity are kept beside it for lists.

CREATE TABLE theatre_map (
  id             serial PRIMARY KEY,
  outlet_id      integer NOT NULL REFERENCES outlet (id),   -- the owner (M1)
  name           text NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  plan           jsonb NOT NULL,
  seat_count     integer NOT NULL CHECK (seat_count >= 0),
  ga_capacity    integer NOT NULL DEFAULT 0 CHECK (ga_capacity >= 0),
  copied_from    integer REFERENCES theatre_map (id),       -- M2: duplicated by the Master User
  created_at     timestamptz NOT NULL DEFAULT now (),
  updated_at     timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX theatre_map_outlet ON theatre_map (outlet_id);

CREATE TRIGGER theatre_map_touch BEFORE UPDATE ON theatre_map
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
-- The audit keeps who changed which map and when; not the plan itself, which
-- can be megabytes (a 60,000-seat stadium).
CREATE TRIGGER theatre_map_audit AFTER INSERT OR UPDATE OR DELETE ON theatre_map
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('plan');

-- M1: any outlet may use (read) any map; only its owner changes it.
ALTER TABLE theatre_map ENABLE ROW LEVEL SECURITY;
CREATE POLICY theatre_map_read ON theatre_map FOR SELECT USING (true);
CREATE POLICY theatre_map_insert ON theatre_map FOR INSERT WITH CHECK (ts_ctx_sees (outlet_id));
CREATE POLICY theatre_map_update ON theatre_map FOR UPDATE
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));

GRANT SELECT, INSERT ON theatre_map TO tessera_app;
GRANT UPDATE (name, plan, seat_count, ga_capacity) ON theatre_map TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
