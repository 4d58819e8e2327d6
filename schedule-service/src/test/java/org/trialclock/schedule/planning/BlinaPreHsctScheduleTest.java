package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BLINA-PRE-HSCT-RCT: short-term blinatumomab before allo-HSCT, randomized (seed 002). */
class BlinaPreHsctScheduleTest {

    static final String ID = "BLINA-PRE-HSCT-RCT";

    @Test
    void short_term_blinatumomab_starts_7_days_after_randomization_for_14_days_with_the_dose_left_to_the_protocol() {
        // "short-term blinatumomab intensification before allogeneic hematopoietic stem cell transplantation"
        Plan plan = plan(ID, enrollee("BLINATUMOMAB", Map.of("RANDOMIZATION", d("2028-02-22")), null, d("2028-02-22")));

        assertDue(plan, "blinatumomab-course.1.start", "2028-02-29"); // leap day
        assertDue(plan, "blinatumomab-course.1.end", "2028-03-13");
        assertThat(task(plan, "blinatumomab-course.1.start").dose().text()).isEqualTo("per protocol");
        assertThat(task(plan, "blinatumomab-course.1.start").dose().amount()).isNull();
    }

    @Test
    void without_a_transplant_date_only_the_tasks_that_do_not_depend_on_it_are_planned() {
        Plan plan = plan(ID, enrollee("BLINATUMOMAB", Map.of("RANDOMIZATION", d("2026-01-10")), null, d("2026-01-10")));

        assertThat(keys(plan)).containsExactly("blinatumomab-course.1.start", "blinatumomab-course.1.end");
    }

    @Test
    void a_recorded_transplant_brings_mrd_7_days_before_safety_at_day_100_follow_up_and_the_2_year_endpoint() {
        // "MRD status assessed using multi-parameter flow cytometry or PCR prior to HSCT"
        // "From first dose of study drug to 100 days post-transplant"; "2 years after transplantation"
        Enrollee e = enrollee("DIRECT_HSCT", Map.of("RANDOMIZATION", d("2026-01-10")), null, d("2026-01-10"));
        Plan plan = plan(ID, e, List.of(transplant("HSCT", "2026-03-31")), List.of());

        assertDue(plan, "mrd-before-hsct", "2026-03-24");
        assertDue(plan, "safety-day-100", "2026-07-09");
        assertDue(plan, "follow-up.1", "2026-09-30"); // 6 months from March 31, clamped
        assertDue(plan, "endpoint-2-year", "2028-03-31");
        assertThat(plan.tasks()).noneMatch(t -> t.activity().equals("blinatumomab-course"));
    }

    @Test
    void the_direct_hsct_arm_has_no_blinatumomab() {
        // "proceed directly to allo-HSCT"
        Plan plan = plan(ID, enrollee("DIRECT_HSCT",
                Map.of("RANDOMIZATION", d("2026-01-10"), "HSCT", d("2026-02-20")), null, d("2026-01-10")));

        assertThat(plan.tasks()).noneMatch(t -> t.kind() == TaskKind.CYCLE_START);
        assertDue(plan, "mrd-before-hsct", "2026-02-13");
    }
}
