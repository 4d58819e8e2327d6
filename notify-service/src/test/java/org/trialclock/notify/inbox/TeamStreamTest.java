package org.trialclock.notify.inbox;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class TeamStreamTest {
    @TestHTTPResource("/")
    URI root;

    @Inject
    Clock clock;

    @Test
    void a_follower_of_the_team_stream_sees_each_task_change_and_alert_once() throws Exception {
        String team = TestCallers.team("stream");
        List<String> data = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(root.resolve("/teams/" + team + "/stream"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", TestCallers.bearer("nurse-li", List.of("care-team"), List.of(team)).getValue())
                        .build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try (Stream<String> lines = response.join().body()) {
                lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).forEach(data::add);
            } catch (RuntimeException closed) {
                // the test is over
            }
        });
        reader.setDaemon(true);
        reader.start();
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            await().until(() -> data.stream().anyMatch(d -> d.contains(TeamEvent.OPENED)));

            LocalDate today = LocalDate.now(clock);
            TaskPayload task = TrialTasksTopic.doseStepUp(team, today.plusDays(2), "PLANNED", 1);
            String scheduled = UUID.randomUUID().toString();
            String due = UUID.randomUUID().toString();
            String alert = UUID.randomUUID().toString();
            topic.send(scheduled, EventTypes.TASK_SCHEDULED, task);
            topic.send(due, EventTypes.TASK_DUE, TrialTasksTopic.with(task, "DUE", 2));
            topic.send(due, EventTypes.TASK_DUE, TrialTasksTopic.with(task, "DUE", 2));
            topic.send(alert, EventTypes.ENROLLMENT_ALERT, task.enrollmentId(), new EnrollmentAlertPayload(
                    UUID.randomUUID().toString(), task.enrollmentId(), "ZJU-0001", "NCT07105579", "zju", team,
                    "MRD_CONVERSION", today, "MRD turned positive (0.02% by flow)"));
            String last = UUID.randomUUID().toString();
            topic.send(last, EventTypes.TASK_SCHEDULED, TrialTasksTopic.sameSubject(task, "C1 day 8: check",
                    today.plusDays(9)));

            await().until(() -> data.stream().anyMatch(d -> d.contains(last)));
            List<String> ids = data.stream().map(TeamStreamTest::eventId).filter(id -> id != null).toList();
            assertThat(ids).containsExactly(scheduled, due, alert, last);
            assertThat(data).anySatisfy(d -> assertThat(d).contains("MRD turned positive").contains("ZJU-0001"));
        } finally {
            response.cancel(true);
            reader.interrupt();
        }
    }

    @Test
    void an_event_another_replica_processed_reaches_followers_here_once_it_committed() throws Exception {
        String team = TestCallers.team("replica");
        List<String> data = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(root.resolve("/teams/" + team + "/stream"))
                        .header("Authorization", TestCallers.bearer("nurse-li", List.of("care-team"), List.of(team)).getValue())
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try (Stream<String> lines = response.join().body()) {
                lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).forEach(data::add);
            } catch (RuntimeException closed) {
                // the test is over
            }
        });
        reader.setDaemon(true);
        reader.start();
        // Another replica is another connection to the same database, committing what it processed.
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection otherReplica = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class))) {
            await().until(() -> data.stream().anyMatch(d -> d.contains(TeamEvent.OPENED)));
            otherReplica.setAutoCommit(false);
            String rolledBack = UUID.randomUUID().toString();
            String committed = UUID.randomUUID().toString();
            notify(otherReplica, new TeamEvent(rolledBack, "task.due", team, UUID.randomUUID().toString(), "ZJU-0009",
                    "DLI", "DUE", LocalDate.now(clock), null));
            otherReplica.rollback();
            notify(otherReplica, new TeamEvent(committed, "task.due", team, UUID.randomUUID().toString(), "ZJU-0009",
                    "DLI", "DUE", LocalDate.now(clock), null));
            await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> data.stream().noneMatch(d -> d.contains(committed)));
            otherReplica.commit();

            await().until(() -> data.stream().anyMatch(d -> d.contains(committed)));
            assertThat(data.stream().map(TeamStreamTest::eventId).filter(id -> id != null).toList())
                    .containsExactly(committed);
        } finally {
            response.cancel(true);
            reader.interrupt();
        }
    }

    private static void notify(java.sql.Connection connection, TeamEvent event) throws Exception {
        try (var statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, TeamStream.CHANNEL);
            statement.setString(2, Json.MAPPER.writeValueAsString(event));
            statement.execute();
        }
    }

    private static String eventId(String json) {
        try {
            var node = Json.MAPPER.readTree(json).get("eventId");
            return node == null ? null : node.asText();
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }
}
