package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** NCT06438796: blinatumomab maintenance after allo-HSCT, randomized (seed 000). */
class Nct06438796ScheduleTest {

    static final String ID = "NCT06438796";

    @Test
    void blinatumomab_arm_gets_4_courses_of_9_ug_per_day_for_14_days_every_3_months() {
        // "9 μg/d intravenously over 24 hours until the end of d14 days of dosing. Repeat every 3 months for a total of 4 courses."
        Plan plan = plan(ID, enrollee("BLINATUMOMAB", Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01")));

        assertDue(plan, "blinatumomab-course.1.start", "2026-03-11"); // day 60 post-HSCT (default)
        assertDue(plan, "blinatumomab-course.1.end", "2026-03-24");
        assertDue(plan, "blinatumomab-course.2.start", "2026-06-11");
        assertDue(plan, "blinatumomab-course.4.start", "2026-12-11");
        assertThat(plan.task("blinatumomab-course.5.start")).isEmpty();
        assertThat(task(plan, "blinatumomab-course.3.start").dose().text()).isEqualTo("9 ug/day");
        assertThat(plan.tasks()).noneMatch(t -> t.kind() == TaskKind.DOSE_CHANGE);
    }

    @Test
    void an_optional_maintenance_start_anchor_replaces_the_day_60_default() {
        Plan plan = plan(ID, enrollee("BLINATUMOMAB",
                Map.of("HSCT", d("2026-01-10"), "MAINTENANCE_START", d("2026-04-30")), null, d("2026-02-01")));

        assertDue(plan, "blinatumomab-course.1.start", "2026-04-30");
        assertDue(plan, "blinatumomab-course.2.start", "2026-07-30");
        assertDue(plan, "mrd-before-course.1", "2026-04-23");
    }

    @Test
    void a_course_on_january_31_is_followed_by_one_on_april_30_and_leap_day_courses_keep_their_day() {
        Plan jan31 = plan(ID, enrollee("BLINATUMOMAB",
                Map.of("HSCT", d("2026-11-01"), "MAINTENANCE_START", d("2027-01-31")), null, d("2026-12-01")));
        assertDue(jan31, "blinatumomab-course.2.start", "2027-04-30");

        Plan leap = plan(ID, enrollee("BLINATUMOMAB",
                Map.of("HSCT", d("2027-12-31"), "MAINTENANCE_START", d("2028-02-29")), null, d("2028-01-15")));
        assertDue(leap, "blinatumomab-course.1.end", "2028-03-13");
        assertDue(leap, "blinatumomab-course.2.start", "2028-05-29");
    }

    @Test
    void control_arm_gets_no_blinatumomab_but_the_same_mrd_monitoring_and_follow_up() {
        // "randomized, controlled study": control = no maintenance (default content)
        Plan control = plan(ID, enrollee("CONTROL", Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01")));

        assertThat(control.tasks()).noneMatch(t -> t.activity().startsWith("blinatumomab") || t.activity().equals("mrd-before-course"));
        assertDue(control, "mrd-monitoring.1", "2026-03-11");
        assertDue(control, "mrd-monitoring.8", "2027-12-11");
        assertThat(control.task("mrd-monitoring.9")).as("monitoring stops at month 24").isEmpty();
    }

    @Test
    void the_2_year_event_free_survival_endpoint_is_assessed_24_months_after_hsct_with_visits_at_3_6_9_12_18_months() {
        // "2-year Event-free survival ... 2-year relapse rate"
        Plan plan = plan(ID, enrollee("CONTROL", Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01")));

        assertDue(plan, "endpoint-2-year", "2028-01-10");
        assertThat(task(plan, "endpoint-2-year").kind()).isEqualTo(TaskKind.ENDPOINT_ASSESSMENT);
        assertDue(plan, "follow-up.1", "2026-04-10");
        assertDue(plan, "follow-up.5", "2027-07-10");
    }
}
