-- shop-accounts.sql — patrons' web accounts and My Account (rules F6, F7, C6,
-- P1–P5, K2–K4, T3, R1; issue 14): sign-up confirmed by mail, sign-in with
-- its throttles, password reset, and what a signed-in patron sees of
-- himself at one storefront.
--
-- after: 033 — web_token and web_sign_in_throttle.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- A storefront request runs with its outlet as tessera.outlet_id, no
-- employee, and the signed-in account's patron as tessera.patron_id
-- (ts_ctx_patron).  These are security definers (the application role
-- reads no web_account, web_token or throttle row) that keep to that scope
-- themselves: a patron only ever reaches his own rows, and of the outlet's
-- relationship with him only this outlet's (F6, P4, P5).  Passwords are
-- bcrypt hashes made and checked here, as employees' are (sessions.sql).

-- Throttles (C6, F7) ------------------------------------------------------------
-- Keys 'email:<lower e-mail>' and 'source:<address>' (bad passwords),
-- 'mail:<lower e-mail>' and 'mail-source:<address>' (mails asked for), kept
-- whether or not an account exists.  An e-mail waits as an unfamiliar login does
-- (ts_sign_in_delay: five free failures, then 15 s doubling to 15 minutes);
-- a source, shared by a household or an office, after four times as many.
CREATE OR REPLACE FUNCTION ts_web_throttle_delay (p_key text, p_failures integer) RETURNS interval
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT ts_sign_in_delay (CASE WHEN p_key LIKE 'source:%' OR p_key LIKE 'mail-source:%' THEN p_failures / 4
                                ELSE p_failures END)
$$;

-- The latest time any of the keys must wait until; NULL: none waits.
CREATE OR REPLACE FUNCTION ts_web_throttle_until (p_keys text[]) RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT max (retry_at) FROM web_sign_in_throttle
   WHERE key = ANY (p_keys) AND retry_at > now ()
$$;

