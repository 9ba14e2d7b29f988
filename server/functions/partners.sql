-- partners.sql — partner companies and each patron's contact preference for
-- them (rules K1–K5, P2, P4, P5, P7, R1): the checks on an event's partners,
-- the consent record, the questions a sale asks, the answers it records, a
-- patron's preferences and the lists an outlet hands a partner.
--
-- after: 026 — before 027, whose triggers call these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- Everything here is one outlet's own (P4): a partner company, the events it
-- is on and the answers about it belong to the partner's outlet.  The
-- functions that read orders (who booked) are security definers, since the
-- owning outlet sees its own lines of another outlet's order only that way
-- (P5); they read the owner's lines only, and only for a partner the
-- request may see (ts_ctx_sees).

-- Triggers -----------------------------------------------------------------------

-- K1, P4: an event's partner is one of the event's own outlet.  The message
-- names the field of PATCH /events, as another outlet's partner is named
-- like an unknown one.
CREATE OR REPLACE FUNCTION ts_event_partner_company_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM event e JOIN partner_company c ON c.outlet_id = e.outlet_id
                 WHERE e.id = NEW.event_id AND c.id = NEW.partner_company_id) THEN
    PERFORM ts_refuse ('TS400', 'partner_company_ids: no such partner company');  -- K1, P4
  END IF;
  RETURN NEW;
END $$;

-- P4: an answer belongs to the partner's outlet, whoever writes it.
CREATE OR REPLACE FUNCTION ts_partner_preference_outlet () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  SELECT outlet_id INTO NEW.outlet_id FROM partner_company WHERE id = NEW.partner_company_id;
  RETURN NEW;
END $$;

-- K2: every answer set is appended to the consent record, which nothing
-- changes afterwards.
CREATE OR REPLACE FUNCTION ts_partner_preference_record () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  INSERT INTO partner_preference_history (outlet_id, partner_company_id, patron_id, answer, source,
                                          employee_id, set_at)
    VALUES (NEW.outlet_id, NEW.partner_company_id, NEW.patron_id, NEW.answer, NEW.source,
            NEW.employee_id, NEW.set_at);
  RETURN NEW;
END $$;

-- Answers (K2, K3, K4) -------------------------------------------------------------

-- Sets a patron's answer for a partner; an unchanged answer writes nothing
-- (no row is "not_asked").  TRUE when it changed.
CREATE OR REPLACE FUNCTION ts_partner_answer_set (p_partner integer, p_patron bigint, p_answer text,
                                                  p_source text, p_employee integer) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF coalesce ((SELECT answer FROM partner_preference WHERE partner_company_id = p_partner AND patron_id = p_patron),
               'not_asked') = p_answer THEN
    RETURN false;
  END IF;
  INSERT INTO partner_preference (partner_company_id, patron_id, outlet_id, answer, set_at, employee_id, source)
    SELECT p_partner, p_patron, c.outlet_id, p_answer, now (), p_employee, p_source
      FROM partner_company c WHERE c.id = p_partner
    ON CONFLICT (partner_company_id, patron_id) DO UPDATE
      SET answer = EXCLUDED.answer, set_at = EXCLUDED.set_at, employee_id = EXCLUDED.employee_id,
          source = EXCLUDED.source;
  RETURN true;
END $$;

-- K3: the questions a sale asks — partners that collect preferences, of
-- outlet p_outlet's own events among the performances (every outlet's when
-- NULL), for which the patron is not asked — by name.  Security invoker:
-- under the server's role, row-level security keeps it to what the request
-- may see as well (P7).
CREATE OR REPLACE FUNCTION ts_partner_questions (p_outlet integer, p_patron bigint, p_performances integer[])
  RETURNS TABLE (partner_company_id integer, name text, web_description text)
  LANGUAGE sql STABLE
  AS $$
  SELECT c.id, c.name, c.web_description
    FROM partner_company c
   WHERE c.collect_preferences AND (p_outlet IS NULL OR c.outlet_id = p_outlet)
     AND EXISTS (SELECT 1 FROM event_partner_company ep JOIN performance pf ON pf.event_id = ep.event_id
                 WHERE ep.partner_company_id = c.id AND pf.id = ANY (p_performances) AND pf.outlet_id = c.outlet_id)
     AND NOT EXISTS (SELECT 1 FROM partner_preference pp
                     WHERE pp.partner_company_id = c.id AND pp.patron_id = p_patron AND pp.answer <> 'not_asked')
   ORDER BY lower (c.name), c.id
$$;

