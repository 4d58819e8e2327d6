package org.trialclock.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Kafka inbox, the outbox's twin: remembers each CloudEvent consumed, by (source, id) as CloudEvents defines
 * it unique, in the same transaction as its effect, so at-least-once delivery has its effect once. Each service
 * keeps the {@code processed_event} table in its own database; {@link Retention} prunes it.
 */
@ApplicationScoped
public class ProcessedEvents {
    private final EntityManager em;
    private final Clock clock;

    ProcessedEvents(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** What makes a CloudEvent unique. */
    public record EventId(String source, String id) {
        public static EventId of(CloudEventRecord event) {
            return new EventId(event.source(), event.id());
        }
    }

    /**
     * {@link #firstTime} for a batch in one statement: the ids of the events seen for the first time (an event
     * twice in the list is one id). Plain JDBC with arrays, because a multi-row insert of a list is not something
     * JPQL or Hibernate's native-query binding expresses.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<EventId> firstTimes(List<CloudEventRecord> events) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (source, event_id, type, processed_at)
                    SELECT source, event_id, type, ? FROM unnest(?::text[], ?::text[], ?::text[]) AS e(source, event_id, type)
                    ON CONFLICT DO NOTHING RETURNING source, event_id""")) {
                insert.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.setArray(2, connection.createArrayOf("text",
                        events.stream().map(CloudEventRecord::source).toArray()));
                insert.setArray(3, connection.createArrayOf("text", events.stream().map(CloudEventRecord::id).toArray()));
                insert.setArray(4, connection.createArrayOf("text",
                        events.stream().map(CloudEventRecord::type).toArray()));
                Set<EventId> fresh = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        fresh.add(new EventId(rows.getString(1), rows.getString(2)));
                    }
                }
                return fresh;
            }
        });
    }

    /** True the first time an event is seen; a redelivery answers false and its effect is skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(CloudEventRecord event) {
        return !firstTimes(List.of(event)).isEmpty();
    }
}
