-- 033-web-accounts-and-mail.sql — patrons' web accounts (F6, F7, C6, R1) and
-- the outgoing mail queue; issue 14.  docs/architecture.md ("The web
-- storefront", "Mail") tells how they are used.
--
-- None of these tables is readable by the application role (RLS on, no
-- policy): only the SECURITY DEFINER functions of
-- server/functions/shop-accounts.sql and mail.sql use them.

-- R1: web_account's row audit leaves the password hash out, as employee's does
-- (030 audited it whole).
DROP TRIGGER web_account_audit ON web_account;
CREATE TRIGGER web_account_audit AFTER INSERT OR UPDATE OR DELETE ON web_account
  FOR EACH ROW EXECUTE FUNCTION ts_audit_row ('password_hash');

-- Mail waiting to be sent, written in the same transaction as what causes it
-- (a sign-up, a reset, an order), sent by TsMailQueue (server/mail/) over
-- SMTP.  A row is claimed with FOR UPDATE SKIP LOCKED for the time of its
-- sending, so two servers never send it twice and a server that dies while
-- sending leaves it to the next.  The text is final: written in the
-- patron's storefront language when queued.
CREATE TABLE mail_queue (
  id              bigserial PRIMARY KEY,
  outlet_id       integer REFERENCES outlet (id),        -- the storefront it is from
  recipient       text NOT NULL CHECK (recipient ~ '^[^\s<>@]+@[^\s<>@]+$' AND length (recipient) <= 254),
  subject         text NOT NULL CHECK (length (subject) BETWEEN 1 AND 200 AND subject !~ '[\r\n]'),
  body            text NOT NULL CHECK (length (body) <= 100000),
  lang            text NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'fr')),
  created_at      timestamptz NOT NULL DEFAULT now (),
  next_attempt_at timestamptz NOT NULL DEFAULT now (),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  sent_at         timestamptz,
  failed_at       timestamptz                             -- given up after a day of failures
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
ALTER TABLE mail_queue ENABLE ROW LEVEL SECURITY;      -- no policy: the app role sees nothing

-- F6, F7: one-use links sent by mail — a sign-up to confirm (the account is
-- made only then, so a sign-up never tells whether the address had one) or
-- a password to reset.  The link's SHA-256 is kept, never the link.
CREATE TABLE web_token (
  token_hash  text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('sign_up', 'reset')),
  outlet_id   integer NOT NULL REFERENCES outlet (id),
  account_id  bigint REFERENCES web_account (id),          -- reset
  email       text NOT NULL,
  pending     jsonb,                                        -- sign_up: names and the password's hash
  created_at  timestamptz NOT NULL DEFAULT now (),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  CHECK ((kind = 'reset') = (account_id IS NOT NULL))
);
CREATE INDEX web_token_expires ON web_token (expires_at);
CREATE INDEX web_token_email ON web_token (lower (email), created_at);
ALTER TABLE web_token ENABLE ROW LEVEL SECURITY;

-- C6, F7: bad passwords and mails asked for, counted per e-mail as typed and
-- per source address, whether or not an account exists, so that waits never
-- tell which addresses have one.  key: 'email:<lower e-mail>' or
-- 'source:<address or IPv6 /64>'.
CREATE TABLE web_sign_in_throttle (
  key             text PRIMARY KEY,
  failures        integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL DEFAULT now (),
  retry_at        timestamptz
);
CREATE INDEX web_sign_in_throttle_stale ON web_sign_in_throttle (last_failure_at);
ALTER TABLE web_sign_in_throttle ENABLE ROW LEVEL SECURITY;
