-- 008-events.sql — events, performances, ticket types, redemptions, prices,
-- commission tables and hold letters (rules E1–E5, T1–T6, M4, M5, M8)
--
-- Setup tables belong to one outlet and are visible to it alone (E1).  Other
-- outlets reach a performance they may sell only through the SECURITY DEFINER
-- functions of server/functions/selling-*.sql, which hand out what E4 allows
-- and nothing else.
--
-- The functions its triggers call run before it, from server/functions/
-- events.sql, pricing.sql and audit.sql; the levels' ranks are in
-- foundation.sql, the maps' seat rows in selling-maps.sql.

-- Seats of every map, kept from the plan (M3) ------------------------------

-- One row per seat and per general-admission area, so that selling looks a
-- seat up by its stable identifier instead of walking the plan.
CREATE TABLE map_seat (
  map_id    integer NOT NULL REFERENCES theatre_map (id) ON DELETE CASCADE,
  guid      text NOT NULL,
  zone      text NOT NULL DEFAULT '',
  row_label text NOT NULL DEFAULT '',
  number    text NOT NULL DEFAULT '',
  category  text,                                  -- price zone (T4)
  PRIMARY KEY (map_id, guid)
);

-- A general-admission area is keyed "zone#n": the n-th area with a capacity
-- in that zone of the plan.
CREATE TABLE map_ga_area (
  map_id    integer NOT NULL REFERENCES theatre_map (id) ON DELETE CASCADE,
  area_key  text NOT NULL,
  name      text NOT NULL,
  category  text,
  capacity  integer NOT NULL CHECK (capacity > 0),
  PRIMARY KEY (map_id, area_key)
);

-- Hold letters (M8) and the display-letter choice (M5) ---------------------

CREATE TABLE hold_letter (
  letter      text PRIMARY KEY CHECK (letter ~ '^[a-z]$'),
  description text NOT NULL CHECK (length (description) BETWEEN 1 AND 120),
  color       text NOT NULL CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
  -- M8 "employees set and release only the letters they are allowed": the
  -- lowest level (C4) that may; Box Office by default.
  min_level   text NOT NULL DEFAULT 'box_office'
              CHECK (min_level IN ('walkup', 'box_office', 'box_office_manager', 'outlet_admin', 'master'))
);
INSERT INTO hold_letter (letter, description, color, min_level) VALUES
  ('h', 'House seats', '#8E44AD', 'box_office_manager'),
  ('c', 'Company',     '#2980B9', 'box_office'),
  ('p', 'Press',       '#16A085', 'box_office'),
  ('w', 'Wheelchair',  '#D35400', 'box_office'),
  ('k', 'Kill (not sold)', '#7F8C8D', 'box_office_manager');

-- M8: the letters other outlets' agents may release on this outlet's
-- performances (they may never set holds there).
ALTER TABLE outlet ADD COLUMN releasable_hold_letters text NOT NULL DEFAULT ''
  CHECK (releasable_hold_letters ~ '^[a-z]*$');

-- M5: where the upper-case letter of a sold seat comes from.
ALTER TABLE system_setting ADD COLUMN display_letter_source text NOT NULL DEFAULT 'ticket_type'
  CHECK (display_letter_source IN ('ticket_type', 'price_zone'));

-- Events and performances (E1–E5) ------------------------------------------

CREATE TABLE event (
  id          serial PRIMARY KEY,
  outlet_id   integer NOT NULL REFERENCES outlet (id),     -- the owning outlet (E1)
  name        text NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length (description) <= 4000),
  map_id      integer NOT NULL REFERENCES theatre_map (id),  -- any outlet's map (M1)
  created_at  timestamptz NOT NULL DEFAULT now (),
  updated_at  timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX event_outlet ON event (outlet_id);

