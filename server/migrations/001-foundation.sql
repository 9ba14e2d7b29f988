-- 001-foundation.sql — consortium, accounts, sessions, audit (rules C1–C7, P7, R1)
--
-- Runs as the owner role (tessera_owner).  The server itself connects as
-- tessera_app, which owns nothing and has no BYPASSRLS: every per-outlet table
-- has row-level security, keyed on the transaction-local settings the server
-- sets for each request (tessera.outlet_id, tessera.employee_id, tessera.master).

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Request context --------------------------------------------------------

CREATE FUNCTION ts_ctx_outlet () RETURNS integer
  LANGUAGE sql STABLE
  AS $$ SELECT nullif (current_setting ('tessera.outlet_id', true), '')::integer $$;

CREATE FUNCTION ts_ctx_employee () RETURNS integer
  LANGUAGE sql STABLE
  AS $$ SELECT nullif (current_setting ('tessera.employee_id', true), '')::integer $$;

CREATE FUNCTION ts_ctx_master () RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce (current_setting ('tessera.master', true), '') = 'on' $$;

-- P7: may the current request see a row that belongs to outlet o?
CREATE FUNCTION ts_ctx_sees (o integer) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT ts_ctx_master () OR (o IS NOT NULL AND o = ts_ctx_outlet ()) $$;

CREATE FUNCTION ts_touch_updated_at () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.updated_at := now ();
  RETURN NEW;
END $$;

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

-- Explicit entries (sign-in, sign-out) for events that are not row changes.
CREATE FUNCTION ts_audit (p_action text, p_entity text, p_entity_id text,
                          p_subject_outlet integer, p_before jsonb, p_after jsonb)
  RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  INSERT INTO audit_log (actor_outlet_id, actor_employee_id, subject_outlet_id,
                         action, entity, entity_id, before, after)
  VALUES (ts_ctx_outlet (), ts_ctx_employee (), p_subject_outlet,
          p_action, p_entity, p_entity_id, p_before, p_after)
$$;

