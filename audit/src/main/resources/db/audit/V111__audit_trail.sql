-- The audit trail: one row per state change, who did it, when (the service's one clock), what, to which patient,
-- task or team, the state before and after, and the request (X-Request-Id, or the CloudEvent id of a consumed
-- record). This file is the one place of the table's SQL for both services (module audit/, Flyway location
-- db/audit); the statements that write and read it are in org.trialclock.audit.AuditTrail.
CREATE TABLE audit_entry (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    enrollment_id uuid,
    task_id       uuid,
    team          text,
    request_id    text        NOT NULL,
    before        jsonb,
    after         jsonb
);
CREATE INDEX audit_entry_enrollment ON audit_entry (enrollment_id, at, id) WHERE enrollment_id IS NOT NULL;
CREATE INDEX audit_entry_team ON audit_entry (team, at, id) WHERE team IS NOT NULL;

-- Append-only, enforced by the database, in two layers:
-- 1. Privileges: nobody, the table's owner included, holds UPDATE, DELETE or TRUNCATE on it. Here the service's
--    own role runs Flyway and so owns the table: PostgreSQL checks an owner's privileges like anyone's, so the
--    revoke below binds the running service (error 42501, insufficient_privilege).
-- 2. Triggers that raise on UPDATE, DELETE and TRUNCATE, for a role that was granted the privileges back (an owner
--    can re-grant to itself; a migration role may hold them by default).
-- What neither layer stops is the table's owner deliberately dropping the trigger or the table (DDL). That is why
-- production runs migrations with a separate role that owns the tables, and the service connects with a role
-- granted only SELECT, INSERT on audit_entry (README, "Audit trail"). A superuser can do anything; none is used.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM CURRENT_USER;

CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();
