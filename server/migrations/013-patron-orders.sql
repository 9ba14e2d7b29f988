-- 013-patron-orders.sql — a patron's order history as one outlet may see it
-- (P4, P5): the orders it sold to (or for) the patron in full, and other
-- outlets' orders only for the lines of its own events, never their totals.

CREATE FUNCTION ts_patron_orders (p_patron bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object ('orders', coalesce (jsonb_agg (x.o ORDER BY x.created_at DESC, x.id DESC), '[]'))
  FROM (
    SELECT o.id, o.created_at,
           jsonb_build_object (
             'id', o.id, 'created_at', o.created_at, 'outlet_id', o.outlet_id,
             'outlet', (SELECT name FROM outlet WHERE id = o.outlet_id),
             'as', CASE WHEN o.purchaser_id = p_patron AND o.recipient_id = p_patron THEN 'purchaser and recipient'
                        WHEN o.purchaser_id = p_patron THEN 'purchaser' ELSE 'recipient' END,
             'partial', NOT v.full,
             'events', (SELECT coalesce (string_agg (DISTINCT e.name, ', '), '')
                        FROM order_item i JOIN performance p ON p.id = i.performance_id JOIN event e ON e.id = p.event_id
                        WHERE i.order_id = o.id AND (v.full OR i.owner_outlet_id = ts_ctx_outlet ())),
             'tickets', (SELECT count (*) FROM order_item i
                         WHERE i.order_id = o.id AND i.status = 'sold' AND (v.full OR i.owner_outlet_id = ts_ctx_outlet ())))
           || CASE WHEN v.full THEN jsonb_build_object (
                'total_cents', (SELECT coalesce (sum (price_cents), 0) FROM order_item WHERE order_id = o.id AND status = 'sold'),
                'paid_cents', (SELECT coalesce (sum (amount_cents), 0) FROM payment WHERE order_id = o.id))
              ELSE '{}' END AS o
    FROM ticket_order o
    CROSS JOIN LATERAL (SELECT ts_ctx_master () OR o.outlet_id = ts_ctx_outlet () AS full) v
    WHERE p_patron IN (o.purchaser_id, o.recipient_id)
      AND ts_ctx_rank () >= 2
      AND (v.full OR EXISTS (SELECT 1 FROM order_item i WHERE i.order_id = o.id AND i.owner_outlet_id = ts_ctx_outlet ()))
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT 500) x
$$;

GRANT EXECUTE ON FUNCTION ts_patron_orders (bigint) TO tessera_app;
