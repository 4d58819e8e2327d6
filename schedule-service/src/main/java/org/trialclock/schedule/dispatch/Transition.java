package org.trialclock.schedule.dispatch;

import org.trialclock.events.EventTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The next thing that happens to a task by the passing of time alone, and when: its reminder, its becoming due
 * at the site's due time on the due date, or its becoming overdue when the window closes without a completion.
 * Pure: dates are calendar dates in the site's zone, and the instants follow that zone's daylight-saving rules.
 */
public record Transition(Kind kind, Instant at) {

    public enum Kind {
        REMINDER(EventTypes.TASK_REMINDER), DUE(EventTypes.TASK_DUE), OVERDUE(EventTypes.TASK_OVERDUE);

        public final String eventType;

        Kind(String eventType) {
            this.eventType = eventType;
        }
    }

    /**
     * @param remindedFor the due date a reminder was already sent for (a moved task is reminded again)
     */
    public static Optional<Transition> next(String status, LocalDate dueDate, LocalDate windowEnd, int reminderDays,
                                            LocalDate remindedFor, ZoneId zone, LocalTime dueTime) {
        Instant due = dueAt(dueDate, zone, dueTime);
        return switch (status) {
            case "PLANNED" -> {
                if (reminderDays > 0 && !dueDate.equals(remindedFor)) {
                    Instant reminder = dueAt(dueDate.minusDays(reminderDays), zone, dueTime);
                    yield Optional.of(new Transition(Kind.REMINDER, reminder));
                }
                yield Optional.of(new Transition(Kind.DUE, due));
            }
            case "DUE" -> Optional.of(new Transition(Kind.OVERDUE, windowCloses(windowEnd, zone)));
            // completed, cancelled, on hold, overdue already, pre-enrollment: time alone does nothing more
            default -> Optional.empty();
        };
    }

    public static Instant dueAt(LocalDate date, ZoneId zone, LocalTime dueTime) {
        // atZone resolves a time that a daylight-saving jump skips to the first valid instant after it
        return date.atTime(dueTime).atZone(zone).toInstant();
    }

    /** The window is inclusive: it closes when the site's next day begins. */
    public static Instant windowCloses(LocalDate windowEnd, ZoneId zone) {
        return windowEnd.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
