package org.trialclock.notify.channels;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauge {@code trialclock_notifications{state=...}}: how many notifications are in each {@link DeliveryState},
 * one series per state registered at start-up (so an alert rule sees 0, not "no data", before the first alert).
 * Counted by one query every {@link DeliveryConfig#countEvery()}, not on each scrape, so scrapes cost the database
 * nothing; alert rules watch FAILED and UNCERTAIN.
 */
@ApplicationScoped
public class NotificationCounts {
    public static final String METER = "trialclock.notifications";
    private static final Logger LOG = Logger.getLogger(NotificationCounts.class);

    private final EntityManager em;
    private final Map<DeliveryState, AtomicLong> counts = new EnumMap<>(DeliveryState.class);

    NotificationCounts(EntityManager em, MeterRegistry registry) {
        this.em = em;
        for (DeliveryState state : DeliveryState.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(state, count);
            Gauge.builder(METER, count, AtomicLong::get).tag("state", state.name())
                    .description("Notifications (one per recipient and channel) in each delivery state")
                    .register(registry);
        }
    }

    void start(@Observes StartupEvent ignored) {
        recount();
    }

    @Scheduled(every = "${trialclock.delivery.count-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            recount();
        } catch (RuntimeException e) {
            LOG.warnf("notifications by state not counted (the gauge keeps its last values): %s", e.getMessage());
        }
    }

    /** Counts again now; returns the counts. */
    @Transactional
    public Map<DeliveryState, Long> recount() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT state, count(*) FROM notification GROUP BY state")
                .getResultList();
        Map<DeliveryState, Long> fresh = new EnumMap<>(DeliveryState.class);
        for (DeliveryState state : DeliveryState.values()) {
            fresh.put(state, 0L);
        }
        for (Object[] row : rows) {
            fresh.put(DeliveryState.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        fresh.forEach((state, n) -> counts.get(state).set(n));
        return fresh;
    }
}
