-- 002-patrons.sql — the shared patron directory and each outlet's private
-- relationship with patrons (rules P1–P7, R1)

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- The functions its generated columns and triggers call (ts_fold,
-- ts_digits, ts_postal, ts_mailing_list_member_outlet) run before it, from
-- server/functions/patron-search.sql and patron-data.sql; the directory's
-- own (the effective primaries, the JSON) are in patrons.sql.

-- Names are shared (P1) -----------------------------------------------------
-- An organisation may have only a company name.

ALTER TABLE patron ALTER COLUMN last_name DROP NOT NULL;
ALTER TABLE patron ADD CONSTRAINT patron_has_a_name
  CHECK (last_name IS NOT NULL OR company IS NOT NULL);

ALTER TABLE patron
  ADD COLUMN search_name text GENERATED ALWAYS AS (
    ts_fold (btrim (regexp_replace (coalesce (first_name, '') || ' ' || coalesce (middle_name, '') || ' '
                                    || coalesce (last_name, '') || ' ' || coalesce (company, ''), '\s+', ' ', 'g')))) STORED;
CREATE INDEX patron_search_name ON patron USING gin (search_name gin_trgm_ops);
CREATE INDEX patron_last_name ON patron (ts_fold (last_name), ts_fold (first_name));

-- Contact points are shared (P1) ---------------------------------------------

CREATE TABLE contact_point (
  id                bigserial PRIMARY KEY,
  patron_id         bigint NOT NULL REFERENCES patron (id),
  kind              text NOT NULL CHECK (kind IN ('address', 'phone', 'email', 'fax', 'web')),
  label             text NOT NULL DEFAULT 'home'
                    CHECK (label IN ('home', 'work', 'mobile', 'billing', 'seasonal', 'other')),
  value             text CHECK (length (value) <= 300),              -- phone, e-mail, fax, web
  line1             text CHECK (length (line1) <= 120),              -- address
  line2             text CHECK (length (line2) <= 120),
  city              text CHECK (length (city) <= 80),
  region            text CHECK (length (region) <= 80),
  postal_code       text CHECK (length (postal_code) <= 20),
  country           text CHECK (length (country) <= 80),
  search_value      text GENERATED ALWAYS AS (
                      CASE kind WHEN 'address' THEN ts_postal (postal_code)
                                WHEN 'phone' THEN ts_digits (value)
                                WHEN 'fax' THEN ts_digits (value)
                                ELSE lower (value) END) STORED,
  created_by_outlet integer REFERENCES outlet (id),
  retired_at        timestamptz,     -- removed from use; kept for history and audit
  created_at        timestamptz NOT NULL DEFAULT now (),
  updated_at        timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT contact_point_shape CHECK (
    CASE WHEN kind = 'address' THEN value IS NULL AND line1 IS NOT NULL
         ELSE value IS NOT NULL AND line1 IS NULL AND line2 IS NULL AND city IS NULL
              AND region IS NULL AND postal_code IS NULL AND country IS NULL END)
);
CREATE INDEX contact_point_patron ON contact_point (patron_id, kind) WHERE retired_at IS NULL;
CREATE INDEX contact_point_search ON contact_point (kind, search_value text_pattern_ops) WHERE retired_at IS NULL;
CREATE INDEX contact_point_phone_tail ON contact_point (right (search_value, 7))
  WHERE retired_at IS NULL AND kind IN ('phone', 'fax');

CREATE TRIGGER contact_point_touch BEFORE UPDATE ON contact_point
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER contact_point_audit AFTER INSERT OR UPDATE OR DELETE ON contact_point
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

ALTER TABLE contact_point ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_point_read ON contact_point FOR SELECT USING (true);
CREATE POLICY contact_point_insert ON contact_point FOR INSERT
  WITH CHECK (ts_ctx_master () OR ts_ctx_outlet () IS NOT NULL);
CREATE POLICY contact_point_update ON contact_point FOR UPDATE
  USING (ts_ctx_master () OR ts_ctx_outlet () IS NOT NULL);

-- Primary contact per outlet (P2) -------------------------------------------
-- A row records an outlet's own choice.  No row: the outlet follows the
-- creating outlet's choice.  Each outlet reads and writes only its own rows.

CREATE TABLE contact_primary (
  outlet_id        integer NOT NULL REFERENCES outlet (id),
  patron_id        bigint NOT NULL REFERENCES patron (id),
  kind             text NOT NULL CHECK (kind IN ('address', 'phone', 'email', 'fax', 'web')),
  contact_point_id bigint NOT NULL REFERENCES contact_point (id),
  chosen_at        timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (outlet_id, patron_id, kind)
);
CREATE INDEX contact_primary_point ON contact_primary (contact_point_id);
CREATE TRIGGER contact_primary_audit AFTER INSERT OR UPDATE OR DELETE ON contact_primary
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
ALTER TABLE contact_primary ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_primary_own ON contact_primary FOR ALL
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));

