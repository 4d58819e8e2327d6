package org.trialclock.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Consumers call it from an {@code @Incoming @Blocking(ordered = true)} method taking {@code Message<String>}
 * ({@link #take}) or, on a channel consuming polled batches ({@code batch=true}), {@code Message<List<String>>}
 * ({@link #takeAll}).
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

    /**
     * What a batch consumer does once per transaction around its events' effects: forget what an earlier (failed)
     * attempt collected when a transaction begins, and write what the effects collected, in as few statements as
     * it can, inside the transaction after them.
     */
    public interface Unit {
        void begin();

        void beforeCommit() throws Exception;
    }

    private static final Unit NO_UNIT = new Unit() {
        @Override
        public void begin() {
        }

        @Override
        public void beforeCommit() {
        }
    };

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
            Taken taken = Taken.of(message);
            Settled settled = taken.event() == null ? deadLetter(taken, taken.unreadable())
                    : settle(taken, effect, NO_UNIT);
            return switch (settled.fate()) {
                case DONE -> message.ack();
                case DEAD_LETTERED -> settled.deadLetter();
                case ABANDONED -> abandoned();
            };
        } finally {
            done();
        }
    }

    /**
     * Processes a polled batch ({@code batch=true} on the channel): every record of it in one transaction, so a
     * burst costs one commit per poll instead of one per record, each record still once by its CloudEvent id
     * (redeliveries and repeats within the batch are skipped). If that transaction fails, nothing of it stays and
     * the batch's records are settled one by one exactly as {@link #take} does, so a poison record is dead-lettered
     * alone and a database that is away is waited for, record by record, in order. The stage completes once every
     * record's fate is settled; then the batch's last offsets are acknowledged. {@code unit} is told when each
     * transaction begins and writes what the effects collected before it commits.
     */
    public CompletionStage<Void> takeAll(Message<List<String>> batch, Effect effect, Unit unit) {
        if (stopping) {
            return abandoned();
        }
        inFlight.incrementAndGet();
        try {
            IncomingKafkaRecordBatchMetadata<?, ?> polled = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                    .orElseThrow(() -> new IllegalStateException("not a Kafka batch"));
            List<Taken> records = new ArrayList<>(polled.count());
            for (Message<?> record : polled.getBatchedMessages()) {
                records.add(Taken.of(cast(record)));
            }
            List<CompletableFuture<Void>> deadLetters = new ArrayList<>();
            Set<Taken> deadLettered = new HashSet<>();
            List<Taken> readable = new ArrayList<>();
            for (Taken taken : records) {
                if (taken.event() == null) {
                    deadLetters.add(deadLetter(taken, taken.unreadable()).deadLetter().toCompletableFuture());
                    deadLettered.add(taken);
                } else {
                    readable.add(taken);
                }
            }
            if (!applyTogether(readable, effect, unit)) {
                for (Taken taken : readable) {
                    Settled settled = settle(taken, effect, unit);
                    if (settled.fate() == Fate.ABANDONED) {
                        return abandoned(); // none acknowledged: the done ones are skipped when delivered again
                    }
                    if (settled.fate() == Fate.DEAD_LETTERED) {
                        deadLetters.add(settled.deadLetter().toCompletableFuture());
                        deadLettered.add(taken);
                    }
                }
            }
            // The dead-letter strategy acknowledges what it moved; the rest is acknowledged by each partition's last
            // offset in the batch, which is the one offset the connector tracks for a batch.
            return CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new))
                    .thenCompose(ignored -> CompletableFuture.allOf(lastPerPartition(records).stream()
                            .filter(t -> !deadLettered.contains(t))
                            .map(t -> t.message().ack().toCompletableFuture())
                            .toArray(CompletableFuture[]::new)));
        } finally {
            done();
        }
    }

    /** The batch's effects in one transaction; false (and nothing written) if it failed. */
    private boolean applyTogether(List<Taken> records, Effect effect, Unit unit) {
        if (records.isEmpty()) {
            return true;
        }
        try {
            QuarkusTransaction.requiringNew().call(() -> {
                unit.begin();
                Set<ProcessedEvents.EventId> fresh = processed.firstTimes(records.stream().map(Taken::event).toList());
                for (Taken taken : records) {
                    // remove: the same event twice in one batch has its effect once
                    if (fresh.remove(ProcessedEvents.EventId.of(taken.event()))) {
                        try (LogContext ignored = LogContext.of(taken.event())) {
                            effect.apply(taken.event());
                        }
                    }
                }
                unit.beforeCommit();
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("a batch of %d record(s) failed together (%s); settling them one by one", records.size(),
                    rootMessage(e));
            return false;
        }
    }

    private void done() {
        inFlight.decrementAndGet();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private enum Fate { DONE, DEAD_LETTERED, ABANDONED }

    /** A record's fate; a dead-lettered one carries the stage of its move to the dead-letter topic. */
    private record Settled(Fate fate, CompletionStage<Void> deadLetter) {
        static final Settled DONE = new Settled(Fate.DONE, null);
        static final Settled ABANDONED = new Settled(Fate.ABANDONED, null);
    }

    /** A consumed record: its message, the Kafka record and its CloudEvent, or why it is not one. */
    private record Taken(Message<String> message, ConsumerRecord<String, String> record, CloudEventRecord event,
                         RuntimeException unreadable) {
        static Taken of(Message<String> message) {
            @SuppressWarnings("unchecked")
            ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> (ConsumerRecord<String, String>) m.getRecord())
                    .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
            try {
                return new Taken(message, record, CloudEventRecord.of(record), null);
            } catch (RuntimeException e) {
                return new Taken(message, record, null, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Message<String> cast(Message<?> message) {
        return (Message<String>) message;
    }

    private static List<Taken> lastPerPartition(List<Taken> records) {
        Map<TopicPartition, Taken> last = new HashMap<>();
        for (Taken taken : records) {
            last.merge(new TopicPartition(taken.record().topic(), taken.record().partition()), taken,
                    (a, b) -> a.record().offset() >= b.record().offset() ? a : b);
        }
        return List.copyOf(last.values());
    }

    /** One record, each attempt in its own transaction, until it is done, dead-lettered or abandoned. */
    private Settled settle(Taken taken, Effect effect, Unit unit) {
        CloudEventRecord event = taken.event();
        try (LogContext ignored = LogContext.of(event)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    QuarkusTransaction.requiringNew().call(() -> {
                        unit.begin();
                        if (processed.firstTime(event)) {
                            effect.apply(event);
                        }
                        unit.beforeCommit();
                        return null;
                    });
                    return Settled.DONE;
                } catch (RuntimeException e) {
                    if (stopping) {
                        LOG.infof("shutdown: %s %s abandoned after a failed attempt (%s); it will be delivered again",
                                event.type(), event.id(), e);
                        return Settled.ABANDONED;
                    }
                    FailurePolicy.Verdict verdict = FailurePolicy.judge(e);
                    if (verdict == FailurePolicy.Verdict.POISON
                            || (verdict == FailurePolicy.Verdict.UNEXPECTED && attempt >= config.unexpectedAttempts())) {
                        return deadLetter(taken, e);
                    }
                    Duration wait = backoff(attempt);
                    LOG.warnf("%s %s failed (%s, attempt %d): %s; retrying in %s", event.type(), event.id(), verdict,
                            attempt, rootMessage(e), wait);
                    if (!pause(wait)) {
                        LOG.infof("shutdown: %s %s abandoned while waiting to retry; it will be delivered again",
                                event.type(), event.id());
                        return Settled.ABANDONED;
                    }
                }
            }
        }
    }

    /** The event's ids in the log context (JSON logs in production) while it is processed. */
    private static final class LogContext implements AutoCloseable {
        static LogContext of(CloudEventRecord event) {
            MDC.put("cloudEventId", event.id());
            MDC.put("cloudEventType", event.type());
            if (event.key() != null) {
                MDC.put("enrollmentId", event.key());
            }
            return new LogContext();
        }

        @Override
        public void close() {
            MDC.remove("cloudEventId");
            MDC.remove("cloudEventType");
            MDC.remove("enrollmentId");
        }
    }

    private Settled deadLetter(Taken taken, Throwable failure) {
        ConsumerRecord<String, String> record = taken.record();
        PoisonRecord poison = failure instanceof PoisonRecord p ? p
                : new PoisonRecord(FailurePolicy.reason(failure), rootMessage(failure), failure);
        counter(record.topic(), poison.reason()).increment();
        LOG.errorf("dead-lettering %s[%d]@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key(), poison.getMessage());
        return new Settled(Fate.DEAD_LETTERED, taken.message().nack(poison));
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