-- K3: the answers given at a sale, for the purchaser, in the order's
-- transaction (ts_order_submit calls it; tests call it directly).  Only
-- the questions of this sale may be answered: partners of the selling
-- outlet's own events among its performances, not yet answered — another
-- outlet's events keep their partners and answers to their owner (P4).
-- Box office may leave a question or answer "not_asked": nothing is
-- recorded and the patron is asked next time.  The internet channel must
-- answer every question yes or no.  Returns how many answers it recorded.
-- p_answers: [{partner_company_id, answer}] or NULL.
CREATE OR REPLACE FUNCTION ts_partner_answers_apply (p_outlet integer, p_patron bigint, p_channel text,
                                                     p_performances integer[], p_answers jsonb,
                                                     p_employee integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_online boolean := p_channel = 'internet';
  v_answers jsonb := CASE WHEN jsonb_typeof (p_answers) = 'array' THEN p_answers ELSE '[]' END;
  v_seen integer[] := '{}';
  v_id integer;
  v_recorded integer := 0;
  x record;
  q record;
BEGIN
  IF p_answers IS NOT NULL AND jsonb_typeof (p_answers) NOT IN ('array', 'null') THEN
    PERFORM ts_refuse ('TS400', 'partner_answers: must be a list of answers');
  END IF;
  FOR x IN SELECT a, n - 1 AS i FROM jsonb_array_elements (v_answers) WITH ORDINALITY AS t (a, n) ORDER BY n LOOP
    IF jsonb_typeof (x.a) IS DISTINCT FROM 'object' OR jsonb_typeof (x.a -> 'partner_company_id') IS DISTINCT FROM 'number' THEN
      PERFORM ts_refuse ('TS400', format ('partner_answers[%s].partner_company_id: must be a partner company''s id', x.i));
    END IF;
    IF (x.a ->> 'partner_company_id')::numeric NOT BETWEEN 1 AND 2147483647
       OR (x.a ->> 'partner_company_id')::numeric <> trunc ((x.a ->> 'partner_company_id')::numeric) THEN
      PERFORM ts_refuse ('TS400', format ('partner_answers[%s].partner_company_id: must be a partner company''s id', x.i));
    END IF;
    v_id := (x.a ->> 'partner_company_id')::integer;
    IF (x.a ->> 'answer') IS NULL OR (x.a ->> 'answer') NOT IN ('yes', 'no', 'not_asked') THEN
      PERFORM ts_refuse ('TS400', format ('partner_answers[%s].answer: must be yes, no or not_asked', x.i));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM partner_company WHERE id = v_id AND outlet_id = p_outlet) THEN
      PERFORM ts_refuse ('TS400', format ('partner_answers[%s].partner_company_id: no such partner company', x.i));  -- P4
    END IF;
    IF p_patron IS NULL
       OR NOT EXISTS (SELECT 1 FROM ts_partner_questions (p_outlet, p_patron, p_performances) asked
                      WHERE asked.partner_company_id = v_id) THEN
      PERFORM ts_refuse ('TS400', format ('partner_answers[%s].partner_company_id: not asked on this order', x.i));  -- K3
    END IF;
    IF v_id = ANY (v_seen) THEN
      PERFORM ts_refuse ('TS400', format ('partner_answers[%s].partner_company_id: answered twice', x.i));
    END IF;
    v_seen := v_seen || v_id;
  END LOOP;

  -- K3: online, every question is answered yes or no
  IF v_online AND p_patron IS NOT NULL THEN
    FOR q IN SELECT * FROM ts_partner_questions (p_outlet, p_patron, p_performances) LOOP
      IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements (v_answers) a
                     WHERE (a ->> 'partner_company_id')::integer = q.partner_company_id
                       AND a ->> 'answer' IN ('yes', 'no')) THEN
        PERFORM ts_refuse ('TS409', format ('partner_answers: answer yes or no for %s', q.name));  -- K3
      END IF;
    END LOOP;
  END IF;

  FOR x IN SELECT a FROM jsonb_array_elements (v_answers) a LOOP
    IF x.a ->> 'answer' <> 'not_asked'
       AND ts_partner_answer_set ((x.a ->> 'partner_company_id')::integer, p_patron, x.a ->> 'answer',
                                  CASE WHEN v_online THEN 'online' ELSE 'checkout' END,
                                  CASE WHEN v_online THEN NULL ELSE p_employee END) THEN
      v_recorded := v_recorded + 1;
    END IF;
  END LOOP;
  RETURN v_recorded;
