package org.trialclock.schedule.enrollment;

import org.trialclock.schedule.planning.TaskStatus;

import java.time.LocalDate;

/** A task's state as the audit trail keeps it before and after a transition: what a reader needs, no more. */
public record TaskState(String taskKey, String kind, Integer cycle, TaskStatus status, String statusReason,
                        LocalDate dueDate, LocalDate windowStart, LocalDate windowEnd, LocalDate completedOn,
                        LocalDate remindedFor, long version) {
    public static TaskState of(Task t) {
        return new TaskState(t.taskKey, t.kind, t.cycle, t.status, t.statusReason, t.dueDate, t.windowStart,
                t.windowEnd, t.completedOn, t.remindedFor, t.version);
    }
}
