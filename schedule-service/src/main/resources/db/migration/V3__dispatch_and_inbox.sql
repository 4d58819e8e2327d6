-- What time alone will do next to each task (REMINDER, DUE, OVERDUE) and when; NULL when nothing.
ALTER TABLE task ADD COLUMN next_transition text;
ALTER TABLE task ADD COLUMN next_at timestamptz;
-- The due date a reminder was sent for: a task moved to a new date is reminded again.
ALTER TABLE task ADD COLUMN reminded_for date;
-- What was recorded with the completion (MRD %, GVHD grade, blood counts...).
ALTER TABLE task ADD COLUMN completion_result jsonb;
CREATE INDEX task_next_at ON task (next_at) WHERE next_at IS NOT NULL;

-- Completions as received; the newest for a task is the one in force, earlier ones are kept as history.
CREATE TABLE task_completion (
    completion_id uuid PRIMARY KEY,
    task_id       uuid        NOT NULL REFERENCES task (id),
    completed_on  date        NOT NULL,
    completed_by  text        NOT NULL,
    result        jsonb,
    received_at   timestamptz NOT NULL
);
CREATE INDEX task_completion_task ON task_completion (task_id, received_at);

-- Kafka inbox: each CloudEvent id consumed once, whatever the redeliveries.
CREATE TABLE processed_event (
    event_id     text PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL
);
