package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.trialclock.schedule.planning.Trials.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A result entered on a task's completion counts as a clinical event, at the task's own timepoint. */
class CompletionResultsTest {

    static final Enrollee CHILD = new Enrollee("P-1", null, "LOW", Map.of("INDUCTION_D1", d("2026-01-10")), null,
            d("2026-01-24"), 6, null, Set.of());

    static Completion done(String key, String date, Map<String, Object> result) {
        return new Completion(key, d(date), result);
    }

    @Test
    void the_day_19_marrows_result_is_the_d19_result_and_below_the_threshold_makes_a_screen_failure() {
        // "A. Provisional low-risk: D19MRD ≥ 0.1%": 0.05% entered on the day-19 marrow's completion.
        Plan plan = plan("NCT06607419", CHILD, List.of(),
                List.of(done("mrd-day-19", "2026-01-28", Map.of("mrdPercent", 0.05, "method", "FLOW"))));

        assertThat(plan.eligibility()).filteredOn(c -> c.id().equals("d19-mrd")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(EligibilityStatus.NOT_MET));
        assertThat(plan.alerts()).extracting(EnrollmentAlert::kind).containsExactly("SCREEN_FAILURE");
        assertThat(task(plan, "blinatumomab-course.1.start").status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void a_day_46_marrow_of_1_percent_entered_on_its_completion_takes_the_patient_off_study() {
        // Exclusion "D46MRD ≥1%."
        Plan plan = plan("NCT06607419", CHILD, List.of(mrd("2026-01-28", 0.5, "FLOW", "D19")),
                List.of(done("mrd-day-46", "2026-02-24", Map.of("mrdPercent", 1.0, "method", "FLOW"))));

        assertThat(plan.alerts()).extracting(EnrollmentAlert::kind).containsExactly("OFF_STUDY");
        assertThat(task(plan, "follow-up-yearly.1").status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void an_mrd_of_0_5_percent_on_a_marrow_completion_after_enrollment_raises_one_mrd_conversion_alert() {
        // "An MRD result at or above the protocol's positivity threshold after enrollment alerts the care team"
        Enrollee e = new Enrollee("S-1", null, null, Map.of("HSCT", d("2026-01-10")), new BigDecimal("62.5"),
                d("2026-03-10"), 40, null, Set.of());
        Plan plan = plan("NCT07105579", e, List.of(),
                List.of(done("mrd-before-cycle.2", "2026-06-04", Map.of("mrdPercent", 0.5, "method", "FLOW"))));

        assertThat(plan.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("MRD_CONVERSION");
            assertThat(a.date()).isEqualTo(d("2026-06-04"));
        });
    }

    @Test
    void an_mrd_result_without_its_method_is_refused_not_read_as_flow() {
        EnrollmentRefused r = catchThrowableOfType(EnrollmentRefused.class, () -> plan("NCT06607419", CHILD, List.of(),
                List.of(done("mrd-day-19", "2026-01-28", Map.of("mrdPercent", 0.05)))));
        assertThat(r.field()).endsWith("data.method");
    }

    @Test
    void blood_counts_on_a_reconstitution_check_set_reconstitution_like_a_posted_lab_result() {
        // "After achieving reconstitution post-auto-HSCT (white blood cell [WBC] ≥ 3×109/L, platelet count [PLT] ≥ 50×109/L)"
        Enrollee e = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));
        List<ClinicalEvent> events = List.of(transplant("AUTO_HSCT", "2026-03-01"));
        Plan posted = plan("NCT06507514", e, List.of(transplant("AUTO_HSCT", "2026-03-01"), lab("2026-03-22", 3.5, 80)),
                List.of());
        Plan completed = plan("NCT06507514", e, events,
                List.of(done("reconstitution-blood-count.2", "2026-03-22", Map.of("wbc", 3.5, "plt", 80))));

        assertThat(task(completed, "maintenance-cycle.1.start").dueDate())
                .isEqualTo(task(posted, "maintenance-cycle.1.start").dueDate());
    }
}
