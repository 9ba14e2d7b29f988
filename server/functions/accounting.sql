-- accounting.sql — the ledgers and the accounts between outlets (rules A1–A4,
-- S7): balanced entries, the running balances of each pair of outlets, their
-- settlements, and each employee's till.
--
-- after: 009 — the ledger tables.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- A1: posts one balanced entry.  p_lines: [{account, amount, counterparty?}].
CREATE OR REPLACE FUNCTION ts_post (p_outlet integer, p_kind text, p_order bigint, p_refund bigint,
                                    p_memo text, p_lines jsonb) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_entry bigint;
  v_sum bigint;
BEGIN
  SELECT coalesce (sum ((l ->> 'amount')::bigint), 0) INTO v_sum FROM jsonb_array_elements (p_lines) l;
  IF v_sum <> 0 THEN
    RAISE EXCEPTION 'unbalanced ledger entry % (%): %', p_kind, v_sum, p_lines;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements (p_lines) l WHERE (l ->> 'amount')::bigint <> 0) THEN
    RETURN;
  END IF;
  INSERT INTO ledger_entry (outlet_id, kind, order_id, refund_id, employee_id, memo)
    VALUES (p_outlet, p_kind, p_order, p_refund, ts_ctx_employee (), coalesce (p_memo, ''))
    RETURNING id INTO v_entry;
  INSERT INTO ledger_line (entry_id, outlet_id, account, counterparty_outlet_id, amount_cents)
    SELECT v_entry, p_outlet, l ->> 'account', (l ->> 'counterparty')::integer, (l ->> 'amount')::bigint
    FROM jsonb_array_elements (p_lines) l WHERE (l ->> 'amount')::bigint <> 0;
END $$;

-- The ledger account a payment method's money goes to.
CREATE OR REPLACE FUNCTION ts_payment_account (p_method text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT CASE p_method
    WHEN 'cash' THEN 'till_cash' WHEN 'cheque' THEN 'till_cheque' WHEN 'card' THEN 'card_clearing'
    WHEN 'gift_certificate' THEN 'gift_certificate_liability' WHEN 'pass' THEN 'pass_liability'
    WHEN 'on_account' THEN 'accounts_receivable' WHEN 'exchange_credit' THEN 'exchange_credit' END
$$;

-- Accounting reports (A2–A4) ----------------------------------------------------

-- A2: the four running balances of the caller's outlet with each other outlet.
CREATE OR REPLACE FUNCTION ts_outlet_balances (p_outlet integer, p_until timestamptz DEFAULT NULL) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'outlet_id', x.other, 'outlet', (SELECT name FROM outlet WHERE id = x.other),
           'ticket_due_from_cents', x.due_from, 'ticket_due_to_cents', x.due_to,
           'commission_due_from_cents', x.comm_from, 'commission_due_to_cents', x.comm_to,
           'net_due_to_us_cents', x.due_from - x.due_to + x.comm_from - x.comm_to) ORDER BY x.other), '[]')
  FROM (SELECT l.counterparty_outlet_id AS other,
               coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_from_outlet'), 0) AS due_from,
               -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_to_outlet'), 0) AS due_to,
               coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_receivable'), 0) AS comm_from,
               -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_payable'), 0) AS comm_to
        FROM ledger_line l JOIN ledger_entry e ON e.id = l.entry_id
        WHERE l.outlet_id = p_outlet AND l.counterparty_outlet_id IS NOT NULL
          AND (p_until IS NULL OR e.created_at < p_until)
        GROUP BY l.counterparty_outlet_id) x
$$;

