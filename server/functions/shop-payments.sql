-- shop-payments.sql — a storefront's card payments and what they sell (rules
-- S2, S4, F6, F7, K3, P5, R1; issue 14): the payment intents of migration 032,
-- the guest purchaser, and the order as its buyer sees it.
--
-- after: 032 — payment_intent.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- They run in a storefront request's context (tessera.channel 'internet',
-- the storefront's outlet, its web session, the signed-in patron) and see
-- only that session's payments (F7).  The provider itself is called by the
-- server between these, outside any transaction (docs/architecture.md,
-- "Payments").

-- An intent as the server's checkout reads it.
CREATE OR REPLACE FUNCTION ts_shop_payment_json (i payment_intent) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object ('id', i.id, 'status', i.status, 'amount_cents', i.amount_cents, 'currency', i.currency,
                             'provider', i.provider, 'reference', i.provider_reference,
                             'confirmation_url', i.confirmation_url, 'card_last4', i.card_last4,
                             'idempotency_key', i.idempotency_key, 'order_id', i.order_id,
                             'outlet_id', i.outlet_id, 'web_session_id', i.web_session_id,
                             'access_hash', i.order_request ->> 'web_access_hash',
                             'patron_id', i.order_request -> 'purchaser_id', 'message', i.message)
$$;

