-- 038-web-session-sweep.sql — storefront visits are deleted once they have
-- expired (issue 14; docs/architecture.md, "The web storefront"): the cart
-- sweeper calls ts_shop_sweep_visits.  An order or a finished card payment
-- outlives the visit it came from, so its link to the visit becomes NULL
-- when the visit goes (the order's change is audited by its own trigger).
-- And the storefront's second patron matcher goes (F7, at the end).
ALTER TABLE ticket_order
  DROP CONSTRAINT ticket_order_web_session_id_fkey,
  ADD CONSTRAINT ticket_order_web_session_id_fkey FOREIGN KEY (web_session_id)
    REFERENCES web_session (id) ON DELETE SET NULL;
-- the delete finds a visit's orders by this index, not by reading them all
CREATE INDEX ticket_order_web_session ON ticket_order (web_session_id) WHERE web_session_id IS NOT NULL;

ALTER TABLE payment_intent
  ALTER COLUMN web_session_id DROP NOT NULL,
  DROP CONSTRAINT payment_intent_web_session_id_fkey,
  ADD CONSTRAINT payment_intent_web_session_id_fkey FOREIGN KEY (web_session_id)
    REFERENCES web_session (id) ON DELETE SET NULL;

-- F7: sign-up and guest checkout match patrons with one function now,
-- ts_web_patron (server/functions/shop-accounts.sql); the old one goes.
DROP FUNCTION IF EXISTS ts_web_patron_for (text, text, text);
