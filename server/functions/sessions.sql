-- sessions.sql — sessions, sign-in with its throttles and lock-out, password
-- checks and unlocking (rules C6, R1, P7).  Tables live in migrations 001
-- and 019; docs/architecture.md ("Sessions and passwords") explains the two
-- lanes.
--
-- after: 019 — sign_in_throttle, whose row ts_sign_in_throttle_failure answers.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- Passwords are bcrypt hashes checked here, inside the database, so that the
-- application role never reads a hash.  Every answer is decided before any
-- hashing when it can be (locks, throttles): refusing costs no bcrypt.

-- C6 for familiar sources: this many bad passwords in a row lock the login for
-- a while.  From unfamiliar sources the same count starts the waits below.
CREATE OR REPLACE FUNCTION ts_sign_in_free_failures () RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$ SELECT 5 $$;

-- How long unfamiliar sources wait after the n-th failure in a row: nothing
-- before the free failures are spent, then 15 seconds doubling up to 15
-- minutes — about four guesses an hour at most, and never a lock.
CREATE OR REPLACE FUNCTION ts_sign_in_delay (p_failures integer) RETURNS interval
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT CASE WHEN p_failures < ts_sign_in_free_failures () THEN interval '0'
              ELSE least (interval '15 seconds' * power (2, least (p_failures - ts_sign_in_free_failures (), 10)),
                          interval '15 minutes') END
$$;

-- A source is familiar to a login it signed in to successfully within 90 days.
CREATE OR REPLACE FUNCTION ts_sign_in_familiar (p_employee integer, p_source text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM sign_in_source s
                  WHERE s.employee_id = p_employee AND s.source = p_source
                    AND s.last_ok_at > now () - interval '90 days')
$$;

-- Failures are forgotten a day after the last one.  Each sign-in removes a
-- few such rows, so the table stays as small as the last day's attacks; the
-- refusals not yet counted in the audit get their row first (R1).
CREATE OR REPLACE FUNCTION ts_sign_in_prune () RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  WITH gone AS (
    DELETE FROM sign_in_throttle
     WHERE ctid = ANY (ARRAY (SELECT ctid FROM sign_in_throttle
                               WHERE last_failure_at < now () - interval '1 day' LIMIT 20))
    RETURNING outlet_key, login_key, throttled)
  INSERT INTO audit_log (subject_outlet_id, action, entity, entity_id, after)
  SELECT nullif (outlet_key, 0), 'sign_in_throttled', 'employee', NULL,
         jsonb_build_object ('login', login_key, 'count', throttled, 'reason', 'refused while waiting')
    FROM gone WHERE throttled > 0
$$;

-- An attempt from an unfamiliar source while its login must wait: refused
-- without hashing.  One audit row per waiting period (R1), carrying how many
-- attempts were refused since the previous such row; the others only count.
CREATE OR REPLACE FUNCTION ts_sign_in_throttled (p_outlet_key integer, p_login_key text,
                                                 p_employee integer, p_note jsonb) RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  t sign_in_throttle%ROWTYPE;
BEGIN
  SELECT * INTO t FROM sign_in_throttle
   WHERE outlet_key = p_outlet_key AND login_key = p_login_key
   FOR UPDATE;
  IF NOT FOUND OR t.retry_at IS NULL OR t.retry_at <= now () THEN
    RETURN NULL;
  END IF;
  IF t.audited_until IS DISTINCT FROM t.retry_at THEN
    PERFORM ts_audit ('sign_in_throttled', 'employee', p_employee::text, nullif (p_outlet_key, 0), NULL,
                      p_note || jsonb_build_object ('count', t.throttled + 1, 'until', t.retry_at,
                                                    'reason', 'refused while waiting'));
    UPDATE sign_in_throttle SET throttled = 0, audited_until = t.retry_at
     WHERE outlet_key = p_outlet_key AND login_key = p_login_key;
  ELSE
    UPDATE sign_in_throttle SET throttled = throttled + 1
     WHERE outlet_key = p_outlet_key AND login_key = p_login_key;
  END IF;
  RETURN t.retry_at;
END $$;

