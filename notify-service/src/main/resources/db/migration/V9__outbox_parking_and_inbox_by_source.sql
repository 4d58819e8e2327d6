-- A row Kafka refuses for good (too large, not serializable) is parked with its error; the rows behind it flow.
ALTER TABLE outbox ADD COLUMN parked_at timestamptz, ADD COLUMN park_error text;
-- Every periodic query has its index: the relay's claim and its per-enrollment order check, the meters, retention.
DROP INDEX outbox_unsent;
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_unsent_key ON outbox (event_key, id) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox (id) WHERE parked_at IS NOT NULL AND sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- CloudEvents makes (source, id) unique, not id alone. Ids seen before this migration came from schedule-service.
ALTER TABLE processed_event ADD COLUMN source text;
UPDATE processed_event SET source = '/trialclock/schedule-service';
ALTER TABLE processed_event ALTER COLUMN source SET NOT NULL,
    DROP CONSTRAINT processed_event_pkey, ADD PRIMARY KEY (source, event_id);
CREATE INDEX processed_event_age ON processed_event (processed_at);

-- The escalation check's claim: overdue tasks by how long they have been overdue.
CREATE INDEX task_view_overdue ON task_view (overdue_since) WHERE status = 'OVERDUE';
