-- 024-ticket-numbers-and-keys.sql — every ticket's number and barcode version,
-- and each outlet's signing key (rule F5, issue 12)
--
-- A ticket (an order item with a performance) takes the next number of its
-- owning outlet when it is sold: sequential per outlet, never reused, since a
-- number is never given back (ts_ticket_number_assign, functions/tickets.sql).
-- Its barcode (common/ts-ticket-code.c) is the owner's Ed25519 signature over
-- outlet, number and barcode version; a reprint or a seat move raises the
-- version, so the old paper stops admitting, and a refunded item admits under
-- no version.  The seed of each outlet's key pair never leaves the server:
-- the app reads it only through ts_ticket_key (SECURITY DEFINER), and no route
-- returns it.

CREATE TABLE ticket_counter (
  outlet_id   integer PRIMARY KEY REFERENCES outlet (id),
  last_number bigint NOT NULL CHECK (last_number >= 0)
);

ALTER TABLE order_item
  ADD COLUMN ticket_number   bigint CHECK (ticket_number >= 1),
  ADD COLUMN barcode_version integer NOT NULL DEFAULT 1 CHECK (barcode_version >= 1),
  ADD COLUMN reprint_count   integer NOT NULL DEFAULT 0 CHECK (reprint_count >= 0);

-- The tickets sold before this migration, numbered in the order they were sold.
UPDATE order_item i SET ticket_number = n.number
  FROM (SELECT id, row_number () OVER (PARTITION BY owner_outlet_id ORDER BY id) AS number
          FROM order_item WHERE performance_id IS NOT NULL) n
 WHERE n.id = i.id;
INSERT INTO ticket_counter (outlet_id, last_number)
  SELECT owner_outlet_id, max (ticket_number) FROM order_item
   WHERE ticket_number IS NOT NULL GROUP BY owner_outlet_id;

CREATE UNIQUE INDEX order_item_ticket_number ON order_item (owner_outlet_id, ticket_number);
ALTER TABLE order_item ADD CONSTRAINT order_item_ticket_numbered
  CHECK ((performance_id IS NULL) = (ticket_number IS NULL));

CREATE TRIGGER order_item_ticket_number BEFORE INSERT ON order_item
  FOR EACH ROW WHEN (NEW.performance_id IS NOT NULL) EXECUTE FUNCTION ts_ticket_number_assign ();

CREATE TABLE ticket_key (
  outlet_id  integer PRIMARY KEY REFERENCES outlet (id),
  seed       bytea NOT NULL CHECK (octet_length (seed) = 32),
  public_key bytea NOT NULL CHECK (octet_length (public_key) = 32),
  created_at timestamptz NOT NULL DEFAULT now ()
);

ALTER TABLE ticket_counter ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_counter_own ON ticket_counter FOR SELECT USING (ts_ctx_sees (outlet_id));
ALTER TABLE ticket_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_key_own ON ticket_key FOR SELECT USING (ts_ctx_sees (outlet_id));

GRANT SELECT ON ticket_counter TO tessera_app;
GRANT SELECT (outlet_id, public_key, created_at) ON ticket_key TO tessera_app;
