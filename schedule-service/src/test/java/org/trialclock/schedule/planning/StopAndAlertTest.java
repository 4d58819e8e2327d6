package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StopAndAlertTest {

    static final Enrollee PATIENT = enrollee(null, Map.of("HSCT", d("2026-01-10")), "62.5", d("2026-03-10")); // ">= 2 months post-transplant"

    @ParameterizedTest
    @ValueSource(strings = {"RELAPSE", "DEATH", "WITHDRAWN"})
    void relapse_death_or_withdrawal_cancels_every_open_task_due_after_it_and_alerts_once(String type) {
        // "A relapse, death or withdrawal cancels every open task after its date and notifies the care team once."
        Plan plan = plan("NCT07105579", PATIENT, List.of(event(type, "2026-04-01", Map.of())),
                List.of(done("blinatumomab-cycle.1.start", "2026-03-11")));

        assertThat(task(plan, "blinatumomab-cycle.1.start").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task(plan, "blinatumomab-cycle.1.end").status()).as("due 03-24, before").isEqualTo(TaskStatus.PLANNED);
        assertThat(plan.tasks()).filteredOn(t -> t.dueDate().isAfter(d("2026-04-01")))
                .isNotEmpty()
                .allSatisfy(t -> {
                    assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED);
                    assertThat(t.statusReason()).contains("2026-04-01");
                });
        assertThat(plan.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(type);
            assertThat(a.key()).isEqualTo(type + ":2026-04-01");
            assertThat(a.date()).isEqualTo(d("2026-04-01"));
        });
    }

    @Test
    void an_mrd_result_at_or_above_the_positivity_threshold_after_enrollment_raises_an_mrd_conversion_alert() {
        // "An MRD result at or above the protocol's positivity threshold after enrollment alerts the care team at once"
        Plan plan = plan("NCT07105579", PATIENT, List.of(
                mrd("2026-02-20", 0.5, "FLOW", null),      // before enrollment: not a conversion
                mrd("2026-03-04", 0.009, "FLOW", null),    // negative
                mrd("2026-06-04", 0.01, "FLOW", null),     // exactly at the threshold
                mrd("2026-09-04", 0.0001, "NGS", null)), List.of());

        assertThat(plan.alerts()).extracting(EnrollmentAlert::key)
                .containsExactly("MRD_CONVERSION:2026-06-04", "MRD_CONVERSION:2026-09-04");
        assertThat(plan.alerts().get(0).message()).contains("0.01%").contains("FLOW");
    }

    @Test
    void a_task_whose_window_closed_before_enrollment_is_pre_enrollment_and_one_still_open_stays_planned() {
        // HSCT 2026-01-10: MRD before cycle 1 due 03-04 (window to 03-11), cycle 1 03-11 (window to 03-18)
        Enrollee late = enrollee(null, Map.of("HSCT", d("2026-01-10")), "62.5", d("2026-03-12"));
        Plan plan = plan("NCT07105579", late);

        assertThat(task(plan, "mrd-before-cycle.1").status()).isEqualTo(TaskStatus.PRE_ENROLLMENT);
        assertThat(task(plan, "blinatumomab-cycle.1.start").status()).isEqualTo(TaskStatus.PLANNED);
    }

    @Test
    void tasks_are_sorted_by_due_date_then_key() {
        Plan plan = plan("NCT06438796", enrollee("BLINATUMOMAB", Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01")));

        assertThat(plan.tasks()).isSortedAccordingTo(java.util.Comparator.comparing(PlannedTask::dueDate)
                .thenComparing(PlannedTask::key));
        // two tasks on 2026-03-11: the course start and MRD monitoring
        assertThat(keys(plan)).containsSubsequence("blinatumomab-course.1.start", "mrd-monitoring.1");
    }
}
