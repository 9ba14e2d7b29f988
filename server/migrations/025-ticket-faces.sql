-- 025-ticket-faces.sql — ticket faces (rules F1, F2): an outlet's SVG
-- templates, the face each event prints with, and the outlet's logo
--
-- A face belongs to one outlet and is never shared (F1): row-level security
-- shows it to its outlet and the Master User only.  A ticket prints with the
-- face of the outlet that owns its event (F2), which the selling outlet reads
-- only through ts_order_tickets (server/functions/faces.sql).  Every outlet
-- has one default face from the start, and a new outlet gets one
-- (ts_outlet_default_face).

CREATE TABLE ticket_face (
  id          serial PRIMARY KEY,
  outlet_id   integer NOT NULL REFERENCES outlet (id),
  name        text NOT NULL CHECK (length (name) BETWEEN 1 AND 120),
  svg         text NOT NULL CHECK (octet_length (svg) <= 1048576),
  is_default  boolean NOT NULL DEFAULT false,
  -- its printed size, read from the SVG when it is stored (common/faces)
  width_mm    numeric(7,2) NOT NULL CHECK (width_mm > 0),
  height_mm   numeric(7,2) NOT NULL CHECK (height_mm > 0),
  copied_from integer REFERENCES ticket_face (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now (),
  updated_at  timestamptz NOT NULL DEFAULT now ()
);
CREATE UNIQUE INDEX ticket_face_one_default ON ticket_face (outlet_id) WHERE is_default;
CREATE UNIQUE INDEX ticket_face_name_key ON ticket_face (outlet_id, lower (name));
-- what event.face_id refers to: a face of the event's own outlet (F1)
CREATE UNIQUE INDEX ticket_face_owner ON ticket_face (id, outlet_id);

CREATE TRIGGER ticket_face_touch BEFORE UPDATE ON ticket_face FOR EACH ROW EXECUTE FUNCTION ts_touch_updated_at ();
CREATE TRIGGER ticket_face_audit AFTER INSERT OR UPDATE OR DELETE ON ticket_face
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

-- NULL: the owner's default face.
ALTER TABLE event ADD COLUMN face_id integer,
  ADD CONSTRAINT event_face_of_owner FOREIGN KEY (face_id, outlet_id) REFERENCES ticket_face (id, outlet_id);
CREATE INDEX event_face ON event (face_id) WHERE face_id IS NOT NULL;

-- The logo a face shows with {{owner_logo}}: a data: URI (PNG or SVG).
ALTER TABLE outlet ADD COLUMN logo text CHECK (length (logo) <= 262144);

ALTER TABLE ticket_face ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_face_own ON ticket_face FOR ALL
  USING (ts_ctx_sees (outlet_id)) WITH CHECK (ts_ctx_sees (outlet_id));
GRANT SELECT, INSERT, DELETE ON ticket_face TO tessera_app;
GRANT UPDATE (name, svg, is_default, width_mm, height_mm) ON ticket_face TO tessera_app;
GRANT UPDATE (face_id) ON event TO tessera_app;
GRANT USAGE ON SEQUENCE ticket_face_id_seq TO tessera_app;

INSERT INTO ticket_face (outlet_id, name, svg, is_default, width_mm, height_mm)
  SELECT id, ts_face_default_name (), ts_face_default_svg (), true, 203.2, 82.55 FROM outlet;

CREATE TRIGGER outlet_default_face AFTER INSERT ON outlet
  FOR EACH ROW EXECUTE FUNCTION ts_outlet_default_face ();
