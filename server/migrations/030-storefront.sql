-- 030-storefront.sql — what every part of the web storefront shares (rules F3,
-- F6, F7, E2, S1, S2, P4, P5; issue 14): an outlet's storefront settings, the
-- permission to be sold online by other outlets' storefronts, patrons' web
-- accounts and the storefront's sessions, and what ties a cart or an order
-- to them.  docs/architecture.md ("The web storefront") tells how a
-- storefront request runs.
--
-- The application role reads none of web_account and web_session: the
-- storefront reaches them only through SECURITY DEFINER functions
-- (server/functions/shop*.sql) that apply F6/F7 and the patron's own scope.

-- F3: an outlet's storefront.  Off by default; the host name maps a site of
-- its own (shop.example.org) onto /shop/<code>/.
ALTER TABLE outlet
  ADD COLUMN web_enabled      boolean NOT NULL DEFAULT false,
  ADD COLUMN web_host         text CHECK (web_host ~ '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$'),
  ADD COLUMN web_colour       text NOT NULL DEFAULT '#1d4f91' CHECK (web_colour ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN web_intro_en     text NOT NULL DEFAULT '' CHECK (length (web_intro_en) <= 2000),
  ADD COLUMN web_intro_fr     text NOT NULL DEFAULT '' CHECK (length (web_intro_fr) <= 2000),
  -- patrons may cancel or exchange their own web orders until this many
  -- hours before the performance; NULL (the default): never online
  ADD COLUMN web_cancel_hours integer CHECK (web_cancel_hours BETWEEN 1 AND 8760);
CREATE UNIQUE INDEX outlet_web_host ON outlet (web_host) WHERE web_host IS NOT NULL;

-- F3, E3: other outlets' storefronts may sell this performance (for the
-- outlets E3 permits, inside both the other-outlets and the internet
-- windows).  Off by default.
ALTER TABLE performance ADD COLUMN online_at_other_outlets boolean NOT NULL DEFAULT false;

-- F6: a patron's web account, one per person, valid at every storefront.
-- The e-mail is the sign-in name; the password is hashed as employees' are
-- (pgcrypto bcrypt).
CREATE TABLE web_account (
  id              bigserial PRIMARY KEY,
  patron_id       bigint NOT NULL UNIQUE REFERENCES patron (id),
  email           text NOT NULL CHECK (length (email) BETWEEN 3 AND 254),
  password_hash   text NOT NULL,
  failed_count    integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now (),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX web_account_email ON web_account (lower (email));
ALTER TABLE web_account ENABLE ROW LEVEL SECURITY;     -- no policy: the app role sees nothing
CREATE TRIGGER web_account_audit AFTER INSERT OR UPDATE OR DELETE ON web_account
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ();

-- A visitor of one storefront: the cookie's SHA-256, the storefront, the
-- account once signed in.  Made on the first request that needs one (a
-- hold, a sign-in), never by a plain page view.
CREATE TABLE web_session (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  token_hash   text NOT NULL UNIQUE,
  outlet_id    integer NOT NULL REFERENCES outlet (id),
  account_id   bigint REFERENCES web_account (id),
  created_at   timestamptz NOT NULL DEFAULT now (),
  last_seen_at timestamptz NOT NULL DEFAULT now (),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
CREATE INDEX web_session_expires ON web_session (expires_at);
CREATE INDEX web_session_account ON web_session (account_id);
ALTER TABLE web_session ENABLE ROW LEVEL SECURITY;     -- no policy: the app role sees nothing

-- S1: a storefront's cart belongs to its web session (no employee).
ALTER TABLE cart ADD COLUMN web_session_id uuid REFERENCES web_session (id);
CREATE INDEX cart_web_session ON cart (web_session_id) WHERE web_session_id IS NOT NULL;

-- P5, F6: a web order is opened by its buyer with a secret link (guests) or
-- from the account; the link's SHA-256 is kept, never the link.
ALTER TABLE ticket_order ADD COLUMN web_session_id uuid REFERENCES web_session (id),
                         ADD COLUMN web_access_hash text;
CREATE UNIQUE INDEX ticket_order_web_access ON ticket_order (web_access_hash) WHERE web_access_hash IS NOT NULL;

-- The storefront's list and availability answer from indexes: the
-- performances inside their internet window.
CREATE INDEX performance_internet ON performance (internet_on_sale, starts_at) WHERE internet_on_sale IS NOT NULL;

-- The application role edits an outlet's storefront settings (its
-- administrator, through PATCH /outlets/{id}) and a performance's permission.
GRANT UPDATE (online_at_other_outlets) ON performance TO tessera_app;
GRANT USAGE ON SEQUENCE web_account_id_seq TO tessera_app;
