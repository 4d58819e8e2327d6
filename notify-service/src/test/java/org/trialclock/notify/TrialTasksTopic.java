package org.trialclock.notify;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.stack.KafkaBrokerResource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** Plays schedule-service in tests: publishes binary-mode CloudEvents on {@code trial-tasks}. */
public final class TrialTasksTopic implements AutoCloseable {
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());

    /** NCT07105579's cycle 1 day 4 dose step-up for subject ZJU-0001 of {@code team}, due on {@code due}. */
    public static TaskPayload doseStepUp(String team, LocalDate due, String status, long version) {
        return new TaskPayload(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "ZJU-0001", "NCT07105579",
                "1", "blinatumomab-c1-step-up", "DOSE_CHANGE", "C1 day 4: raise blinatumomab to 28 ug/day", 1, due,
                due, due.plusDays(1), status, null,
                new TaskPayload.Dose(new BigDecimal("28"), "ug", "day", null, "28 ug/day"), null,
                "zju", team, "Asia/Shanghai", version);
    }

    public static TaskPayload with(TaskPayload t, String status, long version) {
        return new TaskPayload(t.id(), t.enrollmentId(), t.subjectId(), t.protocolId(), t.protocolVersion(),
                t.activity(), t.kind(), t.title(), t.cycle(), t.dueDate(), t.windowStart(), t.windowEnd(), status,
                t.statusReason(), t.dose(), t.gate(), t.siteId(), t.careTeam(), t.timezone(), version);
    }

    /** Another task of the same patient (same Kafka key, so it is consumed after the earlier ones). */
    public static TaskPayload sameSubject(TaskPayload t, String title, LocalDate due) {
        return new TaskPayload(UUID.randomUUID().toString(), t.enrollmentId(), t.subjectId(), t.protocolId(),
                t.protocolVersion(), t.activity(), t.kind(), title, t.cycle(), due, due, due.plusDays(1), "PLANNED",
                null, null, null, t.siteId(), t.careTeam(), t.timezone(), 1);
    }

    public void send(String eventId, String type, String key, Object payload) throws Exception {
        var record = new ProducerRecord<>(EventTypes.TOPIC_TASKS, key, Json.MAPPER.writeValueAsString(payload));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    public void send(String eventId, String type, TaskPayload task) throws Exception {
        send(eventId, type, task.enrollmentId(), task);
    }

    @Override
    public void close() {
        producer.close();
    }
}
