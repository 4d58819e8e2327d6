package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NCT06607419: blinatumomab for early residual disease, pediatric B-ALL (seed 004). */
class Nct06607419ScheduleTest {

    static final String ID = "NCT06607419";

    static Enrollee lowRisk(String inductionDay1, String enrolledOn) {
        return new Enrollee("P-1", null, "LOW", Map.of("INDUCTION_D1", d(inductionDay1)), null, d(enrolledOn));
    }

    @Test
    void the_day_46_marrow_that_carries_the_d46_exclusion_result_is_planned_on_induction_day_46() {
        // Exclusion "D46MRD ≥1%.": the day-46 marrow [default: induction day 46] gives the result its place.
        Plan plan = plan(ID, lowRisk("2026-01-10", "2026-01-10"));

        assertDue(plan, "mrd-day-46", "2026-02-24");
        assertThat(task(plan, "mrd-day-46").kind()).isEqualTo(TaskKind.MRD_MARROW);
        assertThat(task(plan, "mrd-day-46").status()).isEqualTo(TaskStatus.PLANNED);
    }

    @Test
    void day_19_marrow_is_induction_day_1_plus_18_days_and_blinatumomab_runs_14_days_from_day_22() {
        // "day 19 MRD"; "Take 14 days full dose Blinatumomab"
        Plan plan = plan(ID, lowRisk("2028-02-11", "2028-02-11"));

        assertDue(plan, "mrd-day-19", "2028-02-29"); // leap day
        assertDue(plan, "blinatumomab-course.1.start", "2028-03-03");
        assertDue(plan, "blinatumomab-course.1.end", "2028-03-16");
        assertThat(task(plan, "blinatumomab-course.1.start").dose().text()).isEqualTo("full dose (per protocol)");
        assertThat(task(plan, "blinatumomab-course.1.start").dose().amount()).isNull();
    }

    @Test
    void marrow_after_blinatumomab_is_due_within_one_week_after_the_course_ends() {
        // "From the date of Blinatumomab completion to one week after its treatment course"
        Plan plan = plan(ID, lowRisk("2026-01-10", "2026-01-30"));

        PlannedTask after = task(plan, "mrd-after-course");
        assertThat(after.windowStart()).isEqualTo(d("2026-02-13")); // course day 14
        assertThat(after.dueDate()).isEqualTo(d("2026-02-20"));
        assertThat(after.windowEnd()).isEqualTo(d("2026-02-20"));
    }

    @Test
    void adverse_events_are_reviewed_from_induction_day_19_until_the_second_high_dose_methotrexate_starts() {
        // "From day 19 of induction therapy until the start of the second high-dose methotrexate regimen."
        Plan before = plan(ID, lowRisk("2026-01-10", "2026-01-30"));
        assertDue(before, "adverse-event-follow-up.1", "2026-01-28");
        assertThat(task(before, "adverse-event-follow-up.12").status()).isEqualTo(TaskStatus.PLANNED);

        Plan after = plan(ID, lowRisk("2026-01-10", "2026-01-30"),
                List.of(event(ClinicalEventType.HD_MTX_2_STARTED, "2026-03-05", Map.of())), List.of());
        assertThat(task(after, "adverse-event-follow-up.6").status()).isEqualTo(TaskStatus.PLANNED); // due 03-04
        PlannedTask stopped = task(after, "adverse-event-follow-up.7"); // due 03-11
        assertThat(stopped.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(stopped.statusReason()).contains("HD_MTX_2_STARTED").contains("2026-03-05");
    }

    @Test
    void healthcare_costs_are_captured_6_months_after_induction_and_follow_up_is_yearly_to_year_5() {
        // "Healthcare costs Six-month since window phase"; "5-year EFS"
        Plan plan = plan(ID, lowRisk("2026-08-31", "2026-09-20"));

        assertDue(plan, "healthcare-costs", "2027-02-28"); // Aug 31 + 6 months, clamped
        assertDue(plan, "follow-up-yearly.1", "2027-08-31");
        assertDue(plan, "follow-up-yearly.5", "2031-08-31");
        assertThat(plan.task("follow-up-yearly.6")).isEmpty();
    }

    @Test
    void a_day_46_mrd_of_1_percent_or_more_takes_the_patient_off_study_once() {
        // "D46MRD ≥1%." (exclusion criterion)
        Plan plan = plan(ID, lowRisk("2026-01-10", "2026-01-30"),
                List.of(mrd("2026-01-28", 0.5, "FLOW", "D19"), mrd("2026-02-24", 1.0, "FLOW", "D46")), List.of());

        assertThat(plan.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("OFF_STUDY");
            assertThat(a.key()).isEqualTo("OFF_STUDY:2026-02-24");
        });
        assertThat(task(plan, "follow-up-yearly.1").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(task(plan, "follow-up-yearly.1").statusReason()).contains("D46");
        assertThat(task(plan, "mrd-after-course").status()).as("due 02-20, before the result: not cancelled, it waits"
                + " for the recorded end of the course").isEqualTo(TaskStatus.ON_HOLD);
    }

    @Test
    void a_day_46_mrd_just_below_1_percent_keeps_the_patient_on_study() {
        Plan plan = plan(ID, lowRisk("2026-01-10", "2026-01-30"),
                List.of(mrd("2026-02-24", 0.99, "FLOW", "D46")), List.of());

        assertThat(plan.alerts()).noneMatch(a -> a.kind().equals("OFF_STUDY"));
        assertThat(task(plan, "follow-up-yearly.1").status()).isEqualTo(TaskStatus.PLANNED);
    }
}
