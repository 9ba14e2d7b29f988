-- shop.sql — the web storefront's own functions (issue 14; rules F3, F6, F7,
-- E2, E3, S1, T3, T5, P4, P5, P7): which storefront a request is for, its
-- visitors' sessions, what it lists and shows, and its cart.  Storefront
-- pages call only ts_shop_* functions, never tables; each applies the
-- storefront's scope inside (docs/architecture.md, "The web storefront").
--
-- after: 030 — the storefront's columns and tables.
--
-- A functions file (docs/architecture.md, "Migrations"): CREATE OR REPLACE
-- only, with the grants and comments of its functions.

-- Storefronts and visitors ----------------------------------------------------

-- F3: the storefront a request names, by its code (/shop/UTH/) or by the host
-- name mapped onto it; NULL when there is none or it is not enabled, so an
-- unknown and a disabled storefront answer alike (P4).
CREATE OR REPLACE FUNCTION ts_shop_storefront (p_code text, p_host text) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name, 'colour', o.web_colour,
                             'intro_en', o.web_intro_en, 'intro_fr', o.web_intro_fr,
                             'has_logo', o.logo_svg IS NOT NULL OR o.logo IS NOT NULL,
                             'cancel_hours', o.web_cancel_hours, 'currency', o.currency,
                             'time_zone', o.time_zone)
    FROM outlet o
   WHERE o.web_enabled
     AND ((p_code IS NOT NULL AND o.code = upper (p_code))
          OR (p_code IS NULL AND p_host IS NOT NULL AND o.web_host = lower (p_host)))
$$;
REVOKE ALL ON FUNCTION ts_shop_storefront (text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_storefront (text, text) TO tessera_app;

-- The storefronts /shop/ lists: every enabled one.
CREATE OR REPLACE FUNCTION ts_shop_storefronts () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('code', o.code, 'name', o.name) ORDER BY o.name), '[]')
    FROM outlet o WHERE o.web_enabled
$$;
REVOKE ALL ON FUNCTION ts_shop_storefronts () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_storefronts () TO tessera_app;

-- The storefront's logo: {svg} (text) or {data_uri} (025's logo), or NULL.
CREATE OR REPLACE FUNCTION ts_shop_logo () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT CASE WHEN o.logo_svg IS NOT NULL THEN jsonb_build_object ('svg', o.logo_svg)
              WHEN o.logo IS NOT NULL THEN jsonb_build_object ('data_uri', o.logo) END
    FROM outlet o WHERE o.id = ts_ctx_outlet () AND o.web_enabled
$$;
REVOKE ALL ON FUNCTION ts_shop_logo () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_logo () TO tessera_app;

-- A session lives 2 hours after its last request, and 7 days at most.
CREATE OR REPLACE FUNCTION ts_shop_session_idle () RETURNS interval
  LANGUAGE sql IMMUTABLE AS $$ SELECT interval '2 hours' $$;
CREATE OR REPLACE FUNCTION ts_shop_session_longest () RETURNS interval
  LANGUAGE sql IMMUTABLE AS $$ SELECT interval '7 days' $$;

CREATE OR REPLACE FUNCTION ts_shop_session_json (s web_session) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('id', s.id, 'account_id', s.account_id,
                             'patron_id', (SELECT a.patron_id FROM web_account a WHERE a.id = s.account_id))
$$;
REVOKE ALL ON FUNCTION ts_shop_session_json (web_session) FROM PUBLIC;

-- F6: the visitor a ts_shop cookie names at this storefront, if its session
-- is alive: {id, account_id, patron_id}, or NULL.  Slides its expiry (at
-- most once a minute, so browsing writes little).
CREATE OR REPLACE FUNCTION ts_shop_session_resolve (p_token_hash text, p_outlet integer) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  s web_session;
BEGIN
  SELECT * INTO s FROM web_session
   WHERE token_hash = p_token_hash AND outlet_id = p_outlet AND ended_at IS NULL AND expires_at > now ();
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF s.last_seen_at < now () - interval '1 minute' THEN
    UPDATE web_session
       SET last_seen_at = now (),
           expires_at = least (created_at + ts_shop_session_longest (), now () + ts_shop_session_idle ())
     WHERE id = s.id;
  END IF;
  RETURN ts_shop_session_json (s);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_session_resolve (text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_session_resolve (text, integer) TO tessera_app;

-- A new visitor of the context's storefront (a hold, a sign-in, a checkout
-- needs one), signed in as p_account when given.
CREATE OR REPLACE FUNCTION ts_shop_session_create (p_token_hash text, p_account bigint DEFAULT NULL)
  RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  s web_session;
BEGIN
  IF ts_ctx_channel () <> 'internet' OR ts_ctx_outlet () IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Only a storefront makes storefront sessions');
  END IF;
  INSERT INTO web_session (token_hash, outlet_id, account_id, expires_at)
       VALUES (p_token_hash, ts_ctx_outlet (), p_account, now () + ts_shop_session_idle ())
    RETURNING * INTO s;
  RETURN ts_shop_session_json (s);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_session_create (text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_session_create (text, bigint) TO tessera_app;

-- Sign-in and sign-out (F6): the context's session gets a new cookie (its
-- old one no longer works: session fixation) and the account, or none; the
-- row, and so the cart, stays.
CREATE OR REPLACE FUNCTION ts_shop_session_rotate (p_token_hash text, p_account bigint) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  s web_session;
BEGIN
  UPDATE web_session
     SET token_hash = p_token_hash, account_id = p_account, last_seen_at = now (),
         expires_at = least (created_at + ts_shop_session_longest (), now () + ts_shop_session_idle ())
   WHERE id = ts_ctx_web_session () AND outlet_id = ts_ctx_outlet () AND ended_at IS NULL
  RETURNING * INTO s;
  IF NOT FOUND THEN
    PERFORM ts_refuse ('TS404', 'The visit has expired: start again');
  END IF;
  RETURN ts_shop_session_json (s);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_session_rotate (text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_session_rotate (text, bigint) TO tessera_app;
