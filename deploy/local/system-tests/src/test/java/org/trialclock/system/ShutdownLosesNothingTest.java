package org.trialclock.system;

import io.restassured.http.ContentType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.stack.TopicReader;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling update as Kubernetes does it: each service gets SIGTERM while it consumes a burst (notify-service 3,000
 * due alerts, schedule-service 400 enrollment requests), then starts again. The shutdown must dead-letter and
 * acknowledge nothing it did not finish: afterwards every alert is in the team's view and notified once, every
 * enrollment exists, and the dead-letter topics hold none of them.
 */
@Order(4)
class ShutdownLosesNothingTest {
    private static final int TASKS = 3000;
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void a_notify_service_stopped_with_sigterm_mid_burst_dead_letters_nothing_and_loses_no_alert() throws Exception {
        String team = org.trialclock.stack.TestCallers.team("rolling");
        given().baseUri(stack.notify.url()).contentType(ContentType.JSON).body(Map.of("name", "Rolling update team",
                        "members", List.of(Map.of("name", "nurse-li", "role", "NURSE", "email", "nurse-li@" + team + ".test"))))
                .put("/teams/" + team).then().statusCode(201);

        List<String> enrollments = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString());
        LocalDate today = LocalDate.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "20"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < TASKS; i++) {
                String enrollment = enrollments.get(i % enrollments.size());
                TaskPayload task = new TaskPayload(UUID.randomUUID().toString(), enrollment, "ROLL-" + (i % 4),
                        "NCT07105579", "1", "load", "LAB_CHECK", "Blood count " + i, null, today, today,
                        today.plusDays(7), "DUE", null, null, null, "zju", team, "Asia/Shanghai", 2);
                var record = new ProducerRecord<>(EventTypes.TOPIC_TASKS, enrollment, Json.MAPPER.writeValueAsString(task));
                header(record, "ce_id", UUID.randomUUID().toString());
                header(record, "ce_type", EventTypes.TASK_DUE);
                header(record, "ce_source", "/trialclock/schedule-service");
                header(record, "ce_specversion", "1.0");
                producer.send(record);
            }
            producer.flush();
        }

        // SIGTERM part-way through the burst
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> viewCount(team) >= 300);
        long before = viewCount(team);
        stack.notify.close();
        long atStop = viewCount(team);
        System.out.printf("notify-service stopped (SIGTERM) with %d then %d of %d due alerts processed%n",
                before, atStop, TASKS);
        assertThat(atStop).as("stopped mid-burst").isLessThan(TASKS);

        stack.notify = stack.notify.restart();
        stack.awaitReady();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> viewCount(team) == TASKS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(notificationCount(team)).isEqualTo(TASKS));

        Set<String> ours = Set.copyOf(enrollments);
        try (TopicReader dlq = new TopicReader(stack.broker.bootstrapServers(), "trial-tasks-dlq")) {
            List<String> reasons = new ArrayList<>();
            // the topic is read to its end a few times over: nothing of this burst may be in it
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
                reasons.clear();
                reasons.addAll(dlq.poll().stream().filter(r -> ours.contains(r.key()))
                        .map(r -> TopicReader.header(r, "dead-letter-reason")).collect(Collectors.toList()));
                return reasons.isEmpty();
            });
            assertThat(reasons).as("dead-lettered by the shutdown").isEmpty();
        }
        // The burst's 3,000 emails are not what this test checks; left queued, they hold the shared stack's one mail
        // relay (8 sends at a time) for minutes and later tests' emails wait behind them. Retire them.
        try (Connection db = stack.notifyDatabase(); var retire = db.prepareStatement("""
                UPDATE notification SET state = 'FAILED', next_attempt_at = NULL, last_error = 'load test over'
                WHERE care_team = ? AND state IN ('PENDING', 'UNCERTAIN')""")) {
            retire.setString(1, team);
            retire.executeUpdate();
        }
    }

    @Test
    void a_schedule_service_stopped_with_sigterm_mid_burst_dead_letters_no_enrollment_and_loses_none() throws Exception {
        int requests = 400;
        String team = org.trialclock.stack.TestCallers.team("rolling");
        LocalDate randomization = LocalDate.now().plusDays(30); // nothing of these patients' own falls due here
        List<String> keys = List.of("ext-a-" + team, "ext-b-" + team, "ext-c-" + team);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "20"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < requests; i++) {
                var record = new ProducerRecord<>(EventTypes.TOPIC_ENROLLMENTS, keys.get(i % keys.size()), """
                        {"subjectId":"ROLL-%s-%d","protocolId":"BLINA-PRE-HSCT-RCT","arm":"DIRECT_HSCT","siteId":"zju",
                         "careTeam":"%s","timezone":"Asia/Shanghai","anchors":{"RANDOMIZATION":"%s"}}"""
                        .formatted(team, i, team, randomization));
                header(record, "ce_id", UUID.randomUUID().toString());
                header(record, "ce_type", EventTypes.ENROLLMENT_REQUESTED);
                header(record, "ce_source", "/registry");
                header(record, "ce_specversion", "1.0");
                producer.send(record);
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> enrollmentCount(team) >= 30);
        stack.schedule.close();
        long atStop = enrollmentCount(team);
        System.out.printf("schedule-service stopped (SIGTERM) with %d of %d enrollment requests processed%n",
                atStop, requests);
        assertThat(atStop).as("stopped mid-burst").isLessThan(requests);

        stack.schedule = stack.schedule.restart();
        stack.awaitReady();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> enrollmentCount(team) == requests);
        Set<String> ours = Set.copyOf(keys);
        try (TopicReader dlq = new TopicReader(stack.broker.bootstrapServers(), "enrollments-dlq")) {
            List<String> reasons = new ArrayList<>();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
                reasons.clear();
                reasons.addAll(dlq.poll().stream().filter(r -> ours.contains(r.key()))
                        .map(r -> TopicReader.header(r, "dead-letter-reason")).collect(Collectors.toList()));
                return reasons.isEmpty();
            });
            assertThat(reasons).as("dead-lettered by the shutdown").isEmpty();
        }
        try (Connection db = stack.scheduleDatabase(); var retire = db.prepareStatement("""
                UPDATE task SET status = 'CANCELLED', status_reason = 'load test over', next_transition = NULL,
                                next_at = NULL
                WHERE enrollment_id IN (SELECT id FROM enrollment WHERE care_team = ?)""")) {
            retire.setString(1, team);
            retire.executeUpdate();
        }
    }

    private static long enrollmentCount(String team) throws SQLException {
        try (Connection db = stack.scheduleDatabase();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM enrollment WHERE care_team = ?")) {
            query.setString(1, team);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static long viewCount(String team) throws SQLException {
        return count("SELECT count(*) FROM task_view WHERE care_team = ?", team);
    }

    private static long notificationCount(String team) throws SQLException {
        return count("SELECT count(*) FROM notification WHERE care_team = ? AND event_type = 'trialclock.task.due'", team);
    }

    private static long count(String sql, String parameter) throws SQLException {
        try (Connection db = stack.notifyDatabase(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
