package org.trialclock.notify.channels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes delivery attempts older than {@link DeliveryConfig#attemptsRetention()}, so a day of retries every few
 * minutes during an outage does not grow the log for ever. The notifications themselves (who was told what, when)
 * are kept. Deletes in batches, each its own transaction, so a large backlog never holds a long lock.
 */
@ApplicationScoped
public class AttemptRetention {
    static final int BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(AttemptRetention.class);

    /**
     * The one delete: the oldest batch, read in order from the attempted_at index, deleted by primary key (an
     * array, so the planner looks each up rather than scanning the table to join). Checked with EXPLAIN by the tests.
     */
    static final String PRUNE = """
            DELETE FROM delivery_attempt WHERE id = ANY (ARRAY(
                SELECT id FROM delivery_attempt WHERE attempted_at < :cutoff ORDER BY attempted_at LIMIT :batch))""";

    private final EntityManager em;
    private final DeliveryConfig config;
    private final Clock clock;

    AttemptRetention(EntityManager em, DeliveryConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${trialclock.delivery.prune-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warnf("delivery attempts not pruned this time: %s", e.getMessage());
        }
    }

    /** Deletes every attempt past the retention; returns how many. */
    public long prune() {
        Instant cutoff = clock.instant().minus(config.attemptsRetention());
        long deleted = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(PRUNE)
                    .setParameter("cutoff", cutoff).setParameter("batch", BATCH).executeUpdate());
            deleted += batch;
        } while (batch == BATCH);
        if (deleted > 0) {
            LOG.infof("deleted %d delivery attempts from before %s", deleted, cutoff);
        }
        return deleted;
    }
}
