package org.trialclock.schedule.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionTest {
    private static final LocalTime EIGHT = LocalTime.of(8, 0);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    void a_task_becomes_due_at_eight_in_the_morning_site_time_on_its_due_date() {
        // Shanghai has no daylight saving: 08:00 CST is 00:00 UTC.
        var next = Transition.next("PLANNED", LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 17), 0, null, SHANGHAI, EIGHT);
        assertThat(next).contains(new Transition(Transition.Kind.DUE, Instant.parse("2026-03-10T00:00:00Z")));
    }

    @Test
    void eight_in_the_morning_in_chicago_moves_an_hour_in_utc_across_the_march_daylight_saving_change() {
        // 2026-03-08 is the US spring-forward day: CST (UTC-6) before, CDT (UTC-5) after.
        var before = Transition.next("PLANNED", LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 14), 0, null, CHICAGO, EIGHT);
        var after = Transition.next("PLANNED", LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 16), 0, null, CHICAGO, EIGHT);
        assertThat(before.orElseThrow().at()).isEqualTo(Instant.parse("2026-03-07T14:00:00Z"));
        assertThat(after.orElseThrow().at()).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
    }

    @Test
    void a_reminder_goes_out_seven_days_before_at_the_same_local_time_even_across_a_daylight_saving_change() {
        // Due Monday 2026-03-09 in Chicago (CDT); the reminder is on 2026-03-02, still CST.
        var next = Transition.next("PLANNED", LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 16), 7, null, CHICAGO, EIGHT);
        assertThat(next).contains(new Transition(Transition.Kind.REMINDER, Instant.parse("2026-03-02T14:00:00Z")));
    }

    @Test
    void a_task_already_reminded_for_its_due_date_waits_for_due_but_a_moved_one_is_reminded_again() {
        LocalDate due = LocalDate.of(2026, 5, 20);
        assertThat(Transition.next("PLANNED", due, due.plusDays(7), 7, due, SHANGHAI, EIGHT).orElseThrow().kind())
                .isEqualTo(Transition.Kind.DUE);
        assertThat(Transition.next("PLANNED", due.plusDays(2), due.plusDays(9), 7, due, SHANGHAI, EIGHT).orElseThrow().kind())
                .isEqualTo(Transition.Kind.REMINDER);
    }

    @Test
    void a_due_task_becomes_overdue_when_its_inclusive_window_closes_at_local_midnight() {
        // Window ends 2026-11-01 in Chicago; the next day begins at 00:00 CST (fall-back happened at 02:00 that day).
        var next = Transition.next("DUE", LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 1), 7, null, CHICAGO, EIGHT);
        assertThat(next).contains(new Transition(Transition.Kind.OVERDUE, Instant.parse("2026-11-02T06:00:00Z")));
    }

    @Test
    void completed_cancelled_held_overdue_and_pre_enrollment_tasks_have_nothing_more_to_fire() {
        LocalDate due = LocalDate.of(2026, 5, 20);
        for (String status : new String[]{"COMPLETED", "CANCELLED", "ON_HOLD", "OVERDUE", "PRE_ENROLLMENT"}) {
            assertThat(Transition.next(status, due, due.plusDays(7), 7, null, SHANGHAI, EIGHT)).as(status).isEmpty();
        }
    }
}
