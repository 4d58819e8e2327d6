-- Delivery keeps trying for a period (trialclock.delivery.retry-for, 24 h by default), not a number of attempts:
-- retry_until is set when the alert is raised and moved on when an operator re-sends a FAILED notification.
ALTER TABLE notification ADD COLUMN retry_until timestamptz;
UPDATE notification SET retry_until = created_at + interval '24 hours';
ALTER TABLE notification ALTER COLUMN retry_until SET NOT NULL;

-- The id a receiver dedupes on (webhook-id, the email's Message-ID): the same for every attempt, because a send
-- that timed out may have arrived and is sent again.
ALTER TABLE notification ADD COLUMN delivery_id uuid NOT NULL DEFAULT gen_random_uuid();

-- Where a send goes: the SMTP relay for every email, scheme://host:port of a webhook URL. The courier limits the
-- sends in flight per destination, so one slow receiver cannot take every sender. Derived here, in one place.
ALTER TABLE notification ADD COLUMN destination text GENERATED ALWAYS AS (
    CASE channel WHEN 'EMAIL' THEN 'smtp'
        ELSE coalesce(lower(substring(address from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+')), address) END) STORED;

-- The courier's claim: due rows still being tried (PENDING, or UNCERTAIN after a send that timed out).
DROP INDEX notification_pending;
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE state IN ('PENDING', 'UNCERTAIN');
-- The notifications-by-state gauge and the operator's re-send of FAILED ones.
CREATE INDEX notification_state ON notification (state, care_team);

-- Pruning of old attempts (trialclock.delivery.attempts-retention).
CREATE INDEX delivery_attempt_attempted_at ON delivery_attempt (attempted_at);
