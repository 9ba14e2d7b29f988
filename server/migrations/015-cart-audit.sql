-- 015-cart-audit.sql — seats and places held in carts are writes too (R1):
-- every hold in a cart and every release (by the agent, by a sale, by
-- expiry) leaves an audit entry per performance, naming the cart and the
-- seats or places, with the owning outlet as the subject.  Sales and letter
-- holds are audited by their own functions.

CREATE FUNCTION ts_audit_cart_seats () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  g record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR g IN SELECT c.performance_id, c.cart_id, jsonb_agg (c.seat_guid ORDER BY c.seat_guid) AS seats
             FROM new_claims c WHERE c.kind = 'cart' GROUP BY c.performance_id, c.cart_id LOOP
      PERFORM ts_audit ('hold', 'cart', g.cart_id::text, (SELECT outlet_id FROM performance WHERE id = g.performance_id),
                        NULL, jsonb_build_object ('performance_id', g.performance_id, 'seats', g.seats));
    END LOOP;
  ELSE
    FOR g IN SELECT c.performance_id, c.cart_id, jsonb_agg (c.seat_guid ORDER BY c.seat_guid) AS seats
             FROM old_claims c WHERE c.kind = 'cart' GROUP BY c.performance_id, c.cart_id LOOP
      PERFORM ts_audit ('release', 'cart', g.cart_id::text, (SELECT outlet_id FROM performance WHERE id = g.performance_id),
                        jsonb_build_object ('performance_id', g.performance_id, 'seats', g.seats), NULL);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER seat_claim_audit_cart_insert AFTER INSERT ON seat_claim REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_audit_cart_seats ();
CREATE TRIGGER seat_claim_audit_cart_delete AFTER DELETE ON seat_claim REFERENCING OLD TABLE AS old_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_audit_cart_seats ();

-- General-admission places in carts: every change of a cart's quantity.
CREATE FUNCTION ts_audit_cart_places () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_row cart_ga := coalesce (NEW, OLD);
BEGIN
  PERFORM ts_audit (CASE WHEN TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.quantity < OLD.quantity)
                         THEN 'release' ELSE 'hold' END,
                    'cart', v_row.cart_id::text, (SELECT outlet_id FROM performance WHERE id = v_row.performance_id),
                    CASE WHEN TG_OP <> 'INSERT' THEN jsonb_build_object ('performance_id', OLD.performance_id,
                                                                         'area', OLD.area_key, 'quantity', OLD.quantity) END,
                    CASE WHEN TG_OP <> 'DELETE' THEN jsonb_build_object ('performance_id', NEW.performance_id,
                                                                         'area', NEW.area_key, 'quantity', NEW.quantity) END);
  RETURN NULL;
END $$;
CREATE TRIGGER cart_ga_audit AFTER INSERT OR UPDATE OR DELETE ON cart_ga
  FOR EACH ROW EXECUTE FUNCTION ts_audit_cart_places ();
