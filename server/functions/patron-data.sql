-- patron-data.sql — each outlet's own data about a patron, never shared
-- (rule P4): what its triggers keep.
--
-- after: 001 — before 002, whose trigger calls it.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- A member's outlet is always its list's outlet.
CREATE OR REPLACE FUNCTION ts_mailing_list_member_outlet () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  SELECT outlet_id INTO NEW.outlet_id FROM mailing_list WHERE id = NEW.mailing_list_id;
  RETURN NEW;
END $$;
