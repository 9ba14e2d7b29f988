-- patrons.sql — the shared directory's functions in their current form:
-- each outlet's primary contact points (rules P1, P2, P3).
--
-- after: 019
--
-- Not a numbered migration: the server runs it again whenever its text
-- changes (ts_migrations_apply), so a function is changed here, in one place.
-- Everything here is CREATE OR REPLACE; tables and grants stay in
-- server/migrations/.

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
