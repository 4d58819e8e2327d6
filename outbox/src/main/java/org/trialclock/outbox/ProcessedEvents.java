package org.trialclock.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;

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

    /** True the first time an event is seen; a redelivery answers false and its effect is skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(CloudEventRecord event) {
        return em.createNativeQuery("""
                INSERT INTO processed_event (source, event_id, type, processed_at) VALUES (:source, :id, :type, :at)
                ON CONFLICT DO NOTHING""")
                .setParameter("source", event.source()).setParameter("id", event.id())
                .setParameter("type", event.type()).setParameter("at", clock.instant())
                .executeUpdate() == 1;
    }
}