-- Row changes are audited by trigger, so no write can forget it.  Trigger
-- arguments name columns to leave out (password hashes).
CREATE FUNCTION ts_audit_row () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_before jsonb;
  v_after jsonb;
  v_key text;
  v_row jsonb;
  v_subject integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    v_before := to_jsonb (OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    v_after := to_jsonb (NEW);
  END IF;
  IF TG_NARGS > 0 THEN
    FOREACH v_key IN ARRAY TG_ARGV LOOP
      IF v_before IS NOT NULL AND v_after IS NOT NULL
         AND v_before -> v_key IS DISTINCT FROM v_after -> v_key THEN
        v_after := v_after || jsonb_build_object (v_key || '_changed', true);
      END IF;
      v_before := v_before - v_key;
      v_after := v_after - v_key;
    END LOOP;
  END IF;
  IF TG_OP = 'UPDATE' AND v_before = v_after THEN
    RETURN NEW;
  END IF;
  v_row := coalesce (v_after, v_before);
  IF TG_TABLE_NAME = 'outlet' THEN
    v_subject := (v_row ->> 'id')::integer;
  ELSE
    v_subject := (v_row ->> 'outlet_id')::integer;
  END IF;
  INSERT INTO audit_log (actor_outlet_id, actor_employee_id, subject_outlet_id,
                         action, entity, entity_id, before, after)
  VALUES (ts_ctx_outlet (), ts_ctx_employee (), v_subject,
          lower (TG_OP), TG_TABLE_NAME, v_row ->> 'id', v_before, v_after);
  RETURN coalesce (NEW, OLD);
END $$;

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

CREATE FUNCTION ts_outlet_limit () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_licence integer;
  v_count integer;
BEGIN
  -- The settings row lock serialises concurrent creations: no check-then-insert race.
  SELECT licence_count INTO v_licence FROM system_setting FOR UPDATE;
  SELECT count (*) INTO v_count FROM outlet;
  IF v_count >= 20 THEN
    RAISE EXCEPTION 'The consortium already has 20 outlets, the most Tessera allows (rule C1)'
      USING ERRCODE = 'TS422';
  END IF;
  IF v_count >= v_licence THEN
    RAISE EXCEPTION 'The licence allows % outlets and all % are in use (rule C1)', v_licence, v_count
      USING ERRCODE = 'TS422';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER outlet_limit BEFORE INSERT ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_outlet_limit ();
CREATE TRIGGER outlet_touch BEFORE UPDATE ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER outlet_audit AFTER INSERT OR UPDATE OR DELETE ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

CREATE FUNCTION ts_licence_floor () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_count integer;
BEGIN
  SELECT count (*) INTO v_count FROM outlet;
  IF NEW.licence_count < v_count THEN
    RAISE EXCEPTION 'The licence count cannot be lower than the % outlets that exist (rule C1)', v_count
      USING ERRCODE = 'TS409';
  END IF;
  NEW.updated_at := now ();
  RETURN NEW;
END $$;

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

-- C4: every outlet keeps at least one administrator who can sign in.
CREATE FUNCTION ts_employee_keep_admin () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF OLD.level = 'outlet_admin'
     AND (NEW.level <> 'outlet_admin' OR NEW.locked
          OR (NEW.resigned_on IS NOT NULL AND NEW.resigned_on <= current_date))
     AND NOT EXISTS (SELECT 1 FROM employee e
                     WHERE e.outlet_id = OLD.outlet_id AND e.id <> OLD.id
                       AND e.level = 'outlet_admin' AND NOT e.locked
                       AND (e.resigned_on IS NULL OR e.resigned_on > current_date)) THEN
    RAISE EXCEPTION 'This is the outlet''s last active administrator: every outlet keeps at least one (rule C4)'
      USING ERRCODE = 'TS409';
  END IF;
  RETURN NEW;
END $$;

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
-- this table or to password hashes: it goes through the functions below.

CREATE TABLE session (
  token_hash  text PRIMARY KEY,
  employee_id integer NOT NULL REFERENCES employee (id),
  created_at  timestamptz NOT NULL DEFAULT now (),
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX session_employee ON session (employee_id);
ALTER TABLE session ENABLE ROW LEVEL SECURITY;   -- no policy: the app role sees nothing

-- Outcome codes: ok, wrong_password, locked, resigned, no_access.
CREATE FUNCTION ts_sign_in (p_outlet integer, p_login text, p_password text,
                            p_token_hash text, p_hours integer,
                            OUT result text, OUT employee_id integer,
                            OUT locked_until timestamptz, OUT expires_at timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  e employee%ROWTYPE;
  v_today date;
BEGIN
  SELECT * INTO e FROM employee
   WHERE coalesce (outlet_id, 0) = coalesce (p_outlet, 0) AND lower (login) = lower (p_login)
   FOR UPDATE;
  IF NOT FOUND THEN
    -- Same cost as a real check, so timing does not reveal which logins exist.
    PERFORM crypt (p_password, gen_salt ('bf', 10));
    PERFORM set_config ('tessera.outlet_id', coalesce (p_outlet::text, ''), true);
    PERFORM ts_audit ('sign_in_failed', 'employee', NULL, p_outlet, NULL,
                      jsonb_build_object ('login', p_login, 'reason', 'unknown login'));
    result := 'wrong_password';
    RETURN;
  END IF;

  PERFORM set_config ('tessera.outlet_id', coalesce (e.outlet_id::text, ''), true);
  PERFORM set_config ('tessera.employee_id', e.id::text, true);
  employee_id := e.id;

  IF e.locked THEN
    result := 'locked';
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      jsonb_build_object ('reason', 'locked by an administrator'));
    RETURN;
  END IF;
  IF e.locked_until IS NOT NULL AND e.locked_until > now () THEN
    result := 'locked';
    locked_until := e.locked_until;
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      jsonb_build_object ('reason', 'locked after bad passwords'));
    RETURN;
  END IF;

  IF crypt (p_password, e.password_hash) <> e.password_hash THEN
    IF e.failed_attempts + 1 >= 5 THEN
      UPDATE employee SET failed_attempts = 0, locked_until = now () + interval '15 minutes'
       WHERE id = e.id
       RETURNING employee.locked_until INTO locked_until;
      result := 'locked';
    ELSE
      UPDATE employee SET failed_attempts = failed_attempts + 1 WHERE id = e.id;
      result := 'wrong_password';
    END IF;
    PERFORM ts_audit ('sign_in_failed', 'employee', e.id::text, e.outlet_id, NULL,
                      jsonb_build_object ('reason', 'wrong password'));
    RETURN;
  END IF;

  IF e.level = 'no_access' THEN
    result := 'no_access';
    RETURN;
  END IF;

  -- C6: hired/resigned dates are days in the outlet's own time zone.
  SELECT (now () AT TIME ZONE o.time_zone)::date INTO v_today FROM outlet o WHERE o.id = e.outlet_id;
  v_today := coalesce (v_today, current_date);
  IF (e.hired_on IS NOT NULL AND e.hired_on > v_today)
     OR (e.resigned_on IS NOT NULL AND e.resigned_on <= v_today) THEN
    result := 'resigned';
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      jsonb_build_object ('reason', 'outside hired/resigned dates'));
    RETURN;
  END IF;

  IF e.failed_attempts <> 0 OR e.locked_until IS NOT NULL THEN
    UPDATE employee SET failed_attempts = 0, locked_until = NULL WHERE id = e.id;
  END IF;
  expires_at := now () + make_interval (hours => p_hours);
  INSERT INTO session (token_hash, employee_id, expires_at)
  VALUES (p_token_hash, e.id, expires_at);
  PERFORM ts_audit ('sign_in', 'employee', e.id::text, e.outlet_id, NULL, NULL);
  result := 'ok';
