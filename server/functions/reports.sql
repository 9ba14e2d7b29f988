-- reports.sql — the reports an outlet reads (rules R2, P4, P5, A4, C4): one
-- function per report, each answering the report shape of docs/api.md
-- ("Reports (R2)"), and the end of the day's till closing.
--
-- after: 028 — till_closing.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- The report functions run as the caller (SECURITY INVOKER): row-level
-- security applies to every table they read, and each also names the outlet
-- it reports on (the Master User sees every row, so that filter is what keeps
-- his report to one outlet).  Order lines are the exception: the owner of an
-- event sees the lines another outlet sold of it, but not that order's header
-- (channel, seller), nor may a seller read the event, performance or ticket
-- type it sold of another outlet.  ts_report_line_groups, the SECURITY DEFINER
-- function that reads them, sums exactly the lines R2 lets an outlet see, by
-- the report's key, with the names of what they sold, and hands back nothing
-- else of their orders (P5).
-- The server checks the common parameters (outlet_id, from, to) before any of
-- these run (server/api/ts-api-reports.c) and gives each report-timeout
-- seconds (30 by default).

-- Shared pieces ------------------------------------------------------------------

-- The report shape: {"report", "outlet_id", "from", "to", "params",
-- "columns", "rows", "totals"}.  p is what the server passed (outlet_id,
-- from, to and the report's own parameters, which come back as params).
CREATE OR REPLACE FUNCTION ts_report (p_name text, p jsonb, p_columns jsonb, p_rows jsonb, p_totals jsonb)
  RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object ('report', p_name, 'outlet_id', (p ->> 'outlet_id')::integer,
                             'from', p -> 'from', 'to', p -> 'to',
                             'params', (p - 'outlet_id' - 'from' - 'to'),
                             'columns', p_columns, 'rows', coalesce (p_rows, '[]'),
                             'totals', coalesce (p_totals, '{}'))
$$;

-- Columns from pairs of key and kind: ts_report_columns ('event', 'text', 'tickets', 'count').
CREATE OR REPLACE FUNCTION ts_report_columns (VARIADIC p text[]) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT jsonb_agg (jsonb_build_object ('key', p[i], 'kind', p[i + 1]) ORDER BY i)
  FROM generate_series (1, array_length (p, 1), 2) i
$$;

-- The first instant of one of the outlet's days (NULL: an open end), and the
-- outlet's day of an instant: periods are the outlet's dates.
CREATE OR REPLACE FUNCTION ts_report_start (p_outlet integer, p_day date) RETURNS timestamptz
  LANGUAGE sql STABLE
  AS $$ SELECT p_day::timestamp AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = p_outlet) $$;

CREATE OR REPLACE FUNCTION ts_report_day (p_outlet integer, p_at timestamptz) RETURNS date
  LANGUAGE sql STABLE
  AS $$ SELECT (p_at AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = p_outlet))::date $$;

-- C4: reports are for Staff and up, of the outlet the caller sees (P4).
CREATE OR REPLACE FUNCTION ts_report_check (p_outlet integer, p_level text DEFAULT 'staff') RETURNS void
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  IF p_outlet IS NULL OR NOT ts_ctx_sees (p_outlet) THEN
    PERFORM ts_refuse ('TS403', 'An outlet reads its own reports only');  -- R2
  END IF;
  IF ts_ctx_rank () < ts_level_rank (p_level) THEN
    PERFORM ts_refuse ('TS403', 'This report is not for your level');  -- C4
  END IF;
END $$;

