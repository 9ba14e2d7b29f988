-- audit.sql — writing and reading the audit log (rules R1, R2, P1, P4, P7):
-- the row triggers, the explicit entries, what an outlet may see of them,
-- and the entries of claims in carts.
--
-- after: 000 — before every migration: 001's triggers write through ts_audit_row.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Writing (R1) -----------------------------------------------------------------
-- Explicit entries (sign-in, sign-out) for events that are not row changes.
CREATE OR REPLACE FUNCTION ts_audit (p_action text, p_entity text, p_entity_id text,
                                     p_subject_outlet integer, p_before jsonb, p_after jsonb)
  RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  INSERT INTO audit_log (actor_outlet_id, actor_employee_id, subject_outlet_id,
                         action, entity, entity_id, before, after)
  VALUES (ts_ctx_outlet (), ts_ctx_employee (), p_subject_outlet,
          p_action, p_entity, p_entity_id, p_before, p_after)
$$;

-- Row changes are audited by trigger, so no write can forget it.  Trigger
-- arguments name columns to leave out (password hashes).
CREATE OR REPLACE FUNCTION ts_audit_row () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_before jsonb;
  v_after jsonb;
  v_key text;
  v_row jsonb;
  v_subject integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    v_before := to_jsonb (OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    v_after := to_jsonb (NEW);
  END IF;
  IF TG_NARGS > 0 THEN
    FOREACH v_key IN ARRAY TG_ARGV LOOP
      IF v_before IS NOT NULL AND v_after IS NOT NULL
         AND v_before -> v_key IS DISTINCT FROM v_after -> v_key THEN
        v_after := v_after || jsonb_build_object (v_key || '_changed', true);
      END IF;
      v_before := v_before - v_key;
      v_after := v_after - v_key;
    END LOOP;
  END IF;
  IF TG_OP = 'UPDATE' AND v_before = v_after THEN
    RETURN NEW;
  END IF;
  v_row := coalesce (v_after, v_before);
  IF TG_TABLE_NAME = 'outlet' THEN
    v_subject := (v_row ->> 'id')::integer;
  ELSE
    v_subject := (v_row ->> 'outlet_id')::integer;
  END IF;
  INSERT INTO audit_log (actor_outlet_id, actor_employee_id, subject_outlet_id,
                         action, entity, entity_id, before, after)
  VALUES (ts_ctx_outlet (), ts_ctx_employee (), v_subject,
          lower (TG_OP), TG_TABLE_NAME, v_row ->> 'id', v_before, v_after);
  RETURN coalesce (NEW, OLD);
END $$;

-- R1: the rows that hang off a performance, a redemption or an event (the
-- outlets that may sell it, the prices per zone, the partner companies) are
-- audited too, with the owning outlet as the subject: ts_audit_row would
-- take the row's own outlet_id, which in performance_seller is the permitted
-- seller (who must not read the owner's setup, E1), and redemption_price and
-- event_partner_company have none.  When the parent itself is being
-- deleted it can no longer be read, and the subject stays NULL (the actor
-- and the Master User still see the entry).
CREATE OR REPLACE FUNCTION ts_audit_setup_child () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_before jsonb;
  v_after jsonb;
  v_row jsonb;
  v_subject integer;
  v_key text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    v_before := to_jsonb (OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    v_after := to_jsonb (NEW);
  END IF;
  IF TG_OP = 'UPDATE' AND v_before = v_after THEN
    RETURN NEW;
  END IF;
  v_row := coalesce (v_after, v_before);
  IF TG_TABLE_NAME = 'performance_seller' THEN
    SELECT outlet_id INTO v_subject FROM performance WHERE id = (v_row ->> 'performance_id')::integer;
    v_key := (v_row ->> 'performance_id') || '/' || (v_row ->> 'outlet_id');
  ELSIF TG_TABLE_NAME = 'event_partner_company' THEN
    -- K1: an event's partners, whose outlet is the event's
    SELECT outlet_id INTO v_subject FROM partner_company WHERE id = (v_row ->> 'partner_company_id')::integer;
    v_key := (v_row ->> 'event_id') || '/' || (v_row ->> 'partner_company_id');
  ELSE
    SELECT outlet_id INTO v_subject FROM redemption WHERE id = (v_row ->> 'redemption_id')::integer;
    v_key := (v_row ->> 'redemption_id') || '/' || (v_row ->> 'category');
  END IF;
  INSERT INTO audit_log (actor_outlet_id, actor_employee_id, subject_outlet_id,
                         action, entity, entity_id, before, after)
  VALUES (ts_ctx_outlet (), ts_ctx_employee (), v_subject,
          lower (TG_OP), TG_TABLE_NAME, v_key, v_before, v_after);
  RETURN coalesce (NEW, OLD);
END $$;

REVOKE EXECUTE ON FUNCTION ts_audit (text, text, text, integer, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_audit (text, text, text, integer, jsonb, jsonb) TO tessera_app;

-- Reading (R2) -----------------------------------------------------------------
-- May the request's outlet see an entry made by p_actor about p_subject's
-- data?  A row change (insert, update, delete) written into another
-- outlet's rows by its own request (the followers' kept primaries, say)
-- holds that outlet's row, so it is not shown to the actor either; an
-- explicit entry (a hold, a refund, a seat change) says only what the actor
-- did, in its own terms.
CREATE OR REPLACE FUNCTION ts_audit_sees (p_actor integer, p_subject integer, p_action text) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT ts_ctx_master ()
      OR (p_actor = ts_ctx_outlet ()
          AND (p_subject IS NULL OR p_subject = p_actor OR p_action NOT IN ('insert', 'update', 'delete')))
      OR (p_actor IS NULL AND p_subject = ts_ctx_outlet ())
$$;

GRANT EXECUTE ON FUNCTION ts_audit_sees (integer, integer, text) TO tessera_app;

-- What a shared row (P1) says of other outlets: who created it, when it was
-- made and last changed — by whichever outlet.  An outlet reads its own
-- edits of shared rows without it; the Master User reads everything.
CREATE OR REPLACE FUNCTION ts_audit_shown (p_entity text, p_row jsonb) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT CASE WHEN ts_ctx_master () OR p_entity NOT IN ('patron', 'contact_point') THEN p_row
              ELSE p_row - ARRAY['created_by_outlet', 'created_at', 'updated_at'] END
$$;

-- One entry as the request may see it (ts_audit_sees), or NULL.  Security
-- definer: the application role reads the log's columns but not what the
-- rows held (before, after), which go through here.
CREATE OR REPLACE FUNCTION ts_audit_entry (p_id bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT jsonb_build_object (
           'id', a.id, 'at', a.at, 'outlet_id', a.actor_outlet_id, 'subject_outlet_id', a.subject_outlet_id,
           'employee_id', a.actor_employee_id,
           'login', (SELECT e.login FROM employee e WHERE e.id = a.actor_employee_id AND ts_ctx_sees (e.outlet_id)),
           'action', a.action, 'entity', a.entity, 'entity_id', a.entity_id,
           'before', ts_audit_shown (a.entity, a.before), 'after', ts_audit_shown (a.entity, a.after))
    FROM audit_log a
   WHERE a.id = p_id AND ts_audit_sees (a.actor_outlet_id, a.subject_outlet_id, a.action)
$$;

-- The history of one patron's record (R1), newest first: the entries the
-- request may see about the patron, its contact points and each outlet's
-- own data about it (which only that outlet's entries hold, P4).
CREATE OR REPLACE FUNCTION ts_patron_audit (p_patron bigint) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT coalesce (jsonb_agg (ts_audit_entry (a.id) ORDER BY a.id DESC), '[]')
    FROM audit_log a
   WHERE ts_audit_sees (a.actor_outlet_id, a.subject_outlet_id, a.action)
     AND ((a.entity = 'patron' AND a.entity_id = p_patron::text)
          OR (a.entity IN ('contact_point', 'contact_primary', 'patron_note', 'patron_tag', 'donation',
                           'membership', 'contact_preference', 'mailing_list_member')
              AND p_patron::text IN (a.after ->> 'patron_id', a.before ->> 'patron_id')))
$$;

REVOKE EXECUTE ON FUNCTION ts_audit_entry (bigint), ts_patron_audit (bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_audit_shown (text, jsonb), ts_audit_entry (bigint), ts_patron_audit (bigint)
  TO tessera_app;

-- Claims in carts (migration 015): a cart is its outlet's, so its entries
-- are about that outlet's data, made by its employee — or, when a cart has
-- expired and another request lets it go, by the system (no actor): the
-- owning outlet of the performance does not read another outlet's cart
-- work, nor does the outlet whose request happened to expire it (R2).
CREATE OR REPLACE FUNCTION ts_audit_cart (p_action text, p_cart uuid, p_cart_outlet integer,
                                          p_before jsonb, p_after jsonb)
  RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  INSERT INTO audit_log (actor_outlet_id, actor_employee_id, subject_outlet_id,
                         action, entity, entity_id, before, after)
  SELECT CASE WHEN mine THEN ts_ctx_outlet () END, CASE WHEN mine THEN ts_ctx_employee () END,
         p_cart_outlet, p_action, 'cart', p_cart::text, p_before, p_after
    FROM (SELECT ts_ctx_outlet () IS NOT DISTINCT FROM p_cart_outlet AS mine) x
$$;

REVOKE EXECUTE ON FUNCTION ts_audit_cart (text, uuid, integer, jsonb, jsonb) FROM PUBLIC;

CREATE OR REPLACE FUNCTION ts_audit_cart_seats () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  g record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR g IN SELECT c.performance_id, c.cart_id, c.outlet_id, jsonb_agg (c.seat_guid ORDER BY c.seat_guid) AS seats
             FROM new_claims c WHERE c.kind = 'cart' GROUP BY c.performance_id, c.cart_id, c.outlet_id LOOP
      PERFORM ts_audit_cart ('hold', g.cart_id, g.outlet_id,
                             NULL, jsonb_build_object ('performance_id', g.performance_id, 'seats', g.seats));
    END LOOP;
  ELSE
    FOR g IN SELECT c.performance_id, c.cart_id, c.outlet_id, jsonb_agg (c.seat_guid ORDER BY c.seat_guid) AS seats
             FROM old_claims c WHERE c.kind = 'cart' GROUP BY c.performance_id, c.cart_id, c.outlet_id LOOP
      PERFORM ts_audit_cart ('release', g.cart_id, g.outlet_id,
                             jsonb_build_object ('performance_id', g.performance_id, 'seats', g.seats), NULL);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ts_audit_cart_places () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_row cart_ga := coalesce (NEW, OLD);
BEGIN
  PERFORM ts_audit_cart (CASE WHEN TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.quantity < OLD.quantity)
                              THEN 'release' ELSE 'hold' END,
                         v_row.cart_id, (SELECT outlet_id FROM cart WHERE id = v_row.cart_id),
                         CASE WHEN TG_OP <> 'INSERT' THEN jsonb_build_object ('performance_id', OLD.performance_id,
                                                                              'area', OLD.area_key, 'quantity', OLD.quantity) END,
                         CASE WHEN TG_OP <> 'DELETE' THEN jsonb_build_object ('performance_id', NEW.performance_id,
                                                                              'area', NEW.area_key, 'quantity', NEW.quantity) END);
  RETURN NULL;
END $$;
