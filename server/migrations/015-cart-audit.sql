-- 015-cart-audit.sql — seats and places held in carts are writes too (R1):
-- every hold in a cart and every release (by the agent, by a sale, by
-- expiry) leaves an audit entry per performance, naming the cart and the
-- seats or places, with the owning outlet as the subject.  Sales and letter
-- holds are audited by their own functions.
--
-- The trigger functions are in server/functions/audit.sql, which runs before
-- every migration.

CREATE TRIGGER seat_claim_audit_cart_insert AFTER INSERT ON seat_claim REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_audit_cart_seats ();
CREATE TRIGGER seat_claim_audit_cart_delete AFTER DELETE ON seat_claim REFERENCING OLD TABLE AS old_claims
  FOR EACH STATEMENT EXECUTE FUNCTION ts_audit_cart_seats ();

CREATE TRIGGER cart_ga_audit AFTER INSERT OR UPDATE OR DELETE ON cart_ga
  FOR EACH ROW EXECUTE FUNCTION ts_audit_cart_places ();
