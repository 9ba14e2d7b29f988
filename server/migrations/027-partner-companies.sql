-- 027-partner-companies.sql — an outlet's partner companies, the events they are on, and each patron's contact preference for them with its consent record (rules K1–K5, P4, P7, R1)
--
-- partner_company: a co-producer or touring company of one outlet (K1),
-- never seen by another (P4).  event_partner_company: the partners of an
-- event, always of the event's own outlet (ts_event_partner_company_check).
-- partner_preference: a patron's current answer per partner (K2); no row
-- means not asked.  partner_preference_history: every answer ever set, with
-- when, how and by whom, appended by ts_partner_preference_record and never
-- changed: the consent record data-protection law expects.  The functions
-- named here are in server/functions/partners.sql, which runs before this.

CREATE TABLE partner_company (
  id                  serial PRIMARY KEY,
  outlet_id           integer NOT NULL REFERENCES outlet (id),
  name                text NOT NULL CHECK (length (name) BETWEEN 1 AND 120),
  collect_preferences boolean NOT NULL DEFAULT true,
  web_description     text NOT NULL DEFAULT '' CHECK (length (web_description) <= 2000),
  created_at          timestamptz NOT NULL DEFAULT now (),
  updated_at          timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX partner_company_name_key ON partner_company (outlet_id, lower (name));

-- K1: an event may have several partners.
CREATE TABLE event_partner_company (
  event_id           integer NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  partner_company_id integer NOT NULL REFERENCES partner_company (id),
  PRIMARY KEY (event_id, partner_company_id)
);
CREATE INDEX event_partner_company_partner ON event_partner_company (partner_company_id);

-- K2: YES, NO or NOT ASKED (no row is not asked too).
CREATE TABLE partner_preference (
  partner_company_id integer NOT NULL REFERENCES partner_company (id),
  patron_id          bigint NOT NULL REFERENCES patron (id),
  outlet_id          integer NOT NULL REFERENCES outlet (id),   -- the partner's, set by ts_partner_preference_outlet
  answer             text NOT NULL CHECK (answer IN ('yes', 'no', 'not_asked')),
  set_at             timestamptz NOT NULL DEFAULT now (),
  employee_id        integer REFERENCES employee (id),          -- NULL: the patron, online
  source             text NOT NULL CHECK (source IN ('checkout', 'patron_record', 'online')),
  PRIMARY KEY (partner_company_id, patron_id)
);
CREATE INDEX partner_preference_patron ON partner_preference (outlet_id, patron_id);

CREATE TABLE partner_preference_history (
  id                 bigserial PRIMARY KEY,
  outlet_id          integer NOT NULL REFERENCES outlet (id),
  partner_company_id integer NOT NULL REFERENCES partner_company (id),
  patron_id          bigint NOT NULL REFERENCES patron (id),
  answer             text NOT NULL CHECK (answer IN ('yes', 'no', 'not_asked')),
  source             text NOT NULL CHECK (source IN ('checkout', 'patron_record', 'online')),
  employee_id        integer REFERENCES employee (id),
  set_at             timestamptz NOT NULL
);
CREATE INDEX partner_preference_history_patron ON partner_preference_history (partner_company_id, patron_id, set_at);

CREATE TRIGGER partner_company_touch BEFORE UPDATE ON partner_company
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER event_partner_company_outlet BEFORE INSERT OR UPDATE ON event_partner_company
  FOR EACH ROW EXECUTE FUNCTION ts_event_partner_company_check ();
CREATE TRIGGER partner_preference_outlet BEFORE INSERT OR UPDATE ON partner_preference
  FOR EACH ROW EXECUTE FUNCTION ts_partner_preference_outlet ();
CREATE TRIGGER partner_preference_record AFTER INSERT OR UPDATE ON partner_preference
  FOR EACH ROW EXECUTE FUNCTION ts_partner_preference_record ();

-- R1: every write audited; the event's partners with the event's outlet as
-- the subject (ts_audit_setup_child).
CREATE TRIGGER partner_company_audit AFTER INSERT OR UPDATE OR DELETE ON partner_company
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
CREATE TRIGGER event_partner_company_audit AFTER INSERT OR UPDATE OR DELETE ON event_partner_company
  FOR EACH ROW EXECUTE FUNCTION ts_audit_setup_child ();
CREATE TRIGGER partner_preference_audit AFTER INSERT OR UPDATE OR DELETE ON partner_preference
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

-- Row-level security (P4, P7) -------------------------------------------------

ALTER TABLE partner_company ENABLE ROW LEVEL SECURITY;
CREATE POLICY partner_company_own ON partner_company FOR ALL
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
ALTER TABLE event_partner_company ENABLE ROW LEVEL SECURITY;
CREATE POLICY event_partner_company_own ON event_partner_company FOR ALL
  USING (EXISTS (SELECT 1 FROM partner_company c WHERE c.id = partner_company_id AND ts_ctx_sees (c.outlet_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM partner_company c WHERE c.id = partner_company_id AND ts_ctx_sees (c.outlet_id)));
ALTER TABLE partner_preference ENABLE ROW LEVEL SECURITY;
CREATE POLICY partner_preference_own ON partner_preference FOR ALL
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
-- K2: the consent record is read, never changed; its rows are written by
-- ts_partner_preference_record only.
ALTER TABLE partner_preference_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY partner_preference_history_own ON partner_preference_history FOR SELECT
  USING (ts_ctx_sees (outlet_id));

GRANT SELECT, INSERT, DELETE ON partner_company TO tessera_app;
GRANT UPDATE (name, collect_preferences, web_description) ON partner_company TO tessera_app;
GRANT SELECT, INSERT, DELETE ON event_partner_company TO tessera_app;
GRANT SELECT, INSERT ON partner_preference TO tessera_app;
GRANT UPDATE (answer, set_at, employee_id, source) ON partner_preference TO tessera_app;
GRANT SELECT ON partner_preference_history TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
