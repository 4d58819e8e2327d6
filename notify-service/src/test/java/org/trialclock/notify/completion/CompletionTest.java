package org.trialclock.notify.completion;

import org.trialclock.stack.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventSchemas;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class CompletionTest {
    private static final EventSchemas SCHEMAS = new EventSchemas();

    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    /** The care team's nurse, as whom these tests record (who did it comes from the token). */
    private static io.restassured.http.Header nurse;

    private static io.restassured.http.Header careTeamMember(String subject, String team) {
        return TestCallers.bearer(subject, List.of("care-team"), List.of(team));
    }

    private static io.restassured.specification.RequestSpecification asNurse() {
        return given().header(nurse);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    private TaskPayload marrowCheck() throws Exception {
        String team = TestCallers.team("completion");
        TaskPayload t = TrialTasksTopic.doseStepUp(team, today().minusDays(1), "DUE", 2);
        TaskPayload task = new TaskPayload(t.id(), t.enrollmentId(), t.subjectId(), t.protocolId(), "1",
                "mrd-day-19", "MRD_MARROW", "Day 19 marrow MRD", 1, t.dueDate(), t.windowStart(), t.windowEnd(), "DUE",
                null, null, null, "zju", team, "Asia/Shanghai", 2);
        nurse = careTeamMember("nurse-li", team);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, task);
        }
        await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().body("due", hasSize(1)));
        return task;
    }

    @Test
    void a_completion_and_its_correction_are_both_kept_and_published_as_valid_task_completed_events() throws Exception {
        TaskPayload task = marrowCheck();
        try (TopicReader completions = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(),
                EventTypes.TOPIC_COMPLETIONS)) {
            String first = asNurse().contentType(ContentType.JSON)
                    .body(Map.of("completedOn", today().minusDays(1).toString(), "by", "nurse-li",
                            "result", Map.of("mrdPercent", 0.005, "method", "FLOW")))
                    .post("/tasks/" + task.id() + "/completion").then().statusCode(201)
                    .body("by", equalTo("nurse-li")).extract().path("completionId");
            // the date was wrong: the marrow was taken the day before (dr-wang corrects it, signed in as herself)
            given().header(careTeamMember("dr-wang", task.careTeam())).contentType(ContentType.JSON)
                    .body(Map.of("completedOn", today().minusDays(2).toString(),
                            "result", Map.of("mrdPercent", 0.005, "method", "FLOW")))
                    .post("/tasks/" + task.id() + "/completion").then().statusCode(201)
                    .body("supersedes", equalTo(first)).body("by", equalTo("dr-wang"));
            given().get("/tasks/" + task.id() + "/completions").then().statusCode(200)
                    .body("", hasSize(2)).body("[0].completionId", equalTo(first))
                    .body("[1].completedOn", equalTo(today().minusDays(2).toString()));

            await().untilAsserted(() -> assertThat(ofTask(completions.poll(), task.id())).hasSize(2));
            List<ConsumerRecord<String, String>> published = ofTask(completions.poll(), task.id());
            for (ConsumerRecord<String, String> record : published) {
                assertThat(record.key()).isEqualTo(task.enrollmentId());
                assertThat(TopicReader.header(record, "ce_type")).isEqualTo(EventTypes.TASK_COMPLETED);
                assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
                assertThat(TopicReader.header(record, "ce_id")).isNotBlank();
                assertThat(SCHEMAS.violations(EventTypes.TASK_COMPLETED, Json.MAPPER.readTree(record.value())))
                        .isEmpty();
            }
            JsonNode corrected = Json.MAPPER.readTree(published.get(1).value());
            assertThat(corrected.get("completedOn").asText()).isEqualTo(today().minusDays(2).toString());
            assertThat(corrected.get("result").get("method").asText()).isEqualTo("FLOW");
            assertThat(corrected.get("result").get("mrdPercent").asDouble()).isEqualTo(0.005);
            // When each was recorded travels with it: schedule-service keeps the later recorded one in force.
            java.time.Instant firstRecorded = java.time.Instant.parse(Json.MAPPER.readTree(published.get(0).value())
                    .get("recordedAt").asText());
            assertThat(java.time.Instant.parse(corrected.get("recordedAt").asText())).isAfterOrEqualTo(firstRecorded);
        }
    }

    @Test
    void completions_that_make_no_sense_are_refused_and_change_nothing() throws Exception {
        TaskPayload task = marrowCheck();
        long completionsBefore = count("completion");
        long outboxBefore = count("outbox");
        String yesterday = today().minusDays(1).toString();

        refused(UUID.randomUUID().toString(), Map.of("completedOn", yesterday, "by", "nurse-li"), 404, null);
        refused(task.id(), Map.of("completedOn", today().plusDays(1).toString(), "by", "nurse-li"), 422, "completedOn");
        refused(task.id(), Map.of("completedOn", "2026-02-30", "by", "nurse-li"), 400, "completedOn");
        // nobody records work in another's name: "by" may only repeat the token's subject
        refused(task.id(), Map.of("completedOn", yesterday, "by", "dr-wang"), 400, "by");
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("mrdPercent", -0.1, "method", "FLOW")), 422, "result.mrdPercent");
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("mrdPercent", 120, "method", "FLOW")), 422, "result.mrdPercent");
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("mrdPercent", 0.01, "method", "GUESS")), 422, "result.method");
        // An MRD result without its method is refused, not read as flow: thresholds differ by method.
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("mrdPercent", 0.5)), 422, "result.method");
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("gvhdKind", "ACUTE", "grade", 7, "activity", "ACTIVE")), 422, "result.grade");
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("wbc", -1, "plt", 120)), 422, "result.wbc");

        assertThat(count("completion")).isEqualTo(completionsBefore);
        assertThat(count("outbox")).isEqualTo(outboxBefore);
        given().get("/tasks/" + task.id() + "/completions").then().body("", hasSize(0));
    }

    @Test
    void an_acknowledgement_is_recorded_once_with_the_person() throws Exception {
        TaskPayload task = marrowCheck();
        String at = asNurse().contentType(ContentType.JSON).body(Map.of("by", "nurse-li"))
                .post("/tasks/" + task.id() + "/acknowledgement").then().statusCode(200)
                .body("acknowledgedBy", equalTo("nurse-li")).extract().path("acknowledgedAt");
        given().header(careTeamMember("dr-wang", task.careTeam())).contentType(ContentType.JSON).body(Map.of())
                .post("/tasks/" + task.id() + "/acknowledgement").then().statusCode(200)
                .body("acknowledgedBy", equalTo("nurse-li")).body("acknowledgedAt", equalTo(at));
        asNurse().contentType(ContentType.JSON).body(Map.of("by", "nurse-li"))
                .post("/tasks/" + UUID.randomUUID() + "/acknowledgement").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void an_acknowledgement_in_another_persons_name_is_refused_and_records_nothing() throws Exception {
        TaskPayload task = marrowCheck();
        for (Object body : List.of(Map.of("by", "dr-wang"), Map.of("by", " "), Map.of("by", "x".repeat(101)))) {
            asNurse().contentType(ContentType.JSON).body(body).post("/tasks/" + task.id() + "/acknowledgement").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("by"));
        }
        // a subject longer than "by" may be is refused too (trialclock.completion.max-by-length)
        given().header(careTeamMember("x".repeat(101), task.careTeam())).contentType(ContentType.JSON)
                .post("/tasks/" + task.id() + "/acknowledgement").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("by"));
        assertThat(em.createNativeQuery("SELECT count(*) FROM task_view WHERE task_id = :id AND acknowledged_at IS NOT NULL")
                .setParameter("id", UUID.fromString(task.id())).getSingleResult()).isEqualTo(0L);
        // the refusals left the task open: the first real acknowledgement is the one that counts, by the token
        asNurse().contentType(ContentType.JSON).body(Map.of())
                .post("/tasks/" + task.id() + "/acknowledgement").then().statusCode(200)
                .body("acknowledgedBy", equalTo("nurse-li"));
    }

    @Test
    void a_completion_too_large_for_an_event_is_refused_naming_the_field_and_changes_nothing() throws Exception {
        TaskPayload task = marrowCheck();
        long completionsBefore = count("completion");
        long outboxBefore = count("outbox");
        String yesterday = today().minusDays(1).toString();

        given().header(careTeamMember("n".repeat(101), task.careTeam())).contentType(ContentType.JSON)
                .body(Map.of("completedOn", yesterday)).post("/tasks/" + task.id() + "/completion")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("by"));
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li",
                "result", Map.of("mrdPercent", 0.01, "method", "FLOW", "notes", "x".repeat(5_000))), 400, "result");
        // a long note made of many small values is as large: the limit is on the whole result
        Map<String, Object> many = new java.util.HashMap<>();
        for (int i = 0; i < 400; i++) {
            many.put("observation" + i, "value " + i);
        }
        refused(task.id(), Map.of("completedOn", yesterday, "by", "nurse-li", "result", many), 400, "result");

        assertThat(count("completion")).isEqualTo(completionsBefore);
        assertThat(count("outbox")).isEqualTo(outboxBefore);
        // a full-sized note still fits
        given().header(careTeamMember("x".repeat(100), task.careTeam())).contentType(ContentType.JSON)
                .body(Map.of("completedOn", yesterday,
                        "result", Map.of("mrdPercent", 0.01, "method", "FLOW", "notes", "x".repeat(3_000))))
                .post("/tasks/" + task.id() + "/completion").then().statusCode(201);
    }

    private static void refused(String taskId, Map<String, Object> body, int status, String field) {
        var response = asNurse().contentType(ContentType.JSON).body(body).post("/tasks/" + taskId + "/completion")
                .then().statusCode(status).contentType("application/problem+json");
        if (field != null) {
            response.body("errors.field", org.hamcrest.Matchers.hasItem(field));
        }
    }

    private long count(String table) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue();
    }

    private static List<ConsumerRecord<String, String>> ofTask(List<ConsumerRecord<String, String>> records,
                                                               String taskId) {
        return records.stream().filter(r -> r.value().contains(taskId)).toList();
    }
}
