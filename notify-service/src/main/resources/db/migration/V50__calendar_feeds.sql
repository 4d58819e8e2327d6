-- Calendar feeds (RFC 5545). A calendar program replaces an event by its UID only when its SEQUENCE rose, so each
-- task in the team's view counts its significant revisions: a new due date or window, or being cancelled or
-- brought back. A trigger keeps the count, whatever code writes the view. (A high version number: other
-- migrations are being written at the same time.)
ALTER TABLE task_view ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0;

CREATE FUNCTION task_view_calendar_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.due_date IS DISTINCT FROM OLD.due_date
        OR NEW.window_end IS DISTINCT FROM OLD.window_end
        OR NEW.payload ->> 'windowStart' IS DISTINCT FROM OLD.payload ->> 'windowStart'
        OR (NEW.status = 'CANCELLED') IS DISTINCT FROM (OLD.status = 'CANCELLED') THEN
        NEW.calendar_sequence := OLD.calendar_sequence + 1;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER task_view_calendar_sequence BEFORE UPDATE ON task_view
    FOR EACH ROW EXECUTE FUNCTION task_view_calendar_sequence();

-- A person's secret feed address for a care team's calendar. Calendar programs cannot send bearer tokens, so the
-- feed URL carries the secret; only its SHA-256 is kept, and revoking it ends the feed. A team removed takes its
-- feeds with it.
CREATE TABLE calendar_feed_token (
    id           uuid PRIMARY KEY,
    token_sha256 text        NOT NULL UNIQUE,
    team_id      text        NOT NULL REFERENCES care_team (team_id) ON DELETE CASCADE,
    owner        text        NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX calendar_feed_token_team ON calendar_feed_token (team_id);
