-- pricing.sql — what ticket types and redemptions keep whatever writes them
-- (rules T2, T3, T5), checked by their triggers.
--
-- after: 007 — before 008 and 009, which attach these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- T5, T6, T3: a ticket type's commission table and bundle component are its
-- own outlet's, and a bundle component that subscriptions hold stays one.
CREATE OR REPLACE FUNCTION ts_ticket_type_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NEW.commission_table_id IS NOT NULL
     AND (SELECT outlet_id FROM commission_table WHERE id = NEW.commission_table_id) IS DISTINCT FROM NEW.outlet_id THEN
    RAISE EXCEPTION 'commission_table_id: not one of this outlet''s commission tables' USING ERRCODE = 'TS400';
  END IF;
  IF NEW.bundle_component_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM ticket_type t WHERE t.id = NEW.bundle_component_id
                       AND t.outlet_id = NEW.outlet_id AND t.category = 'bundle_component') THEN
    RAISE EXCEPTION 'bundle_component_id: not one of this outlet''s bundle-component ticket types' USING ERRCODE = 'TS400';
  END IF;
  -- T3: the subscriptions that hold this component's vouchers keep pointing at
  -- a bundle component.
  IF TG_OP = 'UPDATE' AND OLD.category = 'bundle_component' AND NEW.category <> 'bundle_component'
     AND EXISTS (SELECT 1 FROM ticket_type t WHERE t.bundle_component_id = NEW.id) THEN
    RAISE EXCEPTION 'category: subscriptions hold vouchers of this bundle component, so it stays one'  -- T3
      USING ERRCODE = 'TS409';
  END IF;
  RETURN NEW;
END $$;

-- T2: a redemption names a ticket type and a performance of its own outlet,
-- and promo codes of one word each (stored lower-case).
CREATE OR REPLACE FUNCTION ts_redemption_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_code text;
BEGIN
  IF (SELECT outlet_id FROM ticket_type WHERE id = NEW.ticket_type_id) IS DISTINCT FROM NEW.outlet_id THEN
    RAISE EXCEPTION 'ticket_type_id: not one of this outlet''s ticket types' USING ERRCODE = 'TS400';
  END IF;
  IF (SELECT outlet_id FROM performance WHERE id = NEW.performance_id) IS DISTINCT FROM NEW.outlet_id THEN
    RAISE EXCEPTION 'performance_id: not one of this outlet''s performances' USING ERRCODE = 'TS400';
  END IF;
  FOREACH v_code IN ARRAY NEW.promo_codes LOOP
    IF v_code !~ '^[a-z0-9_-]{2,40}$' THEN
      RAISE EXCEPTION 'promo_codes: “%” is not one word of 2–40 letters, digits, - or _', v_code USING ERRCODE = 'TS400';
    END IF;
  END LOOP;
  RETURN NEW;
END $$;

-- T2: a redemption through which tickets were sold (refunded ones too) is
-- not deleted; its sales window is ended instead.
CREATE OR REPLACE FUNCTION ts_redemption_keep_sold () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF OLD.sold > 0 OR EXISTS (SELECT 1 FROM order_item WHERE redemption_id = OLD.id) THEN
    RAISE EXCEPTION 'Tickets were sold through this redemption: it cannot be deleted; end its sales window instead'  -- T2
      USING ERRCODE = 'TS409';
  END IF;
  RETURN OLD;
END $$;
