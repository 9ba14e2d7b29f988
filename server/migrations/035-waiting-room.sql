-- 035-waiting-room.sql — the storefront's waiting room for on-sale rushes
-- (issue 14; docs/architecture.md, "The on-sale rush"): one row per visitor
-- in line or admitted at a storefront.  The line lives in the database so
-- that several servers share one line (issue 15); the row's id, from one
-- sequence, is the visitor's arrival number (first come, first served), and
-- admitted_seq the order in which places were given.  Written only by the
-- SECURITY DEFINER functions of server/functions/shop-waiting-room.sql.
CREATE TABLE waiting_room (
  id             bigserial PRIMARY KEY,                       -- arrival order
  outlet_id      integer NOT NULL REFERENCES outlet (id),     -- the storefront
  token_hash     text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),  -- SHA-256 of the ts_queue cookie
  web_session_id uuid REFERENCES web_session (id) ON DELETE SET NULL,  -- once the visitor has one
  arrived_at     timestamptz NOT NULL DEFAULT now (),
  last_seen_at   timestamptz NOT NULL DEFAULT now (),
  admitted_at    timestamptz,
  admitted_seq   bigint,
  had_cart       boolean NOT NULL DEFAULT false                 -- held seats since it was let in
);
CREATE SEQUENCE waiting_room_admitted_seq;
CREATE UNIQUE INDEX waiting_room_token ON waiting_room (outlet_id, token_hash);
CREATE INDEX waiting_room_line ON waiting_room (outlet_id, id) WHERE admitted_at IS NULL;
CREATE INDEX waiting_room_in ON waiting_room (outlet_id) WHERE admitted_at IS NOT NULL;
ALTER TABLE waiting_room ENABLE ROW LEVEL SECURITY;     -- no policy: the app role sees nothing
