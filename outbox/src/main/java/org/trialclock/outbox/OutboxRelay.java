package org.trialclock.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox rows to Kafka: claims a batch with {@code FOR UPDATE SKIP LOCKED}, sends it in id
 * order, waits for the broker's acknowledgements (acks=all, idempotent producer) and, in the same transaction,
 * marks each row by its own outcome: acknowledged rows sent, rows Kafka refuses for good ({@link SendFailures})
 * parked with their error, the rest left for the next batch. So one bad row cannot stop the relay, and a batch
 * that partly fails does not send its acknowledged rows again. A crash between publishing and marking sent
 * repeats an event with the same CloudEvent id, which consumers drop.
 *
 * <p>Order per enrollment holds across replicas: a relay publishes only rows of enrollments whose
 * transaction-scoped advisory lock it holds, and only if no earlier unsent row of that enrollment is outside its
 * claim. The advisory locks are taken on the claimed rows' keys only, so a large backlog cannot lock every key.
 * Within a process one relay thread publishes batches one after the other.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The channel every outbox row is sent through; each row names its own topic. */
    public static final String CHANNEL = "outbox";

    /**
     * The claim, in one place. {@code claimed}: the oldest unsent rows nobody else holds (row locks, LIMIT in the
     * subquery). {@code keys}: the enrollments among them whose advisory lock this relay gets. A row is published if
     * its key is held and no earlier unsent row of the same key lies outside the claim (it would overtake it).
     */
    private static final String CLAIM = """
            WITH claimed AS (
                SELECT id, event_key FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED),
            held AS (
                SELECT event_key FROM (SELECT DISTINCT event_key FROM claimed) k
                WHERE pg_try_advisory_xact_lock(hashtextextended(event_key, 7)))
            SELECT o.* FROM outbox o JOIN claimed c ON c.id = o.id JOIN held h ON h.event_key = c.event_key
            WHERE NOT EXISTS (
                SELECT 1 FROM outbox e WHERE e.event_key = o.event_key AND e.id < o.id
                  AND e.sent_at IS NULL AND e.parked_at IS NULL AND e.id NOT IN (SELECT id FROM claimed))
            ORDER BY o.id""";

    private static final String MARK_SENT = "UPDATE outbox SET sent_at = ? WHERE id = ANY(?)";
    private static final String PARK = "UPDATE outbox SET parked_at = ?, park_error = ? WHERE id = ?";

    private final EntityManager em;
    private final TransactionManager transactions;
    private final MutinyEmitter<String> emitter;
    private final URI source;
    private final RelayConfig config;
    private final Clock clock;
    private final BatchLoop loop;

    OutboxRelay(EntityManager em, TransactionManager transactions, @Channel(CHANNEL) MutinyEmitter<String> emitter,
                RelayConfig config, Clock clock, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.em = em;
        this.transactions = transactions;
        this.emitter = emitter;
        this.source = URI.create("/trialclock/" + service);
        this.config = config;
        this.clock = clock;
        this.loop = new BatchLoop("outbox-relay", config.batchSize(), this::relayBatch, config::pollInterval,
                config.pollInterval());
    }

    void start(@Observes StartupEvent ignored) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten ignored) {
        loop.wakeUp();
    }

    /**
     * Publishes one batch; returns how many rows it settled (sent or parked). A batch with rows left unsent
     * (the broker away) counts as failed, so the loop waits before the next try.
     */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout((int) config.sendTimeout().toSeconds() + 10).call(() -> {
            List<OutboxEvent> batch = claim(config.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
            // Sent with the transaction suspended: context propagation would otherwise carry it to the Kafka
            // callback threads, and a commit that comes while a callback is still on its way out (the fast path,
            // one UPDATE marking the batch sent) fails with "multiple threads active" and repeats the batch.
            Transaction tx = transactions.suspend();
            try {
                for (OutboxEvent e : batch) {
                    acks.add(send(e));
                }
            } finally {
                transactions.resume(tx);
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // each row is settled by its own outcome below
            }
            var now = clock.instant();
            int settled = 0;
            List<Long> sent = new ArrayList<>(batch.size());
            Throwable retryable = null;
            for (int i = 0; i < batch.size(); i++) {
                OutboxEvent e = batch.get(i);
                CompletableFuture<Void> ack = acks.get(i);
                if (ack.isDone() && !ack.isCompletedExceptionally()) {
                    sent.add(e.id);
                    settled++;
                } else if (ack.isCompletedExceptionally()) {
                    Throwable failure = failure(ack);
                    if (SendFailures.isPermanent(failure)) {
                        park(e, now, String.valueOf(failure));
                        settled++;
                        LOG.errorf("outbox row %d (%s %s, key %s) refused by Kafka for good, parked: %s", e.id, e.type,
                                e.eventId, e.eventKey, failure);
                    } else if (retryable == null) {
                        retryable = failure;
                    }
                } else if (retryable == null) {
                    retryable = new TimeoutException("no acknowledgement within " + config.sendTimeout());
                }
            }
            markSent(sent, now);
            if (retryable != null) {
                LOG.warnf("outbox: %d of %d rows sent or parked; the rest are retried: %s", settled, batch.size(),
                        retryable);
                return 0;
            }
            return settled;
        });
    }

    /**
     * Claims up to {@code n} rows this relay may publish now, in id order; inside the caller's transaction. Read
     * with plain JDBC into detached {@link OutboxEvent}s: Hibernate's loading of each row as a managed entity was
     * the largest share of the relay's CPU once marking sent was one statement.
     */
    public List<OutboxEvent> claim(int n) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setInt(1, n);
                List<OutboxEvent> rows = new ArrayList<>(n);
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        OutboxEvent e = new OutboxEvent();
                        e.id = rs.getLong("id");
                        e.eventId = rs.getObject("event_id", UUID.class);
                        e.topic = rs.getString("topic");
                        e.type = rs.getString("type");
                        e.eventKey = rs.getString("event_key");
                        e.subject = rs.getString("subject");
                        e.payload = rs.getString("payload");
                        e.createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                        rows.add(e);
                    }
                }
                return rows;
            }
        });
    }

    /** A row Kafka refused for good: passed by from now on, with its error for the operator. */
    private void park(OutboxEvent e, Instant now, String error) {
        e.parkedAt = now;
        e.parkError = error;
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement park = connection.prepareStatement(PARK)) {
                park.setObject(1, now.atOffset(ZoneOffset.UTC));
                park.setString(2, error);
                park.setLong(3, e.id);
                park.executeUpdate();
            }
        });
    }

    /**
     * The acknowledged rows of a batch, sent in one statement rather than one UPDATE per entity at flush (the
     * relay's second-largest cost in the profile).
     */
    private void markSent(List<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(MARK_SENT)) {
                update.setObject(1, now.atOffset(ZoneOffset.UTC));
                update.setArray(2, connection.createArrayOf("bigint", ids.toArray(Long[]::new)));
                update.executeUpdate();
            }
        });
    }

    private CompletableFuture<Void> send(OutboxEvent e) {
        try {
            return emitter.sendMessage(toMessage(e)).subscribeAsCompletionStage();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private static Throwable failure(CompletableFuture<Void> ack) {
        try {
            ack.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    private Message<String> toMessage(OutboxEvent e) {
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(e.eventId.toString())
                .withType(e.type)
                .withSource(source)
                .withSubject(e.subject)
                .withDataContentType("application/json")
                .withTimestamp(e.createdAt.atZone(ZoneOffset.UTC))
                .build();
        var kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(e.eventKey).withTopic(e.topic).build();
        return Message.of(e.payload).addMetadata(cloudEvent).addMetadata(kafka);
    }
}
