package org.trialclock.schedule.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.task;
import static org.trialclock.schedule.enrollment.Coordinator.tasks;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/**
 * A coordinator corrects a wrongly typed event ({@code PUT}) or withdraws one entered in error ({@code DELETE}):
 * the original stays in the history, and the schedule is re-planned as if the right values had been there from
 * the start.
 */
@QuarkusTest
class EventCorrectionTest {
    private static final String GRADE_III_ACUTE_GVHD = "{\"kind\":\"ACUTE\",\"grade\":3,\"active\":true}";

    @Inject
    EntityManager em;

    private final PublishedTasks published = new PublishedTasks();

    @AfterEach
    void close() {
        published.close();
    }

    @Test
    void a_mistyped_transplant_date_once_corrected_gives_the_tasks_of_the_right_date_from_the_start() {
        LocalDate planned = today().minusDays(70);
        LocalDate typo = today().minusDays(78);
        LocalDate right = today().minusDays(68);
        String corrected = enroll(dliEnrollment(subject(), planned));
        String wrongEvent = record(corrected, event("TRANSPLANT_DONE", typo, "{\"anchor\":\"HSCT\"}"));
        assertThat(task(corrected, "CYCLE_START", 1).get("dueDate")).isEqualTo(typo.plusDays(60).toString());

        String rightEvent = correct(corrected, wrongEvent, event("TRANSPLANT_DONE", right, "{\"anchor\":\"HSCT\"}"))
                .statusCode(200)
                .header("Location", containsString("/enrollments/" + corrected + "/events/"))
                .extract().header("Location").replaceAll(".*/", "");

        String fromTheStart = enroll(dliEnrollment(subject(), right));
        assertThat(schedule(corrected)).isEqualTo(schedule(fromTheStart));
        assertThat(task(corrected, "CYCLE_START", 1).get("dueDate")).isEqualTo(right.plusDays(60).toString());

        // The history keeps what was typed first, pointing at its correction.
        given().get("/enrollments/" + corrected + "/events").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("find { it.id == '" + wrongEvent + "' }.state", equalTo("CORRECTED"))
                .body("find { it.id == '" + wrongEvent + "' }.supersededBy", equalTo(rightEvent))
                .body("find { it.id == '" + wrongEvent + "' }.date", equalTo(typo.toString()))
                .body("find { it.id == '" + rightEvent + "' }.state", equalTo("CURRENT"));
        given().get("/enrollments/" + corrected + "/events/" + rightEvent).then().statusCode(200)
                .body("date", equalTo(right.toString()));

        // What the care team last heard of each task is what REST now shows.
        Map<String, String> shown = tasks(corrected).stream()
                .collect(Collectors.toMap(t -> (String) t.get("id"), t -> (String) t.get("dueDate")));
        await().untilAsserted(() -> assertThat(lastPublishedDueDates(corrected)).isEqualTo(shown));
    }

    @Test
    void a_grade_III_gvhd_withdrawn_as_entered_in_error_brings_the_dli_back() {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        Map<String, Object> dliBefore = task(enrollment, "DLI", null);
        String gvhd = record(enrollment, event("GVHD_ASSESSED", today(), GRADE_III_ACUTE_GVHD));
        assertThat(task(enrollment, "DLI", null).get("status")).isEqualTo("CANCELLED");

        given().delete("/enrollments/" + enrollment + "/events/" + gvhd).then().statusCode(200)
                .body("find { it.kind == 'DLI' }.status", equalTo("PLANNED"));

        Map<String, Object> dli = task(enrollment, "DLI", null);
        assertThat(dli.get("status")).isEqualTo(dliBefore.get("status"));
        assertThat(dli.get("dueDate")).isEqualTo(dliBefore.get("dueDate"));
        given().get("/enrollments/" + enrollment + "/events").then()
                .body("find { it.id == '" + gvhd + "' }.state", equalTo("WITHDRAWN"));
        // Not yet relayed is not yet published: the assertion (not a NullPointerException) keeps Awaitility waiting.
        await().untilAsserted(() -> assertThat(lastPublished(enrollment)).hasEntrySatisfying((String) dli.get("id"),
                last -> assertThat(last.path("status").asText()).isEqualTo("PLANNED")));
    }

