package org.trialclock.notify.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escalation check, run every minute, reads an index and not every task of every team: 100,000 tasks in the
 * view, 1,000 of them overdue. The rows are this transaction's own and are rolled back.
 */
@QuarkusTest
class EscalationQueryIndexTest {
    @Inject
    EntityManager em;

    @Test
    void the_escalation_check_uses_an_index_on_a_realistically_filled_view() {
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(120));
        try {
            em.createNativeQuery("""
                    INSERT INTO task_view (task_id, enrollment_id, subject_id, protocol_id, care_team, kind, title,
                                           due_date, window_end, status, version, payload, last_event, updated_at,
                                           overdue_since)
                    SELECT gen_random_uuid(), gen_random_uuid(), 'S-' || n, 'NCT07105579', 'team-' || (n % 50),
                           'LAB_CHECK', 'Blood count', current_date, current_date,
                           CASE WHEN n % 100 = 0 THEN 'OVERDUE' ELSE 'PLANNED' END, 1, '{}', 'trialclock.task.scheduled',
                           now(), CASE WHEN n % 100 = 0 THEN now() - make_interval(hours => n % 48) END
                    FROM generate_series(1, 100000) n""").executeUpdate();
            em.createNativeQuery("ANALYZE task_view").executeUpdate();
            @SuppressWarnings("unchecked")
            List<Object> lines = em.createNativeQuery("""
                    EXPLAIN SELECT * FROM task_view t
                    WHERE t.status = 'OVERDUE' AND t.overdue_since <= now() - interval '24 hours'
                      AND (t.acknowledged_at IS NULL OR t.acknowledged_at < t.overdue_since)
                      AND (t.escalated_at IS NULL OR t.escalated_at < t.overdue_since)
                      AND NOT EXISTS (SELECT 1 FROM completion c WHERE c.task_id = t.task_id)
                    ORDER BY t.overdue_since LIMIT 100 FOR UPDATE SKIP LOCKED""").getResultList();
            String plan = lines.stream().map(Object::toString).collect(Collectors.joining("\n"));
            assertThat(plan).doesNotContain("Seq Scan on task_view");
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}
