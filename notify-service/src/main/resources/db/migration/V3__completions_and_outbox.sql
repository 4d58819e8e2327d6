-- What was done, by whom and when. A correction is a new row that supersedes the previous one; both are kept.
CREATE TABLE completion (
    completion_id uuid PRIMARY KEY,
    task_id       uuid        NOT NULL,
    enrollment_id uuid        NOT NULL,
    subject_id    text        NOT NULL,
    completed_on  date        NOT NULL,
    completed_by  text        NOT NULL,
    result        jsonb,
    recorded_at   timestamptz NOT NULL,
    supersedes    uuid REFERENCES completion (completion_id)
);
CREATE INDEX completion_task ON completion (task_id, recorded_at);

-- Transactional outbox (same shape as schedule-service's): written with the completion, relayed to Kafka.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    topic      text        NOT NULL,
    type       text        NOT NULL,
    event_key  text        NOT NULL,
    subject    text,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