    @Test
    void an_event_already_corrected_cannot_be_corrected_again_only_its_correction_can() {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        String first = record(enrollment, event("GVHD_ASSESSED", today(), GRADE_III_ACUTE_GVHD));
        correct(enrollment, first, event("GVHD_ASSESSED", today(), "{\"kind\":\"ACUTE\",\"grade\":1,\"active\":true}"))
                .statusCode(200);
        StoredRows before = StoredRows.now(em);

        correct(enrollment, first, event("GVHD_ASSESSED", today(), GRADE_III_ACUTE_GVHD))
                .statusCode(409).contentType("application/problem+json").body("errors.field", hasItem("eventId"));
        given().delete("/enrollments/" + enrollment + "/events/" + first).then()
                .statusCode(409).contentType("application/problem+json").body("errors.field", hasItem("eventId"));
        assertThat(StoredRows.now(em)).isEqualTo(before);
    }

    @Test
    void a_correction_the_protocol_refuses_stores_nothing_and_keeps_the_original() {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        String gvhd = record(enrollment, event("GVHD_ASSESSED", today(), GRADE_III_ACUTE_GVHD));
        List<Map<String, Object>> tasks = tasks(enrollment);
        StoredRows before = StoredRows.now(em);

        correct(enrollment, gvhd, event("GVHD_ASSESSED", today(), "{\"kind\":\"ACUTE\",\"grade\":7,\"active\":true}"))
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("data.grade"));
        correct(enrollment, gvhd, "{\"type\":\"GVHD_ASSESSED\",\"date\":\"2026-02-30\"}")
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("date"));

        assertThat(StoredRows.now(em)).isEqualTo(before);
        assertThat(tasks(enrollment)).isEqualTo(tasks);
        given().get("/enrollments/" + enrollment + "/events/" + gvhd).then().body("state", equalTo("CURRENT"));
    }

    @Test
    void an_unknown_event_is_a_not_found_problem() {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        given().delete("/enrollments/" + enrollment + "/events/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json").body("errors.field", hasItem("eventId"));
        correct(enrollment, "not-an-id", event("LAB_RESULT", today(), "{\"wbc\":4}"))
                .statusCode(404).contentType("application/problem+json").body("errors.field", hasItem("eventId"));
    }

    private static io.restassured.response.ValidatableResponse correct(String enrollment, String eventId, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .put("/enrollments/" + enrollment + "/events/" + eventId).then();
    }

    /** The schedule without what names the enrollment: what a care team would do, and when. */
    private static List<String> schedule(String enrollment) {
        return tasks(enrollment).stream()
                .map(t -> String.join("|", String.valueOf(t.get("kind")), String.valueOf(t.get("activity")),
                        String.valueOf(t.get("cycle")), String.valueOf(t.get("dueDate")),
                        String.valueOf(t.get("windowStart")), String.valueOf(t.get("windowEnd")),
                        String.valueOf(t.get("status")), String.valueOf(t.get("statusReason")),
                        String.valueOf(t.get("dose")), String.valueOf(t.get("gate"))))
                .sorted().toList();
    }

    /** The newest version of each task that went out on Kafka. */
    private Map<String, JsonNode> lastPublished(String enrollment) {
        return published.of(enrollment).stream().map(p -> p.payload())
                .collect(Collectors.groupingBy(p -> p.get("id").asText(), Collectors.collectingAndThen(
                        Collectors.maxBy(Comparator.comparingLong(p -> p.get("version").asLong())),
                        p -> p.orElseThrow())));
    }

    private Map<String, String> lastPublishedDueDates(String enrollment) {
        return lastPublished(enrollment).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("dueDate").asText()));
    }
}
