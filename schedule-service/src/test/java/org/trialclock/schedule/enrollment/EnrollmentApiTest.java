package org.trialclock.schedule.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventSchemas;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class EnrollmentApiTest {
    @Inject
    EntityManager em;

    private TopicReader tasks;

    @BeforeEach
    void readTasks() {
        tasks = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), EventTypes.TOPIC_TASKS);
    }

    @AfterEach
    void close() {
        tasks.close();
    }

    static String enrollment(String subjectId, LocalDate hsct) {
        return """
                {"subjectId":"%s","protocolId":"NCT07105579","siteId":"zju","careTeam":"zju-hsct",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5}""".formatted(subjectId, hsct);
    }

    @Test
    void an_enrollment_is_stored_with_its_tasks_and_each_task_is_published_once_as_a_cloud_event() throws Exception {
        String subject = "ZJU-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate hsct = LocalDate.now().minusDays(62); // "≥2 months post-transplant"
        String location = given().contentType(ContentType.JSON).body(enrollment(subject, hsct))
                .when().post("/enrollments")
                .then().statusCode(201)
                .header("Location", containsString("/enrollments/"))
                .body("subjectId", equalTo(subject))
                .body("protocolVersion", equalTo(protocolVersion()))
                // "Cycle 1 starts day 60 post-transplant" and "DLI at day 120 post-HSCT"
                .body("tasks.dueDate", hasItem(hsct.plusDays(60).toString()))
                .body("tasks.dueDate", hasItem(hsct.plusDays(120).toString()))
                .extract().header("Location");
        String enrollmentId = location.substring(location.lastIndexOf('/') + 1);
        List<String> taskIds = given().get(location + "/tasks").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(taskIds).isNotEmpty();

        EventSchemas schemas = new EventSchemas();
        await().untilAsserted(() -> assertThat(ofEnrollment(enrollmentId)).hasSize(taskIds.size()));
        List<ConsumerRecord<String, String>> published = ofEnrollment(enrollmentId);
        for (ConsumerRecord<String, String> record : published) {
            assertThat(record.key()).isEqualTo(enrollmentId);
            assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo(EventTypes.TASK_SCHEDULED);
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/trialclock/schedule-service");
            assertThat(TopicReader.header(record, "ce_id")).isNotBlank();
            JsonNode payload = Json.MAPPER.readTree(record.value());
            assertThat(schemas.violations(EventTypes.TASK_SCHEDULED, payload)).isEmpty();
            assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(payload.get("id").asText());
        }
        assertThat(published).extracting(r -> TopicReader.header(r, "ce_id")).doesNotHaveDuplicates();
        assertThat(published).extracting(r -> readId(r.value())).containsExactlyInAnyOrderElementsOf(taskIds);
        assertThat(unsentOutboxRows()).isZero();
    }

    @Test
    void an_unknown_enrollment_is_a_not_found_problem() {
        given().get("/enrollments/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private List<ConsumerRecord<String, String>> ofEnrollment(String enrollmentId) {
        return tasks.poll().stream().filter(r -> enrollmentId.equals(r.key())).toList();
    }

    private static String readId(String json) {
        try {
            return Json.MAPPER.readTree(json).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String protocolVersion() {
        return given().get("/protocols/NCT07105579").then().extract().path("version");
    }

    private long unsentOutboxRows() {
        return count("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
    }

    private long count(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