CREATE TABLE performance (
  id                  serial PRIMARY KEY,
  event_id            integer NOT NULL REFERENCES event (id),
  outlet_id           integer NOT NULL REFERENCES outlet (id),   -- = the event's (checked)
  starts_at           timestamptz NOT NULL,
  capacity            integer NOT NULL CHECK (capacity >= 0),     -- house capacity (E5)
  advance_limit       integer NOT NULL CHECK (advance_limit >= 0),
  status              text NOT NULL DEFAULT 'scheduled'
                      CHECK (status IN ('scheduled', 'postponed', 'cancelled')),
  -- E2: three sales windows; NULL on-sale = not open.
  box_office_on_sale  timestamptz,
  box_office_off_sale timestamptz,
  internet_on_sale    timestamptz,
  internet_off_sale   timestamptz,
  outlets_on_sale     timestamptz,
  outlets_off_sale    timestamptz,
  allow_other_outlets boolean NOT NULL DEFAULT false,              -- E3
  -- Running counts kept by the selling functions under the row's lock (T2).
  claimed             integer NOT NULL DEFAULT 0 CHECK (claimed >= 0),  -- sold + held + in carts
  sold                integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
  created_at          timestamptz NOT NULL DEFAULT now (),
  updated_at          timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT performance_advance_within_capacity CHECK (advance_limit <= capacity),
  CONSTRAINT performance_box_office_window CHECK (box_office_off_sale IS NULL OR box_office_on_sale IS NULL OR box_office_off_sale > box_office_on_sale),
  CONSTRAINT performance_internet_window CHECK (internet_off_sale IS NULL OR internet_on_sale IS NULL OR internet_off_sale > internet_on_sale),
  CONSTRAINT performance_sellers_window CHECK (outlets_off_sale IS NULL OR outlets_on_sale IS NULL OR outlets_off_sale > outlets_on_sale)
);
CREATE INDEX performance_event ON performance (event_id, starts_at);
CREATE INDEX performance_by_outlet ON performance (outlet_id, starts_at);

-- E3: when the list is empty every outlet may sell an allowed performance.
CREATE TABLE performance_seller (
  performance_id integer NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
  outlet_id      integer NOT NULL REFERENCES outlet (id),
  PRIMARY KEY (performance_id, outlet_id)
);

CREATE TRIGGER performance_owner BEFORE INSERT OR UPDATE ON performance
  FOR EACH ROW EXECUTE FUNCTION ts_performance_owner_check ();

-- E5: a performance with sales cannot be deleted (cancel it instead).
CREATE TRIGGER performance_keep_sold BEFORE DELETE ON performance
  FOR EACH ROW EXECUTE FUNCTION ts_performance_keep_sold ();

-- Ticket types, commissions, redemptions, prices (T1–T6) ---------------------

