-- mail.sql — the outgoing mail queue (issue 14; R1): what a storefront step
-- queues in its own transaction, and what TsMailQueue (server/mail/) claims,
-- marks sent or puts back with a back-off.
--
-- after: 033 — mail_queue, whose rows these return.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.
--
-- The application role reads no mail_queue row (migration 033): these are
-- security definers, and the sender's connection sets no outlet.

-- Queues one message from the request's storefront (its outlet, when set).
-- The text is final, already in the patron's language; TsMailQueue is woken
-- by the NOTIFY once the transaction commits, and a rolled back transaction
-- leaves no mail (R1: the audit says to whom and what, never the body, which
-- may carry a one-use link).
CREATE OR REPLACE FUNCTION ts_mail_enqueue (p_recipient text, p_subject text, p_body text, p_lang text)
  RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_id bigint;
BEGIN
  INSERT INTO mail_queue (outlet_id, recipient, subject, body, lang)
  VALUES (ts_ctx_outlet (), p_recipient, p_subject, p_body, coalesce (p_lang, 'en'))
  RETURNING id INTO v_id;
  PERFORM ts_audit ('mail_queued', 'mail', v_id::text, ts_ctx_outlet (), NULL,
                    jsonb_build_object ('recipient', p_recipient, 'subject', p_subject));
  PERFORM pg_notify ('tessera_mail', v_id::text);
  RETURN v_id;
END $$;

-- The next message due, locked for the rest of the caller's transaction;
-- one that another server is sending is skipped (SKIP LOCKED), so no message
-- is sent twice by two servers, and one whose sender died is due again at
-- once (its lock died with it).  No row: nothing is due.
CREATE OR REPLACE FUNCTION ts_mail_claim () RETURNS SETOF mail_queue
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  SELECT * FROM mail_queue
   WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now ()
   ORDER BY next_attempt_at, id
   LIMIT 1
   FOR UPDATE SKIP LOCKED
$$;

-- The SMTP server took the message.
CREATE OR REPLACE FUNCTION ts_mail_sent (p_id bigint, p_message_id text) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  UPDATE mail_queue SET sent_at = now (), attempts = attempts + 1, last_error = NULL
   WHERE id = p_id;
  SELECT ts_audit ('mail_sent', 'mail', p_id::text, (SELECT outlet_id FROM mail_queue WHERE id = p_id),
                   NULL, jsonb_build_object ('message_id', p_message_id));
$$;

-- It was not taken: again after p_base_seconds, doubling with each attempt
-- up to an hour; a message still unsent a day after it was queued is given
-- up (failed_at) and audited.  Returns when it is due again (NULL: given up).
CREATE OR REPLACE FUNCTION ts_mail_failed (p_id bigint, p_error text, p_base_seconds integer)
  RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  m mail_queue%ROWTYPE;
BEGIN
  UPDATE mail_queue
     SET attempts = attempts + 1, last_error = left (p_error, 500),
         next_attempt_at = now () + least (make_interval (secs => greatest (p_base_seconds, 1) * power (2, least (attempts, 16))),
                                           interval '1 hour'),
         failed_at = CASE WHEN created_at < now () - interval '1 day' THEN now () END
   WHERE id = p_id
  RETURNING * INTO m;
  IF m.failed_at IS NOT NULL THEN
    PERFORM ts_audit ('mail_failed', 'mail', p_id::text, m.outlet_id, NULL,
                      jsonb_build_object ('recipient', m.recipient, 'attempts', m.attempts, 'error', m.last_error));
    RETURN NULL;
  END IF;
  RETURN m.next_attempt_at;
END $$;

-- How many messages wait (the log line of a server without SMTP).
CREATE OR REPLACE FUNCTION ts_mail_waiting () RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT count (*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL $$;

REVOKE EXECUTE ON FUNCTION ts_mail_enqueue (text, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_mail_claim () FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_mail_sent (bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_mail_failed (bigint, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ts_mail_waiting () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ts_mail_enqueue (text, text, text, text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_mail_claim () TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_mail_sent (bigint, text) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_mail_failed (bigint, text, integer) TO tessera_app;
GRANT EXECUTE ON FUNCTION ts_mail_waiting () TO tessera_app;
