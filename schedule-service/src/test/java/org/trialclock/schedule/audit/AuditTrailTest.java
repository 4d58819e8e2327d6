package org.trialclock.schedule.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.stack.CloudEventWriter;
import org.trialclock.stack.KafkaBrokerResource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.task;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** Every change to a patient's schedule leaves one audit row: who, when, what, before and after, which request. */
@QuarkusTest
class AuditTrailTest {

    static List<Map<String, Object>> audit(String enrollmentId) {
        return given().queryParam("enrollmentId", enrollmentId).get("/audit").then().statusCode(200)
                .extract().jsonPath().getList("");
    }

    @Test
    void enrolling_recording_an_event_and_a_completion_from_the_ward_are_each_audited_in_order_with_who_and_request()
            throws Exception {
        String enroll = given().contentType(ContentType.JSON).header("X-Request-Id", "req-enroll-1")
                .body(dliEnrollment(subject(), today().minusDays(62))).post("/enrollments")
                .then().statusCode(201).header("X-Request-Id", "req-enroll-1").extract().header("Location");
        String enrollmentId = enroll.substring(enroll.lastIndexOf('/') + 1);

        List<Map<String, Object>> afterEnroll = audit(enrollmentId);
        assertThat(afterEnroll.get(0)).containsEntry("action", "ENROLLED").containsEntry("requestId", "req-enroll-1")
                .containsEntry("actor", org.trialclock.stack.TestCallers.DEFAULT_SUBJECT).containsEntry("before", null);
        assertThat(JsonPath.from(Json.MAPPER.writeValueAsString(afterEnroll.get(0))).getString("after.status"))
                .isEqualTo("ACTIVE");
        long planned = afterEnroll.stream().filter(e -> "TASK_PLANNED".equals(e.get("action"))).count();
        assertThat(planned).isEqualTo(given().get("/enrollments/" + enrollmentId + "/tasks").then().extract()
                .jsonPath().getList("").size());
        assertThat(afterEnroll).allSatisfy(e -> assertThat(e.get("requestId")).isEqualTo("req-enroll-1"));

        // No X-Request-Id: one is made, echoed, and stored.
        String generated = given().contentType(ContentType.JSON)
                .body(event("GVHD_ASSESSED", today(), "{\"kind\":\"CHRONIC\",\"active\":false}"))
                .post("/enrollments/" + enrollmentId + "/events").then().statusCode(201)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).extract().header("X-Request-Id");
        List<Map<String, Object>> afterEvent = audit(enrollmentId);
        Map<String, Object> recorded = afterEvent.get(afterEnroll.size());
        assertThat(recorded).containsEntry("action", "EVENT_RECORDED").containsEntry("requestId", generated);
        assertThat(((Map<?, ?>) recorded.get("after")).get("type")).isEqualTo("GVHD_ASSESSED");

        // A completion from notify-service: the nurse who recorded it did it, the CloudEvent is the request.
        Map<String, Object> c1 = task(enrollmentId, "CYCLE_START", 1);
        LocalDate started = LocalDate.parse((String) c1.get("dueDate"));
        String cloudEventId = UUID.randomUUID().toString();
        var completion = new TaskCompletedPayload(UUID.randomUUID().toString(), (String) c1.get("id"), enrollmentId,
                (String) c1.get("subjectId"), started, "nurse-li", null, Instant.now());
        try (CloudEventWriter writer = new CloudEventWriter(KafkaBrokerResource.broker().bootstrapServers())) {
            writer.send(EventTypes.TOPIC_COMPLETIONS, enrollmentId, cloudEventId, EventTypes.TASK_COMPLETED,
                    Json.MAPPER.writeValueAsString(completion));
        }
        await().untilAsserted(() -> assertThat(audit(enrollmentId)).anySatisfy(e ->
                assertThat(e).containsEntry("action", "TASK_DONE")));
        List<Map<String, Object>> all = audit(enrollmentId);
        List<Map<String, Object>> fromCompletion = all.subList(afterEvent.size(), all.size());
        assertThat(fromCompletion.get(0)).containsEntry("action", "COMPLETION_APPLIED")
                .containsEntry("taskId", c1.get("id")).containsEntry("actor", "nurse-li")
                .containsEntry("requestId", cloudEventId);
        assertThat(((Map<?, ?>) fromCompletion.get(0).get("before")).get("status")).isEqualTo("PLANNED");
        assertThat(fromCompletion).allSatisfy(e -> {
            assertThat(e).containsEntry("actor", "nurse-li").containsEntry("requestId", cloudEventId);
        });
        Map<String, Object> done = fromCompletion.stream().filter(e -> "TASK_DONE".equals(e.get("action")))
                .findFirst().orElseThrow();
        assertThat(((Map<?, ?>) done.get("after")).get("completedOn")).isEqualTo(started.toString());
        // in the order they happened
        assertThat(all).extracting(e -> ((Number) e.get("id")).longValue()).isSorted();
    }

    @Test
    void a_request_id_that_is_not_a_plain_token_is_replaced_not_stored_or_echoed() {
        given().header("X-Request-Id", "<script>alert(1)</script>").get("/protocols").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void the_audit_trail_needs_an_enrollment_id_and_names_the_field() {
        given().get("/audit").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("enrollmentId"));
        given().queryParam("enrollmentId", "nope").get("/audit").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("enrollmentId"));
        given().queryParam("enrollmentId", UUID.randomUUID()).get("/audit").then().statusCode(200)
                .body("size()", equalTo(0));
    }
}