-- One more failure (or mail asked for) on each key; forgotten a day after
-- the last.
CREATE OR REPLACE FUNCTION ts_web_throttle_count (p_keys text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  k text;
  t web_sign_in_throttle%ROWTYPE;
BEGIN
  DELETE FROM web_sign_in_throttle
   WHERE ctid = ANY (ARRAY (SELECT ctid FROM web_sign_in_throttle
                             WHERE last_failure_at < now () - interval '1 day' LIMIT 20));
  FOREACH k IN ARRAY p_keys LOOP
    CONTINUE WHEN k IS NULL;
    INSERT INTO web_sign_in_throttle AS old (key, failures, last_failure_at)
    VALUES (k, 1, now ())
    ON CONFLICT (key) DO UPDATE
       SET failures = CASE WHEN old.last_failure_at < now () - interval '1 day' THEN 1 ELSE old.failures + 1 END,
           last_failure_at = now ()
    RETURNING * INTO t;
    IF ts_web_throttle_delay (k, t.failures) > interval '0' THEN
      UPDATE web_sign_in_throttle SET retry_at = now () + ts_web_throttle_delay (k, t.failures) WHERE key = k;
    END IF;
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION ts_web_throttle_keys (p_email text, p_source text) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT ARRAY['email:' || lower (btrim (p_email)), CASE WHEN coalesce (p_source, '') <> '' THEN 'source:' || p_source END]
$$;

-- Input (F7: refusals name the field, never an account) -------------------------

CREATE OR REPLACE FUNCTION ts_web_check_email (p_email text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  AS $$
BEGIN
  IF p_email IS NULL OR length (p_email) > 254 OR p_email !~ '^[^\s<>@,;"]+@[^\s<>@,;"]+\.[^\s<>@,;"]+$' THEN
    PERFORM ts_refuse ('TS400', 'email: is not an e-mail address (expected name@example.org)');
  END IF;
  RETURN btrim (p_email);
END $$;

CREATE OR REPLACE FUNCTION ts_web_check_password (p_password text) RETURNS void
  LANGUAGE plpgsql IMMUTABLE
  AS $$
BEGIN
  IF p_password IS NULL OR char_length (p_password) < 10 THEN
    PERFORM ts_refuse ('TS400', 'password: at least 10 characters');
  ELSIF char_length (p_password) > 200 THEN
    PERFORM ts_refuse ('TS400', 'password: at most 200 characters');
  END IF;
END $$;

CREATE OR REPLACE FUNCTION ts_web_check_name (p_field text, p_value text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  AS $$
BEGIN
  IF p_value IS NULL OR btrim (p_value) = '' THEN
    PERFORM ts_refuse ('TS400', p_field || ': is required');
  ELSIF char_length (btrim (p_value)) > 80 THEN
    PERFORM ts_refuse ('TS400', p_field || ': at most 80 characters');
  END IF;
  RETURN btrim (p_value);
END $$;

-- Sign-up (F6, F7) -----------------------------------------------------------------
-- p: {first_name, last_name, email, password, token_hash, source, cost}.
-- Mails are counted per address and per source ('quiet' past their waits:
-- nobody is mail-bombed through the storefront).
-- Nothing is made yet but a one-use link (24 hours): the account is made
-- when the mailed link is followed, so the answer is the same whether the
-- address had an account or not ("check your e-mail").  result 'confirm':
-- mail the link; 'exists': mail the owner that someone tried; 'quiet': too
-- many mails asked for this address lately, send none.  The password is
-- hashed in every case, so the time taken does not tell either.
CREATE OR REPLACE FUNCTION ts_web_account_sign_up (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_first text := ts_web_check_name ('first_name', p ->> 'first_name');
  v_last text := ts_web_check_name ('last_name', p ->> 'last_name');
  v_email text := ts_web_check_email (p ->> 'email');
  v_hash text;
  v_mail_key text[] := ARRAY['mail:' || lower (v_email),
                             CASE WHEN coalesce (p ->> 'source', '') <> '' THEN 'mail-source:' || (p ->> 'source') END];
BEGIN
  PERFORM ts_web_check_password (p ->> 'password');
  v_hash := crypt (p ->> 'password', gen_salt ('bf', (p ->> 'cost')::integer));
  IF ts_web_throttle_until (v_mail_key) IS NOT NULL THEN
    RETURN jsonb_build_object ('result', 'quiet', 'email', v_email);
  END IF;
  PERFORM ts_web_throttle_count (v_mail_key);
  IF EXISTS (SELECT 1 FROM web_account WHERE lower (email) = lower (v_email)) THEN
    PERFORM ts_audit ('web_sign_up_existing', 'web_account',
                      (SELECT id::text FROM web_account WHERE lower (email) = lower (v_email)),
                      ts_ctx_outlet (), NULL, NULL);
    RETURN jsonb_build_object ('result', 'exists', 'email', v_email);
  END IF;
  INSERT INTO web_token (token_hash, kind, outlet_id, email, pending, expires_at)
  VALUES (p ->> 'token_hash', 'sign_up', ts_ctx_outlet (), v_email,
          jsonb_build_object ('first_name', v_first, 'last_name', v_last, 'password_hash', v_hash),
          now () + interval '24 hours');
  PERFORM ts_audit ('web_sign_up', 'web_token', NULL, ts_ctx_outlet (), NULL,
                    jsonb_build_object ('email', v_email));
  RETURN jsonb_build_object ('result', 'confirm', 'email', v_email, 'first_name', v_first);
END $$;

-- F7: the patron a web account or a guest purchaser is — the one matching
-- of the storefront (sign-up and guest checkout alike): the one patron whose
-- first name, last name and an e-mail all match exactly, else a new patron
-- of this outlet with that e-mail (and phone).  p: {first_name, last_name,
-- email, phone?, without_account?}; without_account (a sign-up): a patron
-- who has an account already is not matched.  Nothing tells the visitor
-- which.
CREATE OR REPLACE FUNCTION ts_web_patron (p jsonb) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_first text := btrim (p ->> 'first_name');
  v_last text := btrim (p ->> 'last_name');
  v_email text := btrim (p ->> 'email');
  v_phone text := nullif (btrim (coalesce (p ->> 'phone', '')), '');
  v_ids bigint[];
  v_patron bigint;
BEGIN
  v_ids := ARRAY (SELECT DISTINCT pa.id FROM patron pa JOIN contact_point cp ON cp.patron_id = pa.id
                   WHERE pa.first_name = v_first AND pa.last_name = v_last
                     AND cp.kind = 'email' AND cp.retired_at IS NULL AND lower (cp.value) = lower (v_email)
                     AND NOT (coalesce ((p ->> 'without_account')::boolean, false)
                              AND EXISTS (SELECT 1 FROM web_account a WHERE a.patron_id = pa.id))
                   LIMIT 2);
  IF cardinality (v_ids) = 1 THEN
    RETURN v_ids[1];
  END IF;
  INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES (v_first, v_last, ts_ctx_outlet ())
    RETURNING id INTO v_patron;
  INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)
    VALUES (v_patron, 'email', 'home', v_email, ts_ctx_outlet ());
  IF v_phone IS NOT NULL THEN
    INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)
      VALUES (v_patron, 'phone', 'home', v_phone, ts_ctx_outlet ());
  END IF;
  RETURN v_patron;
END $$;

-- The mailed sign-up link followed: the account is made and signed in
-- (the caller signs the session in).  A link used, expired, or for an
-- address that has an account meanwhile: TS404.
CREATE OR REPLACE FUNCTION ts_web_account_confirm (p_token_hash text) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  t web_token%ROWTYPE;
  v_patron bigint;
  v_account bigint;
BEGIN
  SELECT * INTO t FROM web_token
   WHERE token_hash = p_token_hash AND kind = 'sign_up' AND used_at IS NULL AND expires_at > now ()
   FOR UPDATE;
  IF NOT FOUND OR EXISTS (SELECT 1 FROM web_account WHERE lower (email) = lower (t.email)) THEN
    PERFORM ts_refuse ('TS404', 'This link is no longer valid');
  END IF;
  UPDATE web_token SET used_at = now () WHERE token_hash = p_token_hash;
  v_patron := ts_web_patron (jsonb_build_object ('first_name', t.pending ->> 'first_name',
                                                'last_name', t.pending ->> 'last_name', 'email', t.email,
                                                'without_account', true));
  INSERT INTO web_account (patron_id, email, password_hash, last_sign_in_at)
  VALUES (v_patron, t.email, t.pending ->> 'password_hash', now ())
  RETURNING id INTO v_account;
  RETURN jsonb_build_object ('account_id', v_account, 'patron_id', v_patron);
END $$;

-- The Master User's way to give a patron an account (the demo season's):
-- anyone else is refused.
CREATE OR REPLACE FUNCTION ts_web_account_create (p_patron bigint, p_email text, p_password text, p_cost integer)
  RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_id bigint;
BEGIN
  IF NOT ts_ctx_master () THEN
    PERFORM ts_refuse ('TS403', 'Only the Master User may make a web account for a patron');
  END IF;
  PERFORM ts_web_check_password (p_password);
  INSERT INTO web_account (patron_id, email, password_hash)
  VALUES (p_patron, ts_web_check_email (p_email), crypt (p_password, gen_salt ('bf', p_cost)))
  RETURNING id INTO v_id;
  RETURN v_id;
END $$;

-- Sign-in (F6, F7, C6) ---------------------------------------------------------------
-- result 'ok' (account_id, patron_id), 'wrong' (the same for an unknown
-- e-mail and a wrong password, after the same bcrypt work), or 'throttled'
-- (retry_after seconds; decided before any hashing).
CREATE OR REPLACE FUNCTION ts_web_account_sign_in (p_email text, p_password text, p_source text, p_cost integer)
  RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  a web_account%ROWTYPE;
  v_keys text[] := ts_web_throttle_keys (coalesce (p_email, ''), p_source);
  v_until timestamptz := ts_web_throttle_until (v_keys);
BEGIN
  IF v_until IS NOT NULL THEN
    RETURN jsonb_build_object ('result', 'throttled',
                               'retry_after', ceil (extract (epoch FROM v_until - now ()))::integer);
  END IF;
  SELECT * INTO a FROM web_account WHERE lower (email) = lower (btrim (coalesce (p_email, '')));
  IF NOT FOUND OR crypt (coalesce (p_password, ''), a.password_hash) <> a.password_hash THEN
    IF NOT FOUND THEN
      PERFORM crypt (coalesce (p_password, ''), gen_salt ('bf', p_cost));
    ELSE
      UPDATE web_account SET failed_count = failed_count + 1 WHERE id = a.id;
    END IF;
    PERFORM ts_web_throttle_count (v_keys);
    RETURN jsonb_build_object ('result', 'wrong');
  END IF;
  UPDATE web_account SET failed_count = 0, last_sign_in_at = now () WHERE id = a.id;
  DELETE FROM web_sign_in_throttle WHERE key = v_keys[1];
  PERFORM ts_audit ('web_sign_in', 'web_account', a.id::text, ts_ctx_outlet (), NULL, NULL);
  RETURN jsonb_build_object ('result', 'ok', 'account_id', a.id, 'patron_id', a.patron_id);
END $$;

-- Forgotten password (F7) ----------------------------------------------------------------
-- result 'reset' (mail the link, 1 hour, one use; first_name for the
-- greeting) or 'none' (no account, or too many mails lately: send nothing).
-- The page says the same either way.
CREATE OR REPLACE FUNCTION ts_web_account_forgot (p_email text, p_token_hash text, p_source text) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_email text := ts_web_check_email (p_email);
  v_mail_key text[] := ARRAY['mail:' || lower (v_email),
                             CASE WHEN coalesce (p_source, '') <> '' THEN 'mail-source:' || p_source END];
  a web_account%ROWTYPE;
BEGIN
  SELECT * INTO a FROM web_account WHERE lower (email) = lower (v_email);
  IF NOT FOUND OR ts_web_throttle_until (v_mail_key) IS NOT NULL THEN
    RETURN jsonb_build_object ('result', 'none');
  END IF;
  PERFORM ts_web_throttle_count (v_mail_key);
  INSERT INTO web_token (token_hash, kind, outlet_id, account_id, email, expires_at)
  VALUES (p_token_hash, 'reset', ts_ctx_outlet (), a.id, a.email, now () + interval '1 hour');
  PERFORM ts_audit ('web_password_reset_asked', 'web_account', a.id::text, ts_ctx_outlet (), NULL, NULL);
  RETURN jsonb_build_object ('result', 'reset', 'email', a.email,
                             'first_name', (SELECT first_name FROM patron WHERE id = a.patron_id));
END $$;

-- Is the reset link still good?  (The page shows the form or says it is not.)
CREATE OR REPLACE FUNCTION ts_web_account_reset_valid (p_token_hash text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM web_token
                  WHERE token_hash = p_token_hash AND kind = 'reset' AND used_at IS NULL AND expires_at > now ())
$$;

-- The new password from a reset link: the link and every other reset link
-- of the account are used up, the account's other sessions end.
CREATE OR REPLACE FUNCTION ts_web_account_reset (p_token_hash text, p_password text, p_cost integer)
  RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  t web_token%ROWTYPE;
  v_patron bigint;
BEGIN
  SELECT * INTO t FROM web_token
   WHERE token_hash = p_token_hash AND kind = 'reset' AND used_at IS NULL AND expires_at > now ()
   FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM ts_refuse ('TS404', 'This link is no longer valid');
  END IF;
  PERFORM ts_web_check_password (p_password);
  UPDATE web_token SET used_at = now () WHERE account_id = t.account_id AND used_at IS NULL;
  UPDATE web_account SET password_hash = crypt (p_password, gen_salt ('bf', p_cost)), failed_count = 0
   WHERE id = t.account_id
  RETURNING patron_id INTO v_patron;
  UPDATE web_session SET ended_at = now () WHERE account_id = t.account_id AND ended_at IS NULL;
  DELETE FROM web_sign_in_throttle WHERE key = 'email:' || lower (t.email);
  PERFORM ts_audit ('web_password_reset', 'web_account', t.account_id::text, ts_ctx_outlet (), NULL, NULL);
  RETURN jsonb_build_object ('account_id', t.account_id, 'patron_id', v_patron);
END $$;

-- My Account (F6, P4, P5) -------------------------------------------------------------------
-- Everything below is the signed-in patron's (ts_ctx_patron) at this
-- storefront's outlet (ts_ctx_outlet), never another outlet's.

CREATE OR REPLACE FUNCTION ts_shop_my_patron () RETURNS bigint
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  IF ts_ctx_patron () IS NULL OR ts_ctx_outlet () IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Sign in first');
  END IF;
  RETURN ts_ctx_patron ();
END $$;

-- A ticket the patron may cancel online: bought at this storefront, the
-- outlet lets patrons cancel (web_cancel_hours), still sold, and its
-- performance, as scheduled, more than that many hours away.
CREATE OR REPLACE FUNCTION ts_shop_my_cancellable (o ticket_order, i order_item, pf performance) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (o.channel = 'internet' AND i.status = 'sold' AND pf.status = 'scheduled'
                   AND pf.starts_at > now () + make_interval (hours => w.web_cancel_hours), false)
    FROM outlet w WHERE w.id = o.outlet_id
$$;

-- S6: the performances a ticket the patron may cancel online may be
-- exchanged for: the other performances of its event this storefront sells
-- online now, with its ticket type in its price zone.  [{performance_id,
-- starts_at}], soonest first.
CREATE OR REPLACE FUNCTION ts_shop_my_exchange_to (i order_item, pf performance) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('performance_id', x.id, 'starts_at', x.starts_at)
                              ORDER BY x.starts_at, x.id), '[]')
    FROM performance x
   WHERE x.event_id = pf.event_id AND x.id <> pf.id
     AND x.internet_on_sale IS NOT NULL AND x.internet_on_sale <= now () AND ts_online_sells (x, ts_ctx_outlet ())
     AND EXISTS (SELECT 1 FROM ts_shop_price_list (x) l
                  WHERE l.zone IS NOT DISTINCT FROM i.price_zone AND l.ticket_type_id = i.ticket_type_id)
