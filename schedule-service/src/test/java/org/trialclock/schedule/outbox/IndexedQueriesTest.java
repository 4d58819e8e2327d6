package org.trialclock.schedule.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every periodic query (the relay's claim, the outbox meters, the retention prune, the dispatch lag) reads an index,
 * not the whole table, on tables filled as after months of use: 200,000 sent outbox rows and processed events, a
 * backlog of 2,000,
 * 100,000 planned tasks. The rows are this transaction's own and are rolled back.
 */
@QuarkusTest
class IndexedQueriesTest {
    @Inject
    EntityManager em;

    @Test
    void each_periodic_query_uses_an_index_on_a_realistically_filled_table() {
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(120));
        try {
            em.createNativeQuery("""
                    INSERT INTO outbox (event_id, topic, type, event_key, subject, payload, created_at, sent_at)
                    SELECT gen_random_uuid(), 'trial-tasks', 'trialclock.task.due', 'enrollment-' || (n % 5000), 's',
                           '{}', now() - make_interval(secs => n), CASE WHEN n > 2000 THEN now() - make_interval(secs => n) END
                    FROM generate_series(1, 200000) n""").executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO processed_event (source, event_id, type, processed_at)
                    SELECT '/trialclock/notify-service', gen_random_uuid()::text, 'trialclock.task.completed',
                           now() - make_interval(secs => n)
                    FROM generate_series(1, 200000) n""").executeUpdate();
            em.createNativeQuery("""
                    WITH e AS (
                        INSERT INTO enrollment (id, subject_id, protocol_id, protocol_version, site_id, care_team,
                                                timezone, anchors, status, enrolled_on, created_at)
                        VALUES (gen_random_uuid(), 'IDX-' || gen_random_uuid(), 'NCT07105579', '1', 'zju', 'idx', 'UTC',
                                '{}', 'ACTIVE', current_date, now())
                        RETURNING id)
                    INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start,
                                      window_end, status, reminder_days, version, next_transition, next_at)
                    SELECT gen_random_uuid(), e.id, 'idx.' || n, 'idx', 'LAB_CHECK', 'Blood count', current_date,
                           current_date, current_date, 'PLANNED', 0, 1, 'DUE', now() + make_interval(mins => n)
                    FROM e, generate_series(1, 100000) n""").executeUpdate();
            em.createNativeQuery("ANALYZE outbox").executeUpdate();
            em.createNativeQuery("ANALYZE processed_event").executeUpdate();
            em.createNativeQuery("ANALYZE task").executeUpdate();

            assertIndexed("outbox", """
                    WITH claimed AS (
                        SELECT id, event_key FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL
                        ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED),
                    held AS (SELECT DISTINCT event_key FROM claimed)
                    SELECT o.* FROM outbox o JOIN claimed c ON c.id = o.id JOIN held h ON h.event_key = c.event_key
                    WHERE NOT EXISTS (
                        SELECT 1 FROM outbox e WHERE e.event_key = o.event_key AND e.id < o.id
                          AND e.sent_at IS NULL AND e.parked_at IS NULL AND e.id NOT IN (SELECT id FROM claimed))
                    ORDER BY o.id""");
            assertIndexed("outbox", "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL");
            assertIndexed("outbox", "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL AND sent_at IS NULL");
            assertIndexed("outbox",
                    "SELECT created_at FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT 1");
            assertIndexed("outbox", """
                    SELECT id FROM outbox WHERE sent_at < now() - interval '14 days' ORDER BY sent_at LIMIT 5000""");
            assertIndexed("processed_event", """
                    SELECT source, event_id FROM processed_event WHERE processed_at < now() - interval '14 days'
                    ORDER BY processed_at LIMIT 5000""");
            assertIndexed("task", "SELECT min(next_at) FROM task WHERE next_at <= now()");
            assertIndexed("task", "SELECT * FROM task WHERE next_at <= now() ORDER BY next_at, id LIMIT 200 FOR UPDATE SKIP LOCKED");
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private void assertIndexed(String table, String query) {
        @SuppressWarnings("unchecked")
        List<Object> lines = em.createNativeQuery("EXPLAIN " + query).getResultList();
        String plan = lines.stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertThat(plan).as(query).doesNotContain("Seq Scan on " + table);
    }
}
