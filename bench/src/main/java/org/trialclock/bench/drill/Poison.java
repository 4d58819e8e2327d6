package org.trialclock.bench.drill;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drill 7: mid-burst, records that can never be processed arrive on every input topic (trial-tasks for
 * notify-service, task-completions and enrollments for schedule-service): not JSON, no CloudEvent headers, an
 * unknown type, a referenced task that does not exist, and a 900 KB record; and schedule-service's outbox gets a
 * 2 MB row that Kafka refuses. They belong in the dead-letter topics (or parked); the burst must flow past them.
 */
final class Poison implements Drill {
    private static final Map<String, String> TYPES = Map.of(
            "trial-tasks", "trialclock.task.due",
            "task-completions", "trialclock.task.completed",
            "enrollments", "trialclock.enrollment.requested");

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public int defaultTasks() {
        return 500;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        long point = drill.share(0.1 + 0.3 * drill.random().nextDouble());
        var at = drill.awaitProgress(p -> p.dueTasks() >= point, Duration.ofMinutes(3));
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, drill.stack().settings().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (var topic : TYPES.entrySet()) {
                for (ProducerRecord<String, String> poison : poison(topic.getKey(), topic.getValue())) {
                    producer.send(poison).get();
                    sent++;
                }
            }
        }
        try (Connection db = drill.stack().scheduleDatabase(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO outbox (event_id, topic, type, event_key, subject, payload, created_at)
                VALUES (gen_random_uuid(), 'trial-tasks', 'trialclock.task.due', ?, NULL,
                        jsonb_build_object('id', CAST(gen_random_uuid() AS text), 'title', repeat('x', 2000000)), now())""")) {
            insert.setString(1, "poison-" + UUID.randomUUID());
            insert.executeUpdate();
        }
        DrillContext.log("at " + at + ": " + sent + " poison records on " + TYPES.keySet()
                + " and one 2 MB row in schedule-service's outbox");
    }

    private static List<ProducerRecord<String, String>> poison(String topic, String type) {
        String huge = "{\"id\":\"" + UUID.randomUUID() + "\",\"note\":\"" + "y".repeat(900_000) + "\"}";
        String missingTask = "{\"id\":\"" + UUID.randomUUID() + "\",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"enrollmentId\":\"" + UUID.randomUUID() + "\"}";
        return List.of(
                record(topic, type, "{not json"),
                new ProducerRecord<>(topic, "poison-" + UUID.randomUUID(), "{\"no\":\"headers\"}"),
                record(topic, "trialclock.task.exploded", "{}"),
                record(topic, type, missingTask),
                record(topic, type, huge));
    }

    private static ProducerRecord<String, String> record(String topic, String type, String value) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, "poison-" + UUID.randomUUID(), value);
        r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                .add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/drills/poison".getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