$$;

-- One order sold by this outlet to the patron, as he sees it; NULL for an
-- order that is not his or not this outlet's (answered like an unknown id).
CREATE OR REPLACE FUNCTION ts_shop_my_order (p_id bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object (
           'id', o.id, 'created_at', o.created_at, 'channel', o.channel,
           'cancel_hours', CASE WHEN o.channel = 'internet'
                                THEN (SELECT web_cancel_hours FROM outlet WHERE id = o.outlet_id) END,
           'total_cents', coalesce ((SELECT sum (i.price_cents) FROM order_item i
                                      WHERE i.order_id = o.id AND i.status = 'sold'), 0),
           'lines', coalesce ((
             SELECT jsonb_agg (jsonb_build_object (
                      'item_id', i.id, 'performance_id', i.performance_id, 'event', e.name,
                      'starts_at', pf.starts_at, 'venue', m.name,
                      'place', coalesce (CASE WHEN i.seat_guid IS NOT NULL THEN ts_seat_name (e.map_id, i.seat_guid) END,
                                         a.name, ''),
                      'section', nullif (s.zone, ''), 'row', nullif (s.row_label, ''), 'number', nullif (s.number, ''),
                      'ticket_type', t.name, 'price_cents', i.price_cents, 'status', i.status,
                      'ticket_number', i.ticket_number, 'owner_outlet_id', i.owner_outlet_id,
                      'barcode_version', i.barcode_version,
                      'cancellable', ts_shop_my_cancellable (o, i, pf),
                      'exchange_to', CASE WHEN ts_shop_my_cancellable (o, i, pf)
                                          THEN ts_shop_my_exchange_to (i, pf) ELSE '[]' END) ORDER BY pf.starts_at NULLS FIRST, i.id)
               FROM order_item i
               JOIN ticket_type t ON t.id = i.ticket_type_id
               LEFT JOIN performance pf ON pf.id = i.performance_id      -- a subscription has none
               LEFT JOIN event e ON e.id = pf.event_id
               LEFT JOIN theatre_map m ON m.id = e.map_id
               LEFT JOIN map_ga_area a ON a.map_id = e.map_id AND a.area_key = i.area_key
               LEFT JOIN map_seat s ON s.map_id = e.map_id AND s.guid = i.seat_guid
              WHERE i.order_id = o.id), '[]'))
    FROM ticket_order o
   WHERE o.id = p_id AND o.outlet_id = ts_ctx_outlet () AND o.purchaser_id = ts_shop_my_patron ()
$$;

-- The patron's orders at this outlet, newest first.
CREATE OR REPLACE FUNCTION ts_shop_my_orders () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('orders', coalesce (jsonb_agg (ts_shop_my_order (o.id) ORDER BY o.created_at DESC, o.id DESC), '[]'))
    FROM ticket_order o
   WHERE o.outlet_id = ts_ctx_outlet () AND o.purchaser_id = ts_shop_my_patron ()
$$;

-- The patron's order p.order_id at this outlet, locked for a change; any
-- other (another patron's, another outlet's) refused as unknown (P5, F7).
CREATE OR REPLACE FUNCTION ts_shop_my_order_lock (p jsonb) RETURNS ticket_order
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
BEGIN
  SELECT * INTO o FROM ticket_order
   WHERE id = (p ->> 'order_id')::bigint AND outlet_id = ts_ctx_outlet () AND purchaser_id = ts_shop_my_patron ()
   FOR UPDATE;
  IF o.id IS NULL THEN
    PERFORM ts_refuse ('TS404', 'No such order');
  END IF;
  RETURN o;
END $$;

-- S6, F6: the patron cancels tickets of his web order at this storefront,
-- each at least web_cancel_hours before its performance; the storefront's
-- outlet refunds them to the card they were paid with (its own till, S7;
-- the payments sweeper gives card refunds back through the provider).  The
-- patron's own path: only his order, this outlet's, inside the window, by
-- card — checked here, never by borrowing a staff level or the Master
-- User's context; the refund's work is the box office's own
-- (ts_order_refund_apply), audited as the patron's web account.
-- p: {order_id, items: [item ids]}.  Refusals name the field.
CREATE OR REPLACE FUNCTION ts_shop_my_cancel (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_patron bigint := ts_shop_my_patron ();
  o ticket_order;
  v_items bigint[];
  v_bad text;
  v_amount bigint;
  v_refund jsonb;
BEGIN
  o := ts_shop_my_order_lock (p);
  v_items := ARRAY (SELECT DISTINCT (jsonb_array_elements_text (coalesce (p -> 'items', '[]')))::bigint);
  IF cardinality (v_items) = 0 THEN
    PERFORM ts_refuse ('TS400', 'items: choose the tickets to cancel');
  END IF;
  SELECT string_agg (x::text, ', ' ORDER BY x) INTO v_bad FROM unnest (v_items) x
   WHERE NOT EXISTS (SELECT 1 FROM order_item i JOIN performance pf ON pf.id = i.performance_id
                      WHERE i.id = x AND i.order_id = o.id AND ts_shop_my_cancellable (o, i, pf));
  IF v_bad IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', 'items: these tickets can no longer be cancelled online: ' || v_bad);
  END IF;
  SELECT sum (price_cents) INTO v_amount FROM order_item WHERE id = ANY (v_items);
  v_refund := ts_order_refund_apply (o, o.outlet_id, v_items, 'Cancelled online by the patron',
                CASE WHEN v_amount > 0
                     THEN jsonb_build_array (jsonb_build_object ('method', 'card', 'amount_cents', v_amount,
                                                                 'reference', 'web-cancel'))
                     ELSE '[]'::jsonb END, false);
  PERFORM ts_audit ('web_self_cancel', 'ticket_order', o.id::text, o.outlet_id, NULL,
                    jsonb_build_object ('web_account_id', (SELECT account_id FROM web_session WHERE id = ts_ctx_web_session ()),
                                        'patron_id', v_patron, 'items', to_jsonb (v_items), 'amount_cents', v_amount,
                                        'refund_id', v_refund -> 'refund_id'));
  RETURN jsonb_build_object ('refund_id', v_refund -> 'refund_id', 'amount_cents', v_amount);
END $$;

-- S6, F6: the patron exchanges one ticket of his web order at this
-- storefront — one he may cancel online (ts_shop_my_cancellable) — for
-- another performance of its event this storefront sells online now: the
-- same ticket type, a seat of the same price zone by best available (S1) or
-- a place in the same general-admission area.  The box office's own
-- exchange (ts_order_exchange_lock, _apply: the refund as exchange credit
-- and the sale with every check of a new sale, in this transaction), on the
-- patron's path as ts_shop_my_cancel is: his order only, this outlet's,
-- inside the window; no staff level, no Master User context; audited as
-- his web account.  Equal price: nothing to pay; cheaper: the difference
-- goes back to the order's card (the payments sweeper); dearer: refused,
-- the box office's (never a second card payment here).
-- p: {order_id, item, performance_id}.  Refusals name the field.
CREATE OR REPLACE FUNCTION ts_shop_my_exchange (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_patron bigint := ts_shop_my_patron ();
  o ticket_order;
  i order_item;
  pf performance;
  np performance;
  v_perf integer;
  v_price integer;
  v_seat text;
  v_back bigint;
  v_body jsonb;
  v_refund jsonb;
  v_result jsonb;
BEGIN
  o := ts_shop_my_order_lock (p);
  IF coalesce (p ->> 'item', '') !~ '^[0-9]{1,18}$' THEN
    PERFORM ts_refuse ('TS400', 'item: choose the ticket to exchange');
  END IF;
  SELECT * INTO i FROM order_item WHERE id = (p ->> 'item')::bigint AND order_id = o.id;
  SELECT * INTO pf FROM performance WHERE id = i.performance_id;
  IF i.id IS NULL OR pf.id IS NULL OR NOT ts_shop_my_cancellable (o, i, pf) THEN
    PERFORM ts_refuse ('TS409', 'item: this ticket can no longer be exchanged online');
  END IF;
  v_perf := ts_shop_int (p, 'performance_id', 1, 2147483647);
  -- lock order (docs/architecture.md): the order, then the performances by
  -- ascending id, before choosing the seat under the lock (S1)
  PERFORM 1 FROM performance WHERE id IN (pf.id, v_perf) ORDER BY id FOR UPDATE;
  SELECT * INTO np FROM performance x
   WHERE x.id = v_perf AND x.id <> pf.id AND x.event_id = pf.event_id
     AND x.internet_on_sale IS NOT NULL AND x.internet_on_sale <= now () AND ts_online_sells (x, ts_ctx_outlet ());
  IF np.id IS NULL THEN
    PERFORM ts_refuse ('TS400', 'performance_id: not another performance of this event on sale here');
  END IF;
  SELECT l.price_cents INTO v_price FROM ts_shop_price_list (np) l
   WHERE l.zone IS NOT DISTINCT FROM i.price_zone AND l.ticket_type_id = i.ticket_type_id;
  IF v_price IS NULL THEN
    PERFORM ts_refuse ('TS400', 'performance_id: not another performance of this event on sale here');
  END IF;
  IF v_price > i.price_cents THEN
    PERFORM ts_refuse ('TS409', 'performance_id: the new tickets cost more than those given back; ask the box office');
  END IF;
  PERFORM ts_expire_carts (np.id);
  IF i.seat_guid IS NOT NULL THEN
    v_seat := (ts_shop_best_seats (np, 1, i.price_zone))[1];
    IF v_seat IS NULL THEN
      PERFORM ts_refuse ('TS409', 'performance_id: no seat left in this ticket''s price zone');
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM performance_ga g
                     WHERE g.performance_id = np.id AND g.area_key = i.area_key AND g.taken < g.capacity) THEN
    PERFORM ts_refuse ('TS409', 'performance_id: no seat left in this ticket''s price zone');
  END IF;
  v_back := i.price_cents - v_price;
  v_body := jsonb_build_object (
    'order_id', o.id, 'items', jsonb_build_array (i.id),
    'new', jsonb_build_object (
      'idempotency_key', 'web-exchange-' || i.id,
      'items', jsonb_build_array (jsonb_strip_nulls (jsonb_build_object (
                 'performance_id', np.id, 'seat', v_seat, 'area', CASE WHEN v_seat IS NULL THEN i.area_key END,
                 'ticket_type_id', i.ticket_type_id))),
      'payments', '[]'::jsonb,
      'refund_payments', CASE WHEN v_back > 0
                              THEN jsonb_build_array (jsonb_build_object ('method', 'card', 'amount_cents', v_back))
                              ELSE '[]'::jsonb END));
  PERFORM ts_order_exchange_lock (v_body);
  v_refund := ts_order_refund_apply (o, o.outlet_id, ARRAY[i.id], 'Exchanged online by the patron', NULL, true);
  v_result := ts_order_exchange_apply (o, v_body, v_refund);
  PERFORM ts_audit ('web_self_exchange', 'ticket_order', o.id::text, o.outlet_id, NULL,
                    jsonb_build_object ('web_account_id', (SELECT account_id FROM web_session WHERE id = ts_ctx_web_session ()),
                                        'patron_id', v_patron, 'item', i.id, 'performance_id', np.id,
                                        'new_order_id', v_result -> 'order' -> 'id', 'paid_back_cents', v_back,
                                        'refund_id', v_refund -> 'refund_id'));
  RETURN jsonb_build_object ('order_id', v_result -> 'order' -> 'id', 'paid_back_cents', v_back);
END $$;

-- Names (shared, P1) and this outlet's primary e-mail, phone and address
-- (P2), with the account's sign-in e-mail.
CREATE OR REPLACE FUNCTION ts_shop_my_details () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object (
           'first_name', p.first_name, 'last_name', p.last_name,
           'account_email', (SELECT a.email FROM web_account a WHERE a.patron_id = p.id),
           'email', (SELECT cp.value FROM contact_point cp
                      WHERE cp.id = (ts_effective_primary (ts_ctx_outlet (), p.id, 'email')).contact_point_id),
           'phone', (SELECT cp.value FROM contact_point cp
                      WHERE cp.id = (ts_effective_primary (ts_ctx_outlet (), p.id, 'phone')).contact_point_id),
           'address', (SELECT jsonb_build_object ('line1', cp.line1, 'line2', cp.line2, 'city', cp.city,
                                                  'region', cp.region, 'postal_code', cp.postal_code,
                                                  'country', cp.country)
                         FROM contact_point cp
                        WHERE cp.id = (ts_effective_primary (ts_ctx_outlet (), p.id, 'address')).contact_point_id))
    FROM patron p WHERE p.id = ts_shop_my_patron ()
$$;

-- P2, P3: one kind's point as this outlet's primary.  A change to a point
-- another outlet uses as its primary is stored as a new point, primary for
-- this outlet only (its followers pinned first); else the point changes in
-- place.  No point yet: a new one.  The same values: nothing written.
-- p_values: {value} or the address's lines.  Empty: nothing (a patron does
-- not delete a contact point from the storefront).
CREATE OR REPLACE FUNCTION ts_shop_my_point_put (p_kind text, p_values jsonb) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_patron bigint := ts_shop_my_patron ();
  v_outlet integer := ts_ctx_outlet ();
  cp contact_point%ROWTYPE;
  v_new bigint;
BEGIN
  IF p_values IS NULL OR NOT EXISTS (SELECT 1 FROM jsonb_each_text (p_values) WHERE btrim (value) <> '') THEN
    RETURN;
  END IF;
  SELECT * INTO cp FROM contact_point
   WHERE id = (ts_effective_primary (v_outlet, v_patron, p_kind)).contact_point_id;
  IF FOUND AND cp.value IS NOT DISTINCT FROM p_values ->> 'value'
     AND cp.line1 IS NOT DISTINCT FROM p_values ->> 'line1' AND cp.line2 IS NOT DISTINCT FROM p_values ->> 'line2'
     AND cp.city IS NOT DISTINCT FROM p_values ->> 'city' AND cp.region IS NOT DISTINCT FROM p_values ->> 'region'
     AND cp.postal_code IS NOT DISTINCT FROM p_values ->> 'postal_code'
     AND cp.country IS NOT DISTINCT FROM p_values ->> 'country' THEN
    RETURN;
  END IF;
  IF FOUND AND NOT ts_contact_point_used_by_others (cp.id, v_outlet) THEN
    UPDATE contact_point
       SET value = p_values ->> 'value', line1 = p_values ->> 'line1', line2 = p_values ->> 'line2',
           city = p_values ->> 'city', region = p_values ->> 'region',
           postal_code = p_values ->> 'postal_code', country = p_values ->> 'country'
     WHERE id = cp.id;
    RETURN;
  END IF;
  IF FOUND THEN
    PERFORM ts_pin_followers (v_patron, p_kind, v_outlet);
  END IF;
  INSERT INTO contact_point (patron_id, kind, label, value, line1, line2, city, region, postal_code, country)
  VALUES (v_patron, p_kind, 'home', p_values ->> 'value', p_values ->> 'line1', p_values ->> 'line2',
          p_values ->> 'city', p_values ->> 'region', p_values ->> 'postal_code', p_values ->> 'country')
  RETURNING id INTO v_new;
  INSERT INTO contact_primary (outlet_id, patron_id, kind, contact_point_id)
  VALUES (v_outlet, v_patron, p_kind, v_new)
  ON CONFLICT (outlet_id, patron_id, kind) DO UPDATE
    SET contact_point_id = EXCLUDED.contact_point_id, chosen_at = now ();
END $$;

-- p: {first_name, last_name, email, phone, address: {line1, line2, city,
-- region, postal_code, country}}; each checked, naming its field.  Every
-- change is audited by the tables' triggers (R1).
CREATE OR REPLACE FUNCTION ts_shop_my_details_put (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_patron bigint := ts_shop_my_patron ();
  v_first text := ts_web_check_name ('first_name', p ->> 'first_name');
  v_last text := ts_web_check_name ('last_name', p ->> 'last_name');
  v_phone text := nullif (btrim (coalesce (p ->> 'phone', '')), '');
  v_email text := nullif (btrim (coalesce (p ->> 'email', '')), '');
  v_address jsonb := coalesce (p -> 'address', '{}');
BEGIN
  IF v_email IS NOT NULL THEN
    v_email := ts_web_check_email (v_email);
  END IF;
  IF v_phone IS NOT NULL AND length (regexp_replace (v_phone, '\D', '', 'g')) NOT BETWEEN 7 AND 20 THEN
    PERFORM ts_refuse ('TS400', 'phone: 7 to 20 digits');
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_each_text (v_address) x
              WHERE x.key NOT IN ('line1', 'line2', 'city', 'region', 'postal_code', 'country')
                 OR length (x.value) > CASE x.key WHEN 'postal_code' THEN 20 WHEN 'line1' THEN 120
                                                  WHEN 'line2' THEN 120 ELSE 80 END) THEN
    PERFORM ts_refuse ('TS400', 'address: a line is too long');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jsonb_each_text (v_address) x WHERE btrim (x.value) <> '') THEN
    v_address := NULL;
  ELSIF coalesce (btrim (v_address ->> 'line1'), '') = '' THEN
    PERFORM ts_refuse ('TS400', 'address.line1: is required with an address');
  END IF;
  UPDATE patron SET first_name = v_first, last_name = v_last
   WHERE id = v_patron AND (first_name IS DISTINCT FROM v_first OR last_name IS DISTINCT FROM v_last);
  PERFORM ts_shop_my_point_put ('email', CASE WHEN v_email IS NOT NULL THEN jsonb_build_object ('value', v_email) END);
  PERFORM ts_shop_my_point_put ('phone', CASE WHEN v_phone IS NOT NULL THEN jsonb_build_object ('value', v_phone) END);
  PERFORM ts_shop_my_point_put ('address', (SELECT jsonb_object_agg (key, nullif (btrim (value), ''))
                                              FROM jsonb_each_text (v_address)));
  RETURN ts_shop_my_details ();
