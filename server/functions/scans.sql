-- scans.sql — a ticket scanned at the door: the admission decided under the
-- ticket's row lock, once per nonce, every scan recorded (rules F4, F5, C4
-- Scanner, R1, P5, P7).
--
-- after: 026 — its signatures need the scan table's columns and order_item's
-- admission columns.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- The server's handler (server/api/ts-api-scans.c) reads the code first:
-- its shape, its outlet and its signature are checked in C (libsodium), so a
-- code that is not the caller's outlet's, or not genuine, reaches this file
-- with its verdict already given ("not_for_this_door", "forged") and is only
-- recorded.

-- The functions a scan calls are plpgsql, whose plans each connection keeps
-- (an SQL function's are made again at every call).

-- A ticket as the door sees it (own tickets only; F4).
CREATE OR REPLACE FUNCTION ts_scan_ticket (p_item bigint) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  RETURN (SELECT jsonb_build_object ('item_id', i.id, 'order_id', i.order_id, 'ticket_number', i.ticket_number,
                                     'performance_id', i.performance_id, 'event', e.name, 'starts_at', p.starts_at,
                                     'seat_name', ts_seat_name (e.map_id, i.seat_guid), 'area', i.area_key,
                                     'ticket_type', t.name, 'display_letter', i.display_letter,
                                     'patron', ts_patron_name (coalesce (o.recipient_id, o.purchaser_id)))
    FROM order_item i JOIN ticket_order o ON o.id = i.order_id
    JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id
    JOIN ticket_type t ON t.id = i.ticket_type_id
    WHERE i.id = p_item);
END $$;

-- A performance's door counter: tickets admitted (once each, whatever
-- re-entries) and tickets sold.
CREATE OR REPLACE FUNCTION ts_scan_counter (p_performance integer) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  RETURN (SELECT jsonb_build_object ('admitted', count (*) FILTER (WHERE admitted_at IS NOT NULL), 'expected', count (*))
    FROM order_item WHERE performance_id = p_performance AND status = 'sold');
END $$;

-- The door list's tickets (F4, F5): every ticket of the performance, the
-- refunded too, with its barcode version and who it is for, for the owning
-- outlet only.  P5: the owner sees its own lines of any outlet's order,
-- which row-level security on ticket_order alone would hide; the patron's
-- name is the shared directory's (P1) and nothing else of the order shows.
CREATE OR REPLACE FUNCTION ts_door_list_tickets (p_performance integer) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (jsonb_build_object (
           'item_id', i.id, 'order_id', i.order_id, 'ticket_number', i.ticket_number,
           'barcode_version', i.barcode_version, 'status', i.status,
           'seat_name', ts_seat_name (e.map_id, i.seat_guid), 'area', i.area_key, 'ticket_type', t.name,
           'display_letter', i.display_letter, 'patron', ts_patron_name (coalesce (o.recipient_id, o.purchaser_id)),
           'admitted_at', i.admitted_at, 'door', i.admitted_door, 'inside', i.inside) ORDER BY i.ticket_number), '[]')
  FROM performance p JOIN event e ON e.id = p.event_id
  JOIN order_item i ON i.performance_id = p.id AND i.owner_outlet_id = p.outlet_id
  JOIN ticket_order o ON o.id = i.order_id JOIN ticket_type t ON t.id = i.ticket_type_id
  WHERE p.id = p_performance AND ts_ctx_sees (p.outlet_id)
$$;

-- The words of an answer, for the person at the door.
CREATE OR REPLACE FUNCTION ts_scan_message (p_result text, p_reason text, p_item bigint, p_reentered boolean)
  RETURNS text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  RETURN (SELECT CASE p_result
      WHEN 'admitted' THEN CASE WHEN p_reentered THEN 'Admitted again' ELSE 'Admitted' END
      WHEN 'already_admitted' THEN
        (SELECT format ('Already admitted on %s at door %s',
                        to_char (i.admitted_at AT TIME ZONE ow.time_zone, 'YYYY-MM-DD HH24:MI'), i.admitted_door)
         FROM order_item i JOIN outlet ow ON ow.id = i.owner_outlet_id WHERE i.id = p_item)
      WHEN 'exited' THEN 'Scanned out: may come back in'
      WHEN 'not_for_this_door' THEN 'Not for this door'
      WHEN 'wrong_performance' THEN
        (SELECT format ('For another performance: %s on %s', e.name,
                        to_char (p.starts_at AT TIME ZONE ow.time_zone, 'YYYY-MM-DD HH24:MI'))
         FROM order_item i JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id
         JOIN outlet ow ON ow.id = p.outlet_id WHERE i.id = p_item)
      WHEN 'void' THEN CASE p_reason WHEN 'refunded' THEN 'Void: this ticket was refunded'
                                     ELSE 'Void: this ticket was replaced by a newer one' END
      ELSE 'Not a valid ticket'
    END);
