package org.trialclock.schedule.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.tasks;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/**
 * A result that arrives after enrollment is kept, never refused: when it shows an eligibility criterion unmet the
 * patient becomes a screen failure, every open task is cancelled with the reason, and the care team is told once.
 */
@QuarkusTest
class ScreenFailureTest {

    /** NCT06607419 enrolled on induction day 15, before the day-19 marrow. */
    static String beforeDay19(String riskGroup) {
        return """
                {"subjectId":"%s","protocolId":"NCT06607419","riskGroup":"%s","siteId":"zju","careTeam":"zju-paed",
                 "timezone":"Asia/Shanghai","anchors":{"INDUCTION_D1":"%s"},"ageYears":6,"weightKg":21}"""
                .formatted(subject(), riskGroup, today().minusDays(14));
    }

    @Test
    void a_day_19_result_below_the_low_risk_threshold_posted_after_enrollment_makes_a_screen_failure_told_once() {
        // "A. Provisional low-risk: D19MRD ≥ 0.1%": 0.05% arrives after enrollment.
        String enrollment = enroll(beforeDay19("LOW"));
        given().get("/enrollments/" + enrollment).then().body("status", equalTo("ACTIVE"))
                .body("eligibility.criteria.find { it.id == 'd19-mrd' }.status", equalTo("UNVERIFIED"));

        record(enrollment, event("MRD_RESULT", today(), "{\"mrdPercent\":0.05,\"method\":\"FLOW\",\"timepoint\":\"D19\"}"));
        record(enrollment, event("LAB_RESULT", today(), "{\"wbc\":3.1,\"plt\":80}"));

        given().get("/enrollments/" + enrollment).then().statusCode(200)
                .body("status", equalTo("SCREEN_FAILURE"))
                .body("statusReason", containsString("D19 MRD 0.05%"))
                .body("eligibility.criteria.find { it.id == 'd19-mrd' }.status", equalTo("NOT_MET"))
                .body("alerts", hasSize(1))
                .body("alerts[0].type", equalTo("SCREEN_FAILURE"))
                .body("alerts[0].reason", containsString("0.1%"))
                .body("alerts[0].raisedOn", equalTo(today().toString()));
        List<Map<String, Object>> open = tasks(enrollment).stream()
                .filter(t -> !List.of("COMPLETED", "PRE_ENROLLMENT").contains(t.get("status"))).toList();
        assertThat(open).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("CANCELLED");
            assertThat((String) t.get("statusReason")).startsWith("screen failure");
        });
        try (PublishedTasks published = new PublishedTasks()) {
            await().untilAsserted(() -> assertThat(published.of(enrollment, EventTypes.ENROLLMENT_ALERT))
                    .singleElement().satisfies(a -> assertThat(a.payload().path("kind").asText()).isEqualTo("SCREEN_FAILURE")));
        }
        // A screen failure is no longer an active enrollment.
        assertThat(LocalDate.parse((String) given().get("/enrollments/" + enrollment).then().extract().path("enrolledOn")))
                .isEqualTo(today());
    }

    @Test
    void the_same_result_for_an_intermediate_risk_patient_keeps_the_enrollment_active() {
        // "B. Provisional intermediate-risk: D19MRD ≥ 0.01%"
        String enrollment = enroll(beforeDay19("INTERMEDIATE"));
        record(enrollment, event("MRD_RESULT", today(), "{\"mrdPercent\":0.05,\"method\":\"FLOW\",\"timepoint\":\"D19\"}"));
        given().get("/enrollments/" + enrollment).then().body("status", equalTo("ACTIVE"))
                .body("alerts", hasSize(0))
                .body("eligibility.criteria.find { it.id == 'd19-mrd' }.status", equalTo("MET"));
    }
}
