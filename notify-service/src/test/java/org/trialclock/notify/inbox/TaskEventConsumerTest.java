package org.trialclock.notify.inbox;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class TaskEventConsumerTest {
    @Inject
    EntityManager em;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.broker().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    private static TaskPayload task(String team, String taskId, String enrollmentId, LocalDate due, String status, long version) {
        return new TaskPayload(taskId, enrollmentId, "ZJU-0001", "NCT07105579", "1", "blinatumomab-cycle", "CYCLE_START",
                "C1 start: blinatumomab 9 ug/day", 1, due, due.minusDays(3), due.plusDays(7), status, null, null, null,
                "zju", team, "Asia/Shanghai", version);
    }

    private void send(String eventId, String type, String key, String value) throws Exception {
        var record = new ProducerRecord<String, String>(EventTypes.TOPIC_TASKS, key, value);
        if (eventId != null) {
            record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private void send(String eventId, String type, TaskPayload task) throws Exception {
        send(eventId, type, task.enrollmentId(), Json.MAPPER.writeValueAsString(task));
    }

    @Test
    void a_scheduled_task_appears_in_its_team_inbox_once_however_often_it_is_delivered() throws Exception {
        String team = TestCallers.team("team");
        String taskId = UUID.randomUUID().toString();
        TaskPayload task = task(team, taskId, UUID.randomUUID().toString(), LocalDate.now().plusDays(5), "PLANNED", 1);
        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            send(eventId, EventTypes.TASK_SCHEDULED, task);
        }
        await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().statusCode(200)
                .body("upcoming", hasSize(1)).body("upcoming[0].id", equalTo(taskId)));
        assertThat(processed(eventId)).isEqualTo(1);
    }

    @Test
    void a_late_older_version_never_moves_a_task_backwards() throws Exception {
        String team = TestCallers.team("team");
        String taskId = UUID.randomUUID().toString();
        String enrollment = UUID.randomUUID().toString();
        LocalDate due = LocalDate.now().plusDays(3);
        send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, task(team, taskId, enrollment, due, "DUE", 2));
        String late = UUID.randomUUID().toString();
        send(late, EventTypes.TASK_SCHEDULED, task(team, taskId, enrollment, due, "PLANNED", 1));
        await().pollInSameThread().until(() -> processed(late) == 1);
        given().get("/teams/" + team + "/inbox").then().body("due", hasSize(1)).body("upcoming", hasSize(0));
    }

    @Test
    void a_poison_record_goes_to_the_dead_letter_topic_and_the_next_record_is_processed() throws Exception {
        String team = TestCallers.team("team");
        String poisonKey = UUID.randomUUID().toString();
        try (TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "trial-tasks-dlq")) {
            send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, poisonKey, "{not json");
            String taskId = UUID.randomUUID().toString();
            send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED,
                    task(team, taskId, UUID.randomUUID().toString(), LocalDate.now().plusDays(1), "PLANNED", 1));
            await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then()
                    .body("upcoming[0].id", equalTo(taskId)));
            await().untilAsserted(() -> assertThat(dlq.poll()).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(poisonKey);
                assertThat(TopicReader.header(r, "dead-letter-reason")).isNotBlank();
            }));
        }
    }

    @Test
    void a_burst_is_processed_in_one_transaction_per_polled_batch_each_event_once() throws Exception {
        String team = TestCallers.team("team");
        List<String> eventIds = new ArrayList<>();
        try (KafkaProducer<String, String> lingering = lingeringProducer()) {
            for (int i = 0; i < 300; i++) {
                String eventId = UUID.randomUUID().toString();
                eventIds.add(eventId);
                TaskPayload task = task(team, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                        LocalDate.now().plusDays(3), "PLANNED", 1);
                lingering.send(record(eventId, EventTypes.TASK_SCHEDULED, task));
                if (i % 10 == 0) { // the same event again in the same burst: its effect once
                    lingering.send(record(eventId, EventTypes.TASK_SCHEDULED, task));
                }
            }
        }
        await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().statusCode(200)
                .body("upcoming", hasSize(300)));
        // each transaction that marked events processed is one xmin: one per record before batches, a few now
        long transactions = ((Number) em.createNativeQuery(
                "SELECT count(DISTINCT xmin::text) FROM processed_event WHERE event_id IN (:ids)")
                .setParameter("ids", eventIds).getSingleResult()).longValue();
        assertThat(transactions).isLessThanOrEqualTo(30);
        assertThat(((Number) em.createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id IN (:ids)")
                .setParameter("ids", eventIds).getSingleResult()).longValue()).isEqualTo(300);
    }

    @Test
    void a_poison_record_in_a_burst_is_dead_lettered_alone_and_every_other_event_is_processed_once() throws Exception {
        String team = TestCallers.team("team");
        String poisonKey = UUID.randomUUID().toString();
        List<String> eventIds = new ArrayList<>();
        try (TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "trial-tasks-dlq");
             KafkaProducer<String, String> lingering = lingeringProducer()) {
            for (int i = 0; i < 100; i++) {
                if (i == 50) {
                    var poison = new ProducerRecord<String, String>(EventTypes.TOPIC_TASKS, poisonKey, "{not json");
                    poison.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                    poison.headers().add("ce_type", EventTypes.TASK_DUE.getBytes(StandardCharsets.UTF_8));
                    poison.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
                    lingering.send(poison);
                }
                String eventId = UUID.randomUUID().toString();
                eventIds.add(eventId);
                lingering.send(record(eventId, EventTypes.TASK_SCHEDULED, task(team, UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(), LocalDate.now().plusDays(3), "PLANNED", 1)));
            }
            lingering.flush();
            await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().statusCode(200)
                    .body("upcoming", hasSize(100)));
            assertThat(((Number) em.createNativeQuery(
                    "SELECT count(*) FROM processed_event WHERE event_id IN (:ids)")
                    .setParameter("ids", eventIds).getSingleResult()).longValue()).isEqualTo(100);
            await().untilAsserted(() -> assertThat(dlq.poll()).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(poisonKey);
                assertThat(TopicReader.header(r, "dead-letter-reason")).startsWith("unparseable");
            }));
        }
    }

    /** Holds records for 200 ms and sends them together, so the consumer polls them in few batches. */
    private static KafkaProducer<String, String> lingeringProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.broker().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 200, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20),
                new StringSerializer(), new StringSerializer());
    }

    private static ProducerRecord<String, String> record(String eventId, String type, TaskPayload task)
            throws Exception {
        var record = new ProducerRecord<>(EventTypes.TOPIC_TASKS, task.enrollmentId(),
                Json.MAPPER.writeValueAsString(task));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private long processed(String eventId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = :id")
                .setParameter("id", eventId).getSingleResult()).longValue();
    }
}
