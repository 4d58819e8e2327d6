package org.trialclock.schedule.planning;

import java.time.LocalDate;

/**
 * One dated thing to do. {@code key} is stable within an enrollment ("blinatumomab-cycle.3.start") so that a
 * re-plan can be compared with the stored tasks.
 */
public record PlannedTask(
        String key,
        String activity,
        TaskKind kind,
        String title,
        Integer cycle,
        LocalDate dueDate,
        LocalDate windowStart,
        LocalDate windowEnd,
        TaskStatus status,
        String statusReason,
        Dose dose,
        Gate gate,
        int reminderDaysBefore,
        LocalDate completedOn) {}
