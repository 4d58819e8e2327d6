package org.trialclock.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps the outbox and the inbox from growing without end: sent outbox rows and processed-event ids older than
 * {@link RelayConfig#retention()} are deleted, a bounded batch per transaction so a large prune never holds long
 * locks. Unsent and parked rows are never deleted. Runs every {@link RelayConfig#pruneEvery()} on each replica
 * (deleting the same old rows twice is harmless).
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final int BATCH = 5_000;

    private final EntityManager em;
    private final Clock clock;
    private final RelayConfig config;
    private final BatchLoop loop;

    Retention(EntityManager em, Clock clock, RelayConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config;
        this.loop = new BatchLoop("outbox-retention", Integer.MAX_VALUE, this::pruneAll, config::pruneEvery,
                config.pruneEvery());
    }

    void start(@Observes StartupEvent ignored) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
    }

    /** Deletes everything past retention; returns how many rows it deleted. */
    public int pruneAll() {
        Instant cutoff = clock.instant().minus(config.retention());
        int total = 0;
        int n;
        do {
            n = prune(cutoff);
            total += n;
        } while (n >= BATCH);
        if (total > 0) {
            LOG.infof("retention: deleted %d outbox rows and processed-event ids older than %s", total, cutoff);
        }
        return 0;
    }

    /** One batch of each table; returns how many rows it deleted. */
    int prune(Instant cutoff) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        DELETE FROM outbox WHERE id IN (
                            SELECT id FROM outbox WHERE sent_at < :cutoff ORDER BY sent_at LIMIT :n)""")
                .setParameter("cutoff", cutoff).setParameter("n", BATCH).executeUpdate()
                + em.createNativeQuery("""
                        DELETE FROM processed_event WHERE (source, event_id) IN (
                            SELECT source, event_id FROM processed_event WHERE processed_at < :cutoff
                            ORDER BY processed_at LIMIT :n)""")
                .setParameter("cutoff", cutoff).setParameter("n", BATCH).executeUpdate());
    }
}
