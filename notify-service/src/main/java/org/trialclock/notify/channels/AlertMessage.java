package org.trialclock.notify.channels;

import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;

import java.time.LocalDate;

/**
 * What a notification says: what to do, for whom (the subject id, never a name: the message leaves the hospital's
 * systems), when, and the dose where the task has one.
 */
public record AlertMessage(String subject, String text) {

    public static AlertMessage forTask(String type, TaskPayload task) {
        String when = switch (type) {
            case EventTypes.TASK_REMINDER -> "Coming up";
            case EventTypes.TASK_DUE -> "Due now";
            case EventTypes.TASK_OVERDUE -> "OVERDUE";
            default -> "Update";
        };
        String cycle = task.cycle() == null || task.title().startsWith("C" + task.cycle()) ? "" : "C" + task.cycle() + " ";
        StringBuilder text = new StringBuilder()
                .append(when).append(" for subject ").append(task.subjectId())
                .append(" (").append(task.protocolId()).append("): ").append(cycle).append(task.title()).append('.')
                .append("\nDue ").append(task.dueDate()).append(window(task.windowStart(), task.windowEnd()))
                .append('.');
        String dose = task.dose() == null ? null : task.dose().text();
        if (dose != null && !dose.isBlank()) {
            text.append("\nDose: ").append(dose).append('.');
        }
        if (EventTypes.TASK_OVERDUE.equals(type)) {
            text.append("\nThe window has passed: do it as soon as possible, or record why it was not done.");
        }
        text.append("\nRecord it when done: POST /tasks/").append(task.id()).append("/completion");
        return new AlertMessage("[TrialClock] " + when + ": " + task.subjectId() + " " + cycle + task.title(),
                text.toString());
    }

    public static AlertMessage forEnrollment(EnrollmentAlertPayload alert) {
        String text = alert.kind() + " for subject " + alert.subjectId() + " (" + alert.protocolId() + ") on "
                + alert.date() + ": " + alert.message();
        return new AlertMessage("[TrialClock] " + alert.kind() + ": " + alert.subjectId(), text);
    }

    public static AlertMessage escalation(TaskPayload task, String overdueSince) {
        AlertMessage overdue = forTask(EventTypes.TASK_OVERDUE, task);
        return new AlertMessage("[TrialClock] ESCALATION: " + overdue.subject().substring("[TrialClock] ".length()),
                "Nobody has acknowledged this overdue task since " + overdueSince + ".\n" + overdue.text());
    }

    /** To the escalation contact: who did not get which alert, why, and the alert itself. */
    static AlertMessage deliveryFailed(Notification n) {
        String original = n.subject.startsWith("[TrialClock] ") ? n.subject.substring("[TrialClock] ".length())
                : n.subject;
        return new AlertMessage("[TrialClock] NOT DELIVERED to " + n.recipient + ": " + original,
                "This alert could not be delivered to " + n.recipient + " by " + n.channel.name().toLowerCase()
                        + " (" + n.address + ") from " + n.createdAt + " until " + n.retryUntil + ", after "
                        + n.attempts + " attempts. Last error: " + n.lastError
                        + "\nPlease make sure they hear of it.\n\n" + n.message);
    }

    private static String window(LocalDate start, LocalDate end) {
        return start == null || end == null ? "" : " (window " + start + " to " + end + ")";
    }
}
