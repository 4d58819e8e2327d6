-- Each CloudEvent id is processed once: at-least-once delivery, exactly-once effect.
CREATE TABLE processed_event (
    event_id     text PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL
);

-- The care team's view of each task: the latest state schedule-service published (highest version wins).
CREATE TABLE task_view (
    task_id       uuid PRIMARY KEY,
    enrollment_id uuid        NOT NULL,
    subject_id    text        NOT NULL,
    protocol_id   text        NOT NULL,
    site_id       text,
    care_team     text        NOT NULL,
    timezone      text,
    kind          text        NOT NULL,
    title         text        NOT NULL,
    due_date      date        NOT NULL,
    window_end    date        NOT NULL,
    status        text        NOT NULL,
    version       bigint      NOT NULL,
    payload       jsonb       NOT NULL,
    last_event    text        NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX task_view_team ON task_view (care_team, due_date);
