package org.trialclock.system;

import org.trialclock.stack.TestCallers;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end, with nothing simulated: both services' jars as processes, a real KRaft
 * broker, real PostgreSQL (a fresh database per service). A coordinator enrolls a patient at schedule-service;
 * the care team sees the tasks in notify-service's inbox.
 */
@Order(1)
class EnrollmentToInboxTest {
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void an_enrolled_patients_tasks_reach_the_care_teams_inbox_within_five_seconds() {
        String team = TestCallers.team("zju-hsct");
        // Enrolled ">= 2 months post-transplant" (61 days): the DLI (day 120) is 59 days away, cycle 2 three months
        // after cycle 1 (day 60).
        LocalDate hsct = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(61);
        String body = """
                {"subjectId":"ZJU-0001","protocolId":"NCT07105579","arm":"BITE_DLI","siteId":"zju","careTeam":"%s",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5}""".formatted(team, hsct);
        List<String> taskIds = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON).body(body)
                .post("/enrollments").then().statusCode(201).extract().jsonPath().getList("tasks.id");
        assertThat(taskIds).isNotEmpty();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var inbox = given().baseUri(stack.notify.url()).get("/teams/" + team + "/inbox").then().statusCode(200)
                    .extract().jsonPath();
            List<String> shown = new ArrayList<>();
            for (String section : List.of("overdue", "due", "upcoming", "onHold", "later")) {
                shown.addAll(inbox.getList(section + ".id"));
            }
            assertThat(shown).isNotEmpty().isSubsetOf(taskIds);
            assertThat(inbox.getList("later.dueDate", String.class)).contains(hsct.plusDays(60).plusMonths(3).toString(),
                    hsct.plusDays(120).toString());
        });
    }
}
