package org.trialclock.notify.inbox;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Consumers keep up: a record held in processing for a long time (here a locked task row, retried past the 1 s
 * test lock_timeout; in a catch-up, the last of a large fetched batch) must not get the consumer killed by the
 * smallrye-kafka throttled commit strategy's unprocessed-record age limit. The age check is off
 * ({@code throttled.unprocessed-record-max-age.ms=0}); with it on (its default is 60 s; 2 s proves it in a test),
 * the channel fails once the held record is older than the limit: liveness goes DOWN and nothing is consumed any
 * more.
 */
@QuarkusTest
class ConsumerKeepsUpTest {
    /** Longer than the limit the test was proved against (2 s) plus the strategy's 5 s check interval. */
    private static final Duration HELD = Duration.ofSeconds(9);

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void a_record_held_in_processing_past_the_age_limit_leaves_the_consumer_alive_and_consuming() throws Exception {
        TaskPayload planned = TrialTasksTopic.doseStepUp("team-" + UUID.randomUUID(), LocalDate.now(), "PLANNED", 1);
        String dueId = UUID.randomUUID().toString();
        String afterId = UUID.randomUUID().toString();
        try (Connection admin = DriverManager.getConnection(url, user, password);
             Connection locker = DriverManager.getConnection(url, user, password);
             TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, planned);
            await().until(() -> inView(admin, planned.id()));

            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement(
                    "SELECT 1 FROM task_view WHERE task_id = CAST(? AS uuid) FOR UPDATE")) {
                lock.setString(1, planned.id());
                lock.executeQuery().close();
            }
            try {
                topic.send(dueId, EventTypes.TASK_DUE, TrialTasksTopic.with(planned, "DUE", 2));
                TaskPayload other = TrialTasksTopic.doseStepUp("team-" + UUID.randomUUID(), LocalDate.now(), "PLANNED", 1);
                topic.send(afterId, EventTypes.TASK_SCHEDULED, other);
                // the due event is held (its task row locked, each attempt retried) for longer than the limit
                await().pollDelay(HELD).atMost(HELD.plusSeconds(60)).until(() -> count(admin, dueId) == 0);
                // a consumer failed by the age check stays failed: liveness DOWN from then on
                given().get("/q/health/live").then().statusCode(200);
            } finally {
                locker.rollback();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count(admin, dueId) == 1 && count(admin, afterId) == 1);
            given().get("/q/health/live").then().statusCode(200);
        }
    }

    private static boolean inView(Connection db, String taskId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM task_view WHERE task_id = CAST(? AS uuid)")) {
            q.setString(1, taskId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    private static long count(Connection db, String eventId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