-- A bad password from an unfamiliar source: one more failure, and from the
-- free count on, a wait before the next attempt from anywhere unfamiliar.
-- Returns the row as it is now.
CREATE OR REPLACE FUNCTION ts_sign_in_throttle_failure (p_outlet_key integer, p_login_key text)
  RETURNS sign_in_throttle
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  t sign_in_throttle%ROWTYPE;
BEGIN
  INSERT INTO sign_in_throttle AS old (outlet_key, login_key, failures, last_failure_at)
  VALUES (p_outlet_key, p_login_key, 1, now ())
  ON CONFLICT ON CONSTRAINT sign_in_throttle_pkey DO UPDATE
     SET failures = CASE WHEN old.last_failure_at < now () - interval '1 day' THEN 1
                         ELSE old.failures + 1 END,
         last_failure_at = now ()
  RETURNING * INTO t;
  IF t.failures >= ts_sign_in_free_failures () THEN
    UPDATE sign_in_throttle SET retry_at = now () + ts_sign_in_delay (t.failures)
     WHERE outlet_key = p_outlet_key AND login_key = p_login_key
    RETURNING * INTO t;
  END IF;
  RETURN t;
END $$;

-- C6 for familiar sources, as it always was: five bad passwords in a row lock
-- the login for 15 minutes.  Returns the new locked_until, or NULL.
CREATE OR REPLACE FUNCTION ts_sign_in_lock_out_failure (p_employee integer) RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_until timestamptz;
BEGIN
  UPDATE employee
     SET failed_attempts = CASE WHEN failed_attempts + 1 >= ts_sign_in_free_failures () THEN 0
                                ELSE failed_attempts + 1 END,
         locked_until = CASE WHEN failed_attempts + 1 >= ts_sign_in_free_failures ()
                             THEN now () + interval '15 minutes' ELSE locked_until END
   WHERE id = p_employee
  RETURNING CASE WHEN failed_attempts = 0 THEN employee.locked_until END INTO v_until;
  RETURN v_until;
END $$;

-- Outcome codes: ok, wrong_password, throttled (retry_after seconds), locked
-- (locked_until when it is a lock-out), resigned, no_access.  p_source is the
-- caller's address (an IPv6 /64); p_cost the bcrypt cost of the check made
-- for a login that does not exist, so that timing does not tell.
CREATE OR REPLACE FUNCTION ts_sign_in (p_outlet integer, p_login text, p_password text,
                                       p_token_hash text, p_hours integer,
                                       p_source text, p_cost integer,
                                       OUT result text, OUT employee_id integer,
                                       OUT locked_until timestamptz, OUT expires_at timestamptz,
                                       OUT retry_after integer)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  e employee%ROWTYPE;
  t sign_in_throttle%ROWTYPE;
  v_outlet_key integer := coalesce (p_outlet, 0);
  v_login_key text := lower (p_login);
  v_found boolean;
  v_familiar boolean := false;
  v_retry timestamptz;
  v_note jsonb;
  v_today date;