END $$;

-- Did the patron buy tickets (not refunded) to an event of the partner, as
-- the partner's outlet sees orders: its own lines of any outlet's order (P5)?
CREATE OR REPLACE FUNCTION ts_partner_booked (p_partner integer, p_patron bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM partner_company c
                   JOIN event_partner_company ep ON ep.partner_company_id = c.id
                   JOIN performance pf ON pf.event_id = ep.event_id
                   JOIN order_item i ON i.performance_id = pf.id AND i.owner_outlet_id = c.outlet_id
                   JOIN ticket_order o ON o.id = i.order_id
                  WHERE c.id = p_partner AND o.purchaser_id = p_patron AND i.status = 'sold'
                    AND ts_ctx_sees (c.outlet_id))
$$;

-- K4: a patron's preferences for the partners of outlet p_outlet (the
-- Master User: NULL, every outlet's): with p_all every partner, else those
-- the patron booked for or has an answer for; by name.
CREATE OR REPLACE FUNCTION ts_patron_partner_preferences (p_patron bigint, p_outlet integer, p_all boolean)
  RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  WITH c AS (
    SELECT c.id, c.name, c.collect_preferences, ts_partner_booked (c.id, p_patron) AS booked,
           pp.answer, pp.set_at, pp.employee_id, pp.source
      FROM partner_company c
      LEFT JOIN partner_preference pp ON pp.partner_company_id = c.id AND pp.patron_id = p_patron
     WHERE ts_ctx_sees (c.outlet_id) AND (p_outlet IS NULL OR c.outlet_id = p_outlet))
  SELECT jsonb_build_object ('preferences', coalesce (jsonb_agg (jsonb_build_object (
           'partner_company_id', c.id, 'name', c.name, 'collect_preferences', c.collect_preferences,
           'answer', coalesce (c.answer, 'not_asked'), 'set_at', c.set_at,
           'set_by', CASE WHEN c.source = 'online' THEN to_jsonb ('patron'::text)
                          WHEN c.employee_id IS NOT NULL THEN
                            (SELECT jsonb_build_object ('employee_id', e.id,
                                                        'name', coalesce (ts_patron_name (e.patron_id), e.login))
                               FROM employee e WHERE e.id = c.employee_id) END,
           'source', c.source, 'booked', c.booked) ORDER BY lower (c.name), c.id)
           FILTER (WHERE p_all OR c.booked OR c.answer IS NOT NULL), '[]'))
    FROM c
$$;

-- K4: PUT /patrons/{id}/partner-preferences — only the partners listed
-- change, an unchanged answer writes nothing.  p: [{partner_company_id,
-- answer}] (its shape checked by the handler); p_outlet: the caller's
-- outlet (NULL: the Master User's every outlet).  Another outlet's partner
-- is named like an unknown one (P4).
CREATE OR REPLACE FUNCTION ts_patron_partner_preferences_put (p_patron bigint, p_outlet integer, p jsonb)
  RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  x record;
BEGIN
  FOR x IN SELECT a, n - 1 AS i FROM jsonb_array_elements (p) WITH ORDINALITY AS t (a, n) ORDER BY n LOOP
    IF (x.a ->> 'answer') IS NULL OR (x.a ->> 'answer') NOT IN ('yes', 'no', 'not_asked') THEN
      PERFORM ts_refuse ('TS400', format ('preferences[%s].answer: must be yes, no or not_asked', x.i));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM partner_company c WHERE c.id = (x.a ->> 'partner_company_id')::integer
                   AND ts_ctx_sees (c.outlet_id) AND (p_outlet IS NULL OR c.outlet_id = p_outlet)) THEN
      PERFORM ts_refuse ('TS400', format ('preferences[%s].partner_company_id: no such partner company', x.i));  -- P4
    END IF;
  END LOOP;
  FOR x IN SELECT a FROM jsonb_array_elements (p) a LOOP
    PERFORM ts_partner_answer_set ((x.a ->> 'partner_company_id')::integer, p_patron, x.a ->> 'answer',
                                   'patron_record', ts_ctx_employee ());
  END LOOP;
END $$;

-- Lists for a partner (K5, C4) ---------------------------------------------------------

