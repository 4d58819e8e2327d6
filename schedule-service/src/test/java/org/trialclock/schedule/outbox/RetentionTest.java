package org.trialclock.schedule.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.trialclock.outbox.CloudEventRecord;
import org.trialclock.outbox.ProcessedEvents;
import org.trialclock.outbox.Retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Growth is bounded: sent outbox rows and processed-event ids older than the retention (14 days) are deleted;
 * newer ones, and unsent or parked rows of any age, stay. Processed events are remembered by (CloudEvent source,
 * id), as CloudEvents defines an event unique: the same id from another source is another event.
 */
@QuarkusTest
class RetentionTest {
    private static final Duration OLD = Duration.ofDays(20);
    private static final Duration RECENT = Duration.ofDays(1);

    @Inject
    EntityManager em;
    @Inject
    Retention retention;
    @Inject
    ProcessedEvents processed;
    @Inject
    Clock clock;

    @Test
    void sent_rows_and_processed_ids_past_retention_are_pruned_and_everything_else_stays() {
        Instant now = clock.instant();
        UUID oldSent = outbox(now.minus(OLD), true, false);
        UUID recentSent = outbox(now.minus(RECENT), true, false);
        UUID oldParked = outbox(now.minus(OLD), false, true);
        String oldId = processedAt(now.minus(OLD));
        String recentId = processedAt(now.minus(RECENT));

        retention.pruneAll();

        assertThat(outboxRows(oldSent)).isZero();
        assertThat(outboxRows(recentSent)).isOne();
        assertThat(outboxRows(oldParked)).isOne();
        assertThat(processedRows(oldId)).isZero();
        assertThat(processedRows(recentId)).isOne();
    }

    @Test
    void an_event_is_processed_once_per_source_and_id() {
        String id = UUID.randomUUID().toString();
        CloudEventRecord fromNotify = new CloudEventRecord("/trialclock/notify-service", id,
                "trialclock.task.completed", "k", "{}");
        CloudEventRecord sameIdElsewhere = new CloudEventRecord("/other-system", id, "trialclock.task.completed",
                "k", "{}");
        assertThat(QuarkusTransaction.requiringNew().call(() -> processed.firstTime(fromNotify))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> processed.firstTime(fromNotify))).isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> processed.firstTime(sameIdElsewhere))).isTrue();
    }

    /** A row created at {@code at}, and sent or parked at that same time. */
    private UUID outbox(Instant at, boolean sent, boolean parked) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO outbox (event_id, topic, type, event_key, subject, payload, created_at, sent_at, parked_at)
                VALUES (:id, 'trial-tasks', 'trialclock.task.scheduled', :key, 'test', CAST('{}' AS jsonb), :created,
                        CASE WHEN :isSent THEN CAST(:created AS timestamptz) END,
                        CASE WHEN :isParked THEN CAST(:created AS timestamptz) END)""")
                .setParameter("id", id).setParameter("key", "retention-" + id)
                .setParameter("created", Timestamp.from(at))
                .setParameter("isSent", sent).setParameter("isParked", parked).executeUpdate());
        return id;
    }

    private String processedAt(Instant at) {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO processed_event (source, event_id, type, processed_at)
                VALUES ('/test', :id, 'trialclock.task.completed', :at)""")
                .setParameter("id", id).setParameter("at", Timestamp.from(at)).executeUpdate());
        return id;
    }

    private long outboxRows(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE event_id = :id").setParameter("id", eventId).getSingleResult())
                .longValue());
    }

    private long processedRows(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id = :id").setParameter("id", eventId)
                .getSingleResult()).longValue());
    }
}
