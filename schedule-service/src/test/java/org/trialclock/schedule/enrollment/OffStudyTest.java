package org.trialclock.schedule.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.tasks;
import static org.trialclock.schedule.enrollment.Coordinator.today;

@QuarkusTest
class OffStudyTest {

    @Test
    void a_relapse_takes_the_patient_off_study_once_and_the_subject_may_be_enrolled_again() {
        String subject = subject();
        String enrollment = enroll(dliEnrollment(subject, today().minusDays(66)));
        // "A relapse, death or withdrawal cancels every open task after its date and notifies the care team once."
        record(enrollment, event("RELAPSE", today().minusDays(1), "{}"));
        given().get("/enrollments/" + enrollment).then().body("status", equalTo("OFF_STUDY"));
        assertThat(tasks(enrollment)).filteredOn(t -> ((String) t.get("dueDate")).compareTo(today().toString()) > 0)
                .isNotEmpty().allSatisfy(t -> assertThat(t.get("status")).isIn("CANCELLED", "COMPLETED", "PRE_ENROLLMENT"));
        record(enrollment, event("GVHD_ASSESSED", today(), "{\"kind\":\"CHRONIC\",\"grade\":1,\"active\":false}"));
        try (PublishedTasks published = new PublishedTasks()) {
            await().untilAsserted(() -> assertThat(published.of(enrollment, EventTypes.ENROLLMENT_ALERT))
                    .singleElement().satisfies(alert -> assertThat(alert.payload().path("kind").asText()).isEqualTo("RELAPSE")));
        }
        // Off study is no longer an active enrollment: the same subject can be enrolled anew.
        enroll(dliEnrollment(subject, today().minusDays(62)));
    }

    @Test
    void a_relapse_withdrawn_as_entered_in_error_brings_the_enrollment_back_on_study() {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        String relapse = record(enrollment, event("RELAPSE", today().minusDays(1), "{}"));
        given().get("/enrollments/" + enrollment).then().body("status", equalTo("OFF_STUDY"));
        given().delete("/enrollments/" + enrollment + "/events/" + relapse).then().statusCode(200);
        given().get("/enrollments/" + enrollment).then().body("status", equalTo("ACTIVE"));
    }
}
