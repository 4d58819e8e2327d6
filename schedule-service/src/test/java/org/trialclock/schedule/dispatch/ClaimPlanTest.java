package org.trialclock.schedule.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's claim during an 08:00 burst: 50,000 tasks due at the same instant, beside 100,000 planned later.
 * It reads its batch in index order and stops at the batch's end; it does not sort every due task for each batch.
 * The rows are this transaction's own and are rolled back.
 */
@QuarkusTest
class ClaimPlanTest {
    @Inject
    EntityManager em;

    @Test
    void a_burst_due_at_one_instant_is_claimed_in_index_order_without_sorting_it() {
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(120));
        try {
            em.createNativeQuery("""
                    WITH e AS (
                        INSERT INTO enrollment (id, subject_id, protocol_id, protocol_version, site_id, care_team,
                                                timezone, anchors, status, enrolled_on, created_at)
                        VALUES (gen_random_uuid(), 'BURST-' || gen_random_uuid(), 'NCT07105579', '1', 'zju', 'burst',
                                'UTC', '{}', 'ACTIVE', current_date, now())
                        RETURNING id)
                    INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start,
                                      window_end, status, reminder_days, version, next_transition, next_at)
                    SELECT gen_random_uuid(), e.id, 'burst.' || n, 'burst', 'LAB_CHECK', 'Blood count', current_date,
                           current_date, current_date, 'PLANNED', 0, 1, 'DUE',
                           CASE WHEN n <= 50000 THEN date_trunc('minute', now()) - interval '1 minute'
                                ELSE now() + make_interval(mins => n) END
                    FROM e, generate_series(1, 150000) n""").executeUpdate();
            em.createNativeQuery("ANALYZE task").executeUpdate();
            em.createNativeQuery("ANALYZE enrollment").executeUpdate();

            @SuppressWarnings("unchecked")
            List<Object> lines = em.createNativeQuery("EXPLAIN " + DueTasks.CLAIM
                    .replaceFirst("\\?", "now()").replaceFirst("\\?", "1000")).getResultList();
            String plan = lines.stream().map(Object::toString).collect(Collectors.joining("\n"));
            assertThat(plan).contains("task_next_at").doesNotContain("Sort").doesNotContain("Seq Scan on task");
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}
