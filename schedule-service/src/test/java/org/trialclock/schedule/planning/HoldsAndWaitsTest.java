package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gates hold what depends on them, and a task counted from an event that is not recorded yet waits for it
 * (ON_HOLD, saying what for) instead of being alerted as due on a guessed date.
 */
class HoldsAndWaitsTest {

    // --- NCT06438796 (seed 000): "CR/MRD negative before blinatumomab maintenance" --------------------------

    static final Enrollee MAINTENANCE = enrollee("BLINATUMOMAB", Map.of("HSCT", d("2026-01-10")), null, d("2026-03-01"));

    @Test
    void a_positive_marrow_holds_every_maintenance_course_not_yet_started_with_the_result_as_reason() {
        // "CR/MRD negative before blinatumomab maintenance"
        assertThat(task(plan("NCT06438796", MAINTENANCE), "blinatumomab-course.1.start").status())
                .as("no marrow yet: the gate is pending, the course planned").isEqualTo(TaskStatus.PLANNED);

        Plan held = plan("NCT06438796", MAINTENANCE, List.of(mrd("2026-03-04", 0.05, "FLOW", null)), List.of());

        for (int course = 1; course <= 4; course++) {
            PlannedTask start = task(held, "blinatumomab-course." + course + ".start");
            assertThat(start.status()).as("course " + course).isEqualTo(TaskStatus.ON_HOLD);
            assertThat(start.gate().state()).isEqualTo(Gate.HELD);
            assertThat(start.statusReason()).contains("MRD 0.05% (FLOW) on 2026-03-04 is positive");
        }
        assertThat(task(held, "mrd-monitoring.1").status()).as("marrows go on").isEqualTo(TaskStatus.PLANNED);
    }

    @ParameterizedTest(name = "FLOW MRD {0}% before course 1 leaves it {1}")
    @CsvSource({"0.01, ON_HOLD", "0.0099, PLANNED"})
    void the_flow_positivity_threshold_0_01_percent_is_inclusive(double percent, TaskStatus expected) {
        Plan plan = plan("NCT06438796", MAINTENANCE, List.of(mrd("2026-03-04", percent, "FLOW", null)), List.of());
        assertThat(task(plan, "blinatumomab-course.1.start").status()).isEqualTo(expected);
    }

    @Test
    void a_negative_marrow_releases_the_hold_and_a_course_whose_day_has_passed_is_due_that_day() {
        // course 1 planned on day 60 post-HSCT = 2026-03-11; the hold is lifted by the marrow of 2026-03-20
        Plan plan = plan("NCT06438796", MAINTENANCE,
                List.of(mrd("2026-03-04", 0.05, "FLOW", null), mrd("2026-03-20", 0.0, "FLOW", null)), List.of());

        PlannedTask course1 = task(plan, "blinatumomab-course.1.start");
        assertThat(course1.status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(course1.gate().state()).isEqualTo(Gate.OPEN);
        assertThat(course1.dueDate()).isEqualTo(d("2026-03-20"));
        assertDue(plan, "blinatumomab-course.2.start", "2026-06-20"); // 3 months from the day course 1 became due
    }

    @Test
    void a_positive_marrow_during_maintenance_holds_the_next_courses_but_not_the_one_started() {
        List<Completion> started = List.of(done("blinatumomab-course.1.start", "2026-03-11"));
        Plan plan = plan("NCT06438796", MAINTENANCE, List.of(mrd("2026-05-30", 0.2, "FLOW", null)), started);

        assertThat(task(plan, "blinatumomab-course.1.start").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task(plan, "blinatumomab-course.2.start").status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(task(plan, "blinatumomab-course.4.start").status()).isEqualTo(TaskStatus.ON_HOLD);
    }

    @Test
    void a_positive_marrow_before_the_transplant_does_not_hold_maintenance_and_the_control_arm_has_no_course() {
        assertThat(task(plan("NCT06438796", MAINTENANCE, List.of(mrd("2026-01-05", 3.0, "FLOW", null)), List.of()),
                "blinatumomab-course.1.start").status()).isEqualTo(TaskStatus.PLANNED);
        Enrollee control = enrollee("CONTROL", Map.of("HSCT", d("2026-01-10")), null, d("2026-03-01"));
        assertThat(plan("NCT06438796", control, List.of(mrd("2026-03-04", 0.05, "FLOW", null)), List.of()).tasks())
                .noneMatch(t -> t.kind() == TaskKind.CYCLE_START);
    }

    // --- NCT06507514 (seed 003): collection, auto-HSCT, reconstitution -----------------------------------

    static final Enrollee SANDWICH = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));
    static final List<Completion> COURSE_DONE = List.of(done("blinatumomab-course.1.start", "2026-01-10"),
            done("blinatumomab-course.1.end", "2026-02-06"));

