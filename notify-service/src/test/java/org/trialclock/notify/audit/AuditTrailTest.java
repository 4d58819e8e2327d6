package org.trialclock.notify.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.stack.TestCallers;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** notify-service's own changes (acknowledgements, completions, care teams) each leave one audit row. */
@QuarkusTest
class AuditTrailTest {
    @Inject
    Clock clock;
    @Inject
    AgroalDataSource dataSource;

    /** Who did it comes from the token: a care-team member of the team. */
    private static io.restassured.http.Header nurse(String subject, String team) {
        return TestCallers.bearer(subject, List.of("care-team"), List.of(team));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void an_acknowledgement_and_a_completion_are_audited_with_who_and_the_request_in_order() throws Exception {
        String team = TestCallers.team("audit");
        TaskPayload task = TrialTasksTopic.doseStepUp(team, today().minusDays(1), "DUE", 2);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, task);
        }
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().body("due", hasSize(1)));

        given().header(nurse("nurse-li", team)).contentType(ContentType.JSON).header("X-Request-Id", "ack-1").body(Map.of())
                .post("/tasks/" + task.id() + "/acknowledgement").then().statusCode(200).header("X-Request-Id", "ack-1");
        // acknowledging again changes nothing, and so adds nothing to the trail
        given().header(nurse("nurse-wu", team)).contentType(ContentType.JSON).body(Map.of())
                .post("/tasks/" + task.id() + "/acknowledgement").then().statusCode(200);
        given().header(nurse("nurse-li", team)).contentType(ContentType.JSON).header("X-Request-Id", "done-1")
                .body(Map.of("completedOn", today().minusDays(1).toString()))
                .post("/tasks/" + task.id() + "/completion").then().statusCode(201);

        List<Map<String, Object>> trail = given().queryParam("enrollmentId", task.enrollmentId()).get("/audit")
                .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(trail).extracting(e -> e.get("action")).containsExactly("TASK_ACKNOWLEDGED", "COMPLETION_RECORDED");
        assertThat(trail.get(0)).containsEntry("actor", "nurse-li").containsEntry("requestId", "ack-1")
                .containsEntry("taskId", task.id()).containsEntry("team", team);
        assertThat(trail.get(1)).containsEntry("actor", "nurse-li").containsEntry("requestId", "done-1");
        Map<?, ?> after = (Map<?, ?>) trail.get(1).get("after");
        assertThat(((Map<?, ?>) after.get("completion")).get("completedOn"))
                .isEqualTo(today().minusDays(1).toString());
        assertThat(after.get("cloudEventId")).isNotNull();
    }

    @Test
    void a_care_team_change_is_audited_without_its_secrets() {
        String team = TestCallers.team("audit-team");
        Map<String, Object> doc = Map.of("name", "Audit team", "webhookSecret", "very-secret-value",
                "members", List.of(Map.of("name", "dr-a", "role", "PI", "email", "dr-a@example.org")));
        given().contentType(ContentType.JSON).body(doc).put("/teams/" + team).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("name", "Audit team renamed", "members", List.of()))
                .put("/teams/" + team).then().statusCode(200);
        String trail = given().queryParam("team", team).get("/audit").then().statusCode(200).extract().asString();
        assertThat(trail).doesNotContain("very-secret-value");
        List<Map<String, Object>> entries = given().queryParam("team", team).get("/audit").then().extract()
                .jsonPath().getList("");
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("CARE_TEAM_CHANGED", "CARE_TEAM_CHANGED");
        assertThat(entries.get(0).get("before")).isNull();
        assertThat(((Map<?, ?>) entries.get(1).get("before")).get("name")).isEqualTo("Audit team");
        assertThat(((Map<?, ?>) entries.get(1).get("after")).get("name")).isEqualTo("Audit team renamed");
    }

    @Test
    void the_services_role_may_not_update_delete_or_truncate_audit_rows() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO audit_entry (at, actor, action, request_id) "
                    + "VALUES (now(), 'test', 'CARE_TEAM_CHANGED', 'append-only-test')");
        }
        for (String sql : new String[]{"UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry",
                "TRUNCATE audit_entry"}) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
    }
}
