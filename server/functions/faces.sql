-- faces.sql — ticket faces (rules F1, F2): the default face every outlet
-- starts with, and the tickets of an order as their faces print them.
--
-- after: 023 — before 025, which gives each outlet its default face and
-- attaches ts_outlet_default_face.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

CREATE OR REPLACE FUNCTION ts_face_default_name () RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT 'Ticket with stub (8 × 3.25 in)' $$;

-- F1: the face every outlet has from the first run: 8 × 3.25 in thermal
-- stock with a stub (the owner, the event, when and where, the place in big
-- type, ticket type and price, patron, order and ticket numbers, the seller,
-- the QR code).  The editor's other stock faces are in data/faces/.
CREATE OR REPLACE FUNCTION ts_face_default_svg () RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $svg$ SELECT $face$
<svg xmlns="http://www.w3.org/2000/svg" width="203.2mm" height="82.55mm" viewBox="0 0 203.2 82.55" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
  <title>Ticket with stub, 8 × 3.25 in</title>
  <defs>
    <clipPath id="body"><rect x="0" y="0" width="148" height="82.55"/></clipPath>
    <clipPath id="stub"><rect x="152" y="0" width="49" height="82.55"/></clipPath>
  </defs>
  <rect width="203.2" height="82.55" fill="#ffffff"/>
  <g clip-path="url(#body)">
    <rect width="150" height="15" fill="#1f2a44"/>
    <image x="4" y="2.5" width="10" height="10" preserveAspectRatio="xMidYMid meet" href="{{owner_logo}}"/>
    <text x="17" y="9.4" font-size="5" font-weight="bold" fill="#ffffff">{{owner}}</text>
    <text x="145" y="9.2" font-size="2.8" fill="#c9d1e3" text-anchor="end">Sold by · Vendu par {{seller}}</text>
    <text x="6" y="26.5" font-size="8" font-weight="bold" fill="#1f2a44">{{event}}</text>
    <text x="6" y="34.5" font-size="5" fill="#222222">{{performance_date}}  ·  {{performance_time}}</text>
    <text x="6" y="41" font-size="3.6" fill="#555555">{{venue}}</text>
    <text data-if="section" x="6" y="50" font-size="2.6" fill="#666666" letter-spacing="0.3">SECTION</text>
    <text data-if="area" x="6" y="50" font-size="2.6" fill="#666666" letter-spacing="0.3">AREA · ZONE</text>
    <text x="6" y="60" font-size="8.5" font-weight="bold" fill="#111111">{{section}}{{area}}</text>
    <text data-if="row" x="72" y="50" font-size="2.6" fill="#666666" letter-spacing="0.3">ROW · RANGÉE</text>
    <text x="72" y="60" font-size="8.5" font-weight="bold" fill="#111111">{{row}}</text>
    <text data-if="seat" x="100" y="50" font-size="2.6" fill="#666666" letter-spacing="0.3">SEAT · SIÈGE</text>
    <text x="100" y="60" font-size="8.5" font-weight="bold" fill="#111111">{{seat}}</text>
    <line x1="6" y1="64.5" x2="145" y2="64.5" stroke="#d0d4dc" stroke-width="0.3"/>
    <text x="6" y="71" font-size="3.8" fill="#222222">{{patron}}</text>
    <text x="6" y="77.5" font-size="2.8" fill="#555555">Order {{order_number}}  ·  Ticket {{ticket_number}}</text>
    <text x="145" y="71" font-size="3.4" fill="#222222" text-anchor="end">{{ticket_type}}</text>
    <text x="145" y="78" font-size="5" font-weight="bold" fill="#111111" text-anchor="end">{{price}}</text>
    <rect x="124" y="45" width="21" height="15" rx="1.5" fill="none" stroke="#1f2a44" stroke-width="0.4"/>
    <text x="134.5" y="57" font-size="10" font-weight="bold" fill="#1f2a44" text-anchor="middle">{{display_letter}}</text>
  </g>
  <line x1="150.6" y1="0" x2="150.6" y2="82.55" stroke="#9aa0aa" stroke-width="0.3" stroke-dasharray="1.2 1.2"/>
  <rect id="barcode" x="156.6" y="3" width="41" height="41" fill="#eef0f4"/>
  <g clip-path="url(#stub)">
    <text x="154" y="50" font-size="3.2" font-weight="bold" fill="#1f2a44">{{event}}</text>
    <text x="154" y="55" font-size="2.8" fill="#222222">{{performance_date}} {{performance_time}}</text>
    <text x="154" y="61.5" font-size="3.4" font-weight="bold" fill="#111111">{{place}}</text>
    <text x="154" y="67" font-size="2.8" fill="#222222">{{ticket_type}}  {{price}}</text>
    <text x="154" y="73" font-size="2.6" fill="#555555">Ticket {{ticket_number}}</text>
    <text x="154" y="78" font-size="2.6" fill="#555555">{{owner}}</text>
  </g>
</svg>
$face$ $svg$;

-- F1: a new outlet gets its default face with its first row.
CREATE OR REPLACE FUNCTION ts_outlet_default_face () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  INSERT INTO ticket_face (outlet_id, name, svg, is_default, width_mm, height_mm)
    VALUES (NEW.id, ts_face_default_name (), ts_face_default_svg (), true, 203.2, 82.55);
  RETURN NULL;
END $$;

REVOKE EXECUTE ON FUNCTION ts_outlet_default_face () FROM PUBLIC;