    @Test
    void a_held_stem_cell_collection_holds_the_transplant_and_everything_counted_from_it() {
        // "Following successful stem cell collection, auto-HSCT will be performed."
        Plan plan = plan("NCT06507514", SANDWICH, List.of(mrd("2026-02-07", 0.02, "FLOW", null)), COURSE_DONE);

        assertThat(task(plan, "stem-cell-collection").status()).isEqualTo(TaskStatus.ON_HOLD);
        PlannedTask transplant = task(plan, "auto-hsct");
        assertThat(transplant.status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(transplant.statusReason()).contains("waits for the recorded mobilization and collection of autologous stem cells")
                .contains("on hold: MRD 0.02% (FLOW) on 2026-02-07 is positive");
        for (String key : List.of("reconstitution-blood-count.1", "reconstitution-review", "mrd-monitoring.1", "follow-up.1")) {
            PlannedTask t = task(plan, key);
            assertThat(t.status()).as(key).isEqualTo(TaskStatus.ON_HOLD);
            assertThat(t.statusReason()).as(key).contains("autologous stem-cell transplant (AUTO_HSCT, planned on 2026-03-06)")
                    .contains("on hold: MRD 0.02%");
        }
    }

    @Test
    void the_transplant_waits_for_the_recorded_collection_and_what_follows_it_for_the_recorded_transplant() {
        Plan negative = plan("NCT06507514", SANDWICH, List.of(mrd("2026-02-07", 0.0, "FLOW", null)), COURSE_DONE);
        assertThat(task(negative, "stem-cell-collection").status()).isEqualTo(TaskStatus.PLANNED);
        assertThat(task(negative, "auto-hsct").status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(task(negative, "auto-hsct").statusReason()).doesNotContain("on hold:");

        List<Completion> collected = List.of(COURSE_DONE.get(0), COURSE_DONE.get(1), done("stem-cell-collection", "2026-02-13"));
        Plan afterCollection = plan("NCT06507514", SANDWICH, List.of(mrd("2026-02-07", 0.0, "FLOW", null)), collected);
        assertThat(task(afterCollection, "auto-hsct").status()).isEqualTo(TaskStatus.PLANNED);
        assertDue(afterCollection, "auto-hsct", "2026-03-06");
        assertThat(task(afterCollection, "reconstitution-blood-count.1").status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(task(afterCollection, "reconstitution-blood-count.1").statusReason())
                .isEqualTo("waits for the autologous stem-cell transplant (AUTO_HSCT, planned on 2026-03-06) to be recorded");

        Plan transplanted = plan("NCT06507514", SANDWICH, List.of(mrd("2026-02-07", 0.0, "FLOW", null),
                transplant("AUTO_HSCT", "2026-03-09")), collected);
        assertThat(task(transplanted, "reconstitution-blood-count.1").status()).isEqualTo(TaskStatus.PLANNED);
        assertDue(transplanted, "reconstitution-blood-count.1", "2026-03-23");
    }

    @Test
    void completing_the_auto_hsct_task_records_the_transplant_like_a_posted_transplant_event() {
        List<Completion> transplanted = List.of(COURSE_DONE.get(0), COURSE_DONE.get(1),
                done("stem-cell-collection", "2026-02-13"), done("auto-hsct", "2026-03-09"));
        Plan plan = plan("NCT06507514", SANDWICH, List.of(mrd("2026-02-07", 0.0, "FLOW", null)), transplanted);

        assertThat(task(plan, "auto-hsct").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task(plan, "reconstitution-blood-count.1").status()).isEqualTo(TaskStatus.PLANNED);
        assertDue(plan, "reconstitution-blood-count.1", "2026-03-23");
        assertDue(plan, "reconstitution-review", "2026-05-08");
    }

    @Test
    void reconstitution_counts_only_blood_counts_dated_after_a_recorded_auto_hsct() {
        // "After achieving reconstitution post-auto-HSCT (white blood cell [WBC] ≥ 3×109/L, platelet count [PLT] ≥ 50×109/L)"
        ClinicalEvent count = lab("2026-03-20", 3.0, 50);

        Plan planned = plan("NCT06507514", SANDWICH, List.of(count), List.of());
        assertThat(planned.tasks()).as("the auto-HSCT of 2026-03-06 is only planned").noneMatch(t -> t.activity().equals("maintenance-cycle"));

        Plan onTheDay = plan("NCT06507514", SANDWICH, List.of(transplant("AUTO_HSCT", "2026-03-20"), count), List.of());
        assertThat(onTheDay.tasks()).as("a count on the transplant day is not after it").noneMatch(t -> t.activity().equals("maintenance-cycle"));

        Plan recorded = plan("NCT06507514", SANDWICH, List.of(transplant("AUTO_HSCT", "2026-03-06"), count), List.of());
        assertDue(recorded, "maintenance-cycle.1.start", "2026-03-27");
    }

    @ParameterizedTest(name = "first qualifying count on {0} (day +60 is 2026-05-05): the review is {1}")
    @CsvSource({"2026-05-04, CANCELLED", "2026-05-05, CANCELLED", "2026-05-06, PLANNED", ", PLANNED"})
    void the_team_is_told_at_day_60_if_reconstitution_has_not_come_and_the_counts_go_on(String countedOn,
                                                                                         TaskStatus expected) {
        List<ClinicalEvent> events = countedOn == null ? List.of(transplant("AUTO_HSCT", "2026-03-06"))
                : List.of(transplant("AUTO_HSCT", "2026-03-06"), lab(countedOn, 3.5, 60));
        Plan plan = plan("NCT06507514", SANDWICH, events, List.of());

        PlannedTask review = task(plan, "reconstitution-review");
        assertThat(review.dueDate()).isEqualTo(d("2026-05-05"));
        assertThat(review.status()).isEqualTo(expected);
        if (countedOn == null) {
            assertThat(task(plan, "reconstitution-blood-count.20").status()).as("weekly counts go on past day +60")
                    .isEqualTo(TaskStatus.PLANNED);
        }
    }

    // --- anything counted from an unrecorded event -----------------------------------------------------------

    @Test
    void tasks_after_a_transplant_given_only_as_a_planned_date_wait_for_it_and_the_marrow_before_it_does_not() {
        // BLINA-PRE-HSCT-RCT: "MRD status assessed using multi-parameter flow cytometry or PCR prior to HSCT"
        Enrollee e = enrollee("DIRECT_HSCT", Map.of("RANDOMIZATION", d("2026-01-10"), "HSCT", d("2026-02-20")), null,
                d("2026-01-10"));
        Plan planned = plan("BLINA-PRE-HSCT-RCT", e);

        assertThat(task(planned, "mrd-before-hsct").status()).isEqualTo(TaskStatus.PLANNED);
        PlannedTask safety = task(planned, "safety-day-100");
        assertThat(safety.status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(safety.statusReason()).contains("allogeneic stem-cell transplant (HSCT, planned on 2026-02-20) to be recorded");

        Plan recorded = plan("BLINA-PRE-HSCT-RCT", e, List.of(transplant("HSCT", "2026-02-20")), List.of());
        assertThat(task(recorded, "safety-day-100").status()).isEqualTo(TaskStatus.PLANNED);
    }

    @Test
    void a_transplant_date_already_past_at_enrollment_is_a_fact_and_nothing_waits_for_it() {
        // NCT07105579: "Administered at day 120 post-HSCT"
        Enrollee e = enrollee(null, Map.of("HSCT", d("2026-01-10")), "62.5", d("2026-03-10"));
        assertThat(task(plan("NCT07105579", e), "dli").status()).isEqualTo(TaskStatus.PLANNED);
    }

    @Test
    void a_marrow_counted_from_the_end_of_a_course_waits_for_the_recorded_end() {
        // NCT06607419: "From the date of Blinatumomab completion to one week after its treatment course"
        Enrollee e = enrollee(null, Map.of("INDUCTION_D1", d("2026-01-10")), null, d("2026-01-10"));
        PlannedTask waiting = task(plan("NCT06607419", e), "mrd-after-course");
        assertThat(waiting.status()).isEqualTo(TaskStatus.ON_HOLD);
        assertThat(waiting.statusReason()).startsWith("waits for the recorded end of blinatumomab, cycle 1");

        Plan ended = plan("NCT06607419", e, List.of(), List.of(done("blinatumomab-course.1.start", "2026-01-31"),
                done("blinatumomab-course.1.end", "2026-02-14")));
        assertThat(task(ended, "mrd-after-course").status()).isEqualTo(TaskStatus.PLANNED);
        assertDue(ended, "mrd-after-course", "2026-02-21");
    }
}
