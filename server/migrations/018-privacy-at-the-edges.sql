-- 018-privacy-at-the-edges.sql — what an outlet sees of the audit log
-- (rules R1, R2, P1, P4, P7)
--
-- The log keeps everything (R1): who, when, what, before and after.  What
-- an outlet reads of it follows the rule of every other read (R2): its own
-- employees' work, and the Master User's or the system's work on its own
-- data — never another outlet's activity, not even on data it shares (P1)
-- or owns.  The current state of shared data is in the record itself; who
-- changed it is the Master User's to know.

-- May the request's outlet see an entry made by p_actor about p_subject's
-- data?  A row change (insert, update, delete) written into another
-- outlet's rows by its own request (the followers' kept primaries, say)
-- holds that outlet's row, so it is not shown to the actor either; an
-- explicit entry (a hold, a refund, a seat change) says only what the actor
-- did, in its own terms.
CREATE FUNCTION ts_audit_sees (p_actor integer, p_subject integer, p_action text) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
  SELECT ts_ctx_master ()
      OR (p_actor = ts_ctx_outlet ()
          AND (p_subject IS NULL OR p_subject = p_actor OR p_action NOT IN ('insert', 'update', 'delete')))
      OR (p_actor IS NULL AND p_subject = ts_ctx_outlet ())
$$;

DROP POLICY audit_log_read ON audit_log;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
  USING (ts_audit_sees (actor_outlet_id, subject_outlet_id, action));

-- P7: the rows are filtered above; what they hold (before, after) is read
-- only through ts_audit_entry (server/functions/audit.sql), which leaves out
-- what a shared row says of other outlets (who created it, when it changed).
REVOKE SELECT ON audit_log FROM tessera_app;
GRANT SELECT (id, at, actor_outlet_id, actor_employee_id, subject_outlet_id, action, entity, entity_id)
  ON audit_log TO tessera_app;

GRANT EXECUTE ON FUNCTION ts_audit_sees (integer, integer, text) TO tessera_app;
