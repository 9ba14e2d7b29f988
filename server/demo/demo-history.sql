-- demo-history.sql — the weeks before today in the demo: sales spread over four weeks
-- (at the box office, by ATH of UTH's events, seated and standing), a refund, a
-- performance that has happened with its tickets admitted at the door, donations to
-- three funds, memberships and a mailing list, so that the demo's reports and charts
-- (issue 13, R2) have something to show.  Runs in the demo season's transaction, after
-- it (ts-demo-history.c).  Every sale and the refund go through ts_order_submit and
-- ts_order_refund as an outlet's Box Office agent, the admissions through ts_scan_decide
-- as its door login; only then are their times moved back to the day they stand for.
DO $$
DECLARE
  v_uth integer := (SELECT id FROM outlet WHERE code = 'UTH');
  v_ath integer := (SELECT id FROM outlet WHERE code = 'ATH');
  v_hamlet integer := (SELECT id FROM event WHERE outlet_id = v_uth AND name = 'Hamlet');
  v_sessions integer := (SELECT id FROM event WHERE outlet_id = v_uth AND name = 'The Studio Sessions');
  v_jazz integer := (SELECT id FROM event WHERE outlet_id = v_uth AND name = 'Late Night Jazz');
  v_volley integer := (SELECT id FROM event WHERE outlet_id = v_ath AND name = 'Varsity Volleyball');
  v_senior integer := (SELECT id FROM ticket_type WHERE outlet_id = v_uth AND name = 'Senior');
  v_student integer := (SELECT id FROM ticket_type WHERE outlet_id = v_uth AND name = 'Student');
  v_adult integer := (SELECT id FROM ticket_type WHERE outlet_id = v_uth AND name = 'Adult');
  v_general integer := (SELECT id FROM ticket_type WHERE outlet_id = v_ath AND name = 'General');
  v_patrons bigint[] := ARRAY (SELECT id FROM patron WHERE id NOT IN (SELECT patron_id FROM employee) ORDER BY id);
  v_past integer;
  v_perf integer;
  v_type integer;
  v_price integer;
  v_seller text;
  v_count integer;
  v_seats jsonb;
  v_order jsonb;
  v_when timestamptz;
  v_n integer := 0;
  v_list integer;
  v_refund_order bigint;
  v_refund_item bigint;
  s record;
BEGIN
  PERFORM setseed (0.13);

  -- A Studio Sessions evening two days ago: on sale now so that it sells, then moved
  -- back to the evening it stands for once its tickets are sold.
  INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale,
                           internet_on_sale, outlets_on_sale, allow_other_outlets)
    SELECT v_sessions, v_uth, now () + interval '1 day', m.seat_count + m.ga_capacity, m.seat_count + m.ga_capacity,
           now () - interval '40 days', now () - interval '40 days', NULL, false
      FROM event e JOIN theatre_map m ON m.id = e.map_id WHERE e.id = v_sessions
    RETURNING id INTO v_past;
  INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (v_uth, v_adult, v_past), (v_uth, v_student, v_past);

  FOR v_day IN REVERSE 27 .. 1 LOOP
    FOR k IN 1 .. 1 + floor (random () * 3)::integer LOOP
      v_n := v_n + 1;
      v_count := 1 + floor (random () * 4)::integer;
      v_seller := 'UTH';
      CASE floor (random () * 6)::integer
        WHEN 0, 1 THEN      -- Hamlet, in three days and in ten (UTH's box office)
          v_perf := (SELECT id FROM performance WHERE event_id = v_hamlet ORDER BY starts_at OFFSET 1 + (v_n % 2) LIMIT 1);
          v_type := CASE WHEN random () < 0.6 THEN v_senior ELSE v_student END;
        WHEN 2 THEN         -- the Studio Sessions evening that has happened
          CONTINUE WHEN v_day < 3;
          v_perf := v_past;
          v_type := CASE WHEN random () < 0.7 THEN v_adult ELSE v_student END;
        WHEN 3 THEN         -- the Studio Sessions to come
          v_perf := (SELECT id FROM performance WHERE event_id = v_sessions AND id <> v_past ORDER BY starts_at LIMIT 1);
          v_type := v_student;
        WHEN 4 THEN         -- ATH sells places on UTH's standing floor (T5, T6)
          v_perf := (SELECT id FROM performance WHERE event_id = v_jazz ORDER BY starts_at LIMIT 1);
          v_type := v_adult;
          v_seller := 'ATH';
        ELSE                -- ATH's own match
          v_perf := (SELECT id FROM performance WHERE event_id = v_volley ORDER BY starts_at LIMIT 1);
          v_type := v_general;
          v_seller := 'ATH';
      END CASE;

      IF v_perf = (SELECT id FROM performance WHERE event_id = v_jazz ORDER BY starts_at LIMIT 1) THEN
        v_price := 3000;    -- the standing floor's price for Adult
        v_seats := jsonb_build_array (jsonb_build_object ('performance_id', v_perf, 'area', 'Floor#1',
                                                          'quantity', v_count, 'ticket_type_id', v_type));
      ELSE
        v_price := (SELECT price_cents FROM ticket_type WHERE id = v_type);
        SELECT jsonb_agg (jsonb_build_object ('performance_id', v_perf, 'seat', f.guid, 'ticket_type_id', v_type))
          INTO v_seats
          FROM (SELECT ms.guid FROM map_seat ms JOIN performance p ON p.id = v_perf JOIN event e ON e.id = p.event_id
                 WHERE ms.map_id = e.map_id
                   AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = v_perf AND c.seat_guid = ms.guid)
                 ORDER BY ms.zone, ms.row_label, ms.guid
                 OFFSET floor (random () * 12)::integer LIMIT v_count) f;
        v_count := jsonb_array_length (v_seats);
      END IF;

      PERFORM set_config ('tessera.outlet_id', o.id::text, true), set_config ('tessera.employee_id', e.id::text, true),
              set_config ('tessera.master', 'off', true)
        FROM outlet o JOIN employee e ON e.outlet_id = o.id AND e.login = 'boxoffice' WHERE o.code = v_seller;
      v_order := ts_order_submit (jsonb_build_object (
        'idempotency_key', 'demo-history-' || v_n,
        'purchaser_id', v_patrons[1 + (v_n * 7) % cardinality (v_patrons)],
        'items', v_seats,
        'payments', jsonb_build_array (jsonb_build_object (
          'method', (ARRAY['card', 'card', 'cash', 'cheque'])[1 + v_n % 4], 'amount_cents', v_price * v_count))));

      -- The day it stands for, in the afternoon or evening.
      v_when := now () - make_interval (days => v_day) - make_interval (mins => floor (random () * 360)::integer);
      UPDATE ticket_order SET created_at = v_when, result = jsonb_set (result, '{created_at}', to_jsonb (v_when))
        WHERE id = (v_order ->> 'id')::bigint;
      UPDATE order_item SET created_at = v_when WHERE order_id = (v_order ->> 'id')::bigint;
      UPDATE payment SET created_at = v_when WHERE order_id = (v_order ->> 'id')::bigint;
      UPDATE ledger_entry SET created_at = v_when WHERE order_id = (v_order ->> 'id')::bigint;
      IF v_seller = 'UTH' AND v_perf <> v_past AND v_count > 1 AND v_refund_order IS NULL THEN
        v_refund_order := (v_order ->> 'id')::bigint;
      END IF;
    END LOOP;
  END LOOP;

  -- One ticket of an early order given back (S6, S7), a week later, in cash.
  PERFORM set_config ('tessera.outlet_id', o.id::text, true), set_config ('tessera.employee_id', e.id::text, true),
          set_config ('tessera.master', 'off', true)
    FROM outlet o JOIN employee e ON e.outlet_id = o.id AND e.login = 'boxoffice' WHERE o.code = 'UTH';
  SELECT id, price_cents INTO v_refund_item, v_price FROM order_item WHERE order_id = v_refund_order ORDER BY id LIMIT 1;
  v_order := ts_order_refund (jsonb_build_object (
    'order_id', v_refund_order, 'items', jsonb_build_array (v_refund_item), 'reason', 'Cannot come after all',
    'payments', jsonb_build_array (jsonb_build_object ('method', 'cash', 'amount_cents', v_price))));
  v_when := (SELECT created_at FROM ticket_order WHERE id = v_refund_order) + interval '7 days';
  UPDATE refund SET created_at = v_when WHERE order_id = v_refund_order;
  UPDATE payment SET created_at = v_when WHERE order_id = v_refund_order AND refund_id IS NOT NULL;
  UPDATE ledger_entry SET created_at = v_when WHERE order_id = v_refund_order AND refund_id IS NOT NULL;

  -- The evening two days ago: most of its tickets admitted at the doors (F4).
  UPDATE performance
     SET starts_at = ((now () AT TIME ZONE o.time_zone)::date - 2 + time '20:00') AT TIME ZONE o.time_zone
    FROM outlet o WHERE o.id = v_uth AND performance.id = v_past;
  PERFORM set_config ('tessera.outlet_id', o.id::text, true), set_config ('tessera.employee_id', e.id::text, true),
          set_config ('tessera.master', 'off', true)
    FROM outlet o JOIN employee e ON e.outlet_id = o.id AND e.login = 'door' WHERE o.code = 'UTH';
  FOR s IN SELECT i.id, row_number () OVER (ORDER BY i.id) AS n FROM order_item i
            WHERE i.performance_id = v_past AND i.status = 'sold' LOOP
    CONTINUE WHEN s.n % 6 = 0;   -- a few never came
    PERFORM ts_scan_decide (jsonb_build_object (
      'item_id', s.id, 'performance_id', v_past, 'door', CASE WHEN s.n % 2 = 0 THEN 'Main doors' ELSE 'Side door' END,
      'nonce', 'demo-scan-' || s.id, 'subject', 'item:' || s.id, 'direction', 'in'));
  END LOOP;
  v_when := (SELECT starts_at FROM performance WHERE id = v_past) - interval '25 minutes';
  UPDATE scan SET scanned_at = v_when + make_interval (secs => (id % 1200)::integer), received_at = v_when + make_interval (secs => (id % 1200)::integer)
   WHERE performance_id = v_past;
  UPDATE order_item SET admitted_at = v_when + make_interval (secs => (id % 1200)::integer)
   WHERE performance_id = v_past AND admitted_at IS NOT NULL;

  PERFORM set_config ('tessera.outlet_id', '', true), set_config ('tessera.employee_id', '', true),
          set_config ('tessera.master', 'on', true);

  -- Donations (P4: each outlet's own), memberships, a mailing list.
  INSERT INTO donation (outlet_id, patron_id, amount_cents, donated_on, fund, method)
    SELECT CASE WHEN g % 5 = 0 THEN v_ath ELSE v_uth END,
           v_patrons[1 + g % cardinality (v_patrons)],
           (ARRAY[2500, 5000, 10000, 25000, 7500])[1 + g % 5],
           current_date - (g * 9) % 80,
           CASE WHEN g % 5 = 0 THEN 'Athletics Fund' WHEN g % 2 = 0 THEN 'Annual Fund' ELSE 'Scholarships' END,
           (ARRAY['card', 'cheque', 'cash', 'transfer'])[1 + g % 4]
      FROM generate_series (1, 14) g;
  INSERT INTO membership (outlet_id, patron_id, level, starts_on, ends_on)
    SELECT v_uth, v_patrons[g], CASE WHEN g % 2 = 0 THEN 'Friend' ELSE 'Patron' END,
           current_date - 30 * g, current_date - 30 * g + 365
      FROM generate_series (1, least (4, cardinality (v_patrons))) g;
  INSERT INTO mailing_list (outlet_id, name, description)
    VALUES (v_uth, 'Season newsletter', 'The monthly letter about the season') RETURNING id INTO v_list;
  INSERT INTO mailing_list_member (outlet_id, mailing_list_id, patron_id)
    SELECT v_uth, v_list, v_patrons[g] FROM generate_series (1, least (4, cardinality (v_patrons))) g;
END $$;
