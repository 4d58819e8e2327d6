package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Cycle n+1 is planned from cycle n's planned day 1 until cycle n's actual start is recorded." */
class ReanchoringTest {

    static final Enrollee PATIENT = enrollee(null, Map.of("HSCT", d("2026-01-10")), "62.5", d("2026-03-10")); // ">= 2 months post-transplant"

    @Test
    void cycle_2_starts_three_calendar_months_after_cycle_1s_real_start_when_it_started_2_days_late() {
        // "one cycle every 3 months"; cycle 1 planned 2026-03-11, given 2026-03-13
        Plan plan = plan("NCT07105579", PATIENT, List.of(), List.of(done("blinatumomab-cycle.1.start", "2026-03-13")));

        PlannedTask c1 = task(plan, "blinatumomab-cycle.1.start");
        assertThat(c1.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(c1.completedOn()).isEqualTo(d("2026-03-13"));
        assertThat(c1.dueDate()).as("a done task keeps its planned date").isEqualTo(d("2026-03-11"));
        assertDue(plan, "blinatumomab-cycle.1.day4", "2026-03-16"); // real day 4
        assertDue(plan, "blinatumomab-cycle.1.end", "2026-03-26");
        assertDue(plan, "blinatumomab-cycle.2.start", "2026-06-13");
        assertDue(plan, "mrd-before-cycle.2", "2026-06-06");
        assertDue(plan, "blinatumomab-cycle.3.start", "2026-09-13");
    }

    @Test
    void a_cycle_started_on_january_31_brings_the_next_to_april_30() {
        Enrollee e = enrollee(null, Map.of("HSCT", d("2026-11-28")), "70", d("2026-12-01")); // cycle 1 planned 2027-01-27
        Plan plan = plan("NCT07105579", e, List.of(), List.of(done("blinatumomab-cycle.1.start", "2027-01-31")));

        assertDue(plan, "blinatumomab-cycle.2.start", "2027-04-30");
    }

    @Test
    void a_recorded_transplant_moves_every_task_counted_from_it() {
        // "Cycle 1 (starting at day 60 post-transplant)"; "Administered at day 120 post-HSCT"
        Plan plan = plan("NCT07105579", PATIENT, List.of(transplant("HSCT", "2026-01-15")), List.of());

        assertDue(plan, "blinatumomab-cycle.1.start", "2026-03-16");
        assertDue(plan, "dli", "2026-05-15");
        assertDue(plan, "follow-up.2", "2028-01-15");
    }

    @Test
    void a_transplant_recorded_after_a_completed_task_does_not_move_that_task() {
        Plan plan = plan("NCT07105579", PATIENT, List.of(transplant("HSCT", "2026-03-20")),
                List.of(done("mrd-before-cycle.1", "2026-03-05")));

        PlannedTask mrd = task(plan, "mrd-before-cycle.1");
        assertThat(mrd.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(mrd.dueDate()).isEqualTo(d("2026-03-04"));
        assertDue(plan, "blinatumomab-cycle.1.start", "2026-05-19"); // 2026-03-20 + 60
    }

    @Test
    void correcting_a_completion_date_replans_as_if_the_right_date_had_been_there_from_the_start() {
        Plan wrongThenRight = plan("NCT07105579", PATIENT, List.of(),
                List.of(done("blinatumomab-cycle.1.start", "2026-03-12")));
        Plan right = plan("NCT07105579", PATIENT, List.of(), List.of(done("blinatumomab-cycle.1.start", "2026-03-15")));
        Plan corrected = plan("NCT07105579", PATIENT, List.of(), List.of(done("blinatumomab-cycle.1.start", "2026-03-15")));

        assertThat(corrected).isEqualTo(right);
        assertThat(corrected).isNotEqualTo(wrongThenRight);
        assertDue(corrected, "blinatumomab-cycle.2.start", "2026-06-15");
    }

    @Test
    void the_next_auto_hsct_plan_follows_the_real_collection_date() {
        // "Following successful stem cell collection, auto-HSCT will be performed." (21 days: default)
        Enrollee e = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));
        Plan plan = plan("NCT06507514", e, List.of(), List.of(done("stem-cell-collection", "2026-02-16")));

        assertDue(plan, "auto-hsct", "2026-03-09");
    }
}
