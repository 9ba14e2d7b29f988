-- 037-web-cart-vouchers.sql — a subscriber's open voucher reserved online
-- (issue 14; T3): a place in a storefront cart that the patron will take
-- with one of his open subscription vouchers rather than pay for.  The
-- cart keeps the choice between pages; checkout hands it to
-- ts_order_submit's own voucher path, which marks the voucher reserved.
-- Reached only through server/functions/shop-vouchers.sql (SECURITY
-- DEFINER).
CREATE TABLE cart_voucher (
  cart_id        uuid NOT NULL REFERENCES cart (id) ON DELETE CASCADE,
  voucher_id     bigint NOT NULL REFERENCES voucher (id),
  outlet_id      integer NOT NULL REFERENCES outlet (id),     -- the cart's storefront
  performance_id integer NOT NULL REFERENCES performance (id),
  line           text NOT NULL,                               -- a seat's guid or an area's key
  PRIMARY KEY (cart_id, voucher_id)
);
CREATE INDEX cart_voucher_line ON cart_voucher (cart_id, performance_id, line);
CREATE INDEX cart_voucher_voucher ON cart_voucher (voucher_id);
ALTER TABLE cart_voucher ENABLE ROW LEVEL SECURITY;     -- no policy: the app role sees nothing
CREATE TRIGGER cart_voucher_audit AFTER INSERT OR UPDATE OR DELETE ON cart_voucher
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();
