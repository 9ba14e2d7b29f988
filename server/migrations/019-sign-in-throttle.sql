-- 019-sign-in-throttle.sql — bad passwords from afar slow sign-in down instead of locking it (C6, R1)
--
-- Bad passwords are counted in two lanes per login (docs/architecture.md,
-- "Sessions and passwords").  From a familiar source — an address from which
-- the login signed in within 90 days (sign_in_source) — they count towards
-- the C6 lock-out on the employee row, as before.  From anywhere else they
-- only make further attempts from anywhere else wait (sign_in_throttle), so an
-- anonymous stream of bad passwords can slow down strangers but never lock
-- anybody out, the Master User included.
--
-- Neither table is readable by the application role (no policy): only the
-- security-definer functions of server/functions/sessions.sql use them.

CREATE TABLE sign_in_source (
  employee_id integer NOT NULL REFERENCES employee (id) ON DELETE CASCADE,
  source      text NOT NULL,                 -- an IPv4 address, or an IPv6 /64 prefix
  first_ok_at timestamptz NOT NULL DEFAULT now (),
  last_ok_at  timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (employee_id, source)
);
ALTER TABLE sign_in_source ENABLE ROW LEVEL SECURITY;

-- Keyed by the login as typed, whether or not it exists, so that the answers
-- never tell which logins exist.
CREATE TABLE sign_in_throttle (
  outlet_key      integer NOT NULL,          -- outlet id; 0 for the Master User
  login_key       text NOT NULL,             -- lower (login)
  failures        integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL DEFAULT now (),
  retry_at        timestamptz,               -- no attempt from an unfamiliar source before this
  throttled       integer NOT NULL DEFAULT 0,  -- refused attempts not yet counted in an audit row (R1)
  audited_until   timestamptz,               -- the retry_at whose refusals have an audit row already
  PRIMARY KEY (outlet_key, login_key)
);
CREATE INDEX sign_in_throttle_stale ON sign_in_throttle (last_failure_at);
ALTER TABLE sign_in_throttle ENABLE ROW LEVEL SECURITY;

-- ts_sign_in takes the caller's source now; its current definition is in
-- server/functions/sessions.sql, which runs after this migration.  (A
-- database built since issue 10 never had the old one.)
DROP FUNCTION IF EXISTS ts_sign_in (integer, text, text, text, integer);