BEGIN
  PERFORM ts_sign_in_prune ();
  SELECT * INTO e FROM employee
   WHERE coalesce (outlet_id, 0) = v_outlet_key AND lower (login) = v_login_key
   FOR UPDATE;
  v_found := FOUND;
  PERFORM set_config ('tessera.outlet_id', coalesce (p_outlet::text, ''), true);
  IF v_found THEN
    PERFORM set_config ('tessera.employee_id', e.id::text, true);
    employee_id := e.id;
    v_familiar := ts_sign_in_familiar (e.id, p_source);
  END IF;
  -- Who tried from where, in every audit row of the attempt (R1).
  v_note := jsonb_build_object ('source', p_source, 'familiar', v_familiar);
  IF NOT v_found THEN
    v_note := v_note || jsonb_build_object ('login', p_login);
  END IF;

  -- Locks first, and throttles: all refused before any hashing.
  IF v_found AND e.locked THEN
    result := 'locked';
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      v_note || jsonb_build_object ('reason', 'locked by an administrator'));
    RETURN;
  END IF;
  IF v_found AND e.locked_until IS NOT NULL AND e.locked_until > now () THEN
    result := 'locked';
    locked_until := e.locked_until;
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      v_note || jsonb_build_object ('reason', 'locked after bad passwords'));
    RETURN;
  END IF;
  IF NOT v_familiar THEN
    v_retry := ts_sign_in_throttled (v_outlet_key, v_login_key, e.id, v_note);
    IF v_retry IS NOT NULL THEN
      result := 'throttled';
      retry_after := greatest (1, ceil (extract (epoch FROM v_retry - now ())))::integer;
      RETURN;
    END IF;
  END IF;

  IF NOT v_found OR crypt (p_password, e.password_hash) <> e.password_hash THEN
    IF NOT v_found THEN
      -- Same cost as a real check, so timing does not reveal which logins exist.
      PERFORM crypt (p_password, gen_salt ('bf', p_cost));
    END IF;
    result := 'wrong_password';
    IF v_familiar THEN
      locked_until := ts_sign_in_lock_out_failure (e.id);
      IF locked_until IS NOT NULL THEN
        result := 'locked';
      END IF;
    ELSE
      t := ts_sign_in_throttle_failure (v_outlet_key, v_login_key);
      IF t.retry_at > now () THEN
        result := 'throttled';
        retry_after := greatest (1, ceil (extract (epoch FROM t.retry_at - now ())))::integer;
      END IF;
      IF t.throttled > 0 THEN
        v_note := v_note || jsonb_build_object ('refused_while_waiting', t.throttled);
        UPDATE sign_in_throttle SET throttled = 0
         WHERE outlet_key = v_outlet_key AND login_key = v_login_key;
      END IF;
    END IF;
    PERFORM ts_audit ('sign_in_failed', 'employee', e.id::text, p_outlet, NULL,
                      v_note || jsonb_build_object ('reason', CASE WHEN v_found THEN 'wrong password'
                                                                   ELSE 'unknown login' END));
    RETURN;
  END IF;

  IF e.level = 'no_access' THEN
    result := 'no_access';
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      v_note || jsonb_build_object ('reason', 'no access'));
    RETURN;
  END IF;

  -- C6: hired/resigned dates are days in the outlet's own time zone.
  SELECT (now () AT TIME ZONE o.time_zone)::date INTO v_today FROM outlet o WHERE o.id = e.outlet_id;
  v_today := coalesce (v_today, current_date);
  IF (e.hired_on IS NOT NULL AND e.hired_on > v_today)
     OR (e.resigned_on IS NOT NULL AND e.resigned_on <= v_today) THEN
    result := 'resigned';
    PERFORM ts_audit ('sign_in_refused', 'employee', e.id::text, e.outlet_id, NULL,
                      v_note || jsonb_build_object ('reason', 'outside hired/resigned dates'));
    RETURN;
  END IF;

  -- Signed in: the person is who the login says.  The count of his lane
  -- starts again (a success at the box office says nothing about strangers
  -- elsewhere, so it leaves their waits alone), and this source is familiar
  -- from now on.
  IF e.failed_attempts <> 0 OR e.locked_until IS NOT NULL THEN
    UPDATE employee SET failed_attempts = 0, locked_until = NULL WHERE id = e.id;
  END IF;
  IF NOT v_familiar THEN
    DELETE FROM sign_in_throttle
     WHERE outlet_key = v_outlet_key AND login_key = v_login_key
    RETURNING * INTO t;
    IF t.throttled > 0 THEN
      v_note := v_note || jsonb_build_object ('refused_while_waiting', t.throttled);
    END IF;
  END IF;
  INSERT INTO sign_in_source AS s (employee_id, source) VALUES (e.id, p_source)
  ON CONFLICT ON CONSTRAINT sign_in_source_pkey DO UPDATE SET last_ok_at = now ();
  DELETE FROM sign_in_source s WHERE s.employee_id = e.id AND s.last_ok_at < now () - interval '90 days';

  expires_at := now () + make_interval (hours => p_hours);
  INSERT INTO session (token_hash, employee_id, expires_at)
  VALUES (p_token_hash, e.id, expires_at);
  PERFORM ts_audit ('sign_in', 'employee', e.id::text, e.outlet_id, NULL, v_note);
  result := 'ok';
END $$;

