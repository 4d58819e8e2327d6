-- Care teams and who in them hears of what. A team's id is the careTeam of the enrollment (e.g. zju-hsct).
CREATE TABLE care_team (
    team_id            text PRIMARY KEY,
    name               text NOT NULL,
    -- the member (by name) who hears of an overdue task nobody acknowledged; usually the PI
    escalation_contact text,
    -- signs webhook posts of members who have no secret of their own
    webhook_secret     text
);

CREATE TABLE team_member (
    id             bigserial PRIMARY KEY,
    team_id        text NOT NULL REFERENCES care_team (team_id) ON DELETE CASCADE,
    name           text NOT NULL,
    role           text NOT NULL,
    email          text,
    webhook_url    text,
    webhook_secret text,
    UNIQUE (team_id, name)
);

-- One alert to one recipient on one channel. A redelivered event finds its rows already there: the unique key
-- makes "one notification per recipient and channel" a fact of the database, not of the code.
-- event_id is the CloudEvent id, or escalation:<task id> for an escalation.
CREATE TABLE notification (
    id              bigserial PRIMARY KEY,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    task_id         uuid,
    enrollment_id   uuid,
    subject_id      text        NOT NULL,
    care_team       text        NOT NULL,
    recipient       text        NOT NULL,
    channel         text        NOT NULL,
    address         text        NOT NULL,
    subject         text        NOT NULL,
    message         text        NOT NULL,
    state           text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    -- when the next attempt may start; a claimed row's lease also lives here, so a crash mid-send is retried
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    UNIQUE (event_id, recipient, channel)
);
CREATE INDEX notification_pending ON notification (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX notification_task ON notification (task_id);

-- Every attempt at delivering a notification, kept so "failed twice, then delivered" can be read back.
CREATE TABLE delivery_attempt (
    id              bigserial PRIMARY KEY,
    notification_id bigint      NOT NULL REFERENCES notification (id),
    attempt         int         NOT NULL,
    attempted_at    timestamptz NOT NULL,
    succeeded       boolean     NOT NULL,
    detail          text
);
CREATE INDEX delivery_attempt_notification ON delivery_attempt (notification_id);

-- Acknowledgement and escalation of each task, next to the team's view of it.
ALTER TABLE task_view
    ADD COLUMN overdue_since   timestamptz,
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN acknowledged_by text,
    ADD COLUMN escalated_at    timestamptz;
