package org.trialclock.schedule.enrollment;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.stack.CloudEventWriter;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TestCallers;
import org.trialclock.stack.TopicReader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.task;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/**
 * The bounds on what enters as a number, a date or a zone (issue 21): a value past them is a 400 naming the field
 * and stores nothing, or on Kafka a dead-lettered record; nothing freezes a schedule, nothing answers 500.
 */
@QuarkusTest
class InputBoundsTest {
    private static final String GOOD_BLOOD_COUNT = "{\"wbc\":4.2,\"plt\":120}";

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    private CloudEventWriter writer;

    @BeforeEach
    void writer() {
        writer = new CloudEventWriter(KafkaBrokerResource.broker().bootstrapServers());
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private static String dli(String weight) {
        return dliEnrollment(subject(), today().minusDays(62)).replace("62.5", weight);
    }

    @Test
    void a_weight_stored_as_zero_is_refused_at_the_door_so_no_later_event_for_the_patient_is_refused() {
        // 0.004 kg was stored as 0.00 and every re-plan after it refused "weight 0.00 kg is not plausible".
        refused("/enrollments", dli("0.004"), "weightKg");
        refused("/enrollments", dli("0.3"), "weightKg");
    }

    @Test
    void a_weight_with_a_third_decimal_is_refused_so_the_dose_planned_first_is_the_dose_of_every_re_plan() {
        // "CD3+ cell dose: 1 × 10⁷/kg": stored to 10 g, so a third decimal would change the dose at the first re-plan.
        refused("/enrollments", dli("62.555"), "weightKg")
                .body("errors.find { it.field == 'weightKg' }.reason", containsString("2 decimals"));
        String enrollment = enroll(dli("62.55"));
        Object dose = task(enrollment, "DLI", null).get("dose");
        record(enrollment, event("LAB_RESULT", today(), GOOD_BLOOD_COUNT));
        assertThat(task(enrollment, "DLI", null).get("dose")).isEqualTo(dose);
        assertThat(dose.toString()).contains("for 62.55 kg");
    }

    @Test
    void a_number_with_a_huge_exponent_is_refused_naming_the_field_not_expanded() {
        refused("/plans/preview", dli("1e-1000000000"), "weightKg");
        refused("/plans/preview", dli("1e1000000000"), "weightKg");
        // a zero is no smaller written out: 0e-1000000000 in plain form is a billion zeros
        assertThat(refused("/plans/preview", dli("0e-1000000000"), "weightKg").extract().asString())
                .as("the refusal does not print the number out").hasSizeLessThan(2_000);
        // 62.5 written with an exponent is still 62.5
        given().contentType(ContentType.JSON).body(dli("6.25E+1")).post("/enrollments").then().statusCode(201);
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(62)));
        postEvent(enrollment, event("MRD_RESULT", today(), "{\"mrdPercent\":\"1e-1000000000\",\"method\":\"FLOW\"}"))
                .statusCode(400).body("errors.field", hasItem("data.mrdPercent"));
        postEvent(enrollment, event("MRD_RESULT", today(), "{\"mrdPercent\":1e400,\"method\":\"FLOW\"}"))
                .statusCode(400).body("errors.field", hasItem("data.mrdPercent"));
    }

    @Test
    void a_date_outside_1900_to_2200_is_refused_in_an_anchor_and_an_event() {
        for (String date : new String[]{"+999999999-12-31", "-999999999-01-01", "0000-01-01", "10000-01-01",
                "1899-12-31", "2201-01-01", "2026-03-01T00:00+08:00"}) {
            refused("/plans/preview", dliEnrollment(subject(), today().minusDays(62))
                    .replaceAll("\"HSCT\":\"[0-9-]+\"", "\"HSCT\":\"" + date + "\""), "anchors.HSCT");
        }
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(62)));
        postEvent(enrollment, event("LAB_RESULT", java.time.LocalDate.of(1899, 12, 31), GOOD_BLOOD_COUNT))
                .statusCode(400).body("errors.field", hasItem("date"));
        postEvent(enrollment, "{\"type\":\"LAB_RESULT\",\"date\":\"+999999999-12-31\",\"data\":" + GOOD_BLOOD_COUNT
                + "}").statusCode(400).body("errors.field", hasItem("date"));
    }

    @Test
    void a_transplant_date_after_today_at_the_site_is_refused_as_it_has_not_happened() {
        // BLINA-PRE-HSCT-RCT records its HSCT anchor by TRANSPLANT_DONE: it is a fact, never a plan.
        String body = """
                {"subjectId":"%s","protocolId":"BLINA-PRE-HSCT-RCT","arm":"DIRECT_HSCT","siteId":"zju",
                 "careTeam":"zju-hsct","timezone":"Asia/Shanghai","anchors":{"RANDOMIZATION":"%s","HSCT":"%s"}}"""
                .formatted(subject(), today(), today().plusDays(1));
        refused("/enrollments", body, "anchors.HSCT");
    }

    @Test
    void a_time_zone_must_be_an_iana_region_not_a_fixed_offset() {
        // "+01:00" is an hour off for half the year wherever the site is.
        for (String zone : new String[]{"+01:00", "UTC+8", "GMT+1", "Etc/GMT-8", "UTC", "Etc/UTC", "Z",
                "asia/shanghai"}) {
            refused("/enrollments", dliEnrollment(subject(), today().minusDays(62))
                    .replace("Asia/Shanghai", zone), "timezone");
        }
        enroll(dliEnrollment(subject(), today().minusDays(62)).replace("Asia/Shanghai", "Europe/Berlin"));
    }

    @Test
    void a_lock_held_past_lock_timeout_answers_503_with_retry_after_and_the_same_request_then_succeeds()
            throws Exception {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(62)));
        String lab = event("LAB_RESULT", today(), GOOD_BLOOD_COUNT);
        StoredRows before;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM enrollment WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(enrollment));
                lock.executeQuery().close();
            }
            before = StoredRows.now(em);
            postEvent(enrollment, lab).statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("status", equalTo(503));
            assertThat(StoredRows.now(em)).isEqualTo(before);
            holder.rollback();
        }
        postEvent(enrollment, lab).statusCode(201);
    }

    @Test
    void an_enrollment_on_kafka_with_a_weight_out_of_bounds_is_dead_lettered_with_its_reason() throws Exception {
        String team = TestCallers.team("bounds");
        String body = dli("0.004").replace("zju-hsct", team);
        try (TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "enrollments-dlq")) {
            String id = UUID.randomUUID().toString();
            writer.send(EventTypes.TOPIC_ENROLLMENTS, "ext-1", id, EventTypes.ENROLLMENT_REQUESTED, body);
            await().untilAsserted(() -> assertThat(dlq.poll()).anySatisfy(r -> {
                assertThat(TopicReader.header(r, "ce_id")).isEqualTo(id);
                assertThat(TopicReader.header(r, "dead-letter-reason")).contains("weightKg");
            }));
        }
        given().get("/enrollments?careTeam=" + team).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void a_completion_on_kafka_with_a_value_out_of_bounds_is_dead_lettered_and_the_schedule_goes_on() throws Exception {
        String enrollment = enroll(dliEnrollment(subject(), today().minusDays(62)));
        Map<String, Object> c1 = task(enrollment, "CYCLE_START", 1);
        String taskId = (String) c1.get("id");
        try (TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "task-completions-dlq")) {
            String farFuture = UUID.randomUUID().toString();
            send(farFuture, new TaskCompletedPayload(UUID.randomUUID().toString(), taskId, enrollment, "x",
                    java.time.LocalDate.of(999_999_999, 12, 31), "nurse-li", null, Instant.now()));
            String hugeMrd = UUID.randomUUID().toString();
            send(hugeMrd, new TaskCompletedPayload(UUID.randomUUID().toString(), taskId, enrollment, "x", today(),
                    "nurse-li", Map.of("mrdPercent", new java.math.BigDecimal("1e400"), "method", "FLOW"),
                    Instant.now()));
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            await().untilAsserted(() -> assertThat(poll(dlq, dead)).anySatisfy(r -> {
                assertThat(TopicReader.header(r, "ce_id")).isEqualTo(farFuture);
                assertThat(TopicReader.header(r, "dead-letter-reason")).contains("completedOn");
            }).anySatisfy(r -> {
                assertThat(TopicReader.header(r, "ce_id")).isEqualTo(hugeMrd);
                assertThat(TopicReader.header(r, "dead-letter-reason")).contains("mrdPercent");
            }));
            // the partition goes on: a good completion after them is applied
            send(UUID.randomUUID().toString(), new TaskCompletedPayload(UUID.randomUUID().toString(), taskId,
                    enrollment, "x", today(), "nurse-li", null, Instant.now()));
            await().untilAsserted(() -> assertThat(task(enrollment, "CYCLE_START", 1).get("status"))
                    .isEqualTo("COMPLETED"));
        }
    }

    private static List<ConsumerRecord<String, String>> poll(TopicReader dlq, List<ConsumerRecord<String, String>> seen) {
        seen.addAll(dlq.poll());
        return seen;
    }

    private void send(String ceId, TaskCompletedPayload completion) throws Exception {
        writer.send(EventTypes.TOPIC_COMPLETIONS, completion.enrollmentId(), ceId, EventTypes.TASK_COMPLETED,
                Json.MAPPER.writeValueAsString(completion));
    }

    private static ValidatableResponse postEvent(String enrollmentId, String body) {
        return Coordinator.postEvent(enrollmentId, body);
    }

    /** A 400 problem naming {@code field}, and nothing stored. */
    private ValidatableResponse refused(String path, String body, String field) {
        StoredRows before = StoredRows.now(em);
        ValidatableResponse response = given().contentType(ContentType.JSON).body(body).post(path).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
        assertThat(StoredRows.now(em)).as("a refusal stores nothing").isEqualTo(before);
        return response;
    }
}
