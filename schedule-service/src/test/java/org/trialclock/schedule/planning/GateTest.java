package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gates: conditions a task waits on. */
class GateTest {

    // HSCT 2026-01-10: DLI due 2026-05-10 (day 120)
    static final Enrollee DLI_PATIENT = enrollee(null, Map.of("HSCT", d("2026-01-10")), "62.5", d("2026-03-10"));

    static PlannedTask dli(List<ClinicalEvent> events) {
        return task(plan("NCT07105579", DLI_PATIENT, events, List.of()), "dli");
    }

    @Test
    void a_recorded_grade_iii_acute_gvhd_cancels_the_dli_and_keeps_the_reason() {
        // "DLI eligibility criteria:No history of grade III-IV acute GVHD (aGVHD)."
        PlannedTask dli = dli(List.of(gvhd("2026-03-20", "ACUTE", 3, true), gvhd("2026-04-20", "ACUTE", 0, false)));

        assertThat(dli.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(dli.gate().state()).isEqualTo(Gate.FAILED);
        assertThat(dli.statusReason()).contains("grade III acute GVHD").contains("2026-03-20");
    }

    @Test
    void grade_ii_acute_gvhd_that_has_resolved_does_not_stop_the_dli() {
        PlannedTask dli = dli(List.of(gvhd("2026-03-20", "ACUTE", 2, true), gvhd("2026-04-20", "ACUTE", 0, false)));

        assertThat(dli.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(dli.gate().state()).isEqualTo(Gate.OPEN);
        assertThat(dli.dueDate()).isEqualTo(d("2026-05-10"));
    }

    @Test
    void active_acute_or_chronic_gvhd_puts_the_dli_on_hold() {
        // "No active aGVHD or chronic GVHD (cGVHD) at the time of infusion"
        PlannedTask acute = dli(List.of(gvhd("2026-05-03", "ACUTE", 2, true)));
        assertThat(acute.status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(acute.gate().state()).isEqualTo(Gate.HELD);
        assertThat(acute.statusReason()).contains("active acute GVHD").contains("2026-05-03");

        PlannedTask chronic = dli(List.of(gvhd("2026-05-03", "ACUTE", 0, false), gvhd("2026-05-03", "CHRONIC", 1, true)));
        assertThat(chronic.status()).isEqualTo(TaskStatus.ON_HOLD);
    }

    @Test
    void an_assessment_recording_no_active_gvhd_releases_the_hold_and_the_dli_is_due_that_day_if_later() {
        // "No active aGVHD or chronic GVHD (cGVHD) at the time of infusion"
        PlannedTask before = dli(List.of(gvhd("2026-05-03", "ACUTE", 2, true), gvhd("2026-05-08", "ACUTE", 0, false)));
        assertThat(before.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(before.dueDate()).isEqualTo(d("2026-05-10"));

        PlannedTask after = dli(List.of(gvhd("2026-05-03", "ACUTE", 2, true), gvhd("2026-05-20", "ACUTE", 1, false)));
        assertThat(after.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(after.gate().state()).isEqualTo(Gate.OPEN);
        assertThat(after.dueDate()).isEqualTo(d("2026-05-20"));
        assertThat(after.windowEnd()).isEqualTo(d("2026-06-03"));
    }

    @Test
    void gvhd_that_comes_back_after_a_release_holds_the_dli_where_the_release_put_it() {
        // "No active aGVHD or chronic GVHD (cGVHD) at the time of infusion": active again, so on hold again; the
        // due date stays on the day the first hold was lifted instead of jumping back to day 120.
        PlannedTask dli = dli(List.of(gvhd("2026-05-03", "ACUTE", 2, true), gvhd("2026-05-20", "ACUTE", 1, false),
                gvhd("2026-05-25", "CHRONIC", 1, true)));

        assertThat(dli.status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(dli.dueDate()).isEqualTo(d("2026-05-20"));
    }

    @Test
    void a_positive_marrow_after_a_release_holds_the_course_again_without_moving_what_was_counted_from_it() {
        // "CR/MRD negative before blinatumomab maintenance": course 1 planned 2026-03-11 (day 60 after HSCT 2026-01-10)
        Enrollee patient = enrollee("BLINATUMOMAB", Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01"));
        List<ClinicalEvent> released = List.of(mrd("2026-03-04", 0.05, "FLOW", null), mrd("2026-04-01", 0, "FLOW", null));
        Plan before = plan("NCT06438796", patient, released, List.of());
        assertDue(before, "blinatumomab-course.1.start", "2026-04-01");
        assertDue(before, "mrd-before-course.2", "2026-06-24");

        List<ClinicalEvent> heldAgain = new java.util.ArrayList<>(released);
        heldAgain.add(mrd("2026-04-10", 0.02, "FLOW", null));
        Plan after = plan("NCT06438796", patient, heldAgain, List.of());
        assertThat(task(after, "blinatumomab-course.1.start").status()).isEqualTo(TaskStatus.ON_HOLD);
        assertDue(after, "blinatumomab-course.1.start", "2026-04-01");
        // A marrow done on 2026-06-24 as then planned keeps that date whatever comes after.
        Plan done = plan("NCT06438796", patient, heldAgain, List.of(done("mrd-before-course.2", "2026-06-24")));
        assertThat(task(done, "mrd-before-course.2").dueDate()).isEqualTo(d("2026-06-24"));
        assertDue(done, "blinatumomab-course.2.start", "2026-07-01");
    }

    @Test
    void without_any_gvhd_assessment_the_dli_gate_is_pending() {
        PlannedTask dli = dli(List.of());

        assertThat(dli.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(dli.gate().state()).isEqualTo(Gate.PENDING);
    }

    @Test
    void a_blood_count_below_wbc_3_or_plt_50_does_not_start_maintenance_and_a_qualifying_one_does() {
        // "After achieving reconstitution post-auto-HSCT (white blood cell [WBC] ≥ 3×109/L, platelet count [PLT] ≥ 50×109/L)"
        Enrollee e = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));
        ClinicalEvent hsct = transplant("AUTO_HSCT", "2026-03-06");

        Plan low = plan("NCT06507514", e, List.of(hsct, lab("2026-03-20", 2.9, 200), lab("2026-03-27", 5.0, 49)), List.of());
        assertThat(low.tasks()).noneMatch(t -> t.activity().equals("maintenance-cycle"));
        assertThat(task(low, "reconstitution-blood-count.8").status()).isEqualTo(TaskStatus.PLANNED);

        Plan ok = plan("NCT06507514", e, List.of(hsct, lab("2026-03-20", 2.9, 200), lab("2026-03-27", 3.0, 50)), List.of());
        assertDue(ok, "maintenance-cycle.1.start", "2026-04-03");
        assertThat(task(ok, "reconstitution-blood-count.2").status()).isEqualTo(TaskStatus.PLANNED); // due 03-27
        PlannedTask stopped = task(ok, "reconstitution-blood-count.3");
        assertThat(stopped.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(stopped.statusReason()).contains("2026-03-27");
    }

    @Test
    void a_blood_count_before_the_transplant_does_not_count_as_reconstitution() {
        Enrollee e = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));
        Plan plan = plan("NCT06507514", e, List.of(lab("2026-02-01", 6.0, 250), transplant("AUTO_HSCT", "2026-03-06")), List.of());

        assertThat(plan.tasks()).noneMatch(t -> t.activity().equals("maintenance-cycle"));
    }

    @Test
    void stem_cell_collection_waits_for_an_mrd_negative_result_after_the_first_course() {
        // "MRD-negative status after one cycle of blinatumomab treatment" (collection gated on it)
        Enrollee e = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));
        List<Completion> course = List.of(done("blinatumomab-course.1.start", "2026-01-10"),
                done("blinatumomab-course.1.end", "2026-02-06"));

        PlannedTask pending = task(plan("NCT06507514", e, List.of(), course), "stem-cell-collection");
        assertThat(pending.gate().state()).isEqualTo(Gate.PENDING);
        assertThat(pending.status()).isEqualTo(TaskStatus.PLANNED);

        PlannedTask positive = task(plan("NCT06507514", e, List.of(mrd("2026-02-07", 0.02, "FLOW", null)), course),
                "stem-cell-collection");
        assertThat(positive.status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(positive.gate().state()).isEqualTo(Gate.HELD);

        PlannedTask negative = task(plan("NCT06507514", e, List.of(mrd("2026-02-07", 0.009, "FLOW", null)), course),
                "stem-cell-collection");
        assertThat(negative.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(negative.gate().state()).isEqualTo(Gate.OPEN);

        PlannedTask duringCourse = task(plan("NCT06507514", e, List.of(mrd("2026-01-20", 0.5, "FLOW", null)), course),
                "stem-cell-collection");
        assertThat(duringCourse.gate().state()).as("a result before the course ended does not count").isEqualTo(Gate.PENDING);
    }
}
