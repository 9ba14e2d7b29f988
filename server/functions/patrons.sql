-- patrons.sql — the shared directory (rules P1, P2, P3, P6): each outlet's
-- primary contact points, and a patron as the API shows it to one outlet.
--
-- after: 002 — contact_point, whose row ts_contact_point_json takes.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Primary contact points (P2, P3) ------------------------------------------------
-- The effective primary of one kind for one outlet (P2):
--   a lone live point is primary everywhere;
--   else the outlet's own choice, if it made one and the point is live;
--   else the creating outlet's choice, which it follows until it chooses;
--   else the oldest live point.
-- Security definer: it reads the creating outlet's choice, which row-level
-- security hides from the asking outlet; it reveals only the point chosen,
-- which the asking outlet sees as its own primary anyway.
CREATE OR REPLACE FUNCTION ts_effective_primary (p_outlet integer, p_patron bigint, p_kind text,
                                                 OUT contact_point_id bigint, OUT inherited boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_count integer;
  v_creator integer;
BEGIN
  SELECT count (*), min (cp.id) INTO v_count, contact_point_id
    FROM contact_point cp
   WHERE cp.patron_id = p_patron AND cp.kind = p_kind AND cp.retired_at IS NULL;
  inherited := false;
  IF v_count <= 1 THEN
    RETURN;
  END IF;

  SELECT cpr.contact_point_id INTO contact_point_id
    FROM contact_primary cpr JOIN contact_point cp ON cp.id = cpr.contact_point_id
   WHERE cpr.outlet_id = p_outlet AND cpr.patron_id = p_patron AND cpr.kind = p_kind
     AND cp.retired_at IS NULL;
  IF FOUND THEN
    RETURN;
  END IF;

  SELECT created_by_outlet INTO v_creator FROM patron WHERE id = p_patron;
  IF v_creator IS NOT NULL AND v_creator IS DISTINCT FROM p_outlet THEN
    SELECT cpr.contact_point_id INTO contact_point_id
      FROM contact_primary cpr JOIN contact_point cp ON cp.id = cpr.contact_point_id
     WHERE cpr.outlet_id = v_creator AND cpr.patron_id = p_patron AND cpr.kind = p_kind
       AND cp.retired_at IS NULL;
    IF FOUND THEN
      inherited := true;
      RETURN;
    END IF;
  END IF;

  SELECT min (cp.id) INTO contact_point_id
    FROM contact_point cp
   WHERE cp.patron_id = p_patron AND cp.kind = p_kind AND cp.retired_at IS NULL;
  inherited := p_outlet IS DISTINCT FROM v_creator;
END $$;

-- P3: does any outlet other than p_outlet use this point as its primary?
CREATE OR REPLACE FUNCTION ts_contact_point_used_by_others (p_point bigint, p_outlet integer)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (
    SELECT 1
      FROM outlet o, contact_point cp
     WHERE cp.id = p_point AND o.id IS DISTINCT FROM p_outlet
       AND (ts_effective_primary (o.id, cp.patron_id, cp.kind)).contact_point_id = cp.id)
$$;

-- P2, P3: when the outlet that created the patron moves its own primary
-- away from a point its followers use (its edit of that point is stored as a
-- new point, primary for it), the followers keep the point they had: their
-- choice is written down.  Only the creating outlet is followed, so an edit
-- by any other outlet moves that outlet's own choice and nothing else: every
-- follower goes on following the creator (migration 002 pinned them all).
CREATE OR REPLACE FUNCTION ts_pin_followers (p_patron bigint, p_kind text, p_outlet integer)
  RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o record;
  v_point bigint;
  v_inherited boolean;
BEGIN
  IF p_outlet IS NULL OR p_outlet IS DISTINCT FROM (SELECT created_by_outlet FROM patron WHERE id = p_patron) THEN
    RETURN;
  END IF;
  FOR o IN SELECT id FROM outlet WHERE id <> p_outlet LOOP
    SELECT contact_point_id, inherited INTO v_point, v_inherited
      FROM ts_effective_primary (o.id, p_patron, p_kind);
    IF v_inherited AND v_point IS NOT NULL THEN
      INSERT INTO contact_primary (outlet_id, patron_id, kind, contact_point_id)
      VALUES (o.id, p_patron, p_kind, v_point)
      ON CONFLICT (outlet_id, patron_id, kind) DO NOTHING;
    END IF;
  END LOOP;
END $$;

REVOKE EXECUTE ON FUNCTION ts_effective_primary (integer, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_contact_point_used_by_others (bigint, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_pin_followers (bigint, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_effective_primary (integer, bigint, text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_contact_point_used_by_others (bigint, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_pin_followers (bigint, text, integer) TO tessera_app;

-- JSON for the API ---------------------------------------------------------------
-- The perspective is one outlet's (the Master User sees the creating outlet's).
-- Nothing here names another outlet or reveals its relationship with the
-- patron (P6): "primary_inherited" only says the primary is not our own choice.

CREATE OR REPLACE FUNCTION ts_contact_point_json (cp contact_point, p_outlet integer) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object (
           'id', cp.id, 'kind', cp.kind, 'label', cp.label, 'value', cp.value,
           'line1', cp.line1, 'line2', cp.line2, 'city', cp.city, 'region', cp.region,
           'postal_code', cp.postal_code, 'country', cp.country,
           'primary', ep.contact_point_id = cp.id,
           'primary_inherited', ep.contact_point_id = cp.id AND ep.inherited)
    FROM ts_effective_primary (p_outlet, cp.patron_id, cp.kind) ep
$$;

CREATE OR REPLACE FUNCTION ts_patron_json (p_patron bigint, p_outlet integer) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object (
           'id', p.id, 'title', p.title, 'first_name', p.first_name,
           'middle_name', p.middle_name, 'last_name', p.last_name, 'suffix', p.suffix,
           'company', p.company,
           'contact_points', coalesce ((
             SELECT jsonb_agg (ts_contact_point_json (cp, coalesce (p_outlet, p.created_by_outlet))
                               ORDER BY cp.kind, cp.id)
               FROM contact_point cp
              WHERE cp.patron_id = p.id AND cp.retired_at IS NULL), '[]'),
           'created_at', p.created_at, 'updated_at', p.updated_at)
    FROM patron p WHERE p.id = p_patron
$$;

-- One line of a search result: shared fields only, with the asking outlet's
-- primaries (P6).
CREATE OR REPLACE FUNCTION ts_patron_summary_json (p_patron bigint, p_outlet integer) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  WITH p AS (SELECT * FROM patron WHERE id = p_patron),
       prim AS (
         SELECT cp.*
           FROM p, unnest (ARRAY['address', 'phone', 'email']) AS k (kind),
                LATERAL ts_effective_primary (coalesce (p_outlet, p.created_by_outlet), p.id, k.kind) ep
           JOIN contact_point cp ON cp.id = ep.contact_point_id)
  SELECT jsonb_build_object (
           'id', p.id, 'title', p.title, 'first_name', p.first_name,
           'middle_name', p.middle_name, 'last_name', p.last_name, 'suffix', p.suffix,
           'company', p.company,
           'email', (SELECT value FROM prim WHERE kind = 'email'),
           'phone', (SELECT value FROM prim WHERE kind = 'phone'),
           'city', (SELECT city FROM prim WHERE kind = 'address'),
           'postal_code', (SELECT postal_code FROM prim WHERE kind = 'address'))
    FROM p
$$;

-- A patron's name as selling shows it (orders, the sales map, will-call).
CREATE OR REPLACE FUNCTION ts_patron_name (p_patron bigint) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (nullif (concat_ws (' ', p.first_name, p.last_name), ''), p.company)
  FROM patron p WHERE p.id = p_patron
$$;
