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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The honest crash: schedule-service is killed with SIGKILL while it dispatches and relays 2,000 tasks that came
 * due together, then started again. Every transition must reach the care team's view exactly once.
 */
@Order(3)
class KilledReplicaTest {
    private static final int TASKS = 2000;
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void a_schedule_service_killed_mid_dispatch_loses_no_transition_and_the_team_counts_each_once() throws Exception {
        String team = TestCallers.team("load");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String enrollmentId = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON).body("""
                {"subjectId":"LOAD-%s","protocolId":"BLINA-PRE-HSCT-RCT","arm":"DIRECT_HSCT","siteId":"zju",
                 "careTeam":"%s","timezone":"Asia/Shanghai","anchors":{"RANDOMIZATION":"%s"}}"""
                .formatted(team, team, today)).post("/enrollments").then().statusCode(201)
                .extract().path("id");

        // 2,000 blood counts all due in three seconds, written as another replica would write them.
        Instant dueAt = Instant.now().plusSeconds(3);
        try (Connection db = stack.scheduleDatabase(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start, window_end,
                                  status, reminder_days, version, next_transition, next_at)
                SELECT gen_random_uuid(), CAST(? AS uuid), 'load.' || n, 'load', 'LAB_CHECK', 'Blood count ' || n,
                       ?, ?, ?, 'PLANNED', 0, 1, 'DUE', ?
                FROM generate_series(1, ?) AS n""")) {
            insert.setString(1, enrollmentId);
            insert.setObject(2, today);
            insert.setObject(3, today);
            insert.setObject(4, today.plusDays(7));
            insert.setTimestamp(5, Timestamp.from(dueAt));
            insert.setInt(6, TASKS);
            insert.executeUpdate();
        }

        // Kill it as soon as it is part-way: some tasks moved or some events still unsent.
        String killedWhen = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (killedWhen == null && System.nanoTime() < deadline) {
            long due = count("SELECT count(*) FROM task WHERE enrollment_id = CAST(? AS uuid) AND status = 'DUE'", enrollmentId);
            long unsent = count("SELECT count(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL", enrollmentId);
            if ((due > 0 && due < TASKS) || (due == TASKS && unsent > 0)) {
                stack.schedule.kill();
                killedWhen = due + " of " + TASKS + " tasks moved, " + unsent + " events unsent";
            }
        }
        assertThat(killedWhen).as("caught the dispatch in the act").isNotNull();
        System.out.println("schedule-service killed (SIGKILL) with " + killedWhen);
        stack.schedule = stack.schedule.restart();
        stack.awaitReady();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM task WHERE enrollment_id = CAST(? AS uuid) AND status = 'DUE'", enrollmentId))
                    .isEqualTo(TASKS);
            assertThat(count("SELECT count(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL", enrollmentId)).isZero();
        });

        Map<String, Set<String>> dueEventsPerTask = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        int records = 0;
        try (TopicReader reader = new TopicReader(stack.broker.bootstrapServers(), "trial-tasks")) {
            List<ConsumerRecord<String, String>> seen = List.of();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (dueEventsPerTask.size() < TASKS && System.nanoTime() < until) {
                seen = reader.poll();
                dueEventsPerTask.clear();
                for (ConsumerRecord<String, String> r : seen) {
                    if (enrollmentId.equals(r.key()) && "trialclock.task.due".equals(TopicReader.header(r, "ce_type"))) {
                        dueEventsPerTask.computeIfAbsent(TopicReader.header(r, "ce_subject"), k -> new HashSet<>())
                                .add(TopicReader.header(r, "ce_id"));
                    }
                }
            }
            for (ConsumerRecord<String, String> r : seen) {
                if (enrollmentId.equals(r.key()) && "trialclock.task.due".equals(TopicReader.header(r, "ce_type"))) {
                    records++;
                    latencies.add(r.timestamp() - dueAt.toEpochMilli());
                }
            }
        }
        assertThat(dueEventsPerTask).hasSize(TASKS);
        assertThat(dueEventsPerTask.values()).allSatisfy(ids -> assertThat(ids).as("one transition per task").hasSize(1));

        // The consumer's effect: every task DUE in the team's view, each due event processed once.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(notifyCount(
                "SELECT count(*) FROM task_view WHERE care_team = ? AND status = 'DUE'", team)).isEqualTo(TASKS));

        latencies.sort(null);
        System.out.printf("due latency (due instant -> record on Kafka) over %d records (%d redelivered after the kill),"
                        + " including the kill and restart: p50 %d ms, p99 %d ms, max %d ms%n",
                records, records - TASKS, latencies.get(latencies.size() / 2),
                latencies.get((int) (latencies.size() * 0.99)), latencies.get(latencies.size() - 1));
        stack.retireTasksOf(enrollmentId);
    }

    private static long count(String sql, String parameter) throws SQLException {
        try (Connection db = stack.scheduleDatabase()) {
            return count(db, sql, parameter);
        }
    }

    private static long notifyCount(String sql, String parameter) throws SQLException {
        try (Connection db = stack.notifyDatabase()) {
            return count(db, sql, parameter);
        }
    }

    private static long count(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
