-- 018-privacy-at-the-edges.sql — what an outlet sees of the audit log
-- (rules R1, R2, P1, P4, P7)
--
-- The log keeps everything (R1): who, when, what, before and after.  What
-- an outlet reads of it follows the rule of every other read (R2): its own
-- employees' work, and the Master User's or the system's work on its own
-- data — never another outlet's activity, not even on data it shares (P1)
-- or owns.  The current state of shared data is in the record itself; who
-- changed it is the Master User's to know.
--
-- Who sees which entry is ts_audit_sees (server/functions/audit.sql, which
-- runs before every migration); the trigger function that publishes on
-- tessera_access is ts_notify_access (live.sql, which runs before 009).

DROP POLICY audit_log_read ON audit_log;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
  USING (ts_audit_sees (actor_outlet_id, subject_outlet_id, action));

-- P7: the rows are filtered above; what they hold (before, after) is read
-- only through ts_audit_entry (server/functions/audit.sql), which leaves out
-- what a shared row says of other outlets (who created it, when it changed).
REVOKE SELECT ON audit_log FROM tessera_app;
GRANT SELECT (id, at, actor_outlet_id, actor_employee_id, subject_outlet_id, action, entity, entity_id)
  ON audit_log TO tessera_app;

-- Live updates stop at once (M6, M7, C4, C6, E3, E4) ------------------------
-- Whatever ends a session or changes who may view a performance says so on
-- the channel tessera_access, when it commits; the server's LISTEN
-- connection (server/live/ts-live.c) then asks again, for the WebSockets
-- concerned, whether the session is live and what it may still view.
-- Payloads name an employee or a performance, nothing else.

-- sign-out, ended by an administrator (lock, password), expiry moved, removed
CREATE TRIGGER session_access AFTER UPDATE ON session FOR EACH ROW
  WHEN (OLD.ended_at IS DISTINCT FROM NEW.ended_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
  EXECUTE FUNCTION ts_notify_access ('employee_id', 'employee_id');
CREATE TRIGGER session_access_gone AFTER DELETE ON session FOR EACH ROW
  EXECUTE FUNCTION ts_notify_access ('employee_id', 'employee_id');
-- level (No Access, Scanner), lock, hired and resigned dates (C4, C6)
CREATE TRIGGER employee_access AFTER UPDATE ON employee FOR EACH ROW
  WHEN (OLD.level IS DISTINCT FROM NEW.level OR OLD.locked IS DISTINCT FROM NEW.locked
        OR OLD.hired_on IS DISTINCT FROM NEW.hired_on OR OLD.resigned_on IS DISTINCT FROM NEW.resigned_on
        OR OLD.outlet_id IS DISTINCT FROM NEW.outlet_id)
  EXECUTE FUNCTION ts_notify_access ('employee_id', 'id');
-- allowed at other outlets, their window, the status (E3, E4, E5)
CREATE TRIGGER performance_access AFTER UPDATE ON performance FOR EACH ROW
  WHEN (OLD.allow_other_outlets IS DISTINCT FROM NEW.allow_other_outlets
        OR OLD.outlets_on_sale IS DISTINCT FROM NEW.outlets_on_sale
        OR OLD.outlets_off_sale IS DISTINCT FROM NEW.outlets_off_sale
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.outlet_id IS DISTINCT FROM NEW.outlet_id)
  EXECUTE FUNCTION ts_notify_access ('performance_id', 'id');
CREATE TRIGGER performance_access_gone AFTER DELETE ON performance FOR EACH ROW
  EXECUTE FUNCTION ts_notify_access ('performance_id', 'id');
-- the list of outlets that may sell it (E3)
CREATE TRIGGER performance_seller_access AFTER INSERT OR UPDATE OR DELETE ON performance_seller FOR EACH ROW
  EXECUTE FUNCTION ts_notify_access ('performance_id', 'performance_id');
