package org.trialclock.bench.run;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads {@code trial-tasks} from its end as the run goes on and notes when each task's first {@code task.due}
 * record arrived. A record the bench can read is one the broker has acknowledged to the relay (acks=all), so the arrival
 * of the last one is when the burst is done; the bench's consumer adds at most a poll round (a few ms) to that.
 */
final class DueWatcher implements AutoCloseable {
    static final String TOPIC = "trial-tasks";
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private Set<String> wanted = Set.of();
    private int matched;
    private final AtomicReference<ConsumerRecord<byte[], byte[]>> sample = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    DueWatcher(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(TOPIC, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "due-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                Instant now = Instant.now();
                if (!"trialclock.task.due".equals(header(r, "ce_type"))) {
                    continue;
                }
                String task = header(r, "ce_subject");
                if (task != null && seen.putIfAbsent(task, now) == null) {
                    sample.compareAndSet(null, r);
                    synchronized (this) {
                        if (wanted.contains(task)) {
                            matched++;
                        }
                    }
                }
            }
        }
        consumer.close();
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Counts from now on the due records of these tasks (by id), those already seen included. */
    synchronized void watch(Set<String> tasks) {
        wanted = tasks;
        matched = (int) tasks.stream().filter(seen::containsKey).count();
    }

    synchronized int count() {
        return matched;
    }

    /** When each watched task's due record arrived. */
    synchronized Map<String, Instant> arrivals() {
        Map<String, Instant> m = new HashMap<>();
        wanted.forEach(id -> {
            Instant at = seen.get(id);
            if (at != null) {
                m.put(id, at);
            }
        });
        return m;
    }

    Instant last() {
        return arrivals().values().stream().max(Instant::compareTo).orElse(null);
    }

    /** One real task.due record as the relay wrote it: the peer and the Kafka limit send copies of it. */
    ConsumerRecord<byte[], byte[]> sample() {
        return sample.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
