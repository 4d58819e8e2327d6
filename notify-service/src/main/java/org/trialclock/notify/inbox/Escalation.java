package org.trialclock.notify.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.channels.AlertMessage;
import org.trialclock.notify.channels.Alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * An overdue task that nobody acknowledged (or completed) within {@link EscalationConfig#after()} goes to the team's
 * escalation contact, once per overdue episode: the claim uses {@code FOR UPDATE SKIP LOCKED} so two replicas never
 * both take a task, {@code escalated_at} is set in the same transaction, and the notification's key is
 * {@code escalation:<task id>@<overdue since>}. A task that leaves OVERDUE and becomes overdue again (a new due
 * date) is a new episode: an acknowledgement or escalation of the earlier one does not silence it.
 */
@ApplicationScoped
public class Escalation {
    public static final String TYPE = "trialclock.escalation";

    private final EntityManager em;
    private final Clock clock;
    private final EscalationConfig config;
    private final Alerts alerts;
    private final Event<TeamEvent> teamEvents;
    private final AlertMessages messages;

    Escalation(EntityManager em, Clock clock, EscalationConfig config, Alerts alerts, Event<TeamEvent> teamEvents,
               AlertMessages messages) {
        this.messages = messages;
        this.em = em;
        this.clock = clock;
        this.config = config;
        this.alerts = alerts;
        this.teamEvents = teamEvents;
    }

    @Scheduled(every = "${trialclock.escalation.check-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() throws com.fasterxml.jackson.core.JsonProcessingException {
        escalateOverdue();
    }

    /** Escalates what is due for escalation now; returns how many tasks it escalated. */
    @Transactional
    public int escalateOverdue() throws com.fasterxml.jackson.core.JsonProcessingException {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<TaskView> unanswered = em.createNativeQuery("""
                SELECT * FROM task_view t
                WHERE t.status = 'OVERDUE' AND t.overdue_since <= :cutoff
                  AND (t.acknowledged_at IS NULL OR t.acknowledged_at < t.overdue_since)
                  AND (t.escalated_at IS NULL OR t.escalated_at < t.overdue_since)
                  AND NOT EXISTS (SELECT 1 FROM completion c WHERE c.task_id = t.task_id)
                ORDER BY t.overdue_since LIMIT 100 FOR UPDATE SKIP LOCKED""", TaskView.class)
                .setParameter("cutoff", now.minus(config.after())).getResultList();
        for (TaskView view : unanswered) {
            TaskPayload task = Json.MAPPER.readValue(view.payload, TaskPayload.class);
            AlertMessage message = messages.escalation(task, view.overdueSince.toString());
            // one escalation per overdue episode: a task overdue again (after a new due date) may escalate again
            String key = "escalation:" + view.taskId + "@" + view.overdueSince;
            alerts.toEscalationContact(key, TYPE, new Alerts.About(view.taskId, view.enrollmentId, view.subjectId,
                    view.careTeam), message);
            view.escalatedAt = now;
            teamEvents.fire(new TeamEvent(key, TYPE, view.careTeam, view.taskId.toString(), view.subjectId,
                    view.title, view.status, view.dueDate, message.text()));
        }
        return unanswered.size();
    }
}