-- The patrons of a K5 list with the partner's outlet's primary e-mail and
-- address (P2; '' when none).  p_list 'preference': the patrons with answer
-- p_answer ('not_asked': those who booked its events, in the period when
-- one is given, and never answered); 'booked': those who bought tickets to
-- its events in the period (order date in the outlet's time zone), with
-- answer p_answer when given.  {"rows": [...], "patrons": n}.
CREATE OR REPLACE FUNCTION ts_partner_patrons (p_partner integer, p_list text, p_answer text,
                                               p_from date, p_to date) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  WITH c AS (SELECT c.id, c.outlet_id, ot.time_zone FROM partner_company c JOIN outlet ot ON ot.id = c.outlet_id
              WHERE c.id = p_partner AND ts_ctx_sees (c.outlet_id)),
       booked AS (
         SELECT DISTINCT o.purchaser_id AS patron_id
           FROM c JOIN event_partner_company ep ON ep.partner_company_id = c.id
           JOIN performance pf ON pf.event_id = ep.event_id
           JOIN order_item i ON i.performance_id = pf.id AND i.owner_outlet_id = c.outlet_id AND i.status = 'sold'
           JOIN ticket_order o ON o.id = i.order_id
          WHERE o.purchaser_id IS NOT NULL
            AND (p_from IS NULL OR (o.created_at AT TIME ZONE c.time_zone)::date >= p_from)
            AND (p_to IS NULL OR (o.created_at AT TIME ZONE c.time_zone)::date <= p_to)),
       chosen AS (
         SELECT b.patron_id, coalesce (pp.answer, 'not_asked') AS answer, pp.set_at
           FROM booked b
           LEFT JOIN partner_preference pp ON pp.partner_company_id = p_partner AND pp.patron_id = b.patron_id
          WHERE p_list = 'booked' OR (p_list = 'preference' AND p_answer = 'not_asked')
         UNION
         SELECT pp.patron_id, pp.answer, pp.set_at
           FROM partner_preference pp JOIN c ON c.id = pp.partner_company_id
          WHERE p_list = 'preference' AND p_answer IN ('yes', 'no'))
  SELECT jsonb_build_object ('patrons', count (*), 'rows', coalesce (jsonb_agg (jsonb_build_object (
           'patron_id', p.id, 'name', coalesce (ts_patron_name (p.id), ''),
           'first_name', coalesce (p.first_name, ''), 'last_name', coalesce (p.last_name, ''),
           'email', coalesce (e.value, ''),
           'address_line1', coalesce (a.line1, ''), 'address_line2', coalesce (a.line2, ''),
           'city', coalesce (a.city, ''), 'region', coalesce (a.region, ''),
           'postal_code', coalesce (a.postal_code, ''), 'country', coalesce (a.country, ''),
           'answer', ch.answer, 'set_at', ch.set_at)
           ORDER BY ts_fold (coalesce (p.last_name, p.company)), ts_fold (coalesce (p.first_name, '')), p.id), '[]'))
    FROM chosen ch JOIN patron p ON p.id = ch.patron_id CROSS JOIN c
    LEFT JOIN LATERAL ts_effective_primary (c.outlet_id, p.id, 'email') em ON true
    LEFT JOIN contact_point e ON e.id = em.contact_point_id
    LEFT JOIN LATERAL ts_effective_primary (c.outlet_id, p.id, 'address') ad ON true
    LEFT JOIN contact_point a ON a.id = ad.contact_point_id
   WHERE p_answer IS NULL OR ch.answer = p_answer
$$;

REVOKE EXECUTE ON FUNCTION ts_event_partner_company_check (), ts_partner_preference_outlet (),
                           ts_partner_preference_record (),
                           ts_partner_answer_set (integer, bigint, text, text, integer),
                           ts_partner_answers_apply (integer, bigint, text, integer[], jsonb, integer),
                           ts_partner_booked (integer, bigint),
                           ts_patron_partner_preferences (bigint, integer, boolean),
                           ts_patron_partner_preferences_put (bigint, integer, jsonb),
                           ts_partner_patrons (integer, text, text, date, date)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_partner_questions (integer, bigint, integer[]),
                          ts_partner_booked (integer, bigint),
                          ts_patron_partner_preferences (bigint, integer, boolean),
                          ts_patron_partner_preferences_put (bigint, integer, jsonb),
                          ts_partner_patrons (integer, text, text, date, date)
  TO tessera_app;

COMMENT ON FUNCTION ts_partner_answers_apply (integer, bigint, text, integer[], jsonb, integer) IS
  'Records the purchaser''s answers to a sale''s partner questions (K3); see server/functions/partners.sql';
COMMENT ON FUNCTION ts_partner_patrons (integer, text, text, date, date) IS
  'The patrons of a partner company''s list (K5) with the outlet''s primaries (P2); see server/functions/partners.sql';
