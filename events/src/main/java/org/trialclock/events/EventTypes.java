package org.trialclock.events;

import java.util.List;

/** CloudEvent types and topics of DESIGN.md; these strings are the contract and never change. */
public final class EventTypes {
    public static final String TOPIC_TASKS = "trial-tasks";
    public static final String TOPIC_COMPLETIONS = "task-completions";
    public static final String TOPIC_ENROLLMENTS = "enrollments";

    public static final String TASK_SCHEDULED = "trialclock.task.scheduled";
    public static final String TASK_RESCHEDULED = "trialclock.task.rescheduled";
    public static final String TASK_CANCELLED = "trialclock.task.cancelled";
    public static final String TASK_REMINDER = "trialclock.task.reminder";
    public static final String TASK_DUE = "trialclock.task.due";
    public static final String TASK_OVERDUE = "trialclock.task.overdue";
    public static final String ENROLLMENT_ALERT = "trialclock.enrollment.alert";
    public static final String TASK_COMPLETED = "trialclock.task.completed";
    public static final String ENROLLMENT_REQUESTED = "trialclock.enrollment.requested";

    /** Types whose payload is a {@link TaskPayload}. */
    public static final List<String> TASK_TYPES = List.of(
            TASK_SCHEDULED, TASK_RESCHEDULED, TASK_CANCELLED, TASK_REMINDER, TASK_DUE, TASK_OVERDUE);

    public static final List<String> ALL = List.of(
            TASK_SCHEDULED, TASK_RESCHEDULED, TASK_CANCELLED, TASK_REMINDER, TASK_DUE, TASK_OVERDUE,
            ENROLLMENT_ALERT, TASK_COMPLETED, ENROLLMENT_REQUESTED);

    private EventTypes() {
    }
}
