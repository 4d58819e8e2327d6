package org.trialclock.notify.inbox;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.channels.AlertMessage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What an alert says, from the Qute templates in {@code templates/AlertMessages/}: a plain text (emails, webhooks,
 * the team's stream) and an HTML version for email. What to do, for whom (the subject id, never a name: the message
 * leaves the hospital's systems), when at the site (its date, the due time and zone), the dose where the task has
 * one, and a link to the task on the inbox page, where it is acknowledged and recorded.
 */
@ApplicationScoped
public class AlertMessages {

    /** One task alert as the templates show it; blank fields are left out. */
    public record TaskAlert(String when, String subjectId, String protocolId, String what, String due, String window,
                            String dose, boolean overdue, String escalation, String link) {
    }

    /** One enrollment alert (screen failure, off study, MRD conversion...) as the templates show it. */
    public record EnrollmentAlert(String kind, String subjectId, String protocolId, String date, String message,
                                  String link) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance taskText(TaskAlert alert);

        static native TemplateInstance taskHtml(TaskAlert alert);

        static native TemplateInstance enrollmentText(EnrollmentAlert alert);

        static native TemplateInstance enrollmentHtml(EnrollmentAlert alert);
    }

    private final InboxConfig config;

    AlertMessages(InboxConfig config) {
        this.config = config;
    }

    public AlertMessage forTask(String type, TaskPayload task) {
        return task(type, task, null);
    }

    /** To the escalation contact: nobody acknowledged the overdue task since {@code overdueSince}. */
    public AlertMessage escalation(TaskPayload task, String overdueSince) {
        AlertMessage overdue = task(EventTypes.TASK_OVERDUE, task,
                "Nobody has acknowledged this overdue task since " + overdueSince + ".");
        return new AlertMessage("[TrialClock] ESCALATION: " + overdue.subject().substring("[TrialClock] ".length()),
                overdue.text(), overdue.html());
    }

    public AlertMessage forEnrollment(EnrollmentAlertPayload alert) {
        EnrollmentAlert a = new EnrollmentAlert(alert.kind(), alert.subjectId(), alert.protocolId(),
                SiteTime.day(alert.date()), alert.message(), link(alert.careTeam(), null));
        return new AlertMessage("[TrialClock] " + alert.kind() + ": " + alert.subjectId(),
                Templates.enrollmentText(a).render().strip(), Templates.enrollmentHtml(a).render());
    }

    private AlertMessage task(String type, TaskPayload task, String escalation) {
        String when = switch (type) {
            case EventTypes.TASK_REMINDER -> "Coming up";
            case EventTypes.TASK_DUE -> "Due now";
            case EventTypes.TASK_OVERDUE -> "OVERDUE";
            default -> "Update";
        };
        String cycle = task.cycle() == null || task.title().startsWith("C" + task.cycle()) ? "" : "C" + task.cycle() + " ";
        String dose = task.dose() == null || task.dose().text() == null || task.dose().text().isBlank()
                ? null : task.dose().text();
        TaskAlert a = new TaskAlert(when, task.subjectId(), task.protocolId(), cycle + task.title(),
                SiteTime.due(task.dueDate(), config.dueTime(), SiteTime.zone(task.timezone())),
                SiteTime.window(task.windowStart(), task.windowEnd()), dose, EventTypes.TASK_OVERDUE.equals(type),
                escalation, link(task.careTeam(), task.id()));
        return new AlertMessage("[TrialClock] " + when + ": " + task.subjectId() + " " + cycle + task.title(),
                Templates.taskText(a).render().strip(), Templates.taskHtml(a).render());
    }

    /** The team's inbox page, at the task when there is one. */
    private String link(String team, String taskId) {
        String page = config.pageUrl() + "?team=" + URLEncoder.encode(team == null ? "" : team, StandardCharsets.UTF_8);
        return taskId == null ? page : page + "#task-" + taskId;
    }
}
