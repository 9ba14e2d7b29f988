-- printed-tickets.sql — an order's tickets as they print (rules F2, P5, F5): each
-- with its owning outlet's face and its values, and reprints.
--
-- after: 025 — the faces and the ticket numbers (024) it reads; ts_order_reprint
-- reads 029's reprint_request when it runs.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- The tickets of order p_order that outlet p_viewer may print, refunded
-- lines left out, p_items NULL for all of them: {"order_id", "tickets":
-- [{"item_id", "owner_outlet_id", "ticket_number", "barcode_version",
-- "face_id", "price_cents", "currency", "values": {placeholder: text}}],
-- "faces": {id: svg}, "missing": [ids of p_items it cannot print]}.  P5: the
-- seller prints its order's lines, an owner its own lines, the Master User
-- all; NULL when the viewer may see no line of it.  F2: each ticket prints
-- with the face of the outlet that owns its event (the event's, else that
-- outlet's default), which the seller cannot otherwise read.
CREATE OR REPLACE FUNCTION ts_order_tickets (p_order bigint, p_viewer integer, p_items bigint[]) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  v_full boolean;
  v_tickets jsonb;
  v_faces jsonb;
  v_missing jsonb;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = p_order;
  IF o.id IS NULL THEN
    RETURN NULL;
  END IF;
  v_full := ts_ctx_master () OR o.outlet_id = p_viewer;
  IF NOT v_full AND NOT EXISTS (SELECT 1 FROM order_item WHERE order_id = o.id AND owner_outlet_id = p_viewer) THEN
    RETURN NULL;
  END IF;
  WITH printed (item_id, face_id, ticket) AS (
    SELECT i.id, f.id, jsonb_build_object (
             'item_id', i.id, 'owner_outlet_id', i.owner_outlet_id, 'ticket_number', i.ticket_number,
             'barcode_version', i.barcode_version, 'face_id', f.id,
             'price_cents', i.price_cents, 'currency', ow.currency,
             'values', jsonb_build_object (
               'event', e.name,
               'performance_date', to_char (p.starts_at AT TIME ZONE ow.time_zone, 'YYYY-MM-DD'),
               'performance_time', to_char (p.starts_at AT TIME ZONE ow.time_zone, 'HH24:MI'),
               'venue', m.name,
               'section', coalesce (s.zone, ''), 'row', coalesce (s.row_label, ''), 'seat', coalesce (s.number, ''),
               'area', coalesce (a.name, ''),
               'place', coalesce (CASE WHEN i.seat_guid IS NOT NULL THEN ts_seat_name (e.map_id, i.seat_guid) END,
                                  a.name, ''),
               'ticket_type', t.name, 'display_letter', i.display_letter,
               'patron', coalesce (ts_patron_name (coalesce (o.recipient_id, o.purchaser_id)), ''),
               'order_number', o.id::text, 'ticket_number', coalesce (i.ticket_number::text, ''),
               'seller', so.name, 'owner', ow.name,
               'owner_logo', coalesce (ow.logo, 'data:image/svg+xml;base64,'
                                       || translate (encode (convert_to (ow.logo_svg, 'UTF8'), 'base64'), E'\n', ''), '')))
      FROM order_item i
      JOIN performance p ON p.id = i.performance_id
      JOIN event e ON e.id = p.event_id
      JOIN theatre_map m ON m.id = e.map_id
      JOIN ticket_type t ON t.id = i.ticket_type_id
      JOIN outlet ow ON ow.id = i.owner_outlet_id
      JOIN outlet so ON so.id = o.outlet_id
      JOIN ticket_face f ON f.id = coalesce (e.face_id, (SELECT d.id FROM ticket_face d
                                                         WHERE d.outlet_id = e.outlet_id AND d.is_default))
      LEFT JOIN map_seat s ON s.map_id = e.map_id AND s.guid = i.seat_guid
      LEFT JOIN map_ga_area a ON a.map_id = e.map_id AND a.area_key = i.area_key
     WHERE i.order_id = o.id AND i.status = 'sold' AND (v_full OR i.owner_outlet_id = p_viewer)
       AND (p_items IS NULL OR i.id = ANY (p_items)))
  SELECT coalesce (jsonb_agg (ticket ORDER BY item_id), '[]'),
         coalesce ((SELECT jsonb_object_agg (f.id::text, f.svg) FROM ticket_face f
                     WHERE f.id IN (SELECT face_id FROM printed)), '{}')
    INTO v_tickets, v_faces FROM printed;
  -- asked for but neither printable nor a refunded line of this order
  SELECT coalesce (jsonb_agg (x ORDER BY x), '[]') INTO v_missing
    FROM unnest (p_items) x
   WHERE NOT EXISTS (SELECT 1 FROM order_item i WHERE i.id = x AND i.order_id = o.id AND i.performance_id IS NOT NULL
                       AND (v_full OR i.owner_outlet_id = p_viewer));
  RETURN jsonb_build_object ('order_id', o.id, 'tickets', v_tickets, 'faces', v_faces, 'missing', v_missing);
END $$;

-- F5: reprints the tickets p_items of order p_order for outlet p_viewer (P5:
-- the seller, or the owner of each line): each barcode version goes up by
-- one, so that the old barcode stops admitting, and the reprint is counted
-- and audited with its reason.  TS404 for a line the viewer may not see.
-- p_key: the request's idempotency key, or NULL.  A key already used for the
-- same order, items and reason reprints nothing again (the retry answers the
-- tickets as they are); for anything else it is refused (migration 029's
-- reprint_request, read when it runs).
CREATE OR REPLACE FUNCTION ts_order_reprint (p_order bigint, p_viewer integer, p_items bigint[], p_reason text,
                                             p_key text)
  RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  o ticket_order;
  v_full boolean;
  v_item bigint;
  v_items bigint[] := ARRAY (SELECT DISTINCT x FROM unnest (p_items) x ORDER BY x);
  r reprint_request;
  i order_item;
BEGIN
  SELECT * INTO o FROM ticket_order WHERE id = p_order;
  v_full := o.id IS NOT NULL AND (ts_ctx_master () OR o.outlet_id = p_viewer);
  IF NOT v_full AND NOT EXISTS (SELECT 1 FROM order_item WHERE order_id = o.id AND owner_outlet_id = p_viewer) THEN
    RAISE EXCEPTION 'No order % that you may see', p_order USING ERRCODE = 'TS404';  -- P5
  END IF;
  IF p_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock (hashtextextended ('reprint:' || coalesce (ts_ctx_outlet (), 0) || ':' || p_key, 0));
    SELECT * INTO r FROM reprint_request
     WHERE coalesce (outlet_id, 0) = coalesce (ts_ctx_outlet (), 0) AND idempotency_key = p_key;
    IF FOUND THEN
      IF r.order_id <> o.id OR r.items <> v_items OR r.reason <> p_reason THEN
        RAISE EXCEPTION 'idempotency_key: already used for another reprint' USING ERRCODE = 'TS409';
      END IF;
      RETURN;   -- a retry: reprinted once already
    END IF;
    INSERT INTO reprint_request (outlet_id, idempotency_key, order_id, items, reason)
      VALUES (ts_ctx_outlet (), p_key, o.id, v_items, p_reason);
  END IF;
  FOREACH v_item IN ARRAY v_items LOOP
    SELECT * INTO i FROM order_item WHERE id = v_item AND order_id = o.id AND performance_id IS NOT NULL
      AND (v_full OR owner_outlet_id = p_viewer) FOR UPDATE;
    IF i.id IS NULL THEN
      RAISE EXCEPTION 'items: no ticket % in this order that you may see', v_item USING ERRCODE = 'TS404';  -- P5
    END IF;
    IF i.status <> 'sold' THEN
      RAISE EXCEPTION 'items: ticket % was refunded and cannot be printed again', v_item USING ERRCODE = 'TS409';
    END IF;
    UPDATE order_item SET barcode_version = barcode_version + 1, reprint_count = reprint_count + 1
     WHERE id = i.id;
    PERFORM ts_audit ('ticket_reprinted', 'order_item', i.id::text, i.owner_outlet_id, NULL,  -- R1, F5
                      jsonb_build_object ('order_id', o.id, 'ticket_number', i.ticket_number,
                                          'barcode_version', i.barcode_version + 1,
                                          'reprint_count', i.reprint_count + 1, 'reason', p_reason));
  END LOOP;
END $$;

REVOKE EXECUTE ON FUNCTION ts_order_tickets (bigint, integer, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_order_tickets (bigint, integer, bigint[]) TO tessera_app;
REVOKE EXECUTE ON FUNCTION ts_order_reprint (bigint, integer, bigint[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_order_reprint (bigint, integer, bigint[], text, text) TO tessera_app;
