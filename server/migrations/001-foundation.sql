-- 001-foundation.sql — consortium, accounts, sessions, audit (rules C1–C7, P7, R1)
--
-- Runs as the owner role (tessera_owner).  The server itself connects as
-- tessera_app, which owns nothing and has no BYPASSRLS: every per-outlet table
-- has row-level security, keyed on the transaction-local settings the server
-- sets for each request (tessera.outlet_id, tessera.employee_id, tessera.master).

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- The functions this migration's policies and triggers call (the request's
-- context, ts_touch_updated_at, ts_audit_row, the outlets' and employees' checks) run
-- before it, from server/functions/foundation.sql, audit.sql and
-- accounts.sql; the sessions' functions are in server/functions/sessions.sql
-- (docs/architecture.md, "Migrations").

-- Audit (R1) ---------------------------------------------------------------

CREATE TABLE audit_log (
  id                bigserial PRIMARY KEY,
  at                timestamptz NOT NULL DEFAULT now (),
  actor_outlet_id   integer,          -- whose employee did it (NULL: Master User or system)
  actor_employee_id integer,
  subject_outlet_id integer,          -- whose data it touched
  action            text NOT NULL,    -- insert / update / delete / sign_in / …
  entity            text NOT NULL,
  entity_id         text,
  before            jsonb,
  after             jsonb
);
CREATE INDEX audit_log_actor_outlet ON audit_log (actor_outlet_id, id);
CREATE INDEX audit_log_subject_outlet ON audit_log (subject_outlet_id, id);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
  USING (ts_ctx_master ()
         OR actor_outlet_id = ts_ctx_outlet ()
         OR subject_outlet_id = ts_ctx_outlet ());

-- System settings (C1) -----------------------------------------------------

CREATE TABLE system_setting (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  licence_count integer NOT NULL DEFAULT 20 CHECK (licence_count BETWEEN 1 AND 20),
  updated_at    timestamptz NOT NULL DEFAULT now ()
);
INSERT INTO system_setting DEFAULT VALUES;

ALTER TABLE system_setting ENABLE ROW LEVEL SECURITY;
CREATE POLICY system_setting_read ON system_setting FOR SELECT USING (true);
CREATE POLICY system_setting_write ON system_setting FOR UPDATE
  USING (ts_ctx_master ()) WITH CHECK (ts_ctx_master ());

-- Outlets (C1, C7) ---------------------------------------------------------

