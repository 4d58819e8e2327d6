package org.trialclock.schedule.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.trialclock.outbox.BatchLoop;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code trialclock_dispatch_lag_seconds}: how late the dispatcher is, now minus the oldest transition that is due
 * but not fired (0 when none). Read every {@link DispatchConfig#lagRefresh()} with one indexed min(), not on each
 * scrape, so a scrape never waits on the database.
 */
@ApplicationScoped
public class DispatchLag {
    private final EntityManager em;
    private final Clock clock;
    private final AtomicLong lagSeconds = new AtomicLong();
    private final BatchLoop loop;

    DispatchLag(EntityManager em, Clock clock, DispatchConfig config, MeterRegistry registry) {
        this.em = em;
        this.clock = clock;
        Gauge.builder("trialclock.dispatch.lag.seconds", lagSeconds, AtomicLong::get)
                .description("Now minus the oldest due-but-not-fired task transition, in seconds; 0 when none")
                .register(registry);
        this.loop = new BatchLoop("dispatch-lag", Integer.MAX_VALUE, this::refresh, config::lagRefresh,
                config.lagRefresh());
    }

    void start(@Observes StartupEvent ignored) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
    }

    /** Reads the lag again now. */
    public int refresh() {
        Instant now = clock.instant();
        Object oldest = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT min(next_at) FROM task WHERE next_at <= :now").setParameter("now", now).getSingleResult());
        lagSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(instant(oldest), now).toSeconds()));
        return 0;
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (Instant) value;
    }
}