-- Each outlet's own relationship with a patron (P4): never shared ----------

CREATE TABLE patron_note (
  id          bigserial PRIMARY KEY,
  outlet_id   integer NOT NULL REFERENCES outlet (id),
  patron_id   bigint NOT NULL REFERENCES patron (id),
  body        text NOT NULL CHECK (length (body) BETWEEN 1 AND 4000),
  employee_id integer REFERENCES employee (id),
  created_at  timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX patron_note_patron ON patron_note (outlet_id, patron_id);

CREATE TABLE patron_tag (
  outlet_id  integer NOT NULL REFERENCES outlet (id),
  patron_id  bigint NOT NULL REFERENCES patron (id),
  tag        text NOT NULL CHECK (tag ~ '^[[:alnum:] _.-]{1,40}$'),
  created_at timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (outlet_id, patron_id, tag)
);

CREATE TABLE mailing_list (
  id          serial PRIMARY KEY,
  outlet_id   integer NOT NULL REFERENCES outlet (id),
  name        text NOT NULL CHECK (length (name) BETWEEN 1 AND 120),
  description text CHECK (length (description) <= 1000),
  created_at  timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX mailing_list_name_key ON mailing_list (outlet_id, lower (name));

CREATE TABLE mailing_list_member (
  outlet_id       integer NOT NULL REFERENCES outlet (id),
  mailing_list_id integer NOT NULL REFERENCES mailing_list (id),
  patron_id       bigint NOT NULL REFERENCES patron (id),
  added_at        timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (mailing_list_id, patron_id)
);
CREATE INDEX mailing_list_member_patron ON mailing_list_member (outlet_id, patron_id);

CREATE TRIGGER mailing_list_member_outlet BEFORE INSERT OR UPDATE ON mailing_list_member
  FOR EACH ROW EXECUTE FUNCTION ts_mailing_list_member_outlet ();

CREATE TABLE donation (
  id              bigserial PRIMARY KEY,
  outlet_id       integer NOT NULL REFERENCES outlet (id),
  patron_id       bigint NOT NULL REFERENCES patron (id),
  amount_cents    bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents < 100000000000),
  donated_on      date NOT NULL,
  fund            text NOT NULL CHECK (length (fund) BETWEEN 1 AND 80),
  method          text NOT NULL CHECK (method IN ('cash', 'cheque', 'card', 'transfer', 'in_kind', 'other')),
  acknowledged_on date,
  note            text CHECK (length (note) <= 1000),
  employee_id     integer REFERENCES employee (id),
  created_at      timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX donation_patron ON donation (outlet_id, patron_id);

CREATE TABLE membership (
  id         bigserial PRIMARY KEY,
  outlet_id  integer NOT NULL REFERENCES outlet (id),
  patron_id  bigint NOT NULL REFERENCES patron (id),
  level      text NOT NULL CHECK (length (level) BETWEEN 1 AND 80),
  starts_on  date NOT NULL,
  ends_on    date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT membership_dates CHECK (ends_on >= starts_on)
);
CREATE INDEX membership_patron ON membership (outlet_id, patron_id);

CREATE TABLE contact_preference (
  outlet_id  integer NOT NULL REFERENCES outlet (id),
  patron_id  bigint NOT NULL REFERENCES patron (id),
  may_mail   boolean NOT NULL DEFAULT false,
  may_email  boolean NOT NULL DEFAULT false,
  may_phone  boolean NOT NULL DEFAULT false,
  consent_on date,
  updated_at timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (outlet_id, patron_id)
);
CREATE TRIGGER contact_preference_touch BEFORE UPDATE ON contact_preference
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['patron_note', 'patron_tag', 'mailing_list', 'mailing_list_member',
                           'donation', 'membership', 'contact_preference'] LOOP
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR ALL USING (ts_ctx_sees (outlet_id))'
                    ' WITH CHECK (ts_ctx_sees (outlet_id))', t || '_own', t);
    EXECUTE format ('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
                    ' FOR EACH ROW EXECUTE FUNCTION ts_audit_row ()', t || '_audit', t);
    EXECUTE format ('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tessera_app', t);
  END LOOP;
END $$;

-- Privileges -------------------------------------------------------------------

GRANT SELECT, INSERT ON contact_point TO tessera_app;
GRANT UPDATE (label, value, line1, line2, city, region, postal_code, country, retired_at)
  ON contact_point TO tessera_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON contact_primary TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
