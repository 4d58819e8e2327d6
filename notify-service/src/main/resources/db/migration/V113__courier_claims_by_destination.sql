-- The courier's claim walks the destinations with work and takes the first due notifications of each
-- (Courier.CLAIM): one index probe per destination, so a destination with a large backlog and no free sender costs
-- nothing to skip. It replaces the index ordered by next_attempt_at alone, which no query reads any more.
DROP INDEX notification_due;
CREATE INDEX notification_work ON notification (destination, next_attempt_at, id)
    WHERE state IN ('PENDING', 'UNCERTAIN');