END $$;

-- Judges an own ticket found for a scan, the caller holding its row lock,
-- and admits it or lets it out (F4, F5); p as for ts_scan_decide.  In this
-- order: refunded, an older barcode version, another performance than the
-- door's, then in or out.  Refuses a scan out where the event has no
-- re-entry or the ticket is not inside.
CREATE OR REPLACE FUNCTION ts_scan_judge (i order_item, p jsonb,
                                          OUT result text, OUT reason text, OUT reentered boolean,
                                          OUT first jsonb, OUT conflict boolean)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_door text := p ->> 'door';
  v_at timestamptz := coalesce ((p ->> 'scanned_at')::timestamptz, now ());
  v_reentry boolean;
BEGIN
  reentered := false;
  conflict := false;
  IF i.status = 'refunded' THEN
    result := 'void';
    -- F5: an exchange gives the tickets back and sells others in the same transaction
    reason := CASE WHEN EXISTS (SELECT 1 FROM refund r JOIN ticket_order n ON n.exchange_of = i.order_id
                                   AND n.created_at = r.created_at WHERE r.id = i.refund_id)
                   THEN 'replaced' ELSE 'refunded' END;
  ELSIF p ? 'version' AND (p ->> 'version')::integer < i.barcode_version THEN
    result := 'void';
    reason := 'replaced';   -- F5: reprinted or moved: the older barcode stops admitting
  ELSIF p ? 'version' AND (p ->> 'version')::integer > i.barcode_version THEN
    result := 'forged';     -- a version never issued
  ELSIF p ? 'performance_id' AND i.performance_id <> (p ->> 'performance_id')::integer THEN
    result := 'wrong_performance';
  ELSE
    SELECT e.reentry INTO v_reentry FROM performance pf JOIN event e ON e.id = pf.event_id
      WHERE pf.id = i.performance_id;
    IF p ->> 'direction' = 'out' THEN
      IF NOT v_reentry THEN
        PERFORM ts_refuse ('TS409', 'direction: this event does not allow re-entry, so tickets are not scanned out');  -- F5
      END IF;
      IF NOT i.inside THEN
        PERFORM ts_refuse ('TS409', 'direction: this ticket is not inside, so it cannot be scanned out');
      END IF;
      UPDATE order_item SET inside = false WHERE id = i.id;
      result := 'exited';
    ELSIF i.admitted_at IS NULL THEN
      UPDATE order_item SET admitted_at = v_at, admitted_door = v_door, inside = true WHERE id = i.id;
      result := 'admitted';
    ELSIF v_reentry AND NOT i.inside THEN
      UPDATE order_item SET inside = true WHERE id = i.id;
      result := 'admitted';
      reentered := true;
    ELSE
      -- F4: admitted once; an offline door that admitted it too is told, never merged
      result := 'already_admitted';
      first := jsonb_build_object ('at', i.admitted_at, 'door', i.admitted_door);
      conflict := p ->> 'scanned_at' IS NOT NULL AND i.admitted_door <> v_door;
    END IF;
  END IF;
END $$;

-- The answer to a scan (docs/api.md, "Scan result"): the counter of the
-- door's performance, else of the ticket's own; the ticket for an own
-- ticket only (F4: nothing of a code that is not ours).
CREATE OR REPLACE FUNCTION ts_scan_answer (p_result text, p_reason text, p_item bigint, p_reentered boolean,
                                           p_first jsonb, p_conflict boolean, p_door_performance integer)
  RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  RETURN (SELECT jsonb_build_object ('result', p_result,
                                     'message', ts_scan_message (p_result, p_reason, p_item, p_reentered),
                                     'replayed', false)
                 || CASE WHEN c.perf IS NULL THEN '{"admitted": null, "expected": null}'::jsonb
                         ELSE ts_scan_counter (c.perf) END
                 || CASE WHEN o.own THEN jsonb_build_object ('ticket', ts_scan_ticket (p_item)) ELSE '{}' END
                 || jsonb_strip_nulls (jsonb_build_object ('reason', p_reason, 'first', p_first,
                                                           'conflict', CASE WHEN p_conflict THEN true END))
    FROM (SELECT p_result NOT IN ('forged', 'not_for_this_door') AS own) o
    CROSS JOIN LATERAL (SELECT coalesce (p_door_performance,
                                         (SELECT performance_id FROM order_item WHERE id = p_item AND o.own)) AS perf) c);
END $$;

