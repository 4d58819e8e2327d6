-- No query reads tasks by status and due date (they are read by id, by enrollment, or by next_at), and every
-- transition the dispatcher makes changes status: the index cost one more write per transition for nothing.
DROP INDEX task_due;
