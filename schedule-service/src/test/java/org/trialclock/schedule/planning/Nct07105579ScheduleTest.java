package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NCT07105579: blinatumomab + DLI as maintenance after allo-HSCT (seed 001). */
class Nct07105579ScheduleTest {

    static final String ID = "NCT07105579";

    static Plan planFromHsct(String hsct) {
        return plan(ID, enrollee(null, Map.of("HSCT", d(hsct)), "62.5", d(hsct)));
    }

    @Test
    void cycle_1_starts_on_day_60_post_transplant_at_9_ug_then_steps_up_to_28_ug_on_day_4_and_ends_on_day_14() {
        // "Cycle 1 (starting at day 60 post-transplant):Days 1-3: 9 μg/day,Days 4-14: 28 μg/day"
        Plan plan = planFromHsct("2026-01-10");

        PlannedTask start = task(plan, "blinatumomab-cycle.1.start");
        assertThat(start.kind()).isEqualTo(TaskKind.CYCLE_START);
        assertThat(start.dueDate()).isEqualTo(d("2026-03-11")); // 2026-01-10 + 60 days
        assertThat(start.dose().amount()).isEqualByComparingTo("9");
        assertThat(start.dose().text()).isEqualTo("9 ug/day");
        PlannedTask stepUp = task(plan, "blinatumomab-cycle.1.day4");
        assertThat(stepUp.kind()).isEqualTo(TaskKind.DOSE_CHANGE);
        assertThat(stepUp.dueDate()).isEqualTo(d("2026-03-14")); // day 4 = start + 3
        assertThat(stepUp.dose().text()).isEqualTo("28 ug/day");
        PlannedTask end = task(plan, "blinatumomab-cycle.1.end");
        assertThat(end.kind()).isEqualTo(TaskKind.CYCLE_END);
        assertThat(end.dueDate()).isEqualTo(d("2026-03-24")); // day 14 = start + 13
    }

    @Test
    void cycles_2_to_4_come_every_3_calendar_months_at_28_ug_per_day_for_14_days() {
        // "Cycles 2-4:Days 1-14: 28 μg/day ... one cycle every 3 months."
        Plan plan = planFromHsct("2026-01-10");

        assertDue(plan, "blinatumomab-cycle.2.start", "2026-06-11");
        assertDue(plan, "blinatumomab-cycle.3.start", "2026-09-11");
        assertDue(plan, "blinatumomab-cycle.4.start", "2026-12-11");
        assertDue(plan, "blinatumomab-cycle.4.end", "2026-12-24");
        assertThat(task(plan, "blinatumomab-cycle.2.start").dose().text()).isEqualTo("28 ug/day");
        assertThat(plan.task("blinatumomab-cycle.2.day4")).as("no step-up after cycle 1").isEmpty();
        assertThat(plan.task("blinatumomab-cycle.5.start")).as("four cycles only").isEmpty();
    }

    @Test
    void a_cycle_starting_on_january_31_is_followed_by_one_on_april_30() {
        // "one cycle every 3 months": calendar months, clamped to the end of a shorter month.
        Plan plan = planFromHsct("2026-12-02"); // + 60 days = 2027-01-31

        assertDue(plan, "blinatumomab-cycle.1.start", "2027-01-31");
        assertDue(plan, "blinatumomab-cycle.2.start", "2027-04-30");
        assertDue(plan, "blinatumomab-cycle.3.start", "2027-07-30"); // counted from cycle 2's day 1
    }

    @Test
    void a_cycle_may_start_on_leap_day_and_the_next_follows_three_months_later() {
        // "Cycle 1 (starting at day 60 post-transplant)"
        Plan plan = planFromHsct("2027-12-31"); // + 60 days = 2028-02-29

        assertDue(plan, "blinatumomab-cycle.1.start", "2028-02-29");
        assertDue(plan, "blinatumomab-cycle.1.day4", "2028-03-03");
        assertDue(plan, "blinatumomab-cycle.2.start", "2028-05-29");
    }

    @Test
    void dli_is_given_on_day_120_post_hsct_at_1e7_cd3_cells_per_kg_with_the_absolute_dose_for_the_patients_weight() {
        // "DLI dosage:Administered at day 120 post-HSCT, CD3+ cell dose: 1 × 10⁷/kg"
        Plan plan = planFromHsct("2027-11-01"); // + 120 days = 2028-02-29 (leap day)

        PlannedTask dli = task(plan, "dli");
        assertThat(dli.kind()).isEqualTo(TaskKind.DLI);
        assertThat(dli.dueDate()).isEqualTo(d("2028-02-29"));
        assertThat(dli.windowStart()).isEqualTo(d("2028-02-22"));
        assertThat(dli.windowEnd()).isEqualTo(d("2028-03-14"));
        assertThat(dli.dose().amount()).isEqualByComparingTo("1E7");
        assertThat(dli.dose().per()).isEqualTo("kg");
        assertThat(dli.dose().absolute()).isEqualByComparingTo(new BigDecimal("6.25E8"));
        assertThat(dli.dose().text()).isEqualTo("1x10^7 CD3+ cells/kg (6.25x10^8 for 62.5 kg)");
        assertThat(dli.gate().rule()).isEqualTo("GVHD_FREE");
        assertThat(dli.reminderDaysBefore()).isEqualTo(7);
    }

    @Test
    void marrow_mrd_is_due_7_days_before_each_cycle_and_gvhd_is_assessed_7_days_before_the_dli() {
        // "Bone marrow morphology in remission and MRD-negative before enrollment." (offsets are defaults)
        Plan plan = planFromHsct("2026-01-10");

        assertDue(plan, "mrd-before-cycle.1", "2026-03-04");
        assertDue(plan, "mrd-before-cycle.4", "2026-12-04");
        assertThat(task(plan, "mrd-before-cycle.2").cycle()).isEqualTo(2);
        assertDue(plan, "gvhd-assessment-before-dli", "2026-05-03");
        assertThat(task(plan, "mrd-before-cycle.1").reminderDaysBefore()).isZero();
    }

    @Test
    void default_windows_are_minus_3_plus_7_for_a_cycle_start_and_minus_7_plus_7_for_marrow() {
        Plan plan = planFromHsct("2026-01-10");

        PlannedTask start = task(plan, "blinatumomab-cycle.1.start");
        assertThat(start.windowStart()).isEqualTo(d("2026-03-08"));
        assertThat(start.windowEnd()).isEqualTo(d("2026-03-18"));
        assertThat(start.reminderDaysBefore()).isEqualTo(7);
        PlannedTask marrow = task(plan, "mrd-before-cycle.1");
        assertThat(marrow.windowStart()).isEqualTo(d("2026-02-25"));
        assertThat(marrow.windowEnd()).isEqualTo(d("2026-03-11"));
    }

    @Test
    void follow_up_visits_are_at_12_and_24_months_post_hsct() {
        Plan plan = planFromHsct("2026-01-10");

        assertDue(plan, "follow-up.1", "2027-01-10");
        assertDue(plan, "follow-up.2", "2028-01-10");
    }
}