-- The storefront's own intent of this web session, locked; TS404 otherwise
-- (another session's answers as an unknown one, F7).
CREATE OR REPLACE FUNCTION ts_shop_payment_lock (p_id uuid) RETURNS payment_intent
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  i payment_intent;
BEGIN
  SELECT * INTO i FROM payment_intent
   WHERE id = p_id AND outlet_id = ts_ctx_outlet () AND web_session_id = ts_ctx_web_session ()
     AND ts_ctx_channel () = 'internet'
     FOR UPDATE;
  IF i.id IS NULL THEN
    PERFORM ts_refuse ('TS404', 'No such payment');  -- F7
  END IF;
  RETURN i;
END $$;

-- S2, S4: a checkout's payment, before the provider is asked.  p:
-- {idempotency_key, provider, amount_cents (the total the patron saw),
-- order_request: {purchaser_id | guest: {first_name, last_name, email,
-- phone?}, partner_answers?, web_access_hash}}.  The amount is the cart's
-- total now (ts_shop_cart); another amount is TS409 (the cart changed since
-- the page was shown).  The same key again answers the same intent
-- ("replayed": true) whatever it now holds: a double click pays once.
CREATE OR REPLACE FUNCTION ts_shop_payment_begin (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_outlet integer := ts_ctx_outlet ();
  v_session uuid := ts_ctx_web_session ();
  v_key text := p ->> 'idempotency_key';
  v_total bigint;
  v_currency text;
  i payment_intent;
BEGIN
  IF ts_ctx_channel () <> 'internet' OR v_outlet IS NULL OR v_session IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Only a storefront''s visitor pays online');  -- S4
  END IF;
  IF v_key IS NULL OR length (v_key) NOT BETWEEN 8 AND 100 THEN
    PERFORM ts_refuse ('TS400', 'idempotency_key: 8 to 100 characters');
  END IF;
  SELECT * INTO i FROM payment_intent WHERE outlet_id = v_outlet AND idempotency_key = v_key FOR UPDATE;
  IF i.id IS NOT NULL THEN
    IF i.web_session_id <> v_session THEN
      PERFORM ts_refuse ('TS409', 'idempotency_key: already used for another payment');  -- S2
    END IF;
    RETURN ts_shop_payment_json (i) || jsonb_build_object ('replayed', true);
  END IF;
  IF jsonb_typeof (p -> 'order_request') IS DISTINCT FROM 'object'
     OR coalesce (p #>> '{order_request,web_access_hash}', '') !~ '^[0-9a-f]{64}$' THEN
    PERFORM ts_refuse ('TS400', 'order_request: the purchaser and the order link''s hash');
  END IF;
  v_total := (ts_shop_cart () ->> 'total_cents')::bigint;
  IF coalesce (v_total, 0) <= 0 THEN
    PERFORM ts_refuse ('TS409', 'The cart is empty or its hold has expired');
  END IF;
  IF (p ->> 'amount_cents') IS NULL OR (p ->> 'amount_cents') !~ '^[0-9]{1,12}$'
     OR (p ->> 'amount_cents')::bigint <> v_total THEN
    PERFORM ts_refuse ('TS409', format ('amount_cents: the cart''s total is now %s cents', v_total));  -- S4
  END IF;
  SELECT currency INTO v_currency FROM outlet WHERE id = v_outlet;
  -- S2: two clicks at once: the second waits for the first's row and answers it
  INSERT INTO payment_intent (outlet_id, web_session_id, idempotency_key, amount_cents, currency, provider, order_request)
    VALUES (v_outlet, v_session, v_key, v_total, v_currency, p ->> 'provider', p -> 'order_request')
    ON CONFLICT (outlet_id, idempotency_key) DO NOTHING
    RETURNING * INTO i;
  IF i.id IS NULL THEN
    SELECT * INTO i FROM payment_intent WHERE outlet_id = v_outlet AND idempotency_key = v_key FOR UPDATE;
    IF i.web_session_id <> v_session THEN
      PERFORM ts_refuse ('TS409', 'idempotency_key: already used for another payment');  -- S2
    END IF;
    RETURN ts_shop_payment_json (i) || jsonb_build_object ('replayed', true);
  END IF;
  RETURN ts_shop_payment_json (i) || jsonb_build_object ('replayed', false);
END $$;

-- What the provider answered (its authorisation, or a notification): p
-- {intent_id, status, reference?, confirmation_url?, card_last4?,
-- message?}.  Only forward: created → authorized | declined |
-- needs_confirmation; needs_confirmation → authorized | declined;
-- authorized → captured | voided (order_id kept); captured → refunded.
-- Anything else changes nothing and answers the intent as it is: the same
-- status again (a notification repeated), or news older than what the
-- intent already knows (a double click's second request, a notification
-- after the patron's return); the caller goes on from the status answered.
CREATE OR REPLACE FUNCTION ts_shop_payment_record (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  i payment_intent := ts_shop_payment_lock ((p ->> 'intent_id')::uuid);
  v_to text := p ->> 'status';
BEGIN
  IF v_to = i.status THEN
    RETURN ts_shop_payment_json (i);
  END IF;
  IF v_to IS NULL OR v_to NOT IN ('authorized', 'declined', 'needs_confirmation', 'captured', 'voided', 'refunded') THEN
    PERFORM ts_refuse ('TS400', 'status: a payment''s status');
  END IF;
  IF NOT ((i.status = 'created' AND v_to IN ('authorized', 'declined', 'needs_confirmation'))
          OR (i.status = 'needs_confirmation' AND v_to IN ('authorized', 'declined', 'voided'))
          OR (i.status = 'authorized' AND v_to IN ('captured', 'voided'))
          OR (i.status = 'captured' AND v_to = 'refunded')) THEN
    RETURN ts_shop_payment_json (i);
  END IF;
  UPDATE payment_intent
     SET status = v_to,
         provider_reference = coalesce (provider_reference, p ->> 'reference'),
         confirmation_url = CASE WHEN v_to = 'needs_confirmation' THEN p ->> 'confirmation_url' END,
         card_last4 = coalesce (p ->> 'card_last4', card_last4),
         message = coalesce (p ->> 'message', message)
   WHERE id = i.id RETURNING * INTO i;
  RETURN ts_shop_payment_json (i);
END $$;

-- F7: a guest's purchaser in the shared directory, matched as a web
-- account's patron is (ts_web_patron: the one patron whose first name, last
-- name and e-mail are all exactly these, else a new one with that e-mail and
-- phone).  Nothing tells the visitor which.
-- p: {first_name, last_name, email, phone?}, checked by the page.
CREATE OR REPLACE FUNCTION ts_shop_guest_patron (p jsonb) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF ts_ctx_channel () <> 'internet' OR ts_ctx_outlet () IS NULL THEN
    PERFORM ts_refuse ('TS403', 'Only a storefront''s visitor checks out as a guest');
  END IF;
  IF coalesce (btrim (p ->> 'first_name'), '') = '' OR coalesce (btrim (p ->> 'last_name'), '') = ''
     OR coalesce (btrim (p ->> 'email'), '') !~ '^[^@\s]+@[^@\s]+$' THEN
    PERFORM ts_refuse ('TS400', 'guest: first name, last name and e-mail');
  END IF;
  RETURN ts_web_patron (p - 'without_account');
END $$;

-- K3: the partner questions of the session's cart for the storefront's own
-- events, for p_patron (NULL: a guest not yet known, asked everything).
-- [{partner_company_id, name, web_description}]
CREATE OR REPLACE FUNCTION ts_shop_partner_questions (p_patron bigint) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_perfs integer[];
  v_result jsonb;
BEGIN
  v_perfs := ARRAY (SELECT DISTINCT (l ->> 'performance_id')::integer
                      FROM jsonb_array_elements (coalesce (ts_shop_cart () -> 'lines', '[]')) l
                     WHERE l ->> 'performance_id' IS NOT NULL);
  SELECT coalesce (jsonb_agg (jsonb_build_object ('partner_company_id', q.partner_company_id, 'name', q.name,
                                                  'web_description', q.web_description)), '[]')
    INTO v_result FROM ts_partner_questions (ts_ctx_outlet (), p_patron, v_perfs) q;
  RETURN v_result;
END $$;

-- S2, S4: sells the session's cart for an authorised intent
-- (ts_shop_order_submit, the box office's own selling rules): the purchaser
-- (the guest's patron made or found now, F7), the partner answers still
-- asked of that purchaser (K3), the order link's hash, one card payment of
-- the provider's reference.  A refusal of the sale rolls back only the sale
-- and answers {ok: false, code, message}: the server then voids the
-- payment.  {ok: true, order_id} once sold (or sold before: a retry).
CREATE OR REPLACE FUNCTION ts_shop_payment_complete (p_id uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  i payment_intent := ts_shop_payment_lock (p_id);
  v_order jsonb;
BEGIN
  IF i.order_id IS NOT NULL THEN
    RETURN jsonb_build_object ('ok', true, 'order_id', i.order_id);
  END IF;
  IF i.status <> 'authorized' THEN
    PERFORM ts_refuse ('TS409', format ('status: a payment %s sells nothing', i.status));
  END IF;
  BEGIN
    -- server/functions/shop-vouchers.sql: the purchaser, the answers, the sale
    v_order := ts_shop_order_request_submit (i.idempotency_key, i.order_request,
                                             jsonb_build_object ('reference', i.provider_reference,
                                                                 'amount_cents', i.amount_cents));
  EXCEPTION WHEN OTHERS THEN
    UPDATE payment_intent SET message = left (SQLERRM, 500) WHERE id = i.id;
    RETURN jsonb_build_object ('ok', false, 'code', SQLSTATE, 'message', SQLERRM);
  END;
  UPDATE payment_intent SET order_id = (v_order ->> 'id')::bigint WHERE id = i.id;
  RETURN jsonb_build_object ('ok', true, 'order_id', (v_order ->> 'id')::bigint);
END $$;

-- The session's intent (the checkout's return page), or TS404.
CREATE OR REPLACE FUNCTION ts_shop_payment_mine (p_id uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  RETURN ts_shop_payment_json (ts_shop_payment_lock (p_id));
END $$;

-- A provider's notification names its payment by reference; the server
-- then runs the storefront's context of that intent (its outlet, its
-- session, its purchaser) to record it and finish the sale.  NULL for a
-- reference no intent has.
CREATE OR REPLACE FUNCTION ts_shop_payment_by_reference (p_provider text, p_reference text) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  i payment_intent;
BEGIN
  SELECT * INTO i FROM payment_intent WHERE provider = p_provider AND provider_reference = p_reference;
  IF i.id IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN ts_shop_payment_json (i);
END $$;

-- P5, F6: the order behind a link (its SHA-256), as its buyer sees it, at
-- the storefront that sold it only; NULL otherwise (a wrong link answers
-- as any unknown page).  {id, created_at, purchaser, total_cents,
-- card_last4, lines: [{item_id, performance_id, event, starts_at, venue,
-- place (English), section, row, number (a seat's parts, the page words
-- them), zone, ticket_type, price_cents, status, owner_outlet_id,
-- ticket_number, barcode_version}]}
CREATE OR REPLACE FUNCTION ts_shop_order (p_access_hash text) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
BEGIN
  SELECT * INTO o FROM ticket_order
   WHERE web_access_hash = p_access_hash AND outlet_id = ts_ctx_outlet () AND ts_ctx_channel () = 'internet';
  IF o.id IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN jsonb_build_object (
    'id', o.id, 'created_at', o.created_at,
    'purchaser', coalesce (ts_patron_name (o.purchaser_id), ''),
    'total_cents', (SELECT coalesce (sum (price_cents), 0) FROM order_item WHERE order_id = o.id AND status = 'sold'),
    'card_last4', (SELECT card_last4 FROM payment_intent WHERE order_id = o.id),
    'lines', (SELECT coalesce (jsonb_agg (jsonb_build_object (
                'item_id', i.id, 'performance_id', i.performance_id, 'event', e.name, 'starts_at', p.starts_at,
                'venue', m.name,
                'place', coalesce (CASE WHEN i.seat_guid IS NOT NULL THEN ts_seat_name (e.map_id, i.seat_guid) END,
                                   a.name, ''),
                'section', nullif (s.zone, ''), 'row', nullif (s.row_label, ''), 'number', nullif (s.number, ''),
                'zone', i.price_zone, 'ticket_type', t.name, 'price_cents', i.price_cents, 'status', i.status,
                'owner_outlet_id', i.owner_outlet_id, 'ticket_number', i.ticket_number,
                'barcode_version', i.barcode_version)
                ORDER BY p.starts_at, i.id), '[]')
                FROM order_item i
                JOIN performance p ON p.id = i.performance_id
                JOIN event e ON e.id = p.event_id
                JOIN theatre_map m ON m.id = e.map_id
                JOIN ticket_type t ON t.id = i.ticket_type_id
                LEFT JOIN map_ga_area a ON a.map_id = e.map_id AND a.area_key = i.area_key
                LEFT JOIN map_seat s ON s.map_id = e.map_id AND s.guid = i.seat_guid
               WHERE i.order_id = o.id));
END $$;

-- S6, S7: card refunds of web orders the provider has not given back yet:
-- money paid back by card by the outlet whose storefront took the payment
-- (another outlet's refund is paid from its own till, S7).  [{payment_id,
-- intent_id, provider, reference, amount_cents}], oldest first.  Called by
-- the server's payments sweeper, outside any request.
CREATE OR REPLACE FUNCTION ts_shop_payment_refunds_due (p_provider text) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('payment_id', y.id, 'intent_id', i.id, 'provider', i.provider,
                                                  'reference', i.provider_reference, 'amount_cents', -y.amount_cents)
                              ORDER BY y.id), '[]')
    FROM payment y
    -- S6: a ticket exchanged online (ts_shop_my_exchange) is on a new order
    -- paid with the exchange credit: its refund goes back to the card of
    -- the order the exchanges began from
    CROSS JOIN LATERAL (WITH RECURSIVE up (id, exchange_of) AS (
                          SELECT o.id, o.exchange_of FROM ticket_order o WHERE o.id = y.order_id
                          UNION ALL
                          SELECT o.id, o.exchange_of FROM ticket_order o JOIN up ON o.id = up.exchange_of)
                        SELECT up.id FROM up WHERE up.exchange_of IS NULL) paid
    JOIN payment_intent i ON i.order_id = paid.id AND i.outlet_id = y.outlet_id
   WHERE y.refund_id IS NOT NULL AND y.method = 'card' AND y.amount_cents < 0
     AND i.provider = p_provider AND i.status IN ('captured', 'refunded')
     AND NOT EXISTS (SELECT 1 FROM payment_refund r WHERE r.payment_id = y.id)
$$;

-- What the provider answered to one refund (p: {payment_id, intent_id,
-- amount_cents, ok, message?}); the intent counts what went back.
CREATE OR REPLACE FUNCTION ts_shop_payment_refund_done (p jsonb) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  INSERT INTO payment_refund (payment_id, intent_id, amount_cents, status, message)
    VALUES ((p ->> 'payment_id')::bigint, (p ->> 'intent_id')::uuid, (p ->> 'amount_cents')::bigint,
            CASE WHEN (p ->> 'ok')::boolean THEN 'refunded' ELSE 'failed' END, left (p ->> 'message', 500))
    ON CONFLICT (payment_id) DO NOTHING;
  IF FOUND AND (p ->> 'ok')::boolean THEN
    UPDATE payment_intent
       SET refunded_cents = refunded_cents + (p ->> 'amount_cents')::bigint,
           status = CASE WHEN refunded_cents + (p ->> 'amount_cents')::bigint >= amount_cents THEN 'refunded'
                         ELSE status END
     WHERE id = (p ->> 'intent_id')::uuid;
  END IF;
END $$;

-- Payments left half-way (S4): authorised but never sold (the server
-- stopped between the steps) for 15 minutes, or never confirmed by the
-- card holder for an hour — the cart's hold is long gone.  The sweeper
-- voids them at the provider, then records it here.  [{intent_id,
-- reference}].
CREATE OR REPLACE FUNCTION ts_shop_payment_stale (p_provider text) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object ('intent_id', i.id, 'reference', i.provider_reference)
                              ORDER BY i.updated_at), '[]')
    FROM payment_intent i
   WHERE i.provider = p_provider AND i.order_id IS NULL AND i.provider_reference IS NOT NULL
     AND ((i.status = 'authorized' AND i.updated_at < now () - interval '15 minutes')
          OR (i.status = 'needs_confirmation' AND i.updated_at < now () - interval '1 hour'))
$$;

-- What one payments sweeper (p_holder: each server draws its own at start)
-- asks the provider now: {"refunds": [as ts_shop_payment_refunds_due],
-- "stale": [as ts_shop_payment_stale]}, only what no other server's sweeper
-- has claimed in the last 5 minutes (issue 15, migration 039).  Each is
-- claimed by the idempotency key the provider gets (refund-<payment id>,
-- void-<intent id>): a claim of another server is skipped, one's own is
-- renewed, an expired one is taken over.
CREATE OR REPLACE FUNCTION ts_shop_payment_sweep_claim (p_provider text, p_holder uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_refunds jsonb := ts_shop_payment_refunds_due (p_provider);
  v_stale jsonb := ts_shop_payment_stale (p_provider);
  v_claimed text[];
BEGIN
  IF v_refunds = '[]' AND v_stale = '[]' THEN
    RETURN jsonb_build_object ('refunds', v_refunds, 'stale', v_stale);
  END IF;
  DELETE FROM payment_sweep_claim WHERE until < now () - interval '1 day';
  -- in one order, so that two sweepers claiming at once never deadlock
  WITH wanted (claim_key) AS (
         SELECT 'refund-' || (r ->> 'payment_id') FROM jsonb_array_elements (v_refunds) r
         UNION SELECT 'void-' || (x ->> 'intent_id') FROM jsonb_array_elements (v_stale) x),
       claimed AS (
         INSERT INTO payment_sweep_claim AS c (claim_key, holder, until)
           SELECT w.claim_key, p_holder, now () + interval '5 minutes' FROM wanted w ORDER BY w.claim_key
           ON CONFLICT (claim_key) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
             WHERE c.holder = EXCLUDED.holder OR c.until < now ()
           RETURNING c.claim_key)
  SELECT coalesce (array_agg (claimed.claim_key), '{}') INTO v_claimed FROM claimed;
  RETURN jsonb_build_object (
    'refunds', coalesce ((SELECT jsonb_agg (r ORDER BY n) FROM jsonb_array_elements (v_refunds) WITH ORDINALITY e (r, n)
                          WHERE 'refund-' || (r ->> 'payment_id') = ANY (v_claimed)), '[]'),
    'stale', coalesce ((SELECT jsonb_agg (x ORDER BY n) FROM jsonb_array_elements (v_stale) WITH ORDINALITY e (x, n)
                        WHERE 'void-' || (x ->> 'intent_id') = ANY (v_claimed)), '[]'));
END $$;

CREATE OR REPLACE FUNCTION ts_shop_payment_expired (p_id uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  UPDATE payment_intent SET status = 'voided', message = 'Not completed in time'
   WHERE id = p_id AND order_id IS NULL AND status IN ('authorized', 'needs_confirmation')
$$;

REVOKE EXECUTE ON FUNCTION ts_shop_payment_json (payment_intent), ts_shop_payment_lock (uuid),
                           ts_shop_payment_begin (jsonb), ts_shop_payment_record (jsonb),
                           ts_shop_guest_patron (jsonb), ts_shop_partner_questions (bigint),
                           ts_shop_payment_complete (uuid), ts_shop_payment_mine (uuid),
                           ts_shop_payment_by_reference (text, text), ts_shop_order (text),
                           ts_shop_payment_refunds_due (text), ts_shop_payment_refund_done (jsonb),
                           ts_shop_payment_stale (text), ts_shop_payment_expired (uuid),
                           ts_shop_payment_sweep_claim (text, uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_shop_payment_begin (jsonb), ts_shop_payment_record (jsonb),
                          ts_shop_guest_patron (jsonb), ts_shop_partner_questions (bigint),
                          ts_shop_payment_complete (uuid), ts_shop_payment_mine (uuid),
                          ts_shop_payment_by_reference (text, text), ts_shop_order (text),
                          ts_shop_payment_refunds_due (text), ts_shop_payment_refund_done (jsonb),
                          ts_shop_payment_stale (text), ts_shop_payment_expired (uuid),
                          ts_shop_payment_sweep_claim (text, uuid)
  TO tessera_app;

COMMENT ON FUNCTION ts_shop_payment_begin (jsonb) IS
  'A storefront checkout''s payment intent, idempotent by key (S2, S4); see server/functions/shop-payments.sql';
COMMENT ON FUNCTION ts_shop_payment_complete (uuid) IS
  'Sells the session''s cart for an authorised payment (S2, S4, F7, K3); see server/functions/shop-payments.sql';
COMMENT ON FUNCTION ts_shop_order (text) IS
  'The web order behind a link, as its buyer sees it (P5, F6); see server/functions/shop-payments.sql';