CREATE TABLE outlet (
  id                   serial PRIMARY KEY,
  code                 text NOT NULL CHECK (code ~ '^[A-Z0-9]{2,10}$'),
  name                 text NOT NULL CHECK (length (name) BETWEEN 1 AND 120),
  address              text CHECK (length (address) <= 500),
  phone                text CHECK (length (phone) <= 40),
  email                text CHECK (length (email) <= 254),
  web_site             text CHECK (length (web_site) <= 300),
  time_zone            text NOT NULL DEFAULT 'America/Toronto',
  currency             text NOT NULL DEFAULT 'CAD' CHECK (currency ~ '^[A-Z]{3}$'),
  logo_svg             text CHECK (length (logo_svg) <= 262144),
  default_hold_minutes integer NOT NULL DEFAULT 15 CHECK (default_hold_minutes BETWEEN 1 AND 1440),
  created_at           timestamptz NOT NULL DEFAULT now (),
  updated_at           timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX outlet_code_key ON outlet (code);
CREATE UNIQUE INDEX outlet_name_key ON outlet (lower (name));

CREATE TRIGGER outlet_limit BEFORE INSERT ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_outlet_limit ();
CREATE TRIGGER outlet_touch BEFORE UPDATE ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER outlet_audit AFTER INSERT OR UPDATE OR DELETE ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

CREATE TRIGGER system_setting_floor BEFORE UPDATE ON system_setting
  FOR EACH ROW EXECUTE FUNCTION ts_licence_floor ();
CREATE TRIGGER system_setting_audit AFTER UPDATE ON system_setting
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

-- Names and codes are shared (agents sell each other's tickets); who may read
-- the full preferences is decided by the policy layer, who may change them here.
ALTER TABLE outlet ENABLE ROW LEVEL SECURITY;
CREATE POLICY outlet_read ON outlet FOR SELECT USING (true);
CREATE POLICY outlet_insert ON outlet FOR INSERT WITH CHECK (ts_ctx_master ());
CREATE POLICY outlet_update ON outlet FOR UPDATE
  USING (ts_ctx_sees (id)) WITH CHECK (ts_ctx_sees (id));

-- Patrons: the people (P1).  The shared directory grows in later migrations;
-- here it holds the person every employee record points at (C3).

CREATE TABLE patron (
  id                bigserial PRIMARY KEY,
  title             text CHECK (length (title) <= 40),
  first_name        text CHECK (length (first_name) <= 80),
  middle_name       text CHECK (length (middle_name) <= 80),
  last_name         text NOT NULL CHECK (length (last_name) BETWEEN 1 AND 80),
  suffix            text CHECK (length (suffix) <= 40),
  company           text CHECK (length (company) <= 120),
  created_by_outlet integer REFERENCES outlet (id),
  created_at        timestamptz NOT NULL DEFAULT now (),
  updated_at        timestamptz NOT NULL DEFAULT now ()
);

CREATE TRIGGER patron_touch BEFORE UPDATE ON patron
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER patron_audit AFTER INSERT OR UPDATE OR DELETE ON patron
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

ALTER TABLE patron ENABLE ROW LEVEL SECURITY;
CREATE POLICY patron_read ON patron FOR SELECT USING (true);
CREATE POLICY patron_insert ON patron FOR INSERT
  WITH CHECK (ts_ctx_master () OR ts_ctx_outlet () IS NOT NULL);
CREATE POLICY patron_update ON patron FOR UPDATE
  USING (ts_ctx_master () OR ts_ctx_outlet () IS NOT NULL);

-- Employees (C2–C6) --------------------------------------------------------

CREATE TABLE employee (
  id              serial PRIMARY KEY,
  outlet_id       integer REFERENCES outlet (id),
  patron_id       bigint NOT NULL REFERENCES patron (id),
  login           text NOT NULL CHECK (login ~ '^[A-Za-z0-9._-]{2,40}$'),
  level           text NOT NULL CHECK (level IN ('no_access', 'scanner', 'staff', 'walkup',
                                                  'box_office', 'box_office_manager',
                                                  'outlet_admin', 'master')),
  password_hash   text NOT NULL,
  hired_on        date,
  resigned_on     date,
  locked          boolean NOT NULL DEFAULT false,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now (),
  updated_at      timestamptz NOT NULL DEFAULT now (),
  CONSTRAINT employee_master_has_no_outlet CHECK ((level = 'master') = (outlet_id IS NULL)),
  CONSTRAINT employee_dates_ordered CHECK (resigned_on IS NULL OR hired_on IS NULL OR resigned_on >= hired_on)
);
CREATE UNIQUE INDEX employee_login_key ON employee (coalesce (outlet_id, 0), lower (login));
CREATE UNIQUE INDEX employee_person_key ON employee (outlet_id, patron_id);          -- C3
CREATE UNIQUE INDEX employee_one_master ON employee ((true)) WHERE level = 'master';  -- C2

CREATE TRIGGER employee_keep_admin BEFORE UPDATE ON employee
  FOR EACH ROW EXECUTE FUNCTION ts_employee_keep_admin ();
CREATE TRIGGER employee_touch BEFORE UPDATE ON employee
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER employee_audit AFTER INSERT OR UPDATE OR DELETE ON employee
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('password_hash');

ALTER TABLE employee ENABLE ROW LEVEL SECURITY;
CREATE POLICY employee_read ON employee FOR SELECT USING (ts_ctx_sees (outlet_id));
CREATE POLICY employee_insert ON employee FOR INSERT WITH CHECK (ts_ctx_sees (outlet_id));
CREATE POLICY employee_update ON employee FOR UPDATE
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));

CREATE VIEW employee_api WITH (security_invoker = true) AS
  SELECT e.id, e.outlet_id, e.level, p.last_name, p.first_name,
         jsonb_build_object (
           'id', e.id, 'outlet_id', e.outlet_id, 'login', e.login, 'level', e.level,
           'person', jsonb_build_object ('id', p.id, 'title', p.title,
                                         'first_name', p.first_name,
                                         'middle_name', p.middle_name,
                                         'last_name', p.last_name, 'suffix', p.suffix),
           'hired_on', e.hired_on, 'resigned_on', e.resigned_on,
           'locked', e.locked,
           'locked_until', CASE WHEN e.locked_until > now () THEN e.locked_until END,
           'failed_attempts', e.failed_attempts,
           'created_at', e.created_at, 'updated_at', e.updated_at) AS json
  FROM employee e JOIN patron p ON p.id = e.patron_id;

-- Sessions ---------------------------------------------------------------
-- Only hashes of tokens are stored.  The application role has no access to
-- this table or to password hashes: it goes through the functions of
-- server/functions/sessions.sql.

CREATE TABLE session (
  token_hash  text PRIMARY KEY,
  employee_id integer NOT NULL REFERENCES employee (id),
  created_at  timestamptz NOT NULL DEFAULT now (),
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX session_employee ON session (employee_id);
ALTER TABLE session ENABLE ROW LEVEL SECURITY;   -- no policy: the app role sees nothing

-- Privileges of the application role -------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO tessera_app;

GRANT SELECT ON system_setting TO tessera_app;
GRANT UPDATE (licence_count) ON system_setting TO tessera_app;
GRANT SELECT, INSERT, UPDATE ON outlet TO tessera_app;
GRANT SELECT, INSERT, UPDATE ON patron TO tessera_app;
GRANT SELECT (id, outlet_id, patron_id, login, level, hired_on, resigned_on, locked,
              failed_attempts, locked_until, created_at, updated_at) ON employee TO tessera_app;
GRANT INSERT (outlet_id, patron_id, login, level, password_hash, hired_on, resigned_on)
  ON employee TO tessera_app;
GRANT UPDATE (login, level, password_hash, hired_on, resigned_on, locked, failed_attempts,
              locked_until) ON employee TO tessera_app;
GRANT SELECT ON employee_api TO tessera_app;
GRANT SELECT ON audit_log TO tessera_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tessera_app;
