package org.trialclock.schedule.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.task;
import static org.trialclock.schedule.enrollment.Coordinator.tasks;
import static org.trialclock.schedule.enrollment.Coordinator.today;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;

/**
 * NCT06438796 "CR/MRD negative before blinatumomab maintenance", through the REST API: a positive marrow holds
 * each course with its reason and the team's view is told; a negative marrow releases them.
 */
@QuarkusTest
class MaintenanceHoldTest {

    private final PublishedTasks published = new PublishedTasks();

    @AfterEach
    void close() {
        published.close();
    }

    @Test
    void a_positive_marrow_holds_every_course_with_its_reason_and_a_negative_one_releases_them() {
        // course 1 is planned on day 60 post-HSCT, ten days from now
        String enrollment = enroll("""
                {"subjectId":"%s","protocolId":"NCT06438796","arm":"BLINATUMOMAB","siteId":"zju","careTeam":"zju-hsct",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"ageYears":40}"""
                .formatted(subject(), today().minusDays(50)));
        assertThat(courseStarts(enrollment)).extracting(t -> t.get("status")).containsOnly("PLANNED");

        record(enrollment, event("MRD_RESULT", today().minusDays(1), "{\"mrdPercent\":0.05,\"method\":\"FLOW\"}"));

        List<Map<String, Object>> held = courseStarts(enrollment);
        assertThat(held).hasSize(4).allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("ON_HOLD");
            assertThat((String) t.get("statusReason")).contains("MRD 0.05% (FLOW) on " + today().minusDays(1)).contains("is positive");
        });
        List<Object> heldIds = held.stream().map(t -> t.get("id")).toList();
        await().untilAsserted(() -> assertThat(published.of(enrollment, EventTypes.TASK_RESCHEDULED))
                .extracting(p -> (Object) p.payload().get("id").asText()).containsExactlyInAnyOrderElementsOf(heldIds));

        record(enrollment, event("MRD_RESULT", today(), "{\"mrdPercent\":0,\"method\":\"FLOW\"}"));

        assertThat(courseStarts(enrollment)).extracting(t -> t.get("status")).containsOnly("PLANNED");
        assertThat(task(enrollment, "CYCLE_START", 1).get("dueDate")).isEqualTo(today().plusDays(10).toString());
    }

    private static List<Map<String, Object>> courseStarts(String enrollment) {
        return tasks(enrollment).stream().filter(t -> "CYCLE_START".equals(t.get("kind"))).toList();
    }
}