-- R2, P5: the order lines an outlet sees, summed by one key.  A line is the
-- outlet's when it is of one of its events, whoever sold it, or when the
-- outlet sold it, whatever it is of; never another outlet's sale of a third
-- outlet's event.  It counts as sold in the period of its order's date and as
-- refunded in the period of its refund's date; open dates (NULL) leave that
-- end of the period open.  p_group: event, performance, ticket_type,
-- selling_outlet (key_id), price_zone, channel, day (key_text, a date in the
-- outlet's time); label is what the key is called.  Security definer: an
-- owner reads the channel and seller of another outlet's order, and a seller
-- the names of what it sold of another outlet's events (E4 showed them while
-- it could sell them; what it sold stays its history); the sums leave, never
-- another line, payment or total of those orders.  Summing here, on the
-- lines' ids, keeps a year of a busy outlet's sales within the report's time.
CREATE OR REPLACE FUNCTION ts_report_line_groups (p_outlet integer, p_from date, p_to date, p_group text,
                                                  p_event integer DEFAULT NULL, p_performance integer DEFAULT NULL)
  RETURNS TABLE (key_id integer, key_text text, label text, starts_at timestamptz, event_id integer,
                 orders bigint, tickets bigint, comps bigint, refunded bigint, gross_cents bigint,
                 refunds_cents bigint, owed_cents bigint, due_cents bigint, sold_now bigint, sold_now_cents bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
#variable_conflict use_column
DECLARE
  v_tz text := (SELECT time_zone FROM outlet WHERE id = p_outlet);
  v_start timestamptz := p_from::timestamp AT TIME ZONE v_tz;
  v_end timestamptz := (p_to + 1)::timestamp AT TIME ZONE v_tz;
  v_performances integer[];
BEGIN
  PERFORM ts_report_check (p_outlet);
  IF p_performance IS NOT NULL THEN
    v_performances := ARRAY[p_performance];
  ELSIF p_event IS NOT NULL THEN
    v_performances := ARRAY (SELECT pf.id FROM performance pf WHERE pf.event_id = p_event);
  END IF;
  RETURN QUERY
  WITH lines AS (
    -- the outlet's events, whoever sold them
    SELECT true AS sale, i.order_id, i.performance_id, i.ticket_type_id, i.price_zone, i.owner_outlet_id AS owner,
           o.outlet_id AS seller, o.channel, i.comp_reason IS NOT NULL AS comp, i.status, i.price_cents,
           i.commission_cents, i.created_at AS at
    FROM order_item i JOIN ticket_order o ON o.id = i.order_id
    WHERE i.owner_outlet_id = p_outlet
      AND (v_start IS NULL OR i.created_at >= v_start) AND (v_end IS NULL OR i.created_at < v_end)
      AND (v_performances IS NULL OR i.performance_id = ANY (v_performances))
    UNION ALL
    -- what the outlet sold of other outlets' events
    SELECT true, i.order_id, i.performance_id, i.ticket_type_id, i.price_zone, i.owner_outlet_id,
           o.outlet_id, o.channel, i.comp_reason IS NOT NULL, i.status, i.price_cents, i.commission_cents, o.created_at
    FROM ticket_order o JOIN order_item i ON i.order_id = o.id
    WHERE o.outlet_id = p_outlet AND i.owner_outlet_id <> p_outlet
      AND (v_start IS NULL OR o.created_at >= v_start) AND (v_end IS NULL OR o.created_at < v_end)
      AND (v_performances IS NULL OR i.performance_id = ANY (v_performances))
    UNION ALL
    -- either refunded in the period
    SELECT false, i.order_id, i.performance_id, i.ticket_type_id, i.price_zone, i.owner_outlet_id,
           o.outlet_id, o.channel, i.comp_reason IS NOT NULL, i.status, i.price_cents, i.commission_cents, r.created_at
    FROM refund r JOIN order_item i ON i.refund_id = r.id JOIN ticket_order o ON o.id = i.order_id
    WHERE (i.owner_outlet_id = p_outlet OR o.outlet_id = p_outlet)
      AND (v_start IS NULL OR r.created_at >= v_start) AND (v_end IS NULL OR r.created_at < v_end)
      AND (v_performances IS NULL OR i.performance_id = ANY (v_performances))),
  keyed AS (
    SELECT l.*,
           CASE p_group WHEN 'event' THEN lp.event_id
                        WHEN 'performance' THEN l.performance_id WHEN 'ticket_type' THEN l.ticket_type_id
                        WHEN 'selling_outlet' THEN l.seller END AS kid,
           CASE p_group WHEN 'price_zone' THEN coalesce (l.price_zone, '') WHEN 'channel' THEN l.channel
                        WHEN 'day' THEN to_char (l.at AT TIME ZONE v_tz, 'YYYY-MM-DD') END AS ktext
    FROM lines l LEFT JOIN performance lp ON p_group = 'event' AND lp.id = l.performance_id),
  g AS (
    SELECT k.kid, k.ktext,
           count (DISTINCT k.order_id) FILTER (WHERE k.sale AND p_group = 'channel') AS orders,
           count (*) FILTER (WHERE k.sale) AS tickets,
           count (*) FILTER (WHERE k.sale AND k.comp) AS comps,
           count (*) FILTER (WHERE NOT k.sale) AS refunded,
           coalesce (sum (k.price_cents) FILTER (WHERE k.sale), 0)::bigint AS gross,
           coalesce (sum (k.price_cents) FILTER (WHERE NOT k.sale), 0)::bigint AS refunds,
           -- S7: a refund takes its commission back
           coalesce (sum (CASE WHEN k.sale THEN k.commission_cents ELSE -k.commission_cents END)
                     FILTER (WHERE k.owner = p_outlet AND k.seller <> p_outlet), 0)::bigint AS owed,
           coalesce (sum (CASE WHEN k.sale THEN k.commission_cents ELSE -k.commission_cents END)
                     FILTER (WHERE k.owner <> p_outlet AND k.seller = p_outlet), 0)::bigint AS due,
           count (*) FILTER (WHERE k.sale AND k.status = 'sold') AS sold_now,
           coalesce (sum (k.price_cents) FILTER (WHERE k.sale AND k.status = 'sold'), 0)::bigint AS sold_now_cents
    FROM keyed k GROUP BY k.kid, k.ktext)
  SELECT g.kid, g.ktext,
         -- '' for lines of no performance (a subscription's bundle, T3)
         coalesce (CASE p_group WHEN 'event' THEN e.name WHEN 'performance' THEN pe.name WHEN 'ticket_type' THEN t.name
                                WHEN 'selling_outlet' THEN so.name ELSE g.ktext END, ''),
         pf.starts_at, coalesce (e.id, pe.id),
         g.orders, g.tickets, g.comps, g.refunded, g.gross, g.refunds, g.owed, g.due, g.sold_now, g.sold_now_cents
  FROM g
  LEFT JOIN event e ON p_group = 'event' AND e.id = g.kid
  LEFT JOIN performance pf ON p_group = 'performance' AND pf.id = g.kid
  LEFT JOIN event pe ON pe.id = pf.event_id
  LEFT JOIN ticket_type t ON p_group = 'ticket_type' AND t.id = g.kid
  LEFT JOIN outlet so ON p_group = 'selling_outlet' AND so.id = g.kid;
END $$;

-- R2: a performance the outlet may report on (its own, or one it sold
-- tickets for), with its event and map; no row for any other.
CREATE OR REPLACE FUNCTION ts_report_performance (p_outlet integer, p_performance integer)
  RETURNS TABLE (performance_id integer, owner_outlet_id integer, event_id integer, event text,
                 starts_at timestamptz, map_id integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
#variable_conflict use_column
BEGIN
  PERFORM ts_report_check (p_outlet);
  RETURN QUERY
  SELECT pf.id, pf.outlet_id, e.id, e.name, pf.starts_at, e.map_id
  FROM performance pf JOIN event e ON e.id = pf.event_id
  WHERE pf.id = p_performance
    AND (pf.outlet_id = p_outlet
         OR EXISTS (SELECT 1 FROM ticket_order o JOIN order_item i ON i.order_id = o.id
                    WHERE o.outlet_id = p_outlet AND i.performance_id = pf.id));
END $$;

-- P2: the outlet's primary e-mail and address of a patron, as a mailing
-- needs them (empty strings when it has none).
CREATE OR REPLACE FUNCTION ts_report_mailing_fields (p_outlet integer, p_patron bigint) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object (
           'name', coalesce (ts_patron_name (p_patron), ''),
           'email', coalesce (em.value, ''),
           'address_line1', coalesce (ad.line1, ''), 'address_line2', coalesce (ad.line2, ''),
           'city', coalesce (ad.city, ''), 'region', coalesce (ad.region, ''),
           'postal_code', coalesce (ad.postal_code, ''), 'country', coalesce (ad.country, ''))
  FROM (SELECT 1) one
  LEFT JOIN contact_point em ON em.id = (ts_effective_primary (p_outlet, p_patron, 'email')).contact_point_id
  LEFT JOIN contact_point ad ON ad.id = (ts_effective_primary (p_outlet, p_patron, 'address')).contact_point_id
$$;

-- Sales (R2) ---------------------------------------------------------------------

-- Sales by one key (R2), with the money columns every grouping shares.
-- p: {outlet_id, from, to, group, event_id?, performance_id?}
CREATE OR REPLACE FUNCTION ts_report_sales (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_group text := coalesce (p ->> 'group', 'event');
  v_keys text[];
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  v_keys := CASE v_group WHEN 'event' THEN ARRAY['event', 'text']
                         WHEN 'performance' THEN ARRAY['event', 'text', 'starts_at', 'datetime']
                         WHEN 'ticket_type' THEN ARRAY['ticket_type', 'text']
                         WHEN 'price_zone' THEN ARRAY['price_zone', 'text']
                         WHEN 'selling_outlet' THEN ARRAY['selling_outlet', 'text']
                         WHEN 'channel' THEN ARRAY['channel', 'text'] END;
  IF v_keys IS NULL THEN
    PERFORM ts_refuse ('TS400', 'group: one of event, performance, ticket_type, price_zone, selling_outlet, channel');
  END IF;
  SELECT jsonb_agg (CASE v_group
                      WHEN 'event' THEN jsonb_build_object ('event', s.label, 'event_id', s.key_id)
                      WHEN 'performance' THEN jsonb_build_object ('event', s.label, 'starts_at', s.starts_at,
                                                                  'event_id', s.event_id, 'performance_id', s.key_id)
                      WHEN 'ticket_type' THEN jsonb_build_object ('ticket_type', s.label, 'ticket_type_id', s.key_id)
                      WHEN 'price_zone' THEN jsonb_build_object ('price_zone', s.label)
                      WHEN 'selling_outlet' THEN jsonb_build_object ('selling_outlet', s.label,
                                                                     'selling_outlet_id', s.key_id)
                      ELSE jsonb_build_object ('channel', s.label) END
                    || jsonb_build_object ('tickets', s.tickets, 'comps', s.comps, 'refunded', s.refunded,
                                           'gross_cents', s.gross_cents, 'refunds_cents', s.refunds_cents,
                                           'net_cents', s.gross_cents - s.refunds_cents,
                                           'commission_owed_cents', s.owed_cents,
                                           'commission_due_cents', s.due_cents)
                    ORDER BY s.label, s.starts_at, s.key_id),
         jsonb_build_object ('tickets', coalesce (sum (s.tickets), 0), 'comps', coalesce (sum (s.comps), 0),
                             'refunded', coalesce (sum (s.refunded), 0),
                             'gross_cents', coalesce (sum (s.gross_cents), 0),
                             'refunds_cents', coalesce (sum (s.refunds_cents), 0),
                             'net_cents', coalesce (sum (s.gross_cents - s.refunds_cents), 0),
                             'commission_owed_cents', coalesce (sum (s.owed_cents), 0),
                             'commission_due_cents', coalesce (sum (s.due_cents), 0))
    INTO v_rows, v_totals
  FROM ts_report_line_groups (v_outlet, (p ->> 'from')::date, (p ->> 'to')::date, v_group,
                              (p ->> 'event_id')::integer, (p ->> 'performance_id')::integer) s;
  RETURN ts_report ('sales', p,
                    ts_report_columns (VARIADIC v_keys || ARRAY['tickets', 'count', 'comps', 'count', 'refunded', 'count',
                                                                'gross_cents', 'cents', 'refunds_cents', 'cents',
                                                                'net_cents', 'cents', 'commission_owed_cents', 'cents',
                                                                'commission_due_cents', 'cents']),
                    v_rows, v_totals);
END $$;

-- One row per day with a sale or a refund, for a performance (with the days
-- before it) or an event.  p: {outlet_id, from?, to?, performance_id | event_id}
CREATE OR REPLACE FUNCTION ts_report_sales_over_time (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_performance integer := (p ->> 'performance_id')::integer;
  v_event integer := (p ->> 'event_id')::integer;
  v_day date;
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  IF (v_performance IS NULL) = (v_event IS NULL) THEN
    PERFORM ts_refuse ('TS400', 'performance_id: name a performance or an event (event_id), not both');
  END IF;
  IF v_performance IS NOT NULL THEN
    SELECT ts_report_day (v_outlet, x.starts_at) INTO v_day FROM ts_report_performance (v_outlet, v_performance) x;
    IF v_day IS NULL THEN
      PERFORM ts_refuse ('TS404', format ('No performance %s', v_performance));  -- R2: as unknown
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM event e WHERE e.id = v_event AND e.outlet_id = v_outlet)
        AND NOT EXISTS (SELECT 1 FROM ts_report_line_groups (v_outlet, NULL, NULL, 'day', v_event) x) THEN
    PERFORM ts_refuse ('TS404', format ('No event %s', v_event));  -- R2: as unknown
  END IF;
  WITH d AS (
    SELECT x.key_text::date AS date, x.tickets - x.refunded AS tickets, x.gross_cents - x.refunds_cents AS net_cents
    FROM ts_report_line_groups (v_outlet, (p ->> 'from')::date, (p ->> 'to')::date, 'day', v_event, v_performance) x),
  c AS (
    SELECT d.*, sum (d.tickets) OVER w AS cumulative_tickets, sum (d.net_cents) OVER w AS cumulative_cents
    FROM d WINDOW w AS (ORDER BY d.date))
  SELECT jsonb_agg (jsonb_strip_nulls (jsonb_build_object (
                      'date', c.date, 'days_before', v_day - c.date, 'tickets', c.tickets,
                      'cumulative_tickets', c.cumulative_tickets, 'net_cents', c.net_cents,
                      'cumulative_cents', c.cumulative_cents)) ORDER BY c.date),
         jsonb_build_object ('tickets', coalesce (sum (c.tickets), 0), 'net_cents', coalesce (sum (c.net_cents), 0))
    INTO v_rows, v_totals
  FROM c;
  RETURN ts_report ('sales-over-time', p,
                    CASE WHEN v_performance IS NOT NULL
                         THEN ts_report_columns ('date', 'date', 'days_before', 'count', 'tickets', 'count',
                                                 'cumulative_tickets', 'count', 'net_cents', 'cents',
                                                 'cumulative_cents', 'cents')
                         ELSE ts_report_columns ('date', 'date', 'tickets', 'count', 'cumulative_tickets', 'count',
                                                 'net_cents', 'cents', 'cumulative_cents', 'cents') END,
                    v_rows, v_totals);
END $$;

-- Per price zone of a performance: its seats and places, what is sold and
-- held now.  Another outlet's performance: only the caller's own sales, and
-- nothing held (R2).  p: {outlet_id, performance_id}
CREATE OR REPLACE FUNCTION ts_report_zone_sales (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_performance integer := (p ->> 'performance_id')::integer;
  f record;
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  IF v_performance IS NULL THEN
    PERFORM ts_refuse ('TS400', 'performance_id: required');
  END IF;
  SELECT * INTO f FROM ts_report_performance (v_outlet, v_performance);
  IF f.performance_id IS NULL THEN
    PERFORM ts_refuse ('TS404', format ('No performance %s', v_performance));  -- R2: as unknown
  END IF;
  -- M1: a map's seats and areas are for every outlet to read.
  WITH cap AS (
    SELECT coalesce (s.category, '') AS zone, count (*) AS capacity FROM map_seat s WHERE s.map_id = f.map_id GROUP BY 1
    UNION ALL
    SELECT coalesce (a.category, ''), sum (a.capacity) FROM map_ga_area a WHERE a.map_id = f.map_id GROUP BY 1),
  zones AS (SELECT cap.zone, sum (cap.capacity) AS capacity FROM cap GROUP BY cap.zone),
  sold AS (SELECT x.key_text AS zone, x.sold_now AS sold, x.sold_now_cents AS net_cents
           FROM ts_report_line_groups (v_outlet, NULL, NULL, 'price_zone', NULL, v_performance) x),
  held AS (SELECT coalesce (s.category, '') AS zone, count (*) AS held
           FROM seat_claim c JOIN map_seat s ON s.map_id = f.map_id AND s.guid = c.seat_guid
           WHERE c.performance_id = v_performance AND c.kind = 'held' AND f.owner_outlet_id = v_outlet
           GROUP BY 1),
  r AS (SELECT coalesce (z.zone, so.zone) AS zone, coalesce (z.capacity, 0) AS capacity,
               coalesce (so.sold, 0) AS sold, coalesce (h.held, 0) AS held, coalesce (so.net_cents, 0) AS net_cents
        FROM (SELECT zone, capacity FROM zones) z
        FULL JOIN sold so ON so.zone = z.zone
        LEFT JOIN held h ON h.zone = coalesce (z.zone, so.zone))
  SELECT jsonb_agg (jsonb_build_object ('price_zone', r.zone, 'capacity', r.capacity, 'sold', r.sold, 'held', r.held,
                                        'percent_sold', CASE WHEN r.capacity > 0
                                                             THEN round (r.sold * 100.0 / r.capacity, 1) ELSE 0 END,
                                        'net_cents', r.net_cents) ORDER BY r.zone),
         jsonb_build_object ('capacity', coalesce (sum (r.capacity), 0), 'sold', coalesce (sum (r.sold), 0),
                             'held', coalesce (sum (r.held), 0), 'net_cents', coalesce (sum (r.net_cents), 0))
    INTO v_rows, v_totals
  FROM r;
  RETURN ts_report ('zone-sales', p,
                    ts_report_columns ('price_zone', 'text', 'capacity', 'count', 'sold', 'count', 'held', 'count',
                                       'percent_sold', 'percent', 'net_cents', 'cents'),
                    v_rows, v_totals)
         || jsonb_build_object ('map_id', f.map_id, 'event', f.event, 'starts_at', f.starts_at);
END $$;

-- The outlet's own performances starting in the period: sold against
-- admitted at the door (F4).  p: {outlet_id, from, to, event_id?}
CREATE OR REPLACE FUNCTION ts_report_attendance (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  PERFORM ts_report_check (v_outlet);
  -- MATERIALIZED: r reads admitted five times, and an inlined CTE would
  -- count each performance's admissions five times over.
  WITH a AS MATERIALIZED (
    SELECT e.name AS event, e.id AS event_id, pf.id AS performance_id, pf.starts_at,
           -- T2: the running count the selling functions keep of its tickets sold
           pf.sold,
           (SELECT count (*) FROM order_item i
            WHERE i.performance_id = pf.id AND i.admitted_at IS NOT NULL AND i.status = 'sold') AS admitted
    FROM performance pf JOIN event e ON e.id = pf.event_id
    WHERE pf.outlet_id = v_outlet
      AND pf.starts_at >= ts_report_start (v_outlet, (p ->> 'from')::date)
      AND pf.starts_at < ts_report_start (v_outlet, (p ->> 'to')::date + 1)
      AND ((p ->> 'event_id') IS NULL OR e.id = (p ->> 'event_id')::integer)),
  r AS (SELECT a.*, CASE WHEN a.starts_at <= now () THEN a.sold - a.admitted ELSE 0 END AS no_show FROM a)
  SELECT jsonb_agg (jsonb_build_object ('event', r.event, 'starts_at', r.starts_at, 'sold', r.sold,
                                        'admitted', r.admitted, 'no_show', r.no_show,
                                        'percent_admitted', CASE WHEN r.sold > 0
                                                                 THEN round (r.admitted * 100.0 / r.sold, 1) ELSE 0 END,
                                        'event_id', r.event_id, 'performance_id', r.performance_id)
                    ORDER BY r.starts_at, r.event),
         jsonb_build_object ('sold', coalesce (sum (r.sold), 0), 'admitted', coalesce (sum (r.admitted), 0),
                             'no_show', coalesce (sum (r.no_show), 0))
    INTO v_rows, v_totals
  FROM r;
  RETURN ts_report ('attendance', p,
                    ts_report_columns ('event', 'text', 'starts_at', 'datetime', 'sold', 'count', 'admitted', 'count',
                                       'no_show', 'count', 'percent_admitted', 'percent'),
                    v_rows, v_totals);
END $$;

-- Outlet's own (P4) ----------------------------------------------------------------

-- Donations by fund, month or method.  p: {outlet_id, from, to, group}
CREATE OR REPLACE FUNCTION ts_report_donations (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_group text := coalesce (p ->> 'group', 'fund');
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  PERFORM ts_report_check (v_outlet);
  IF v_group NOT IN ('fund', 'month', 'method') THEN
    PERFORM ts_refuse ('TS400', 'group: one of fund, month, method');
  END IF;
  WITH d AS (
    SELECT CASE v_group WHEN 'fund' THEN d.fund WHEN 'month' THEN to_char (d.donated_on, 'YYYY-MM')
                        ELSE d.method END AS k, d.patron_id, d.amount_cents
    FROM donation d
    WHERE d.outlet_id = v_outlet
      AND d.donated_on BETWEEN (p ->> 'from')::date AND (p ->> 'to')::date),
  g AS (SELECT d.k, count (*) AS donations, count (DISTINCT d.patron_id) AS donors, sum (d.amount_cents) AS amount
        FROM d GROUP BY d.k)
  SELECT (SELECT jsonb_agg (jsonb_build_object (v_group, g.k, 'donations', g.donations, 'donors', g.donors,
                                                'amount_cents', g.amount) ORDER BY g.k) FROM g),
         (SELECT jsonb_build_object ('donations', count (*), 'donors', count (DISTINCT d.patron_id),
                                     'amount_cents', coalesce (sum (d.amount_cents), 0)) FROM d)
    INTO v_rows, v_totals;
  RETURN ts_report ('donations', p,
                    ts_report_columns (v_group, 'text', 'donations', 'count', 'donors', 'count', 'amount_cents', 'cents'),
                    v_rows, v_totals);
END $$;

-- Memberships per level: started, active at some time and ended in the period.
-- p: {outlet_id, from, to}
CREATE OR REPLACE FUNCTION ts_report_memberships (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_from date := (p ->> 'from')::date;
  v_to date := (p ->> 'to')::date;
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  PERFORM ts_report_check (v_outlet);
  WITH g AS (
    SELECT m.level,
           count (*) FILTER (WHERE m.starts_on BETWEEN v_from AND v_to) AS started,
           count (*) AS active,
           count (*) FILTER (WHERE m.ends_on BETWEEN v_from AND v_to) AS ended
    FROM membership m
    WHERE m.outlet_id = v_outlet AND m.starts_on <= v_to AND m.ends_on >= v_from
    GROUP BY m.level)
  SELECT jsonb_agg (jsonb_build_object ('level', g.level, 'started', g.started, 'active', g.active, 'ended', g.ended)
                    ORDER BY g.level),
         jsonb_build_object ('started', coalesce (sum (g.started), 0), 'active', coalesce (sum (g.active), 0),
                             'ended', coalesce (sum (g.ended), 0))
    INTO v_rows, v_totals
  FROM g;
  RETURN ts_report ('memberships', p,
                    ts_report_columns ('level', 'text', 'started', 'count', 'active', 'count', 'ended', 'count'),
                    v_rows, v_totals);
END $$;

-- The outlet's mailing lists and how many of their members a mailing reaches.
-- p: {outlet_id}
CREATE OR REPLACE FUNCTION ts_report_mailing_lists (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  PERFORM ts_report_check (v_outlet);
  WITH m AS (
    SELECT l.id, l.name, mm.patron_id,
           (ts_effective_primary (v_outlet, mm.patron_id, 'email')).contact_point_id IS NOT NULL AS has_email,
           (ts_effective_primary (v_outlet, mm.patron_id, 'address')).contact_point_id IS NOT NULL AS has_address
    FROM mailing_list l LEFT JOIN mailing_list_member mm ON mm.mailing_list_id = l.id
    WHERE l.outlet_id = v_outlet),
  g AS (SELECT m.id, m.name, count (m.patron_id) AS members,
               count (*) FILTER (WHERE m.has_email) AS with_email,
               count (*) FILTER (WHERE m.has_address) AS with_address
        FROM m GROUP BY m.id, m.name)
  SELECT jsonb_agg (jsonb_build_object ('name', g.name, 'members', g.members, 'with_email', g.with_email,
                                        'with_address', g.with_address, 'mailing_list_id', g.id)
                    ORDER BY lower (g.name)),
         jsonb_build_object ('members', coalesce (sum (g.members), 0), 'with_email', coalesce (sum (g.with_email), 0),
                             'with_address', coalesce (sum (g.with_address), 0))
    INTO v_rows, v_totals
  FROM g;
  RETURN ts_report ('mailing-lists', p,
                    ts_report_columns ('name', 'text', 'members', 'count', 'with_email', 'count', 'with_address', 'count'),
                    v_rows, v_totals);
END $$;

-- One mailing list's members with the outlet's primary e-mail and address
-- (P2).  p: {outlet_id, mailing_list_id}
CREATE OR REPLACE FUNCTION ts_report_mailing_list (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_list integer := (p ->> 'mailing_list_id')::integer;
  v_name text;
  v_rows jsonb;
BEGIN
  PERFORM ts_report_check (v_outlet);
  SELECT l.name INTO v_name FROM mailing_list l WHERE l.id = v_list AND l.outlet_id = v_outlet;
  IF v_name IS NULL THEN
    PERFORM ts_refuse ('TS404', format ('No mailing list %s', v_list));  -- P4: another outlet's is unknown
  END IF;
  SELECT jsonb_agg (jsonb_build_object ('patron_id', mm.patron_id) || ts_report_mailing_fields (v_outlet, mm.patron_id)
                    ORDER BY ts_patron_name (mm.patron_id), mm.patron_id)
    INTO v_rows
  FROM mailing_list_member mm WHERE mm.mailing_list_id = v_list;
  RETURN ts_report ('mailing-list', p,
                    ts_report_columns ('name', 'text', 'email', 'text', 'address_line1', 'text', 'address_line2', 'text',
                                       'city', 'text', 'region', 'text', 'postal_code', 'text', 'country', 'text'),
                    v_rows, jsonb_build_object ('members', jsonb_array_length (coalesce (v_rows, '[]'))))
         || jsonb_build_object ('mailing_list', v_name);
END $$;

-- Sales by channel (R2 as for sales).  p: {outlet_id, from, to}
CREATE OR REPLACE FUNCTION ts_report_channels (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_rows jsonb;
  v_totals jsonb;
BEGIN
  WITH g AS (SELECT x.key_text AS channel, x.orders, x.tickets, x.gross_cents - x.refunds_cents AS net_cents
             FROM ts_report_line_groups (v_outlet, (p ->> 'from')::date, (p ->> 'to')::date, 'channel') x)
  SELECT jsonb_agg (jsonb_build_object ('channel', g.channel, 'orders', g.orders, 'tickets', g.tickets,
                                        'net_cents', g.net_cents) ORDER BY g.channel),
         jsonb_build_object ('orders', coalesce (sum (g.orders), 0), 'tickets', coalesce (sum (g.tickets), 0),
                             'net_cents', coalesce (sum (g.net_cents), 0))
    INTO v_rows, v_totals
  FROM g;
  RETURN ts_report ('channels', p,
                    ts_report_columns ('channel', 'text', 'orders', 'count', 'tickets', 'count', 'net_cents', 'cents'),
                    v_rows, v_totals);
END $$;

-- The end of the day (A4) ---------------------------------------------------------

-- A closed till as the API shows it.
CREATE OR REPLACE FUNCTION ts_till_closing_json (c till_closing) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object ('id', c.id, 'date', c.business_date, 'employee_id', c.employee_id,
                             'expected', c.expected, 'counted', c.counted, 'over_short_cents', c.over_short_cents,
                             'note', c.note, 'closed_at', c.closed_at, 'closed_by', c.closed_by)
$$;

-- A4: closes one employee's till for a day: what the payments recorded say
-- it holds, by method, against what was counted.  Walk-up Sales close their
-- own; Box Office and up any of the outlet's (C4).  Once only.
-- p: {outlet_id, date, employee_id?, counted: {method: cents}, note?}
CREATE OR REPLACE FUNCTION ts_till_close (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_day date := (p ->> 'date')::date;
  v_employee integer := coalesce ((p ->> 'employee_id')::integer, ts_ctx_employee ());
  v_till jsonb;
  v_expected jsonb;
  v_counted jsonb := p -> 'counted';
  c till_closing;
BEGIN
  PERFORM ts_report_check (v_outlet, 'walkup');
  IF v_employee IS NULL OR NOT EXISTS (SELECT 1 FROM employee e WHERE e.id = v_employee AND e.outlet_id = v_outlet) THEN
    PERFORM ts_refuse ('TS400', 'employee_id: no such employee');
  END IF;
  IF v_employee IS DISTINCT FROM ts_ctx_employee () AND ts_ctx_rank () < ts_level_rank ('box_office') THEN
    PERFORM ts_refuse ('TS403', 'Walk-up Sales close their own till only');  -- C4
  END IF;
  SELECT * INTO c FROM till_closing t
  WHERE t.outlet_id = v_outlet AND t.employee_id = v_employee AND t.business_date = v_day;
  IF c.id IS NOT NULL THEN
    PERFORM ts_refuse ('TS409', ts_till_closed_message (c));
  END IF;
  SELECT x INTO v_till FROM jsonb_array_elements (ts_till_report (jsonb_build_object ('outlet_id', v_outlet, 'date', v_day))
                                                  -> 'employees') x
  WHERE (x ->> 'employee_id')::integer = v_employee;
  v_expected := coalesce (v_till -> 'by_method', '{}');
  BEGIN
    INSERT INTO till_closing (outlet_id, employee_id, business_date, expected, counted, over_short_cents, note, closed_by)
      VALUES (v_outlet, v_employee, v_day, v_expected, v_counted,
              (SELECT coalesce (sum (value::bigint), 0) FROM jsonb_each_text (v_counted))
              - (SELECT coalesce (sum (value::bigint), 0) FROM jsonb_each_text (v_expected)),
              coalesce (p ->> 'note', ''), ts_ctx_employee ())
      RETURNING * INTO c;
  EXCEPTION WHEN unique_violation THEN
    -- closed by another request at the same moment
    SELECT * INTO c FROM till_closing t
    WHERE t.outlet_id = v_outlet AND t.employee_id = v_employee AND t.business_date = v_day;
    PERFORM ts_refuse ('TS409', ts_till_closed_message (c));
  END;
  RETURN ts_till_closing_json (c);
END $$;

CREATE OR REPLACE FUNCTION ts_till_closed_message (c till_closing) RETURNS text
  LANGUAGE sql STABLE
  AS $$
  SELECT format ('This till was already closed at %s by %s',
                 to_char (c.closed_at AT TIME ZONE (SELECT time_zone FROM outlet WHERE id = c.outlet_id), 'HH24:MI'),
                 coalesce ((SELECT ts_patron_name (e.patron_id) FROM employee e WHERE e.id = c.closed_by),
                           'the Master User'))
$$;

-- A4: every till of the day (a Walk-up agent's own only, as the till report
-- shows them) with its closing, and the day's summary.  p: {outlet_id, date}
CREATE OR REPLACE FUNCTION ts_report_end_of_day (p jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  v_outlet integer := (p ->> 'outlet_id')::integer;
  v_day date := (p ->> 'date')::date;
  v_start timestamptz := ts_report_start (v_outlet, v_day);
  v_end timestamptz := ts_report_start (v_outlet, v_day + 1);
  v_own_only boolean := ts_ctx_rank () < ts_level_rank ('box_office');
  v_till jsonb;
  v_tills jsonb;
  v_tills_totals jsonb;
  v_summary jsonb;
BEGIN
  PERFORM ts_report_check (v_outlet, 'walkup');
  v_till := ts_till_report (jsonb_build_object ('outlet_id', v_outlet, 'date', v_day)) -> 'employees';
  WITH t AS (
    SELECT x ->> 'name' AS employee, (x ->> 'employee_id')::integer AS employee_id,
           (x ->> 'taken_cents')::bigint AS taken, (x ->> 'sales_cents')::bigint AS sales,
           (x ->> 'refunds_cents')::bigint AS refunds, (x ->> 'balanced')::boolean AS balanced,
           c.closed_at, (SELECT sum (value::bigint) FROM jsonb_each_text (c.counted)) AS counted, c.over_short_cents
    FROM jsonb_array_elements (v_till) x
    LEFT JOIN till_closing c ON c.outlet_id = v_outlet AND c.business_date = v_day
                            AND c.employee_id = (x ->> 'employee_id')::integer)
  SELECT jsonb_agg (jsonb_build_object ('employee', coalesce (t.employee, ''), 'taken_cents', t.taken,
                                        'sales_cents', t.sales, 'refunds_cents', t.refunds,
                                        'balanced', CASE WHEN t.balanced THEN 'yes' ELSE 'no' END,
                                        'closed_at', t.closed_at, 'counted_cents', t.counted,
                                        'over_short_cents', t.over_short_cents, 'employee_id', t.employee_id)
                    ORDER BY t.employee, t.employee_id),
         jsonb_build_object ('taken_cents', coalesce (sum (t.taken), 0), 'sales_cents', coalesce (sum (t.sales), 0),
                             'refunds_cents', coalesce (sum (t.refunds), 0),
                             'counted_cents', coalesce (sum (t.counted), 0),
                             'over_short_cents', coalesce (sum (t.over_short_cents), 0))
    INTO v_tills, v_tills_totals
  FROM t;
  -- The outlet's own orders, refunds and tills of the day (a Walk-up agent's own).
  WITH o AS (SELECT o.id FROM ticket_order o
             WHERE o.outlet_id = v_outlet AND o.created_at >= v_start AND o.created_at < v_end
               AND (NOT v_own_only OR o.employee_id = ts_ctx_employee ())),
  i AS (SELECT count (*) AS tickets, coalesce (sum (i.price_cents), 0) AS gross
        FROM order_item i WHERE i.order_id IN (SELECT id FROM o)),
  r AS (SELECT coalesce (sum (r.amount_cents), 0) AS refunds, count (*) AS n FROM refund r
        WHERE r.outlet_id = v_outlet AND r.created_at >= v_start AND r.created_at < v_end
          AND (NOT v_own_only OR r.employee_id = ts_ctx_employee ())),
  pm AS (SELECT y.method, sum (y.amount_cents) AS amount, count (*) AS n FROM payment y
         WHERE y.outlet_id = v_outlet AND y.created_at >= v_start AND y.created_at < v_end
           AND (NOT v_own_only OR y.employee_id = ts_ctx_employee ())
         GROUP BY y.method),
  dn AS (SELECT coalesce (sum (d.amount_cents), 0) AS amount, count (*) AS n FROM donation d
         WHERE d.outlet_id = v_outlet AND d.donated_on = v_day
           AND (NOT v_own_only OR d.employee_id = ts_ctx_employee ())),
  lines AS (
    SELECT 1 AS n, 'orders' AS item, NULL::bigint AS amount, (SELECT count (*) FROM o) AS count
    UNION ALL SELECT 2, 'tickets', NULL, (SELECT tickets FROM i)
    UNION ALL SELECT 3, 'gross', (SELECT gross FROM i), (SELECT tickets FROM i)
    UNION ALL SELECT 4, 'refunds', (SELECT refunds FROM r), (SELECT n FROM r)
    UNION ALL SELECT 5, 'net', (SELECT gross FROM i) - (SELECT refunds FROM r), NULL
    UNION ALL SELECT 6, 'payment:' || pm.method, pm.amount, pm.n FROM pm
    UNION ALL SELECT 7, 'donations', (SELECT amount FROM dn), (SELECT n FROM dn))
  SELECT jsonb_agg (jsonb_strip_nulls (jsonb_build_object ('item', l.item, 'amount_cents', l.amount, 'count', l.count))
                    ORDER BY l.n, l.item)
    INTO v_summary
  FROM lines l;
  RETURN jsonb_build_object (
    'report', 'end-of-day', 'outlet_id', v_outlet, 'date', v_day,
    'tills', ts_report ('end-of-day-tills', p,
                        ts_report_columns ('employee', 'text', 'taken_cents', 'cents', 'sales_cents', 'cents',
                                           'refunds_cents', 'cents', 'balanced', 'text', 'closed_at', 'datetime',
                                           'counted_cents', 'cents', 'over_short_cents', 'cents'),
                        v_tills, v_tills_totals),
    'summary', ts_report ('end-of-day-summary', p,
                          ts_report_columns ('item', 'text', 'amount_cents', 'cents', 'count', 'count'),
                          v_summary, NULL));
END $$;

REVOKE EXECUTE ON FUNCTION ts_report_line_groups (integer, date, date, text, integer, integer),
                           ts_report_performance (integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_report_line_groups (integer, date, date, text, integer, integer),
                          ts_report_performance (integer, integer) TO tessera_app;
