-- foundation.sql — what every other file and migration builds on: the
-- request's context (P7), employee levels as ranks (C4), our refusals and
-- the updated_at stamp.
--
-- after: 000 — before every migration: 001's policies and triggers call these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Request context (P7) -------------------------------------------------------
-- Every per-outlet table has row-level security keyed on the transaction-local
-- settings the server sets for each request (tessera.outlet_id,
-- tessera.employee_id, tessera.master).
CREATE OR REPLACE FUNCTION ts_ctx_outlet () RETURNS integer
  LANGUAGE sql STABLE
  AS $$ SELECT nullif (current_setting ('tessera.outlet_id', true), '')::integer $$;

CREATE OR REPLACE FUNCTION ts_ctx_employee () RETURNS integer
  LANGUAGE sql STABLE
  AS $$ SELECT nullif (current_setting ('tessera.employee_id', true), '')::integer $$;

CREATE OR REPLACE FUNCTION ts_ctx_master () RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce (current_setting ('tessera.master', true), '') = 'on' $$;

-- The storefront (issue 14): a request of a web storefront runs with its
-- outlet as the context's outlet, no employee, channel 'internet', its web
-- session and, once signed in, the account's patron.  Every other request:
-- channel 'box_office', no web session, no patron.
CREATE OR REPLACE FUNCTION ts_ctx_channel () RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT CASE WHEN current_setting ('tessera.channel', true) = 'internet' THEN 'internet' ELSE 'box_office' END $$;

CREATE OR REPLACE FUNCTION ts_ctx_web_session () RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif (current_setting ('tessera.web_session', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION ts_ctx_patron () RETURNS bigint
  LANGUAGE sql STABLE
  AS $$ SELECT nullif (current_setting ('tessera.patron_id', true), '')::bigint $$;

-- P7: may the current request see a row that belongs to outlet o?
CREATE OR REPLACE FUNCTION ts_ctx_sees (o integer) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT ts_ctx_master () OR (o IS NOT NULL AND o = ts_ctx_outlet ()) $$;

-- Levels (C4) ------------------------------------------------------------------
-- The employee levels (C4), lowest first: each may do everything the levels
-- before it can.  The same names in the same order as TsLevel
-- (common/ts-level.c); server-schema fails when the two differ.
CREATE OR REPLACE FUNCTION ts_levels () RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  SELECT ARRAY['no_access', 'scanner', 'staff', 'walkup', 'box_office', 'box_office_manager',
               'outlet_admin', 'master']
$$;

-- A level's rank, for SQL that must check it itself, always by name:
-- ts_ctx_rank () < ts_level_rank ('box_office').  A name that is no level
-- ranks as No Access.
CREATE OR REPLACE FUNCTION ts_level_rank (p_level text) RETURNS integer
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce (array_position (ts_levels (), p_level) - 1, 0) $$;

-- The caller's rank: the Master User's, or the employee's (No Access's when
-- there is none).
CREATE OR REPLACE FUNCTION ts_ctx_rank () RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT CASE WHEN ts_ctx_master () THEN ts_level_rank ('master')
              ELSE coalesce ((SELECT ts_level_rank (e.level) FROM employee e
                              WHERE e.id = ts_ctx_employee ()), ts_level_rank ('no_access')) END
$$;

-- Refusals and housekeeping ---------------------------------------------------

-- Raises one of our refusals (TS400, TS403, TS404, TS409, TS422, TSOVR), which
-- server/db/ts-pg.c turns into the API's error with this message.
CREATE OR REPLACE FUNCTION ts_refuse (p_code text, p_message text) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message;
END $$;

CREATE OR REPLACE FUNCTION ts_touch_updated_at () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.updated_at := now ();
  RETURN NEW;
END $$;

GRANT EXECUTE ON FUNCTION ts_ctx_rank () TO tessera_app;