-- Only the signed-in employee's own password can be checked (change
-- password); a wrong one is audited like a failed sign-in (R1).
CREATE OR REPLACE FUNCTION ts_check_own_password (p_password text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_ok boolean;
BEGIN
  v_ok := coalesce ((SELECT crypt (p_password, password_hash) = password_hash
                       FROM employee WHERE id = ts_ctx_employee ()), false);
  IF NOT v_ok THEN
    PERFORM ts_audit ('password_change_refused', 'employee', ts_ctx_employee ()::text, ts_ctx_outlet (),
                      NULL, jsonb_build_object ('reason', 'wrong current password'));
  END IF;
  RETURN v_ok;
END $$;

-- A changed password ends every other session of the employee; the one that
-- changed it goes on.  Returns how many ended.
CREATE OR REPLACE FUNCTION ts_end_other_sessions (p_token_hash text) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_count integer;
BEGIN
  UPDATE session SET ended_at = now ()
   WHERE session.employee_id = ts_ctx_employee () AND ended_at IS NULL
     AND token_hash <> p_token_hash;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count > 0 THEN
    PERFORM ts_audit ('sessions_ended', 'employee', ts_ctx_employee ()::text, ts_ctx_outlet (), NULL,
                      jsonb_build_object ('count', v_count, 'reason', 'own password changed'));
  END IF;
  RETURN v_count;
END $$;

-- Forgets the failures from unfamiliar sources of an employee the caller may
-- see (P7): a password set by an administrator.
CREATE OR REPLACE FUNCTION ts_sign_in_throttle_clear (p_employee integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DELETE FROM sign_in_throttle t
   USING employee e
   WHERE e.id = p_employee AND ts_ctx_sees (e.outlet_id)
     AND t.outlet_key = coalesce (e.outlet_id, 0) AND t.login_key = lower (e.login)
$$;

-- Unlocks a login the caller may see (P7): the administrator's lock, the C6
-- lock-out and the waits from unfamiliar sources, audited with what was
-- cleared and how (R1), which it also returns (NULL: no such employee).
-- POST /employees/{id}/unlock calls it after the policy layer's checks;
-- `tessera-server --unlock` as the Master User.
CREATE OR REPLACE FUNCTION ts_sign_in_unlock (p_employee integer, p_via text) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  e employee%ROWTYPE;
  t sign_in_throttle%ROWTYPE;
  v_before jsonb;
BEGIN
  SELECT * INTO e FROM employee WHERE id = p_employee AND ts_ctx_sees (outlet_id) FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  DELETE FROM sign_in_throttle
   WHERE outlet_key = coalesce (e.outlet_id, 0) AND login_key = lower (e.login)
  RETURNING * INTO t;
  IF e.locked OR e.locked_until IS NOT NULL OR e.failed_attempts <> 0 THEN
    UPDATE employee SET locked = false, locked_until = NULL, failed_attempts = 0 WHERE id = e.id;
  END IF;
  v_before := jsonb_build_object ('locked', e.locked,
                                  'locked_until', CASE WHEN e.locked_until > now () THEN e.locked_until END,
                                  'failed_attempts', e.failed_attempts,
                                  'unfamiliar_failures', coalesce (t.failures, 0),
                                  'refused_while_waiting', coalesce (t.throttled, 0));
  PERFORM ts_audit ('unlock', 'employee', e.id::text, e.outlet_id, v_before, jsonb_build_object ('via', p_via));
  RETURN v_before;
END $$;

-- Sessions ---------------------------------------------------------------------

-- A session stops working as soon as the employee is locked, resigns or loses access.
CREATE OR REPLACE FUNCTION ts_session_resolve (p_token_hash text,
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

-- Sign-out: the session ends, audited (R1).
CREATE OR REPLACE FUNCTION ts_sign_out (p_token_hash text) RETURNS boolean
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

-- Ending every session of an employee (locked, password changed by an admin).
CREATE OR REPLACE FUNCTION ts_end_sessions (p_employee integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  UPDATE session SET ended_at = now ()
   WHERE employee_id = p_employee AND ended_at IS NULL
     AND EXISTS (SELECT 1 FROM employee e WHERE e.id = p_employee AND ts_ctx_sees (e.outlet_id))
$$;

-- Privileges of the application role: these functions only.
REVOKE EXECUTE ON FUNCTION ts_session_resolve (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_out (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_end_sessions (integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_familiar (integer, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_prune () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_throttled (integer, text, integer, jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_throttle_failure (integer, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_lock_out_failure (integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in (integer, text, text, text, integer, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_check_own_password (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_end_other_sessions (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_throttle_clear (integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_sign_in_unlock (integer, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION ts_session_resolve (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_sign_out (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_end_sessions (integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_sign_in (integer, text, text, text, integer, text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_check_own_password (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_end_other_sessions (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_sign_in_throttle_clear (integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_sign_in_unlock (integer, text) TO tessera_app;
