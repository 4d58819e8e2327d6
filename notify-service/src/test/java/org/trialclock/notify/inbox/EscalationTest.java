package org.trialclock.notify.inbox;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;

@QuarkusTest
class EscalationTest {
    @Inject
    Clock clock;
    @Inject
    Escalation escalation;

    @Test
    void an_overdue_task_nobody_acknowledged_for_24_hours_goes_to_the_escalation_contact_once() throws Exception {
        String piMail = "pi-" + UUID.randomUUID() + "@zju.test";
        String team = newTeam("dr-wang", List.of(member("nurse-li", "NURSE", "nurse-" + UUID.randomUUID() + "@zju.test", null),
                member("dr-wang", "PI", piMail, null)));
        LocalDate past = LocalDate.now(clock).minusDays(3);
        TaskPayload forgotten = TrialTasksTopic.doseStepUp(team, past, "OVERDUE", 3);
        TaskPayload seen = TrialTasksTopic.sameSubject(forgotten, "C1 day 8: check", past);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_OVERDUE, forgotten);
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_OVERDUE, TrialTasksTopic.with(seen, "OVERDUE", 3));
        }
        await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().body("overdue", hasSize(2)));
        given().header(TestCallers.bearer("nurse-li", List.of("care-team"), List.of(team)))
                .contentType(ContentType.JSON).body(Map.of("by", "nurse-li"))
                .post("/tasks/" + seen.id() + "/acknowledgement").then().statusCode(200);

        given().contentType(ContentType.JSON).header("X-Admin-Token", "test-admin-token")
                .body(Map.of("by", "PT23H")).post("/admin/clock/advance").then().statusCode(200);
        escalation.escalateOverdue();
        assertThat(escalations(forgotten)).isEmpty();

        given().contentType(ContentType.JSON).header("X-Admin-Token", "test-admin-token")
                .body(Map.of("by", "PT2H")).post("/admin/clock/advance").then().statusCode(200);
        await().untilAsserted(() -> assertThat(escalations(forgotten)).singleElement().satisfies(n -> {
            assertThat(n.get("recipient")).isEqualTo("dr-wang");
            assertThat(n.get("channel")).isEqualTo("EMAIL");
            assertThat(n.get("address")).isEqualTo(piMail);
            assertThat((String) n.get("message")).contains("ZJU-0001").contains("Nobody has acknowledged");
        }));
        escalation.escalateOverdue();
        escalation.escalateOverdue();
        assertThat(escalations(forgotten)).hasSize(1);
        assertThat(escalations(seen)).isEmpty();
    }

    private static List<Map<String, Object>> escalations(TaskPayload task) {
        List<Map<String, Object>> all = given().queryParam("taskId", task.id()).get("/notifications").then()
                .statusCode(200).extract().jsonPath().getList("");
        return all.stream().filter(n -> Escalation.TYPE.equals(n.get("eventType"))).toList();
    }
}
