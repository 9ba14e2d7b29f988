-- shop-waiting-room.sql — the storefront's waiting room (issue 14;
-- docs/architecture.md, "The on-sale rush"): when more visitors want to
-- choose seats, hold and check out than a storefront's limit of active
-- shoppers, the others wait in line, first come, first served, and are let
-- in, lowest arrival number first, as places free up.
--
-- after: 035 — the waiting_room table.
--
-- A functions file (docs/architecture.md, "Migrations"): CREATE OR REPLACE
-- only, with the grants and comments of its functions.

-- How long a visitor in line may stop asking (its page refreshes itself far
-- more often) before it is taken to have left the line.
CREATE OR REPLACE FUNCTION ts_shop_waiting_room_abandon () RETURNS interval
  LANGUAGE sql IMMUTABLE AS $$ SELECT interval '2 minutes' $$;

-- Whether an admitted visitor still holds its place: it holds a live cart
-- (S1), or has not held seats yet and was let in or seen within p_idle.  A
-- visitor who buys (the sale ends its cart), whose hold expires or who goes
-- away frees its place.
CREATE OR REPLACE FUNCTION ts_shop_waiting_room_active (w waiting_room, p_idle interval) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT w.admitted_at IS NOT NULL
     AND ((w.web_session_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM cart k
                        WHERE k.web_session_id = w.web_session_id AND k.expires_at > now ()))
          OR (NOT w.had_cart AND greatest (w.last_seen_at, w.admitted_at) > now () - p_idle))
$$;
REVOKE ALL ON FUNCTION ts_shop_waiting_room_active (waiting_room, interval) FROM PUBLIC;

-- The visitor whose ts_queue cookie hashes to p_token_hash asks to choose
-- seats, hold or check out at the context's storefront, which lets p_limit
-- shoppers in at once.  Answers {"admitted": true} or {"admitted": false,
-- "place": N} (N = 1 for the next one in).  The first request makes the
-- visitor's row (its arrival number); the place is kept across refreshes by
-- the cookie.  One storefront's admissions are serialised by an advisory
-- lock, so two servers never give the same free place twice.
CREATE OR REPLACE FUNCTION ts_shop_waiting_room_pass (p_token_hash text, p_limit integer, p_idle_seconds integer)
  RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_outlet integer := ts_ctx_outlet ();
  v_idle interval := make_interval (secs => p_idle_seconds);
  w waiting_room;
  v_active integer;
  v_place integer;
  v_id bigint;
BEGIN
  IF ts_ctx_channel () <> 'internet' OR v_outlet IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Only a storefront has a waiting room');
  END IF;
  IF p_token_hash IS NULL OR p_token_hash !~ '^[0-9a-f]{64}$' OR p_limit < 1 OR p_idle_seconds < 1 THEN
    PERFORM ts_refuse ('TS422', 'Bad waiting room request');
  END IF;
  PERFORM pg_advisory_xact_lock (hashtext ('waiting_room'), v_outlet);

  SELECT * INTO w FROM waiting_room WHERE outlet_id = v_outlet AND token_hash = p_token_hash;
  IF FOUND AND w.admitted_at IS NOT NULL AND NOT ts_shop_waiting_room_active (w, v_idle) THEN
    -- it left (bought, hold expired, went away): coming back is a new arrival
    DELETE FROM waiting_room WHERE id = w.id;
    FOUND := false;
  ELSIF FOUND AND w.admitted_at IS NULL AND w.last_seen_at < now () - ts_shop_waiting_room_abandon () THEN
    DELETE FROM waiting_room WHERE id = w.id;
    FOUND := false;
  END IF;
  IF NOT FOUND THEN
    INSERT INTO waiting_room (outlet_id, token_hash, web_session_id)
         VALUES (v_outlet, p_token_hash, ts_ctx_web_session ())
      RETURNING * INTO w;
  ELSE
    UPDATE waiting_room
       SET last_seen_at = now (), web_session_id = coalesce (ts_ctx_web_session (), web_session_id),
           had_cart = had_cart OR (admitted_at IS NOT NULL AND ts_shop_live_cart () IS NOT NULL)
     WHERE id = w.id
      RETURNING * INTO w;
  END IF;
  IF w.admitted_at IS NOT NULL THEN
    RETURN jsonb_build_object ('admitted', true);
  END IF;

  -- places free: let in the longest waiting first
  SELECT count (*) INTO v_active FROM waiting_room r
   WHERE r.outlet_id = v_outlet AND r.admitted_at IS NOT NULL AND ts_shop_waiting_room_active (r, v_idle);
  IF v_active < p_limit THEN
    FOR v_id IN SELECT q.id FROM waiting_room q
                 WHERE q.outlet_id = v_outlet AND q.admitted_at IS NULL
                   AND q.last_seen_at >= now () - ts_shop_waiting_room_abandon ()
                 ORDER BY q.id LIMIT p_limit - v_active
    LOOP
      -- one at a time, so admitted_seq follows the arrival order
      UPDATE waiting_room SET admitted_at = now (), admitted_seq = nextval ('waiting_room_admitted_seq')
       WHERE id = v_id;
    END LOOP;
    SELECT * INTO w FROM waiting_room WHERE id = w.id;
    IF w.admitted_at IS NOT NULL THEN
      RETURN jsonb_build_object ('admitted', true);
    END IF;
  END IF;
  SELECT count (*) + 1 INTO v_place FROM waiting_room q
   WHERE q.outlet_id = v_outlet AND q.admitted_at IS NULL AND q.id < w.id
     AND q.last_seen_at >= now () - ts_shop_waiting_room_abandon ();
  -- rows long gone are of no use to anyone
  DELETE FROM waiting_room WHERE outlet_id = v_outlet AND last_seen_at < now () - interval '1 day';
  RETURN jsonb_build_object ('admitted', false, 'place', v_place);
END;
$$;
REVOKE ALL ON FUNCTION ts_shop_waiting_room_pass (text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_waiting_room_pass (text, integer, integer) TO tessera_app;
