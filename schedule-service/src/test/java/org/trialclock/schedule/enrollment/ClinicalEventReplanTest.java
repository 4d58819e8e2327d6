package org.trialclock.schedule.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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
import static org.trialclock.schedule.enrollment.Coordinator.postEvent;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.task;
import static org.trialclock.schedule.enrollment.Coordinator.tasks;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** {@code POST /enrollments/{id}/events}: a clinical event re-plans, and only a real change is published. */
@QuarkusTest
class ClinicalEventReplanTest {
    private static final String GRADE_III_ACUTE_GVHD = "{\"kind\":\"ACUTE\",\"grade\":3,\"active\":true}";
    private static final String GOOD_BLOOD_COUNT = "{\"wbc\":4.2,\"plt\":120}";

    @Inject
    EntityManager em;

    private final PublishedTasks published = new PublishedTasks();

    @AfterEach
    void close() {
        published.close();
    }

    @Test
    void a_grade_III_acute_gvhd_cancels_the_dli_with_its_reason_and_tells_the_care_team() {
        // NCT07105579: "No history of grade III-IV acute GVHD (aGVHD)" before the day-120 DLI.
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        String dliId = (String) task(enrollment, "DLI", null).get("id");

        String location = postEvent(enrollment, event("GVHD_ASSESSED", today(), GRADE_III_ACUTE_GVHD))
                .statusCode(201)
                .header("Location", containsString("/enrollments/" + enrollment + "/events/"))
                .body("find { it.kind == 'DLI' }.status", equalTo("CANCELLED"))
                .extract().header("Location");

        Map<String, Object> dli = task(enrollment, "DLI", null);
        assertThat(dli.get("status")).isEqualTo("CANCELLED");
        assertThat((String) dli.get("statusReason")).containsIgnoringCase("GVHD");
        await().untilAsserted(() -> assertThat(published.of(enrollment, EventTypes.TASK_CANCELLED))
                .extracting(p -> p.payload().get("id").asText()).contains(dliId));
        JsonNode cancelled = published.of(enrollment, EventTypes.TASK_CANCELLED).stream()
                .filter(p -> dliId.equals(p.payload().get("id").asText())).findFirst().orElseThrow().payload();
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("statusReason").asText()).isEqualTo(dli.get("statusReason"));
        // The event is kept with an id a coordinator can correct it by.
        String eventId = location.substring(location.lastIndexOf('/') + 1);
        given().get("/enrollments/" + enrollment + "/events").then().statusCode(200)
                .body("id", hasItem(eventId)).body("find { it.id == '" + eventId + "' }.state", equalTo("CURRENT"));
    }

    @Test
    void a_recorded_transplant_date_moves_every_task_counted_from_it_and_each_moved_task_is_rescheduled() {
        // "Cycle 1 (starting at day 60 post-transplant)": the planned HSCT date was 3 days early.
        LocalDate planned = today().minusDays(70);
        LocalDate actual = planned.plusDays(3);
        String enrollment = enroll(dliEnrollment(subject(), planned));
        Map<String, Object> before = byId(tasks(enrollment));

        record(enrollment, event("TRANSPLANT_DONE", actual, "{\"anchor\":\"HSCT\"}"));

        assertThat(task(enrollment, "CYCLE_START", 1).get("dueDate")).isEqualTo(actual.plusDays(60).toString());
        assertThat(task(enrollment, "DLI", null).get("dueDate")).isEqualTo(actual.plusDays(120).toString());
        Map<String, Object> after = byId(tasks(enrollment));
        List<String> moved = after.keySet().stream()
                .filter(id -> !dueDate(before.get(id)).equals(dueDate(after.get(id)))).toList();
        assertThat(moved).isNotEmpty();
        await().untilAsserted(() -> assertThat(published.of(enrollment, EventTypes.TASK_RESCHEDULED))
                .extracting(p -> p.payload().get("id").asText()).containsExactlyInAnyOrderElementsOf(moved));
        for (var p : published.of(enrollment, EventTypes.TASK_RESCHEDULED)) {
            assertThat(p.payload().get("dueDate").asText()).isEqualTo(dueDate(after.get(p.payload().get("id").asText())));
        }

        // The recorded date stays in force for every later re-plan: a blood count afterwards moves nothing back.
        long outbox = StoredRows.outboxOf(em, enrollment);
        record(enrollment, event("LAB_RESULT", today(), GOOD_BLOOD_COUNT));
        assertThat(task(enrollment, "CYCLE_START", 1).get("dueDate")).isEqualTo(actual.plusDays(60).toString());
        assertThat(StoredRows.outboxOf(em, enrollment)).isEqualTo(outbox);
    }

    @Test
    void an_event_that_changes_no_task_publishes_nothing() {
        // NCT07105579 has no blood-count gate, and an MRD-negative marrow (below the 0.01% flow threshold) raises
        // no alert: both are recorded and re-planned, and nothing changes. The DLI's dose (1x10^7 cells/kg) must
        // not look changed after a round trip through the database either.
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        List<Map<String, Object>> before = tasks(enrollment);
        long outbox = StoredRows.outboxOf(em, enrollment);

        postEvent(enrollment, event("LAB_RESULT", today(), GOOD_BLOOD_COUNT)).statusCode(201);
        postEvent(enrollment, event("MRD_RESULT", today(), "{\"mrdPercent\":0.001,\"method\":\"FLOW\"}")).statusCode(201);

        assertThat(StoredRows.outboxOf(em, enrollment)).as("re-planning an unchanged schedule emits nothing")
                .isEqualTo(outbox);
        assertThat(tasks(enrollment)).isEqualTo(before);
        await().untilAsserted(() -> assertThat(published.of(enrollment)).hasSize((int) outbox));
        assertThat(published.of(enrollment)).extracting(PublishedTasks.Published::type)
                .containsOnly(EventTypes.TASK_SCHEDULED);
    }

    @Test
    void a_gvhd_assessment_without_active_gvhd_opens_the_dli_gate_and_only_the_dli_is_rescheduled() {
        // "No active aGVHD or chronic GVHD (cGVHD) at the time of infusion"
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        String dliId = (String) task(enrollment, "DLI", null).get("id");
        assertThat(gateState(task(enrollment, "DLI", null))).isEqualTo("PENDING");

        record(enrollment, event("GVHD_ASSESSED", today(), "{\"kind\":\"CHRONIC\",\"active\":false}"));

        assertThat(gateState(task(enrollment, "DLI", null))).isEqualTo("OPEN");
        await().untilAsserted(() -> assertThat(published.of(enrollment, EventTypes.TASK_RESCHEDULED))
                .extracting(p -> p.payload().get("id").asText()).containsExactly(dliId));
        assertThat(published.of(enrollment, EventTypes.TASK_RESCHEDULED).get(0).payload().at("/gate/state").asText())
                .isEqualTo("OPEN");
    }

    @Test
    void an_event_of_an_unknown_type_is_refused_and_stores_nothing() {
        refused(event("FEVER", today(), "{}"), 400, "type");
    }

    @Test
    void an_event_on_an_impossible_date_is_refused_and_stores_nothing() {
        refused("{\"type\":\"LAB_RESULT\",\"date\":\"2026-02-30\",\"data\":{\"wbc\":4}}", 400, "date");
    }

    @Test
    void a_gvhd_grade_outside_0_to_IV_is_refused_by_the_protocol_and_stores_nothing() {
        refused(event("GVHD_ASSESSED", today(), "{\"kind\":\"ACUTE\",\"grade\":5,\"active\":true}"), 422, "data.grade");
    }

    @Test
    void a_transplant_that_is_not_an_anchor_of_the_protocol_is_refused_and_stores_nothing() {
        refused(event("TRANSPLANT_DONE", today(), "{\"anchor\":\"AUTO_HSCT\"}"), 422, "data.anchor");
    }

    @Test
    void a_result_dated_after_today_is_refused_and_stores_nothing() {
        refused(event("LAB_RESULT", today().plusDays(2), GOOD_BLOOD_COUNT), 422, "date");
    }

    @Test
    void an_event_for_an_unknown_enrollment_is_a_not_found_problem() {
        postEvent(UUID.randomUUID().toString(), event("LAB_RESULT", today(), GOOD_BLOOD_COUNT))
                .statusCode(404).contentType("application/problem+json").body("errors.field", hasItem("id"));
    }

    @Test
    void an_event_whose_data_is_too_large_is_refused_and_stores_nothing() {
        // One event cannot grow the enrollment without bound: a note over 500 characters, over 20 fields, over 4 KB.
        refused(event("LAB_RESULT", today(), "{\"wbc\":3.1,\"note\":\"" + "x".repeat(501) + "\"}"), 400, "data.note");
        StringBuilder many = new StringBuilder("{\"wbc\":3.1");
        for (int i = 0; i < 20; i++) {
            many.append(",\"f").append(i).append("\":").append(i);
        }
        refused(event("LAB_RESULT", today(), many.append("}").toString()), 400, "data");
        StringBuilder big = new StringBuilder("{\"wbc\":3.1");
        for (int i = 0; i < 10; i++) {
            big.append(",\"n").append(i).append("\":\"").append("y".repeat(450)).append("\"");
        }
        refused(event("LAB_RESULT", today(), big.append("}").toString()), 400, "data");
        record(enroll(dliEnrollment(subject(), today().minusDays(66))),
                event("LAB_RESULT", today(), "{\"wbc\":3.1,\"note\":\"" + "x".repeat(500) + "\"}"));
    }

    private void refused(String body, int status, String field) {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(66)));
        List<Map<String, Object>> tasks = tasks(enrollment);
        StoredRows before = StoredRows.now(em);
        postEvent(enrollment, body).statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("errors.field", hasItem(field));
        assertThat(StoredRows.now(em)).as("a refused event stores and publishes nothing").isEqualTo(before);
        assertThat(tasks(enrollment)).isEqualTo(tasks);
    }

    private static Map<String, Object> byId(List<Map<String, Object>> tasks) {
        return tasks.stream().collect(Collectors.toMap(t -> (String) t.get("id"), Function.identity()));
    }

    @SuppressWarnings("unchecked")
    private static Object gateState(Map<String, Object> task) {
        return ((Map<String, Object>) task.get("gate")).get("state");
    }

    @SuppressWarnings("unchecked")
    private static String dueDate(Object task) {
        return (String) ((Map<String, Object>) task).get("dueDate");
    }
}
