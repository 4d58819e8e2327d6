package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NCT06507514: blinatumomab + auto-HSCT "sandwich" (seed 003). */
class Nct06507514ScheduleTest {

    static final String ID = "NCT06507514";
    static final Enrollee ENROLLEE = enrollee(null, Map.of("BLINA_START", d("2026-01-10")), null, d("2026-01-10"));

    @Test
    void stem_cells_are_collected_1_week_after_blinatumomab_and_auto_hsct_is_planned_21_days_later() {
        // "Autologous stem cell mobilization and collection will be performed 1 week after blinatumomab."
        Plan plan = plan(ID, ENROLLEE);

        assertDue(plan, "blinatumomab-course.1.end", "2026-02-06"); // 28-day course (default)
        assertDue(plan, "mrd-after-course", "2026-02-07");
        assertDue(plan, "stem-cell-collection", "2026-02-13");
        assertDue(plan, "auto-hsct", "2026-03-06");
        assertThat(task(plan, "auto-hsct").kind()).isEqualTo(TaskKind.TRANSPLANT);
        assertThat(task(plan, "auto-hsct").reminderDaysBefore()).isEqualTo(7);
    }

    @Test
    void blood_counts_are_checked_weekly_from_day_14_after_auto_hsct_until_reconstitution_without_a_fixed_number() {
        // "After achieving reconstitution post-auto-HSCT (white blood cell [WBC] ≥ 3×109/L, platelet count [PLT] ≥ 50×109/L)"
        Plan plan = plan(ID, ENROLLEE, List.of(transplant("AUTO_HSCT", "2026-03-06")), List.of());

        assertDue(plan, "reconstitution-blood-count.1", "2026-03-20");
        assertDue(plan, "reconstitution-blood-count.2", "2026-03-27");
        assertDue(plan, "reconstitution-blood-count.9", "2026-05-15");
        // weekly to month 24 (the end of MRD monitoring, a default) unless reconstitution comes first
        List<PlannedTask> counts = plan.tasks().stream().filter(t -> t.activity().equals("reconstitution-blood-count")).toList();
        assertThat(counts).hasSize(103).allMatch(t -> t.status() == TaskStatus.PLANNED);
        assertThat(counts.get(counts.size() - 1).dueDate()).isEqualTo(d("2028-03-03"));
        assertThat(plan.tasks()).as("maintenance waits for reconstitution").noneMatch(t -> t.activity().equals("maintenance-cycle"));
    }

    @Test
    void a_recorded_auto_hsct_moves_the_blood_counts_and_everything_after_it() {
        // "Following successful stem cell collection, auto-HSCT will be performed."
        Plan plan = plan(ID, ENROLLEE, List.of(transplant("AUTO_HSCT", "2026-03-10")), List.of());

        assertDue(plan, "auto-hsct", "2026-03-10");
        assertThat(task(plan, "auto-hsct").status()).isEqualTo(TaskStatus.PLANNED);
        assertDue(plan, "reconstitution-blood-count.1", "2026-03-24");
        assertDue(plan, "mrd-monitoring.1", "2026-06-10");
    }

    @Test
    void four_maintenance_cycles_follow_reconstitution_the_first_7_days_after_the_qualifying_count() {
        // "patients will receive blinatumomab maintenance therapy for a total of four cycles"
        Plan plan = plan(ID, ENROLLEE, List.of(transplant("AUTO_HSCT", "2026-03-06"),
                lab("2026-03-27", 2.1, 80), lab("2026-04-03", 3.0, 50)), List.of());

        assertDue(plan, "mrd-before-maintenance", "2026-04-03");
        assertDue(plan, "maintenance-cycle.1.start", "2026-04-10");
        assertDue(plan, "maintenance-cycle.2.start", "2026-07-10");
        assertDue(plan, "maintenance-cycle.4.start", "2027-01-10");
        assertDue(plan, "mrd-after-maintenance", "2027-02-13"); // cycle 4 ends 2027-02-06, + 7 days
    }
}
