-- The dispatcher claims due tasks ORDER BY next_at, id (DueTasks.CLAIM). Indexed on next_at alone, a burst of
-- tasks due at the same instant had to be sorted whole for every batch of a thousand (100,000 due at 08:00: the
-- dispatcher's time went to PostgreSQL); with id in the index the claim reads its batch in order and stops.
DROP INDEX task_next_at;
CREATE INDEX task_next_at ON task (next_at, id) WHERE next_at IS NOT NULL;
