package org.trialclock.notify.channels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.notify.CareTeamFixture.newTeam;

@QuarkusTest
class AttemptRetentionTest {
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    AttemptRetention retention;
    @Inject
    DeliveryConfig config;

    @Test
    void attempts_older_than_the_retention_are_deleted_and_newer_ones_kept() {
        String team = newTeam(null, List.of());
        long id = QuarkusTransactionRows.insertFailed(team, "nurse-li", "http://127.0.0.1:9/hook", clock.instant());
        Instant now = clock.instant();
        Instant old = now.minus(config.attemptsRetention()).minus(Duration.ofDays(1));
        Instant recent = now.minus(config.attemptsRetention()).plus(Duration.ofDays(1));
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < AttemptRetention.BATCH + 3; i++) {
                attempt(id, i + 1, old.minusSeconds(i));
            }
            attempt(id, 9_000, recent);
        });

        assertThat(retention.prune()).isGreaterThanOrEqualTo(AttemptRetention.BATCH + 3);
        assertThat(attemptsOf(id)).singleElement()
                .satisfies(at -> assertThat(Duration.between(at, recent).abs()).isLessThan(Duration.ofMillis(1)));
    }

    @Test
    void every_periodic_query_of_delivery_uses_an_index_on_a_realistically_filled_table() {
        // a slow shared machine needs more than the default minute to fill the table
        try {
            QuarkusTransaction.requiringNew().timeout(600).run(() -> {
            // months of a large site: 60,000 notifications nearly all SENT, 180,000 attempts; rolled back after
            em.createNativeQuery("""
                    INSERT INTO notification (event_id, event_type, subject_id, care_team, recipient, channel, address,
                        subject, message, state, attempts, next_attempt_at, created_at, retry_until)
                    SELECT 'fill-' || g, 'trialclock.task.due', 'ZJU-' || g, 'fill-team', 'nurse',
                        CASE WHEN g % 2 = 0 THEN 'EMAIL' ELSE 'WEBHOOK' END, 'http://hook' || (g % 50) || '.test/h', 's', 'm',
                        CASE WHEN g % 1000 = 0 THEN 'PENDING' WHEN g % 997 = 0 THEN 'FAILED' ELSE 'SENT' END, 3,
                        CASE WHEN g % 1000 = 0 THEN now() END, now() - (g * 3 || ' minutes')::interval, now()
                    FROM generate_series(1, 60000) g""").executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO delivery_attempt (notification_id, attempt, attempted_at, succeeded)
                    SELECT n.id, a, n.created_at + (a || ' seconds')::interval, a = 3
                    FROM notification n, generate_series(1, 3) a WHERE n.event_id LIKE 'fill-%'""").executeUpdate();
            em.createNativeQuery("ANALYZE notification").executeUpdate();
            em.createNativeQuery("ANALYZE delivery_attempt").executeUpdate();

            String claim = plan("EXPLAIN " + Courier.CLAIM.replace(":now", "now()").replace(":inFlight", "-1")
                    .replace(":perDestination", "8").replace(":full", "''"));
            assertThat(claim).contains("notification_work").doesNotContain("Seq Scan");
            String prune = plan("EXPLAIN " + AttemptRetention.PRUNE.replace(":cutoff", "now() - interval '90 days'")
                    .replace(":batch", "5000"));
            assertThat(prune).contains("delivery_attempt_attempted_at").doesNotContain("Seq Scan on delivery_attempt");
            String resend = plan("""
                    EXPLAIN UPDATE notification SET state = 'PENDING' WHERE state = 'FAILED' AND care_team = 'fill-team'""");
            assertThat(resend).contains("notification_state").doesNotContain("Seq Scan");
            throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // the filled rows are gone again
        }
    }

    /** Thrown to roll the filled table back once the plans are checked. */
    private static final class RolledBack extends RuntimeException {
    }

    private String plan(String explain) {
        @SuppressWarnings("unchecked")
        List<String> lines = em.createNativeQuery(explain).getResultList();
        return String.join("\n", lines);
    }

    private void attempt(long notificationId, int n, Instant at) {
        em.createNativeQuery("""
                INSERT INTO delivery_attempt (notification_id, attempt, attempted_at, succeeded, detail)
                VALUES (:id, :n, :at, false, 'refused')""").setParameter("id", notificationId).setParameter("n", n)
                .setParameter("at", at).executeUpdate();
    }

    private List<Instant> attemptsOf(long notificationId) {
        @SuppressWarnings("unchecked")
        List<Instant> at = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT attempted_at FROM delivery_attempt WHERE notification_id = :id ORDER BY attempted_at", Instant.class)
                .setParameter("id", notificationId).getResultList());
        return at;
    }
}
