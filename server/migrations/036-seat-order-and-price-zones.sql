-- 036-seat-order-and-price-zones.sql — what the storefront's on-sale rush
-- reads on every hold, kept with the map instead of worked out from its plan
-- each time (issue 14; docs/architecture.md, "The on-sale rush"): each seat's
-- place in the plan's order (zones, rows, seats: "best available" walks it
-- and stops at the first free run), and the map's price zones (the
-- categories of its seats and areas, with the plan's colour and order: a
-- price list read 60,000 seat rows for the stadium's few zones, and a zone's
-- colour the whole 2 MB plan).  Both are kept by ts_map_sync, as the seat rows
-- themselves (server/functions/selling-maps.sql).
ALTER TABLE map_seat ADD COLUMN row_order integer NOT NULL DEFAULT 0,
                     ADD COLUMN seat_order integer NOT NULL DEFAULT 0;
CREATE INDEX map_seat_order ON map_seat (map_id, seat_order);
CREATE INDEX map_seat_category ON map_seat (map_id, category);

CREATE TABLE map_price_zone (
  map_id   integer NOT NULL REFERENCES theatre_map (id) ON DELETE CASCADE,
  category text,                                    -- NULL: seats or areas without one
  colour   text,                                    -- the plan's, when it lists the category
  position integer,                                 -- its place in the plan's list, or NULL
  UNIQUE NULLS NOT DISTINCT (map_id, category)
);
ALTER TABLE map_price_zone ENABLE ROW LEVEL SECURITY;
CREATE POLICY map_price_zone_read ON map_price_zone FOR SELECT USING (true);  -- M1: maps are for all
GRANT SELECT ON map_price_zone TO tessera_app;

SELECT count (ts_map_sync (id, plan, false)) FROM theatre_map;
