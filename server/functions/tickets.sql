-- tickets.sql — ticket numbers and the outlets' signing keys (rule F5, issue 12)
--
-- after: 023 — before 024, whose trigger calls ts_ticket_number_assign.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- F5: the owning outlet's next ticket number.  The counter row is locked until
-- the sale commits, so two sales for one owner take 41 and 42, never the same;
-- a sale that rolls back leaves its number unused rather than give it twice.
CREATE OR REPLACE FUNCTION ts_ticket_number_assign () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  INSERT INTO ticket_counter AS c (outlet_id, last_number) VALUES (NEW.owner_outlet_id, 1)
    ON CONFLICT (outlet_id) DO UPDATE SET last_number = c.last_number + 1
    RETURNING c.last_number INTO NEW.ticket_number;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION ts_ticket_number_assign () FROM PUBLIC;

-- F5: an outlet's key pair seed and public key, for the server's signer
-- (server/tickets/ts-ticket-signer.c) only: a ticket sold by one outlet for
-- another's event is signed with the owner's key (F2).  No route returns the
-- seed.
CREATE OR REPLACE FUNCTION ts_ticket_key (p_outlet integer)
  RETURNS TABLE (seed bytea, public_key bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT k.seed, k.public_key FROM ticket_key k WHERE k.outlet_id = p_outlet $$;
REVOKE ALL ON FUNCTION ts_ticket_key (integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_ticket_key (integer) TO tessera_app;

-- F5: the server makes an outlet's key the first time it signs for it (the
-- seed comes from libsodium's generator).  Two first signings at once keep the
-- key stored first; audited.
CREATE OR REPLACE FUNCTION ts_ticket_key_create (p_outlet integer, p_seed bytea, p_public bytea) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM outlet WHERE id = p_outlet) THEN
    PERFORM ts_refuse ('TS404', 'No such outlet');
  END IF;
  INSERT INTO ticket_key (outlet_id, seed, public_key) VALUES (p_outlet, p_seed, p_public)
    ON CONFLICT (outlet_id) DO NOTHING;
  IF FOUND THEN
    PERFORM ts_audit ('create', 'ticket_key', p_outlet::text, p_outlet, NULL,
                      jsonb_build_object ('public_key', encode (p_public, 'base64')));
  END IF;
END $$;
REVOKE ALL ON FUNCTION ts_ticket_key_create (integer, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_ticket_key_create (integer, bytea, bytea) TO tessera_app;
