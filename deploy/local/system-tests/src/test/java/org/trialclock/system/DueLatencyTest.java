package org.trialclock.system;

import org.trialclock.stack.TestCallers;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.trialclock.stack.TopicReader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures, at the default settings, how long after its due instant a task's {@code task.due} is on Kafka. It
 * prints what it measured; it asserts only that every task came due, never a timing (this machine is noisy).
 */
@Order(2)
class DueLatencyTest {
    private static final int TASKS = 300;

    @BeforeAll
    static void startStack() throws Exception {
        Stack.shared();
    }

    @Test
    void prints_the_due_latency_of_tasks_coming_due_one_after_another() throws Exception {
        Stack stack = Stack.shared();
        String team = TestCallers.team("latency");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String enrollmentId = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON).body("""
                {"subjectId":"LAT-%s","protocolId":"BLINA-PRE-HSCT-RCT","arm":"DIRECT_HSCT","siteId":"zju",
                 "careTeam":"%s","timezone":"Asia/Shanghai","anchors":{"RANDOMIZATION":"%s"}}"""
                .formatted(team, team, today)).post("/enrollments").then().statusCode(201)
                .extract().path("id");

        // One task due every 20 ms for 6 seconds, starting in 2 seconds.
        Instant first = Instant.now().plusSeconds(2);
        Map<String, Instant> dueAt = new HashMap<>();
        try (Connection db = stack.scheduleDatabase(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start, window_end,
                                  status, reminder_days, version, next_transition, next_at)
                VALUES (CAST(? AS uuid), CAST(? AS uuid), ?, 'latency', 'LAB_CHECK', 'Blood count', ?, ?, ?,
                        'PLANNED', 0, 1, 'DUE', ?)""")) {
            for (int i = 0; i < TASKS; i++) {
                String id = UUID.randomUUID().toString();
                Instant at = first.plusMillis(20L * i);
                dueAt.put(id, at);
                insert.setString(1, id);
                insert.setString(2, enrollmentId);
                insert.setString(3, "latency." + i);
                insert.setObject(4, today);
                insert.setObject(5, today);
                insert.setObject(6, today.plusDays(7));
                insert.setTimestamp(7, Timestamp.from(at));
                insert.addBatch();
            }
            insert.executeBatch();
        }

        List<Long> latencies = new ArrayList<>();
        try (TopicReader reader = new TopicReader(stack.broker.bootstrapServers(), "trial-tasks")) {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (latencies.size() < TASKS && System.nanoTime() < until) {
                latencies.clear();
                for (ConsumerRecord<String, String> r : reader.poll()) {
                    Instant due = dueAt.get(TopicReader.header(r, "ce_subject"));
                    if (due != null && "trialclock.task.due".equals(TopicReader.header(r, "ce_type"))) {
                        latencies.add(r.timestamp() - due.toEpochMilli());
                    }
                }
            }
        }
        assertThat(latencies).hasSize(TASKS);
        latencies.sort(null);
        System.out.printf("due latency (due instant -> record on Kafka, producer timestamp), %d tasks due 20 ms apart,"
                        + " default settings: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n", TASKS,
                latencies.get(TASKS / 2), latencies.get(TASKS * 9 / 10), latencies.get(TASKS * 99 / 100),
                latencies.get(TASKS - 1));
        stack.retireTasksOf(enrollmentId);
    }
}