-- Decides one scan and records it (F4, F5).  p:
--   {nonce, door, direction: in|out, scanned_at (null: now; given: made
--    offline), performance_id (the door's, or null), subject (the code as
--    read, or "item:<id>"), and then either
--    verdict: "forged" | "not_for_this_door" (decided by the caller), or
--    outlet_id, ticket_number, version (a genuine code), or
--    item_id (admitted by hand after a search)}.
-- The same nonce again answers the first answer with "replayed": true and
-- changes nothing; an outlet's nonces are taken one at a time (an advisory
-- lock), and a ticket's scans one at a time (its row lock), so twenty doors
-- scanning one ticket at once admit it exactly once.
CREATE OR REPLACE FUNCTION ts_scan_decide (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_me integer := ts_ctx_outlet ();
  v_nonce text := p ->> 'nonce';
  v_perf integer := (p ->> 'performance_id')::integer;
  v_at timestamptz := coalesce ((p ->> 'scanned_at')::timestamptz, now ());
  v_result text := p ->> 'verdict';
  v_reason text;
  v_reentered boolean := false;
  v_first jsonb;
  v_conflict boolean := false;
  v_answer jsonb;
  s scan;
  i order_item;
BEGIN
  IF ts_ctx_rank () < ts_level_rank ('scanner') THEN
    PERFORM ts_refuse ('TS403', 'Scanning tickets is for Scanner level and up');  -- C4
  END IF;
  -- A retry of a scan already made answers what it answered (S2's rule, for scans).
  PERFORM pg_advisory_xact_lock (hashtextextended ('scan:' || coalesce (v_me, 0) || ':' || v_nonce, 0));
  SELECT * INTO s FROM scan WHERE coalesce (outlet_id, 0) = coalesce (v_me, 0) AND nonce = v_nonce;
  IF FOUND THEN
    IF s.subject <> p ->> 'subject' OR s.direction <> p ->> 'direction' OR s.door <> p ->> 'door' THEN
      PERFORM ts_refuse ('TS409', 'nonce: already used for another scan');
    END IF;
    RETURN s.answer || jsonb_build_object ('replayed', true);
  END IF;
  IF v_perf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM performance WHERE id = v_perf AND ts_ctx_sees (outlet_id)) THEN
    PERFORM ts_refuse ('TS400', 'performance_id: no such performance');  -- F4, P7: as an unknown id
  END IF;

  IF v_result IS NULL THEN
    IF p ? 'item_id' THEN
      SELECT * INTO i FROM order_item
        WHERE id = (p ->> 'item_id')::bigint AND performance_id IS NOT NULL
          AND (ts_ctx_master () OR owner_outlet_id = v_me)
        FOR UPDATE;
      IF NOT FOUND THEN
        PERFORM ts_refuse ('TS400', 'item_id: no such ticket');  -- F4, P7: another outlet's answers as unknown
      END IF;
    ELSE
      SELECT * INTO i FROM order_item
        WHERE owner_outlet_id = (p ->> 'outlet_id')::integer AND ticket_number = (p ->> 'ticket_number')::bigint
          AND performance_id IS NOT NULL
        FOR UPDATE;
    END IF;
    IF i.id IS NULL THEN
      v_result := 'forged';   -- genuinely signed, but no ticket has that number
    ELSE
      SELECT * INTO v_result, v_reason, v_reentered, v_first, v_conflict FROM ts_scan_judge (i, p);
    END IF;
  END IF;
  v_answer := ts_scan_answer (v_result, v_reason, i.id, v_reentered, v_first, v_conflict, v_perf);

  -- R1: the scan row is the audit of a scan
  INSERT INTO scan (outlet_id, employee_id, item_id, performance_id, door, nonce, subject, direction, result,
                    answer, offline, scanned_at)
  VALUES (v_me, ts_ctx_employee (), CASE WHEN v_result IN ('forged', 'not_for_this_door') THEN NULL ELSE i.id END,
          v_perf, p ->> 'door', v_nonce, p ->> 'subject', p ->> 'direction', v_result, v_answer,
          p ->> 'scanned_at' IS NOT NULL, v_at);
  -- … and what changes a ticket without its code in hand, or lets someone out, is in the audit log too
  IF (p ? 'item_id' AND v_result = 'admitted') OR v_result = 'exited' THEN
    PERFORM ts_audit (CASE WHEN v_result = 'exited' THEN 'scanned_out' ELSE 'admitted_by_hand' END,
                      'order_item', i.id::text, i.owner_outlet_id, NULL,
                      jsonb_build_object ('door', p ->> 'door', 'performance_id', i.performance_id, 'at', v_at));
  END IF;
  RETURN v_answer;
END $$;

REVOKE EXECUTE ON FUNCTION ts_scan_ticket (bigint), ts_scan_counter (integer), ts_door_list_tickets (integer),
                           ts_scan_message (text, text, bigint, boolean), ts_scan_judge (order_item, jsonb),
                           ts_scan_answer (text, text, bigint, boolean, jsonb, boolean, integer),
                           ts_scan_decide (jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_door_list_tickets (integer), ts_scan_decide (jsonb) TO tessera_app;