-- A3: the pair's activity in a period (settlements left out) and what is
-- outstanding at its end, from the caller's side.
CREATE OR REPLACE FUNCTION ts_settlement_report (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := coalesce ((p ->> 'outlet_id')::integer, ts_ctx_outlet ());
  v_other integer := (p ->> 'counterparty_id')::integer;
  v_from date := (p ->> 'from')::date;
  v_to date := (p ->> 'to')::date;
  v_tz text;
  v_start timestamptz;
  v_end timestamptz;
BEGIN
  IF NOT ts_ctx_sees (v_me) OR ts_ctx_rank () < ts_level_rank ('box_office_manager') THEN
    PERFORM ts_refuse ('TS403', 'Settlement reports are for the outlet''s Box Office Managers and up');  -- C4
  END IF;
  IF v_other IS NULL OR v_other = v_me OR NOT EXISTS (SELECT 1 FROM outlet WHERE id = v_other) THEN
    PERFORM ts_refuse ('TS400', 'counterparty_id: another outlet');
  END IF;
  IF v_from IS NULL OR v_to IS NULL OR v_to < v_from THEN
    PERFORM ts_refuse ('TS400', 'from, to: a period of dates, from ≤ to');
  END IF;
  SELECT time_zone INTO v_tz FROM outlet WHERE id = v_me;
  v_start := v_from::timestamp AT TIME ZONE v_tz;
  v_end := (v_to + 1)::timestamp AT TIME ZONE v_tz;
  RETURN jsonb_build_object (
    'outlet_id', v_me, 'counterparty_id', v_other, 'from', v_from, 'to', v_to,
    'activity', (SELECT jsonb_build_object (
                   'ticket_due_from_cents', coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_from_outlet'), 0),
                   'ticket_due_to_cents', -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'due_to_outlet'), 0),
                   'commission_due_from_cents', coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_receivable'), 0),
                   'commission_due_to_cents', -coalesce (sum (l.amount_cents) FILTER (WHERE l.account = 'commission_payable'), 0),
                   'net_due_to_us_cents', coalesce (sum (l.amount_cents), 0))
                 FROM ledger_line l JOIN ledger_entry e ON e.id = l.entry_id
                 WHERE l.outlet_id = v_me AND l.counterparty_outlet_id = v_other AND e.kind <> 'settlement'
                   AND e.created_at >= v_start AND e.created_at < v_end),
    'outstanding', coalesce ((SELECT x FROM jsonb_array_elements (ts_outlet_balances (v_me, v_end)) x
                              WHERE (x ->> 'outlet_id')::integer = v_other),
                             jsonb_build_object ('net_due_to_us_cents', 0)),
    'settlements', coalesce ((SELECT jsonb_agg (jsonb_build_object ('id', s.id, 'payer_outlet_id', s.payer_outlet_id,
                                                                    'payee_outlet_id', s.payee_outlet_id,
                                                                    'ticket_cents', s.ticket_cents,
                                                                    'commission_cents', s.commission_cents,
                                                                    'reference', s.reference, 'created_at', s.created_at)
                                                ORDER BY s.id)
                              FROM settlement s
                              WHERE (s.payer_outlet_id, s.payee_outlet_id) IN ((v_me, v_other), (v_other, v_me))
                                AND s.created_at >= v_start AND s.created_at < v_end), '[]'));
END $$;

-- A3: clears what the pair owes each other up to the end of the period,
-- posting mirrored entries in both ledgers.
-- p: {outlet_id? (Master), counterparty_id, to, reference?}
CREATE OR REPLACE FUNCTION ts_settlement_record (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := coalesce ((p ->> 'outlet_id')::integer, ts_ctx_outlet ());
  v_other integer := (p ->> 'counterparty_id')::integer;
  v_to date := (p ->> 'to')::date;
  v_end timestamptz;
  b jsonb;
  v_from bigint; v_dto bigint; v_cfrom bigint; v_cto bigint; v_net bigint;
  v_id bigint;
BEGIN
  IF NOT ts_ctx_sees (v_me) OR ts_ctx_rank () < ts_level_rank ('box_office_manager') THEN
    PERFORM ts_refuse ('TS403', 'Recording a settlement is for the outlet''s Box Office Managers and up');  -- C4
  END IF;
  IF v_other IS NULL OR v_other = v_me OR NOT EXISTS (SELECT 1 FROM outlet WHERE id = v_other) THEN
    PERFORM ts_refuse ('TS400', 'counterparty_id: another outlet');
  END IF;
  IF v_to IS NULL THEN
    PERFORM ts_refuse ('TS400', 'to: the last day the settlement covers');
  END IF;
  -- Both ledgers are locked in one order so two settlements cannot cross.
  PERFORM 1 FROM outlet WHERE id IN (v_me, v_other) ORDER BY id FOR UPDATE;
  v_end := (v_to + 1)::timestamp AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = v_me);
  SELECT x INTO b FROM jsonb_array_elements (ts_outlet_balances (v_me, v_end)) x WHERE (x ->> 'outlet_id')::integer = v_other;
  v_from := coalesce ((b ->> 'ticket_due_from_cents')::bigint, 0);
  v_dto := coalesce ((b ->> 'ticket_due_to_cents')::bigint, 0);
  v_cfrom := coalesce ((b ->> 'commission_due_from_cents')::bigint, 0);
  v_cto := coalesce ((b ->> 'commission_due_to_cents')::bigint, 0);
  v_net := v_from - v_dto + v_cfrom - v_cto;
  IF v_from = 0 AND v_dto = 0 AND v_cfrom = 0 AND v_cto = 0 THEN
    PERFORM ts_refuse ('TS409', 'Nothing is outstanding between these outlets for that period');
  END IF;
  INSERT INTO settlement (payer_outlet_id, payee_outlet_id, ticket_cents, commission_cents, period_to, reference, employee_id)
    VALUES (CASE WHEN v_net >= 0 THEN v_other ELSE v_me END, CASE WHEN v_net >= 0 THEN v_me ELSE v_other END,
            abs (v_from - v_dto), abs (v_cfrom - v_cto), v_to, p ->> 'reference', ts_ctx_employee ())
    RETURNING id INTO v_id;
  PERFORM ts_post (v_me, 'settlement', NULL, NULL, 'settlement ' || v_id, jsonb_build_array (
    jsonb_build_object ('account', 'due_from_outlet', 'counterparty', v_other, 'amount', -v_from),
    jsonb_build_object ('account', 'due_to_outlet', 'counterparty', v_other, 'amount', v_dto),
    jsonb_build_object ('account', 'commission_receivable', 'counterparty', v_other, 'amount', -v_cfrom),
    jsonb_build_object ('account', 'commission_payable', 'counterparty', v_other, 'amount', v_cto),
    jsonb_build_object ('account', 'bank', 'amount', v_net)));
  PERFORM ts_post (v_other, 'settlement', NULL, NULL, 'settlement ' || v_id, jsonb_build_array (
    jsonb_build_object ('account', 'due_to_outlet', 'counterparty', v_me, 'amount', v_from),
    jsonb_build_object ('account', 'due_from_outlet', 'counterparty', v_me, 'amount', -v_dto),
    jsonb_build_object ('account', 'commission_payable', 'counterparty', v_me, 'amount', v_cfrom),
    jsonb_build_object ('account', 'commission_receivable', 'counterparty', v_me, 'amount', -v_cto),
    jsonb_build_object ('account', 'bank', 'amount', -v_net)));
  PERFORM ts_audit ('settle', 'settlement', v_id::text, v_me, NULL,
                    jsonb_build_object ('counterparty', v_other, 'to', v_to, 'net_due_to_us_cents', v_net));
  RETURN jsonb_build_object ('id', v_id, 'outlet_id', v_me, 'counterparty_id', v_other, 'to', v_to,
                             'net_due_to_us_cents', v_net);
