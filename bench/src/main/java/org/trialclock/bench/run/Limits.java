package org.trialclock.bench.run;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Step 7: what this machine's Kafka and PostgreSQL do with nothing of ours in between. */
final class Limits {
    private Limits() {}

    /** Idempotent producer with acks=all, as the relay's; the same partitions as trial-tasks. */
    static Properties producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    static void createTopic(Admin admin, String topic, int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Sends {@code count} copies of the sample record as fast as the producer takes them; records/s acknowledged.
     * Larger batches than the default (256 KiB, linger 10 ms) because this is the ceiling, not a setting we ship.
     */
    static double kafka(String bootstrap, String topic, ConsumerRecord<byte[], byte[]> sample, int count)
            throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Properties config = producer(bootstrap);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            // one record first, so the connection and the producer id are not part of the timing
            producer.send(copy(topic, sample, 0)).get();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(copy(topic, sample, i), (md, e) -> {
                    if (e != null) {
                        failed.set(e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed.get() != null) {
                throw failed.get();
            }
            return acked.get() / seconds;
        }
    }

    /** The sample record with its headers, keyed by one of 1,000 enrollments as the burst's records are. */
    static ProducerRecord<byte[], byte[]> copy(String topic, ConsumerRecord<byte[], byte[]> sample, int i) {
        byte[] key = sample.key().clone();
        // vary the last byte of the key so the records spread over the partitions as 1,000 enrollments do
        key[key.length - 1] = (byte) ('0' + i % 10);
        return new ProducerRecord<>(topic, null, key, sample.value(), sample.headers());
    }

    static int size(ConsumerRecord<byte[], byte[]> sample) {
        int size = sample.serializedKeySize() + sample.serializedValueSize();
        for (var h : sample.headers()) {
            size += h.key().length() + h.value().length;
        }
        return size;
    }

    /**
     * Claim-and-update in batches on a task-shaped table: {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP
     * LOCKED LIMIT n)}, each batch its own transaction, from {@code threads} connections; rows/s.
     */
    static double postgres(Settings s, int rows, int batch, int threads) throws Exception {
        try (Connection c = DriverManager.getConnection(s.peerJdbc(), s.dbUser(), s.dbPassword());
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS claim_limit");
            st.execute("""
                    CREATE TABLE claim_limit (id uuid PRIMARY KEY, enrollment_id uuid NOT NULL, status text NOT NULL,
                        title text NOT NULL, due_date date NOT NULL, window_end date NOT NULL, version bigint NOT NULL,
                        next_transition text, next_at timestamptz)""");
            st.execute("CREATE INDEX claim_limit_next_at ON claim_limit (next_at) WHERE next_at IS NOT NULL");
            st.execute("""
                    INSERT INTO claim_limit SELECT gen_random_uuid(), gen_random_uuid(), 'PLANNED',
                        'Bench lab check ' || n, current_date, current_date + 30, 0, 'DUE', now() - interval '1 second'
                    FROM generate_series(1, %d) n""".formatted(rows));
            st.execute("ANALYZE claim_limit");
        }
        AtomicLong updated = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(s.peerJdbc(), s.dbUser(), s.dbPassword());
                     Statement st = c.createStatement()) {
                    int n;
                    do {
                        n = st.executeUpdate("""
                                UPDATE claim_limit SET status = 'DUE', version = version + 1,
                                    next_transition = 'OVERDUE', next_at = now() + interval '30 days'
                                WHERE id IN (SELECT id FROM claim_limit WHERE next_at <= now() ORDER BY next_at
                                             LIMIT %d FOR UPDATE SKIP LOCKED)""".formatted(batch));
                        updated.addAndGet(n);
                    } while (n > 0);
                } catch (SQLException e) {
                    failed.set(e);
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() != null) {
            throw failed.get();
        }
        return updated.get() / seconds;
    }
}
