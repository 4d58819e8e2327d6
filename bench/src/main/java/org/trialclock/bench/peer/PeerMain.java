package org.trialclock.bench.peer;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 6, run in a JVM of its own so its memory and CPU are measured apart: db-scheduler (lock-and-fetch polling)
 * executes {@code count} one-time tasks that are all due, each sending the sample record to Kafka with an
 * idempotent acks=all producer and waiting for the acknowledgement before the execution completes, which is what
 * "dispatched" means for us too. Prints one line: {@code peer threads=N count=N seconds=S per_s=R}.
 *
 * <p>Arguments: jdbc-url user password bootstrap topic count threads sample-file timeout-seconds.
 */
public final class PeerMain {
    private PeerMain() {}

    public static void main(String[] args) throws Exception {
        String jdbc = args[0], user = args[1], password = args[2], bootstrap = args[3], topic = args[4];
        int count = Integer.parseInt(args[5]);
        int threads = Integer.parseInt(args[6]);
        SampleRecord sample = SampleRecord.read(Path.of(args[7]));
        int timeoutSeconds = Integer.parseInt(args[8]);

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbc);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(threads + 4);
        try (HikariDataSource ds = new HikariDataSource(pool);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producer(bootstrap))) {
            createTable(ds, count);
            producer.send(sample.copy(topic, 0)).get(); // connection and producer id outside the timing

            AtomicInteger sent = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(count);
            OneTimeTask<Void> send = Tasks.oneTime("send-due").execute((instance, ctx) -> {
                try {
                    int i = sent.getAndIncrement();
                    producer.send(sample.copy(topic, i)).get();
                    done.countDown();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Scheduler scheduler = Scheduler.create(ds, send)
                    .threads(threads)
                    // its documented high-throughput mode: fetch and lock in one statement, refill at half the queue
                    .pollUsingLockAndFetch(0.5, 3.0)
                    .pollingInterval(Duration.ofSeconds(1))
                    .build();
            long start = System.nanoTime();
            scheduler.start();
            boolean all = done.await(timeoutSeconds, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            scheduler.stop();
            int finished = count - (int) done.getCount();
            System.out.printf("peer threads=%d count=%d finished=%d complete=%s seconds=%.2f per_s=%.1f%n",
                    threads, count, finished, all, seconds, finished / seconds);
        }
    }

    static Properties producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** db-scheduler's PostgreSQL table (its postgresql_tables.sql), filled with {@code count} due executions. */
    private static void createTable(HikariDataSource ds, int count) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS scheduled_tasks");
            st.execute("""
                    CREATE TABLE scheduled_tasks (
                        task_name text NOT NULL,
                        task_instance text NOT NULL,
                        task_data bytea,
                        execution_time timestamp with time zone NOT NULL,
                        picked boolean NOT NULL,
                        picked_by text,
                        last_success timestamp with time zone,
                        last_failure timestamp with time zone,
                        consecutive_failures int,
                        last_heartbeat timestamp with time zone,
                        version bigint NOT NULL,
                        priority smallint,
                        PRIMARY KEY (task_name, task_instance))""");
            st.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            st.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            st.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
            st.execute("""
                    INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                    SELECT 'send-due', 'due-' || n, now() - interval '1 second', false, 1, 0
                    FROM generate_series(1, %d) n""".formatted(count));
            st.execute("ANALYZE scheduled_tasks");
        }
    }
}
