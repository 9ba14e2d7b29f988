-- 031-web-cart-types.sql — the ticket type a patron chose for each line of a
-- storefront cart (issue 14; T2, T3, T5): a seat, or a general-admission area
-- of a performance, carries one type until checkout sells it.  The box
-- office names types when it sells; a web cart keeps the choice between
-- pages.  Reached only through server/functions/shop.sql (SECURITY DEFINER).
CREATE TABLE cart_line_type (
  cart_id        uuid NOT NULL REFERENCES cart (id) ON DELETE CASCADE,
  outlet_id      integer NOT NULL REFERENCES outlet (id),     -- the cart's storefront
  performance_id integer NOT NULL REFERENCES performance (id),
  line           text NOT NULL,                               -- a seat's guid or an area's key
  ticket_type_id integer NOT NULL REFERENCES ticket_type (id),
  PRIMARY KEY (cart_id, performance_id, line)
);
ALTER TABLE cart_line_type ENABLE ROW LEVEL SECURITY;     -- no policy: the app role sees nothing
CREATE TRIGGER cart_line_type_audit AFTER INSERT OR UPDATE OR DELETE ON cart_line_type
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