END $$;

-- K2, K4, P4: this outlet's partner companies that collect preferences,
-- each with the patron's answer (not_asked when none).
CREATE OR REPLACE FUNCTION ts_shop_my_preferences () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('preferences', coalesce (jsonb_agg (jsonb_build_object (
           'partner_company_id', c.id, 'name', c.name, 'description', c.web_description,
           'answer', coalesce (pp.answer, 'not_asked')) ORDER BY lower (c.name), c.id), '[]'))
    FROM partner_company c
    LEFT JOIN partner_preference pp ON pp.partner_company_id = c.id AND pp.patron_id = ts_shop_my_patron ()
   WHERE c.outlet_id = ts_ctx_outlet () AND c.collect_preferences
$$;

-- K3: online the answer is yes or no.  p: [{partner_company_id, answer}];
-- another outlet's partner is named like an unknown one (P4).  Recorded as
-- the patron's own ('online'), in the consent history like the box
-- office's.
CREATE OR REPLACE FUNCTION ts_shop_my_preferences_put (p jsonb) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_patron bigint := ts_shop_my_patron ();
  x record;
BEGIN
  FOR x IN SELECT a, n - 1 AS i FROM jsonb_array_elements (coalesce (p, '[]')) WITH ORDINALITY AS t (a, n) LOOP
    IF coalesce (x.a ->> 'answer', '') NOT IN ('yes', 'no') THEN
      PERFORM ts_refuse ('TS400', format ('preferences[%s].answer: must be yes or no', x.i));  -- K3
    END IF;
    IF NOT EXISTS (SELECT 1 FROM partner_company c
                    WHERE c.id = (x.a ->> 'partner_company_id')::integer
                      AND c.outlet_id = ts_ctx_outlet () AND c.collect_preferences) THEN
      PERFORM ts_refuse ('TS400', format ('preferences[%s].partner_company_id: no such partner company', x.i));
    END IF;
    PERFORM ts_partner_answer_set ((x.a ->> 'partner_company_id')::integer, v_patron, x.a ->> 'answer',
                                   'online', NULL);
  END LOOP;
