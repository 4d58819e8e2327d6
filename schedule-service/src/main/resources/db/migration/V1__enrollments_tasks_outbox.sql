-- An enrolled patient on one protocol version. A patient stays on the version it was enrolled under.
CREATE TABLE enrollment (
    id               uuid PRIMARY KEY,
    subject_id       text        NOT NULL,
    protocol_id      text        NOT NULL,
    protocol_version text        NOT NULL,
    arm              text,
    risk_group       text,
    site_id          text        NOT NULL,
    care_team        text        NOT NULL,
    timezone         text        NOT NULL,
    weight_kg        numeric(6, 2),
    anchors          jsonb       NOT NULL,
    status           text        NOT NULL,
    enrolled_on      date        NOT NULL,
    created_at       timestamptz NOT NULL
);
-- The same subject actively enrolled twice in one protocol is refused; this index holds under races too.
CREATE UNIQUE INDEX enrollment_one_active ON enrollment (subject_id, protocol_id) WHERE status = 'ACTIVE';
CREATE INDEX enrollment_site_team ON enrollment (site_id, care_team);

-- Clinical events as reported; the planner re-reads all of them on every re-plan.
CREATE TABLE clinical_event (
    id            uuid PRIMARY KEY,
    enrollment_id uuid        NOT NULL REFERENCES enrollment (id),
    type          text        NOT NULL,
    event_date    date        NOT NULL,
    data          jsonb       NOT NULL,
    recorded_at   timestamptz NOT NULL
);
CREATE INDEX clinical_event_enrollment ON clinical_event (enrollment_id);

-- The planned tasks; task_key is the planner's stable name for a task, so a re-plan can be diffed.
CREATE TABLE task (
    id                 uuid PRIMARY KEY,
    enrollment_id      uuid   NOT NULL REFERENCES enrollment (id),
    task_key           text   NOT NULL,
    activity           text   NOT NULL,
    kind               text   NOT NULL,
    title              text   NOT NULL,
    cycle              integer,
    due_date           date   NOT NULL,
    window_start       date   NOT NULL,
    window_end         date   NOT NULL,
    status             text   NOT NULL,
    status_reason      text,
    dose               jsonb,
    gate               jsonb,
    reminder_days      integer NOT NULL,
    completed_on       date,
    version            bigint NOT NULL,
    UNIQUE (enrollment_id, task_key)
);
CREATE INDEX task_due ON task (status, due_date);

-- Alerts already raised for an enrollment (MRD conversion, relapse...): each is told once.
CREATE TABLE enrollment_alert (
    enrollment_id uuid        NOT NULL REFERENCES enrollment (id),
    alert_key     text        NOT NULL,
    raised_at     timestamptz NOT NULL,
    PRIMARY KEY (enrollment_id, alert_key)
);

-- Transactional outbox: written in the same transaction as the change it reports, relayed to Kafka.
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
