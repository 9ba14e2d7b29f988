-- 010-default-holds.sql — a map's default holds (rules M1, M8): the owner marks
-- seats with a hold letter on the map (house seats, a sound desk, wheelchair
-- spaces); every new performance of an event on that map starts with those
-- seats held, each a live claim like any other hold (S1), released by letter
-- as M8 allows.  Seats carry the letter in the plan's extension
-- ("tessera": {"hold": "h"}).
--
-- ts_map_sync and the trigger function are in server/functions/
-- selling-maps.sql, which runs before this migration; the seat rows of the
-- maps that exist are filled here, with the new column.

ALTER TABLE map_seat ADD COLUMN default_hold text;

SELECT count (ts_map_sync (id, plan, false)) FROM theatre_map;

CREATE TRIGGER performance_default_holds AFTER INSERT ON performance
  FOR EACH ROW EXECUTE FUNCTION ts_performance_default_holds ();