END $$;

-- T3: the patron's vouchers of this outlet's subscriptions: open ones to
-- reserve, with the performances they are good for online now
-- (shop-vouchers.sql), reserved ones with their performance.
CREATE OR REPLACE FUNCTION ts_shop_my_vouchers () RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('vouchers', coalesce (jsonb_agg (jsonb_build_object (
           'id', v.id, 'ticket_type_id', v.ticket_type_id, 'ticket_type', t.name, 'status', v.status,
           'subscription', st.name, 'performances', ts_shop_voucher_performances (v),
           'event', e.name, 'starts_at', pf.starts_at) ORDER BY v.status, v.id), '[]'))
    FROM voucher v
    JOIN ticket_type t ON t.id = v.ticket_type_id
    JOIN order_item si ON si.id = v.order_item_id
    JOIN ticket_type st ON st.id = si.ticket_type_id
    LEFT JOIN order_item ri ON ri.id = v.reserved_item_id
    LEFT JOIN performance pf ON pf.id = ri.performance_id
    LEFT JOIN event e ON e.id = pf.event_id
   WHERE v.patron_id = ts_shop_my_patron () AND v.outlet_id = ts_ctx_outlet () AND v.status <> 'cancelled'
$$;

-- Forgetting (R1, P3) -------------------------------------------------------------

