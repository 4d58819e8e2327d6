package org.trialclock.notify.inbox;

import org.trialclock.stack.TestCallers;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;

/** A new version of a task from Kafka and what the care team did to it meanwhile do not overwrite each other. */
@QuarkusTest
class TaskViewRaceTest {
    @Inject
    Clock clock;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void an_acknowledgement_committed_while_a_new_version_is_applied_is_kept() throws Exception {
        TaskPayload overdue = TrialTasksTopic.doseStepUp(TestCallers.team("team"), LocalDate.now(clock).minusDays(3),
                "OVERDUE", 3);
        String later = UUID.randomUUID().toString();
        try (Connection db = DriverManager.getConnection(url, user, password);
             Connection nurse = DriverManager.getConnection(url, user, password);
             TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_OVERDUE, overdue);
            await().until(() -> column(db, overdue.id(), "status") != null);

            // the nurse acknowledges; her transaction is still open when the next version arrives
            nurse.setAutoCommit(false);
            try (PreparedStatement ack = nurse.prepareStatement("""
                    UPDATE task_view SET acknowledged_at = now(), acknowledged_by = 'nurse-li'
                    WHERE task_id = CAST(? AS uuid)""")) {
                ack.setString(1, overdue.id());
                ack.executeUpdate();
            }
            topic.send(later, EventTypes.TASK_RESCHEDULED, TrialTasksTopic.with(overdue, "OVERDUE", 4));
            await().until(() -> waitingOnLocks(db) > 0);
            nurse.commit();

            await().until(() -> "4".equals(column(db, overdue.id(), "version")));
            assertThat(column(db, overdue.id(), "acknowledged_by")).isEqualTo("nurse-li");
        }
    }

    @Test
    void a_task_overdue_again_after_a_new_due_date_is_escalated_again() throws Exception {
        String team = newTeam("dr-wang", List.of(member("dr-wang", "PI", "pi-" + UUID.randomUUID() + "@zju.test", null)));
        TaskPayload first = TrialTasksTopic.doseStepUp(team, LocalDate.now(clock).minusDays(3), "OVERDUE", 3);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_OVERDUE, first);
            await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then()
                    .body("overdue.size()", org.hamcrest.Matchers.equalTo(1)));
            advance("PT25H");
            await().untilAsserted(() -> assertThat(escalations(first)).hasSize(1));

            // moved to a new date, then overdue again: a new episode nobody has acknowledged
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_RESCHEDULED,
                    TrialTasksTopic.with(first, "PLANNED", 4));
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_OVERDUE, TrialTasksTopic.with(first, "OVERDUE", 5));
            await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then()
                    .body("overdue.size()", org.hamcrest.Matchers.equalTo(1)));
            advance("PT25H");
            await().untilAsserted(() -> assertThat(escalations(first)).hasSize(2));
        }
    }

    private static void advance(String by) {
        given().contentType(ContentType.JSON).header("X-Admin-Token", "test-admin-token")
                .body(Map.of("by", by)).post("/admin/clock/advance").then().statusCode(200);
    }

    private static List<Map<String, Object>> escalations(TaskPayload task) {
        List<Map<String, Object>> all = given().queryParam("taskId", task.id()).get("/notifications").then()
                .statusCode(200).extract().jsonPath().getList("");
        return all.stream().filter(n -> Escalation.TYPE.equals(n.get("eventType"))).toList();
    }

    private static long waitingOnLocks(Connection db) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String column(Connection db, String taskId, String column) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT " + column + "::text FROM task_view WHERE task_id = CAST(? AS uuid)")) {
            q.setString(1, taskId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