END $$;

-- A4: each employee's till for a day in the outlet's time: money taken and
-- paid back by method, against the sales and refunds recorded.
-- p: {date, outlet_id? (Master)}
CREATE OR REPLACE FUNCTION ts_till_report (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := coalesce ((p ->> 'outlet_id')::integer, ts_ctx_outlet ());
  v_day date := coalesce ((p ->> 'date')::date, (now () AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = v_me))::date);
  v_start timestamptz;
  v_end timestamptz;
  v_rank integer := ts_ctx_rank ();
BEGIN
  IF NOT ts_ctx_sees (v_me) OR v_rank < ts_level_rank ('walkup') THEN
    PERFORM ts_refuse ('TS403', 'The till report is for the outlet''s Walk-up Sales level and up');  -- C4
  END IF;
  v_start := v_day::timestamp AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = v_me);
  v_end := v_start + interval '1 day';
  RETURN jsonb_build_object ('outlet_id', v_me, 'date', v_day, 'employees', coalesce ((
    SELECT jsonb_agg (jsonb_build_object (
             'employee_id', x.employee_id,
             'name', (SELECT ts_patron_name (e.patron_id) FROM employee e WHERE e.id = x.employee_id),
             'by_method', (SELECT jsonb_object_agg (y.method, y.total) FROM (
                             SELECT method, sum (amount_cents) AS total FROM payment
                             WHERE outlet_id = v_me AND employee_id IS NOT DISTINCT FROM x.employee_id
                               AND created_at >= v_start AND created_at < v_end GROUP BY method) y),
             'taken_cents', x.taken,
             'sales_cents', x.sales, 'refunds_cents', x.refunds,
             'balanced', x.taken = x.sales - x.refunds,
             -- A4: the till's closing, once it is closed (server/functions/reports.sql)
             'closed', (SELECT ts_till_closing_json (c) FROM till_closing c
                        WHERE c.outlet_id = v_me AND c.employee_id = x.employee_id
                          AND c.business_date = v_day)) ORDER BY x.employee_id)
    FROM (SELECT emp AS employee_id,
                 (SELECT coalesce (sum (amount_cents), 0) FROM payment
                  WHERE outlet_id = v_me AND employee_id IS NOT DISTINCT FROM emp
                    AND created_at >= v_start AND created_at < v_end) AS taken,
                 (SELECT coalesce (sum (i.price_cents), 0) FROM order_item i JOIN ticket_order o ON o.id = i.order_id
                  WHERE o.outlet_id = v_me AND o.employee_id IS NOT DISTINCT FROM emp
                    AND o.created_at >= v_start AND o.created_at < v_end) AS sales,
                 (SELECT coalesce (sum (r.amount_cents), 0) FROM refund r
                  WHERE r.outlet_id = v_me AND r.employee_id IS NOT DISTINCT FROM emp
                    AND r.created_at >= v_start AND r.created_at < v_end) AS refunds
          FROM (SELECT DISTINCT employee_id AS emp FROM payment
                WHERE outlet_id = v_me AND created_at >= v_start AND created_at < v_end
                UNION SELECT DISTINCT employee_id FROM ticket_order
                WHERE outlet_id = v_me AND created_at >= v_start AND created_at < v_end
                UNION SELECT DISTINCT employee_id FROM refund
                WHERE outlet_id = v_me AND created_at >= v_start AND created_at < v_end) ee
          WHERE v_rank >= ts_level_rank ('box_office') OR emp IS NOT DISTINCT FROM ts_ctx_employee ()) x), '[]'));
END $$;

REVOKE EXECUTE ON FUNCTION ts_post (integer, text, bigint, bigint, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_outlet_balances (integer, timestamptz), ts_settlement_report (jsonb),
                          ts_settlement_record (jsonb), ts_till_report (jsonb)
  TO tessera_app;
