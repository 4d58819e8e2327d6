package org.trialclock.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox's health in numbers, registered at start-up and read from the table every
 * {@link RelayConfig#meterRefresh()} (not on each scrape: a scrape must not wait on a database that is away):
 * {@code trialclock_outbox_backlog} (unsent rows, parked ones not counted), {@code trialclock_outbox_oldest_age_seconds}
 * (age of the oldest of them, 0 when none) and {@code trialclock_outbox_parked} (rows Kafka refused for good).
 */
@ApplicationScoped
public class OutboxMeters {
    private final EntityManager em;
    private final Clock clock;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final BatchLoop loop;

    OutboxMeters(EntityManager em, Clock clock, RelayConfig config, MeterRegistry registry) {
        this.em = em;
        this.clock = clock;
        Gauge.builder("trialclock.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet sent to Kafka (parked rows not counted)").register(registry);
        Gauge.builder("trialclock.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest unsent outbox row in seconds, 0 when none").register(registry);
        Gauge.builder("trialclock.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows Kafka refused for good, waiting for an operator").register(registry);
        this.loop = new BatchLoop("outbox-meters", Integer.MAX_VALUE, this::refresh, config::meterRefresh,
                config.meterRefresh());
    }

    void start(@Observes StartupEvent ignored) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
    }

    /** Reads the three numbers again now. */
    public int refresh() {
        QuarkusTransaction.requiringNew().run(() -> {
            backlog.set(((Number) em.createNativeQuery(
                    "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL").getSingleResult()).longValue());
            parked.set(((Number) em.createNativeQuery(
                    "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL AND sent_at IS NULL").getSingleResult()).longValue());
            var oldest = em.createNativeQuery("""
                    SELECT created_at FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT 1""")
                    .getResultList();
            oldestAgeSeconds.set(oldest.isEmpty() ? 0
                    : Math.max(0, Duration.between(instant(oldest.get(0)), clock.instant()).toSeconds()));
        });
        return 0;
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (Instant) value;
    }
}
