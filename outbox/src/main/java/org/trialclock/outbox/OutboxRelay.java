package org.trialclock.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Publishes committed outbox rows to Kafka: claims a batch with {@code FOR UPDATE SKIP LOCKED}, sends it in id
 * order, waits for the broker's acknowledgements (acks=all, idempotent producer) and marks the rows sent in the
 * same transaction. A failure rolls the batch back, so rows are never lost; a resend after a crash may repeat
 * an event, which consumers drop by CloudEvent id.
 *
 * <p>Order per enrollment holds across replicas: a relay only takes rows of enrollments whose transaction-scoped
 * advisory lock it holds, so two relays never publish the same enrollment's rows side by side. Within a process
 * one relay thread publishes batches one after the other.
 */
@ApplicationScoped
public class OutboxRelay {
    /** The channel every outbox row is sent through; each row names its own topic. */
    public static final String CHANNEL = "outbox";

    private final EntityManager em;
    private final MutinyEmitter<String> emitter;
    private final URI source;
    private final RelayConfig config;
    private final Clock clock;
    private final BatchLoop loop;

    OutboxRelay(EntityManager em, @Channel(CHANNEL) MutinyEmitter<String> emitter, RelayConfig config, Clock clock,
                @ConfigProperty(name = "quarkus.application.name") String service) {
        this.em = em;
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

    /** Publishes one batch; returns how many rows it relayed. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout((int) config.sendTimeout().toSeconds() + 10).call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxEvent> batch = em.createNativeQuery("""
                    SELECT * FROM outbox
                    WHERE sent_at IS NULL AND pg_try_advisory_xact_lock(hashtextextended(event_key, 7))
                    ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED""",
                    OutboxEvent.class).setParameter("n", config.batchSize()).getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            List<Uni<Void>> acks = batch.stream().map(e -> emitter.sendMessage(toMessage(e))).toList();
            Uni.join().all(acks).andFailFast().await().atMost(config.sendTimeout());
            var now = clock.instant();
            batch.forEach(e -> e.sentAt = now);
            return batch.size();
        });
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