END $$;

-- A session stops working as soon as the employee is locked, resigns or loses access.
CREATE FUNCTION ts_session_resolve (p_token_hash text,
                                    OUT employee_id integer, OUT outlet_id integer,
                                    OUT level text, OUT login text, OUT display_name text,
                                    OUT expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT e.id, e.outlet_id, e.level, e.login,
         trim (coalesce (p.first_name, '') || ' ' || p.last_name), s.expires_at
    FROM session s
    JOIN employee e ON e.id = s.employee_id
    JOIN patron p ON p.id = e.patron_id
    LEFT JOIN outlet o ON o.id = e.outlet_id
   WHERE s.token_hash = p_token_hash
     AND s.ended_at IS NULL AND s.expires_at > now ()
     AND NOT e.locked AND e.level <> 'no_access'
     AND (e.hired_on IS NULL
          OR e.hired_on <= (now () AT TIME ZONE coalesce (o.time_zone, 'UTC'))::date)
     AND (e.resigned_on IS NULL
          OR e.resigned_on > (now () AT TIME ZONE coalesce (o.time_zone, 'UTC'))::date)
$$;

CREATE FUNCTION ts_sign_out (p_token_hash text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  UPDATE session SET ended_at = now ()
   WHERE token_hash = p_token_hash AND ended_at IS NULL;
  IF FOUND THEN
    PERFORM ts_audit ('sign_out', 'employee', ts_ctx_employee ()::text, ts_ctx_outlet (), NULL, NULL);
  END IF;
  RETURN FOUND;
END $$;

-- Only the signed-in employee's own password can be checked (change password).
CREATE FUNCTION ts_check_own_password (p_password text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce ((SELECT crypt (p_password, password_hash) = password_hash
                      FROM employee WHERE id = ts_ctx_employee ()), false)
$$;

-- Ending every session of an employee (locked, password changed by an admin).
CREATE FUNCTION ts_end_sessions (p_employee integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  UPDATE session SET ended_at = now ()
   WHERE employee_id = p_employee AND ended_at IS NULL
     AND EXISTS (SELECT 1 FROM employee e WHERE e.id = p_employee AND ts_ctx_sees (e.outlet_id))
$$;

-- Privileges of the application role -------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in (integer, text, text, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_session_resolve (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_out (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_check_own_password (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_end_sessions (integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_audit (text, text, text, integer, jsonb, jsonb) FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_sign_in (integer, text, text, text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_session_resolve (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_sign_out (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_check_own_password (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_end_sessions (integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_audit (text, text, text, integer, jsonb, jsonb) TO tessera_app;

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
