package org.trialclock.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where every consumed record of both services goes through: once per CloudEvent (by {@link ProcessedEvents}),
 * each attempt in its own transaction, and its fate decided by {@link FailurePolicy}:
 * <ul>
 *   <li>done: acknowledged (its offset may be committed);</li>
 *   <li>transient failure (the database away, a lock or serialization conflict): retried with capped exponential
 *   backoff, holding the partition's place, for as long as it takes;</li>
 *   <li>poison: nacked with its reason, which the channel's dead-letter strategy sends to the dead-letter topic
 *   (header {@code dead-letter-reason}) and counts in {@code trialclock_dead_lettered_total};</li>
 *   <li>shutting down: abandoned, neither acknowledged nor dead-lettered, so it is delivered again after the
 *   restart. A shutdown stops taking records, lets the one in hand finish (bounded by
 *   {@link RedeliveryConfig#shutdownGrace()}), and only then lets Hibernate and the pool close.</li>
 * </ul>
 * Consumers call it from an {@code @Incoming @Blocking(ordered = true)} method taking {@code Message<String>}.
 */
@ApplicationScoped
public class Inbox {
    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");

    /** The effect of one event, run inside the attempt's transaction after the event was found new. */
    @FunctionalInterface
    public interface Effect {
        void apply(CloudEventRecord event) throws Exception;
    }

    private final ProcessedEvents processed;
    private final RedeliveryConfig config;
    private final MeterRegistry registry;
    private final Config settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object signal = new Object();
    private final ConcurrentHashMap<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    Inbox(ProcessedEvents processed, RedeliveryConfig config, MeterRegistry registry, Config settings) {
        this.processed = processed;
        this.config = config;
        this.registry = registry;
        this.settings = settings;
    }

    /** Registers the dead-letter counters of every consumed topic, so they read 0 before the first failure. */
    void registerMeters(@Observes StartupEvent ignored) {
        for (String name : settings.getPropertyNames()) {
            Matcher m = INCOMING_TOPIC.matcher(name);
            if (m.matches()) {
                String topic = settings.getValue(name, String.class);
                for (PoisonRecord.Reason reason : PoisonRecord.Reason.values()) {
                    counter(topic, reason);
                }
            }
        }
    }

    /** Runs before the Kafka connector, Hibernate and the pool are closed. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent ignored) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        synchronized (signal) {
            signal.notifyAll();
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("shutdown: %d record(s) still in hand after %s; they will be delivered again",
                            inFlight.get(), config.shutdownGrace());
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    /** True from the moment a shutdown begins: no record is taken any more. */
    public boolean stopping() {
        return stopping;
    }

    /** Processes one record; the returned stage completes once its fate is settled. */
    public CompletionStage<Void> take(Message<String> message, Effect effect) {
        if (stopping) {
            return abandoned();
        }
        inFlight.incrementAndGet();
        try {
            return process(message, effect);
        } finally {
            inFlight.decrementAndGet();
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    private CompletionStage<Void> process(Message<String> message, Effect effect) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, String>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        CloudEventRecord event;
        try {
            event = CloudEventRecord.of(record);
        } catch (RuntimeException e) {
            return deadLetter(message, record, e);
        }
        MDC.put("cloudEventId", event.id());
        MDC.put("cloudEventType", event.type());
        if (event.key() != null) {
            MDC.put("enrollmentId", event.key());
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    QuarkusTransaction.requiringNew().call(() -> {
                        if (processed.firstTime(event)) {
                            effect.apply(event);
                        }
                        return null;
                    });
                    return message.ack();
                } catch (RuntimeException e) {
                    if (stopping) {
                        LOG.infof("shutdown: %s %s abandoned after a failed attempt (%s); it will be delivered again",
                                event.type(), event.id(), e);
                        return abandoned();
                    }
                    FailurePolicy.Verdict verdict = FailurePolicy.judge(e);
                    if (verdict == FailurePolicy.Verdict.POISON
                            || (verdict == FailurePolicy.Verdict.UNEXPECTED && attempt >= config.unexpectedAttempts())) {
                        return deadLetter(message, record, e);
                    }
                    Duration wait = backoff(attempt);
                    LOG.warnf("%s %s failed (%s, attempt %d): %s; retrying in %s", event.type(), event.id(), verdict,
                            attempt, rootMessage(e), wait);
                    if (!pause(wait)) {
                        LOG.infof("shutdown: %s %s abandoned while waiting to retry; it will be delivered again",
                                event.type(), event.id());
                        return abandoned();
                    }
                }
            }
        } finally {
            MDC.remove("cloudEventId");
            MDC.remove("cloudEventType");
            MDC.remove("enrollmentId");
        }
    }

    private CompletionStage<Void> deadLetter(Message<String> message, ConsumerRecord<String, String> record,
                                             Throwable failure) {
        PoisonRecord poison = failure instanceof PoisonRecord p ? p
                : new PoisonRecord(FailurePolicy.reason(failure), rootMessage(failure), failure);
        counter(record.topic(), poison.reason()).increment();
        LOG.errorf("dead-lettering %s[%d]@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key(), poison.getMessage());
        return message.nack(poison);
    }

    /** Neither acknowledged nor dead-lettered: its offset is not committed, so the next consumer gets it again. */
    private static CompletionStage<Void> abandoned() {
        return CompletableFuture.completedFuture(null);
    }

    private Duration backoff(int attempt) {
        long millis = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    /** Waits, unless a shutdown begins; returns false if it did. */
    private boolean pause(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (signal) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private Counter counter(String topic, PoisonRecord.Reason reason) {
        return deadLettered.computeIfAbsent(topic + "|" + reason, k -> Counter.builder("trialclock.dead.lettered")
                .description("Consumed records moved to the dead-letter topic, by consumed topic and reason")
                .tag("topic", topic).tag("reason", reason.tag()).register(registry));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