CREATE TABLE commission_table (
  id            serial PRIMARY KEY,
  outlet_id     integer NOT NULL REFERENCES outlet (id),
  name          text NOT NULL CHECK (length (name) BETWEEN 1 AND 120),
  amount_cents  integer NOT NULL DEFAULT 0 CHECK (amount_cents BETWEEN 0 AND 100000000),
  -- T6: percentage in hundredths of a percent (1250 = 12.50 %) of the price
  -- after discounts, before fees.
  percent_bp    integer NOT NULL DEFAULT 0 CHECK (percent_bp BETWEEN 0 AND 10000),
  created_at    timestamptz NOT NULL DEFAULT now (),
  updated_at    timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX commission_table_name_key ON commission_table (outlet_id, lower (name));

CREATE TABLE ticket_type (
  id                   serial PRIMARY KEY,
  outlet_id            integer NOT NULL REFERENCES outlet (id),
  name                 text NOT NULL CHECK (length (name) BETWEEN 1 AND 120),
  category             text NOT NULL DEFAULT 'regular'
                       CHECK (category IN ('regular', 'comp', 'subscription', 'bundle_component', 'non_ticket')),
  price_cents          integer NOT NULL CHECK (price_cents BETWEEN 0 AND 100000000),
  display_letter       text CHECK (display_letter ~ '^[A-Z]$'),                  -- M5
  subscribers_only     boolean NOT NULL DEFAULT false,                          -- T3
  qualifies_subscriber boolean NOT NULL DEFAULT false,                          -- T3
  other_outlets        boolean NOT NULL DEFAULT false,                          -- T5
  commission_table_id  integer REFERENCES commission_table (id),                -- T5, T6
  -- T3: a subscription bundle holds this many open vouchers of a component type.
  bundle_component_id  integer REFERENCES ticket_type (id),
  bundle_size          integer NOT NULL DEFAULT 0 CHECK (bundle_size BETWEEN 0 AND 100),
  active               boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now (),
  updated_at           timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT ticket_type_comp_is_free CHECK (category <> 'comp' OR price_cents = 0),
  CONSTRAINT ticket_type_bundle CHECK ((category = 'subscription') = (bundle_component_id IS NOT NULL AND bundle_size > 0)),
  -- T5: only regular tickets may be offered to other outlets, with a commission table.
  CONSTRAINT ticket_type_other_outlets CHECK (NOT other_outlets OR (category = 'regular' AND commission_table_id IS NOT NULL))
);
CREATE UNIQUE INDEX ticket_type_name_key ON ticket_type (outlet_id, lower (name));

CREATE TRIGGER ticket_type_check BEFORE INSERT OR UPDATE ON ticket_type
  FOR EACH ROW EXECUTE FUNCTION ts_ticket_type_check ();

CREATE TABLE redemption (
  id             serial PRIMARY KEY,
  outlet_id      integer NOT NULL REFERENCES outlet (id),
  ticket_type_id integer NOT NULL REFERENCES ticket_type (id),
  performance_id integer NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
  sales_start    timestamptz,
  sales_end      timestamptz,
  cap            integer CHECK (cap >= 0),                 -- NULL: no cap of its own
  min_per_order  integer NOT NULL DEFAULT 1 CHECK (min_per_order >= 1),
  max_per_order  integer CHECK (max_per_order >= 1),
  promo_codes    text[] NOT NULL DEFAULT '{}',             -- stored lower-case (T2)
  sold           integer NOT NULL DEFAULT 0 CHECK (sold >= 0),   -- kept under the row's lock
  created_at     timestamptz NOT NULL DEFAULT now (),
  updated_at     timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT redemption_window CHECK (sales_end IS NULL OR sales_start IS NULL OR sales_end > sales_start),
  CONSTRAINT redemption_per_order CHECK (max_per_order IS NULL OR max_per_order >= min_per_order),
  CONSTRAINT redemption_key UNIQUE (ticket_type_id, performance_id)
);
CREATE INDEX redemption_performance ON redemption (performance_id);

CREATE TRIGGER redemption_check BEFORE INSERT OR UPDATE ON redemption
  FOR EACH ROW EXECUTE FUNCTION ts_redemption_check ();

-- T4: a price per price zone (map category) for this type at this performance;
-- zones without a row sell at the ticket type's price.
CREATE TABLE redemption_price (
  redemption_id integer NOT NULL REFERENCES redemption (id) ON DELETE CASCADE,
  category      text NOT NULL CHECK (length (category) BETWEEN 1 AND 200),
  price_cents   integer NOT NULL CHECK (price_cents BETWEEN 0 AND 100000000),
  PRIMARY KEY (redemption_id, category)
);

-- Housekeeping ---------------------------------------------------------------

CREATE TRIGGER event_touch BEFORE UPDATE ON event FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER performance_touch BEFORE UPDATE ON performance FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER commission_table_touch BEFORE UPDATE ON commission_table FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER ticket_type_touch BEFORE UPDATE ON ticket_type FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER redemption_touch BEFORE UPDATE ON redemption FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();

CREATE TRIGGER event_audit AFTER INSERT OR UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
-- The running counts change with every sale; the sale itself is audited.
CREATE TRIGGER performance_audit AFTER INSERT OR UPDATE OR DELETE ON performance
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('claimed', 'sold');
CREATE TRIGGER commission_table_audit AFTER INSERT OR UPDATE OR DELETE ON commission_table FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
CREATE TRIGGER ticket_type_audit AFTER INSERT OR UPDATE OR DELETE ON ticket_type FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
CREATE TRIGGER redemption_audit AFTER INSERT OR UPDATE OR DELETE ON redemption
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('sold');
CREATE TRIGGER hold_letter_audit AFTER INSERT OR UPDATE OR DELETE ON hold_letter FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

-- R1: the rows that hang off a performance or a redemption, with the owning
-- outlet as the subject (ts_audit_setup_child).
CREATE TRIGGER performance_seller_audit AFTER INSERT OR UPDATE OR DELETE ON performance_seller
  FOR EACH ROW EXECUTE FUNCTION ts_audit_setup_child ();
CREATE TRIGGER redemption_price_audit AFTER INSERT OR UPDATE OR DELETE ON redemption_price
  FOR EACH ROW EXECUTE FUNCTION ts_audit_setup_child ();

-- Row-level security (E1, P7) ------------------------------------------------

ALTER TABLE map_seat ENABLE ROW LEVEL SECURITY;
CREATE POLICY map_seat_read ON map_seat FOR SELECT USING (true);          -- M1: maps are for all
ALTER TABLE map_ga_area ENABLE ROW LEVEL SECURITY;
CREATE POLICY map_ga_area_read ON map_ga_area FOR SELECT USING (true);
ALTER TABLE hold_letter ENABLE ROW LEVEL SECURITY;
CREATE POLICY hold_letter_read ON hold_letter FOR SELECT USING (true);
CREATE POLICY hold_letter_write ON hold_letter FOR ALL USING (ts_ctx_master ()) WITH CHECK (ts_ctx_master ());

ALTER TABLE event ENABLE ROW LEVEL SECURITY;
CREATE POLICY event_own ON event FOR ALL USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
ALTER TABLE performance ENABLE ROW LEVEL SECURITY;
CREATE POLICY performance_own ON performance FOR ALL USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
ALTER TABLE performance_seller ENABLE ROW LEVEL SECURITY;
CREATE POLICY performance_seller_own ON performance_seller FOR ALL
  USING (EXISTS (SELECT 1 FROM performance p WHERE p.id = performance_id AND ts_ctx_sees (p.outlet_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM performance p WHERE p.id = performance_id AND ts_ctx_sees (p.outlet_id)));
ALTER TABLE commission_table ENABLE ROW LEVEL SECURITY;
CREATE POLICY commission_table_own ON commission_table FOR ALL USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
ALTER TABLE ticket_type ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_type_own ON ticket_type FOR ALL USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
ALTER TABLE redemption ENABLE ROW LEVEL SECURITY;
CREATE POLICY redemption_own ON redemption FOR ALL USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
ALTER TABLE redemption_price ENABLE ROW LEVEL SECURITY;
CREATE POLICY redemption_price_own ON redemption_price FOR ALL
  USING (EXISTS (SELECT 1 FROM redemption r WHERE r.id = redemption_id AND ts_ctx_sees (r.outlet_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM redemption r WHERE r.id = redemption_id AND ts_ctx_sees (r.outlet_id)));

GRANT SELECT ON map_seat, map_ga_area, hold_letter TO tessera_app;
GRANT INSERT, UPDATE, DELETE ON hold_letter TO tessera_app;
GRANT UPDATE (releasable_hold_letters) ON outlet TO tessera_app;
GRANT UPDATE (display_letter_source) ON system_setting TO tessera_app;
GRANT SELECT, INSERT, DELETE ON event, performance TO tessera_app;
GRANT UPDATE (name, description, map_id) ON event TO tessera_app;
GRANT UPDATE (starts_at, capacity, advance_limit, status, box_office_on_sale, box_office_off_sale,
              internet_on_sale, internet_off_sale, outlets_on_sale, outlets_off_sale,
              allow_other_outlets) ON performance TO tessera_app;
GRANT SELECT, INSERT, DELETE ON performance_seller TO tessera_app;
GRANT SELECT, INSERT ON commission_table TO tessera_app;
-- not outlet_id: a table moved to another outlet would leave the ticket types
-- that use it pointing at another outlet's commissions (T5, T6)
GRANT UPDATE (name, amount_cents, percent_bp) ON commission_table TO tessera_app;
GRANT SELECT, INSERT ON ticket_type TO tessera_app;
GRANT UPDATE (name, category, price_cents, display_letter, subscribers_only, qualifies_subscriber,
              other_outlets, commission_table_id, bundle_component_id, bundle_size, active)
  ON ticket_type TO tessera_app;
GRANT SELECT, INSERT, DELETE ON redemption TO tessera_app;
GRANT UPDATE (sales_start, sales_end, cap, min_per_order, max_per_order, promo_codes) ON redemption TO tessera_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON redemption_price TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