-- What the storefront no longer needs, at most p_batch rows of each a call
-- (the cart sweeper calls it every minute, so a backlog goes in short
-- steps): visits past their idle or absolute expiry or signed out (their
-- orders and finished payments keep no link to them, migration 038), mailed
-- links past their expiry, used or not, and throttles a day after their
-- last failure.  A visit is kept while it still has a cart (the cart
-- sweeper deletes that first) or a payment still going through.  One audit
-- row says how many went.  Answers how many rows went.
CREATE OR REPLACE FUNCTION ts_shop_sweep_visits (p_batch integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_visits integer;
  v_links integer;
  v_throttles integer;
BEGIN
  DELETE FROM web_session s
   WHERE s.id IN (SELECT w.id FROM web_session w
                   WHERE (w.expires_at <= now () OR w.ended_at IS NOT NULL)
                     AND NOT EXISTS (SELECT 1 FROM cart k WHERE k.web_session_id = w.id)
                     AND NOT EXISTS (SELECT 1 FROM payment_intent i
                                      WHERE i.web_session_id = w.id
                                        AND i.status IN ('created', 'authorized', 'needs_confirmation'))
                   ORDER BY w.expires_at LIMIT p_batch FOR UPDATE SKIP LOCKED);
  GET DIAGNOSTICS v_visits = ROW_COUNT;
  DELETE FROM web_token t
   WHERE t.token_hash IN (SELECT x.token_hash FROM web_token x WHERE x.expires_at <= now ()
                           ORDER BY x.expires_at LIMIT p_batch FOR UPDATE SKIP LOCKED);
  GET DIAGNOSTICS v_links = ROW_COUNT;
  DELETE FROM web_sign_in_throttle t
   WHERE t.key IN (SELECT x.key FROM web_sign_in_throttle x WHERE x.last_failure_at < now () - interval '1 day'
                    ORDER BY x.last_failure_at LIMIT p_batch FOR UPDATE SKIP LOCKED);
  GET DIAGNOSTICS v_throttles = ROW_COUNT;
  IF v_visits + v_links + v_throttles > 0 THEN
    PERFORM ts_audit ('web_sweep', 'web_session', NULL, NULL, NULL,
                      jsonb_build_object ('visits', v_visits, 'links', v_links, 'throttles', v_throttles));
  END IF;
  RETURN v_visits + v_links + v_throttles;
END $$;

REVOKE EXECUTE ON FUNCTION ts_web_throttle_delay (text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_sweep_visits (integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_throttle_until (text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_throttle_count (text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_throttle_keys (text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_check_email (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_check_password (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_check_name (text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_sign_up (jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_patron (jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_confirm (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_create (bigint, text, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_sign_in (text, text, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_forgot (text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_reset_valid (text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_web_account_reset (text, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_patron () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_order (bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_orders () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_details () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_point_put (text, jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_details_put (jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_preferences () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_preferences_put (jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_vouchers () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_web_throttle_delay (text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_sweep_visits (integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_throttle_until (text[]) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_throttle_count (text[]) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_throttle_keys (text, text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_check_email (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_check_password (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_check_name (text, text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_sign_up (jsonb) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_patron (jsonb) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_confirm (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_create (bigint, text, text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_sign_in (text, text, text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_forgot (text, text, text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_reset_valid (text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_web_account_reset (text, text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_patron () TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_order (bigint) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_orders () TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_details () TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_point_put (text, jsonb) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_details_put (jsonb) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_preferences () TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_preferences_put (jsonb) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_vouchers () TO tessera_app;
REVOKE EXECUTE ON FUNCTION ts_shop_my_cancellable (ticket_order, order_item, performance) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_cancel (jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_my_cancellable (ticket_order, order_item, performance) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_cancel (jsonb) TO tessera_app;
REVOKE EXECUTE ON FUNCTION ts_shop_my_exchange_to (order_item, performance) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_exchange (jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_shop_my_order_lock (jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_my_exchange_to (order_item, performance) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_shop_my_exchange (jsonb) TO tessera_app;
