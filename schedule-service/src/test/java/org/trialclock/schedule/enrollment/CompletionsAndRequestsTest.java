package org.trialclock.schedule.enrollment;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.stack.CloudEventWriter;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.task;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** What arrives on Kafka: completions from notify-service, enrollment requests from other systems. */
@QuarkusTest
class CompletionsAndRequestsTest {
    @Inject
    EntityManager em;

    private CloudEventWriter writer;

    @BeforeEach
    void writer() {
        writer = new CloudEventWriter(KafkaBrokerResource.broker().bootstrapServers());
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private void publishCompletion(String ceId, TaskCompletedPayload completion) throws Exception {
        writer.send(EventTypes.TOPIC_COMPLETIONS, completion.enrollmentId(), ceId, EventTypes.TASK_COMPLETED,
                Json.MAPPER.writeValueAsString(completion));
    }

    private long processed(String ceId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = :id")
                .setParameter("id", ceId).getSingleResult()).longValue();
    }

    @Test
    void cycle_two_starts_three_calendar_months_after_cycle_ones_real_start_and_a_repeated_completion_changes_nothing()
            throws Exception {
        // "one cycle every 3 months": a transplant 62 days ago puts cycle 1 day 1 two days ago, its window still open.
        String enrollmentId = enroll(dliEnrollment(subject(), today().minusDays(62)));
        Map<String, Object> c1 = task(enrollmentId, "CYCLE_START", 1);
        LocalDate planned = LocalDate.parse((String) c1.get("dueDate"));
        LocalDate started = planned.plusDays(2); // two days late: today
        assertThat(task(enrollmentId, "CYCLE_START", 2).get("dueDate")).isEqualTo(planned.plusMonths(3).toString());

        var completion = new TaskCompletedPayload(UUID.randomUUID().toString(), (String) c1.get("id"), enrollmentId,
                (String) c1.get("subjectId"), started, "nurse-li", null, java.time.Instant.now());
        String first = UUID.randomUUID().toString();
        try (PublishedTasks published = new PublishedTasks()) {
            publishCompletion(first, completion);
            await().untilAsserted(() -> assertThat(task(enrollmentId, "CYCLE_START", 2).get("dueDate"))
                    .isEqualTo(started.plusMonths(3).toString()));
            assertThat(task(enrollmentId, "CYCLE_START", 1).get("status")).isEqualTo("COMPLETED");
            String c2 = (String) task(enrollmentId, "CYCLE_START", 2).get("id");
            await().untilAsserted(() -> assertThat(published.of(enrollmentId, EventTypes.TASK_RESCHEDULED))
                    .anySatisfy(p -> {
                        assertThat(p.payload().path("id").asText()).isEqualTo(c2);
                        assertThat(p.payload().path("dueDate").asText()).isEqualTo(started.plusMonths(3).toString());
                    }));
        }

        long outboxBefore = StoredRows.outboxOf(em, enrollmentId);
        // The same event delivered again, then the same completion under a new event id: neither changes anything.
        publishCompletion(first, completion);
        String again = UUID.randomUUID().toString();
        publishCompletion(again, completion);
        await().pollInSameThread().until(() -> processed(again) == 1);
        assertThat(StoredRows.outboxOf(em, enrollmentId)).isEqualTo(outboxBefore);
        assertThat(task(enrollmentId, "CYCLE_START", 2).get("dueDate")).isEqualTo(started.plusMonths(3).toString());
    }

    @Test
    void the_completion_recorded_last_is_in_force_and_an_old_one_delivered_late_never_undoes_the_correction()
            throws Exception {
        String enrollmentId = enroll(dliEnrollment(subject(), today().minusDays(62)));
        Map<String, Object> c1 = task(enrollmentId, "CYCLE_START", 1);
        LocalDate planned = LocalDate.parse((String) c1.get("dueDate"));
        java.time.Instant recorded = java.time.Instant.now();
        var wrong = new TaskCompletedPayload(UUID.randomUUID().toString(), (String) c1.get("id"), enrollmentId,
                "x", planned, "nurse-li", null, recorded.minusSeconds(60));
        var corrected = new TaskCompletedPayload(UUID.randomUUID().toString(), (String) c1.get("id"), enrollmentId,
                "x", planned.plusDays(1), "dr-wang", null, recorded);
        // The correction arrives first, the earlier-recorded completion after it (a redelivery, another partition).
        publishCompletion(UUID.randomUUID().toString(), corrected);
        await().untilAsserted(() -> assertThat(task(enrollmentId, "CYCLE_START", 2).get("dueDate"))
                .isEqualTo(planned.plusDays(1).plusMonths(3).toString()));
        String late = UUID.randomUUID().toString();
        publishCompletion(late, wrong);
        await().pollInSameThread().until(() -> processed(late) == 1);
        assertThat(task(enrollmentId, "CYCLE_START", 2).get("dueDate")).isEqualTo(planned.plusDays(1).plusMonths(3).toString());
    }

    @Test
    void a_poison_completion_goes_to_the_dead_letter_topic_with_its_reason_and_the_next_one_is_processed() throws Exception {
        String enrollmentId = enroll(dliEnrollment(subject(), today().minusDays(62)));
        Map<String, Object> c1 = task(enrollmentId, "CYCLE_START", 1);
        try (TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "task-completions-dlq")) {
            writer.send(EventTypes.TOPIC_COMPLETIONS, enrollmentId, UUID.randomUUID().toString(),
                    EventTypes.TASK_COMPLETED, "{not json");
            publishCompletion(UUID.randomUUID().toString(), new TaskCompletedPayload(UUID.randomUUID().toString(),
                    (String) c1.get("id"), enrollmentId, "x", LocalDate.parse((String) c1.get("dueDate")), "nurse-li", null, java.time.Instant.now()));
            await().untilAsserted(() -> assertThat(task(enrollmentId, "CYCLE_START", 1).get("status")).isEqualTo("COMPLETED"));
            await().untilAsserted(() -> assertThat(dlq.poll()).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(enrollmentId);
                assertThat(TopicReader.header(r, "dead-letter-reason")).isNotBlank();
            }));
        }
    }

    @Test
    void an_enrollment_requested_on_kafka_takes_the_same_path_as_rest_once_and_a_refused_one_is_set_aside() throws Exception {
        String team = TestCallers.team("team");
        String body = dliEnrollment(subject(), today().minusDays(62)).replace("zju-hsct", team);
        String id = UUID.randomUUID().toString();
        writer.send(EventTypes.TOPIC_ENROLLMENTS, "ext-1", id, EventTypes.ENROLLMENT_REQUESTED, body);
        writer.send(EventTypes.TOPIC_ENROLLMENTS, "ext-1", id, EventTypes.ENROLLMENT_REQUESTED, body);
        try (TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "enrollments-dlq")) {
            String refusedId = UUID.randomUUID().toString();
            writer.send(EventTypes.TOPIC_ENROLLMENTS, "ext-1", refusedId, EventTypes.ENROLLMENT_REQUESTED,
                    body.replace("NCT07105579", "NCT00000000"));
            await().untilAsserted(() -> assertThat(dlq.poll()).anySatisfy(r ->
                    assertThat(TopicReader.header(r, "ce_id")).isEqualTo(refusedId)));
        }
        // Same partition, in order: the refusal was handled after both copies of the good request.
        given().get("/enrollments?careTeam=" + team).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(1));
    }
}
